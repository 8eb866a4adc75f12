"""Curated Biopython idioms and a biologist's glossary, so plain-word requests find the right API."""

from __future__ import annotations

from sciagent import Recipe

_PDB_CA = (
    # a three-residue CA-only chain written as PDB ATOM records, so snippets need no files
    "lines = [f'ATOM  {i + 1:5d}  CA  {r} A{i + 1:4d}    {3.8 * i:8.3f}{0.5 * i:8.3f}{0.0:8.3f}"
    "  1.00 20.00           C' for i, r in enumerate(['MET', 'ALA', 'GLY', 'SER'])]\n"
)

RECIPES: tuple[Recipe, ...] = (
    # --- sequence files ----------------------------------------------------------------
    Recipe(
        title="Read all records from a FASTA file",
        description=(
            "Iterate over the sequences in a (multi-)FASTA file with SeqIO.parse, getting a "
            "SeqRecord with id, description and seq for each entry; works the same for "
            "GenBank, EMBL, FASTQ and other formats by changing the format name."
        ),
        apis=("Bio.SeqIO.parse", "Bio.SeqRecord.SeqRecord"),
        code=(
            "import io\n"
            "from Bio import SeqIO\n"
            "handle = io.StringIO('>seq1 first\\nATGCGTAA\\n>seq2 second\\nGGCCTTAA\\n')\n"
            "for rec in SeqIO.parse(handle, 'fasta'):\n"
            "    print(rec.id, rec.description, len(rec.seq), rec.seq)"
        ),
        tags=("fasta", "io"),
    ),
    Recipe(
        title="Read exactly one sequence record, or load records into a dict",
        description=(
            "Use SeqIO.read for a file that holds a single record (it raises if there are zero "
            "or several), and SeqIO.to_dict to load a small file into a dictionary keyed by "
            "record ID for lookup by accession or name."
        ),
        apis=("Bio.SeqIO.read", "Bio.SeqIO.to_dict"),
        code=(
            "import io\n"
            "from Bio import SeqIO\n"
            "rec = SeqIO.read(io.StringIO('>only\\nMKTAYIAK\\n'), 'fasta')\n"
            "recs = SeqIO.to_dict(SeqIO.parse(io.StringIO('>a\\nAC\\n>b\\nGT\\n'), 'fasta'))\n"
            "print(rec.id, rec.seq, recs['b'].seq)"
        ),
        tags=("io",),
    ),
    Recipe(
        title="Create SeqRecords and write them to a FASTA file",
        description=(
            "Build sequence records in code (SeqRecord wrapping a Seq, with an id and "
            "description) and save them as FASTA, or any other supported format, with "
            "SeqIO.write, which returns the number of records written."
        ),
        apis=("Bio.SeqIO.write", "Bio.SeqRecord.SeqRecord", "Bio.Seq.Seq"),
        code=(
            "import io\n"
            "from Bio import SeqIO\n"
            "from Bio.Seq import Seq\n"
            "from Bio.SeqRecord import SeqRecord\n"
            "recs = [SeqRecord(Seq('ATGAAATAG'), id='gene1', description='toy ORF')]\n"
            "out = io.StringIO(); print(SeqIO.write(recs, out, 'fasta'))\n"
            "print(out.getvalue())"
        ),
        tags=("fasta", "io", "write"),
    ),
    Recipe(
        title="Convert sequence files between formats",
        description=(
            "Convert a sequence file from one format to another (GenBank to FASTA, FASTQ to "
            "FASTA, EMBL to GenBank, ...) in one call with SeqIO.convert; for format changes "
            "that need extra data (e.g. FASTA to GenBank needs molecule_type) go through parse "
            "and write."
        ),
        apis=("Bio.SeqIO.convert", "Bio.SeqIO.parse", "Bio.SeqIO.write"),
        code=(
            "import io\n"
            "from Bio import SeqIO\n"
            "fastq = io.StringIO('@read1\\nACGTACGT\\n+\\nIIIIHHHH\\n')\n"
            "out = io.StringIO()\n"
            "print(SeqIO.convert(fastq, 'fastq', out, 'fasta'))\n"
            "print(out.getvalue())"
        ),
        tags=("conversion", "io"),
    ),
    Recipe(
        title="Index a large sequence file for random access",
        description=(
            "Look up records by ID in a big FASTA/FASTQ/GenBank file without loading it into "
            "memory: SeqIO.index builds a dict-like, on-disk index (SeqIO.index_db stores it in "
            "SQLite for reuse across runs or several files)."
        ),
        apis=("Bio.SeqIO.index", "Bio.SeqIO.index_db"),
        code=(
            "import os, pathlib, tempfile\n"
            "from Bio import SeqIO\n"
            "path = os.path.join(tempfile.mkdtemp(), 'big.fasta')\n"
            "pathlib.Path(path).write_text(''.join(f'>id{i}\\n{\"ACGT\" * (i + 1)}\\n' for i in range(1000)))\n"
            "idx = SeqIO.index(path, 'fasta')\n"
            "print(len(idx), idx['id42'].seq[:12], len(idx['id42']))"
        ),
        tags=("index", "large files"),
    ),
    Recipe(
        title="Parse GenBank records: annotations, features and CDS translations",
        description=(
            "Read a GenBank (.gb, .gbk, flat file) record and walk its features (gene, CDS, "
            "mRNA) with their locations and qualifiers such as gene name, product and "
            "translation, plus record-level annotations like organism and taxonomy."
        ),
        apis=(
            "Bio.SeqIO.parse",
            "Bio.SeqFeature.SeqFeature",
            "Bio.SeqRecord.SeqRecord",
        ),
        code=(
            "import io\n"
            "from Bio import SeqIO; from Bio.Seq import Seq; from Bio.SeqRecord import SeqRecord\n"
            "from Bio.SeqFeature import SeqFeature, SimpleLocation\n"
            "rec = SeqRecord(Seq('CCATGAAATTTTAGCC'), id='X1', annotations={'molecule_type': 'DNA', 'organism': 'toy'})\n"
            "rec.features.append(SeqFeature(SimpleLocation(2, 14, 1), type='CDS', qualifiers={'gene': ['abc']}))\n"
            "gb = io.StringIO(); SeqIO.write(rec, gb, 'genbank'); gb.seek(0)\n"
            "r = SeqIO.read(gb, 'genbank')\n"
            "print(r.annotations['organism'], [(f.type, f.qualifiers['gene'][0], f.location, f.extract(r.seq).translate()) for f in r.features])"
        ),
        tags=("genbank", "features", "annotation"),
    ),
    Recipe(
        title="Filter FASTQ reads by Phred quality",
        description=(
            "Read next-generation sequencing reads from FASTQ and keep those whose per-base "
            "Phred quality scores (letter_annotations['phred_quality']) pass a threshold, e.g. "
            "minimum or mean quality, then write the filtered reads."
        ),
        apis=("Bio.SeqIO.parse", "Bio.SeqIO.write", "Bio.SeqRecord.SeqRecord.letter_annotations"),
        code=(
            "import io\n"
            "from Bio import SeqIO\n"
            "fq = io.StringIO('@good\\nACGTACGT\\n+\\nIIIIIIII\\n@bad\\nACGTACGT\\n+\\n#####III\\n')\n"
            "good = [r for r in SeqIO.parse(fq, 'fastq') if min(r.letter_annotations['phred_quality']) >= 20]\n"
            "out = io.StringIO(); SeqIO.write(good, out, 'fastq')\n"
            "print([r.id for r in good], out.getvalue().split()[0])"
        ),
        tags=("fastq", "quality", "ngs"),
    ),
    Recipe(
        title="Trim low-quality ends of FASTQ reads",
        description=(
            "Quality-trim sequencing reads by slicing a SeqRecord: slicing keeps the matching "
            "Phred scores, so you can cut the 3' tail where quality drops below a cutoff or "
            "remove an adapter/primer at a known position."
        ),
        apis=("Bio.SeqRecord.SeqRecord", "Bio.SeqIO.parse"),
        code=(
            "import io\n"
            "from Bio import SeqIO\n"
            "rec = SeqIO.read(io.StringIO('@r1\\nACGTACGTAA\\n+\\nIIIIIIII##\\n'), 'fastq')\n"
            "q = rec.letter_annotations['phred_quality']\n"
            "end = max(i + 1 for i, v in enumerate(q) if v >= 20)\n"
            "trimmed = rec[:end]; print(trimmed.seq, trimmed.letter_annotations['phred_quality'])"
        ),
        tags=("fastq", "trimming"),
    ),
    # --- sequence operations -----------------------------------------------------------
    Recipe(
        title="Reverse complement and complement of DNA",
        description=(
            "Get the reverse complement (the opposite strand read 5' to 3') or the plain "
            "complement of a DNA sequence with Seq methods; IUPAC ambiguity codes are handled. "
            "Use complement_rna / reverse_complement_rna for RNA."
        ),
        apis=(
            "Bio.Seq.Seq.reverse_complement",
            "Bio.Seq.Seq.complement",
            "Bio.Seq.reverse_complement",
        ),
        code=(
            "from Bio.Seq import Seq\n"
            "s = Seq('ATGCCGTANR')\n"
            "print(s.reverse_complement(), s.complement(), s.reverse_complement_rna())"
        ),
        tags=("dna", "complement"),
    ),
    Recipe(
        title="Transcribe DNA to RNA and back-transcribe",
        description=(
            "Convert the coding strand of DNA to mRNA (T to U) with transcribe, and RNA back "
            "to DNA with back_transcribe."
        ),
        apis=("Bio.Seq.Seq.transcribe", "Bio.Seq.Seq.back_transcribe"),
        code=(
            "from Bio.Seq import Seq\n"
            "mrna = Seq('ATGGCCATTGTAATG').transcribe()\n"
            "print(mrna, mrna.back_transcribe())"
        ),
        tags=("rna", "transcription"),
    ),
    Recipe(
        title="Translate a DNA or mRNA sequence to protein",
        description=(
            "Translate nucleotides to an amino-acid sequence with the standard genetic code; "
            "to_stop=True stops at the first stop codon, and cds=True validates a complete "
            "coding sequence (start codon, no internal stops, length multiple of three)."
        ),
        apis=("Bio.Seq.Seq.translate", "Bio.Seq.translate"),
        code=(
            "from Bio.Seq import Seq\n"
            "cds = Seq('ATGGCCATTGTAATGGGCCGCTGAAAGGGTGCCCGATAG')\n"
            "print(cds.translate())\n"
            "print(cds.translate(to_stop=True))\n"
            "print(Seq('ATGGCCTAA').translate(cds=True))"
        ),
        tags=("translation", "protein"),
    ),
    Recipe(
        title="Translate with an alternative genetic code (codon table)",
        description=(
            "Use a non-standard NCBI translation table, e.g. table 2 vertebrate mitochondrial, "
            "table 11 bacterial/plastid or table 4 mycoplasma, by name or number; CodonTable "
            "lists each table's start and stop codons."
        ),
        apis=(
            "Bio.Seq.Seq.translate",
            "Bio.Data.CodonTable",
            "Bio.Data.CodonTable.NCBICodonTableDNA",
        ),
        code=(
            "from Bio.Seq import Seq\n"
            "from Bio.Data import CodonTable\n"
            "s = Seq('ATGAGATGAAAA')\n"
            "print(s.translate(), s.translate(table='Vertebrate Mitochondrial'), s.translate(table=2))\n"
            "t = CodonTable.unambiguous_dna_by_id[11]\n"
            "print(t.names[0], t.start_codons, t.stop_codons)"
        ),
        tags=("translation", "codon table", "mitochondrial"),
    ),
    Recipe(
        title="Six-frame translation of a DNA sequence",
        description=(
            "Translate all three forward and three reverse-complement reading frames, e.g. to "
            "look for coding regions; six_frame_translations also prints a formatted overview "
            "with GC content."
        ),
        apis=("Bio.SeqUtils.six_frame_translations", "Bio.Seq.Seq.translate"),
        code=(
            "from Bio.Seq import Seq\n"
            "s = Seq('ATGGCCATTGTAATGGGCCGCTGAAAGGGTGCCCGATAG')\n"
            "for strand, nuc in ((+1, s), (-1, s.reverse_complement())):\n"
            "    for f in range(3):\n"
            "        part = nuc[f:]; part = part[: len(part) // 3 * 3]\n"
            "        print(strand, f, part.translate())"
        ),
        tags=("translation", "frames"),
    ),
    Recipe(
        title="Find open reading frames (ORFs)",
        description=(
            "Scan the six reading frames for open reading frames: translate each frame, split "
            "at stop codons ('*') and keep peptides above a minimum length, reporting frame "
            "and nucleotide position."
        ),
        apis=("Bio.Seq.Seq.translate", "Bio.Seq.Seq.reverse_complement"),
        code=(
            "from Bio.Seq import Seq\n"
            "seq = Seq('CCATGAAACCCGGGTTTAAATAGGGATGCATGCATGCATTAACC')\n"
            "for strand, nuc in ((+1, seq), (-1, seq.reverse_complement())):\n"
            "    for frame in range(3):\n"
            "        prot = nuc[frame:][: (len(nuc) - frame) // 3 * 3].translate()\n"
            "        for pep in (p[p.find('M'):] for p in str(prot).split('*') if 'M' in p):\n"
            "            if len(pep) >= 4: print(strand, frame, pep)"
        ),
        tags=("orf", "gene finding"),
    ),
    Recipe(
        title="Search for a motif or subsequence, including IUPAC ambiguity",
        description=(
            "Find where a short site occurs in a sequence: Seq.find/count/count_overlap for "
            "exact substrings, and SeqUtils.nt_search to match degenerate IUPAC patterns "
            "(N, R, Y, ...) and return all start positions."
        ),
        apis=("Bio.SeqUtils.nt_search", "Bio.Seq.Seq.find", "Bio.Seq.Seq.count_overlap"),
        code=(
            "from Bio.Seq import Seq\n"
            "from Bio.SeqUtils import nt_search\n"
            "s = Seq('GAATTCAAGAATTCTTGAGTC')\n"
            "print(s.find('GAATTC'), s.count('GAATTC'), Seq('AAAA').count_overlap('AA'))\n"
            "print(nt_search(str(s), 'GANTC'))  # pattern regex, then 0-based hits"
        ),
        tags=("motif", "search"),
    ),
    Recipe(
        title="GC content and GC skew",
        description=(
            "Fraction of G+C bases in a DNA sequence (GC content, GC%) with gc_fraction, and "
            "GC skew (G-C)/(G+C) in sliding windows, e.g. to locate replication origins; "
            "gc_fraction replaces the removed GC() function."
        ),
        apis=("Bio.SeqUtils.gc_fraction", "Bio.SeqUtils.GC_skew", "Bio.SeqUtils.GC123"),
        code=(
            "from Bio.Seq import Seq\n"
            "from Bio.SeqUtils import gc_fraction, GC_skew\n"
            "s = Seq('ATGCGCGGCCATATTAGCGC')\n"
            "print(round(gc_fraction(s) * 100, 1), '% GC')\n"
            "print([round(x, 2) for x in GC_skew(s, window=10)])"
        ),
        tags=("gc", "composition"),
    ),
    Recipe(
        title="Molecular weight of a DNA, RNA or protein sequence",
        description=(
            "Mass in daltons of a nucleic-acid or protein sequence, single- or double-stranded, "
            "linear or circular, average or monoisotopic, with SeqUtils.molecular_weight."
        ),
        apis=("Bio.SeqUtils.molecular_weight",),
        code=(
            "from Bio.Seq import Seq\n"
            "from Bio.SeqUtils import molecular_weight\n"
            "print(round(molecular_weight(Seq('ATGCATGC')), 1))\n"
            "print(round(molecular_weight(Seq('ATGCATGC'), double_stranded=True), 1))\n"
            "print(round(molecular_weight(Seq('MKTAYIAK'), seq_type='protein'), 1))"
        ),
        tags=("mass", "molecular weight"),
    ),
    Recipe(
        title="Primer melting temperature (Tm)",
        description=(
            "Estimate the melting temperature of an oligonucleotide or PCR primer: Tm_NN uses "
            "nearest-neighbour thermodynamics with salt and primer concentration corrections, "
            "Tm_Wallace the 2(A+T)+4(G+C) rule of thumb, Tm_GC an empirical GC formula."
        ),
        apis=(
            "Bio.SeqUtils.MeltingTemp.Tm_NN",
            "Bio.SeqUtils.MeltingTemp.Tm_Wallace",
            "Bio.SeqUtils.MeltingTemp.Tm_GC",
        ),
        code=(
            "from Bio.Seq import Seq\n"
            "from Bio.SeqUtils import MeltingTemp as mt\n"
            "primer = Seq('AGCGGATAACAATTTCACACAGGA')\n"
            "print(round(mt.Tm_NN(primer, Na=50, dnac1=250), 1), mt.Tm_Wallace(primer), round(mt.Tm_GC(primer), 1))"
        ),
        tags=("primer", "pcr", "tm"),
    ),
    Recipe(
        title="Protein isoelectric point and charge at a given pH",
        description=(
            "Compute a protein's theoretical isoelectric point (pI) and its net charge at any "
            "pH from the amino-acid sequence with ProtParam.ProteinAnalysis."
        ),
        apis=(
            "Bio.SeqUtils.ProtParam.ProteinAnalysis.isoelectric_point",
            "Bio.SeqUtils.ProtParam.ProteinAnalysis.charge_at_pH",
            "Bio.SeqUtils.ProtParam.ProteinAnalysis",
        ),
        code=(
            "from Bio.SeqUtils.ProtParam import ProteinAnalysis\n"
            "pa = ProteinAnalysis('MKWVTFISLLFLFSSAYSRGVFRRDTHKSEIAHRFKDLGE')\n"
            "print(round(pa.isoelectric_point(), 2), round(pa.charge_at_pH(7.4), 2))"
        ),
        tags=("protein", "pi", "protparam"),
    ),
    Recipe(
        title="Protein physico-chemical parameters (ProtParam)",
        description=(
            "ExPASy ProtParam-style properties of a protein sequence: molecular weight, "
            "instability index, GRAVY hydropathy, aromaticity, molar extinction coefficient "
            "(A280, reduced and with cystines), secondary-structure fractions and amino-acid "
            "composition."
        ),
        apis=(
            "Bio.SeqUtils.ProtParam.ProteinAnalysis",
            "Bio.SeqUtils.ProtParam.ProteinAnalysis.instability_index",
            "Bio.SeqUtils.ProtParam.ProteinAnalysis.gravy",
            "Bio.SeqUtils.ProtParam.ProteinAnalysis.aromaticity",
            "Bio.SeqUtils.ProtParam.ProteinAnalysis.molar_extinction_coefficient",
            "Bio.SeqUtils.ProtParam.ProteinAnalysis.count_amino_acids",
        ),
        code=(
            "from Bio.SeqUtils.ProtParam import ProteinAnalysis\n"
            "pa = ProteinAnalysis('MKWVTFISLLFLFSSAYSRGVFRRDTHKSEIAHRFKDLGEEHFKGLVLIAFSQYLQQCPF')\n"
            "print(round(pa.molecular_weight(), 1), round(pa.instability_index(), 2), round(pa.gravy(), 3))\n"
            "print(round(pa.aromaticity(), 3), pa.molar_extinction_coefficient())\n"
            "print(sorted(pa.amino_acids_percent.items(), key=lambda kv: -kv[1])[:3])  # composition, %"
        ),
        tags=("protein", "protparam"),
    ),
    Recipe(
        title="Hydropathy profile with a sliding window (Kyte-Doolittle)",
        description=(
            "Hydrophobicity plot of a protein: average a per-residue scale such as "
            "Kyte-Doolittle over a sliding window to spot transmembrane helices or buried "
            "regions; other scales (flexibility, surface accessibility) live in ProtParamData."
        ),
        apis=(
            "Bio.SeqUtils.ProtParam.ProteinAnalysis.protein_scale",
            "Bio.SeqUtils.ProtParamData",
        ),
        code=(
            "from Bio.SeqUtils.ProtParam import ProteinAnalysis\n"
            "from Bio.SeqUtils.ProtParamData import kd\n"
            "pa = ProteinAnalysis('MKTLLILAVVAAALALLLAGSSRKDEEKK')\n"
            "print([round(x, 2) for x in pa.protein_scale(kd, window=9)])"
        ),
        tags=("protein", "hydrophobicity"),
    ),
    Recipe(
        title="Convert between one-letter and three-letter amino-acid codes",
        description=(
            "Turn a one-letter protein sequence into three-letter residue names (Met, Ala, ...) "
            "with seq3 and back with seq1, e.g. for PDB residue names."
        ),
        apis=("Bio.SeqUtils.seq3", "Bio.SeqUtils.seq1"),
        code=(
            "from Bio.SeqUtils import seq1, seq3\n"
            "print(seq3('MAGW*'))\n"
            "print(seq1('MetAlaGlyTrp'), seq1('METALAGLY'))"
        ),
        tags=("amino acids",),
    ),
    Recipe(
        title="Check whether a sequence is DNA, RNA or protein",
        description=(
            "Validate the alphabet of a sequence string (nucleotide vs amino acid, ambiguous "
            "IUPAC letters) by comparing its letters with the IUPACData alphabets; Biopython "
            "Seq objects no longer carry an alphabet."
        ),
        apis=("Bio.Data.IUPACData",),
        code=(
            "from Bio.Data import IUPACData as iu\n"
            "def kind(s):\n"
            "    s = set(s.upper())\n"
            "    if s <= set(iu.unambiguous_dna_letters): return 'DNA'\n"
            "    if s <= set(iu.unambiguous_rna_letters): return 'RNA'\n"
            "    return 'protein' if s <= set(iu.protein_letters) else 'unknown'\n"
            "print([kind(x) for x in ('ACGT', 'ACGU', 'MKWV', 'AC#')])"
        ),
        tags=("alphabet", "validation"),
    ),
    Recipe(
        title="Codon usage and codon adaptation index (CAI)",
        description=(
            "Measure codon usage bias: build a CodonAdaptationIndex from reference genes "
            "(e.g. highly expressed genes) and score a coding sequence's CAI, a predictor of "
            "expression level; the index holds relative adaptiveness per codon."
        ),
        apis=(
            "Bio.SeqUtils.CodonAdaptationIndex",
            "Bio.SeqUtils.CodonAdaptationIndex.calculate",
        ),
        code=(
            "from Bio.SeqUtils import CodonAdaptationIndex\n"
            "ref = ['ATGAAAGCTGCTGCTCTGCTGTAA', 'ATGAAAGCAGCTCTGCTGCTGTAA']\n"
            "cai = CodonAdaptationIndex(ref)\n"
            "print(round(cai.calculate('ATGAAAGCTCTGTAA'), 3), round(cai['GCA'], 3))"
        ),
        tags=("codon usage", "cai"),
    ),
    # --- pairwise and multiple alignment -----------------------------------------------
    Recipe(
        title="Global pairwise alignment (Needleman-Wunsch)",
        description=(
            "Align two sequences end to end with PairwiseAligner in global mode "
            "(Needleman-Wunsch, or Gotoh with affine gap penalties), print the alignment and "
            "its score; replaces the deprecated pairwise2 module."
        ),
        apis=("Bio.Align.PairwiseAligner", "Bio.Align.PairwiseAligner.align"),
        code=(
            "from Bio.Align import PairwiseAligner\n"
            "aligner = PairwiseAligner(mode='global', match_score=2, mismatch_score=-1,\n"
            "                          open_gap_score=-2, extend_gap_score=-0.5)\n"
            "aln = aligner.align('GAACTTGCTAC', 'GACTTGTAC')[0]\n"
            "print(aln.score); print(aln)"
        ),
        tags=("alignment", "pairwise", "global"),
    ),
    Recipe(
        title="Local pairwise alignment (Smith-Waterman)",
        description=(
            "Find the best matching region between two sequences with a local alignment "
            "(Smith-Waterman) using PairwiseAligner(mode='local'); aligned coordinates give "
            "the matching segments."
        ),
        apis=("Bio.Align.PairwiseAligner", "Bio.Align.Alignment.aligned"),
        code=(
            "from Bio.Align import PairwiseAligner\n"
            "aligner = PairwiseAligner(mode='local', match_score=2, mismatch_score=-1, gap_score=-2)\n"
            "aln = aligner.align('TTTTGATTACAGGG', 'CCGATTACACC')[0]\n"
            "print(aln.score, aln.aligned.tolist()); print(aln)"
        ),
        tags=("alignment", "pairwise", "local"),
    ),
    Recipe(
        title="Protein alignment with BLOSUM62 and affine gap penalties",
        description=(
            "Score a protein pairwise alignment with a substitution matrix (BLOSUM62, PAM250, "
            "...) loaded from substitution_matrices and BLAST-like gap open/extend penalties; "
            "PairwiseAligner(scoring='blastp') sets this up in one go."
        ),
        apis=("Bio.Align.substitution_matrices.load", "Bio.Align.PairwiseAligner"),
        code=(
            "from Bio.Align import PairwiseAligner, substitution_matrices\n"
            "aligner = PairwiseAligner(substitution_matrix=substitution_matrices.load('BLOSUM62'),\n"
            "                          open_gap_score=-11, extend_gap_score=-1)\n"
            "print(aligner.score('HEAGAWGHEE', 'PAWHEAE'))\n"
            "print(PairwiseAligner(scoring='blastp').align('HEAGAWGHEE', 'PAWHEAE')[0])\n"
            "print(substitution_matrices.load()[:6])"
        ),
        tags=("alignment", "blosum", "protein"),
    ),
    Recipe(
        title="Percent identity and mismatches of an alignment",
        description=(
            "Count identical positions, mismatches and gaps of a pairwise alignment with "
            "Alignment.counts(), and derive percent identity (sequence identity) or "
            "similarity."
        ),
        apis=("Bio.Align.Alignment.counts", "Bio.Align.PairwiseAligner"),
        code=(
            "from Bio.Align import PairwiseAligner\n"
            "aln = PairwiseAligner(mode='global').align('ACGTTGCA', 'ACGATGA')[0]\n"
            "c = aln.counts()\n"
            "print(c.identities, c.mismatches, c.gaps, round(100 * c.identities / aln.length, 1))"
        ),
        tags=("alignment", "identity"),
    ),
    Recipe(
        title="Read and write multiple sequence alignments",
        description=(
            "Load an MSA (Clustal .aln, aligned FASTA, Stockholm, PHYLIP, NEXUS) with AlignIO.read "
            "into a MultipleSeqAlignment, slice rows and columns, and save with AlignIO.write; "
            "Bio.Align.read/write return the newer Alignment objects."
        ),
        apis=(
            "Bio.AlignIO.read",
            "Bio.AlignIO.write",
            "Bio.Align.MultipleSeqAlignment",
            "Bio.Align.read",
        ),
        code=(
            "import io\n"
            "from Bio import AlignIO\n"
            "aln = AlignIO.read(io.StringIO('>a\\nACGT-A\\n>b\\nACGTTA\\n>c\\nAC-TTA\\n'), 'fasta')\n"
            "print(len(aln), aln.get_alignment_length(), aln[:, 2], aln[1].id)\n"
            "out = io.StringIO(); AlignIO.write(aln, out, 'clustal'); print(out.getvalue())"
        ),
        tags=("msa", "alignment", "io"),
    ),
    Recipe(
        title="Convert alignment file formats",
        description=(
            "Convert a multiple alignment between formats, e.g. Clustal to PHYLIP, Stockholm "
            "to aligned FASTA or NEXUS, with AlignIO.convert."
        ),
        apis=("Bio.AlignIO.convert",),
        code=(
            "import io\n"
            "from Bio import AlignIO\n"
            "src = io.StringIO('>a\\nACGT-A\\n>b\\nACGTTA\\n')\n"
            "out = io.StringIO(); AlignIO.convert(src, 'fasta', out, 'phylip')\n"
            "print(out.getvalue())"
        ),
        tags=("msa", "conversion"),
    ),
    Recipe(
        title="Consensus sequence and per-column conservation of an alignment",
        description=(
            "Summarise a multiple alignment: base/residue counts and frequencies per column "
            "(a profile) with Alignment.frequencies, and a consensus or degenerate IUPAC "
            "consensus by turning the aligned sequences into a motif."
        ),
        apis=("Bio.Align.Alignment.frequencies", "Bio.motifs.create", "Bio.motifs.Motif.consensus"),
        code=(
            "import io\n"
            "from Bio import Align, motifs\n"
            "aln = Align.read(io.StringIO('>a\\nACGTAA\\n>b\\nACGTTA\\n>c\\nATGTTA\\n'), 'fasta')\n"
            "print({k: v.tolist() for k, v in aln.frequencies.items()})\n"
            "m = motifs.create([aln[i] for i in range(len(aln))])\n"
            "print(m.consensus, m.degenerate_consensus)"
        ),
        tags=("msa", "consensus", "profile"),
    ),
    # --- BLAST and online databases ----------------------------------------------------
    Recipe(
        title="Run BLAST at NCBI and read the XML results (network)",
        description=(
            "Submit a sequence to NCBI's web BLAST (blastn, blastp, blastx...) with "
            "Blast.qblast and parse the returned XML into records, hits and HSPs with "
            "Bio.Blast.read/parse (NCBIXML is the older parser). Needs network access and "
            "Entrez.email set; local BLAST+ XML output parses the same way."
        ),
        apis=("Bio.Blast.qblast", "Bio.Blast.parse", "Bio.Blast.read", "Bio.Blast.NCBIXML.parse"),
        tags=("blast", "network", "homology"),
    ),
    Recipe(
        title="Parse tabular BLAST output (outfmt 6)",
        description=(
            "Read local BLAST+ tabular results (-outfmt 6 / 7: query, subject, percent "
            "identity, e-value, bit score) with SearchIO, grouped into query results, hits and "
            "HSPs, e.g. to keep best hits below an e-value cutoff."
        ),
        apis=("Bio.SearchIO.parse", "Bio.SearchIO.read"),
        code=(
            "import io\n"
            "from Bio import SearchIO\n"
            "tab = 'q1\\tsp|P1\\t98.5\\t200\\t3\\t0\\t1\\t200\\t5\\t204\\t1e-50\\t350\\n' \\\n"
            "      'q1\\tsp|P2\\t40.0\\t150\\t90\\t2\\t10\\t160\\t1\\t150\\t1e-5\\t60\\n'\n"
            "for qres in SearchIO.parse(io.StringIO(tab), 'blast-tab'):\n"
            "    print(qres.id, [(h.id, h.hsps[0].ident_pct, h.hsps[0].evalue) for h in qres if h.hsps[0].evalue < 1e-10])"
        ),
        tags=("blast", "parsing"),
    ),
    Recipe(
        title="Search NCBI databases with Entrez esearch (network)",
        description=(
            "Query PubMed, Nucleotide, Protein, Gene or other NCBI databases with an Entrez "
            "search term via Entrez.esearch and read the ID list with Entrez.read; set "
            "Entrez.email first. Needs network access (E-utilities)."
        ),
        apis=("Bio.Entrez.esearch", "Bio.Entrez.read", "Bio.Entrez.esummary"),
        tags=("entrez", "ncbi", "network"),
    ),
    Recipe(
        title="Download GenBank or FASTA records by accession with Entrez efetch (network)",
        description=(
            "Fetch sequence records by accession or GI number from NCBI with Entrez.efetch "
            "(db='nucleotide', rettype='gb' or 'fasta', retmode='text') and parse the handle "
            "with SeqIO; use epost/history for many IDs. Needs network access."
        ),
        apis=("Bio.Entrez.efetch", "Bio.SeqIO.read", "Bio.Entrez.epost"),
        tags=("entrez", "ncbi", "download", "network"),
    ),
    Recipe(
        title="Fetch UniProt/Swiss-Prot and KEGG entries (network)",
        description=(
            "Retrieve a Swiss-Prot/UniProt entry from ExPASy with ExPASy.get_sprot_raw and parse "
            "it with SwissProt.read, or get KEGG pathway/gene/compound entries with the KEGG "
            "REST helpers (kegg_get, kegg_find). Needs network access."
        ),
        apis=(
            "Bio.ExPASy.get_sprot_raw",
            "Bio.SwissProt.read",
            "Bio.KEGG.REST.kegg_get",
            "Bio.KEGG.REST.kegg_find",
        ),
        tags=("uniprot", "kegg", "network"),
    ),
    # --- 3D structures -----------------------------------------------------------------
    Recipe(
        title="Parse a PDB file and walk the structure hierarchy",
        description=(
            "Load a protein structure from a PDB file with PDBParser.get_structure and iterate "
            "the SMCRA hierarchy (structure > model > chain > residue > atom) to read residue "
            "names, atom names, coordinates and B-factors."
        ),
        apis=(
            "Bio.PDB.PDBParser.PDBParser",
            "Bio.PDB.PDBParser.PDBParser.get_structure",
            "Bio.PDB.Structure.Structure.get_residues",
            "Bio.PDB.Atom.Atom.get_coord",
        ),
        code=(
            "import io\n"
            "from Bio.PDB import PDBParser\n"
            + _PDB_CA
            + "s = PDBParser(QUIET=True).get_structure('toy', io.StringIO('\\n'.join(lines)))\n"
            "for chain in s[0]:\n"
            "    print(chain.id, [(r.get_resname(), r.id[1]) for r in chain])\n"
            "print([(a.get_name(), a.get_coord().round(1).tolist(), a.get_bfactor()) for a in s.get_atoms()][:2])"
        ),
        tags=("pdb", "structure"),
    ),
    Recipe(
        title="Read and write mmCIF structure files",
        description=(
            "Parse PDBx/mmCIF files (the wwPDB archive format for large structures) with "
            "MMCIFParser, read the raw data dictionary with MMCIF2Dict, and save structures "
            "as mmCIF with MMCIFIO or as PDB with PDBIO."
        ),
        apis=(
            "Bio.PDB.MMCIFParser.MMCIFParser",
            "Bio.PDB.MMCIFIO",
            "Bio.PDB.MMCIF2Dict.MMCIF2Dict",
            "Bio.PDB.PDBIO.PDBIO",
        ),
        code=(
            "import io, os, pathlib, tempfile\n"
            "from Bio.PDB import PDBParser, MMCIFIO, MMCIFParser\n"
            + _PDB_CA
            + "s = PDBParser(QUIET=True).get_structure('toy', io.StringIO('\\n'.join(lines)))\n"
            "path = os.path.join(tempfile.mkdtemp(), 'toy.cif'); cif = MMCIFIO(); cif.set_structure(s); cif.save(path)\n"
            "back = MMCIFParser(QUIET=True).get_structure('toy', path)\n"
            "print(len(list(back.get_atoms())), pathlib.Path(path).read_text().split()[0])"
        ),
        tags=("mmcif", "structure", "io"),
    ),
    Recipe(
        title="Download a structure from the PDB (network)",
        description=(
            "Fetch a PDB entry by its four-character ID in PDB, mmCIF or other format with "
            "PDBList.retrieve_pdb_file, then parse it. Needs network access to the wwPDB."
        ),
        apis=("Bio.PDB.PDBList.PDBList.retrieve_pdb_file", "Bio.PDB.PDBList.PDBList"),
        tags=("pdb", "download", "network"),
    ),
    Recipe(
        title="Distances between atoms and contacts with NeighborSearch",
        description=(
            "Measure an interatomic distance in angstroms by subtracting two Atom objects, and "
            "find all atoms or residue pairs within a cutoff (contacts, binding-site residues, "
            "clashes) quickly with the KD-tree based NeighborSearch."
        ),
        apis=(
            "Bio.PDB.NeighborSearch.NeighborSearch",
            "Bio.PDB.NeighborSearch.NeighborSearch.search",
            "Bio.PDB.NeighborSearch.NeighborSearch.search_all",
            "Bio.PDB.Atom.Atom",
        ),
        code=(
            "import io\n"
            "from Bio.PDB import PDBParser, NeighborSearch\n"
            + _PDB_CA
            + "atoms = list(PDBParser(QUIET=True).get_structure('t', io.StringIO('\\n'.join(lines))).get_atoms())\n"
            "print(round(atoms[0] - atoms[1], 2))\n"
            "ns = NeighborSearch(atoms)\n"
            "print(len(ns.search(atoms[0].coord, 5.0)), [(a.get_parent().id[1], b.get_parent().id[1]) for a, b in ns.search_all(4.0)])"
        ),
        tags=("structure", "distance", "contacts"),
    ),
    Recipe(
        title="Superimpose two structures and compute RMSD",
        description=(
            "Optimally superpose one set of atoms onto another (least-squares fit, Kabsch) "
            "with Superimposer, get the RMSD and the rotation/translation, and apply it to "
            "move the whole structure; the atom lists must be paired (e.g. matching CA atoms)."
        ),
        apis=(
            "Bio.PDB.Superimposer.Superimposer",
            "Bio.PDB.Superimposer.Superimposer.set_atoms",
            "Bio.PDB.Superimposer.Superimposer.apply",
        ),
        code=(
            "import io, numpy as np\n"
            "from Bio.PDB import PDBParser, Superimposer\n"
            + _PDB_CA
            + "fixed, moving = (list(PDBParser(QUIET=True).get_structure(n, io.StringIO('\\n'.join(lines))).get_atoms()) for n in 'ab')\n"
            "for a in moving: a.transform(np.array([[0, -1, 0], [1, 0, 0], [0, 0, 1.0]]), np.array([5.0, 1, 0]))\n"
            "sup = Superimposer(); sup.set_atoms(fixed, moving); sup.apply(moving)\n"
            "print(round(sup.rms, 4), np.allclose(fixed[2].coord, moving[2].coord, atol=1e-3))"
        ),
        tags=("structure", "superposition", "rmsd"),
    ),
    Recipe(
        title="Extract the protein sequence from a structure",
        description=(
            "Get amino-acid sequences of the polypeptide chains in a PDB structure: PPBuilder "
            "joins residues by peptide bonds (C-N distance), CaPPBuilder by CA-CA distance, and "
            "each peptide's get_sequence gives a Seq."
        ),
        apis=(
            "Bio.PDB.PPBuilder",
            "Bio.PDB.CaPPBuilder",
            "Bio.PDB.Polypeptide.Polypeptide.get_sequence",
        ),
        code=(
            "import io\n"
            "from Bio.PDB import PDBParser, CaPPBuilder\n"
            + _PDB_CA
            + "s = PDBParser(QUIET=True).get_structure('t', io.StringIO('\\n'.join(lines)))\n"
            "print([str(pp.get_sequence()) for pp in CaPPBuilder().build_peptides(s)])"
        ),
        tags=("structure", "sequence"),
    ),
    Recipe(
        title="Solvent accessible surface area (SASA) of a structure",
        description=(
            "Compute solvent-accessible surface area per atom, residue, chain or structure "
            "with the Shrake-Rupley algorithm in Bio.PDB.SASA, e.g. to find exposed or buried "
            "residues; no external program needed."
        ),
        apis=("Bio.PDB.SASA.ShrakeRupley", "Bio.PDB.SASA.ShrakeRupley.compute"),
        code=(
            "import io\n"
            "from Bio.PDB import PDBParser\n"
            "from Bio.PDB.SASA import ShrakeRupley\n"
            + _PDB_CA
            + "s = PDBParser(QUIET=True).get_structure('t', io.StringIO('\\n'.join(lines)))\n"
            "ShrakeRupley().compute(s[0], level='R')\n"
            "print([(r.get_resname(), round(r.sasa, 1)) for r in s.get_residues()])"
        ),
        tags=("structure", "sasa", "accessibility"),
    ),
    Recipe(
        title="Secondary structure and relative accessibility with DSSP",
        description=(
            "Assign secondary structure (helix H, strand E, coil) and relative solvent "
            "accessibility per residue by running the external DSSP program (mkdssp must be "
            "installed) through Bio.PDB.DSSP on a model; residue_max_acc holds the maximal "
            "accessibility tables used for RSA."
        ),
        apis=("Bio.PDB.DSSP.DSSP", "Bio.PDB.DSSP.make_dssp_dict", "Bio.PDB.SASA.ShrakeRupley"),
        code=(
            "import shutil\n"
            "from Bio.PDB.DSSP import residue_max_acc\n"
            "print('max ASA of ALA (Sander):', residue_max_acc['Sander']['ALA'])\n"
            "print('mkdssp available:', bool(shutil.which('mkdssp')))\n"
            "# with mkdssp: dssp = DSSP(structure[0], 'file.pdb'); dssp[('A', (' ', 10, ' '))][2]"
        ),
        tags=("structure", "secondary structure", "dssp"),
    ),
    Recipe(
        title="Save part of a structure (select chains, residues or atoms)",
        description=(
            "Write a subset of a structure to a new PDB file, e.g. one chain, only protein "
            "residues without waters/ligands, or only CA atoms, by passing a Select subclass "
            "to PDBIO.save."
        ),
        apis=("Bio.PDB.PDBIO.PDBIO.save", "Bio.PDB.PDBIO.Select", "Bio.PDB.PDBIO.PDBIO"),
        code=(
            "import io\n"
            "from Bio.PDB import PDBParser, PDBIO, Select\n" + _PDB_CA + "class FirstTwo(Select):\n"
            "    def accept_residue(self, res): return res.id[1] <= 2\n"
            "pdbio = PDBIO(); pdbio.set_structure(PDBParser(QUIET=True).get_structure('t', io.StringIO('\\n'.join(lines))))\n"
            "out = io.StringIO(); pdbio.save(out, FirstTwo()); print(out.getvalue())"
        ),
        tags=("structure", "pdb", "write"),
    ),
    # --- phylogenetics -----------------------------------------------------------------
    Recipe(
        title="Read a phylogenetic tree and print it as ASCII",
        description=(
            "Load a Newick, Nexus, PhyloXML or NeXML tree with Phylo.read and show it in the "
            "terminal with Phylo.draw_ascii (Phylo.draw plots it with matplotlib)."
        ),
        apis=("Bio.Phylo.read", "Bio.Phylo.draw_ascii", "Bio.Phylo.draw"),
        code=(
            "import io\n"
            "from Bio import Phylo\n"
            "tree = Phylo.read(io.StringIO('((A:0.1,B:0.2):0.3,(C:0.3,D:0.4):0.1);'), 'newick')\n"
            "Phylo.draw_ascii(tree)\n"
            "print([t.name for t in tree.get_terminals()])"
        ),
        tags=("phylogenetics", "tree", "newick"),
    ),
    Recipe(
        title="Most recent common ancestor and patristic distance in a tree",
        description=(
            "Query a phylogeny: the most recent common ancestor (MRCA) clade of some taxa, "
            "the branch-length (patristic) distance between two leaves, whether a group is "
            "monophyletic, and the total tree length."
        ),
        apis=(
            "Bio.Phylo.BaseTree.TreeMixin.common_ancestor",
            "Bio.Phylo.BaseTree.TreeMixin.distance",
            "Bio.Phylo.BaseTree.TreeMixin.is_monophyletic",
            "Bio.Phylo.BaseTree.TreeMixin.total_branch_length",
        ),
        code=(
            "import io\n"
            "from Bio import Phylo\n"
            "tree = Phylo.read(io.StringIO('((A:0.1,B:0.2):0.3,(C:0.3,D:0.4):0.1);'), 'newick')\n"
            "mrca = tree.common_ancestor('A', 'B')\n"
            "print([t.name for t in mrca.get_terminals()], round(tree.distance('A', 'C'), 3))\n"
            "cd = [tree.find_any(name=n) for n in ('C', 'D')]  # targets as clades, not names\n"
            "print(bool(tree.is_monophyletic(cd)), round(tree.total_branch_length(), 3))"
        ),
        tags=("phylogenetics", "mrca"),
    ),
    Recipe(
        title="Reroot, prune and ladderize a tree",
        description=(
            "Edit a phylogeny: root it on an outgroup or at the midpoint, remove (prune) a "
            "taxon, collapse short branches and ladderize (sort clades by size), then write "
            "it back out as Newick."
        ),
        apis=(
            "Bio.Phylo.BaseTree.Tree.root_with_outgroup",
            "Bio.Phylo.BaseTree.Tree.root_at_midpoint",
            "Bio.Phylo.BaseTree.TreeMixin.prune",
            "Bio.Phylo.BaseTree.TreeMixin.ladderize",
        ),
        code=(
            "import io\n"
            "from Bio import Phylo\n"
            "tree = Phylo.read(io.StringIO('((A:0.1,B:0.2):0.3,(C:0.3,D:0.4):0.1);'), 'newick')\n"
            "tree.root_with_outgroup('D'); tree.prune('B'); tree.ladderize()\n"
            "print(tree.format('newick').strip())\n"
            "tree.root_at_midpoint(); print(tree.rooted)"
        ),
        tags=("phylogenetics", "rooting"),
    ),
    Recipe(
        title="Build a neighbour-joining or UPGMA tree from an alignment",
        description=(
            "Construct a distance-based phylogenetic tree: compute a pairwise distance matrix "
            "from a multiple alignment with DistanceCalculator ('identity', 'blosum62', ...), "
            "then build a neighbor-joining (NJ) or UPGMA tree with DistanceTreeConstructor."
        ),
        apis=(
            "Bio.Phylo.TreeConstruction.DistanceCalculator",
            "Bio.Phylo.TreeConstruction.DistanceTreeConstructor",
            "Bio.Phylo.TreeConstruction.DistanceCalculator.get_distance",
            "Bio.Phylo.TreeConstruction.DistanceTreeConstructor.nj",
        ),
        code=(
            "import io\n"
            "from Bio import AlignIO, Phylo\n"
            "from Bio.Phylo.TreeConstruction import DistanceCalculator, DistanceTreeConstructor\n"
            "aln = AlignIO.read(io.StringIO('>A\\nACGTACGTAA\\n>B\\nACGTACGTTA\\n>C\\nACGAACTTTA\\n>D\\nTCGAACTTTC\\n'), 'fasta')\n"
            "dm = DistanceCalculator('identity').get_distance(aln); print(dm)\n"
            "Phylo.draw_ascii(DistanceTreeConstructor().nj(dm))\n"
            "print(DistanceTreeConstructor().upgma(dm).format('newick').strip())"
        ),
        tags=("phylogenetics", "neighbor joining", "upgma"),
    ),
    Recipe(
        title="Convert and write phylogenetic tree formats",
        description=(
            "Save a tree as Newick, Nexus, PhyloXML or NeXML with Phylo.write, or convert a tree "
            "file between formats in one call with Phylo.convert."
        ),
        apis=("Bio.Phylo.write", "Bio.Phylo.convert", "Bio.Phylo.parse"),
        code=(
            "import io\n"
            "from Bio import Phylo\n"
            "out = io.StringIO()\n"
            "Phylo.convert(io.StringIO('((A:0.1,B:0.2):0.3,C:0.5);'), 'newick', out, 'phyloxml')\n"
            "print(out.getvalue()[:160])"
        ),
        tags=("phylogenetics", "io"),
    ),
    # --- motifs ------------------------------------------------------------------------
    Recipe(
        title="Build a sequence motif: counts, consensus and position weight matrix",
        description=(
            "Create a DNA motif (e.g. transcription-factor binding sites) from aligned "
            "instances with motifs.create, then get its position frequency matrix (counts), "
            "consensus sequence, PWM (normalised with pseudocounts) and log-odds PSSM."
        ),
        apis=(
            "Bio.motifs.create",
            "Bio.motifs.Motif.pwm",
            "Bio.motifs.Motif.pssm",
            "Bio.motifs.Motif.consensus",
        ),
        code=(
            "from Bio import motifs\n"
            "from Bio.Seq import Seq\n"
            "m = motifs.create([Seq(s) for s in ['TACAA', 'TACGC', 'TACAC', 'TACCC', 'AACCC', 'AATGC']])\n"
            "print(m.counts); print(m.consensus, m.degenerate_consensus)\n"
            "pwm = m.counts.normalize(pseudocounts=0.5)\n"
            "print(pwm.log_odds().max)"
        ),
        tags=("motif", "pwm", "pssm"),
    ),
    Recipe(
        title="Scan a sequence for motif hits with a PSSM",
        description=(
            "Search a DNA sequence on both strands for putative binding sites by sliding a "
            "position-specific scoring matrix (log-odds PSSM) and reporting positions scoring "
            "above a threshold; negative positions are on the reverse strand."
        ),
        apis=("Bio.motifs.matrix.PositionSpecificScoringMatrix.search", "Bio.motifs.create"),
        code=(
            "from Bio import motifs\n"
            "from Bio.Seq import Seq\n"
            "m = motifs.create([Seq(s) for s in ['TACAA', 'TACGC', 'TACAC', 'TACCC', 'AACCC', 'AATGC']])\n"
            "pssm = m.counts.normalize(pseudocounts=0.5).log_odds()\n"
            "for pos, score in pssm.search(Seq('TTGCTACACTTGGGTGTAGCAA'), threshold=3.0):\n"
            "    print(pos, round(float(score), 2))"
        ),
        tags=("motif", "scanning"),
    ),
    # --- restriction enzymes -----------------------------------------------------------
    Recipe(
        title="Find restriction sites and digest with one enzyme",
        description=(
            "Locate the cut sites of a restriction endonuclease (EcoRI, BamHI, ...) in a DNA "
            "sequence with enzyme.search (1-based positions after the cut) and get the "
            "fragments of the digest with enzyme.catalyse; recognition site and overhang are "
            "enzyme attributes."
        ),
        apis=(
            "Bio.Restriction.Restriction.RestrictionType",
            "Bio.Restriction.Restriction.AbstractCut.search",
            "Bio.Restriction.Restriction.Ov5.catalyse",
        ),
        code=(
            "from Bio.Seq import Seq\n"
            "from Bio.Restriction import EcoRI\n"
            "seq = Seq('AAGAATTCTTTTGAATTCCC')\n"
            "print(EcoRI.site, EcoRI.ovhg, EcoRI.search(seq))\n"
            "print([str(f) for f in EcoRI.catalyse(seq)])"
        ),
        tags=("restriction", "digest", "cloning"),
    ),
    Recipe(
        title="Restriction map with a panel of enzymes",
        description=(
            "Screen a sequence against many restriction enzymes at once (a RestrictionBatch, or "
            "all commercially available ones) and summarise which cut, where, and which do not "
            "cut, with Analysis for a restriction map of a plasmid or linear DNA."
        ),
        apis=(
            "Bio.Restriction.Restriction.RestrictionBatch",
            "Bio.Restriction.Restriction.RestrictionBatch.search",
            "Bio.Restriction.Restriction.Analysis",
            "Bio.Restriction.Restriction.Analysis.full",
        ),
        code=(
            "from Bio.Seq import Seq\n"
            "from Bio.Restriction import RestrictionBatch, Analysis, CommOnly\n"
            "seq = Seq('GGATCCAAGAATTCTTAAGCTTGGATCC')\n"
            "rb = RestrictionBatch(['EcoRI', 'BamHI', 'HindIII', 'NotI'])\n"
            "print({str(e): s for e, s in rb.search(seq).items()})\n"
            "ana = Analysis(CommOnly, seq, linear=False)\n"
            "print(len(ana.with_sites()), sorted(str(e) for e in ana.with_N_sites(2)))"
        ),
        tags=("restriction", "map"),
    ),
    # --- features and records ----------------------------------------------------------
    Recipe(
        title="Extract a feature's sequence from its location",
        description=(
            "Cut the sequence of an annotated region (gene, CDS, exon) out of a parent sequence "
            "with SeqFeature.extract, which handles strand (reverse complement on the minus "
            "strand). Biopython locations are 0-based, half-open like Python slices; GenBank "
            "coordinates are 1-based, so start+1 gives the GenBank start."
        ),
        apis=(
            "Bio.SeqFeature.SeqFeature.extract",
            "Bio.SeqFeature.SimpleLocation",
            "Bio.SeqFeature.SeqFeature",
        ),
        code=(
            "from Bio.Seq import Seq\n"
            "from Bio.SeqFeature import SeqFeature, SimpleLocation\n"
            "parent = Seq('GGGATGAAATTTCCCTAGGG')\n"
            "fwd = SeqFeature(SimpleLocation(3, 18, strand=1), type='CDS')\n"
            "rev = SeqFeature(SimpleLocation(3, 18, strand=-1), type='CDS')\n"
            "print(fwd.extract(parent), rev.extract(parent), fwd.location.start + 1, len(fwd))"
        ),
        tags=("features", "coordinates"),
    ),
    Recipe(
        title="Joined locations for spliced genes (CompoundLocation)",
        description=(
            "Represent a multi-exon CDS or other split feature (GenBank join(...)) by adding "
            "SimpleLocations into a CompoundLocation, then extract the spliced sequence and "
            "translate it."
        ),
        apis=(
            "Bio.SeqFeature.CompoundLocation",
            "Bio.SeqFeature.SimpleLocation",
            "Bio.SeqFeature.SeqFeature.extract",
        ),
        code=(
            "from Bio.Seq import Seq\n"
            "from Bio.SeqFeature import SeqFeature, SimpleLocation\n"
            "genome = Seq('ATGAAAgtaagtttcagTTTTAA')\n"
            "loc = SimpleLocation(0, 6, 1) + SimpleLocation(17, 23, 1)  # exon1 + exon2\n"
            "cds = SeqFeature(loc, type='CDS')\n"
            "print(type(loc).__name__, loc, cds.extract(genome), cds.extract(genome).translate())"
        ),
        tags=("features", "splicing", "exons"),
    ),
)

