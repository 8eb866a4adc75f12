"""A command that crashes on a bug: one error line and a fix, JSON with ``--json``, the
traceback only with ``-v``; click's own exits pass through ``handle_errors`` untouched.

The bug is planted by replacing a function a real command calls (``read_source``)
with one that raises; everything around it (click, the wrapper, the JSON contract)
is the real thing, once in process and once as a real ``sciagent`` subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import jsonschema
import pytest
from click.testing import CliRunner

from sciagent.cli import main
from sciagent.cli._common import INTERNAL_FIX, handle_errors
from sciagent.cli._json import schema


def boom(*args: object, **kwargs: object) -> str:
    raise ZeroDivisionError("planted bug")


@pytest.fixture
def planted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """``exec`` and ``check`` crash with a ZeroDivisionError on reading their file."""
    import sciagent.cli.check
    import sciagent.cli.sandbox

    monkeypatch.setattr(sciagent.cli.check, "read_source", boom)
    monkeypatch.setattr(sciagent.cli.sandbox, "read_source", boom)
    program = tmp_path / "p.py"
    program.write_text("print(1)\n")
    return program


def test_an_internal_error_is_one_message_and_a_fix(planted: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["exec", str(planted), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "error: internal error: ZeroDivisionError: planted bug"
    assert lines[1] == f"  fix: {INTERNAL_FIX}" and "-v" in INTERNAL_FIX
    assert "Traceback" not in result.output and result.stdout == ""


def test_with_json_it_is_the_contracts_error_object(planted: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(planted), "--json", "--no-live"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    root = schema()
    jsonschema.validate(data, {"$defs": root["$defs"], "$ref": "#/$defs/check"})
    assert data == {
        "schema_version": "1",
        "error": "internal error: ZeroDivisionError: planted bug",
        "error_type": "ZeroDivisionError",
        "fix": INTERNAL_FIX,
    }
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["check", "exec"])
def test_verbose_logs_the_traceback(
    planted: Path, tmp_path: Path, command: str, caplog: pytest.LogCaptureFixture
) -> None:
    """``check`` has its own ``-v``; ``exec`` gets one from ``handle_errors``.

    In process the log goes to pytest's handler; the subprocess test below
    sees it on the real stderr.
    """
    args = [command, str(planted), *(["--no-live"] if command == "check" else [])]
    if command == "exec":
        args += ["-o", str(tmp_path / "out")]
    quiet = CliRunner().invoke(main, args)
    assert quiet.exit_code == 1 and not caplog.records, "no traceback without -v"
    result = CliRunner().invoke(main, [*args, "-v"])
    assert result.exit_code == 1
    assert "error: internal error: ZeroDivisionError: planted bug" in result.stderr
    (record,) = [r for r in caplog.records if r.name == "sciagent.cli._common"]
    assert record.levelname == "ERROR" and record.exc_info is not None
    assert record.exc_info[0] is ZeroDivisionError
    assert result.stdout == ""


def test_every_wrapped_command_takes_verbose() -> None:
    for args in (["exec"], ["model", "status"], ["plugins", "list"], ["index", "status"]):
        help_text = CliRunner().invoke(main, [*args, "--help"]).stdout
        assert "-v, --verbose" in help_text, args


def test_a_real_process_prints_only_json_on_stdout_and_the_traceback_with_v(
    tmp_path: Path,
) -> None:
    program = tmp_path / "p.py"
    program.write_text("print(1)\n")
    script = textwrap.dedent(
        """
        import sys
        import sciagent.cli.sandbox as s
        def boom(*a, **k):
            raise KeyError("nothing here")
        s.read_source = boom
        from sciagent.cli import main
        main(sys.argv[1:])
        """
    )

    def sciagent(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, "exec", str(program), "--no-save", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
        )

    done = sciagent("--json")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["error"] == "internal error: KeyError: 'nothing here'"
    assert data["error_type"] == "KeyError" and data["fix"] == INTERNAL_FIX
    assert "Traceback" not in done.stderr
    verbose = sciagent("--json", "-v")
    assert verbose.returncode == 1 and json.loads(verbose.stdout) == data
    assert "Traceback (most recent call last)" in verbose.stderr
    assert "KeyError: 'nothing here'" in verbose.stderr


# -- click's own exceptions are click's to handle ------------------------------------------


def _command(exc: BaseException) -> click.Command:
    @click.command()
    @click.option("--json", "as_json", is_flag=True)
    @handle_errors
    def cmd(as_json: bool) -> None:
        raise exc

    return cmd


@pytest.mark.parametrize(
    ("exc", "code", "shown"),
    [
        (click.UsageError("no such thing"), 2, "Error: no such thing"),
        (click.ClickException("click says no"), 1, "Error: click says no"),
        (click.exceptions.Exit(3), 3, ""),
        (click.Abort(), 1, "Aborted!"),
        (SystemExit(4), 4, ""),
        (KeyboardInterrupt(), 1, "Aborted!"),
    ],
)
def test_click_exits_pass_through(exc: BaseException, code: int, shown: str) -> None:
    for args in ([], ["--json"]):
        result = CliRunner().invoke(_command(exc), args)
        assert result.exit_code == code, (exc, args, result.output)
        assert "internal error" not in result.output
        assert shown in result.output
        if not shown:
            assert result.output == ""
