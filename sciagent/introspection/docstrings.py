"""Signatures and prose recovered from docstrings.

C extensions do not expose ``__signature__``: Boost.Python (RDKit) writes one
header per overload at the top of the docstring, astropy.wcs writes
``name(args) -> ret`` on the first line, and many pure-Python wrappers only show
``(*args, **kwargs)`` while documenting their real parameters in numpydoc.  This
module turns each of those into :class:`~sciagent.records.Signature` objects.
It is pure text processing, so it is tested on real docstrings without imports.
"""

from __future__ import annotations

import doctest
import re
from dataclasses import dataclass

from ..records import Param, Signature

_CPP_BLOCK = re.compile(r"\n[ \t]*C\+\+ signature :\s*\n(?:[ \t]+\S.*\n?)+")
_WS = re.compile(r"\s+")


@dataclass
class BoostDoc:
    """What a Boost.Python docstring holds once split into overloads."""

    signatures: list[Signature]
    prose: str  # the explanatory text of all overloads, C++ blocks removed


# --------------------------------------------------------------------------- Boost


#: One overload header: ``Name( (Type)arg [, ...]) -> Ret :`` on a line of its own.
_HEADER = re.compile(r"^[ \t]*(?P<name>\w+)\((?P<args>.*)\)\s*->\s*(?P<ret>[^\n]*?)\s*:\s*$", re.M)


def _headers(name: str, doc: str) -> list[re.Match[str]]:
    return [m for m in _HEADER.finditer(doc) if m.group("name") == name]


def _boost_header_name(name: str, doc: str | None) -> str | None:
    """The name the overload headers use: usually ``name``, but an exported
    alias keeps the C++ name (``ExplicitBitVect.ToBitString`` documents
    ``BitVectToText(...)``), so accept any header that opens the docstring."""
    if not doc or "->" not in doc:
        return None
    if _headers(name, doc):
        return name
    m = _HEADER.match(doc.lstrip("\n"))
    return m.group("name") if m else None


def looks_like_boost(name: str, doc: str | None) -> bool:
    return _boost_header_name(name, doc) is not None


NOINIT_MARKER = "This class cannot be instantiated from Python"


def parse_boost(name: str, doc: str, *, drop_self: bool = False) -> BoostDoc:
    """Split a Boost.Python docstring into one :class:`Signature` per overload.

    ``drop_self`` removes the leading instance of methods and constructors
    (``(Mol)self``, or ``(object)arg1`` when the binding names no argument), so
    a signature reads the way the caller writes the call; a constructor's
    ``-> None`` goes too.  Generic objects lose their type: Boost.Python prints
    ``boost::python::object`` under the name of whichever class some module
    registered for it (RDKit's ``AtomPairsParameters``), or as ``object``;
    either says nothing about what to pass.
    """
    matches = _headers(_boost_header_name(name, doc) or name, doc)
    signatures: list[Signature] = []
    prose_parts: list[str] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(doc)
        params = _parse_boost_args(m.group("args"))
        _drop_generic_types(params, _cpp_arg_types(doc[m.end() : end]))
        if (
            drop_self
            and params
            and (params[0].name == "self" or _BOOST_ARG1.fullmatch(params[0].name))
        ):
            params = params[1:]
        ret = m.group("ret").strip() or None
        if name == "__init__" and ret == "None":
            ret = None
        signatures.append(
            Signature(text=render(params, ret), params=params, returns=ret, source="boost")
        )
        body = _CPP_BLOCK.sub("\n", doc[m.end() : end] + "\n")
        body = _dedent(body).strip()
        if body and body not in prose_parts:
            prose_parts.append(body)
    head = doc[: matches[0].start()].strip() if matches else doc.strip()
    if head:
        prose_parts.insert(0, head)
    return BoostDoc(signatures, "\n\n".join(prose_parts))


_BOOST_ARG1 = re.compile(r"arg1")
#: C++ types Boost.Python passes through as any Python object
_CPP_GENERIC = re.compile(
    r"(?:boost::python::(?:api::)?object|_object\s*\*|PyObject\s*\*)"
    r"(?:\s*const)?\s*&?(?:\s*\{lvalue\})?"
)
_CPP_SIGNATURE = re.compile(r"C\+\+ signature :\s*\n[ \t]*(?P<sig>.+)")


