"""Imported names rebound to something else, then used as the import again.

``import astropy.units as u`` then ``for u in units:`` then ``u.deg``: after
the loop ``u`` is one unit, and ``u.deg`` fails at run time with an error that
sends a small model hunting in the wrong place (three repair rounds, then no
answer, on hidden tasks and the demo's astronomy task).  Any import counts
(numpy as much as the indexed libraries), so nothing here needs the index.

The analysis follows the program's control flow per scope, so it stays
quiet on correct code:

* a binding in a function rebinds only that function's local name;
* a rebinding after the last use as a module is harmless;
* a name that is the import on one path and something else on another
  (``try: import x as u`` / ``except ImportError: u = None``, ``if``
  branches) is left alone; only a loop carrying a rebinding back to an
  earlier use counts, because every second iteration sees it;
* a use counts as "as the module" only with evidence: the same attribute is
  read where the name surely is the import, the index lists it in the
  module, the new value is a literal that lacks it, or the function made the
  name local and reads it before any assignment (``UnboundLocalError``).
  ``for u in units: u.to_string()`` is a use of the unit, not of the module.

Loops are assumed to run at least once: ``for u in values`` after an import
of ``u`` means ``u`` is a value after the loop.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from ..program import imported_names, imports_of
from ._findings import Finding

DefKind = Literal["import", "other", "unbound", "param"]
State = dict[str, frozenset["_Def"]]
IsMember = Callable[[str, str], bool]

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass(frozen=True)
class _Def:
    """One binding of a name that may reach a use."""

    kind: DefKind
    line: int
    text: str  # the binding as the program reads, for messages
    module: str = ""  # for an import: the dotted path it denotes
    shadows: _Def | None = None  # for a rebinding: the import it replaced
    where: str = ""  # the function that made the name local
    value: ast.Constant | None = None  # a literal the name now holds
    carried: bool = False  # reaches a use through a loop's back edge


@dataclass
class _Use:
    node: ast.Attribute
    name: str
    defs: frozenset[_Def]


@dataclass
class _Loop:
    breaks: list[State] = field(default_factory=list)
    continues: list[State] = field(default_factory=list)


def rebound_imports(tree: ast.Module, is_member: IsMember | None = None) -> list[Finding]:
    """Findings of kind ``"rebound-import"`` for ``tree``.

    ``is_member(module, attr)`` says whether the index lists ``attr`` in the
    module ``module`` (evidence that ``u.attr`` means the module).
    """
    tracked = {i.name for i in imports_of(tree) if i.name != "*"}
    if not tracked:
        return []
    flow = _Flow(tracked)
    flow.block(tree.body, {})
    return _verdicts(flow.uses.values(), is_member or (lambda module, attr: False))


def _merge(*states: State | None) -> State | None:
    """Where paths join, a name holds whatever any path gave it (None: no path arrives)."""
    live = [s for s in states if s is not None]
    if not live:
        return None
    out: State = {}
    for state in live:
        for name, defs in state.items():
            out[name] = out.get(name, frozenset()) | defs
    return out


class _Flow:
    """Walks statements in execution order, keeping what each tracked name may hold."""

    def __init__(self, tracked: set[str]) -> None:
        self.tracked = tracked
        self.uses: dict[int, _Use] = {}  # a loop's last pass overwrites its first
        self.loops: list[_Loop] = []

    # ---------------------------------------------------------------- blocks
    def block(self, body: list[ast.stmt], state: State | None) -> State | None:
        for stmt in body:
            if state is None:
                return None  # unreachable after return, raise, break, continue
            state = self.stmt(stmt, state)
        return state

    def stmt(self, node: ast.stmt, state: State) -> State | None:
        handler = getattr(self, f"_{type(node).__name__}", None)
        if handler is not None:
            result: State | None = handler(node, state)
            return result
        self.read(node, state)
        return self.bind_stores(node, dict(state))

    # ------------------------------------------------------------ statements
    def _Import(self, node: ast.Import | ast.ImportFrom, state: State) -> State:
        out = dict(state)
        for imported in imported_names(node):
            if imported.name != "*":
                out[imported.name] = frozenset(
                    {_Def("import", imported.line, imported.statement, imported.target)}
                )
        return out

    _ImportFrom = _Import

    def _FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef, state: State) -> State:
        for expr in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
            if expr is not None:
                self.read(expr, state)
        self.function(node, state)
        return self.bind(dict(state), node.name, node, f"def {node.name}(...)")

    _AsyncFunctionDef = _FunctionDef

    def _ClassDef(self, node: ast.ClassDef, state: State) -> State:
        for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.read(expr, state)
        self.block(node.body, dict(state))  # class-level names stay in the class
        return self.bind(dict(state), node.name, node, f"class {node.name}")

    def _Return(self, node: ast.Return | ast.Raise, state: State) -> None:
        self.read(node, state)
        return None

    _Raise = _Return

    def _Break(self, node: ast.Break, state: State) -> None:
        if self.loops:
            self.loops[-1].breaks.append(state)

    def _Continue(self, node: ast.Continue, state: State) -> None:
        if self.loops:
            self.loops[-1].continues.append(state)

    def _If(self, node: ast.If, state: State) -> State | None:
        self.read(node.test, state)
        return _merge(self.block(node.body, dict(state)), self.block(node.orelse, dict(state)))

    def _For(self, node: ast.For | ast.AsyncFor, state: State) -> State | None:
        self.read(node.iter, state)
        text = f"for {ast.unparse(node.target)} in ..."
        return self.loop(node, state, lambda s: self.bind_target(s, node.target, node, text))

    _AsyncFor = _For

    def _While(self, node: ast.While, state: State) -> State | None:
        def head(s: State) -> State:
            self.read(node.test, s)
            return s

        return self.loop(node, state, head)

    def _With(self, node: ast.With | ast.AsyncWith, state: State) -> State | None:
        out = dict(state)
        for item in node.items:
            self.read(item.context_expr, out)
            if item.optional_vars is not None:
                text = f"with ... as {ast.unparse(item.optional_vars)}"
                out = self.bind_target(out, item.optional_vars, node, text)
        return self.block(node.body, out)

    _AsyncWith = _With

    def _Try(self, node: ast.Try | ast.TryStar, state: State) -> State | None:
        seen: list[State | None] = [state]  # any statement of the body may raise
        current: State | None = dict(state)
        for stmt in node.body:
            if current is None:
                break
            current = self.stmt(stmt, current)
            seen.append(current)
        raised = _merge(*seen) or state
        ends = [self.block(node.orelse, current)]
        for handler in node.handlers:
            entry = dict(raised)
            if handler.type is not None:
                self.read(handler.type, entry)
            if handler.name:
                entry = self.bind(entry, handler.name, handler, f"except ... as {handler.name}")
            ends.append(self.block(handler.body, entry))
        after = _merge(*ends)
        if not node.finalbody:
            return after
        final = self.block(node.finalbody, dict(after if after is not None else raised))
        return final if after is not None else None

    _TryStar = _Try

    def _Match(self, node: ast.Match, state: State) -> State | None:
        self.read(node.subject, state)
        ends: list[State | None] = [state]
        for case in node.cases:
            entry = dict(state)
            for name in _pattern_names(case.pattern):
                entry = self.bind(entry, name, case.pattern, f"case ... {name}")
            if case.guard is not None:
                self.read(case.guard, entry)
            ends.append(self.block(case.body, entry))
        return _merge(*ends)

    def _Global(self, node: ast.Global | ast.Nonlocal, state: State) -> State:
        return state

    _Nonlocal = _Global

    # ----------------------------------------------------------------- loops
    def loop(
        self,
        node: ast.For | ast.AsyncFor | ast.While,
        state: State,
        head: Callable[[State], State],
    ) -> State | None:
        """Two passes: the second starts from the first's end, marked as carried round."""
        entry = state
        back: State | None = None
        for _ in range(2):
            self.loops.append(_Loop())
            end = self.block(node.body, head(dict(entry)))
            ctx = self.loops.pop()
            back = _merge(end, *ctx.continues)
            if back is None:
                break
            entry = _merge(state, _carried(back, state)) or state
        done = self.block(node.orelse, back) if back is not None else None
        return _merge(done, *ctx.breaks)

    # -------------------------------------------------------------- bindings
    def bind(self, state: State, name: str, node: ast.AST, text: str) -> State:
        if name not in self.tracked:
            return state
        line = getattr(node, "lineno", 0)
        value = None
        parent_value = getattr(node, "value", None)
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(parent_value, ast.Constant):
            value = parent_value
        state[name] = frozenset(
            {_Def("other", line, text, shadows=_shadowed(state.get(name)), value=value)}
        )
        return state

    def bind_target(self, state: State, target: ast.expr, node: ast.AST, text: str) -> State:
        for sub in _walk_here(target):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                state = self.bind(state, sub.id, node, text)
        return state

    def bind_stores(self, node: ast.stmt, state: State) -> State:
        """Bindings of a simple statement (assignments, walrus, ``del``), after its reads."""
        if isinstance(node, ast.AnnAssign) and node.value is None:
            return state
        for name in _stored_names(node):
            state = self.bind(state, name, node, _describe(node, name))
        return state

    # ------------------------------------------------------------------ reads
    def read(self, node: ast.AST, state: State) -> None:
        """Record every ``name.attr`` read in ``node`` with what ``name`` may hold there."""
        hidden = _comprehension_targets(node)
        for sub in _walk_here(node):
            if (
                isinstance(sub, ast.Attribute)
                and isinstance(sub.value, ast.Name)
                and isinstance(sub.ctx, ast.Load)
                and sub.value.id in state
                and id(sub) not in hidden
            ):
                self.uses[id(sub)] = _Use(sub, sub.value.id, state[sub.value.id])

    # -------------------------------------------------------------- functions
    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, outer: State) -> None:
        """A function's body with its own local names; free names are not followed."""
        params = {a.arg for a in _all_args(node.args)}
        local = (_local_names(node.body) | params) & self.tracked
        state: State = {}
        for name in local:
            if name in params:
                state[name] = frozenset({_Def("param", node.lineno, f"def {node.name}(...)")})
                continue
            shadows = _shadowed(outer.get(name))
            state[name] = frozenset(
                {_Def("unbound", node.lineno, "", shadows=shadows, where=node.name)}
            )
        saved, self.loops = self.loops, []
        self.block(node.body, state)
        self.loops = saved


