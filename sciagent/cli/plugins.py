"""``sciagent plugins list|check|new``: thin wrappers over :mod:`sciagent.devtools.health`,
:mod:`sciagent.devtools.deep` and :mod:`sciagent.devtools.scaffold`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ._common import handle_errors, setup_logging
from ._json import emit

_COLOURS = {"ok": "green", "warning": "yellow", "error": "red", "skipped": "yellow"}
#: counts the health objects carry under plain names, named ``n_...`` in the JSON
#: contract: ``recipes`` is a list of titles in a search hit, ``warnings`` a list of
#: texts in an agent attempt, ``records`` a count beside lists elsewhere
_COUNTS = {
    "recipes": "n_recipes",
    "validators": "n_validators",
    "examples": "n_examples",
    "synonyms": "n_synonyms",
    "records": "n_records",
    "errors": "n_errors",
    "warnings": "n_warnings",
}


def _counted(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with its counts renamed as :data:`_COUNTS` says, nested objects too."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, dict):
            value = _counted(value)
        elif isinstance(value, list):
            value = [_counted(v) if isinstance(v, dict) else v for v in value]
        counted = key in _COUNTS and (value is None or isinstance(value, int))
        out[_COUNTS[key] if counted else key] = value
    return out


@click.group("plugins")
def plugins_group() -> None:
    """List, check and scaffold domain plugins."""


@plugins_group.command("list")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON: {schema_version, index_dir, plugins}."
)
@handle_errors
def list_cmd(as_json: bool) -> None:
    """Show every installed plugin: libraries, index state, recipes, validators."""
    from ..config import Settings
    from ..devtools.health import list_plugins

    settings = Settings.from_env()
    infos = list_plugins(settings)
    if as_json:
        plugins = [_counted(p.to_dict()) for p in infos]
        emit({"index_dir": str(settings.index_dir), "plugins": plugins})
        return
    if not infos:
        click.echo("no sciagent plugin is installed: pip install -e plugins/chemistry, or")
        click.echo("scaffold your own: sciagent plugins new NAME --library DIST")
        return
    for p in infos:
        package = f"  [{p.package}]" if p.package else ""
        if p.status == "failed":
            click.secho(f"{p.name}  FAILED to load{package}", fg="red", bold=True)
            click.echo(f"    {p.error}")
            click.echo(f"    fix: see `sciagent plugins check {p.name}`")
            continue
        if p.status == "disabled":
            click.secho(f"{p.name}  disabled by $SCIAGENT_PLUGINS{package}", fg="yellow")
            continue
        click.secho(f"{p.name}", bold=True, nl=False)
        click.echo(f"  domain {p.domain}{package}")
        for lib in p.libraries:
            colour = (
                "green" if lib.state == "fresh" else "red" if lib.state == "corrupt" else "yellow"
            )
            version = lib.version or "not installed"
            detail = (
                f", {lib.records} records, signatures {lib.coverage:.1%}"
                if lib.state == "fresh" and lib.records is not None and lib.coverage is not None
                else ""
            )
            click.echo(f"    {lib.name} {version}: index ", nl=False)
            click.secho(lib.state, fg=colour, nl=False)
            click.echo(detail)
        click.echo(
            f"    {p.recipes} recipes, {p.validators} validators, {p.examples} examples, "
            f"{p.synonyms} synonyms"
        )
    click.echo(f"index: {settings.index_dir}")


@plugins_group.command("check")
@click.argument("name")
@click.option(
    "--deep",
    is_flag=True,
    help="Also run every recipe snippet and example reference program in the sandbox, "
    "and resolve every API the plugin names (slower).",
)
@click.option(
    "--unsafe", is_flag=True, help="With --deep: run without isolation if no sandbox tier works."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the report as JSON (with schema_version)."
)
@click.option("-v", "--verbose", is_flag=True)
@handle_errors
def check_cmd(name: str, deep: bool, unsafe: bool, as_json: bool, verbose: bool) -> None:
    """Check that plugin NAME works; exit 1 if anything is broken.

    It loads, its libraries are installed and import (in a subprocess), its
    index is fresh, its validators survive an empty output, its recipes' APIs
    are in the index and its preload modules import.  With --deep, its recipe
    snippets run and print, its examples' reference programs print their
    answers, and every API path it names resolves, all in the sandbox.
    """
    from ..devtools.health import check_plugin

    setup_logging(verbose)
    report = check_plugin(name, deep=deep, unsafe=unsafe)
    if as_json:
        emit(_counted(report.to_dict()))
        sys.exit(0 if report.ok else 1)
    click.secho(f"plugin {name}", bold=True)
    for c in report.checks:
        label = {"ok": "ok", "warning": "WARN", "error": "FAIL", "skipped": "skip"}[c.status]
        click.secho(f"  {label:<5}", fg=_COLOURS[c.status], nl=False)
        click.echo(f" {c.topic:<10} {c.message}")
        if c.fix:
            click.echo(f"        {'':<10} fix: {c.fix}")
    errors, warnings = len(report.errors), len(report.warnings)
    if report.ok:
        tail = f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""
        click.secho(f"{name}: healthy{tail}", fg="green")
    else:
        click.secho(
            f"{name}: {errors} problem{'s' * (errors != 1)}"
            + (f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""),
            fg="red",
        )
    sys.exit(0 if report.ok else 1)


@plugins_group.command("new")
@click.argument("name")
@click.option(
    "--library", "library", default=None, help="PyPI distribution to index (default: NAME)."
)
@click.option(
    "--import-name", default=None, help="Top-level package to import (default: from --library)."
)
@click.option("--domain", default=None, help="The plugin's domain (default: NAME).")
@click.option(
    "--dir",
    "directory",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to create sciagent-NAME/.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print JSON: {schema_version, root, files, library_installed, next}.",
)
@handle_errors
def new_cmd(
    name: str,
    library: str | None,
    import_name: str | None,
    domain: str | None,
    directory: Path,
    as_json: bool,
) -> None:
    """Scaffold a plugin package sciagent-NAME/, ready for `pip install -e`."""
    import importlib.metadata as md

    from ..devtools.scaffold import create

    root = create(
        name, library=library, import_name=import_name, domain=domain, directory=directory
    )
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    dist = library or name
    try:
        md.version(dist)
        installed = True
    except md.PackageNotFoundError:
        installed = False
    steps = [
        f"pip install -e {root}",
        f"sciagent plugins check {name}",
        f"sciagent index build {name}",
        f"pytest {root / 'tests'}",
    ]
    if as_json:
        emit({"root": str(root), "files": files, "library_installed": installed, "next": steps})
        return
    click.echo(f"created {root}/")
    for path in files:
        click.echo(f"  {path}")
    if not installed:
        click.secho(f"warning: {dist} is not installed here: pip install {dist}", fg="yellow")
    click.echo("next:")
    for step in steps:
        click.echo(f"  {step}")


COMMANDS: list[click.Command] = [plugins_group]
