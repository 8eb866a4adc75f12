"""Output validators for Biopython programs: alphabets, frames, coordinates, GC content.

Each validator reads only data (printed text, the JSON-safe ``result``, the
program's source and the request) and returns :class:`~sciagent.validation.Issue`
objects whose message names the problem *and* the fix: it becomes repair
feedback for a small code model.  Errors reject the answer, so they are kept
for outputs that are wrong beyond doubt (U in a sequence asked for as DNA, a
GC fraction of 1.3); a stop codon inside a translation or a 0-based position
may be exactly what was asked, so those are warnings.
"""

from __future__ import annotations

import ast
import math
import re

from sciagent.validation import NUMBER, Issue, ProgramOutput, Validator, request_sequences

# --------------------------------------------------------------- helpers

#: separators between printed tokens (quotes, commas, brackets of printed containers)
_SPLIT = re.compile(r"[\s,;:'\"\[\](){}<>=|]+")


def _answer_tokens(output: ProgramOutput) -> list[str]:
    """Tokens of the answer line and of the result's strings, in order, without repeats."""
    texts = [output.lines[-1]] if output.lines else []
    if output.has_value:
        texts += list(output.strings())
    seen: dict[str, None] = {}
    for text in texts:
        for token in _SPLIT.split(text):
            token = token.strip(".")
            if token:
                seen[token] = None
    return list(seen)


def _new_or_all(tokens: list[str], request: str) -> list[str]:
    """The tokens the request does not already spell (in any case), or all when none is new.

    An answer that only echoes the request's sequence is judged; one that also
    has a new sequence ("ATG... -> AUG...") shows the input for context.
    """
    spelled = request.upper()
    return [t for t in tokens if t.upper() not in spelled] or tokens


def _shown(token: str) -> str:
    """A token as a message quotes it: cut to 40 characters."""
    return token if len(token) <= 40 else token[:37] + "..."


def _tree(code: str) -> ast.AST | None:
    try:
        return ast.parse(code)
    except SyntaxError:
        return None


# -------------------------------------------------------------- alphabets

_NUCLEOTIDE_LETTERS = set("ACGTURYSWKMBDHVN")
_PLAIN = set("ACGTUN")
_KINDS = {"dna": "DNA", "cdna": "DNA", "rna": "RNA", "mrna": "RNA", "protein": "protein"}


def _kind_word(word: str) -> str:
    return _KINDS.get(word.lower(), "protein")


#: a kind word that names something else: "RNA polymerase", "DNA binding"
_NOT_A_SEQUENCE = (
    r"(?![\s-]*(?:polymerase|ligase|helicase|binding|seq\b|sequencing|virus|viral|genes?\b"
    r"|structure|fold|world|interference|editing|damage|repair|replication|methylation"
    r"|extraction|library|pol\b|content|length|weight|mass|concentration|yield))"
)
_KIND = r"(m?RNA|cDNA|DNA|protein|amino[- ]acids?|peptide)\b" + _NOT_A_SEQUENCE
#: products whose alphabet the request does not tell (a primer for an mRNA is DNA)
_OTHER_PRODUCT = re.compile(
    r"primer|probe|oligo|guide|\b(?:sg|g|cr|si|sh|mi)RNA|aptamer|back[- ]translat"
    r"|reverse[- ]translat|codon|restriction|adapter|linker",
    re.I,
)


