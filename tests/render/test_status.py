"""Status text shared by the surfaces: a leaf module, one wording everywhere."""

from __future__ import annotations

import ast
from pathlib import Path

import sciagent.render
from sciagent.agent import AgentResult, Candidate
from sciagent.render.status import candidate_lines, one_line, status_line, status_of


def result(status: str, ok: bool, candidates: list[Candidate], confidence: float) -> AgentResult:
    return AgentResult(
        ok=ok,
        request="GC content",
        code=None,
        stdout="",
        value=None,
        answer="0.42",
        attempts=[],
        apis_used=[],
        model="scripted",
        strategy="select",
        seconds=1.0,
        status=status,  # type: ignore[arg-type]
        confidence=confidence,
        candidates=candidates,
    )


def test_render_imports_nothing_from_sciagent():
    for path in Path(sciagent.render.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert not node.level and not (node.module or "").startswith("sciagent"), path
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("sciagent") for a in node.names), path


def test_status_line_puts_the_confidence_before_the_details():
    unsure = result("unsure", False, [Candidate("0.42", 1, "", [0], chosen=True)], 0.5)
    assert status_of(unsure) == "unsure"
    line = status_line(unsure, ["1 attempt", "1.0 s"])
    assert line == "UNSURE  answer: 0.42   (confidence 0.50, 1 attempt, 1.0 s)"
    failed = result("failed", False, [], 0.0)
    assert status_line(failed, ["x"]) == "FAILED  answer: 0.42   (x)"


def test_candidate_lines_align_and_mark_the_pick():
    r = result(
        "unsure",
        False,
        [Candidate("0.42", 2, "", [0, 2], chosen=True), Candidate("41.7 %", 1, "", [1])],
        0.67,
    )
    assert candidate_lines(r) == [
        "  0.42    2 programs (#1, #3)  <- picked",
        "  41.7 %  1 program (#2)",
    ]
    assert one_line("a\n  b", 80) == "a b" and one_line("x" * 10, 5) == "xxxx…"
