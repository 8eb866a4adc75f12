"""``sciagent run`` and ``sciagent demo``."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..render.status import (
    STATUS_WORD,
    candidate_lines,
    shows_candidates,
    status_line,
    status_of,
)
from ._common import (
    Seconds,
    handle_errors,
    output_options,
    report_saved,
    setup_logging,
)
from ._json import emit
from ._progress import ProgressPrinter

if TYPE_CHECKING:
    from ..agent import AgentResult
    from ..sandbox import SavedOutputs

F = TypeVar("F", bound=Callable[..., Any])

UNSAFE_HELP = (
    "Where no isolation tier works (macOS, Windows): run programs anyway, in a separate "
    "process with limits and a cleared environment but no sandbox (tier D)."
)
#: the exit statuses, as ``sciagent run --help`` shows them
EXIT_HELP = """\b
Exit status:
  0  ok: the answer was checked, run, validated, and enough
     independent programs agree on it
  1  failed: no program gave an accepted answer (or an error)
  2  usage error
  3  unsure: an answer, but nothing confirms it or the programs
     disagree; the competing answers and the picked one are shown
"""

DEMO_TASKS = [
    (
        "Compute the molecular weight of aspirin (SMILES CC(=O)Oc1ccccc1C(=O)O), rounded to 2 decimals.",
        "chemistry",
        (float, (180.0, 180.3)),
    ),
    (
        "Translate the DNA sequence ATGGCCATTGTAATGGGCCGCTGA into a protein sequence, stopping at the first stop codon.",
        "biology",
        (str, None),
    ),
    (
        "What is the angular separation in degrees between the sky positions RA=10.68 deg, Dec=41.27 deg "
        "and RA=83.82 deg, Dec=-5.39 deg?",
        "astronomy",
        (float, (0.0, 180.0)),
    ),
]


#: the longest time budget ``run`` accepts: a day, as for ``exec --timeout``
MAX_BUDGET_S = 86_400.0


def agent_options(func: F) -> F:
    """The options that configure the agent: ``run``'s, and ``mcp``'s for its solve tool."""
    options = [
        click.option(
            "--model",
            default=None,
            help="Chat model: provider:model, a .gguf path, or a local model name "
            "(default: $SCIAGENT_MODEL, else the embedded offline model).",
        ),
        click.option(
            "--strategy",
            type=click.Choice(["select", "repair", "best-of-n"]),
            default="select",
            show_default=True,
            help="select: several programs, the answer most of them agree on; repair: one "
            "program, repaired; best-of-n: -n candidates, then repair the best.",
        ),
        click.option(
            "--samples",
            default=4,
            show_default=True,
            type=click.IntRange(1, 10),
            help="At most this many independent programs (select).",
        ),
        click.option(
            "--budget",
            default=300.0,
            show_default=True,
            type=Seconds(MAX_BUDGET_S),
            help="Time budget in seconds: no new program is started past it (select).",
        ),
        click.option(
            "--attempts",
            default=3,
            show_default=True,
            type=click.IntRange(1, 10),
            help="Rounds of write/check/run/repair for one program.",
        ),
        click.option(
            "-n",
            "n",
            default=3,
            show_default=True,
            type=click.IntRange(1, 10),
            help="Candidates for best-of-n.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def agent_settings(
    strategy: str, samples: int, budget: float, attempts: int, n: int
) -> dict[str, Any]:
    """``Agent`` keyword arguments from :func:`agent_options`' values."""
    return {
        "strategy": strategy,
        "samples": samples,
        "budget_s": budget,
        "max_attempts": attempts,
        "n": n,
    }


#: ``sciagent run``'s exit status for each result status (2 is click's usage error)
EXIT_CODES: dict[str, int] = {"ok": 0, "failed": 1, "unsure": 3}
#: how each status is coloured in a terminal
COLOURS: dict[str, str] = {"ok": "green", "unsure": "yellow", "failed": "red"}


def exit_code(result: AgentResult) -> int:
    """0 ok, 1 failed, 3 unsure: a script can tell an unconfirmed answer from none."""
    return EXIT_CODES[status_of(result)]


def format_result(result: AgentResult, verbose: bool = False) -> list[str]:
    """The lines ``run`` prints to stdout, uncoloured; the first starts with the status word.

    Kept apart from printing so the wording can be tested without a model.
    The verdict comes first; when unsure, every competing answer follows with
    how many programs reached it and which one was picked, after the reason.
    """
    status = status_of(result)
    details = [f"{len(result.attempts)} attempt(s)", f"{result.seconds:.1f} s", result.model]
    lines = [status_line(result, details)]
    if result.reason:
        lines.append(f"why: {result.reason}")
    if shows_candidates(result):
        lines += ["candidates (answer, programs that reached it):", *candidate_lines(result)]
    if result.code and (verbose or status != "ok"):
        head = "picked program (unconfirmed)" if status == "unsure" else "final program"
        lines += [f"--- {head} ---", result.code.rstrip()]
    for attempt in result.attempts:
        if not attempt.ok and attempt.feedback:
            lines.append(f"--- attempt {attempt.index + 1} feedback ---")
            lines.append(attempt.feedback.strip()[:1200])
    if result.apis_used:
        uses = ", ".join(f"{u.qualname} ({u.library} {u.version})" for u in result.apis_used)
        lines.append(f"APIs used: {uses}")
    return lines


