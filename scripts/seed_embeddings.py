"""Write the first-party plugins' embedding seeds from the built index.

    .venv/bin/python scripts/seed_embeddings.py

Run after `sciagent index build` whenever the card texts change (a library
upgrade in constraints.txt, new keywords or recipes, a change to how cards are
written): a seed that lacks a text only means the build embeds that text.
See sciagent/index/seeds.py for why the seeds exist.
"""

from __future__ import annotations

import sys

from sciagent.config import Settings
from sciagent.devtools.seeds import write_seeds
from sciagent.index import embedding
from sciagent.plugin import load_plugins


def main() -> int:
    settings = Settings.from_env()
    model = embedding.resolve_model(settings.embedding_model)
    for plugin in load_plugins().plugins:
        if not plugin.embedding_seeds:
            continue
        path, count = write_seeds(settings.index_dir, plugin, model)
        print(f"{plugin.name}: {count} vectors -> {path} ({path.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
