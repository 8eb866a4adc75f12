"""Output validators for Astropy programs: units, coordinate ranges, time scales, constants.

Each validator reads only data (printed text, the JSON-safe ``result`` -- an
astropy Quantity arrives as ``{"value": ..., "unit": "..."}`` -- the program's
source and the request) and returns :class:`~sciagent.validation.Issue` objects
whose message names the problem *and* the fix: it becomes repair feedback for
a small code model.  Errors reject the answer, so they are raised only when
the output is wrong beyond doubt (a time where a distance was asked, a
declination of 95 degrees); an implicit time scale is only a warning.

``astropy.units`` is imported lazily, inside the functions that parse units.
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from dataclasses import dataclass
from typing import Any

from sciagent.validation import NUMBER, Issue, ProgramOutput, Validator

_NUMBER = re.compile(rf"(?<![\w.:]){NUMBER}(?![\w:]|\.\d)")

# ------------------------------------------------------------------ units

#: English unit names (lower case) -> astropy unit strings
_UNIT_WORDS = {
    name: unit
    for line in """
deg: degrees, degree, decimal degrees, deg, °
arcsec: arcseconds, arcsecond, arc seconds, arc-seconds
arcmin: arcminutes, arcminute, arc minutes, arc-minutes
mas: milliarcseconds, milliarcsecond
rad: radians, radian
h: hours, hour
min: minutes, minute
s: seconds, second, sec
d: days, day
yr: years, year, julian years
Myr: megayears, million years
Gyr: gigayears, billion years
lyr: light-years, light years, lightyears, light-year, light year, ly
pc: parsecs, parsec
kpc: kiloparsecs, kiloparsec
Mpc: megaparsecs, megaparsec
Gpc: gigaparsecs, gigaparsec
AU: astronomical units, astronomical unit
km: kilometres, kilometers, kilometre, kilometer
m: metres, meters, metre, meter
cm: centimetres, centimeters
mm: millimetres, millimeters
um: micrometres, micrometers, microns, micron
nm: nanometres, nanometers
AA: angstroms, angstrom, ångström, ångströms
K: kelvin, kelvins
deg_C: degrees celsius, celsius
M_sun: solar masses, solar mass
L_sun: solar luminosities, solar luminosity
R_sun: solar radii, solar radius
M_earth: earth masses
R_earth: earth radii
M_jup: jupiter masses
R_jup: jupiter radii
kg: kilograms, kilogram
g: grams, gram
km/s: kilometres per second, kilometers per second, km per second, km per s
m/s: metres per second, meters per second
Hz: hertz
kHz: kilohertz
MHz: megahertz
GHz: gigahertz
J: joules
erg: ergs
W: watts
eV: electronvolts, electron volts, electron-volts
keV: kiloelectronvolts
Jy: janskys, jansky
mJy: millijanskys, millijansky
""".strip().splitlines()
    for unit, names in [line.split(": ")]
    for name in names.split(", ")
}
#: words astropy reads as units that in prose are words (annum, tonne, coulomb, ...)
_NOT_UNITS = set(
    re.findall(
        r"\S+",
        """
    a an the t u c g p r b l f at in all its cd ct lm lx
    ph st bi bar barn mol sr ry ci pix pixel pixels vox voxel bit byte chan beam count counts
    adu dex sun earth jupiter electron percent one fortnight da cy cycle spat
    """,
    )
)
_TEXT_UNIT = re.compile(r"[A-Za-zµμ°Å_][\w/*^.()\s-]{0,24}")
_CLAUSE_END = re.compile(
    r"[.,;:?!()\[\]]|(?:and|with|using|for|assuming|at|from|to|as|of|rounded|given|only"
    r"|please|if|when|where|while|by)\b"
)


def _unit(text: str, *, strict_words: bool = True) -> Any:
    """An astropy unit for ``text`` (English names allowed), or None when it is not one.

    ``strict_words`` refuses prose that astropy happens to read as units ("a"
    is an annum, "C" a coulomb, "J2000" joules to the 2000th power); units that
    astropy itself wrote (a Quantity's unit string) are parsed without it.
    """
    import astropy.units as u

    text = text.strip()
    if not text:
        return None
    mapped = _UNIT_WORDS.get(text.lower())
    if mapped is not None:
        return u.Unit(mapped)
    text = re.sub(r"\s+per\s+", " / ", text)
    words = re.findall(r"[^\W\d_]+", text)
    if strict_words and (
        re.search(r"\d{2,}", text)
        or any(w.lower() in _NOT_UNITS for w in words)
        or ("h" in words and len(words) > 1)  # "Mpc/h" is little h, not hours
    ):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            unit = u.Unit(text, parse_strict="silent")
    except Exception:  # astropy raises ValueError/TypeError on odd input even when silent
        return None
    if isinstance(unit, u.UnrecognizedUnit):
        return None
    return unit


def _kind(unit: Any) -> str:
    """The unit's physical type, "" when astropy does not know it or it is dimensionless."""
    try:
        kind = str(unit.physical_type)
    except Exception:
        return ""
    return "" if kind in ("unknown", "dimensionless") else kind


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a.is_equivalent(b)) and abs(float(a.to(b)) - 1.0) < 1e-9
    except Exception:
        return False


