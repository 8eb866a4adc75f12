"""Run errors RDKit programs commonly hit, with their usual cause and fix."""

ERROR_HINTS: dict[str, str] = {
    r"did not match C\+\+ signature[\s\S]*NoneType|\(NoneType[,)]": (
        "An RDKit function received None: Chem.MolFromSmiles (like every MolFrom* reader) "
        "returns None when it cannot parse its input. Check that the string suits that "
        "reader (a peptide or protein sequence needs Chem.MolFromSequence, a SMARTS pattern "
        "Chem.MolFromSmarts) and test `if mol is None` before using the molecule."
    ),
    r"did not match C\+\+ signature": (
        "No C++ overload accepts these argument types: compare what you passed with the "
        "signatures listed under the error (a Mol where a Mol is expected, a fingerprint "
        "object where a fingerprint is expected, keyword names exactly as listed)."
    ),
    r"Pre-condition Violation[\s\S]*(getNumImplicitHs|getImplicitValence|calcImplicitValence)": (
        "The molecule was not sanitised (e.g. built with sanitize=False or edited as an "
        "RWMol): call Chem.SanitizeMol(mol) before computing properties."
    ),
    r"Bad Conformer Id|No conformations? (found|available)": (
        "The molecule has no 3D conformer: add hydrogens (Chem.AddHs) and embed one with "
        "AllChem.EmbedMolecule(mol, randomSeed=...) before 3D descriptors or alignment; "
        "check that embedding returned 0."
    ),
}
