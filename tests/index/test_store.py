"""The on-disk index: round trip, staleness, corruption, crashes, concurrent builds.

These use a real plugin over a small real library (platformdirs), the real
embedding model and real FAISS, in a temporary index directory.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from sciagent import IndexCorruptError, IndexStaleError
from sciagent.config import Settings
from sciagent.index import build as index_build
from sciagent.index import store
from sciagent.plugin import PluginSet
from sciagent.retrieval import Searcher


def _settings(index_dir: Path) -> Settings:
    return replace(Settings.from_env(), index_dir=index_dir)


def _build(index_dir: Path, plugin, **kw):
    return index_build.build(_settings(index_dir), [(plugin, plugin.libraries[0])], **kw)


def _index_path(index_dir: Path, plugin) -> Path:
    lib = plugin.libraries[0]
    return store.index_path(index_dir, lib.name, lib.installed_version())


def test_round_trip_and_cached_rebuild(small_index_dir, small_plugin):
    (report,) = _build(small_index_dir, small_plugin)
    assert report.action == "built" and report.records > 10
    assert 0 < report.embedded <= report.records  # properties and modules are lexical only
    path = _index_path(small_index_dir, small_plugin)
    manifest = store.read_manifest(path)
    assert manifest.version == small_plugin.libraries[0].installed_version()
    assert manifest.embedding_model.startswith("all-MiniLM-L6-v2")
    assert set(manifest.files) >= {"records.jsonl", "dense.faiss", "names.json"}
    assert not list(path.rglob("*.pkl")) and not list(path.rglob("*.pickle"))

    (again,) = _build(small_index_dir, small_plugin)
    assert again.action == "fresh"
    (forced,) = _build(small_index_dir, small_plugin, force=True)
    assert forced.action == "built" and forced.embedded == 0
    assert forced.cached == manifest.dense_records

    searcher = Searcher(_settings(small_index_dir), PluginSet([small_plugin], []), auto_build=False)
    hits = searcher.search("directory for user configuration files", k=5)
    assert hits and all(h.library == "platformdirs" for h in hits)
    assert any("config" in h.qualname.lower() for h in hits)
    record = searcher.lookup(hits[0].qualname)
    assert record is not None and record.qualname == hits[0].qualname


def test_library_upgrade_makes_index_stale_with_exact_fix(small_index_dir, small_plugin):
    _build(small_index_dir, small_plugin)
    path = _index_path(small_index_dir, small_plugin)
    old = path.with_name("platformdirs-0.0.1")
    path.rename(old)
    manifest = json.loads((old / "manifest.json").read_text())
    manifest["version"] = "0.0.1"
    (old / "manifest.json").write_text(json.dumps(manifest))

    state = index_build.state_of(
        _settings(small_index_dir), small_plugin, small_plugin.libraries[0]
    )
    assert state.state == "stale"
    assert "sciagent index build smalltest" in state.message
    with pytest.raises(IndexStaleError) as err:
        Searcher(_settings(small_index_dir), PluginSet([small_plugin], []), auto_build=False)
    assert "sciagent index build smalltest" in str(err.value)
    # with auto-build (the default) it is simply rebuilt
    searcher = Searcher(_settings(small_index_dir), PluginSet([small_plugin], []))
    assert searcher.search("cache directory", k=3)


def test_changed_module_rules_make_index_stale(small_index_dir, small_plugin):
    _build(small_index_dir, small_plugin)
    lib = replace(small_plugin.libraries[0], exclude=("platformdirs.android",))
    changed = replace(small_plugin, libraries=(lib,))
    state = index_build.state_of(_settings(small_index_dir), changed, lib)
    assert state.state == "stale" and "module rules" in state.message


def test_plugin_keywords_are_indexed_with_their_api(small_index_dir, small_plugin):
    """Words only a keyword carries find the API; a keyword that names nothing is reported."""
    request = "stash bulky downloaded junk between runs"
    _build(small_index_dir, small_plugin)
    plain = Searcher(_settings(small_index_dir), PluginSet([small_plugin], []), auto_build=False)
    assert all(h.qualname != "platformdirs.user_cache_dir" for h in plain.search(request, k=3))

    keywords = {
        "platformdirs.user_cache_dir": "stash bulky downloaded junk between runs, scratch area",
        "platformdirs.no_such_function": "a renamed API",
    }
    with_keywords = replace(small_plugin, keywords=keywords)
    state = index_build.state_of(
        _settings(small_index_dir), with_keywords, small_plugin.libraries[0]
    )
    assert state.state == "stale"  # keywords shape the index
    (report,) = _build(small_index_dir, with_keywords)
    assert 0 < report.embedded <= 2  # only the texts that changed are embedded again
    manifest = store.read_manifest(_index_path(small_index_dir, small_plugin))
    assert manifest.unresolved_keywords == ["platformdirs.no_such_function"]
    searcher = Searcher(
        _settings(small_index_dir), PluginSet([with_keywords], []), auto_build=False
    )
    for mode in ("dense", "lexical", "hybrid"):
        assert searcher.search(request, k=3, mode=mode)[0].qualname == "platformdirs.user_cache_dir"
    record = searcher.lookup("platformdirs.user_cache_dir")
    assert record is not None and "scratch area" in record.keywords


@pytest.mark.parametrize("damage", ["truncate", "garbage-manifest", "delete-faiss", "flip-bytes"])
def test_corrupt_index_gives_clear_error_then_rebuild(small_index_dir, small_plugin, damage):
    _build(small_index_dir, small_plugin)
    path = _index_path(small_index_dir, small_plugin)
    if damage == "truncate":
        data = (path / "dense.faiss").read_bytes()
        (path / "dense.faiss").write_bytes(data[: len(data) // 2])
    elif damage == "garbage-manifest":
        (path / "manifest.json").write_text("{not json")
    elif damage == "delete-faiss":
        (path / "dense.faiss").unlink()
    else:
        raw = bytearray((path / "records.jsonl").read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        (path / "records.jsonl").write_bytes(bytes(raw))
    with pytest.raises(IndexCorruptError) as err:
        Searcher(_settings(small_index_dir), PluginSet([small_plugin], []), auto_build=False)
    assert "sciagent index build --force" in str(err.value)
    searcher = Searcher(_settings(small_index_dir), PluginSet([small_plugin], []))  # rebuilds
    assert searcher.search("user data directory", k=3)


def test_crash_while_writing_leaves_no_loadable_index(small_index_dir, small_plugin, monkeypatch):
    from sciagent.index import lexical

    def boom(*args, **kwargs):
        raise KeyboardInterrupt("simulated crash in the middle of a write")

    monkeypatch.setattr(lexical, "build", boom)
    with pytest.raises(KeyboardInterrupt):
        _build(small_index_dir, small_plugin)
    path = _index_path(small_index_dir, small_plugin)
    assert not path.exists()
    assert not list(small_index_dir.glob(".tmp-*")), "temporary build dirs are cleaned up"
    state = index_build.state_of(
        _settings(small_index_dir), small_plugin, small_plugin.libraries[0]
    )
    assert state.state == "missing"


def test_two_concurrent_builds(small_index_dir, small_plugin, tmp_path):
    script = tmp_path / "build.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import json, sys
            from dataclasses import replace
            from sciagent import Library, Plugin
            from sciagent.config import Settings
            from sciagent.index import build
            plugin = Plugin(name="smalltest", domain="testing", libraries=(
                Library(name="platformdirs", import_name="platformdirs", distribution="platformdirs"),))
            settings = replace(Settings.from_env(), index_dir=__import__("pathlib").Path({str(small_index_dir)!r}))
            (report,) = build.build(settings, [(plugin, plugin.libraries[0])])
            print(json.dumps({{"action": report.action}}))
            """
        )
    )
    procs = [
        subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    actions = []
    for proc in procs:
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0
        actions.append(json.loads(out.strip().splitlines()[-1])["action"])
    assert sorted(actions) == ["built", "fresh"], "one builds, the other waits and reuses it"
    state = index_build.state_of(
        _settings(small_index_dir), small_plugin, small_plugin.libraries[0]
    )
    assert state.state == "fresh"


def test_embedding_cache_keeps_keys_that_end_in_nul_bytes(tmp_path):
    import numpy as np

    cache = store.EmbeddingCache(tmp_path, "k")
    keys = [b"\x01" * 15 + b"\x00", b"\x00" * 16, b"abc" + b"\x00" * 13, bytes(range(16))]
    cache.update(keys, np.eye(4, dtype=np.float32))
    cache.save()
    again = store.EmbeddingCache(tmp_path, "k")
    assert all(again.get(k) is not None for k in keys)


# ------------------------------------------------- issue 16: careless or hostile input


def _reshape_manifest(path: Path, how: str) -> None:
    manifest = json.loads((path / "manifest.json").read_text())
    if how == "files-entry-is-a-number":
        manifest["files"]["records.jsonl"] = 12345
    elif how == "manifest-is-a-list":
        manifest = [manifest]
    elif how == "coverage-is-a-list":
        manifest["coverage"] = [1, 2]
    elif how == "records-is-text":
        manifest["records"] = "many"
    else:
        del manifest["version"]
    (path / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    "how",
    [
        "files-entry-is-a-number",
        "manifest-is-a-list",
        "coverage-is-a-list",
        "records-is-text",
        "version-missing",
    ],
)
def test_manifest_of_the_wrong_shape_is_corrupt_and_rebuilt(small_index_dir, small_plugin, how):
    """Valid JSON of the wrong shape is a corrupt index: reported, then rebuilt."""
    _build(small_index_dir, small_plugin)
    path = _index_path(small_index_dir, small_plugin)
    library = small_plugin.libraries[0]
    settings = _settings(small_index_dir)
    for force in (False, True):  # `index build` and `index build --force` both recover
        _reshape_manifest(path, how)
        state = index_build.state_of(settings, small_plugin, library)
        assert state.state == "corrupt" and "malformed" in state.message, state.message
        with pytest.raises(IndexCorruptError) as err:
            Searcher(settings, PluginSet([small_plugin], []), auto_build=False)
        assert "sciagent index build --force" in str(err.value)
        (report,) = _build(small_index_dir, small_plugin, force=force)
        assert report.action == "built"
        assert index_build.state_of(settings, small_plugin, library).state == "fresh"
    _reshape_manifest(path, how)
    searcher = Searcher(settings, PluginSet([small_plugin], []))  # auto-build rebuilds it
    assert searcher.search("user data directory", k=3)


def test_debris_of_killed_builds_is_swept_under_the_lock(small_index_dir, small_plugin, tmp_path):
    """What ``kill -9`` left (temporary and trash dirs, walk dirs) goes at the next build."""

    version = small_plugin.libraries[0].installed_version()
    debris = [
        small_index_dir / f".tmp-platformdirs-{version}-0123abcd",
        small_index_dir / f".trash-platformdirs-{version}-89abcdef",
        small_index_dir / ".tmp-platformdirs-0.1-deadbeef",  # an older version's
    ]
    kept = [
        small_index_dir / ".tmp-platformdirs-extra-1.0-0123abcd",  # another library's
        small_index_dir / "platformdirs-notes",
    ]
    for path in debris + kept:
        path.mkdir()
        (path / "records.jsonl").write_bytes(b"\0" * 1000)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_walk = Path(tempfile.mkdtemp(prefix=f"sciagent-walk-{dead.stdout.strip()}-"))
    live_walk = Path(tempfile.mkdtemp(prefix=f"sciagent-walk-{os.getpid()}-"))
    try:
        (report,) = _build(small_index_dir, small_plugin)
        assert report.action == "built"
        assert not any(p.exists() for p in debris)
        assert all(p.exists() for p in kept)
        assert not dead_walk.exists(), "a dead build's walk dir is removed"
        assert live_walk.exists(), "a live process's walk dir is kept"
        # debris next to a fresh index goes too, at the next (no-op) build
        debris[0].mkdir()
        (again,) = _build(small_index_dir, small_plugin)
        assert again.action == "fresh" and not debris[0].exists()
    finally:
        shutil.rmtree(dead_walk, ignore_errors=True)
        shutil.rmtree(live_walk, ignore_errors=True)


def test_walker_dies_with_its_build(tmp_path):
    """A build killed with SIGKILL leaves no walker subprocess behind."""
    slow = tmp_path / "slowpkg"
    slow.mkdir()
    marker = tmp_path / "walker-started"
    (slow / "__init__.py").write_text(
        f"import pathlib, time\npathlib.Path({str(marker)!r}).write_text('x')\ntime.sleep(300)\n"
    )
    script = tmp_path / "parent.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys, time
            from sciagent.introspection.runner import WalkProcess
            from sciagent.introspection.walker import WalkSpec
            spec = WalkSpec(library="slowpkg", import_name="slowpkg", version="1.0",
                            include=[], exclude=[], exclude_names=[], include_names=[],
                            domain="testing")
            walk = WalkProcess(spec)
            print(walk.proc.pid, flush=True)
            time.sleep(300)
            """
        )
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    parent = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        walker_pid = int(parent.stdout.readline())
        while not marker.exists():  # the walker is importing the (slow) library
            assert _running(walker_pid), "the walker ended before its parent was killed"
            time.sleep(0.05)
    finally:
        parent.kill()
        parent.wait()
        for leftover in Path(tempfile.gettempdir()).glob(f"sciagent-walk-{parent.pid}-*"):
            shutil.rmtree(leftover, ignore_errors=True)
    deadline = time.monotonic() + 60  # a bound on the wait, not on how fast it dies
    while _running(walker_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    orphaned = _running(walker_pid)
    if orphaned:
        os.kill(walker_pid, 9)
    assert not orphaned, "the walker outlived its killed parent"


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie may wait for a reaper that never comes)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
