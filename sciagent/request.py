"""What a request gives and what it asks: its data, its inline files, its answer form.

A small model often answers wrongly without lacking knowledge: it computes on
other data than the request's (it retypes ``OCC`` as the aspirin of an
example card), it prints the answer with extra words (``194.08 C8H10N4O2``
when the request said "a single number"), or it opens a file the request only
wrote out inline.  This module reads, from the request's words and the shapes
of its data alone (no per-task rules, no chemistry library), what the request
gives (:class:`Datum`), which inline blocks are files (``input.fasta``), and
in what form the answer is wanted (:class:`AnswerForm`).  The agent binds the
data to variables at the top of the program (:func:`prelude`), states the
form in the prompt (:meth:`AnswerForm.describe`), and checks the last printed
line against it (:func:`check_answer_form`).

It is pure and imports nothing from sciagent: :mod:`sciagent.validation`
builds its validators on it.  Every reading errs towards "not found": a false
SMILES makes a right program fail validation, a missed one only leaves a
check undone; likewise an unclear answer form is ``"any"``, which accepts
every line.
"""

from __future__ import annotations

import ast
import builtins
import keyword
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "AnswerForm",
    "Datum",
    "ParsedRequest",
    "answer_key",
    "check_answer_form",
    "parse_request",
    "prelude",
    "smiles_shape",
    "variables_note",
]

DatumKind = Literal[
    "smiles",  # a molecule written as SMILES
    "sequence",  # DNA, RNA or protein letters
    "number",  # a labelled number without unit (z = 0.5)
    "numbers",  # a written-out list of three or more numbers
    "quantity",  # a number with a unit (10.5 km/s)
    "coordinate",  # a sexagesimal angle (05h55m10.3s, +07d24m25s)
    "time",  # an ISO date or date-time, its time scale as ``unit``
    "text",  # a quoted string
    "identifier",  # a database accession (NC_000913.3, UniProt P69905)
    "file",  # an inline block written to a file; ``value`` is its name
]
DatumValue = str | float | int | tuple[float | int, ...]
FormKind = Literal["number", "integer", "string", "list", "smiles", "sequence", "any"]


@dataclass(frozen=True)
class Datum:
    """One piece of data the request gives; ``name`` is its variable in the prelude."""

    name: str
    value: DatumValue
    kind: DatumKind
    unit: str | None = None


@dataclass(frozen=True)
class AnswerForm:
    """The form the request wants the answer's line in; ``"any"`` when it does not say.

    ``unit``: ``"required"`` (a number with its unit), ``"forbidden"`` (the bare
    number) or None (either).  ``decimals`` and ``significant`` are upper
    bounds on the printed digits; ``length`` is the item count of a list whose
    template the request shows (``[ra_deg, dec_deg]``); ``template`` a layout
    such as ``YYYY-MM-DD``.
    """

    kind: FormKind = "any"
    decimals: int | None = None
    unit: Literal["required", "forbidden"] | None = None
    separator: str | None = None
    significant: int | None = None
    length: int | None = None
    template: str | None = None

    def describe(self) -> str:
        """One line for the prompt: how the last printed line must look."""
        return _DESCRIBE[self.kind](self)


@dataclass(frozen=True)
class ParsedRequest:
    """A request's data, the answer form it asks for, and its inline files by name."""

    data: tuple[Datum, ...] = ()
    form: AnswerForm = field(default_factory=AnswerForm)
    files: dict[str, str] = field(default_factory=dict)

    def named(self, kind: DatumKind) -> list[Datum]:
        """The data of one kind, in the order the request gives them."""
        return [d for d in self.data if d.kind == kind]


# --------------------------------------------------------------------- numbers
#: a decimal number as written (sign, fraction, exponent)
NUMBER = r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?"
#: a whole line that is one number and nothing else
_LONE_NUMBER = re.compile(rf"\s*({NUMBER})\s*")
#: a number followed by whatever is after it (a unit, words)
_NUMBER_THEN_REST = re.compile(rf"\s*({NUMBER})\s*(.*?)\s*")
#: a number as data in prose: a full stop after it ends the sentence, it is not a decimal point
DATA_NUMBER = r"[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?"


def _words(text: str) -> frozenset[str]:
    """A vocabulary written as whitespace-separated words (shorter to read than a list)."""
    return frozenset(text.split())


#: units a scientist writes after a number or asks the answer in (case matters:
#: ``M`` molar and ``m`` metre; long names are matched lowercased, see ``_is_unit``)
_UNIT_SYMBOLS = _words(
    """
    deg arcsec arcmin mas uas rad sr hourangle as
    m cm mm um µm μm nm pm km au AU pc kpc Mpc Gpc ly lyr Angstrom AA Å
    s ms us µs ns min h hr d day yr Myr Gyr kyr
    Hz kHz MHz GHz THz
    K mK eV keV MeV GeV TeV meV J erg W kW mW
    Jy mJy uJy µJy mag dex
    g kg mg ug µg ng Da kDa amu u mol mmol umol nmol
    M mM uM µM nM pM L mL uL µL
    degC °C °F C F kcal kJ cal Pa kPa bar atm Torr
    bp kb kbp Mbp nt aa
    V mV A mA T G
    %
    """
)
#: long unit names, lowercase, singular and plural
_UNIT_WORDS = _words(
    """
    degree degrees arcsecond arcseconds arcminute arcminutes radian radians
    metre metres meter meters centimetre centimetres centimeter centimeters
    millimetre millimetres millimeter millimeters nanometre nanometres nanometer nanometers
    micrometre micrometres micrometer micrometers micron microns kilometre kilometres
    kilometer kilometers angstrom angstroms ångström ångströms
    parsec parsecs kiloparsec kiloparsecs megaparsec megaparsecs gigaparsec gigaparsecs
    light-year light-years lightyear lightyears
    second seconds minute minutes hour hours day days year years week weeks
    hertz kelvin celsius fahrenheit electronvolt electronvolts joule joules
    jansky janskys millijansky millijanskys magnitude magnitudes
    gram grams kilogram kilograms milligram milligrams dalton daltons kilodalton kilodaltons
    mole moles molar millimolar micromolar nanomolar litre litres liter liters
    kcal/mol kj/mol g/mol km/s m/s km/s/mpc cm^-1 m^-1
    percent
    """
)
#: what a unit measures, for units that measure one thing only (``h`` may be an hour
#: angle, ``m`` a minute of RA, so neither is listed)
_DIMENSION_OF_UNIT = {
    **dict.fromkeys(
        _words("AA Å Angstrom angstrom angstroms nm um µm μm mm cm km pc kpc Mpc Gpc au AU ly lyr"),
        "length",
    ),
    **dict.fromkeys(_words("Hz kHz MHz GHz THz hertz"), "frequency"),
    **dict.fromkeys(_words("eV keV MeV GeV TeV meV J erg kJ kcal"), "energy"),
    **dict.fromkeys(_words("K mK kelvin"), "temperature"),
    **dict.fromkeys(_words("kg g mg Da kDa"), "mass"),
    **dict.fromkeys(_words("yr Myr Gyr kyr ms ns"), "time"),
}
#: what a noun before a number names, for nouns a unit can contradict
_DIMENSION_OF_WORD = {
    **dict.fromkeys(
        _words("wavelength length distance radius diameter height size separation"), "length"
    ),
    **dict.fromkeys(_words("frequency"), "frequency"),
    **dict.fromkeys(_words("energy"), "energy"),
    **dict.fromkeys(_words("temperature"), "temperature"),
    **dict.fromkeys(_words("mass weight"), "mass"),
    **dict.fromkeys(_words("age period duration lifetime"), "time"),
}
#: verbs a request starts with, which the word before a number may be
_COMMANDS = _words("convert compute calculate express give find turn change get make print")
#: one piece of a compound unit: a symbol with an optional exponent (``cm^-1``, ``s-1``, ``m2``)
_UNIT_PIECE = re.compile(r"(?P<base>[A-Za-zµμÅ°%]+)(?:\^?(?P<exp>[-+]?\d+))?")


