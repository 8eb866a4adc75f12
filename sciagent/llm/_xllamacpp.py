"""llama.cpp through xllamacpp: a prebuilt wheel, so no compiler and no build.

llama-cpp-python is built from source on Linux (5 to 8 minutes on 2 cores,
and a C compiler); xllamacpp ships manylinux, macOS and Windows wheels of
llama.cpp itself (34 MB).  Its API is llama.cpp's own server:
``Server.handle_chat_completions`` renders the GGUF's chat template, streams
OpenAI-style chunks and reports exact token counts.

The model runs in its own process (:mod:`._xserver`), never in the caller's:
xllamacpp's Cython extension cannot share a process with astropy's, RDKit's
or Biopython's (the one imported second fails), and a notebook has those
loaded.  The process is started on first use (~3 s with the load), kept once
per model file, and ends with ours; requests and chunks cross as JSON lines,
and SIGUSR1 stops a generation.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ._errors import ContextOverflowError, ModelUnavailableError

RUNTIME = "xllamacpp"


@dataclass
class _Server:
    """One model process, and the lock that serialises its requests."""

    process: subprocess.Popen[str]
    n_ctx: int
    log: IO[str]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()  # the process ends at end of input
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


_SERVERS: dict[tuple[str, int, int], _Server] = {}
_SERVERS_LOCK = threading.Lock()


def installed() -> bool:
    """Whether xllamacpp can be imported (without importing it)."""
    return importlib.util.find_spec("xllamacpp") is not None


def load(model_path: str, n_ctx: int, n_threads: int) -> _Server:
    """The model process for ``model_path`` (started once per process, ~3 s)."""
    key = (str(Path(model_path).resolve()), n_ctx, n_threads)
    with _SERVERS_LOCK:
        loaded = _SERVERS.get(key)
        if loaded is None or loaded.process.poll() is not None:
            loaded = _SERVERS[key] = _start(model_path, n_ctx, n_threads)
            atexit.register(close_servers)
        return loaded


def _start(model_path: str, n_ctx: int, n_threads: int) -> _Server:
    if not installed():
        raise ModelUnavailableError(
            "running a local GGUF model needs xllamacpp, which is not installed",
            fix='pip install "sciagent[local]" (a prebuilt llama.cpp wheel, no compiler)',
        )
    if not Path(model_path).is_file():
        raise ModelUnavailableError(
            f"no model file at {model_path}",
            fix="check the path, or run `sciagent model install` for the embedded model",
        )
    log = tempfile.TemporaryFile("w+", prefix="sciagent-llm-", suffix=".log")  # noqa: SIM115 (closed with the process)
    command = [sys.executable, "-m", "sciagent.llm._xserver", model_path, str(n_ctx)]
    process = subprocess.Popen(
        [*command, str(n_threads)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        encoding="utf-8",
        bufsize=1,
    )
    server = _Server(process, n_ctx, log)
    first = _read(server)
    if not first.get("ready"):
        server.close()
        message = (first.get("error") or {}).get("message") or _tail(log)
        raise ModelUnavailableError(
            f"xllamacpp could not load {model_path}: {message}",
            fix="check that the file is a GGUF model (sciagent model install verifies it)",
        )
    return server


def _read(server: _Server) -> dict[str, Any]:
    assert server.process.stdout is not None
    line = server.process.stdout.readline()
    if not line:
        return {"error": {"message": f"the model process ended ({_tail(server.log)})"}}
    message: dict[str, Any] = json.loads(line)
    return message


def _tail(log: IO[str]) -> str:
    log.seek(0)
    lines = [line.strip() for line in log.read().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def close_servers() -> None:
    """End every model process this process started (the next call restarts, ~3 s)."""
    with _SERVERS_LOCK:
        servers = list(_SERVERS.values())
        _SERVERS.clear()
    for loaded in servers:
        with loaded.lock:
            loaded.close()


def stream_chat(
    loaded: _Server, messages: list[dict[str, Any]], params: dict[str, Any], stop: threading.Event
) -> Generator[dict[str, Any], None, None]:
    """OpenAI-style chunks of one streamed chat completion, from the model process.

    Closing this generator early (or setting ``stop``) tells llama.cpp to stop
    decoding, and the rest of the reply is drained, so the next request starts
    clean.  A refusal for length becomes :class:`ContextOverflowError`.
    """
    request = {**params, "messages": messages, "stream": True}
    request["stream_options"] = {"include_usage": True}
    assert loaded.process.stdin is not None
    try:
        loaded.process.stdin.write(json.dumps(request) + "\n")
        loaded.process.stdin.flush()
    except (BrokenPipeError, OSError) as exc:
        raise ModelUnavailableError(
            f"the model process has ended ({_tail(loaded.log)})",
            fix="run the request again (the model process restarts)",
        ) from exc
    done = False
    error: Any = None
    try:
        while not done:
            message = _read(loaded)
            if message.get("done"):
                done = True
            elif "error" in message:
                error = message["error"]
                if loaded.process.poll() is not None:
                    break
            elif error is None and not stop.is_set():
                yield message
    finally:
        if not done and loaded.process.poll() is None:
            os.kill(loaded.process.pid, signal.SIGUSR1)  # stop decoding, then drain
            while not _read(loaded).get("done", False) and loaded.process.poll() is None:
                pass
    if error is not None:
        raise _error(error, params, loaded.n_ctx)


def _error(error: Any, params: dict[str, Any], window: int) -> Exception:
    if isinstance(error, dict) and error.get("type") == "exceed_context_size_error":
        prompt = int(error.get("n_prompt_tokens") or window)
        return ContextOverflowError(prompt, int(params.get("max_tokens") or 0), window)
    message = error.get("message") if isinstance(error, dict) else error
    return ModelUnavailableError(
        f"llama.cpp (xllamacpp) refused the request: {message}",
        fix="report this with the request; meanwhile SCIAGENT_LLM_RUNTIME=llama-cpp-python",
    )
