"""``%%sciagent`` keeps the files the final program wrote, as ``sciagent run`` does.

One notebook runs in a real IPython kernel; the chat models are scripted
(langchain-core's ``GenericFakeChatModel``, one notebook variable per cell), the
index, checker and sandbox are real, and the tests look at the kernel's folder.
"""

from __future__ import annotations

import pytest

from sciagent.jupyter.display import Saved
from sciagent.sandbox import SavedOutputs
from sciagent.sandbox._save import SavedFile, SkippedFile

SETUP = '''
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

def scripted(program):
    """A SCRIPTED chat model (test hook): it replies with this program."""
    return GenericFakeChatModel(messages=iter([AIMessage("```python\\n" + program + "\\n```")]))

WRITER = """import os
os.makedirs('notes', exist_ok=True)
open('table.csv', 'w').write('x,y\\\\n1,2\\\\n3,4\\\\n')
open('notes/summary.txt', 'w').write('two rows')
result = 2
print(result)"""
GC = """s = open('seq.txt').read()
n = s.count('G') + s.count('C')
open('gc.txt', 'w').write(str(n))
print(n)"""
w1, w2, w3, w4, w5, w6 = (scripted(WRITER) for _ in range(6))
gc = scripted(GC)
seq = "ATGCGC"
open("a_file.txt", "w").write("in the way")
'''

CELLS = {
    "load": "%load_ext sciagent",
    "setup": SETUP,
    "default": "%%sciagent --strategy repair --model w1\nWrite the table and a summary.",
    "dir": "%%sciagent --strategy repair --model w2 --output-dir results\nWrite the table.",
    "again": "%%sciagent --strategy repair --model w3 --output-dir results\nWrite the table.",
    "no_save": "%%sciagent --strategy repair --model w4 --no-save\nWrite the table.",
    "inputs": "%%sciagent --strategy repair --model gc --inputs seq --output-dir with_inputs\n"
    "Count G and C in the sequence; write the count to gc.txt.",
    "line": "%sciagent --model w5 --strategy repair --output-dir line_out -- write the table",
    "in_the_way": "%%sciagent --strategy repair --model w6 --output-dir a_file.txt\nWrite it.",
    "unused": "print(next(w6.messages, None) is not None)",
}
INDEX = {name: i for i, name in enumerate(CELLS)}


@pytest.fixture(scope="module")
def ran(execute, make_notebook, tmp_path_factory):
    cwd = tmp_path_factory.mktemp("nb-saving")
    executed = execute(make_notebook(*CELLS.values()), cwd, timeout=300)
    return executed, cwd


def saved_notices(ran, name: str) -> list[str]:
    executed, _ = ran
    return [
        "".join(o["data"]["text/html"])
        for o in executed.outputs(INDEX[name])
        if "data" in o and 'class="sciagent-saved"' in "".join(o["data"].get("text/html", ""))
    ]


def test_no_cell_fails(ran):
    executed, _ = ran
    for name, index in INDEX.items():
        assert not any(o.get("output_type") == "error" for o in executed.outputs(index)), name
        if name not in ("in_the_way", "load", "setup", "unused"):
            assert 'data-ok="true"' in executed.html(index), (name, executed.everything(index))


def test_by_default_files_go_to_a_fresh_dated_folder(ran):
    executed, cwd = ran
    (folder,) = (cwd / "sciagent-output").iterdir()
    assert (folder / "table.csv").read_text() == "x,y\n1,2\n3,4\n"
    assert (folder / "notes" / "summary.txt").read_text() == "two rows"
    (notice,) = saved_notices(ran, "default")
    assert f"saved 2 files in sciagent-output/{folder.name}" in notice
    assert str(folder / "table.csv") in notice and "notes/summary.txt" in notice
    text = executed.text(INDEX["default"])
    assert f"saved 2 files in sciagent-output/{folder.name}" in text
    assert f"saved table.csv -> {folder / 'table.csv'} (12 bytes)" in text
    # the files are still shown inline, as before
    assert "<th>x</th><th>y</th>" in executed.html(INDEX["default"])


def test_output_dir_is_used_and_never_replaces_a_file(ran):
    _, cwd = ran
    assert sorted(p.name for p in (cwd / "results").iterdir()) == [
        "notes",
        "table-2.csv",
        "table.csv",
    ]
    (notice,) = saved_notices(ran, "again")
    assert "table-2.csv" in notice
    assert (cwd / "line_out" / "table.csv").exists(), "the line magic takes it too"


def test_no_save_saves_nothing_but_still_shows_the_files(ran):
    executed, cwd = ran
    assert not saved_notices(ran, "no_save")
    assert len(list((cwd / "sciagent-output").iterdir())) == 1, "only the default cell's folder"
    assert "<th>x</th><th>y</th>" in executed.html(INDEX["no_save"])


def test_input_files_that_come_back_unchanged_are_not_saved(ran):
    _, cwd = ran
    assert sorted(p.name for p in (cwd / "with_inputs").iterdir()) == ["gc.txt"]
    assert (cwd / "with_inputs" / "gc.txt").read_text() == "4"


def test_a_folder_that_is_a_file_is_an_error_before_anything_runs(ran):
    executed, cwd = ran
    outputs = executed.outputs(INDEX["in_the_way"])
    assert len(outputs) == 1, outputs
    text = executed.text(INDEX["in_the_way"])
    assert text.startswith("sciagent error:") and "is a file, not a folder" in text
    assert "fix: pass --output-dir a folder" in text
    assert executed.text(INDEX["unused"]).strip() == "True", "the model was never asked"
    assert (cwd / "a_file.txt").read_text() == "in the way"


def test_saved_notice_lists_skipped_files_and_escapes_names():
    saved = SavedOutputs(
        "/tmp/out",
        [SavedFile("<b>.csv", "/tmp/out/<b>.csv", 3)],
        [SkippedFile("../x", 5, "unsafe name: the name has '..'")],
    )
    html = Saved(saved)._repr_html_()
    assert "&lt;b&gt;.csv" in html and "<b>.csv" not in html
    assert "not saved <code>../x</code> (5 bytes): unsafe name" in html
    assert str(Saved(saved)).splitlines() == [
        "saved 1 file in /tmp/out",
        "  saved <b>.csv -> /tmp/out/<b>.csv (3 bytes)",
        "  not saved ../x (5 bytes): unsafe name: the name has '..'",
    ]
    assert str(Saved(SavedOutputs(None, [], saved.skipped))).startswith("no file saved")
