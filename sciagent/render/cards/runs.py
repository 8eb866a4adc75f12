"""The card of a sandboxed run: status, result, drawings, stdout, error, the files it wrote.

As HTML and text for people (:func:`run_result_html`, :func:`run_result_text`),
and as a brief for a model calling a tool (:func:`run_result_brief`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any, Protocol

from .. import molecules, values
from ..markup import BOX, clip, pre, status_mark, trim

#: characters of a brief for a model, unless the caller says otherwise
MAX_BRIEF_CHARS = 4000


class RunErrorView(Protocol):
    """What a run card reads of a :class:`~sciagent.sandbox.RunError` (``str()`` is its line)."""

    @property
    def type(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def traceback(self) -> str: ...
    @property
    def lineno(self) -> int | None: ...


class RunView(Protocol):
    """What a run card reads of a :class:`~sciagent.sandbox.RunResult`."""

    @property
    def ok(self) -> bool: ...
    @property
    def stdout(self) -> str: ...
    @property
    def stdout_truncated(self) -> bool: ...
    @property
    def stderr(self) -> str: ...
    @property
    def value(self) -> Any: ...
    @property
    def has_value(self) -> bool: ...
    @property
    def error(self) -> RunErrorView | None: ...
    @property
    def files(self) -> Sequence[values.FileView]: ...
    @property
    def duration_s(self) -> float: ...
    @property
    def tier(self) -> str: ...


def run_result_html(run: RunView, code: str | None = None) -> str:
    """A sandboxed run: status, result, drawings, stdout, error, the files it wrote.

    ``code`` (the program, when known) lets SMILES in stdout be drawn when the
    program uses RDKit; without it only a SMILES ``result`` is drawn.
    """
    where = f"{run.duration_s:.2f} s" + (f", tier {escape(run.tier)}" if run.tier else "")
    parts = [status_mark(run.ok, f"ran in {where}" if run.ok else f"failed after {where}")]
    if run.error is not None:
        parts.append(
            f'<div class="sciagent-error" style="color:#cf222e"><b>{escape(run.error.type)}</b>'
            f"{escape(f' (line {run.error.lineno})' if run.error.lineno else '')}: "
            f"{escape(run.error.message)}</div>"
        )
        if run.error.traceback:
            parts.append(
                f"<details><summary>traceback</summary>"
                f"{pre(run.error.traceback, 'sciagent-traceback')}</details>"
            )
    if run.has_value:
        parts.append(
            f'<div class="sciagent-value"><b>result</b> {values.value_html(run.value)}</div>'
        )
    sources: list[Any] = [run.value] if run.has_value else []
    if molecules.uses_rdkit(code):
        sources.append(run.stdout[-2000:])
    parts.append(molecules.molecules_html(molecules.candidates(*sources)))
    if run.stdout:
        parts.append(f"<div><b>stdout</b>{pre(run.stdout, 'sciagent-stdout')}</div>")
    if run.stderr:
        parts.append(
            f"<details><summary>stderr</summary>{pre(run.stderr, 'sciagent-stderr')}</details>"
        )
    parts.append(values.files_html(run.files))
    return f'<div class="sciagent-run" data-ok="{str(run.ok).lower()}" style="{BOX}">{"".join(parts)}</div>'


def run_result_text(run: RunView) -> str:
    """A run in a few lines: outcome, error, result, stdout, stderr, files."""
    lines = [("ok" if run.ok else "FAILED") + f" ({run.duration_s:.2f} s, tier {run.tier or '?'})"]
    if run.error is not None:
        lines.append(f"error: {run.error}")
    if run.has_value:
        lines.append("result: " + values.value_text(run.value))
    if run.stdout:
        lines += ["stdout:", clip(run.stdout).rstrip()]
    if run.stderr:
        lines += ["stderr:", clip(run.stderr, 1500).rstrip()]
    if run.files:
        lines += ["files:", values.files_text(run.files)]
    return "\n".join(lines)


def run_result_brief(
    result: RunView, *, max_chars: int = MAX_BRIEF_CHARS, saved: Mapping[str, str] | None = None
) -> str:
    """A run as text for a model: outcome, stdout, result, error, the files it wrote (the
    ``run_code`` tool); ``saved`` maps a file's name to where the host saved it."""
    parts: list[str] = []
    if result.ok:
        parts.append(f"The program ran successfully ({result.duration_s:.2f} s).")
    else:
        err = result.error
        what = str(err).strip().rstrip(":").rstrip() if err else ""
        if what and what[-1] not in ".!?":
            what += "."
        parts.append(f"The program failed: {what}" if what else "The program failed.")
        if err is not None and err.kind == "limit":
            parts.append("A resource limit stopped it; make the program cheaper.")
    budget = max(max_chars, 200)
    stdout = result.stdout
    if stdout.strip():
        note = " (truncated by the sandbox)" if result.stdout_truncated else ""
        parts.append(f"stdout{note}:\n{trim(stdout.rstrip(), budget // 2)}")
    else:
        parts.append("stdout: (nothing printed)")
    if result.has_value:
        try:
            value = json.dumps(result.value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            value = repr(result.value)
        parts.append(f"result = {trim(value, budget // 5)}")
    if not result.ok:
        err = result.error
        if err is not None and err.traceback:
            parts.append("traceback:\n" + trim(err.traceback.rstrip(), budget // 3, keep_tail=True))
        elif result.stderr.strip():
            parts.append("stderr:\n" + trim(result.stderr.rstrip(), budget // 3, keep_tail=True))
    elif result.stderr.strip():  # warnings, e.g. RDKit's "SMILES Parse Error" before a None
        parts.append("stderr:\n" + trim(result.stderr.rstrip(), budget // 4, keep_tail=True))
    files = values.files_brief(result.files, saved)
    if files:
        parts.append(trim(files, budget // 4))
    return trim("\n".join(parts), max_chars)
