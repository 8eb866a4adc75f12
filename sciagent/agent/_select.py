"""Selection by execution: group the answers of several programs, let agreement decide.

One program and one run cannot tell a right answer from a plausible wrong one.
Several programs written independently for the same request (the first one
greedily, the others sampled) rarely agree on the same wrong number, so the
answer most of them reach is the one to trust, and how many reach it is the
confidence (CodeT, MBR-exec, self-consistency).  Answers are compared after
normalisation: a domain's own normaliser first (two SMILES of one molecule),
then numbers up to the precision both print, then text up to case and
whitespace when it is a sequence of letters.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..validation import Normaliser

log = logging.getLogger(__name__)

Status = Literal["ok", "unsure", "failed"]

#: a whole answer that is one number, as programs print them
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
#: relative agreement for numbers printed at full precision (float noise, other formulae)
REL_TOL = 1e-4


@dataclass(frozen=True)
class Key:
    """An answer reduced to what two answers must share to be the same."""

    kind: Literal["domain", "number", "text"]
    value: str | float
    decimals: int = 0  # digits after the point as printed, for numbers

    def matches(self, other: Key) -> bool:
        if self.kind != other.kind:
            return False
        if isinstance(self.value, float) and isinstance(other.value, float):
            return _same_number(self, other)
        return self.value == other.value


def _same_number(a: Key, b: Key) -> bool:
    """Equal within float noise, or equal at the coarser of the two printed precisions."""
    x, y = float(a.value), float(b.value)
    if math.isclose(x, y, rel_tol=REL_TOL, abs_tol=1e-12):
        return True
    digits = min(a.decimals, b.decimals)
    return abs(x - y) <= 0.5 * 10.0**-digits + 1e-12 * max(abs(x), abs(y))


def answer_key(answer: str, normalisers: Sequence[Normaliser] = ()) -> Key:
    """The comparable form of one answer line."""
    text = answer.strip()
    for normalise in normalisers:
        try:
            canonical = normalise(text)
        except Exception as exc:  # a plugin bug must not decide between candidates
            log.debug("normaliser %r failed on %r: %s", normalise, text[:80], exc)
            continue
        if canonical is not None:
            return Key("domain", str(canonical))
    if _NUMBER.fullmatch(text):
        decimals = len(text.split(".", 1)[1]) if "." in text and "e" not in text.lower() else 0
        return Key("number", float(text), decimals)
    folded = " ".join(text.split())
    if folded.replace(" ", "").isalpha():  # sequences and words: case does not matter
        folded = folded.upper()
    return Key("text", folded)


@dataclass
class Group:
    """Candidates that reached the same answer."""

    answer: str  # as the first member printed it
    key: Key
    members: list[int] = field(default_factory=list)  # candidate numbers

    @property
    def count(self) -> int:
        return len(self.members)


def group_answers(
    answers: Sequence[tuple[int, str]], normalisers: Sequence[Normaliser] = ()
) -> list[Group]:
    """Groups of equal answers, largest first (ties: the earliest answer first)."""
    groups: list[Group] = []
    for candidate, answer in answers:
        key = answer_key(answer, normalisers)
        home = next((g for g in groups if g.key.matches(key)), None)
        if home is None:
            home = Group(answer, key)
            groups.append(home)
        home.members.append(candidate)
    return sorted(groups, key=lambda g: (-g.count, g.members[0]))


@dataclass(frozen=True)
class Decision:
    """What the candidates say together, in words a scientist can check."""

    status: Status
    confidence: float
    chosen: Group | None
    reason: str

    @property
    def settled(self) -> bool:
        """No further candidate could change an ok."""
        return self.status == "ok"


def decide(groups: Sequence[Group], drawn: int, agree: int = 2) -> Decision:
    """ok when at least ``agree`` programs reach one answer and no other answer ties it.

    ``drawn`` counts every candidate program, failed ones included: a lone
    answer among programs that crashed is not corroborated.  Confidence is the
    share of drawn candidates behind the chosen answer, at most 0.5 when no
    second program confirms it.
    """
    if not groups:
        return Decision("failed", 0.0, None, f"none of {drawn} program(s) gave an accepted answer")
    top = groups[0]
    share = top.count / max(drawn, top.count)
    rivals = [g for g in groups[1:] if g.count == top.count]
    others = ", ".join(f"`{g.answer}` ({g.count})" for g in groups[1:])
    if top.count >= agree and not rivals:
        reason = f"{top.count} of {drawn} programs agree on `{top.answer}`"
        if others:
            reason += f"; other answers: {others}"
        return Decision("ok", round(share, 3), top, reason)
    if rivals:
        reason = (
            f"programs disagree: `{top.answer}` ({top.count}) vs {others}; "
            f"picked `{top.answer}`, the earliest of the tied answers (the greedy program's "
            "when it is among them)"
        )
    elif top.count == 1 and drawn == 1:
        reason = "only one program was written, so nothing confirms its answer"
    elif top.count == 1:
        reason = f"only 1 of {drawn} programs gave an accepted answer; nothing confirms it" + (
            f" (others: {others})" if others else ""
        )
    else:
        reason = f"{top.count} of {drawn} programs agree on `{top.answer}`; others: {others}"
    return Decision("unsure", round(min(share, 0.5), 3), top, reason)
