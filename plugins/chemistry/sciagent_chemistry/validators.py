"""Output validators for RDKit programs: SMILES that parse, descriptors in range, no stray None.

Each validator reads only data (printed text, the JSON-safe ``result``, the
program's source and the request) and returns :class:`~sciagent.validation.Issue`
objects whose message names the problem *and* the fix, because it becomes
repair feedback for a small code model.  Errors reject the answer, so they are
raised only when the output is wrong beyond doubt (a false alarm turns a right
answer into a failed one); anything less certain is a warning or nothing.

RDKit is imported lazily, inside the function that parses a SMILES string.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sciagent.validation import NUMBER, Issue, ProgramOutput, Validator

# ---------------------------------------------------------------- numbers

#: a number standing on its own: not part of a name ("C13", "x2") or a longer token
_NUMBER = re.compile(rf"(?<![\w.]){NUMBER}(?![\w]|\.\d)")


def _numbers(text: str) -> list[float]:
    return [float(m) for m in _NUMBER.findall(text)]


def _value_numbers(value: Any) -> list[float]:
    """The numbers of a numeric ``result``: a number or a flat list of numbers."""
    items = value if isinstance(value, list) else [value]
    found: list[float] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int | float):
            return [] if isinstance(value, list) else found
        if math.isfinite(item):
            found.append(float(item))
    return found


def _fmt(x: float) -> str:
    return f"{x:g}"


# ------------------------------------------------------------------ SMILES

#: one SMILES token: a bracket atom, an organic-subset atom, an aromatic atom, a bond,
#: a branch, a ring closure or a dot (the grammar RDKit reads, minus reactions)
_SMILES_TOKEN = re.compile(r"\[[^\[\]\s]+\]|Br|Cl|[BCNOSPFI]|[bcnops]|\*|%\d\d|[-=#$:/\\.~()\d]")
_ATOM = re.compile(r"\[[^\[\]\s]+\]|Br|Cl|[BCNOSPFIbcnops*]")
#: syntax a SMILES string has and a word, formula or number never has
_STRUCTURE = re.compile(r"[()\[\]=#@/\\]|[bcnops]\d")
#: SMARTS-only syntax (atom primitives X/D/v/R, atomic numbers, logic), not SMILES
_SMARTS_ONLY = re.compile(r"\[[^\]]*(?:[XDvRxr]\d|#\d|[;&!,])[^\]]*\]|[~!,;&]|\$\(")
#: separators between printed tokens (quotes, commas, braces of printed containers)
_SPLIT = re.compile(r"[\s,'\"{}|]+")
#: '>' joins the molecules of a reaction SMILES; '->'/'<-' are dative bonds, kept
_REACTION_ARROW = re.compile(r"(?<!-)>|<(?!-)")
#: code that prints molecule fragments or unsanitised molecules on purpose
_UNSANITISED = re.compile(
    r"MolFragmentToSmiles|MolToSmarts|sanitize\s*=\s*False|FragmentOnBonds|ReplaceCore|"
    r"ReplaceSidechains|DeleteSubstructs|RWMol|EditableMol"
)
#: a line reporting a bad input on purpose ("skipped invalid SMILES: C1CC(")
_REPORTS_FAILURE = re.compile(
    r"invalid|could ?n[o']t|cannot|can't|fail|error|skip|bad|unparsable|not valid|warning",
    re.I,
)
_MENTIONS_SMILES = re.compile(r"smiles", re.I)
_PARSERS = re.compile(
    r"\bMolFrom(?:Smiles|Smarts|MolBlock|MolFile|Mol2Block|Mol2File|InchI|Inchi|PDBBlock|PDBFile|Sequence|FASTA|HELM|XYZBlock|CXSmiles)\b|\bSmilesMolSupplier\b|\bSDMolSupplier\b"
)


def _is_smiles_like(token: str) -> bool:
    """Whether ``token`` is written in SMILES and has syntax no word or formula has."""
    if len(token) < 3 or not _STRUCTURE.search(token) or not _ATOM.search(token):
        return False
    pos = 0
    for match in _SMILES_TOKEN.finditer(token):
        if match.start() != pos:
            return False
        pos = match.end()
    return pos == len(token)


def _clean(token: str) -> str:
    """Strip the punctuation prose or a printed container wraps around a SMILES string."""
    token = token.strip().rstrip(":;?!")
    if token.endswith(".") and not token.endswith(".."):
        token = token[:-1]
    # unbalanced brackets that belong to the surrounding text: "[CCO" of "['CCO', ...]"
    for opener, closer in ("()", "[]"):
        while token.startswith(opener) and token.count(opener) > token.count(closer):
            token = token[1:]
        while token.endswith(closer) and token.count(closer) > token.count(opener):
            token = token[:-1]
    if token.startswith("(") and token.endswith(")") and _balanced(token[1:-1]):
        token = token[1:-1]
    return token


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


def _smiles_in(texts: Iterable[str]) -> list[str]:
    """SMILES-looking tokens in ``texts``: printed lines, the request, the program's literals."""
    found: dict[str, None] = {}
    for text in texts:
        for raw in _SPLIT.split(text):
            if raw.endswith(("...", "…")):
                continue  # truncated by pandas or a shortened print, not the whole SMILES
            # a reaction SMILES is molecules joined by '>': each side is one
            for part in _REACTION_ARROW.split(raw):
                token = _clean(part)
                if token and _is_smiles_like(token):
                    found[token] = None
    return list(found)


