"""``%load_ext sciagent`` in a real IPython kernel: magics, options, errors, reprs.

One notebook is executed once (module scope) and each test reads its cells.
The agent cells use *scripted* chat models (langchain-core's
``GenericFakeChatModel``: fixed replies, injected through ``--model NAME`` of
a notebook variable) so the outputs are deterministic; the index, static
checker and sandbox are real.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

SETUP = '''
import sys
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

def scripted(*programs):
    """A SCRIPTED chat model (test hook): it replies with these programs, in order."""
    return GenericFakeChatModel(
        messages=iter([AIMessage("```python\\n" + p + "\\n```") for p in programs])
    )

invented = """from rdkit import Chem
from rdkit.Chem import Descriptors
mol = Chem.MolFromSmiles('c1ccccc1O')
result = Descriptors.MolecularWeight(mol)
print(result)"""
phenol = """from rdkit import Chem
mol = Chem.MolFromSmiles('c1ccccc1O')
phenol_marker = 1
result = Chem.MolToSmiles(mol)
print(result)"""
chem = scripted(invented, phenol)
reader = scripted("""import json
w = json.load(open('weights.json'))
s = open('seq.txt').read()
result = [{'name': 'a', 'value': w['a']}, {'name': 'gc', 'value': s.count('G') + s.count('C')}]
print(result)""")
here = scripted("total = 41 + 1\\nresult = total\\nprint('total is', total)")
liner = scripted("result = 6 * 7\\nprint(result)")
# two programs for one request that disagree (a fraction and a percentage)
fraction = "s = 'ATGCGCGTATTA'\\nprint(round((s.count('G') + s.count('C')) / len(s), 2))"
percent = "s = 'ATGCGCGTATTA'\\nprint(round(100 * (s.count('G') + s.count('C')) / len(s), 1))"
split = scripted(fraction, percent)
plotter = scripted("""import matplotlib.pyplot as plt
import pandas as pd
frame = pd.DataFrame({"smiles": ["CCO", "CCCO"], "mw": [46.07, 60.1]})
frame.plot.bar(x="smiles", y="mw")
plt.savefig("mw.png")
plt.savefig("mw.svg")
result = frame
print(frame.mw.iloc[0])""")
weights = {"a": 1.5, "b": [1, 2, 3]}
seq = "ATGCGC"
print(sys.executable)
'''

RUN_CODE = """
import sciagent
run = sciagent.run_code(
    "from PIL import Image\\n"
    "Image.new('RGB', (40, 20), 'red').save('fig.png')\\n"
    "open('table.csv', 'w').write('x,y\\\\n1,2\\\\n3,4\\\\n')\\n"
    "result = {'value': 67.4, 'unit': 'Mpc'}\\n"
    "print('<b>not bold</b>')\\n"
)
run
"""

CELLS = {
    "load": "%load_ext sciagent",
    "setup": SETUP,
    "search": "%sciagent_search -k 3 --domain chemistry how similar are two molecules' fingerprints",
    "agent": "%%sciagent --strategy repair --model chem --out res --insert\nCanonical SMILES of phenol.",
    "out": "print(type(res).__name__, res.ok, res.answer, len(res.attempts))",
    "not_run_here": "print('phenol_marker' in globals())",
    "inputs": "%%sciagent --strategy repair --model reader --inputs weights,seq --out res2\nRead the inputs and tabulate them.",
    "inputs_check": "print(res2.ok, 'weights.json' in res2.request, 'seq.txt' in res2.request)",
    "run_here": "%%sciagent --strategy repair --model here --run-here\nAdd 41 and 1.",
    "run_here_check": "print('total =', total)",
    "line_ok": "%sciagent --model liner --strategy repair --out res3 -- what's six times seven",
    "line_ok_check": "print(res3.request, '|', res3.answer)",
    "unsafe": "liner2 = scripted('print(6 * 7)')\n"
    "%sciagent --model liner2 --strategy repair --unsafe --out res5 -- six times seven",
    "unsafe_check": "print(res5.ok, res5.answer)",
    "unsure": "%%sciagent --model split --strategy select --samples 2 --attempts 1 --out res4 "
    "--insert --run-here\nGC content of the DNA sequence ATGCGCGTATTA as a fraction.",
    "unsure_check": "print(res4.status, res4.ok, [c.answer for c in res4.candidates])",
    "plot": "%%sciagent --strategy repair --model plotter\nBar chart of the weights of CCO and "
    "CCCO, as PNG and SVG; tabulate them.",
    "run_result": RUN_CODE,
    "hit": "hits = sciagent.search('reverse complement of a DNA sequence', k=2)\nhits[0]",
    "hits": "from sciagent.jupyter import Hits\nHits(hits, 'reverse complement')",
    "result_repr": "res",
    "line_form": "%sciagent --model nothing_here_model\n",
    "bad_int": "%%sciagent --attempts zero\nMolecular weight of ethanol.",
    "bad_option": "%%sciagent --bogus\nMolecular weight of ethanol.",
    "bad_samples": "%%sciagent --samples 0\nMolecular weight of ethanol.",
    "stray_words": "%%sciagent molecular weight\nof ethanol",
    "missing_model": "%%sciagent --model /nonexistent/dir/model.gguf\nMolecular weight of ethanol.",
    "missing_input": "%%sciagent --model chem --inputs not_defined_anywhere\nUse it.",
    "bad_domain": "%sciagent_search --domain nowhere fingerprints",
    "no_request": "%sciagent_search -k 2",
    "unload": "%unload_ext sciagent\nprint('sciagent_search' in get_ipython().magics_manager.magics['line'])",
}
INDEX = {name: i for i, name in enumerate(CELLS)}
ERRORS = [
    "line_form",
    "bad_int",
    "bad_option",
    "bad_samples",
    "stray_words",
    "missing_model",
    "missing_input",
    "bad_domain",
    "no_request",
]


@pytest.fixture(scope="module")
def ran(execute, make_notebook, tmp_path_factory):
    cwd = tmp_path_factory.mktemp("nb")
    return execute(make_notebook(*CELLS.values()), cwd, timeout=300)


def test_kernel_runs_this_venv(ran):
    printed = ran.text(INDEX["setup"]).strip().splitlines()[-1]
    assert Path(printed).resolve() == Path(sys.executable).resolve()


def test_no_cell_shows_a_traceback(ran):
    for name, index in INDEX.items():
        assert "Traceback" not in ran.everything(index), name
        assert not any(o.get("output_type") == "error" for o in ran.outputs(index)), name


def test_search_shows_ranked_cards(ran):
    html = ran.html(INDEX["search"])
    assert 'class="sciagent-hits"' in html and 'class="sciagent-hit-list"' in html
    assert html.count('class="sciagent-hit"') == 3
    assert 'data-qualname="rdkit.DataStructs.cDataStructs.TanimotoSimilarity"' in html
    assert "molecules&#x27; fingerprints" in html, "the request is kept verbatim (and escaped)"
    assert re.search(r"rdkit \d{4}\.\d+\.\d+ · function", html), "library and version"
    assert "TanimotoSimilarity" in ran.text(INDEX["search"]), "plain-text fallback"


def test_agent_cell_shows_code_answer_attempts_and_apis(ran):
    html = ran.html(INDEX["agent"])
    assert 'class="sciagent-result" data-ok="true"' in html
    assert 'class="sciagent-code"' in html and "MolToSmiles" in html
    assert 'class="sciagent-answer"' in html and "Oc1ccccc1" in html
    assert '<details class="sciagent-attempts">' in html
    assert html.count('class="sciagent-attempt"') == 2
    assert 'class="sciagent-findings"' in html and "MolecularWeight" in html and "MolWt" in html
    assert 'class="sciagent-apis"' in html and "rdkit.Chem.rdmolfiles.MolToSmiles" in html
    assert "<svg" in html, "the SMILES answer of an RDKit program is drawn"
    assert "Oc1ccccc1" in ran.text(INDEX["agent"]), "plain-text fallback"


def test_out_stores_the_result(ran):
    assert ran.text(INDEX["out"]).split() == ["AgentResult", "True", "Oc1ccccc1", "2"]


def test_insert_puts_the_code_in_the_next_cell(ran):
    payload = ran.replies[INDEX["agent"]]["content"].get("payload", [])
    inserted = [p for p in payload if p.get("source") == "set_next_input"]
    assert inserted and "Chem.MolToSmiles(mol)" in inserted[0]["text"]
    assert inserted[0].get("replace") is False


def test_generated_code_never_runs_in_the_kernel_by_default(ran):
    assert ran.text(INDEX["not_run_here"]).strip() == "False"


def test_inputs_become_files_and_a_sentence(ran):
    assert ran.text(INDEX["inputs_check"]).split() == ["True", "True", "True"]
    html = ran.html(INDEX["inputs"])
    assert '<table class="sciagent-table"' in html, "a list of dicts is shown as a table"
    assert "<td>gc</td><td>4</td>" in html


def test_run_here_runs_in_the_kernel_when_asked(ran):
    assert "unsandboxed" in ran.everything(INDEX["run_here"])
    assert "total is 42" in ran.text(INDEX["run_here"])
    assert ran.text(INDEX["run_here_check"]).strip() == "total = 42"


def test_line_form(ran):
    assert 'class="sciagent-result" data-ok="true"' in ran.html(INDEX["line_ok"])
    assert ran.text(INDEX["line_ok_check"]).strip() == "what's six times seven | 42"


def test_unsafe_is_an_option_of_the_magic(ran):
    assert ran.text(INDEX["unsafe_check"]).split() == ["True", "42"]


def test_progress_shows_in_the_cell_placeholder():
    from sciagent.agent import Progress
    from sciagent.jupyter.magics import _progress_in

    class Handle:
        def __init__(self) -> None:
            self.shown: list = []

        def update(self, obj) -> None:
            self.shown.append(obj)

    handle = Handle()
    show = _progress_in(handle)
    show(Progress("writing", 3.2, candidate=1, attempt=2, tokens=32))
    show(Progress("running", 5.0, candidate=1, attempt=2))
    texts = [m._repr_html_() for m in handle.shown]
    assert "program 2, attempt 3: writing (32 tokens)" in texts[0]
    assert "running in the sandbox" in texts[1]


def test_unsure_result_is_shown_as_unsure_with_both_answers(ran):
    assert ran.text(INDEX["unsure_check"]).strip() == "unsure False ['0.42', '41.7']"
    html = ran.html(INDEX["unsure"])
    assert 'class="sciagent-result" data-ok="false" data-status="unsure"' in html
    assert 'class="sciagent-badge-unsure"' in html and 'class="sciagent-unsure"' in html
    table = html.split('class="sciagent-candidates"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr data-chosen=") == 2 and "0.42" in table and "41.7" in table
    assert "programs disagree" in html
    text = ran.text(INDEX["unsure"])
    assert "UNSURE  answer: 0.42" in text and "41.7" in text


def test_insert_and_run_here_say_the_answer_is_unsure(ran):
    payload = ran.replies[INDEX["unsure"]]["content"].get("payload", [])
    inserted = next(p["text"] for p in payload if p.get("source") == "set_next_input")
    assert inserted.startswith("# sciagent: UNSURE (confidence 0.50): programs disagree")
    assert "check it before relying on it" in inserted and "len(s), 2))" in inserted
    text = ran.text(INDEX["unsure"])
    assert "running the picked program (its answer is UNSURE" in text and "unsandboxed" in text
    assert "\n0.42" in text, "the picked program ran in the kernel"


def test_run_result_repr(ran):
    html = ran.html(INDEX["run_result"])
    assert 'class="sciagent-run" data-ok="true"' in html
    assert "67.4 Mpc" in html, "a quantity is shown with its unit"
    assert '<img src="data:image/png;base64,' in html, "a saved figure is shown inline"
    assert "<th>x</th><th>y</th>" in html, "a CSV file is shown as a table"
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html and "<b>not bold</b>" not in html
    text = ran.text(INDEX["run_result"])
    assert text.startswith("ok") and "67.4 Mpc" in text


def test_figures_and_a_dataframe_result_show_inline(ran):
    html = ran.html(INDEX["plot"])
    assert 'class="sciagent-result"' in html, ran.everything(INDEX["plot"])
    assert '<img src="data:image/png;base64,' in html, "a matplotlib PNG is shown inline"
    assert '<img src="data:image/svg+xml;base64,' in html, "an SVG is shown inline, as an image"
    assert "<th>smiles</th><th>mw</th>" in html, "a DataFrame result is shown as a table"
    assert "<td>CCCO</td><td>60.1</td>" in html


def test_hit_and_hits_reprs(ran):
    html = ran.html(INDEX["hit"])
    assert html.count('class="sciagent-hit"') == 1 and "Bio." in html
    assert "Bio." in ran.text(INDEX["hit"])
    assert ran.html(INDEX["hits"]).count('class="sciagent-hit"') == 2
    assert "2 APIs for 'reverse complement'" in ran.text(INDEX["hits"])


def test_agent_result_repr(ran):
    assert 'class="sciagent-result"' in ran.html(INDEX["result_repr"])
    assert ran.text(INDEX["result_repr"]).startswith("ok  answer: Oc1ccccc1")


@pytest.mark.parametrize("name", ERRORS)
def test_errors_are_one_readable_block(ran, name):
    outputs = ran.outputs(INDEX[name])
    assert len(outputs) == 1, outputs
    html, text = ran.html(INDEX[name]), ran.text(INDEX[name])
    assert 'class="sciagent-message" data-kind="error"' in html
    assert text.startswith("sciagent error:") and "fix:" in text


def test_error_messages_say_what_is_wrong(ran):
    assert "zero" in ran.text(INDEX["bad_int"])
    assert "--samples must be at least 1" in ran.text(INDEX["bad_samples"])
    assert "--bogus" in ran.text(INDEX["bad_option"])
    assert "cell body" in ran.text(INDEX["stray_words"])
    assert "empty" in ran.text(INDEX["line_form"])
    assert "/nonexistent/dir/model.gguf" in ran.text(INDEX["missing_model"])
    assert "not_defined_anywhere" in ran.text(INDEX["missing_input"])
    assert "nowhere" in ran.text(INDEX["bad_domain"])
    assert "usage: %%sciagent" in ran.text(INDEX["bad_int"])


def test_unload(ran):
    assert ran.text(INDEX["unload"]).strip() == "False"
