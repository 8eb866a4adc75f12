"""Answer normalisers for biology: one sequence, however it is cased or spaced, is one answer.

Selection by execution groups the answers of several candidate programs; a
normaliser gives each answer a key so that ``atggcc att`` and ``ATGGCCATT``
fall in one group.  See :data:`sciagent.validation.Normaliser`.
"""

from __future__ import annotations

import re

from sciagent.validation import Normaliser

#: IUPAC nucleotide and amino-acid letters (every letter but none of the digits), and
#: '*' for a stop, which is kept: "MAIVMGR" and "MAIVMGR*" are different answers
_SEQUENCE = re.compile(r"[A-Za-z*]+")
#: an answer of organic-subset atoms only ("CCO", "OCC") is far likelier a SMILES:
#: left to the chemistry normaliser, which keys poly-C ("CCCC") the same anyway
_SMILES_LETTERS = re.compile(r"(?:Br|Cl|[BCNOSPFI])+")


def _blocks_of_one_size(chunks: list[str]) -> bool:
    """Whether whitespace splits the sequence into equal blocks (codons, GenBank's tens)."""
    return len({len(c) for c in chunks[:-1]}) <= 1 and len(chunks[-1]) <= len(chunks[0])


def sequence_key(answer: str) -> str | None:
    """The upper-case sequence with whitespace removed, or None when the answer is no sequence.

    Why: ``atgGCC``-style case and codon spacing are presentation, not content.
    The answer must be letters (and ``*`` stops) in one case, either one word
    or equal blocks ("ATG GCC ATT"), so prose ("Homo sapiens", "The protein
    is MAIVMGR") is not a sequence.  Never raises.
    """
    try:
        chunks = answer.split()
        if not chunks or not all(_SEQUENCE.fullmatch(c) for c in chunks):
            return None
        if len(chunks) > 1 and (len(chunks[0]) < 3 or not _blocks_of_one_size(chunks)):
            return None
        joined = "".join(chunks)
        letters = joined.replace("*", "")
        if not letters or not (letters.isupper() or letters.islower()):
            return None
        if _SMILES_LETTERS.fullmatch(joined):
            return None
        return joined.upper()
    except Exception:  # a normaliser must never take the selection down
        return None


NORMALISERS: tuple[Normaliser, ...] = (sequence_key,)
