"""Output validation: what a plugin's validators see and what they may say.

A validator judges a program's *output* after a sandboxed run, in the host
process.  It never sees live objects from the program (those stay in the
sandbox): it gets the printed text, the JSON-safe ``result`` (an astropy
Quantity arrives as ``{"value": ..., "unit": ...}``), the names of files the
program wrote, the program's source and the request.  That is enough to parse
a SMILES string, read a unit's physical type or spot a sequence with letters
outside its alphabet, and it keeps hostile code away from trusted code.

A validator is any callable ``(ProgramOutput) -> Iterable[Issue | str]``; a
plain string is an error.  An ``error`` rejects the answer and becomes repair
feedback; a ``warning`` is reported with the result but does not fail it (a
frame or coordinate-base hint that may well be intended).  Validators decide
for themselves whether an output concerns them (``output.uses("rdkit")``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Literal

from .program import imported_packages
from .request import Datum, ParsedRequest, check_answer_form, parse_request, smiles_shape

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One thing a validator found; ``message`` says what is wrong and how to fix it."""

    message: str
    severity: Severity = "error"
    validator: str = ""  # filled in by :func:`run_validators`

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ProgramOutput:
    """What a validator may inspect: data only, never the program's objects."""

    request: str
    code: str
    stdout: str
    value: Any = None
    has_value: bool = False
    files: tuple[str, ...] = ()

    @cached_property
    def imports(self) -> frozenset[str]:
        """Top-level packages the program imports (``{"rdkit", "numpy"}``)."""
        return imported_packages(self.code)

    @cached_property
    def literals(self) -> tuple[str, ...]:
        """The program's string literals, adjacent ones joined as Python joins them."""
        try:
            tree = ast.parse(self.code)
        except SyntaxError:
            return ()
        return tuple(
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        )

    def uses(self, *packages: str) -> bool:
        """Whether the program imports any of ``packages`` (top-level names)."""
        return any(p.split(".")[0] in self.imports for p in packages)

    def reads_datum(self, value: object) -> bool:
        """Whether the program reads a prelude variable bound to the request's ``value``.

        That is how the prompt asks a program to use the request's data (the
        prelude binds it, "use these variables and do not retype them"), so a
        check that the data is used must count it; a program that binds the
        name to something else does not read the datum.
        """
        wanted = _comparable(value)
        data = [d for d in _parsed(self.request).data if _comparable(d.value) == wanted]
        return any(self.data_view.reads(d.name) for d in data)

    @cached_property
    def data_view(self) -> _ProgramView:
        """The program as the checks of the request's data read it (parsed once per output)."""
        return _program_view(self.code, _parsed(self.request).data)

    @property
    def lines(self) -> list[str]:
        """Printed lines, blank ones dropped."""
        return [line for line in self.stdout.splitlines() if line.strip()]

    @property
    def answer(self) -> str:
        """The last printed line, or the result's text when nothing was printed."""
        lines = self.lines
        if lines:
            return lines[-1].strip()
        return "" if not self.has_value else str(self.value)

    def numbers(self) -> list[float]:
        """Every number in the answer line (and a numeric result), in order."""
        found = [float(m) for m in _NUMBER.findall(self.answer)]
        value = self.value
        if isinstance(value, dict) and "value" in value:
            value = value["value"]
        if isinstance(value, int | float) and not isinstance(value, bool):
            found.append(float(value))
        return found

    def strings(self, limit: int = 200) -> Iterator[str]:
        """Every string in the result (dict keys excluded), depth first, at most ``limit``."""
        if not self.has_value:
            return
        stack = [self.value]
        while stack and limit:
            item = stack.pop()
            if isinstance(item, str):
                limit -= 1
                yield item
            elif isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                stack.extend(reversed(list(item.values())))

    @classmethod
    def from_run(cls, run: Any, request: str = "", code: str = "") -> ProgramOutput:
        """Build from a sandbox ``RunResult`` (or anything with the same fields)."""
        return cls(
            request=request,
            code=code,
            stdout=str(getattr(run, "stdout", "") or ""),
            value=getattr(run, "value", None),
            has_value=bool(getattr(run, "has_value", False)),
            files=tuple(f.name for f in getattr(run, "files", ()) or ()),
        )


#: a DNA, RNA or protein sequence written out in the request
_SEQUENCE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{10,}(?![A-Za-z0-9])")


def request_sequences(request: str) -> list[str]:
    """Sequences the request spells out: runs of 10 or more capital letters."""
    return list(dict.fromkeys(_SEQUENCE.findall(request)))


@lru_cache(maxsize=64)
def _parsed(request: str) -> ParsedRequest:
    """The request read once per text: every output of one task shares it."""
    return parse_request(request)