def _is_unit(text: str) -> bool:
    """Whether ``text`` is a unit: a known name, or known symbols joined by / * · or spaces."""
    text = text.strip()
    if not text:
        return False
    if text.lower() in _UNIT_WORDS:
        return True
    pieces = [p for p in re.split(r"[/*·\s]+", text) if p]
    if not pieces or len(pieces) > 4:
        return False
    for piece in pieces:
        match = _UNIT_PIECE.fullmatch(piece)
        if match is None:
            return False
        base = match.group("base")
        if base not in _UNIT_SYMBOLS and base.lower() not in _UNIT_WORDS:
            return False
    return True


# ---------------------------------------------------------------------- SMILES
#: one SMILES token: a bracket atom, an organic-subset atom, a bond, a dot, a ring label, a branch
_SMILES_TOKEN = re.compile(
    r"(?P<bracket>\[[^\[\]]+\])|(?P<atom>Cl|Br|[BCNOPSFI]|[bcnops]|\*)"
    r"|(?P<bond>[-=#$:/\\])|(?P<dot>\.)|(?P<ring>%\d\d|\d)|(?P<open>\()|(?P<close>\))"
)
#: what may stand inside a bracket atom: isotope, element, chirality, H count, charge, class
_BRACKET_ATOM = re.compile(
    r"\[\d*(?:[A-Z][a-z]?|se|as|te|[bcnops]|\*)(?:@@?|@[A-Z]{2}\d{1,2})?(?:H\d?)?"
    r"(?:[+-]{1,3}|[+-]\d)?(?::\d+)?\]"
)
#: every character a SMILES string may use (for a lenient look at an answer line)
_SMILES_CHARS = re.compile(r"[A-Za-z0-9@+\-\[\]()=#$:/\\.%*]+")


@dataclass(frozen=True)
class SmilesShape:
    """What a string that parses as SMILES shows: size and structural marks."""

    atoms: int
    ring: bool
    branch: bool
    bracket: bool
    multiple_bond: bool

    @property
    def structural(self) -> bool:
        """Marks ordinary words never have: ring closures, branches, bracket atoms, = or #."""
        return self.ring or self.branch or self.bracket or self.multiple_bond


def smiles_shape(text: str) -> SmilesShape | None:
    """Read ``text`` with SMILES grammar (no chemistry); None when it cannot be SMILES.

    Checks the alphabet, bracket atoms, balanced branches, ring labels that
    open and close on different atoms, and that aromatic atoms sit in a ring:
    ``CO2``, ``C8H10N4O2``, ``NaCl``, ``n=11`` and ``RA---TAN`` all fail.
    """
    tokens = _smiles_tokens(text)
    if tokens is None:
        return None
    atoms, depth, prev = 0, 0, "start"
    open_rings: dict[str, int] = {}
    ring = branch = bracket = multiple = aromatic = False
    for kind, value in tokens:
        if kind in ("atom", "bracket"):
            if kind == "bracket" and not _BRACKET_ATOM.fullmatch(value):
                return None
            atoms += 1
            bracket = bracket or kind == "bracket"
            aromatic = aromatic or value.islower()
        elif kind == "ring":
            if prev not in ("atom", "bracket", "ring", "bond") or atoms == 0:
                return None
            if value in open_rings:
                if open_rings.pop(value) == atoms:
                    return None  # a ring bond from an atom to itself
                ring = True
            else:
                open_rings[value] = atoms
        elif kind == "bond":
            if prev not in ("atom", "bracket", "ring", "close", "open"):
                return None
            multiple = multiple or value in "=#$"
        elif kind == "dot":
            if prev not in ("atom", "bracket", "ring", "close"):
                return None
        elif kind == "open":
            if prev not in ("atom", "bracket", "ring", "close"):
                return None
            depth, branch = depth + 1, True
        elif kind == "close":
            if depth == 0 or prev not in ("atom", "bracket", "ring", "close"):
                return None
            depth -= 1
        prev = kind
    if depth or open_rings or prev not in ("atom", "bracket", "ring", "close") or not atoms:
        return None
    if aromatic and not ring:
        return None
    return SmilesShape(atoms, ring, branch, bracket, multiple)


