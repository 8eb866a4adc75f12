"""Walk a program's AST and resolve what it reaches in the indexed libraries.

Resolution is deliberately conservative: a name is followed only when every
binding of it in the whole program (any scope) means the same thing: the same
import, or a value of the same indexed class (``mol = Chem.MolFromSmiles(s)``
and ``mol = Chem.AddHs(mol)`` both hold a ``Mol``).  Loop variables,
parameters, tuple targets and anything rebound differently are not followed,
so a wrong guess about what a variable holds cannot become a false alarm.

The walk produces findings the index decides alone (signatures of Boost.Python
callables, names never imported), *pending* findings that live
introspection must confirm (missing names, signatures of Python callables), and
the indexed APIs the program names through its imports (``uses``: what an
agent result reports as the APIs it used).
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ..program import ImportedName, imported_names
from ..records import ApiRecord, Signature
from ._catalog import Catalog, LibraryInfo
from ._findings import Finding, FindingKind, Severity
from ._kwargs import swallowed
from ._rebind import rebound_imports
from ._signatures import CallShape, judge
from ._suggest import suggest_members

_BUILTINS = frozenset(dir(builtins))
_BROAD = frozenset({"Exception", "BaseException", "*"})
_CALLABLE_KINDS = frozenset({"function", "method", "class"})
_HOLDER_KINDS = frozenset({"module", "class"})


@dataclass(frozen=True)
class Ref:
    """What an expression denotes in an indexed library.

    ``path`` is a dotted path; with ``instance`` it is the class of the value.
    ``bound`` marks a member read off an instance, so a method call passes no
    ``self``.  ``written`` is how the program spells it, for messages.
    """

    path: str
    written: str
    instance: bool = False
    bound: bool = False


#: makes a pending finding from the live answer; ``verified`` is False when no live
#: check ran, and the finding must then say it is unverified (and be a warning)
Maker = Callable[[dict[str, Any], bool], Finding | None]
UNVERIFIED = "not verified against the installed library: the live check is off"


@dataclass
class Pending:
    """A finding that holds only if live introspection agrees.

    ``indexable`` says whether the index's silence means anything without the
    live check: the walker lists every module and every function and class a
    library binds, but not data (astropy's units, constants, instance
    attributes, names a module or class makes in ``__getattr__``).  A missing
    name the program calls or subclasses would have been listed; a missing
    name it only reads as a value may simply be unlisted, so without the live
    check it is not reported at all.
    """

    library: LibraryInfo
    question: dict[str, Any]
    make: Maker
    indexable: bool = True


@dataclass
class _Binding:
    ref: Ref | None = None
    expr: ast.expr | None = None


_UNBOUND = Ref(path="", written="")


@dataclass
class Analysis:
    findings: list[Finding] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    imports: set[str] = field(default_factory=set)
    #: (path as resolved, record) of each indexed API (no module) a dotted name reaches
    #: from an import, in walk order; not through values (``mol.GetNumAtoms``)
    uses: list[tuple[str, ApiRecord]] = field(default_factory=list)


class Analyzer:
    """One program against one catalog."""

    def __init__(self, catalog: Catalog, tree: ast.Module) -> None:
        self.cat = catalog
        self.tree = tree
        self.out = Analysis()
        self.bindings: dict[str, list[_Binding]] = {}
        self.star_import = False
        self.stored_attrs: set[str] = set()
        self.import_lines: list[str] = []
        self.parents: dict[int, ast.AST] = {}
        self._types: dict[int, Ref | None] = {}
        self._env: dict[str, Ref | None] = {}
        self._busy: set[str] = set()
        self._reported: set[tuple[int, str]] = set()
        #: names the program calls or subclasses (``f(...)``, ``class A(f)``)
        self.called_names: set[str] = set()

    # ------------------------------------------------------------------ driver
    def run(self) -> Analysis:
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
        self._collect_bindings()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                self._check_import(node)
            elif isinstance(node, ast.Attribute):
                self._check_attribute(node)
                self._note_use(node)
            elif isinstance(node, ast.Call):
                self._check_call(node)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                self._check_unimported(node)
                self._note_use(node)
        self.out.findings += rebound_imports(self.tree, self._module_member)
        return self.out

    def _note_use(self, node: ast.Attribute | ast.Name) -> None:
        """Record the indexed API a dotted name rooted in an import denotes (``Chem.MolWt``)."""
        if not isinstance(node.ctx, ast.Load):
            return
        root: ast.expr = node
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name):
            return  # a member of a call's result or of a subscript: reached through a value
        base = self._env_of(root.id)
        if base is None or base is _UNBOUND or base.instance:
            return
        ref = self._type_of(node)
        rec = None if ref is None or ref.instance else self.cat.record(ref.path)
        if ref is not None and rec is not None and rec.kind != "module":
            self.out.uses.append((ref.path, rec))

    def _module_member(self, module: str, attr: str) -> bool:
        """The index lists ``attr`` in the module ``module``, and it is no submodule.

        Classes' members do not count, nor submodules: a unit's ``.si`` and
        ``.cgs`` are properties named like the modules ``astropy.units.si``/``cgs``.
        """
        if self.cat.kind(module) != "module":
            return False
        path = self.cat.member(module, attr)
        return path is not None and self.cat.kind(path) != "module"

    # ---------------------------------------------------------------- bindings
    def _bind(self, name: str, binding: _Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def _collect_bindings(self) -> None:
        valued: set[int] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for imported in imported_names(node):
                    if imported.name == "*":
                        self.star_import = True
                    else:
                        self._bind_import(imported)
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and node.value is not None:
                        self._bind(target.id, _Binding(expr=node.value))
                        valued.add(id(target))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                self._bind(node.name, _Binding())
            elif isinstance(node, ast.arg):
                self._bind(node.arg, _Binding())
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self._bind(node.name, _Binding())
            elif isinstance(node, ast.Global | ast.Nonlocal):
                for name in node.names:
                    self._bind(name, _Binding())
            elif isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
                self._bind(node.name, _Binding())
            elif isinstance(node, ast.MatchMapping) and node.rest:
                self._bind(node.rest, _Binding())
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store | ast.Del):
                self.stored_attrs.add(node.attr)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                self.called_names.add(node.func.id)
            elif isinstance(node, ast.ClassDef):
                self.called_names.update(b.id for b in node.bases if isinstance(b, ast.Name))
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"setattr", "getattr", "hasattr", "delattr"}
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
            ):
                self.stored_attrs.add(node.args[1].value)
        for node in ast.walk(self.tree):
            if (
                isinstance(node, ast.Name)
                and not isinstance(node.ctx, ast.Load)
                and id(node) not in valued
            ):
                self._bind(node.id, _Binding())

    def _bind_import(self, imported: ImportedName) -> None:
        # a relative import, or a library the index does not hold: nothing to follow
        if imported.relative or self.cat.library(imported.target) is None:
            self._bind(imported.name, _Binding())
            return
        self.import_lines.append(imported.statement)
        self._bind(imported.name, _Binding(ref=Ref(path=imported.target, written=imported.name)))

    def _env_of(self, name: str) -> Ref | None:
        """What ``name`` denotes if every binding agrees; ``_UNBOUND`` if none binds it."""
        if name in self._env:
            return self._env[name]
        bindings = self.bindings.get(name)
        if not bindings:
            return _UNBOUND
        if name in self._busy:
            return None
        self._busy.add(name)
        refs = [b.ref if b.expr is None else self._type_of(b.expr) for b in bindings]
        self._busy.discard(name)
        first = refs[0]
        result = None
        if first is not None and all(
            r is not None and (r.path, r.instance) == (first.path, first.instance) for r in refs
        ):
            result = Ref(path=first.path, written=name, instance=first.instance)
        if result is not None or not self._busy:
            self._env[name] = result
        return result

    # ------------------------------------------------------------------- types
    def _type_of(self, node: ast.expr) -> Ref | None:
        key = id(node)
        if key in self._types:
            return self._types[key]
        result = self._infer(node)
        if not self._busy:  # an answer that leaned on an unfinished binding is not kept
            self._types[key] = result
        return result

    def _infer(self, node: ast.expr) -> Ref | None:
        if isinstance(node, ast.Name):
            ref = self._env_of(node.id)
            if ref is _UNBOUND:
                return self._unimported_root(node.id)
            return ref
        if isinstance(node, ast.Attribute):
            base = self._type_of(node.value)
            return None if base is None else self._member(base, node.attr)[0]
        if isinstance(node, ast.Call):
            func = self._type_of(node.func)
            return None if func is None else self._returns(func)
        return None

    def _unimported_root(self, name: str) -> Ref | None:
        if self.star_import or name in _BUILTINS or self.cat.library(name) is None:
            return None
        return Ref(path=name, written=name)

    def _member(self, base: Ref, attr: str) -> tuple[Ref | None, str]:
        """(the member's Ref, "found" | "missing" | "opaque")."""
        written = f"{base.written}.{attr}"
        if base.instance:
            path = self.cat.member(base.path, attr)
            if path is None:
                return None, "missing"
            return Ref(path=path, written=written, bound=True), "found"
        kind = self.cat.kind(base.path)
        if kind in _HOLDER_KINDS or kind == "attribute":
            path = self.cat.member(base.path, attr)
            if path is None:
                return None, "missing"
            return Ref(path=path, written=written, bound=kind == "attribute"), "found"
        return None, "opaque"

    def _returns(self, func: Ref) -> Ref | None:
        if func.instance:
            return None
        rec = self.cat.record(func.path)
        if rec is None:
            return None
        if rec.kind == "class":
            if any(s.source == "noinit" for s in rec.signatures):
                return None
            return Ref(path=rec.qualname, written=f"{func.written}(...)", instance=True)
        cls = self.cat.return_class(func.path)
        if cls is None:
            return None
        return Ref(path=cls, written=f"{func.written}(...)", instance=True)

    # ------------------------------------------------------------------ guards
    def _guarded(self, node: ast.AST, errors: set[str]) -> bool:
        """Inside a ``try`` that catches one of ``errors`` (or everything), or an ``if hasattr``."""
        child, parent = node, self.parents.get(id(node))
        while parent is not None:
            if isinstance(parent, ast.Try | ast.TryStar) and child in parent.body:
                for handler in parent.handlers:
                    if _caught(handler) & (errors | _BROAD):
                        return True
            if (
                "AttributeError" in errors
                and isinstance(parent, ast.If | ast.IfExp)
                and any(
                    isinstance(n, ast.Call)
                    and isinstance(n.func, ast.Name)
                    and n.func.id == "hasattr"
                    for n in ast.walk(parent.test)
                )
            ):
                return True
            child, parent = parent, self.parents.get(id(parent))
        return False

    # ------------------------------------------------------------------ checks
    def _check_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if self._guarded(node, {"ImportError", "ModuleNotFoundError"}):
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                self._check_module(node, alias.name)
            return
        if node.level or not node.module:
            return
        if not self._check_module(node, node.module):
            return
        for alias in node.names:
            if alias.name != "*" and self.cat.member(node.module, alias.name) is None:
                self._missing(
                    node,
                    Ref(path=node.module, written=node.module),
                    alias.name,
                    op="path",
                    from_import=True,
                    indexable=(alias.asname or alias.name) in self.called_names,
                )

    def _check_module(self, node: ast.stmt, module: str) -> bool:
        """Queue a check of ``import module``; False when it is not known to exist."""
        lib = self.cat.library(module)
        if lib is None:
            return False
        self.out.imports.add(module)
        if self.cat.kind(module) == "module":
            return True
        parent, _, last = module.rpartition(".")
        question = {"op": "module", "path": module}

        def make(answer: dict[str, Any], verified: bool) -> Finding | None:
            near, others = [], []
            if parent:
                found = suggest_members(self.cat, lib, parent, last, answer.get("members", []))
                near, others = found.names, found.elsewhere
            paths = [f"{parent}.{n}" for n in near] + others
            if verified:
                text = f"module `{module}` does not exist in {lib.label}"
            else:
                text = f"module `{module}` is not in the index of {lib.label} ({UNVERIFIED})"
            return Finding(
                node.lineno,
                node.col_offset,
                module,
                "unknown-module",
                text + _did_you_mean(paths),
                paths,
                severity="error" if verified else "warning",
            )

        self.out.pending.append(Pending(lib, question, make))
        return False

    def _check_attribute(self, node: ast.Attribute) -> None:
        if not isinstance(node.ctx, ast.Load):
            return
        base = self._type_of(node.value)
        if base is None:
            return
        _, status = self._member(base, node.attr)
        if status != "missing" or node.attr.startswith("_") or node.attr in self.stored_attrs:
            return
        if self._guarded(node, {"AttributeError"}):
            return
        self._missing(
            node,
            base,
            node.attr,
            op="member" if base.instance else "path",
            indexable=self._calls(node),
        )

    def _calls(self, node: ast.expr) -> bool:
        """The program calls ``node`` or subclasses it: it must be a function or class."""
        parent = self.parents.get(id(node))
        if isinstance(parent, ast.Call) and parent.func is node:
            return True
        return isinstance(parent, ast.ClassDef) and node in parent.bases

    def _missing(
        self,
        node: ast.AST,
        base: Ref,
        attr: str,
        *,
        op: str,
        from_import: bool = False,
        indexable: bool = True,
    ) -> None:
        lib = self.cat.library(base.path)
        if lib is None:
            return
        full = f"{base.path}.{attr}"
        question: dict[str, Any] = (
            {"op": "member", "cls": base.path, "name": attr}
            if op == "member"
            else {"op": "path", "path": full, "also": self.cat.namesakes(lib, base.path)[:4]}
        )
        line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0)

        def make(answer: dict[str, Any], verified: bool) -> Finding | None:
            found = suggest_members(
                self.cat,
                lib,
                base.path,
                attr,
                answer.get("members", []),
                receiver=base.path if base.instance else None,
            )
            if base.instance:
                # a name elsewhere is no method of this object; functions that take it are
                # its fix, and another class's method of that name only when nothing fits
                near = found.members
                owners = self.cat.owners(lib, attr, exclude=set(self.cat.all_paths(base.path)))
                hint = _owner_hint(base, attr, owners, self.cat.member_names(base.path), found.fits)
                paths, shown = found.on(base.path, base.written)
            else:
                near = found.names
                owners = [f"{h}.{attr}" for h in answer.get("holders", [])]
                hint = _namesake_hint(base, attr, answer.get("holders", []), self.cat)
                paths = [f"{base.path}.{n}" for n in near] + found.elsewhere
                shown = [f"{base.written}.{n}" for n in near] + found.elsewhere
            if hint:
                paths, shown = owners + paths, owners + shown
            kind: FindingKind = "unknown-name"
            absent = "does not exist" if verified else "is not in the index"
            if from_import:
                text = f"`{full}` {absent}" + (" in " if verified else " of ") + lib.label
                if near and self.cat.kind(paths[0]) == "module":
                    kind = "unknown-module"
                shown = paths
            elif base.instance:
                cls = base.path.rsplit(".", 1)[-1]
                has = "which has" if verified else "whose indexed members have"
                text = (
                    f"`{base.written}.{attr}` {absent}: `{base.written}` is a `{cls}` "
                    f"({base.path}, {lib.label}), {has} no attribute `{attr}`"
                )
            else:
                text = f"`{base.written}.{attr}` {absent}" + (" in " if verified else " of ")
                text += lib.label
            if not verified:
                text += f" ({UNVERIFIED})"
            text += f"; {hint}" if hint else _did_you_mean(shown)
            severity: Severity = "error" if verified else "warning"
            return Finding(line, col, full, kind, text, paths, severity=severity)

        self.out.pending.append(Pending(lib, question, make, indexable))

    def _check_call(self, node: ast.Call) -> None:
        if any(isinstance(a, ast.Starred) for a in node.args):
            return
        if any(k.arg is None for k in node.keywords):
            return
        func = self._type_of(node.func)
        if func is None or func.instance:
            return
        rec = self.cat.record(func.path)
        lib = self.cat.library(func.path)
        if rec is None or lib is None or rec.kind not in _CALLABLE_KINDS:
            return
        n = len(node.args)
        unbound_method = rec.kind == "method" and not func.bound
        counts = (n, n - 1) if unbound_method and n else (n,)
        keywords = tuple(k.arg for k in node.keywords if k.arg is not None)
        verdict = judge(_self_variants(rec.kind, rec.signatures), CallShape(counts, keywords))
        if self._guarded(node, {"TypeError", "ArgumentError"}):
            return
        if verdict is None:
            self._check_swallowed(node, func, rec, lib, keywords)
            return
        sigs = [f"{rec.name}{s.text}" for s in rec.signatures]
        where = f"`{func.written}` ({rec.qualname}, {lib.label})"
        if verdict.kind == "bad-keyword":
            bad = verdict.bad_keywords[0]
            near = verdict.suggestions.get(bad, [])
            text = f"{where} has no parameter `{bad}`" + _did_you_mean(near)
            if not near:
                names = dict.fromkeys(
                    p.name for s in rec.signatures for p in s.params if p.name != "arg1"
                )
                text += "; it takes " + ", ".join(f"`{n}`" for n in list(names)[:30])
            finding = Finding(node.lineno, node.col_offset, func.path, "bad-keyword", text, near)
        else:
            shown = "; ".join(sigs[:4]) + (f"; ... {len(sigs) - 4} more" if len(sigs) > 4 else "")
            text = f"{where} does not accept this call ({verdict.reason}); signatures: {shown}"
            finding = Finding(node.lineno, node.col_offset, func.path, "arity", text, sigs)
        if all(s.source == "boost" for s in rec.signatures):
            self.out.findings.append(finding)  # C++ signatures: the index is the authority
            return
        question = {
            "op": "bind",
            "path": func.path,
            "counts": list(counts),
            "keywords": list(keywords),
            "bound": func.bound and self.cat.kind(func.path.rpartition(".")[0]) == "class",
        }
        self.out.pending.append(Pending(lib, question, _if_unbindable(finding)))

    def _check_swallowed(
        self, node: ast.Call, func: Ref, rec: ApiRecord, lib: LibraryInfo, keywords: tuple[str, ...]
    ) -> None:
        """Warn about keywords ``**kwargs`` accepts but the documentation does not name.

        Only the index is asked: the live object would accept any keyword too,
        so this stays a warning in both modes (see :mod:`._kwargs`).  One
        finding per call, like a bad keyword: the first doubt, the others named.
        """
        doubts = swallowed(rec, keywords)
        if not doubts:
            return
        first = doubts[0]
        text = (
            f"`{func.written}` ({rec.qualname}, {lib.label}) takes **kwargs, so Python accepts "
            f"`{first.keyword}`, but its documentation names no such keyword"
        )
        if len(doubts) > 1:
            text += " (nor " + ", ".join(f"`{d.keyword}`" for d in doubts[1:]) + ")"
        shown = ", ".join(f"`{n}`" for n in first.accepted[:20])
        more = len(first.accepted) - 20
        text += f"; it documents {shown}" + (f" and {more} more" if more > 0 else "")
        text += (
            _did_you_mean(list(first.near))
            + " (a warning, not an error: **kwargs "
            + (
                "passes other keywords on, as its documentation says)"
                if first.forwards
                else "may take keywords its documentation leaves out)"
            )
        )
        self.out.findings.append(
            Finding(
                node.lineno,
                node.col_offset,
                func.path,
                "undocumented-keyword",
                text,
                list(first.near),
                severity="warning",
            )
        )

    def _check_unimported(self, node: ast.Name) -> None:
        if self._env_of(node.id) is not _UNBOUND or self._unimported_root(node.id) is None:
            return
        chain: ast.expr = node
        parent = self.parents.get(id(chain))
        while isinstance(parent, ast.Attribute) and parent.value is chain:
            chain = parent
            parent = self.parents.get(id(chain))
        dotted = ast.unparse(chain)
        if (node.lineno, dotted) in self._reported:
            return
        self._reported.add((node.lineno, dotted))
        parts = dotted.split(".")
        module = next(
            (
                ".".join(parts[:i])
                for i in range(len(parts), 0, -1)
                if self.cat.kind(".".join(parts[:i])) == "module"
            ),
            node.id,
        )
        fixes = [f"import {module}"]
        if "." in module:
            pkg, _, last = module.rpartition(".")
            fixes.append(f"from {pkg} import {last}")
        have = "; ".join(f"`{line}`" for line in self.import_lines[:3])
        text = f"`{dotted}` uses `{node.id}`, which the program never imports"
        text += f" (it has {have})" if have else ""
        text += f"; add `{fixes[0]}`"
        if len(fixes) > 1:
            rest = dotted[len(module) + 1 :]
            call = f"{module.rsplit('.', 1)[-1]}.{rest}" if rest else module.rsplit(".", 1)[-1]
            text += f", or `{fixes[1]}` and write `{call}`"
        self.out.findings.append(
            Finding(node.lineno, node.col_offset, dotted, "not-imported", text, fixes)
        )


