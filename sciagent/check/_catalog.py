"""A name-level view of the loaded indexes, shaped for checking code.

The searcher ranks records; the checker asks different questions: does this
path exist, what are the members of this module or class, which class does
this function return, where else in the library is a name like this one.
Building that view walks every qualname and alias once (~0.1 s), so it is
built once per :class:`~sciagent.retrieval.Searcher` and reused.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ..records import ApiRecord
from ..retrieval import Searcher

_DOTTED = re.compile(r"[A-Za-z_][\w.]*")


@dataclass(frozen=True)
class LibraryInfo:
    """An indexed library, as the checker names it in messages."""

    name: str  # index name, e.g. "biopython"
    import_name: str  # top-level package, e.g. "Bio"
    version: str
    index: int  # position in ``Searcher.indexes``

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"


class Catalog:
    """Paths, members and classes of every loaded index."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.paths: dict[str, tuple[int, int]] = {}
        self.members: dict[str, set[str]] = {}
        self.by_name: dict[str, list[tuple[int, int]]] = {}
        self.classes: dict[tuple[int, str], list[int]] = {}
        self.roots: dict[str, LibraryInfo] = {}
        self._build()

    def _build(self) -> None:
        by_library = {ix.manifest.library: i for i, ix in enumerate(self.searcher.indexes)}
        for _, lib in self.searcher.plugins.libraries():
            i = by_library.get(lib.name)
            if i is not None:
                version = self.searcher.indexes[i].manifest.version
                self.roots[lib.import_name] = LibraryInfo(lib.name, lib.import_name, version, i)
        for i, ix in enumerate(self.searcher.indexes):
            table = ix.records
            for j, (qualname, kind) in enumerate(zip(table.qualnames, table.kinds, strict=True)):
                if kind == "recipe":
                    continue
                last = qualname.rsplit(".", 1)[-1]
                self.by_name.setdefault(last.lower(), []).append((i, j))
                if kind == "class":
                    self.classes.setdefault((i, last), []).append(j)
                for path in (qualname, *table.aliases[j]):
                    held = self.paths.get(path)
                    # a submodule that is also a package attribute (`Bio.PDB.PDBParser`):
                    # attribute access yields the object, so it wins over the module
                    if held is None or (
                        self.searcher.indexes[held[0]].records.kinds[held[1]] == "module"
                        and kind != "module"
                    ):
                        self.paths[path] = (i, j)
                    parent, _, name = path.rpartition(".")
                    if parent:
                        self.members.setdefault(parent, set()).add(name)

    @cached_property
    def modules(self) -> frozenset[str]:
        """Every module path the index lists, library roots included.

        Live introspection imports only these: importing runs a module's code,
        and the checked program must not be able to choose code the walker
        never chose (``rdkit.Contrib`` scripts that act on import).
        """
        listed = {p for p, (i, j) in self.paths.items() if self._kind_at(i, j) == "module"}
        return frozenset(listed | set(self.roots))

    def _kind_at(self, i: int, j: int) -> str:
        return self.searcher.indexes[i].records.kinds[j]

    # ------------------------------------------------------------------ lookups
    def library(self, path: str) -> LibraryInfo | None:
        """The indexed library a dotted path is rooted in, if any."""
        return self.roots.get(path.split(".", 1)[0])

    def kind(self, path: str) -> str | None:
        key = self.paths.get(path)
        return None if key is None else self.searcher.indexes[key[0]].records.kinds[key[1]]

    def record(self, path: str) -> ApiRecord | None:
        key = self.paths.get(path)
        return None if key is None else self.searcher.indexes[key[0]].records[key[1]]

    def all_paths(self, path: str) -> list[str]:
        """Every public path of the object at ``path`` (itself first)."""
        key = self.paths.get(path)
        if key is None:
            return [path]
        table = self.searcher.indexes[key[0]].records
        return list(dict.fromkeys((path, table.qualnames[key[1]], *table.aliases[key[1]])))

    def home(self, path: str) -> str:
        key = self.paths.get(path)
        return path if key is None else self.searcher.indexes[key[0]].records.qualnames[key[1]]

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

    def elsewhere(self, library: LibraryInfo, name: str, exclude: set[str]) -> list[str]:
        """Shortest public paths of records called ``name`` elsewhere in the library."""
        return self._named(library, name, lambda p: p.rpartition(".")[0] in exclude, False)

    def owners(self, library: LibraryInfo, name: str, exclude: set[str]) -> list[str]:
        """Paths of ``name`` as a member of a class other than those in ``exclude``."""
        return [
            p
            for p in self.elsewhere(library, name, exclude)
            if self.kind(p.rpartition(".")[0]) == "class"
        ]

    def namesakes(self, library: LibraryInfo, path: str) -> list[str]:
        """Other objects, modules included, with the last name of ``path``.

        Libraries reuse names (``Bio.Data.CodonTable`` is a module and
        ``Bio.Data.CodonTable.CodonTable`` a class in it); a program that
        imports one often means the other.
        """
        same = set(self.all_paths(path))
        return self._named(library, path.rpartition(".")[2], same.__contains__, True)

    def _named(
        self,
        library: LibraryInfo,
        name: str,
        skip: Callable[[str], bool],
        modules: bool,
    ) -> list[str]:
        found: list[str] = []
        table = self.searcher.indexes[library.index].records
        for i, j in self.by_name.get(name.lower(), []):
            if i != library.index or (table.kinds[j] == "module" and not modules):
                continue
            paths = [table.qualnames[j], *table.aliases[j]]
            if any(skip(p) for p in paths):
                continue
            found.append(min(paths, key=lambda p: (p.count("."), len(p), p)))
        return sorted(dict.fromkeys(found), key=lambda p: (p.count("."), len(p), p))

    def return_class(self, path: str) -> str | None:
        """The indexed class every signature of the callable at ``path`` returns.

        Boost.Python headers name the class (``-> Mol``), annotations may name
        it dotted; anything else (unions, generics, prose) is not trusted.
        """
        rec = self.record(path)
        if rec is None or rec.kind not in {"function", "method"} or not rec.signatures:
            return None
        found = {self._class_named(rec, s.returns) for s in rec.signatures}
        if len(found) != 1:
            return None
        return found.pop()

    def _class_named(self, rec: ApiRecord, returns: str | None) -> str | None:
        if not returns:
            return None
        text = returns.strip().strip("'\"`").lstrip("~")
        if not _DOTTED.fullmatch(text):
            return None
        if "." in text and self.kind(text) == "class":
            return self.home(text)
        lib = self.library(rec.qualname)
        if lib is None:
            return None
        candidates = self.classes.get((lib.index, text.rsplit(".", 1)[-1]), [])
        table = self.searcher.indexes[lib.index].records
        names = [table.qualnames[j] for j in candidates]
        if len(names) == 1:
            return names[0]
        module = rec.qualname.rsplit(".", 1)[0]
        near = [n for n in names if n.rsplit(".", 1)[0] == module]
        return near[0] if len(near) == 1 else None


_catalogs: weakref.WeakKeyDictionary[Searcher, Catalog] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def catalog_for(searcher: Searcher) -> Catalog:
    """The catalog of ``searcher``, built on first use."""
    with _lock:
        cat = _catalogs.get(searcher)
        if cat is None:
            cat = Catalog(searcher)
            _catalogs[searcher] = cat
        return cat