def _equivalent(a: Any, b: Any, equivalencies: list[Any] | None = None) -> bool:
    try:
        return bool(a.is_equivalent(b, equivalencies=equivalencies or []))
    except Exception:
        return False


def _code_for(unit: Any) -> str:
    """Python for a unit: ``u.Mpc``, ``u.km / u.s``."""
    import astropy.units as u

    name = unit.to_string()
    if re.fullmatch(r"\w+", name) and hasattr(u, name):
        return f"u.{name}"
    try:
        bases, powers = unit.bases, unit.powers
    except AttributeError:
        return f'u.Unit("{name}")'

    def part(base: Any, power: float) -> str:
        text = f"u.{base.to_string()}"
        return text if power == 1 else f"{text}**{power:g}"

    num = [part(b, p) for b, p in zip(bases, powers, strict=True) if p > 0]
    den = [part(b, -p) for b, p in zip(bases, powers, strict=True) if p < 0]
    if not num or unit.scale != 1:
        return f'u.Unit("{name}")'
    text = " * ".join(num)
    if den:
        text += " / " + (den[0] if len(den) == 1 else "(" + " * ".join(den) + ")")
    return text


def _unit_at(rest: str) -> tuple[Any, int]:
    """The unit phrase ``rest`` starts with (1-3 words, longest first) and where it ends."""
    if not rest[:1].isalpha() and rest[:1] not in "°Åµ":
        return None, 0
    spans = list(re.finditer(r"\S+", rest))[:3]
    for n in (3, 2, 1):
        if len(spans) < n:
            continue
        raw = rest[: spans[n - 1].end()]
        phrase = raw.rstrip(".,;:?!)'\"")
        if not phrase:
            continue
        if phrase.lower() in _UNIT_WORDS:
            return _unit(phrase), len(phrase)
        after = rest[spans[n - 1].end() :]
        ends = phrase != raw or not after.strip() or _CLAUSE_END.match(after.lstrip())
        if ends and (len(phrase) > 1 or phrase == "K"):
            unit = _unit(phrase)
            if unit is not None:
                return unit, len(phrase)
    return None, 0


#: clause boundaries (a dot between digits is a decimal point, not one)
_BOUNDARY = re.compile(r"[;?!\n]|[,.:](?!\d)")
#: words of a clause that asks for the answer ...
_ANSWER_CUE = re.compile(
    r"\b(?:what|how|which|report|give|express|answer|return|print|convert|compute|calculate"
    r"|find|estimate|determine|state|output|show)\b",
    re.I,
)
#: ... and of one that describes an input ("the flux, measured in mJy")
_INPUT_CUE = re.compile(
    r"\b(?:given|measured|observed|listed|recorded|tabulated|provided|quoted|stored)\b", re.I
)


def _clause(text: str, pos: int) -> str:
    """The clause of ``text`` around position ``pos`` (between commas, full stops, ...)."""
    start = 0
    for m in _BOUNDARY.finditer(text, 0, pos):
        start = m.end()
    end = _BOUNDARY.search(text, pos)
    return text[start : end.start() if end else len(text)]


def _question(text: str, pos: int) -> bool:
    """Whether the sentence around ``pos`` is a question (ends with '?')."""
    end = re.compile(r"[?!]|\.(?!\d)").search(text, pos)
    return end is not None and end.group() == "?"


def requested_units(request: str) -> list[Any]:
    """Units the request asks the answer in ("in Mpc", "to light-years", "to AU and km").

    Only in a clause that asks for the answer ("what is ... in Mpc", "report it
    in degrees"), not one that describes an input ("given a distance in Mpc").
    """
    found: list[Any] = []
    ra_context = re.search(r"\bRA\b|right ascension|hour angle", request, re.I)
    for match in re.finditer(
        r"\b(?:in|into|to)\s+(?:units\s+of\s+|the\s+unit\s+of\s+)?", request, re.I
    ):
        clause = _clause(request, match.start())
        asks = _ANSWER_CUE.search(clause) or _question(request, match.start())
        if not asks or _INPUT_CUE.search(clause):
            continue
        rest = request[match.end() :]
        while True:
            unit, end = _unit_at(rest)
            if unit is None:
                break
            if ra_context and _same(unit, _unit("h")):
                unit = _unit("hourangle")
            if _kind(unit) and not any(_same(unit, f) for f in found):
                found.append(unit)
            more = re.match(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)", rest[end:])
            if not more:
                break
            rest = rest[end + more.end() :]
    return found


# ----------------------------------------------------------- the answer