def _expected_kind(request: str) -> str | None:
    """Which kind of sequence the request wants back: "DNA", "RNA", "protein" or None.

    In order: an explicit target ("into mRNA", "as DNA"), a protein "encoded by",
    the object of a verb ("give the DNA coding strand"), reverse transcription,
    transcription, translation, and last the one kind the request mentions.
    None when the request is ambiguous or asks for a product with its own
    alphabet (a primer, a guide RNA, codons).
    """
    target = re.search(
        r"\b(?:to|into|as)\s+(?:an?\s+|the\s+|its\s+)?(?:corresponding\s+|complementary\s+)?"
        + _KIND,
        request,
        re.I,
    )
    wanted = re.search(
        r"\b(?:give|write|report|return|print|output|what\s+is|what's|find|compute|get)\s+"
        r"(?:me\s+)?(?:out\s+)?(?:the\s+|its\s+|an?\s+)?(?:[\w'-]+\s+){0,2}?" + _KIND,
        request,
        re.I,
    )
    if target and wanted and _kind_word(target.group(1)) != _kind_word(wanted.group(1)):
        return None  # "give the DNA that is transcribed into mRNA": ambiguous
    if target:
        return _kind_word(target.group(1))
    if _OTHER_PRODUCT.search(request):
        return None
    if re.search(
        r"(?:protein|peptide|amino[- ]acids?)\s+(?:\w+\s+)?(?:en)?coded\s+by|encoded\s+"
        r"(?:protein|peptide)",
        request,
        re.I,
    ):
        return "protein"
    if wanted:
        return _kind_word(wanted.group(1))
    if re.search(r"reverse[- ]transcri|back[- ]?transcri", request, re.I):
        return "DNA"
    if re.search(r"transcri", request, re.I):
        return "RNA"
    if re.search(r"translat", request, re.I):
        return "protein"
    dna = re.search(r"\bc?DNA\b" + _NOT_A_SEQUENCE, request)
    rna = re.search(r"\b[mtr]?RNA\b" + _NOT_A_SEQUENCE, request)
    if dna and not rna and not re.search(r"\b[a-z]*RNA\b", request):
        return "DNA"
    if rna and not dna and not re.search(r"\bc?DNA\b", request):
        return "RNA"
    return None


def _nucleotide_like(token: str) -> bool:
    """A long run of nucleotide letters (IUPAC codes allowed), mostly A/C/G/T/U/N."""
    if len(token) < 10 or not token.isalpha():
        return False
    upper = token.upper()
    if not set(upper) <= _NUCLEOTIDE_LETTERS:
        return False
    return sum(c in _PLAIN for c in upper) >= 0.9 * len(upper)


def _mostly_nucleotides(token: str) -> bool:
    """Long, letters only, at least 85% A/C/G/T/U: a nucleotide sequence, perhaps corrupted."""
    upper = token.upper()
    return (
        len(token) >= 20
        and token.isalpha()
        and (token.isupper() or token.islower())
        and sum(c in "ACGTU" for c in upper) >= 0.85 * len(upper)
    )


def sequence_alphabet(output: ProgramOutput) -> list[Issue]:
    """A printed sequence must use the alphabet of the kind the request asked for.

    Why: calling ``transcribe()`` when DNA was wanted (or forgetting it when
    mRNA was), or printing the DNA when a protein was asked for, gives a
    plausible-looking but wrong answer.  Only the answer line and the result
    are read, only sequences of 10+ letters; a copy of the request's own
    sequence is skipped when the answer also shows a new one (input shown for
    context), and judged when it is the whole answer.
    """
    if not output.uses("Bio"):
        return []
    kind = _expected_kind(output.request)
    if kind is None:
        return []
    issues: list[Issue] = []
    tokens = [t for t in _answer_tokens(output) if _nucleotide_like(t) or _mostly_nucleotides(t)]
    for token in _new_or_all(tokens, output.request):
        upper = token.upper()
        shown = _shown(token)
        if kind in ("DNA", "RNA") and _mostly_nucleotides(token):
            bad = sorted(set(upper) - _NUCLEOTIDE_LETTERS)
            if bad:
                issues.append(
                    Issue(
                        f"The {kind} sequence {shown} contains {', '.join(bad)}, which are not "
                        "nucleotide letters (A, C, G, T/U and IUPAC ambiguity codes): build the "
                        "sequence from the input with Bio.Seq.Seq methods instead of editing "
                        "the string by hand."
                    )
                )
                continue
        if not _nucleotide_like(token):
            continue
        if kind == "DNA" and "U" in upper:
            issues.append(
                Issue(
                    f"The request asks for DNA, but the printed sequence {shown} contains U "
                    "(uracil), so it is RNA: DNA uses T. Do not call transcribe() (or use "
                    "Seq.back_transcribe() to turn RNA into DNA)."
                )
            )
        elif kind == "RNA" and "T" in upper:
            issues.append(
                Issue(
                    f"The request asks for RNA, but the printed sequence {shown} contains T, "
                    "so it is still DNA: RNA uses U. Call Seq.transcribe() on the coding "
                    "strand (or .reverse_complement().transcribe() on a template strand)."
                )
            )
        elif kind == "protein" and len(token) >= 24 and set(upper) <= _PLAIN:
            issues.append(
                Issue(
                    f"The request asks for a protein, but the printed sequence {shown} is made "
                    "only of nucleotide letters: it is the DNA/RNA, not its translation. Call "
                    ".translate() on the Seq (with the right table) and print the protein."
                )
            )
    return issues


