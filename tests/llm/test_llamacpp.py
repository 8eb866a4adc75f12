"""The adapter end to end on the real Qwen2.5-Coder-1.5B (greedy, so deterministic)."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import AIMessage

from sciagent.llm import ChatLlamaCpp, ContextOverflowError, context_window, resolve_chat_model
from sciagent.llm._llamacpp import _MODELS
from sciagent.llm._window import trained_context

pytestmark = pytest.mark.model

PROMPT = "Write a Python expression that adds 2 and 3. Reply with the expression only."


@pytest.fixture(scope="module")
def chat(real_model_path: Path) -> ChatLlamaCpp:
    model = resolve_chat_model(str(real_model_path), max_tokens=48)
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
    llama = next(iter(_MODELS.values())).llama
    assert llama.n_ctx() == 16384 and llama._model.n_ctx_train() == 32768


def test_a_prompt_beyond_the_window_raises_before_running(chat):
    with pytest.raises(ContextOverflowError) as info:
        chat.invoke("x " * 20000)
    assert info.value.window == 16384 and info.value.prompt_tokens > 16384
