"""``sciagent exec`` and ``sciagent doctor``: thin wrappers over :mod:`sciagent.sandbox`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._common import (
    MAX_SOURCE_BYTES,
    InputFileError,
    Seconds,
    handle_errors,
    output_options,
    read_bounded,
    read_source,
    report_saved,
)
from ._json import emit

#: The longest wall-clock limit ``exec`` accepts: a day.  Larger values overflow
#: the kernel's CPU-time limit; nan, inf and non-positive ones mean nothing.
MAX_TIMEOUT_S = 86_400.0
#: The largest memory limit ``exec`` accepts, in MB (1 TiB).
MAX_MEMORY_MB = 1 << 20


@click.command("exec")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the RunResult as JSON.")
@click.option(
    "--timeout",
    type=Seconds(MAX_TIMEOUT_S),
    default=30.0,
    show_default=True,
    help=f"Wall seconds (0 < t <= {MAX_TIMEOUT_S:g}).",
)
@click.option(
    "--memory",
    type=click.IntRange(1, MAX_MEMORY_MB),
    default=1024,
    show_default=True,
    help="Memory limit in MB.",
)
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
@output_options
@handle_errors
def exec_cmd(
    file: str,
    as_json: bool,
    timeout: float,
    memory: int,
    inputs: tuple[Path, ...],
    warm: bool,
    unsafe: bool,
    output_dir: Path | None,
    no_save: bool,
) -> None:
    """Run a Python program (FILE, or - for stdin) in the sandbox.

    Prints the program's stdout and stderr; exits 1 if it failed.  Files the
    program writes (a plot, a CSV) are saved to --output-dir, by default a
    fresh ./sciagent-output/<date-time>/ folder, and listed on stderr; with
    --json they are also listed in the object's `saved` field.
    """
    from ..plugin import installed_preload
    from ..sandbox import SandboxPool, run_code, save_outputs
    from ..sandbox._pool import MAX_INPUT_BYTES  # the sandbox's own cap, checked before reading

    files = _files(inputs, MAX_INPUT_BYTES)
    code = read_source(file, MAX_SOURCE_BYTES)
    from ..sandbox import output_target

    target = output_target(output_dir, no_save)
    if warm:
        with SandboxPool(1, preload=installed_preload(), unsafe=unsafe) as pool:
            result = pool.run(code, timeout=timeout, memory=memory, files=files)
    else:
        result = run_code(
            code, timeout=timeout, memory=memory, files=files, warm=False, unsafe=unsafe
        )
    saved = None if target is None else save_outputs(result.files, target, inputs=files)
    if as_json:
        emit({**result.to_dict(), "saved": None if saved is None else saved.to_dict()})
    else:
        sys.stdout.write(result.stdout)
        sys.stdout.flush()
        sys.stderr.write(result.stderr)
        if result.error is not None:
            tb = result.error.traceback or f"{result.error.type}: {result.error.message}\n"
            sys.stderr.write(tb if tb.endswith("\n") else tb + "\n")
        sys.stderr.flush()
    report_saved(saved, result.files_truncated)
    sys.exit(0 if result.ok else 1)


def _files(inputs: tuple[Path, ...], cap: int) -> dict[str, bytes]:
    """The input files' contents by the name the program sees, read within the size cap.

    The program sees each file under its base name, so two paths with the same
    name would silently keep only the last: that is refused instead.
    """
    by_name: dict[str, Path] = {}
    for path in inputs:
        first = by_name.setdefault(path.name, path)
        if first.resolve() != path.resolve():
            raise InputFileError(
                f"-i {first} and -i {path} would both be copied in as {path.name!r}, "
                "and the second would replace the first",
                fix=f"copy one of them to another name (e.g. cp {path} other_{path.name}) "
                "and pass that instead",
            )
    files: dict[str, bytes] = {}
    total = 0
    for name, path in by_name.items():
        files[name] = read_bounded(str(path), cap)
        total += len(files[name])
        if total > cap:
            raise InputFileError(
                f"the input files together are larger than the {cap >> 20} MiB limit",
                fix="pass fewer or smaller files, or pre-aggregate the data",
            )
    return files


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def doctor_cmd(as_json: bool) -> None:
    """Say which sandbox isolation tier this machine gets, and why."""
    from ..plugin import installed_preload
    from ..sandbox import detect_tier

    report = detect_tier()
    if as_json:
        # ``probes``, not the report's ``checks``: that name is a list of checks elsewhere
        found = report.to_dict()
        probes = found.pop("checks")
        emit({**found, "safe": report.safe, "probes": probes})
    else:
        click.echo(f"sandbox tier: {report.tier}" + ("" if report.safe else " (UNSAFE)"))
        for reason in report.reasons:
            click.echo(f"  - {reason}")
        click.echo(f"  - warm-worker preload: {', '.join(installed_preload()) or 'none'}")
    sys.exit(0 if report.safe else 1)


COMMANDS: list[click.Command] = [exec_cmd, doctor_cmd]
