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


def _canonical(smiles: str, isomeric: bool = True) -> str | None:
    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")  # type: ignore[attr-defined]
    mol = Chem.MolFromSmiles(smiles)
    return None if mol is None else Chem.MolToSmiles(mol, isomericSmiles=isomeric)


#: code that reads its molecules from a file rather than from literals
_READS_FILE = re.compile(r"open\(|Supplier\(|read_\w+\(|\.read\(|Path\(")

# ------------------------------------------------------ the request's molecules

#: a SMILES of organic-subset atoms only, no bonds, branches or rings: "CCO", "OCC", "C"
_PLAIN = re.compile(r"(?:Br|Cl|[BCNOSPFI])+")
_PLAIN_ATOM = re.compile(r"Br|Cl|[BCNOSPFI]")
#: a token right after the word SMILES: the strongest cue ("SMILES C", "SMILES: CCO");
#: not after "SMILES of/for", which names what to convert ("the SMILES for CO", a formula)
_AFTER_SMILES = re.compile(
    r"\bSMILES\b(?:\s+(?:string|code|notation))?(?:\s+is)?\s*[:=]?\s*[`'\"]?"
    r"(?P<token>[^\s`'\",;?!]+)",
    re.I,
)
#: a token in parentheses after a name and a space, or quoted: "ethanol (CCO)", "'CCO'"
#: (not a branch inside a SMILES: the "(NCc2ccco2)" of "c(NCc2ccco2)cc1Cl")
_NAMED = re.compile(
    r"(?<![^\s])[A-Za-z][\w-]*,?\s+\((?P<token>[^\s()]+)\)|[`'\"](?P<quoted>[^\s`'\"]+)[`'\"]"
)
#: a bare token after a word that introduces a molecule: "the molecular weight of OCC"
_BARE = re.compile(
    r"(?:\b(?:of|for|from|molecule|compound|between|and|vs\.?|versus)\s+|,\s*)"
    r"(?P<token>[A-Z][A-Za-z]*)(?=[\s,.;:?!)]|$)"
)
#: acronyms spelled with atom letters that a chemistry request may use as words
_ACRONYMS = frozenset({"PCC", "FCC", "BCC", "SCC", "CCS", "ICC", "NCC", "CCSD", "SCF"})
#: a request that wants a changed molecule: the answer (or the program's literals)
#: may then rightly differ from the molecule the request gives
_TRANSFORMS = re.compile(
    r"remov|strip|\bsalts?\b|neutrali[sz]|\bcharge|largest|fragment|\bparent\b|hydrogens|"
    r"\bAddHs\b|protonat|tautomer|react|product|\bafter\b|\bthen\b|\bconvert|hydroly|oxidi[sz]|"
    r"reduc|esterif|substitut|replac|attach|\badd(?:s|ed|ing)?\b|delet|scaffold|murcko|"
    r"enumerat|standardi[sz]|mutat|cleav|\bbreak|protect|cycli[sz]|combin|join|merg|"
    r"\bwith\s+an?\s+\w+\s+group|isotop|label"
    r"|\bform(?:s|ed|ing)\b|ester|yield",
    re.I,
)


def _plain_molecule(token: str, min_atoms: int) -> bool:
    """A plain SMILES that no formula or word is: a carbon, and an element repeated.

    A formula writes a repeated element with a count ("C2H6O", "CO2"), so "CCO"
    and "OCC" are molecules while "CO" or "NO" may well be formulas.
    """
    if not _PLAIN.fullmatch(token) or token in _ACRONYMS:
        return False
    atoms = _PLAIN_ATOM.findall(token)
    return "C" in atoms and len(atoms) >= min_atoms and len(set(atoms)) < len(atoms)


def _tokenises(token: str) -> bool:
    """Whether ``token`` is SMILES tokens from end to end, with at least one atom."""
    pos = 0
    for match in _SMILES_TOKEN.finditer(token):
        if match.start() != pos:
            return False
        pos = match.end()
    return pos == len(token) and bool(_ATOM.search(token))


@dataclass(frozen=True)
class _Given:
    """A molecule the request gives: its spelling there, its canonical SMILES, how sure we are.

    ``sure`` marks a SMILES of 6+ characters with SMILES-only syntax, which no
    word or formula is; a short one ("CCO", "C") was read from its context.
    """

    smiles: str
    canonical: str
    sure: bool


