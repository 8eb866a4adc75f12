"""The MCP tools as plain typed functions over sciagent's Python API.

They live apart from the server so that they can be called, tested and timed
in process (``benchmarks/mcp.py`` compares them with the same calls over
stdio); :mod:`._server` only registers them and turns a
:class:`~sciagent.errors.SciagentError` into an MCP tool error.  Each tool
returns a pydantic model: the SDK publishes its JSON schema as the tool's
output schema and validates every result against it.

Everything a client sends is hostile until checked: text arguments are
refused when empty, too long or binary, and every refusal names its fix.
Programs run only in the sandbox (the shared warm pool, as the agent and the
checker's live probe use it), never in this process.
"""

from __future__ import annotations

import base64
import difflib
import json
import logging
import os
import re
import threading
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from ..errors import SciagentError
from ..render.cards.agent import final_files
from ._models import (
    ApiCard,
    ApiHit,
    ApiUsed,
    Candidate,
    CheckFinding,
    CheckResult,
    Libraries,
    LibraryStatus,
    OutputFile,
    Overload,
    Parameter,
    PluginStatus,
    ProgramError,
    RunOutput,
    SearchResult,
    Solution,
)

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from ..agent import Agent, AgentResult, ProgressCallback
    from ..check import Finding
    from ..records import ApiRecord, Hit
    from ..retrieval import Searcher
    from ..sandbox import RunResult, SavedOutputs

log = logging.getLogger(__name__)

#: the most cards one search returns: more only floods the client's context
MAX_K = 20
#: the longest query, API name and request a tool accepts (characters)
MAX_QUERY_CHARS = 2000
MAX_NAME_CHARS = 300
MAX_REQUEST_CHARS = 20_000
#: the longest program ``check_code`` and ``run_code`` accept (characters)
MAX_CODE_CHARS = 1 << 20
#: ``run_code``'s timeout bounds, seconds: MCP clients rarely wait longer
MAX_TIMEOUT_S = 600.0
#: what a tool result carries back, characters: about 10k tokens of stdout is
#: the most a client model can use; more is refused with a fix (print less)
MAX_STDOUT_CHARS = 40_000
MAX_STDERR_CHARS = 10_000  # warnings: the tail is kept
MAX_VALUE_CHARS = 40_000
MAX_DOC_CHARS = 20_000
#: an output file whose text is at most this long comes back inline
MAX_INLINE_TEXT_CHARS = 20_000
#: the input files ``run_code`` accepts, in total (characters)
MAX_FILES_CHARS = 16 << 20
#: shown in a "did you mean"
MAX_SUGGESTIONS = 5

IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
#: C0 controls other than tab, newline, carriage return (and form feed, which
#: PEP 8 allows in source), DEL, and lone surrogates: no program or request
#: contains them, binary junk does
_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


class ToolInputError(SciagentError):
    """A tool argument sciagent cannot use: empty, too long, binary, out of range."""


class UnknownApiError(SciagentError):
    """No API of the indexed libraries has the name asked for."""


class RunLimitError(SciagentError):
    """The sandbox stopped a program at one of its limits (or could not run it), or the
    program printed more than a tool result carries."""


# ----------------------------------------------------------------------- validation


def _text(value: str, what: str, limit: int, example: str, *, strip: bool = True) -> str:
    """``value`` (stripped unless told not to), or a ToolInputError that says what was
    wrong and what to send."""
    if _BINARY.search(value):
        raise ToolInputError(
            f"the {what} contains control characters or invalid Unicode (binary data?)",
            fix=f"send plain UTF-8 text, e.g. {example}",
        )
    text = value.strip()
    if not text:
        raise ToolInputError(f"the {what} is empty", fix=f"send one, e.g. {example}")
    if len(text) > limit:
        raise ToolInputError(
            f"the {what} is {len(text):,} characters long (limit {limit:,})",
            fix=f"shorten the {what}",
        )
    return text if strip else value


def _program(code: str) -> str:
    """The program text, refused when empty, binary or too large to be a program.

    Kept as sent, blank lines included, so that the line numbers of findings
    and tracebacks are the client's.
    """
    return _text(
        code, "program", MAX_CODE_CHARS, "'from rdkit import Chem\\nprint(...)'", strip=False
    )


def _domain(domain: str | None) -> str | None:
    return (domain or "").strip() or None