def _if_unbindable(finding: Finding) -> Maker:
    """The finding, once the live object's own signature refuses the call too.

    Without the live check it is a warning: decorators such as astropy's
    ``deprecated_renamed_argument`` accept names the indexed signature lacks.
    """

    def make(answer: dict[str, Any], verified: bool) -> Finding | None:
        if not verified:
            return replace(finding, message=f"{finding.message} ({UNVERIFIED})", severity="warning")
        return finding if answer.get("binds") is False else None

    return make


def _self_variants(kind: str, signatures: list[Signature]) -> list[Signature]:
    """Add each Boost.Python overload without an unnamed leading ``self``.

    Boost names a method's or constructor's ``self`` ``arg1`` when the C++ code
    gave it no name, and the index keeps it; the caller never passes it.
    """
    if kind not in {"method", "class"}:
        return signatures
    extra = [
        Signature(text=s.text, params=s.params[1:], returns=s.returns, source=s.source)
        for s in signatures
        if s.source == "boost" and s.params and s.params[0].name == "arg1"
    ]
    return [*signatures, *extra]


def _caught(handler: ast.ExceptHandler) -> set[str]:
    if handler.type is None:
        return {"*"}
    nodes = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    out = set()
    for n in nodes:
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Attribute):
            out.add(n.attr)
    return out


