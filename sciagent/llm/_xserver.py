"""The xllamacpp model process: ``python -m sciagent.llm._xserver MODEL N_CTX N_THREADS``.

xllamacpp is built with Cython's limited API, and its shared Cython function
type has another size than the one astropy, RDKit and Biopython were built
with: whichever of them is imported second fails ("Shared Cython type
cython_function_or_method has the wrong size").  A notebook has astropy
loaded before it asks for an answer, so the model never runs in the caller's
process: it runs here, alone, and talks JSON lines.

Protocol (one line per message, UTF-8 JSON):
    out  {"ready": true} | {"error": {...}}        once, after loading
    in   a chat-completion request (always streamed)
    out  each chunk, then {"error": {...}} if llama.cpp refused, then {"done": true}
SIGUSR1 stops the generation in progress; closing stdin ends the process.
"""

from __future__ import annotations

import json
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, TextIO


def _start(model_path: str, n_ctx: int, n_threads: int, socket_dir: str) -> Any:
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = model_path
    params.n_ctx = n_ctx
    params.n_parallel = 1  # one conversation at a time: the whole window is its own
    params.cpuparams.n_threads = n_threads
    params.cpuparams_batch.n_threads = n_threads
    params.verbosity = -1  # its log would interleave with sciagent's progress
    # llama.cpp's server also listens for HTTP: a Unix socket in a 0700 folder,
    # never a TCP port, so nothing else on the machine reaches the model
    params.hostnames = [str(Path(socket_dir) / "llm.sock")]
    return xllamacpp.Server(params)


def _say(out: TextIO, message: dict[str, Any]) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def serve(argv: list[str], requests: TextIO, out: TextIO) -> int:
    model_path, n_ctx, n_threads = argv[0], int(argv[1]), int(argv[2])
    stop = threading.Event()
    signal.signal(signal.SIGUSR1, lambda *_: stop.set())
    socket_dir = tempfile.mkdtemp(prefix="sciagent-llm-")
    try:
        try:
            server = _start(model_path, n_ctx, n_threads, socket_dir)
        except Exception as exc:
            _say(out, {"error": {"type": "load", "message": f"{type(exc).__name__}: {exc}"}})
            return 1
        _say(out, {"ready": True})
        for line in requests:
            stop.clear()

            def on_chunk(chunk: Any) -> bool:
                _say(out, chunk)
                return stop.is_set()

            try:
                result = server.handle_chat_completions(json.loads(line), on_chunk)
            except Exception as exc:
                result = {"error": {"type": "request", "message": f"{type(exc).__name__}: {exc}"}}
            if isinstance(result, dict) and "error" in result:
                _say(out, {"error": result["error"]})
            _say(out, {"done": True})
        return 0
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1:], sys.stdin, sys.stdout))