def _trim(text: str, limit: int, *, tail: bool = False) -> tuple[str, bool]:
    """``text`` cut to about ``limit`` characters, saying where it was cut."""
    if len(text) <= limit:
        return text, False
    cut = len(text) - limit
    if tail:
        return f"[... {cut:,} characters cut ...]\n{text[-limit:]}", True
    return f"{text[:limit]}\n[... {cut:,} characters cut ...]", True


# --------------------------------------------------------------------- conversions


def _hit(hit: Hit) -> ApiHit:
    return ApiHit(
        qualname=hit.qualname,
        name=hit.path,
        kind=hit.kind,
        signature=hit.signature,
        overloads=list(hit.signatures) or [hit.signature],
        summary=hit.summary,
        library=hit.library,
        version=hit.version,
        domain=hit.domain,
        score=hit.score,
        deprecated=hit.deprecated,
        example=hit.example,
    )


def api_card(record: ApiRecord) -> ApiCard:
    """The whole index record of one API, as ``describe_api`` and the resource give it."""
    doc, cut = _trim(record.doc, MAX_DOC_CHARS)
    return ApiCard(
        qualname=record.qualname,
        name=record.preferred,  # the path every surface shows
        kind=record.kind,
        library=record.library,
        version=record.version,
        domain=record.domain,
        deprecated=record.deprecated,
        summary=record.summary,
        overloads=[
            Overload(
                signature=f"{record.name}{s.text}",
                parameters=[
                    Parameter(
                        name=p.name,
                        kind=p.kind,
                        annotation=p.annotation,
                        default=p.default if p.has_default else None,
                        required=not p.has_default
                        and p.kind not in ("VAR_POSITIONAL", "VAR_KEYWORD"),
                        description=p.description,
                    )
                    for p in s.params
                ],
                returns=s.returns,
                source=s.source,
            )
            for s in record.signatures
        ],
        doc=doc,
        doc_truncated=cut,
        examples=list(record.examples),
        aliases=list(record.aliases),
        resource=f"sciagent://api/{record.qualname}",
    )


def card_markdown(card: ApiCard) -> str:
    """An API card as Markdown: what a person (or a model) reads as a resource."""
    lines = [
        f"# {card.name}",
        "",
        f"{card.kind} in {card.library} {card.version}"
        + (f" ({card.domain})" if card.domain else "")
        + (" - DEPRECATED" if card.deprecated else ""),
        f"Home: `{card.qualname}`",
    ]
    if card.summary:
        lines += ["", card.summary]
    if card.overloads:
        lines += ["", "## Signatures", "", "```python", *(o.signature for o in card.overloads)]
        lines += ["```"]
    if card.doc:
        lines += ["", "## Documentation", "", card.doc.rstrip()]
    for i, example in enumerate(card.examples, 1):
        lines += ["", f"## Example {i}", "", "```python", example.rstrip(), "```"]
    if card.aliases:
        lines += ["", "## Also importable as", "", *(f"- `{a}`" for a in card.aliases)]
    return "\n".join(lines) + "\n"


def _finding(f: Finding) -> CheckFinding:
    return CheckFinding(
        line=f.line,
        col=f.col,
        kind=f.kind,
        severity=f.severity,
        name=f.name,
        message=f.message if f.is_error else f"warning: {f.message}",
        suggestion=f.suggestions[0] if f.suggestions else None,
        suggestions=list(f.suggestions),
    )


def _json_chars(value: Any) -> int:
    try:
        return len(json.dumps(value, ensure_ascii=False, default=str))
    except (TypeError, ValueError):
        return len(repr(value))


#: what to do about each limit the sandbox enforces
_LIMIT_FIXES = {
    "WallTimeLimitExceeded": "make the program cheaper (smaller input, fewer iterations, "
    "no endless loop), or pass a larger timeout (at most {max:g} s)",
    "CPUTimeLimitExceeded": "make the program cheaper (smaller input, fewer iterations, "
    "no endless loop), or pass a larger timeout (at most {max:g} s)",
    "OutputLimitExceeded": "print a summary (counts, the first rows) instead of everything, "
    "or write the data to a file",
    "MemoryError": "use less memory: smaller arrays, fewer copies, stream the data",
    "RecursionError": "replace the deep recursion with a loop",
    "DiskLimitExceeded": "write fewer or smaller files",
    "FileCountLimitExceeded": "write fewer files",
}


