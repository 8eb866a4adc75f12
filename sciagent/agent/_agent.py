"""The agent: retrieve, write, check, run, validate, repair.

The model acts by writing a program; everything after that is faithful,
automatic feedback: the static checker names invented APIs with the nearest
real ones, the sandbox returns the error trimmed to the program's lines,
validators and the caller's expectations judge the output.  Each failure
becomes the next user message, with freshly retrieved cards when the miss was
a name (``AttributeError``, ``ImportError``, ``NameError``, or a finding).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    BaseMessageChunk,
    HumanMessage,
    SystemMessage,
)

from ..check import PYTHON_IMPORTS, Finding, fix_imports
from ..errors import SciagentError
from ..plugin import Plugin
from ..program import imported_packages
from ..records import ApiRecord, Hit
from ..request import ParsedRequest, parse_request, prelude
from ..retrieval import Searcher
from ..validation import (
    BUILTIN_VALIDATORS,
    Normaliser,
    ProgramOutput,
    Validator,
    run_validators,
)
from . import _prompt
from ._code import extract_code, last_line
from ._expect import Expect
from ._hints import Hint, hints_for, plugin_hints
from ._progress import ProgressCallback, Reporter
from ._result import AgentResult, ApiUse, Attempt, Candidate
from ._select import Decision, Group, decide, group_answers

if TYPE_CHECKING:
    from ..sandbox import RunResult

log = logging.getLogger(__name__)

Strategy = Literal["select", "repair", "best-of-n"]
STRATEGIES = ("select", "repair", "best-of-n")
#: a reply the model did not finish, and what to tell it
CUT_OFF = {
    "repetition": "Your reply was cut off because it kept repeating the same lines. "
    "Write a short, complete program; import each name once.",
    "length": "Your reply was cut off at the length limit. Write a shorter, complete program.",
}
#: what the repair feedback says first when sciagent fixed the program's imports
FIXED_NOTE = "Before checking it, sciagent fixed your program's imports (keep these fixes):"
NAME_ERRORS = {"AttributeError", "ImportError", "ModuleNotFoundError", "NameError"}


@dataclass
class _Task:
    """What every attempt at one request shares."""

    request: str
    domain: str | None
    files: dict[str, Any]
    expect: Expect | None
    shown: list[str]  # qualnames already on cards, so re-retrieval brings new ones
    prelude: str = ""  # the request's data bound to names, run before every program
    data_names: frozenset[str] = frozenset()  # the names the prelude binds
    candidate: int = 0  # which independent program the current attempts belong to
    report: Reporter = field(default_factory=lambda: Reporter(None))
    #: the APIs each checked program uses, as the checker resolved them (by program)
    apis: dict[str, list[ApiRecord]] = field(default_factory=dict)
    #: when the run started (perf_counter): no new program is written past the budget
    started: float = field(default_factory=time.perf_counter)


@dataclass
class _Reply:
    """A model reply not judged yet: judging may happen on another thread."""

    attempt: Attempt
    finish: str | None  # the model's finish reason ("length", "repetition", ...)
    started: float


class Agent:
    """Turn a request into a checked, sandboxed, validated program.

    ``model`` is a LangChain chat model, a ``"provider:model"`` string, a
    ``.gguf`` path, or None for the embedded offline model.
    """

    def __init__(
        self,
        model: BaseChatModel | str | None = None,
        *,
        plugins: Sequence[str] | None = None,
        max_attempts: int = 3,
        k: int = 8,
        strategy: Strategy = "select",
        n: int = 3,
        samples: int = 4,
        agree: int = 2,
        budget_s: float | None = 300.0,
        pool: Any = None,
        check: bool = True,
        import_fixes: bool = True,
        run_failing_code: bool = False,
        timeout: float = 60.0,
        memory: int = 2048,
        validators: Sequence[Validator] = (),
        plugin_validators: bool = True,
        searcher: Searcher | None = None,
        trajectory_path: str | Path | None = None,
        retrieve: bool = True,
        repair_on: Sequence[str] = ("reply", "check", "run", "validate"),
        on_progress: ProgressCallback | None = None,
        unsafe: bool = False,
    ) -> None:
        if max_attempts < 1 or k < 1 or n < 1 or samples < 1 or agree < 1:
            raise SciagentError(
                "max_attempts, k, n, samples and agree must be at least 1",
                fix="pass positive counts, e.g. samples=4, agree=2",
            )
        if strategy not in STRATEGIES:
            raise SciagentError(
                f"unknown strategy {strategy!r}", fix="use 'select', 'repair' or 'best-of-n'"
            )
        self.model = self._resolve(model)
        self.plugins = list(plugins) if plugins else None
        self.max_attempts = max_attempts
        self.k = k
        self.strategy = strategy
        self.n = n
        #: selection: at most this many independent programs, ``agree`` of which
        #: must reach one answer for it to be ok, within ``budget_s`` seconds
        self.samples = samples
        self.agree = agree
        self.budget_s = budget_s
        #: the sandbox pool programs run in (default: the shared warm pool);
        #: with two or more workers, candidates of one round run in parallel
        self.pool = pool
        self.check = check
        #: with ``check``: add a conventional import the program forgot (``u``,
        #: ``Chem``) before judging it, instead of spending a repair round on it
        self.import_fixes = import_fixes
        self.run_failing_code = run_failing_code
        self.timeout = timeout
        self.memory = memory
        #: the caller's validators; the built-in ones (the request's data is used
        #: verbatim) and the plugins' ones are added on first use unless
        #: ``plugin_validators`` is False
        self.validators = list(validators)
        self.plugin_validators = plugin_validators
        self._searcher = searcher
        self.trajectory_path = Path(trajectory_path) if trajectory_path else None
        #: False: the bare model, no signature cards (the benchmark's baseline)
        self.retrieve = retrieve
        #: which failures earn a repair round: a reply without code, static-check
        #: findings, a failed run, a rejected answer
        self.repair_on = frozenset(repair_on)
        #: called with a :class:`Progress` at each stage of each attempt (and while
        #: the model writes, with its token count); the CLI and the magics show it
        self.on_progress = on_progress
        #: where no isolation tier works (macOS, Windows, a locked-down container):
        #: run generated programs anyway, in a separate process with rlimits and a
        #: cleared environment but no confinement; every run says tier D.  The
        #: checker's live probe never runs unconfined: it is skipped instead.
        self.unsafe = unsafe

    # ------------------------------------------------------------------ setup
    @staticmethod
    def _resolve(model: BaseChatModel | str | None) -> BaseChatModel:
        if isinstance(model, BaseChatModel):
            return model
        from ..llm import resolve_chat_model

        return resolve_chat_model(model)

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            from ..defaults import default_searcher

            self._searcher = default_searcher()
        return self._searcher

    @property
    def model_name(self) -> str:
        from ..llm import describe_model

        try:
            return describe_model(self.model)
        except Exception:  # a third-party model without the usual fields
            pass
        params = getattr(self.model, "_identifying_params", {}) or {}
        name = params.get("model_name") or params.get("model") or params.get("model_path")
        return str(name or type(self.model).__name__)

    # -------------------------------------------------------------------- run
    def run(
        self,
        request: str,
        inputs: Mapping[str, bytes | str | Path] | None = None,
        *,
        expect: Expect | None = None,
        domain: str | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> AgentResult:
        """Solve ``request``; never raises for the model's or the program's failures.

        ``on_progress`` reports this run's progress instead of the agent's own
        callback (a server sharing one agent between requests reports each to
        its own client).
        """
        started = time.perf_counter()
        report = Reporter(on_progress or self.on_progress)
        report("retrieving")
        parsed = parse_request(request)
        hits = self._retrieve(request, domain)
        # files written out in the request become input files; the caller's win on a clash
        files: dict[str, Any] = {**parsed.files, **dict(inputs or {})}
        bound = prelude(parsed)
        messages: list[BaseMessage] = [
            SystemMessage(_prompt.SYSTEM),
            HumanMessage(self._user_prompt(request, hits, sorted(files), bound, parsed)),
        ]
        prompt_tokens = sum(_prompt.estimate_tokens(str(m.content)) for m in messages)
        task = _Task(request, domain, files, expect, [h.qualname for h in hits], prelude=bound)
        task.data_names = frozenset(d.name for d in parsed.data)
        task.report, task.started = report, started
        if self.strategy == "select":
            attempts = self._select(messages, task, started)
        elif self.strategy == "best-of-n":
            attempts = self._best_of_n(messages, task)
            winner = max(attempts, key=lambda a: a.reward)
            if not winner.ok and winner.reply != "" and self.max_attempts > 1:
                # repair from the best candidate
                history = [*messages, AIMessage(winner.reply), HumanMessage(winner.feedback)]
                task.candidate = winner.candidate
                attempts += self._chain(history, task, self.max_attempts - 1, len(attempts))
        else:
            attempts = self._chain(messages, task, self.max_attempts, 0)
        result = self._result(task, attempts, started, prompt_tokens)
        report("done", detail=result.status)
        if self.trajectory_path is not None:
            export_trajectory(result, self.trajectory_path)
        return result

    def _user_prompt(
        self,
        request: str,
        hits: list[Hit],
        files: list[str],
        bound: str,
        parsed: ParsedRequest,
    ) -> str:
        from ..llm import context_window

        window = context_window(self.model)
        budget = None if window is None else max(512, window - _prompt.REPLY_ROOM)
        form = parsed.form.describe() if parsed.form.kind != "any" else ""
        return _prompt.user_prompt(request, hits, files, prelude=bound, form=form, budget=budget)

    # ------------------------------------------------------------- strategies
    def _chain(
        self, messages: list[BaseMessage], task: _Task, rounds: int, first_index: int
    ) -> list[Attempt]:
        """One program, repaired from its feedback until it is accepted or rounds run out."""
        history = list(messages)
        attempts: list[Attempt] = []
        model = None if task.candidate == 0 else _sampling(self.model, task.candidate)
        for _ in range(rounds):
            if attempts and self._over_budget(task.started):
                break  # the budget bounds repairs too, not only new samples
            # at temperature 0 a model tends to answer feedback with the very same
            # program: after a repeat, sample instead of decoding greedily
            if _repeated(attempts):
                model = _sampling(self.model, first_index + len(attempts))
            attempt = self._attempt(first_index + len(attempts), history, task, model)
            _note_repeats(attempt, attempts)
            attempts.append(attempt)
            if attempt.ok or attempt.reply == "" or _stage(attempt) not in self.repair_on:
                break
            history += [AIMessage(attempt.reply), HumanMessage(attempt.feedback)]
        return attempts

    def _select(self, messages: list[BaseMessage], task: _Task, started: float) -> list[Attempt]:
        """Selection by execution: independent programs until enough of them agree.

        The first program is greedy and repaired as in the ``repair`` strategy;
        further ones are sampled from the same prompt (so a local model reuses
        its cached prompt) and judged as they come, a round's programs in
        parallel.  A round asks for as many programs as agreement still needs;
        its failed programs then get one repair round each (see
        :meth:`_repair_round`) before agreement is counted.
        """
        attempts = self._chain(messages, task, self.max_attempts, 0)
        drawn = 1
        while drawn < self.samples and not self._over_budget(started):
            decision = self._decision(attempts, drawn)
            if decision.settled:
                break
            have = decision.chosen.count if decision.chosen else 0
            batch = min(max(1, self.agree - have), self.samples - drawn)
            jobs = [(messages, drawn + j) for j in range(batch)]
            sampled = self._judged(jobs, task, len(attempts))
            attempts += sampled
            if self.max_attempts > 1 and not self._over_budget(started):
                attempts += self._repair_round(messages, task, sampled, len(attempts))
            drawn += batch
        return attempts

    def _repair_round(
        self, messages: list[BaseMessage], task: _Task, sampled: list[Attempt], first_index: int
    ) -> list[Attempt]:
        """One repair for each sampled program that failed where feedback can help.

        A sampled program that printed the answer in another form, or called a
        name the checker knows is wrong, is usually one edit from right; a
        fresh sample from the same prompt would meet the same trap without
        the feedback.  The repair stays the same candidate: it can agree with
        others, never with itself.
        """
        jobs = [
            ([*messages, AIMessage(a.reply), HumanMessage(a.feedback)], a.candidate)
            for a in sampled
            if not a.ok and a.reply != "" and _stage(a) in self.repair_on
        ]
        return self._judged(jobs, task, first_index) if jobs else []

    def _judged(
        self, jobs: list[tuple[list[BaseMessage], int]], task: _Task, first_index: int
    ) -> list[Attempt]:
        """Sampled programs for (history, candidate) jobs, each judged while the next is written."""
        with ThreadPoolExecutor(len(jobs), thread_name_prefix="sciagent-judge") as judges:
            futures = []
            for j, (history, candidate) in enumerate(jobs):
                if j and self._over_budget(task.started):
                    break  # programs already written are still judged
                model = _sampling(self.model, candidate)
                reply = self._reply(first_index + j, history, task, model, candidate)
                futures.append(judges.submit(self._finish, reply, task))
            return [f.result() for f in futures]

    def _over_budget(self, started: float) -> bool:
        return self.budget_s is not None and time.perf_counter() - started > self.budget_s

    def _decision(self, attempts: list[Attempt], drawn: int) -> Decision:
        return decide(self._decision_groups(attempts), drawn, self.agree)

    def _retrieve(self, request: str, domain: str | None) -> list[Hit]:
        if not self.retrieve:
            return []
        hits = self.searcher.search(request, k=self.k, domain=domain, recipes=True)
        if self.plugins:
            hits = [h for h in hits if h.domain in self.plugins or h.library in self.plugins]
        return hits

    def _generate(
        self,
        messages: list[BaseMessage],
        model: BaseChatModel | None = None,
        tick: Callable[[int], None] | None = None,
    ) -> tuple[str, dict[str, int], str | None]:
        chosen = model or self.model
        reply = chosen.invoke(messages) if tick is None else _streamed(chosen, messages, tick)
        text = reply.content if isinstance(reply.content, str) else _flatten(reply.content)
        usage = getattr(reply, "usage_metadata", None) or {}
        tokens = {k: int(v) for k, v in dict(usage).items() if isinstance(v, int)}
        finish = (getattr(reply, "response_metadata", None) or {}).get("finish_reason")
        return text, tokens, finish

    def _attempt(
        self,
        index: int,
        messages: list[BaseMessage],
        task: _Task,
        model: BaseChatModel | None = None,
    ) -> Attempt:
        return self._finish(self._reply(index, messages, task, model), task)

    def _reply(
        self,
        index: int,
        messages: list[BaseMessage],
        task: _Task,
        model: BaseChatModel | None = None,
        candidate: int | None = None,
    ) -> _Reply:
        """Ask the model; the attempt is judged later (see :meth:`_finish`)."""
        t0 = time.perf_counter()
        candidate = task.candidate if candidate is None else candidate

        def tick(tokens: int) -> None:
            task.report("writing", candidate=candidate, attempt=index, tokens=tokens)

        tick(0)
        try:
            reply, tokens, finish = self._generate(
                messages, model, tick if task.report.active else None
            )
        except Exception as exc:  # the model is a remote service or a native library
            failed = Attempt(
                index=index,
                reply="",
                code=None,
                feedback=f"the model failed: {type(exc).__name__}: {exc}",
                candidate=candidate,
            )
            return _Reply(failed, None, t0)
        attempt = Attempt(index=index, reply=reply, code=extract_code(reply), tokens=tokens)
        attempt.candidate = candidate
        attempt.retrieved = list(task.shown)
        return _Reply(attempt, finish, t0)

    def _finish(self, reply: _Reply, task: _Task) -> Attempt:
        """Judge a reply (check, run, validate) and time the whole attempt."""
        attempt = reply.attempt
        if attempt.reply != "":
            self._judge(attempt, task)
            if attempt.fixes and not attempt.ok:
                fixes = "\n".join(f"- {f}" for f in attempt.fixes)
                attempt.feedback = f"{FIXED_NOTE}\n{fixes}\n\n{attempt.feedback}"
            if reply.finish in CUT_OFF and not attempt.ok:
                attempt.feedback = f"{CUT_OFF[reply.finish]}\n\n{attempt.feedback}"
        attempt.seconds = round(time.perf_counter() - reply.started, 3)
        return attempt

    def _judge(self, attempt: Attempt, task: _Task) -> None:
        """Static check, sandboxed run, validation; fills reward and feedback."""
        if attempt.code is None:
            attempt.feedback = _prompt.repair_prompt(
                "Your reply contained no Python program.",
                "Write the whole program, not an explanation.",
            )
            return
        if self.check:
            if self.import_fixes:
                fixed = fix_imports(attempt.code, self.import_conventions, task.data_names)
                attempt.code, attempt.fixes = fixed.code, fixed.fixes
            task.report("checking", candidate=attempt.candidate, attempt=attempt.index)
            attempt.findings = self._check(attempt.code, task)
            # only a proven problem stops the program; a warning runs and is reported
            errors = [f for f in attempt.findings if f.is_error]
            if errors and not self.run_failing_code:
                names = [f.name for f in errors if f.name]
                extra = self._more_cards(
                    " ".join(n.rsplit(".", 1)[-1] for n in names) + " " + task.request,
                    task.shown,
                    task.domain,
                )
                details = "\n".join(f"line {f}" for f in attempt.findings)
                attempt.feedback = _prompt.repair_prompt(
                    "Checked against the installed libraries, the program has these problems:",
                    details,
                    extra,
                )
                return
        task.report("running", candidate=attempt.candidate, attempt=attempt.index)
        run = self._run_program(_bound(task.prelude, attempt.code), task)
        attempt.run = run
        attempt.reward = 0.25
        if not run.ok:
            err = run.error
            kind = err.type if err else "error"
            details = (err.traceback or f"{kind}: {err.message}") if err else run.stderr[-2000:]
            more: list[Hit] = []
            if err is not None and err.type in NAME_ERRORS:
                more = self._more_cards(f"{err.message} {task.request}", task.shown, task.domain)
            summary = f"{kind}: {err.message}" if err else details[-300:]
            imports = imported_packages(attempt.code)
            found = hints_for(f"{summary}\n{details[-600:]}", imports, self.hints)
            notes = [f"Hint: {h}" for h in found] + _check_warnings(attempt.findings)
            attempt.feedback = _prompt.repair_prompt(
                f"The program failed with {kind}:",
                "\n\n".join([details[-2500:], *notes]),
                more,
            )
            return
        attempt.reward = 0.5
        task.report("validating", candidate=attempt.candidate, attempt=attempt.index)
        attempt.validation, warnings = self._validate(run, task, attempt.code)
        attempt.warnings = _check_warnings(attempt.findings) + warnings
        if attempt.validation:
            attempt.feedback = _prompt.repair_prompt(
                "The program ran, but its answer is not acceptable:",
                "\n".join(f"- {m}" for m in attempt.validation)
                + f"\nIt printed:\n{run.stdout[-1500:]}",
            )
            return
        attempt.ok, attempt.reward = True, 1.0
        attempt.answer = _answer_of(run.stdout, run.value, run.has_value)

    def _run_program(self, program: str, task: _Task) -> RunResult:
        files = task.files or None
        if self.pool is not None:
            run: RunResult = self.pool.run(
                program, timeout=self.timeout, memory=self.memory, files=files
            )
            return run
        from ..plugin import installed_preload
        from ..sandbox import run_code

        return run_code(
            program,
            timeout=self.timeout,
            memory=self.memory,
            files=files,
            unsafe=self.unsafe,
            preload=installed_preload(),
        )

    def _check(self, code: str, task: _Task) -> list[Finding]:
        from ..check import check_program

        try:
            checked = check_program(code, searcher=self.searcher)
        except Exception as exc:  # the checker must never stop a run; say so and go on
            log.warning("static check failed: %s", exc)
            return []
        task.apis[code] = checked.apis
        return checked.findings

    def _validate(self, run: RunResult, task: _Task, code: str) -> tuple[list[str], list[str]]:
        """Errors (which fail the answer) and warnings (which are only reported)."""
        errors: list[str] = []
        if not run.stdout.strip() and not run.has_value:
            errors.append("the program printed nothing; print the final answer")
        if task.expect is not None:
            errors += task.expect.check(run.value, run.has_value)
        output = ProgramOutput.from_run(run, task.request, code)
        verdict = run_validators(output, self.active_validators)
        errors += [i.message for i in verdict.errors]
        return errors, [i.message for i in verdict.warnings]

    @cached_property
    def active_validators(self) -> list[Validator]:
        """The caller's validators, the built-in ones, then those of this agent's plugins."""
        found: list[Validator] = list(self.validators)
        if self.plugin_validators:
            found += BUILTIN_VALIDATORS
            for plugin in self._own_plugins():
                found += plugin.validators
        return found

    @cached_property
    def normalisers(self) -> list[Normaliser]:
        """How this agent's plugins make two answers comparable (SMILES, sequences, ...)."""
        return [n for plugin in self._own_plugins() for n in plugin.normalisers]

    @cached_property
    def import_conventions(self) -> dict[str, str]:
        """Names with one conventional meaning: Python's, then the plugins' (the first wins)."""
        found = dict(PYTHON_IMPORTS)
        for plugin in self._own_plugins():
            for name, target in plugin.imports.items():
                found.setdefault(name, target)
        return found

    @cached_property
    def hints(self) -> list[Hint]:
        """Run-error hints: Python's own, then those of this agent's plugins."""
        return plugin_hints(self._own_plugins())

    def _own_plugins(self) -> list[Plugin]:
        """The searcher's plugins this agent works with (those it already retrieves from)."""
        return [
            p
            for p in self.searcher.plugins.plugins
            if self.plugins is None or p.name in self.plugins or p.domain in self.plugins
        ]

    def _more_cards(self, query: str, shown: list[str], domain: str | None) -> list[Hit]:
        """Re-retrieve from the miss: the cards the model did not see yet."""
        try:
            hits = self.searcher.search(query[:1500], k=self.k + len(shown), domain=domain)
        except SciagentError:
            return []
        new = [h for h in hits if h.qualname not in shown][:4]
        shown.extend(h.qualname for h in new)
        return new

    def _best_of_n(self, messages: list[BaseMessage], task: _Task) -> list[Attempt]:
        """n candidates (the first greedy, the rest sampled), each fully judged."""
        attempts = []
        for index in range(self.n):
            model = self.model if index == 0 else _sampling(self.model, index)
            task.candidate = index
            attempt = self._attempt(index, messages, task, model)
            attempts.append(attempt)
            if attempt.ok:
                break
        return attempts

    # ----------------------------------------------------------------- result
    def _result(
        self, task: _Task, attempts: list[Attempt], started: float, prompt_tokens: int
    ) -> AgentResult:
        drawn = len({a.candidate for a in attempts}) or 1
        groups = self._decision_groups(attempts)
        decision = decide(groups, drawn, self.agree)
        if self.strategy != "select" and decision.chosen is not None:
            decision = _uncorroborated(decision, self.strategy)
        chosen = self._chosen_attempt(attempts, decision)
        best = chosen or max(attempts, key=lambda a: a.reward, default=None)
        run = best.run if best else None
        stdout = run.stdout if run is not None else ""
        value = run.value if run is not None else None
        tokens: dict[str, int] = {}
        for a in attempts:
            for key, count in a.tokens.items():
                tokens[key] = tokens.get(key, 0) + count
        code = _bound(task.prelude, best.code) if best and best.code is not None else None
        if decision.status == "failed":
            error: str | None = _failure(attempts)
        elif decision.status == "unsure":
            error = f"unsure: {decision.reason}"
        else:
            error = None
        return AgentResult(
            ok=decision.status == "ok",
            request=task.request,
            code=code,
            stdout=stdout,
            value=value,
            answer=_answer_of(stdout, value, run is not None and run.has_value),
            attempts=attempts,
            apis_used=self._apis_used(task, best.code if best else None),
            model=self.model_name,
            strategy=self.strategy,
            seconds=round(time.perf_counter() - started, 3),
            tokens=tokens,
            error=error,
            prompt_tokens_estimate=prompt_tokens,
            status=decision.status,
            confidence=decision.confidence,
            reason=decision.reason,
            candidates=_candidates(attempts, groups, decision, task.prelude),
        )

    def _decision_groups(self, attempts: list[Attempt]) -> list[Group]:
        accepted = [(a.candidate, a.answer) for a in attempts if a.ok and a.answer is not None]
        return group_answers(accepted, self.normalisers)

    @staticmethod
    def _chosen_attempt(attempts: list[Attempt], decision: Decision) -> Attempt | None:
        """The accepted attempt of the chosen answer's first program."""
        if decision.chosen is None:
            return None
        first = decision.chosen.members[0]
        return next(a for a in attempts if a.ok and a.candidate == first)

    def _apis_used(self, task: _Task, code: str | None) -> list[ApiUse]:
        """The indexed APIs ``code`` names through its imports, as the checker resolved them
        (when it checked this program; else resolved now, without checking)."""
        if not code:
            return []
        records = task.apis.get(code)
        if records is None:
            from ..check import apis_of

            try:
                records = apis_of(code, searcher=self.searcher)
            except Exception as exc:  # like the check: never stop a run over it
                log.warning("resolving the APIs used failed: %s", exc)
                records = []
        return [ApiUse(r.qualname, r.library, r.version) for r in records]