@dataclass(frozen=True)
class _ProgramView:
    """A program as the data check reads it: without the prelude's own assignments.

    The agent may put :func:`~sciagent.request.prelude` at the top of the
    program; its ``smiles_ethanol = 'OCC'`` must not count as the program
    using ``OCC``.  A prelude name counts as used when the program reads it
    and does not bind it to something else.
    """

    text: str
    literals: tuple[str, ...]
    loaded: frozenset[str]
    rebound: frozenset[str]

    def reads(self, name: str) -> bool:
        return name in self.loaded and name not in self.rebound

    def mentions(self, text: str) -> bool:
        """Whether ``text`` stands in the program's code or in one of its string literals."""
        return text in self.text or any(text in lit for lit in self.literals)

    @cached_property
    def upper(self) -> str:
        """The program's code and literals in capitals, for searches that ignore case."""
        return "\n".join((self.text, *self.literals)).upper()


def _program_view(code: str, data: Sequence[Datum]) -> _ProgramView:
    """Read ``code`` once: literals, names read, prelude bindings removed or overridden."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return _ProgramView(code, (), frozenset(), frozenset())
    bound = {d.name: d.value for d in data}
    lines = code.splitlines()
    skip: set[int] = set()
    rebound: set[str] = set()
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id in bound
        ):
            continue
        name = node.targets[0].id
        if _literal(node.value) == _comparable(bound[name]):
            skip.update(id(n) for n in ast.walk(node.value))
            for i in range(node.lineno - 1, (node.end_lineno or node.lineno)):
                lines[i] = ""
        else:
            rebound.add(name)
    literals = tuple(
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
    )
    loaded = frozenset(
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    )
    return _ProgramView("\n".join(lines), literals, loaded, frozenset(rebound))


def _literal(node: ast.expr) -> object:
    """The value of a literal expression (for comparing with a datum), or None."""
    try:
        return _comparable(ast.literal_eval(node))
    except (ValueError, SyntaxError, TypeError):
        return None


def _comparable(value: object) -> object:
    """A tuple datum as the list its prelude line writes."""
    return list(value) if isinstance(value, tuple) else value


#: characters that continue a SMILES: ``CCO`` inside ``CCOc1ccccc1`` is not ``CCO``
_SMILES_CHAR = r"A-Za-z0-9@+\-\[\]()=#$:/\\.%*"


def _has_smiles(haystacks: Iterable[str], smiles: str) -> bool:
    """Whether ``smiles`` stands whole in some text (not as the start of a longer SMILES)."""
    pattern = re.compile(rf"(?<![{_SMILES_CHAR}]){re.escape(smiles)}(?![{_SMILES_CHAR}])")
    return any(pattern.search(text) for text in haystacks)


def _other_smiles(view: _ProgramView, given: set[str]) -> list[str]:
    """SMILES-looking literals of the program that are none of the request's."""
    found = []
    for literal in view.literals:
        for piece in re.split(r"[\s,;]+", literal):
            shape = smiles_shape(piece)
            if shape and (shape.structural or shape.atoms >= 2) and piece not in given:
                found.append(piece)
    return list(dict.fromkeys(found))


def _smiles_issue(view: _ProgramView, datum: Datum, given: set[str]) -> Issue | None:
    """A request SMILES the program neither contains whole nor reads via its variable."""
    smiles = str(datum.value)
    haystacks = view.literals or (view.text,)
    if _has_smiles(haystacks, smiles) or view.reads(datum.name):
        return None
    others = _other_smiles(view, given)
    instead = f"; it parses `{others[0][:60]}` instead" if others else ""
    return Issue(
        f"the request gives the SMILES `{smiles}`, but the program does not use it{instead}. "
        f"Use the request's SMILES verbatim (or the variable `{datum.name}`); "
        "do not retype, replace or take a molecule from an example",
        validator="uses_request_data",
    )


def _sequence_issue(view: _ProgramView, datum: Datum) -> Issue | None:
    """A request sequence the program neither contains (any case) nor reads via its variable."""
    seq = str(datum.value).upper()
    if seq in view.upper or view.reads(datum.name):
        return None
    return Issue(
        f"the request gives the sequence `{seq[:60]}`, but the program does not contain "
        f"it: use the request's sequence verbatim (or the variable `{datum.name}`), "
        "do not retype, trim or change it",
        validator="uses_request_data",
    )


def _identifier_issue(view: _ProgramView, datum: Datum) -> Issue | None:
    """An accession replaced by another of the same shape (``NC_000913.3`` -> ``NC_000962.3``)."""
    ident = str(datum.value)
    if view.mentions(ident) or view.reads(datum.name):
        return None
    shape = "".join(
        "[A-Za-z]" if c.isalpha() else r"\d" if c.isdigit() else re.escape(c) for c in ident
    )
    pattern = re.compile(rf"(?<![\w.]){shape}(?![\w])")
    other = next((m.group() for lit in view.literals for m in pattern.finditer(lit)), None)
    if other is None:
        return None
    return Issue(
        f"the request names `{ident}`, but the program uses `{other}`: use the request's "
        f"identifier (or the variable `{datum.name}`)",
        validator="uses_request_data",
    )


