"""Batch runs: real sandboxes, a real Dask ``LocalCluster``, a real external scheduler.

Everything runs for real except the chat model of the one run-mode row, which
is a scripted fake (langchain-core's): the real model is far too slow for CI.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from sciagent.batch import (
    BatchError,
    BatchInputError,
    RowWriter,
    batch,
    done_ids,
    execute,
)
from sciagent.batch._rows import parse_rows, read_input
from sciagent.batch._worker import Options
from sciagent.cli import main
from sciagent.sandbox import detect_tier, run_code

pytestmark = pytest.mark.skipif(
    not detect_tier().safe, reason="no sandbox isolation tier on this machine"
)

VENV_BIN = Path(sys.executable).parent


def programs(n: int) -> list[dict]:
    """``n`` small programs of every outcome: output, a value, an exception, a syntax error."""
    rows = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            code = f"print({i} * {i})"
        elif kind == 1:
            code = f"import math\nresult = round(math.sqrt({i}), 6)\nprint(result)"
        elif kind == 2:
            code = f"print('start {i}')\nraise ValueError('bad {i}')"
        elif kind == 3:
            code = f"def f(:\n    return {i}"
        else:
            code = f"import sys\nprint('{i}', file=sys.stderr)\nprint(sum(range({i})))"
        rows.append({"id": f"p{i:03d}", "code": code})
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """A real two-process ``LocalCluster``, shut down after the module."""
    from sciagent.batch._dask import local_client

    with local_client(2) as client:
        yield client


# -- the input and the output file ----------------------------------------------------


def test_a_malformed_line_names_its_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "code": "print(1)"}\n\n{"id": 2, "code": \n')
    with pytest.raises(BatchInputError) as err:
        parse_rows(read_input(path), "exec")
    assert "line 3" in err.value.message and err.value.fix


def test_rows_without_ids_and_duplicate_ids_are_refused_together(tmp_path):
    rows = [
        (f"line {n}", r)
        for n, r in enumerate(
            [{"id": "a", "code": ""}, {"code": "x"}, {"id": "a", "code": ""}, [1]], 1
        )
    ]
    with pytest.raises(BatchInputError) as err:
        parse_rows(rows, "exec")
    message = err.value.message
    assert "3 unusable row(s)" in message
    assert "line 2" in message and "line 3" in message and "line 1" in message
    assert "line 4" in message


def test_a_malformed_row_with_an_id_is_a_failed_row_and_the_batch_goes_on():
    rows = [
        {"id": "no-code"},
        {"id": "bad-timeout", "code": "print(1)", "timeout": -3},
        {"id": "bad-inputs", "code": "print(1)", "inputs": {"a.txt": 5}},
        {"id": "escape", "code": "print(1)", "inputs": {"../x": "no"}},
        {"id": "fine", "code": "print('fine')"},
    ]
    out = {r["id"]: r for r in batch(rows)}
    assert set(out) == {r["id"] for r in rows}
    for name in ("no-code", "bad-timeout", "bad-inputs", "escape"):
        assert out[name]["ok"] is False and out[name]["error"]["kind"] == "input", out[name]
        assert out[name]["error"]["fix"]
    assert out["fine"]["ok"] and out["fine"]["stdout"] == "fine\n"


def test_the_package_is_callable_so_its_name_means_one_thing():
    import sciagent.batch as package

    (row,) = package([{"id": "x", "code": "print('called')"}])
    assert row["stdout"] == "called\n" and package.batch is batch


def test_a_half_written_last_row_is_cut_off(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "ok": true}\n{"id": "b", "ok": fa')
    assert done_ids(out) == {"a": "ok"}
    assert out.read_text() == '{"id": "a", "ok": true}\n'


def test_one_output_file_takes_one_batch_at_a_time(tmp_path):
    out = tmp_path / "out.jsonl"
    with RowWriter(out), pytest.raises(BatchError, match="another batch is writing"):
        RowWriter(out)
    with RowWriter(out) as writer:  # released on close
        writer.write({"id": 1, "ok": True})
    assert done_ids(out) == {1: "ok"}


def test_cli_resume_runs_only_what_is_missing(tmp_path):
    rows = [*programs(6), {"id": "slow", "code": "while True: pass", "timeout": 1}]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    first = runner.invoke(main, ["batch", str(src), "--out", str(out), "--json"])
    assert first.exit_code == 1, first.output  # some programs fail on purpose
    written = read_rows(out)
    assert sorted(r["id"] for r in written) == sorted(r["id"] for r in rows)
    assert next(r for r in written if r["id"] == "slow")["error"]["kind"] == "limit"

    # a crash mid-write: one row lost, half of it left behind
    lines = out.read_text().splitlines(keepends=True)
    out.write_text("".join(lines[:-1]) + lines[-1][:25])
    again = runner.invoke(main, ["batch", str(src), "--out", str(out), "--json"])
    summary = json.loads(again.stdout)
    assert summary["n_ran"] == 1 and summary["n_done_before"] == len(rows) - 1
    assert sorted(r["id"] for r in read_rows(out)) == sorted(r["id"] for r in rows)

    before = out.read_bytes()
    third = runner.invoke(main, ["batch", str(src), "--out", str(out), "--json"])
    assert json.loads(third.stdout)["n_ran"] == 0
    assert out.read_bytes() == before, "a finished batch writes nothing on rerun"


def test_a_worker_that_cannot_set_up_stops_the_batch_with_its_fix(monkeypatch):
    from sciagent.batch._worker import WorkerState
    from sciagent.sandbox import SandboxUnavailableError

    def no_tier(self, unsafe):
        raise SandboxUnavailableError("no isolation tier works", fix="run setup_sandbox.sh")

    monkeypatch.setattr(WorkerState, "_pool_locked", no_tier)
    with pytest.raises(BatchError) as err:
        list(batch([{"id": 1, "code": "print(1)"}]))
    assert "cannot set up" in err.value.message and err.value.fix == "run setup_sandbox.sh"
    # raised on a Dask worker, it reaches the caller with its fix apart
    again = pickle.loads(pickle.dumps(err.value))
    assert type(again) is BatchError and (again.message, again.fix) == (
        err.value.message,
        err.value.fix,
    )


def test_cli_bad_input_is_a_message_not_a_traceback(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "code": "print(1)"}\nnot json\n')
    result = CliRunner().invoke(main, ["batch", str(src), "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert "line 2" in result.output and "fix:" in result.output
    assert "Traceback" not in result.output
    src.write_text('{"id": 1, "code": "print(1)"}\n')
    nowhere = tmp_path / "missing" / "o.jsonl"
    result = CliRunner().invoke(main, ["batch", str(src), "--out", str(nowhere)])
    assert result.exit_code == 1 and "cannot write" in result.output


# -- Dask ------------------------------------------------------------------------------


def test_local_cluster_matches_sequential_run_code(cluster):
    rows = programs(60)
    got = {r["id"]: r for r in batch(rows, client=cluster)}
    assert len(got) == len(rows)
    for row in rows:
        expected = run_code(row["code"])
        assert got[row["id"]]["ok"] == expected.ok, row
        assert got[row["id"]]["stdout"] == expected.stdout, row
        assert got[row["id"]]["stderr"] == expected.stderr, row
    # one warm pool per worker, kept by the worker plugin
    states = cluster.run(
        lambda dask_worker: dask_worker.plugins["sciagent-batch"].state is not None
    )
    assert len(states) == 2 and all(states.values())


def test_a_killed_worker_loses_no_row(cluster):
    rows = [{"id": f"s{i}", "code": f"import time\ntime.sleep(0.3)\nprint({i})"} for i in range(16)]
    pids = sorted(cluster.run(os.getpid).values())
    seen: list[dict] = []
    for row in batch(rows, client=cluster):
        seen.append(row)
        if len(seen) == 2:  # items are still running and queued on both workers
            os.kill(pids[0], signal.SIGKILL)
    assert sorted(r["id"] for r in seen) == sorted(r["id"] for r in rows), "each id exactly once"
    assert all(r["ok"] and r["stdout"] == r["id"][1:] + "\n" for r in seen)
    cluster.wait_for_workers(2, timeout=60)  # the nanny restarted it
    assert pids[0] not in cluster.run(os.getpid).values(), "the worker really died"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def external_cluster() -> Iterator[str]:
    """``dask scheduler`` and ``dask worker --nworkers 2`` as separate processes on loopback."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(VENV_BIN / "dask")
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    ]
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        procs.append(
            subprocess.Popen(
                [dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in reversed(procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def test_cli_on_an_external_scheduler(external_cluster, tmp_path):
    rows = programs(12)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    remote = ["--scheduler", external_cluster]
    done = subprocess.run(
        [str(VENV_BIN / "sciagent"), "batch", str(src), "--out", str(out), "--json", *remote],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert done.returncode == 1, done.stderr  # the failing programs fail
    summary = json.loads(done.stdout)
    assert summary["n_ran"] == 12 and summary["n_ok"] == sum(
        int(r["id"][1:]) % 5 in (0, 1, 4) for r in rows
    )
    assert "Dask cluster at" in summary["engine"]
    got = {r["id"]: r for r in read_rows(out)}
    assert got["p000"]["stdout"] == "0\n" and got["p002"]["error"]["type"] == "ValueError"


# -- check and run modes ------------------------------------------------------------------

GOOD = """\
from rdkit import Chem
from rdkit.Chem import Descriptors
mol = Chem.MolFromSmiles("CCO")
result = round(Descriptors.MolWt(mol), 2)
print(result)
"""


def test_check_mode_gives_check_json():
    from sciagent.check import check_code

    rows = [
        {"id": "good", "code": GOOD},
        {"id": "invented", "code": GOOD.replace("MolWt", "MolecularWeight")},
        {"id": "syntax", "code": "from rdkit import Chem\nChem.MolFromSmiles(("},
    ]
    got = {r["id"]: r for r in batch(rows, mode="check")}
    # the id plus exactly what `sciagent check --json` prints
    assert got["good"] == {"id": "good", "schema_version": "1", "ok": True, "findings": []}
    assert not got["invented"]["ok"]
    assert any("MolWt" in s for f in got["invented"]["findings"] for s in f["suggestions"])
    assert got["syntax"]["findings"][0]["kind"] == "syntax"
    expected = [f.to_dict() for f in check_code(rows[1]["code"])]
    assert got["invented"]["findings"] == expected


def test_check_mode_on_the_cluster_matches_in_process(cluster):
    rows = [
        {"id": "good", "code": GOOD},
        {"id": "invented", "code": GOOD.replace("MolWt", "MolecularWeight")},
    ]
    here = {r["id"]: r for r in batch(rows, mode="check")}
    there = {r["id"]: r for r in batch(rows, mode="check", client=cluster)}
    assert there == here and not there["invented"]["ok"]


def test_run_mode_rows_are_validated():
    rows = [
        {"id": "no-request", "code": "print(1)"},
        {"id": "empty", "request": "   "},
        {"id": "bad-domain", "request": "x", "domain": 3},
    ]
    parsed, _ = parse_rows([("row", r) for r in rows], "run")
    got = {r["id"]: r for r in execute(parsed, Options(mode="run"))}
    assert all(r["error"]["kind"] == "input" for r in got.values())
    assert '"code" field is for --mode exec or check' in got["no-request"]["error"]["message"]


def test_cli_run_mode_with_only_malformed_rows_starts_no_model(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "code": "x"}, {"id": 2, "request": ""}])
    out = tmp_path / "out.jsonl"
    args = ["batch", str(src), "--out", str(out), "--mode", "run", "--workers", "2", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["engine"] == "nothing to run"
    assert [r["error"]["kind"] for r in read_rows(out)] == ["input", "input"]


def test_run_mode_with_a_scripted_model():
    reply = f"```python\n{GOOD}```"
    model = GenericFakeChatModel(messages=iter([AIMessage(reply)]))
    rows = [{"id": "q1", "request": "molecular weight of ethanol (SMILES CCO)"}]
    (row,) = batch(rows, mode="run", model=model, strategy="repair", attempts=1)
    assert row["id"] == "q1" and row["request"] == rows[0]["request"]
    assert row["answer"] == "46.07" and row["attempts"][0]["ok"], row


def test_cli_workers_without_dask_use_a_process_pool(tmp_path, monkeypatch):
    import sciagent.batch

    monkeypatch.setattr(sciagent.batch, "dask_installed", lambda: False)
    rows = programs(6)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(src), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 1  # two of the six programs fail on purpose
    assert "Dask is not installed" in result.stderr and "2 local processes" in result.stderr
    got = {r["id"]: r for r in read_rows(out)}
    for row in rows:
        assert got[row["id"]]["stdout"] == run_code(row["code"]).stdout


def test_cli_refuses_both_engines(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", programs(1))
    args = ["batch", str(src), "--out", str(tmp_path / "o"), "--workers", "2"]
    result = CliRunner().invoke(main, [*args, "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--scheduler" in result.output