def _cpp_arg_types(body: str) -> list[str] | None:
    """The C++ argument types an overload's ``C++ signature :`` block lists, or None.

    ``RDKit::ROMol* MolFromSmiles(boost::python::api::object [,bool=True])``
    -> [``boost::python::api::object``, ``bool``]; template arguments keep
    their commas.
    """
    m = _CPP_SIGNATURE.search(body)
    if m is None or "(" not in m.group("sig"):
        return None
    text = m.group("sig")
    inner = text[text.index("(") + 1 : text.rindex(")")] if ")" in text else ""
    inner = inner.replace("[", "").replace("]", "")
    types: list[str] = []
    cur: list[str] = []
    depth = 0
    for c in inner:
        depth += c in "<({"
        depth -= c in ">)}"
        if c == "," and depth == 0:
            types.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    types.append("".join(cur))
    out = [t.split("=", 1)[0].strip() for t in types]
    return [] if out == [""] else out


def _drop_generic_types(params: list[Param], cpp_types: list[str] | None) -> None:
    """Clear the annotation of parameters that take any Python object."""
    aligned = cpp_types is not None and len(cpp_types) == len(params)
    for i, p in enumerate(params):
        generic = aligned and cpp_types is not None and _CPP_GENERIC.fullmatch(cpp_types[i])
        if generic or p.annotation == "object":
            p.annotation = None


def _parse_boost_args(args: str) -> list[Param]:
    """Parse ``(Mol)mol [, (bool)onlyHeavy=False [, (dict)x={}]]``.

    Square brackets open optional groups; defaults may themselves contain
    brackets (``[]``), braces, parentheses or quoted strings.
    """
    params: list[Param] = []
    i, n, depth = 0, len(args), 0
    while i < n:
        c = args[i]
        if c in " ,\t\n":
            i += 1
        elif c == "[":
            depth += 1
            i += 1
        elif c == "]":
            depth = max(0, depth - 1)
            i += 1
        elif c == "(":
            close = _matching(args, i)
            type_name = args[i + 1 : close].strip()
            i = close + 1
            m = re.match(r"\s*(\w+)", args[i:])
            pname = m.group(1) if m else f"arg{len(params)}"
            i += m.end() if m else 0
            default = None
            if i < n and args[i] == "=":
                default, i = _read_default(args, i + 1)
            params.append(
                Param(
                    name=pname,
                    annotation=type_name or None,
                    default=default,
                    has_default=default is not None or depth > 0,
                )
            )
        else:  # unexpected text: skip to the next separator rather than fail
            i += 1
    return params


def _matching(text: str, start: int) -> int:
    """Index of the bracket closing the one at ``start`` (quotes respected)."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack = [pairs[text[start]]]
    i = start + 1
    quote: str | None = None
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c in pairs:
            stack.append(pairs[c])
        elif stack and c == stack[-1]:
            stack.pop()
            if not stack:
                return i
        i += 1
    return len(text) - 1


def _read_default(args: str, i: int) -> tuple[str, int]:
    """Read a default value up to the next top-level separator."""
    start = i
    while i < len(args):
        c = args[i]
        if c in "([{":
            i = _matching(args, i) + 1
            continue
        if c in "'\"":
            j = args.find(c, i + 1)
            i = len(args) if j < 0 else j + 1
            continue
        if (
            c in ",]"
            or (c == "[" and i > start)
            or (c == " " and args[i:].lstrip().startswith("["))
        ):
            break
        i += 1
    return args[start:i].strip(), i


# ----------------------------------------------------------------- first-line form

_FIRSTLINE = re.compile(r"^\s*(?P<name>[\w.]+)\((?P<args>[^)]*)\)\s*(?:->\s*(?P<ret>.+?))?\s*$")


def parse_firstline(name: str, doc: str | None) -> Signature | None:
    """Parse ``name(a, b=1) -> ret`` written on a docstring's first line."""
    if not doc:
        return None
    first = doc.strip().splitlines()[0]
    m = _FIRSTLINE.match(first)
    if not m or m.group("name").rsplit(".", 1)[-1] != name:
        return None
    params: list[Param] = []
    optional = False
    for raw in _split_top(m.group("args").replace("[", ",[").replace("]", "")):
        token = raw.strip()
        if not token:
            continue
        if token.startswith("["):
            optional = True
            token = token.lstrip("[ ,")
        if not token or token == "self":
            continue
        pname, _, default = token.partition("=")
        kind = "POSITIONAL_OR_KEYWORD"
        if pname.startswith("**"):
            kind, pname = "VAR_KEYWORD", pname[2:]
        elif pname.startswith("*"):
            kind, pname = "VAR_POSITIONAL", pname[1:]
        if not pname.strip().isidentifier():
            if pname.strip() in {"", "/"}:
                continue
            return None
        params.append(
            Param(
                name=pname.strip(),
                kind=kind,
                default=default.strip() or None,
                has_default=bool(default.strip()) or optional,
            )
        )
    ret = (m.group("ret") or "").strip() or None
    return Signature(text=render(params, ret), params=params, returns=ret, source="firstline")


