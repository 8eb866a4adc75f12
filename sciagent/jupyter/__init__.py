"""Jupyter surfaces: ``%load_ext sciagent`` magics and rich display.

* :mod:`.magics`: ``%sciagent_search`` and ``%%sciagent`` (imports IPython);
* :mod:`.display`: hit lists that display as cards, and the cards of
  :mod:`sciagent.render` (HTML and text of hits, runs and agent results)
  under their old names (:mod:`.values` and :mod:`.molecules` re-export
  :mod:`sciagent.render.values` and :mod:`sciagent.render.molecules`);
* :mod:`.inputs`: notebook variables as the program's input files.

Importing this package does not import IPython; loading the extension does.
"""

from __future__ import annotations

from typing import Any

from .display import Hits, Message, show_hits

MAGICS = {"line": ("sciagent_search", "sciagent"), "cell": ("sciagent",)}


def load_ipython_extension(ipython: Any) -> None:
    """Register the magics (``%load_ext sciagent``)."""
    from .magics import SciagentMagics

    ipython.register_magics(SciagentMagics)


def unload_ipython_extension(ipython: Any) -> None:
    """Remove the magics again (``%unload_ext sciagent``)."""
    registry = ipython.magics_manager.magics
    for kind, names in MAGICS.items():
        for name in names:
            registry[kind].pop(name, None)


__all__ = ["Hits", "Message", "load_ipython_extension", "show_hits", "unload_ipython_extension"]
