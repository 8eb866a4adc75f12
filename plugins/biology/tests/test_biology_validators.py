"""The biology plugin's output validators, on realistic Biopython programs (no mocks)."""

from __future__ import annotations

import pytest
from sciagent_biology import plugin
from sciagent_biology.validators import VALIDATORS

from sciagent.plugin.testing import assert_declares, errors, judge_with, warnings

GFP = "ATGGCTAGCAAGGGCGAGGAGCTGTTCACCGGGTAA"  # 36 nt, MASKGEELFTG*


judge = judge_with(VALIDATORS)


def test_plugin_declares_the_validators():
    assert_declares(plugin, validators=VALIDATORS)


RIGHT = [
    pytest.param(
        f"Give the reverse complement of the DNA sequence {GFP}.",
        f"from Bio.Seq import Seq\nresult = str(Seq('{GFP}').reverse_complement())\nprint(result)\n",
        "TTACCCGGTGAACAGCTCCTCGCCCTTGCTAGCCAT\n",
        "TTACCCGGTGAACAGCTCCTCGCCCTTGCTAGCCAT",
        id="reverse-complement",
    ),
    pytest.param(
        f"Transcribe the coding strand {GFP} into mRNA.",
        f"from Bio.Seq import Seq\nprint(Seq('{GFP}').transcribe())\n",
        "AUGGCUAGCAAGGGCGAGGAGCUGUUCACCGGGUAA\n",
        None,
        id="transcription",
    ),
    pytest.param(
        f"Translate {GFP} to protein, stopping at the stop codon.",
        f"from Bio.Seq import Seq\nresult = str(Seq('{GFP}').translate(to_stop=True))\nprint(result)\n",
        "MASKGEELFTG\n",
        "MASKGEELFTG",
        id="translation-to-stop",
    ),
    pytest.param(
        f"Translate the DNA {GFP} with the standard code.",
        f"from Bio.Seq import Seq\nprint(Seq('{GFP}').translate())\n",
        "MASKGEELFTG*\n",
        None,
        id="translation-terminal-stop",
    ),
    pytest.param(
        f"What is the GC content of {GFP} as a fraction?",
        f"from Bio.SeqUtils import gc_fraction\nresult = gc_fraction('{GFP}')\nprint(result)\n",
        "0.5833333333333334\n",
        0.5833333333333334,
        id="gc-fraction",
    ),
    pytest.param(
        f"What is the GC content of {GFP} in percent?",
        f"from Bio.SeqUtils import gc_fraction\nprint(f'GC: {{100 * gc_fraction(\"{GFP}\"):.1f}}%')\n",
        "GC: 58.3%\n",
        None,
        id="gc-percent",
    ),
    pytest.param(
        "Which of the FASTA records has the highest GC content? Print id and GC.",
        "from Bio import SeqIO\nfrom Bio.SeqUtils import gc_fraction\n"
        "recs = list(SeqIO.parse('seqs.fasta', 'fasta'))\n"
        "for r in recs:\n    print(r.id, 'GC window:', 12)\n",
        "s1 GC window: 12\ns2 GC window: 12\n",
        None,
        id="gc-unrelated-label",
    ),
    pytest.param(
        "What is the melting temperature (Wallace rule) of the primer AGCGTTAGCCTAGGCA?",
        "from Bio.SeqUtils import MeltingTemp as mt\nprint(mt.Tm_Wallace('AGCGTTAGCCTAGGCA'))\n",
        "50.0\n",
        None,
        id="melting-temperature",
    ),
]


RIGHT += [
    pytest.param(
        "Design a primer complementary to the 3' end of this mRNA: AUGGCCUUGUACAAGGGAUUC",
        "from Bio.Seq import Seq\nprint(Seq('AUGGCCUUGUACAAGGGAUUC').back_transcribe()"
        ".reverse_complement())\n",
        "GAATCCCTTGTACAAGGCCAT\n",
        None,
        id="dna-primer-for-mrna",
    ),
    pytest.param(
        "What is the RNA polymerase promoter in this DNA: TTGACAATTAATCATCGGCTCGTATAATGTG?",
        "from Bio.Seq import Seq\nprint('TTGACAATTAATCATCGGCTCGTATAAT')\n",
        "TTGACAATTAATCATCGGCTCGTATAAT\n",
        None,
        id="rna-polymerase-is-not-rna",
    ),
    pytest.param(
        "Count the G and C bases of GGCCATAT and give the GC fraction.",
        "from Bio.SeqUtils import gc_fraction\ns = 'GGCCATAT'\n"
        "print('GC:', s.count('G') + s.count('C'))\nprint('GC fraction:', gc_fraction(s))\n",
        "GC: 4\nGC fraction: 0.5\n",
        None,
        id="gc-count-label",
    ),
]


