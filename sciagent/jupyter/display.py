"""Rich display of sciagent's records: search hits, program runs, agent results.

Each object gets an HTML view (``_repr_html_``) and a plain-text view for
terminals and logs.  Everything a program or a model produced is untrusted and
escaped; code is highlighted by Pygments (which escapes it).  Nothing here
imports IPython, so the records' ``_repr_html_`` works outside a kernel too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from ..records import Hit
from ..render.status import (
    Status,
    candidate_lines,
    confidence_text,
    one_line,
    programs_text,
    shows_candidates,
    status_line,
    status_of,
)
from ..sandbox._result import RunResult
from . import molecules, values

if TYPE_CHECKING:
    from ..agent import AgentResult, Attempt

OK = '<span style="color:#1a7f37;font-weight:bold">✔</span>'
FAIL = '<span style="color:#cf222e;font-weight:bold">✘</span>'
AMBER = "#9a6700"
UNSURE = (
    f'<span class="sciagent-badge-unsure" style="color:{AMBER};font-weight:bold;'
    f'border:1px solid {AMBER};border-radius:4px;padding:0 0.3em">? unsure</span>'
)
BOX = "border:1px solid #d0d7de;border-radius:6px;padding:0.5em 0.8em;margin:0.4em 0"
MAX_TEXT = 4000  # characters of stdout, tracebacks, feedback shown


def _clip(text: str, limit: int = MAX_TEXT) -> str:
    return (
        text if len(text) <= limit else text[:limit] + f"\n… ({len(text) - limit} more characters)"
    )


def _pre(text: str, cls: str) -> str:
    return f'<pre class="{cls}" style="white-space:pre-wrap">{escape(_clip(text))}</pre>'


def highlight_python(code: str) -> str:
    """Python source as highlighted HTML (inline styles: no stylesheet needed)."""
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer
    except ImportError:  # pragma: no cover - pygments comes with IPython
        return _pre(code, "sciagent-source")
    html: str = highlight(code, PythonLexer(), HtmlFormatter(noclasses=True))
    return f'<div class="sciagent-source">{html}</div>'


# ------------------------------------------------------------------------ hits
def hit_html(hit: Hit, *, overloads: int = 3) -> str:
    """One signature card: import path, overloads, summary, library and version."""
    meta = escape(f"{hit.library} {hit.version} · {hit.kind} · score {hit.score:.3f}")
    if hit.deprecated:
        meta += ' · <b style="color:#cf222e">deprecated</b>'
    if hit.kind == "recipe":
        body = [
            f'<div class="sciagent-hit-head"><b>recipe:</b> {escape(hit.summary)} '
            f'<span class="sciagent-meta" style="color:#57606a">({escape(hit.library)} {escape(hit.version)})</span></div>'
        ]
        if hit.apis:
            uses = ", ".join(f"<code>{escape(a)}</code>" for a in hit.apis)
            body.append(f'<div class="sciagent-uses">uses {uses}</div>')
        if hit.example:
            body.append(highlight_python(hit.example.rstrip() + "\n"))
    else:
        sigs = hit.signatures or [hit.signature]
        name = hit.path.rsplit(".", 1)[-1]
        shown = [name + s[len(s.split("(", 1)[0]) :] if "(" in s else s for s in sigs]
        body = [
            f'<div class="sciagent-hit-head"><code class="sciagent-path"><b>{escape(hit.path)}</b></code> '
            f'<span class="sciagent-meta" style="color:#57606a">{meta}</span></div>',
            _pre("\n".join(shown[:overloads]), "sciagent-signature"),
        ]
        if len(shown) > overloads:
            body.append(
                f"<details><summary>{len(shown) - overloads} more overloads</summary>"
                f"{_pre(chr(10).join(shown[overloads:]), 'sciagent-signature')}</details>"
            )
        if hit.summary:
            body.append(f'<div class="sciagent-summary">{escape(hit.summary)}</div>')
        others = [p for p in [hit.qualname, *hit.aliases] if p != hit.path]
        if others:
            also = ", ".join(f"<code>{escape(p)}</code>" for p in others[:4])
            body.append(f'<div class="sciagent-aliases" style="color:#57606a">also {also}</div>')
        if hit.recipes:
            lifted = "; ".join(escape(r) for r in hit.recipes[:3])
            body.append(
                f'<div class="sciagent-recipes" style="color:#57606a">recipe: {lifted}</div>'
            )
        if hit.example:
            body.append(
                f"<details><summary>example</summary>{highlight_python(hit.example)}</details>"
            )
    return (
        f'<div class="sciagent-hit" data-qualname="{escape(hit.qualname)}" '
        f'data-kind="{escape(hit.kind)}" style="{BOX}">{"".join(body)}</div>'
    )


def hit_text(hit: Hit) -> str:
    return f"{hit.card()}\n    (score {hit.score:.3f})"


def hits_html(hits: Sequence[Hit], query: str = "") -> str:
    title = f"{len(hits)} APIs"
    if query:
        title += f" for “{escape(query)}”"
    if not hits:
        return f'<div class="sciagent-hits"><i>no hits{" for “" + escape(query) + "”" if query else ""}</i></div>'
    cards = "".join(f"<li>{hit_html(h)}</li>" for h in hits)
    return (
        f'<div class="sciagent-hits"><div class="sciagent-query"><b>{title}</b></div>'
        f'<ol class="sciagent-hit-list" style="padding-left:1.5em">{cards}</ol></div>'
    )


def hits_text(hits: Sequence[Hit], query: str = "") -> str:
    head = f"{len(hits)} APIs" + (f" for {query!r}" if query else "")
    return "\n".join([head, *(f"{i}. {hit_text(h)}" for i, h in enumerate(hits, 1))])


class Hits(list[Hit]):
    """Search hits that display as ranked signature cards in a notebook."""

    def __init__(self, hits: Iterable[Hit] = (), query: str = "") -> None:
        super().__init__(hits)
        self.query = query

    def _repr_html_(self) -> str:
        return hits_html(self, self.query)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(hits_text(self, self.query))


def show_hits(hits: Iterable[Hit], query: str = "") -> None:
    """Display hits as cards (in a notebook; plain text elsewhere)."""
    from IPython.display import display

    display(Hits(hits, query))


# ------------------------------------------------------------------------- run
def _status(ok: bool, text: str) -> str:
    return f'<div class="sciagent-status">{OK if ok else FAIL} {text}</div>'


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def run_result_html(run: RunResult, code: str | None = None) -> str:
    """A sandboxed run: status, result, drawings, stdout, error, the files it wrote.

    ``code`` (the program, when known) lets SMILES in stdout be drawn when the
    program uses RDKit; without it only a SMILES ``result`` is drawn.
    """
    where = f"{run.duration_s:.2f} s" + (f", tier {escape(run.tier)}" if run.tier else "")
    parts = [_status(run.ok, f"ran in {where}" if run.ok else f"failed after {where}")]
    if run.error is not None:
        parts.append(
            f'<div class="sciagent-error" style="color:#cf222e"><b>{escape(run.error.type)}</b>'
            f"{escape(f' (line {run.error.lineno})' if run.error.lineno else '')}: "
            f"{escape(run.error.message)}</div>"
        )
        if run.error.traceback:
            parts.append(
                f"<details><summary>traceback</summary>"
                f"{_pre(run.error.traceback, 'sciagent-traceback')}</details>"
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
        parts.append(f"<div><b>stdout</b>{_pre(run.stdout, 'sciagent-stdout')}</div>")
    if run.stderr:
        parts.append(
            f"<details><summary>stderr</summary>{_pre(run.stderr, 'sciagent-stderr')}</details>"
        )
    parts.append(values.files_html(run.files))
    return f'<div class="sciagent-run" data-ok="{str(run.ok).lower()}" style="{BOX}">{"".join(parts)}</div>'


def run_result_text(run: RunResult) -> str:
    lines = [("ok" if run.ok else "FAILED") + f" ({run.duration_s:.2f} s, tier {run.tier or '?'})"]
    if run.error is not None:
        lines.append(f"error: {run.error}")
    if run.has_value:
        lines.append("result: " + values.value_text(run.value))
    if run.stdout:
        lines += ["stdout:", _clip(run.stdout).rstrip()]
    if run.stderr:
        lines += ["stderr:", _clip(run.stderr, 1500).rstrip()]
    if run.files:
        lines += ["files:", values.files_text(run.files)]
    return "\n".join(lines)


# ----------------------------------------------------------------------- agent
def attempt_label(attempt: Attempt) -> str:
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
    if not attempt.run.get("ok"):
        err = attempt.run.get("error") or {}
        return f"failed with {err.get('type', 'an error')}"
    return "answer rejected"


def _attempt_title(attempt: Attempt, programs: bool) -> str:
    """``Attempt 3 (program 2)``: the program number only matters when there were several."""
    title = f"Attempt {attempt.index + 1}"
    return title + (f" (program {attempt.candidate + 1})" if programs else "")


def _several_programs(result: AgentResult) -> bool:
    return len({a.candidate for a in result.attempts}) > 1


def _items(title: str, cls: str, items: Sequence[str]) -> str:
    if not items:
        return ""
    lis = "".join(f"<li>{escape(i)}</li>" for i in items)
    return f'<div class="{cls}"><b>{title}</b><ul>{lis}</ul></div>'


def attempt_html(attempt: Attempt, *, programs: bool = False) -> str:
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
    findings = [
        f"line {f.get('line')}: {f.get('kind', 'finding')}: {f.get('message', '')}"
        for f in attempt.findings
    ]
    parts.append(_items("Static check", "sciagent-findings", findings))
    run = attempt.run
    if run is not None and run.get("error"):
        err = run["error"]
        line = f" (line {err['lineno']})" if err.get("lineno") else ""
        parts.append(
            f'<div class="sciagent-error" style="color:#cf222e"><b>{escape(str(err.get("type")))}</b>'
            f"{escape(line)}: {escape(str(err.get('message', '')))}</div>"
        )
        if err.get("traceback"):
            parts.append(_pre(str(err["traceback"]), "sciagent-traceback"))
    parts.append(_items("Answer rejected", "sciagent-validation", attempt.validation))
    parts.append(_items("Warnings", "sciagent-warnings", attempt.warnings))
    if attempt.code is not None:
        parts.append(
            f"<details><summary>program</summary>{highlight_python(attempt.code)}</details>"
        )
    elif attempt.reply:
        parts.append(
            f"<details><summary>reply</summary>{_pre(attempt.reply, 'sciagent-reply')}</details>"
        )
    if run is not None and run.get("stdout"):
        parts.append(
            f"<details><summary>stdout</summary>{_pre(str(run['stdout']), 'sciagent-stdout')}</details>"
        )
    if attempt.feedback:
        parts.append(
            '<details class="sciagent-feedback"><summary>feedback sent to the model</summary>'
            f"{_pre(attempt.feedback, 'sciagent-feedback-text')}</details>"
        )
    return (
        f'<details class="sciagent-attempt" data-index="{attempt.index + 1}" '
        f'data-ok="{str(attempt.ok).lower()}" style="margin-left:1em">'
        f"<summary>{head}</summary>{''.join(parts)}</details>"
    )


def _final_attempt(result: AgentResult, ran: bool = False) -> Attempt | None:
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


def final_run(result: AgentResult) -> RunResult | None:
    """The sandbox run of the program the result reports (the last one with that code)."""
    attempt = _final_attempt(result, ran=True)
    return RunResult.from_dict(attempt.run) if attempt is not None and attempt.run else None


def _answer_html(result: AgentResult, run: RunResult | None) -> str:
    rich = run is not None and run.has_value
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


def _head_html(result: AgentResult, status: Status) -> str:
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


def _verdict_html(result: AgentResult, status: Status) -> str:
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


def candidates_html(result: AgentResult) -> str:
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


def _attempts_html(result: AgentResult) -> str:
    programs = _several_programs(result)
    attempts = "".join(attempt_html(a, programs=programs) for a in result.attempts)
    n = len(result.attempts)
    repaired = sum(1 for a in result.attempts if not a.ok)
    drawn = len({a.candidate for a in result.attempts})
    summary = f"Attempts ({n}{f', {repaired} failed' if repaired else ''}"
    summary += f", {drawn} programs)" if programs else ")"
    return f'<details class="sciagent-attempts"><summary><b>{summary}</b></summary>{attempts}</details>'


def _apis_html(result: AgentResult) -> str:
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


def agent_result_html(result: AgentResult) -> str:
    """The verdict first (ok, unsure with the competing answers, or failed), then the
    answer, the program (highlighted), every attempt and the APIs used."""
    status = status_of(result)
    run = final_run(result)
    parts = [_head_html(result, status), _verdict_html(result, status), _answer_html(result, run)]
    parts.append(candidates_html(result))
    if molecules.uses_rdkit(result.code):
        sources: list[Any] = [result.answer or ""]
        if run is not None and run.has_value:
            sources.insert(0, run.value)
        sources.append(result.stdout[-2000:])
        parts.append(molecules.molecules_html(molecules.candidates(*sources)))
    final = _final_attempt(result)
    if final is not None and final.warnings:
        parts.append(_items("Validator warnings", "sciagent-warnings", final.warnings))
    if result.code:
        parts.append(
            f'<div class="sciagent-code"><b>{_CODE_LABEL[status]}</b>'
            f"{highlight_python(result.code)}</div>"
        )
    if run is not None:
        parts.append(values.files_html(run.files))
    if result.stdout:
        parts.append(
            f"<details><summary>stdout</summary>{_pre(result.stdout, 'sciagent-stdout')}</details>"
        )
    parts += [_attempts_html(result), _apis_html(result)]
    box = BOX + (f";border-color:{AMBER}" if status == "unsure" else "")
    return (
        f'<div class="sciagent-result" data-ok="{str(result.ok and status == "ok").lower()}" '
        f'data-status="{status}" style="{box}">{"".join(parts)}</div>'
    )


def agent_result_text(result: AgentResult) -> str:
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
            lines.append(_clip(attempt.feedback.strip(), 1200))
        lines += [f"warning: {w}" for w in attempt.warnings]
    if result.apis_used:
        lines.append(
            "APIs used: "
            + ", ".join(f"{u.qualname} ({u.library} {u.version})" for u in result.apis_used)
        )
    if result.error and not (status == "unsure" and result.reason):
        lines.append(f"error: {result.error}")
    return "\n".join(lines)


# ---------------------------------------------------------------------- errors
class Message:
    """A short notice (an error and its fix, or a note) with HTML and text views."""

    def __init__(self, message: str, fix: str | None = None, *, kind: str = "error") -> None:
        self.message, self.fix, self.kind = message, fix, kind

    def __str__(self) -> str:
        head = f"sciagent {self.kind}: {self.message}" if self.kind else self.message
        return head + (f"\n  fix: {self.fix}" if self.fix else "")

    def _repr_html_(self) -> str:
        color = "#cf222e" if self.kind == "error" else "#57606a"
        fix = f'<div class="sciagent-fix"><b>fix:</b> {escape(self.fix)}</div>' if self.fix else ""
        label = f"<b>sciagent {escape(self.kind)}:</b> " if self.kind else ""
        return (
            f'<div class="sciagent-message" data-kind="{escape(self.kind)}" '
            f'style="{BOX};border-color:{color}"><div style="color:{color}">{label}'
            f"{escape(self.message)}</div>{fix}</div>"
        )

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))
