"""Curated RDKit idioms and a chemist's glossary, so plain-word requests find the right API."""

from __future__ import annotations

from sciagent import Recipe

RECIPES: tuple[Recipe, ...] = (
    # --- parsing, writing, identifiers -------------------------------------------------
    Recipe(
        title="Parse a SMILES string and write canonical SMILES",
        description=(
            "Turn a SMILES string into an RDKit molecule object and back into a canonical, "
            "unique SMILES so the same compound always gets the same text. MolFromSmiles "
            "returns None for invalid or unparsable input, so check before using it."
        ),
        apis=("rdkit.Chem.MolFromSmiles", "rdkit.Chem.MolToSmiles"),
        code=(
            "from rdkit import Chem\n"
            "mol = Chem.MolFromSmiles('OC(=O)c1ccccc1OC(C)=O')\n"
            "print(Chem.MolToSmiles(mol))\n"
            "print(Chem.MolFromSmiles('C1CC') is None)  # invalid SMILES gives None"
        ),
        tags=("smiles", "canonicalization", "io"),
    ),
    Recipe(
        title="Deduplicate compounds by canonical SMILES",
        description=(
            "Remove duplicate structures from a compound list or library by keying each "
            "molecule on its canonical SMILES (or isomeric SMILES without stereo). Different "
            "input spellings of the same molecule collapse to one unique entry."
        ),
        apis=("rdkit.Chem.MolToSmiles", "rdkit.Chem.MolFromSmiles"),
        code=(
            "from rdkit import Chem\n"
            "smiles = ['OCC', 'C(O)C', 'CCO', 'c1ccccc1', 'C1=CC=CC=C1']\n"
            "unique = {Chem.MolToSmiles(Chem.MolFromSmiles(s)) for s in smiles}\n"
            "print(sorted(unique))"
        ),
        tags=("smiles", "duplicates"),
    ),
    Recipe(
        title="Write molecules to an SDF file and read them back",
        description=(
            "Save a set of structures to an SD file (structure-data file, .sdf, MDL SDfile) "
            "with SDWriter, and load a multi-molecule SDF with SDMolSupplier, skipping records "
            "that fail to parse (None). Use ForwardSDMolSupplier for gzipped or streamed input."
        ),
        apis=("rdkit.Chem.SDMolSupplier", "rdkit.Chem.SDWriter", "rdkit.Chem.ForwardSDMolSupplier"),
        code=(
            "import os, tempfile\n"
            "from rdkit import Chem\n"
            "path = os.path.join(tempfile.mkdtemp(), 'mols.sdf')\n"
            "with Chem.SDWriter(path) as w:\n"
            "    for s in ['CCO', 'c1ccccc1O', 'CC(=O)N']: w.write(Chem.MolFromSmiles(s))\n"
            "mols = [m for m in Chem.SDMolSupplier(path) if m is not None]\n"
            "print(len(mols), [Chem.MolToSmiles(m) for m in mols])"
        ),
        tags=("sdf", "io", "file"),
    ),
    Recipe(
        title="Store and read per-molecule properties (SD tags)",
        description=(
            "Attach data such as a name, activity, IC50 or ID to a molecule with SetProp and "
            "read it with GetProp/GetPropsAsDict; properties are written as SD file data fields "
            "(tags) and read back from them. The _Name property is the molecule title line."
        ),
        apis=(
            "rdkit.Chem.Mol.SetProp",
            "rdkit.Chem.Mol.GetProp",
            "rdkit.Chem.Mol.GetPropsAsDict",
            "rdkit.Chem.Mol.HasProp",
        ),
        code=(
            "from rdkit import Chem\n"
            "mol = Chem.MolFromSmiles('CCO')\n"
            "mol.SetProp('_Name', 'ethanol'); mol.SetDoubleProp('pIC50', 6.2)\n"
            "print(mol.GetProp('_Name'), mol.GetPropsAsDict())\n"
            "print(Chem.MolToMolBlock(mol).splitlines()[0])"
        ),
        tags=("properties", "sdf"),
    ),
    Recipe(
        title="Convert between MOL block (molfile) text and molecules",
        description=(
            "Produce an MDL molfile / MOL block (V2000 or V3000 connection table) from a "
            "molecule, and parse one back with MolFromMolBlock; use MolFromMolFile for a .mol "
            "file on disk."
        ),
        apis=(
            "rdkit.Chem.MolToMolBlock",
            "rdkit.Chem.MolFromMolBlock",
            "rdkit.Chem.MolFromMolFile",
        ),
        code=(
            "from rdkit import Chem\n"
            "block = Chem.MolToMolBlock(Chem.MolFromSmiles('c1ccncc1'))\n"
            "print(block.splitlines()[3])  # counts line\n"
            "print(Chem.MolToSmiles(Chem.MolFromMolBlock(block)))"
        ),
        tags=("molfile", "io"),
    ),
    Recipe(
        title="Compute InChI and InChIKey identifiers",
        description=(
            "Generate the IUPAC International Chemical Identifier (InChI) and its hashed "
            "27-character InChIKey for database lookup, registration or cross-referencing "
            "(PubChem, ChEMBL); MolFromInchi parses an InChI back into a molecule."
        ),
        apis=("rdkit.Chem.MolToInchi", "rdkit.Chem.MolToInchiKey", "rdkit.Chem.MolFromInchi"),
        code=(
            "from rdkit import Chem\n"
            "mol = Chem.MolFromSmiles('CC(=O)Oc1ccccc1C(=O)O')\n"
            "inchi = Chem.MolToInchi(mol)\n"
            "print(inchi); print(Chem.MolToInchiKey(mol))\n"
            "print(Chem.MolToSmiles(Chem.MolFromInchi(inchi)))"
        ),
        tags=("inchi", "identifiers"),
    ),
    # --- descriptors -------------------------------------------------------------------
    Recipe(
        title="Molecular weight, exact mass and molecular formula",
        description=(
            "Average molecular weight (MW, molar mass, g/mol) with Descriptors.MolWt, the "
            "monoisotopic exact mass used in mass spectrometry with Descriptors.ExactMolWt, and "
            "the empirical (Hill-order) molecular formula such as C8H10N4O2 with CalcMolFormula."
        ),
        apis=(
            "rdkit.Chem.Descriptors.MolWt",
            "rdkit.Chem.Descriptors.ExactMolWt",
            "rdkit.Chem.rdMolDescriptors.CalcMolFormula",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import Descriptors, rdMolDescriptors\n"
            "mol = Chem.MolFromSmiles('CN1C=NC2=C1C(=O)N(C(=O)N2C)C')  # caffeine\n"
            "print(round(Descriptors.MolWt(mol), 2), round(Descriptors.ExactMolWt(mol), 4))\n"
            "print(rdMolDescriptors.CalcMolFormula(mol))"
        ),
        tags=("descriptors", "mass", "formula"),
    ),
    Recipe(
        title="Lipophilicity (cLogP) and molar refractivity with Crippen",
        description=(
            "Estimate the octanol-water partition coefficient (cLogP, lipophilicity, "
            "hydrophobicity) and molar refractivity (MR) with the Wildman-Crippen atom "
            "contribution method."
        ),
        apis=(
            "rdkit.Chem.Crippen.MolLogP",
            "rdkit.Chem.Crippen.MolMR",
            "rdkit.Chem.rdMolDescriptors.CalcCrippenDescriptors",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import Crippen\n"
            "mol = Chem.MolFromSmiles('CC(C)Cc1ccc(cc1)C(C)C(=O)O')  # ibuprofen\n"
            "print(round(Crippen.MolLogP(mol), 2), round(Crippen.MolMR(mol), 2))"
        ),
        tags=("descriptors", "logp"),
    ),
    Recipe(
        title="Topological polar surface area (TPSA)",
        description=(
            "Compute the Ertl topological polar surface area (TPSA, PSA) in square angstroms, "
            "a fast 2D proxy for permeability, oral absorption and blood-brain barrier "
            "penetration."
        ),
        apis=("rdkit.Chem.Descriptors.TPSA", "rdkit.Chem.rdMolDescriptors.CalcTPSA"),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import Descriptors\n"
            "print(Descriptors.TPSA(Chem.MolFromSmiles('CC(=O)Nc1ccc(O)cc1')))  # paracetamol"
        ),
        tags=("descriptors", "psa"),
    ),
    Recipe(
        title="Count hydrogen-bond donors and acceptors",
        description=(
            "Number of H-bond donors (HBD: NH and OH) and acceptors (HBA: N and O) as used in "
            "Lipinski's rule of five, via Lipinski.NumHDonors/NumHAcceptors or the rdMolDescriptors "
            "CalcNumHBD/CalcNumHBA definitions."
        ),
        apis=(
            "rdkit.Chem.Lipinski.NumHDonors",
            "rdkit.Chem.Lipinski.NumHAcceptors",
            "rdkit.Chem.rdMolDescriptors.CalcNumHBD",
            "rdkit.Chem.rdMolDescriptors.CalcNumHBA",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import Lipinski\n"
            "mol = Chem.MolFromSmiles('OC(=O)c1ccccc1O')  # salicylic acid\n"
            "print(Lipinski.NumHDonors(mol), Lipinski.NumHAcceptors(mol))"
        ),
        tags=("descriptors", "hbond"),
    ),
    Recipe(
        title="Count rotatable bonds (flexibility)",
        description=(
            "Number of rotatable (freely rotating, non-ring single) bonds, a measure of "
            "molecular flexibility used in Veber's oral bioavailability rules."
        ),
        apis=(
            "rdkit.Chem.Descriptors.NumRotatableBonds",
            "rdkit.Chem.rdMolDescriptors.CalcNumRotatableBonds",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import Descriptors\n"
            "print(Descriptors.NumRotatableBonds(Chem.MolFromSmiles('CCCCC(=O)OCC')))"
        ),
        tags=("descriptors", "flexibility"),
    ),
    Recipe(
        title="Count rings, aromatic rings, heavy atoms and heteroatoms",
        description=(
            "Size and ring counts for a molecule: total rings (SSSR), aromatic rings, aliphatic "
            "rings, heterocycles, heteroatoms, and the heavy-atom (non-hydrogen) count used for "
            "ligand efficiency and size filters."
        ),
        apis=(
            "rdkit.Chem.rdMolDescriptors.CalcNumRings",
            "rdkit.Chem.rdMolDescriptors.CalcNumAromaticRings",
            "rdkit.Chem.rdMolDescriptors.CalcNumAliphaticRings",
            "rdkit.Chem.rdMolDescriptors.CalcNumHeterocycles",
            "rdkit.Chem.rdMolDescriptors.CalcNumHeteroatoms",
            "rdkit.Chem.Mol.GetNumHeavyAtoms",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import rdMolDescriptors as rd\n"
            "mol = Chem.MolFromSmiles('c1ccc2c(c1)CCN2C1CCOCC1')\n"
            "print(rd.CalcNumRings(mol), rd.CalcNumAromaticRings(mol), rd.CalcNumAliphaticRings(mol),\n"
            "      rd.CalcNumHeterocycles(mol), rd.CalcNumHeteroatoms(mol))\n"
            "print('heavy atoms:', mol.GetNumHeavyAtoms())"
        ),
        tags=("descriptors", "rings"),
    ),
    Recipe(
        title="Net formal charge of a molecule",
        description=(
            "Total (net) formal charge of a molecule or ion, e.g. to find charged species, "
            "zwitterions or salts; per-atom charges come from Atom.GetFormalCharge."
        ),
        apis=("rdkit.Chem.GetFormalCharge", "rdkit.Chem.Atom.GetFormalCharge"),
        code=(
            "from rdkit import Chem\n"
            "mol = Chem.MolFromSmiles('C[N+](C)(C)CC(=O)[O-]')  # betaine zwitterion\n"
            "print(Chem.GetFormalCharge(mol), [a.GetFormalCharge() for a in mol.GetAtoms()])"
        ),
        tags=("charge",),
    ),
    Recipe(
        title="Fraction of sp3 carbons (Fsp3)",
        description=(
            "Fraction of carbon atoms that are sp3 hybridised (Fsp3, saturation, 3D character, "
            "'escape from flatland')."
        ),
        apis=(
            "rdkit.Chem.rdMolDescriptors.CalcFractionCSP3",
            "rdkit.Chem.Descriptors.FractionCSP3",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import rdMolDescriptors\n"
            "print(round(rdMolDescriptors.CalcFractionCSP3(Chem.MolFromSmiles('CC1CCCCC1c1ccccc1')), 3))"
        ),
        tags=("descriptors",),
    ),
    Recipe(
        title="Drug-likeness score (QED)",
        description=(
            "Quantitative Estimate of Drug-likeness (QED, Bickerton 2012), a 0-1 desirability "
            "score combining MW, logP, HBD/HBA, PSA, rotatable bonds, aromatic rings and alerts."
        ),
        apis=("rdkit.Chem.QED.qed", "rdkit.Chem.QED.properties"),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import QED\n"
            "print(round(QED.qed(Chem.MolFromSmiles('CC(=O)Oc1ccccc1C(=O)O')), 3))"
        ),
        tags=("druglikeness", "descriptors"),
    ),
    Recipe(
        title="Lipinski rule of five filter",
        description=(
            "Check Lipinski's rule of five (Ro5) for oral drug-likeness: MW <= 500, cLogP <= 5, "
            "H-bond donors <= 5, acceptors <= 10, counting violations; a common compound filter."
        ),
        apis=(
            "rdkit.Chem.Descriptors.MolWt",
            "rdkit.Chem.Crippen.MolLogP",
            "rdkit.Chem.Lipinski.NumHDonors",
            "rdkit.Chem.Lipinski.NumHAcceptors",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import Descriptors, Crippen, Lipinski\n"
            "mol = Chem.MolFromSmiles('CC(C)Cc1ccc(cc1)C(C)C(=O)O')\n"
            "rules = [Descriptors.MolWt(mol) <= 500, Crippen.MolLogP(mol) <= 5,\n"
            "         Lipinski.NumHDonors(mol) <= 5, Lipinski.NumHAcceptors(mol) <= 10]\n"
            "print('violations:', rules.count(False), 'passes:', rules.count(False) <= 1)"
        ),
        tags=("druglikeness", "filter"),
    ),
    Recipe(
        title="Compute all RDKit descriptors as a dictionary",
        description=(
            "Calculate the full set of ~200 2D physicochemical descriptors in one call, as a "
            "name -> value dict, e.g. to build a feature table/matrix for QSAR or machine "
            "learning; Descriptors._descList lists the names and functions."
        ),
        apis=("rdkit.Chem.Descriptors.CalcMolDescriptors",),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import Descriptors\n"
            "d = Descriptors.CalcMolDescriptors(Chem.MolFromSmiles('c1ccccc1O'))\n"
            "print(len(d), round(d['MolLogP'], 2), d['NumHDonors'])"
        ),
        tags=("descriptors", "features", "qsar"),
    ),
    Recipe(
        title="Count functional groups with fragment descriptors",
        description=(
            "Count common functional groups (carboxylic acids, amides, phenols, halogens, "
            "esters...) with the fr_* fragment descriptors, or count occurrences of your own "
            "SMARTS pattern with GetSubstructMatches."
        ),
        apis=("rdkit.Chem.Fragments", "rdkit.Chem.Mol.GetSubstructMatches"),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import Fragments\n"
            "mol = Chem.MolFromSmiles('OC(=O)CCC(=O)O')\n"
            "print(Fragments.fr_COO(mol), Fragments.fr_ester(mol))\n"
            "print(len(mol.GetSubstructMatches(Chem.MolFromSmarts('C(=O)[OX2H1]'))))"
        ),
        tags=("functional groups", "substructure"),
    ),
    # --- fingerprints & similarity -----------------------------------------------------
    Recipe(
        title="Morgan circular fingerprint (ECFP4) with the generator API",
        description=(
            "Make an ECFP-like Morgan/circular bit-vector fingerprint (radius 2 = ECFP4, 2048 "
            "bits) with rdFingerprintGenerator.GetMorganGenerator; this replaces the deprecated "
            "AllChem.GetMorganFingerprintAsBitVect."
        ),
        apis=(
            "rdkit.Chem.rdFingerprintGenerator.GetMorganGenerator",
            "rdkit.Chem.rdFingerprintGenerator.FingerprintGenerator64.GetFingerprint",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import rdFingerprintGenerator\n"
            "gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)\n"
            "fp = gen.GetFingerprint(Chem.MolFromSmiles('c1ccccc1CCN'))\n"
            "print(fp.GetNumBits(), fp.GetNumOnBits(), list(fp.GetOnBits())[:5])"
        ),
        tags=("fingerprint", "morgan", "ecfp"),
    ),
    Recipe(
        title="Feature Morgan fingerprint (FCFP)",
        description=(
            "Functional-class / pharmacophoric circular fingerprint (FCFP) by giving the Morgan "
            "generator feature atom invariants (donor, acceptor, aromatic, halogen, acidic, basic)."
        ),
        apis=(
            "rdkit.Chem.rdFingerprintGenerator.GetMorganFeatureAtomInvGen",
            "rdkit.Chem.rdFingerprintGenerator.GetMorganGenerator",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import rdFingerprintGenerator as rfg\n"
            "gen = rfg.GetMorganGenerator(radius=2, fpSize=2048,\n"
            "                             atomInvariantsGenerator=rfg.GetMorganFeatureAtomInvGen())\n"
            "print(gen.GetFingerprint(Chem.MolFromSmiles('c1ccccc1C(=O)O')).GetNumOnBits())"
        ),
        tags=("fingerprint", "fcfp"),
    ),
    Recipe(
        title="Count fingerprints and fingerprints as numpy arrays",
        description=(
            "Get count-based (feature frequency) fingerprints instead of bits, and convert "
            "fingerprints straight to numpy arrays for scikit-learn or other ML models with "
            "GetFingerprintAsNumPy / GetCountFingerprintAsNumPy."
        ),
        apis=(
            "rdkit.Chem.rdFingerprintGenerator.FingerprintGenerator64.GetCountFingerprintAsNumPy",
            "rdkit.Chem.rdFingerprintGenerator.FingerprintGenerator64.GetFingerprintAsNumPy",
            "rdkit.Chem.rdFingerprintGenerator.FingerprintGenerator64.GetSparseCountFingerprint",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import rdFingerprintGenerator\n"
            "gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=1024)\n"
            "mol = Chem.MolFromSmiles('CCCCCCO')\n"
            "arr = gen.GetCountFingerprintAsNumPy(mol)\n"
            "print(arr.shape, arr.max(), gen.GetFingerprintAsNumPy(mol).sum())"
        ),
        tags=("fingerprint", "numpy", "machine learning"),
    ),
    Recipe(
        title="RDKit path-based (Daylight-like) fingerprint",
        description=(
            "Topological path fingerprint hashing linear bond paths (Daylight-like), via "
            "GetRDKitFPGenerator; useful for substructure screening and similarity."
        ),
        apis=("rdkit.Chem.rdFingerprintGenerator.GetRDKitFPGenerator",),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import rdFingerprintGenerator\n"
            "gen = rdFingerprintGenerator.GetRDKitFPGenerator(maxPath=7, fpSize=2048)\n"
            "print(gen.GetFingerprint(Chem.MolFromSmiles('c1ccccc1OC')).GetNumOnBits())"
        ),
        tags=("fingerprint", "topological"),
    ),
    Recipe(
        title="Atom-pair and topological torsion fingerprints",
        description=(
            "Atom pair (AP) fingerprints encode atom types plus their topological distance; "
            "topological torsion (TT) fingerprints encode four-atom paths. Both come from the "
            "fingerprint generator API."
        ),
        apis=(
            "rdkit.Chem.rdFingerprintGenerator.GetAtomPairGenerator",
            "rdkit.Chem.rdFingerprintGenerator.GetTopologicalTorsionGenerator",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import rdFingerprintGenerator as rfg\n"
            "mol = Chem.MolFromSmiles('CC(=O)Nc1ccc(O)cc1')\n"
            "ap = rfg.GetAtomPairGenerator(fpSize=2048).GetFingerprint(mol)\n"
            "tt = rfg.GetTopologicalTorsionGenerator(fpSize=2048).GetFingerprint(mol)\n"
            "print(ap.GetNumOnBits(), tt.GetNumOnBits())"
        ),
        tags=("fingerprint",),
    ),
    Recipe(
        title="MACCS structural keys fingerprint",
        description=(
            "The 166-key MACCS (MDL) structural keys fingerprint, a dictionary-based "
            "substructure key set (167 bits in RDKit, bit 0 unused)."
        ),
        apis=("rdkit.Chem.MACCSkeys.GenMACCSKeys",),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import MACCSkeys\n"
            "fp = MACCSkeys.GenMACCSKeys(Chem.MolFromSmiles('c1ccccc1Cl'))\n"
            "print(fp.GetNumBits(), fp.GetNumOnBits())"
        ),
        tags=("fingerprint", "maccs"),
    ),
    Recipe(
        title="Tanimoto or Dice similarity between two molecules",
        description=(
            "Compare two compounds by the Tanimoto (Jaccard) coefficient of their Morgan "
            "fingerprints, the standard 2D molecular similarity (1 - similarity is the Tanimoto "
            "distance); Dice (Sorensen), cosine and Tversky coefficients work the same way."
        ),
        apis=(
            "rdkit.DataStructs.TanimotoSimilarity",
            "rdkit.DataStructs.DiceSimilarity",
            "rdkit.DataStructs.TverskySimilarity",
            "rdkit.Chem.rdFingerprintGenerator.GetMorganGenerator",
        ),
        code=(
            "from rdkit import Chem, DataStructs\n"
            "from rdkit.Chem import rdFingerprintGenerator\n"
            "gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)\n"
            "a, b = (gen.GetFingerprint(Chem.MolFromSmiles(s)) for s in ('CCOc1ccccc1', 'CCCOc1ccccc1'))\n"
            "print(round(DataStructs.TanimotoSimilarity(a, b), 3), round(DataStructs.DiceSimilarity(a, b), 3))"
        ),
        tags=("similarity", "tanimoto", "dice"),
    ),
    Recipe(
        title="Similarity search of a query against a library",
        description=(
            "Rank a compound database by similarity to a query molecule (nearest neighbours, "
            "virtual screening) in one fast call with BulkTanimotoSimilarity."
        ),
        apis=(
            "rdkit.DataStructs.BulkTanimotoSimilarity",
            "rdkit.DataStructs.BulkDiceSimilarity",
        ),
        code=(
            "from rdkit import Chem, DataStructs\n"
            "from rdkit.Chem import rdFingerprintGenerator\n"
            "gen = rdFingerprintGenerator.GetMorganGenerator(radius=2)\n"
            "lib = ['c1ccccc1O', 'c1ccccc1N', 'CCCC', 'Oc1ccc(C)cc1']\n"
            "sims = DataStructs.BulkTanimotoSimilarity(gen.GetFingerprint(Chem.MolFromSmiles('Cc1ccccc1O')), [gen.GetFingerprint(Chem.MolFromSmiles(s)) for s in lib])\n"
            "print(sorted(zip(sims, lib), reverse=True)[:2])"
        ),
        tags=("similarity", "screening"),
    ),
    Recipe(
        title="Pairwise similarity (distance) matrix",
        description=(
            "Build an N x N Tanimoto similarity or distance matrix for a compound set, e.g. "
            "for diversity analysis, heatmaps or clustering, by looping BulkTanimotoSimilarity."
        ),
        apis=("rdkit.DataStructs.BulkTanimotoSimilarity",),
        code=(
            "import numpy as np\n"
            "from rdkit import Chem, DataStructs\n"
            "from rdkit.Chem import rdFingerprintGenerator\n"
            "gen = rdFingerprintGenerator.GetMorganGenerator(radius=2)\n"
            "fps = [gen.GetFingerprint(Chem.MolFromSmiles(s)) for s in ['CCO', 'CCCO', 'c1ccccc1']]\n"
            "print(np.array([DataStructs.BulkTanimotoSimilarity(f, fps) for f in fps]).round(2))"
        ),
        tags=("similarity", "matrix"),
    ),
    Recipe(
        title="Cluster compounds with the Butina algorithm",
        description=(
            "Group molecules into clusters of similar structures (Taylor-Butina / sphere "
            "exclusion clustering) from a condensed lower-triangle Tanimoto distance list and a "
            "distance cutoff; returns tuples of member indices, centroid first."
        ),
        apis=("rdkit.ML.Cluster.Butina.ClusterData", "rdkit.DataStructs.BulkTanimotoSimilarity"),
        code=(
            "from rdkit import Chem, DataStructs\n"
            "from rdkit.Chem import rdFingerprintGenerator\n"
            "from rdkit.ML.Cluster import Butina\n"
            "fps = [rdFingerprintGenerator.GetMorganGenerator(radius=2).GetFingerprint(Chem.MolFromSmiles(s)) for s in ['CCO', 'CCCO', 'CCCCO', 'c1ccccc1', 'Cc1ccccc1']]\n"
            "dists = [1 - x for i in range(1, len(fps)) for x in DataStructs.BulkTanimotoSimilarity(fps[i], fps[:i])]\n"
            "print(Butina.ClusterData(dists, len(fps), 0.6, isDistData=True))"
        ),
        tags=("clustering",),
    ),
    # --- substructure ------------------------------------------------------------------
    Recipe(
        title="Substructure search with a SMARTS pattern",
        description=(
            "Test whether a molecule contains a substructure, functional group or "
            "pharmacophore written as SMARTS (or SMILES), e.g. to filter a library for "
            "carboxylic acids or amines."
        ),
        apis=(
            "rdkit.Chem.Mol.HasSubstructMatch",
            "rdkit.Chem.MolFromSmarts",
        ),
        code=(
            "from rdkit import Chem\n"
            "acid = Chem.MolFromSmarts('C(=O)[OX2H1]')\n"
            "for smi in ['CC(=O)O', 'CCOC(=O)C']:\n"
            "    print(smi, Chem.MolFromSmiles(smi).HasSubstructMatch(acid))"
        ),
        tags=("substructure", "smarts"),
    ),
    Recipe(
        title="Find all substructure matches (atom indices)",
        description=(
            "Get every occurrence of a pattern as tuples of matched atom indices "
            "(GetSubstructMatches), e.g. to locate or count functional groups or to map atoms."
        ),
        apis=("rdkit.Chem.Mol.GetSubstructMatches", "rdkit.Chem.Mol.GetSubstructMatch"),
        code=(
            "from rdkit import Chem\n"
            "mol = Chem.MolFromSmiles('OCC(O)CO')  # glycerol\n"
            "matches = mol.GetSubstructMatches(Chem.MolFromSmarts('[OX2H]'))\n"
            "print(len(matches), matches)"
        ),
        tags=("substructure",),
    ),
    Recipe(
        title="Flag PAINS and structural alerts with FilterCatalog",
        description=(
            "Screen compounds against PAINS (pan-assay interference), Brenk, NIH or other "
            "structural alert / toxicophore filter sets to remove problematic or reactive "
            "hits."
        ),
        apis=(
            "rdkit.Chem.FilterCatalog.FilterCatalog",
            "rdkit.Chem.FilterCatalog.FilterCatalogParams",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem.FilterCatalog import FilterCatalog, FilterCatalogParams\n"
            "params = FilterCatalogParams(); params.AddCatalog(FilterCatalogParams.FilterCatalogs.PAINS)\n"
            "entry = FilterCatalog(params).GetFirstMatch(Chem.MolFromSmiles('O=C1NC(=S)SC1=Cc1ccccc1'))\n"
            "print(entry.GetDescription() if entry else 'no PAINS alert')"
        ),
        tags=("filter", "pains", "alerts"),
    ),
    # --- reactions ---------------------------------------------------------------------
    Recipe(
        title="Run a chemical reaction from reaction SMARTS",
        description=(
            "Define a transformation or reaction template as reaction SMARTS (e.g. amide "
            "coupling, esterification) and apply it to reactants with RunReactants to get "
            "product molecules; sanitize products before use."
        ),
        apis=(
            "rdkit.Chem.rdChemReactions.ReactionFromSmarts",
            "rdkit.Chem.rdChemReactions.ChemicalReaction.RunReactants",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import AllChem\n"
            "rxn = AllChem.ReactionFromSmarts('[C:1](=O)[OH].[N;H2:2]>>[C:1](=O)[N:2]')\n"
            "prods = rxn.RunReactants((Chem.MolFromSmiles('CC(=O)O'), Chem.MolFromSmiles('NCc1ccccc1')))\n"
            "p = prods[0][0]; Chem.SanitizeMol(p)\n"
            "print(Chem.MolToSmiles(p))"
        ),
        tags=("reaction", "smarts"),
    ),
    Recipe(
        title="Enumerate a combinatorial (virtual) library from a reaction",
        description=(
            "Build a virtual combinatorial library by applying a reaction template to every "
            "combination of building blocks (reagent lists), e.g. all amides from sets of "
            "acids and amines; EnumerateLibraryFromReaction iterates product tuples."
        ),
        apis=(
            "rdkit.Chem.AllChem.EnumerateLibraryFromReaction",
            "rdkit.Chem.rdChemReactions.ReactionFromSmarts",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import AllChem\n"
            "rxn = AllChem.ReactionFromSmarts('[C:1](=O)[OH].[N;H2:2]>>[C:1](=O)[N:2]')\n"
            "acids = [Chem.MolFromSmiles(s) for s in ['CC(=O)O', 'OC(=O)c1ccccc1']]\n"
            "amines = [Chem.MolFromSmiles(s) for s in ['NC', 'NCC']]\n"
            "prods = {Chem.MolToSmiles(p[0]) for p in AllChem.EnumerateLibraryFromReaction(rxn, [acids, amines])}\n"
            "print(sorted(prods))"
        ),
        tags=("reaction", "library", "enumeration"),
    ),
    # --- 3D ----------------------------------------------------------------------------
    Recipe(
        title="Generate a 3D conformer with ETKDG",
        description=(
            "Embed 3D coordinates for a molecule from SMILES (2D to 3D structure generation, "
            "conformer generation) with the ETKDG distance-geometry method; add hydrogens "
            "first and fix randomSeed for reproducibility."
        ),
        apis=(
            "rdkit.Chem.rdDistGeom.EmbedMolecule",
            "rdkit.Chem.rdDistGeom.ETKDGv3",
            "rdkit.Chem.AddHs",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import AllChem\n"
            "mol = Chem.AddHs(Chem.MolFromSmiles('CC(=O)Nc1ccc(O)cc1'))\n"
            "params = AllChem.ETKDGv3(); params.randomSeed = 42\n"
            "print(AllChem.EmbedMolecule(mol, params), mol.GetConformer().GetPositions()[0])"
        ),
        tags=("3d", "conformer", "embedding"),
    ),
    Recipe(
        title="Generate an ensemble of conformers",
        description=(
            "Sample many conformations (a conformer ensemble / conformational search) with "
            "EmbedMultipleConfs and ETKDG, then optimise them all with MMFF and keep the "
            "lowest-energy conformer."
        ),
        apis=(
            "rdkit.Chem.rdDistGeom.EmbedMultipleConfs",
            "rdkit.Chem.rdForceFieldHelpers.MMFFOptimizeMoleculeConfs",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import AllChem\n"
            "mol = Chem.AddHs(Chem.MolFromSmiles('CCCCOc1ccccc1'))\n"
            "cids = AllChem.EmbedMultipleConfs(mol, numConfs=10, randomSeed=7)\n"
            "res = AllChem.MMFFOptimizeMoleculeConfs(mol)  # [(not_converged, energy), ...]\n"
            "print(len(cids), min(e for _, e in res))"
        ),
        tags=("3d", "conformers"),
    ),
    Recipe(
        title="Force-field geometry optimisation and energy (MMFF94 or UFF)",
        description=(
            "Energy-minimise a 3D structure with the Merck molecular force field (MMFF94/94s) "
            "and read the potential energy (kcal/mol) from a force-field object; the Universal "
            "Force Field (UFFOptimizeMolecule) is the fallback for elements MMFF lacks."
        ),
        apis=(
            "rdkit.Chem.rdForceFieldHelpers.MMFFOptimizeMolecule",
            "rdkit.Chem.rdForceFieldHelpers.MMFFGetMoleculeForceField",
            "rdkit.Chem.rdForceFieldHelpers.MMFFGetMoleculeProperties",
            "rdkit.Chem.rdForceFieldHelpers.UFFOptimizeMolecule",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import AllChem\n"
            "mol = Chem.AddHs(Chem.MolFromSmiles('CCOC(=O)C')); AllChem.EmbedMolecule(mol, randomSeed=1)\n"
            "print(AllChem.MMFFOptimizeMolecule(mol, maxIters=500))  # 0 means converged\n"
            "ff = AllChem.MMFFGetMoleculeForceField(mol, AllChem.MMFFGetMoleculeProperties(mol))\n"
            "print(round(ff.CalcEnergy(), 3), AllChem.UFFOptimizeMolecule(mol))"
        ),
        tags=("force field", "minimization", "mmff", "uff"),
    ),
    Recipe(
        title="Align 3D structures and compute RMSD",
        description=(
            "Superimpose two conformers or molecules and get the root-mean-square deviation "
            "(RMSD): AlignMol aligns in place, GetBestRMS also considers symmetry-equivalent "
            "atom mappings without moving the probe."
        ),
        apis=("rdkit.Chem.rdMolAlign.AlignMol", "rdkit.Chem.rdMolAlign.GetBestRMS"),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import AllChem, rdMolAlign\n"
            "mol = Chem.AddHs(Chem.MolFromSmiles('CCCCO'))\n"
            "a, b = Chem.Mol(mol), Chem.Mol(mol)\n"
            "AllChem.EmbedMolecule(a, randomSeed=1); AllChem.EmbedMolecule(b, randomSeed=2)\n"
            "print(round(rdMolAlign.AlignMol(b, a), 3), round(rdMolAlign.GetBestRMS(b, a), 3))"
        ),
        tags=("3d", "alignment", "rmsd"),
    ),
    Recipe(
        title="Shape similarity of aligned 3D molecules",
        description=(
            "Compare 3D molecular shapes (volume overlap) of two aligned molecules with the "
            "shape Tanimoto or protrude distance from rdShapeHelpers, after Open3DAlign (O3A)."
        ),
        apis=(
            "rdkit.Chem.rdShapeHelpers.ShapeTanimotoDist",
            "rdkit.Chem.rdShapeHelpers.ShapeProtrudeDist",
            "rdkit.Chem.rdMolAlign.GetO3A",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import AllChem, rdMolAlign, rdShapeHelpers\n"
            "a, b = (Chem.AddHs(Chem.MolFromSmiles(s)) for s in ('c1ccccc1CO', 'c1ccccc1CN'))\n"
            "AllChem.EmbedMolecule(a, randomSeed=1); AllChem.EmbedMolecule(b, randomSeed=1)\n"
            "rdMolAlign.GetO3A(b, a).Align()\n"
            "print(round(1 - rdShapeHelpers.ShapeTanimotoDist(a, b), 3))"
        ),
        tags=("3d", "shape"),
    ),
    Recipe(
        title="Add or remove explicit hydrogens",
        description=(
            "Make hydrogens explicit atoms (needed before 3D embedding or force fields) with "
            "AddHs, optionally with coordinates, and strip them again (implicit H) with "
            "RemoveHs."
        ),
        apis=("rdkit.Chem.AddHs", "rdkit.Chem.RemoveHs"),
        code=(
            "from rdkit import Chem\n"
            "mol = Chem.MolFromSmiles('CCO')\n"
            "mh = Chem.AddHs(mol)\n"
            "print(mol.GetNumAtoms(), mh.GetNumAtoms(), Chem.RemoveHs(mh).GetNumAtoms())"
        ),
        tags=("hydrogens",),
    ),
    Recipe(
        title="Read a ligand from PDB and restore its bond orders",
        description=(
            "Load a PDB file or block (protein-ligand complex, docking pose) into an RDKit "
            "molecule with MolFromPDBFile / MolFromPDBBlock; PDB carries no bond orders, so "
            "assign them from a SMILES template of the ligand with AssignBondOrdersFromTemplate."
        ),
        apis=(
            "rdkit.Chem.MolFromPDBFile",
            "rdkit.Chem.MolFromPDBBlock",
            "rdkit.Chem.AllChem.AssignBondOrdersFromTemplate",
            "rdkit.Chem.MolToPDBBlock",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import AllChem\n"
            "ref = Chem.MolFromSmiles('OC(=O)c1ccccc1')\n"
            "m = Chem.AddHs(ref); AllChem.EmbedMolecule(m, randomSeed=1)\n"
            "pose = Chem.MolFromPDBBlock(Chem.MolToPDBBlock(m))  # bond orders lost\n"
            "print(Chem.MolToSmiles(pose), pose.GetAtomWithIdx(0).GetPDBResidueInfo().GetResidueName())\n"
            "print(Chem.MolToSmiles(AllChem.AssignBondOrdersFromTemplate(ref, pose)))"
        ),
        tags=("pdb", "protein", "io", "bond orders"),
    ),
    # --- standardisation ---------------------------------------------------------------
    Recipe(
        title="Standardise molecules: cleanup, parent fragment, neutralise",
        description=(
            "Normalise structures before registration or modelling (molecule standardization, "
            "curation): MolStandardize Cleanup fixes functional-group representations, "
            "FragmentParent keeps the largest organic fragment (strips counterions), and "
            "Uncharger neutralises charges."
        ),
        apis=(
            "rdkit.Chem.MolStandardize.rdMolStandardize.Cleanup",
            "rdkit.Chem.MolStandardize.rdMolStandardize.FragmentParent",
            "rdkit.Chem.MolStandardize.rdMolStandardize.Uncharger",
            "rdkit.Chem.MolStandardize.rdMolStandardize.LargestFragmentChooser",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem.MolStandardize import rdMolStandardize\n"
            "mol = Chem.MolFromSmiles('[Na+].[O-]C(=O)c1ccc(cc1)N(=O)=O')  # sodium salt, odd nitro\n"
            "parent = rdMolStandardize.FragmentParent(rdMolStandardize.Cleanup(mol))\n"
            "print(Chem.MolToSmiles(parent))\n"
            "print(Chem.MolToSmiles(rdMolStandardize.Uncharger().uncharge(parent)))"
        ),
        tags=("standardization", "cleanup"),
    ),
    Recipe(
        title="Strip salts and counterions",
        description=(
            "Remove salt components, solvents and counterions (HCl, Na+, chloride, ...) from a "
            "structure with SaltRemover, or keep only the largest fragment with "
            "LargestFragmentChooser (desalting)."
        ),
        apis=(
            "rdkit.Chem.SaltRemover.SaltRemover",
            "rdkit.Chem.MolStandardize.rdMolStandardize.LargestFragmentChooser",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem.SaltRemover import SaltRemover\n"
            "from rdkit.Chem.MolStandardize import rdMolStandardize\n"
            "mol = Chem.MolFromSmiles('CN(C)CCC=C1c2ccccc2CCc2ccccc12.Cl')\n"
            "print(Chem.MolToSmiles(SaltRemover().StripMol(mol)))\n"
            "print(Chem.MolToSmiles(rdMolStandardize.LargestFragmentChooser().choose(mol)))"
        ),
        tags=("salts", "standardization"),
    ),
    Recipe(
        title="Canonical tautomer and tautomer enumeration",
        description=(
            "Pick one canonical tautomer so keto/enol, lactam/lactim and other tautomeric forms "
            "of the same compound compare equal, or list all tautomers with TautomerEnumerator."
        ),
        apis=(
            "rdkit.Chem.MolStandardize.rdMolStandardize.TautomerEnumerator",
            "rdkit.Chem.MolStandardize.rdMolStandardize.CanonicalTautomer",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem.MolStandardize import rdMolStandardize\n"
            "te = rdMolStandardize.TautomerEnumerator()\n"
            "mol = Chem.MolFromSmiles('Oc1ccccn1')  # 2-hydroxypyridine\n"
            "print(Chem.MolToSmiles(te.Canonicalize(mol)))\n"
            "print(sorted(Chem.MolToSmiles(t) for t in te.Enumerate(mol)))"
        ),
        tags=("tautomers", "standardization"),
    ),
    # --- scaffolds & fragments ---------------------------------------------------------
    Recipe(
        title="Bemis-Murcko scaffold and generic scaffold",
        description=(
            "Extract the Murcko framework (ring systems plus linkers, side chains removed) of "
            "a molecule for scaffold analysis, chemotype grouping or scaffold-split "
            "train/test sets; MakeScaffoldGeneric turns it into a generic carbon skeleton."
        ),
        apis=(
            "rdkit.Chem.Scaffolds.MurckoScaffold.GetScaffoldForMol",
            "rdkit.Chem.Scaffolds.MurckoScaffold.MakeScaffoldGeneric",
            "rdkit.Chem.Scaffolds.MurckoScaffold.MurckoScaffoldSmiles",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem.Scaffolds import MurckoScaffold\n"
            "mol = Chem.MolFromSmiles('CCOC(=O)c1ccc(NC(=O)C2CCCN2)cc1')\n"
            "print(Chem.MolToSmiles(MurckoScaffold.GetScaffoldForMol(mol)))\n"
            "generic = MurckoScaffold.MakeScaffoldGeneric(MurckoScaffold.GetScaffoldForMol(mol))\n"
            "print(Chem.MolToSmiles(generic))  # all-carbon, single-bond graph framework"
        ),
        tags=("scaffold", "murcko"),
    ),
    Recipe(
        title="BRICS fragmentation into building blocks",
        description=(
            "Break molecules at retrosynthetically interesting BRICS bonds into fragments with "
            "dummy-atom attachment points, for fragment-based design or recombination "
            "(BRICSBuild)."
        ),
        apis=("rdkit.Chem.BRICS.BRICSDecompose", "rdkit.Chem.BRICS.BRICSBuild"),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import BRICS\n"
            "print(sorted(BRICS.BRICSDecompose(Chem.MolFromSmiles('CCCOCCC(=O)c1ccccc1'))))"
        ),
        tags=("fragments", "brics"),
    ),
    Recipe(
        title="RECAP retrosynthetic fragmentation",
        description=(
            "Fragment a molecule with the RECAP rules (retrosynthetic combinatorial analysis "
            "procedure: amide, ester, amine, ether... cleavages) into a hierarchy of fragments."
        ),
        apis=("rdkit.Chem.Recap.RecapDecompose",),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import Recap\n"
            "tree = Recap.RecapDecompose(Chem.MolFromSmiles('c1ccccc1C(=O)NCCOc1ccccc1'))\n"
            "print(sorted(tree.GetLeaves().keys()))"
        ),
        tags=("fragments", "recap"),
    ),
    Recipe(
        title="Split a molecule into disconnected fragments",
        description=(
            "Separate the disconnected components of a multi-component SMILES (mixtures, salts, "
            "complexes, the dot '.' separator) into individual molecules with GetMolFrags."
        ),
        apis=("rdkit.Chem.GetMolFrags",),
        code=(
            "from rdkit import Chem\n"
            "frags = Chem.GetMolFrags(Chem.MolFromSmiles('CCO.O.[Na+].[Cl-]'), asMols=True)\n"
            "print(len(frags), [Chem.MolToSmiles(f) for f in frags])"
        ),
        tags=("fragments", "components"),
    ),
    Recipe(
        title="Maximum common substructure (MCS) of a set of molecules",
        description=(
            "Find the largest substructure shared by two or more molecules (MCS, maximum "
            "common subgraph) with rdFMCS.FindMCS, returned as SMARTS; use it for series "
            "cores or alignments."
        ),
        apis=("rdkit.Chem.rdFMCS.FindMCS",),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import rdFMCS\n"
            "mols = [Chem.MolFromSmiles(s) for s in ['c1ccccc1CCN', 'c1ccccc1CCO', 'Cc1ccccc1CCCl']]\n"
            "res = rdFMCS.FindMCS(mols, timeout=10)\n"
            "print(res.smartsString, res.numAtoms, res.numBonds)"
        ),
        tags=("mcs", "substructure"),
    ),
    # --- drawing -----------------------------------------------------------------------
    Recipe(
        title="Draw a molecule to a PNG image",
        description=(
            "Render a 2D structure depiction (chemical structure picture) as a PIL image with "
            "Draw.MolToImage and save it to PNG, or write a file directly with Draw.MolToFile."
        ),
        apis=("rdkit.Chem.Draw.MolToImage", "rdkit.Chem.Draw.MolToFile"),
        code=(
            "import os, tempfile\n"
            "from rdkit import Chem\n"
            "from rdkit.Chem import Draw\n"
            "img = Draw.MolToImage(Chem.MolFromSmiles('c1ccccc1C(=O)O'), size=(300, 300))\n"
            "path = os.path.join(tempfile.mkdtemp(), 'mol.png'); img.save(path)\n"
            "print(img.size, os.path.getsize(path) > 0)"
        ),
        tags=("drawing", "image"),
    ),
    Recipe(
        title="Draw a grid of molecules with legends",
        description=(
            "Depict many structures side by side in one image (grid image, molecule table) "
            "with names or values as legends, using Draw.MolsToGridImage."
        ),
        apis=("rdkit.Chem.Draw.MolsToGridImage",),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import Draw\n"
            "mols = [Chem.MolFromSmiles(s) for s in ['CCO', 'c1ccccc1', 'CC(=O)O', 'CN']]\n"
            "img = Draw.MolsToGridImage(mols, molsPerRow=2, subImgSize=(200, 200), legends=['a', 'b', 'c', 'd'])\n"
            "print(img.size)"
        ),
        tags=("drawing", "grid"),
    ),
    Recipe(
        title="Draw a molecule as SVG",
        description=(
            "Produce a vector SVG depiction (for web pages, reports, publications) with the "
            "MolDraw2DSVG drawer: draw, finish, then read the SVG text."
        ),
        apis=(
            "rdkit.Chem.Draw.rdMolDraw2D.MolDraw2DSVG",
            "rdkit.Chem.Draw.rdMolDraw2D.MolDraw2D.DrawMolecule",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem.Draw import rdMolDraw2D\n"
            "d = rdMolDraw2D.MolDraw2DSVG(300, 200)\n"
            "d.DrawMolecule(Chem.MolFromSmiles('CN1C=NC2=C1C(=O)N(C(=O)N2C)C')); d.FinishDrawing()\n"
            "svg = d.GetDrawingText(); print(svg[:40], len(svg))"
        ),
        tags=("drawing", "svg"),
    ),
    Recipe(
        title="Highlight a substructure in a drawing",
        description=(
            "Colour the atoms and bonds of a substructure match (e.g. a functional group or "
            "pharmacophore) in the depiction by passing highlightAtoms/highlightBonds."
        ),
        apis=("rdkit.Chem.Draw.MolToImage", "rdkit.Chem.Mol.GetSubstructMatch"),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import Draw\n"
            "mol = Chem.MolFromSmiles('c1ccccc1C(=O)O')\n"
            "atoms = mol.GetSubstructMatch(Chem.MolFromSmarts('C(=O)O'))\n"
            "bonds = [b.GetIdx() for b in mol.GetBonds() if b.GetBeginAtomIdx() in atoms and b.GetEndAtomIdx() in atoms]\n"
            "print(atoms, Draw.MolToImage(mol, highlightAtoms=atoms, highlightBonds=bonds).size)"
        ),
        tags=("drawing", "highlight"),
    ),
    Recipe(
        title="Compute 2D depiction coordinates",
        description=(
            "Generate 2D layout coordinates for a molecule (depiction, clean 2D structure) "
            "with rdDepictor.Compute2DCoords, e.g. before writing a molfile or drawing."
        ),
        apis=("rdkit.Chem.rdDepictor.Compute2DCoords",),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import rdDepictor\n"
            "mol = Chem.MolFromSmiles('c1ccccc1O')\n"
            "rdDepictor.Compute2DCoords(mol)\n"
            "print(mol.GetConformer().Is3D(), mol.GetConformer().GetAtomPosition(0).x)"
        ),
        tags=("2d", "depiction"),
    ),
    # --- stereo, aromaticity, sanitisation ---------------------------------------------
    Recipe(
        title="Find chiral centres and CIP R/S labels",
        description=(
            "List stereocentres (chiral centers) with their R/S configuration via "
            "FindMolChiralCenters, or assign proper CIP labels (R/S, E/Z) with the new "
            "rdCIPLabeler, read from the _CIPCode property."
        ),
        apis=(
            "rdkit.Chem.FindMolChiralCenters",
            "rdkit.Chem.rdCIPLabeler.AssignCIPLabels",
            "rdkit.Chem.AssignStereochemistry",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import rdCIPLabeler\n"
            "mol = Chem.MolFromSmiles('C[C@H](N)C(=O)O')  # L-alanine\n"
            "print(Chem.FindMolChiralCenters(mol, includeUnassigned=True, useLegacyImplementation=False))\n"
            "rdCIPLabeler.AssignCIPLabels(mol)\n"
            "print([(a.GetIdx(), a.GetProp('_CIPCode')) for a in mol.GetAtoms() if a.HasProp('_CIPCode')])"
        ),
        tags=("stereochemistry", "chirality"),
    ),
    Recipe(
        title="Enumerate stereoisomers",
        description=(
            "Expand unspecified stereocentres and double bonds into all stereoisomers "
            "(enantiomers and diastereomers) with EnumerateStereoisomers."
        ),
        apis=(
            "rdkit.Chem.EnumerateStereoisomers.EnumerateStereoisomers",
            "rdkit.Chem.EnumerateStereoisomers.StereoEnumerationOptions",
        ),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem.EnumerateStereoisomers import EnumerateStereoisomers, StereoEnumerationOptions\n"
            "opts = StereoEnumerationOptions(unique=True)\n"
            "isomers = EnumerateStereoisomers(Chem.MolFromSmiles('CC(O)C(Cl)C=CC'), options=opts)\n"
            "print(sorted(Chem.MolToSmiles(m) for m in isomers))"
        ),
        tags=("stereochemistry", "enumeration"),
    ),
    Recipe(
        title="Kekulize and aromaticity perception",
        description=(
            "Convert aromatic bonds to an explicit alternating single/double (Kekule) form "
            "with Kekulize and write Kekule SMILES, or re-perceive aromaticity with "
            "SetAromaticity."
        ),
        apis=("rdkit.Chem.Kekulize", "rdkit.Chem.SetAromaticity", "rdkit.Chem.MolToSmiles"),
        code=(
            "from rdkit import Chem\n"
            "mol = Chem.MolFromSmiles('c1ccncc1')\n"
            "Chem.Kekulize(mol, clearAromaticFlags=True)\n"
            "print(Chem.MolToSmiles(mol, kekuleSmiles=True))\n"
            "Chem.SetAromaticity(mol); print(Chem.MolToSmiles(mol))"
        ),
        tags=("aromaticity", "kekule"),
    ),
    Recipe(
        title="Handle invalid structures: sanitize and valence errors",
        description=(
            "Parse a structure without sanitization (sanitize=False), then run SanitizeMol "
            "(valence check, aromaticity, ring perception) and catch valence/kekulization "
            "errors, or use DetectChemistryProblems to list what is wrong."
        ),
        apis=(
            "rdkit.Chem.SanitizeMol",
            "rdkit.Chem.DetectChemistryProblems",
            "rdkit.Chem.MolFromSmiles",
        ),
        code=(
            "from rdkit import Chem\n"
            "mol = Chem.MolFromSmiles('CN(C)(C)(C)C', sanitize=False)  # pentavalent N\n"
            "print([p.Message() for p in Chem.DetectChemistryProblems(mol)])\n"
            "try: Chem.SanitizeMol(mol)\n"
            "except Chem.MolSanitizeException as e: print(type(e).__name__)"
        ),
        tags=("sanitization", "validation"),
    ),
    Recipe(
        title="Gasteiger partial charges",
        description=(
            "Compute Gasteiger-Marsili partial atomic charges (electronegativity "
            "equalisation), stored on each atom as the _GasteigerCharge property."
        ),
        apis=("rdkit.Chem.rdPartialCharges.ComputeGasteigerCharges",),
        code=(
            "from rdkit import Chem\n"
            "from rdkit.Chem import rdPartialCharges\n"
            "mol = Chem.MolFromSmiles('CC(=O)O')\n"
            "rdPartialCharges.ComputeGasteigerCharges(mol)\n"
            "print([round(a.GetDoubleProp('_GasteigerCharge'), 3) for a in mol.GetAtoms()])"
        ),
        tags=("charges",),
    ),
    # --- graph access ------------------------------------------------------------------
    Recipe(
        title="Iterate over atoms and bonds",
        description=(
            "Loop over a molecule's atoms (element symbol, index, degree, aromaticity, "
            "hybridisation, attached H count) and bonds (bond type, begin/end atoms) to build "
            "custom features or a molecular graph / adjacency matrix."
        ),
        apis=(
            "rdkit.Chem.Mol.GetAtoms",
            "rdkit.Chem.Mol.GetBonds",
            "rdkit.Chem.Atom.GetSymbol",
            "rdkit.Chem.Bond.GetBondType",
            "rdkit.Chem.GetAdjacencyMatrix",
        ),
        code=(
            "from rdkit import Chem\n"
            "mol = Chem.MolFromSmiles('C=CC(=O)N')\n"
            "print([(a.GetIdx(), a.GetSymbol(), str(a.GetHybridization()), a.GetTotalNumHs()) for a in mol.GetAtoms()])\n"
            "print([(b.GetBeginAtomIdx(), b.GetEndAtomIdx(), str(b.GetBondType())) for b in mol.GetBonds()])\n"
            "print(Chem.GetAdjacencyMatrix(mol).shape)"
        ),
        tags=("atoms", "bonds", "graph"),
    ),
    Recipe(
        title="Ring membership and ring sizes",
        description=(
            "Inspect the ring information of a molecule: ring sizes, atoms in rings, whether "
            "an atom is in a ring of size n, fused ring systems, via RingInfo from GetRingInfo."
        ),
        apis=(
            "rdkit.Chem.Mol.GetRingInfo",
            "rdkit.Chem.RingInfo.AtomRings",
            "rdkit.Chem.Atom.IsInRingSize",
        ),
        code=(
            "from rdkit import Chem\n"
            "mol = Chem.MolFromSmiles('c1ccc2c(c1)CC2C1CC1')\n"
            "ri = mol.GetRingInfo()\n"
            "print(ri.NumRings(), [len(r) for r in ri.AtomRings()])\n"
            "print([a.GetIdx() for a in mol.GetAtoms() if a.IsInRingSize(3)])"
        ),
        tags=("rings",),
    ),
)

