"""Fixtures for the model layer: fake part distributions and the real embedded model.

Real-data tests need ``scripts/setup_model.sh`` to have run (a llama.cpp
runtime installed, the 1.5B GGUF in the cache).  Where it has
not, they fail with that instruction, unless ``SCIAGENT_SKIP_MODEL=1`` says the
model was skipped on purpose, in which case they are skipped.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from sciagent.llm import QWEN_CODER_1_5B, ModelSpec, locate_gguf


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "model: runs the real embedded GGUF model (load ~3 s, ~1-5 s per answer)"
    )


def _missing(what: str) -> None:
    if os.environ.get("SCIAGENT_SKIP_MODEL") == "1":
        pytest.skip(f"{what} (SCIAGENT_SKIP_MODEL=1)")
    pytest.fail(f"{what}: run scripts/setup_model.sh first", pytrace=False)


@pytest.fixture
def model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty model cache, so tests never touch (or trust) the user's."""
    cache = tmp_path / "model-cache"
    monkeypatch.setenv("SCIAGENT_MODEL_DIR", str(cache))
    monkeypatch.delenv("SCIAGENT_ALLOW_DOWNLOAD", raising=False)
    return cache


@pytest.fixture
def install_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str, Sequence[bytes | None]], ModelSpec]:
    """Install fake part distributions (real dist-info dirs on sys.path).

    ``install_parts(prefix, slices)`` installs ``<prefix>1..N`` (a ``None``
    slice is left uninstalled) and returns a spec pinned to the sha256 of the
    slices joined.  The packages raise on import: the locator must only read
    their metadata.
    """
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))

    def install(prefix: str, slices: Sequence[bytes | None], *, sha256: str | None = None):
        for i, data in enumerate(slices, 1):
            if data is None:
                continue
            module = f"{prefix}{i}".replace("-", "_")
            payload = Path(module) / "data" / f"part{i:02d}.bin"
            (site / payload).parent.mkdir(parents=True)
            (site / payload).write_bytes(data)
            (site / module / "__init__.py").write_text(
                "raise RuntimeError('part packages must never be imported')\n"
            )
            info = site / f"{module}-0.1.dist-info"
            info.mkdir()
            (info / "METADATA").write_text(
                f"Metadata-Version: 2.1\nName: {prefix}{i}\nVersion: 0.1\n"
            )
            (info / "RECORD").write_text(
                f"{module}/__init__.py,,\n{payload.as_posix()},,\n{info.name}/METADATA,,\n"
                f"{info.name}/RECORD,,\n"
            )
        joined = b"".join(s for s in slices if s is not None)
        return fake_spec(prefix, joined, len(slices), sha256=sha256)

    return install


@pytest.fixture(name="fake_spec")
def fake_spec_fixture() -> Callable[..., ModelSpec]:
    return fake_spec


def fake_spec(
    prefix: str, joined: bytes, count: int, *, sha256: str | None = None, pins: Path | None = None
) -> ModelSpec:
    """A model of ``count`` parts named ``<prefix>1..``, pinned to ``joined`` (or ``sha256``)."""
    return ModelSpec(
        name=f"{prefix}model",
        filename=f"{prefix}model.gguf",
        sha256=sha256 or hashlib.sha256(joined).hexdigest(),
        size=len(joined),
        parts_prefix=prefix,
        parts_count=count,
        parts_version="0.1",
        hf_repo="example/fake-GGUF",
        hf_filename=f"{prefix}model.gguf",
        pins=pins,
    )


@pytest.fixture(scope="session")
def real_model_path() -> Path:
    """The verified 1.5B GGUF in the user's cache, with a llama.cpp runtime installed."""
    from sciagent.llm._llamacpp import choose_runtime

    try:
        choose_runtime()
    except Exception as exc:
        _missing(f"no llama.cpp runtime ({exc})")
    try:
        return locate_gguf(QWEN_CODER_1_5B)
    except Exception as exc:
        _missing(f"the embedded model is unavailable ({exc})")
        raise
