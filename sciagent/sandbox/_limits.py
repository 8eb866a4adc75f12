"""Resource limits for one task, with the defaults a scientific script needs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from ._errors import SandboxInputError

MiB = 1 << 20


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
        for name, value in asdict(self).items():
            if value is not None and (not isinstance(value, int | float) or value <= 0):
                raise SandboxInputError(
                    f"limit {name}={value!r} must be a positive number",
                    fix=f"pass a positive {name}, e.g. {getattr(Limits, name)!r}",
                )

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
