"""The pieces every card is made of: status marks, boxes, clipped and trimmed text,
highlighted code.

Everything a program or a model produced is untrusted: text goes through
:func:`html.escape`, code through Pygments (which escapes it).  Styles are
inline so a card looks the same in a notebook, a saved HTML file or a web
page that has no stylesheet of ours.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

OK = '<span style="color:#1a7f37;font-weight:bold">✔</span>'
FAIL = '<span style="color:#cf222e;font-weight:bold">✘</span>'
AMBER = "#9a6700"
UNSURE = (
    f'<span class="sciagent-badge-unsure" style="color:{AMBER};font-weight:bold;'
    f'border:1px solid {AMBER};border-radius:4px;padding:0 0.3em">? unsure</span>'
)
BOX = "border:1px solid #d0d7de;border-radius:6px;padding:0.5em 0.8em;margin:0.4em 0"
MAX_TEXT = 4000  # characters of stdout, tracebacks, feedback shown


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` cut to ``limit`` characters, saying how many were left out."""
    return (
        text if len(text) <= limit else text[:limit] + f"\n… ({len(text) - limit} more characters)"
    )


def trim(text: str, limit: int, *, keep_tail: bool = False) -> str:
    """``text`` cut to about ``limit`` characters in the middle (or the head, with
    ``keep_tail``: a traceback's last frames matter), saying how much was cut."""
    if len(text) <= limit:
        return text
    limit = max(limit, 40)
    cut = len(text) - limit
    if keep_tail:
        return f"[... {cut} characters cut ...]\n{text[-limit:]}"
    head = limit * 2 // 3
    tail = limit - head
    return f"{text[:head]}\n[... {cut} characters cut ...]\n{text[-tail:]}"


def pre(text: str, cls: str) -> str:
    """Untrusted text, clipped and escaped, in a wrapping ``<pre>``."""
    return f'<pre class="{cls}" style="white-space:pre-wrap">{escape(clip(text))}</pre>'


def highlight_python(code: str) -> str:
    """Python source as highlighted HTML (inline styles: no stylesheet needed)."""
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer
    except ImportError:  # pragma: no cover - pygments comes with IPython
        return pre(code, "sciagent-source")
    html: str = highlight(code, PythonLexer(), HtmlFormatter(noclasses=True))
    return f'<div class="sciagent-source">{html}</div>'


def status_mark(ok: bool, text: str) -> str:
    """``✔ text`` or ``✘ text`` (``text`` is already HTML)."""
    return f'<div class="sciagent-status">{OK if ok else FAIL} {text}</div>'


def items(title: str, cls: str, entries: Sequence[str]) -> str:
    """A titled bullet list of untrusted lines (empty when there are none)."""
    if not entries:
        return ""
    lis = "".join(f"<li>{escape(i)}</li>" for i in entries)
    return f'<div class="{cls}"><b>{title}</b><ul>{lis}</ul></div>'