def _split_top(text: str) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for c in text:
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth <= 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    out.append("".join(cur))
    return out


# ----------------------------------------------------------------------- numpydoc

_SECTION = re.compile(r"^\s*(?P<title>[A-Z][A-Za-z ]+)\n\s*-{3,}\s*$", re.M)


def numpydoc_sections(doc: str) -> dict[str, str]:
    """Split a numpydoc docstring into ``{title: body}`` (cheap, no full parse)."""
    doc = _dedent(doc)
    sections: dict[str, str] = {}
    matches = list(_SECTION.finditer(doc))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(doc)
        sections[m.group("title").strip()] = doc[m.end() : end].strip("\n")
    return sections


_PARAM_LINE = re.compile(r"^(?P<names>[*\w][\w, *]*?)\s*(?::\s*(?P<type>.*))?$")


def parse_numpydoc_params(doc: str | None) -> list[Param]:
    """Parameters documented in a numpydoc ``Parameters`` section."""
    if not doc:
        return []
    body = numpydoc_sections(doc).get("Parameters")
    if not body:
        return []
    params: list[Param] = []
    current: Param | None = None
    desc: list[str] = []
    for line in body.splitlines():
        if line and not line[0].isspace():
            if current is not None:
                current.description = " ".join(desc).strip() or None
            m = _PARAM_LINE.match(line.strip())
            current, desc = None, []
            if not m:
                continue
            names = [n.strip() for n in m.group("names").split(",") if n.strip()]
            type_text = (m.group("type") or "").strip() or None
            optional = bool(type_text and re.search(r"\boptional\b|default", type_text))
            default = None
            if type_text:
                d = re.search(r"default(?:s to|:|=| is)?\s*[:=]?\s*([^,]+)$", type_text)
                if d:
                    default = plain_type(d.group(1)) or None
            type_text = plain_type(type_text) or None
            for pname in names:
                kind = "POSITIONAL_OR_KEYWORD"
                if pname.startswith("**"):
                    kind, pname = "VAR_KEYWORD", pname[2:]
                elif pname.startswith("*"):
                    kind, pname = "VAR_POSITIONAL", pname[1:]
                if not pname.isidentifier():
                    continue
                current = Param(
                    name=pname,
                    kind=kind,
                    annotation=type_text,
                    default=default,
                    has_default=optional,
                )
                params.append(current)
        elif current is not None:
            desc.append(line.strip())
    if current is not None:
        current.description = " ".join(desc).strip() or None
    return params


def numpydoc_returns(doc: str | None) -> str | None:
    if not doc:
        return None
    body = numpydoc_sections(doc).get("Returns")
    if not body:
        return None
    first = body.strip().splitlines()[0].strip()
    return plain_type(first.split(":", 1)[1] if ":" in first else first) or None


_ROLE = re.compile(r":(?:py:)?[a-z]+:`~?([^`]+)`")
_TILDE = re.compile(r"`~([\w.]+)`")
_OPTIONAL = re.compile(
    r",?\s*\boptional\b|,?\s*\(?\bdefault(?:s to|:|=| is)?\s*[:=]?\s*[^,)]+\)?", re.I
)