@pytest.mark.parametrize(("request_", "code", "stdout", "value"), RIGHT)
def test_right_outputs_raise_no_issue(request_, code, stdout, value):
    verdict = judge(request_, code, stdout, value, value is not None)
    assert verdict.issues == []


def test_u_in_dna_answer_is_rejected():
    verdict = judge(
        f"Give the reverse complement of the DNA {GFP}.",
        f"from Bio.Seq import Seq\nprint(Seq('{GFP}').reverse_complement().transcribe())\n",
        "UUACCCGGUGAACAGCUCCUCGCCCUUGCUAGCCAU\n",
    )
    [message] = errors(verdict)
    assert "contains U" in message and "back_transcribe" in message


def test_t_in_rna_answer_is_rejected():
    verdict = judge(
        f"Transcribe {GFP} to mRNA.",
        f"from Bio.Seq import Seq\nprint(Seq('{GFP}').reverse_complement())\n",
        "TTACCCGGTGAACAGCTCCTCGCCCTTGCTAGCCAT\n",
    )
    [message] = errors(verdict)
    assert "transcribe()" in message


def test_dna_printed_for_a_protein_request_is_rejected():
    seq = GFP + "GGCAAA"
    verdict = judge(
        f"Translate {seq} into a protein sequence.",
        f"from Bio.Seq import Seq\ns = Seq('{seq}')\nprint(s.transcribe().back_transcribe())\n",
        "ATGGCTAGCAAGGGCGAGGAGCTGTTCACCGGGTAAGGCAAA\n",
    )
    assert "translate()" in errors(verdict)[0]


def test_internal_stop_codon_is_a_warning():
    verdict = judge(
        "Translate the fragment ATGAAATAGCCCGGGTTTTGA.",
        "from Bio.Seq import Seq\nprint(Seq('ATGAAATAGCCCGGGTTTTGA').translate())\n",
        "MK*PGF*\n",
    )
    assert verdict.ok
    [message] = warnings(verdict)
    assert "to_stop=True" in message and "residue 3" in message


def test_partial_codon_is_a_warning():
    verdict = judge(
        "Translate ATGGCTAGCAAGGGCGAGG to protein.",
        "from Bio.Seq import Seq\ns = Seq('ATGGCTAGCAAGGGCGAGG')\nprint(s.translate())\n",
        "MASKGE\n",
    )
    assert verdict.ok
    assert any("multiple of 3" in m for m in warnings(verdict))


def test_zero_based_slicing_of_positions_is_a_warning():
    verdict = judge(
        f"Extract positions 4 to 12 of {GFP}.",
        f"from Bio.Seq import Seq\nprint(Seq('{GFP}')[4:12])\n",
        "CTAGCAAG\n",
    )
    assert verdict.ok
    [message] = warnings(verdict)
    assert "1-based" in message or "count from 1" in message


def test_one_based_conversion_is_not_warned():
    verdict = judge(
        f"Extract positions 4 to 12 of {GFP}.",
        f"from Bio.Seq import Seq\nstart, end = 4, 12\nprint(Seq('{GFP}')[start - 1 : end])\n",
        "GCTAGCAAG\n",
    )
    assert verdict.issues == []


@pytest.mark.parametrize(
    ("request_", "stdout", "value", "keyword"),
    [
        ("GC content of ATGCGCATTA as a fraction?", "1.3\n", None, "between 0 and 1"),
        ("GC content of ATGCGCATTA in percent?", "GC: 130.0%\n", None, "outside"),
        ("What is the GC content of ATGCGCATTA?", "", -0.2, "outside"),
    ],
)
def test_impossible_gc_content_is_rejected(request_, stdout, value, keyword):
    verdict = judge(
        request_,
        "from Bio.SeqUtils import gc_fraction\nresult = gc_fraction('ATGCGCATTA') + 0.8\n"
        "print(result)\n",
        stdout,
        value,
        value is not None,
    )
    [message] = errors(verdict)
    assert keyword in message


def test_silent_on_other_domains():
    verdict = judge(
        "Transcribe this DNA: convert the SMILES OCCUUUUUUUUUUUUC of the GC content 1.3",
        "import astropy.units as u\nfrom rdkit import Chem\n"
        "print('UUUUUUUUUUUUUUAGUA', (1.3 * u.pc)[0:1])\n",
        "UUUUUUUUUUUUUUAGUA\n1.3\n",
    )
    assert verdict.issues == []