def _smiles_candidates(output: ProgramOutput) -> list[str]:
    """SMILES-looking tokens the program printed or returned, minus the request's own."""
    texts = [line for line in output.lines if not _REPORTS_FAILURE.search(line)]
    if output.has_value:
        texts += [s for s in output.strings() if not _REPORTS_FAILURE.search(s)]
    printed = [
        text.replace("\\\\", "\\")  # a printed list shows repr(): C/C=C\\C
        for text in texts
        if not text.lstrip().startswith("<rdkit.")
    ]
    request = output.request
    return [t for t in _smiles_in(printed) if t not in request][:50]


def _smiles_problem(smiles: str, syntax_only: bool = False) -> str | None:
    """Why RDKit rejects ``smiles``, or None when it parses (and sanitises, unless ``syntax_only``)."""
    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")  # type: ignore[attr-defined]
    mol = Chem.MolFromSmiles(smiles, sanitize=False)
    if mol is None:
        if Chem.MolFromSmarts(smiles) is not None and _SMARTS_ONLY.search(smiles):
            return None  # a SMARTS pattern (the program matched substructures), not a SMILES
        return (
            "RDKit cannot parse it (look for unbalanced parentheses or brackets, an unclosed "
            "ring-closure digit or an unknown atom)"
        )
    if syntax_only:
        return None
    try:
        Chem.SanitizeMol(mol)
    except Exception as exc:  # RDKit raises MolSanitizeException subclasses
        reason = " ".join(str(exc).split()) or type(exc).__name__
        return f"RDKit rejects it on sanitisation ({reason})"
    return None


