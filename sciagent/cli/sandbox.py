"""``sciagent exec`` and ``sciagent doctor``: thin wrappers over :mod:`sciagent.sandbox`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

import click

from ..errors import SciagentError


@click.command("exec")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--json", "as_json", is_flag=True, help="Print the RunResult as JSON.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Wall seconds.")
@click.option("--memory", type=int, default=1024, show_default=True, help="Memory limit in MB.")
@click.option(
    "-i",
    "--input",
    "inputs",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Copy a host file into the program's working directory (repeatable).",
)
@click.option("--warm", is_flag=True, help="Use a worker with the plugins' preloads.")
@click.option("--unsafe", is_flag=True, help="Run even if no isolation tier works here.")
def exec_cmd(
    file: TextIO,
    as_json: bool,
    timeout: float,
    memory: int,
    inputs: tuple[Path, ...],
    warm: bool,
    unsafe: bool,
) -> None:
    """Run a Python program (FILE, or - for stdin) in the sandbox.

    Prints the program's stdout and stderr; exits 1 if it failed.
    """
    from ..sandbox import SandboxPool, run_code

    code = file.read()
    try:
        if warm:
            with SandboxPool(1, unsafe=unsafe) as pool:
                result = pool.run(code, timeout=timeout, memory=memory, files=_files(inputs))
        else:
            result = run_code(
                code,
                timeout=timeout,
                memory=memory,
                files=_files(inputs),
                warm=False,
                unsafe=unsafe,
            )
    except SciagentError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        if result.error is not None:
            tb = result.error.traceback or f"{result.error.type}: {result.error.message}\n"
            sys.stderr.write(tb if tb.endswith("\n") else tb + "\n")
    sys.exit(0 if result.ok else 1)


def _files(inputs: tuple[Path, ...]) -> dict[str, Path]:
    return {p.name: p for p in inputs}


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def doctor_cmd(as_json: bool) -> None:
    """Say which sandbox isolation tier this machine gets, and why."""
    from ..sandbox import default_preload, detect_tier

    report = detect_tier()
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, default=str))
    else:
        click.echo(f"sandbox tier: {report.tier}" + ("" if report.safe else " (UNSAFE)"))
        for reason in report.reasons:
            click.echo(f"  - {reason}")
        click.echo(f"  - warm-worker preload: {', '.join(default_preload()) or 'none'}")
    sys.exit(0 if report.safe else 1)


COMMANDS: list[click.Command] = [exec_cmd, doctor_cmd]
