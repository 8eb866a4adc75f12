"""Example requests for the chemistry plugin (RDKit), with their APIs and answers.

Used to measure retrieval (Recall@5 with and without the plugin's recipes and
boosts) and in the plugin's tests; the agent never sees them.  ``apis`` lists
every acceptable public path: the defining module's path and the public alias
a scientist would type.  Every example with an ``answer`` has a reference
program (``solution``, printing the answer on its last line);
``sciagent plugins check --deep chemistry`` runs them in the sandbox.
"""

from __future__ import annotations

from typing import Any

from sciagent import Example


def _ex(request: str, *apis: str, **fields: Any) -> Example:
    return Example(request, apis, **fields)


_MOLWT = ("rdkit.Chem.Descriptors.MolWt",)
_LOGP = (
    "rdkit.Chem.Crippen.MolLogP",
    "rdkit.Chem.Descriptors.MolLogP",
    "rdkit.Chem.rdMolDescriptors.CalcCrippenDescriptors",
)
_TPSA = ("rdkit.Chem.rdMolDescriptors.CalcTPSA", "rdkit.Chem.Descriptors.TPSA")
_HBD = (
    "rdkit.Chem.Descriptors.NumHDonors",
    "rdkit.Chem.Lipinski.NumHDonors",
    "rdkit.Chem.rdMolDescriptors.CalcNumHBD",
    "rdkit.Chem.rdMolDescriptors.CalcNumLipinskiHBD",
)
_ROTB = (
    "rdkit.Chem.rdMolDescriptors.CalcNumRotatableBonds",
    "rdkit.Chem.Descriptors.NumRotatableBonds",
    "rdkit.Chem.Lipinski.NumRotatableBonds",
)
_SMILES_OUT = (
    "rdkit.Chem.rdmolfiles.MolToSmiles",
    "rdkit.Chem.MolToSmiles",
    "rdkit.Chem.CanonSmiles",
)
_MORGAN = ("rdkit.Chem.rdFingerprintGenerator.GetMorganGenerator",)
_TANIMOTO = (
    "rdkit.DataStructs.cDataStructs.TanimotoSimilarity",
    "rdkit.DataStructs.TanimotoSimilarity",
)
_SMARTS = ("rdkit.Chem.rdmolfiles.MolFromSmarts", "rdkit.Chem.MolFromSmarts")
_EMBED = (
    "rdkit.Chem.rdDistGeom.EmbedMolecule",
    "rdkit.Chem.AllChem.EmbedMolecule",
    "rdkit.Chem.rdDistGeom.ETKDGv3",
    "rdkit.Chem.AllChem.ETKDGv3",
)
_STD = "rdkit.Chem.MolStandardize.rdMolStandardize"