def _print_result(result: AgentResult, verbose: bool) -> None:
    if any(a.run is not None and a.run.tier == "D" for a in result.attempts):
        click.secho(
            "warning: programs ran WITHOUT isolation (tier D, --unsafe): "
            "a separate process with limits, not a sandbox",
            fg="yellow",
            err=True,
        )
    status = status_of(result)
    word = STATUS_WORD[status]
    first, *rest = format_result(result, verbose)
    click.echo(click.style(word, fg=COLOURS[status]) + first[len(word) :])
    for line in rest:
        unsure_why = status == "unsure" and line.startswith("why: ")
        click.secho(line, fg=COLOURS[status] if unsure_why else None)
    if result.error and status == "failed":
        click.secho(f"error: {result.error}", fg="red", err=True)


@click.command("run", epilog=EXIT_HELP)
@click.argument("request")
@agent_options
@click.option("--domain", default=None)
@click.option(
    "--trajectory",
    type=click.Path(dir_okay=False),
    default=None,
    help="Append attempts as JSON Lines.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the AgentResult as JSON (with schema_version)."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@click.option("--unsafe", is_flag=True, help=UNSAFE_HELP)
@click.option("-v", "--verbose", is_flag=True)
@output_options
@handle_errors
def run_cmd(
    request: str,
    model: str | None,
    strategy: str,
    samples: int,
    budget: float,
    attempts: int,
    n: int,
    domain: str | None,
    trajectory: str | None,
    as_json: bool,
    quiet: bool,
    unsafe: bool,
    verbose: bool,
    output_dir: Path | None,
    no_save: bool,
) -> None:
    """Write, check, run and compare programs for REQUEST; print the answer and how sure it is.

    What it is doing (stage, program, tokens written) shows on stderr as it happens.
    Files the final program wrote (a plot, a table) are saved to --output-dir, by
    default a fresh ./sciagent-output/<date-time>/ folder, and listed on stderr.
    """
    from ..agent import Agent

    setup_logging(verbose)
    from ..sandbox import output_target

    target = output_target(output_dir, no_save)
    progress = ProgressPrinter(enabled=not quiet)
    agent = Agent(
        model,
        **agent_settings(strategy, samples, budget, attempts, n),
        trajectory_path=trajectory,
        on_progress=progress,
        unsafe=unsafe,
    )
    with progress:
        result = agent.run(request, domain=domain)
    saved = save_final_files(result, target)
    if as_json:
        emit({**json.loads(result.to_json()), "saved": None if saved is None else saved.to_dict()})
    else:
        _print_result(result, verbose)
    report_saved(saved)
    sys.exit(exit_code(result))


def save_final_files(result: AgentResult, target: Path | None) -> SavedOutputs | None:
    """Save the files of the program the result reports (its final sandboxed run).

    Only that program's files: the other candidates and the failed attempts
    wrote theirs in their own scratch folders, and keeping them all would mix
    a rejected program's plot with the answer's.  None with ``--no-save``.
    """
    from ..render.cards.agent import final_files
    from ..sandbox import keep_outputs

    return keep_outputs(final_files(result), target)


def demo_summary(statuses: list[str], seconds: float) -> str:
    """``2 ok, 1 unsure, 0 failed in 95 s``: an unsure answer is never counted as validated."""
    counts = ", ".join(f"{statuses.count(s)} {s}" for s in ("ok", "unsure", "failed"))
    return f"{counts} in {seconds:.0f} s"


@click.command("demo")
@click.option("--model", default=None, help="Chat model (default: the embedded offline model).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print JSON: {schema_version, results (AgentResults), n_ok, n_unsure, n_failed, seconds}.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@click.option("--unsafe", is_flag=True, help=UNSAFE_HELP)
@click.option("-v", "--verbose", is_flag=True)
@handle_errors
def demo_cmd(model: str | None, as_json: bool, quiet: bool, unsafe: bool, verbose: bool) -> None:
    """Run three small tasks (chemistry, biology, astronomy) end to end."""
    from ..agent import Agent, Expect

    setup_logging(verbose)
    started = time.perf_counter()
    progress = ProgressPrinter(enabled=not quiet)
    agent = Agent(model, on_progress=progress, unsafe=unsafe)
    statuses: list[str] = []
    results: list[dict[str, Any]] = []
    for request, domain, (kind, bounds) in DEMO_TASKS:
        if not as_json:
            click.secho(f"\n[{domain}] {request}", bold=True)
        with progress:
            result = agent.run(request, domain=domain, expect=Expect(type=kind, range=bounds))
        if as_json:
            results.append(json.loads(result.to_json()))
        else:
            _print_result(result, verbose)
        statuses.append(status_of(result))
    seconds = time.perf_counter() - started
    if as_json:
        counts = {f"n_{s}": statuses.count(s) for s in ("ok", "unsure", "failed")}
        emit({"results": results, **counts, "seconds": round(seconds, 3)})
        return
    click.echo("\n" + demo_summary(statuses, seconds))


COMMANDS: list[click.Command] = [run_cmd, demo_cmd]
