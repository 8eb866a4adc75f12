"""IPython magics: ``%sciagent_search`` and ``%%sciagent``.

The generated program runs in sciagent's sandbox, never in this kernel, unless
the user asks for it with ``--run-here`` (documented as unsandboxed).  The
files the final program wrote are shown inline and saved, as ``sciagent run``
saves them (``--output-dir``, ``--no-save``).  Errors sciagent explains (no
index, no model, an unknown domain, a bad option) are shown as one short block
with the fix, not a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shlex
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell
from IPython.core.magic import Magics, line_cell_magic, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments
from IPython.display import display

from ..errors import SciagentError
from ..render.progress import progress_line
from ..render.status import STATUS_WORD, status_of
from . import inputs
from .display import Hits, Message, Saved

if TYPE_CHECKING:
    from ..agent import AgentResult, Progress
    from ..sandbox import SavedOutputs

_TOKEN = re.compile(r"(\S+)\s*(.*)", re.DOTALL)


def split_options(line: str, parser: argparse.ArgumentParser) -> tuple[list[str], str]:
    """Leading ``-x``/``--option value`` tokens as argv, and the rest of ``line`` verbatim.

    The request is free text ("how similar are two molecules' fingerprints"),
    so it is never put through a shell-like splitter; ``--`` ends the options.
    """
    rest = line.strip()
    argv: list[str] = []
    known = parser._option_string_actions
    while rest.startswith("-"):
        match = _TOKEN.match(rest)
        assert match is not None
        token, rest = match.group(1), match.group(2)
        if token == "--":
            break
        key = token.split("=", 1)[0]
        action = known.get(key)
        if action is None and not key.startswith("--") and key[:2] in known:
            argv.append(token)  # "-k5"
            continue
        if action is None:
            raise UsageError(
                f"unknown option {token!r} (put `--` before a request that starts with '-')"
            )
        argv.append(token)
        if action.nargs != 0 and "=" not in token:
            value, rest = _value(token, rest)
            argv.append(value)
    return argv, rest


def _value(option: str, text: str) -> tuple[str, str]:
    """An option's value (quoted or a bare word) and the text after it."""
    if text[:1] in ("'", '"'):
        end = text.find(text[0], 1)
        if end < 0:
            raise UsageError(f"option {option}: no closing quotation")
        return text[1:end], text[end + 1 :].strip()
    match = _TOKEN.match(text)
    if match is None:
        raise UsageError(f"option {option} needs a value")
    return match.group(1), match.group(2)


