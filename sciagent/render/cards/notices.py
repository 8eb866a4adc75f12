"""A short notice (an error and its fix, or a note) with HTML and text views.

The notebook shows errors sciagent explains (no index, no model, a bad
option) as one of these instead of a traceback.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..markup import BOX


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
