"""The checker's live introspection never runs code a program chose on the host.

A checked program chooses which modules the probe imports, and an import runs
the module's code.  The probe therefore runs in the sandbox (no host files, no
environment, no network) and imports only modules the index lists.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sciagent.check import _live, _live_worker, check_code

SCIAGENT = str(Path(sys.executable).with_name("sciagent"))
FROBNICATE = 'from Bio.Seq import Seq\nSeq("A").frobnicate()\n'


@pytest.fixture(autouse=True)
def _fresh_answers():
    _live.clear_cache()
    yield
    _live.clear_cache()


def test_planted_package_in_the_working_directory_is_never_imported(tmp_path, searcher):
    """A `Bio/` next to the checked file must neither run nor hide a finding."""
    planted = tmp_path / "Bio"
    planted.mkdir()
    marker = tmp_path / "pwned"
    (planted / "__init__.py").write_text(
        "import os, pathlib\n"
        f"pathlib.Path({str(marker)!r}).write_text(os.environ.get('OPENAI_API_KEY', 'none'))\n"
    )
    prog = tmp_path / "prog.py"
    prog.write_text(FROBNICATE)
    env = {**os.environ, "OPENAI_API_KEY": "sk-secret", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [SCIAGENT, "check", "prog.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert not marker.exists(), "a package planted in the caller's directory ran"
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "frobnicate" in proc.stdout


def test_probe_is_a_sandboxed_task(monkeypatch, searcher):
    """The probe goes through the sandbox's run_code, as any generated program does."""
    import sciagent.sandbox as sandbox

    calls: list[str] = []
    real = sandbox.run_code

    def spy(code: str, **kwargs: object):
        calls.append(code)
        return real(code, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sandbox, "run_code", spy)
    found = check_code(FROBNICATE, searcher=searcher)
    assert calls and "answer_all" in calls[0]
    assert any("frobnicate" in f.message for f in found)


def test_only_modules_the_index_lists_are_imported(tmp_path, monkeypatch):
    """An unlisted module is "cannot tell" (never executed); a missing one is still missing."""
    pkg = tmp_path / "fakelib"
    pkg.mkdir()
    marker = tmp_path / "imported"
    (pkg / "__init__.py").write_text("")
    (pkg / "listed.py").write_text("VALUE = 1\n")
    (pkg / "acts_on_import.py").write_text(
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(_live_worker, "ALLOWED", set())
    request = {
        "allowed": ["fakelib", "fakelib.listed"],
        "imports": ["fakelib.acts_on_import", "fakelib.listed"],
        "questions": [
            {"op": "module", "path": "fakelib.acts_on_import"},
            {"op": "module", "path": "fakelib.nothing_here"},
            {"op": "path", "path": "fakelib.listed.VALUE"},
            {"op": "path", "path": "fakelib.acts_on_import.anything"},
        ],
    }
    try:
        answers = _live_worker.answer_all(json.loads(json.dumps(request)))
    finally:
        for name in [m for m in sys.modules if m.startswith("fakelib")]:
            del sys.modules[name]
    assert not marker.exists(), "an unlisted module was executed"
    unlisted, missing, listed, beneath = answers
    assert unlisted["exists"] is None
    assert missing["exists"] is False
    assert listed == {"exists": True}
    assert beneath["exists"] is None


def test_without_a_sandbox_nothing_runs_and_nothing_unconfirmed_is_reported(monkeypatch, searcher):
    """No isolation tier: the probe is skipped (logged), never run on the host."""
    from sciagent.sandbox import SandboxUnavailableError

    def refuse(*args: object, **kwargs: object) -> None:
        raise SandboxUnavailableError("no tier", fix="install bubblewrap")

    monkeypatch.setattr("sciagent.sandbox.run_code", refuse)
    assert check_code(FROBNICATE, searcher=searcher) == []
