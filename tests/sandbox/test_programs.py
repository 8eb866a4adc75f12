"""Real scientific programs, structured errors, files, values, and the API surface."""

from __future__ import annotations

import base64
import json
import math

import pytest
from click.testing import CliRunner

from sciagent.cli import main as cli_main
from sciagent.errors import SciagentError
from sciagent.sandbox import (
    RunResult,
    SandboxInputError,
    SandboxPool,
    SandboxUnavailableError,
    detect_tier,
    run_code,
)

pytestmark = pytest.mark.needs_sandbox


def test_rdkit_program_returns_correct_values(pool: SandboxPool) -> None:
    code = """
from rdkit import Chem
from rdkit.Chem import Descriptors, AllChem, DataStructs
aspirin = Chem.MolFromSmiles("CC(=O)Oc1ccccc1C(=O)O")
fp = lambda m: AllChem.GetMorganFingerprintAsBitVect(m, 2, nBits=2048)
result = {
    "mw": round(Descriptors.MolWt(aspirin), 2),
    "formula": Chem.rdMolDescriptors.CalcMolFormula(aspirin),
    "canonical": Chem.MolToSmiles(Chem.MolFromSmiles("OCC")),
    "self_sim": DataStructs.TanimotoSimilarity(fp(aspirin), fp(aspirin)),
}
"""
    res = pool.run(code)
    assert res.ok, res.error
    assert res.value == {"mw": 180.16, "formula": "C9H8O4", "canonical": "CCO", "self_sim": 1.0}


def test_biopython_program_returns_correct_values(pool: SandboxPool) -> None:
    fasta = ">s1\nATGGCCATTGTAATGGGCCGCTGA\n>s2\nATGAAATAG\n"
    code = """
from Bio import SeqIO
from Bio.Seq import Seq
from Bio.SeqUtils import gc_fraction
records = list(SeqIO.parse("seqs.fasta", "fasta"))
result = {
    "ids": [r.id for r in records],
    "protein": str(records[0].seq.translate(to_stop=True)),
    "revcomp": str(Seq("ATGC").reverse_complement()),
    "gc": round(gc_fraction(records[0].seq), 4),
}
"""
    res = pool.run(code, files={"seqs.fasta": fasta})
    assert res.ok, res.error
    assert res.value == {"ids": ["s1", "s2"], "protein": "MAIVMGR", "revcomp": "GCAT", "gc": 0.5417}


def test_astropy_program_returns_correct_values(pool: SandboxPool) -> None:
    code = """
import astropy.units as u
from astropy.coordinates import SkyCoord
from astropy.time import Time
c = SkyCoord(ra=10.68458 * u.deg, dec=41.26917 * u.deg, frame="icrs")
g = c.galactic
result = {
    "l": round(g.l.deg, 3),
    "b": round(g.b.deg, 3),
    "distance": (1 * u.pc).to(u.lyr),
    "mjd": Time("2000-01-01T12:00:00", scale="utc").mjd,
}
"""
    res = pool.run(code)
    assert res.ok, res.error
    assert res.value["l"] == pytest.approx(121.174, abs=1e-3)
    assert res.value["b"] == pytest.approx(-21.573, abs=1e-3)
    assert res.value["distance"]["unit"] == "lyr"
    assert res.value["distance"]["value"] == pytest.approx(3.2616, rel=1e-4)
    assert res.value["mjd"] == 51544.5


def test_syntax_error_is_structured(pool: SandboxPool) -> None:
    res = pool.run("x = 1\ndef f(:\n    pass\n")
    assert not res.ok and res.error is not None
    assert res.error.kind == "syntax" and res.error.type == "SyntaxError"
    assert res.error.lineno == 2
    assert "<program>" in res.error.traceback


def test_exception_traceback_is_trimmed_to_user_code(pool: SandboxPool) -> None:
    code = "import json\n\ndef load():\n    return json.loads('{bad')\n\nload()\n"
    res = pool.run(code)
    assert not res.ok and res.error is not None
    assert res.error.type == "JSONDecodeError" and res.error.kind == "exception"
    assert res.error.lineno == 4
    assert "json/decoder.py" not in res.error.traceback
    assert 'File "<program>", line 6' in res.error.traceback


def test_stdout_stderr_and_exit_status(pool: SandboxPool) -> None:
    res = pool.run("import sys\nprint('out')\nprint('err', file=sys.stderr)\nsys.exit(3)")
    assert not res.ok and res.error is not None and res.error.type == "SystemExit"
    assert res.stdout == "out\n" and res.stderr == "err\n"
    ok = pool.run("import sys\nresult = 5\nsys.exit(0)")
    assert ok.ok and ok.value == 5


def test_input_and_output_files(pool: SandboxPool) -> None:
    code = "data = open('in/x.txt').read()\nopen('out.txt', 'w').write(data.upper())\nresult = len(data)"
    res = pool.run(code, files={"in/x.txt": b"hello"})
    assert res.ok and res.value == 5
    names = {f.name for f in res.files}
    assert names == {"in/x.txt", "out.txt"}
    assert res.file("out.txt").content == b"HELLO"
    assert base64.b64decode(res.file("out.txt").content_b64 or "") == b"HELLO"


