"""Hints for run errors a small model does not fix from the traceback alone.

The benchmark showed the 1.5B model repeating the same error on every repair
round ("'property' object is not callable" three times): the traceback says
*what* failed, not *why*.  A hint is a regular expression over
``"ErrorType: message"`` (and the traceback's last lines) with the sentence
that explains the usual cause.  These are Python's own; plugins add their
library's (``Plugin.error_hints``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..plugin import Plugin

MAX_HINTS = 2

PYTHON_HINTS: dict[str, str] = {
    r"TypeError: '(property|float|int|str|list|dict|tuple|bool|numpy\.\w+)' object is not callable": (
        "A value was called like a function: an attribute or property is read without "
        "parentheses (`obj.name`, not `obj.name()`)."
    ),
    r"'NoneType' object (has no attribute|is not subscriptable|is not iterable)": (
        "A value is None: a reader that returns None on input it cannot parse, or a function "
        "that works in place and returns None, was used as if it returned a result. Find "
        "the call that gave None and check its input or use the object it modified."
    ),
    r"'generator' object (has no attribute|is not subscriptable)|"
    r"'(map|filter|zip)' object is not subscriptable": (
        "A function returned an iterator: loop over it, or make a list first (`list(...)`)."
    ),
    r"ModuleNotFoundError: No module named": (
        "That module is not installed where the program runs: use only the libraries on "
        "the cards, the standard library and numpy."
    ),
}


@dataclass(frozen=True)
class Hint:
    """A hint applies when its pattern matches and the program imports one of ``libraries``
    (none: any program), so RDKit's advice never reaches an Astropy traceback."""

    pattern: re.Pattern[str]
    text: str
    libraries: frozenset[str] = frozenset()


def compile_hints(hints: Mapping[str, str], libraries: Iterable[str] = ()) -> list[Hint]:
    return [Hint(re.compile(p), text, frozenset(libraries)) for p, text in hints.items()]


def plugin_hints(plugins: Iterable[Plugin]) -> list[Hint]:
    """Python's hints, then each plugin's, bound to the top-level packages of its libraries."""
    found = compile_hints(PYTHON_HINTS)
    for plugin in plugins:
        roots = [lib.import_name.split(".")[0] for lib in plugin.libraries]
        found += compile_hints(plugin.error_hints, roots)
    return found


def hints_for(error: str, imports: Iterable[str], hints: Iterable[Hint]) -> list[str]:
    """Texts of the hints that match ``error`` for a program importing ``imports``."""
    used = set(imports)
    found = [
        h.text for h in hints if (not h.libraries or h.libraries & used) and h.pattern.search(error)
    ]
    return list(dict.fromkeys(found))[:MAX_HINTS]