def _repeated(attempts: list[Attempt]) -> bool:
    """The last program was identical to an earlier one."""
    if len(attempts) < 2 or attempts[-1].code is None:
        return False
    return any(a.code == attempts[-1].code for a in attempts[:-1])


def _stage(attempt: Attempt) -> str:
    """Where an attempt failed: reply, check, run or validate."""
    if attempt.code is None:
        return "reply"
    if attempt.run is None:
        return "check"
    if not attempt.run.ok:
        return "run"
    return "validate"


def _bound(prelude: str, code: str) -> str:
    """The program as run: the request's data first, without the model's copy of it.

    Models often start their program by copying the prelude from the prompt;
    run as is, the data would be bound twice and shown twice.
    """
    if not prelude:
        return code
    given = {line for line in prelude.splitlines() if line.strip()}
    lines = code.splitlines(keepends=True)
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].rstrip("\n") in given):
        start += 1
    return prelude + "".join(lines[start:])


def _streamed(
    model: BaseChatModel, messages: list[BaseMessage], tick: Callable[[int], None]
) -> BaseMessage:
    """The model's reply, streamed so ``tick`` sees how many tokens it has written so far.

    A chunk is about one token for a local model; the chunks add up to the same
    message (content, usage, finish reason) as one ``invoke`` would return.
    """
    merged: BaseMessageChunk | None = None
    for n, chunk in enumerate(model.stream(messages), 1):
        merged = chunk if merged is None else merged + chunk
        if n % 16 == 0:
            tick(n)
    if merged is None:
        raise ValueError("the model's stream ended without a reply")
    return merged


