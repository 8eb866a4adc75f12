"""``sciagent batch`` keeps the files each row's program wrote, as ``exec`` and ``run`` do.

Real programs in the real sandbox, in process and on a real Dask ``LocalCluster``
(the worker that runs a row saves its files; only the row and its ``saved``
listing come back).  The one run-mode row uses langchain-core's scripted
``FakeListChatModel``.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from sciagent.batch import batch
from sciagent.batch._rows import parse_rows
from sciagent.cli import main
from sciagent.cli._json import schema
from sciagent.sandbox import SandboxInputError, detect_tier

pytestmark = pytest.mark.skipif(
    not detect_tier().safe, reason="no sandbox isolation tier on this machine"
)

WRITES = (
    "import os\nos.makedirs('plots', exist_ok=True)\n"
    "open('table.csv', 'w').write('x,y\\n1,2\\n')\n"
    "open('plots/fig.svg', 'w').write('<svg/>')\nprint('wrote')\n"
)
ROWS = [
    {"id": "a", "code": WRITES},
    {"id": "../up", "code": "open('escape.txt', 'w').write('no')"},  # not a folder name
    {"id": 7, "code": "open('seven.txt', 'w').write('7')"},
    {"id": "quiet", "code": "print('nothing written')"},
    {
        "id": "in",
        "code": "open('gc.txt', 'w').write(str(open('seq.txt').read().count('G')))",
        "inputs": {"seq.txt": "GGATC"},
    },
]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def read_rows(path: Path) -> dict:
    return {r["id"]: r for r in map(json.loads, path.read_text().splitlines())}


def valid(entry: str, data: dict) -> None:
    root = schema()
    jsonschema.validate(data, {"$defs": root["$defs"], "$ref": f"#/$defs/{entry}"})


def files_under(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def check_saved(rows: dict, root: Path) -> None:
    """Each row's files in its own folder, as its ``saved`` says."""
    assert files_under(root) == {
        "a/table.csv": "x,y\n1,2\n",
        "a/plots/fig.svg": "<svg/>",
        "row-2/escape.txt": "no",
        "7/seven.txt": "7",
        "in/gc.txt": "2",
    }
    saved = rows["a"]["saved"]
    assert saved["dir"] == str(root / "a") and saved["skipped"] == []
    assert sorted((f["name"], f["path"]) for f in saved["files"]) == [
        ("plots/fig.svg", str(root / "a/plots/fig.svg")),
        ("table.csv", str(root / "a/table.csv")),
    ]
    assert rows["../up"]["saved"]["dir"] == str(root / "row-2")
    assert rows["quiet"]["saved"] == {"dir": None, "files": [], "skipped": []}
    assert [f["name"] for f in rows["in"]["saved"]["files"]] == ["gc.txt"], "the input is not"


def test_cli_saves_each_rows_files_in_its_own_folder(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", ROWS)
    out, root = tmp_path / "out.jsonl", tmp_path / "files"
    result = CliRunner().invoke(main, ["batch", str(src), "--out", str(out), "-o", str(root)])
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    check_saved(rows, root)
    for row in rows.values():
        valid("batch_row", row)
    assert f"5 files saved in {root}, one folder per row" in result.stderr


def test_cli_json_summary_counts_the_files(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", ROWS[:1])
    out, root = tmp_path / "out.jsonl", tmp_path / "files"
    args = ["batch", str(src), "--out", str(out), "-o", str(root), "--json"]
    summary = json.loads(CliRunner().invoke(main, args).stdout)
    valid("batch", summary)
    assert summary["output_dir"] == str(root)
    assert (summary["n_files_saved"], summary["n_files_not_saved"]) == (2, 0)


def test_by_default_a_fresh_dated_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "in.jsonl", ROWS[:1])
    result = CliRunner().invoke(main, ["batch", "in.jsonl", "--out", "out.jsonl"])
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "sciagent-output").iterdir()
    assert files_under(folder) == {"a/table.csv": "x,y\n1,2\n", "a/plots/fig.svg": "<svg/>"}
    assert read_rows(tmp_path / "out.jsonl")["a"]["saved"]["dir"] == str(folder / "a")
    assert f"saved in sciagent-output/{folder.name}" in result.stderr


