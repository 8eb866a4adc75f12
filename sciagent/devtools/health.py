"""What ``sciagent plugins list|check`` report: each plugin's state, and an honest health check.

The CLI is a thin surface over :func:`list_plugins` and :func:`check_plugin`.
Nothing here imports a plugin's *libraries* into the calling process: imports
are tried in a subprocess, so a library that crashes, hangs or patches the
interpreter on import cannot take the check down with it.  The plugin packages
themselves are imported (that is what loading a plugin means), and validators
are called in-process, exactly as the agent calls them.
"""

from __future__ import annotations

import importlib.metadata as md
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..config import Settings
from ..errors import SciagentError
from ..introspection.runner import isolated_env
from ..plugin import ENTRY_POINT_GROUP, PLUGINS_ENV, Library, Plugin, PluginSet, load_plugins
from ..records import ApiRecord
from ..validation import Issue, ProgramOutput, validator_name

if TYPE_CHECKING:
    from ..index.loaded import LoadedIndexes

#: seconds an import probe (every module of one plugin, in one subprocess) may take
IMPORT_TIMEOUT_S = 180.0
#: seconds a validator may take on the smoke output
VALIDATOR_TIMEOUT_S = 10.0

Status = Literal["ok", "warning", "error", "skipped"]


# --------------------------------------------------------------------- listing


@dataclass
class LibraryInfo:
    """One library of a plugin: installed version and index state."""

    name: str
    distribution: str
    import_name: str
    version: str | None  # None: not installed
    state: str  # fresh | stale | missing | corrupt | library-missing
    records: int | None = None  # of a fresh index
    coverage: float | None = None  # signature coverage of a fresh index
    #: submodules that failed to import while the fresh index was built
    failed_modules: list[str] = field(default_factory=list)
    message: str = ""


@dataclass
class PluginInfo:
    """One installed plugin as ``sciagent plugins list`` shows it."""

    name: str
    status: str  # loaded | failed | disabled (installed, but $SCIAGENT_PLUGINS leaves it out)
    domain: str = ""
    description: str = ""
    entry_point: str = ""  # "sciagent_chemistry:plugin"
    package: str = ""  # "sciagent-chemistry 0.1.0"
    error: str = ""
    libraries: list[LibraryInfo] = field(default_factory=list)
    recipes: int = 0
    validators: int = 0
    examples: int = 0
    synonyms: int = 0
    preload: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _entry_points() -> dict[str, md.EntryPoint]:
    found: dict[str, md.EntryPoint] = {}
    for ep in md.entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep)
    return found


def _package(ep: md.EntryPoint | None) -> str:
    dist = getattr(ep, "dist", None) if ep is not None else None
    if dist is None:
        return ""
    return f"{dist.metadata['Name']} {dist.version}"


def library_info(settings: Settings, plugin: Plugin, library: Library) -> LibraryInfo:
    from ..index.state import state_of  # the read side: a health check never builds

    st = state_of(settings, plugin, library)
    m = st.manifest if st.state == "fresh" else None
    ratio = m.coverage.get("ratio") if m else None
    return LibraryInfo(
        name=library.name,
        distribution=library.distribution,
        import_name=library.import_name,
        version=st.installed_version,
        state=st.state,
        records=m.records if m else None,
        coverage=float(ratio) if isinstance(ratio, int | float) else None,
        failed_modules=[str(f.get("module", "?")) for f in m.failed_modules] if m else [],
        message=st.message,
    )


def plugin_info(settings: Settings, plugin: Plugin, ep: md.EntryPoint | None = None) -> PluginInfo:
    return PluginInfo(
        name=plugin.name,
        status="loaded",
        domain=plugin.domain,
        description=plugin.description,
        entry_point=ep.value if ep is not None else "",
        package=_package(ep),
        libraries=[library_info(settings, plugin, lib) for lib in plugin.libraries],
        recipes=len(plugin.recipes),
        validators=len(plugin.validators),
        examples=len(plugin.examples),
        synonyms=len(plugin.synonyms),
        preload=list(plugin.preload),
    )


def list_plugins(settings: Settings | None = None) -> list[PluginInfo]:
    """Every installed plugin: loaded ones, failed ones with their error, disabled ones."""
    settings = settings or Settings.from_env()
    eps = _entry_points()
    loaded = load_plugins()
    out = [plugin_info(settings, p, eps.get(p.name)) for p in loaded.plugins]
    for f in loaded.failures:
        ep = eps.get(f.name)
        out.append(
            PluginInfo(
                name=f.name,
                status="failed",
                entry_point=ep.value if ep is not None else "",
                package=_package(ep),
                error=f.error,
            )
        )
    known = {p.name for p in out}
    for name, ep in eps.items():
        if name not in known and not _enabled(name):
            out.append(
                PluginInfo(name=name, status="disabled", entry_point=ep.value, package=_package(ep))
            )
    return sorted(out, key=lambda p: (p.status != "loaded", p.name))


