"""Turn a program's ``result`` into a JSON-safe value (the *value convention*).

Rules, in order: None/bool/int/str stay; floats stay unless non-finite
(``"nan"``, ``"inf"``, ``"-inf"``); numpy scalars become Python scalars and
arrays nested lists; an astropy Quantity becomes ``{"value": ..., "unit": str}``;
lists/tuples/sets become lists (sets sorted when possible); dicts keep string
keys (others are ``str()``-ed); anything else becomes its ``repr`` (capped).

Standard library only; numpy and astropy are consulted only if the program
already imported them.  This runs inside the sandbox.
"""

from __future__ import annotations

import math
import sys
from typing import Any

MAX_DEPTH = 32
MAX_REPR = 10_000


def _short_repr(obj: Any) -> str:
    try:
        text = repr(obj)
    except Exception as exc:  # a hostile or broken __repr__
        text = f"<unrepresentable {type(obj).__name__}: {type(exc).__name__}>"
    return text if len(text) <= MAX_REPR else text[:MAX_REPR] + "...<truncated>"


def _float(x: float) -> float | str:
    if math.isfinite(x):
        return x
    return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")


def _quantity(obj: Any, depth: int) -> dict[str, Any] | None:
    units = sys.modules.get("astropy.units")
    if units is not None and isinstance(obj, units.Quantity):
        return {"value": to_jsonable(obj.value, depth + 1), "unit": str(obj.unit)}
    return None


def _numpy(obj: Any, depth: int) -> tuple[bool, Any]:
    np = sys.modules.get("numpy")
    if np is None:
        return False, None
    if isinstance(obj, np.generic):
        return True, to_jsonable(obj.item(), depth + 1)
    if isinstance(obj, np.ndarray):
        return True, to_jsonable(obj.tolist(), depth + 1)
    return False, None


def to_jsonable(obj: Any, depth: int = 0) -> Any:
    """Convert ``obj`` by the rules in the module docstring."""
    if depth > MAX_DEPTH:
        return _short_repr(obj)
    if obj is None or isinstance(obj, bool | str):
        return obj
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return _float(float(obj))
    quantity = _quantity(obj, depth)
    if quantity is not None:
        return quantity
    handled, value = _numpy(obj, depth)
    if handled:
        return value
    if isinstance(obj, dict):
        return {
            (
                k
                if isinstance(k, str)
                else _short_repr(k)
                if not isinstance(k, int | float)
                else str(k)
            ): (to_jsonable(v, depth + 1))
            for k, v in obj.items()
        }
    if isinstance(obj, set | frozenset):
        try:
            items = sorted(obj)
        except TypeError:
            items = list(obj)
        return [to_jsonable(v, depth + 1) for v in items]
    if isinstance(obj, list | tuple):
        return [to_jsonable(v, depth + 1) for v in obj]
    return _short_repr(obj)