def _refuse_limits(result: RunResult) -> None:
    """A run the sandbox stopped (a limit) or could not do (the worker died) is a tool error."""
    err = result.error
    if err is None or err.kind not in ("limit", "sandbox"):
        return
    printed = result.stdout[:2000]
    seen = f" Its first output was:\n{printed}" if printed.strip() else ""
    if err.kind == "sandbox":
        raise RunLimitError(
            f"the sandbox could not finish the program: {err.message}.{seen}",
            fix="call run_code again: the worker has been replaced",
        )
    fix = _LIMIT_FIXES.get(err.type, "make the program cheaper").format(max=MAX_TIMEOUT_S)
    what = err.message.strip().rstrip(".")
    if not what and err.type == "MemoryError":  # Python's MemoryError says nothing
        what = f"the program needed more than its {result.limits.get('memory_mb', '?')} MB"
    where = f" (line {err.lineno})" if err.lineno else ""
    raise RunLimitError(
        f"the sandbox stopped the program: {err.type}{where}: {what or 'a limit was hit'}.{seen}",
        fix=fix,
    )


def _files(result: RunResult) -> tuple[list[OutputFile], list[tuple[str, str, str]]]:
    """The files a program wrote: small text ones inline, images apart (as content blocks)."""
    files: list[OutputFile] = []
    images: list[tuple[str, str, str]] = []
    for f in result.files:
        mime = IMAGE_TYPES.get(PurePosixPath(f.name).suffix.lower())
        entry = OutputFile(name=f.name, size=f.size, mime_type=mime)
        if f.content_b64 is not None:
            if mime is not None:
                images.append((f.name, mime, f.content_b64))
                entry.image = True
            elif f.size <= 4 * MAX_INLINE_TEXT_CHARS:
                data = base64.b64decode(f.content_b64)
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    text = None
                if text is not None and len(text) <= MAX_INLINE_TEXT_CHARS:
                    entry.text = text
                    entry.mime_type = "text/plain"
        files.append(entry)
    return files, images


def run_output(result: RunResult) -> RunOutput:
    """A sandbox result as ``run_code`` returns it: limits refused, output trimmed for a model."""
    _refuse_limits(result)
    if len(result.stdout) > MAX_STDOUT_CHARS or result.stdout_truncated:
        raise RunLimitError(
            f"the program printed {len(result.stdout):,}"
            + ("+" if result.stdout_truncated else "")
            + f" characters, more than the {MAX_STDOUT_CHARS:,} a tool result carries. "
            f"It began:\n{result.stdout[:2000]}",
            fix="print a summary (counts, the first rows, statistics) instead of everything, "
            "or write the data to a file (run_code lists the files with their sizes)",
        )
    stderr, stderr_cut = _trim(result.stderr, MAX_STDERR_CHARS, tail=True)
    value, value_cut = result.value, result.value_truncated
    if result.has_value and _json_chars(value) > MAX_VALUE_CHARS:
        value, _ = _trim(json.dumps(value, ensure_ascii=False, default=str), MAX_VALUE_CHARS)
        value_cut = True
    err = result.error
    files, images = _files(result)
    out = RunOutput(
        ok=result.ok,
        stdout=result.stdout,
        stderr=stderr,
        stdout_truncated=result.stdout_truncated,
        stderr_truncated=result.stderr_truncated or stderr_cut,
        value=value,
        has_value=result.has_value,
        value_truncated=value_cut,
        error=None
        if err is None
        else ProgramError(
            type=err.type,
            kind=err.kind,
            message=err.message,
            line=err.lineno,
            traceback=_trim(err.traceback, MAX_STDERR_CHARS, tail=True)[0],
        ),
        files=files,
        files_truncated=result.files_truncated,
        duration_s=result.duration_s,
        tier=result.tier,
        timeout_s=float(result.limits.get("timeout_s", 0.0)),
        memory_mb=int(result.limits.get("memory_mb", 0)),
    )
    out._images = images
    return out


def _mark_saved(entries: list[OutputFile], saved: SavedOutputs | None) -> str | None:
    """Fill each entry's ``saved_to``; the folder, when anything was saved."""
    if saved is None:
        return None
    for entry in entries:
        entry.saved_to = saved.path_of(entry.name)
    return saved.dir