def smiles_parse(output: ProgramOutput) -> list[Issue]:
    """Every SMILES the program prints or returns must parse and sanitise with RDKit.

    Why: a hand-edited or string-built SMILES often has a dropped bracket, an
    unclosed ring or a five-valent carbon; RDKit would reject it, so the answer
    is not a molecule.  Only tokens with SMILES-only syntax (branches, bonds,
    brackets, aromatic ring closures) are checked, only when the program deals
    with SMILES, and never a string the request itself supplied (echoing an
    invalid input back is not the program's fault), one on a line reporting a
    failure, or one cut short ("CC(=O)Oc1cc..." in a pandas table).  Programs
    that print fragments or edited molecules are held to SMILES syntax only.
    """
    if not output.uses("rdkit") or not _MENTIONS_SMILES.search(output.request + output.code):
        return []
    issues = []
    # fragments (MolFragmentToSmiles, edited RWMol) need not sanitise: check their syntax only
    syntax_only = bool(_UNSANITISED.search(output.code))
    for smiles in _smiles_candidates(output):
        problem = _smiles_problem(smiles, syntax_only)
        if problem:
            issues.append(
                Issue(
                    f"The output contains the SMILES {smiles!r}, which is not a valid molecule: "
                    f"{problem}. Produce SMILES with Chem.MolToSmiles(mol) from a molecule that "
                    "parsed, instead of writing or editing the string by hand."
                )
            )
    return issues


# ------------------------------------------------------------- descriptors


@dataclass(frozen=True)
class _Family:
    """A descriptor family: how code computes it, how output and request name it, its range."""

    name: str
    code: re.Pattern[str]
    label: re.Pattern[str]
    request: re.Pattern[str]
    ok: Callable[[float], bool]
    expected: str  # the physical range, for the message
    fix: str
    #: request words after which a bare number is something else (an index, a difference)
    skip: re.Pattern[str]


