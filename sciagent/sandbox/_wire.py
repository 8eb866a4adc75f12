"""Length-prefixed JSON frames over pipes: the only channel between host and worker.

Standard library only: this module is also loaded by the in-sandbox worker.
"""

from __future__ import annotations

import json
import os
import select
import struct
import time
from typing import Any

HEADER = struct.Struct(">I")
MAX_FRAME = 256 << 20


class FrameError(Exception):
    """The peer closed the channel, timed out, or sent something malformed."""


def write_frame(fd: int, obj: Any) -> None:
    data = json.dumps(obj, separators=(",", ":")).encode()
    payload = HEADER.pack(len(data)) + data
    view = memoryview(payload)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    while n:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FrameError("timed out waiting for the peer")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                raise FrameError("timed out waiting for the peer")
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise FrameError("the peer closed the channel")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, deadline: float | None = None, max_size: int = MAX_FRAME) -> Any:
    (size,) = HEADER.unpack(_read_exact(fd, HEADER.size, deadline))
    if size > max_size:
        raise FrameError(f"frame of {size} bytes exceeds {max_size}")
    try:
        return json.loads(_read_exact(fd, size, deadline))
    except ValueError as exc:
        raise FrameError(f"malformed frame: {exc}") from None


def parse_frames(data: bytes) -> list[Any]:
    """Split a complete buffer into frames; FrameError on anything left over or malformed."""
    frames: list[Any] = []
    pos = 0
    while pos < len(data):
        if len(data) - pos < HEADER.size:
            raise FrameError("truncated frame header")
        (size,) = HEADER.unpack_from(data, pos)
        pos += HEADER.size
        if len(data) - pos < size:
            raise FrameError("truncated frame")
        try:
            frames.append(json.loads(data[pos : pos + size]))
        except ValueError as exc:
            raise FrameError(f"malformed frame: {exc}") from None
        pos += size
    return frames