def solution(result: AgentResult, saved: SavedOutputs | None = None) -> Solution:
    """An agent result as ``solve`` returns it: the verdict first, nothing lost that matters.

    The final program's files are listed by name and size (and where saved),
    without their content: ``run_code`` is the tool that returns content.
    """
    files = [
        OutputFile(
            name=f.name,
            size=f.size,
            mime_type=IMAGE_TYPES.get(PurePosixPath(f.name).suffix.lower()),
        )
        for f in final_files(result)
    ]
    output_dir = _mark_saved(files, saved)
    return Solution(
        files=files,
        output_dir=output_dir,
        status=result.status,
        answer=result.answer,
        confidence=result.confidence,
        reason=result.reason,
        code=result.code,
        candidates=[
            Candidate(answer=c.answer, count=c.count, chosen=c.chosen, code=c.code)
            for c in result.candidates
        ],
        apis_used=[
            ApiUsed(qualname=u.qualname, library=u.library, version=u.version)
            for u in result.apis_used
        ],
        error=result.error,
        model=result.model,
        seconds=round(result.seconds, 2),
        attempts=len(result.attempts),
    )


# -------------------------------------------------------------------------- toolbox


class Toolbox:
    """The six tools over one searcher, the shared warm sandbox pool and one agent.

    Everything heavy is created on first use and kept: the searcher (the
    index; by default the process-wide one), the sandbox pool
    (``sciagent.sandbox.default_pool``, which the checker's live probe and the
    agent use too) and the agent (its model).
    ``model`` and ``agent_options`` configure the agent exactly as ``sciagent
    run`` does (``None``: ``$SCIAGENT_MODEL``, else the embedded offline
    model); pass a LangChain chat model to script it in tests.  ``unsafe=True``
    lets ``run_code`` run without isolation where no sandbox tier works.
    ``output_dir`` makes ``run_code`` and ``solve`` save the files programs
    write there (never replacing a file) and say where; without it they only
    list them (``run_code`` returns small text files and images inline).
    :meth:`close` stops the pool; the toolbox may be used again afterwards.
    """

    def __init__(
        self,
        searcher: Searcher | None = None,
        *,
        model: BaseChatModel | str | None = None,
        agent_options: dict[str, Any] | None = None,
        unsafe: bool = False,
        memory_mb: int = 1024,
        output_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        from ..sandbox import check_output_dir

        self._searcher = searcher
        #: where run_code and solve save the files programs write (None: not saved)
        self.output_dir = None if output_dir is None else check_output_dir(output_dir)
        self.model = model
        self.agent_options = dict(agent_options or {})
        self.unsafe = unsafe
        self.memory_mb = memory_mb
        self._agent: Agent | None = None
        self._lock = threading.Lock()  # creating the searcher or the agent
        self._solving = threading.Lock()  # one agent run at a time: one model, 2 cores

    # ----------------------------------------------------------------- lifecycle
    @property
    def searcher(self) -> Searcher:
        with self._lock:
            if self._searcher is None:  # the process-wide one: a notebook shares it
                from ..defaults import default_searcher

                self._searcher = default_searcher()
            return self._searcher

    @property
    def agent(self) -> Agent:
        searcher = self.searcher
        with self._lock:
            if self._agent is None:
                from ..agent import Agent

                self._agent = Agent(self.model, searcher=searcher, **self.agent_options)
            return self._agent

    def warm(self) -> None:
        """Load the index and start the sandbox pool now, so the first calls are fast."""
        from ..plugin import installed_preload
        from ..sandbox import default_pool

        self.search_api("parse a SMILES string", k=1)
        default_pool(installed_preload(), unsafe=self.unsafe).start()

    def close(self) -> None:
        """Stop the warm sandbox pools (the shared ones: this process is the server)."""
        from ..sandbox import close_default_pools

        close_default_pools()

    # --------------------------------------------------------------------- tools
    def search_api(
        self,
        query: Annotated[
            str,
            Field(
                description="What the code must do, in plain words ('reverse complement of a "
                "DNA sequence'), or a name you suspect ('Tanimoto')."
            ),
        ],
        k: Annotated[int, Field(ge=1, le=MAX_K, description="How many cards to return.")] = 5,
        domain: Annotated[
            str | None,
            Field(
                description="Only this plugin domain (list_libraries names them, e.g. "
                "chemistry, biology, astronomy); empty for every library."
            ),
        ] = None,
    ) -> SearchResult:
        """Ranked cards of the installed APIs that match ``query``."""
        text = _text(query, "query", MAX_QUERY_CHARS, "'parse a SMILES string'")
        if isinstance(k, bool) or not 1 <= k <= MAX_K:
            raise ToolInputError(f"k must be from 1 to {MAX_K}, not {k!r}", fix="pass k=5")
        hits = self.searcher.search(text, k=k, domain=_domain(domain))
        return SearchResult(query=text, domain=_domain(domain), hits=[_hit(h) for h in hits])

    def describe_api(
        self,
        name: Annotated[
            str,
            Field(
                description="A dotted API name as search_api gives it "
                "('rdkit.Chem.MolFromSmiles'), an alias, or its unique tail ('Chem.MolFromSmiles')."
            ),
        ],
    ) -> ApiCard:
        """The whole card of the API called ``name``, or an error that says which names are near."""
        return api_card(self.lookup(name))

    def lookup(self, name: str) -> ApiRecord:
        """The record of ``name``: a qualname, an alias, or a unique dotted tail of one."""
        text = _text(name, "API name", MAX_NAME_CHARS, "'rdkit.Chem.MolFromSmiles'")
        text = text.strip("`").removesuffix("()").strip()
        searcher = self.searcher
        record = searcher.lookup(text)
        if record is not None:
            return record
        hits = searcher.search(text, k=10) if text else []
        tail = "." + text
        owners = list(
            dict.fromkeys(
                h.qualname
                for h in hits
                if h.kind != "recipe" and any(p.endswith(tail) for p in (h.qualname, *h.aliases))
            )
        )
        if len(owners) == 1:
            found = searcher.lookup(owners[0])
            if found is not None:
                return found
        raise UnknownApiError(
            f"no API called {text!r} in the index of "
            + ", ".join(sorted({ix.manifest.library for ix in searcher.indexes})),
            fix=_did_you_mean(text, owners, hits),
        )

    def check_code(
        self,
        code: Annotated[str, Field(description="The complete Python program, with its imports.")],
    ) -> CheckResult:
        """Static findings for ``code`` against the installed APIs (the live probe sandboxed)."""
        from ..check import check_code

        findings = check_code(_program(code), searcher=self.searcher, live=True)
        ok = not any(f.is_error for f in findings)  # a warning is shown, never fails it
        return CheckResult(ok=ok, findings=[_finding(f) for f in findings])

    def run_code(
        self,
        code: Annotated[
            str,
            Field(
                description="A complete, self-contained Python program: every import, data "
                "inline or in `files`. Print the answer and/or assign it to a top-level "
                "variable named `result`."
            ),
        ],
        timeout: Annotated[
            float, Field(gt=0, le=MAX_TIMEOUT_S, description="Wall-clock limit in seconds.")
        ] = 30,
        files: Annotated[
            dict[str, str] | None,
            Field(
                description="Text files put in the working directory before the run: "
                'relative name -> content, e.g. {"mols.smi": "CCO\\nc1ccccc1\\n"}.'
            ),
        ] = None,
    ) -> RunOutput:
        """``code`` run in the sandbox; limits hit and huge output are errors with a fix."""
        from ..plugin import installed_preload
        from ..sandbox import default_pool

        program = _program(code)
        if not 0 < timeout <= MAX_TIMEOUT_S:  # also refuses nan
            raise ToolInputError(
                f"timeout must be a number of seconds in 0 < t <= {MAX_TIMEOUT_S:g}, not {timeout!r}",
                fix="pass timeout=30",
            )
        inputs = _input_files(files or {})
        result = default_pool(installed_preload(), unsafe=self.unsafe).run(
            program, timeout=timeout, memory=self.memory_mb, files=inputs
        )
        out = run_output(result)  # a refused run (a limit hit) keeps no files
        from ..sandbox import keep_outputs

        saved = keep_outputs(result.files, self.output_dir)
        out.output_dir = _mark_saved(out.files, saved)
        return out

    def list_libraries(self) -> Libraries:
        """The plugins, their libraries and versions, each index's state and the sandbox tier."""
        from ..config import Settings
        from ..devtools.health import list_plugins
        from ..sandbox import detect_tier

        settings = self._searcher.settings if self._searcher is not None else Settings.from_env()
        infos = list_plugins(settings)
        tier = detect_tier()
        return Libraries(
            libraries=[
                LibraryStatus(
                    name=lib.name,
                    version=lib.version,
                    plugin=p.name,
                    domain=p.domain,
                    state=lib.state,
                    records=lib.records,
                    coverage=lib.coverage,
                    message=lib.message,
                )
                for p in infos
                for lib in p.libraries
            ],
            plugins=[
                PluginStatus(
                    name=p.name,
                    status=p.status,
                    domain=p.domain,
                    description=p.description,
                    package=p.package,
                    recipes=p.recipes,
                    validators=p.validators,
                    error=p.error,
                )
                for p in infos
            ],
            domains=sorted({p.domain for p in infos if p.status == "loaded" and p.domain}),
            index_dir=str(settings.index_dir),
            sandbox_tier=tier.tier,
            sandbox_safe=tier.safe,
        )

    def solve(
        self,
        request: Annotated[
            str,
            Field(
                description="The computation in plain words with all its data (SMILES, "
                "sequences, coordinates, numbers) and the answer form, e.g. 'molecular weight "
                "of aspirin (SMILES CC(=O)Oc1ccccc1C(=O)O), rounded to 2 decimals'."
            ),
        ],
        domain: Annotated[
            str | None,
            Field(description="Only APIs of this plugin domain; empty for every library."),
        ] = None,
    ) -> Solution:
        """The agent end to end: programs written, checked, run and compared."""
        return self.solve_reporting(request, domain)

    def solve_reporting(
        self,
        request: str,
        domain: str | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Solution:
        """:meth:`solve`, telling ``on_progress`` what the agent is doing as it works."""
        text = _text(
            request,
            "request",
            MAX_REQUEST_CHARS,
            "'molecular weight of aspirin (SMILES CC(=O)Oc1ccccc1C(=O)O), rounded to 2 decimals'",
        )
        chosen = _domain(domain)
        searcher = self.searcher
        if chosen is not None and chosen not in searcher.domains:  # before loading a model
            raise ToolInputError(
                f"unknown domain {chosen!r}",
                fix=f"use one of: {', '.join(searcher.domains)} (or no domain)",
            )
        from ..sandbox import keep_outputs

        with self._solving:
            result = self.agent.run(text, domain=chosen, on_progress=on_progress)
            saved = keep_outputs(final_files(result), self.output_dir)
        return solution(result, saved)


def _did_you_mean(text: str, owners: list[str], hits: Sequence[Hit]) -> str:
    """Names near ``text``: its tail's owners first, then look-alikes among the hits."""
    last = text.rsplit(".", 1)[-1].lower()
    ranked = sorted(
        (h for h in hits if h.kind != "recipe"),
        key=lambda h: (
            -difflib.SequenceMatcher(None, h.qualname.rsplit(".", 1)[-1].lower(), last).ratio()
        ),
    )
    names = list(dict.fromkeys([*owners, *(h.path for h in ranked)]))[:MAX_SUGGESTIONS]
    if not names:
        return "find the API by what it does with search_api, then describe_api its name"
    return (
        f"did you mean {', '.join(names)}? Call describe_api with one of these, or "
        "search_api to find the API by what it does"
    )


def _input_files(files: dict[str, str]) -> dict[str, str]:
    """Input files checked before the sandbox sees them: text only, bounded in total."""
    total = 0
    for name, content in files.items():
        if _BINARY.search(name):
            raise ToolInputError(
                f"input file name {name!r} contains control characters",
                fix="use names like 'data.csv' or 'inputs/seq.fasta'",
            )
        if "\x00" in content or re.search("[\ud800-\udfff]", content):
            raise ToolInputError(
                f"input file {name!r} is not text (NUL bytes or invalid Unicode)",
                fix="pass text files only (CSV, FASTA, SDF, JSON, ...), as UTF-8 strings",
            )
        total += len(content)
    if total > MAX_FILES_CHARS:
        raise ToolInputError(
            f"the input files hold {total:,} characters (limit {MAX_FILES_CHARS:,})",
            fix="pass smaller files, or pre-aggregate the data",
        )
    return files