#: (an average of a descriptor stays in its range, so "average"/"mean" are not here)
_NOT_THE_VALUE = (
    r"\b(?:which|index|rank|position|how many|number of|count|difference|differ|change|delta"
    r"|ratio|log|percent(?:age)?|sum|total|more than|less than|fewer|per)\b|%"
)
_FAMILIES = (
    _Family(
        "molecular weight",
        re.compile(
            r"\b(?:Mol[Ww]t|ExactMolWt|HeavyAtomMolWt|Calc(?:Exact|HeavyAtom)?MolWt|CalcExactMolWt)\b"
        ),
        re.compile(
            r"\b(?:mol(?:ecular)?[\s_.-]*(?:weight|wt|mass)|mol_?wt|MW|exact[\s_-]*(?:mol[\s_-]*)?"
            r"(?:mass|wt|weight)|monoisotopic[\s_-]*mass|molar[\s_-]*mass)\b",
            re.I,
        ),
        re.compile(
            r"molecular (?:weight|mass)|monoisotopic|exact mass|molar mass|\bMW\b|\bmass\b", re.I
        ),
        lambda v: 0 < v < 1e5,
        "a positive number below 100,000 g/mol for a small molecule",
        "Compute it with Descriptors.MolWt(mol) (or ExactMolWt for the monoisotopic mass) on "
        "the parsed molecule and print that value unchanged.",
        re.compile(_NOT_THE_VALUE, re.I),
    ),
    _Family(
        "TPSA",
        re.compile(r"\b(?:Calc)?TPSA\b"),
        re.compile(r"\b(?:T?PSA|(?:topological )?polar surface area)\b", re.I),
        re.compile(r"\bT?PSA\b|polar surface", re.I),
        lambda v: v >= 0,
        "zero or positive (square angstroms)",
        "Use rdMolDescriptors.CalcTPSA(mol) (or Descriptors.TPSA) and print it unchanged.",
        re.compile(_NOT_THE_VALUE, re.I),
    ),
    _Family(
        "similarity",
        re.compile(
            r"\b(?:Bulk)?(?:Tanimoto|Dice|Tversky|Cosine|Sokal|Russel|Kulczynski|McConnaughey"
            r"|Braunblanquet|Asymmetric|AllBit|OnBit|RogotGoldberg)Similarity\b"
            r"|\bFingerprintSimilarity\b"
        ),
        re.compile(
            r"\b(?:tanimoto|dice|tversky|cosine)?[\s_-]*(?:similarity|sim)\b|\btanimoto\b", re.I
        ),
        re.compile(r"similarity|tanimoto|dice", re.I),
        lambda v: -1e-9 <= v <= 1 + 1e-9,
        "between 0 and 1",
        "Fingerprint similarities (Tanimoto, Dice) lie in [0, 1]: compute it with "
        "DataStructs.TanimotoSimilarity(fp1, fp2) on two fingerprints and do not scale it.",
        re.compile(
            r"\b(?:which|index|rank|position|how many|number of|count|difference|ratio|log"
            r"|percent(?:age)?|sum|total|per)\b|%",
            re.I,
        ),
    ),
    _Family(
        "QED",
        re.compile(r"\bqed\b|\bQED\.(?:qed|default|weights_\w+)\b"),
        re.compile(r"\bQED\b|drug[\s-]?likeness", re.I),
        re.compile(r"\bQED\b|drug[\s-]?likeness", re.I),
        lambda v: -1e-9 <= v <= 1 + 1e-9,
        "between 0 and 1",
        "QED is a desirability score in [0, 1]: compute it with QED.qed(mol) and print it "
        "unchanged.",
        re.compile(_NOT_THE_VALUE, re.I),
    ),
    _Family(
        "fraction of sp3 carbons",
        re.compile(r"\b(?:Calc)?FractionC[Ss][Pp]3\b"),
        re.compile(r"\bFsp3\b|fraction[\s_-]*c?sp3", re.I),
        re.compile(r"\bFsp3\b|fraction\W+(?:\w+\W+){0,4}sp3|sp3[\s-]hybridi[sz]ed", re.I),
        lambda v: -1e-9 <= v <= 1 + 1e-9,
        "between 0 and 1",
        "Fsp3 is a fraction in [0, 1]: use rdMolDescriptors.CalcFractionCSP3(mol).",
        re.compile(_NOT_THE_VALUE, re.I),
    ),
    _Family(
        "count",
        re.compile(
            r"\b(?:Calc)?Num(?:HBD|HBA|HDonors|HAcceptors|RotatableBonds|Rings|AromaticRings"
            r"|AliphaticRings|SaturatedRings|Heteroatoms|HeavyAtoms|Atoms|AtomStereoCenters"
            r"|ValenceElectrons|RadicalElectrons|LipinskiHBD|LipinskiHBA|Amide[Bb]onds"
            r"|Bridgeheads|Spiro\w*|Heterocycles|AromaticCarbocycles|AromaticHeterocycles)\b"
            r"|\bGetNum(?:Atoms|HeavyAtoms|Bonds)\b|\bRingCount\b|\bHeavyAtomCount\b"
        ),
        re.compile(
            r"\b(?:(?:number|num|count|no\.?)[\s_]*(?:of[\s_]+)?(?:h[\s_-]*bond[\s_-]*)?"
            r"(?:donors|acceptors|atoms|heavy[\s_]atoms|rings|aromatic[\s_]rings|rotatable[\s_]bonds"
            r"|heteroatoms|bonds)|HBD|HBA|H[\s_-]?bond[\s_-]?(?:donors|acceptors)"
            r"|rotatable[\s_]bonds|ring[\s_]count|heavy[\s_]atoms?(?:[\s_]count)?)\b",
            re.I,
        ),
        re.compile(r"how many|number of|\bcount\b", re.I),
        lambda v: v >= 0,
        "a non-negative integer",
        "A count of atoms, rings, bonds or hydrogen-bond donors/acceptors cannot be negative: "
        "print the descriptor's value (e.g. Lipinski.NumHDonors(mol)) without arithmetic on it.",
        re.compile(
            r"\b(?:difference|differ|change|delta|more|fewer|less|ratio|average|mean|per|log)\b",
            re.I,
        ),
    ),
)

#: words that, just before a label, say the number is not the descriptor itself
_MODIFIER = re.compile(
    r"(?:delta|change|diff(?:erence)?|relative|log|ratio|error|residual|Δ|minus|vs\.?|std|"
    r"rmse|mae)\W*(?:in|of)?\W*$",
    re.I,
)