# ------------------------------------------------------ frames and stops

_TRANSLATES = re.compile(r"\btranslate\s*\(")
_STOPS_WANTED = re.compile(
    r"\*|not stop|n't stop|without stopping|through (?:the )?stop|include (?:the )?stop"
    r"|keep (?:the )?stop|stop codons? as|frames|\bORFs?\b|open reading frame",
    re.I,
)
_PROTEIN = re.compile(r"[A-Z]+(?:\*+[A-Z]+)+\**")


def _stop_codon_warning(output: ProgramOutput) -> list[Issue]:
    if (
        not _TRANSLATES.search(output.code)
        or re.search(r"to_stop\s*=\s*True|cds\s*=\s*True|split\(\s*['\"]\*", output.code)
        or _STOPS_WANTED.search(output.request)
    ):
        return []
    for token in _answer_tokens(output):
        if _PROTEIN.fullmatch(token) and len(token) >= 5:
            at = token.index("*") + 1
            shown = _shown(token)
            return [
                Issue(
                    f"The translation {shown} has a stop codon ('*') at residue {at}, before "
                    "its end: translation ran through a stop. If the protein should end at the "
                    "first stop codon, use .translate(to_stop=True); otherwise check the reading "
                    "frame (start at the first base of the ATG) and the codon table.",
                    "warning",
                )
            ]
    return []


def _literal_sequences(tree: ast.AST) -> dict[str, str]:
    """Names bound to a nucleotide string literal (``s = "ATG..."`` or ``s = Seq("ATG...")``)."""
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            literal = _literal(node.value)
            if isinstance(target, ast.Name) and literal is not None:
                bound[target.id] = literal
    return bound


def _literal(node: ast.AST) -> str | None:
    """The nucleotide literal an expression is, directly or wrapped in ``Seq(...)``."""
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("Seq", "MutableSeq"):
            node = node.args[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value.strip()
        if len(text) >= 9 and set(text.upper()) <= _NUCLEOTIDE_LETTERS and text.isalpha():
            return text
    return None


def _translated_literals(code: str) -> list[str]:
    """Nucleotide literals that reach ``.translate()`` or ``translate()`` unchanged."""
    tree = _tree(code)
    if tree is None:
        return []
    bound = _literal_sequences(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "translate":
            subject: ast.AST | None = func.value
        elif isinstance(func, ast.Name) and func.id == "translate" and node.args:
            subject = node.args[0]
        else:
            continue
        literal = _literal(subject) if subject is not None else None
        if literal is None and isinstance(subject, ast.Name):
            literal = bound.get(subject.id)
        if literal is not None:
            found.append(literal)
    return found


def _partial_codon_warning(output: ProgramOutput) -> list[Issue]:
    issues = []
    for seq in _translated_literals(output.code):
        extra = len(seq) % 3
        if extra:
            issues.append(
                Issue(
                    f"The sequence translated has {len(seq)} nt, not a multiple of 3 ({extra} "
                    "trailing base(s) of a partial codon, which Biopython drops with a "
                    "warning): check the reading frame (does the coding sequence start at the "
                    "first base?) or trim to whole codons with seq[: len(seq) // 3 * 3].",
                    "warning",
                )
            )
    return issues


def translation_frame(output: ProgramOutput) -> list[Issue]:
    """Translation warnings: a stop codon inside the protein, a partial last codon.

    Why: an internal '*' usually means the wrong frame or a missing
    ``to_stop=True``, and a length that is not a multiple of three means the
    frame or the sequence boundaries are off.  Both can be intended (a request
    that wants the stops shown), so they are warnings, and the stop-codon one is
    silent when the request mentions '*', frames or ORFs.
    """
    if not output.uses("Bio"):
        return []
    return _stop_codon_warning(output) + _partial_codon_warning(output)


# ---------------------------------------------------------- coordinates

_POSITIONS = re.compile(
    r"\bpositions?\b|\bcoordinates?\b|\b(?:nucleotides?|bases?|residues?|bp|amino acids?)\s+"
    r"\d+|\b(?:1|one)-based\b|\bfrom\s+\d+\s+to\s+\d+\b|\bloc(?:us|ation)\b",
    re.I,
)
_ZERO_BASED = re.compile(r"\b(?:0|zero)[- ]based\b|\bpython(?:ic)? ind", re.I)
_INDEX_CALLS = {"find", "rfind", "index", "rindex", "finditer", "start"}


def _indexes_sequences(tree: ast.AST) -> bool:
    """Whether the code slices with explicit bounds or looks up positions with find/index."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Slice) and (node.lower is not None or node.upper is not None):
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _INDEX_CALLS
        ):
            return True
    return False


def _shifts_by_one(tree: ast.AST) -> bool:
    """Whether the code already converts between bases (``i + 1``, ``start - 1``, ``enumerate(x, 1)``)."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Add | ast.Sub)
            and any(isinstance(s, ast.Constant) and s.value == 1 for s in (node.left, node.right))
        ):
            return True
        if (
            isinstance(node, ast.AugAssign)
            and isinstance(node.value, ast.Constant)
            and node.value.value == 1
        ):
            return True
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") == "enumerate"
            and (len(node.args) > 1 or any(k.arg == "start" for k in node.keywords))
        ):
            return True
    return False