def _carried(back: State, entry: State) -> State:
    """Definitions new at the end of a loop body, marked as reaching the next iteration."""
    return {
        name: frozenset(
            d if d in entry.get(name, frozenset()) else replace(d, carried=True) for d in defs
        )
        for name, defs in back.items()
    }


def _shadowed(defs: frozenset[_Def] | None) -> _Def | None:
    """The import a new binding replaces, directly or through earlier rebindings."""
    for d in sorted(defs or (), key=lambda d: d.line):
        if d.kind == "import":
            return d
    for d in sorted(defs or (), key=lambda d: d.line):
        if d.shadows is not None:
            return d.shadows
    return None


def _walk_here(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk`` that does not enter nested functions, classes or lambdas."""
    todo = [node]
    while todo:
        current = todo.pop()
        yield current
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, _SCOPES):
                todo.append(child)


def _comprehension_targets(node: ast.AST) -> set[int]:
    """Attribute reads on a comprehension's own loop variables (they are not the import)."""
    hidden: set[int] = set()
    for comp in _walk_here(node):
        if not isinstance(comp, _COMPREHENSIONS):
            continue
        names = {
            n.id for g in comp.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)
        }
        for sub in ast.walk(comp):
            if (
                isinstance(sub, ast.Attribute)
                and isinstance(sub.value, ast.Name)
                and sub.value.id in names
            ):
                hidden.add(id(sub))
    return hidden


