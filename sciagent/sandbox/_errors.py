"""Sandbox exceptions: raised when the sandbox itself cannot do its job.

A *program* failing (an exception, a limit hit) is never raised: it comes back
as a :class:`~sciagent.sandbox.RunError` inside the result, because the caller
(often a repair loop) needs to read it, not catch it.
"""

from __future__ import annotations

from ..errors import SciagentError


class SandboxError(SciagentError):
    """Base of every error the sandbox raises."""


class SandboxUnavailableError(SandboxError):
    """No isolation tier works here and the caller did not accept running unconfined."""


class SandboxStartError(SandboxError):
    """A worker process could not be started or did not report ready."""


class SandboxClosedError(SandboxError):
    """The pool was closed; create a new one."""


class SandboxInputError(SandboxError):
    """An argument to run_code is invalid (bad limit, bad input file name)."""


__all__ = [
    "SandboxClosedError",
    "SandboxError",
    "SandboxInputError",
    "SandboxStartError",
    "SandboxUnavailableError",
]