def coordinate_base(output: ProgramOutput) -> list[Issue]:
    """Hint on 0- versus 1-based positions when the request speaks of positions.

    Why: Python and Biopython count from 0 with end-exclusive slices, while
    GenBank records and biologists count from 1 with inclusive ends; an
    off-by-one answer looks right.  Only a warning, and only when the program
    slices or searches the sequence without any +1/-1 conversion.
    """
    if not output.uses("Bio") or not _POSITIONS.search(output.request):
        return []
    if _ZERO_BASED.search(output.request):
        return []
    tree = _tree(output.code)
    if tree is None or not _indexes_sequences(tree) or _shifts_by_one(tree):
        return []
    return [
        Issue(
            "The request speaks of sequence positions, and the program indexes the sequence "
            "with Python slicing or find(), which count from 0 with an exclusive end (seq[9:20] "
            "is bases 10-20), while GenBank and biologists count from 1 with inclusive ends: if "
            "the positions are 1-based, slice seq[start - 1 : end] and report index + 1.",
            "warning",
        )
    ]


# ------------------------------------------------------------ GC content

_GC_CODE = re.compile(r"\bgc_fraction\b|\bGC\s*\(|\bGC123\b|\bgc_content\b", re.I)
_GC_REQUEST = re.compile(
    r"\bGC(?:[\s-]*(?:content|fraction|percent(?:age)?|%|ratio|proportion))?\b"
    r"|guanine\W+(?:(?:and|or)\W+|\+\W*)?cytosine|\bG\s*(?:\+|/|or|and)\s*C\b",
    re.I,
)
_GC_LABEL = re.compile(
    rf"\bGC\b(?![\s_-]*skew)([^:=\n]{{0,30}})[:=]\s*({NUMBER})(?![\w]|\.\d)(\s*%)?", re.I
)
_NOT_GC_VALUE = re.compile(
    r"window|position|pos\b|count|number|length|skew|index|start|end|rank|island|bases|clamp",
    re.I,
)
_PERCENT = re.compile(r"percent|%", re.I)
_FRACTION = re.compile(r"fraction|between 0 and 1|proportion|\b0\s*(?:-|to)\s*1\b", re.I)
_GC_ONLY = re.compile(
    r"\b(?:which|how many|skew|melting|\bTm\b|weight|mass|length|position|window|identifier"
    r"|count|number of|difference|codon|ratio of)\b",
    re.I,
)


def _gc_mode(output: ProgramOutput) -> str:
    """Whether GC is reported as a "fraction", a "percent", or "either"."""
    if _PERCENT.search(output.request):
        return "percent"
    if _FRACTION.search(output.request):
        return "fraction"
    code = output.code
    if re.search(r"\bgc_fraction\b", code) and not re.search(r"\b100(?:\.0*)?\b|percent", code):
        return "fraction"
    return "either"


