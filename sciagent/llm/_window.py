"""How many tokens a chat model can see: read from the GGUF, sized to fit.

A GGUF file stores the context length the model was trained with
(``<architecture>.context_length``; Qwen2.5-Coder: 32,768).  A fixed 4,096
window refused a request with long data at 5,029 tokens, while the model
itself could have read it; a full 32k window costs KV cache the agent rarely
needs.  So the default is the trained length capped at
:data:`DEFAULT_CONTEXT_CAP`.  The header is read here, in a few hundred bytes,
without llama-cpp-python, so the window is known before the model loads.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

#: The default window never exceeds this many tokens (KV cache of the 1.5B:
#: ~28 KiB per token, so ~450 MiB at 16,384).
DEFAULT_CONTEXT_CAP = 16384
#: The window when the file does not say (the old fixed default).
FALLBACK_CONTEXT = 4096

# GGUF value types -> struct format of a scalar (8: string, 9: array)
_SCALARS = {
    0: "B",
    1: "b",
    2: "H",
    3: "h",
    4: "I",
    5: "i",
    6: "f",
    7: "?",
    10: "Q",
    11: "q",
    12: "d",
}
_STRING, _ARRAY = 8, 9


def default_window(model_path: str | Path, cap: int = DEFAULT_CONTEXT_CAP) -> int:
    """The window to open for a GGUF: its trained length, at most ``cap``."""
    trained = trained_context(model_path)
    return min(trained, cap) if trained else min(FALLBACK_CONTEXT, cap)


def trained_context(model_path: str | Path) -> int | None:
    """The context length a GGUF file declares, or None if unreadable or absent."""
    path = Path(model_path)
    try:
        stat = path.stat()
        return _trained_context(str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    except (OSError, ValueError, struct.error):
        return None


@lru_cache(maxsize=16)
def _trained_context(path: str, size: int, mtime_ns: int) -> int | None:
    """Cached per file version (size and mtime): reading stops at the key."""
    with open(path, "rb") as fh:
        if fh.read(4) != b"GGUF":
            return None
        (version,) = struct.unpack("<I", fh.read(4))
        if version < 2:
            return None  # GGUF v1 used 32-bit counts; no model we ship is that old
        _tensors, count = struct.unpack("<QQ", fh.read(16))
        arch: str | None = None
        lengths: dict[str, int] = {}
        for _ in range(count):
            key = _string(fh)
            (kind,) = struct.unpack("<I", fh.read(4))
            if key == "general.architecture" and kind == _STRING:
                arch = _string(fh)
            elif key.endswith(".context_length") and kind in _SCALARS:
                lengths[key] = int(_scalar(fh, kind))
            else:
                _skip(fh, kind)
            if arch is not None and f"{arch}.context_length" in lengths:
                return lengths[f"{arch}.context_length"]
        return next(iter(lengths.values()), None) if arch is None else None


def _string(fh: BinaryIO) -> str:
    (n,) = struct.unpack("<Q", fh.read(8))
    return fh.read(n).decode("utf-8", "replace")


def _scalar(fh: BinaryIO, kind: int) -> float | int | bool:
    fmt = "<" + _SCALARS[kind]
    value: float | int | bool = struct.unpack(fmt, fh.read(struct.calcsize(fmt)))[0]
    return value


def _skip(fh: BinaryIO, kind: int) -> None:
    if kind in _SCALARS:
        fh.seek(struct.calcsize("<" + _SCALARS[kind]), 1)
    elif kind == _STRING:
        (n,) = struct.unpack("<Q", fh.read(8))
        fh.seek(n, 1)
    elif kind == _ARRAY:
        inner, n = struct.unpack("<IQ", fh.read(12))
        if inner in _SCALARS:
            fh.seek(n * struct.calcsize("<" + _SCALARS[inner]), 1)
        else:
            for _ in range(n):
                _skip(fh, inner)
    else:
        raise ValueError(f"unknown GGUF value type {kind}")


__all__ = [
    "DEFAULT_CONTEXT_CAP",
    "FALLBACK_CONTEXT",
    "default_window",
    "trained_context",
]