@dataclass(frozen=True)
class _Reading:
    """A number the answer gives, with its unit when the answer says it."""

    values: tuple[float, ...]
    unit: Any  # astropy unit or None
    source: str  # "result" or "printed"


_SEXAGESIMAL = re.compile(
    r"(?<![\w.])([+-]?\d{1,3})\s*([hd°])\s*(\d{1,3})\s*[m′']\s*(\d{1,3}(?:\.\d*)?)\s*[s″\"]?"
)


def _quantity(value: Any) -> tuple[tuple[float, ...], Any] | None:
    if not (isinstance(value, dict) and "value" in value and isinstance(value.get("unit"), str)):
        return None
    unit = _unit(value["unit"], strict_words=False)
    raw = value["value"]
    flat = raw if isinstance(raw, list) else [raw]
    numbers = tuple(
        float(x)
        for x in flat
        if isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
    )
    return numbers, unit


def _line_units(line: str) -> list[Any]:
    """Every unit written right after a number on ``line`` ("18.6 deg (1116 arcmin)")."""
    found = []
    for m in _NUMBER.finditer(line):
        word = re.match(r"\s*([A-Za-zµμ°Å_][\w/^*.-]*)", line[m.end() :])
        unit = _unit(word.group(1).rstrip(".,;:")) if word else None
        if unit is not None:
            found.append(unit)
    return found


def _readings(output: ProgramOutput) -> list[_Reading]:
    """The answer's numbers and units: a Quantity result, and the answer line's last number."""
    found = []
    if output.has_value:
        q = _quantity(output.value)
        if q is not None:
            found.append(_Reading(q[0], q[1], "result"))
        elif (
            isinstance(output.value, int | float)
            and not isinstance(output.value, bool)
            and math.isfinite(output.value)
        ):
            found.append(_Reading((float(output.value),), None, "result"))
    answer = output.lines[-1].strip() if output.lines else ""
    sexagesimal = list(_SEXAGESIMAL.finditer(answer))
    if sexagesimal:
        return found  # an Angle printed as 18d36m21s: read by the range check, not here
    numbers = list(_NUMBER.finditer(answer))
    if numbers:
        last = numbers[-1]
        tail = answer[last.end() :].strip().lstrip("])").strip()
        unit = _unit(tail) if tail and (_TEXT_UNIT.fullmatch(tail) or tail in _UNIT_WORDS) else None
        if unit is not None and not _kind(unit):
            unit = None
        if unit is not None or len(numbers) == 1:
            found.append(_Reading((float(last.group()),), unit, "printed"))
    return found


#: a physical quantity the request asks for, when it names one and no unit
_ASKS = (
    r"(?:what\s+is|what's|what\s+are|compute|calculate|find|give|report|estimate|determine"
    r"|return|print|obtain|get)\s+(?:me\s+)?(?:the\s+|its\s+|their\s+|an?\s+)?"
    r"(?:[\w-]+\s+){0,3}?"
)
_QUANTITIES = re.compile(
    _ASKS
    + r"(?:(?P<length>(?:(?:angular[- ]diameter|luminosity|comoving|proper|light[- ]travel)\s+)?"
    r"distance(?!\s*modul)|wavelength)"
    r"|(?P<angle>angular\s+(?:separation|size|diameter|radius)|(?<!projected )(?<!physical )"
    r"separation|parallax)"
    r"|(?P<temperature>temperature)"
    r"|(?P<mass>mass(?:es)?)"
    r"|(?P<frequency>(?<!angular )frequency)"
    r"|(?P<speed>(?<!angular )(?:velocity|speed))"
    r"|(?P<time>age|lookback\s+time|(?:orbital\s+)?period))"
    # the quantity itself, not a compound ("mass loss rate", "temperature gradient")
    r"(?=\s*(?:$|[?.,;:)]|(?:of|to|for|in|at|between|from|and|if|when|assuming|using|with"
    r"|given|that|would|will|does|is|are)\b))",
    re.I,
)
#: a "distance" on the sky is an angle: do not expect a length then
_SKY = re.compile(
    r"angular|on the sky|in the sky|great[- ]circle|\bRA\b|\bDec\b|right ascension"
    r"|declination|coordinates",
    re.I,
)
_EXAMPLE_UNIT = {
    "length": "m",
    "angle": "deg",
    "temperature": "K",
    "mass": "kg",
    "frequency": "Hz",
    "speed": "m/s",
    "time": "s",
}


def _named_kind(request: str) -> str | None:
    kinds = {name for m in _QUANTITIES.finditer(request) for name, v in m.groupdict().items() if v}
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    return None if kind == "length" and _SKY.search(request) else kind