def test_scratch_is_private_per_task(pool: SandboxPool) -> None:
    # the temp dir is $TMPDIR (/sandbox/tmp; /tmp points there unless the venv lives under /tmp)
    pool.run(
        "open('left.txt', 'w').write('x')\nimport os, tempfile\n"
        "os.makedirs(os.path.join(tempfile.gettempdir(), 't'), exist_ok=True)"
    )
    res = pool.run(
        "import os, tempfile\nresult = [os.listdir('.'), os.listdir(tempfile.gettempdir())]"
    )
    assert res.ok and res.value == [[], []]


def test_bad_input_file_names_are_rejected(pool: SandboxPool) -> None:
    for name in ("../escape", "/etc/passwd", ""):
        with pytest.raises(SandboxInputError):
            pool.run("pass", files={name: b"x"})


def test_value_conversion(pool: SandboxPool) -> None:
    code = """
import numpy as np
import astropy.units as u
class Thing:
    def __repr__(self):
        return "<Thing>"
result = {
    "np_int": np.int64(3), "np_arr": np.arange(4).reshape(2, 2), "nan": float("nan"),
    "inf": -np.inf, "set": {3, 1, 2}, "tuple": (1, "a"), "obj": Thing(),
    "q": np.array([1.0, 2.0]) * u.m / u.s, 7: "int key",
}
"""
    res = pool.run(code)
    assert res.ok, res.error
    v = res.value
    assert v["np_int"] == 3 and v["np_arr"] == [[0, 1], [2, 3]]
    assert v["nan"] == "nan" and v["inf"] == "-inf"
    assert v["set"] == [1, 2, 3] and v["tuple"] == [1, "a"] and v["obj"] == "<Thing>"
    assert v["q"] == {"value": [1.0, 2.0], "unit": "m / s"} and v["7"] == "int key"
    json.dumps(res.to_dict(), allow_nan=False)


def test_no_result_means_no_value(pool: SandboxPool) -> None:
    res = pool.run("x = 1")
    assert res.ok and not res.has_value and res.value is None


def test_result_roundtrips_through_dict(pool: SandboxPool) -> None:
    res = pool.run("open('a.txt','w').write('a')\n1/0")
    again = RunResult.from_dict(json.loads(res.to_json()))
    assert again == res


def test_run_code_warm_and_cold() -> None:
    res = run_code("import math\nresult = math.factorial(10)", preload=["math"])
    assert res.ok and res.value == 3628800 and res.warm
    cold = run_code("result = 'cold'", warm=False)
    assert cold.ok and cold.value == "cold" and not cold.warm
    assert cold.tier == detect_tier().tier


def test_forced_unsafe_tier_is_refused_without_flag() -> None:
    with pytest.raises(SandboxUnavailableError) as info:
        SandboxPool(1, tier="D")
    assert isinstance(info.value, SciagentError)
    assert info.value.fix and "unsafe" in info.value.fix


def test_unsafe_tier_runs_when_asked() -> None:
    with SandboxPool(1, tier="D", unsafe=True, preload=[]) as p:
        res = p.run("result = 1 + 1")
    assert res.ok and res.value == 2 and res.tier == "D"


def test_tier_b_when_available() -> None:
    report = detect_tier()
    if not report.checks.get("python_readable_by_others", True):
        with pytest.raises(SandboxUnavailableError, match="tier B"):
            SandboxPool(1, tier="B")
        pytest.skip("tier B as root needs a Python install readable by an unprivileged uid")
    with SandboxPool(1, tier="B", preload=[]) as p:
        res = p.run(
            "import os\ntry:\n    open('/etc/shadow').read()\nexcept OSError as e:\n    result = type(e).__name__"
        )
    assert res.ok and res.value == "PermissionError" and res.tier == "B"


def test_cli_exec_and_json(tmp_path: pytest.TempPathFactory) -> None:
    runner = CliRunner()
    out = runner.invoke(cli_main, ["exec", "-"], input="print('hi from sandbox')\n")
    assert out.exit_code == 0 and "hi from sandbox" in out.output
    out = runner.invoke(
        cli_main, ["exec", "--json", "--timeout", "5", "-"], input="result = [1, 2]\n"
    )
    assert out.exit_code == 0
    data = json.loads(out.output)
    assert data["ok"] is True and data["value"] == [1, 2] and data["limits"]["timeout_s"] == 5
    assert set(data) >= {"ok", "stdout", "stderr", "value", "error", "files", "duration_s", "tier"}
    out = runner.invoke(cli_main, ["exec", "-"], input="1/0\n")
    assert out.exit_code == 1


def test_cli_doctor() -> None:
    out = CliRunner().invoke(cli_main, ["doctor"])
    assert f"sandbox tier: {detect_tier().tier}" in out.output
    out = CliRunner().invoke(cli_main, ["doctor", "--json"])
    assert json.loads(out.output)["tier"] == detect_tier().tier


def test_concurrent_runs_on_a_two_worker_pool() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with SandboxPool(2, preload=[]) as p, ThreadPoolExecutor(4) as ex:
        results = list(ex.map(lambda i: p.run(f"result = {i} ** 2"), range(20)))
    assert [r.value for r in results] == [i**2 for i in range(20)]
    assert all(math.isfinite(r.duration_s) for r in results)
