"""Answer normalisers for chemistry: two spellings of one molecule are one answer.

Selection by execution groups the answers of several candidate programs; a
normaliser gives each answer a key so that ``OCC`` and ``CCO`` (or a Kekulé
and an aromatic benzene) fall in one group.  See
:data:`sciagent.validation.Normaliser`.
"""

from __future__ import annotations

import re

from sciagent.validation import NUMBER, Normaliser

from .validators import _SMARTS_ONLY, _canonical, _tokenises

#: English words spelled with organic-subset atoms; as SMILES they would be
#: reordered ("ON" -> "NO") and grouped with other words
_WORDS = frozenset({"NO", "ON", "OF", "IF", "IS", "IN", "SO", "BI", "NIB", "SOB"})
_QUOTES = re.compile(r"""^(['"`])(.*)\1$""")


def canonical_smiles(answer: str) -> str | None:
    """RDKit's canonical SMILES for an answer that is one molecule (or a '.'-joined mixture).

    Why: the key must mean the molecule, not its spelling.  The whole answer
    must be SMILES (no spaces, no commas, every character a SMILES token,
    at least one atom) and parse and sanitise; numbers, words and lists return
    None.  Short plain answers such as ``C`` (methane) count: two programs
    printing ``OCC`` and ``CCO`` agree.  Never raises.
    """
    try:
        text = answer.strip()
        quoted = _QUOTES.match(text)
        if quoted:
            text = quoted.group(2)
        if not text or len(text) > 1000 or any(c.isspace() for c in text):
            return None
        if re.fullmatch(NUMBER, text) or text in _WORDS or not _tokenises(text):
            return None
        if _SMARTS_ONLY.search(text):  # a query pattern ([#6], [C;R]), not a molecule
            return None
        return _canonical(text)
    except Exception:  # a normaliser must never take the selection down
        return None


NORMALISERS: tuple[Normaliser, ...] = (canonical_smiles,)