def _gc_values(output: ProgramOutput) -> list[tuple[float, bool]]:
    """(value, printed with %) pairs: labelled GC values, and a bare answer to a GC-only request."""
    found = []
    for line in output.lines:
        for match in _GC_LABEL.finditer(line):
            if _NOT_GC_VALUE.search(match.group(1)) or re.match(
                r"\s*(?:/|of\b|out of\b)", line[match.end() :]
            ):
                continue  # "GC window: 12", "GC: 12/20": another number about GC
            percent = bool(match.group(3)) or "%" in match.group(1)
            number = match.group(2)
            if not percent and re.fullmatch(r"[-+]?\d+", number) and float(number) > 1:
                continue  # a whole number on a GC label is likely a count of G and C
            found.append((float(number), percent))
    if _GC_REQUEST.search(output.request) and not _GC_ONLY.search(output.request):
        answer = output.lines[-1].strip() if output.lines else ""
        bare = re.fullmatch(rf"({NUMBER})\s*(%)?", answer)
        if bare:
            found.append((float(bare.group(1)), bool(bare.group(2))))
        value = output.value if output.has_value else None
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            found.append((float(value), False))
    return found


def gc_content_range(output: ProgramOutput) -> list[Issue]:
    """GC content must be a fraction in [0, 1] or a percentage in [0, 100].

    Why: ``gc_fraction`` returns a fraction; multiplying it twice, dividing by
    the wrong length or counting G+C without dividing gives impossible values.
    The scale (fraction or percent) comes from the request, else from the code
    (``gc_fraction`` without a factor 100 is a fraction).
    """
    if not output.uses("Bio"):
        return []
    if not (_GC_CODE.search(output.code) or _GC_REQUEST.search(output.request)):
        return []
    mode = _gc_mode(output)
    issues = []
    for value, printed_percent in dict.fromkeys(_gc_values(output)):
        if value < 0 or value > 100:
            issues.append(
                Issue(
                    f"The GC content in the output is {value:g}, outside the possible range "
                    "(0-1 as a fraction, 0-100 as a percentage): compute it with "
                    "Bio.SeqUtils.gc_fraction(seq) (a fraction), times 100 only for a percentage."
                )
            )
        elif mode == "fraction" and value > 1 and not printed_percent:
            issues.append(
                Issue(
                    f"The GC content in the output is {value:g}, but as a fraction it must lie "
                    "between 0 and 1: use Bio.SeqUtils.gc_fraction(seq) as it is, without "
                    "multiplying by 100 or dividing by the wrong length."
                )
            )
    return issues


# ------------------------------------------------- answers the request shapes

#: a request to end the protein at the first stop codon ("stopping at the first stop
#: codon", "up to the first stop", "until a stop codon", ``to_stop=True``)
_TO_FIRST_STOP = re.compile(
    r"(?:stop|stopping|stops|end|ending|ends|halt\w*|terminat\w*|truncat\w*)\s+at\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:first\s+|1st\s+)?(?:in-frame\s+)?stop\b"
    r"|\b(?:up\s+)?(?:to|until|till)\s+(?:the\s+|a\s+|an\s+)?(?:first|1st)\s+"
    r"(?:in-frame\s+)?stop\b"
    r"|\b(?:up\s+)?(?:to|until|till)\s+(?:the\s+|a\s+|an\s+)(?:in-frame\s+)?stop\s+codon"
    r"|\bto_stop\s*=\s*True",
    re.I,
)
#: ... unless it also wants the stops shown, or many frames or ORFs (each may end in '*')
_SHOW_STOPS = re.compile(
    r"(?:not|n't|never|without)\s+(?:stop|stopping|end|ending|halt)\w*"
    r"|through\s+(?:the\s+|any\s+|all\s+)?stop|(?:include|includ\w+|keep\w*|mark\w*|show\w*"
    r"|with)\s+(?:the\s+|a\s+)?(?:stop|\*|terminal|asterisk)|\bORFs?\b|open\s+reading\s+frames"
    r"|\b(?:six|6|three|3|all|each|every)\s+(?:reading\s+)?frames?\b",
    re.I,
)
#: "don't include the stop", "without showing the stop": a negated wish to show stops
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bwithout|\bno)\s+(?:\w+\s+)?$", re.I)


