"""The plugin contract: a typed manifest, discovered through entry points.

A plugin is an installable package that exposes a :class:`Plugin` object under
the entry point group ``sciagent.plugins``::

    [project.entry-points."sciagent.plugins"]
    chemistry = "sciagent_chemistry:plugin"

We chose a declarative manifest over hook functions because almost everything a
domain contributes is data (libraries, module rules, boosts, preload imports);
data can be validated when the plugin loads and reported by name when it is
wrong, instead of failing later inside a hook call.  Our first-party plugins use
exactly this path and nothing private.
"""

from __future__ import annotations

import fnmatch
import importlib.metadata as md
import logging
import os
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import LibraryMissingError, NoPluginsError, PluginError
from .validation import Normaliser, Validator

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "sciagent.plugins"
#: Comma-separated plugin names; when set, only these load (handy in tests and CI).
PLUGINS_ENV = "SCIAGENT_PLUGINS"


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

    def __post_init__(self) -> None:
        if not self.name or not self.name.replace("-", "_").isidentifier():
            raise PluginError(f"plugin name {self.name!r} is not a valid identifier")
        if not self.libraries:
            raise PluginError(f"plugin {self.name!r} declares no libraries")
        for lib in self.libraries:
            if not isinstance(lib, Library):
                raise PluginError(f"plugin {self.name!r}: libraries must be Library objects")
        for recipe in self.recipes:
            if not isinstance(recipe, Recipe):
                raise PluginError(f"plugin {self.name!r}: recipes must be Recipe objects")
        for validator in self.validators:
            if not callable(validator):
                raise PluginError(f"plugin {self.name!r}: validator {validator!r} is not callable")
        self._check_normalisers()
        for example in self.examples:
            if not isinstance(example, Example):
                raise PluginError(f"plugin {self.name!r}: examples must be Example objects")
        for phrase, words in self.synonyms.items():
            if (
                not isinstance(phrase, str)
                or isinstance(words, str)
                or not all(isinstance(w, str) for w in words)
            ):
                raise PluginError(
                    f"plugin {self.name!r}: synonyms map a phrase to a tuple of words "
                    f"({phrase!r} does not)"
                )
        self._check_keywords()
        for pattern, hint in self.error_hints.items():
            try:
                re.compile(pattern)
            except (re.error, TypeError) as exc:
                raise PluginError(
                    f"plugin {self.name!r}: error hint pattern {pattern!r} is not a "
                    f"regular expression ({exc})"
                ) from None
            if not isinstance(hint, str) or not hint:
                raise PluginError(f"plugin {self.name!r}: error hint for {pattern!r} is empty")
        for pattern, factor in self.boosts.items():
            if not isinstance(factor, int | float) or factor <= 0:
                raise PluginError(
                    f"plugin {self.name!r}: boost for {pattern!r} must be a positive number"
                )

    def _check_normalisers(self) -> None:
        """Normalisers are called on every candidate answer: a non-callable must fail at load."""
        if callable(self.normalisers) or isinstance(self.normalisers, str | bytes | dict):
            raise PluginError(
                f"plugin {self.name!r}: normalisers must be a tuple of functions, "
                f"not {type(self.normalisers).__name__} (write normalisers=(f,))"
            )
        for normaliser in self.normalisers:
            if not callable(normaliser):
                raise PluginError(
                    f"plugin {self.name!r}: normaliser {normaliser!r} is not callable "
                    "(a normaliser is a function str -> str | None)"
                )

    def _check_keywords(self) -> None:
        for path, words in self.keywords.items():
            if not isinstance(path, str) or not isinstance(words, str) or not words.strip():
                raise PluginError(
                    f"plugin {self.name!r}: keywords map an API path to a non-empty string "
                    f"({path!r} does not)"
                )
            if not any(lib.owns(path) for lib in self.libraries):
                raise PluginError(
                    f"plugin {self.name!r}: keywords for {path!r} name no API of its "
                    f"libraries ({', '.join(lib.import_name for lib in self.libraries)})"
                )

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


@dataclass(frozen=True)
class PluginFailure:
    """A plugin that could not be loaded, with the reason and the fix."""

    name: str
    error: str