def _flatten(content: list[Any]) -> str:
    return "".join(c if isinstance(c, str) else str(c.get("text", "")) for c in content)


def _sampling(model: BaseChatModel, seed: int) -> BaseChatModel:
    """A copy that samples (temperature 0.7), with its own seed where the model takes one.

    Without a seed of its own, a local model re-seeds identically on every
    call and "independent" samples come out the same.
    """
    fields = type(model).model_fields
    update: dict[str, Any] = {}
    if "temperature" in fields:
        update["temperature"] = 0.7
    if "seed" in fields:
        update["seed"] = 1000 + seed
    return model.model_copy(update=update) if update else model


def _candidates(
    attempts: list[Attempt], groups: list[Group], decision: Decision, prelude: str
) -> list[Candidate]:
    """Each distinct accepted answer with one program that gave it (the first)."""
    out = []
    for group in groups:
        program = next(a for a in attempts if a.ok and a.candidate == group.members[0])
        out.append(
            Candidate(
                answer=group.answer,
                count=group.count,
                code=_bound(prelude, program.code or ""),
                programs=list(group.members),
                chosen=decision.chosen is not None and group.key == decision.chosen.key,
            )
        )
    return out


def _uncorroborated(decision: Decision, strategy: str) -> Decision:
    """``repair`` and ``best-of-n`` trust one validated program: ok, and they say so."""
    assert decision.chosen is not None
    reason = (
        f"validated, but not compared with a second program (strategy {strategy!r}; "
        "strategy 'select' asks for agreeing programs)"
    )
    return Decision("ok", min(decision.confidence, 0.5), decision.chosen, reason)


