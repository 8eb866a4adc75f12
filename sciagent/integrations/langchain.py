"""LangChain adapters: the API index as a retriever, search/check/run as tools.

Only ``langchain-core`` is imported here (a dependency of sciagent); the
``langchain`` package, whose ``create_agent`` these plug into, stays optional.

    >>> from sciagent.integrations.langchain import SciagentRetriever, sciagent_tools
    >>> docs = SciagentRetriever(k=3).invoke("parse a SMILES string")   # doctest: +SKIP
    >>> tools = sciagent_tools()  # search_api, check_code, run_code   # doctest: +SKIP

``solve_tool()`` wraps the whole sciagent agent as one ``solve`` tool (not
in ``sciagent_tools()``).  Every tool returns plain text a model can read, and keeps the structured data
(hits, findings, the :class:`~sciagent.sandbox.RunResult`) as the
``ToolMessage.artifact`` when called through a tool call.  Failures (an unknown
domain, no sandbox on this machine, bad arguments) come back as text that says
what to do, never as an exception in the agent loop.  Programs given to
``run_code`` run in sciagent's sandbox, never in this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from ..errors import SciagentError
from ..records import Hit
from ..render.cards.agent import agent_result_brief, final_files
from ..render.cards.hits import hits_brief
from ..render.cards.runs import run_result_brief
from ..retrieval import Searcher

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from ..agent import Agent, AgentResult
    from ..sandbox import SavedOutputs

__all__ = [
    "CheckCodeInput",
    "RunCodeInput",
    "SciagentRetriever",
    "SearchApiInput",
    "SolveInput",
    "check_code",
    "check_code_tool",
    "format_docs",
    "format_findings",
    "format_hits",
    "format_result",
    "format_run",
    "hit_to_document",
    "run_code",
    "run_code_tool",
    "sciagent_tools",
    "search_api",
    "search_api_tool",
    "solve_tool",
]

#: Aliases kept in a document's metadata (RDKit functions can have dozens).
MAX_ALIASES = 8
#: Default cap on the text a tool hands back to the model.
MAX_OUTPUT_CHARS = 4000
#: The most cards a model may ask for in one search.
MAX_K = 20


def _searcher(searcher: Searcher | None) -> Searcher:
    if searcher is not None:
        return searcher
    from ..api import default_searcher

    return default_searcher()


def _explain(exc: BaseException) -> str:
    """An exception as one actionable paragraph for a model (or a person)."""
    if isinstance(exc, SciagentError):
        return f"{exc.message}" + (f" (fix: {exc.fix})" if exc.fix else "")
    return f"{type(exc).__name__}: {exc}"


# ------------------------------------------------------------------------ retriever


def hit_to_document(hit: Hit, *, max_aliases: int = MAX_ALIASES) -> Document:
    """A search hit as a LangChain document: the signature card, and the hit's fields.

    ``page_content`` is :meth:`Hit.card`; ``metadata`` has ``qualname``,
    ``path`` (the shortest public import path), ``aliases`` (at most
    ``max_aliases``; ``aliases_total`` says how many there are), ``kind``,
    ``signature``, ``library``, ``version``, ``score``, ``domain``,
    ``summary``, ``deprecated``, and for recipes ``apis``.
    """
    metadata: dict[str, Any] = {
        "qualname": hit.qualname,
        "path": hit.path,
        "aliases": list(hit.aliases[:max_aliases]),
        "aliases_total": len(hit.aliases),
        "kind": hit.kind,
        "signature": hit.signature,
        "library": hit.library,
        "version": hit.version,
        "score": float(hit.score),
        "domain": hit.domain,
        "summary": hit.summary,
        "deprecated": hit.deprecated,
    }
    if hit.apis:
        metadata["apis"] = list(hit.apis)
    if hit.recipes:
        metadata["recipes"] = list(hit.recipes)
    return Document(page_content=hit.card(), metadata=metadata, id=hit.qualname)


class SciagentRetriever(BaseRetriever):
    """The APIs of the installed scientific libraries that match a request, as documents.

    Each document is one API's signature card (see :func:`hit_to_document`).
    ``k`` documents per query; ``domain`` restricts the search to one plugin
    domain (``"chemistry"``, ``"biology"``, ``"astronomy"``, ...); ``recipes``
    also returns the plugins' curated recipes.  ``searcher`` defaults to the
    process-wide one (:func:`sciagent.api.default_searcher`), created on first
    use.  The async path (``ainvoke``) runs the search in the default executor.
    """

    k: int = Field(default=5, ge=1, le=200)
    domain: str | None = None
    recipes: bool = False
    searcher: Searcher | None = None

    model_config = ConfigDict(arbitrary_types_allowed=True)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = _searcher(self.searcher).search(
            query, k=self.k, domain=self.domain, recipes=self.recipes
        )
        return [hit_to_document(hit) for hit in hits]


def format_docs(docs: Sequence[Document]) -> str:
    """Documents' contents separated by blank lines: ``retriever | format_docs`` in LCEL."""
    return "\n\n".join(doc.page_content for doc in docs)


