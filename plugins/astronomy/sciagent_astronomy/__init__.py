"""sciagent plugin for astronomy: Astropy."""

from pathlib import Path

from sciagent import Library, Plugin

from .examples import EXAMPLES
from .hints import ERROR_HINTS
from .keywords import KEYWORDS
from .normalisers import NORMALISERS
from .recipes import RECIPES, SYNONYMS
from .validators import VALIDATORS

plugin = Plugin(
    name="astronomy",
    domain="astronomy",
    description="Units, coordinates, time, cosmology, tables, FITS and WCS with Astropy.",
    libraries=(
        Library(
            name="astropy",
            import_name="astropy",
            distribution="astropy",
            include=("astropy", "astropy.*"),
            exclude=(
                "astropy.extern*",  # vendored third-party code
                "*.tests*",
                "*.conftest",
                "astropy.utils.compat*",
                "astropy.version",
            ),
        ),
    ),
    boosts={
        "astropy.coordinates.sky_coordinate.SkyCoord": 1.3,
        "astropy.table.table.Table.read": 1.3,
        "astropy.io.fits.connect.*": 0.7,
        "astropy.io.misc.*": 0.8,
    },
    # SkyCoord forwards what it lacks to its frame (SkyCoord.__getattr__):
    # c.separation(...), c.position_angle(...), c.cartesian are the frame's
    forwards={"astropy.coordinates.SkyCoord": "astropy.coordinates.BaseCoordinateFrame"},
    preload=("astropy.units", "astropy.coordinates", "astropy.time", "astropy.table"),
    recipes=RECIPES,
    synonyms=SYNONYMS,
    keywords=KEYWORDS,
    examples=EXAMPLES,
    validators=VALIDATORS,
    normalisers=NORMALISERS,
    error_hints=ERROR_HINTS,
    # names astropy programs conventionally use without a second thought
    # vectors of this plugin's card texts, so a first index build need not embed them
    embedding_seeds=str(Path(__file__).parent / "embeddings"),
    imports={
        "u": "astropy.units",
        "const": "astropy.constants",
        "SkyCoord": "astropy.coordinates.SkyCoord",
        "Time": "astropy.time.Time",
        "Table": "astropy.table.Table",
        "fits": "astropy.io.fits",
    },
)
