"""The static checker on real programs against the real libraries and index.

True positives name the real API in their suggestions; correct programs (every
first-party recipe plus hand-written ones in ``programs.py``) get no finding
at all: zero false alarms is the bar.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sciagent import Finding, check_code
from sciagent.check import check_many
from sciagent.plugin import load_plugins

from .programs import CORRECT

SCIAGENT = str(Path(sys.executable).with_name("sciagent"))

# (program, kind, name, a suggestion that must be offered or None)
TRUE_POSITIVES: dict[str, tuple[str, str, str, str | None]] = {
    "invented_function": (
        "from rdkit import Chem\nfrom rdkit.Chem import Descriptors\n"
        "print(Descriptors.MolecularWeight(Chem.MolFromSmiles('CCO')))\n",
        "unknown-name",
        "rdkit.Chem.Descriptors.MolecularWeight",
        "rdkit.Chem.Descriptors.MolWt",
    ),
    "invented_method_on_typed_variable": (
        "from rdkit import Chem\nmol = Chem.MolFromSmiles('CCO')\nprint(mol.GetAtomCount())\n",
        "unknown-name",
        "rdkit.Chem.rdchem.Mol.GetAtomCount",
        "rdkit.Chem.rdchem.Mol.GetNumAtoms",
    ),
    "method_on_call_result": (
        "from rdkit import Chem\nprint(Chem.MolFromSmiles('C').GetNumAtom())\n",
        "unknown-name",
        "rdkit.Chem.rdchem.Mol.GetNumAtom",
        "rdkit.Chem.rdchem.Mol.GetNumAtoms",
    ),
    "boost_bad_keyword": (
        "from rdkit import Chem\nmol = Chem.MolFromSmiles('CCO', sanitise=True)\n",
        "bad-keyword",
        "rdkit.Chem.MolFromSmiles",
        "sanitize",
    ),
    "boost_too_many_positional": (
        "from rdkit import Chem\nmol = Chem.MolFromSmiles('CCO', True, {}, 4)\n",
        "arity",
        "rdkit.Chem.MolFromSmiles",
        None,
    ),
    "boost_keyword_of_no_overload": (
        "from rdkit.Chem import AllChem, rdFingerprintGenerator\n"
        "g = rdFingerprintGenerator.GetMorganGenerator(radius=2, nBits=2048)\n",
        "bad-keyword",
        "rdkit.Chem.rdFingerprintGenerator.GetMorganGenerator",
        None,
    ),
    "invented_module_from_import": (
        "from rdkit.Chem import Descriptorz\n",
        "unknown-module",
        "rdkit.Chem.Descriptorz",
        "rdkit.Chem.Descriptors",
    ),
    "invented_module_import": (
        "import rdkit.Chem.Descriptorz as D\n",
        "unknown-module",
        "rdkit.Chem.Descriptorz",
        "rdkit.Chem.Descriptors",
    ),
    "not_imported": (
        "from rdkit import Chem\nm = Chem.MolFromSmiles('CCO')\n"
        "print(rdkit.Chem.Lipinski.NumHDonors(m))\n",
        "not-imported",
        "rdkit.Chem.Lipinski.NumHDonors",
        "import rdkit.Chem.Lipinski",
    ),
    "same_name_elsewhere": (
        "from rdkit import Chem\nprint(Chem.NumHDonors(Chem.MolFromSmiles('O')))\n",
        "unknown-name",
        "rdkit.Chem.NumHDonors",
        "rdkit.Chem.Lipinski.NumHDonors",
    ),
    "biopython_invented_method": (
        "from Bio.Seq import Seq\nprint(Seq('ATG').reverse_complement_rna_xyz())\n",
        "unknown-name",
        "Bio.Seq.Seq.reverse_complement_rna_xyz",
        "Bio.Seq.Seq.reverse_complement_rna",
    ),
    "biopython_bad_keyword_python_function": (
        "from Bio.Seq import Seq\nprint(Seq('ATG').translate(to_stops=True))\n",
        "bad-keyword",
        "Bio.Seq.Seq.translate",
        "to_stop",
    ),
    "biopython_too_many_positional": (
        "from Bio.Seq import Seq\nprint(Seq('ATG').translate('Standard', '*', False, False, '-', 6))\n",
        "arity",
        "Bio.Seq.Seq.translate",
        None,
    ),
    "biopython_instance_attribute": (
        "from Bio.Seq import Seq\nfrom Bio.SeqRecord import SeqRecord\n"
        "r = SeqRecord(Seq('A'), id='x')\nprint(r.sequence)\n",
        "unknown-name",
        "Bio.SeqRecord.SeqRecord.sequence",
        "Bio.SeqRecord.SeqRecord.seq",
    ),
    "astropy_getattr_forwarding": (
        "from astropy.coordinates import SkyCoord\nimport astropy.units as u\n"
        "c = SkyCoord(ra=1 * u.deg, dec=2 * u.deg)\nprint(SkyCoord(0, 0, unit='deg').separation_deg(c))\n",
        "unknown-name",
        "astropy.coordinates.sky_coordinate.SkyCoord.separation_deg",
        "astropy.coordinates.sky_coordinate.SkyCoord.separation",
    ),
    "astropy_unit": (
        "import astropy.units as u\nprint(3 * u.kilometre)\n",
        "unknown-name",
        "astropy.units.kilometre",
        "astropy.units.kilometer",
    ),
    "astropy_constant": (
        "import astropy.constants as const\nprint(const.cc)\n",
        "unknown-name",
        "astropy.constants.cc",
        "astropy.constants.c",
    ),
    "astropy_time_format": (
        "from astropy.time import Time\nprint(Time('2020-01-01').jdd)\n",
        "unknown-name",
        "astropy.time.core.Time.jdd",
        "astropy.time.core.Time.jd",
    ),
    "astropy_cosmology_instance": (
        "from astropy.cosmology import Planck18\nprint(Planck18.luminosity_distanc(1))\n",
        "unknown-name",
        "astropy.cosmology.Planck18.luminosity_distanc",
        "astropy.cosmology.Planck18.luminosity_distance",
    ),
    # the class imported where the module of the same name was meant
    "class_for_module_namesake": (
        "from Bio.Data.CodonTable import CodonTable\n"
        "print(CodonTable.unambiguous_dna_by_name['Standard'])\n",
        "unknown-name",
        "Bio.Data.CodonTable.CodonTable.unambiguous_dna_by_name",
        "Bio.Data.CodonTable.unambiguous_dna_by_name",
    ),
    # a SkyCoord method called on a bare frame
    "method_of_another_class": (
        "from astropy.coordinates import ICRS\nimport astropy.units as u\n"
        "c = ICRS(ra=10 * u.deg, dec=20 * u.deg)\n"
        "print(c.directional_offset_by(30 * u.deg, 1 * u.deg))\n",
        "unknown-name",
        "astropy.coordinates.builtin_frames.icrs.ICRS.directional_offset_by",
        "astropy.coordinates.SkyCoord.directional_offset_by",
    ),
    # a method of the objects a Mol holds, called on the Mol itself
    "method_of_held_objects": (
        "from rdkit import Chem\nm = Chem.MolFromSmiles('c1ccncc1')\nprint(m.GetTotalNumHs())\n",
        "unknown-name",
        "rdkit.Chem.rdchem.Mol.GetTotalNumHs",
        None,
    ),
    # the units module rebound by a loop, then read as the module again
    "rebound_unit_module": (
        "import astropy.units as u\nx = 1 * u.deg\nfor u in [x.unit]:\n    print(u)\n"
        "print(2 * u.deg)\n",
        "rebound-import",
        "astropy.units.deg",
        None,
    ),
    # Table.read takes **kwargs (passed on to the reader), but `fromat` is a typo of the
    # documented `format`: a warning, not an error
    "table_read_kwargs": (
        "from astropy.table import Table\nt = Table.read('x.csv', fromat='csv')\n",
        "undocumented-keyword",
        "astropy.table.Table.read",
        "format",
    ),
}

EXTRA_CORRECT_FROM_SUITE = {
    # Biopython 1.88 still declares `alphabet` (it raises at run time): no signature finding
    "seqio_alphabet": "from Bio import SeqIO\nrecs = SeqIO.parse('x.fa', format='fasta', alphabet=None)\n",
}


def _recipes() -> list[str]:
    return [r.code for p in load_plugins().plugins for r in p.recipes if r.code]


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    programs = {f"recipe-{i}": code for i, code in enumerate(_recipes())}
    programs.update(CORRECT)
    programs.update(EXTRA_CORRECT_FROM_SUITE)
    return programs


@pytest.fixture(scope="module")
def positives(searcher) -> dict[str, list[Finding]]:
    results = check_many([t[0] for t in TRUE_POSITIVES.values()], searcher=searcher)
    return dict(zip(TRUE_POSITIVES, results, strict=True))


@pytest.mark.parametrize("case", list(TRUE_POSITIVES))
def test_true_positive(case: str, positives: dict[str, list[Finding]]) -> None:
    _, kind, name, suggestion = TRUE_POSITIVES[case]
    found = positives[case]
    matching = [f for f in found if f.kind == kind and f.name == name]
    assert matching, f"expected a {kind} finding for {name}, got {found}"
    finding = matching[0]
    assert finding.line >= 1 and finding.message
    if suggestion is not None:
        assert suggestion in finding.suggestions, finding
    assert len(found) == 1, found  # and nothing else in these small programs


def test_message_reads_like_feedback(positives: dict[str, list[Finding]]) -> None:
    (finding,) = positives["invented_function"]
    assert finding.message == (
        "`Descriptors.MolecularWeight` does not exist in rdkit 2026.9.1; "
        "did you mean `Descriptors.MolWt`?"
    )
    assert finding.to_dict()["suggestions"] == ["rdkit.Chem.Descriptors.MolWt"]


def test_namesake_message_says_how_to_import(positives: dict[str, list[Finding]]) -> None:
    (finding,) = positives["class_for_module_namesake"]
    assert "belongs to the module `Bio.Data.CodonTable`" in finding.message
    assert "`from Bio.Data import CodonTable`" in finding.message
    (finding,) = positives["method_of_another_class"]
    assert "is a member of `SkyCoord`" in finding.message
    assert "create `c` as a `SkyCoord`" in finding.message
    (finding,) = positives["method_of_held_objects"]
    assert "call it on each of `m.GetAtoms()`" in finding.message
    assert "[x.GetTotalNumHs() for x in m.GetAtoms()]" in finding.message


def test_zero_false_alarms(searcher, corpus: dict[str, str]) -> None:
    assert len(corpus) >= 180
    results = check_many(list(corpus.values()), searcher=searcher)
    alarms = [
        (name, corpus[name], [f.to_dict() for f in found])
        for name, found in zip(corpus, results, strict=True)
        if found
    ]
    for name, code, found in alarms:
        print(f"--- {name}\n{code}\n{json.dumps(found, indent=2)}")
    assert alarms == []


def test_check_code_is_fast_with_a_warm_searcher(searcher, corpus: dict[str, str]) -> None:
    check_many(list(corpus.values()), searcher=searcher)  # live answers cached
    times = []
    for code in corpus.values():
        start = time.perf_counter()
        assert check_code(code, searcher=searcher) == []
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.3, statistics.median(times)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "x = (",
        "print('\\x00')",
        "import os\nos.path.join('a', 'b')\n",
        "from . import sibling\nsibling.anything()\n",
        "from rdkit.Chem import *\nprint(MolFromSmiles('C').GetNumAtoms())\n",
        "x = " + "(" * 50 + "1" + ")" * 50,
        "lambda: rdkit\n",
        "from rdkit import Chem\nChem.MolFromSmiles(*['C'], **{'sanitize': True})\n",
    ],
)
def test_never_raises_on_odd_code(searcher, code: str) -> None:
    found = check_code(code, searcher=searcher)
    assert all(isinstance(f, Finding) for f in found)


def test_syntax_error_is_one_finding(searcher) -> None:
    (finding,) = check_code("import math\ndef f(:\n    pass\n", searcher=searcher)
    assert finding.kind == "syntax" and finding.line == 2


def test_index_only_mode_reports_unconfirmed(searcher) -> None:
    code = "from rdkit import Chem\nChem.MolFromSmiles('C', sanitise=True)\nChem.NoSuch()\n"
    found = check_code(code, searcher=searcher, live=False)
    assert {f.kind for f in found} == {"bad-keyword", "unknown-name"}


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCIAGENT, "check", *args], capture_output=True, text=True, input=stdin, timeout=300
    )


def test_cli_json(tmp_path: Path, searcher) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(TRUE_POSITIVES["invented_function"][0])
    proc = _cli(str(bad), "--json")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["schema_version"], data["ok"]) == ("1", False)
    (finding,) = data["findings"]
    assert set(finding) == {"line", "col", "name", "kind", "message", "suggestions", "severity"}
    assert finding["severity"] == "error"  # confirmed live
    assert finding["line"] == 3 and "rdkit.Chem.Descriptors.MolWt" in finding["suggestions"]
    good = tmp_path / "good.py"
    good.write_text(CORRECT["morgan_generator"])
    proc = _cli(str(good), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"schema_version": "1", "ok": True, "findings": []}


def test_cli_text_from_stdin(searcher) -> None:
    proc = _cli("-", stdin="from rdkit import Chem\nChem.MolFromSmiles('C', sanitise=True)\n")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("<stdin>:2: `Chem.MolFromSmiles`")


def test_live_answers_are_cached(searcher, monkeypatch: pytest.MonkeyPatch) -> None:
    from sciagent.check import _live

    code = TRUE_POSITIVES["astropy_unit"][0]
    first = check_code(code, searcher=searcher)

    def no_subprocess(*args: object) -> None:
        raise AssertionError("a cached question started a subprocess")

    monkeypatch.setattr(_live, "_run", no_subprocess)
    assert check_code(code, searcher=searcher) == first
