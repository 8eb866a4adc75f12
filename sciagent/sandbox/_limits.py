"""Resource limits for one task, with the defaults a scientific script needs."""

from __future__ import annotations

import functools
import math
import numbers
import os
from dataclasses import asdict, dataclass, replace
from typing import Any

from ._errors import SandboxInputError

MiB = 1 << 20
DAY_S = 24 * 3600


@functools.lru_cache(maxsize=1)
def machine_memory_mb() -> int:
    """Physical RAM in MB: no task can usefully ask for more (and tmpfs lives in RAM)."""
    try:
        return max(1, os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // MiB)
    except (ValueError, OSError):
        return 1 << 20  # unknown: 1 TiB


def limit_bounds() -> dict[str, tuple[float, float, str]]:
    """Allowed (exclusive minimum, inclusive maximum, unit) per field.

    Finite and bounded, because every limit ends up in a ``select`` timeout,
    an rlimit or a shift, where NaN hangs, infinity overflows and a negative
    value means something else entirely.  The output and value caps are kept
    well under the 256 MiB frame that carries the result back.
    """
    ram = machine_memory_mb()
    return {
        "timeout_s": (0, DAY_S, "seconds"),
        "cpu_s": (0, DAY_S, "seconds"),
        "memory_mb": (0, ram, "MB"),
        "max_procs": (0, 4096, "processes"),
        "max_file_mb": (0, 1 << 20, "MB"),
        "max_files": (0, 1_000_000, "files"),
        "disk_mb": (0, ram, "MB"),
        "output_bytes": (0, 8 * MiB, "bytes"),
        "output_limit_bytes": (0, 1 << 40, "bytes"),
        "file_content_bytes": (0, 16 * MiB, "bytes"),
        "value_bytes": (0, 8 * MiB, "bytes"),
    }


@dataclass(frozen=True)
class Limits:
    """Limits applied to one program run; all are enforced by the kernel or the worker.

    ``memory_mb`` is the address space the program may add on top of the
    (copy-on-write, shared) preloaded worker image, enforced with RLIMIT_AS.
    ``max_procs`` caps processes and threads (RLIMIT_NPROC on a uid of its own).
    ``output_bytes`` is how much of each of stdout/stderr is kept; a program
    that writes more than ``output_limit_bytes`` in total is stopped.
    ``disk_mb`` sizes the scratch filesystem and is fixed per worker.
    """

    timeout_s: float = 30.0
    cpu_s: float | None = None  # None: same as timeout_s
    memory_mb: int = 1024
    max_procs: int = 64
    max_file_mb: int = 64
    max_files: int = 2000
    disk_mb: int = 256
    output_bytes: int = 1 * MiB
    output_limit_bytes: int = 64 * MiB
    file_content_bytes: int = 1 * MiB
    value_bytes: int = 4 * MiB

    def __post_init__(self) -> None:
        bounds = limit_bounds()
        for name, value in asdict(self).items():
            if value is not None:
                # plain int/float from here on (a numpy scalar would not survive JSON)
                object.__setattr__(self, name, _check(name, value, *bounds[name]))

    @property
    def effective_cpu_s(self) -> int:
        """Whole CPU seconds for RLIMIT_CPU (at least 1)."""
        return max(1, round(self.cpu_s if self.cpu_s is not None else self.timeout_s))

    def with_overrides(self, **changes: Any) -> Limits:
        """A copy with the non-None ``changes`` applied."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["cpu_s"] = self.effective_cpu_s
        return d


def _check(name: str, value: Any, low: float, high: float, unit: str) -> int | float:
    """``value`` as a plain number; :class:`SandboxInputError` unless ``low < value <= high``
    (finite, not a bool)."""
    number = _as_number(value)
    shown = f"{name}={value!r:.40}"
    if number is None:
        problem = f"limit {shown} is not a number"
    elif isinstance(number, float) and not math.isfinite(number):
        problem = f"limit {shown} is not finite"
    elif number <= low:
        problem = f"limit {shown} must be positive"
    elif number > high:
        problem = f"limit {shown} is above the maximum of {int(high):,} {unit}"
    else:
        return number
    example = getattr(Limits, name) or Limits.timeout_s
    raise SandboxInputError(
        problem,
        fix=f"pass {name} as a number above {low:g} and at most {int(high):,} {unit}, "
        f"e.g. {example!r}",
    )


def _as_number(value: Any) -> int | float | None:
    """``value`` as an int or float to compare; None for bools and non-numbers.

    Integers stay integers: ``float(10**400)`` would raise ``OverflowError``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    return float(value)
