"""What the MCP tools return: pydantic models, the tools' output schemas.

The SDK publishes each model's JSON schema as the tool's ``outputSchema`` and
validates every result against it, so the field names here are a contract
with clients; they follow the names the CLI's ``--json`` prints where the two
overlap (``qualname``, ``signature``, ``stdout``, ``status``, ...).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr


class ApiHit(BaseModel):
    """One search result: enough to call the API right."""

    qualname: str = Field(description="Home path of the API (its identity in the index).")
    name: str = Field(description="The import path people type: the shortest public one.")
    kind: str = Field(description="function, class, method, property, module, ...")
    signature: str
    overloads: list[str] = Field(description="Every overload, rendered (C extensions have many).")
    summary: str
    library: str
    version: str = Field(description="Installed version the signature was read from.")
    domain: str
    score: float
    deprecated: bool
    example: str = ""


class SearchResult(BaseModel):
    """What ``search_api`` returns."""

    query: str
    domain: str | None
    hits: list[ApiHit]


class Parameter(BaseModel):
    name: str
    kind: str
    annotation: str | None = None
    default: str | None = Field(default=None, description="repr of the default; None if required")
    required: bool
    description: str | None = None


class Overload(BaseModel):
    signature: str
    parameters: list[Parameter]
    returns: str | None = None
    source: str = Field(description="Where the signature came from (inspect, docstring, ...).")


class ApiCard(BaseModel):
    """What ``describe_api`` returns: everything the index knows of one API."""

    qualname: str
    name: str = Field(description="The import path people type: the shortest public one.")
    kind: str
    library: str
    version: str
    domain: str
    deprecated: bool
    summary: str
    overloads: list[Overload]
    doc: str
    doc_truncated: bool = False
    examples: list[str]
    aliases: list[str] = Field(description="Other public paths to the same object.")
    resource: str = Field(description="The sciagent://api/ URI of this card.")


class CheckFinding(BaseModel):
    line: int
    col: int
    kind: str = Field(description="unknown-name, unknown-module, bad-keyword, arity, syntax, ...")
    severity: str = Field(
        description="error: proven wrong against the installed library (blocks); "
        "warning: likely wrong, not proven (shown, does not block)"
    )
    name: str
    message: str
    suggestion: str | None = Field(description="The nearest real name, when there is one.")
    suggestions: list[str]


class CheckResult(BaseModel):
    """What ``check_code`` returns; ``findings`` is empty for a clean program."""

    ok: bool
    findings: list[CheckFinding]


class OutputFile(BaseModel):
    name: str
    size: int
    mime_type: str | None = None
    text: str | None = Field(default=None, description="The content of a small text file.")
    image: bool = Field(default=False, description="Sent as an image content block.")
    saved_to: str | None = Field(
        default=None,
        description="Where the server saved the file on its machine (absolute path), when it "
        "keeps files (started with an output folder); null otherwise.",
    )


class ProgramError(BaseModel):
    type: str
    kind: str = Field(description="syntax or exception (the program's fault), crash, ...")
    message: str
    line: int | None = None
    traceback: str = ""


class RunOutput(BaseModel):
    """What ``run_code`` returns (images also come as image content blocks)."""

    ok: bool
    stdout: str
    stderr: str
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    value: Any = Field(default=None, description="The program's top-level `result`, as JSON.")
    has_value: bool = False
    value_truncated: bool = False
    error: ProgramError | None = None
    files: list[OutputFile]
    files_truncated: bool = False
    output_dir: str | None = Field(
        default=None, description="The folder the files were saved in, when any was saved."
    )
    duration_s: float
    tier: str = Field(description="Sandbox isolation tier: A (namespaces) ... D (none).")
    timeout_s: float
    memory_mb: int

    #: (name, MIME type, base64) of each image file, sent as content blocks
    _images: list[tuple[str, str, str]] = PrivateAttr(default_factory=list)

    @property
    def images(self) -> list[tuple[str, str, str]]:
        return self._images


class LibraryStatus(BaseModel):
    name: str
    version: str | None
    plugin: str
    domain: str
    state: str = Field(description="fresh, stale, missing, corrupt or library-missing")
    records: int | None = None
    coverage: float | None = Field(default=None, description="Share of callables with a signature.")
    message: str = ""


class PluginStatus(BaseModel):
    name: str
    status: str = Field(description="loaded, failed or disabled")
    domain: str
    description: str
    package: str
    recipes: int
    validators: int
    error: str = ""


class Libraries(BaseModel):
    """What ``list_libraries`` returns."""

    libraries: list[LibraryStatus]
    plugins: list[PluginStatus]
    domains: list[str]
    index_dir: str
    sandbox_tier: str
    sandbox_safe: bool


class Candidate(BaseModel):
    answer: str
    count: int = Field(description="How many independent programs reached this answer.")
    chosen: bool
    code: str


class ApiUsed(BaseModel):
    qualname: str
    library: str
    version: str


class Solution(BaseModel):
    """What ``solve`` returns."""

    status: Literal["ok", "unsure", "failed"]
    answer: str | None
    confidence: float
    reason: str
    code: str | None
    candidates: list[Candidate]
    apis_used: list[ApiUsed]
    error: str | None = None
    model: str
    seconds: float
    attempts: int
    files: list[OutputFile] = Field(
        default_factory=list,
        description="The files the final program wrote (names and sizes, where saved).",
    )
    output_dir: str | None = Field(
        default=None, description="The folder the files were saved in, when any was saved."
    )
