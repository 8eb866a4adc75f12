"""Rich display in a notebook: hit lists, and the cards of :mod:`sciagent.render`.

The cards themselves (HTML and text of hits, runs, agent results, notices)
live in :mod:`sciagent.render.cards`, a leaf the records call for their own
``_repr_html_``; what stays here is notebook-only: a list of hits that
displays as ranked cards, :func:`show_hits`, and :class:`Saved` (where
``%%sciagent`` saved a program's files).  The card functions are
re-exported under their old names.  Nothing here imports IPython at import
time, so ``import sciagent.jupyter`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any, cast

from ..render.cards.agent import (
    agent_result_html,
    agent_result_text,
    attempt_html,
    attempt_label,
    candidates_html,
)
from ..render.cards.agent import final_run as _final_run
from ..render.cards.hits import hit_html, hit_text, hits_html, hits_text
from ..render.cards.notices import Message
from ..render.cards.runs import run_result_html, run_result_text
from ..render.markup import AMBER, BOX, FAIL, MAX_TEXT, OK, UNSURE, highlight_python
from ..render.status import Status, status_of

if TYPE_CHECKING:
    from ..agent import AgentResult
    from ..records import Hit
    from ..sandbox import RunResult, SavedOutputs

__all__ = [
    "AMBER",
    "BOX",
    "FAIL",
    "MAX_TEXT",
    "OK",
    "UNSURE",
    "Hits",
    "Message",
    "Saved",
    "Status",
    "agent_result_html",
    "agent_result_text",
    "attempt_html",
    "attempt_label",
    "candidates_html",
    "final_run",
    "highlight_python",
    "hit_html",
    "hit_text",
    "hits_html",
    "hits_text",
    "run_result_html",
    "run_result_text",
    "show_hits",
    "status_of",
]


class Saved:
    """Where ``%%sciagent`` saved the files a program wrote: one line per file (and per file
    not saved, with why), under the result."""

    def __init__(self, saved: SavedOutputs) -> None:
        self.saved = saved

    def _head(self) -> str:
        from ..render.values import shown_path  # relative to the kernel's folder when inside it

        n = len(self.saved.files)
        if not n:
            return "no file saved"
        return f"saved {n} file{'' if n == 1 else 's'} in {shown_path(self.saved.dir or '')}"

    def __str__(self) -> str:
        return "\n".join([self._head(), *(f"  {line}" for line in self.saved.lines())])

    def _repr_html_(self) -> str:
        items = [
            f"<li><code>{escape(f.name)}</code> → <code>{escape(f.path)}</code> "
            f"({f.size:,} bytes)</li>"
            for f in self.saved.files
        ]
        items += [
            f'<li style="color:{AMBER}">not saved <code>{escape(s.name)}</code> '
            f"({s.size:,} bytes): {escape(s.reason)}</li>"
            for s in self.saved.skipped
        ]
        return (
            f'<div class="sciagent-saved" style="{BOX};border-color:#57606a">'
            f"<b>{escape(self._head())}</b><ul>{''.join(items)}</ul></div>"
        )

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))


class Hits(list["Hit"]):
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


def final_run(result: AgentResult) -> RunResult | None:
    """The sandbox run of the program the result reports (the last one with that code)."""
    return cast("RunResult | None", _final_run(result))