EXAMPLES: tuple[Example, ...] = (
    # --- descriptors -------------------------------------------------------------
    _ex(
        "What is the molecular weight of aspirin, CC(=O)Oc1ccccc1C(=O)O, in g/mol?",
        *_MOLWT,
        answer=180.159,
        tolerance=1e-4,
        solution="""
        from rdkit import Chem
        from rdkit.Chem import Descriptors
        print(round(Descriptors.MolWt(Chem.MolFromSmiles("CC(=O)Oc1ccccc1C(=O)O")), 3))
        """,
    ),
    _ex(
        "How lipophilic is ibuprofen? Estimate the octanol/water partition coefficient "
        "for CC(C)Cc1ccc(cc1)C(C)C(=O)O",
        *_LOGP,
        answer=3.0732,
        tolerance=1e-3,
        solution="""
        from rdkit import Chem
        from rdkit.Chem import Crippen
        print(round(Crippen.MolLogP(Chem.MolFromSmiles("CC(C)Cc1ccc(cc1)C(C)C(=O)O")), 4))
        """,
    ),
    _ex(
        "Topological polar surface area of paracetamol (CC(=O)Nc1ccc(O)cc1), to judge "
        "whether it crosses the blood-brain barrier",
        *_TPSA,
        answer=49.33,
        tolerance=1e-3,
        solution="""
        from rdkit import Chem
        from rdkit.Chem import rdMolDescriptors
        print(round(rdMolDescriptors.CalcTPSA(Chem.MolFromSmiles("CC(=O)Nc1ccc(O)cc1")), 2))
        """,
    ),
    _ex(
        "Rule-of-five check: how many hydrogen-bond donors does salbutamol, "
        "CC(C)(C)NCC(O)c1ccc(O)c(CO)c1, have?",
        *_HBD,
        answer=4,
        tolerance=0.0,
        solution="""
        from rdkit import Chem
        from rdkit.Chem import Lipinski
        print(Lipinski.NumHDonors(Chem.MolFromSmiles("CC(C)(C)NCC(O)c1ccc(O)c(CO)c1")))
        """,
    ),
    _ex(
        "Count the freely rotatable single bonds of ibuprofen as a flexibility measure",
        *_ROTB,
        answer=4,
        tolerance=0.0,
        solution="""
        from rdkit import Chem
        from rdkit.Chem import Descriptors
        m = Chem.MolFromSmiles("CC(C)Cc1ccc(cc1)C(C)C(=O)O")
        print(Descriptors.NumRotatableBonds(m))
        """,
    ),
    _ex(
        "Give me the quantitative estimate of drug-likeness (0 to 1) for aspirin",
        "rdkit.Chem.QED.qed",
        "rdkit.Chem.Descriptors.qed",
        "rdkit.Chem.QED.default",
        answer=0.5501,
        tolerance=1e-3,
        solution="""
        from rdkit import Chem
        from rdkit.Chem import QED
        print(round(QED.qed(Chem.MolFromSmiles("CC(=O)Oc1ccccc1C(=O)O")), 4))
        """,
    ),
    _ex(
        "Hill-notation molecular formula of aspirin from its SMILES",
        "rdkit.Chem.rdMolDescriptors.CalcMolFormula",
        answer="C9H8O4",
        solution="""
        from rdkit import Chem
        from rdkit.Chem import rdMolDescriptors
        print(rdMolDescriptors.CalcMolFormula(Chem.MolFromSmiles("CC(=O)Oc1ccccc1C(=O)O")))
        """,
    ),
    _ex(
        "Compute every available 2D descriptor for each compound as a dict, to build a "
        "QSAR feature table",
        "rdkit.Chem.Descriptors.CalcMolDescriptors",
    ),
    # --- parsing, canonical forms, identifiers -----------------------------------
    _ex(
        "Two colleagues wrote benzoic acid as OC(=O)c1ccccc1 and c1ccc(cc1)C(O)=O; what "
        "single canonical SMILES should I store to deduplicate them?",
        *_SMILES_OUT,
        "rdkit.Chem.rdmolfiles.MolFromSmiles",
        "rdkit.Chem.MolFromSmiles",
        answer="O=C(O)c1ccccc1",
        solution="""
        from rdkit import Chem
        a = Chem.MolToSmiles(Chem.MolFromSmiles("OC(=O)c1ccccc1"))
        b = Chem.MolToSmiles(Chem.MolFromSmiles("c1ccc(cc1)C(O)=O"))
        assert a == b
        print(a)
        """,
    ),
    _ex(
        "Generate the standard InChIKey for caffeine, Cn1cnc2c1c(=O)n(C)c(=O)n2C, to look "
        "it up in PubChem",
        "rdkit.Chem.inchi.MolToInchiKey",
        "rdkit.Chem.MolToInchiKey",
        answer="RYYVLZVUVIJVGH-UHFFFAOYSA-N",
        solution="""
        from rdkit import Chem
        print(Chem.MolToInchiKey(Chem.MolFromSmiles("Cn1cnc2c1c(=O)n(C)c(=O)n2C")))
        """,
    ),
    _ex(
        "I have the identifier InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3 from a paper; turn it "
        "back into a SMILES string",
        "rdkit.Chem.inchi.MolFromInchi",
        "rdkit.Chem.MolFromInchi",
        *_SMILES_OUT,
        answer="CCO",
        solution="""
        from rdkit import Chem
        print(Chem.MolToSmiles(Chem.MolFromInchi("InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3")))
        """,
    ),
    # --- fingerprints and similarity ---------------------------------------------
    _ex(
        "Tanimoto similarity of aspirin and salicylic acid (OC(=O)c1ccccc1O) using "
        "Morgan fingerprints, radius 2, 2048 bits",
        *_MORGAN,
        *_TANIMOTO,
        answer=0.4483,
        tolerance=1e-3,
        solution="""
        from rdkit import Chem, DataStructs
        from rdkit.Chem import rdFingerprintGenerator
        gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
        a = gen.GetFingerprint(Chem.MolFromSmiles("CC(=O)Oc1ccccc1C(=O)O"))
        b = gen.GetFingerprint(Chem.MolFromSmiles("OC(=O)c1ccccc1O"))
        print(round(DataStructs.TanimotoSimilarity(a, b), 4))
        """,
    ),
    _ex(
        "With GetMorganGenerator, how do I featurise SMILES as ECFP4-style count vectors "
        "in numpy arrays to train a random forest?",
        *_MORGAN,
        "rdkit.Chem.rdFingerprintGenerator.FingerprintGenerator64.GetCountFingerprintAsNumPy",
    ),
    _ex(
        "Encode molecules with atom-pair fingerprints, which capture the topological "
        "distance between every pair of atoms",
        "rdkit.Chem.rdFingerprintGenerator.GetAtomPairGenerator",
    ),
    _ex(
        "How many of the 166 MACCS structural keys are switched on for aspirin?",
        "rdkit.Chem.MACCSkeys.GenMACCSKeys",
        "rdkit.Chem.rdMolDescriptors.GetMACCSKeysFingerprint",
        answer=21,
        tolerance=0.0,
        solution="""
        from rdkit import Chem
        from rdkit.Chem import MACCSkeys
        print(MACCSkeys.GenMACCSKeys(Chem.MolFromSmiles("CC(=O)Oc1ccccc1C(=O)O")).GetNumOnBits())
        """,
    ),
    _ex(
        "Virtual screening: does BulkTanimotoSimilarity score one query fingerprint against "
        "a whole library in one call, instead of a Python loop?",
        "rdkit.DataStructs.cDataStructs.BulkTanimotoSimilarity",
        "rdkit.DataStructs.BulkTanimotoSimilarity",
    ),
    _ex(
        "Cluster a thousand compounds with Butina.ClusterData at a 0.4 fingerprint distance cutoff",
        "rdkit.ML.Cluster.Butina.ClusterData",
    ),
    # --- substructure, SMARTS, MCS -------------------------------------------------
    _ex(
        "How many carboxylic acid groups does citric acid, OC(=O)CC(O)(C(=O)O)CC(=O)O, "
        "contain? Match them with a SMARTS pattern",
        *_SMARTS,
        "rdkit.Chem.rdchem.Mol.GetSubstructMatches",
        "rdkit.Chem.Mol.GetSubstructMatches",
        answer=3,
        tolerance=0.0,
        solution="""
        from rdkit import Chem
        m = Chem.MolFromSmiles("OC(=O)CC(O)(C(=O)O)CC(=O)O")
        print(len(m.GetSubstructMatches(Chem.MolFromSmarts("[CX3](=O)[OX2H1]"))))
        """,
    ),
    _ex(
        "Run rdFMCS.FindMCS on aspirin and salicylic acid: how many atoms does their "
        "maximum common substructure have?",
        "rdkit.Chem.rdFMCS.FindMCS",
        answer=10,
        tolerance=0.0,
        solution="""
        from rdkit import Chem
        from rdkit.Chem import rdFMCS
        mols = [Chem.MolFromSmiles(s) for s in ("CC(=O)Oc1ccccc1C(=O)O", "OC(=O)c1ccccc1O")]
        print(rdFMCS.FindMCS(mols).numAtoms)
        """,
    ),
    _ex(
        "Flag pan-assay interference compounds (PAINS) among my screening hits",
        "rdkit.Chem.rdfiltercatalog.FilterCatalog",
        "rdkit.Chem.FilterCatalog.FilterCatalog",
        "rdkit.Chem.rdfiltercatalog.FilterCatalogParams",
        "rdkit.Chem.FilterCatalog.FilterCatalogParams",
    ),
    # --- reactions ----------------------------------------------------------------
    _ex(
        "Apply an amide-coupling transformation written as reaction SMARTS, "
        "[C:1](=O)[OH].[N:2]>>[C:1](=O)[N:2], to acetic acid and methylamine; what is "
        "the product SMILES?",
        "rdkit.Chem.rdChemReactions.ReactionFromSmarts",
        "rdkit.Chem.AllChem.ReactionFromSmarts",
        "rdkit.Chem.rdChemReactions.ChemicalReaction.RunReactants",
        answer="CNC(C)=O",
        solution="""
        from rdkit import Chem
        from rdkit.Chem import AllChem
        rxn = AllChem.ReactionFromSmarts("[C:1](=O)[OH].[N:2]>>[C:1](=O)[N:2]")
        prods = rxn.RunReactants((Chem.MolFromSmiles("CC(=O)O"), Chem.MolFromSmiles("CN")))
        p = prods[0][0]
        Chem.SanitizeMol(p)
        print(Chem.MolToSmiles(p))
        """,
    ),
    _ex(
        "Break my molecules into retrosynthetically sensible building blocks for "
        "fragment-based design",
        "rdkit.Chem.BRICS.BRICSDecompose",
        "rdkit.Chem.Recap.RecapDecompose",
    ),
    # --- 3D: conformers, force fields, alignment -----------------------------------
    _ex(
        "Generate a 3D structure from a SMILES with the ETKDG method and a fixed random seed",
        *_EMBED,
    ),
    _ex(
        "Build an ensemble of 50 low-energy conformers for a flexible ligand",
        "rdkit.Chem.rdDistGeom.EmbedMultipleConfs",
        "rdkit.Chem.AllChem.EmbedMultipleConfs",
        "rdkit.Chem.rdForceFieldHelpers.MMFFOptimizeMoleculeConfs",
        "rdkit.Chem.AllChem.MMFFOptimizeMoleculeConfs",
    ),
    _ex(
        "Energy-minimise the geometry of a ligand with the MMFF94 force field",
        "rdkit.Chem.rdForceFieldHelpers.MMFFOptimizeMolecule",
        "rdkit.Chem.AllChem.MMFFOptimizeMolecule",
        "rdkit.Chem.rdForceFieldHelpers.MMFFGetMoleculeForceField",
    ),
    _ex(
        "Use UFFOptimizeMolecule to relax a structure that contains a metal atom",
        "rdkit.Chem.rdForceFieldHelpers.UFFOptimizeMolecule",
        "rdkit.Chem.AllChem.UFFOptimizeMolecule",
    ),
    _ex(
        "Superimpose two poses of the same ligand and report the RMSD, allowing "
        "symmetry-equivalent atom mappings",
        "rdkit.Chem.rdMolAlign.GetBestRMS",
        "rdkit.Chem.rdMolAlign.AlignMol",
        "rdkit.Chem.AllChem.AlignMol",
    ),
    # --- standardisation -----------------------------------------------------------
    _ex(
        "Strip the counter-ion from the hydrochloride salt NCc1ccccc1.Cl and keep only "
        "the parent compound",
        f"{_STD}.LargestFragmentChooser",
        f"{_STD}.FragmentParent",
        "rdkit.Chem.SaltRemover.SaltRemover",
        answer="NCc1ccccc1",
        solution="""
        from rdkit import Chem
        from rdkit.Chem.MolStandardize import rdMolStandardize
        m = rdMolStandardize.LargestFragmentChooser().choose(Chem.MolFromSmiles("NCc1ccccc1.Cl"))
        print(Chem.MolToSmiles(m))
        """,
    ),
    _ex(
        "Neutralise the carboxylate CC(=O)[O-] to the neutral acid form before computing "
        "descriptors",
        f"{_STD}.Uncharger",
        f"{_STD}.Uncharger.uncharge",
        f"{_STD}.ChargeParent",
        answer="CC(=O)O",
        solution="""
        from rdkit import Chem
        from rdkit.Chem.MolStandardize import rdMolStandardize
        m = rdMolStandardize.Uncharger().uncharge(Chem.MolFromSmiles("CC(=O)[O-]"))
        print(Chem.MolToSmiles(m))
        """,
    ),
    _ex(
        "Which tautomer of 2-hydroxypyridine (Oc1ccccn1) should I register? I want one "
        "canonical tautomer per compound",
        f"{_STD}.TautomerEnumerator",
        f"{_STD}.TautomerEnumerator.Canonicalize",
        f"{_STD}.CanonicalTautomer",
        answer="O=c1cccc[nH]1",
        solution="""
        from rdkit import Chem
        from rdkit.Chem.MolStandardize import rdMolStandardize
        m = rdMolStandardize.TautomerEnumerator().Canonicalize(Chem.MolFromSmiles("Oc1ccccn1"))
        print(Chem.MolToSmiles(m))
        """,
    ),
    _ex(
        "Clean up a structure before registration: my nitromethane is drawn as "
        "CN(=O)=O with a pentavalent nitrogen; normalise it to the charge-separated form",
        f"{_STD}.StandardizeSmiles",
        f"{_STD}.Cleanup",
        f"{_STD}.Normalize",
        answer="C[N+](=O)[O-]",
        solution="""
        from rdkit.Chem.MolStandardize import rdMolStandardize
        print(rdMolStandardize.StandardizeSmiles("CN(=O)=O"))
        """,
    ),
    # --- scaffolds ------------------------------------------------------------------
    _ex(
        "Reduce CC(=O)Nc1ccc(OCc2ccccc2)cc1 to its ring-system framework with linkers "
        "(Bemis-Murcko) for a scaffold split",
        "rdkit.Chem.Scaffolds.MurckoScaffold.GetScaffoldForMol",
        "rdkit.Chem.Scaffolds.MurckoScaffold.MurckoScaffoldSmiles",
        "rdkit.Chem.Scaffolds.MurckoScaffold.MakeScaffoldGeneric",
        answer="c1ccc(COc2ccccc2)cc1",
        solution="""
        from rdkit import Chem
        from rdkit.Chem.Scaffolds import MurckoScaffold
        core = MurckoScaffold.GetScaffoldForMol(Chem.MolFromSmiles("CC(=O)Nc1ccc(OCc2ccccc2)cc1"))
        print(Chem.MolToSmiles(core))
        """,
    ),
    # --- drawing --------------------------------------------------------------------
    _ex(
        "Use MolsToGridImage to make one PNG of my 12 top hits, with their compound IDs "
        "as captions",
        "rdkit.Chem.Draw.MolsToGridImage",
    ),
    _ex(
        "Render a molecule as an SVG vector image for a publication figure",
        "rdkit.Chem.Draw.rdMolDraw2D.MolDraw2DSVG",
        "rdkit.Chem.Draw.MolDraw2DSVG",
    ),
    # --- stereochemistry -------------------------------------------------------------
    _ex(
        "Is the alanine written N[C@@H](C)C(=O)O the R or the S enantiomer?",
        "rdkit.Chem.FindMolChiralCenters",
        "rdkit.Chem.rdmolops.AssignStereochemistry",
        "rdkit.Chem.AssignStereochemistry",
        "rdkit.Chem.rdCIPLabeler.AssignCIPLabels",
        answer="S",
        solution="""
        from rdkit import Chem
        print(Chem.FindMolChiralCenters(Chem.MolFromSmiles("N[C@@H](C)C(=O)O"))[0][1])
        """,
    ),
    _ex(
        "CC(O)C(N)C has two undefined stereocentres: list all its stereoisomers. How many "
        "are there?",
        "rdkit.Chem.EnumerateStereoisomers.EnumerateStereoisomers",
        "rdkit.Chem.EnumerateStereoisomers.StereoEnumerationOptions",
        answer=4,
        tolerance=0.0,
        solution="""
        from rdkit import Chem
        from rdkit.Chem.EnumerateStereoisomers import EnumerateStereoisomers
        print(len(list(EnumerateStereoisomers(Chem.MolFromSmiles("CC(O)C(N)C")))))
        """,
    ),
    # --- file I/O ------------------------------------------------------------------
    _ex(
        "How do I read an SD file with SDMolSupplier and get the IC50 data field of each record?",
        "rdkit.Chem.rdmolfiles.SDMolSupplier",
        "rdkit.Chem.SDMolSupplier",
        "rdkit.Chem.rdmolfiles.ForwardSDMolSupplier",
        "rdkit.Chem.ForwardSDMolSupplier",
    ),
    _ex(
        "Save my docked poses, with their docking scores as properties, to a .sdf file",
        "rdkit.Chem.rdmolfiles.SDWriter",
        "rdkit.Chem.SDWriter",
        "rdkit.Chem.rdchem.Mol.SetProp",
    ),
    # --- fragments and charges -------------------------------------------------------
    _ex(
        "The record CCO.O.[Na+].[Cl-] has several disconnected components; how many "
        "separate species are in it?",
        "rdkit.Chem.rdmolops.GetMolFrags",
        "rdkit.Chem.GetMolFrags",
        answer=4,
        tolerance=0.0,
        solution="""
        from rdkit import Chem
        print(len(Chem.GetMolFrags(Chem.MolFromSmiles("CCO.O.[Na+].[Cl-]"), asMols=True)))
        """,
    ),
    _ex(
        "Gasteiger-Marsili partial atomic charges: what charge does the oxygen of "
        "methanol (CO) carry?",
        "rdkit.Chem.rdPartialCharges.ComputeGasteigerCharges",
        "rdkit.Chem.AllChem.ComputeGasteigerCharges",
        answer=-0.3996,
        tolerance=1e-3,
        solution="""
        from rdkit import Chem
        from rdkit.Chem import rdPartialCharges
        m = Chem.MolFromSmiles("CO")
        rdPartialCharges.ComputeGasteigerCharges(m)
        print(round(m.GetAtomWithIdx(1).GetDoubleProp("_GasteigerCharge"), 4))
        """,
    ),
)