def _note_repeats(attempt: Attempt, before: list[Attempt]) -> None:
    """Tell the model when it sent the same program, or hit the same error, again."""
    if attempt.ok:
        return
    if attempt.code is not None and any(attempt.code == a.code for a in before):
        attempt.feedback = (
            "You sent the same program as before; it fails the same way. "
            "Take a different approach.\n\n" + attempt.feedback
        )
    error = _run_error(attempt)
    if error and before and error == _run_error(before[-1]):
        note = (
            "This is the same error as in your previous attempt: that change did not "
            "fix it. Take another approach (another API from the cards)."
        )
        attempt.feedback = attempt.feedback.replace(
            _prompt.REPAIR_TAIL, f"{note}\n\n{_prompt.REPAIR_TAIL}"
        )


def _run_error(attempt: Attempt) -> str | None:
    run = attempt.run
    if run is None or run.ok or run.error is None:
        return None
    return f"{run.error.type}: {run.error.message}"


def _answer_of(stdout: str, value: Any, has_value: bool) -> str | None:
    """The answer a program gives: its last printed line, else its ``result``."""
    answer = last_line(stdout)
    if answer is None and has_value:
        answer = json.dumps(value, default=str)
    return answer


def _check_warnings(findings: list[Finding]) -> list[str]:
    """The checker's warnings, as lines an attempt reports: shown, never failing it."""
    return [f"line {f}" for f in findings if not f.is_error]


