"""The plugin contract: what a domain plugin declares, checked when it is built.

:class:`Plugin` is a typed manifest (libraries with their module rules,
recipes, boosts, synonyms, keywords, validators, normalisers, examples, error
hints, sandbox preload imports); building one validates every field
(:mod:`._validate`) and raises :class:`~sciagent.errors.PluginError` naming
what is wrong, so a broken plugin fails when it loads, not inside a search.
"""

from __future__ import annotations

import fnmatch
import importlib.metadata as md
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import LibraryMissingError, PluginError
from ..validation import Normaliser, Validator
from . import _validate


@dataclass(frozen=True)
class Library:
    """One importable library a plugin wants indexed.

    ``include``/``exclude`` are fnmatch patterns over dotted module names; a
    module is walked when it matches an include and no exclude.
    """

    name: str  # index name, e.g. "rdkit"
    import_name: str  # top-level package, e.g. "rdkit" or "Bio"
    distribution: str  # PyPI distribution whose version keys the index
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: fnmatch patterns over qualnames of records to drop; ``include_names`` rescues some.
    exclude_names: tuple[str, ...] = ()
    include_names: tuple[str, ...] = ()

    def owns(self, path: str) -> bool:
        """Whether a dotted public path lies in this library's package."""
        return path.startswith(self.import_name + ".")

    def wants(self, module: str) -> bool:
        included = not self.include or any(fnmatch.fnmatchcase(module, p) for p in self.include)
        return included and not any(fnmatch.fnmatchcase(module, p) for p in self.exclude)

    def wants_name(self, qualname: str) -> bool:
        if any(fnmatch.fnmatchcase(qualname, p) for p in self.include_names):
            return True
        return not any(fnmatch.fnmatchcase(qualname, p) for p in self.exclude_names)

    def installed_version(self) -> str:
        """The installed version, read from metadata without importing the library."""
        try:
            return md.version(self.distribution)
        except md.PackageNotFoundError:
            raise LibraryMissingError(
                f"library {self.name!r} (distribution {self.distribution!r}) is not installed",
                fix=f"pip install {self.distribution}",
            ) from None


@dataclass(frozen=True)
class Recipe:
    """A curated idiom no single docstring explains, in the words scientists use.

    Recipes are indexed and searched like API records; a recipe hit lifts the
    APIs it names, and shows them in ``Hit.apis``.
    """

    title: str  # "Canonical SMILES to deduplicate compounds"
    description: str  # what it is for, with the vocabulary people search with
    apis: tuple[str, ...]  # public dotted paths it uses, main one first
    code: str = ""  # a short, runnable example
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.title.strip() or not self.apis:
            raise PluginError(f"recipe {self.title!r} needs a title and at least one API")


@dataclass(frozen=True)
class Example:
    """A request a scientist would make in this domain, with what answers it.

    ``apis`` are the acceptable public paths (retrieval is measured on them);
    ``answer`` is the expected final answer when the request has one, compared
    numerically within ``tolerance`` (relative) or as text; ``solution`` is a
    short reference program that prints it on its last line (its indentation is
    removed, so it can be written as an indented triple-quoted string).  The
    plugin's benchmark and its own tests use these; the agent never sees them.
    """

    request: str
    apis: tuple[str, ...] = ()
    answer: str | float | None = None
    tolerance: float = 1e-3
    solution: str = ""

    def __post_init__(self) -> None:
        if self.solution:
            object.__setattr__(self, "solution", textwrap.dedent(self.solution).strip() + "\n")
        if not self.request.strip():
            raise PluginError("an example needs a request")
        if not self.apis and self.answer is None:
            raise PluginError(f"example {self.request!r} needs apis or an answer")


