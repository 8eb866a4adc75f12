"""Shared fixtures: one real, warm, sandboxed pool for the whole session."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from sciagent.plugin import installed_preload
from sciagent.sandbox import SandboxPool, detect_tier

SECRET = "sk-sciagent-test-4f9c2d7e1b"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs_sandbox: needs a working isolation tier (A or B)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    report = detect_tier()
    if report.safe:
        return
    skip = pytest.mark.skip(reason=f"no sandbox tier here ({report.tier}): {report.reasons}")
    for item in items:
        if "needs_sandbox" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def pool() -> Iterator[SandboxPool]:
    # The secret is in the host environment *before* the workers start.
    os.environ["SCIAGENT_TEST_API_KEY"] = SECRET
    with SandboxPool(1, preload=installed_preload()) as p:
        yield p
    os.environ.pop("SCIAGENT_TEST_API_KEY", None)