def _shows_stops(request: str) -> bool:
    """Whether the request wants stops kept, a negated wish ("don't include it") aside."""
    return any(
        not _NEGATED.search(request[max(0, m.start() - 20) : m.start()])
        for m in _SHOW_STOPS.finditer(request)
    )


_WITH_STOP = re.compile(r"[A-Z]*\*[A-Z*]*")


def stop_at_first_stop(output: ProgramOutput) -> list[Issue]:
    """A protein asked "to the first stop codon" must not contain ``*``.

    Why: translating to the first stop means the protein ends *before* it
    (``translate(to_stop=True)``); a ``*`` in the answer (``MAIVMGR*``) shows
    the translation ran into or through the stop.  Judged from the request
    alone, on answer tokens made of capital letters and ``*``; silent when the
    request also wants the stops shown or asks about several frames or ORFs.
    """
    if not _TO_FIRST_STOP.search(output.request) or _shows_stops(output.request):
        return []
    for token in _answer_tokens(output):
        if _WITH_STOP.fullmatch(token) and re.search("[A-Z]", token):
            shown = _shown(token)
            return [
                Issue(
                    f"The request asks to stop at the first stop codon, but the protein {shown} "
                    "contains '*' (a stop): translate with .translate(to_stop=True), which ends "
                    "the protein before the first stop, and print that."
                )
            ]
    return []


_ASKS_REVERSE_COMPLEMENT = re.compile(r"reverse[\s-]+complement", re.I)
#: a request that wants more than the reverse complement (a plain complement or reverse,
#: a mutation, a later step): the answer may rightly be another sequence
_MORE_THAN_RC = re.compile(
    r"(?<!reverse )(?<!reverse-)\bcomplement(?!ary)|\breverse(?![\s-]+complement)"
    r"|\bthen\b|\bafter\b|mutat|replac|insert|delet|append|concaten|\bjoin|ligat|trim"
    r"|translat|digest|primer|\bpcr\b|amplif|align|motif|\borfs?\b|frame|codon|restriction"
    r"|\bcut\b|\bsites?\b|\bslice|\bfirst\s+\d|\blast\s+\d|position|region",
    re.I,
)
_COMPLEMENT = str.maketrans("ACGTURYSWKMBDHVN", "TGCAAYRSWMKVHDBN")


def _reverse_complement(seq: str) -> str:
    """The reverse complement of a DNA or RNA string, as DNA (U read as T), IUPAC codes kept."""
    return seq.upper().replace("U", "T").translate(_COMPLEMENT)[::-1]


def reverse_complement_of_request(output: ProgramOutput) -> list[Issue]:
    """A reverse complement asked for must be the reverse complement of the request's sequence.

    Why: a complement that was not reversed, a reverse that was not
    complemented, or an answer for a retyped sequence all look like DNA and
    pass every alphabet check; computing the reverse complement here settles
    it.  U and T count as one (an RNA answer to an RNA request), and the
    reverse complement of any stretch of the request's sequences is accepted
    (the request may ask for part of it).  Silent when the request asks for
    anything more (a complement too, a later step, a region) or spells out no
    sequence.
    """
    if not _ASKS_REVERSE_COMPLEMENT.search(output.request) or _MORE_THAN_RC.search(output.request):
        return []
    sequences = [s.replace("U", "T") for s in request_sequences(output.request)]
    if not sequences:
        return []
    squashed = re.sub(r"[^A-Z]", "", output.request.upper()).replace("U", "T")
    tokens = [t for t in _answer_tokens(output) if _nucleotide_like(t)]
    for token in _new_or_all(tokens, output.request):
        back = _reverse_complement(token)
        if back in squashed or any(s in back for s in sequences):
            continue
        shown = _shown(token)
        return [
            Issue(
                f"The request asks for a reverse complement, but {shown} is not the reverse "
                "complement of the request's sequence (nor of any stretch of it): call "
                ".reverse_complement() on Seq(<the request's sequence, verbatim>) and print it; "
                "do not only complement or only reverse it."
            )
        ]
    return []


VALIDATORS: tuple[Validator, ...] = (
    sequence_alphabet,
    translation_frame,
    coordinate_base,
    gc_content_range,
    stop_at_first_stop,
    reverse_complement_of_request,
)