def _namesake_hint(base: Ref, attr: str, holders: list[str], cat: Catalog) -> str:
    """Point from ``Bio.Data.CodonTable.CodonTable`` (a class) to the module of that name."""
    if not holders:
        return ""
    holder = holders[0]
    parent, _, name = holder.rpartition(".")
    what = cat.kind(holder) or "object"
    here = cat.kind(base.path) or "object"
    get = f"from {parent} import {name}" if parent else f"import {name}"
    return (
        f"`{base.written}` here is the {here} `{base.path}`, but `{attr}` belongs to the "
        f"{what} `{holder}` of the same name: `{get}`, then `{name}.{attr}`"
    )


def _owner_hint(base: Ref, attr: str, owners: list[str], base_members: set[str], fits: bool) -> str:
    """Point from a method called on the wrong class (an ``ICRS`` frame) to its owners.

    When this object holds the owners (a ``Mol`` has ``GetAtoms`` and
    ``GetTotalNumHs`` is an ``Atom``'s), the fix is to call the method on each
    of them, not to make the object something else.  Making it another class
    is suggested only when nothing that ``fits`` this object was found (a
    ``Seq`` with ``gc_content`` needs ``gc_fraction(s)``, not to become a
    ``PositionWeightMatrix``, whose namesake method means something else).
    """
    if not owners:
        return ""
    shown = [(o.rsplit(".", 2)[-2], o) for o in owners[:2]]  # (class name, path)
    named = " or ".join(f"`{c}` ({o})" for c, o in shown)
    here = base.path.rsplit(".", 1)[-1]
    getter = _getter_of(shown[0][0], base_members)
    if getter:
        return (
            f"`{attr}` is a member of {named}, and a `{here}` holds those: call it on each "
            f"of `{base.written}.{getter}()`, e.g. "
            f"`[x.{attr}() for x in {base.written}.{getter}()]`"
        )
    if fits:
        return ""
    return (
        f"`{attr}` is a member of {named}: create `{base.written}` as a `{shown[0][0]}`, "
        f"not as a `{here}`, then call `{base.written}.{attr}(...)`"
    )


def _getter_of(owner: str, members: set[str]) -> str | None:
    """The member that lists the ``owner`` objects (``GetAtoms``, ``get_residues``), if any."""
    plural = owner.lower() + "s"
    found = sorted(m for m in members if m.lower().replace("_", "") in {plural, "get" + plural})
    return found[0] if found else None


def _did_you_mean(names: list[str]) -> str:
    if not names:
        return ""
    quoted = [f"`{n}`" for n in names[:3]]
    joined = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"
    return f"; did you mean {joined}?"
