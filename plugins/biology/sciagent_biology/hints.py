"""Run errors Biopython programs commonly hit, with their usual cause and fix."""

ERROR_HINTS: dict[str, str] = {
    r"'str' object has no attribute '(reverse_complement|complement|transcribe|"
    r"back_transcribe|count_overlap|ungap)'": (
        "Plain strings lack sequence methods: wrap the string first, "
        "`from Bio.Seq import Seq; Seq(s).reverse_complement()`."
    ),
    # str has a translate of its own (a character map), so the mistake fails with a
    # TypeError about str.translate instead of an AttributeError
    r"str\.translate\(\) takes": (
        "`str.translate` is Python's character mapping, not codon translation: wrap the "
        "sequence first, `from Bio.Seq import Seq; Seq(s).translate()` (add "
        "`to_stop=True` to stop at the first stop codon, `table=` for another genetic code)."
    ),
    r"TranslationError: Codon '\w+' is invalid": (
        "The sequence holds characters that are not nucleotides (spaces, digits, a protein "
        "sequence?): translate only the DNA/RNA letters of the request's sequence."
    ),
    r"(KeyError|ValueError).*(table|Table)": (
        "Genetic code tables are chosen by NCBI id or name: `seq.translate(table=2)` or "
        "`table='Vertebrate Mitochondrial'`; `Bio.Data.CodonTable.unambiguous_dna_by_id` "
        "lists them."
    ),
    r"(Alignment|PairwiseAligner).*(has no attribute|unexpected keyword)": (
        "Configure Bio.Align.PairwiseAligner through attributes (`aligner.mode = 'local'`, "
        "`aligner.open_gap_score = -10`, `aligner.substitution_matrix = "
        "substitution_matrices.load('BLOSUM62')`), then `aligner.score(a, b)` or "
        "`aligner.align(a, b)[0]`."
    ),
}