def _smiles_tokens(text: str) -> list[tuple[str, str]] | None:
    """Split ``text`` into SMILES tokens; None when some character is not SMILES."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        match = _SMILES_TOKEN.match(text, pos)
        if match is None or match.lastgroup is None:
            return None
        tokens.append((match.lastgroup, match.group()))
        pos = match.end()
    return tokens or None


# ------------------------------------------------------------- reading the text
#: words that are never a molecule's or a quantity's name
_STOPWORDS = _words(
    """
    a an the of and or with without for to in on at by from as is are was be this that these
    those use using smiles molecule compound structure string given drawn written between
    into its their what which how give compute calculate report find it each both per
    where when then than e.g i.e such like example value values number them it they all
    list following near about around approximately roughly moves away
    """
)
#: words that name a fragment or a group, not a molecule (``carbonyl (C=O) group``)
_FRAGMENT_WORDS = _words(
    "group groups bond bonds carbonyl hydroxyl carboxyl moiety fragment motif pattern "
    "substructure smarts linker ring"
)
#: the last word of a two-word chemical name (``acetic acid``, ``lidocaine hydrochloride``)
_HEAD_NOUNS = _words(
    "acid oxide chloride hydrochloride bromide sulfate sodium potassium salt alcohol ester "
    "ether acetate"
)
#: names a program commonly binds itself (modules, aliases): the prelude avoids them
_RESERVED = _words(
    "u np pd plt chem math seq units const c e h k g m t cosmo time date datetime re os sys "
    "json ast result io random stats scipy table coord coords wcs sky mol data"
)
#: words after which a token is an example of a form, not data (``e.g. C2H6O``)
_EXAMPLE_WORDS = ("e.g.", "e.g.,", "eg", "eg.", "i.e.", "i.e.,", "example", "example,", "like")
_SENTENCE_END = re.compile(r"[.?!]$")
#: characters stripped off a whitespace token's ends before it is read
_LEAD = "\"'`“‘«"
_TRAIL = ".,;:?!\"'`”’»"


@dataclass
class _Token:
    """A whitespace-separated piece of the prose, with its cleaned core and its span."""

    raw: str
    core: str
    start: int  # where ``core`` starts in the prose
    quoted: bool
    in_parens: bool


def _tokens(prose: str) -> list[_Token]:
    """Whitespace tokens with quotes, wrapping parentheses and end punctuation removed."""
    found = []
    for match in re.finditer(r"\S+", prose):
        raw, core, offset = match.group(), match.group(), match.start()
        quoted = core[:1] in _LEAD
        while core[:1] in _LEAD and core:
            core, offset = core[1:], offset + 1
        in_parens = core.startswith("(")
        if in_parens:
            core, offset = core[1:], offset + 1
        while core:
            if core[-1] in _TRAIL or (core[-1] == ")" and core.count(")") > core.count("(")):
                core = core[:-1]
            else:
                break
        found.append(_Token(raw, core, offset, quoted, in_parens))
    return found


def _word(token: _Token) -> str | None:
    """The token as a plain lowercase word, or None (numbers, symbols, sentence ends)."""
    if _SENTENCE_END.search(token.raw.rstrip(")\"'")) and not token.raw.endswith("e.g."):
        return None
    core = token.core.rstrip(",:")
    if not re.fullmatch(r"(?:[\d,]+-)?[A-Za-z][a-z]+(?:-[a-z]+)*", core):
        return None
    return core.lower()


def _name_before(tokens: list[_Token], index: int, skip: frozenset[str]) -> str | None:
    """A readable name for the datum at ``index``: the word just before it.

    Connector tokens in ``skip`` (``SMILES``, ``=``) may stand between; a
    sentence end stops the search, so a name is never taken from another
    sentence.  ``acetic acid`` keeps both words.
    """
    j = index - 1
    while j >= 0 and tokens[j].core.lower().rstrip(":,") in skip:
        if _SENTENCE_END.search(tokens[j].raw):
            return None
        j -= 1
    if j < 0 or tokens[j].raw.endswith((")", "(")) or tokens[j].raw.endswith((".", "?", "!")):
        return None
    word = _word(tokens[j])
    if word is None or word in _STOPWORDS or len(word) < 3:
        return None
    if word in _HEAD_NOUNS and j:
        before = _word(tokens[j - 1])
        if before and before not in _STOPWORDS:
            word = f"{before}_{word}"
    return word


def _is_acronym(tokens: list[_Token], index: int) -> bool:
    """Whether an all-capitals token spells the initials of the words before it.

    ``central nervous system (CNS)`` and ``phosphate-buffered saline (PBS)``
    are abbreviations, not SMILES.
    """
    letters = tokens[index].core
    words: list[str] = []
    for token in reversed(tokens[max(0, index - 2 * len(letters) - 2) : index]):
        words[:0] = [w for w in re.split(r"[-\s]", token.core) if w]
    initials = "".join(w[0] for w in words if w.lower() not in _STOPWORDS).upper()
    return initials.endswith(letters.upper())


def _after_example_word(tokens: list[_Token], index: int) -> bool:
    """Whether the token follows "e.g." or "for example": a shape shown, not data."""
    before = [t.raw.lower() for t in tokens[max(0, index - 2) : index]]
    return any(b.lstrip("(") in _EXAMPLE_WORDS for b in before) or (
        len(before) == 2 and before == ["such", "as"]
    )


def _smiles_context(tokens: list[_Token], index: int) -> bool:
    """Whether the word SMILES stands among the three tokens before, in the same sentence."""
    for j in range(index - 1, max(-1, index - 4), -1):
        if "smiles" in tokens[j].raw.lower():
            return True
        if _SENTENCE_END.search(tokens[j].raw) and not tokens[j].raw.lower().endswith("e.g."):
            return False
    return False


def _wrapped(token: _Token) -> bool:
    """Whether the token stands alone in parentheses or quotes: ``(CCO)``, ``'CCO'``."""
    end = token.raw.rstrip(".,;:?!")
    return (token.in_parens and end.endswith(")")) or (token.quoted and end[-1:] in "\"'`”’")


def _is_smiles_datum(tokens: list[_Token], index: int) -> bool:
    """Whether a token is a SMILES the request gives, judged by grammar *and* context.

    Without context a token needs structure (rings, branches, brackets, = or #)
    and three atoms, so ``CO2 emissions``, ``C=O stretch``, ``NCBI`` or a DNA
    run stay words.  After the word SMILES any valid string counts (``C``,
    ``OCC``).  In parentheses or quotes after a name (``ethanol (CCO)``) two
    atoms suffice, unless the token is the initials of the words before it
    (``(CNS)``) or follows a fragment word (``carbonyl (C=O)``).
    """
    token = tokens[index]
    shape = smiles_shape(token.core)
    if shape is None or _after_example_word(tokens, index):
        return False
    if _smiles_context(tokens, index):
        return True
    if shape.structural and shape.atoms >= 3:
        return True
    if not _wrapped(token) or shape.atoms < 2 or index == 0:
        return False
    before = _word(tokens[index - 1])
    if before is None or before in _STOPWORDS or before in _FRAGMENT_WORDS:
        return False
    if shape.structural:
        return True
    return "C" in token.core.upper() and not _is_acronym(tokens, index)


# -------------------------------------------------------------------- patterns
#: a run of ten or more capitals (DNA, RNA, protein), as ``request_sequences`` reads them
_SEQUENCE_RUN = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]{10,}|[acgtun]{10,})(?![A-Za-z0-9])")
#: lines that are only sequence letters, one after another: one sequence wrapped over lines
_SEQUENCE_LINES = re.compile(r"(?m)^[ \t]*([A-Z]{10,}|[acgtun]{10,})[ \t]*$")
#: a sexagesimal right ascension (05h55m10.305s) or declination (+07d24m25.43s, -08°12′05.9″)
_SEXAGESIMAL = re.compile(
    r"(?<![\w.])(?:\d{1,2}h\s?\d{1,2}m\s?\d{1,2}(?:\.\d+)?s"
    r"|[-+−]?\d{1,3}[d°]\s?\d{1,2}[m′']\s?\d{1,2}(?:\.\d+)?(?:s|″|\"|'')?)(?![\w])"
)
#: colon-separated sexagesimal after an RA or Dec label (RA 05:55:10.3)
_COLON_ANGLE = re.compile(
    r"(?i)\b(?P<label>ra|dec|right ascension|declination)\s*[=:]?\s*"
    r"(?P<value>[-+]?\d{1,3}:\d{2}:\d{2}(?:\.\d+)?)"
)
#: an ISO date or date-time with an optional time scale (2024-03-20 03:06:00 UTC)
_ISO_TIME = re.compile(
    r"(?<![\w.])(?P<value>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)"
    r"(?:\s*(?P<scale>UTC|TAI|TT|TDB|TCB|TCG|UT1|GPS)\b)?"
)
#: a RefSeq accession (NC_000913.3, NM_000546.6): an underscore makes it unmistakable
_REFSEQ = re.compile(r"(?<![\w.])[A-Z]{2}_\d{5,}(?:\.\d+)?(?![\w])")
#: an accession after the name of its database (UniProt P69905, PDB 1CRN, accession U49845)
_NAMED_ACCESSION = re.compile(
    r"\b(?:UniProt(?:KB)?|PDB|GenBank|accession|Ensembl)(?:\s+(?:ID|id|entry|code|number))?"
    r"[\s:]+(?P<value>(?=[A-Za-z0-9_.]*\d)(?=[A-Za-z0-9_.]*[A-Za-z])[A-Za-z0-9_]{4,15}(?:\.\d+)?)\b"
)
#: what may follow a labelled number: the number ends there, then an optional unit
_NUMBER_END_UNIT = r"(?![\w*/^(]|\.\d)(?:[ \t]*(?P<unit>[^\s,;()]+))?"
#: a labelled number: ``z = 0.5``, ``H0 = 70 km/s/Mpc``, ``RA: 10.68 deg``
_LABELLED_NUMBER = re.compile(
    rf"(?<![\w.])(?P<label>[A-Za-z][A-Za-z0-9_]*)\s*(?:=|:)\s*(?P<num>{DATA_NUMBER})"
    + _NUMBER_END_UNIT
)
#: an abbreviation followed by a number: ``RA 10.684 deg``, ``MJD 60000.0``, ``Trp 5500``
_ABBREVIATED_NUMBER = re.compile(
    rf"(?<![\w.])(?P<label>[A-Z]{{2,5}}|[A-Z][a-z]{{1,2}})[ \t]+(?P<num>{DATA_NUMBER})"
    + _NUMBER_END_UNIT
)
#: a number and its unit, unlabelled: ``2.5 kiloparsecs``, ``280 nm``
_NUMBER_UNIT = re.compile(rf"(?<![\w.*/^+-])(?P<num>{DATA_NUMBER})[ \t]*(?P<unit>[^\s,;()]+)")
#: three or more numbers separated by commas (measurements written out)
_NUMBER_LIST = re.compile(
    rf"(?<![\w.*/^+-])(?P<list>{DATA_NUMBER}(?:[ \t]*,[ \t]*{DATA_NUMBER}){{2,}})"
    r"(?![\w*/^]|\.\d|,\s*\.)"
)
#: a short quoted string, opened after a space, "=", "(" or line start
_QUOTED = re.compile(
    r"(?:(?<=[\s=(:])|^)(?P<q>['\"`])(?P<value>[^'\"`\n]{1,40})(?P=q)(?=[\s,.;:)?!]|$)"
)
#: a fenced block (``` ... ```) in the request
_FENCE = re.compile(r"```[^\n]*\n(?P<body>.*?)(?:```|\Z)", re.S)


# ----------------------------------------------------------------------- files
_FASTA_HEADER = re.compile(r">\S")
_FASTA_BODY = re.compile(r"[A-Za-z*\-]+")
_PDB_RECORD = re.compile(
    r"(?:HEADER|TITLE|COMPND|SOURCE|KEYWDS|EXPDTA|AUTHOR|REVDAT|JRNL|REMARK|SEQRES|HELIX|SHEET"
    r"|CRYST1|ORIGX\d|SCALE\d|MODEL|ATOM|HETATM|ANISOU|TER|ENDMDL|CONECT|MASTER|END)\b"
)
#: kind of inline block -> (file name stem and extension, prelude variable)
_FILE_NAMES = {
    "fasta": ("input.fasta", "fasta_file"),
    "genbank": ("record.gb", "genbank_file"),
    "pdb": ("structure.pdb", "pdb_file"),
    "csv": ("table.csv", "csv_file"),
    "tsv": ("table.tsv", "tsv_file"),
    "text": ("input.txt", "text_file"),
}


@dataclass(frozen=True)
class _Block:
    """Lines ``start``..``end`` (exclusive) of the request form one inline file."""

    start: int
    end: int
    kind: str
    text: str


def _block_kind(lines: list[str]) -> str | None:
    """What a run of lines is, judged by its shape only; None for prose."""
    body = [ln.strip() for ln in lines if ln.strip()]
    if len(body) < 2:
        return None
    if _FASTA_HEADER.match(body[0]) and all(
        _FASTA_HEADER.match(ln) or _FASTA_BODY.fullmatch(ln) for ln in body
    ):
        return "fasta"
    if body[0].startswith("LOCUS "):
        return "genbank"
    if all(_PDB_RECORD.match(ln) for ln in body) and any(
        ln.startswith(("ATOM", "HETATM")) for ln in body
    ):
        return "pdb"
    for kind, sep in (("tsv", "\t"), ("csv", ",")):
        if _is_table(body, sep):
            return kind
    return None


def _is_table(rows: list[str], sep: str) -> bool:
    """Rows with the same number of short cells, at least one of them a number."""
    counts = {row.count(sep) for row in rows}
    if len(counts) != 1 or 0 in counts:
        return False
    cells = [c.strip() for row in rows for c in row.split(sep)]
    if any(len(c.split()) > 4 for c in cells):
        return False
    return any(re.fullmatch(NUMBER, c) for c in cells)


def _find_blocks(lines: list[str]) -> list[_Block]:
    """Inline files among the request's lines: fenced blocks, FASTA, GenBank, PDB, tables."""
    blocks: list[_Block] = []
    i = 0
    while i < len(lines):
        end = _block_end(lines, i)
        if end is not None:
            fenced = lines[i].lstrip().startswith("```")
            body = lines[i + 1 : end - 1] if fenced else lines[i:end]
            if fenced and body and lines[end - 1].strip() != "```":
                body = lines[i + 1 : end]
            kind = _block_kind(body) or ("text" if fenced else None)
            if kind:
                text = "\n".join(ln.rstrip() for ln in body).strip("\n") + "\n"
                blocks.append(_Block(i, end, kind, text))
                i = end
                continue
        i += 1
    return blocks


def _block_end(lines: list[str], i: int) -> int | None:
    """Where a block that starts at line ``i`` ends (exclusive), or None if none starts."""
    line = lines[i].strip()
    if line.startswith("```"):
        for j in range(i + 1, len(lines)):
            if lines[j].strip().startswith("```"):
                return j + 1
        return len(lines)
    if _FASTA_HEADER.match(line):
        j = i + 1
        while j < len(lines) and (
            not lines[j].strip()
            or _FASTA_HEADER.match(lines[j].strip())
            or _FASTA_BODY.fullmatch(lines[j].strip())
        ):
            j += 1
        while j > i + 1 and not lines[j - 1].strip():
            j -= 1
        return j
    if line.startswith("LOCUS "):
        for j in range(i + 1, len(lines)):
            if lines[j].strip() == "//":
                return j + 1
        return len(lines)
    j = i
    while j < len(lines) and lines[j].strip() and _block_line(lines[j], line):
        j += 1
    return j if j - i >= 2 else None


def _block_line(line: str, first: str) -> bool:
    """Whether ``line`` continues a PDB or table block begun by ``first``."""
    if _PDB_RECORD.match(first):
        return bool(_PDB_RECORD.match(line.strip()))
    return any(first.count(sep) and line.count(sep) == first.count(sep) for sep in ("\t", ","))


def _split_files(text: str) -> tuple[str, dict[str, str], list[tuple[str, str]]]:
    """The prose without its inline blocks, the blocks as files, and (file, variable) pairs."""
    lines = text.split("\n")
    files: dict[str, str] = {}
    bound: list[tuple[str, str]] = []
    keep = [True] * len(lines)
    for block in _find_blocks(lines):
        name, var = _FILE_NAMES[block.kind]
        n = sum(1 for f in files if f.endswith(name.rsplit(".", 1)[1]))
        if n:
            stem, ext = name.rsplit(".", 1)
            name, var = f"{stem}_{n + 1}.{ext}", f"{var}_{n + 1}"
        files[name] = block.text
        bound.append((name, var))
        for k in range(block.start, block.end):
            keep[k] = False
    prose = "\n".join(ln if k else "" for ln, k in zip(lines, keep, strict=True))
    return prose, files, bound


# ------------------------------------------------------------------------ data
@dataclass
class _Found:
    """A datum found at ``start``..``end`` of the prose, named later."""

    start: int
    end: int
    kind: DatumKind
    value: DatumValue
    unit: str | None = None
    hint: str | None = None  # a readable stem for the variable name


def _claimed(spans: list[_Found], start: int, end: int) -> bool:
    """Whether a span overlaps one already read (each character is one datum at most)."""
    return any(f.start < end and start < f.end for f in spans)


def _find_smiles(prose: str, tokens: list[_Token]) -> Iterator[_Found]:
    """SMILES data, judged token by token, named after the word before them."""
    skip = frozenset({"smiles", "smiles:", "=", ":", "-", "—"})
    sure = {i for i, t in enumerate(tokens) if t.core and _is_smiles_datum(tokens, i)}
    sure |= _listed_with(tokens, sure)
    for i in sorted(sure):
        token = tokens[i]
        hint = _name_before(tokens, i, skip)
        yield _Found(token.start, token.start + len(token.core), "smiles", token.core, None, hint)


def _listed_with(tokens: list[_Token], sure: set[int]) -> set[int]:
    """Valid SMILES in a comma list with a sure one: ``CCO, c1ccccc1, CC(=O)O`` are all data."""
    found: set[int] = set()
    changed = True
    while changed:
        changed = False
        for i, token in enumerate(tokens):
            if i in sure or i in found or smiles_shape(token.core) is None:
                continue
            known = sure | found
            after = (i + 1) in known and token.raw.endswith(",")
            before = (i - 1) in known and tokens[i - 1].raw.endswith(",")
            if (after or before) and not _after_example_word(tokens, i):
                found.add(i)
                changed = True
    return found


def _find_sequences(prose: str, taken: list[_Found]) -> Iterator[_Found]:
    """Sequences: wrapped lines of letters joined into one, then single runs."""
    lines = list(_SEQUENCE_LINES.finditer(prose))
    groups: list[list[re.Match[str]]] = []
    for m in lines:
        if groups and prose[groups[-1][-1].end() : m.start()].strip() == "":
            groups[-1].append(m)
        else:
            groups.append([m])
    for group in groups:
        if len(group) > 1:
            value = "".join(m.group(1) for m in group)
            start, end = group[0].start(1), group[-1].end(1)
            if not _claimed(taken, start, end):
                yield _Found(start, end, "sequence", value)
                taken.append(_Found(start, end, "sequence", value))
    for m in _SEQUENCE_RUN.finditer(prose):
        if not _claimed(taken, m.start(), m.end()):
            yield _Found(m.start(), m.end(), "sequence", m.group())


def _find_angles_times_ids(prose: str) -> Iterator[_Found]:
    """Sexagesimal angles, ISO times and accessions: shapes no other datum has."""
    for m in _SEXAGESIMAL.finditer(prose):
        value = m.group().replace("−", "-")
        hint = "ra_hms" if "h" in value else "dec_dms"
        yield _Found(m.start(), m.end(), "coordinate", value, None, hint)
    for m in _COLON_ANGLE.finditer(prose):
        hint = "ra_hms" if m.group("label").lower().startswith("r") else "dec_dms"
        yield _Found(m.start("value"), m.end("value"), "coordinate", m.group("value"), None, hint)
    for m in _ISO_TIME.finditer(prose):
        scale = m.group("scale")
        hint = f"time_{scale.lower()}" if scale else ("time" if len(m["value"]) > 10 else "date")
        yield _Found(m.start(), m.end(), "time", m.group("value"), scale, hint)
    for m in _REFSEQ.finditer(prose):
        yield _Found(m.start(), m.end(), "identifier", m.group(), None, "accession")
    for m in _NAMED_ACCESSION.finditer(prose):
        yield _Found(m.start("value"), m.end("value"), "identifier", m["value"], None, "accession")


def _number(text: str) -> float | int:
    """A number from its text: an int when written without point or exponent."""
    text = text.lstrip("+")
    return int(text) if re.fullmatch(r"[-+]?\d+", text) else float(text)


def _unit_of(text: str | None) -> str | None:
    """The unit after a number, when the next word is one."""
    if not text:
        return None
    text = text.rstrip(".,;:?!")
    return text if _is_unit(text) and not re.fullmatch(NUMBER, text) else None


def _find_numbers(prose: str, taken: list[_Found]) -> Iterator[_Found]:
    """Labelled numbers, numbers with units, and written-out lists of numbers."""
    for m in _NUMBER_LIST.finditer(prose):
        if not _claimed(taken, m.start(), m.end()):
            values = tuple(_number(v) for v in re.findall(DATA_NUMBER, m.group("list")))
            found = _Found(m.start(), m.end(), "numbers", values, None, "values")
            taken.append(found)
            yield found
    for pattern in (_LABELLED_NUMBER, _ABBREVIATED_NUMBER):
        for m in pattern.finditer(prose):
            if _claimed(taken, m.start("num"), m.end("num")):
                continue
            unit = _unit_of(m.group("unit"))
            end = m.end("unit") if unit else m.end("num")
            kind: DatumKind = "quantity" if unit else "number"
            found = _Found(m.start("num"), end, kind, _number(m["num"]), unit, m["label"])
            taken.append(found)
            yield found
    for m in _NUMBER_UNIT.finditer(prose):
        unit = _unit_of(m.group("unit"))
        if unit is None or _claimed(taken, m.start(), m.end()):
            continue
        hint = _named_for_its_unit(_word_before(prose, m.start()), unit)
        found = _Found(m.start(), m.end(), "quantity", _number(m["num"]), unit, hint)
        taken.append(found)
        yield found


def _word_before(prose: str, pos: int) -> str | None:
    """The noun a number belongs to: ``height 4205 m``, ``a distance of 2.5 kpc``."""
    words = prose[:pos].split()[-2:]
    if words and words[-1].lower() == "of":
        words = words[:-1]
    if not words:
        return None
    word = words[-1]
    if not re.fullmatch(r"[A-Za-z][a-z]+", word) or word.lower() in _STOPWORDS:
        return None
    return word.lower()


def _named_for_its_unit(noun: str | None, unit: str) -> str | None:
    """The noun, unless the unit says the number measures something else.

    "the photon energy of 5500 Angstrom light" asks for an energy, but 5500 is a
    wavelength: named ``energy_angstrom``, a small model computes as if it were
    already the energy.  Such conversions between kinds of quantity (spectral
    ones above all) name the answer before the number, so the unit decides; it
    also names a number no noun introduces (``1.4 GHz`` -> ``frequency_ghz``).
    """
    if noun in _COMMANDS:  # "Convert 5.2 AU to km": no noun names the number
        noun = None
    measured = _DIMENSION_OF_UNIT.get(unit)
    if measured is None or noun is None:
        return noun or measured
    said = _DIMENSION_OF_WORD.get(noun)
    return measured if said is not None and said != measured else noun


def _find_text(prose: str, taken: list[_Found]) -> Iterator[_Found]:
    """Short quoted strings, named after a label before them (``CTYPE1 = 'RA---TAN'``)."""
    for m in _QUOTED.finditer(prose):
        start, end = m.start("value"), m.end("value")
        value = m.group("value")
        if _claimed(taken, start, end) or not value.strip() or value != value.strip():
            continue
        label = re.search(r"([A-Za-z][A-Za-z0-9_]*)\s*[=:]\s*$", prose[: m.start()])
        yield _Found(start, end, "text", value, None, label.group(1) if label else "text")


def _collect(prose: str) -> list[_Found]:
    """Every datum of the prose, each span read once, in the order of the text."""
    tokens = _tokens(prose)
    found: list[_Found] = list(_find_smiles(prose, tokens))
    found += [f for f in _find_angles_times_ids(prose) if not _claimed(found, f.start, f.end)]
    found += list(_find_sequences(prose, list(found)))
    found += list(_find_numbers(prose, list(found)))
    found += list(_find_text(prose, list(found)))
    unique: list[_Found] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if not _claimed(unique, f.start, f.end):
            unique.append(f)
    return unique


# ---------------------------------------------------------------------- naming
def _slug(text: str) -> str:
    """``Omega_matter`` -> ``omega_matter``; ``km/s`` -> ``km_s``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower().replace("µ", "u")).strip("_")


def _stem(found: _Found) -> str:
    """The readable part of a datum's variable name."""
    kind, hint = found.kind, found.hint
    if kind == "smiles":
        return f"smiles_{_slug(hint)}" if hint else "smiles"
    if kind in ("quantity", "number"):
        base = _slug(hint) if hint else "quantity"
        unit = _slug(found.unit or "")
        simple = unit and found.unit and re.fullmatch(r"[A-Za-zµ]+", found.unit)
        if simple and not base.endswith(unit):
            return f"{base}_{unit}"
        return base
    return _slug(hint) if hint else kind


def _names(found: list[_Found], taken: set[str]) -> list[str]:
    """Unique, valid, readable names: a stem, then ``_1``/``_2`` when a stem repeats."""
    stems = []
    for f in found:
        stem = _stem(f) or f.kind
        if not stem[0].isalpha():
            stem = f"{f.kind}_{stem}"
        if keyword.iskeyword(stem) or stem in _RESERVED or hasattr(builtins, stem):
            stem = f"{stem}_value"
        stems.append(stem)
    repeated = {s for s in stems if stems.count(s) > 1}
    counters: dict[str, int] = {}
    names = []
    for stem in stems:
        if stem in repeated:
            counters[stem] = counters.get(stem, 0) + 1
            name = f"{stem}_{counters[stem]}"
        else:
            name = stem
        while name in taken:
            name += "_"
        taken.add(name)
        names.append(name)
    return names


# ---------------------------------------------------------------- answer forms
_WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_COUNT = r"(\d{1,2}|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
#: "rounded to 3 decimals", "to 2 decimal places", "to 3 d.p.", "with 4 decimals"
_DECIMALS = re.compile(rf"\b{_COUNT}\s+(?:decimal(?:s|\s+places?|\s+digits?)?|d\.?p\.?)(?!\w)")
#: "3 significant figures", "4 sig figs", "3 significant digits"
_SIGNIFICANT = re.compile(rf"\b{_COUNT}\s+(?:significant\s+(?:figures?|digits?)|sig\.?\s*figs?)\b")
#: phrases that ask for a bare number
_NUMBER_ONLY = re.compile(
    r"\b(?:number only|only the number|just the number|(?:a |one )?single number"
    r"|(?:as |give |report |answer with |with )an? (?:plain |bare |single |real |decimal )?number\b"
    r"|as a fraction|a fraction between|between 0 and 1|numeric value|numerical value"
    r"|value only|as a decimal|as a float|(?:give|report) a number)"
)
#: phrases that ask for a unit with the number
_WITH_UNIT = re.compile(
    r"\b(?:with (?:its|the|their) units?|with units?|including (?:the |its )?units?)\b"
)
#: "number of X": a count, unless it is a mean, a rate or a unit (number of light-years)
_NUMBER_OF = re.compile(r"(?<!mean )(?<!average )(?<!expected )\bnumber of ((?:\S+\s*){0,5})")
#: phrases that ask for a list
_LIST = re.compile(
    r"\b(?:(?P<sep>comma|space|semicolon)[- ]separated|as a list|a list of|list (?:the|all|each)"
    r"|as an? (?:python )?(?:array|tuple))\b"
)
#: a list template in the request: ``[ra_deg, dec_deg]``, ``[mean, median, standard deviation]``
_LIST_TEMPLATE = re.compile(r"\[\s*[A-Za-z][\w ]*(?:\s*,\s*[A-Za-z][\w ]*)+\s*\]")
#: phrases that ask for a SMILES answer (the word SMILES not followed by a given SMILES)
_SMILES_ANSWER = re.compile(
    r"\b(?:give|report|return|answer|print|output|write|what is|what's|as|convert \S+ to)\b"
    r"[^.?!;]{0,40}?\bsmiles\b(?! *:? *(?:string)? *:? *§)"
)
#: phrases that ask for a sequence answer
_SEQUENCE_ANSWER = re.compile(
    r"\b(?:one-letter code|single-letter code"
    r"|(?:give|report|return|print|output|answer with|what is|what's|write)\s+(?:the\s+|its\s+)?"
    r"(?:resulting\s+|translated\s+|encoded\s+|full\s+)?(?:reverse[- ]complement(?:ary)?"
    r"|complement|protein|peptide|amino[- ]acid sequence|(?:dna|rna|mrna|cdna|nucleotide|protein)"
    r"\s+(?:sequence|string)|(?:sequence|string) of the protein))\b"
)
#: phrases that ask for a bare word or name (``Answer with its identifier only``)
_STRING_ONLY = re.compile(
    r"\b(?:(?:name|identifier|id|formula|symbol|label|string|word|letter|code|date|answer)"
    r"(?: string)? only|only (?:the|its) (?:name|identifier|id|formula|symbol|label)"
    r"|answer with (?:the |its )?(?:compound |record |star |object )?(?:name|identifier|id))\b"
)
#: a date or time layout to follow (``Answer as YYYY-MM-DD``)
_TEMPLATE = re.compile(r"\b(?:YYYY-MM-DD(?:[T ]hh:mm(?::ss)?)?|hh:mm:ss|YYYY/MM/DD|DD/MM/YYYY)\b")
#: "in km/s", "to light-years", "in units of ...": the unit the answer is wanted in
_IN_UNIT = re.compile(
    r"\b(?:in|to|into)\s+(?:units of\s+)?(?:square\s+|cubic\s+)?(?P<unit>[^\s,;?]+(?:\s+[^\s,;?]+)?)"
)


def _count(text: str) -> int:
    """A count written in digits or as a word (``3``, ``three``)."""
    return int(text) if text.isdigit() else _WORD_NUMBERS[text]


def _unit_follows(words: str) -> bool:
    """Whether the first words of ``words`` name a unit (``proper kiloparsecs``, ``degrees``)."""
    return any(_is_unit(w.strip(".,;:?!")) for w in words.split()[:3])


def _count_kind(after: str) -> FormKind:
    """What "how many X" / "number of X" asks for, from the words X.

    A unit makes it a measurement (``how many kiloparsecs``: a real number);
    ``X and Y`` asks for two counts and ``X per Y`` for a rate, which no one
    integer answers: then the form is left open.
    """
    words = re.split(r"[\s,]+", after.strip())
    if _unit_follows(" ".join(words[:3])):
        return "number"
    clause = " ".join(re.split(r"[.?!;]", " ".join(words))[0].split())
    if re.search(r"\b(?:and|per|or)\b", clause):
        return "any"
    return "integer"


def _asks_unit(prose: str) -> bool:
    """Whether the request names the unit of one answer: "in Mpc", "to light-years".

    A sentence that converts two or more data (``RA ..., Dec ... to decimal
    degrees``) wants several numbers, so its unit does not make the answer
    one number.
    """
    for m in _IN_UNIT.finditer(prose):
        words = [w.rstrip(".?!") for w in m.group("unit").split()]
        named = m.group().lower().split()[-2:-1] == ["of"] or _is_unit(words[0])
        if len(words) > 1 and words[0].lower() in ("degrees", "decimal") and _is_unit(words[1]):
            named = True
        if named and _data_in_sentence(prose, m.start()) < 2:
            return True
    return False


def _data_in_sentence(prose: str, pos: int) -> int:
    """How many values to convert (angles, times, lists) stand in the sentence around ``pos``."""
    start = max(prose.rfind(". ", 0, pos), prose.rfind("? ", 0, pos), prose.rfind("\n", 0, pos))
    ends = [i for i in (prose.find(". ", pos), prose.find("? ", pos)) if i != -1]
    sentence = prose[start + 1 : min(ends) if ends else len(prose)]
    return len(re.findall(f"{_VALUE_MASK}+", sentence))


def _read_kind(prose: str, low: str) -> tuple[FormKind, str | None, int | None, str | None]:
    """The answer's kind, with list separator, list length and template; explicit words first."""
    template = _TEMPLATE.search(prose)
    listed = _LIST.search(low)
    shown = _LIST_TEMPLATE.search(prose)
    if listed or (shown and re.search(r"\b(?:answer|report|give|return|as)\b", low)):
        named = re.search(r"\b(comma|space|semicolon)[- ]separated\b", low)
        sep = {"comma": ",", "space": " ", "semicolon": ";"}[named.group(1)] if named else None
        length = shown.group().count(",") + 1 if shown else None
        return "list", sep, length, None
    if template:
        return "string", None, None, template.group()
    if _STRING_ONLY.search(low):
        return "string", None, None, None
    if _SMILES_ANSWER.search(low):
        return "smiles", None, None, None
    if _SEQUENCE_ANSWER.search(low):
        return "sequence", None, None, None
    if re.search(r"\binteger\b|\bwhole number\b", low):
        return "integer", None, None, None
    if _NUMBER_ONLY.search(low):
        return "number", None, None, None
    for m in re.finditer(r"\bhow many ((?:\S+\s*){0,5})", low):
        return _count_kind(m.group(1)), None, None, None
    for m in _NUMBER_OF.finditer(low):
        return _count_kind(m.group(1)), None, None, None
    if re.search(r"\bas an? (?:integer )?count\b", low):
        return "integer", None, None, None
    for m in re.finditer(r"(?:^|[.?!:;] )count (?:the |all |each )?((?:\S+\s*){0,5})", low):
        return _count_kind(m.group(1)), None, None, None
    if _asks_unit(prose):
        return "number", None, None, None
    return "any", None, None, None


def read_form(prose: str) -> AnswerForm:
    """The answer form the request's words ask for; ``"any"`` when they do not say."""
    low = " ".join(prose.lower().split())
    kind, sep, length, template = _read_kind(prose, low)
    decimals = _DECIMALS.search(low)
    significant = _SIGNIFICANT.search(low)
    if kind == "any" and (decimals or significant):
        kind = "number"
    unit: Literal["required", "forbidden"] | None = None
    if kind == "number":
        unit = "required" if _WITH_UNIT.search(low) else "forbidden"
        if unit == "forbidden" and re.search(r"\bpercent(?:age)?\b|%", low):
            unit = None  # "as a percentage": 58.3 and 58.3 % are both fine
    elif kind == "any" and _WITH_UNIT.search(low):
        kind, unit = "number", "required"
    return AnswerForm(
        kind=kind,
        decimals=_count(decimals.group(1)) if decimals and kind in ("number", "list") else None,
        unit=unit,
        separator=sep,
        significant=_count(significant.group(1)) if significant and kind == "number" else None,
        length=length,
        template=template,
    )


# ------------------------------------------------------------------ the parser
def parse_request(text: str) -> ParsedRequest:
    """Read a request: its data (named for the prelude), its inline files, its answer form."""
    prose, files, bound = _split_files(text)
    found = _collect(prose)
    taken = {var for _, var in bound}
    names = _names(found, taken)
    data = [Datum(n, f.value, f.kind, f.unit) for n, f in zip(names, found, strict=True)]
    data += [Datum(var, name, "file") for name, var in bound]
    return ParsedRequest(tuple(data), read_form(_mask(prose, found)), files)


#: what stands in the masked prose where a datum was: a molecule, sequence, name or text ...
_MASK = "§"
#: ... or a value a request may ask to convert (an angle, a time, a list of numbers)
_VALUE_MASK = "¤"


def _mask(prose: str, found: list[_Found]) -> str:
    """The prose with data blanked out, so that a SMILES or a sequence reads as no word."""
    chars = list(prose)
    for f in found:
        if f.kind in ("smiles", "sequence", "identifier", "text"):
            chars[f.start : f.end] = _MASK * (f.end - f.start)
        elif f.kind in ("coordinate", "time", "numbers"):
            chars[f.start : f.end] = _VALUE_MASK * (f.end - f.start)
    return "".join(chars)


def prelude(parsed: ParsedRequest) -> str:
    """Python assignments binding the request's data to names, for the program's top.

    Each value is the request's exact text as a Python literal (``repr``), so
    the program computes on the very data asked about; a unit or a time scale
    follows as a comment.  Empty when the request gives no data.
    """
    lines = []
    for d in parsed.data:
        literal = repr(list(d.value)) if isinstance(d.value, tuple) else repr(d.value)
        note = f"  # {d.unit}" if d.unit else ""
        if d.kind == "file":
            note = "  # the request's inline data, written to this file"
        lines.append(f"{d.name} = {literal}{note}")
    if not lines:
        return ""
    return "# data from the request\n" + "\n".join(lines) + "\n"


_KIND_WORDS = {
    "smiles": "SMILES",
    "sequence": "sequence",
    "number": "number",
    "numbers": "list of numbers",
    "quantity": "number",
    "coordinate": "angle",
    "time": "time",
    "text": "text",
    "identifier": "accession",
    "file": "file name",
}


def variables_note(parsed: ParsedRequest) -> str:
    """A sentence for the prompt naming the prelude's variables; empty without data."""
    if not parsed.data:
        return ""
    parts = []
    for d in parsed.data:
        what = _KIND_WORDS[d.kind] + (f" in {d.unit}" if d.unit and d.kind == "quantity" else "")
        parts.append(f"{d.name} ({what})")
    return (
        "These variables are already defined at the top of the program, with the request's "
        "exact data: " + ", ".join(parts) + ". Use them; do not retype or replace the data."
    )


# --------------------------------------------------------- the answer's line
def _decimals_of(number: str) -> int:
    """Digits after the decimal point of a number as printed."""
    mantissa = re.split(r"[eE]", number)[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def _significant_of(number: str) -> int:
    """Significant digits of a number as printed (trailing zeros of an integer do not count)."""
    digits = re.sub(r"[^0-9]", "", re.split(r"[eE]", number)[0]).lstrip("0")
    return len(digits.rstrip("0")) if "." not in number else len(digits)


def _digits_issue(form: AnswerForm, number: str) -> str | None:
    """Too many decimals or significant figures: a number not rounded as asked."""
    if form.decimals is not None and _decimals_of(number) > form.decimals:
        return f"rounded to {form.decimals} decimals"
    if form.significant is not None and _significant_of(number) > form.significant:
        return f"given to {form.significant} significant figures"
    return None


def _number_issue(form: AnswerForm, line: str) -> str | None:
    """Whether a line is a number in the asked form; the reason it is not, else None."""
    match = _NUMBER_THEN_REST.fullmatch(line)
    if match is None:
        return "only the number"
    number, rest = match.groups()
    if rest:
        if form.unit == "forbidden" or not _is_unit(rest):
            return "only the number, without unit or words"
    elif form.unit == "required":
        return "the number followed by its unit"
    return _digits_issue(form, number)


def _has_unit(line: str) -> bool:
    """Whether the line is a number followed by a unit (``6791.27 Mpc``)."""
    match = _NUMBER_THEN_REST.fullmatch(line)
    return bool(match and match.group(2) and _is_unit(match.group(2)))


def _integer_issue(line: str) -> str | None:
    """A whole number, possibly printed as ``3.0``; anything else is not."""
    match = _LONE_NUMBER.fullmatch(line)
    if match is None:
        return "only the integer"
    value = float(match.group(1))
    return None if value.is_integer() else "an integer"


def _list_items(form: AnswerForm, line: str) -> list[str] | None:
    """The items of a list line, or None when it is not a list in the asked form."""
    text = line.strip()
    if text[:1] in "[(" and form.separator is None:
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return None
        return [str(v) for v in value] if isinstance(value, list | tuple) else None
    if text[:1] in "[(" or re.match(r"[A-Za-z][\w ]*[:=]", text):
        return None
    sep = form.separator or ","
    return [item.strip() for item in (text.split() if sep == " " else text.split(sep))]


def _list_issue(form: AnswerForm, line: str) -> str | None:
    """A list line: clean items, the asked count, numbers rounded as asked."""
    items = _list_items(form, line)
    if items is None or not all(items):
        return "only the list"
    if form.length is not None and len(items) != form.length:
        return f"a list of {form.length} items"
    for item in items:
        if _LONE_NUMBER.fullmatch(item) and (issue := _digits_issue(form, item.strip())):
            return f"a list of numbers {issue}"
    return None


def _string_issue(form: AnswerForm, line: str) -> str | None:
    """A bare answer: the asked layout, or at least no ``Label:`` in front."""
    if form.template:
        layout = re.escape(form.template)
        for letter, digits in (("YYYY", r"\d{4}"), ("MM", r"\d{2}"), ("DD", r"\d{2}")):
            layout = layout.replace(letter, digits)
        layout = (
            layout.replace("hh", r"\d{2}").replace("mm", r"\d{2}").replace("ss", r"\d{2}(?:\.\d+)?")
        )
        return None if re.fullmatch(layout, line.strip()) else f"in the form {form.template}"
    if re.match(r"[A-Za-z][\w \-]{0,30}:\s", line) or " = " in line:
        return "only the answer, without a label"
    if re.fullmatch(r"(['\"]).*\1", line.strip()):  # print(repr(s)) or json.dumps(s)
        return "only the text itself, without quotes (print(s), not print(repr(s)))"
    return None


def _smiles_issue(line: str) -> str | None:
    """Lenient on purpose: any one token of SMILES characters (RDKit judges validity)."""
    return None if _SMILES_CHARS.fullmatch(line.strip()) else "only the SMILES string"


def _sequence_issue(line: str) -> str | None:
    """One run of letters, stops and gaps; no label, no 5'/3' decoration."""
    ok = re.fullmatch(r"[A-Za-z*\-]+", line.strip())
    return None if ok else "only the sequence, one string of letters"


def _issue(form: AnswerForm, line: str) -> str | None:
    """What the line should have been, or None when it has the asked form."""
    if form.kind == "number":
        return _number_issue(form, line)
    if form.kind == "integer":
        return _integer_issue(line)
    if form.kind == "list":
        return _list_issue(form, line)
    if form.kind == "string":
        return _string_issue(form, line)
    if form.kind == "smiles":
        return _smiles_issue(line)
    if form.kind == "sequence":
        return _sequence_issue(line)
    return None


_EXAMPLES: dict[str, str] = {
    "number": "print(x)",
    "integer": "print(int(n))",
    "list": "print([float(v) for v in values])",
    "string": "print(answer)",
    "smiles": "print(Chem.MolToSmiles(mol))",
    "sequence": "print(str(seq))",
}


def _example(form: AnswerForm) -> str:
    """A print call that produces the asked form, for the repair message."""
    if form.kind == "number" and form.unit == "required":
        return 'print(f"{q.value} {q.unit}")'
    if form.kind == "number" and form.decimals is not None:
        return f"print(round(x, {form.decimals}))"
    if form.kind == "number" and form.significant is not None:
        return f'print(f"{{x:.{form.significant}g}}")'
    if form.kind == "list" and form.separator:
        joiner = {",": ", ", ";": "; "}.get(form.separator, form.separator)
        return f"print({joiner!r}.join(str(v) for v in values))"
    return _EXAMPLES[form.kind]


def _what(form: AnswerForm) -> str:
    """What the line must be, from the form: ``only the number (rounded to 2 decimals)``."""
    details = []
    if form.decimals is not None:
        details.append(f"rounded to {form.decimals} decimals")
    if form.significant is not None:
        details.append(f"{form.significant} significant figures")
    if form.kind == "number" and form.unit == "forbidden":
        details.append("no unit")
    if form.kind == "list" and form.length:
        details.append(f"{form.length} items")
    if form.template:
        details.append(f"in the form {form.template}")
    head = {
        "number": "only the number",
        "integer": "only the integer",
        "list": "only the list",
        "string": "only the answer itself, without a label",
        "smiles": "only the SMILES string",
        "sequence": "only the sequence, one string of letters",
    }[form.kind]
    if form.kind == "number" and form.unit == "required":
        head = "only the number followed by its unit"
    return head + (f" ({', '.join(details)})" if details else "")


def check_answer_form(form: AnswerForm, answer_line: str) -> str | None:
    """None when the last printed line has the asked form; else a repair message.

    The message quotes the line, says what it must be and shows a print call
    that produces it, so a small model can repair in one step.
    """
    line = answer_line.strip()
    if form.kind == "any" or not line or _issue(form, line) is None:
        return None
    numpy = " Convert numpy values with float() first." if "np." in line or "array(" in line else ""
    if form.kind == "number" and form.unit == "forbidden" and _has_unit(line):
        numpy += " For a quantity print its value alone (q.value, or q.to_value(unit))."
    return (
        f"The last printed line must be {_what(form)}, with nothing else; it was "
        f"`{line[:120]}`. Print just that, e.g. {_example(form)}.{numpy}"
    )


def answer_key(
    form: AnswerForm, answer_line: str
) -> str | float | int | tuple[str | float, ...] | None:
    """The clean answer in a line of the asked form, to compare candidates; None if not in form.

    Numbers become floats (integers ints), lists tuples, strings are stripped
    (sequences upper-cased).  With form ``"any"`` a lone number is a float
    and anything else the stripped line.
    """
    line = answer_line.strip()
    if not line or _issue(form, line) is not None:
        return None
    if form.kind in ("number", "any"):
        match = _NUMBER_THEN_REST.fullmatch(line)
        if match and (form.kind == "number" or not match.group(2)):
            return float(match.group(1))
        return line
    if form.kind == "integer":
        return int(float(line))
    if form.kind == "list":
        items = _list_items(form, line) or []
        return tuple(float(i) if _LONE_NUMBER.fullmatch(i) else i.strip() for i in items)
    if form.kind == "sequence":
        return line.upper()
    return line


# ------------------------------------------------------------------- describing
def _describe_number(form: AnswerForm) -> str:
    """The prompt line for a number: rounding, figures and unit."""
    parts = ["Print only the number"]
    if form.decimals is not None:
        parts.append(f"rounded to {form.decimals} decimals")
    if form.significant is not None:
        parts.append(f"to {form.significant} significant figures")
    if form.unit == "forbidden":
        parts.append("without a unit")
    elif form.unit == "required":
        parts[0] = "Print the number followed by its unit"
    return ", ".join(parts) + "."


def _describe_list(form: AnswerForm) -> str:
    """The prompt line for a list: separator and item count."""
    size = f" of {form.length} items" if form.length else ""
    if form.separator == " ":
        return f"Print only the list{size}, its items separated by spaces."
    if form.separator:
        return (
            f"Print only the list{size}, its items separated by '{form.separator}' (e.g. 1, 2, 3)."
        )
    rounded = f", numbers rounded to {form.decimals} decimals" if form.decimals is not None else ""
    return f"Print only the list{size}, e.g. print([a, b]){rounded}."


def _describe_string(form: AnswerForm) -> str:
    """The prompt line for a bare answer or a layout such as YYYY-MM-DD."""
    if form.template:
        return f"Print only the answer, in the form {form.template}."
    return "Print only the answer itself, without a label or other words."


_DESCRIBE = {
    "number": _describe_number,
    "integer": lambda form: "Print only the integer, without words or unit.",
    "list": _describe_list,
    "string": _describe_string,
    "smiles": lambda form: "Print only the SMILES string, nothing else on that line.",
    "sequence": lambda form: "Print only the sequence, as one string of letters.",
    "any": lambda form: "Print the final answer on the last line.",
}
