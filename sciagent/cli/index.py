"""``sciagent index build|status``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import click

from ._common import RichProgress, handle_errors, setup_logging
from ._json import emit

if TYPE_CHECKING:
    from ..config import Settings
    from ..index.build import BuildReport
    from ..plugin import Library, Plugin


@click.group("index")
def index_group() -> None:
    """Build and inspect the per-library API indexes."""


@index_group.command("build")
@click.argument("plugins", nargs=-1)
@click.option("--force", is_flag=True, help="Rebuild even when the index is fresh.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON: {schema_version, index_dir, libraries}."
)
@click.option("-v", "--verbose", is_flag=True)
@handle_errors
def build_cmd(plugins: tuple[str, ...], force: bool, as_json: bool, verbose: bool) -> None:
    """Build the index of each PLUGIN (default: every installed plugin)."""
    from ..config import Settings
    from ..index import build as index_build
    from ..plugin import load_plugins

    setup_logging(verbose)
    loaded = load_plugins()
    targets = loaded.targets(plugins)
    for failure in loaded.failures:
        click.secho(
            f"warning: plugin {failure.name} skipped: {failure.error}", fg="yellow", err=True
        )
    settings = Settings.from_env()
    with RichProgress() as progress:
        reports = index_build.build(settings, targets, force=force, progress=progress)
    failed = any(r.action == "failed" for r in reports)
    if as_json:
        emit(
            {
                "index_dir": str(settings.index_dir),
                "ok": not failed,
                "libraries": [_built(settings, targets, r) for r in reports],
                "plugin_failures": [asdict(f) for f in loaded.failures],
            }
        )
        if failed:
            raise SystemExit(1)
        return
    for r in reports:
        if r.action == "failed":
            click.secho(f"{r.plugin}/{r.library}: FAILED: {r.error}", fg="red", err=True)
            continue
        cov = _ratio(r.coverage) or 0.0
        detail = (
            f"{r.records} records, {r.embedded} embedded, {r.cached} cached, {r.seconds:.1f} s"
            if r.action == "built"
            else f"{r.records} records, already fresh"
        )
        click.echo(
            f"{r.plugin}/{r.library} {r.version}: {r.action}: {detail}, signatures {cov:.1%}"
        )
    click.echo(f"index: {settings.index_dir}")
    if failed:
        raise SystemExit(1)


@index_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def status_cmd(as_json: bool) -> None:
    """Show, per library, whether its index is fresh, stale, missing or corrupt."""
    from ..config import Settings
    from ..index import build as index_build
    from ..plugin import load_plugins

    settings = Settings.from_env()
    loaded = load_plugins()
    rows: list[dict[str, Any]] = []
    for plugin, library in loaded.libraries():
        st = index_build.state_of(settings, plugin, library)
        m = st.manifest
        fresh = m if st.state == "fresh" else None  # a stale manifest's counts mislead
        rows.append(
            {
                "plugin": plugin.name,
                "library": library.name,
                "version": st.installed_version,  # installed, as in `plugins list`
                "state": st.state,
                "n_records": fresh.records if fresh else None,
                "coverage": _ratio(fresh.coverage) if fresh else None,
                "failed_modules": _module_names(fresh.failed_modules) if fresh else None,
                "unresolved_keywords": fresh.unresolved_keywords if fresh else None,
                "built_at": m.built_at if m else None,
                "message": st.message,
            }
        )
    if as_json:
        emit(
            {
                "index_dir": str(settings.index_dir),
                "libraries": rows,
                "plugin_failures": [asdict(f) for f in loaded.failures],
            }
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"sciagent index: {settings.index_dir}")
    for col in ("plugin", "library", "installed", "state", "records", "signatures", "built"):
        table.add_column(col)
    for r in rows:
        colour = {"fresh": "green", "missing": "yellow", "stale": "yellow"}.get(r["state"], "red")
        table.add_row(
            r["plugin"],
            r["library"],
            r["version"] or "-",
            f"[{colour}]{r['state']}[/]",
            str(r["n_records"] or "-"),
            f"{r['coverage']:.1%}" if r["coverage"] else "-",
            r["built_at"] or "-",
        )
    console = Console()
    console.print(table)
    for r in rows:
        if r["message"]:
            console.print(f"{r['plugin']}/{r['library']}: {r['message']}", markup=False)
    for f in loaded.failures:
        console.print(f"plugin {f.name} failed to load: {f.error}", markup=False)
    if not rows:
        console.print("no plugins installed: pip install -e plugins/chemistry (or another plugin)")


def _built(
    settings: Settings, targets: list[tuple[Plugin, Library]], r: BuildReport
) -> dict[str, Any]:
    """One library of ``index build --json``: the build report in the contract's words.

    ``failed_modules`` names the modules, as ``index status`` and ``plugins list``
    do, from the manifest just written (the report only counts them, and not
    for an index that was already fresh).
    """
    from ..index.state import state_of

    failed: list[str] | None = None
    for plugin, library in targets:
        if (plugin.name, library.name) == (r.plugin, r.library) and r.action != "failed":
            manifest = state_of(settings, plugin, library).manifest
            failed = _module_names(manifest.failed_modules) if manifest else None
    return {
        "plugin": r.plugin,
        "library": r.library,
        "version": r.version,
        "action": r.action,
        "n_records": r.records,
        "n_embedded": r.embedded,
        "n_cached": r.cached,
        "failed_modules": failed,
        "coverage": _ratio(r.coverage),
        "seconds": round(r.seconds, 3),
        "error": r.error or None,
    }


def _module_names(failures: list[dict[str, str]]) -> list[str]:
    """The names of the modules a build could not import, as ``plugins list`` gives them."""
    return [str(f.get("module", "?")) for f in failures]


def _ratio(coverage: Mapping[str, object]) -> float | None:
    """The signature coverage ratio; the manifest is data, so a non-number shows as none."""
    ratio = coverage.get("ratio")
    return float(ratio) if isinstance(ratio, int | float) and not isinstance(ratio, bool) else None


COMMANDS: list[click.Command] = [index_group]
