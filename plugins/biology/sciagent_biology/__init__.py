"""sciagent plugin for biology: Biopython."""

from pathlib import Path

from sciagent import Library, Plugin

from .examples import EXAMPLES
from .hints import ERROR_HINTS
from .keywords import KEYWORDS
from .normalisers import NORMALISERS
from .recipes import RECIPES, SYNONYMS
from .validators import VALIDATORS

plugin = Plugin(
    name="biology",
    domain="biology",
    description="Sequences, alignments, structures and trees with Biopython.",
    libraries=(
        Library(
            name="biopython",
            import_name="Bio",
            distribution="biopython",
            include=("Bio", "Bio.*"),
            # Bio.Restriction's ~1,100 generated enzyme classes are collapsed by the
            # walker (bulk-generated leaf classes); their bases keep the API.
            exclude=("*.test*", "Bio.Restriction.Restriction_Dictionary"),
        ),
    ),
    boosts={
        "Bio.Align.PairwiseAligner": 1.2,
        "Bio.SeqIO.parse": 1.2,
        "Bio.SeqIO.read": 1.1,
        "Bio.pairwise2.*": 0.7,  # deprecated in favour of Bio.Align.PairwiseAligner
    },
    preload=("Bio.Seq", "Bio.SeqIO", "Bio.Align", "Bio.SeqUtils"),
    recipes=RECIPES,
    synonyms=SYNONYMS,
    keywords=KEYWORDS,
    examples=EXAMPLES,
    validators=VALIDATORS,
    normalisers=NORMALISERS,
    error_hints=ERROR_HINTS,
    # names Biopython programs conventionally use without a second thought
    # vectors of this plugin's card texts, so a first index build need not embed them
    embedding_seeds=str(Path(__file__).parent / "embeddings"),
    imports={
        "Seq": "Bio.Seq.Seq",
        "SeqIO": "Bio.SeqIO",
        "SeqRecord": "Bio.SeqRecord.SeqRecord",
        "AlignIO": "Bio.AlignIO",
        "PairwiseAligner": "Bio.Align.PairwiseAligner",
        "gc_fraction": "Bio.SeqUtils.gc_fraction",
        "ProteinAnalysis": "Bio.SeqUtils.ProtParam.ProteinAnalysis",
    },
)
