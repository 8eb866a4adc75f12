"""llama.cpp through xllamacpp: a prebuilt wheel, so no compiler and no build.

llama-cpp-python is built from source on Linux (5 to 8 minutes on 2 cores,
and a C compiler); xllamacpp ships manylinux, macOS and Windows wheels of
llama.cpp itself (34 MB).  Its API is llama.cpp's own server, driven in
process: ``Server.handle_chat_completions`` renders the GGUF's chat template,
streams OpenAI-style chunks to a callback and reports exact token counts.

Two things here are ours, not the library's defaults:

* The server also listens for HTTP.  It is given a Unix socket in a fresh
  private directory (mode 0700) instead of a TCP port, so nothing on this
  machine but our own process can reach the model.
* Its log goes to stderr, where sciagent prints progress: verbosity is off.

``xllamacpp`` is imported only when a model is first used; a loaded server
(about 1.9 GB resident for the 1.5B) is kept once per process per file.
"""

from __future__ import annotations

import atexit
import queue
import shutil
import tempfile
import threading
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._errors import ContextOverflowError, ModelUnavailableError

RUNTIME = "xllamacpp"
_DONE = object()


@dataclass
class _Server:
    """One ``xllamacpp.Server``, its socket directory, and the lock that serialises calls."""

    server: Any
    n_ctx: int
    socket_dir: str
    lock: threading.Lock = field(default_factory=threading.Lock)

    def close(self) -> None:
        self.server = None  # the server stops when its last reference goes
        shutil.rmtree(self.socket_dir, ignore_errors=True)


_SERVERS: dict[tuple[str, int, int], _Server] = {}
_SERVERS_LOCK = threading.Lock()


def installed() -> bool:
    """Whether xllamacpp can be imported (without importing it)."""
    import importlib.util

    return importlib.util.find_spec("xllamacpp") is not None


def load(model_path: str, n_ctx: int, n_threads: int) -> _Server:
    """The server for ``model_path`` (started once per process, ~2 s)."""
    key = (str(Path(model_path).resolve()), n_ctx, n_threads)
    with _SERVERS_LOCK:
        loaded = _SERVERS.get(key)
        if loaded is None:
            loaded = _SERVERS[key] = _start(model_path, n_ctx, n_threads)
            if len(_SERVERS) == 1:
                atexit.register(close_servers)
        return loaded


def _start(model_path: str, n_ctx: int, n_threads: int) -> _Server:
    try:
        import xllamacpp
    except ImportError as exc:
        raise ModelUnavailableError(
            "running a local GGUF model needs xllamacpp, which is not installed",
            fix='pip install "sciagent[local]" (a prebuilt llama.cpp wheel, no compiler)',
        ) from exc
    if not Path(model_path).is_file():
        raise ModelUnavailableError(
            f"no model file at {model_path}",
            fix="check the path, or run `sciagent model install` for the embedded model",
        )
    params = xllamacpp.CommonParams()
    params.model.path = model_path
    params.n_ctx = n_ctx
    params.n_parallel = 1  # one conversation at a time: the whole window is its own
    params.cpuparams.n_threads = n_threads
    params.cpuparams_batch.n_threads = n_threads
    params.verbosity = -1
    socket_dir = tempfile.mkdtemp(prefix="sciagent-llm-")  # 0700: ours alone
    params.hostnames = [str(Path(socket_dir) / "llm.sock")]
    try:
        server = xllamacpp.Server(params)
    except Exception as exc:
        shutil.rmtree(socket_dir, ignore_errors=True)
        raise ModelUnavailableError(
            f"xllamacpp could not load {model_path}: {exc}",
            fix="check that the file is a GGUF model (sciagent model install verifies it)",
        ) from exc
    return _Server(server, n_ctx, socket_dir)


def close_servers() -> None:
    """Stop every server this process started (the next call restarts, ~2 s)."""
    with _SERVERS_LOCK:
        servers = list(_SERVERS.values())
        _SERVERS.clear()
    for loaded in servers:
        with loaded.lock:
            loaded.close()


def stream_chat(
    loaded: _Server, messages: list[dict[str, Any]], params: dict[str, Any], stop: threading.Event
) -> Generator[dict[str, Any], None, None]:
    """OpenAI-style chunks of one streamed chat completion.

    xllamacpp calls its callback on the calling thread until generation ends,
    so the call runs in a worker thread and hands chunks over a queue; setting
    ``stop`` (or closing this generator) makes the callback ask llama.cpp to
    stop decoding.  A refusal for length becomes :class:`ContextOverflowError`.
    """
    chunks: queue.Queue[Any] = queue.Queue()
    request = {
        **params,
        "messages": messages,
        "stream": True,
        "stream_options": {"include_usage": True},
    }

    def on_chunk(chunk: Any) -> bool:
        chunks.put(chunk)
        return stop.is_set()

    def work() -> None:
        try:
            result = loaded.server.handle_chat_completions(request, on_chunk)
            if isinstance(result, dict) and "error" in result:
                chunks.put(result)
        except BaseException as exc:  # handed to the consumer, raised there
            chunks.put(exc)
        finally:
            chunks.put(_DONE)

    worker = threading.Thread(target=work, name="sciagent-xllamacpp", daemon=True)
    worker.start()
    try:
        while (chunk := chunks.get()) is not _DONE:
            if isinstance(chunk, BaseException):
                raise chunk
            if isinstance(chunk, dict) and "error" in chunk:
                raise _error(chunk["error"], params, loaded.n_ctx)
            yield chunk
    finally:
        stop.set()
        worker.join()


def _error(error: Any, params: dict[str, Any], window: int) -> Exception:
    if isinstance(error, dict) and error.get("type") == "exceed_context_size_error":
        prompt = int(error.get("n_prompt_tokens") or window)
        return ContextOverflowError(prompt, int(params.get("max_tokens") or 0), window)
    message = error.get("message") if isinstance(error, dict) else error
    return ModelUnavailableError(
        f"llama.cpp (xllamacpp) refused the request: {message}",
        fix="report this with the request; meanwhile SCIAGENT_LLM_RUNTIME=llama-cpp-python",
    )