def _short_given(request: str) -> list[str]:
    """Short SMILES the request gives, read from what surrounds them (see ``_plain_molecule``)."""
    found: list[str] = []
    for m in _AFTER_SMILES.finditer(request):
        token = _clean(m.group("token"))
        if _tokenises(token) and not re.fullmatch(NUMBER, token):
            found.append(token)
    for m in _NAMED.finditer(request):
        token = _clean(m.group("token") or m.group("quoted"))
        if _is_smiles_like(token) or _plain_molecule(token, 2):
            found.append(token)
    for m in _BARE.finditer(request):
        token = _clean(m.group("token"))
        if _plain_molecule(token, 3):
            found.append(token)
    return found


def request_molecules(request: str) -> list[_Given]:
    """The molecules a request gives as SMILES, each once, with their canonical SMILES.

    Long SMILES are found anywhere; short ones ("CCO", "OCC", even "C") only
    where their context says they are molecules: after the word SMILES, in
    parentheses after a name or quoted, or after "of"/"for"/"and".
    """
    sure = [t for t in _smiles_in([request]) if len(t) >= 6]
    found: dict[str, _Given] = {}
    for token in sure + _short_given(request):
        canonical = _canonical(token)
        if canonical is not None and canonical not in found:
            found[canonical] = _Given(token, canonical, token in sure)
    return list(found.values())


#: characters that may continue a SMILES: a match bounded by none of them is a whole SMILES
_SMILES_CHAR = r"\w\[\]()=#@+\-/\\%*:~$"


def _contains_smiles(text: str, smiles: str) -> bool:
    """Whether ``text`` has ``smiles`` as a whole token ("CCO" is not in "CCOc1ccccc1")."""
    pattern = rf"(?<![{_SMILES_CHAR}]){re.escape(smiles)}(?![{_SMILES_CHAR}])"
    return re.search(pattern, text) is not None


def _literal_molecules(literals: Iterable[str]) -> tuple[set[str], set[str]]:
    """Canonical SMILES of every token of the program's literals that parses, and of
    those that are surely molecules (SMILES syntax, or a plain chain like "CCCO")."""
    every: set[str] = set()
    sure: set[str] = set()
    for literal in literals:
        for raw in _SPLIT.split(literal):
            token = _clean(raw)
            if not token or len(token) > 300 or not _tokenises(token) or _SMARTS_ONLY.search(token):
                continue
            canonical = _canonical(token)
            if canonical is None:
                continue
            every.add(canonical)
            if _is_smiles_like(token) or _plain_molecule(token, 2):
                sure.add(canonical)
    return every, sure


def _written_as_pattern(smiles: str, literals: Iterable[str]) -> bool:
    """Whether a literal is a SMARTS pattern for exactly this group ("S(=O)(=O)[#7]" for
    the request's "S(=O)(=O)-N"): a substructure search that rewrote the group as a query."""
    from rdkit import Chem

    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return False
    for literal in literals:
        for raw in _SPLIT.split(literal):
            if not raw or len(raw) > 300 or not _SMARTS_ONLY.search(raw):
                continue
            pattern = Chem.MolFromSmarts(raw)
            if (
                pattern is not None
                and pattern.GetNumAtoms() == mol.GetNumAtoms()
                and mol.HasSubstructMatch(pattern)
            ):
                return True
    return False


def request_smiles_used(output: ProgramOutput) -> list[Issue]:
    """The program must work on the molecules the request gives, not on ones it retyped.

    Why: a small model often writes a molecule from memory instead of the given
    SMILES (aspirin copied from an example card for the request's ``OCC``), or
    "fixes" a SMILES it could not parse: the answer is then for another molecule
    and passes every range check.  A literal that is the same molecule in another
    spelling (Kekulé form, ``OCC`` for ``CCO``) is fine: canonical SMILES are
    compared, and a verbatim copy must be a whole token (``CCO`` is not in
    ``CCOc1ccccc1``); a group the program rewrote as a SMARTS query for a
    substructure search (``S(=O)(=O)[#7]`` for ``S(=O)(=O)-N``) counts as used.  A long SMILES must be used whatever the program does; a
    short one read from its context ("ethanol (CCO)") only counts against a
    program whose literals hold another molecule, and not when the request asks
    for a transformation.  Left alone: a program that reads its molecules from a
    file, and one whose answer is itself a structure (a product written by hand
    may well be right; ``smiles_parse`` checks it).
    """
    if not output.uses("rdkit") or _smiles_candidates(output):
        return []
    molecules = request_molecules(output.request)
    given = [
        g
        for g in molecules
        if not _contains_smiles(output.code, g.smiles) and not output.reads_datum(g.smiles)
    ]
    if not given:
        return []
    every, sure = _literal_molecules(output.literals)
    if not sure and _READS_FILE.search(output.code):
        return []
    others = sure - {g.canonical for g in molecules}
    flat = {_canonical(c, isomeric=False) for c in every}
    transforms = bool(_TRANSFORMS.search(output.request))
    issues = []
    for g in given:
        if g.canonical in every or _canonical(g.smiles, isomeric=False) in flat:
            continue  # another spelling, or the same molecule without its stereo marks
        if _written_as_pattern(g.smiles, output.literals):
            continue
        if not g.sure and (not others or transforms):
            continue
        issues.append(
            Issue(
                f"The request gives the SMILES `{g.smiles}`, but the program uses neither it nor "
                "another spelling of the same molecule"
                + (f" (it uses {sorted(others)[0]} instead)" if others else "")
                + ": copy the request's SMILES verbatim instead of writing the structure from "
                "memory or changing it."
            )
        )
    return issues


