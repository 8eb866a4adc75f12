"""Which paths of an object people type, and which modules and classes are test code.

The walker reaches one object through many public paths: its home module, the
package that re-exports it, modules that merely import it for their own use,
subclasses that inherit a method, instances.  These rules rank those paths so
that every surface shows the same one, and keep the list shown short.  They are
text rules over dotted paths (plus a few facts the walker gathers), so they hold
for libraries never seen and are tested without importing any.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
#: a module whose name begins or ends with one of these words is test code
#: (pytest's ``test_*.py``/``*_test.py``/``conftest.py``, ``tests/``, ``TestRunner``,
#: ``BulkTester``); ``testing`` is not: numpy.testing-style helpers are API
TEST_WORDS = frozenset({"test", "tests", "tester", "testers", "conftest"})
#: aliases a record shows (and JSON, cards and LangChain list): the useful few
MAX_ALIASES = 5
#: further paths kept for name resolution only (the checker accepts them)
MAX_MORE_ALIASES = 60
#: a module that binds at least this share (and STAR_MIN) of another module's own
#: public names re-exports it (``from .rdDistGeom import *`` in
#: ``rdkit.Chem.AllChem``); fewer are imports for its own use (``SkyCoord`` in
#: ``astropy.wcs.utils``, six of Bio.Seq's eleven names in ``Bio.Align``)
STAR_SHARE = 0.9
STAR_MIN = 3


def words(identifier: str) -> list[str]:
    """``TestRunner`` -> [test, runner]; ``murtagh_test`` -> [murtagh, test]."""
    return [w.lower() for w in _WORDS.findall(identifier)]


def is_test_module(module: str) -> bool:
    """Whether a dotted module name names test code by the usual conventions."""
    found = words(module.rsplit(".", 1)[-1])
    return bool(found) and (found[0] in TEST_WORDS or found[-1] in TEST_WORDS)


def is_private(path: str) -> bool:
    """A path nobody can import: a ``_part``, or a ``<locals>`` closure's qualname."""
    return any(part.startswith("_") or "<" in part for part in path.split("."))


def depth(path: str) -> int:
    return path.count(".")


@dataclass
class PathFacts:
    """What the walker learned about the public paths of one object.

    ``exported``: paths through a module that offers the object to its users
    (its home, ``__all__``, a package re-exporting its own submodule, a star
    import); the others come from a module importing it for its own use.
    ``own``: member paths through the class that defines the member;
    ``via_class``: member paths through a class (not an instance);
    ``forwarded``: paths a plugin declared (attribute forwarding no walk sees).
    """

    exported: set[str] = field(default_factory=set)
    own: set[str] = field(default_factory=set)
    via_class: set[str] = field(default_factory=set)
    forwarded: set[str] = field(default_factory=set)

    def key(self, path: str) -> tuple[bool, bool, int, bool, bool, int, str]:
        """Sort key of the preferred path: declared forwards, then exported paths;
        then shallow before deep (``astropy.coordinates.SkyCoord`` over
        ``...sky_coordinate.SkyCoord``); at one depth the defining class before
        subclasses (``BaseCoordinateFrame.separation`` over ``FK4.separation``),
        classes before instances; then the shorter."""
        return (
            path not in self.forwarded,
            path not in self.exported,
            depth(path),
            path not in self.own,
            path not in self.via_class,
            len(path),
            path,
        )

    def alias_key(self, path: str) -> tuple[bool, bool, bool, bool, int, int, str]:
        """Sort key of the aliases after it: the defining class's paths before
        subclasses' at any depth (``Quantity.to`` before ``Angle.to``)."""
        return (
            path not in self.forwarded,
            path not in self.exported,
            path not in self.own,
            path not in self.via_class,
            depth(path),
            len(path),
            path,
        )

    def shown(self, path: str) -> bool:
        """Worth listing: exported, and for a member through a class, not an instance."""
        if path in self.forwarded:
            return True
        return path in self.exported and (not self.via_class or path in self.via_class)


@dataclass(frozen=True)
class Naming:
    """The preferred path, the aliases shown, and the rest (resolvable, not shown)."""

    path: str
    aliases: list[str]
    more_aliases: list[str]


def name_paths(qualname: str, paths: Collection[str], facts: PathFacts) -> Naming:
    """Rank the public ``paths`` of the object whose identity is ``qualname``.

    The preferred path is the first by :meth:`PathFacts.key`; the aliases shown
    are the next exported ones (at most :data:`MAX_ALIASES`); every other
    public path is kept apart, so a program that writes it still checks.
    """
    public = {p for p in (*paths, qualname) if not is_private(p)} or {qualname}
    preferred = min(public, key=facts.key)
    others = sorted(public - {qualname, preferred}, key=facts.alias_key)
    first = [preferred] if preferred != qualname else []
    shown = (first + [p for p in others if facts.shown(p)])[:MAX_ALIASES]
    rest = [p for p in others if p not in shown][:MAX_MORE_ALIASES]
    return Naming(path=preferred, aliases=shown, more_aliases=rest)