def plain_type(text: str | None) -> str:
    """A numpydoc type as code reads it: no reST roles or backticks, no ``optional``.

    ``:class:`~astropy.units.Unit` or str, optional`` -> ``Unit or str``: a
    ``~`` target shows its last name, as Sphinx renders it; whether the
    parameter is optional is the signature's ``= ...``, not its type.
    """
    if not text:
        return ""
    out = _ROLE.sub(
        lambda m: m.group(1).rsplit(".", 1)[-1] if m.group(0).find("~") >= 0 else m.group(1), text
    )
    out = _TILDE.sub(lambda m: m.group(1).rsplit(".", 1)[-1], out)
    out = out.replace("`", "")
    out = _OPTIONAL.sub("", out)
    return " ".join(out.split()).strip(" ,")


# --------------------------------------------------------------------- prose bits


def _dedent(text: str) -> str:
    lines = text.expandtabs().splitlines()
    indents = [len(ln) - len(ln.lstrip()) for ln in lines[1:] if ln.strip()]
    cut = min(indents) if indents else 0
    head = lines[0].strip() if lines else ""
    return "\n".join([head, *(ln[cut:] for ln in lines[1:])])


def clean_doc(doc: str | None) -> str:
    """Docstring with C++ signature blocks removed and indentation normalised."""
    if not doc:
        return ""
    return _dedent(_CPP_BLOCK.sub("\n", doc)).strip()


def summary(doc: str | None, limit: int = 240) -> str:
    """The first paragraph, as one line, cut at a sentence end near ``limit``."""
    text = clean_doc(doc)
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para or para.startswith(("..", ">>>")) or re.fullmatch(r"[-=~]+", para):
            continue
        if re.match(r"^[A-Z][A-Z ]+:$", para):  # "ARGUMENTS:" and friends
            continue
        line = _WS.sub(" ", para)
        if len(line) > limit:
            cut = line.rfind(". ", 0, limit)
            line = line[: cut + 1] if cut > 40 else line[:limit].rstrip() + "..."
        return line
    return ""


_PARSER = doctest.DocTestParser()


def examples(doc: str | None, limit: int = 2, max_chars: int = 400) -> list[str]:
    """Up to ``limit`` doctest blocks, as ``>>>`` text (consecutive lines kept together)."""
    if not doc or ">>>" not in doc:
        return []
    try:
        parts = _PARSER.parse(clean_doc(doc))
    except ValueError:  # inconsistent doctest indentation in the wild
        return []
    blocks: list[str] = []
    current: list[str] = []
    for part in parts:
        if isinstance(part, doctest.Example):
            src = part.source.rstrip("\n").replace("\n", "\n... ")
            current.append(f">>> {src}")
            if part.want.strip():
                current.append(part.want.rstrip("\n"))
        elif isinstance(part, str) and part.strip() and current:
            blocks.append("\n".join(current)[:max_chars])
            current = []
            if len(blocks) >= limit:
                return blocks
    if current and len(blocks) < limit:
        blocks.append("\n".join(current)[:max_chars])
    return blocks


_DEPRECATED = re.compile(
    r"\.\. deprecated::|^\s*\[?deprecated\]?\b|\bdeprecated since\b|\bis deprecated\b"
    r"|\bthis (?:function|class|method|module) is deprecated",
    re.I | re.M,
)


def is_deprecated(doc: str | None) -> bool:
    return bool(doc) and _DEPRECATED.search(doc or "") is not None


# ------------------------------------------------------------------------ render


def render(params: list[Param], returns: str | None = None) -> str:
    """``(a: int, b: float = 1.0, *args, **kw) -> ret`` from params."""
    parts: list[str] = []
    for p in params:
        prefix = {"VAR_POSITIONAL": "*", "VAR_KEYWORD": "**"}.get(p.kind, "")
        text = prefix + p.name
        if p.annotation:
            text += f": {p.annotation}"
        if p.default is not None:
            text += f" = {p.default}" if p.annotation else f"={p.default}"
        elif p.has_default and not prefix:
            text += " = ..." if p.annotation else "=..."
        parts.append(text)
    out = "(" + ", ".join(parts) + ")"
    return f"{out} -> {returns}" if returns else out


def is_varargs_only(params: list[Param]) -> bool:
    """True for ``(*args, **kwargs)``-style signatures that say nothing."""
    real = [p for p in params if p.name not in {"self", "cls"}]
    return bool(real) and all(p.kind in {"VAR_POSITIONAL", "VAR_KEYWORD"} for p in real)
