"""What a careless user (or an attacker) can hand the ``sciagent`` command (issue 16).

Every bad input must end in one ``error: ...`` / ``fix: ...`` message (or a
usage error naming the allowed values) and a non-zero exit: never a traceback,
never a silently dropped input.  The real command runs as a subprocess.
"""

from __future__ import annotations

import importlib.metadata as md
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from sciagent.plugin import load_plugins

SCIAGENT = str(Path(sys.executable).with_name("sciagent"))
#: one parent of the CLI subprocess may use at most this much address space, so
#: a read that never ends fails fast (and visibly) instead of eating the machine
_AS_LIMIT = 4 << 30


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_AS_LIMIT, _AS_LIMIT))


def run(
    *args: str, env: dict[str, str] | None = None, user: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(user or []), SCIAGENT, *args],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=600,
        env={**os.environ, **(env or {})},
        preexec_fn=_limit_memory,
    )


def assert_clean_error(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 1 with ``error:`` and ``fix:`` lines that name ``words``, and no traceback."""
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "\nerror: " in "\n" + proc.stderr, proc.stderr  # after any log warnings
    assert "\n  fix: " in proc.stderr, proc.stderr
    for word in words:
        assert word in proc.stderr, (word, proc.stderr)


@pytest.fixture
def program(tmp_path: Path) -> Path:
    path = tmp_path / "p.py"
    path.write_text("print('hello')\n")
    return path


# ------------------------------------------------------------ 6: bounded input


def test_exec_refuses_an_endless_input_file(program: Path) -> None:
    proc = run("exec", "-i", "/dev/zero", str(program))
    assert_clean_error(proc, "/dev/zero", "64 MiB")


def test_exec_refuses_an_input_file_over_the_cap(program: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as fh:
        fh.truncate((64 << 20) + 1)  # sparse: no disk used
    proc = run("exec", "-i", str(big), str(program))
    assert_clean_error(proc, str(big), "64 MiB")


def test_check_and_exec_refuse_an_endless_program() -> None:
    for command in ("check", "exec"):
        assert_clean_error(run(command, "/dev/zero"), "/dev/zero", "MiB")


# ----------------------------------------------------- 9: not a text file at all


@pytest.mark.parametrize("command", ["check", "exec"])
def test_binary_program_is_refused_by_name(command: str, tmp_path: Path) -> None:
    path = tmp_path / "random.py"
    path.write_bytes(b"x = 1\n" + bytes(range(128, 256)) * 8)
    proc = run(command, str(path))
    assert_clean_error(proc, str(path), "utf-8", "byte 0x80 at offset 6")


def test_declared_encoding_is_honoured(tmp_path: Path) -> None:
    """A latin-1 file that says so is a valid Python program, not bad input."""
    path = tmp_path / "latin.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n")
    proc = run("check", "--no-live", str(path))
    assert "Traceback" not in proc.stderr and "error:" not in proc.stderr, proc.stderr


# ----------------------------------------------------------- 10: bad timeouts


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "1e300", "soon"])
def test_exec_timeout_must_be_finite_and_positive(value: str, program: Path) -> None:
    proc = run("exec", "--timeout", value, str(program))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "--timeout" in proc.stderr and "0 < t <= 86400" in proc.stderr, proc.stderr


@pytest.mark.parametrize("value", ["0", "-5", str(1 << 62)])
def test_exec_memory_must_be_in_range(value: str, program: Path) -> None:
    proc = run("exec", "--memory", value, str(program))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "--memory" in proc.stderr and "1<=x<=1048576" in proc.stderr, proc.stderr


# --------------------------------------------- 11: two inputs with one name


def test_exec_refuses_two_inputs_with_the_same_name(program: Path, tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.txt").write_text(sub)
    first, second = tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"
    proc = run("exec", "-i", str(first), "-i", str(second), str(program))
    assert_clean_error(proc, str(first), str(second), "'x.txt'")


# --------------------------------------------------------- 8: undecodable argv


def test_search_with_undecodable_bytes(searcher) -> None:
    # "\udcff" is how Python receives the byte 0xff in argv; it goes back out as 0xff
    proc = run("search", "\udcff smiles", "-k", "3", "--json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count('"qualname"') == 3
    proc = run("search", "\udcff\udcfe")
    assert_clean_error(proc, "no readable text")


def test_searcher_drops_lone_surrogates(searcher) -> None:
    hits = searcher.search("parse a FASTA \ud800 file", k=3)
    assert hits and any("SeqIO" in h.qualname for h in hits)


# ------------------------------------------- 12: corrupt index, read-only dir


@pytest.fixture
def read_only_index_dir() -> Iterator[Path]:
    """An index dir holding a corrupt biopython index, that the CLI below cannot write.

    Root writes anywhere, so as root the CLI runs as ``nobody``; the directory
    lives directly in the system temp dir so that ``nobody`` can reach it.
    """
    root = Path(tempfile.mkdtemp(prefix="sciagent-ro-index-"))
    try:
        broken = root / f"biopython-{md.version('biopython')}"
        broken.mkdir()
        (broken / "manifest.json").write_text("{not json")
        for path in (broken, root):
            path.chmod(0o555)
        yield root
    finally:
        for path in (root, *root.iterdir()):
            path.chmod(0o755)
        shutil.rmtree(root)


def test_corrupt_index_in_read_only_dir_says_what_to_do(read_only_index_dir: Path) -> None:
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    proc = run(
        "search",
        "parse a FASTA file",
        env={"SCIAGENT_INDEX_DIR": str(read_only_index_dir), "SCIAGENT_PLUGINS": "biology"},
        user=as_nobody if os.geteuid() == 0 else None,
    )
    assert_clean_error(proc, "not writable", str(read_only_index_dir), "SCIAGENT_INDEX_DIR")
    assert sorted(p.name for p in read_only_index_dir.iterdir()) == [
        f"biopython-{md.version('biopython')}"
    ], "nothing was written"


# ----------------------------------------- 14: two plugins, one library index


@pytest.fixture
def second_rdkit_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A real installed distribution whose plugin also declares Library("rdkit")."""
    pkg = tmp_path / "sciagent_rdkit_again"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        textwrap.dedent(
            """\
            from sciagent import Library, Plugin

            plugin = Plugin(
                name="rdkit-again",
                domain="chemistry2",
                libraries=(Library(name="rdkit", import_name="rdkit", distribution="rdkit"),),
            )
            """
        )
    )
    dist = tmp_path / "sciagent_rdkit_again-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: sciagent-rdkit-again\nVersion: 0.1\n"
    )
    (dist / "entry_points.txt").write_text(
        "[sciagent.plugins]\nrdkit-again = sciagent_rdkit_again:plugin\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    sys.modules.pop("sciagent_rdkit_again", None)


def test_second_plugin_declaring_a_library_is_refused(second_rdkit_plugin) -> None:
    plugins = load_plugins()
    failures = {f.name: f.error for f in plugins.failures}
    assert "rdkit-again" in failures
    message = failures["rdkit-again"]
    assert message.startswith("PluginError: ")
    assert "'rdkit-again'" in message and "'chemistry'" in message and "'rdkit'" in message
    assert "fix: " in message and "SCIAGENT_PLUGINS=" in message
    # the first plugin keeps its library; the others are untouched
    assert [p.name for p, lib in plugins.libraries() if lib.name == "rdkit"] == ["chemistry"]
    assert {"chemistry", "biology", "astronomy"} <= {p.name for p in plugins.plugins}
