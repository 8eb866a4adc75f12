"""Tools for plugin authors, beside the CLI that surfaces them.

- :mod:`sciagent.devtools.health`: what ``sciagent plugins list|check`` report
  (:func:`~sciagent.devtools.health.list_plugins`,
  :func:`~sciagent.devtools.health.check_plugin`);
- :mod:`sciagent.devtools.deep`: ``sciagent plugins check --deep`` (recipes and
  reference programs run in the sandbox, every named API resolved);
- :mod:`sciagent.devtools.scaffold`: ``sciagent plugins new`` (a plugin package
  with tests).

A surface-level package: it may import any layer below, and nothing below
imports it.
"""