def _enabled(name: str) -> bool:
    raw = os.environ.get(PLUGINS_ENV)
    return raw is None or name in {n.strip() for n in raw.split(",")}


# -------------------------------------------------------------------- checking


@dataclass(frozen=True)
class Check:
    """One finding of a health check; anything not ``ok`` says how to fix it."""

    topic: (
        str  # load | library | import | index | coverage | arguments | validator | recipe
        # | example | preload
        # and, deep: synonym | resolve | deep
    )
    status: Status
    message: str  # what was checked, or what is broken
    fix: str = ""

    def __post_init__(self) -> None:
        if self.status in ("warning", "error") and not self.fix:
            raise ValueError(f"a {self.status} needs a fix: {self.message}")


@dataclass(frozen=True)
class UncheckedArguments:
    """How many of a library's callables the checker cannot check a call's arguments of.

    Functions, methods and constructors with no signature, one read from
    documentation, or only ``*args, **kwargs``: any call binds, so a wrong
    keyword or count there reaches the run (a keyword that looks like a
    documented one still gets a warning).  Classes Python cannot construct
    are left out.
    """

    library: str
    n_callables: int
    n_unchecked: int
    share: float  # n_unchecked / n_callables, 0 when there is none
    examples: list[str]  # a few of them, by preferred path


@dataclass
class HealthReport:
    """The result of :func:`check_plugin`; ``ok`` is False when anything is broken."""

    name: str
    checks: list[Check] = field(default_factory=list)
    info: PluginInfo | None = None
    #: per library with a fresh index: callables whose arguments cannot be checked
    unchecked: list[UncheckedArguments] = field(default_factory=list)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if c.status in ("error", "warning")]

    @property
    def errors(self) -> list[Check]:
        return [c for c in self.checks if c.status == "error"]

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if c.status == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, topic: str, status: Status, message: str, fix: str = "") -> None:
        self.checks.append(Check(topic, status, message, fix))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "checks": [asdict(c) for c in self.checks],
            "plugin": self.info.to_dict() if self.info else None,
            "unchecked_arguments": [asdict(u) for u in self.unchecked],
        }


def check_plugin(
    name: str, settings: Settings | None = None, *, deep: bool = False, unsafe: bool = False
) -> HealthReport:
    """Load the installed plugin ``name`` through its entry point and check it.

    ``deep=True`` also runs its recipes and reference programs and resolves every
    API it names, in the sandbox (see :mod:`sciagent.devtools.deep`); ``unsafe``
    lets that run without isolation where no sandbox tier works.
    """
    settings = settings or Settings.from_env()
    eps = _entry_points()
    ep = eps.get(name)
    loaded = load_plugins()
    plugin = next((p for p in loaded.plugins if p.name == name), None)
    if plugin is None:
        report = HealthReport(name)
        failure = next((f for f in loaded.failures if f.name == name), None)
        if failure is not None:
            where = f"entry point `{name} = {ep.value}`" if ep is not None else "its entry point"
            report.add(
                "load",
                "error",
                f"plugin {name} failed to load: {failure.error}",
                f"fix the plugin package so that {where} imports and gives a sciagent.Plugin "
                f'(see the traceback: python -c "import {_module_of(ep)}")',
            )
        elif ep is not None and not _enabled(name):
            report.add(
                "load",
                "error",
                f"plugin {name} is installed but ${PLUGINS_ENV}="
                f"{os.environ.get(PLUGINS_ENV)!r} leaves it out",
                f"add {name} to ${PLUGINS_ENV}, or unset it",
            )
        else:
            others = ", ".join(sorted(p.name for p in loaded.plugins)) or "none"
            report.add(
                "load",
                "error",
                f"no plugin named {name!r} is installed (loaded: {others})",
                f"pip install sciagent-{name} (or `pip install -e` its source), "
                f"or scaffold one: sciagent plugins new {name}",
            )
        return report
    return check(plugin, settings, ep=ep, deep=deep, unsafe=unsafe)


def _module_of(ep: md.EntryPoint | None) -> str:
    return ep.value.split(":")[0].strip() if ep is not None else "<plugin module>"


