"""One exception hierarchy, rooted in :class:`SciagentError`.

Every error names the problem *and* the fix, because the person reading it is a
scientist in a notebook or a shell, not the author of the code that raised it.
"""

from __future__ import annotations


class SciagentError(Exception):
    """Base of every error sciagent raises on purpose."""

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(f"{message}\n  fix: {fix}" if fix else message)


class ConfigError(SciagentError):
    """A setting or environment variable has a value sciagent cannot use."""


class PluginError(SciagentError):
    """A plugin could not be loaded, or declares something invalid."""


class NoPluginsError(PluginError):
    """No domain plugin is installed (or none is enabled)."""


class LibraryMissingError(PluginError):
    """A plugin's library is not installed in this environment."""


class IntrospectionError(SciagentError):
    """Walking a library's API failed as a whole (not a single submodule)."""


class IndexError_(SciagentError):
    """Base for problems with an on-disk index."""


class IndexMissingError(IndexError_):
    """No index has been built for a library at its installed version."""


class IndexStaleError(IndexError_):
    """The index was built for another library version, model or schema."""


class IndexCorruptError(IndexError_):
    """Index files are missing, truncated or inconsistent with the manifest."""


class IndexLockedError(IndexError_):
    """Another process is building the same index right now."""


class QueryError(SciagentError):
    """A search request is malformed (empty, unknown domain, bad k)."""


__all__ = [
    "ConfigError",
    "IndexCorruptError",
    "IndexError_",
    "IndexLockedError",
    "IndexMissingError",
    "IndexStaleError",
    "IntrospectionError",
    "LibraryMissingError",
    "NoPluginsError",
    "PluginError",
    "QueryError",
    "SciagentError",
]
