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
from ..sandbox._result import RunResult
from . import molecules, values

if TYPE_CHECKING:
    from ..agent import AgentResult, Attempt

OK = '<span style="color:#1a7f37;font-weight:bold">✔</span>'
FAIL = '<span style="color:#cf222e;font-weight:bold">✘</span>'
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


def _items(title: str, cls: str, items: Sequence[str]) -> str:
    if not items:
        return ""
    lis = "".join(f"<li>{escape(i)}</li>" for i in items)
    return f'<div class="{cls}"><b>{title}</b><ul>{lis}</ul></div>'


def attempt_html(attempt: Attempt) -> str:
    label = attempt_label(attempt)
    head = (
        f"{OK if attempt.ok else FAIL} Attempt {attempt.index + 1}: {escape(label)} "
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


def final_run(result: AgentResult) -> RunResult | None:
    """The sandbox run of the program the result reports (the last one with that code)."""
    for attempt in reversed(result.attempts):
        if attempt.run is not None and attempt.code == result.code:
            return RunResult.from_dict(attempt.run)
    return None


def _answer_html(result: AgentResult, run: RunResult | None) -> str:
    rich = run is not None and run.has_value
    if rich and run is not None and (not _scalar(run.value) or result.answer in (None, "")):
        shown = values.value_html(run.value)
    elif result.answer is not None:
        shown = f'<code class="sciagent-scalar">{escape(result.answer)}</code>'
    else:
        shown = "<i>none</i>"
    return f'<div class="sciagent-answer"><b>Answer</b> {shown}</div>'


def agent_result_html(result: AgentResult) -> str:
    """The final program (highlighted), the answer, every attempt, the APIs used."""
    run = final_run(result)
    n = len(result.attempts)
    head = (
        f"{OK if result.ok else FAIL} <b>{escape(result.request.splitlines()[0][:200] if result.request else '')}</b>"
        f'<div style="color:#57606a">{n} attempt{"s" if n != 1 else ""} · {result.seconds:.1f} s · '
        f"{escape(result.model)} · {escape(result.strategy)}</div>"
    )
    parts = [f'<div class="sciagent-head">{head}</div>']
    if result.error:
        parts.append(
            f'<div class="sciagent-error" style="color:#cf222e"><b>Not solved:</b> {escape(result.error)}</div>'
        )
    parts.append(_answer_html(result, run))
    if molecules.uses_rdkit(result.code):
        sources: list[Any] = [result.answer or ""]
        if run is not None and run.has_value:
            sources.insert(0, run.value)
        sources.append(result.stdout[-2000:])
        parts.append(molecules.molecules_html(molecules.candidates(*sources)))
    final = next((a for a in reversed(result.attempts) if a.code == result.code), None)
    if final is not None and final.warnings:
        parts.append(_items("Validator warnings", "sciagent-warnings", final.warnings))
    if result.code:
        parts.append(
            f'<div class="sciagent-code"><b>{"Program" if result.ok else "Best program"}</b>'
            f"{highlight_python(result.code)}</div>"
        )
    if run is not None:
        parts.append(values.files_html(run.files))
    if result.stdout:
        parts.append(
            f"<details><summary>stdout</summary>{_pre(result.stdout, 'sciagent-stdout')}</details>"
        )
    attempts = "".join(attempt_html(a) for a in result.attempts)
    repaired = sum(1 for a in result.attempts if not a.ok)
    summary = f"Attempts ({n}{f', {repaired} failed' if repaired else ''})"
    parts.append(
        f'<details class="sciagent-attempts"><summary><b>{summary}</b></summary>{attempts}</details>'
    )
    if result.apis_used:
        rows = "".join(
            f"<tr><td><code>{escape(u.qualname)}</code></td><td>{escape(u.library)}</td>"
            f"<td>{escape(u.version)}</td></tr>"
            for u in result.apis_used
        )
        parts.append(
            '<div class="sciagent-apis"><b>APIs used</b><table class="sciagent-table">'
            f"<thead><tr><th>API</th><th>library</th><th>version</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )
    return (
        f'<div class="sciagent-result" data-ok="{str(result.ok).lower()}" style="{BOX}">'
        f"{''.join(parts)}</div>"
    )


def agent_result_text(result: AgentResult) -> str:
    status = "ok" if result.ok else "FAILED"
    n = len(result.attempts)
    lines = [
        f"{status}  answer: {result.answer}   ({n} attempt{'s' if n != 1 else ''}, "
        f"{result.seconds:.1f} s, {result.model})",
        f"request: {result.request}",
    ]
    if result.code:
        lines += ["--- program ---", result.code.rstrip()]
    for attempt in result.attempts:
        lines.append(f"--- attempt {attempt.index + 1}: {attempt_label(attempt)} ---")
        if not attempt.ok and attempt.feedback:
            lines.append(_clip(attempt.feedback.strip(), 1200))
        lines += [f"warning: {w}" for w in attempt.warnings]
    if result.apis_used:
        lines.append(
            "APIs used: "
            + ", ".join(f"{u.qualname} ({u.library} {u.version})" for u in result.apis_used)
        )
    if result.error:
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
