"""The indexed libraries as the checker sees them: roots, paths, members, classes.

The checker asks name questions (does this path exist, what does this module
or class hold, which class does this function return, where else in the
library is a name like this one).  Paths, members and namesakes come from the
index read side's :class:`~sciagent.index.names.NameTable`, the same table
the ranker resolves names with; this module adds what only checking needs:
which library a dotted path is rooted in, and return classes.  It depends on
the loaded indexes, not on the ranker: suggestions by meaning go through a
:class:`Lexical` callable the caller supplies (``check_code`` passes the
searcher's hybrid ranking, dense MiniLM and BM25 fused, so that
``angular_distance`` finds ``separation``).  Built once per name table and reused.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, Protocol

from ..index.names import NameTable
from ..index.store import LoadedIndex
from ..plugin import Library, PluginSet
from ..records import ApiRecord, Hit

_DOTTED = re.compile(r"[A-Za-z_][\w.]*")

#: records whose documentation matches some words, best first (a ranking by meaning)
Lexical = Callable[[str], Sequence[Hit]]
#: how many records a lexical ranking returns for a suggestion by meaning
RELATED_K = 40


@dataclass(frozen=True)
class LibraryInfo:
    """An indexed library, as the checker names it in messages."""

    name: str  # index name, e.g. "biopython"
    import_name: str  # top-level package, e.g. "Bio"
    version: str
    index: int  # position in the loaded indexes (and in the name table)

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"


class Catalog:
    """Library roots over the name table of every loaded index."""

    def __init__(
        self,
        indexes: Sequence[LoadedIndex],
        libraries: Iterable[Library],
        *,
        names: NameTable | None = None,
        lexical: Lexical | None = None,
    ) -> None:
        self.indexes = list(indexes)
        self.names = names if names is not None else NameTable(self.indexes)
        self.lexical = lexical
        self.roots: dict[str, LibraryInfo] = {}
        by_library = {ix.manifest.library: i for i, ix in enumerate(self.indexes)}
        for lib in libraries:
            i = by_library.get(lib.name)
            if i is not None:
                version = self.indexes[i].manifest.version
                self.roots[lib.import_name] = LibraryInfo(lib.name, lib.import_name, version, i)

    @property
    def paths(self) -> dict[str, tuple[int, int]]:
        return self.names.paths

    def related(self, words: str) -> Sequence[Hit]:
        """Records whose documentation matches ``words`` (none without a lexical ranking)."""
        return self.lexical(words) if self.lexical is not None else []

    @cached_property
    def modules(self) -> frozenset[str]:
        """Every module path the index lists, library roots included.

        Live introspection imports only these: importing runs a module's code,
        and the checked program must not be able to choose code the walker
        never chose (``rdkit.Contrib`` scripts that act on import).
        """
        listed = {p for p, key in self.paths.items() if self.names.kind_at(key) == "module"}
        return frozenset(listed | set(self.roots))

    # ------------------------------------------------------------------ lookups
    def library(self, path: str) -> LibraryInfo | None:
        """The indexed library a dotted path is rooted in, if any."""
        return self.roots.get(path.split(".", 1)[0])

    def kind(self, path: str) -> str | None:
        return self.names.kind(path)

    def record(self, path: str) -> ApiRecord | None:
        return self.names.record(path)

    def all_paths(self, path: str) -> list[str]:
        """Every public path of the object at ``path`` (itself first)."""
        return self.names.all_paths(path)

    def home(self, path: str) -> str:
        return self.names.home(path)

    def member_names(self, path: str) -> set[str]:
        """Public member names the index knows for the module, class or object at ``path``."""
        return self.names.member_names(path)

    def member(self, path: str, name: str) -> str | None:
        """The path of member ``name`` of the object at ``path``, if the index has it."""
        return self.names.member(path, name)

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
        table = self.indexes[library.index].records
        for i, j in self.names.named(name):
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
        candidates = self.names.classes.get((lib.index, text.rsplit(".", 1)[-1]), [])
        table = self.indexes[lib.index].records
        names = [table.qualnames[j] for j in candidates]
        if len(names) == 1:
            return names[0]
        module = rec.qualname.rsplit(".", 1)[0]
        near = [n for n in names if n.rsplit(".", 1)[0] == module]
        return near[0] if len(near) == 1 else None


class Source(Protocol):
    """What a catalog is made from: loaded indexes, their name table, the plugins, and a
    ranking for suggestions by meaning (a :class:`~sciagent.retrieval.Searcher` is one)."""

    @property
    def indexes(self) -> list[LoadedIndex]: ...
    @property
    def names(self) -> NameTable: ...
    @property
    def plugins(self) -> PluginSet: ...
    def search(
        self, query: str, k: int = 10, *, mode: Literal["hybrid", "dense", "lexical"] = "hybrid"
    ) -> Sequence[Hit]: ...


_catalogs: weakref.WeakKeyDictionary[NameTable, Catalog] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def catalog_for(source: Source) -> Catalog:
    """The catalog of ``source``'s loaded indexes, built on first use (one per name table)."""
    names = source.names
    with _lock:
        cat = _catalogs.get(names)
        if cat is None:
            libraries = [lib for _, lib in source.plugins.libraries()]
            search = source.search

            def lexical(words: str) -> Sequence[Hit]:
                # hybrid: paraphrases (angular distance ~ separation) need the dense side;
                # the query encoder is warm in an agent, ~0.3 s once in a cold CLI
                return search(words, k=RELATED_K, mode="hybrid")

            cat = Catalog(source.indexes, libraries, names=names, lexical=lexical)
            _catalogs[names] = cat
        return cat
