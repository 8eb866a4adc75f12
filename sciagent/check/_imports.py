"""Missing and mistaken imports of conventional names, fixed before the program is judged.

A small model writes ``u.deg`` and never imports ``u``, or writes
``from astropy.units import u``, which binds astropy's unit ``u`` (the
dalton), not the module it then reads ``u.deg`` from.  Each costs a model
round of 8 to 15 s on 2 cores, and on the demo's astronomy task the model
repeated the second mistake in three programs out of four.  The repair is
certain and mechanical, like an editor's "add import", so it is made here and
reported (:attr:`FixedProgram.fixes`), never silently.

Only names with one conventional meaning are fixed: a plugin declares them
(``Plugin.imports``: ``{"u": "astropy.units"}``), and
:data:`PYTHON_IMPORTS` holds the few of Python and numpy.  A name the program
binds anywhere, in any scope or branch, is left alone, and so is every program
with ``from ... import *``: what it binds cannot be known without running it.
"""

from __future__ import annotations

import ast
import symtable
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

#: names every Python program may mean in one way only -> what they are
PYTHON_IMPORTS: dict[str, str] = {"np": "numpy", "math": "math"}


@dataclass(frozen=True)
class FixedProgram:
    """The program with its imports fixed, and one sentence per fix (empty: unchanged)."""

    code: str
    fixes: list[str] = field(default_factory=list)


def import_statement(name: str, target: str) -> str:
    """The import that binds ``name`` to ``target`` (a dotted path).

    ``("u", "astropy.units")`` gives ``import astropy.units as u``;
    ``("Chem", "rdkit.Chem")`` gives ``from rdkit import Chem``, the form that
    also imports a class (``("Seq", "Bio.Seq.Seq")``).
    """
    parent, _, last = target.rpartition(".")
    if parent and last == name:
        return f"from {parent} import {name}"
    return f"import {target}" if target == name else f"import {target} as {name}"


def fix_imports(
    code: str, conventions: Mapping[str, str], known: Iterable[str] = ()
) -> FixedProgram:
    """Add the conventional import of names used but never bound; undo imports that shadow one.

    ``conventions`` map a name to what it conventionally is (``{"u":
    "astropy.units"}``, see :func:`import_statement`); ``known`` are names bound before ``code`` runs (the request's data).  Code
    that does not parse is returned unchanged: the checker reports it.
    """
    try:
        tree = ast.parse(code)
        table = symtable.symtable(code, "<program>", "exec")
    except (SyntaxError, ValueError):
        return FixedProgram(code)
    if not conventions or _star_import(tree):
        return FixedProgram(code)
    lines = code.splitlines(keepends=True)
    fixes: list[str] = []
    added: list[str] = []
    # replacements go bottom-up so earlier line numbers stay valid
    for node, kept, name, use in sorted(_shadowing(tree, conventions), key=lambda t: -t[0].lineno):
        statement = import_statement(name, conventions[name])
        lines[node.lineno - 1 : node.end_lineno] = [*kept, statement + "\n"]
        fixes.append(
            f"replaced `from {node.module} import {name}` with `{statement}`: the first binds "
            f"the object `{name}` defined in {node.module}, but line {use} reads `{name}.` "
            "as from the module"
        )
    for name in sorted(_undefined(table, set(known)) & conventions.keys(), key=str.lower):
        statement = import_statement(name, conventions[name])
        added.append(statement + "\n")
        fixes.append(
            f"added `{statement}`: line {_first_use(tree, name)} uses `{name}`, "
            "which nothing imports"
        )
    if added:
        at = _insertion_line(tree, set(known))
        lines[at:at] = added
    return FixedProgram("".join(lines), fixes) if fixes else FixedProgram(code)


def _star_import(tree: ast.Module) -> bool:
    return any(
        isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)
        for n in ast.walk(tree)
    )


def _undefined(table: symtable.SymbolTable, known: set[str]) -> set[str]:
    """Names read as globals (at module level or from any function) that nothing binds."""
    bound = {
        s.get_name()
        for s in table.get_symbols()
        if s.is_assigned() or s.is_imported() or s.is_namespace() or s.is_parameter()
    }
    read = {s.get_name() for s in table.get_symbols() if s.is_referenced()}
    read |= set(_globals_read(table))
    bound |= set(_globals_bound(table))
    return read - bound - known


def _globals_read(table: symtable.SymbolTable) -> Iterator[str]:
    for child in table.get_children():
        for symbol in child.get_symbols():
            if symbol.is_global() and symbol.is_referenced():
                yield symbol.get_name()
        yield from _globals_read(child)


def _globals_bound(table: symtable.SymbolTable) -> Iterator[str]:
    """Names a function binds at module level through ``global``."""
    for child in table.get_children():
        for symbol in child.get_symbols():
            if symbol.is_declared_global() and (symbol.is_assigned() or symbol.is_imported()):
                yield symbol.get_name()
        yield from _globals_bound(child)


def _shadowing(
    tree: ast.Module, conventions: Mapping[str, str]
) -> Iterator[tuple[ast.ImportFrom, list[str], str, int]]:
    """Module-level ``from M import name`` where ``name`` conventionally is module M itself.

    Yields the statement, what remains of it (other names it imports, as a
    line, or nothing), the name and the first line that reads an attribute of
    it; only when the program does read one, as one reads a module's.
    """
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        for alias in node.names:
            name = alias.asname or alias.name
            if alias.name != name or name not in conventions:
                continue
            use = _first_attribute_use(tree, name) if conventions[name] == node.module else 0
            if use:
                rest = [a for a in node.names if a is not alias]
                kept = [f"{ast.unparse(ast.ImportFrom(node.module, rest, 0))}\n"] if rest else []
                yield node, kept, name, use
                break


def _first_use(tree: ast.Module, name: str) -> int:
    uses = [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
    ]
    return min(uses, default=1)


def _first_attribute_use(tree: ast.Module, name: str) -> int:
    """The first line that reads ``name.<attribute>`` (0: none)."""
    uses = [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == name
    ]
    return min(uses, default=0)


def _insertion_line(tree: ast.Module, known: set[str]) -> int:
    """0-based line for added imports: before the program's first import, else its first statement.

    Statements that only re-bind the request's data (a model's copy of it)
    and ``from __future__`` come first, so the copy can still be recognised
    and dropped when the data is bound (:func:`sciagent.agent._agent._bound`).
    """
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom) and not _is_future(node):
            return node.lineno - 1
    for node in tree.body:
        if not (_is_docstring(node) or _is_future(node) or _rebinds(node, known)):
            return node.lineno - 1
    return tree.body[-1].end_lineno or 0 if tree.body else 0


def _is_future(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__"


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)


def _rebinds(node: ast.stmt, known: set[str]) -> bool:
    if not isinstance(node, ast.Assign | ast.AnnAssign):
        return False
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return all(isinstance(t, ast.Name) and t.id in known for t in targets)