def _file_issue(view: _ProgramView, datum: Datum, content: str) -> Issue | None:
    """Inline data written to a file: the program reads the file or carries the data itself."""
    name = str(datum.value)
    if view.mentions(name) or view.reads(datum.name):
        return None
    pieces = _file_pieces(name, content)
    if pieces and sum(p.upper() in view.upper for p in pieces) >= 0.8 * len(pieces):
        return None
    return Issue(
        f"the request's inline data is the file `{name}` in the current directory, but the "
        f"program neither reads it nor contains that data: open `{name}` (the variable "
        f"`{datum.name}` holds its name)",
        validator="uses_request_data",
    )


def _file_pieces(name: str, content: str) -> list[str]:
    """What a program that inlines a file's data must contain: sequences, or table cells."""
    if name.endswith(".fasta"):
        records = re.split(r"(?m)^>.*$", content)
        return ["".join(r.split()) for r in records if r.strip()]
    cells = (c.strip() for line in content.splitlines() for c in re.split(r"[,\t]", line))
    return [c for c in cells if len(c) >= 2]


def uses_request_data(output: ProgramOutput) -> Iterator[Issue]:
    """The program must work on the request's own data, not on a copy it changed.

    A small model that cannot make a sequence work sometimes edits it (drops a
    stop codon, trims it to whole codons), and one that copies an example
    card computes on the card's aspirin instead of the request's ``OCC``:
    either way it answers for another input, with an answer that passes
    every range check.  Each sequence and SMILES of the request must stand
    verbatim in the program (sequences in any case; a SMILES whole, so
    ``CCO`` is not found inside ``CCOc1ccccc1``), or the program must read the
    prelude variable bound to it.  Two spellings of one molecule need
    chemistry to compare: the chemistry plugin checks those.  Inline files
    must be read (or their data carried), and an accession must not be
    swapped for another.
    """
    parsed = _parsed(output.request)
    if not parsed.data:
        return
    view = output.data_view
    given = {str(d.value) for d in parsed.data if d.kind == "smiles"}
    for datum in parsed.data:
        issue: Issue | None = None
        if datum.kind == "smiles":
            issue = _smiles_issue(view, datum, given)
        elif datum.kind == "sequence":
            issue = _sequence_issue(view, datum)
        elif datum.kind == "identifier":
            issue = _identifier_issue(view, datum)
        elif datum.kind == "file":
            issue = _file_issue(view, datum, parsed.files.get(str(datum.value), ""))
        if issue is not None:
            yield issue


def answer_in_asked_form(output: ProgramOutput) -> Iterator[Issue]:
    """The last printed line must have the form the request asks for.

    "Give a single number" answered ``194.08 C8H10N4O2``, "as an integer"
    answered ``Number of acceptors: 2``: right knowledge, wrong answer, since
    the last line is what is compared.  The form is read from the request's
    words; when they do not say, every line passes.
    """
    form = _parsed(output.request).form
    if form.kind == "any" or not output.lines:
        return
    message = check_answer_form(form, output.answer)
    if message:
        yield Issue(message, validator="answer_in_asked_form")


#: a decimal number as regex text (sign, fraction, exponent), for validators' own patterns
NUMBER = r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?"
_NUMBER = re.compile(NUMBER)

Validator = Callable[[ProgramOutput], Iterable["Issue | str"]]

#: A normaliser maps one answer (the program's last printed line, stripped) to a
#: canonical key when the answer lies in its domain (a canonical SMILES, an
#: upper-case sequence, a quantity in SI units), or None when it does not apply.
#: Selection by execution groups candidate programs by these keys, so two
#: spellings of one answer count as agreement.  It must never raise on odd input.
Normaliser = Callable[[str], "str | None"]

#: validators of no domain, which the agent runs next to the plugins' ones
BUILTIN_VALIDATORS: tuple[Validator, ...] = (uses_request_data, answer_in_asked_form)


@dataclass
class Verdict:
    """All validators' findings on one output."""

    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def validator_name(validator: object) -> str:
    module = getattr(validator, "__module__", "") or ""
    name = getattr(validator, "__qualname__", None) or type(validator).__name__
    return f"{module}.{name}" if module else str(name)


def run_validators(output: ProgramOutput, validators: Sequence[Validator]) -> Verdict:
    """Run every validator; one that raises is reported as a warning, never fatal.

    A broken validator is the plugin's bug, not the program's: it must not
    reject a correct answer, so it surfaces as a warning naming the validator.
    """
    verdict = Verdict()
    for validator in validators:
        name = validator_name(validator)
        try:
            found = list(validator(output) or ())
        except Exception as exc:
            verdict.issues.append(
                Issue(
                    f"validator {name} raised {type(exc).__name__}: {exc} (a plugin bug; "
                    "the answer was not judged by it)",
                    "warning",
                    name,
                )
            )
            continue
        for item in found:
            if isinstance(item, Issue):
                verdict.issues.append(Issue(item.message, item.severity, item.validator or name))
            else:
                verdict.issues.append(Issue(str(item), "error", name))
    return verdict