def _stored_names(node: ast.AST) -> list[str]:
    """Names ``node`` assigns or deletes in its own scope.

    A comprehension's loop variables belong to the comprehension; a walrus
    inside one still binds in the enclosing scope.
    """
    inner: set[int] = set()
    for comp in _walk_here(node):
        if isinstance(comp, _COMPREHENSIONS):
            inner.update(id(n) for g in comp.generators for n in ast.walk(g.target))
    return [
        sub.id
        for sub in _walk_here(node)
        if isinstance(sub, ast.Name)
        and isinstance(sub.ctx, ast.Store | ast.Del)
        and id(sub) not in inner
    ]


def _local_names(body: list[ast.stmt]) -> set[str]:
    """Names a function body binds (so they are local), minus ``global``/``nonlocal`` ones."""
    bound: set[str] = set()
    declared: set[str] = set()
    for stmt in body:
        if isinstance(stmt, _SCOPES):
            bound.add(getattr(stmt, "name", ""))
            continue
        bound.update(_stored_names(stmt))
        for sub in _walk_here(stmt):
            if isinstance(sub, ast.Import | ast.ImportFrom):
                bound.update(i.name for i in imported_names(sub) if i.name != "*")
            elif isinstance(sub, ast.ExceptHandler) and sub.name:
                bound.add(sub.name)
            elif isinstance(sub, ast.Global | ast.Nonlocal):
                declared.update(sub.names)
            elif isinstance(sub, ast.match_case):
                bound.update(_pattern_names(sub.pattern))
            for child in ast.iter_child_nodes(sub):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    bound.add(child.name)
    return bound - declared