def _failure(attempts: list[Attempt]) -> str:
    if not attempts:
        return "no attempt was made"
    last = attempts[-1]
    if last.reply == "":
        return last.feedback
    if last.code is None:
        return f"attempt {last.index + 1}: the model's reply contained no program"
    errors = [f for f in last.findings if f.is_error]
    if errors and last.run is None:
        return f"attempts used up; the last program still calls APIs that do not exist ({errors[0].message})"
    if last.run is not None and not last.run.ok:
        err = last.run.error
        kind, message = (err.type, err.message) if err is not None else ("an error", "")
        return f"attempts used up; the last program failed with {kind}: {message}"
    return "attempts used up; the last answer failed validation: " + "; ".join(last.validation)


def export_trajectory(result: AgentResult, path: str | Path) -> None:
    """Append one JSON line per attempt: prompt context, code, feedback, reward.

    Rewards come from validation (1 valid, 0.5 ran but rejected, 0.25 passed the
    static check but failed, 0 otherwise): ready for fine-tuning or analysis.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as fh:
        for attempt in result.attempts:
            line = {
                "request": result.request,
                "model": result.model,
                "strategy": result.strategy,
                "final_ok": result.ok,
                **asdict(attempt),
            }
            fh.write(json.dumps(line, default=str) + "\n")


def run(request: str, **kwargs: Any) -> AgentResult:
    """One-off: ``sciagent.run("...")`` with an ``Agent(**kwargs)``."""
    inputs = kwargs.pop("inputs", None)
    expect = kwargs.pop("expect", None)
    domain = kwargs.pop("domain", None)
    return Agent(**kwargs).run(request, inputs, expect=expect, domain=domain)
