"""The cards are a leaf: nothing under sciagent.render imports the rest of sciagent."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import sciagent.render


def _imported(path: Path) -> list[str]:
    """Absolute names of the sciagent modules ``path`` imports (relative ones resolved)."""
    package = ".".join(path.relative_to(Path(sciagent.__file__).parent.parent).parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                found.append(".".join([*base, *([node.module] if node.module else [])]))
            elif (node.module or "").startswith("sciagent"):
                found.append(node.module or "")
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("sciagent")]
    return found


def test_render_and_its_cards_import_only_render():
    for path in Path(sciagent.render.__file__).parent.rglob("*.py"):
        for name in _imported(path):
            assert name.startswith("sciagent.render"), (path, name)


def test_cards_load_without_the_engine():
    code = (
        "import sys\n"
        "import sciagent.render.cards.agent, sciagent.render.cards.hits, sciagent.render.cards.runs\n"
        "loaded = [m for m in sys.modules if m.startswith('sciagent.') and not m.startswith(('sciagent.render', 'sciagent._version'))]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
