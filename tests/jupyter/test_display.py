"""Rich display without a kernel: escaping, quantities, tables, figures, molecules, inputs."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sciagent.agent import AgentResult, ApiUse, Attempt, Candidate
from sciagent.jupyter import display, inputs, molecules, values
from sciagent.records import Hit
from sciagent.sandbox import RunResult
from sciagent.sandbox._result import OutputFile, RunError

HOSTILE = "<script>alert('x')</script>"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def hit(**kw) -> Hit:
    base = dict(
        qualname="rdkit.Chem.rdmolfiles.MolFromSmiles",
        aliases=["rdkit.Chem.MolFromSmiles"],
        kind="function",
        signature="MolFromSmiles(SMILES: str) -> Mol",
        summary="Construct a molecule from a SMILES string",
        library="rdkit",
        version="2026.9.1",
        score=0.5,
        signatures=[f"MolFromSmiles(SMILES: str, v{i}: int) -> Mol" for i in range(5)],
    )
    base.update(kw)
    return Hit(**base)


def result(value, stdout="", code="print(1)\n", **kw) -> AgentResult:
    run = RunResult(ok=True, stdout=stdout, value=value, has_value=True, **kw)
    attempt = Attempt(index=0, reply="```python\n" + code + "```", code=code, run=run, ok=True)
    return AgentResult(
        ok=True,
        request="a request",
        code=code,
        stdout=stdout,
        value=value,
        answer=stdout.strip().splitlines()[-1] if stdout.strip() else None,
        attempts=[attempt],
        apis_used=[ApiUse("rdkit.Chem.rdmolfiles.MolFromSmiles", "rdkit", "2026.9.1")],
        model="scripted",
        strategy="repair",
        seconds=1.0,
    )


def test_import_sciagent_does_not_import_ipython():
    code = (
        "import sys, sciagent, sciagent.jupyter.display; "
        "assert 'IPython' not in sys.modules, 'IPython imported'; "
        "assert callable(sciagent.load_ipython_extension)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_hit_card_html_and_text():
    h = hit(summary=HOSTILE)
    html = h._repr_html_()
    assert 'data-qualname="rdkit.Chem.rdmolfiles.MolFromSmiles"' in html
    assert "<b>rdkit.Chem.MolFromSmiles</b>" in html, "the import path people use"
    assert "2 more overloads" in html and "rdkit 2026.9.1" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "rdkit.Chem.MolFromSmiles" in display.hit_text(h)


def test_recipe_hit_shows_its_example():
    h = hit(
        kind="recipe",
        summary="Parse a SMILES",
        apis=["rdkit.Chem.MolFromSmiles"],
        example="from rdkit import Chem\nm = Chem.MolFromSmiles('CCO')",
    )
    html = display.hit_html(h)
    assert "recipe:" in html and "uses <code>rdkit.Chem.MolFromSmiles</code>" in html
    assert "highlight" in html  # the example is highlighted code


def test_hits_list():
    hits = display.Hits([hit(), hit(qualname="rdkit.Chem.rdmolfiles.MolToSmiles", aliases=[])], "q")
    assert isinstance(hits, list) and hits.query == "q"
    assert hits._repr_html_().count('class="sciagent-hit"') == 2
    assert display.Hits([], "nothing")._repr_html_().find("no hits") > 0


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"value": 67.4, "unit": "Mpc"}, "67.4 Mpc"),
        ({"value": [1.0, 2.5], "unit": "deg"}, "[1.0, 2.5] deg"),
        ({"value": 3, "unit": ""}, "3"),
    ],
)
def test_quantities(value, text):
    assert values.format_quantity(value) == text
    assert text in values.value_html(value) and values.value_text(value) == text


def test_tables_from_values():
    rows = [{"name": "a", "mass": {"value": 1.5, "unit": "kg"}}, {"name": HOSTILE}]
    html = values.value_html(rows)
    assert "<th>name</th><th>mass</th>" in html and "<td>1.5 kg</td>" in html
    assert "<script>" not in html
    cols = values.as_table({"x": [1, 2], "y": [3, 4]})
    assert cols == (["x", "y"], [[1, 3], [2, 4]])
    assert values.as_table({"x": [1, 2], "y": [3]}) is None
    assert values.as_table([1, 2]) is None
    many = values.value_html([{"i": i} for i in range(values.MAX_ROWS + 7)])
    assert "7 more rows" in many
    assert "x  y" in values.value_text({"x": [1, 2], "y": [3, 4]})


def test_run_result_files_and_escaping():
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    run = RunResult(
        ok=False,
        stdout=HOSTILE,
        error=RunError("ValueError", HOSTILE, traceback=HOSTILE, lineno=3),
        files=[
            OutputFile("plot.png", len(PNG), base64.b64encode(PNG).decode()),
            OutputFile("fake.png", 4, base64.b64encode(b"<svg").decode()),
            OutputFile("drawing.svg", len(svg), base64.b64encode(svg).decode()),
            OutputFile("data.tsv", 8, base64.b64encode(b"a\tb\n1\t2\n").decode()),
            OutputFile("big.bin", 10**7, None),
        ],
    )
    html = run._repr_html_()
    assert "<script>" not in html, "untrusted text and SVG files never reach the page raw"
    assert '<img src="data:image/png;base64,' in html
    assert '<img src="data:image/svg+xml;base64,' in html, "SVG files are images, not inline markup"
    assert "fake.png" in html and html.count("<img") == 2, "content must match the extension"
    assert "<th>a</th><th>b</th>" in html
    assert "content not kept" in html
    assert "ValueError" in html and "(line 3)" in html
    assert "FAILED" in display.run_result_text(run)


def test_smiles_detection():
    for smiles in ["CCO", "c1ccccc1O", "CC(=O)Oc1ccccc1C(=O)O", "[Na+].[Cl-]", "CCCl"]:
        assert molecules.parse_smiles(smiles) is not None, smiles
    for word in ["46.07", "True", "ATGCGC", "MAIVMGR", "No", "NO", "C", "hello", "Hello, world"]:
        assert molecules.parse_smiles(word) is None, word
    assert molecules.uses_rdkit("from rdkit import Chem\n")
    assert not molecules.uses_rdkit("import math  # not rdkit\n")


def test_smiles_answer_drawn_only_for_rdkit_programs():
    rd = result("CCO", stdout="ethanol is CCO\n", code="from rdkit import Chem\nresult='CCO'\n")
    assert "<svg" in rd._repr_html_() and "<?xml" not in rd._repr_html_()
    plain = result("CCO", stdout="CCO\n", code="result = 'CCO'\nprint(result)\n")
    assert "<svg" not in plain._repr_html_()


def test_agent_result_html_sections():
    r = result([{"a": 1}], stdout="[{'a': 1}]\n")
    r.attempts.insert(
        0,
        Attempt(
            index=0,
            reply="no code here " + HOSTILE,
            code=None,
            feedback="Your reply contained no Python program.",
        ),
    )
    r.attempts[1].index = 1
    r.attempts[1].warnings = ["a validator hint"]
    html = r._repr_html_()
    for cls in ("sciagent-code", "sciagent-answer", "sciagent-attempts", "sciagent-apis"):
        assert f'class="{cls}"' in html, cls
    assert "no program in the reply" in html and "a validator hint" in html
    assert "<table" in html and "<script>" not in html
    text = display.agent_result_text(r)
    assert text.startswith("ok") and "attempt 1: no program in the reply" in text


def test_message_block():
    m = display.Message("no index " + HOSTILE, "run sciagent index build")
    assert "<script>" not in m._repr_html_() and "sciagent-fix" in m._repr_html_()
    assert str(m) == f"sciagent error: no index {HOSTILE}\n  fix: run sciagent index build"


def test_inputs_become_files(tmp_path: Path):
    np = pytest.importorskip("numpy")
    data = tmp_path / "seqs.fasta"
    data.write_text(">a\nACGT\n")
    ns = {
        "weights": {"a": 1.5},
        "arr": np.arange(3),
        "seq": "ACGT",
        "raw": b"\x00\x01",
        "path": data,
        "thing": object(),
    }
    items = inputs.collect(["weights", "arr", "seq", "raw", "path"], ns)
    files = inputs.files(items)
    assert json.loads(files["weights.json"]) == {"a": 1.5}
    assert json.loads(files["arr.json"]) == [0, 1, 2]
    assert files["seq.txt"] == "ACGT" and files["raw.bin"] == b"\x00\x01"
    assert files["seqs.fasta"] == data
    sentence = inputs.sentence(items)
    assert "json.load(open('weights.json'))" in sentence and "`seqs.fasta`" in sentence
    with pytest.raises(inputs.InputError, match="not JSON-safe"):
        inputs.collect(["thing"], ns)
    with pytest.raises(inputs.InputError, match="not defined"):
        inputs.collect(["nope"], ns)
    inputs.write(items, tmp_path)
    assert (tmp_path / "weights.json").exists() and (
        tmp_path / "raw.bin"
    ).read_bytes() == b"\x00\x01"


# ------------------------------------------------------------- unsure vs ok
FRACTION = "s = 'ATGCGCGTATTA'\nprint(round((s.count('G') + s.count('C')) / len(s), 2))\n"
PERCENT = "s = 'ATGCGCGTATTA'\nprint(round(100 * (s.count('G') + s.count('C')) / len(s), 1))\n"
DISAGREE = (
    "programs disagree: `0.42` (1) vs `41.7` (1); picked `0.42`, the earliest of the tied answers"
)


def judged(index: int, code: str, answer: str, candidate: int) -> Attempt:
    run = RunResult(ok=True, stdout=answer + "\n")
    return Attempt(
        index=index,
        reply=f"```python\n{code}```",
        code=code,
        run=run,
        ok=True,
        candidate=candidate,
        answer=answer,
    )


def selected(status: str, answers: list[str], **kw) -> AgentResult:
    """A select-strategy result whose programs printed ``answers`` (a hand-built AgentResult)."""
    codes = {"0.42": FRACTION, "41.7": PERCENT}
    attempts = [judged(i, codes.get(a, f"print({a!r})\n"), a, i) for i, a in enumerate(answers)]
    groups: dict[str, list[int]] = {}
    for i, a in enumerate(answers):
        groups.setdefault(a, []).append(i)
    candidates = [
        Candidate(a, len(p), codes.get(a, f"print({a!r})\n"), p, chosen=a == answers[0])
        for a, p in sorted(groups.items(), key=lambda g: -len(g[1]))
    ]
    base: dict = dict(
        ok=status == "ok",
        request="GC content of ATGCGCGTATTA",
        code=attempts[0].code,
        stdout=answers[0] + "\n",
        value=None,
        answer=answers[0],
        attempts=attempts,
        apis_used=[],
        model="scripted",
        strategy="select",
        seconds=2.0,
        status=status,
        candidates=candidates,
    )
    base.update(kw)
    return AgentResult(**base)


def unsure() -> AgentResult:
    return selected(
        "unsure",
        ["0.42", "41.7"],
        confidence=0.5,
        reason=DISAGREE,
        error=f"unsure: {DISAGREE}",
    )


def test_unsure_html_is_not_shown_as_validated():
    html = unsure()._repr_html_()
    head = html.split('class="sciagent-head"', 1)[1].split("</div></div>", 1)[0]
    assert 'class="sciagent-badge-unsure"' in head and "? unsure" in head
    assert display.OK not in head and display.FAIL not in head, "neither ✔ nor ✘ for unsure"
    assert 'data-ok="false" data-status="unsure"' in html
    assert "confidence 0.50" in head
    assert 'class="sciagent-unsure"' in html and "programs disagree" in html
    assert "Not solved" not in html
    assert "<b>Picked answer (unsure)</b>" in html and "Picked program (unconfirmed)" in html


def test_unsure_html_tabulates_the_competing_answers():
    html = unsure()._repr_html_()
    table = html.split('class="sciagent-candidates"', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tr data-chosen=")[1:]
    assert len(rows) == 2
    assert rows[0].startswith('"true"') and "0.42" in rows[0] and "<b>picked</b>" in rows[0]
    assert rows[1].startswith('"false"') and "41.7" in rows[1] and "picked" not in rows[1]
    assert "1 program (#1)" in rows[0] and "1 program (#2)" in rows[1]
    assert all("<details><summary>program</summary>" in r for r in rows), "programs collapsible"
    assert "100" in rows[1], "each row carries its own program"
    assert "Attempt 2 (program 2): valid answer" in html


def test_unsure_text_view():
    text = display.agent_result_text(unsure())
    lines = text.splitlines()
    assert lines[0].startswith("UNSURE  answer: 0.42   (confidence 0.50, 2 attempts")
    assert f"why: {DISAGREE}" in lines
    assert "  0.42  1 program (#1)  <- picked" in lines
    assert "  41.7  1 program (#2)" in lines
    assert "--- picked program (unconfirmed) ---" in lines
    assert "error:" not in text, "the reason is said once"


def test_ok_result_keeps_its_look_and_names_the_minority():
    r = selected(
        "ok",
        ["0.42", "0.42", "41.7"],
        confidence=0.667,
        reason="2 of 3 programs agree on `0.42`; other answers: `41.7` (1)",
    )
    html = r._repr_html_()
    assert 'data-ok="true" data-status="ok"' in html and display.OK in html
    assert "sciagent-badge-unsure" not in html and "confidence 0.67" in html
    assert 'class="sciagent-reason"' in html and "2 of 3 programs agree" in html
    assert "<b>Answer</b>" in html and "<b>Program</b>" in html
    assert html.count("<tr data-chosen=") == 2, "the other answer is still listed"
    text = display.agent_result_text(r)
    assert text.startswith("ok  answer: 0.42   (confidence 0.67")
    assert "  0.42  2 programs (#1, #2)  <- picked" in text


def test_one_program_ok_has_no_candidate_table():
    r = selected("ok", ["0.42"], confidence=0.5, reason="validated, but not compared")
    assert 'class="sciagent-candidates"' not in r._repr_html_()
    assert "candidates" not in display.agent_result_text(r)


def test_failed_result_keeps_its_look():
    r = result(None)
    r.ok, r.status, r.answer = False, "failed", None
    r.error = "the program printed no answer"
    r.reason = "none of 1 program(s) gave an accepted answer"
    html = r._repr_html_()
    assert 'data-ok="false" data-status="failed"' in html and display.FAIL in html
    assert "<b>Not solved:</b> the program printed no answer" in html
    assert "confidence" not in html and "sciagent-candidates" not in html
    assert "<b>Best program</b>" in html
    text = display.agent_result_text(r)
    assert text.startswith("FAILED  answer: None   (1 attempt,")
    assert text.endswith("error: the program printed no answer")


def test_status_never_says_ok_unless_ok_and_status_agree():
    legacy = result(1)  # built with ok=True only, as before status existed
    assert display.status_of(legacy) == "ok"
    assert 'data-status="ok"' in legacy._repr_html_()
    contradictory = selected("ok", ["1"], ok=False)
    assert display.status_of(contradictory) == "unsure"
    assert display.status_of(selected("unsure", ["1"], ok=True)) == "unsure"


def test_candidate_answers_are_escaped():
    r = selected("unsure", [HOSTILE, "41.7"], reason=HOSTILE, confidence=0.5)
    html = r._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
