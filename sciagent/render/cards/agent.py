"""The card of an agent result: the verdict first, then the answer, candidates, program,
every attempt and the APIs used.

The card reads an attempt's findings and run through Protocols
(:class:`FindingView`, :class:`~sciagent.render.cards.runs.RunView`), which
the checker's ``Finding`` and the sandbox's ``RunResult`` satisfy, so it never
needs their classes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any, Protocol

from .. import molecules, values
from ..markup import AMBER, BOX, FAIL, OK, UNSURE, clip, highlight_python, items, pre, trim
from ..status import (
    STATUS_WORD,
    CandidateView,
    ResultView,
    Status,
    candidate_lines,
    confidence_text,
    one_line,
    programs_text,
    shows_candidates,
    status_line,
    status_of,
)
from .runs import RunView


class FindingView(Protocol):
    """What the card reads of a static-check :class:`~sciagent.check.Finding`."""

    @property
    def line(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def message(self) -> str: ...


class AttemptView(Protocol):
    """What the card reads of an :class:`~sciagent.agent.Attempt`."""

    @property
    def index(self) -> int: ...
    @property
    def reply(self) -> str: ...
    @property
    def code(self) -> str | None: ...
    @property
    def findings(self) -> Sequence[FindingView]: ...
    @property
    def run(self) -> RunView | None: ...
    @property
    def validation(self) -> Sequence[str]: ...
    @property
    def warnings(self) -> Sequence[str]: ...
    @property
    def feedback(self) -> str: ...
    @property
    def ok(self) -> bool: ...
    @property
    def seconds(self) -> float: ...
    @property
    def candidate(self) -> int: ...
    @property
    def answer(self) -> str | None: ...


class ApiUseView(Protocol):
    """What the card reads of an :class:`~sciagent.agent.ApiUse`."""

    @property
    def qualname(self) -> str: ...
    @property
    def library(self) -> str: ...
    @property
    def version(self) -> str: ...


class ProgramCandidateView(CandidateView, Protocol):
    """A :class:`~sciagent.agent.Candidate` with the program that reached its answer."""

    @property
    def code(self) -> str: ...


class AgentResultView(ResultView, Protocol):
    """What the card reads of an :class:`~sciagent.agent.AgentResult`."""

    @property
    def request(self) -> str: ...
    @property
    def code(self) -> str | None: ...
    @property
    def stdout(self) -> str: ...
    @property
    def attempts(self) -> Sequence[AttemptView]: ...
    @property
    def apis_used(self) -> Sequence[ApiUseView]: ...
    @property
    def candidates(self) -> Sequence[ProgramCandidateView]: ...
    @property
    def model(self) -> str: ...
    @property
    def strategy(self) -> str: ...
    @property
    def seconds(self) -> float: ...
    @property
    def error(self) -> str | None: ...
    @property
    def reason(self) -> str: ...


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def attempt_label(attempt: AttemptView) -> str:
    """What happened in one round, in a few words."""
    if attempt.ok:
        return "valid answer"
    if attempt.reply == "":
        return "the model failed"
    if attempt.code is None:
        return "no program in the reply"
    if attempt.run is None:
        n = len(attempt.findings)
        return f"static check: {n} finding{'s' if n != 1 else ''}" if n else "not run"
    if not attempt.run.ok:
        err = attempt.run.error
        return f"failed with {err.type if err is not None else 'an error'}"
    return "answer rejected"


def _attempt_title(attempt: AttemptView, programs: bool) -> str:
    """``Attempt 3 (program 2)``: the program number only matters when there were several."""
    title = f"Attempt {attempt.index + 1}"
    return title + (f" (program {attempt.candidate + 1})" if programs else "")


def _several_programs(result: AgentResultView) -> bool:
    return len({a.candidate for a in result.attempts}) > 1


def attempt_html(attempt: AttemptView, *, programs: bool = False) -> str:
    """One round, collapsed; ``programs`` adds which independent program it belongs to."""
    label = attempt_label(attempt)
    answer = (
        f' <code class="sciagent-attempt-answer">{escape(one_line(attempt.answer))}</code>'
        if attempt.ok and attempt.answer
        else ""
    )
    head = (
        f"{OK if attempt.ok else FAIL} {escape(_attempt_title(attempt, programs))}: "
        f"{escape(label)}{answer} "
        f'<span style="color:#57606a">({attempt.seconds:.1f} s)</span>'
    )
    parts: list[str] = []
    findings = [f"line {f.line}: {f.kind}: {f.message}" for f in attempt.findings]
    parts.append(items("Static check", "sciagent-findings", findings))
    run = attempt.run
    if run is not None and run.error is not None:
        err = run.error
        line = f" (line {err.lineno})" if err.lineno else ""
        parts.append(
            f'<div class="sciagent-error" style="color:#cf222e"><b>{escape(str(err.type))}</b>'
            f"{escape(line)}: {escape(str(err.message))}</div>"
        )
        if err.traceback:
            parts.append(pre(str(err.traceback), "sciagent-traceback"))
    parts.append(items("Answer rejected", "sciagent-validation", attempt.validation))
    parts.append(items("Warnings", "sciagent-warnings", attempt.warnings))
    if attempt.code is not None:
        parts.append(
            f"<details><summary>program</summary>{highlight_python(attempt.code)}</details>"
        )
    elif attempt.reply:
        parts.append(
            f"<details><summary>reply</summary>{pre(attempt.reply, 'sciagent-reply')}</details>"
        )
    if run is not None and run.stdout:
        parts.append(
            f"<details><summary>stdout</summary>{pre(str(run.stdout), 'sciagent-stdout')}</details>"
        )
    if attempt.feedback:
        parts.append(
            '<details class="sciagent-feedback"><summary>feedback sent to the model</summary>'
            f"{pre(attempt.feedback, 'sciagent-feedback-text')}</details>"
        )
    return (
        f'<details class="sciagent-attempt" data-index="{attempt.index + 1}" '
        f'data-ok="{str(attempt.ok).lower()}" style="margin-left:1em">'
        f"<summary>{head}</summary>{''.join(parts)}</details>"
    )


def _final_attempt(result: AgentResultView, ran: bool = False) -> AttemptView | None:
    """The last attempt whose program the result reports (``ran``: one that was run).

    The agent may put the request's data in front of the model's program
    (``# data from the request``), so the reported code can end with an
    attempt's code instead of equalling it.
    """
    code = result.code
    for attempt in reversed(result.attempts):
        if ran and attempt.run is None:
            continue
        if (
            code is not None
            and attempt.code
            and (attempt.code == code or code.endswith(attempt.code))
        ):
            return attempt
    return None


def final_run(result: AgentResultView) -> RunView | None:
    """The sandboxed run of the program the result reports."""
    attempt = _final_attempt(result, ran=True)
    return attempt.run if attempt is not None else None


def final_files(result: AgentResultView) -> Sequence[values.FileView]:
    """The files the reported program wrote: the only ones a surface lists or keeps (the
    other candidates wrote theirs in their own scratch folders)."""
    run = final_run(result)
    return run.files if run is not None else []


def _has_value(run: RunView | None) -> bool:
    return run is not None and bool(run.has_value)


def _answer_html(result: AgentResultView, run: RunView | None) -> str:
    rich = _has_value(run)
    if rich and run is not None and (not _scalar(run.value) or result.answer in (None, "")):
        shown = values.value_html(run.value)
    elif result.answer is not None:
        shown = f'<code class="sciagent-scalar">{escape(result.answer)}</code>'
    else:
        shown = "<i>none</i>"
    label = "Picked answer (unsure)" if status_of(result) == "unsure" else "Answer"
    return f'<div class="sciagent-answer"><b>{label}</b> {shown}</div>'


def _badge(status: Status) -> str:
    return {"ok": OK, "unsure": UNSURE, "failed": FAIL}[status]


def _head_html(result: AgentResultView, status: Status) -> str:
    n = len(result.attempts)
    meta = [f"{n} attempt{'s' if n != 1 else ''}", f"{result.seconds:.1f} s"]
    confidence = confidence_text(result)
    if confidence:
        meta.insert(0, confidence)
    request = result.request.splitlines()[0][:200] if result.request else ""
    return (
        f'<div class="sciagent-head">{_badge(status)} <b>{escape(request)}</b>'
        f'<div style="color:#57606a">{escape(" · ".join(meta))} · '
        f"{escape(result.model)} · {escape(result.strategy)}</div></div>"
    )


def _verdict_html(result: AgentResultView, status: Status) -> str:
    """Why the status: what failed, what competes, or who agreed."""
    if status == "unsure":
        why = (result.reason or (result.error or "").removeprefix("unsure: ")).rstrip(". ")
        return (
            f'<div class="sciagent-unsure" style="color:{AMBER}"><b>Unsure:</b> {escape(why)}. '
            "Check the answer before relying on it.</div>"
        )
    if status == "failed":
        why = result.error or result.reason
        return (
            f'<div class="sciagent-error" style="color:#cf222e"><b>Not solved:</b> {escape(why)}</div>'
            if why
            else ""
        )
    if result.reason:
        return f'<div class="sciagent-reason" style="color:#57606a">{escape(result.reason)}</div>'
    return ""


def candidates_html(result: AgentResultView) -> str:
    """The distinct answers: how many programs reached each, which one was picked, its program."""
    if not shows_candidates(result):
        return ""
    rows = "".join(
        f'<tr data-chosen="{str(c.chosen).lower()}">'
        f'<td><code class="sciagent-candidate-answer">{escape(one_line(c.answer, 200))}</code></td>'
        f"<td>{escape(programs_text(c))}</td>"
        f"<td>{'<b>picked</b>' if c.chosen else ''}</td>"
        f"<td><details><summary>program</summary>{highlight_python(c.code)}</details></td></tr>"
        for c in result.candidates
    )
    return (
        '<div class="sciagent-candidates"><b>Candidate answers</b><table class="sciagent-table">'
        "<thead><tr><th>answer</th><th>programs</th><th>picked</th><th>program</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def _attempts_html(result: AgentResultView) -> str:
    programs = _several_programs(result)
    attempts = "".join(attempt_html(a, programs=programs) for a in result.attempts)
    n = len(result.attempts)
    repaired = sum(1 for a in result.attempts if not a.ok)
    drawn = len({a.candidate for a in result.attempts})
    summary = f"Attempts ({n}{f', {repaired} failed' if repaired else ''}"
    summary += f", {drawn} programs)" if programs else ")"
    return f'<details class="sciagent-attempts"><summary><b>{summary}</b></summary>{attempts}</details>'


def _apis_html(result: AgentResultView) -> str:
    if not result.apis_used:
        return ""
    rows = "".join(
        f"<tr><td><code>{escape(u.qualname)}</code></td><td>{escape(u.library)}</td>"
        f"<td>{escape(u.version)}</td></tr>"
        for u in result.apis_used
    )
    return (
        '<div class="sciagent-apis"><b>APIs used</b><table class="sciagent-table">'
        f"<thead><tr><th>API</th><th>library</th><th>version</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


_CODE_LABEL = {"ok": "Program", "unsure": "Picked program (unconfirmed)", "failed": "Best program"}


def agent_result_html(result: AgentResultView) -> str:
    """The verdict first (ok, unsure with the competing answers, or failed), then the
    answer, the program (highlighted), every attempt and the APIs used."""
    status = status_of(result)
    run = final_run(result)
    parts = [_head_html(result, status), _verdict_html(result, status), _answer_html(result, run)]
    parts.append(candidates_html(result))
    if molecules.uses_rdkit(result.code):
        sources: list[Any] = [result.answer or ""]
        if run is not None and _has_value(run):
            sources.insert(0, run.value)
        sources.append(result.stdout[-2000:])
        parts.append(molecules.molecules_html(molecules.candidates(*sources)))
    final = _final_attempt(result)
    if final is not None and final.warnings:
        parts.append(items("Validator warnings", "sciagent-warnings", final.warnings))
    if result.code:
        parts.append(
            f'<div class="sciagent-code"><b>{_CODE_LABEL[status]}</b>'
            f"{highlight_python(result.code)}</div>"
        )
    if run is not None:
        parts.append(values.files_html(run.files))
    if result.stdout:
        parts.append(
            f"<details><summary>stdout</summary>{pre(result.stdout, 'sciagent-stdout')}</details>"
        )
    parts += [_attempts_html(result), _apis_html(result)]
    box = BOX + (f";border-color:{AMBER}" if status == "unsure" else "")
    return (
        f'<div class="sciagent-result" data-ok="{str(result.ok and status == "ok").lower()}" '
        f'data-status="{status}" style="{box}">{"".join(parts)}</div>'
    )


def agent_result_text(result: AgentResultView) -> str:
    """The verdict line, why, the competing answers, the program and each attempt's outcome."""
    status = status_of(result)
    n = len(result.attempts)
    details = [f"{n} attempt{'s' if n != 1 else ''}", f"{result.seconds:.1f} s", result.model]
    lines = [status_line(result, details), f"request: {result.request}"]
    if result.reason:
        lines.append(f"why: {result.reason}")
    if shows_candidates(result):
        lines += ["candidates (answer, programs that reached it):", *candidate_lines(result)]
    if result.code:
        head = {"ok": "program", "unsure": "picked program (unconfirmed)", "failed": "program"}
        lines += [f"--- {head[status]} ---", result.code.rstrip()]
    programs = _several_programs(result)
    for attempt in result.attempts:
        answer = f" {one_line(attempt.answer)}" if attempt.ok and attempt.answer else ""
        lines.append(
            f"--- {_attempt_title(attempt, programs).lower()}: {attempt_label(attempt)}{answer} ---"
        )
        if not attempt.ok and attempt.feedback:
            lines.append(clip(attempt.feedback.strip(), 1200))
        lines += [f"warning: {w}" for w in attempt.warnings]
    if result.apis_used:
        lines.append(
            "APIs used: "
            + ", ".join(f"{u.qualname} ({u.library} {u.version})" for u in result.apis_used)
        )
    if result.error and not (status == "unsure" and result.reason):
        lines.append(f"error: {result.error}")
    return "\n".join(lines)


#: what a calling model is told to do with each status
_STATUS_ADVICE = {
    "ok": "checked, run in the sandbox, validated, and confirmed by agreeing programs",
    "unsure": (
        "NOT confirmed: do not present this answer as verified; say it is unsure and "
        "give the competing answers"
    ),
    "failed": "no program gave an accepted answer",
}


def agent_result_brief(
    result: AgentResultView, *, max_chars: int = 4000, saved: Mapping[str, str] | None = None
) -> str:
    """An agent result as text for a model: status, answer, confidence, why, the
    competing answers when unsure, the final program and the files it wrote (the
    ``solve`` tool); ``saved`` maps a file's name to where the host saved it.

    The status leads, in words a calling model cannot mistake: an unsure answer
    says it is not confirmed, so the model does not pass it on as verified.
    """
    status = status_of(result)
    confidence = confidence_text(result)
    parts = [
        f"Status: {STATUS_WORD[status]}"
        + (f" ({confidence})" if confidence else "")
        + f" - {_STATUS_ADVICE[status]}.",
        f"Answer: {result.answer if result.answer is not None else '(none)'}",
    ]
    if result.reason:
        parts.append(f"Why: {result.reason}")
    if status == "failed" and result.error:
        parts.append(f"Error: {result.error}")
    if shows_candidates(result):
        parts += ["Candidate answers (programs that reached each):", *candidate_lines(result)]
    budget = max(max_chars, 400)
    if result.code:
        label = {"ok": "Program", "unsure": "Picked program", "failed": "Best program"}[status]
        code = trim(result.code.rstrip(), budget // 2)
        parts.append(f"{label}:\n```python\n{code}\n```")
    run = final_run(result)
    files = values.files_brief(run.files, saved) if run is not None else ""
    if files:
        parts.append(trim(files, budget // 4))
    return trim("\n".join(parts), max_chars)
