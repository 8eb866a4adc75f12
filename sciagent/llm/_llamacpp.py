"""A LangChain chat model over a local GGUF file, run by llama.cpp.

Two runtimes drive llama.cpp: xllamacpp (a prebuilt wheel; ``_xllamacpp.py``)
and llama-cpp-python (built from source on Linux; this module).  The runtime is
the ``runtime`` field, else ``$SCIAGENT_LLM_RUNTIME``, else the first installed
of the two in that order; both get the same messages, sampling settings, stop
sequences and loop guard, and report token usage the same way.

Why our own adapter rather than ``langchain_community.chat_models.ChatLlamaCpp``:
langchain-community is being sunset (it warns on import), and its defaults hurt
code generation: it always passes ``rope_freq_base=10000, rope_freq_scale=1.0``,
overriding the RoPE base stored in the GGUF (Qwen2.5 uses 1,000,000), and
``repeat_penalty=1.1``, which punishes code for repeating names.  With those
defaults Qwen2.5-Coder-1.5B solved 3/8 of our tasks; with the file's own RoPE
and no repeat penalty, 6/8.  So this adapter passes no RoPE parameters at all,
uses ``repeat_penalty=1.0`` and temperature 0 (greedy) by default.

The context window defaults to the length the GGUF was trained with, capped
(see ``_window.py``), and a prompt that leaves no room for the reply raises
:class:`ContextOverflowError` with the counts before anything is sent.

``llama_cpp`` is imported only when a model is first used, and each loaded
model (about 1.9 GB resident for the 1.5B) is kept once per process and shared
by every adapter pointing at the same file; :func:`close_models` frees them.
"""

from __future__ import annotations

import atexit
import os
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel, LangSmithParams
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    ChatMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from . import _xllamacpp
from ._errors import ContextOverflowError, ModelUnavailableError
from ._window import DEFAULT_CONTEXT_CAP, default_window

LLM_TYPE = "sciagent-llamacpp"
RUNTIME_ENV = "SCIAGENT_LLM_RUNTIME"
LLAMA_CPP_PYTHON = "llama-cpp-python"
RUNTIMES = (_xllamacpp.RUNTIME, LLAMA_CPP_PYTHON)


def choose_runtime(runtime: str | None = None) -> str:
    """Which llama.cpp binding runs local models (see the module docstring)."""
    chosen = (runtime or os.environ.get(RUNTIME_ENV, "")).strip().lower()
    if chosen:
        if chosen not in RUNTIMES:
            raise ModelUnavailableError(
                f"unknown llama.cpp runtime {chosen!r}",
                fix=f"set {RUNTIME_ENV} (or runtime=) to one of: {', '.join(RUNTIMES)}",
            )
        return chosen
    if _xllamacpp.installed():
        return _xllamacpp.RUNTIME
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is not None:
        return LLAMA_CPP_PYTHON
    raise ModelUnavailableError(
        "running a local GGUF model needs a llama.cpp runtime, and none is installed",
        fix=(
            'pip install "sciagent[local]" (xllamacpp, a prebuilt wheel), '
            "or choose a hosted model, e.g. SCIAGENT_MODEL=openai:gpt-4o-mini"
        ),
    )


def default_threads() -> int:
    """CPUs this process may run on.

    llama-cpp-python's own default is half of ``cpu_count()`` for generation,
    which is a single thread on a 2-core machine; all usable cores measured
    faster here (see ``benchmarks/model.py``).
    """
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # macOS, Windows
        return max(os.cpu_count() or 1, 1)


@dataclass
class _Loaded:
    """One ``llama_cpp.Llama`` and the lock that serialises its use (it is not thread-safe)."""

    llama: Any
    lock: threading.Lock = field(default_factory=threading.Lock)


_MODELS: dict[tuple[str, int, int], _Loaded] = {}
_MODELS_LOCK = threading.Lock()


def _load(model_path: str, n_ctx: int, n_threads: int) -> _Loaded:
    key = (str(Path(model_path).resolve()), n_ctx, n_threads)
    with _MODELS_LOCK:
        loaded = _MODELS.get(key)
        if loaded is not None:
            return loaded
        try:
            import llama_cpp
        except ImportError as exc:
            raise ModelUnavailableError(
                "this runtime needs llama-cpp-python, which is not installed",
                fix=(
                    "pip install llama-cpp-python (builds llama.cpp, about 5 minutes), "
                    f"or {RUNTIME_ENV}=xllamacpp with pip install xllamacpp (a prebuilt wheel)"
                ),
            ) from exc
        if not Path(model_path).is_file():
            raise ModelUnavailableError(
                f"no model file at {model_path}",
                fix="check the path, or run `sciagent model install` for the embedded model",
            )
        # No rope_freq_base / rope_freq_scale: llama.cpp then reads them from the GGUF.
        llama = llama_cpp.Llama(
            model_path=model_path, n_ctx=n_ctx, n_threads=n_threads, verbose=False
        )
        if not _MODELS:
            # free models before interpreter teardown: llama-cpp-python's own
            # finaliser runs after module globals are gone and prints a traceback
            atexit.register(close_models)
        loaded = _MODELS[key] = _Loaded(llama)
        return loaded


