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
from functools import cached_property
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One thing a validator found; ``message`` says what is wrong and how to fix it."""

    message: str
    severity: Severity = "error"
    validator: str = ""  # filled in by :func:`run_validators`

    def __str__(self) -> str:
        return self.message


def imported_packages(code: str) -> frozenset[str]:
    """Top-level packages a program imports; nothing when it does not parse."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return frozenset()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return frozenset(names)


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


def uses_request_data(output: ProgramOutput) -> Iterator[Issue]:
    """The program must work on the request's own sequences, not on a copy it changed.

    A small model that cannot make a sequence work sometimes edits it (drops a
    stop codon, trims it to whole codons) and then answers for another input,
    with an answer that passes every range check.  Case does not matter, and a
    literal split over several lines counts once Python joins it; SMILES need
    chemistry to compare (two spellings can be one molecule), so the
    chemistry plugin checks those.
    """
    sequences = request_sequences(output.request)
    if not sequences:
        return
    haystack = "\n".join((output.code, *output.literals)).upper()
    for seq in sequences:
        if seq not in haystack:
            yield Issue(
                f"the request gives the sequence `{seq[:60]}`, but the program does not contain "
                "it: use the request's sequence verbatim, do not retype, trim or change it",
                validator="uses_request_data",
            )


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
BUILTIN_VALIDATORS: tuple[Validator, ...] = (uses_request_data,)


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
