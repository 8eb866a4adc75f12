"""Getting one program out of a model's reply."""

from __future__ import annotations

import ast
import re

_FENCE = re.compile(r"```[ \t]*(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)(?:```|\Z)", re.S)


def extract_code(reply: str) -> str | None:
    """The first fenced Python block; else the whole reply if it parses as a program.

    Small models sometimes drop the closing fence or the language tag, so an
    unterminated or untagged fence is accepted as long as it is valid Python.
    """
    blocks = [(m.group("lang").lower(), m.group("body")) for m in _FENCE.finditer(reply)]
    for lang, body in blocks:
        if lang in {"python", "py", "python3"} and body.strip():
            return body.strip("\n") + "\n"
    for _, body in blocks:
        if body.strip() and _parses(body):
            return body.strip("\n") + "\n"
    text = reply.strip()
    if text and "\n" in text and _parses(text) and _looks_like_code(text):
        return text + "\n"
    return None


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except SyntaxError:
        return False
    return True


def _looks_like_code(text: str) -> bool:
    tree = ast.parse(text)
    return any(isinstance(node, ast.Import | ast.ImportFrom | ast.Assign) for node in tree.body)


def last_line(stdout: str) -> str | None:
    lines = [ln for ln in stdout.splitlines() if ln.strip()]
    return lines[-1].strip() if lines else None