def _equivalency_hint(got: Any, want: Any) -> str:
    import astropy.units as u

    for name, eq in (
        ("u.spectral()", u.spectral()),
        ("u.parallax()", u.parallax()),
        ("u.temperature_energy()", u.temperature_energy()),
        ("u.mass_energy()", u.mass_energy()),
    ):
        if _equivalent(got, want, eq):
            return (
                f" If that is the intended quantity, convert with "
                f".to({_code_for(want)}, equivalencies={name})."
            )
    return " Check that you computed the quantity asked for (the right method or attribute)."


def quantity_units(output: ProgramOutput) -> list[Issue]:
    """A quantity answer must have the physical type and unit the request asks for.

    Why: the most common wrong astropy answers are the right number in the
    wrong unit (km when pc was asked) or the wrong quantity altogether (a time
    from ``lookback_time`` where a distance was asked).  The unit is read from a
    Quantity result or from a unit printed after the answer's last number; a
    bare number is never judged.  The expected unit comes from "in <unit>" /
    "to <unit>" in the request, else from the one quantity it asks for
    ("what is the luminosity distance").
    """
    if not output.uses("astropy"):
        return []
    readings = [r for r in _readings(output) if r.unit is not None and _kind(r.unit)]
    if not readings:
        return []
    wanted = requested_units(output.request)
    issues: list[Issue] = []
    seen: set[str] = set()
    answer = output.lines[-1] if output.lines else ""
    for reading in readings:
        got = reading.unit
        where = "result" if reading.source == "result" else "printed answer"
        if reading.source == "printed" and any(
            _same(unit, w) for unit in _line_units(answer) for w in wanted
        ):
            continue  # the answer line also gives the value in the unit asked for
        key = got.to_string()
        if key in seen:
            continue
        seen.add(key)
        if wanted:
            if any(_same(got, w) for w in wanted):
                continue
            hour = _unit("h")
            if any(
                {_kind(got), _kind(w)} == {"angle", "time"} and (_same(got, hour) or _same(w, hour))
                for w in wanted
            ):
                continue  # RA "in hours": h and hourangle are both fine
            alike = [w for w in wanted if _equivalent(got, w) or _kind(w) == _kind(got)]
            if len(alike) == 1:
                want = alike[0]
                # K and deg_C share a physical type but convert only with an equivalency
                temperature = _kind(want) == "temperature" and not _equivalent(got, want)
                extra = ", equivalencies=u.temperature()" if temperature else ""
                issues.append(
                    Issue(
                        f"The request asks for the answer in {want.to_string()}, but the {where} "
                        f"is in {key}: convert it with .to({_code_for(want)}{extra}) before "
                        "printing (and print .value if a bare number is wanted)."
                    )
                )
            elif not alike and all(_kind(w) for w in wanted) and len(wanted) == 1:
                want = wanted[0]
                issues.append(
                    Issue(
                        f"The request asks for a {_kind(want)} in {want.to_string()}, but the "
                        f"{where} is a {_kind(got)} (unit {key}): it is not the quantity asked "
                        f"for.{_equivalency_hint(got, want)}"
                    )
                )
            continue
        kind = _named_kind(output.request)
        if kind is None:
            continue
        import astropy.units as u

        example = _unit(_EXAMPLE_UNIT[kind])
        lenient = u.temperature_energy() + u.mass_energy()
        if not _equivalent(got, example, lenient):
            issues.append(
                Issue(
                    f"The request asks for a {kind}, but the {where} is a {_kind(got)} (unit "
                    f"{key}): it is not the quantity asked for.{_equivalency_hint(got, example)}"
                )
            )
    return issues


# ---------------------------------------------------------- coordinates


@dataclass(frozen=True)
class _Coordinate:
    """One coordinate value found in the output, in degrees (or hours for RA)."""

    role: str  # "ra", "dec", "lat" (any latitude), "lon" (a longitude in [0, 360)), "sep"
    degrees: float
    shown: str


_ROLES = {
    "ra": "ra",
    "dec": "dec",
    "decl": "dec",
    "declination": "dec",
    "b": "lat",
    "glat": "lat",
    "lat": "lat",
    "elat": "lat",
    "alt": "lat",
    "altitude": "lat",
    "elevation": "lat",
    "az": "lon",
    "azimuth": "lon",
    "sep": "sep",
    "separation": "sep",
}
#: a role only counts next to its partner: "b" with "l", "alt" with "az" ("b" alone may be
#: anything, "alt" alone a height in metres)
_PARTNERS = {"b": ("l", "glon"), "alt": ("az", "azimuth"), "altitude": ("az", "azimuth")}


