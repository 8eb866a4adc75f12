"""``sciagent run`` and ``sciagent demo``."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

import click

from ._common import handle_errors, setup_logging

if TYPE_CHECKING:
    from ..agent import AgentResult

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


def _print_result(result: AgentResult, verbose: bool) -> None:
    status = click.style("ok", fg="green") if result.ok else click.style("FAILED", fg="red")
    click.echo(
        f"{status}  answer: {result.answer}   ({len(result.attempts)} attempt(s), {result.seconds:.1f} s, {result.model})"
    )
    if result.code and (verbose or not result.ok):
        click.echo("--- final program ---")
        click.echo(result.code.rstrip())
    for attempt in result.attempts:
        if not attempt.ok and attempt.feedback:
            click.echo(f"--- attempt {attempt.index + 1} feedback ---")
            click.echo(attempt.feedback.strip()[:1200])
    if result.apis_used:
        click.echo(
            "APIs used: "
            + ", ".join(f"{u.qualname} ({u.library} {u.version})" for u in result.apis_used)
        )
    if result.error:
        click.secho(f"error: {result.error}", fg="red", err=True)


@click.command("run")
@click.argument("request")
@click.option(
    "--model", default=None, help="Chat model: provider:model, a .gguf path, or a local model name."
)
@click.option("--attempts", default=3, show_default=True, type=click.IntRange(1, 10))
@click.option(
    "--strategy", type=click.Choice(["repair", "best-of-n"]), default="repair", show_default=True
)
@click.option(
    "-n",
    "n",
    default=3,
    show_default=True,
    type=click.IntRange(1, 10),
    help="Candidates for best-of-n.",
)
@click.option("--domain", default=None)
@click.option(
    "--trajectory",
    type=click.Path(dir_okay=False),
    default=None,
    help="Append attempts as JSON Lines.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the AgentResult as JSON.")
@click.option("-v", "--verbose", is_flag=True)
@handle_errors
def run_cmd(
    request: str,
    model: str | None,
    attempts: int,
    strategy: str,
    n: int,
    domain: str | None,
    trajectory: str | None,
    as_json: bool,
    verbose: bool,
) -> None:
    """Write, check, run and repair a program for REQUEST; print its answer."""
    from ..agent import Agent

    setup_logging(verbose)
    agent = Agent(model, max_attempts=attempts, strategy=strategy, n=n, trajectory_path=trajectory)  # type: ignore[arg-type]
    result = agent.run(request, domain=domain)
    if as_json:
        click.echo(result.to_json(indent=2))
    else:
        _print_result(result, verbose)
    sys.exit(0 if result.ok else 1)


@click.command("demo")
@click.option("--model", default=None, help="Chat model (default: the embedded offline model).")
@click.option("-v", "--verbose", is_flag=True)
@handle_errors
def demo_cmd(model: str | None, verbose: bool) -> None:
    """Run three small tasks (chemistry, biology, astronomy) end to end."""
    from ..agent import Agent, Expect

    setup_logging(verbose)
    started = time.perf_counter()
    agent = Agent(model)
    right = 0
    for request, domain, (kind, bounds) in DEMO_TASKS:
        click.secho(f"\n[{domain}] {request}", bold=True)
        result = agent.run(request, domain=domain, expect=Expect(type=kind, range=bounds))
        _print_result(result, verbose)
        right += result.ok
    click.echo(
        f"\n{right}/{len(DEMO_TASKS)} tasks answered and validated in {time.perf_counter() - started:.0f} s"
    )


COMMANDS: list[click.Command] = [run_cmd, demo_cmd]
