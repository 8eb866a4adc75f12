"""resolve_chat_model: one setting away from any model, and never a surprise import."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest
from langchain_core.language_models import BaseChatModel, FakeListChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from sciagent.llm import (
    QWEN_CODER_0_5B,
    QWEN_CODER_1_5B,
    ChatLlamaCpp,
    ModelSpec,
    ModelUnavailableError,
    _resolve,
    describe_model,
    resolve_chat_model,
)
from sciagent.llm._llamacpp import to_llama_messages


@pytest.fixture
def located(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[ModelSpec]:
    """Stand-in for the real locator: records which pinned model was asked for."""
    asked: list[ModelSpec] = []

    def fake_locate(spec: ModelSpec, path=None, *, allow_download: bool = False) -> Path:
        asked.append(spec)
        return tmp_path / spec.filename

    monkeypatch.setattr(_resolve, "locate_gguf", fake_locate)
    monkeypatch.delenv("SCIAGENT_MODEL", raising=False)
    return asked


def test_a_chat_model_object_is_used_as_is():
    fake = FakeListChatModel(responses=["x"])
    assert resolve_chat_model(fake) is fake
    with pytest.raises(TypeError):
        resolve_chat_model(fake, temperature=0.5)


def test_default_is_the_embedded_1_5b(located):
    chat = resolve_chat_model()
    assert isinstance(chat, ChatLlamaCpp)
    assert located == [QWEN_CODER_1_5B]
    assert chat.model_path.endswith(QWEN_CODER_1_5B.filename)
    assert (chat.temperature, chat.n_ctx) == (0.0, None)  # None: sized to the GGUF


def test_environment_variable_picks_the_model(located, monkeypatch):
    monkeypatch.setenv("SCIAGENT_MODEL", "qwen2.5-coder-0.5b")
    chat = resolve_chat_model(max_tokens=32)
    assert located == [QWEN_CODER_0_5B]
    assert isinstance(chat, ChatLlamaCpp) and chat.max_tokens == 32
    assert chat.model_name == "qwen2.5-coder-0.5b"


def test_a_gguf_path_runs_locally(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIAGENT_MODEL_DIR", str(tmp_path / "cache"))
    gguf = tmp_path / "My-Model.Q8_0.GGUF"
    gguf.write_bytes(b"GGUF fake")
    chat = resolve_chat_model(gguf, n_ctx=2048, runtime="xllamacpp")
    assert isinstance(chat, ChatLlamaCpp)
    assert chat.model_path == str(gguf) and chat.n_ctx == 2048
    assert describe_model(chat) == "My-Model.Q8_0.GGUF (llama.cpp via xllamacpp, local)"


def _fake_langchain(monkeypatch, init_chat_model) -> None:
    langchain = types.ModuleType("langchain")
    chat_models = types.ModuleType("langchain.chat_models")
    chat_models.init_chat_model = init_chat_model  # type: ignore[attr-defined]
    langchain.chat_models = chat_models  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "langchain", langchain)
    monkeypatch.setitem(sys.modules, "langchain.chat_models", chat_models)


def test_provider_strings_go_through_init_chat_model(monkeypatch):
    calls = []
    fake = FakeListChatModel(responses=["x"])

    def init_chat_model(model: str, **kwargs: object) -> BaseChatModel:
        calls.append((model, kwargs))
        return fake

    _fake_langchain(monkeypatch, init_chat_model)
    assert resolve_chat_model("ollama:qwen2.5-coder:1.5b", temperature=0) is fake
    assert calls == [("ollama:qwen2.5-coder:1.5b", {"temperature": 0})]


def test_missing_integration_package_is_named(monkeypatch):
    def init_chat_model(model: str, **kwargs: object) -> BaseChatModel:
        raise ImportError("No module named 'langchain_anthropic'")

    _fake_langchain(monkeypatch, init_chat_model)
    with pytest.raises(ModelUnavailableError, match="pip install langchain-anthropic"):
        resolve_chat_model("anthropic:claude-sonnet-4-5")


def test_missing_langchain_is_named(monkeypatch):
    # importing raises ImportError, even if an earlier test imported langchain already
    monkeypatch.setitem(sys.modules, "langchain", None)
    monkeypatch.setitem(sys.modules, "langchain.chat_models", None)
    with pytest.raises(ModelUnavailableError) as err:
        resolve_chat_model("openai:gpt-4o-mini")
    assert "sciagent[providers]" in str(err.value) and "langchain-openai" in str(err.value)


def test_an_ambiguous_string_lists_the_accepted_forms(located):
    with pytest.raises(ModelUnavailableError) as err:
        resolve_chat_model("gpt-4o")
    assert "provider:model" in str(err.value) and "qwen2.5-coder-1.5b" in str(err.value)


def test_describe_model():
    pinned = ChatLlamaCpp(
        model_path=f"/models/{QWEN_CODER_1_5B.filename}", runtime="llama-cpp-python"
    )
    assert describe_model(pinned) == (
        "qwen2.5-coder-1.5b (qwen2.5-coder-1.5b-instruct-q4_k_m.gguf, sha256 cc324af070c2, "
        "llama.cpp via llama-cpp-python, local)"
    )
    assert describe_model(FakeListChatModel(responses=["x"])) == "fakelistchatmodel"
    assert describe_model("openai:gpt-4o-mini") == "openai:gpt-4o-mini"


def test_messages_become_chat_template_dicts():
    out = to_llama_messages(
        [
            SystemMessage("be brief"),
            HumanMessage([{"type": "text", "text": "a"}, "b"]),
            AIMessage("c"),
            ToolMessage("42", tool_call_id="t1"),
        ]
    )
    assert out == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "ab"},
        {"role": "assistant", "content": "c"},
        {"role": "tool", "content": "42", "tool_call_id": "t1"},
    ]
    with pytest.raises(ValueError, match="text only"):
        to_llama_messages([HumanMessage([{"type": "image", "url": "http://x/y.png"}])])


def test_local_resolution_imports_neither_langchain_nor_llama_cpp(tmp_path):
    """``langchain`` (langgraph, seconds) only for provider strings; llama_cpp on first use."""
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF fake")
    code = (
        "import sys, sciagent.llm as llm\n"
        "assert 'langchain_core' not in sys.modules, 'weights need no langchain_core'\n"
        f"llm.resolve_chat_model({str(gguf)!r})\n"
        "print(sorted(m for m in ('langchain', 'langgraph', 'llama_cpp') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"SCIAGENT_MODEL_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == "[]"
