"""The agent: retrieve, write, check, run, validate, repair.

The model acts by writing a program; everything after that is faithful,
automatic feedback: the static checker names invented APIs with the nearest
real ones, the sandbox returns the error trimmed to the program's lines,
validators and the caller's expectations judge the output.  Each failure
becomes the next user message, with freshly retrieved cards when the miss was
a name (``AttributeError``, ``ImportError``, ``NameError``, or a finding).
"""

from __future__ import annotations

import ast
import json
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from ..errors import SciagentError
from ..plugin import Plugin
from ..records import Hit
from ..retrieval import Searcher
from ..validation import (
    BUILTIN_VALIDATORS,
    ProgramOutput,
    Validator,
    imported_packages,
    run_validators,
)
from . import _prompt
from ._code import extract_code, last_line
from ._expect import Expect
from ._hints import Hint, hints_for, plugin_hints
from ._result import AgentResult, ApiUse, Attempt

log = logging.getLogger(__name__)

Strategy = Literal["repair", "best-of-n"]
#: a reply the model did not finish, and what to tell it
CUT_OFF = {
    "repetition": "Your reply was cut off because it kept repeating the same lines. "
    "Write a short, complete program; import each name once.",
    "length": "Your reply was cut off at the length limit. Write a shorter, complete program.",
}
NAME_ERRORS = {"AttributeError", "ImportError", "ModuleNotFoundError", "NameError"}


@dataclass
class _Task:
    """What every attempt at one request shares."""

    request: str
    domain: str | None
    files: dict[str, Any]
    expect: Expect | None
    shown: list[str]  # qualnames already on cards, so re-retrieval brings new ones
    last_error: str = ""  # the previous attempt's run error, to notice a repeat


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
        strategy: Strategy = "repair",
        n: int = 3,
        check: bool = True,
        run_failing_code: bool = False,
        timeout: float = 60.0,
        memory: int = 2048,
        validators: Sequence[Validator] = (),
        plugin_validators: bool = True,
        searcher: Searcher | None = None,
        trajectory_path: str | Path | None = None,
        retrieve: bool = True,
        repair_on: Sequence[str] = ("reply", "check", "run", "validate"),
    ) -> None:
        if max_attempts < 1 or k < 1 or n < 1:
            raise SciagentError("max_attempts, k and n must be at least 1")
        if strategy not in ("repair", "best-of-n"):
            raise SciagentError(f"unknown strategy {strategy!r}", fix="use 'repair' or 'best-of-n'")
        self.model = self._resolve(model)
        self.plugins = list(plugins) if plugins else None
        self.max_attempts = max_attempts
        self.k = k
        self.strategy = strategy
        self.n = n
        self.check = check
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
            from ..api import default_searcher

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
    ) -> AgentResult:
        """Solve ``request``; never raises for the model's or the program's failures."""
        started = time.perf_counter()
        hits = self._retrieve(request, domain)
        files = dict(inputs or {})
        messages: list[BaseMessage] = [
            SystemMessage(_prompt.SYSTEM),
            HumanMessage(_prompt.user_prompt(request, hits, sorted(files))),
        ]
        prompt_tokens = sum(_prompt.estimate_tokens(str(m.content)) for m in messages)
        task = _Task(request, domain, files, expect, [h.qualname for h in hits])
        attempts: list[Attempt] = []
        rounds = self.max_attempts
        if self.strategy == "best-of-n":
            attempts = self._best_of_n(messages, task)
            winner = max(attempts, key=lambda a: a.reward)
            rounds = 0 if winner.ok or winner.reply == "" else self.max_attempts - 1
            if rounds:  # repair from the best candidate
                messages += [AIMessage(winner.reply), HumanMessage(winner.feedback)]
        for _ in range(rounds):
            # at temperature 0 a model tends to answer feedback with the very same
            # program: after a repeat, sample instead of decoding greedily
            model = _sampling(self.model) if _repeated(attempts) else None
            attempt = self._attempt(len(attempts), messages, task, model)
            if attempt.code is not None and any(attempt.code == a.code for a in attempts):
                attempt.feedback = (
                    "You sent the same program as before; it fails the same way. "
                    "Take a different approach.\n\n" + attempt.feedback
                )
            attempts.append(attempt)
            if attempt.ok or attempt.reply == "" or _stage(attempt) not in self.repair_on:
                break
            messages += [AIMessage(attempt.reply), HumanMessage(attempt.feedback)]
        result = self._result(request, attempts, started, prompt_tokens)
        if self.trajectory_path is not None:
            export_trajectory(result, self.trajectory_path)
        return result

    def _retrieve(self, request: str, domain: str | None) -> list[Hit]:
        if not self.retrieve:
            return []
        hits = self.searcher.search(request, k=self.k, domain=domain, recipes=True)
        if self.plugins:
            hits = [h for h in hits if h.domain in self.plugins or h.library in self.plugins]
        return hits

    def _generate(
        self, messages: list[BaseMessage], model: BaseChatModel | None = None
    ) -> tuple[str, dict[str, int], str | None]:
        reply = (model or self.model).invoke(messages)
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
        t0 = time.perf_counter()
        try:
            reply, tokens, finish = self._generate(messages, model)
        except Exception as exc:  # the model is a remote service or a native library
            return Attempt(
                index=index,
                reply="",
                code=None,
                feedback=f"the model failed: {type(exc).__name__}: {exc}",
                seconds=time.perf_counter() - t0,
            )
        attempt = Attempt(index=index, reply=reply, code=extract_code(reply), tokens=tokens)
        attempt.retrieved = list(task.shown)
        self._judge(attempt, task)
        if finish in CUT_OFF and not attempt.ok:
            attempt.feedback = f"{CUT_OFF[finish]}\n\n{attempt.feedback}"
        attempt.seconds = round(time.perf_counter() - t0, 3)
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
            attempt.findings = self._check(attempt.code)
            if attempt.findings and not self.run_failing_code:
                names = [f["name"] for f in attempt.findings if f.get("name")]
                extra = self._more_cards(
                    " ".join(n.rsplit(".", 1)[-1] for n in names) + " " + task.request,
                    task.shown,
                    task.domain,
                )
                details = "\n".join(
                    f"line {f.get('line')}: {f['message']}" for f in attempt.findings
                )
                attempt.feedback = _prompt.repair_prompt(
                    "Checked against the installed libraries, the program has these problems:",
                    details,
                    extra,
                )
                return
        from ..sandbox import run_code

        run = run_code(
            attempt.code, timeout=self.timeout, memory=self.memory, files=task.files or None
        )
        attempt.run = run.to_dict()
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
            notes = [f"Hint: {h}" for h in found]
            if summary == task.last_error:
                notes.append(
                    "This is the same error as in your previous attempt: that change did not "
                    "fix it. Take another approach (another API from the cards)."
                )
            task.last_error = summary
            attempt.feedback = _prompt.repair_prompt(
                f"The program failed with {kind}:",
                "\n\n".join([details[-2500:], *notes]),
                more,
            )
            return
        attempt.reward = 0.5
        attempt.validation, attempt.warnings = self._validate(run, task, attempt.code)
        if attempt.validation:
            attempt.feedback = _prompt.repair_prompt(
                "The program ran, but its answer is not acceptable:",
                "\n".join(f"- {m}" for m in attempt.validation)
                + f"\nIt printed:\n{run.stdout[-1500:]}",
            )
            return
        attempt.ok, attempt.reward = True, 1.0

    def _check(self, code: str) -> list[dict[str, Any]]:
        from ..check import check_code

        try:
            return [f.to_dict() for f in check_code(code, searcher=self.searcher)]
        except Exception as exc:  # the checker must never stop a run; say so and go on
            log.warning("static check failed: %s", exc)
            return []

    def _validate(self, run: Any, task: _Task, code: str) -> tuple[list[str], list[str]]:
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
            model = self.model if index == 0 else _sampling(self.model)
            attempt = self._attempt(index, messages, task, model)
            attempts.append(attempt)
            if attempt.ok:
                break
        return attempts

    # ----------------------------------------------------------------- result
    def _result(
        self, request: str, attempts: list[Attempt], started: float, prompt_tokens: int
    ) -> AgentResult:
        final = next((a for a in reversed(attempts) if a.ok), None)
        best = final or max(attempts, key=lambda a: a.reward, default=None)
        run = (best.run or {}) if best else {}
        stdout = str(run.get("stdout", ""))
        value = run.get("value")
        answer = last_line(stdout)
        if answer is None and run.get("has_value"):
            answer = json.dumps(value, default=str)
        tokens: dict[str, int] = {}
        for a in attempts:
            for key, count in a.tokens.items():
                tokens[key] = tokens.get(key, 0) + count
        return AgentResult(
            ok=final is not None,
            request=request,
            code=best.code if best else None,
            stdout=stdout,
            value=value,
            answer=answer,
            attempts=attempts,
            apis_used=self._apis_used(best.code if best else None),
            model=self.model_name,
            strategy=self.strategy,
            seconds=round(time.perf_counter() - started, 3),
            tokens=tokens,
            error=None if final else _failure(attempts),
            prompt_tokens_estimate=prompt_tokens,
        )

    def _apis_used(self, code: str | None) -> list[ApiUse]:
        if not code:
            return []
        seen: dict[str, ApiUse] = {}
        for dotted in _dotted_names(code):
            parts = dotted.split(".")
            for end in range(len(parts), 1, -1):
                rec = self.searcher.lookup(".".join(parts[:end]))
                if rec is not None and rec.kind != "module":
                    seen.setdefault(rec.qualname, ApiUse(rec.qualname, rec.library, rec.version))
                    break
        return list(seen.values())


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
    if not attempt.run.get("ok"):
        return "run"
    return "validate"