# ---------------------------------------------------------------------- formatting


def format_hits(hits: Sequence[Hit]) -> str:
    """Signature cards, one per hit, for a model to read."""
    return hits_brief(hits)


def format_findings(findings: Sequence[Any]) -> str:
    """Static-check findings, one line each, or ``"no problems found"``."""
    if not findings:
        return "no problems found"
    lines = [f"{len(findings)} problem(s) found:"]
    for f in findings:
        line = f"- line {f.line}: {f.message}"
        missing = [s for s in f.suggestions[:3] if s.rsplit(".", 1)[-1] not in f.message]
        if missing:
            line += f" (nearest real names: {', '.join(missing)})"
        lines.append(line)
    return "\n".join(lines)


def format_run(
    result: Any, *, max_chars: int = MAX_OUTPUT_CHARS, saved: SavedOutputs | None = None
) -> str:
    """A :class:`~sciagent.sandbox.RunResult` as text: outcome, stdout, result, error,
    the files it wrote (and where they were saved, given ``saved``)."""
    return run_result_brief(result, max_chars=max_chars, saved=_where(saved))


def format_result(
    result: AgentResult, *, max_chars: int = MAX_OUTPUT_CHARS, saved: SavedOutputs | None = None
) -> str:
    """An :class:`~sciagent.agent.AgentResult` as text: status, answer, confidence, why,
    the competing answers when unsure, and the final program.

    The status leads, in words a calling model cannot mistake: an unsure answer
    says it is not confirmed, so the model does not pass it on as verified.  The
    files the final program wrote follow, with where they were saved, given ``saved``.
    """
    return agent_result_brief(result, max_chars=max_chars, saved=_where(saved))


def _where(saved: SavedOutputs | None) -> dict[str, str] | None:
    """name -> saved path, for the briefs (None: nothing was saved, so none is claimed)."""
    return None if saved is None else {f.name: f.path for f in saved.files}


def _artifact(data: dict[str, Any], saved: SavedOutputs | None) -> dict[str, Any]:
    """A result's dict, with ``saved`` (as ``sciagent exec --json`` prints it) when saved."""
    return data if saved is None else {**data, "saved": saved.to_dict()}


# --------------------------------------------------------------------------- tools


class SearchApiInput(BaseModel):
    """Arguments of the search_api tool."""

    query: str = Field(
        description=(
            "What the code needs to do, in plain words, e.g. 'parse a SMILES string', "
            "'reverse complement of a DNA sequence', 'angular separation of two sky "
            "coordinates'. A function name you suspect also works."
        )
    )
    k: int = Field(default=5, ge=1, le=MAX_K, description=f"How many APIs to return (1-{MAX_K}).")
    domain: str | None = Field(
        default=None,
        description=(
            "Restrict the search to one domain, e.g. 'chemistry', 'biology' or "
            "'astronomy'; leave empty to search every installed library."
        ),
    )


class CheckCodeInput(BaseModel):
    """Arguments of the check_code tool."""

    code: str = Field(description="The complete Python program to check, with its imports.")


class RunCodeInput(BaseModel):
    """Arguments of the run_code tool."""

    code: str = Field(
        description=(
            "A complete, self-contained Python program. Print the answer, and/or assign "
            "it to a top-level variable named `result` (numbers, strings, lists, dicts)."
        )
    )


class SolveInput(BaseModel):
    """Arguments of the solve tool."""

    request: str = Field(
        description=(
            "The scientific question or computation, in plain words, with all its data "
            "(SMILES, sequences, coordinates, numbers), e.g. 'molecular weight of aspirin "
            "(SMILES CC(=O)Oc1ccccc1C(=O)O), rounded to 2 decimals'."
        )
    )
    domain: str | None = Field(
        default=None,
        description=(
            "Restrict the APIs the program may use to one domain, e.g. 'chemistry', "
            "'biology' or 'astronomy'; leave empty to use every installed library."
        ),
    )