def check(
    plugin: Plugin,
    settings: Settings | None = None,
    *,
    ep: md.EntryPoint | None = None,
    deep: bool = False,
    unsafe: bool = False,
) -> HealthReport:
    """Check a loaded plugin: libraries, imports, index, validators, recipes, preload;
    with ``deep``, run its recipes and examples too (see :func:`check_plugin`)."""
    settings = settings or Settings.from_env()
    info = plugin_info(settings, plugin, ep)
    report = HealthReport(plugin.name, info=info)
    source = f" from {info.package}" if info.package else ""
    report.add(
        "load",
        "ok",
        f"loads{source}: "
        + ", ".join(
            _count(n, what)
            for n, what in (
                (len(plugin.libraries), "library"),
                (len(plugin.recipes), "recipe"),
                (len(plugin.validators), "validator"),
                (len(plugin.examples), "example"),
            )
        ),
    )
    installed = _check_libraries(report, plugin, info)
    _check_imports(report, plugin, installed)
    fresh = _check_index(report, plugin, info)
    _check_validators(report, plugin)
    loaded = _load(settings, plugin) if fresh else None
    _check_apis(report, plugin, loaded)
    _check_arguments(report, loaded)
    if deep:
        from .deep import deep_check

        deep_check(plugin, report, unsafe=unsafe)
    return report


def _count(n: int, what: str) -> str:
    if n == 1:
        return f"1 {what}"
    return f"{n} {what[:-1]}ies" if what.endswith("y") else f"{n} {what}s"


def _check_libraries(report: HealthReport, plugin: Plugin, info: PluginInfo) -> list[Library]:
    installed = []
    for lib, li in zip(plugin.libraries, info.libraries, strict=True):
        if li.version is None:
            report.add(
                "library",
                "error",
                f"library {lib.name}: distribution {lib.distribution!r} is not installed",
                f"pip install {lib.distribution}",
            )
            continue
        installed.append(lib)
        provided = _top_level_names(lib.distribution)
        if provided and lib.import_name not in provided:
            report.add(
                "library",
                "warning",
                f"library {lib.name}: import name {lib.import_name!r} is not among the "
                f"packages {lib.distribution} {li.version} installs ({', '.join(sorted(provided))})",
                "set Library(import_name=...) to the name you `import`, and "
                "distribution=... to the name you `pip install`",
            )
        else:
            report.add("library", "ok", f"{lib.name}: {lib.distribution} {li.version} installed")
    return installed


def _top_level_names(distribution: str) -> set[str]:
    """Top-level importable names a distribution installs (empty when unknown)."""
    try:
        dist = md.distribution(distribution)
    except md.PackageNotFoundError:
        return set()
    text = dist.read_text("top_level.txt")
    if text:
        return {line.strip() for line in text.splitlines() if line.strip()}
    names = set()
    for f in dist.files or ():
        parts = f.parts
        if (
            not parts
            or parts[0].endswith((".dist-info", ".egg-info", ".data"))
            or parts[0]
            in (
                "..",
                "__pycache__",
            )
        ):
            continue
        if len(parts) > 1:
            names.add(parts[0])
        elif parts[0].endswith(".py"):
            names.add(parts[0][:-3])
        elif parts[0].endswith((".so", ".pyd")):
            names.add(parts[0].split(".")[0])
    return names


_PROBE = r"""
import importlib, json, sys
out = {}
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except BaseException as exc:
        out[name] = (type(exc).__name__ + ": " + str(exc))[:400]
    else:
        out[name] = None
sys.stdout.flush()
sys.__stdout__.write("\n@@sciagent-probe@@" + json.dumps(out) + "\n")
sys.__stdout__.flush()
"""


def probe_imports(
    modules: Iterable[str], timeout: float = IMPORT_TIMEOUT_S
) -> dict[str, str | None]:
    """Import each module in one fresh interpreter; map name -> error text (None: imports).

    The modules are the ones installed plugins declare (not ones a checked
    program chose), so the probe runs on the host, to see the environment
    sciagent runs in; but it is isolated: a private empty working directory
    that is not on ``sys.path``, and an environment without secrets.

    A module that kills or hangs the interpreter gets the reason as its error
    (and so do the ones after it, which were not reached).
    """
    names = list(dict.fromkeys(modules))
    if not names:
        return {}
    with tempfile.TemporaryDirectory(prefix="sciagent-probe-") as private:
        try:
            proc = subprocess.run(
                # -P: the working directory is not put on sys.path
                [sys.executable, "-P", "-c", _PROBE, *names],
                capture_output=True,
                text=True,
                timeout=timeout,
                env=isolated_env(private),
                stdin=subprocess.DEVNULL,
                cwd=private,  # our own empty directory: nothing planted there shadows a library
            )
        except subprocess.TimeoutExpired:
            return {n: f"importing took longer than {timeout:.0f} s" for n in names}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("@@sciagent-probe@@"):
            found: dict[str, str | None] = json.loads(line[len("@@sciagent-probe@@") :])
            return {n: found.get(n, "not reached") for n in names}
    tail = " | ".join(proc.stderr.strip().splitlines()[-3:]) or f"exit code {proc.returncode}"
    return {n: f"the interpreter died while importing: {tail}" for n in names}


