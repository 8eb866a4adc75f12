"""Signature cards of search hits: the import path, overloads, summary, library and version.

Three forms of one card: HTML (:func:`hit_html`), the prompt card a model
reads (``Hit.card``, with its score in :func:`hit_text`, without in
:func:`hits_brief`), and the terminal listing of ``sciagent search``
(:func:`hit_listing`).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Protocol

from ..markup import BOX, highlight_python, pre


class HitView(Protocol):
    """What a hit card reads of a :class:`~sciagent.records.Hit`."""

    @property
    def qualname(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def kind(self) -> str: ...
    @property
    def signature(self) -> str: ...
    @property
    def signatures(self) -> Sequence[str]: ...
    @property
    def summary(self) -> str: ...
    @property
    def library(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def deprecated(self) -> bool: ...
    @property
    def apis(self) -> Sequence[str]: ...
    @property
    def recipes(self) -> Sequence[str]: ...
    @property
    def example(self) -> str: ...
    @property
    def path(self) -> str: ...
    def card(self, *, overloads: int = 3, width: int = 220) -> str: ...


def hit_html(hit: HitView, *, overloads: int = 3) -> str:
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
        shown = [_under_path(hit, s) for s in hit.signatures or [hit.signature]]
        body = [
            f'<div class="sciagent-hit-head"><code class="sciagent-path"><b>{escape(hit.path)}</b></code> '
            f'<span class="sciagent-meta" style="color:#57606a">{meta}</span></div>',
            pre("\n".join(shown[:overloads]), "sciagent-signature"),
        ]
        if len(shown) > overloads:
            body.append(
                f"<details><summary>{len(shown) - overloads} more overloads</summary>"
                f"{pre(chr(10).join(shown[overloads:]), 'sciagent-signature')}</details>"
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


def _under_path(hit: HitView, signature: str) -> str:
    """A rendered signature under the last name of the path shown (``separation(...)``
    for ``SkyCoord.separation``), or the path itself for what has no call form."""
    if "(" not in signature:
        return hit.path
    return hit.path.rsplit(".", 1)[-1] + signature[len(signature.split("(", 1)[0]) :]


def hit_text(hit: HitView) -> str:
    """The hit's prompt card (:meth:`~sciagent.records.Hit.card`) and its score."""
    return f"{hit.card()}\n    (score {hit.score:.3f})"


def hits_html(hits: Sequence[HitView], query: str = "") -> str:
    """Ranked signature cards, titled with the query."""
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


def hits_text(hits: Sequence[HitView], query: str = "") -> str:
    """Ranked text cards under a ``N APIs for 'query'`` line."""
    head = f"{len(hits)} APIs" + (f" for {query!r}" if query else "")
    return "\n".join([head, *(f"{i}. {hit_text(h)}" for i, h in enumerate(hits, 1))])


def hits_brief(hits: Sequence[HitView]) -> str:
    """Prompt cards, one per hit, for a model to read (what the ``search_api`` tool returns)."""
    if not hits:
        return (
            "No matching APIs found. Rephrase the request in the words the library's "
            "documentation would use, or drop the domain filter."
        )
    return "\n\n".join(hit.card() for hit in hits)


def hit_listing(hit: HitView, rank: int) -> tuple[str, str, list[str]]:
    """``sciagent search``'s entry: the ranked path people type (shown bold), the library
    and score after it on the same line, then up to three overloads and the summary
    (the same path and overloads as the prompt card, the HTML card and the JSON)."""
    lines = [f"      {_under_path(hit, sig)}" for sig in (hit.signatures or [hit.signature])[:3]]
    if len(hit.signatures) > 3:
        lines.append(f"      ... {len(hit.signatures) - 3} more overloads")
    if hit.summary:
        lines.append(f"      {hit.summary}")
    return (
        f"{rank:>2}. {hit.path}",
        f"  [{hit.library} {hit.version}] score {hit.score:.4f}",
        lines,
    )