def close_models() -> None:
    """Free every model loaded in this process (the next call reloads, ~3 s)."""
    _xllamacpp.close_servers()
    with _MODELS_LOCK:
        models = list(_MODELS.values())
        _MODELS.clear()
    for loaded in models:
        with loaded.lock:
            close = getattr(loaded.llama, "close", None)
            if close is not None:
                close()


def _text(content: str | list[Any]) -> str:
    if isinstance(content, str):
        return content
    parts: list[str] = []
    for block in content:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, Mapping) and block.get("type") == "text":
            parts.append(str(block.get("text", "")))
        else:
            kind = block.get("type") if isinstance(block, Mapping) else type(block).__name__
            raise ValueError(
                f"ChatLlamaCpp takes text only; got a {kind!r} content block "
                "(use a multimodal provider model for images or files)"
            )
    return "".join(parts)


def to_llama_messages(messages: Sequence[BaseMessage]) -> list[dict[str, Any]]:
    """LangChain messages as OpenAI-style dicts for the GGUF's chat template."""
    out: list[dict[str, Any]] = []
    for m in messages:
        if isinstance(m, SystemMessage):
            role = "system"
        elif isinstance(m, HumanMessage):
            role = "user"
        elif isinstance(m, AIMessage):
            role = "assistant"
        elif isinstance(m, ToolMessage):
            out.append(
                {"role": "tool", "content": _text(m.content), "tool_call_id": m.tool_call_id}
            )
            continue
        elif isinstance(m, ChatMessage):
            role = m.role
        else:
            raise ValueError(f"ChatLlamaCpp cannot send a {type(m).__name__} to the model")
        out.append({"role": role, "content": _text(m.content)})
    return out


def _usage(input_tokens: int, output_tokens: int) -> UsageMetadata:
    return UsageMetadata(
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        total_tokens=input_tokens + output_tokens,
    )


