"""``sciagent plugins new``: the template of a third-party plugin package.

The template is plain Python strings (no package data to ship or forget), and
renders a package that works as generated: ``pip install -e sciagent-NAME``
makes the plugin load, ``sciagent index build NAME`` indexes its library, and
its own tests pass.  Recipes, validators and examples start empty, with
comments showing where they go: a generated recipe would be a guess, and a
wrong recipe is worse than none.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path
from string import Template

from ..errors import PluginError

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

PYPROJECT = Template("""\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "$dist_name"
version = "0.1.0"
description = "sciagent plugin: $domain with $distribution"
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["sciagent", "$distribution"]

[project.optional-dependencies]
test = ["pytest>=8"]

# This table is what makes it a plugin: sciagent discovers every entry point
# in the group "sciagent.plugins" and loads the Plugin object it names.
[project.entry-points."sciagent.plugins"]
$name = "$package:plugin"

[tool.setuptools.packages.find]
include = ["$package*"]

[tool.pytest.ini_options]
testpaths = ["tests"]
""")

README = Template("""\
# $dist_name

A [sciagent](https://pypi.org/project/sciagent/) plugin: grounds the agent in
`$distribution` for $domain.

```console
$$ pip install -e .                       # the plugin, editable
$$ sciagent plugins check $name            # does it load, import, have a fresh index?
$$ sciagent index build $name              # index $distribution's API
$$ sciagent search "..." --domain $domain  # try it
$$ pytest                                 # this package's own tests
```

Add recipes, synonyms, keywords, validators, normalisers and examples in
`$package/__init__.py`; the comments there show the shape of each.  Every
change to the library rules, the recipes or the keywords makes the index
stale: `sciagent index build $name` again.
""")

INIT = Template('''\
"""sciagent plugin for $domain: $distribution.

The manifest below is data: sciagent validates it when the plugin loads and
reports a broken plugin by name instead of failing later.  Check it with
``sciagent plugins check $name``.
"""

from sciagent import Library, Plugin

# from sciagent import Example, Issue, ProgramOutput, Recipe  # when you add them

plugin = Plugin(
    name="$name",
    domain="$domain",
    description="$description",
    libraries=(
        Library(
            name="$lib_name",  # the index name (the index is keyed by it and the version)
            import_name="$import_name",  # what `import` takes
            distribution="$distribution",  # what `pip install` takes; its version keys the index
            # fnmatch patterns over dotted module names: walk a module when it
            # matches an include and no exclude (private modules are never walked)
            include=("$import_name", "$import_name.*"),
            exclude=("*.tests", "*.tests.*", "*.test_*", "*.conftest"),
        ),
    ),
    # Curated idioms no single docstring explains, in the words scientists use.
    # A recipe hit lifts the APIs it names (public dotted paths, main one first;
    # `sciagent plugins check $name` verifies they are in the index):
    #
    #   Recipe(
    #       title="Short task title, as a scientist would say it",
    #       description="What it is for, with the vocabulary people search with.",
    #       apis=("$import_name.some_function",),
    #       code="import $import_name\\nprint($import_name.some_function(...))",
    #   ),
    recipes=(),
    # Output validators, run on the host after each sandboxed program: a
    # callable (ProgramOutput) -> iterable of Issue or str (a str is an error).
    # Judge only outputs that concern you, never raise:
    #
    #   def check_units(output: ProgramOutput) -> list[Issue]:
    #       if not output.uses("$import_name"):
    #           return []
    #       ...
    #       return [Issue("what is wrong and how to fix it", "warning")]
    validators=(),
    # Answer normalisers, for selection by execution (candidate programs whose
    # answers get one key agree): a callable str -> str | None that maps one
    # answer line to a canonical key when the answer is in your domain, None
    # otherwise (and for plain numbers, which sciagent compares itself).
    # Never raise:
    #
    #   def canonical_formula(answer: str) -> str | None:
    #       ...
    normalisers=(),
    # Requests a scientist would make, with the acceptable APIs and/or the
    # expected answer; benchmarks and this package's tests use them:
    #
    #   Example(request="...", apis=("$import_name.some_function",), answer=1.0),
    examples=(),
    # a regular expression over a run error ("ValueError: ...") -> its usual
    # cause and fix, sent to the model with the traceback
    error_hints={},
    # a phrase in a request -> words the APIs use for it
    synonyms={},
    # an API's public path -> the words your users say for what it does, which
    # its name and docstring lack; indexed with that API
    keywords={},
    # qualname or fnmatch pattern -> score multiplier (>1 boosts, <1 demotes)
    boosts={},
    # imports a warm sandbox worker does once, before it forks each program
    preload=("$import_name",),
)
''')

TESTS = Template('''\
"""Tests of the $dist_name plugin; run ``pytest`` after ``pip install -e .``.

The search tests build the plugin's index on first use (a minute or so for a
small library) wherever sciagent keeps indexes ($$SCIAGENT_INDEX_DIR to move it).
"""

from __future__ import annotations

import importlib.metadata as md

import pytest

import sciagent
from sciagent import Plugin, PluginSet, Searcher

NAME = "$name"
#: a request this plugin's library answers; make it one your users would type
QUERY = "$query"


@pytest.fixture(scope="module")
def plugin() -> Plugin:
    found = [ep for ep in md.entry_points(group="sciagent.plugins") if ep.name == NAME]
    assert found, f"the entry point {NAME!r} is not installed: pip install -e ."
    loaded = found[0].load()
    assert isinstance(loaded, Plugin)
    return loaded


@pytest.fixture(scope="module")
def searcher(plugin: Plugin) -> Searcher:
    # only this plugin: other installed plugins neither help nor get built here
    return Searcher(plugins=PluginSet([plugin], []))


def test_manifest(plugin: Plugin) -> None:
    assert plugin.name == NAME
    assert plugin.domain == "$domain"
    assert [lib.import_name for lib in plugin.libraries] == ["$import_name"]
    for lib in plugin.libraries:
        assert lib.installed_version()  # raises with the `pip install` fix if missing


def test_sciagent_loads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCIAGENT_PLUGINS", raising=False)
    loaded = sciagent.load_plugins()
    assert NAME not in {f.name for f in loaded.failures}, loaded.failures
    assert NAME in {p.name for p in loaded.plugins}


def test_search_finds_the_library(plugin: Plugin, searcher: Searcher) -> None:
    hits = searcher.search(QUERY, k=5)
    assert hits
    assert {h.library for h in hits} <= {lib.name for lib in plugin.libraries}


def test_recipe_apis_are_indexed(plugin: Plugin, searcher: Searcher) -> None:
    missing = [a for r in plugin.recipes for a in r.apis if searcher.lookup(a) is None]
    assert not missing, f"recipe APIs not in the index: {missing}"


def test_examples_are_found(plugin: Plugin, searcher: Searcher) -> None:
    for example in plugin.examples:
        if not example.apis:
            continue
        hits = searcher.search(example.request, k=10)
        paths = {p for h in hits for p in (h.qualname, *h.aliases)}
        assert paths & set(example.apis), f"{example.request!r}: none of {example.apis} in top 10"
''')


def validate_name(name: str) -> str:
    """A plugin name usable as entry point, module suffix and distribution suffix."""
    if not _NAME.match(name) or keyword.iskeyword(name):
        raise PluginError(
            f"plugin name {name!r} is not a lowercase Python identifier",
            fix="use letters, digits and underscores, starting with a letter (e.g. periodic)",
        )
    return name


def render(
    name: str,
    *,
    library: str | None = None,
    import_name: str | None = None,
    domain: str | None = None,
) -> dict[str, str]:
    """The files of the package ``sciagent-NAME``, by path relative to its directory."""
    validate_name(name)
    distribution = (library or name).strip()
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", distribution):
        raise PluginError(
            f"{distribution!r} is not a distribution name",
            fix="pass --library as `pip install` takes it",
        )
    import_name = import_name or distribution.replace("-", "_").replace(".", "_").lower()
    if not all(part.isidentifier() for part in import_name.split(".")):
        raise PluginError(
            f"import name {import_name!r} is not importable",
            fix="pass --import-name as `import` takes it (e.g. Bio for biopython)",
        )
    domain = domain or name
    if not domain.strip() or '"' in domain or "\\" in domain:
        raise PluginError(
            f"domain {domain!r} is not usable", fix="pass a plain word, e.g. --domain elements"
        )
    values = {
        "name": name,
        "package": f"sciagent_{name}",
        "dist_name": f"sciagent-{name.replace('_', '-')}",
        "distribution": distribution,
        "lib_name": re.sub(r"[-_.]+", "-", distribution).lower(),
        "import_name": import_name,
        "domain": domain,
        "description": f"{domain} with {distribution}",
        "query": f"main functions of {import_name}",
    }
    package = values["package"]
    return {
        "pyproject.toml": PYPROJECT.substitute(values),
        "README.md": README.substitute(values),
        f"{package}/__init__.py": INIT.substitute(values),
        "tests/test_plugin.py": TESTS.substitute(values),
    }


def create(
    name: str,
    *,
    library: str | None = None,
    import_name: str | None = None,
    domain: str | None = None,
    directory: Path | str = ".",
) -> Path:
    """Write ``DIRECTORY/sciagent-NAME/``; refuse to touch an existing path."""
    files = render(name, library=library, import_name=import_name, domain=domain)
    root = Path(directory) / f"sciagent-{name.replace('_', '-')}"
    try:
        root.mkdir(parents=True)
    except FileExistsError:
        raise PluginError(
            f"{root} already exists", fix="pick another --dir or name; nothing was overwritten"
        ) from None
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
