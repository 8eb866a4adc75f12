"""Where each public name of the loaded indexes lives: paths, members, namesakes, classes.

The index read side answers name questions for every layer above it: the
ranker finds the records a recipe names or a request spells out, the checker
asks whether a path exists and what a module or class holds, the plugin
health check resolves the APIs a recipe lists.  One table answers them all,
built once per set of loaded indexes by walking every qualname and alias
(~0.1 s), so the layers cannot disagree on what a path means.

A key ``(i, j)`` is record ``j`` of index ``i`` in the sequence the table
was built from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..records import ApiRecord
from .store import RecordTable

Key = tuple[int, int]

#: kinds a bare name may refer to when a request spells it out
CALLABLE_KINDS = frozenset({"function", "class", "method", "attribute"})


class HasRecords(Protocol):
    """A loaded index, as far as names go (:class:`~sciagent.index.store.LoadedIndex`)."""

    @property
    def records(self) -> RecordTable: ...


class NameTable:
    """Paths, members, last names and classes of the records of loaded indexes.

    * ``paths``: every qualname and alias (shown or not), recipes included, to its record;
      where a path is both a submodule and a package attribute
      (``Bio.PDB.PDBParser``), attribute access yields the object, so the
      object wins over the module;
    * ``members``: the public names under each dotted path;
    * ``by_name``: records by their lower-cased last name;
    * ``classes``: class records by (index, last name).

    Recipes are reachable by their own path only: they are no member of
    anything, and no namesake of an API.
    """

    def __init__(self, indexes: Sequence[HasRecords]) -> None:
        self.tables: list[RecordTable] = [ix.records for ix in indexes]
        self.paths: dict[str, Key] = {}
        self.members: dict[str, set[str]] = {}
        self.by_name: dict[str, list[Key]] = {}
        self.classes: dict[tuple[int, str], list[int]] = {}
        for i, table in enumerate(self.tables):
            self._add(i, table)

    def _add(self, i: int, table: RecordTable) -> None:
        for j, (qualname, kind) in enumerate(zip(table.qualnames, table.kinds, strict=True)):
            recipe = kind == "recipe"
            if not recipe:
                last = qualname.rsplit(".", 1)[-1]
                self.by_name.setdefault(last.lower(), []).append((i, j))
                if kind == "class":
                    self.classes.setdefault((i, last), []).append(j)
            for path in (qualname, *table.aliases[j], *table.more_aliases[j]):
                held = self.paths.get(path)
                if held is None or (self.kind_at(held) == "module" and kind != "module"):
                    self.paths[path] = (i, j)
                parent, _, name = path.rpartition(".")
                if parent and not recipe:
                    self.members.setdefault(parent, set()).add(name)

    # ------------------------------------------------------------------ records
    def kind_at(self, key: Key) -> str:
        return self.tables[key[0]].kinds[key[1]]

    def record_at(self, key: Key) -> ApiRecord:
        return self.tables[key[0]][key[1]]

    def locate(self, path: str) -> Key | None:
        """The record a qualname or alias names, if any."""
        return self.paths.get(path)

    def kind(self, path: str) -> str | None:
        key = self.paths.get(path)
        return None if key is None else self.kind_at(key)

    def record(self, path: str) -> ApiRecord | None:
        key = self.paths.get(path)
        return None if key is None else self.record_at(key)

    def named(self, name: str, kinds: frozenset[str] | None = None) -> list[Key]:
        """Records whose last name is ``name`` (any case), optionally of ``kinds`` only."""
        found = self.by_name.get(name.lower(), [])
        return found if kinds is None else [k for k in found if self.kind_at(k) in kinds]

    # -------------------------------------------------------------------- paths
    def all_paths(self, path: str) -> list[str]:
        """Every public path of the object at ``path`` (itself first)."""
        key = self.paths.get(path)
        if key is None:
            return [path]
        t, j = self.tables[key[0]], key[1]
        return list(dict.fromkeys((path, t.qualnames[j], *t.aliases[j], *t.more_aliases[j])))

    def preferred(self, path: str) -> str:
        """The path people type for the object at ``path`` (what every surface shows)."""
        key = self.paths.get(path)
        return path if key is None else self.tables[key[0]].paths[key[1]]

    def home(self, path: str) -> str:
        """The qualname (home module path) of the object at ``path``."""
        key = self.paths.get(path)
        return path if key is None else self.tables[key[0]].qualnames[key[1]]

    def member_names(self, path: str) -> set[str]:
        """Public member names the index knows for the module, class or object at ``path``."""
        out: set[str] = set()
        for p in self.all_paths(path):
            out |= self.members.get(p, set())
        return out

    def member(self, path: str, name: str) -> str | None:
        """The path of member ``name`` of the object at ``path``, if the index has it."""
        for p in self.all_paths(path):
            candidate = f"{p}.{name}"
            if candidate in self.paths:
                return candidate
        return None