class ChatLlamaCpp(BaseChatModel):
    """Chat with a local GGUF model through ``llama_cpp.Llama.create_chat_completion``.

    The prompt is formatted by the chat template stored in the GGUF file.
    Defaults suit code generation: temperature 0 (greedy, reproducible),
    ``repeat_penalty=1.0`` and the model's own RoPE settings.

        >>> chat = ChatLlamaCpp(model_path="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
        >>> chat.invoke("Print hello in Python.").content  # doctest: +SKIP
    """

    model_path: str
    """Path of the GGUF file (see :func:`sciagent.llm.locate_gguf` for a verified one)."""
    model_name: str | None = None
    """Name reported in results; defaults to the file name."""
    n_ctx: int | None = None
    """Context window in tokens (prompt + answer); ``None``: the length the GGUF
    was trained with, at most ``DEFAULT_CONTEXT_CAP`` (Qwen2.5-Coder: 32,768 -> 16,384)."""
    n_threads: int | None = None
    """Generation threads; ``None`` means every CPU this process may use."""
    temperature: float = 0.0
    seed: int | None = None
    """Sampling seed when ``temperature > 0``.  llama-cpp-python re-seeds every call
    the same way unless given one, so samples meant to differ need their own."""
    max_tokens: int = 1024
    stop: list[str] | None = None
    """Stop sequences added to every call (a call's own ``stop`` adds to these)."""
    runtime: str | None = None
    """``"xllamacpp"`` or ``"llama-cpp-python"``; ``None``: ``$SCIAGENT_LLM_RUNTIME``,
    else the first of the two that is installed."""

    @property
    def _llm_type(self) -> str:
        return LLM_TYPE

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model_name": self.display_name,
            "model_path": self.model_path,
            "n_ctx": self.n_ctx,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "stop": self.stop,
            "runtime": self.runtime,
        }

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        params = super()._get_ls_params(stop=stop, **kwargs)
        params["ls_provider"] = "llamacpp"
        params["ls_model_name"] = self.display_name
        return params

    @property
    def display_name(self) -> str:
        return self.model_name or Path(self.model_path).name

    def window(self) -> int:
        """The context window this model opens (reads the GGUF header, not the weights)."""
        return self.n_ctx or default_window(self.model_path, DEFAULT_CONTEXT_CAP)

    def load(self) -> None:
        """Load the model now (about 2 s), so the first answer does not pay for it."""
        if choose_runtime(self.runtime) == _xllamacpp.RUNTIME:
            _xllamacpp.load(self.model_path, self.window(), self.n_threads or default_threads())
        else:
            self._loaded()

    def _loaded(self) -> _Loaded:
        return _load(self.model_path, self.window(), self.n_threads or default_threads())

    def _check_fits(
        self, llama: Any, messages: list[dict[str, Any]], params: dict[str, Any]
    ) -> int:
        """Prompt tokens; raises :class:`ContextOverflowError` before an opaque failure.

        The reply keeps room for ``max_tokens`` (llama.cpp would otherwise cut
        it short silently, or refuse the prompt with a bare ``ValueError``).
        """
        prompt = _count_prompt_tokens(llama, messages)
        window = int(llama.n_ctx())
        reply = int(params.get("max_tokens") or 0)
        if prompt and prompt + reply > window:
            raise ContextOverflowError(prompt, reply, window)
        return prompt

    def _params(self, stop: list[str] | None, kwargs: dict[str, Any]) -> dict[str, Any]:
        stops = [*(self.stop or ()), *(stop or ())]
        params: dict[str, Any] = {
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "stop": stops or None,
            "repeat_penalty": 1.0,
        }
        if self.seed is not None:
            params["seed"] = self.seed
        params.update(kwargs)
        return params

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        # streamed underneath, so a reply stuck in a loop is cut short (see _pieces)
        chunks = list(self._stream(messages, stop, run_manager, **kwargs))
        last = chunks[-1]
        finish_reason = (last.generation_info or {}).get("finish_reason")
        message = AIMessage(
            content="".join(str(c.message.content) for c in chunks),
            usage_metadata=cast(AIMessageChunk, last.message).usage_metadata,
            response_metadata=last.message.response_metadata,
        )
        return ChatResult(
            generations=[
                ChatGeneration(message=message, generation_info={"finish_reason": finish_reason})
            ],
            llm_output={"model_name": self.display_name},
        )

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        """Yield the answer piece by piece, then one empty chunk carrying the usage.

        llama-cpp-python reports no token counts when streaming, so they are
        counted here: the prompt as the GGUF's chat template renders it, the
        answer by tokenizing the streamed text.  ``finish_reason`` is
        ``"repetition"`` when the reply was cut for looping.
        """
        if choose_runtime(self.runtime) == _xllamacpp.RUNTIME:
            yield from self._stream_xllamacpp(messages, stop, run_manager, **kwargs)
            return
        loaded = self._loaded()
        llama_messages = to_llama_messages(messages)
        relay = _Relay()
        params = self._params(stop, kwargs)
        with _holding(loaded.lock):
            prompt_tokens = self._check_fits(loaded.llama, llama_messages, params)
            stream = _completion(loaded.llama, llama_messages, params)
            yield from _relay(stream, run_manager, relay)
            usage = _usage(prompt_tokens, _count_tokens(loaded.llama, "".join(relay.text)))
        yield self._last_chunk(usage, relay.finish_reason)

    def _stream_xllamacpp(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None,
        run_manager: CallbackManagerForLLMRun | None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        """As :meth:`_stream`, through xllamacpp, which counts the tokens itself."""
        server = _xllamacpp.load(
            self.model_path, self.window(), self.n_threads or default_threads()
        )
        params = {k: v for k, v in self._params(stop, kwargs).items() if v is not None}
        relay = _Relay()
        with _holding(server.lock):
            parts = _xllamacpp.stream_chat(
                server, to_llama_messages(messages), params, threading.Event()
            )
            yield from _relay(parts, run_manager, relay)
        counts = relay.usage or {}
        usage = _usage(counts.get("prompt_tokens", 0), counts.get("completion_tokens", 0))
        yield self._last_chunk(usage, relay.finish_reason)

    def _last_chunk(self, usage: UsageMetadata, finish_reason: str | None) -> ChatGenerationChunk:
        """The empty closing chunk that carries the usage and why generation ended."""
        return ChatGenerationChunk(
            message=AIMessageChunk(
                content="",
                usage_metadata=usage,
                response_metadata={"model_name": self.display_name, "finish_reason": finish_reason},
                chunk_position="last",
            ),
            generation_info={"finish_reason": finish_reason},
        )


@dataclass
class _Relay:
    """What a streamed reply said besides its pieces of text."""

    finish_reason: str | None = None
    text: list[str] = field(default_factory=list)
    usage: dict[str, int] | None = None


def _relay(
    parts: Iterator[dict[str, Any]],
    run_manager: CallbackManagerForLLMRun | None,
    relay: _Relay,
) -> Iterator[ChatGenerationChunk]:
    """OpenAI-style stream chunks (either runtime's) as LangChain chunks.

    Cut short, and llama.cpp told to stop, when the reply starts looping
    (``finish_reason`` ``"repetition"``, see :class:`LoopGuard`).
    """
    loop = LoopGuard()
    for part in parts:
        relay.usage = part.get("usage") or relay.usage
        if not part.get("choices"):
            continue
        choice = part["choices"][0]
        relay.finish_reason = choice.get("finish_reason") or relay.finish_reason
        text = (choice.get("delta") or {}).get("content")
        if not text:
            continue
        relay.text.append(text)
        chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
        if run_manager is not None:
            run_manager.on_llm_new_token(text, chunk=chunk)
        yield chunk
        if loop.feed(text):
            relay.finish_reason = "repetition"
            close = getattr(parts, "close", None)
            if close is not None:
                close()  # llama.cpp stops decoding
            return


class LoopGuard:
    """Spots a reply that has started repeating itself.

    Greedy decoding of a small model can fall into a cycle (the same import
    line eighty times) and burn the whole token budget, a minute of CPU here.
    A block of one to eight lines repeated back to back ``times`` times is
    never a sensible program, so generation stops there.
    """

    def __init__(self, times: int = 6, max_period: int = 8) -> None:
        self.times = times
        self.max_period = max_period
        self._partial = ""  # the line being written
        self._lines: list[str] = []  # completed non-blank lines, stripped

    def feed(self, text: str) -> bool:
        """Add streamed text; True once the completed lines end in a loop.

        Called per token: only a newline completes a line, so only then is
        anything checked, and only the tail of the lines so far.
        """
        *done, self._partial = (self._partial + text).split("\n")
        if not done:
            return False
        self._lines += [line.strip() for line in done if line.strip()]
        lines = self._lines
        for period in range(1, self.max_period + 1):
            span = period * self.times
            if len(lines) < span:
                break
            tail = lines[-span:]
            if all(tail[i] == tail[i % period] for i in range(span)):
                return True
        return False


def _completion(llama: Any, messages: list[dict[str, Any]], params: dict[str, Any]) -> Any:
    """Start a streamed chat completion; a prompt llama.cpp finds too long is our error.

    Streams fail on the first ``next``, so the first chunk is read here and
    put back in front of the rest.
    """
    stream = llama.create_chat_completion(messages=messages, stream=True, **params)
    try:
        first = next(stream)
    except StopIteration:
        return iter(())
    except ValueError as exc:
        if "context window" not in str(exc):
            raise
        window = int(llama.n_ctx())
        asked = re.search(r"\((\d+)\)", str(exc))  # "Requested tokens (5029) exceed ..."
        prompt = int(asked.group(1)) if asked else window
        raise ContextOverflowError(prompt, int(params.get("max_tokens") or 0), window) from exc
    return _prepend(first, stream)


def _prepend(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


@contextmanager
def _holding(lock: threading.Lock) -> Iterator[None]:
    """Hold ``lock`` for a generator's life, released even if the consumer stops early."""
    lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _count_tokens(llama: Any, text: str) -> int:
    if not text:
        return 0
    return len(llama.tokenize(text.encode("utf-8"), add_bos=False, special=True))


def _count_prompt_tokens(llama: Any, messages: list[dict[str, Any]]) -> int:
    """Tokens of the prompt as llama-cpp-python formats it from the GGUF's chat template.

    Falls back to 0 when the model carries no template (the count is then unknown).
    """
    template = llama.metadata.get("tokenizer.chat_template")
    if not template:
        return 0
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    def token(token_id: int) -> str:
        return llama._model.token_get_text(token_id) if token_id != -1 else ""

    # The same formatter llama-cpp-python builds for a GGUF's default template.
    formatter = Jinja2ChatFormatter(
        template=template,
        eos_token=token(llama.token_eos()),
        bos_token=token(llama.token_bos()),
    )
    prompt = formatter(messages=cast(Any, messages)).prompt
    return len(llama.tokenize(prompt.encode("utf-8"), add_bos=True, special=True))


__all__ = [
    "LLM_TYPE",
    "RUNTIMES",
    "RUNTIME_ENV",
    "ChatLlamaCpp",
    "choose_runtime",
    "close_models",
    "context_window",
    "default_threads",
    "to_llama_messages",
]


def context_window(model: BaseChatModel) -> int | None:
    """Tokens (prompt + reply) ``model`` can take, when known.

    The embedded adapter knows its window (``n_ctx``, or the GGUF's trained
    length capped at :data:`DEFAULT_CONTEXT_CAP`); for other LangChain models
    the window is not discoverable offline, so this returns ``None``.
    """
    if isinstance(model, ChatLlamaCpp):
        return model.window()
    return None
