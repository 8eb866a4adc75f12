"""The package root is a lazy facade: importing one name does not load the engine."""

from __future__ import annotations

import subprocess
import sys

import sciagent

ENGINE = ("faiss", "sciagent.retrieval", "sciagent.sandbox", "sciagent.index", "sciagent.agent")


def test_plugin_import_loads_no_engine():
    code = (
        "import sys\n"
        "from sciagent import Plugin, SciagentError, __version__\n"
        f"loaded = [m for m in sys.modules if m.startswith({ENGINE!r})]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_public_name_resolves_from_its_home():
    for name in sciagent.__all__:
        assert getattr(sciagent, name) is not None, name
    assert set(sciagent.__all__) <= set(dir(sciagent))
    assert sciagent.Searcher is sciagent.retrieval.Searcher
    assert sciagent.close is sciagent.api.close is sciagent.defaults.close


def test_unknown_name_is_an_attribute_error():
    try:
        sciagent.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("no AttributeError")


def test_batch_is_reachable_from_the_root_and_callable():
    import sciagent

    assert "batch" in sciagent.__all__
    rows = list(sciagent.batch([{"id": "a", "code": "print(6 * 7)"}], mode="exec"))
    assert rows[0]["id"] == "a" and rows[0]["stdout"] == "42\n"
