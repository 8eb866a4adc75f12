"""``sciagent search``."""

from __future__ import annotations

import click

from ..render.cards.hits import hit_listing
from ._common import RichProgress, handle_errors, setup_logging
from ._json import emit


@click.command("search")
@click.argument("request")
@click.option(
    "-k", "k", default=10, show_default=True, type=click.IntRange(1, 200), help="How many hits."
)
@click.option(
    "--domain", default=None, help="Only this plugin domain (chemistry, biology, astronomy, ...)."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {schema_version, hits}.")
@click.option("-v", "--verbose", is_flag=True)
@handle_errors
def search_cmd(request: str, k: int, domain: str | None, as_json: bool, verbose: bool) -> None:
    """Find the APIs of the installed libraries that match REQUEST."""
    from ..defaults import load_searcher

    setup_logging(verbose)
    with RichProgress() as progress:  # only draws (on stderr) if an index must be built first
        searcher = load_searcher(progress=progress)
    hits = searcher.search(request, k=k, domain=domain)
    if as_json:
        emit({"hits": [h.to_dict() for h in hits]})
        return
    if not hits:
        click.echo("no match")
    for rank, hit in enumerate(hits, 1):
        name, meta, lines = hit_listing(hit, rank)
        click.secho(name, bold=True, nl=False)
        click.echo(meta)
        for line in lines:
            click.echo(line)


COMMANDS: list[click.Command] = [search_cmd]