SYNONYMS: dict[str, tuple[str, ...]] = {
    # identifiers and file formats
    "canonical smiles": ("moltosmiles", "canonical"),
    "canonicalise": ("canonical", "moltosmiles"),
    "canonicalize": ("canonical", "moltosmiles"),
    "structure-data file": ("sdf", "sdmolsupplier"),
    "sd file": ("sdf", "sdmolsupplier"),
    "sdfile": ("sdf", "sdmolsupplier"),
    "sd tags": ("setprop", "getprop"),
    "molfile": ("molblock", "molfrommolfile"),
    "mol file": ("molblock", "molfrommolfile"),
    "ctab": ("molblock",),
    "connection table": ("molblock",),
    "inchi key": ("inchikey", "moltoinchikey"),
    "xyz file": ("xyzblock", "determinebonds"),
    "protein data bank": ("pdb",),
    # descriptors
    "molecular weight": ("molwt",),
    "molar mass": ("molwt",),
    "monoisotopic mass": ("exactmolwt",),
    "exact mass": ("exactmolwt",),
    "lipophilicity": ("logp", "crippen"),
    "hydrophobicity": ("logp", "crippen"),
    "clogp": ("logp", "crippen"),
    "partition coefficient": ("logp", "crippen"),
    "octanol-water": ("logp", "crippen"),
    "molar refractivity": ("molmr", "crippen"),
    "polar surface area": ("tpsa",),
    "psa": ("tpsa",),
    "h-bond donors": ("numhdonors", "hbd"),
    "hydrogen bond donors": ("numhdonors", "hbd"),
    "hydrogen-bond donors": ("numhdonors", "hbd"),
    "h-bond acceptors": ("numhacceptors", "hba"),
    "hydrogen bond acceptors": ("numhacceptors", "hba"),
    "hydrogen-bond acceptors": ("numhacceptors", "hba"),
    "hbd": ("numhdonors",),
    "hba": ("numhacceptors",),
    "rotors": ("rotatable", "bonds"),
    "rotatable": ("numrotatablebonds",),
    "heavy atoms": ("getnumheavyatoms", "heavyatomcount"),
    "formal charge": ("getformalcharge",),
    "empirical formula": ("calcmolformula", "formula"),
    "chemical formula": ("calcmolformula", "formula"),
    "fsp3": ("fractioncsp3",),
    "fraction sp3": ("fractioncsp3",),
    "drug-likeness": ("qed", "lipinski"),
    "druglikeness": ("qed", "lipinski"),
    "drug likeness": ("qed", "lipinski"),
    "rule of five": ("lipinski",),
    "ro5": ("lipinski",),
    "physchem": ("descriptors",),
    "physicochemical properties": ("descriptors", "calcmoldescriptors"),
    "qsar features": ("calcmoldescriptors", "descriptors"),
    "functional group": ("fragments", "substructure", "smarts"),
    "functional groups": ("fragments", "substructure", "smarts"),
    # fingerprints and similarity
    "ecfp": ("morgan", "fingerprint"),
    "ecfp4": ("morgan", "radius", "fingerprint"),
    "fcfp": ("morgan", "feature", "fingerprint"),
    "circular fingerprint": ("morgan",),
    "extended connectivity": ("morgan", "fingerprint"),
    "daylight fingerprint": ("rdkitfp", "fingerprint"),
    "path fingerprint": ("rdkitfp",),
    "topological fingerprint": ("rdkitfp",),
    "maccs": ("maccskeys",),
    "structural keys": ("maccskeys",),
    "atom pair": ("atompair",),
    "torsion fingerprint": ("topologicaltorsion",),
    "jaccard": ("tanimoto",),
    "sorensen": ("dice",),
    "chemical similarity": ("tanimoto", "fingerprint"),
    "molecular similarity": ("tanimoto", "fingerprint"),
    "virtual screening": ("bulktanimotosimilarity", "substructure"),
    "taylor-butina": ("butina",),
    "cluster compounds": ("butina", "clusterdata"),
    "cluster molecules": ("butina", "clusterdata"),
    "diversity picking": ("maxminpicker",),
    "bit vector": ("explicitbitvect", "fingerprint"),
    # substructure, reactions, fragments
    "substructure search": ("hassubstructmatch", "smarts"),
    "toxicophore": ("filtercatalog",),
    "structural alerts": ("filtercatalog",),
    "pains": ("filtercatalog",),
    "reaction smarts": ("reactionfromsmarts",),
    "reaction template": ("reactionfromsmarts",),
    "virtual library": ("enumeratelibraryfromreaction",),
    "combinatorial library": ("enumeratelibraryfromreaction",),
    "mcs": ("findmcs", "rdfmcs"),
    "maximum common substructure": ("findmcs",),
    "r-group": ("rgroupdecompose",),
    "murcko": ("murckoscaffold",),
    "bemis-murcko": ("murckoscaffold",),
    "chemotype": ("scaffold", "murckoscaffold"),
    # standardisation and sanitisation
    "neutralise": ("uncharger",),
    "neutralize": ("uncharger",),
    "desalt": ("saltremover", "largestfragmentchooser"),
    "strip salts": ("saltremover",),
    "counterions": ("saltremover", "fragmentparent"),
    "tautomer": ("tautomerenumerator",),
    "tautomers": ("tautomerenumerator",),
    "valence error": ("sanitizemol",),
    "kekule": ("kekulize",),
    # 3d
    "conformer generation": ("embedmultipleconfs", "etkdg"),
    "conformers": ("embedmultipleconfs",),
    "merck force field": ("mmff",),
    "mmff94": ("mmff",),
    "universal force field": ("uff",),
    "shape similarity": ("shapetanimotodist",),
    "explicit hydrogens": ("addhs",),
    "implicit hydrogens": ("removehs",),
    "bond orders": ("assignbondordersfromtemplate", "determinebonds"),
    "partial charges": ("gasteiger",),
    "atomic charges": ("gasteiger",),
    # stereo and drawing
    "chiral centres": ("findmolchiralcenters",),
    "chiral centers": ("findmolchiralcenters",),
    "stereocentres": ("findmolchiralcenters",),
    "stereocenters": ("findmolchiralcenters",),
    "r/s": ("cip", "assignciplabels"),
    "enantiomers": ("enumeratestereoisomers",),
    "diastereomers": ("enumeratestereoisomers",),
    "depict": ("draw", "moltoimage"),
    "depiction": ("draw", "compute2dcoords"),
    "grid image": ("molstogridimage",),
    "2d coordinates": ("compute2dcoords",),
}
