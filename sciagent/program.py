"""What a program imports, read from its source: each name an import binds and what it denotes.

One reader for everything that asks a program about its imports: the static
checker (which names lead into the indexed libraries), the validators
(:attr:`~sciagent.validation.ProgramOutput.imports`: which libraries a program
uses) and the agent's run-error hints (whose advice applies).  Standard
library only, so any layer may use it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

__all__ = ["ImportedName", "imported_names", "imported_packages", "imports_of"]


@dataclass(frozen=True)
class ImportedName:
    """One name an import statement binds (one per alias; ``"*"`` for a star import).

    ``target`` is the dotted path the name denotes: ``import rdkit.Chem`` binds
    ``rdkit`` to ``rdkit``, ``import astropy.units as u`` binds ``u`` to
    ``astropy.units``, ``from rdkit import Chem`` binds ``Chem`` to
    ``rdkit.Chem``.  A relative import keeps its dots (``from .m import x``:
    ``.m.x``) and has no ``package``.
    """

    name: str  # the name bound in the program ("Chem", "u"), "*" for a star import
    target: str  # the dotted path it denotes
    package: str | None  # the top-level package imported from; None for a relative import
    statement: str  # this name's import as a statement of its own ("from rdkit import Chem")
    line: int

    @property
    def relative(self) -> bool:
        return self.package is None


def imported_names(node: ast.Import | ast.ImportFrom) -> list[ImportedName]:
    """The names one import statement binds, in the order it lists them."""
    out: list[ImportedName] = []
    for alias in node.names:
        if isinstance(node, ast.Import):
            root = alias.name.split(".")[0]
            name = alias.asname or root
            target = alias.name if alias.asname else root
            package: str | None = root
            single: ast.stmt = ast.Import([alias])
        else:
            prefix = "." * node.level + (node.module or "")
            name = alias.asname or alias.name
            if alias.name == "*":
                target = prefix
            elif prefix and not prefix.endswith("."):
                target = f"{prefix}.{alias.name}"
            else:
                target = prefix + alias.name
            package = node.module.split(".")[0] if node.module and not node.level else None
            single = ast.ImportFrom(node.module, [alias], node.level)
        out.append(ImportedName(name, target, package, ast.unparse(single), node.lineno))
    return out


def imports_of(program: str | ast.AST) -> list[ImportedName]:
    """Every name the program's imports bind, anywhere in it (functions too), in
    :func:`ast.walk` order; nothing when the source does not parse."""
    if isinstance(program, str):
        try:
            tree: ast.AST = ast.parse(program)
        except (SyntaxError, ValueError):
            return []
    else:
        tree = program
    return [
        imported
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for imported in imported_names(node)
    ]


def imported_packages(program: str | ast.AST) -> frozenset[str]:
    """Top-level packages a program imports (``{"rdkit", "numpy"}``); nothing when it does
    not parse."""
    return frozenset(i.package for i in imports_of(program) if i.package is not None)