# ------------------------------------------------------ answers the request shapes

_ASKS_CANONICAL = re.compile(
    r"canonical(?:i[sz]ed)?\s+(?:isomeric\s+|kekul\w+\s+)?SMILES|canonicali[sz]|canonical\s+form",
    re.I,
)


def _answer_structures(answer: str) -> list[str]:
    """The tokens of an answer line that are written in SMILES ("SMILES: CCO" -> ["CCO"])."""
    found = []
    for raw in answer.split():
        token = _clean(raw.strip("'\"`"))
        if token and _tokenises(token) and not re.fullmatch(NUMBER, token):
            found.append(token)
    return found


def canonical_smiles_of_request(output: ProgramOutput) -> list[Issue]:
    """A canonical SMILES asked for one given molecule must be that same molecule.

    Why: canonicalising never changes the molecule, so an answer that RDKit
    reads as another molecule (a retyped structure, a dropped atom, an edited
    ring) is wrong beyond doubt.  Judged only when the request gives exactly one
    molecule, asks for no transformation (salts removed, neutralised, largest
    fragment, hydrogens added, a reaction product), and the answer line holds
    exactly one SMILES; a dropped stereo mark alone is not called an error.
    """
    if not _ASKS_CANONICAL.search(output.request) or _TRANSFORMS.search(output.request):
        return []
    given = request_molecules(output.request)
    structures = _answer_structures(output.answer)
    if len(given) != 1 or len(structures) != 1:
        return []
    (answer,) = structures
    canonical = _canonical(answer)
    if canonical is None or canonical == given[0].canonical:
        return []  # an answer that does not parse is smiles_parse's to report
    if _canonical(answer, isomeric=False) == _canonical(given[0].smiles, isomeric=False):
        return []
    return [
        Issue(
            f"The request asks for the canonical SMILES of `{given[0].smiles}` (canonical: "
            f"{given[0].canonical}), but the answer {answer} is another molecule (canonical: "
            f"{canonical}): canonicalising never changes the molecule; print "
            "Chem.MolToSmiles(Chem.MolFromSmiles(smiles)) on the request's SMILES, unchanged."
        )
    ]


_ASKS_COUNT = re.compile(
    r"\b(?:how\s+many|number\s+of|count(?:\s+of)?)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:atoms?|rings?|bonds?|donors?|acceptors?|carbons?|nitrogens?|oxygens?|halogens?|"
    r"heteroatoms?|hydrogens?|stereo\s*cent(?:er|re)s?|chiral\s+cent(?:er|re)s?|electrons?|"
    r"fragments?|matches|groups?|molecules?|compounds?|conformers?|substituents?|isomers?)\b",
    re.I,
)
#: a request that also asks for a quantity that need not be whole, or for a derived count
_NOT_ONLY_A_COUNT = re.compile(
    r"\b(?:average|mean|median|per|ratio|fraction|percent(?:age)?|proportion|divided|"
    r"normali[sz]ed|weight|mass|logp|tpsa|area|volume|energy|charge|similarity|distance|"
    r"length|density|score|qed|fsp3|dipole|angle|rmsd?|fraction|probability|expected)\b|%",
    re.I,
)


