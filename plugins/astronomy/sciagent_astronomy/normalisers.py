"""Answer normalisers for astronomy: one quantity in two units is one answer.

Selection by execution groups the answers of several candidate programs; a
normaliser gives each answer a key so that ``1.5 deg`` and ``5400 arcsec``
fall in one group.  See :data:`sciagent.validation.Normaliser`.
"""

from __future__ import annotations

import math
import re

from sciagent.validation import NUMBER, Normaliser

from .validators import _kind, _unit

#: a number followed by a unit, and nothing else ("1.5 deg", "6791.27 Mpc", "3e5 km/s")
_WITH_UNIT = re.compile(rf"\s*({NUMBER})\s*([A-Za-zµμ°Å_][\w/*^.()\s-]{{0,40}}|°)\s*")


def quantity_key(answer: str) -> str | None:
    """The quantity in SI units, ``"<value to 6 significant digits> <unit>"``, or None.

    Why: ``1.5 deg``, ``90 arcmin`` and ``5400 arcsec`` are one answer.  The
    answer must be one number followed by a unit astropy reads (English names
    such as "degrees" too; prose that astropy would misread, like "a" or "C8H10",
    is refused); a plain number, a dimensionless or logarithmic unit (%, mag)
    and sexagesimal text return None.  Six significant digits absorb float
    noise from the conversion.  Never raises.
    """
    try:
        m = _WITH_UNIT.fullmatch(answer)
        if m is None:
            return None
        unit = _unit(m.group(2).strip())
        if unit is None or not _kind(unit):
            return None
        import astropy.units as u

        quantity = (float(m.group(1)) * unit).si
        if not isinstance(quantity, u.Quantity) or quantity.unit.physical_type == "dimensionless":
            return None
        value = float(quantity.value)
        return f"{value:.6g} {quantity.unit.to_string()}" if math.isfinite(value) else None
    except Exception:  # a normaliser must never take the selection down
        return None


NORMALISERS: tuple[Normaliser, ...] = (quantity_key,)