def _role(name: str, others: list[str]) -> tuple[str | None, str]:
    """The role and unit ("deg" or "h") a name like ``ra_deg``, ``dec``, ``ra_hours`` implies.

    ``others`` are the sibling names (template entries, dict keys).  A separation
    counts only with a degree suffix: plain numbers may be arcseconds.
    """
    parts = name.lower().split("_")
    role = _ROLES.get(parts[0])
    siblings = {o.lower().split("_")[0] for o in others}
    if parts[0] in _PARTNERS and not siblings & set(_PARTNERS[parts[0]]):
        return None, "deg"
    unit = "h" if any(p in ("h", "hr", "hour", "hours", "hourangle") for p in parts[1:]) else "deg"
    if any(p in ("rad", "radian", "radians", "arcsec", "arcmin", "mas") for p in parts[1:]):
        return None, unit
    if role == "sep" and not any(p in ("deg", "degree", "degrees") for p in parts[1:]):
        return None, unit
    return role, unit


def _to_degrees(value: float, unit: Any) -> float | None:
    if unit is None:
        return value
    try:
        import astropy.units as u

        return float((value * unit).to(u.deg).value)
    except Exception:
        return None


def _template_coordinates(output: ProgramOutput) -> list[_Coordinate]:
    """Values of a list answer shaped by the request ("Answer as [ra_deg, dec_deg]")."""
    template = re.search(r"[\[(]\s*([A-Za-z]\w*(?:\s*,\s*[A-Za-z]\w*)+)\s*[\])]", output.request)
    if not template:
        return []
    names = [n.strip() for n in template.group(1).split(",")]
    values: Any = output.value if output.has_value else None
    if not isinstance(values, list) and output.lines:
        try:
            values = ast.literal_eval(output.lines[-1].strip())
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            values = None
    if not isinstance(values, list | tuple) or len(values) != len(names):
        return []
    found = []
    for name, value in zip(names, values, strict=True):
        role, unit = _role(name, names)
        if role is None or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        degrees = float(value) * (15.0 if unit == "h" else 1.0)
        found.append(_Coordinate(role, degrees, f"{name} = {value:g}"))
    return found


def _dict_coordinates(value: Any) -> list[_Coordinate]:
    """``{"ra": 10.7, "dec": 41.3}`` results (numbers in degrees, or Quantity dicts)."""
    if not isinstance(value, dict):
        return []
    found = []
    keys = [str(k) for k in value]
    for key, item in value.items():
        q = _quantity(item)
        role, unit = _role(str(key) + ("_deg" if q is not None else ""), keys)
        if role is None:
            continue
        if q is not None:
            numbers, qunit = q
            for number in numbers:
                degrees = _to_degrees(number, qunit)
                if degrees is not None and qunit is not None and _kind(qunit) == "angle":
                    found.append(_Coordinate(role, degrees, f"{key} = {number:g} {qunit}"))
        elif isinstance(item, int | float) and not isinstance(item, bool):
            degrees = float(item) * (15.0 if unit == "h" else 1.0)
            found.append(_Coordinate(role, degrees, f"{key} = {item:g}"))
    return found


_ANGLE_UNIT = r"deg(?:rees?)?|°|h(?:ours?)?|hourangle|arcsec|arcmin|mas|rad"
_LABELLED = re.compile(
    r"(?<![\w.])(?P<label>RA|R\.A\.|right\s+ascension|Dec|DEC|Decl\.?|declination|alt|altitude"
    rf"|az|azimuth|separation|sep)\s*(?:\((?P<paren>[^)]{{0,12}})\))?\s*(?P<sep>[:=]|is)?\s*"
    r"(?P<value>(?:[+-]?\d{1,3}\s*[hd°:]\s*\d{1,3}\s*[m′':]\s*\d{1,3}(?:\.\d*)?\s*[s″\"]?)"
    rf"|{NUMBER})(?![\w.]|\.\d)\s*(?P<unit>(?:{_ANGLE_UNIT})\b|°)?",
    re.I,
)
#: words before a label that make the number an offset or an error, not a coordinate
_OFFSET = re.compile(
    r"(?:delta|offset|diff(?:erence)?|change|error|err|sigma|uncertainty|shift|d|proper motion"
    r"|pm|mu)\W*$",
    re.I,
)


def _sexagesimal(text: str, label_role: str) -> tuple[float, bool] | None:
    """Degrees from ``05h55m10.3s`` / ``+07d24m25s`` / ``05:55:10.3``, and whether it is valid."""
    m = re.fullmatch(
        r"([+-]?)(\d{1,3})\s*([hd°:])\s*(\d{1,3})\s*[m′':]\s*(\d{1,3}(?:\.\d*)?)\s*[s″\"]?",
        text.strip(),
    )
    if not m:
        return None
    sign = -1.0 if m.group(1) == "-" else 1.0
    whole, minutes, seconds = float(m.group(2)), float(m.group(4)), float(m.group(5))
    hours = m.group(3) == "h" or (m.group(3) == ":" and label_role == "ra")
    valid = minutes < 60 and seconds < 60
    value = sign * (whole + minutes / 60 + seconds / 3600)
    return (value * 15.0 if hours else value), valid


