"""Example requests for the biology plugin (Biopython), with their APIs and answers.

Used to measure retrieval (Recall@5 with and without the plugin's recipes and
boosts) and in the plugin's tests; the agent never sees them.  ``apis`` lists
every acceptable public path: the defining module's path and the public alias
a scientist would type.  Every example with an ``answer`` has a reference
program (``solution``, printing the answer on its last line);
``sciagent plugins check --deep biology`` runs them in the sandbox.
"""

from __future__ import annotations

from typing import Any

from sciagent import Example


def _ex(request: str, *apis: str, **fields: Any) -> Example:
    return Example(request, apis, **fields)


_TRANSLATE = ("Bio.Seq.Seq.translate", "Bio.Seq.translate")
_ALIGNER = ("Bio.Align.PairwiseAligner", "Bio.Align.PairwiseAligner.score")
_PROTPARAM = "Bio.SeqUtils.ProtParam.ProteinAnalysis"
_TREE = "Bio.Phylo.BaseTree.TreeMixin"

EXAMPLES: tuple[Example, ...] = (
    # --- sequences: composition, complement, translation -----------------------------
    _ex(
        "What fraction of the bases in ATGCGCGATTAAGGCC are G or C?",
        "Bio.SeqUtils.gc_fraction",
        answer=0.5625,
        tolerance=1e-6,
        solution="""
        from Bio.SeqUtils import gc_fraction
        print(gc_fraction("ATGCGCGATTAAGGCC"))
        """,
    ),
    _ex(
        "I need the reverse primer: give the reverse complement of GATTACAGGC",
        "Bio.Seq.Seq.reverse_complement",
        "Bio.Seq.reverse_complement",
        "Bio.SeqRecord.SeqRecord.reverse_complement",
        answer="GCCTGTAATC",
        solution="""
        from Bio.Seq import Seq
        print(Seq("GATTACAGGC").reverse_complement())
        """,
    ),
    _ex(
        "Translate the open reading frame ATGGCCATTGTAATGGGCCGCTGAAAGGGTGCCCGATAG into "
        "protein, stopping at the first stop codon",
        *_TRANSLATE,
        answer="MAIVMGR",
        solution="""
        from Bio.Seq import Seq
        print(Seq("ATGGCCATTGTAATGGGCCGCTGAAAGGGTGCCCGATAG").translate(to_stop=True))
        """,
    ),
    _ex(
        "Translate the mitochondrial fragment ATGTGAAGA with the vertebrate mitochondrial "
        "genetic code instead of the standard one",
        *_TRANSLATE,
        answer="MW*",
        solution="""
        from Bio.Seq import Seq
        print(Seq("ATGTGAAGA").translate(table=2))
        """,
    ),
    _ex(
        "Convert the three-letter peptide AlaGlyTrpLys to one-letter amino acid codes with seq1",
        "Bio.SeqUtils.seq1",
        "Bio.SeqUtils.seq3",
        answer="AGWK",
        solution="""
        from Bio.SeqUtils import seq1
        print(seq1("AlaGlyTrpLys"))
        """,
    ),
    # --- sequence files ------------------------------------------------------------
    _ex(
        "How long is the longest sequence in my multi-FASTA file?",
        "Bio.SeqIO.parse",
        "Bio.SeqIO.FastaIO.SimpleFastaParser",
        answer=12,
        tolerance=0.0,
        solution="""
        from io import StringIO
        from Bio import SeqIO
        fasta = StringIO(">a\\nACGT\\n>b\\nACGTACGTAC\\nGT\\n>c\\nAC\\n")
        records = list(SeqIO.parse(fasta, "fasta"))
        print(max(len(r) for r in records))
        """,
    ),
    _ex(
        "Load a GenBank file that holds exactly one record and look at its annotations "
        "and features",
        "Bio.SeqIO.read",
    ),
    _ex(
        "Turn a GenBank flat file into FASTA in a single call",
        "Bio.SeqIO.convert",
    ),
    _ex(
        "Save a list of edited sequence records to a new FASTA file",
        "Bio.SeqIO.write",
    ),
    _ex(
        "How do I use SeqIO.index to fetch records by ID from a multi-gigabyte FASTA "
        "without loading it all into memory?",
        "Bio.SeqIO.index",
        "Bio.SeqIO.index_db",
    ),
    _ex(
        "Mean Phred quality of the reads in a FASTQ file (Sanger encoding)",
        "Bio.SeqIO.parse",
        "Bio.SeqIO.QualityIO.FastqGeneralIterator",
        answer=30,
        tolerance=1e-9,
        solution="""
        from io import StringIO
        from statistics import mean
        from Bio import SeqIO
        fq = StringIO("@r1\\nACGT\\n+\\nIIII\\n@r2\\nACGT\\n+\\n5555\\n")
        quals = [q for r in SeqIO.parse(fq, "fastq") for q in r.letter_annotations["phred_quality"]]
        print(mean(quals))
        """,
    ),
    _ex(
        "Read a Clustal-format multiple sequence alignment and look at individual columns",
        "Bio.AlignIO.read",
        "Bio.Align.read",
    ),
    # --- pairwise alignment ------------------------------------------------------------
    _ex(
        "Global alignment score of GAACTGA versus GATTGA with match +2, mismatch -1, gap "
        "open -2 and gap extension -0.5",
        *_ALIGNER,
        "Bio.Align.PairwiseAligner.align",
        answer=7.0,
        tolerance=1e-9,
        solution="""
        from Bio import Align
        al = Align.PairwiseAligner(mode="global", match_score=2, mismatch_score=-1)
        al.open_gap_score = -2
        al.extend_gap_score = -0.5
        print(al.score("GAACTGA", "GATTGA"))
        """,
    ),
    _ex(
        "Use PairwiseAligner for a local (Smith-Waterman) alignment of the proteins "
        "HEAGAWGHEE and PAWHEAE with BLOSUM62, gap open -10, extend -0.5: what is the "
        "best score?",
        *_ALIGNER,
        "Bio.Align.substitution_matrices.load",
        answer=18.0,
        tolerance=1e-9,
        solution="""
        from Bio import Align
        from Bio.Align import substitution_matrices
        al = Align.PairwiseAligner(mode="local")
        al.substitution_matrix = substitution_matrices.load("BLOSUM62")
        al.open_gap_score = -10
        al.extend_gap_score = -0.5
        print(al.score("HEAGAWGHEE", "PAWHEAE"))
        """,
    ),
    _ex(
        "What score does the PAM250 matrix give a tryptophan aligned with a tryptophan?",
        "Bio.Align.substitution_matrices.load",
        answer=17,
        tolerance=0.0,
        solution="""
        from Bio.Align import substitution_matrices
        print(substitution_matrices.load("PAM250")["W", "W"])
        """,
    ),
    # --- proteins ------------------------------------------------------------------
    _ex(
        "Average molecular mass in daltons of the peptide MAEGEITTFTALTEKFNLPPGNYKKPKLLYCSNG",
        f"{_PROTPARAM}.molecular_weight",
        _PROTPARAM,
        "Bio.SeqUtils.molecular_weight",
        answer=3777.32,
        tolerance=1e-4,
        solution="""
        from Bio.SeqUtils.ProtParam import ProteinAnalysis
        print(round(ProteinAnalysis("MAEGEITTFTALTEKFNLPPGNYKKPKLLYCSNG").molecular_weight(), 2))
        """,
    ),
    _ex(
        "At what pH does the peptide MAEGEITTFTALTEKFNLPPGNYKKPKLLYCSNG carry no net charge?",
        f"{_PROTPARAM}.isoelectric_point",
        _PROTPARAM,
        "Bio.SeqUtils.IsoelectricPoint.IsoelectricPoint",
        "Bio.SeqUtils.IsoelectricPoint.IsoelectricPoint.pi",
        answer=7.884,
        tolerance=2e-3,
        solution="""
        from Bio.SeqUtils.ProtParam import ProteinAnalysis
        print(round(ProteinAnalysis("MAEGEITTFTALTEKFNLPPGNYKKPKLLYCSNG").isoelectric_point(), 3))
        """,
    ),
    _ex(
        "Is this peptide hydrophobic overall? Kyte-Doolittle grand average of hydropathy "
        "of MAEGEITTFTALTEKFNLPPGNYKKPKLLYCSNG",
        f"{_PROTPARAM}.gravy",
        _PROTPARAM,
        answer=-0.4559,
        tolerance=1e-3,
        solution="""
        from Bio.SeqUtils.ProtParam import ProteinAnalysis
        print(round(ProteinAnalysis("MAEGEITTFTALTEKFNLPPGNYKKPKLLYCSNG").gravy(), 4))
        """,
    ),
    # --- structures ----------------------------------------------------------------
    _ex(
        "Load a PDB file and iterate over its chains, residues and atoms",
        "Bio.PDB.PDBParser.PDBParser",
        "Bio.PDB.PDBParser.PDBParser.get_structure",
    ),
    _ex(
        "Is MMCIFParser the right class to read a large cryo-EM structure distributed only "
        "as an mmCIF file?",
        "Bio.PDB.MMCIFParser.MMCIFParser",
    ),
    _ex(
        "Optimal rigid-body superposition of two sets of four atoms: what is the RMSD "
        "after fitting?",
        "Bio.PDB.Superimposer.Superimposer",
        "Bio.PDB.Superimposer.Superimposer.set_atoms",
        "Bio.SVDSuperimposer.SVDSuperimposer",
        answer=0.0548,
        tolerance=5e-3,
        solution="""
        import numpy as np
        from Bio.PDB.Atom import Atom
        from Bio.PDB.Superimposer import Superimposer
        def atoms(xyz):
            return [Atom(f"A{i}", np.array(c, "f"), 0, 1, " ", f"A{i}", i, "C") for i, c in enumerate(xyz)]
        fixed = atoms([(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)])
        moving = atoms([(0, 0, 0), (1.1, 0, 0), (0, 0.9, 0), (0, 0, 1)])
        sup = Superimposer()
        sup.set_atoms(fixed, moving)
        print(round(sup.rms, 4))
        """,
    ),
    _ex(
        "Find every atom within 2.5 Å of a ligand atom at the origin with NeighborSearch",
        "Bio.PDB.NeighborSearch.NeighborSearch",
        "Bio.PDB.NeighborSearch.NeighborSearch.search",
        answer=2,
        tolerance=0.0,
        solution="""
        import numpy as np
        from Bio.PDB.Atom import Atom
        from Bio.PDB.NeighborSearch import NeighborSearch
        xyz = [(1, 0, 0), (0, 2, 0), (3, 0, 0), (0, 0, 4)]
        atoms = [Atom(f"A{i}", np.array(c, "f"), 0, 1, " ", f"A{i}", i, "C") for i, c in enumerate(xyz)]
        print(len(NeighborSearch(atoms).search(np.array([0, 0, 0], "f"), 2.5)))
        """,
    ),
    _ex(
        "Write only chain A of a protein structure to a new PDB file",
        "Bio.PDB.PDBIO.PDBIO",
        "Bio.PDB.PDBIO.Select",
    ),
    _ex(
        "Backbone phi and psi angles of every residue, for a Ramachandran plot",
        "Bio.PDB.Polypeptide.PPBuilder",
        "Bio.PDB.Polypeptide.Polypeptide.get_phi_psi_list",
    ),
    _ex(
        "Torsion angle in degrees defined by four points (1,0,0), (0,0,0), (0,0,1) and (0,1,1)",
        "Bio.PDB.vectors.calc_dihedral",
        "Bio.PDB.vectors.Vector",
        answer=90.0,
        tolerance=1e-6,
        solution="""
        import math
        from Bio.PDB.vectors import Vector, calc_dihedral
        pts = [Vector(1, 0, 0), Vector(0, 0, 0), Vector(0, 0, 1), Vector(0, 1, 1)]
        print(round(math.degrees(calc_dihedral(*pts)), 6))
        """,
    ),
    _ex(
        "Solvent-accessible surface area of each residue, computed in Python without "
        "installing DSSP",
        "Bio.PDB.SASA.ShrakeRupley",
    ),
    # --- phylogenetics ---------------------------------------------------------------
    _ex(
        "Show a Newick tree as a text diagram in the terminal with Phylo.draw_ascii",
        "Bio.Phylo.draw_ascii",
        "Bio.Phylo.read",
    ),
    _ex(
        "Patristic distance between taxa A and C in the tree ((A:0.1,B:0.2):0.3,C:0.4);",
        "Bio.Phylo.read",
        f"{_TREE}.distance",
        answer=0.8,
        tolerance=1e-9,
        solution="""
        from io import StringIO
        from Bio import Phylo
        tree = Phylo.read(StringIO("((A:0.1,B:0.2):0.3,C:0.4);"), "newick")
        print(round(tree.distance("A", "C"), 9))
        """,
    ),
    _ex(
        "How many leaves does the tree (((A,B),(C,D)),(E,(F,G))); have?",
        f"{_TREE}.count_terminals",
        f"{_TREE}.get_terminals",
        "Bio.Phylo.read",
        answer=7,
        tolerance=0.0,
        solution="""
        from io import StringIO
        from Bio import Phylo
        print(Phylo.read(StringIO("(((A,B),(C,D)),(E,(F,G)));"), "newick").count_terminals())
        """,
    ),
    _ex(
        "Build a neighbour-joining tree from a multiple sequence alignment using "
        "identity distances",
        "Bio.Phylo.TreeConstruction.DistanceCalculator",
        "Bio.Phylo.TreeConstruction.DistanceTreeConstructor",
        "Bio.Phylo.TreeConstruction.DistanceTreeConstructor.nj",
    ),
    # --- motifs -------------------------------------------------------------------------
    _ex(
        "Consensus of the aligned transcription-factor binding sites TACAA, TACGC, TACAC, "
        "TACCC, AACCC, AATGC, AATGC",
        "Bio.motifs.create",
        "Bio.motifs.Motif.consensus",
        answer="TACGC",
        solution="""
        from Bio import motifs
        from Bio.Seq import Seq
        sites = "TACAA TACGC TACAC TACCC AACCC AATGC AATGC".split()
        print(motifs.create([Seq(s) for s in sites]).consensus)
        """,
    ),
    _ex(
        "Load a position frequency matrix downloaded from JASPAR",
        "Bio.motifs.read",
        "Bio.motifs.parse",
    ),
    _ex(
        "Scan a promoter sequence for binding-site hits of a log-odds scoring matrix "
        "above a score threshold",
        "Bio.motifs.matrix.PositionSpecificScoringMatrix.search",
        "Bio.motifs.Motif.pssm",
    ),
    # --- restriction enzymes --------------------------------------------------------
    _ex(
        "Where does EcoRI cut GGGAATTCCCGAATTCAA? Give the cut positions",
        "Bio.Restriction.Restriction.AbstractCut.search",
        "Bio.Restriction.Restriction.RestrictionBatch.search",
        answer="[4, 12]",
        solution="""
        from Bio.Restriction import EcoRI
        from Bio.Seq import Seq
        print(EcoRI.search(Seq("GGGAATTCCCGAATTCAA")))
        """,
    ),
    _ex(
        "Which commercially available restriction enzymes cut my plasmid exactly once?",
        "Bio.Restriction.Restriction.Analysis",
        "Bio.Restriction.Analysis",
        "Bio.Restriction.Restriction.Analysis.with_N_sites",
        "Bio.Restriction.CommOnly",
    ),
    # --- NCBI Entrez ---------------------------------------------------------------
    _ex(
        "Search PubMed with Entrez.esearch for papers on CRISPR in zebrafish and get their PMIDs",
        "Bio.Entrez.esearch",
        "Bio.Entrez.read",
    ),
    _ex(
        "Download the GenBank record for accession NM_000546 from the NCBI nucleotide database",
        "Bio.Entrez.efetch",
    ),
    # --- primers and features ---------------------------------------------------------
    _ex(
        "Melting temperature of the primer AGCGTACGTTAGCATGCA by nearest-neighbour "
        "thermodynamics with default salt and primer concentrations",
        "Bio.SeqUtils.MeltingTemp.Tm_NN",
        answer=51.48,
        tolerance=2e-3,
        solution="""
        from Bio.SeqUtils import MeltingTemp as mt
        print(round(mt.Tm_NN("AGCGTACGTTAGCATGCA"), 2))
        """,
    ),
    _ex(
        "Quick Tm estimate for a short oligo by the 2+4 rule (Wallace): AGCGTACGTTAGCATGCA",
        "Bio.SeqUtils.MeltingTemp.Tm_Wallace",
        answer=54.0,
        tolerance=1e-9,
        solution="""
        from Bio.SeqUtils import MeltingTemp as mt
        print(mt.Tm_Wallace("AGCGTACGTTAGCATGCA"))
        """,
    ),
    _ex(
        "A gene annotated at complement(join(1..4,9..12)) in the sequence "
        "AAAACCCCGGGGTTTT: what is its spliced coding sequence?",
        "Bio.SeqFeature.SeqFeature.extract",
        "Bio.SeqFeature.CompoundLocation",
        "Bio.SeqFeature.SimpleLocation",
        "Bio.SeqFeature.Location.fromstring",
        answer="CCCCTTTT",
        solution="""
        from Bio.Seq import Seq
        from Bio.SeqFeature import Location, SeqFeature
        feature = SeqFeature(Location.fromstring("complement(join(1..4,9..12))"))
        print(feature.extract(Seq("AAAACCCCGGGGTTTT")))
        """,
    ),
)
