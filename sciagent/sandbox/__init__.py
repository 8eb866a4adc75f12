"""Run generated programs in a kernel-confined CPython subprocess.

Code a language model writes is hostile until proven otherwise: each program
runs in a forked child of a warm, sandboxed worker (bubblewrap namespaces,
Landlock, seccomp, rlimits, an unprivileged uid) and comes back as a
:class:`RunResult`.  See ``docs/sandbox.md``.

    >>> from sciagent.sandbox import run_code
    >>> run_code("result = 6 * 7").value
    42
"""

from __future__ import annotations

from ._errors import (
    SandboxClosedError,
    SandboxError,
    SandboxInputError,
    SandboxStartError,
    SandboxUnavailableError,
)
from ._limits import Limits
from ._pool import SandboxPool
from ._result import OutputFile, RunError, RunResult
from ._run import close_default_pools, default_pool, run_code
from ._save import (
    SavedFile,
    SavedOutputs,
    SkippedFile,
    check_output_dir,
    default_output_dir,
    keep_outputs,
    output_target,
    save_outputs,
)
from ._tiers import TierReport, detect_tier

__all__ = [
    "Limits",
    "OutputFile",
    "RunError",
    "RunResult",
    "SandboxClosedError",
    "SandboxError",
    "SandboxInputError",
    "SandboxPool",
    "SandboxStartError",
    "SandboxUnavailableError",
    "SavedFile",
    "SavedOutputs",
    "SkippedFile",
    "TierReport",
    "check_output_dir",
    "close_default_pools",
    "default_output_dir",
    "default_pool",
    "detect_tier",
    "keep_outputs",
    "output_target",
    "run_code",
    "save_outputs",
]