def _search_schema(default_k: int) -> type[SearchApiInput]:
    """:class:`SearchApiInput` with ``k`` defaulting to ``default_k``."""
    if default_k == SearchApiInput.model_fields["k"].default:
        return SearchApiInput
    if not 1 <= default_k <= MAX_K:
        raise ValueError(f"k must be from 1 to {MAX_K}, not {default_k!r}")
    field = Field(
        default=default_k, ge=1, le=MAX_K, description=f"How many APIs to return (1-{MAX_K})."
    )
    schema: type[SearchApiInput] = create_model(
        "SearchApiInput", __base__=SearchApiInput, __doc__=SearchApiInput.__doc__, k=(int, field)
    )
    return schema


def _validation_text(exc: ValidationError | Any) -> str:
    try:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'input'}: {e['msg']}" for e in exc.errors()
        )
    except Exception:
        problems = str(exc)
    return f"invalid arguments: {problems}. Fix the arguments and call the tool again."


def _domains_hint(searcher: Searcher | None) -> str:
    try:
        if searcher is not None:
            domains = list(searcher.domains)
        else:
            from ..plugin import load_plugins

            domains = load_plugins().domains()
    except Exception:  # a description must never fail to build
        return ""
    return f" Installed domains: {', '.join(domains)}." if domains else ""


@contextmanager
def _tool_failure(what: str) -> Iterator[None]:
    """Any exception in the block becomes a ToolException: ``what: <the explained error>``."""
    try:
        yield
    except Exception as exc:
        raise ToolException(f"{what}: {_explain(exc)}") from exc


def _tool(
    func: Callable[..., tuple[str, Any]], *, schema: type[BaseModel], description: str
) -> BaseTool:
    """A tool named after ``func``, which returns (text for the model, structured artifact).

    A ``ToolException`` and invalid arguments come back to the model as text
    that says what to do, never as an exception in the agent loop.
    """
    return StructuredTool.from_function(
        func=func,
        name=func.__name__,
        description=description,
        args_schema=schema,
        response_format="content_and_artifact",
        handle_tool_error=True,
        handle_validation_error=_validation_text,
    )


def search_api_tool(searcher: Searcher | None = None, *, default_k: int = 5) -> BaseTool:
    """The ``search_api`` tool: signature cards of the installed APIs that match a request."""

    def search_api(query: str, k: int = default_k, domain: str | None = None) -> tuple[str, Any]:
        with _tool_failure("search failed"):
            hits = _searcher(searcher).search(query, k=k, domain=domain or None)
        return format_hits(hits), [h.to_dict() for h in hits]

    return _tool(
        search_api,
        schema=_search_schema(default_k),
        description=(
            "Search the scientific Python libraries installed here (e.g. RDKit, Biopython, "
            "Astropy) for the functions, classes and methods that do a task. Returns "
            "signature cards: the import path, the exact signature(s) of the installed "
            "version, and a one-line summary. Call this before writing code, and use only "
            "names it returns." + _domains_hint(searcher)
        ),
    )


def check_code_tool(searcher: Searcher | None = None, *, live: bool = True) -> BaseTool:
    """The ``check_code`` tool: static check of a program against the installed APIs."""
    from ..check import check_code as _check_code

    def check_code(code: str) -> tuple[str, Any]:
        with _tool_failure("the check could not run"):
            findings = _check_code(code, searcher=_searcher(searcher), live=live)
        return format_findings(findings), [f.to_dict() for f in findings]

    return _tool(
        check_code,
        schema=CheckCodeInput,
        description=(
            "Statically check a Python program against the APIs of the scientific libraries "
            "installed here, without running it. Reports invented functions, modules or "
            "methods, keyword arguments no overload accepts and wrong argument counts, each "
            "with the nearest real names; says 'no problems found' otherwise. Cheap: use it "
            "before run_code."
        ),
    )


def run_code_tool(
    *,
    timeout: float = 30.0,
    memory: int = 1024,
    max_chars: int = MAX_OUTPUT_CHARS,
    unsafe: bool = False,
    output_dir: str | os.PathLike[str] | None = None,
) -> BaseTool:
    """The ``run_code`` tool: run a program in sciagent's sandbox (never in this process).

    ``timeout`` (wall seconds) and ``memory`` (MB) bound each run; the text
    returned is cut to about ``max_chars``.  ``unsafe=True`` allows running
    without isolation on a machine where no sandbox tier works.  The text
    lists the files the program wrote (names, sizes); with ``output_dir`` they
    are saved there (never replacing a file: ``fig-2.png`` if ``fig.png``
    exists) and the text says where, and the artifact has a ``saved`` field.
    """
    from ..plugin import installed_preload
    from ..sandbox import keep_outputs
    from ..sandbox import run_code as _run_code

    target = _output_dir(output_dir)

    def run_code(code: str) -> tuple[str, Any]:
        with _tool_failure("the sandbox could not run the program"):
            result = _run_code(
                code,
                timeout=timeout,
                memory=memory,
                unsafe=unsafe,
                preload=installed_preload(),
            )
            saved = keep_outputs(result.files, target)
        return format_run(result, max_chars=max_chars, saved=saved), _artifact(
            result.to_dict(), saved
        )

    return _tool(
        run_code,
        schema=RunCodeInput,
        description=(
            "Run a complete Python program in an isolated sandbox (no network, no access "
            "to this machine's files) with the scientific libraries installed here, and "
            "return what it printed, the value of its top-level `result` variable, or "
            f"the error with its traceback. Limits: {timeout:g} s, {memory} MB. The "
            "program starts fresh each time: include every import."
        ),
    )