def _labelled(output: ProgramOutput, family: _Family) -> list[float]:
    """Numbers printed right after the family's label ("MW: 180.16", "TPSA = 63.6")."""
    found = []
    for line in output.lines:
        for match in family.label.finditer(line):
            if _MODIFIER.search(line[max(0, match.start() - 20) : match.start()]):
                continue
            rest = line[match.end() :]
            num = re.match(
                r"\s*(?:\([^)]{0,12}\))?\s*(?:[:=]|is)?\s*([-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)(?![\w.]|\.\d)",
                rest,
            )
            if num is None or re.match(r"\s*(?:%|[-+*/^]\s*\d)", rest[num.end() :]):
                continue  # a percentage or an expression, not the descriptor's value
            if "%" not in rest[: num.end()] and "percent" not in rest[: num.end()].lower():
                found.append(float(num.group(1)))
    return found


def _answer_family(output: ProgramOutput) -> _Family | None:
    """The one range-checked family the answer reports, when code and request agree on it."""
    named = [
        f for f in _FAMILIES if f.code.search(output.code) and f.request.search(output.request)
    ]
    if len(named) != 1 or named[0].skip.search(output.request):
        return None
    return named[0]


def _answer_numbers(output: ProgramOutput) -> list[float]:
    """The answer's numbers: a lone number or a list of numbers on the answer line, and the result."""
    found: list[float] = []
    answer = output.lines[-1].strip() if output.lines else ""
    numbers = _numbers(answer)
    if len(numbers) == 1 or (numbers and re.fullmatch(r"[\[(][-+\d.eE,\s]*[\])]", answer)):
        found += numbers
    if output.has_value:
        found += _value_numbers(output.value)
    return found


def descriptor_ranges(output: ProgramOutput) -> list[Issue]:
    """Descriptor values must lie in their physical range.

    Why: a molecular weight of -3, a Tanimoto similarity of 1.7 or a negative
    donor count is impossible whatever the molecule, so it always means a bug
    (wrong function, arithmetic on the value, a scaled or swapped number).
    Labelled printed values are checked against their label; a bare answer is
    checked only when the code computes exactly the descriptor the request asks
    for, and the request does not ask for an index, a count of molecules, a
    difference, a percentage or a logarithm.
    """
    if not output.uses("rdkit"):
        return []
    issues: list[Issue] = []
    reported: set[tuple[str, float]] = set()

    def judge(family: _Family, values: list[float]) -> None:
        for v in values:
            if (family.name, v) in reported:
                continue
            reported.add((family.name, v))
            if not family.ok(v):
                issues.append(
                    Issue(
                        f"The {family.name} in the output is {_fmt(v)}, but it must be "
                        f"{family.expected}. {family.fix}"
                    )
                )
            elif family.name == "count" and v != int(v) and not family.skip.search(output.request):
                issues.append(
                    Issue(
                        f"The count in the output is {_fmt(v)}, not a whole number: counts of "
                        "atoms, rings or donors are integers; print the descriptor itself, not "
                        "a value derived from it.",
                        "warning",
                    )
                )

    for family in _FAMILIES:
        if family.code.search(output.code):
            judge(family, _labelled(output, family))
    answered = _answer_family(output)
    if answered is not None:
        judge(answered, _answer_numbers(output))
    return issues


# -------------------------------------------------------------------- None

_MOL_REPR = re.compile(r"<rdkit\.Chem\.rdchem\.Mol object at 0x[0-9a-fA-F]+>")
_ASKS_SMILES = re.compile(
    r"(?:as|give|report|return|answer with|output|print)\s+(?:\w+\s+){0,3}smiles"
    r"|smiles\s+(?:string|of|for)\b|(?:canonical|isomeric|kekul\w+)\s+smiles",
    re.I,
)