def _printed_coordinates(output: ProgramOutput) -> tuple[list[_Coordinate], list[str]]:
    """Labelled coordinates on printed lines ("Dec: 95.0 deg", "RA = 25h10m00s")."""
    found: list[_Coordinate] = []
    malformed: list[str] = []
    for line in output.lines:
        if re.match(r"\s*<", line):
            continue  # an object's repr (SkyCoord): astropy made it, it is in range
        for m in _LABELLED.finditer(line):
            if _OFFSET.search(line[max(0, m.start() - 16) : m.start()]):
                continue
            label = m.group("label").lower().replace(".", "").replace(" ", "")
            role = {
                "ra": "ra",
                "rightascension": "ra",
                "dec": "dec",
                "decl": "dec",
                "declination": "dec",
                "alt": "lat",
                "altitude": "lat",
                "az": "lon",
                "azimuth": "lon",
                "separation": "sep",
                "sep": "sep",
            }.get(label)
            if role is None:
                continue
            text = m.group("value")
            unit_text = (m.group("unit") or "").lower()
            paren = (m.group("paren") or "").strip().lower()
            if not unit_text and re.fullmatch(_ANGLE_UNIT, paren, re.I):
                unit_text = paren
            elif paren and not unit_text and _unit(paren) is not None:
                continue  # "sep (kpc)" is not an angle; "RA (J2000)" is read on
            sexa = _sexagesimal(text, role)
            if sexa is None and not unit_text and not m.group("sep"):
                continue  # "Dec 2024" is a date; a bare number needs "Dec:" or a unit
            if role == "sep" and sexa is None and not unit_text:
                continue  # a separation without a unit may be in arcsec or kpc
            if sexa is not None:
                degrees, valid = sexa
                if not valid:
                    malformed.append(m.group(0).strip())
                    continue
            else:
                value = float(text)
                if role == "lat" and label.startswith("alt") and not unit_text:
                    continue  # an altitude without unit may be a height in metres
                if unit_text.startswith("h"):
                    degrees = value * 15.0
                elif unit_text in ("arcsec", "arcmin", "rad", "mas"):
                    converted = _to_degrees(value, _unit(unit_text, strict_words=False))
                    if converted is None:
                        continue
                    degrees = converted
                else:
                    degrees = value
            found.append(_Coordinate(role, degrees, m.group(0).strip()))
    return found, malformed


#: a request that says the separation is an angle, whatever the code computes it with
_ANGULAR_REQUEST = re.compile(
    r"angular\s+(?:separation|distance)|angle\s+between|great[- ]circle|separation\s+on\s+the\s+sky"
    r"|(?:on[- ]sky|sky)\s+separation",
    re.I,
)


def _separation_answer(output: ProgramOutput) -> list[_Coordinate]:
    """The answer of a separation request, in degrees, when its unit is known.

    The program may compute it with ``SkyCoord.separation`` or by hand (a
    haversine in numpy): an angular separation lies in [0, 180] degrees either way.
    """
    if not re.search(r"separation|angle between|angular distance", output.request, re.I):
        return []
    if not re.search(r"\.separation\s*\(", output.code) and not _ANGULAR_REQUEST.search(
        output.request
    ):
        return []  # "separation" alone may be projected (kpc): needs the code's word for it
    wanted = [w for w in requested_units(output.request) if _kind(w) == "angle"]
    found = []
    for reading in _readings(output):
        unit = reading.unit or (wanted[0] if len(wanted) == 1 else None)
        if unit is None or _kind(unit) != "angle":
            continue
        for value in reading.values:
            degrees = _to_degrees(value, unit)
            if degrees is not None:
                found.append(_Coordinate("sep", degrees, f"{value:g} {unit.to_string()}"))
    return found


_RANGES = {
    "ra": (0.0, 360.0, "right ascension", "[0, 360) degrees, i.e. [0, 24) hours"),
    "lon": (0.0, 360.0, "azimuth", "[0, 360) degrees"),
    "dec": (-90.0, 90.0, "declination", "[-90, +90] degrees"),
    "lat": (-90.0, 90.0, "latitude/altitude", "[-90, +90] degrees"),
    "sep": (0.0, 180.0, "angular separation", "[0, 180] degrees"),
}
_RANGE_FIX = {
    "ra": "build a SkyCoord (it wraps RA into range) and print c.ra.deg, or parse "
    "sexagesimal RA with unit=u.hourangle; do not add offsets by hand",
    "lon": "wrap it with Angle(az).wrap_at(360 * u.deg)",
    "dec": "check that RA and Dec are not swapped and that Dec was parsed in degrees "
    "(u.deg, not u.hourangle)",
    "lat": "check that longitude and latitude are not swapped and the unit is degrees",
    "sep": "use c1.separation(c2) and print .deg (or the unit asked for)",
}


