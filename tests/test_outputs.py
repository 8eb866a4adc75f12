"""Outputs kept: the files a sandboxed program writes, saved on the host and listed.

The names come from hostile code, so the host checks them again before it
writes anything; the saving tests feed :func:`save_outputs` names a
compromised worker could send, and the end-to-end tests run real programs in
the real sandbox through ``sciagent exec`` (a subprocess, as a user runs it).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from sciagent.cli._json import schema
from sciagent.sandbox import (
    OutputFile,
    SandboxInputError,
    check_output_dir,
    default_output_dir,
    detect_tier,
    save_outputs,
)
from sciagent.sandbox._save import DEFAULT_OUTPUT_ROOT, unsafe_name_reason

SCIAGENT = str(Path(sys.executable).with_name("sciagent"))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

needs_sandbox = pytest.mark.skipif(
    not detect_tier().safe, reason="no sandbox isolation tier works here"
)


def out(name: str, data: bytes | None) -> OutputFile:
    """A captured file as the worker reports it (content None: over the run's budget)."""
    b64 = None if data is None else base64.b64encode(data).decode()
    return OutputFile(name=name, size=len(data or b"x" * 5), content_b64=b64)


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


# ------------------------------------------------------------------------- names
@pytest.mark.parametrize("name", ["fig.png", "plots/a.svg", "a b/c-1.csv", "é.txt", ".hidden"])
def test_plain_relative_names_are_safe(name):
    assert unsafe_name_reason(name) is None


@pytest.mark.parametrize(
    "name",
    [
        "",
        "/etc/passwd",
        "../x",
        "../../x",
        "a/../../x",
        "a/./b",
        "a//b",
        "a/",
        ".",
        "..",
        "a\\..\\..\\x",
        "a\nb",
        "a\x00b",
        "x" * 256,
        "a/" * 600 + "b",
    ],
)
def test_names_that_could_leave_the_folder_or_mislead_are_refused(name):
    assert unsafe_name_reason(name) is not None


def test_hostile_names_never_escape_the_output_folder(tmp_path):
    target = tmp_path / "deep" / "out"
    names = ["../escaped.txt", "/tmp/abs.txt", "ok/../../escaped2.txt", "a\\..\\b", "fine.txt"]
    saved = save_outputs([out(n, b"data") for n in names], target)
    assert [f.name for f in saved.files] == ["fine.txt"]
    assert {s.name for s in saved.skipped} == set(names) - {"fine.txt"}
    assert all(s.reason.startswith("unsafe name") for s in saved.skipped)
    assert tree(tmp_path) == {"deep/out/fine.txt"}  # nothing anywhere else, no temp files


# ------------------------------------------------------------------------ saving
def test_files_are_saved_with_their_folders_and_listed(tmp_path):
    saved = save_outputs([out("fig.png", PNG_MAGIC), out("tables/t.csv", b"a,b\n1,2\n")], tmp_path)
    assert saved.dir == str(tmp_path)
    assert (tmp_path / "fig.png").read_bytes() == PNG_MAGIC
    assert (tmp_path / "tables" / "t.csv").read_text() == "a,b\n1,2\n"
    assert saved.path_of("tables/t.csv") == str(tmp_path / "tables" / "t.csv")
    assert [f.size for f in saved.files] == [8, 8]
    assert not any(p.name.endswith(".part") for p in tmp_path.rglob("*"))


def test_an_existing_file_is_never_replaced(tmp_path):
    (tmp_path / "fig.png").write_bytes(b"the user's own figure")
    (tmp_path / "fig-2.png").write_bytes(b"and another")
    saved = save_outputs([out("fig.png", PNG_MAGIC)], tmp_path)
    assert (tmp_path / "fig.png").read_bytes() == b"the user's own figure"
    assert (tmp_path / "fig-2.png").read_bytes() == b"and another"
    assert saved.files[0].path == str(tmp_path / "fig-3.png")
    assert (tmp_path / "fig-3.png").read_bytes() == PNG_MAGIC


def test_content_over_the_budget_and_size_mismatches_are_skipped_with_why(tmp_path):
    lying = OutputFile("lie.bin", size=3, content_b64=base64.b64encode(b"12345").decode())
    saved = save_outputs([out("big.bin", None), lying], tmp_path / "o")
    assert saved.dir is None and saved.files == []
    reasons = {s.name: s.reason for s in saved.skipped}
    assert "file_content_bytes" in reasons["big.bin"]
    assert "does not match" in reasons["lie.bin"]
    assert not (tmp_path / "o").exists()  # no empty folder left behind


def test_unchanged_inputs_are_not_saved_again_but_changed_ones_are(tmp_path):
    files = [out("data.csv", b"x\n1\n"), out("edited.csv", b"new")]
    saved = save_outputs(files, tmp_path, inputs={"data.csv": b"x\n1\n", "edited.csv": b"old"})
    assert [f.name for f in saved.files] == ["edited.csv"] and saved.skipped == []


def test_a_symlinked_subfolder_is_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = tmp_path / "out"
    target.mkdir()
    (target / "plots").symlink_to(elsewhere)
    saved = save_outputs([out("plots/fig.png", PNG_MAGIC), out("ok.txt", b"1")], target)
    assert [f.name for f in saved.files] == ["ok.txt"]
    assert "symlink" in saved.skipped[0].reason
    assert list(elsewhere.iterdir()) == []


def test_the_default_folder_is_fresh_and_under_the_current_one(tmp_path):
    first = default_output_dir(tmp_path)
    assert first.parent == tmp_path / DEFAULT_OUTPUT_ROOT and not first.exists()
    first.mkdir(parents=True)
    second = default_output_dir(tmp_path)
    assert second != first and second.name.startswith(first.name)


def test_an_unusable_output_folder_is_refused_with_a_fix(tmp_path):
    blocker = tmp_path / "results"
    blocker.write_text("a file")
    with pytest.raises(SandboxInputError) as caught:
        check_output_dir(blocker)
    assert "is a file" in caught.value.message and caught.value.fix
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(SandboxInputError, match="not writable"):
            check_output_dir(locked / "new")


# -------------------------------------------------------------- sciagent exec
def sciagent(cwd: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [SCIAGENT, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


PLOT = """
import matplotlib.pyplot as plt
import pandas as pd
frame = pd.DataFrame({"t": [0, 1, 2], "flux": [1.0, 0.5, 0.25]})
frame.to_csv("flux.csv", index=False)
plt.plot(frame.t, frame.flux)
plt.savefig("fig.png")
print(plt.get_backend())
"""


@needs_sandbox
def test_exec_saves_a_matplotlib_figure_to_a_fresh_folder_and_lists_it(tmp_path):
    proc = sciagent(tmp_path, "exec", "-", stdin=PLOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.lower() == "agg\n"  # headless, whatever the host's backend
    (folder,) = (tmp_path / DEFAULT_OUTPUT_ROOT).iterdir()
    assert tree(folder) == {"fig.png", "flux.csv"}
    assert (folder / "fig.png").read_bytes().startswith(PNG_MAGIC)
    assert (folder / "flux.csv").read_text() == "t,flux\n0,1.0\n1,0.5\n2,0.25\n"
    listed = f"saved {DEFAULT_OUTPUT_ROOT}/{folder.name}/fig.png"
    assert listed in proc.stderr
    assert "Fontconfig" not in proc.stderr  # fonts are readable inside the sandbox


@needs_sandbox
def test_exec_json_lists_the_saved_files_and_never_replaces(tmp_path):
    target = tmp_path / "results"
    target.mkdir()
    (target / "fig.png").write_bytes(b"keep me")
    proc = sciagent(tmp_path, "exec", "-", "--json", "-o", str(target), stdin=PLOT)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    full = schema()
    jsonschema.validate(data, {"$defs": full["$defs"], "$ref": "#/$defs/exec"})
    paths = {f["name"]: f["path"] for f in data["saved"]["files"]}
    assert paths == {"fig.png": str(target / "fig-2.png"), "flux.csv": str(target / "flux.csv")}
    assert (target / "fig.png").read_bytes() == b"keep me"
    assert "saved results/fig-2.png" in proc.stderr and "not replaced" in proc.stderr


@needs_sandbox
def test_exec_no_save_writes_nothing_and_a_bad_folder_fails_before_running(tmp_path):
    proc = sciagent(tmp_path, "exec", "-", "--no-save", "--json", stdin=PLOT)
    assert proc.returncode == 0 and json.loads(proc.stdout)["saved"] is None
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "afile").write_text("x")
    proc = sciagent(tmp_path, "exec", "-", "-o", "afile", stdin="print(1)")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "afile" in proc.stderr


@needs_sandbox
def test_exec_skips_an_unsafe_name_a_program_chose(tmp_path):
    code = "open('a\\nb.txt', 'w').write('x')\nopen('ok.txt', 'w').write('y')\n"
    proc = sciagent(tmp_path, "exec", "-", "-o", "o", stdin=code)
    assert proc.returncode == 0, proc.stderr
    assert tree(tmp_path / "o") == {"ok.txt"}
    assert "not saved 'a\\nb.txt'" in proc.stderr and "control characters" in proc.stderr


@needs_sandbox
def test_a_missing_plotting_library_names_the_extra_to_install(tmp_path):
    code = "raise ModuleNotFoundError(\"No module named 'matplotlib'\", name='matplotlib')\n"
    proc = sciagent(tmp_path, "exec", "-", "--json", "--no-save", stdin=code)
    assert proc.returncode == 1
    error = json.loads(proc.stdout)["error"]
    assert 'pip install "sciagent[plots]"' in error["message"]
    proc = sciagent(tmp_path, "exec", "-", "--no-save", stdin=code)
    assert 'pip install "sciagent[plots]"' in proc.stderr


# --------------------------------------------------------------- sciagent run
PLOTTING_REPLY = """```python
import matplotlib.pyplot as plt
from rdkit import Chem
from rdkit.Chem import Descriptors
names = ["CCO", "CCCO"]
weights = [round(Descriptors.MolWt(Chem.MolFromSmiles(s)), 2) for s in names]
plt.bar(names, weights)
plt.savefig("weights.png")
print(weights[0])
```"""
PLOT_REQUEST = (
    "Plot the molecular weights of ethanol CCO and propanol CCCO as a bar chart saved to "
    "weights.png; print ethanol's weight."
)


def scripted_agent(searcher, monkeypatch, *replies: str) -> None:
    """``sciagent run`` builds this real Agent, whose model replies with ``replies``."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    import sciagent.agent

    real = sciagent.agent.Agent

    def make(model, **kwargs):
        chat = GenericFakeChatModel(messages=iter([AIMessage(r) for r in replies]))
        return real(chat, searcher=searcher, **kwargs)

    monkeypatch.setattr(sciagent.agent, "Agent", make)


@needs_sandbox
def test_run_saves_the_final_programs_files(searcher, monkeypatch, tmp_path):
    from click.testing import CliRunner

    from sciagent.cli import main

    scripted_agent(searcher, monkeypatch, *[PLOTTING_REPLY] * 4)
    monkeypatch.chdir(tmp_path)
    proc = CliRunner().invoke(main, ["run", PLOT_REQUEST, "--json", "-q", "-o", "figs"])
    assert proc.exit_code == 0, proc.output
    data = json.loads(proc.stdout)
    full = schema()
    jsonschema.validate(data, {"$defs": full["$defs"], "$ref": "#/$defs/run"})
    assert data["status"] == "ok" and data["answer"] == "46.07"
    figure = tmp_path / "figs" / "weights.png"
    (saved,) = data["saved"]["files"]
    assert saved == {"name": "weights.png", "path": str(figure), "size": figure.stat().st_size}
    assert figure.read_bytes().startswith(PNG_MAGIC)
    assert tree(tmp_path) == {"figs/weights.png"}  # one program's files, not every candidate's
    assert "saved figs/weights.png" in proc.stderr


# ------------------------------------------------------------------ DataFrames
FRAMES = """
import pandas as pd
weights = pd.DataFrame({"smiles": ["CCO", "CCCO"], "mw": [46.07, 60.1]})
indexed = weights.set_index("smiles")
twice = pd.DataFrame([[1, 2]], columns=["x", "x"])
result = {
    "plain": weights,
    "indexed": indexed,
    "twice": twice,
    "series": indexed["mw"],
    "missing": pd.DataFrame({"v": [1.5, float("nan")]}),
}
"""


@needs_sandbox
def test_a_dataframe_result_comes_back_as_a_table_of_columns():
    from sciagent.render.values import as_table, value_html
    from sciagent.sandbox import run_code

    run = run_code(FRAMES, warm=False)
    assert run.ok, run.error
    value = run.value
    assert value["plain"] == {"smiles": ["CCO", "CCCO"], "mw": [46.07, 60.1]}
    assert value["indexed"] == value["plain"], "a chosen index is kept as the first column"
    assert value["twice"] == {"x": [1], "x.1": [2]}, "repeated column names stay apart"
    assert value["series"] == {"CCO": 46.07, "CCCO": 60.1}
    assert value["missing"] == {"v": [1.5, "nan"]}
    assert as_table(value["plain"]) == (["smiles", "mw"], [["CCO", 46.07], ["CCCO", 60.1]])
    assert "<th>smiles</th><th>mw</th>" in value_html(value["indexed"])


# ------------------------------------------------------------- LangChain tools
def tool_call(name: str, args: dict, call_id: str) -> dict:
    return {"name": name, "args": args, "id": call_id, "type": "tool_call"}


WRITER = "open('counts.csv', 'w').write('base,n\\nG,4\\nC,3\\n')\nprint('done')\n"


@needs_sandbox
def test_the_run_code_tool_lists_the_files_and_saves_them_when_asked(tmp_path):
    from sciagent.integrations.langchain import run_code_tool

    text = run_code_tool(timeout=60).invoke({"code": WRITER})
    assert "files written (1):\n  counts.csv (15 bytes)" in text and "saved" not in text

    tool = run_code_tool(timeout=60, output_dir=tmp_path / "out")
    message = tool.invoke(tool_call("run_code", {"code": WRITER}, "1"))
    saved = tmp_path / "out" / "counts.csv"
    assert f"counts.csv (15 bytes), saved to {saved}" in message.content
    assert saved.read_text() == "base,n\nG,4\nC,3\n"
    assert message.artifact["saved"]["files"][0]["path"] == str(saved)
    again = tool.invoke({"code": WRITER})  # a second run never replaces the first's file
    assert f"saved to {saved.with_name('counts-2.csv')}" in again


def test_a_tool_with_an_unusable_output_folder_fails_when_made(tmp_path):
    from sciagent.integrations.langchain import run_code_tool

    (tmp_path / "file").write_text("x")
    with pytest.raises(SandboxInputError, match="is a file"):
        run_code_tool(output_dir=tmp_path / "file")


@needs_sandbox
def test_the_solve_tool_names_the_final_programs_files(searcher, tmp_path):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from sciagent.agent import Agent
    from sciagent.integrations.langchain import solve_tool

    chat = GenericFakeChatModel(messages=iter([AIMessage(PLOTTING_REPLY)] * 4))
    tool = solve_tool(Agent(chat, searcher=searcher), output_dir=tmp_path)
    text = tool.invoke({"request": PLOT_REQUEST})
    assert text.startswith("Status: ok"), text
    figure = tmp_path / "weights.png"
    assert f"weights.png ({figure.stat().st_size:,} bytes), saved to {figure}" in text


# ------------------------------------------------------------------- MCP tools
SERVE = "import sys\nfrom sciagent.mcp_server import Toolbox, serve\nserve(Toolbox(output_dir=sys.argv[1]))"
FIGURE = "from PIL import Image\nImage.new('RGB', (8, 8), 'red').save('dot.png')\n" + WRITER


@needs_sandbox
def test_the_mcp_run_code_tool_says_where_each_file_was_saved(tmp_path):
    pytest.importorskip("mcp")
    import asyncio

    from mcp import Client, StdioServerParameters

    target = tmp_path / "kept"
    params = StdioServerParameters(
        command=sys.executable,
        args=["-c", SERVE, str(target)],
        env={"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
    )

    async def session() -> object:
        async with Client(params, read_timeout_seconds=120) as client:
            return await client.call_tool("run_code", {"code": FIGURE})

    result = asyncio.run(session())
    assert not result.is_error, result.content
    data = result.structured_content
    files = {f["name"]: f for f in data["files"]}
    assert files["counts.csv"]["saved_to"] == str(target / "counts.csv")
    assert files["dot.png"]["saved_to"] == str(target / "dot.png") and files["dot.png"]["image"]
    assert data["output_dir"] == str(target)
    assert (target / "dot.png").read_bytes().startswith(PNG_MAGIC)
    assert any(block.type == "image" for block in result.content)


@needs_sandbox
def test_the_mcp_solve_tool_lists_the_final_programs_files(searcher, tmp_path):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from sciagent.mcp_server import Toolbox

    chat = GenericFakeChatModel(messages=iter([AIMessage(PLOTTING_REPLY)] * 4))
    solution = Toolbox(searcher, model=chat, output_dir=tmp_path).solve(PLOT_REQUEST)
    assert solution.status == "ok" and solution.answer == "46.07"
    (figure,) = solution.files
    assert (figure.name, figure.mime_type) == ("weights.png", "image/png")
    assert figure.saved_to == str(tmp_path / "weights.png") and solution.output_dir == str(tmp_path)
    assert figure.size == (tmp_path / "weights.png").stat().st_size
    without = Toolbox(
        searcher, model=GenericFakeChatModel(messages=iter([AIMessage(PLOTTING_REPLY)] * 4))
    )
    listed = without.solve(PLOT_REQUEST)
    assert [f.name for f in listed.files] == ["weights.png"] and listed.files[0].saved_to is None
    assert listed.output_dir is None
