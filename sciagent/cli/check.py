"""``sciagent check``: the static checker on a file, before anything runs it."""

from __future__ import annotations

import sys

import click

from ._common import MAX_SOURCE_BYTES, handle_errors, read_source, setup_logging
from ._json import emit


@click.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {schema_version, ok, findings}.")
@click.option(
    "--no-live",
    is_flag=True,
    help="Index only: no sandboxed live probe; unverified names become warnings.",
)
@click.option("-v", "--verbose", is_flag=True)
@handle_errors
def check_cmd(file: str, as_json: bool, no_live: bool, verbose: bool) -> None:
    """Check FILE (or - for stdin) against the installed libraries' API.

    Exits 0 when there is nothing to report, 1 when there are findings.  A
    finding is an error (proven) or a warning (likely, unproven: a keyword a
    ``**kwargs`` callable does not document, or with --no-live a called name
    the index lacks); values the index does not list are not reported.
    """
    from ..check import check_code
    from ..defaults import load_searcher

    setup_logging(verbose)
    code = read_source(file, MAX_SOURCE_BYTES)
    searcher = load_searcher()  # no progress bar: a quiet build, then findings (or JSON)
    findings = check_code(code, searcher=searcher, live=not no_live)
    if as_json:
        # the shape of a `sciagent batch --mode check` row, less its id
        emit({"ok": not findings, "findings": [f.to_dict() for f in findings]})
    else:
        name = "<stdin>" if file == "-" else file
        for f in findings:
            click.echo(f"{name}:{f.line}: {'' if f.is_error else 'warning: '}{f.message}")
    sys.exit(1 if findings else 0)


COMMANDS: list[click.Command] = [check_cmd]