@dataclass
class PluginSet:
    """The plugins that loaded, and a report of those that did not."""

    plugins: list[Plugin]
    failures: list[PluginFailure]

    def get(self, name: str) -> Plugin:
        for p in self.plugins:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.plugins) or "none"
        raise PluginError(f"no plugin named {name!r} (loaded: {known})")

    def require_any(self) -> None:
        if not self.plugins:
            failed = "; ".join(f"{f.name}: {f.error}" for f in self.failures)
            raise NoPluginsError(
                "no sciagent domain plugin is installed"
                + (f" (failed to load: {failed})" if failed else ""),
                fix="pip install -e plugins/chemistry (or another sciagent-* plugin), "
                f"and check ${PLUGINS_ENV} if you set it",
            )

    def domains(self) -> list[str]:
        return sorted({p.domain for p in self.plugins})

    def preload(self) -> tuple[str, ...]:
        """The imports these plugins ask warm sandbox workers to do, each once, in order."""
        return tuple(dict.fromkeys(name for p in self.plugins for name in p.preload))

    def libraries(self) -> list[tuple[Plugin, Library]]:
        return [(p, lib) for p in self.plugins for lib in p.libraries]

    def targets(self, names: Iterable[str] = ()) -> list[tuple[Plugin, Library]]:
        """The (plugin, library) pairs of the named plugins, all of them when none is named."""
        self.require_any()
        chosen = [self.get(n) for n in names] or self.plugins
        return [(p, lib) for p in chosen for lib in p.libraries]


def _pinned_names() -> set[str] | None:
    raw = os.environ.get(PLUGINS_ENV)
    if raw is None:
        return None
    return {n.strip() for n in raw.split(",") if n.strip()}


def load_plugins(extra: Iterable[Plugin] = ()) -> PluginSet:
    """Discover installed plugins; a broken one is reported and skipped, never fatal.

    Entry points load in name order, so which of two plugins wins a conflict
    does not depend on the order of ``sys.path``.  A library's index is keyed by
    its name and version only, so a second plugin declaring an already declared
    library would overwrite the first one's index: it is refused instead.
    """
    pinned = _pinned_names()
    plugins: list[Plugin] = []
    failures: list[PluginFailure] = []
    seen: set[str] = set()
    owners: dict[str, str] = {}  # library name -> the plugin that declared it

    def shares_library(plugin: Plugin) -> str | None:
        """Why ``plugin`` is refused (a library another plugin declared), else claim its libraries."""
        taken = next((lib.name for lib in plugin.libraries if lib.name in owners), None)
        if taken is None:
            owners.update((lib.name, plugin.name) for lib in plugin.libraries)
            return None
        err = PluginError(
            f"plugin {plugin.name!r} declares library {taken!r}, which plugin "
            f"{owners[taken]!r} already declares; both would share (and overwrite) one index",
            fix=f"uninstall one of them, or load only one with {PLUGINS_ENV}={owners[taken]} "
            f"(or {PLUGINS_ENV}={plugin.name})",
        )
        return f"{type(err).__name__}: {err}"

    for ep in sorted(md.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name, e.value)):
        if pinned is not None and ep.name not in pinned:
            continue
        try:
            obj = ep.load()
            plugin = obj() if callable(obj) and not isinstance(obj, Plugin) else obj
            if not isinstance(plugin, Plugin):
                raise PluginError(
                    f"entry point {ep.value!r} gave {type(plugin).__name__}, not sciagent.Plugin"
                )
        except Exception as exc:  # a broken plugin must not take the others down
            msg = f"{type(exc).__name__}: {exc}".strip()
            log.warning("sciagent plugin %r failed to load: %s", ep.name, msg)
            failures.append(PluginFailure(ep.name, msg))
            continue
        if plugin.name in seen:
            failures.append(PluginFailure(ep.name, f"duplicate plugin name {plugin.name!r}"))
            continue
        refusal = shares_library(plugin)
        if refusal is not None:
            log.warning("sciagent plugin %r refused: %s", ep.name, refusal)
            failures.append(PluginFailure(ep.name, refusal))
            continue
        seen.add(plugin.name)
        plugins.append(plugin)
    for plugin in extra:
        if plugin.name in seen:
            continue
        refusal = shares_library(plugin)
        if refusal is not None:
            failures.append(PluginFailure(plugin.name, refusal))
            continue
        seen.add(plugin.name)
        plugins.append(plugin)
    plugins.sort(key=lambda p: p.name)
    return PluginSet(plugins, failures)


#: $SCIAGENT_PLUGINS -> what the plugins it lets in preload (plugins do not change in a process)
_PRELOADS: dict[str | None, tuple[str, ...]] = {}


def installed_preload() -> tuple[str, ...]:
    """The imports the installed plugins ask warm sandbox workers to do.

    The sandbox knows nothing of plugins: its callers (the agent, the checker's
    live probe, batch workers, the MCP server, :func:`sciagent.run_code`) pass
    this as ``preload=``.  Loading the plugins costs ~20 ms, so the answer is
    kept per value of ``$SCIAGENT_PLUGINS``.
    """
    key = os.environ.get(PLUGINS_ENV)
    found = _PRELOADS.get(key)
    if found is None:
        found = _PRELOADS[key] = load_plugins().preload()
    return found
