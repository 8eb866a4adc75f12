"""The checks a :class:`~sciagent.plugin.Plugin` runs when it is built.

Each raises :class:`~sciagent.errors.PluginError` naming the plugin and the
field that is wrong, so a broken manifest fails when its package is loaded
(and ``sciagent plugins list`` reports it by name), not later inside a search
or a run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import PluginError

_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


def name(plugin: str) -> None:
    if not plugin or not plugin.replace("-", "_").isidentifier():
        raise PluginError(f"plugin name {plugin!r} is not a valid identifier")


def members(
    plugin: str, what: str, items: Iterable[Any], kind: type, *, required: bool = False
) -> None:
    """``items`` (a field such as ``libraries``) are all ``kind`` objects, and some if required."""
    items = tuple(items)
    if required and not items:
        raise PluginError(f"plugin {plugin!r} declares no {what}")
    for item in items:
        if not isinstance(item, kind):
            raise PluginError(f"plugin {plugin!r}: {what} must be {kind.__name__} objects")


def validators(plugin: str, found: Iterable[Any]) -> None:
    for validator in found:
        if not callable(validator):
            raise PluginError(f"plugin {plugin!r}: validator {validator!r} is not callable")


def normalisers(plugin: str, found: Any) -> None:
    """Normalisers are called on every candidate answer: a non-callable must fail at load."""
    if callable(found) or isinstance(found, str | bytes | dict):
        raise PluginError(
            f"plugin {plugin!r}: normalisers must be a tuple of functions, "
            f"not {type(found).__name__} (write normalisers=(f,))"
        )
    for normaliser in found:
        if not callable(normaliser):
            raise PluginError(
                f"plugin {plugin!r}: normaliser {normaliser!r} is not callable "
                "(a normaliser is a function str -> str | None)"
            )


def synonyms(plugin: str, found: Mapping[Any, Any]) -> None:
    for phrase, words in found.items():
        if (
            not isinstance(phrase, str)
            or isinstance(words, str)
            or not all(isinstance(w, str) for w in words)
        ):
            raise PluginError(
                f"plugin {plugin!r}: synonyms map a phrase to a tuple of words "
                f"({phrase!r} does not)"
            )


def keywords(plugin: str, found: Mapping[Any, Any], libraries: Iterable[Any]) -> None:
    """Keywords map a path of one of the plugin's libraries to a non-empty string."""
    libraries = tuple(libraries)
    for path, words in found.items():
        if not isinstance(path, str) or not isinstance(words, str) or not words.strip():
            raise PluginError(
                f"plugin {plugin!r}: keywords map an API path to a non-empty string "
                f"({path!r} does not)"
            )
        if not any(lib.owns(path) for lib in libraries):
            raise PluginError(
                f"plugin {plugin!r}: keywords for {path!r} name no API of its "
                f"libraries ({', '.join(lib.import_name for lib in libraries)})"
            )


def error_hints(plugin: str, found: Mapping[Any, Any]) -> None:
    for pattern, hint in found.items():
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise PluginError(
                f"plugin {plugin!r}: error hint pattern {pattern!r} is not a "
                f"regular expression ({exc})"
            ) from None
        if not isinstance(hint, str) or not hint:
            raise PluginError(f"plugin {plugin!r}: error hint for {pattern!r} is empty")


def boosts(plugin: str, found: Mapping[Any, Any]) -> None:
    for pattern, factor in found.items():
        if not isinstance(factor, int | float) or factor <= 0:
            raise PluginError(f"plugin {plugin!r}: boost for {pattern!r} must be a positive number")


def forwards(plugin: str, found: Mapping[Any, Any], libraries: Iterable[Any]) -> None:
    """Forwards map a class path of one of the plugin's libraries to a class path of the same."""
    libraries = tuple(libraries)
    for source, target in found.items():
        if not all(isinstance(p, str) and _DOTTED.fullmatch(p) for p in (source, target)):
            raise PluginError(
                f"plugin {plugin!r}: forwards map a class path to a class path "
                f"({source!r}: {target!r} does not)"
            )
        owner = next((lib for lib in libraries if lib.owns(source)), None)
        if owner is None or not owner.owns(target):
            raise PluginError(
                f"plugin {plugin!r}: forward {source!r} -> {target!r} must name two classes "
                f"of one of its libraries ({', '.join(lib.import_name for lib in libraries)})"
            )


def imports(plugin: str, found: Mapping[Any, Any], libraries: Iterable[Any]) -> None:
    """Conventional names map an identifier to a dotted path in one of the plugin's libraries."""
    libraries = tuple(libraries)
    for alias, target in found.items():
        if not (isinstance(alias, str) and alias.isidentifier() and isinstance(target, str)):
            raise PluginError(
                f"plugin {plugin!r}: imports map a name to a dotted path "
                f"({alias!r}: {target!r} does not)"
            )
        if not any(lib.owns(target) or lib.import_name == target for lib in libraries):
            raise PluginError(
                f"plugin {plugin!r}: import {alias!r} -> {target!r} names nothing of its "
                f"libraries ({', '.join(lib.import_name for lib in libraries)})"
            )