def count_is_whole(output: ProgramOutput) -> list[Issue]:
    """A count the request asks for ("how many rings", "number of donors") must be whole.

    Why: atoms, rings, donors and substructure matches come in whole numbers, so
    2.5 means the program averaged, divided or reported another descriptor.
    Judged only when the request asks for a count of structural things and for
    no other quantity (an average, a weight, a ratio), and the answer line has
    exactly one number standing on its own; ``3.0`` is only a warning.
    """
    if not _ASKS_COUNT.search(output.request) or _NOT_ONLY_A_COUNT.search(output.request):
        return []
    numbers = _numbers(output.answer) if output.lines else _value_numbers(output.value)
    if len(numbers) != 1 or not math.isfinite(numbers[0]):
        return []
    (value,) = numbers
    if value != int(value):
        return [
            Issue(
                f"The request asks for a count, but the answer is {_fmt(value)}, not a whole "
                "number: print the count itself (the descriptor's int, mol.GetNumAtoms(), "
                "len(mol.GetSubstructMatches(pattern))), not an average or a value derived "
                "from it."
            )
        ]
    if re.search(r"\d\.0+\b", output.answer):
        return [
            Issue(
                f"The request asks for a count, and the answer {output.answer} is printed as a "
                "float: print it as an int.",
                "warning",
            )
        ]
    return []


_ASKS_WEIGHT = re.compile(
    r"\b(?:molecular\s+(?:weight|mass)|molar\s+mass|mol(?:ecular)?\.?\s*wt|MW|"
    r"monoisotopic\s+mass|exact\s+mass)\b",
    re.I,
)
#: a weight of something else than the one given molecule, or in other units
_OTHER_WEIGHT = re.compile(
    r"\bheavy|\bdifference|\bratio|\bsum\b|\btotal\b|\bmixture|\bper\b|\baverage\s+of|"
    r"\bmean\b|hydrate|hydrochloride|\bHCl\b|\bkDa\b|kg\s*/\s*mol|\bions?\b|\[M|adduct|"
    r"\bm/z\b|\bcharged?\b",
    re.I,
)


def _weights(smiles: str) -> tuple[float, float] | None:
    """(average, monoisotopic) molecular weight of a SMILES, hydrogens included."""
    from rdkit import Chem, RDLogger
    from rdkit.Chem import Descriptors

    RDLogger.DisableLog("rdApp.*")
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return None
    return Descriptors.MolWt(mol), Descriptors.ExactMolWt(mol)


def _decimals(text: str) -> int:
    match = re.search(r"\.(\d+)", text)
    return len(match.group(1)) if match else 0


def molecular_weight_of_request(output: ProgramOutput) -> list[Issue]:
    """A molecular weight asked for one given molecule must be that molecule's weight.

    Why: the weight of a given structure is fixed, average (Descriptors.MolWt)
    or monoisotopic (ExactMolWt); a number that is neither is the weight of
    something else: the molecule without its hydrogens (HeavyAtomMolWt), a
    retyped structure, another compound.  Two programs that read the same
    misleading card agree on such a number, so agreement alone cannot catch it.
    Judged only when the request gives exactly one molecule, asks for its
    weight and nothing derived (a difference, a salt, an ion, other units), and
    the answer line holds one number; the tolerance is the printed precision
    or 0.05 %, whichever is looser (other tables of atomic weights pass).
    """
    request = output.request
    if not _ASKS_WEIGHT.search(request) or _OTHER_WEIGHT.search(request):
        return []
    if _TRANSFORMS.search(request):
        return []
    given = request_molecules(request)
    numbers = _numbers(output.answer) if output.lines else _value_numbers(output.value)
    if len(given) != 1 or len(numbers) != 1 or not math.isfinite(numbers[0]):
        return []
    weights = _weights(given[0].smiles)
    if weights is None:
        return []
    (value,) = numbers
    slack = 0.5 * 10.0 ** -_decimals(output.answer)
    if any(abs(value - w) <= max(slack, 5e-4 * w) for w in weights):
        return []
    if request_smiles_used(output):
        return []  # another molecule in the program: request_smiles_used says so, once
    average, mono = weights
    return [
        Issue(
            f"The request asks for the molecular weight of `{given[0].smiles}`: it is "
            f"{average:.3f} g/mol (average, Descriptors.MolWt) or {mono:.4f} (monoisotopic, "
            f"Descriptors.ExactMolWt), but the answer is {_fmt(value)}, the weight of something "
            "else (HeavyAtomMolWt leaves out the hydrogens): compute Descriptors.MolWt (or "
            "ExactMolWt for an exact or monoisotopic mass) of the request's SMILES, unchanged."
        )
    ]


VALIDATORS: tuple[Validator, ...] = (
    smiles_parse,
    descriptor_ranges,
    none_result,
    request_smiles_used,
    canonical_smiles_of_request,
    count_is_whole,
    molecular_weight_of_request,
)