def _flatten(content: list[Any]) -> str:
    return "".join(c if isinstance(c, str) else str(c.get("text", "")) for c in content)


def _sampling(model: BaseChatModel) -> BaseChatModel:
    """A copy that samples (temperature 0.7) when the model has that setting."""
    if "temperature" in type(model).model_fields:
        return model.model_copy(update={"temperature": 0.7})
    return model


def _failure(attempts: list[Attempt]) -> str:
    if not attempts:
        return "no attempt was made"
    last = attempts[-1]
    if last.reply == "":
        return last.feedback
    if last.code is None:
        return f"attempt {last.index + 1}: the model's reply contained no program"
    if last.findings and last.run is None:
        return f"attempts used up; the last program still calls APIs that do not exist ({last.findings[0]['message']})"
    if last.run is not None and not last.run.get("ok"):
        err = last.run.get("error") or {}
        return f"attempts used up; the last program failed with {err.get('type', 'an error')}: {err.get('message', '')}"
    return "attempts used up; the last answer failed validation: " + "; ".join(last.validation)


def _dotted_names(code: str) -> list[str]:
    """Dotted names the program reaches from its imports (``Chem.MolFromSmiles`` -> full path)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name.split(".")[0]] = (
                    a.name if a.asname else a.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute | ast.Name) and not isinstance(
            getattr(node, "ctx", None), ast.Store
        ):
            chain = _chain(node)
            if chain and chain[0] in aliases:
                found.append(".".join([aliases[chain[0]], *chain[1:]]))
    return sorted(set(found), key=len, reverse=True)


def _chain(node: ast.AST) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return None


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