def coordinate_ranges(output: ProgramOutput) -> list[Issue]:
    """Sky coordinates must be in range: RA in [0, 360) deg, Dec in [-90, 90], separations in [0, 180].

    Why: an out-of-range coordinate is impossible on the sky, so it always
    means swapped RA/Dec, hours read as degrees, or hand-made arithmetic.
    Coordinates are read from a list answer whose shape the request gives
    ("[ra_deg, dec_deg]"), a result dict keyed ra/dec, labelled printed values
    ("Dec: 95 deg", "RA = 25h10m00s") and a separation answer in a known unit.
    """
    if not output.uses("astropy"):
        return []
    printed, malformed = _printed_coordinates(output)
    found = (
        _template_coordinates(output)
        + (_dict_coordinates(output.value) if output.has_value else [])
        + printed
        + _separation_answer(output)
    )
    issues = [
        Issue(
            f"The sexagesimal value '{text}' has minutes or seconds of 60 or more: format "
            "angles with Angle(...).to_string(unit=u.hourangle or u.deg, sep='hms' or 'dms') "
            "instead of by hand."
        )
        for text in dict.fromkeys(malformed)
    ]
    reported: set[tuple[str, float]] = set()
    for coord in found:
        low, high, name, span = _RANGES[coord.role]
        tol = 1e-9
        inside = low - tol <= coord.degrees <= high + tol
        if inside or (coord.role, round(coord.degrees, 9)) in reported:
            continue
        reported.add((coord.role, round(coord.degrees, 9)))
        issues.append(
            Issue(
                f"The {name} '{coord.shown}' ({coord.degrees:g} deg) is outside {span}, which "
                f"is impossible: {_RANGE_FIX[coord.role]}."
            )
        )
    return issues


# -------------------------------------------------------------- distances

_ASKS_DISTANCE = re.compile(r"\bdistances?\b(?!\s*modul)", re.I)
#: quantities that are rightly signed: differences, offsets, heights, blueshifts
_SIGNED = re.compile(
    r"differen|change|delta|offset|relative|shift|minus|residual|error|displacement|signed"
    r"|above|below|height|negative|blueshift|approach|\bz\s*=\s*[-−]|redshift\s+(?:of\s+)?[-−]"
    r"|cartesian|\bx\b|\by\b|\bz\s+(?:component|coordinate)|component|modul|magnitude",
    re.I,
)


def distance_sign(output: ProgramOutput) -> list[Issue]:
    """A distance asked for (in Mpc, pc, ly, AU, ...) must not be negative.

    Why: a distance is a length between two places, so a negative one means a
    sign error, a subtraction the wrong way round, or a distance modulus or a
    magnitude printed instead.  Judged only when the request asks for a
    distance (not a distance modulus, not an angular distance) and no signed
    quantity (a difference, an offset, a height, a negative redshift), on an
    answer whose unit is a length or, for a bare number, whose requested unit is.
    """
    if not output.uses("astropy") or not _ASKS_DISTANCE.search(output.request):
        return []
    if _SIGNED.search(output.request) or _SKY.search(output.request):
        return []
    metre = _unit("m")
    wanted = [w for w in requested_units(output.request) if _equivalent(w, metre)]
    if not wanted and _named_kind(output.request) != "length":
        return []
    for reading in _readings(output):
        unit = reading.unit if reading.unit is not None else (wanted[0] if wanted else None)
        if unit is None or not _equivalent(unit, metre):
            continue
        negative = [v for v in reading.values if v < 0]
        if negative:
            return [
                Issue(
                    f"The request asks for a distance, but the answer is {negative[0]:g} "
                    f"{unit.to_string()}: a distance cannot be negative. Print the distance "
                    "itself (e.g. cosmo.luminosity_distance(z).to(u.Mpc).value), not a "
                    "difference, a distance modulus or a magnitude."
                )
            ]
    return []


# ----------------------------------------------------------- time scales

_SCALE_NAMES = re.compile(
    r"\b(?:TDB|TT|TAI|UTC|UT1|TCB|TCG|TDT|ET)\b|barycentric dynamical|terrestrial time"
    r"|atomic time|coordinated universal|time scale|timescale"
)
_CONVERTS = re.compile(r"\.(?:tdb|tt|tai|utc|ut1|tcb|tcg)\b(?!\s*\()")