SYNONYMS: dict[str, tuple[str, ...]] = {
    # sequence files and records
    "fasta file": ("seqio", "fasta", "parse"),
    "multi-fasta": ("seqio", "fasta", "parse"),
    "genbank file": ("seqio", "genbank"),
    "gbk": ("genbank",),
    "fastq": ("seqio", "fastq", "phred_quality"),
    "sequencing reads": ("fastq", "seqio"),
    "phred": ("phred_quality", "letter_annotations"),
    "quality scores": ("phred_quality", "letter_annotations"),
    "gene coordinates": ("simplelocation", "seqfeature"),
    "exons": ("compoundlocation",),
    "spliced": ("compoundlocation",),
    # sequence operations
    "reverse complement": ("reverse_complement",),
    "revcomp": ("reverse_complement",),
    "opposite strand": ("reverse_complement",),
    "antisense": ("reverse_complement",),
    "mrna": ("transcribe", "rna"),
    "transcription": ("transcribe",),
    "genetic code": ("codontable", "translate"),
    "codon table": ("codontable",),
    "mitochondrial code": ("codontable", "table"),
    "stop codon": ("to_stop", "translate"),
    "start codon": ("start_codons", "cds"),
    "reading frame": ("translate", "frame"),
    "reading frames": ("six_frame_translations", "translate"),
    "six-frame": ("six_frame_translations",),
    "orf": ("translate", "open reading frame"),
    "orfs": ("translate", "open reading frame"),
    "gc content": ("gc_fraction",),
    "gc%": ("gc_fraction",),
    "gc skew": ("gc_skew",),
    "iupac ambiguity": ("nt_search", "iupacdata"),
    "melting temperature": ("meltingtemp", "tm_nn"),
    "annealing temperature": ("meltingtemp", "tm_nn"),
    "oligo": ("meltingtemp",),
    "nearest neighbour thermodynamics": ("tm_nn",),
    "three-letter code": ("seq3",),
    "one-letter code": ("seq1",),
    "codon usage": ("codonadaptationindex",),
    "codon bias": ("codonadaptationindex",),
    "cai": ("codonadaptationindex",),
    # proteins
    "protparam": ("proteinanalysis",),
    "isoelectric point": ("isoelectric_point", "proteinanalysis"),
    "pi of a protein": ("isoelectric_point",),
    "net charge": ("charge_at_ph", "proteinanalysis"),
    "instability index": ("instability_index",),
    "gravy": ("gravy", "proteinanalysis"),
    "hydropathy": ("gravy", "protein_scale"),
    "hydrophobicity plot": ("protein_scale", "kd"),
    "kyte-doolittle": ("protein_scale", "kd"),
    "extinction coefficient": ("molar_extinction_coefficient",),
    "a280": ("molar_extinction_coefficient",),
    "amino acid composition": ("amino_acids_percent", "count_amino_acids"),
    "secondary structure fraction": ("secondary_structure_fraction",),
    # alignment
    "needleman-wunsch": ("pairwisealigner", "global"),
    "smith-waterman": ("pairwisealigner", "local"),
    "pairwise alignment": ("pairwisealigner",),
    "align two sequences": ("pairwisealigner",),
    "sequence alignment": ("pairwisealigner", "align"),
    "blosum": ("substitution_matrices",),
    "blosum62": ("substitution_matrices", "blosum62"),
    "scoring matrix": ("substitution_matrices",),
    "gap penalty": ("open_gap_score", "extend_gap_score"),
    "affine gap": ("open_gap_score", "extend_gap_score"),
    "percent identity": ("counts", "identities"),
    "sequence identity": ("counts", "identities"),
    "msa": ("alignio", "multipleseqalignment"),
    "multiple sequence alignment": ("alignio", "multipleseqalignment"),
    "clustal": ("alignio", "clustal"),
    "stockholm": ("alignio", "stockholm"),
    "phylip": ("alignio", "phylip"),
    "consensus sequence": ("consensus", "motifs"),
    # databases and blast
    "blast": ("qblast", "ncbixml", "blast"),
    "e-value": ("evalue", "blast"),
    "outfmt 6": ("searchio", "blast-tab"),
    "ncbi": ("entrez",),
    "pubmed": ("entrez", "esearch"),
    "e-utilities": ("entrez",),
    "uniprot": ("expasy", "swissprot"),
    "swiss-prot": ("swissprot", "expasy"),
    "kegg pathway": ("kegg", "rest"),
    # structures
    "protein structure": ("pdb", "structure"),
    "pdb file": ("pdbparser", "get_structure"),
    "mmcif": ("mmcifparser", "mmcifio"),
    "cif file": ("mmcifparser",),
    "superpose": ("superimposer",),
    "structural alignment": ("superimposer",),
    "binding site residues": ("neighborsearch",),
    "solvent accessibility": ("shrakerupley", "sasa", "dssp"),
    "solvent accessible surface": ("shrakerupley", "sasa"),
    "secondary structure": ("dssp",),
    "c-alpha": ("ca", "cappbuilder"),
    # phylogenetics and motifs
    "phylogenetic tree": ("phylo", "tree"),
    "phylogeny": ("phylo", "tree"),
    "dendrogram": ("phylo", "draw_ascii"),
    "newick": ("phylo", "newick"),
    "mrca": ("common_ancestor",),
    "last common ancestor": ("common_ancestor",),
    "patristic distance": ("distance", "phylo"),
    "outgroup": ("root_with_outgroup",),
    "reroot": ("root_with_outgroup", "root_at_midpoint"),
    "midpoint root": ("root_at_midpoint",),
    "neighbor joining": ("distancetreeconstructor", "nj"),
    "neighbour joining": ("distancetreeconstructor", "nj"),
    "upgma": ("distancetreeconstructor", "upgma"),
    "tfbs": ("motifs", "pssm"),
    "position weight matrix": ("pwm", "motifs"),
    "pwm": ("motifs", "pwm"),
    "pssm": ("motifs", "pssm"),
    "sequence logo": ("motifs", "weblogo"),
    "jaspar": ("motifs", "jaspar"),
    "restriction site": ("restriction", "search"),
    "restriction sites": ("restriction", "search"),
    "restriction enzyme": ("restriction", "restrictionbatch"),
    "restriction digest": ("restriction", "catalyse"),
    "restriction map": ("restriction", "analysis"),
    "endonuclease": ("restriction",),
}
