"""The records that flow from introspection into the index and out of search.

They are plain dataclasses with JSON-safe fields so that the on-disk index, the
CLI's ``--json`` output and the Python API all use the same field names.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

Kind = Literal["module", "function", "class", "method", "property", "attribute", "recipe"]

#: Where a signature came from, so that coverage can be reported honestly.
#: "noinit" marks a class the library documents as not constructible from Python
#: (Boost.Python's "This class cannot be instantiated"): it has no call form.
SignatureSource = Literal["inspect", "boost", "firstline", "numpydoc", "noinit", "none"]


@dataclass(slots=True)
class Param:
    """One parameter of one signature."""

    name: str
    kind: str = "POSITIONAL_OR_KEYWORD"  # inspect.Parameter kind names
    annotation: str | None = None
    default: str | None = None  # repr of the default; None means "required"
    has_default: bool = False
    description: str | None = None


@dataclass(slots=True)
class Signature:
    """One callable form; Boost.Python functions can have many overloads."""

    text: str  # e.g. "(mol: Mol, onlyHeavy: bool = False) -> float"
    params: list[Param] = field(default_factory=list)
    returns: str | None = None
    source: SignatureSource = "inspect"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Signature:
        params = [Param(**p) for p in data.get("params", [])]
        return cls(
            text=data["text"],
            params=params,
            returns=data.get("returns"),
            source=data.get("source", "inspect"),
        )


@dataclass(slots=True)
class ApiRecord:
    """Everything the index knows about one public name of a library."""

    qualname: str  # home module path, e.g. "rdkit.Chem.rdMolDescriptors.CalcExactMolWt"
    kind: Kind
    library: str  # plugin-level library name, e.g. "rdkit"
    version: str
    #: other public paths people use for the same object (at most a few, best first)
    aliases: list[str] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    summary: str = ""
    doc: str = ""
    examples: list[str] = field(default_factory=list)
    deprecated: bool = False
    domain: str = ""
    apis: list[str] = field(default_factory=list)  # for recipes: the APIs they use
    keywords: str = ""  # the plugin's words for this API (see Plugin.keywords)
    #: the public path people type (shallowest exported, through the defining
    #: class, or a plugin's forward): what every surface shows; "" = qualname
    path: str = ""
    #: every further public path (incidental imports, subclasses, instances):
    #: name resolution knows them, surfaces do not list them
    more_aliases: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.qualname.rsplit(".", 1)[-1]

    @property
    def preferred(self) -> str:
        """``path``, or the qualname for records that have none (recipes)."""
        return self.path or self.qualname

    @property
    def signature(self) -> str:
        """The first signature rendered as ``name(args) -> ret``, or the bare name."""
        if not self.signatures:
            return self.qualname
        return f"{self.name}{self.signatures[0].text}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ApiRecord:
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["signatures"] = [Signature.from_dict(s) for s in data.get("signatures", [])]
        return cls(**kwargs)


@dataclass(slots=True)
class Hit:
    """One search result: a record plus how well it matched."""

    qualname: str
    aliases: list[str]
    kind: str
    signature: str
    summary: str
    library: str
    version: str
    score: float
    domain: str = ""
    signatures: list[str] = field(default_factory=list)  # every overload, rendered
    deprecated: bool = False
    apis: list[str] = field(default_factory=list)  # a recipe hit: the APIs it uses
    recipes: list[str] = field(default_factory=list)  # recipes that lifted this API
    example: str = ""  # a short usage example (a recipe's code, or a doctest)
    #: the path people type (the index's preferred path); every surface shows it.
    #: Left empty, the shortest of qualname and aliases.
    path: str = ""

    def __post_init__(self) -> None:
        if not self.path:
            self.path = min([self.qualname, *self.aliases], key=lambda p: (p.count("."), len(p)))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def card(self, *, overloads: int = 3, width: int = 220) -> str:
        """A terse signature card: what a language model needs to call it right.

        Small models lose the thread in long prompts: the import path, a few
        overloads, one line of summary; a recipe shows its example instead.
        """
        if self.kind == "recipe":
            lines = [f"# recipe: {self.summary}  (uses {', '.join(self.apis[:4])})"]
            if self.example:
                lines.append(self.example.rstrip())
            return "\n".join(lines)
        name = self.path.rsplit(".", 1)[-1]
        sigs = self.signatures or [self.signature]
        lines = [f"{self.path}  [{self.library} {self.version}, {self.kind}]"]
        for sig in sigs[:overloads]:
            text = name + sig[len(sig.split("(", 1)[0]) :] if "(" in sig else sig
            lines.append(f"    {text[:width]}")
        if len(sigs) > overloads:
            lines.append(f"    ... and {len(sigs) - overloads} more overloads")
        if self.summary:
            lines.append(f"    {self.summary[:160]}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from .render.cards.hits import hit_html

        return hit_html(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        from .render.cards.hits import hit_text

        p.text(hit_text(self))