def _pattern_names(pattern: ast.AST) -> set[str]:
    names: set[str] = set()
    for sub in ast.walk(pattern):
        if isinstance(sub, ast.MatchAs | ast.MatchStar) and sub.name:
            names.add(sub.name)
        elif isinstance(sub, ast.MatchMapping) and sub.rest:
            names.add(sub.rest)
    return names


def _all_args(args: ast.arguments) -> list[ast.arg]:
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *extra]


def _describe(node: ast.stmt, name: str) -> str:
    """How a simple statement rebinds ``name``, short enough for a message."""
    if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and node.value is not None:
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        op = "=" if not isinstance(node, ast.AugAssign) else "op="
        value = ast.unparse(node.value)
        value = value if len(value) <= 40 else value[:37] + "..."
        return f"{ast.unparse(target)} {op} {value}"
    if isinstance(node, ast.Delete):
        return f"del {name}"
    return f"{name} := ..."


# ------------------------------------------------------------------ verdicts
def _verdicts(uses: Iterable[_Use], is_member: IsMember) -> list[Finding]:
    uses = list(uses)
    evidence = {
        (u.name, u.node.attr) for u in uses if u.defs and all(d.kind == "import" for d in u.defs)
    }
    findings: dict[tuple[int, str], Finding] = {}
    for use in sorted(uses, key=lambda u: (u.node.lineno, u.node.col_offset)):
        culprit = _culprit(use, evidence, is_member)
        key = (use.node.lineno, use.name)
        if culprit is not None and key not in findings:
            findings[key] = _finding(use, culprit)
    return list(findings.values())


def _culprit(use: _Use, evidence: set[tuple[str, str]], is_member: IsMember) -> _Def | None:
    """The rebinding that makes ``use`` fail, if the use surely means the import."""
    imports = [d for d in use.defs if d.kind == "import"]
    if any(d.kind == "param" for d in use.defs):
        return None  # a parameter may well be given the module
    others = [d for d in use.defs if d.kind != "import" and d.shadows is not None]
    if imports:
        others = [d for d in others if d.carried]  # only a loop makes a mixed use fail
    if not others or len(others) < len(use.defs) - len(imports):
        return None  # some path binds something the import never was
    if imports or all(d.kind == "unbound" for d in others):
        return others[0]  # the first iteration reads it as the import: so does the program
    rebinds = [d for d in others if d.kind == "other"]
    attr = use.node.attr
    shadows = rebinds[0].shadows
    assert shadows is not None
    if (use.name, attr) in evidence or is_member(shadows.module, attr):
        return rebinds[0]
    if all(d.value is not None and not hasattr(d.value.value, attr) for d in rebinds):
        return rebinds[0]
    return None


def _finding(use: _Use, culprit: _Def) -> Finding:
    imp = culprit.shadows
    assert imp is not None
    name, attr = use.name, use.node.attr
    written = f"{name}.{attr}"
    head = f"`{name}` is {imp.module} (line {imp.line}: `{imp.text}`)"
    fix = f"use another variable name for the other value, e.g. `{_new_name(name, imp.module)}`"
    if culprit.kind == "unbound":
        text = (
            f"{head}, but `{culprit.where}` assigns `{name}` too, which makes `{name}` "
            f"local to all of `{culprit.where}`: `{written}` on line {use.node.lineno} "
            f"raises UnboundLocalError; {fix}"
        )
    else:
        when = "from the loop's second iteration on, " if culprit.carried else ""
        text = (
            f"{head} but line {culprit.line} rebinds it (`{culprit.text}`), so {when}"
            f"`{written}` on line {use.node.lineno} is no longer {imp.module}; {fix}"
        )
    return Finding(
        use.node.lineno, use.node.col_offset, f"{imp.module}.{attr}", "rebound-import", text, []
    )


def _new_name(name: str, module: str) -> str:
    """A name for the other value: ``unit`` for ``astropy.units``, ``chem`` for ``Chem``."""
    last = module.rsplit(".", 1)[-1].lower()
    if last.endswith("s") and len(last) > 3 and last[:-1] != name:
        return last[:-1]
    if name != name.lower():
        return name.lower()
    return f"{name}_value"


__all__ = ["rebound_imports"]