def _check_imports(report: HealthReport, plugin: Plugin, installed: list[Library]) -> None:
    libs = [lib.import_name for lib in installed]
    results = probe_imports([*libs, *plugin.preload])
    for lib in installed:
        error = results.get(lib.import_name)
        if error:
            report.add(
                "import",
                "error",
                f"library {lib.name}: `import {lib.import_name}` fails: {error}",
                f"reinstall it (pip install --force-reinstall {lib.distribution}) or install "
                "the dependency the error names",
            )
        else:
            report.add("import", "ok", f"import {lib.import_name}")
    failed = {m: e for m in plugin.preload if (e := results.get(m))}
    for module, error in failed.items():
        report.add(
            "preload",
            "error",
            f"preload module {module} does not import: {error}",
            "fix the name in Plugin(preload=...) or install what it needs; a warm sandbox "
            "worker imports it before every program",
        )
    if plugin.preload and not failed:
        report.add("preload", "ok", f"preload imports: {', '.join(plugin.preload)}")


def _check_index(report: HealthReport, plugin: Plugin, info: PluginInfo) -> bool:
    """Report each library's index; True when every installed library's index is fresh."""
    all_fresh = True
    for li in info.libraries:
        if li.state == "library-missing":
            all_fresh = False
            continue  # already reported as a library problem
        if li.state == "fresh":
            if not li.records:
                report.add(
                    "index",
                    "error",
                    f"index {li.name} {li.version} is fresh but holds no records",
                    "check Library(import_name=..., include=...): the patterns match no module",
                )
                continue
            report.add("index", "ok", f"index {li.name} {li.version}: fresh, {li.records} records")
            cov = li.coverage
            report.add(
                "coverage",
                "ok",
                f"{li.name}: signatures for {cov:.1%} of public callables"
                if cov is not None
                else f"{li.name}: no signature coverage recorded",
            )
            if li.failed_modules:
                shown = ", ".join(li.failed_modules[:4])
                more = len(li.failed_modules) - 4
                report.add(
                    "coverage",
                    "warning",
                    f"{li.name}: {len(li.failed_modules)} submodules failed to import while "
                    f"indexing, their APIs are not searchable: {shown}"
                    + (f" (+{more} more)" if more > 0 else ""),
                    "install the optional dependencies they need, or add them to "
                    "Library(exclude=...) if they are not meant to be used (the errors are in "
                    f"failed_modules of {li.name}-{li.version}/manifest.json in the index dir)",
                )
            continue
        all_fresh = False
        force = " --force" if li.state == "corrupt" else ""
        report.add(
            "index",
            "error",
            f"index {li.name} {li.version}: {li.state}"
            + (f" ({li.message})" if li.message else ""),
            f"sciagent index build{force} {plugin.name}",
        )
    return all_fresh


def _smoke(validator: Any) -> tuple[list[Any] | None, str | None]:
    """Call a validator on an empty output, with a time limit; (issues, error)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["found"] = list(validator(ProgramOutput(request="", code="", stdout="")) or ())
        except BaseException as exc:
            box["error"] = f"{type(exc).__name__}: {exc}"

    thread = threading.Thread(target=target, daemon=True, name="sciagent-validator-smoke")
    thread.start()
    thread.join(VALIDATOR_TIMEOUT_S)
    if thread.is_alive():
        return None, f"did not return within {VALIDATOR_TIMEOUT_S:.0f} s"
    return box.get("found"), box.get("error")


def _check_validators(report: HealthReport, plugin: Plugin) -> None:
    for validator in plugin.validators:
        name = validator_name(validator)
        found, error = _smoke(validator)
        if error is not None:
            report.add(
                "validator",
                "error",
                f"validator {name} failed on an empty program output: {error}",
                "make it return no issues when the output does not concern it "
                '(check `output.uses("<package>")` first) and never raise',
            )
            continue
        bad = [item for item in found or () if not isinstance(item, Issue | str)]
        if bad:
            report.add(
                "validator",
                "error",
                f"validator {name} yielded {type(bad[0]).__name__}, not Issue or str",
                "yield sciagent.Issue(message, 'error'|'warning') or a plain string (an error)",
            )
        elif found:
            report.add(
                "validator",
                "warning",
                f"validator {name} reports {len(found)} issue(s) on an empty output: "
                f"{str(found[0])[:120]}",
                "judge only outputs that concern the validator "
                '(e.g. `if not output.uses("<package>"): return []`)',
            )
        else:
            report.add("validator", "ok", f"validator {name} runs")


def _load(settings: Settings, plugin: Plugin) -> LoadedIndexes | SciagentError:
    """The plugin's fresh indexes, loaded once for the checks that read them (or why not)."""
    from ..index.loaded import load_indexes

    try:
        return load_indexes(settings, PluginSet([plugin], []))
    except SciagentError as exc:
        return exc