def _parser(magic: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = magic.parser
    return parser


def _parse(magic: Any, argv: list[str]) -> argparse.Namespace:
    args: argparse.Namespace = magic.parser.parse_args(argv)
    return args


def _usage(magic: Any, cell: bool = False) -> str:
    """The one-line usage (IPython's parser wraps it in reST: ``::`` and indentation)."""
    text = str(_parser(magic).format_usage()).split("::")[-1]
    usage = " ".join(text.replace("usage:", "").split())
    return usage.replace("%sciagent ", "%%sciagent ", 1) if cell else usage


def _unsure_note(result: AgentResult) -> str:
    """Comment lines that head an inserted unsure program, so the cell itself says so."""
    if status_of(result) != "unsure":
        return ""
    why = " ".join((result.reason or result.error or "").split())
    return (
        f"# sciagent: {STATUS_WORD['unsure']} (confidence {result.confidence:.2f}): {why}\n"
        f"# The picked answer was {result.answer!r}; check it before relying on it.\n"
    )


def _progress_in(handle: Any) -> Callable[[Progress], None]:
    """Show the agent's stage in the cell's placeholder as it happens (from any thread)."""
    lock = threading.Lock()

    def show(event: Progress) -> None:
        with lock:
            handle.update(Message(progress_line(event), kind=""))

    return show


def _save(
    result: AgentResult, target: Path | None, items: list[inputs.NotebookInput]
) -> SavedOutputs | None:
    """Save the files the final program wrote into ``target`` (None: ``--no-save``), as
    ``sciagent run`` does; the notebook's input files that come back unchanged are not."""
    if target is None:
        return None
    from ..render.cards.agent import final_files
    from ..sandbox import save_outputs

    return save_outputs(final_files(result), target, inputs=inputs.contents(items))


def _message(exc: BaseException, usage: str) -> Message:
    if isinstance(exc, SciagentError):
        return Message(exc.message, exc.fix)
    return Message(str(exc), f"usage: {usage}")


@magics_class
class SciagentMagics(Magics):
    """``%load_ext sciagent`` registers these."""

    # ------------------------------------------------------------------ search
    @line_magic
    @magic_arguments()
    @argument("-k", type=int, default=5, help="How many APIs to show (default 5).")
    @argument(
        "--domain",
        default=None,
        help="Search one plugin domain only (chemistry, biology, astronomy, ...).",
    )
    @argument("request", nargs="*", help="What you want to do, in plain words.")
    def sciagent_search(self, line: str) -> None:
        """Find the installed APIs that fit a request; show them as signature cards.

        ``%sciagent_search -k 5 --domain chemistry how similar are two fingerprints``
        """
        try:
            argv, request = split_options(line, _parser(self.sciagent_search))
            args = _parse(self.sciagent_search, argv)
            if not request:
                raise UsageError("write what you are looking for after the options")
            if args.k < 1:
                raise UsageError("-k must be at least 1")
            from ..api import search

            hits = search(request, k=args.k, domain=args.domain)
        except (UsageError, SciagentError) as exc:
            display(_message(exc, _usage(self.sciagent_search)))
            return
        display(Hits(hits, request))

    # ------------------------------------------------------------------- agent
    @line_cell_magic
    @magic_arguments()
    @argument(
        "--model",
        default=None,
        help="A chat model: 'provider:model', a .gguf path, an embedded model name, or the "
        "name of a notebook variable holding a LangChain chat model (default: $SCIAGENT_MODEL, "
        "else the embedded offline model).",
    )
    @argument("--domain", default=None, help="Retrieve APIs from one plugin domain only.")
    @argument(
        "--attempts", type=int, default=3, help="Rounds of write/check/run/repair (default 3)."
    )
    @argument(
        "--strategy",
        choices=("select", "repair", "best-of-n"),
        default="select",
        help="select (default): several programs, ok only when they agree; repair: one "
        "program and its repairs; best-of-n: draw several candidates first.",
    )
    @argument(
        "--samples",
        type=int,
        default=4,
        help="At most this many independent programs with --strategy select (default 4).",
    )
    @argument("--insert", action="store_true", help="Put the final program into the next cell.")
    @argument(
        "--inputs",
        default=None,
        help="Comma-separated notebook variables passed to the program as input files.",
    )
    @argument("--out", default=None, help="Store the AgentResult in this notebook variable.")
    @argument(
        "--run-here",
        action="store_true",
        help="Also run the final program in THIS kernel, unsandboxed (in a fresh temporary "
        "working directory).",
    )
    @argument(
        "--unsafe",
        action="store_true",
        help="Where no isolation tier works (macOS, Windows): run programs anyway in a separate "
        "process with limits and a cleared environment, but no sandbox (tier D).",
    )
    @argument(
        "--output-dir",
        default=None,
        metavar="DIR",
        help="Save the files the final program wrote here (created if needed; existing files "
        "are never replaced). Default: a fresh ./sciagent-output/<date-time>/ folder, made only "
        "when there is a file to save.",
    )
    @argument(
        "--no-save",
        action="store_true",
        help="Do not save the files the program wrote (they are still shown in the output).",
    )
    @argument("request", nargs="*", help="The request (line form); the cell form takes the cell.")
    def sciagent(self, line: str, cell: str | None = None) -> None:
        """Write, check, run (sandboxed) and repair a program for the request in the cell.

        The cell's text is the request; the first line takes only options::

            %%sciagent --attempts 3 --out res
            Molecular weight of aspirin (SMILES CC(=O)Oc1ccccc1C(=O)O), rounded to 2 decimals.

        The generated program never runs in this kernel unless ``--run-here`` is given.
        The files it wrote are saved in ``--output-dir`` (by default a fresh
        ``./sciagent-output/<date-time>/``; ``--no-save``: nowhere), and the cell says where.
        """
        usage = _usage(self.sciagent, cell is not None)
        handle = None
        try:
            if cell is None:
                argv, request = split_options(line, _parser(self.sciagent))
            else:
                try:
                    argv = shlex.split(line)
                except ValueError as exc:
                    raise UsageError(f"cannot read the options: {exc}") from None
                request = cell
            args = _parse(self.sciagent, argv)
            if cell is not None and args.request:
                raise UsageError(
                    "the first line takes only options; write the request in the cell body "
                    f"(got {' '.join(args.request)!r})"
                )
            request = request.strip()
            if not request:
                raise UsageError(
                    "the request is empty: write it after the options of %sciagent, "
                    "or in the cell below %%sciagent"
                )
            if args.attempts < 1:
                raise UsageError("--attempts must be at least 1")
            if args.samples < 1:
                raise UsageError("--samples must be at least 1")
            if args.out is not None and not args.out.isidentifier():
                raise UsageError(f"--out takes a variable name, not {args.out!r}")
            names = args.inputs.split(",") if args.inputs else []
            items = inputs.collect(names, self._shell.user_ns)
            if items:
                request = f"{request}\n\n{inputs.sentence(items)}"
            from ..sandbox import output_target

            # checked before anything runs: a bad folder is an error now, not after the agent
            target = output_target(
                None if args.output_dir is None else Path(args.output_dir), args.no_save
            )
            model = self._model(args.model)
            handle = display(
                Message("writing, checking and running a program…", kind=""), display_id=True
            )
            from ..agent import Agent

            agent = Agent(
                model,
                max_attempts=args.attempts,
                strategy=args.strategy,
                samples=args.samples,
                unsafe=args.unsafe,
                on_progress=_progress_in(handle),
            )
            result = agent.run(request, inputs.files(items) or None, domain=args.domain)
        except (UsageError, SciagentError) as exc:
            shown = _message(exc, usage)
            if handle is not None:
                handle.update(shown)
            else:
                display(shown)
            return
        if args.out:
            self._shell.user_ns[args.out] = result
        if handle is not None:
            handle.update(result)
        else:
            display(result)
        saved = _save(result, target, items)
        if saved is not None and (saved.files or saved.skipped):
            display(Saved(saved))
        if args.insert and result.code:
            self._shell.set_next_input(
                _unsure_note(result) + result.code.rstrip() + "\n", replace=False
            )
        if args.run_here:
            self._run_here(result, items)

    @property
    def _shell(self) -> InteractiveShell:
        assert self.shell is not None, "the magics are registered with a shell"
        return self.shell

    def _model(self, name: str | None) -> Any:
        """``--model``: a notebook variable holding a chat model, or a model string."""
        if name is None or not name.isidentifier() or name not in self._shell.user_ns:
            return name
        from langchain_core.language_models import BaseChatModel

        obj = self._shell.user_ns[name]
        if not isinstance(obj, BaseChatModel):
            raise UsageError(
                f"--model {name}: the variable `{name}` is a {type(obj).__name__}, "
                "not a LangChain chat model"
            )
        return obj

    def _run_here(self, result: AgentResult, items: list[inputs.NotebookInput]) -> None:
        """Run the program in this kernel: only ever because the user asked (``--run-here``).

        An unsure result's picked program runs too (it did run cleanly in the
        sandbox), but the note says its answer is unconfirmed.
        """
        status = status_of(result)
        if status == "failed" or not result.code:
            display(
                Message(
                    "--run-here: nothing was run, the agent found no valid program", kind="note"
                )
            )
            return
        workdir = Path(tempfile.mkdtemp(prefix="sciagent-run-here-"))
        inputs.write(items, workdir)
        what = "the program"
        if status == "unsure":
            what = f"the picked program (its answer is UNSURE: {result.reason or result.error})"
        display(
            Message(
                f"--run-here: running {what} in this kernel, unsandboxed, in {workdir}",
                kind="note",
            )
        )
        with contextlib.chdir(workdir):
            self._shell.run_cell(result.code, store_history=False)
