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


class ContextOverflowError(ModelError, ValueError):
    """The prompt and the room kept for the reply do not fit the model's context window.

    Raised before anything is sent, with the counts, so the caller can drop
    cards or data and retry.  A ``ValueError`` too: that is what llama-cpp-python
    raises for the same condition.
    """

    def __init__(self, prompt_tokens: int, reply_tokens: int, window: int) -> None:
        self.prompt_tokens = prompt_tokens
        self.reply_tokens = reply_tokens
        self.window = window
        super().__init__(
            f"the prompt is {prompt_tokens:,} tokens, and with {reply_tokens:,} kept for the "
            f"reply it does not fit the model's {window:,}-token context window",
            fix=(
                f"shorten the prompt by at least {prompt_tokens + reply_tokens - window:,} tokens "
                "(fewer signature cards, less inline data: read long data from a file), "
                "lower max_tokens, or open a larger window with n_ctx=..."
            ),
        )


__all__ = ["ContextOverflowError", "ModelError", "ModelIntegrityError", "ModelUnavailableError"]