# ------------------------------------------------- answers the request shapes

DEMO = "ATGGCCATTGTAATGGGCCGCTGA"  # MAIVMGR*


@pytest.mark.parametrize(
    "request_",
    [
        f"Translate {DEMO} to protein, stopping at the first stop codon.",
        f"Translate the coding sequence {DEMO} to the first stop.",
        f"Translate {DEMO} until a stop codon is reached.",
        f"Translate {DEMO} up to the first stop codon (don't include the stop).",
        f"Give the protein of {DEMO}, up to the first stop, without including the stop.",
    ],
)
def test_stop_in_a_protein_asked_to_the_first_stop_is_rejected(request_: str) -> None:
    """The demo's failure: ``MAIVMGR*`` was called ok for a request to stop at the stop."""
    code = f"from Bio.Seq import Seq\nprint(Seq('{DEMO}').translate())\n"
    (message,) = errors(judge(request_, code, "MAIVMGR*\n"))
    assert "MAIVMGR*" in message and "to_stop=True" in message


@pytest.mark.parametrize(
    ("request_", "stdout"),
    [
        (f"Translate {DEMO} to protein, stopping at the first stop codon.", "MAIVMGR\n"),
        (f"Translate {DEMO} to protein, stopping at the first stop codon.", "Length: 7\n"),
        # the request wants the stops shown, or asks about frames
        (f"Translate {DEMO}; do not stop at the first stop codon.", "MAIVMGR*\n"),
        (f"Translate {DEMO} through the stop codons, marking each stop with *.", "MAIVMGR*\n"),
        (f"Translate {DEMO} in all three frames, each up to the first stop codon.", "MAIVMGR*\n"),
    ],
)
def test_translation_to_the_stop_right_or_not_asked_is_accepted(request_: str, stdout: str):
    code = f"from Bio.Seq import Seq\nprint(Seq('{DEMO}').translate(to_stop=True))\n"
    assert errors(judge(request_, code, stdout)) == []


RC_REQUEST = f"Give the reverse complement of the DNA sequence {GFP}."
RC_CODE = f"from Bio.Seq import Seq\nprint(Seq('{GFP}').reverse_complement())\n"


@pytest.mark.parametrize(
    ("request_", "stdout"),
    [
        (RC_REQUEST, "TTACCCGGTGAACAGCTCCTCGCCCTTGCTAGCCAT\n"),
        (RC_REQUEST, "ttacccggtgaacagctcctcgcccttgctagccat\n"),
        (RC_REQUEST, f"{GFP} -> TTACCCGGTGAACAGCTCCTCGCCCTTGCTAGCCAT\n"),  # input shown too
        (RC_REQUEST, "TTACCCGGTGAACAGCTCCTCG\n"),  # a stretch of it
        ("Reverse complement of the RNA AUGGCUAGCAAGGGCGAG?", "CUCGCCCUUGCUAGCCAU\n"),
        ("Reverse complement of the EcoRI site GAATTCGAATTC?", "GAATTCGAATTC\n"),  # palindrome
        # more than a reverse complement: not judged
        (f"Give the complement and the reverse complement of {GFP}.", "TACCGATCGTTC\n"),
        (f"Reverse complement {GFP}, then mutate base 3 to A.", "TTACCCGGTGAACAGCTCCTCGCC\n"),
    ],
)
def test_reverse_complement_of_the_request_is_accepted(request_: str, stdout: str) -> None:
    assert errors(judge(request_, RC_CODE, stdout)) == []


@pytest.mark.parametrize(
    "stdout",
    [
        "TACCGATCGTTCCCGCTCCTCGACAAGTGGCCCATT\n",  # complemented, not reversed
        "AATGGGCCACTTGTCGAGGAGCGGGAACGATCGGTA\n",  # reversed, not complemented
        f"{GFP}\n",  # the input, unchanged
        "TTACCCGGTGAACAGCTCCTCGCCCTTGCTAGCCAA\n",  # one base wrong
    ],
    ids=["complement-only", "reverse-only", "unchanged", "one-base-off"],
)
def test_wrong_reverse_complement_is_rejected(stdout: str) -> None:
    (message,) = errors(judge(RC_REQUEST, RC_CODE, stdout))
    assert "not the reverse complement" in message


def test_rna_asked_and_dna_printed_is_rejected() -> None:
    verdict = judge(
        f"Transcribe the coding strand {GFP} into RNA.",
        f"from Bio.Seq import Seq\nprint(Seq('{GFP}'))\n",
        f"{GFP}\n",
    )
    assert any("contains T" in m for m in errors(verdict))