def none_result(output: ProgramOutput) -> list[Issue]:
    """A printed ``None`` where a molecule or a value was expected: usually a failed parse.

    Why: ``Chem.MolFromSmiles`` (and the other ``MolFrom*`` readers) return None
    instead of raising on bad input, so ``print(mol)`` or a helper returning
    the unparsed molecule prints "None".  The answer line being ``None`` is an
    error; a ``None`` on an earlier line is a warning.  Also an answer that is a
    Mol object's repr when the request wants a SMILES.
    """
    if not output.uses("rdkit"):
        return []
    parses = bool(_PARSERS.search(output.code))
    cause = (
        "Chem.MolFromSmiles (like the other MolFrom* readers) returns None instead of raising "
        "when it cannot parse its input: check the SMILES string (brackets, ring-closure "
        "digits, valences, aromatic atoms) and test `if mol is None` before using the molecule."
        if parses
        else "An RDKit function that works in place (e.g. Chem.Kekulize, "
        "AllChem.ComputeGasteigerCharges) returns None: print the value you computed, not the "
        "call's return value."
    )
    issues = []
    lines = [line.strip() for line in output.lines]
    answer_none = bool(lines) and lines[-1] == "None"
    value_none = output.has_value and output.value is None and not lines and parses
    if answer_none or value_none:
        issues.append(Issue(f"The answer is None, not a value. {cause}"))
    elif "None" in lines[:-1]:
        issues.append(
            Issue(
                "The program printed a line 'None' before its answer: a MolFrom* reader returns "
                "None on input it cannot parse, and in-place functions (Chem.Kekulize, "
                "AllChem.ComputeGasteigerCharges) return None; check which call printed it.",
                "warning",
            )
        )
    if lines and _MOL_REPR.fullmatch(lines[-1]) and _ASKS_SMILES.search(output.request):
        issues.append(
            Issue(
                "The answer is an RDKit Mol object's repr, not a SMILES string: print "
                "Chem.MolToSmiles(mol) instead of the molecule."
            )
        )
    return issues


def _canonical(smiles: str) -> str | None:
    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")  # type: ignore[attr-defined]
    mol = Chem.MolFromSmiles(smiles)
    return None if mol is None else Chem.MolToSmiles(mol)


#: code that reads its molecules from a file rather than from literals
_READS_FILE = re.compile(r"open\(|Supplier\(|read_\w+\(|\.read\(|Path\(")


def request_smiles_used(output: ProgramOutput) -> list[Issue]:
    """The program must work on the molecules the request gives, not on ones it retyped.

    Why: a small model often writes a molecule from memory instead of the given
    SMILES (or "fixes" the SMILES it could not parse): the answer is then for
    another molecule and passes every range check.  A literal that is the same
    molecule in another spelling (Kekulé form, other atom order) is fine: the
    canonical SMILES are compared.  Only SMILES of 6 or more characters that
    RDKit parses count.  Left alone: a program that reads its molecules from a
    file, and one whose answer is itself a structure (a product written by hand
    may well be right; ``smiles_parse`` checks it).
    """
    if not output.uses("rdkit") or _smiles_candidates(output):
        return []
    given = [t for t in _smiles_in([output.request]) if len(t) >= 6]
    missing = [t for t in given if t not in output.code]
    if not missing:
        return []
    literals = _smiles_in(output.literals)
    if not literals and _READS_FILE.search(output.code):
        return []
    have = {_canonical(t) for t in literals} - {None}
    issues = []
    for smiles in missing:
        canonical = _canonical(smiles)
        if canonical is None or canonical in have:
            continue
        issues.append(
            Issue(
                f"The request gives the SMILES `{smiles}`, but the program uses neither it nor "
                "another spelling of the same molecule: copy the request's SMILES verbatim "
                "instead of writing the structure from memory or changing it."
            )
        )
    return issues


VALIDATORS: tuple[Validator, ...] = (
    smiles_parse,
    descriptor_ranges,
    none_result,
    request_smiles_used,
)
