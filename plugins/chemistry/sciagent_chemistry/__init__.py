"""sciagent plugin for chemistry: RDKit."""

from pathlib import Path

from sciagent import Library, Plugin

from .examples import EXAMPLES
from .hints import ERROR_HINTS
from .keywords import KEYWORDS
from .normalisers import NORMALISERS
from .recipes import RECIPES, SYNONYMS
from .validators import VALIDATORS

plugin = Plugin(
    name="chemistry",
    domain="chemistry",
    description="Cheminformatics with RDKit: molecules, descriptors, fingerprints, reactions.",
    libraries=(
        Library(
            name="rdkit",
            import_name="rdkit",
            distribution="rdkit",
            include=("rdkit", "rdkit.*"),
            exclude=(
                "rdkit.sping*",  # legacy drawing backend
                "rdkit.Dbase*",  # database helpers from the 2000s
                "rdkit.VLib*",
                # the old machine-learning toolkit, except clustering (Butina is standard)
                "rdkit.ML.[!C]*",
                "rdkit.ML.Composite*",
                "rdkit.utils*",
                "rdkit.Chem.Draw.IPythonConsole",  # patches IPython on import
                "*.UnitTest*",
                "*.test*",
            ),
        ),
    ),
    boosts={
        # the generator API is the supported way to make fingerprints
        "rdkit.Chem.rdFingerprintGenerator.GetMorganGenerator": 1.3,
        "rdkit.Chem.Draw.SimilarityMaps.*": 0.6,
        "rdkit.Chem.rdmolfiles.MolFromSmiles": 1.2,
    },
    preload=("rdkit.Chem", "rdkit.Chem.AllChem", "rdkit.Chem.Descriptors"),
    recipes=RECIPES,
    synonyms=SYNONYMS,
    keywords=KEYWORDS,
    examples=EXAMPLES,
    validators=VALIDATORS,
    normalisers=NORMALISERS,
    error_hints=ERROR_HINTS,
    # names RDKit programs conventionally use without a second thought
    # vectors of this plugin's card texts, so a first index build need not embed them
    embedding_seeds=str(Path(__file__).parent / "embeddings"),
    imports={
        "Chem": "rdkit.Chem",
        "AllChem": "rdkit.Chem.AllChem",
        "Descriptors": "rdkit.Chem.Descriptors",
        "rdMolDescriptors": "rdkit.Chem.rdMolDescriptors",
        "Crippen": "rdkit.Chem.Crippen",
        "Lipinski": "rdkit.Chem.Lipinski",
        "DataStructs": "rdkit.DataStructs",
    },
)