@dataclass(frozen=True)
class Plugin:
    """What a domain plugin declares."""

    name: str
    domain: str
    libraries: tuple[Library, ...]
    description: str = ""
    #: qualname (or fnmatch pattern) -> score multiplier; >1 boosts canonical
    #: entry points, <1 demotes look-alike helpers.
    boosts: dict[str, float] = field(default_factory=dict)
    #: imports the sandbox's warm workers should do once, before forking.
    preload: tuple[str, ...] = ()
    #: curated idioms, indexed with the plugin's first library
    recipes: tuple[Recipe, ...] = ()
    #: domain vocabulary: a phrase in a request -> words the APIs use for it
    #: (e.g. "lipophilicity" -> ("logp", "crippen")); applied to every query.
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: an API's public path -> the words scientists use for what it does, which
    #: its name and docstring lack ("wedge/hash, E/Z" for RemoveStereochemistry);
    #: indexed with that API's own text, for dense and lexical search alike.
    keywords: dict[str, str] = field(default_factory=dict)
    #: output validators, see :mod:`sciagent.validation`
    validators: tuple[Validator, ...] = ()
    #: answer normalisers, see :data:`sciagent.validation.Normaliser`: an answer
    #: -> a canonical key (or None), so equal answers written differently agree
    normalisers: tuple[Normaliser, ...] = ()
    #: example requests with their APIs and answers (benchmarks and tests)
    examples: tuple[Example, ...] = ()
    #: regular expression over a run error ("UnitConversionError: 'MHz' ...") ->
    #: the usual cause and fix, added to the repair feedback
    error_hints: dict[str, str] = field(default_factory=dict)
    #: a class's public path -> the public path of the class its instances
    #: forward attribute access to (``__getattr__``), which no introspection
    #: sees: ``{"astropy.coordinates.SkyCoord": "astropy.coordinates.BaseCoordinateFrame"}``
    #: makes ``SkyCoord.separation`` the path shown for the frame's ``separation``
    #: (and every other member SkyCoord lacks), and a path the checker accepts.
    forwards: dict[str, str] = field(default_factory=dict)
    #: a name programs conventionally bind -> the module, class or function it
    #: is (``{"u": "astropy.units", "Chem": "rdkit.Chem"}``): a program that
    #: uses the name and never imports it, or shadows the module with its
    #: same-named member (``from astropy.units import u``, the dalton), gets
    #: the import added or put right before it is judged, and is told so.
    imports: dict[str, str] = field(default_factory=dict)
    #: a directory of embedding vectors the plugin ships for its libraries'
    #: card texts (``<model key>.npz``, written by ``scripts/seed_embeddings.py``):
    #: a first index build embeds only the texts they lack (see
    #: :mod:`sciagent.index.seeds`).  "" ships none; a missing file costs only time.
    embedding_seeds: str = ""

    def __post_init__(self) -> None:
        _validate.name(self.name)
        _validate.members(self.name, "libraries", self.libraries, Library, required=True)
        _validate.members(self.name, "recipes", self.recipes, Recipe)
        _validate.validators(self.name, self.validators)
        _validate.normalisers(self.name, self.normalisers)
        _validate.members(self.name, "examples", self.examples, Example)
        _validate.synonyms(self.name, self.synonyms)
        _validate.keywords(self.name, self.keywords, self.libraries)
        _validate.error_hints(self.name, self.error_hints)
        _validate.boosts(self.name, self.boosts)
        _validate.forwards(self.name, self.forwards, self.libraries)
        _validate.imports(self.name, self.imports, self.libraries)
        if not isinstance(self.embedding_seeds, str):
            raise PluginError(
                f"plugin {self.name!r}: embedding_seeds is a directory path as a string"
            )

    def forwards_for(self, library: Library) -> dict[str, str]:
        """The forwards whose forwarding class lies in ``library``."""
        return {s: t for s, t in self.forwards.items() if library.owns(s)}

    def keywords_for(self, library: Library) -> dict[str, str]:
        """The keywords whose paths lie in ``library``."""
        return {p: w for p, w in self.keywords.items() if library.owns(p)}

    def boost_for(self, qualname: str, aliases: Iterable[str] = ()) -> float:
        """Product of the boosts whose name or pattern matches any path of a record."""
        if not self.boosts:
            return 1.0
        factor = 1.0
        names = (qualname, *aliases)
        for pattern, regex, f in _compiled_boosts(self):
            if regex is None:
                hit = pattern in names
            else:
                hit = any(regex.match(n) for n in names)
            if hit:
                factor *= f
        return factor


def _compiled_boosts(plugin: Plugin) -> list[tuple[str, re.Pattern[str] | None, float]]:
    key = tuple(sorted(plugin.boosts.items()))
    cached = _BOOST_CACHE.get(key)
    if cached is None:
        cached = [
            (p, re.compile(fnmatch.translate(p)) if any(c in p for c in "*?[") else None, f)
            for p, f in plugin.boosts.items()
        ]
        _BOOST_CACHE[key] = cached
    return cached


_BOOST_CACHE: dict[
    tuple[tuple[str, float], ...], list[tuple[str, re.Pattern[str] | None, float]]
] = {}
