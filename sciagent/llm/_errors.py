"""Model exceptions: raised when no usable chat model can be produced.

Each one names the fix (a command to run, a package to install, a setting to
change), because the reader is a scientist who just asked for code, not the
person who packaged the weights.
"""

from __future__ import annotations

from ..errors import SciagentError


class ModelError(SciagentError):
    """Base of every error raised while locating, checking or resolving a model."""


class ModelUnavailableError(ModelError):
    """No source could provide the model (weights not installed, offline, package missing)."""


class ModelIntegrityError(ModelError):
    """Weights exist but are not the pinned bytes (corrupt, truncated or substituted)."""


__all__ = ["ModelError", "ModelIntegrityError", "ModelUnavailableError"]