def _unscaled_times(code: str) -> list[int]:
    """Line numbers of ``Time(...)`` calls without ``scale=``."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name != "Time" or any(k.arg == "scale" for k in node.keywords):
            continue
        if any(k.arg is None for k in node.keywords):
            continue  # **kwargs may carry the scale
        lines.append(node.lineno)
    return lines


def time_scale(output: ProgramOutput) -> list[Issue]:
    """Warn when ``Time(...)`` has no ``scale=`` although time scales matter.

    Why: without ``scale=`` astropy assumes UTC for most formats, so a date
    given in TDB or TT is silently read as UTC (a ~69 s error), and a
    conversion like ``t.tdb`` starts from an assumed scale.  Only a warning:
    the default is often right.
    """
    if not output.uses("astropy"):
        return []
    scales = _SCALE_NAMES.search(output.request)
    converts = _CONVERTS.search(output.code)
    if not scales and not converts:
        return []
    lines = _unscaled_times(output.code)
    if not lines:
        return []
    why = (
        f"the request involves the {scales.group(0)} time scale"
        if scales
        else "the program converts between time scales"
    )
    return [
        Issue(
            f"Time(...) on line {lines[0]} has no scale=, so astropy assumes UTC, but {why}: "
            "pass the scale the input is in explicitly, e.g. Time('2024-01-01 00:00:00', "
            "scale='utc'), then convert with t.tdb / t.tt.",
            "warning",
        )
    ]


# ------------------------------------------------------------- constants

_CONSTANTS = (
    (r"speed of light(?: in (?:a )?vacuum)?", "c", "speed of light"),
    (r"(?:newtonian )?gravitational constant|newton'?s constant", "G", "gravitational constant"),
    (r"planck(?:'s)? constant", "h", "Planck constant"),
    (r"boltzmann(?:'s)? constant", "k_B", "Boltzmann constant"),
    (r"stefan[- ]boltzmann constant", "sigma_sb", "Stefan-Boltzmann constant"),
    (r"solar mass|mass of the sun", "M_sun", "solar mass"),
    (r"solar luminosity|luminosity of the sun", "L_sun", "solar luminosity"),
    (r"solar radius|radius of the sun", "R_sun", "solar radius"),
    (r"earth(?:'s)? mass|mass of (?:the )?earth", "M_earth", "Earth mass"),
    (r"earth(?:'s)? radius|radius of (?:the )?earth", "R_earth", "Earth radius"),
    (r"jupiter(?:'s)? mass|mass of jupiter", "M_jup", "Jupiter mass"),
    (r"jupiter(?:'s)? radius|radius of jupiter", "R_jup", "Jupiter radius"),
    (r"astronomical unit", "au", "astronomical unit"),
    (r"electron mass|mass of (?:an |the )?electron", "m_e", "electron mass"),
    (r"proton mass|mass of (?:a |the )?proton", "m_p", "proton mass"),
)


def _asked_constant(request: str) -> tuple[str, str, str | None] | None:
    """(attribute, name, unit text) when a sentence of the request just asks for a constant."""
    for sentence in re.split(r"(?<=[?.!])\s+", request.strip()):
        for pattern, attr, name in _CONSTANTS:
            m = re.fullmatch(
                r"(?:[\w\s,]*?,\s*)?(?:what\s+is|what's|give(?:\s+me)?|report|print|return"
                r"|look\s+up|find)\s+(?:the\s+)?(?:(?:numerical\s+)?value\s+of\s+(?:the\s+)?)?"
                rf"(?:{pattern})(?:\s+constant)?(?:\s*\(\s*\w+\s*\))?"
                r"(?:,?\s+(?:in|expressed\s+in)\s+(?P<unit>[^?.!]+?))?\s*[?.!]?",
                sentence.strip(),
                re.I,
            )
            if m:
                return attr, name, m.group("unit")
    return None


def constant_magnitude(output: ProgramOutput) -> list[Issue]:
    """A requested physical constant must match ``astropy.constants`` to within a factor 10.

    Why: a constant off by orders of magnitude means the wrong unit (c in m/s
    printed where km/s was asked) or the wrong constant; a factor-10 margin
    leaves room for rounding and for any sensible value of the constant.
    Checked only when a sentence of the request just asks for the constant
    and the unit of the answer is known (printed, a Quantity, or requested).
    """
    if not output.uses("astropy"):
        return []
    asked = _asked_constant(output.request)
    if asked is None:
        return []
    attr, name, unit_text = asked
    import astropy.constants as const

    constant = getattr(const, attr)
    requested = _unit(unit_text) if unit_text else None
    if requested is None and unit_text and re.search(r"\bSI\b", unit_text):
        requested = constant.si.unit
    elif requested is None and unit_text and re.search(r"\bcgs\b", unit_text, re.I):
        requested = constant.cgs.unit
    issues = []
    for reading in _readings(output):
        unit = reading.unit or requested
        if unit is None or not _equivalent(unit, constant.unit):
            continue
        expected = float(constant.to(unit).value)
        for value in reading.values:
            if value > 0 and abs(math.log10(value / expected)) <= 1:
                continue
            issues.append(
                Issue(
                    f"The {name} is {expected:.10g} {unit.to_string()} (astropy.constants.{attr}), "
                    f"but the answer is {value:g}: it is off by orders of magnitude, so the unit "
                    f"is wrong; print astropy.constants.{attr}.to({_code_for(unit)}).value."
                )
            )
            break
    return issues[:1]


VALIDATORS: tuple[Validator, ...] = (
    quantity_units,
    coordinate_ranges,
    time_scale,
    constant_magnitude,
    distance_sign,
)
