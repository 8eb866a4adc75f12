"""The context window: read from the GGUF header, capped, and a prompt that cannot fit.

No model is needed: GGUF headers are written here byte by byte, and the
overflow check runs against a stand-in for ``llama_cpp.Llama``.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from sciagent.llm import ChatLlamaCpp, ContextOverflowError, ModelError, context_window
from sciagent.llm._window import DEFAULT_CONTEXT_CAP, default_window, trained_context


def _string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def _gguf(path: Path, arch: str = "qwen2", length: int | None = 32768) -> Path:
    """A GGUF header as llama.cpp writes it: strings, an array of strings, then the length."""
    kvs = [
        _string("general.architecture") + struct.pack("<I", 8) + _string(arch),
        _string("general.tags") + struct.pack("<IIQ", 9, 8, 2) + _string("code") + _string("chat"),
        _string("tokenizer.scores") + struct.pack("<IIQ", 9, 6, 3) + struct.pack("<3f", 0, 1, 2),
        _string(f"{arch}.block_count") + struct.pack("<II", 4, 28),
    ]
    if length is not None:
        kvs.append(_string(f"{arch}.context_length") + struct.pack("<II", 4, length))
    header = b"GGUF" + struct.pack("<IQQ", 3, 0, len(kvs)) + b"".join(kvs)
    path.write_bytes(header)
    return path


def test_trained_length_is_read_from_the_header(tmp_path: Path) -> None:
    assert trained_context(_gguf(tmp_path / "a.gguf")) == 32768
    assert trained_context(_gguf(tmp_path / "b.gguf", arch="llama", length=2048)) == 2048
    assert trained_context(_gguf(tmp_path / "c.gguf", length=None)) is None
    (tmp_path / "d.gguf").write_bytes(b"not a gguf")
    assert trained_context(tmp_path / "d.gguf") is None
    assert trained_context(tmp_path / "missing.gguf") is None


def test_default_window_is_the_trained_length_capped(tmp_path: Path) -> None:
    assert DEFAULT_CONTEXT_CAP == 16384
    assert default_window(_gguf(tmp_path / "long.gguf")) == 16384
    assert default_window(_gguf(tmp_path / "short.gguf", length=2048)) == 2048
    assert default_window(tmp_path / "missing.gguf") == 4096


def test_context_window_of_chat_models(tmp_path: Path) -> None:
    path = _gguf(tmp_path / "m.gguf")
    assert context_window(ChatLlamaCpp(model_path=str(path))) == 16384
    assert context_window(ChatLlamaCpp(model_path=str(path), n_ctx=8192)) == 8192
    assert context_window(FakeListChatModel(responses=["x"])) is None


class _FakeLlama:
    """Just enough of ``llama_cpp.Llama`` for the check before a completion."""

    def __init__(self, window: int, template: str | None = "{{ messages[0].content }}") -> None:
        self.metadata = {"tokenizer.chat_template": template} if template else {}
        self.window = window
        self.started = False

    def n_ctx(self) -> int:
        return self.window

    def tokenize(self, data: bytes, add_bos: bool = True, special: bool = False) -> list[int]:
        return list(range(len(data.split())))  # one token per word

    def token_eos(self) -> int:
        return -1

    def token_bos(self) -> int:
        return -1

    def create_chat_completion(self, **kwargs: Any) -> Any:
        self.started = True
        raise AssertionError("an overflowing prompt must not reach llama.cpp")


def test_a_prompt_that_cannot_fit_raises_with_the_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("llama_cpp")  # the GGUF's chat template is rendered by its formatter
    from sciagent.llm import _llamacpp

    llama = _FakeLlama(window=100)
    monkeypatch.setattr(_llamacpp, "_load", lambda *a: _llamacpp._Loaded(llama))
    chat = ChatLlamaCpp(
        model_path=str(_gguf(tmp_path / "m.gguf")), max_tokens=40, runtime="llama-cpp-python"
    )
    with pytest.raises(ContextOverflowError) as info:
        chat.invoke("word " * 80)
    err = info.value
    assert (err.prompt_tokens, err.reply_tokens, err.window) == (80, 40, 100)
    assert isinstance(err, ModelError) and isinstance(err, ValueError)
    assert "80 tokens" in str(err) and "100-token context window" in str(err)
    assert "by at least 20 tokens" in str(err)
    assert not llama.started


def test_llama_cpp_refusal_becomes_the_same_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a chat template the prompt is not counted first: llama.cpp's own refusal."""
    from sciagent.llm import _llamacpp

    class Refusing(_FakeLlama):
        def create_chat_completion(self, **kwargs: Any) -> Any:
            def stream() -> Any:
                raise ValueError("Requested tokens (5029) exceed context window of 4096")
                yield

            return stream()

    with pytest.raises(ContextOverflowError) as info:
        _llamacpp._completion(
            Refusing(4096, None), [{"role": "user", "content": "x"}], {"max_tokens": 9}
        )
    assert (info.value.prompt_tokens, info.value.window) == (5029, 4096)
