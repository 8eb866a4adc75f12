"""Adapters that put sciagent inside other frameworks.

Each adapter is a submodule, imported on demand so that ``import sciagent``
never pays for (or requires) a framework:

* :mod:`sciagent.integrations.langchain`: a LangChain retriever over the API
  index and three tools (``search_api``, ``check_code``, ``run_code``) for any
  tool-calling agent, e.g. ``langchain.agents.create_agent``.
"""

from __future__ import annotations

__all__: list[str] = []