def test_no_save_keeps_nothing_and_the_bytes_stay_in_the_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "in.jsonl", ROWS[:1])
    args = ["batch", "in.jsonl", "--out", "out.jsonl", "--no-save", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    row = read_rows(tmp_path / "out.jsonl")["a"]
    assert row["saved"] is None and all(f["content_b64"] for f in row["files"])
    assert json.loads(result.stdout)["output_dir"] is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_a_folder_that_is_a_file_stops_the_batch_before_it_starts(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", ROWS[:1])
    (tmp_path / "taken").write_text("a file")
    out = tmp_path / "out.jsonl"
    args = ["batch", str(src), "--out", str(out), "-o", str(tmp_path / "taken"), "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output  # a usage error, as for exec and run
    error = json.loads(result.stdout)
    assert "is a file" in error["error"] and error["error_type"] == "BadParameter"
    assert not out.exists(), "nothing ran"


def test_check_rows_have_no_saved(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "code": "print(1)"}])
    out = tmp_path / "out.jsonl"
    args = ["batch", str(src), "--out", str(out), "--mode", "check", "--no-live"]
    args += ["-o", str(tmp_path / "files"), "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert read_rows(out)[1] == {"id": 1, "schema_version": "1", "ok": True, "findings": []}
    assert json.loads(result.stdout)["output_dir"] is None
    assert not (tmp_path / "files").exists()


def test_dask_workers_save_the_files_and_send_back_the_listing(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", ROWS)
    out, root = tmp_path / "out.jsonl", tmp_path / "files"
    args = ["batch", str(src), "--out", str(out), "-o", str(root), "--workers", "2", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["engine"] == "Dask LocalCluster, 2 workers" and summary["n_files_saved"] == 5
    check_saved(read_rows(out), root)


def test_run_rows_keep_the_final_programs_files(tmp_path: Path) -> None:
    program = "open('answer.txt', 'w').write('42')\nresult = 6 * 7\nprint(result)\n"
    model = FakeListChatModel(responses=[f"```python\n{program}```"])
    rows = [{"id": "q1", "request": "six times seven; also write it to answer.txt"}]
    (row,) = batch(
        rows, mode="run", model=model, strategy="repair", attempts=1, output_dir=tmp_path / "o"
    )
    assert row["ok"] and row["answer"] == "42", row
    assert row["saved"]["files"] == [
        {"name": "answer.txt", "path": str(tmp_path / "o" / "q1" / "answer.txt"), "size": 2}
    ]
    assert (tmp_path / "o" / "q1" / "answer.txt").read_text() == "42"
    valid("batch_row", row)
    (unsaved,) = batch(rows, mode="run", model=model, strategy="repair", attempts=1)
    assert unsaved["saved"] is None, "the Python API keeps nothing unless given a folder"


def test_folders_are_unique_and_plain() -> None:
    ids: list[object] = ["a", "A", 1, "1", "row-6", ".hidden", "x/y", "z" * 300, "row-6x"]
    rows = [(f"row {n}", {"id": i, "code": "pass"}) for n, i in enumerate(ids, start=1)]
    parsed, _ = parse_rows(rows, "exec")
    folders = [item.folder for item in parsed]  # type: ignore[union-attr]
    assert folders == ["a", "row-2", "1", "row-4", "row-6", "row-6-2", "row-7", "row-8", "row-6x"]


def test_the_python_api_checks_the_folder_first(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file")
    with pytest.raises(SandboxInputError, match="is a file"):
        batch([{"id": 1, "code": "print(1)"}], output_dir=tmp_path / "taken")