def _check_apis(
    report: HealthReport, plugin: Plugin, loaded: LoadedIndexes | SciagentError | None
) -> None:
    """Recipe and example APIs must name records of the plugin's own index."""
    named = [(r.title, a) for r in plugin.recipes for a in r.apis]
    examples = [(e.request, a) for e in plugin.examples for a in e.apis]
    if not named and not examples:
        return
    if loaded is None:
        report.add(
            "recipe", "skipped", "recipe and example APIs not checked: the index is not fresh"
        )
        return
    if isinstance(loaded, SciagentError):
        report.add(
            "recipe",
            "error",
            f"the index could not be loaded: {loaded.message}",
            loaded.fix or f"sciagent index build --force {plugin.name}",
        )
        return
    from ..index.names import NameTable

    names = NameTable(loaded.indexes)
    missing = [(title, api) for title, api in named if names.locate(api) is None]
    for title, api in missing:
        report.add(
            "recipe",
            "error",
            f"recipe {title!r}: API {api} is not in the index",
            "spell the public dotted path as `sciagent search` shows it (a qualname or "
            "alias), or widen Library(include=...)/narrow exclude=... so it is indexed; "
            f"then `sciagent index build {plugin.name}`",
        )
    if named and not missing:
        report.add("recipe", "ok", f"recipes: {len(named)}/{len(named)} APIs resolve in the index")
    # an example lists *acceptable* answers: one unresolved path still leaves the others
    unresolved = [
        e.request
        for e in plugin.examples
        if e.apis and not any(names.locate(a) is not None for a in e.apis)
    ]
    for request in unresolved:
        report.add(
            "example",
            "warning",
            f"example {request[:60]!r}: none of its APIs is in the index",
            "list public dotted paths as `sciagent search` shows them in Example(apis=...)",
        )
    if examples and not unresolved:
        report.add("example", "ok", "examples: every example has an API in the index")


#: callables whose arguments a call passes (a class: its constructor)
_CALLABLE = frozenset({"function", "method", "class"})
#: how many unchecked callables a report names per library
_EXAMPLES = 5


def unchecked_arguments(library: str, records: Iterable[ApiRecord]) -> UncheckedArguments:
    """The share of ``records``' callables whose arguments the checker cannot check."""
    from ..check import checks_arguments

    callables = [
        r
        for r in records
        if r.kind in _CALLABLE
        and not (r.signatures and all(s.source == "noinit" for s in r.signatures))
    ]
    unchecked = [r for r in callables if not checks_arguments(r.signatures)]
    share = len(unchecked) / len(callables) if callables else 0.0
    examples = [r.preferred for r in sorted(unchecked, key=_shown_first)[:_EXAMPLES]]
    return UncheckedArguments(library, len(callables), len(unchecked), round(share, 4), examples)


def _shown_first(rec: ApiRecord) -> tuple[bool, int, str]:
    """Name what users call first: not exception classes, shallow paths first."""
    exception = rec.name.endswith(("Error", "Warning", "Exception"))
    return exception, rec.preferred.count("."), rec.preferred


def _check_arguments(report: HealthReport, loaded: LoadedIndexes | SciagentError | None) -> None:
    """Per library: the share of callables a call to which the checker cannot judge.

    Informational (``ok``): a library of ``*args, **kwargs`` wrappers is not
    broken, but its users should know the static check is blind there.  Not
    fresh or not loadable: nothing here (:func:`_check_apis` reports the latter).
    """
    if loaded is None or isinstance(loaded, SciagentError):
        return
    for ix in loaded.indexes:
        found = unchecked_arguments(ix.manifest.library, ix.records)
        report.unchecked.append(found)
        named = ", ".join(found.examples[:3])
        report.add(
            "arguments",
            "ok",
            f"{found.library}: arguments of {found.n_unchecked}/{found.n_callables} callables "
            f"({found.share:.1%}) cannot be checked (no signature, or only *args, **kwargs)"
            + (f", e.g. {named}" if named else ""),
        )
