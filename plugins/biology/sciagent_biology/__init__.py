"""sciagent plugin for biology: Biopython."""

from sciagent import Library, Plugin

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
            exclude=("*.test*", "Bio.Restriction.Restriction_Dictionary"),
            # ~1,100 restriction-enzyme classes would drown everything else; keep the machinery.
            exclude_names=("Bio.Restriction.Restriction.*",),
            include_names=(
                "Bio.Restriction.Restriction.RestrictionBatch*",
                "Bio.Restriction.Restriction.Analysis*",
                "Bio.Restriction.Restriction.RestrictionType*",
                "Bio.Restriction.Restriction.FormattedSeq*",
            ),
        ),
    ),
    boosts={
        "Bio.Align.PairwiseAligner": 1.2,
        "Bio.SeqIO.parse": 1.2,
        "Bio.SeqIO.read": 1.1,
        "Bio.pairwise2.*": 0.7,  # deprecated in favour of Bio.Align.PairwiseAligner
    },
    preload=("Bio.Seq", "Bio.SeqIO", "Bio.Align", "Bio.SeqUtils"),
)
