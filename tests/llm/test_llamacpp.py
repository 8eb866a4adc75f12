"""The adapter end to end on the real Qwen2.5-Coder-1.5B (greedy, so deterministic),
through each llama.cpp runtime installed (xllamacpp, llama-cpp-python)."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import AIMessage

from sciagent.llm import (
    ChatLlamaCpp,
    ContextOverflowError,
    _xllamacpp,
    context_window,
    resolve_chat_model,
)
from sciagent.llm._llamacpp import _MODELS, LLAMA_CPP_PYTHON, RUNTIMES
from sciagent.llm._window import trained_context

pytestmark = pytest.mark.model

PROMPT = "Write a Python expression that adds 2 and 3. Reply with the expression only."


def _installed(runtime: str) -> bool:
    import importlib.util

    module = "llama_cpp" if runtime == LLAMA_CPP_PYTHON else "xllamacpp"
    return importlib.util.find_spec(module) is not None


@pytest.fixture(scope="module", params=RUNTIMES)
def chat(request: pytest.FixtureRequest, real_model_path: Path) -> ChatLlamaCpp:
    if not _installed(request.param):
        pytest.skip(f"{request.param} is not installed (an optional runtime)")
    model = resolve_chat_model(str(real_model_path), max_tokens=48, runtime=request.param)
    assert isinstance(model, ChatLlamaCpp)
    return model


def test_invoke_returns_text_and_token_usage(chat):
    reply = chat.invoke(PROMPT)
    assert isinstance(reply, AIMessage)
    assert "2" in reply.content and "3" in reply.content
    usage = reply.usage_metadata
    assert usage is not None and usage["input_tokens"] > 10 and usage["output_tokens"] > 0
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert reply.response_metadata["finish_reason"] == "stop"
    assert reply.response_metadata["model_name"] == "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    if chat.runtime != LLAMA_CPP_PYTHON:
        return
    # The GGUF's own RoPE (Qwen2.5: base 1e6) is used: nothing overrides it.
    llama = next(iter(_MODELS.values())).llama
    assert llama.context_params.rope_freq_base == 0.0
    assert float(llama.metadata["qwen2.rope.freq_base"]) == 1_000_000.0


def test_stop_sequence_stops(chat):
    reply = chat.invoke("Count from 1 to 10, separated by commas. Only the numbers.", stop=["5"])
    assert "4" in reply.content
    assert "5" not in reply.content and "6" not in reply.content
    assert reply.response_metadata["finish_reason"] == "stop"


def test_streaming_yields_chunks_and_usage(chat):
    chunks = list(chat.stream(PROMPT))
    assert len(chunks) >= 3
    text = "".join(str(c.content) for c in chunks)
    assert text == chat.invoke(PROMPT).content  # temperature 0: the same answer
    last = chunks[-1]
    assert last.usage_metadata is not None
    assert last.usage_metadata["output_tokens"] > 0
    assert last.usage_metadata["input_tokens"] == chat.invoke(PROMPT).usage_metadata["input_tokens"]


def test_window_is_sized_to_the_model(chat, real_model_path):
    """Qwen2.5-Coder was trained on 32,768 tokens: the default opens 16,384, not 4,096."""
    assert trained_context(real_model_path) == 32768
    assert context_window(chat) == 16384
    chat.invoke(PROMPT)
    if chat.runtime != LLAMA_CPP_PYTHON:
        assert {key[1] for key in _xllamacpp._SERVERS} == {16384}
        return
    llama = next(iter(_MODELS.values())).llama
    assert llama.n_ctx() == 16384 and llama._model.n_ctx_train() == 32768


def test_a_prompt_beyond_the_window_raises_before_running(chat):
    with pytest.raises(ContextOverflowError) as info:
        chat.invoke("x " * 20000)
    assert info.value.window == 16384 and info.value.prompt_tokens > 16384


def test_the_runtime_is_chosen_and_named(monkeypatch):
    from sciagent.llm import ModelUnavailableError
    from sciagent.llm._llamacpp import choose_runtime

    monkeypatch.setenv("SCIAGENT_LLM_RUNTIME", "llama-cpp-python")
    assert choose_runtime() == "llama-cpp-python"
    assert choose_runtime("xllamacpp") == "xllamacpp"  # the argument wins
    monkeypatch.setenv("SCIAGENT_LLM_RUNTIME", "vllm")
    with pytest.raises(ModelUnavailableError) as err:
        choose_runtime()
    assert "xllamacpp" in err.value.fix and "llama-cpp-python" in err.value.fix


def _listening_tcp_inodes() -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            if fields[3] == "0A":  # LISTEN
                inodes.add(fields[9])
    return inodes


def test_xllamacpp_runs_apart_and_opens_no_tcp_port(chat):
    """The model runs in its own process (xllamacpp's Cython cannot share one with
    astropy's), this process never imports it, and no TCP port is opened."""
    if chat.runtime == LLAMA_CPP_PYTHON:
        pytest.skip("llama-cpp-python runs in process and opens no server")
    import os
    import sys

    chat.invoke(PROMPT)
    assert "xllamacpp" not in sys.modules
    import astropy.wcs  # noqa: F401  (fails in a process that has imported xllamacpp)

    server = next(iter(_xllamacpp._SERVERS.values()))
    pid = server.process.pid
    assert pid != os.getpid() and server.process.poll() is None
    sockets = {
        os.readlink(f"/proc/{pid}/fd/{fd}")[len("socket:[") : -1]
        for fd in os.listdir(f"/proc/{pid}/fd")
        if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:[")
    }
    assert not sockets & _listening_tcp_inodes()


def test_a_reply_cut_short_leaves_the_model_ready(chat):
    """Stopping a stream early (the loop guard does) drains it: the next reply is whole."""
    stream = chat.stream("Count from 1 to 200, separated by commas.")
    next(stream)
    stream.close()
    reply = chat.invoke(PROMPT)
    assert "2" in reply.content and reply.response_metadata["finish_reason"] == "stop"
