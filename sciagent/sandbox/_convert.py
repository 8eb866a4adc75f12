"""Turn a program's ``result`` into a JSON-safe value (the *value convention*).

Rules, in order: None/bool/int/str stay; floats stay unless non-finite
(``"nan"``, ``"inf"``, ``"-inf"``); numpy scalars become Python scalars and
arrays nested lists; an astropy Quantity becomes ``{"value": ..., "unit": str}``;
a pandas DataFrame becomes a dict of its columns as lists (the index first, as a
column, unless it is the default 0..n-1), which every surface shows as a table,
and a Series a dict of index -> value; lists/tuples/sets become lists (sets sorted when possible); dicts keep string
keys (others are ``str()``-ed); anything else becomes its ``repr`` (capped).

Standard library only; numpy, pandas and astropy are consulted only if the
program already imported them.  This runs inside the sandbox.
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


def _default_index(index: Any, pd: Any) -> bool:
    """True for the 0..n-1 index a frame gets when nobody chose one (not worth a column)."""
    return (
        isinstance(index, pd.RangeIndex)
        and index.start == 0
        and index.step == 1
        and index.name is None
    )


def _columns(frame: Any, depth: int) -> dict[str, Any]:
    """A frame's columns by name (repeated names made unique: ``x``, ``x.1``)."""
    out: dict[str, Any] = {}
    for i, label in enumerate(frame.columns):
        name = key = str(label)
        n = 1
        while key in out:
            key, n = f"{name}.{n}", n + 1
        out[key] = to_jsonable(frame.iloc[:, i].tolist(), depth + 1)
    return out


def _pandas(obj: Any, depth: int) -> tuple[bool, Any]:
    pd = sys.modules.get("pandas")
    if pd is None:
        return False, None
    if isinstance(obj, pd.DataFrame):
        frame = obj if _default_index(obj.index, pd) else obj.reset_index()
        return True, _columns(frame, depth)
    if isinstance(obj, pd.Series):
        return True, to_jsonable(obj.to_dict(), depth + 1)
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
    handled, value = _pandas(obj, depth)
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