def _output_dir(output_dir: str | os.PathLike[str] | None) -> Path | None:
    """A tool's ``output_dir``, checked when the tool is made (a bad folder fails there,
    where the developer sees it, not in the middle of an agent's run)."""
    if output_dir is None:
        return None
    from ..sandbox import check_output_dir

    return check_output_dir(output_dir)


def solve_tool(
    agent: Agent | None = None,
    *,
    model: BaseChatModel | str | None = None,
    max_chars: int = MAX_OUTPUT_CHARS,
    output_dir: str | os.PathLike[str] | None = None,
) -> BaseTool:
    """The ``solve`` tool: sciagent's agent answers a request and says how sure it is.

    It writes several programs, checks them against the installed APIs, runs
    them in the sandbox and compares their answers (see :class:`sciagent.Agent`).
    The text names the status (ok, UNSURE or FAILED), the answer, the
    confidence, the reason, the competing answers when unsure, and the program;
    the artifact is ``AgentResult.to_dict()``.  ``agent`` defaults to
    ``Agent(model)``, created on the first call (loading a model is slow).
    Not part of :func:`sciagent_tools`: it runs a whole agent, not one step.
    The text lists the files the final program wrote; with ``output_dir`` they
    are saved there, as by :func:`run_code_tool`.
    """
    if agent is not None and model is not None:
        raise ValueError("pass either an agent or a model, not both")
    target = _output_dir(output_dir)
    made: list[Agent] = [agent] if agent is not None else []

    def _agent() -> Agent:
        if not made:
            from ..agent import Agent

            made.append(Agent(model))
        return made[0]

    def solve(request: str, domain: str | None = None) -> tuple[str, Any]:
        from ..sandbox import keep_outputs

        with _tool_failure("the agent could not run"):
            result = _agent().run(request, domain=domain or None)
            saved = keep_outputs(final_files(result), target)
        return format_result(result, max_chars=max_chars, saved=saved), _artifact(
            result.to_dict(), saved
        )

    return _tool(
        solve,
        schema=SolveInput,
        description=(
            "Answer a scientific computation (chemistry, biology, astronomy, ...) by writing "
            "Python against the libraries installed here, checking it, running it in a "
            "sandbox and comparing several independent programs. Returns the status (ok: "
            "confirmed; UNSURE: not confirmed or the programs disagree, with the competing "
            "answers; FAILED), the answer, a confidence, the reason and the program. Report "
            "an UNSURE answer as unsure, never as verified."
        ),
    )


def sciagent_tools(
    searcher: Searcher | None = None,
    *,
    k: int = 5,
    live_check: bool = True,
    timeout: float = 30.0,
    memory: int = 1024,
    max_chars: int = MAX_OUTPUT_CHARS,
    unsafe: bool = False,
    output_dir: str | os.PathLike[str] | None = None,
) -> list[BaseTool]:
    """``[search_api, check_code, run_code]``, ready for any tool-calling agent.

    ``searcher`` defaults to the process-wide one; ``k`` is the default number
    of cards per search; ``live_check=False`` makes ``check_code`` index-only;
    ``timeout``, ``memory``, ``max_chars``, ``unsafe`` and ``output_dir``
    configure ``run_code`` (see :func:`run_code_tool`).
    """
    return [
        search_api_tool(searcher, default_k=k),
        check_code_tool(searcher, live=live_check),
        run_code_tool(
            timeout=timeout,
            memory=memory,
            max_chars=max_chars,
            unsafe=unsafe,
            output_dir=output_dir,
        ),
    ]


#: The three tools with default settings (the process-wide searcher, 30 s, 1 GB).
search_api: BaseTool = search_api_tool()
check_code: BaseTool = check_code_tool()
run_code: BaseTool = run_code_tool()
