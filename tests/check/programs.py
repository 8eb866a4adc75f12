"""Correct programs for the no-false-alarm test, written against the installed libraries.

Each one runs as is (no network, no input files), so a finding on any of them is
a false alarm.  They lean on what the index cannot list: attributes served by
``__getattr__``, units and constants, instance attributes, Boost overloads with
keywords, decorated Python functions, guarded imports.
"""

from __future__ import annotations

CORRECT: dict[str, str] = {
    "skycoord_dynamic": """
from astropy.coordinates import SkyCoord
import astropy.units as u
a = SkyCoord(ra=10.68 * u.deg, dec=41.27 * u.deg, frame="icrs")
b = SkyCoord("00h42m44s", "+41d16m09s", frame="icrs")
print(a.separation(b).arcsec, a.galactic.l.deg, a.ra.hour, a.dec.to_string(unit=u.deg))
print(a.transform_to("fk5").ra, a.icrs.dec.radian, a.position_angle(b).deg)
""",
    "units_and_constants": """
import astropy.units as u
import astropy.constants as const
from astropy.constants import c, G
d = 3.2 * u.km
print(d.to(u.m), d.value, d.unit, u.km, (1 * u.AU).to(u.lyr), u.dimensionless_unscaled)
print(const.c.to("km/s"), c.value, G.cgs, const.M_sun, (5 * u.GHz).to(u.cm, equivalencies=u.spectral()))
""",
    "cosmology": """
from astropy.cosmology import Planck18, FlatLambdaCDM
import astropy.units as u
print(Planck18.luminosity_distance(0.5).to(u.Mpc), Planck18.H0, Planck18.age(0))
cosmo = FlatLambdaCDM(H0=70, Om0=0.3)
print(cosmo.comoving_distance(1.0), cosmo.Om0, cosmo.angular_diameter_distance(2.0))
""",
    "embed_boost_keywords": """
from rdkit import Chem
from rdkit.Chem import AllChem
mol = Chem.AddHs(Chem.MolFromSmiles("CCO"))
print(AllChem.EmbedMolecule(mol, randomSeed=42), AllChem.MMFFOptimizeMolecule(mol, maxIters=200))
conf = mol.GetConformer()
print(conf.GetAtomPosition(0).x, mol.GetNumConformers())
""",
    "morgan_generator": """
from rdkit import Chem, DataStructs
from rdkit.Chem import rdFingerprintGenerator
gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
a, b = Chem.MolFromSmiles("CCO"), Chem.MolFromSmiles("CCN")
fa = gen.GetFingerprint(a)
fb = gen.GetFingerprint(b)
print(DataStructs.TanimotoSimilarity(fa, fb), fa.GetNumOnBits(), gen.GetCountFingerprintAsNumPy(a).sum())
""",
    "descriptors": """
from rdkit import Chem
from rdkit.Chem import Descriptors, Crippen, Lipinski, rdMolDescriptors
import rdkit.Chem.QED
mol = Chem.MolFromSmiles("CC(=O)Oc1ccccc1C(=O)O")
print(Descriptors.MolWt(mol), Crippen.MolLogP(mol), Lipinski.NumHDonors(mol))
print(rdMolDescriptors.CalcNumHBD(mol), rdMolDescriptors.CalcTPSA(mol), rdkit.Chem.QED.qed(mol))
print(Descriptors.ExactMolWt(mol), Chem.MolToSmiles(mol, isomericSmiles=True, canonical=True))
""",
    "atoms_bonds_rwmol": """
from rdkit import Chem
mol = Chem.MolFromSmiles("C=CC(=O)N")
mol = Chem.AddHs(mol)
bond = mol.GetBondWithIdx(0)
print(bond.GetBondType() == Chem.BondType.DOUBLE, Chem.rdchem.BondType.SINGLE, bond.GetBeginAtom().GetIdx())
em = Chem.RWMol(mol)
idx = em.AddAtom(Chem.Atom(6))
em.AddBond(0, idx, Chem.BondType.SINGLE)
print(em.GetNumAtoms(), Chem.MolToSmiles(em.GetMol()), mol.GetAtomWithIdx(0).GetSymbol())
patt = Chem.MolFromSmarts("C=O")
print(mol.HasSubstructMatch(patt), mol.GetSubstructMatches(patt), mol.GetRingInfo().NumRings())
""",
    "sdf_roundtrip": """
import io
from rdkit import Chem
buf = io.StringIO()
w = Chem.SDWriter(buf)
m = Chem.MolFromSmiles("c1ccccc1O")
m.SetProp("_Name", "phenol")
w.write(m)
w.close()
suppl = Chem.SDMolSupplier()
suppl.SetData(buf.getvalue())
print([x.GetProp("_Name") for x in suppl])
print(Chem.MolToMolBlock(m).count("V2000"), Chem.MolFromMolBlock(Chem.MolToMolBlock(m)).GetNumAtoms())
""",
    "draw_svg": """
from rdkit import Chem
from rdkit.Chem.Draw import rdMolDraw2D
mol = Chem.MolFromSmiles("c1ccccc1")
d = rdMolDraw2D.MolDraw2DSVG(300, 300)
d.DrawMolecule(mol)
d.FinishDrawing()
print(len(d.GetDrawingText()) > 100)
""",
    "seq_basics": """
from Bio.Seq import Seq
s = Seq("ATGGCCATTGTAATGGGCCGCTGA")
print(s.translate(to_stop=True), s.complement(), s.reverse_complement(), s.transcribe(), len(s))
print(s.count("G"), s.find("ATT"), str(s[3:9]), s.upper())
""",
    "seqrecord_instance_attrs": """
from Bio.Seq import Seq
from Bio.SeqRecord import SeqRecord
rec = SeqRecord(Seq("ATGC"), id="x1", name="x", description="demo")
rec.annotations["molecule_type"] = "DNA"
print(rec.id, rec.name, rec.description, rec.seq, rec.annotations, rec.features, rec.dbxrefs)
print(rec.letter_annotations, rec.format("fasta"))
""",
    "seqio_parse": """
import io
from Bio import SeqIO
from Bio.SeqUtils import gc_fraction, molecular_weight
handle = io.StringIO(">a first\\nATGC\\n>b second\\nGGCC\\n")
records = list(SeqIO.parse(handle, "fasta"))
print([r.id for r in records], gc_fraction(records[1].seq), molecular_weight(records[0].seq))
out = io.StringIO()
print(SeqIO.write(records, out, "fasta"), SeqIO.to_dict(records)["a"].description)
""",
    "pairwise_aligner": """
from Bio import Align
aligner = Align.PairwiseAligner()
aligner.mode = "local"
aligner.match_score = 2
print(aligner.score("GATTACA", "GCATGCA"))
alignments = aligner.align("GATTACA", "GCATGCA")
best = alignments[0]
print(best.score, best.aligned, best.shape)
""",
    "protparam_motifs": """
from Bio.SeqUtils.ProtParam import ProteinAnalysis
from Bio import motifs
from Bio.Seq import Seq
pa = ProteinAnalysis("MKWVTFISLLFLFSSAYS")
print(pa.molecular_weight(), pa.isoelectric_point(), pa.aromaticity())
m = motifs.create([Seq("TACAA"), Seq("TACGC"), Seq("TACAC")])
print(m.consensus, m.counts["A"], m.length)
""",
    "time_dynamic": """
from astropy.time import Time, TimeDelta
t = Time("2020-01-01T00:00:00", scale="utc")
print(t.jd, t.mjd, t.iso, t.decimalyear, t.tt.iso, (t + TimeDelta(1.5, format="jd")).isot)
print(Time(["2020-01-01", "2021-01-01"]).jd, t.datetime.year, t.to_value("unix"))
""",
    "table_io": """
import io
from astropy.table import Table, QTable
import astropy.units as u
t = Table({"a": [1, 2, 3], "b": [4.0, 5.0, 6.0]})
t["c"] = t["a"] * 2
print(t.colnames, len(t), t["b"].mean(), t[0]["a"])
t.add_column([7, 8, 9], name="d")
buf = io.StringIO()
t.write(buf, format="ascii.csv")
back = Table.read(buf.getvalue(), format="ascii.csv")
print(back.colnames, QTable({"x": [1, 2] * u.m})["x"].unit)
""",
    "fits_wcs": """
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
hdu = fits.PrimaryHDU(data=np.zeros((4, 4)))
hdu.header["OBJECT"] = "demo"
hdul = fits.HDUList([hdu])
print(hdul[0].header["OBJECT"], hdu.data.shape, repr(hdu.header)[:10])
w = WCS(naxis=2)
w.wcs.crpix = [2.0, 2.0]
w.wcs.cdelt = [-0.001, 0.001]
w.wcs.crval = [10.0, 20.0]
w.wcs.ctype = ["RA---TAN", "DEC--TAN"]
print(w.pixel_to_world(0, 0), w.world_to_pixel_values(10.0, 20.0))
""",
    "angles_match": """
import numpy as np
import astropy.units as u
from astropy.coordinates import Angle, Longitude, SkyCoord, match_coordinates_sky
a = Angle("10d30m")
print(a.degree, a.to_string(unit=u.hourangle), Longitude(370 * u.deg).wrap_at(180 * u.deg))
c1 = SkyCoord(ra=[1, 2] * u.deg, dec=[0, 0] * u.deg)
c2 = SkyCoord(ra=[2.01, 1.01] * u.deg, dec=[0, 0] * u.deg)
idx, sep, _ = match_coordinates_sky(c1, c2, nthneighbor=1)
print(idx, sep.arcsec, c1.match_to_catalog_sky(c2)[0], np.round(sep.deg, 3))
""",
    "altaz_frames": """
import astropy.units as u
from astropy.coordinates import AltAz, EarthLocation, ICRS, Galactic, SkyCoord
from astropy.time import Time
loc = EarthLocation(lat=52.2 * u.deg, lon=0.1 * u.deg, height=10 * u.m)
frame = AltAz(obstime=Time("2020-01-01T00:00:00"), location=loc)
g = Galactic(l=10 * u.deg, b=5 * u.deg)
print(loc.lat, loc.height, frame.obstime, g.l, g.b, ICRS(ra=1 * u.deg, dec=2 * u.deg).ra)
print(SkyCoord(g).icrs.ra.deg)
""",
    "guards_and_shadowing": """
try:
    from rdkit.Chem import NoSuchModuleHere
except ImportError:
    NoSuchModuleHere = None
from rdkit import Chem
mol = Chem.MolFromSmiles("CCO")
if hasattr(mol, "GetNoSuchThing"):
    print(mol.GetNoSuchThing())
try:
    print(Chem.NoSuchFunction(mol))
except AttributeError:
    print("absent")
mol.my_note = "set by the program"
print(mol.my_note)
def helper(Chem):
    return Chem.whatever
print(helper, NoSuchModuleHere)
""",
    "non_indexed_ignored": """
import json, math
import numpy as np
from collections import Counter
print(np.arange(3).sum(), math.pi, json.dumps(Counter("abca")), np.linalg.norm([3, 4]))
""",
    "subclassing": """
from astropy.coordinates import SkyCoord
import astropy.units as u
class Star(SkyCoord):
    pass
s = Star(ra=1 * u.deg, dec=2 * u.deg)
print(s.separation(SkyCoord(ra=1 * u.deg, dec=3 * u.deg)).deg)
""",
    "method_via_class": """
from rdkit import Chem
from Bio.Seq import Seq
mol = Chem.MolFromSmiles("CCO")
print(Chem.Mol.GetNumAtoms(mol), Seq.reverse_complement(Seq("ATG")), Chem.Mol(mol).GetNumAtoms())
""",
    "modeling_fit": """
import numpy as np
from astropy.modeling import models, fitting
x = np.linspace(-5, 5, 50)
y = 3 * np.exp(-0.5 * x**2)
g = models.Gaussian1D(amplitude=1, mean=0, stddev=1)
fitter = fitting.TRFLSQFitter()
fitted = fitter(g, x, y)
print(round(fitted.amplitude.value, 2), g.mean.value, g.param_names)
""",
    "stats_convolution_timeseries": """
import numpy as np
from astropy.stats import sigma_clipped_stats, sigma_clip
from astropy.convolution import Gaussian1DKernel, convolve
from astropy.timeseries import LombScargle
from astropy.io import ascii
data = np.array([1.0, 2.0, 3.0, 100.0])
mean, med, std = sigma_clipped_stats(data, sigma=3.0)
print(mean, sigma_clip(data, sigma=2, maxiters=5).mask, convolve(data, Gaussian1DKernel(stddev=1)))
t = np.linspace(0, 10, 100)
ls = LombScargle(t, np.sin(t))
freq, power = ls.autopower()
print(freq.shape, ascii.read(["a b", "1 2"]).colnames)
""",
    "units_submodules": """
import astropy.units as u
from astropy.units import imperial
print((1 * imperial.mile).to(u.km), u.si.m, u.cgs.erg, u.Unit("km/s").si, u.deg.to(u.rad))
with u.set_enabled_equivalencies(u.dimensionless_angles()):
    print((1 * u.rad).to(u.dimensionless_unscaled))
""",
    "rdkit_misc": """
from rdkit import Chem
from rdkit.Chem import rdFMCS, rdDepictor, BRICS, rdChemReactions
from rdkit.Chem.Scaffolds import MurckoScaffold
from rdkit.Chem.EnumerateStereoisomers import EnumerateStereoisomers, StereoEnumerationOptions
m1, m2 = Chem.MolFromSmiles("c1ccccc1CC"), Chem.MolFromSmiles("c1ccccc1CO")
res = rdFMCS.FindMCS([m1, m2], timeout=10)
print(res.smartsString, res.numAtoms, rdDepictor.Compute2DCoords(m1))
print(Chem.MolToSmiles(MurckoScaffold.GetScaffoldForMol(m1)), MurckoScaffold.MurckoScaffoldSmiles(smiles="c1ccccc1CC"))
print(sorted(BRICS.BRICSDecompose(Chem.MolFromSmiles("CCOc1ccccc1"))))
rxn = rdChemReactions.ReactionFromSmarts("[C:1]=[O:2]>>[C:1][O:2]")
products = rxn.RunReactants((Chem.MolFromSmiles("CC=O"),))
print(len(products), rxn.GetNumReactantTemplates())
opts = StereoEnumerationOptions(unique=True)
print(len(list(EnumerateStereoisomers(Chem.MolFromSmiles("CC(O)CC(N)C"), options=opts))))
""",
    "biopython_misc": """
import io
from Bio import Phylo
from Bio.Seq import Seq
from Bio.Restriction import EcoRI
from Bio.Data import CodonTable
from Bio.SeqUtils import MeltingTemp as mt
from Bio.Align import substitution_matrices, PairwiseAligner
tree = Phylo.read(io.StringIO("(A,(B,C));"), "newick")
print([t.name for t in tree.get_terminals()], tree.count_terminals())
print(EcoRI.search(Seq("AAGAATTCAA")), EcoRI.site, CodonTable.unambiguous_dna_by_id[1].forward_table["ATG"])
print(round(mt.Tm_NN(Seq("AGCTAGCTAGCTAGCT")), 1))
aligner = PairwiseAligner()
aligner.substitution_matrix = substitution_matrices.load("BLOSUM62")
aligner.open_gap_score = -10
print(aligner.score("HEAGAWGHEE", "PAWHEAE"))
""",
    "entrez_pdb_static": """
import io
from Bio import Entrez
from Bio.PDB import PDBParser, PDBIO
Entrez.email = "someone@example.org"
parser = PDBParser(QUIET=True)
pdb = "ATOM      1  N   ALA A   1      11.104   6.134  -6.504  1.00  0.00           N\\nEND\\n"
structure = parser.get_structure("x", io.StringIO(pdb))
atoms = list(structure.get_atoms())
print(len(atoms), atoms[0].get_coord(), structure.header.get("name"), Entrez.email)
io_ = PDBIO()
io_.set_structure(structure)
""",
    "units_loop_variable": """
import astropy.units as u
d = 3 * u.km
for u in [d.unit, (1 * u.m).unit]:
    print(u.to_string(), u.physical_type)
""",
    "module_name_local_in_function": """
import numpy as np
from rdkit import Chem
def first_atom(smiles):
    Chem = None
    np = [1, 2]
    return len(np), Chem
mol = Chem.MolFromSmiles("CCO")
print(first_atom("C"), np.zeros(2), mol.GetNumAtoms())
""",
}
