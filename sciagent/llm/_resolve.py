"""Turn whatever the user says about a model into a LangChain chat model.

One setting away from any model: the ``model`` argument, else
``$SCIAGENT_MODEL``, else the embedded Qwen2.5-Coder-1.5B.  Accepted forms:

* a ``BaseChatModel`` object: used as is;
* a path ending in ``.gguf``: run locally by :class:`ChatLlamaCpp`;
* a pinned name (``"qwen2.5-coder-1.5b"``, ``"qwen2.5-coder-0.5b"``): the
  verified local file (see :func:`locate_gguf`);
* ``"provider:model"`` (``"openai:gpt-4o-mini"``, ``"ollama:qwen2.5-coder"``):
  LangChain's ``init_chat_model``.  The ``langchain`` package (which pulls
  langgraph, ~2.3 s to import) is imported only in this case.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel

from ._errors import ModelUnavailableError
from ._llamacpp import ChatLlamaCpp, choose_runtime
from ._weights import DEFAULT_MODEL, KNOWN_MODELS, locate_gguf

MODEL_ENV = "SCIAGENT_MODEL"

#: The integration package ``init_chat_model`` needs for a provider prefix.
_PROVIDER_PACKAGES = {
    "openai": "langchain-openai",
    "azure_openai": "langchain-openai",
    "anthropic": "langchain-anthropic",
    "ollama": "langchain-ollama",
    "google_genai": "langchain-google-genai",
    "google_vertexai": "langchain-google-vertexai",
    "bedrock": "langchain-aws",
    "bedrock_converse": "langchain-aws",
    "mistralai": "langchain-mistralai",
    "groq": "langchain-groq",
    "fireworks": "langchain-fireworks",
    "together": "langchain-together",
    "huggingface": "langchain-huggingface",
    "deepseek": "langchain-deepseek",
    "xai": "langchain-xai",
    "perplexity": "langchain-perplexity",
    "cohere": "langchain-cohere",
}


def resolve_chat_model(
    model: BaseChatModel | str | os.PathLike[str] | None = None,
    *,
    allow_download: bool = False,
    **kwargs: Any,
) -> BaseChatModel:
    """The chat model ``model`` names (see the module docstring for the forms).

    ``kwargs`` go to the model's constructor (``temperature``, ``max_tokens``,
    ``n_ctx`` for local files, ...).  ``allow_download`` lets the embedded
    model be fetched from the Hugging Face hub if no offline source has it;
    without it (or ``SCIAGENT_ALLOW_DOWNLOAD=1``) nothing is downloaded.
    """
    if isinstance(model, BaseChatModel):
        if kwargs:
            raise TypeError(
                "keyword arguments configure a model sciagent builds; "
                "pass them to your own model's constructor instead"
            )
        return model
    if model is None:
        model = os.environ.get(MODEL_ENV, "").strip() or DEFAULT_MODEL.name
    if isinstance(model, os.PathLike):
        model = os.fspath(model)
    if not isinstance(model, str):
        raise TypeError(f"model must be a BaseChatModel, a string or a path, not {model!r}")

    if model.lower().endswith(".gguf"):
        # A file carrying a pinned model's name is held to that model's sha256.
        name = Path(model).name
        spec = next((s for s in KNOWN_MODELS.values() if s.filename == name), DEFAULT_MODEL)
        path = locate_gguf(spec, model, allow_download=allow_download)
        return ChatLlamaCpp(model_path=str(path), **kwargs)
    if model in KNOWN_MODELS:
        spec = KNOWN_MODELS[model]
        path = locate_gguf(spec, allow_download=allow_download)
        return ChatLlamaCpp(model_path=str(path), model_name=spec.name, **kwargs)
    if ":" in model:
        return _init_provider_model(model, **kwargs)
    raise ModelUnavailableError(
        f"cannot tell which model {model!r} means",
        fix=(
            "use 'provider:model' (e.g. 'openai:gpt-4o-mini', 'ollama:qwen2.5-coder'), "
            "a path to a .gguf file, or one of the embedded models: "
            + ", ".join(sorted(KNOWN_MODELS))
        ),
    )


def _init_provider_model(model: str, **kwargs: Any) -> BaseChatModel:
    provider = model.split(":", 1)[0].strip().lower()
    package = _PROVIDER_PACKAGES.get(provider, f"langchain-{provider.replace('_', '-')}")
    try:
        from langchain.chat_models import init_chat_model
    except ImportError as exc:
        raise ModelUnavailableError(
            f"{model!r} names a provider model, which needs the langchain package",
            fix=f"pip install 'sciagent[providers]' {package}",
        ) from exc
    try:
        chat = init_chat_model(model, **kwargs)
    except ImportError as exc:
        raise ModelUnavailableError(
            f"the {provider!r} integration for {model!r} is not installed ({exc})",
            fix=f"pip install {package}",
        ) from exc
    except ValueError as exc:  # unknown provider, bad model string
        raise ModelUnavailableError(
            f"LangChain cannot build {model!r}: {exc}",
            fix="check the provider prefix against langchain's init_chat_model documentation",
        ) from exc
    if not isinstance(chat, BaseChatModel):  # configurable models are runnables, not chat models
        raise ModelUnavailableError(
            f"init_chat_model({model!r}) did not return a chat model", fix="name a concrete model"
        )
    return chat


def describe_model(model: BaseChatModel | str | os.PathLike[str] | None) -> str:
    """A short, stable description of a model for results and transcripts.

    Local files are named with their provenance (``llama.cpp``, and the pinned
    sha256 prefix when the file is an embedded model), provider models as
    ``provider:model``.  Never loads anything.
    """
    if model is None:
        model = os.environ.get(MODEL_ENV, "").strip() or DEFAULT_MODEL.name
    if isinstance(model, str | os.PathLike):
        return os.fspath(model)
    if isinstance(model, ChatLlamaCpp):
        filename = Path(model.model_path).name
        try:
            engine = f"llama.cpp via {choose_runtime(model.runtime)}"
        except ModelUnavailableError:
            engine = "llama.cpp, no runtime installed"
        for spec in KNOWN_MODELS.values():
            if filename == spec.filename:
                return f"{spec.name} ({filename}, sha256 {spec.sha256[:12]}, {engine}, local)"
        return f"{model.display_name} ({engine}, local)"
    # LangChain's tracing parameters name the provider and model for every
    # integration (overridden by the well-behaved ones, derived otherwise).
    ls = model._get_ls_params()
    provider = ls.get("ls_provider") or model._llm_type
    name = ls.get("ls_model_name")
    return f"{provider}:{name}" if name else str(provider)


__all__ = ["MODEL_ENV", "describe_model", "resolve_chat_model"]
