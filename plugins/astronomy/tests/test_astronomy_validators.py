"""The astronomy plugin's output validators, on real astropy unit parsing (no mocks)."""

from __future__ import annotations

import pytest
from sciagent_astronomy import plugin
from sciagent_astronomy.validators import VALIDATORS, requested_units

from sciagent.plugin.testing import assert_declares, errors, judge_with

COSMO = "from astropy.cosmology import FlatLambdaCDM\nimport astropy.units as u\n"
COORD = "from astropy.coordinates import SkyCoord\nimport astropy.units as u\n"


judge = judge_with(VALIDATORS)


def test_plugin_declares_the_validators():
    assert_declares(plugin, validators=VALIDATORS)


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        ("What is the luminosity distance to z = 0.5? Report it in Mpc.", ["Mpc"]),
        ("Convert 3 kpc to light-years (Julian).", ["lyr"]),
        ("Give the separation in degrees, rounded to 3 places", ["deg"]),
        ("What is the velocity in km/s?", ["km / s"]),
        ("What is the Julian Date in the UTC time scale of a galaxy in a cluster?", []),
        ("Give RA in hours and Dec in degrees.", ["hourangle", "deg"]),
    ],
)
def test_requested_units_are_read_from_the_request(request_, expected):
    assert [u.to_string() for u in requested_units(request_)] == expected


RIGHT = [
    pytest.param(
        "What is the luminosity distance to z = 0.5 for H0 = 70, Om0 = 0.3? Report it in Mpc.",
        COSMO + "result = FlatLambdaCDM(H0=70, Om0=0.3).luminosity_distance(0.5)\nprint(result)\n",
        "2832.9380939001253 Mpc\n",
        {"value": 2832.9380939001253, "unit": "Mpc"},
        id="quantity-in-mpc",
    ),
    pytest.param(
        "What is the lookback time to z = 0.5 (H0 = 70, Om0 = 0.3)?",
        COSMO + "print(FlatLambdaCDM(H0=70, Om0=0.3).lookback_time(0.5))\n",
        "5.040637929310089 Gyr\n",
        None,
        id="lookback-time",
    ),
    pytest.param(
        "Angular separation between 10h00m00s +30d00m00s and 10h10m00s +31d00m00s, in degrees?",
        COORD + "a = SkyCoord('10h00m00s', '+30d00m00s')\nb = SkyCoord('10h10m00s', '+31d00m00s')\n"
        "result = a.separation(b).deg\nprint(result)\n",
        "2.3747842015412997\n",
        2.3747842015412997,
        id="separation-deg",
    ),
    pytest.param(
        "Angular separation between 10h00m00s +30d00m00s and 10h10m00s +31d00m00s?",
        COORD + "a = SkyCoord('10h00m00s', '+30d00m00s')\nb = SkyCoord('10h10m00s', '+31d00m00s')\n"
        "print(a.separation(b))\n",
        "2d22m29.22312555s\n",
        None,
        id="separation-sexagesimal",
    ),
    pytest.param(
        "Convert RA 10h00m00s, Dec +30d00m00s to decimal degrees. Answer as [ra_deg, dec_deg].",
        COORD + "c = SkyCoord('10h00m00s', '+30d00m00s')\nresult = [c.ra.deg, c.dec.deg]\n"
        "print(result)\n",
        "[149.99999999999997, 30.0]\n",
        [149.99999999999997, 30.0],
        id="ra-dec-list",
    ),
    pytest.param(
        "Convert RA 10h00m00s, Dec +30d00m00s to Galactic coordinates.",
        COORD + "print(SkyCoord('10h00m00s', '+30d00m00s').galactic)\n",
        "<SkyCoord (Galactic): (l, b) in deg\n    (198.14212843, 52.46411778)>\n",
        None,
        id="skycoord-repr",
    ),
    pytest.param(
        "What is the TDB Julian date of 2024-06-01 12:00 UTC?",
        "from astropy.time import Time\nprint(Time('2024-06-01 12:00', scale='utc').tdb.jd)\n",
        "2460463.000800741\n",
        None,
        id="explicit-time-scale",
    ),
    pytest.param(
        "What is the speed of light in km/s?",
        "import astropy.constants as const\nimport astropy.units as u\n"
        "print(const.c.to(u.km / u.s).value)\n",
        "299792.458\n",
        None,
        id="speed-of-light",
    ),
    pytest.param(
        "Give the position of Vega as RA and Dec.",
        COORD
        + "c = SkyCoord.from_name('Vega')\nprint(f'RA: {c.ra.deg:.4f} deg, Dec: {c.dec.deg:.4f} deg')\n",
        "RA: 279.2347 deg, Dec: 38.7837 deg\n",
        None,
        id="labelled-ra-dec",
    ),
]


RIGHT += [
    pytest.param(
        "Given a distance in Mpc, what angle does 10 kpc subtend at 20 Mpc?",
        "import astropy.units as u\nprint(((10 * u.kpc) / (20 * u.Mpc)).to(u.deg, "
        "equivalencies=u.dimensionless_angles()))\n",
        "0.028647889756541162 deg\n",
        None,
        id="unit-of-an-input",
    ),
    pytest.param(
        "Observatory location as [lon, lat, alt], observed 25 Dec 2024.",
        "from astropy.coordinates import EarthLocation\nimport astropy.units as u\n"
        "print('Date: 25 Dec 2024')\nprint([-155.47, 19.82, 4205.0])\n",
        "Date: 25 Dec 2024\n[-155.47, 19.82, 4205.0]\n",
        None,
        id="date-and-height-are-not-coordinates",
    ),
    pytest.param(
        "Convert 10 pc to AU and km.",
        "import astropy.units as u\nprint((10 * u.pc).to(u.AU))\nprint((10 * u.pc).to(u.km))\n",
        "2062648.0624470047 AU\n308567758149136.75 km\n",
        None,
        id="two-requested-units",
    ),
    pytest.param(
        "What is the comoving distance to z = 1 in Mpc/h?",
        COSMO + "print(FlatLambdaCDM(H0=70, Om0=0.3).comoving_distance(1) * 0.7)\n",
        "2310.4 Mpc\n",
        None,
        id="little-h",
    ),
]


@pytest.mark.parametrize(("request_", "code", "stdout", "value"), RIGHT)
def test_right_outputs_raise_no_issue(request_, code, stdout, value):
    verdict = judge(request_, code, stdout, value, value is not None)
    assert verdict.issues == []


def test_wrong_physical_type_is_rejected():
    verdict = judge(
        "What is the luminosity distance to z = 0.5? Report it in Mpc.",
        COSMO + "result = FlatLambdaCDM(H0=70, Om0=0.3).lookback_time(0.5).to(u.s)\n",
        "",
        {"value": 1.5907e17, "unit": "s"},
        True,
    )
    [message] = errors(verdict)
    assert "length" in message and "time" in message


def test_named_quantity_with_wrong_type_is_rejected():
    verdict = judge(
        "What is the comoving distance to z = 2 in a Planck18 cosmology?",
        "from astropy.cosmology import Planck18\nprint(Planck18.age(2))\n",
        "3.2 Gyr\n",
    )
    [message] = errors(verdict)
    assert "length" in message


def test_wrong_unit_names_the_conversion():
    verdict = judge(
        "What is the distance of a star with parallax 10 mas? Give it in pc.",
        "import astropy.units as u\nfrom astropy.coordinates import Distance\n"
        "print(Distance(parallax=10 * u.mas).to(u.km))\n",
        "3085677581491367.0 km\n",
    )
    [message] = errors(verdict)
    assert ".to(u.pc)" in message


def test_spectral_mismatch_suggests_the_equivalency():
    verdict = judge(
        "What frequency does a 21.1 cm line have? Answer in MHz.",
        "import astropy.units as u\nprint((21.1 * u.cm).to(u.nm))\n",
        "211000000.0 nm\n",
    )
    [message] = errors(verdict)
    assert "u.spectral()" in message


@pytest.mark.parametrize(
    ("stdout", "value", "keyword"),
    [
        ("RA: 120.5 deg, Dec: 95.0 deg\n", None, "declination"),
        ("", {"ra": 370.2, "dec": 12.0}, "right ascension"),
        ("RA = 25h10m00s, Dec = +12d00m00s\n", None, "right ascension"),
        ("Dec = +12d75m00s\n", None, "minutes or seconds"),
    ],
)
def test_out_of_range_coordinates_are_rejected(stdout, value, keyword):
    verdict = judge(
        "Where is the target? Give its RA and Dec.",
        COORD + "c = SkyCoord(ra=120.5 * u.deg, dec=85 * u.deg)\nprint(c)\n",
        stdout,
        value,
        value is not None,
    )
    assert any(keyword in m for m in errors(verdict))


def test_separation_over_180_degrees_is_rejected():
    verdict = judge(
        "What is the angular separation of the two sources, in arcsec?",
        COORD + "a = SkyCoord(1 * u.deg, 2 * u.deg)\nb = SkyCoord(3 * u.deg, 4 * u.deg)\n"
        "print(a.separation(b).arcsec * 1000)\n",
        "10180000.0\n",
    )
    [message] = errors(verdict)
    assert "separation" in message and "180" in message


def test_template_list_declination_out_of_range():
    verdict = judge(
        "Convert to degrees. Answer as [ra_deg, dec_deg].",
        COORD + "result = [150.0, 95.0]\n",
        "[150.0, 95.0]\n",
        [150.0, 95.0],
        True,
    )
    assert any("declination" in m for m in errors(verdict))


def test_time_without_scale_is_a_warning():
    verdict = judge(
        "Convert the TT epoch 2024-06-01 12:00 to TDB and give the JD.",
        "from astropy.time import Time\nprint(Time('2024-06-01 12:00').tdb.jd)\n",
        "2460463.0008\n",
    )
    assert verdict.ok
    [warning] = verdict.warnings
    assert "scale=" in warning.message and "TT" in warning.message


def test_constant_off_by_orders_of_magnitude_is_rejected():
    verdict = judge(
        "What is the speed of light in km/s?",
        "import astropy.constants as const\nprint(const.c.value)\n",
        "299792458.0\n",
    )
    [message] = errors(verdict)
    assert "speed of light" in message and "astropy.constants.c.to(u.km / u.s)" in message


def test_silent_on_other_domains():
    verdict = judge(
        "Give the SMILES in Mpc of DNA with Dec 95; what is the distance in pc?",
        "from rdkit import Chem\nfrom Bio.Seq import Seq\nprint('Dec: 95 deg')\nprint('3 s')\n",
        "Dec: 95 deg\n3 s\n",
        {"value": 3, "unit": "s"},
        True,
    )
    assert verdict.issues == []


# ------------------------------------------------- answers the request shapes

HAVERSINE = (
    "import numpy as np\nimport astropy.units as u\n"
    "ra1, dec1, ra2, dec2 = np.radians([150.0, 30.0, 152.5, 31.0])\n"
    "h = np.sin((dec2 - dec1) / 2) ** 2 + np.cos(dec1) * np.cos(dec2) * np.sin((ra2 - ra1) / 2) ** 2\n"
    "print(np.degrees(2 * np.arcsin(np.sqrt(h))) + {offset})\n"
)
SEPARATION = "Angular separation between RA 150, Dec 30 and RA 152.5, Dec 31, in degrees?"


def test_separation_computed_by_hand_is_range_checked() -> None:
    """Without SkyCoord.separation in the code, the request still says it is an angle."""
    assert errors(judge(SEPARATION, HAVERSINE.format(offset=0), "2.3747842\n")) == []
    (message,) = errors(judge(SEPARATION, HAVERSINE.format(offset=360), "362.3747842\n"))
    assert "angular separation" in message and "[0, 180]" in message


def test_projected_separation_is_not_an_angle() -> None:
    request = "What is the projected separation of the pair in kpc?"
    assert errors(judge(request, HAVERSINE.format(offset=300), "302.4\n")) == []


DISTANCE = COSMO + "cosmo = FlatLambdaCDM(H0=70, Om0=0.3)\nprint({expr})\n"


@pytest.mark.parametrize(
    ("request_", "stdout"),
    [
        ("What is the luminosity distance to z = 0.5? Report it in Mpc.", "-2832.9\n"),
        ("What is the comoving distance to z = 1 in Gpc?", "-3.3\n"),
        ("How far is a galaxy at z = 0.1? Give the luminosity distance.", "-460.0 Mpc\n"),
    ],
)
def test_negative_distance_is_rejected(request_: str, stdout: str) -> None:
    code = DISTANCE.format(expr="-cosmo.luminosity_distance(0.5).to(u.Mpc).value")
    (message,) = errors(judge(request_, code, stdout))
    assert "cannot be negative" in message


@pytest.mark.parametrize(
    ("request_", "stdout"),
    [
        ("What is the luminosity distance to z = 0.5? Report it in Mpc.", "2832.9\n"),
        ("What is the distance modulus at z = 0.5?", "-42.3\n"),
        ("Difference between the comoving distances at z = 0.4 and z = 0.5, in Mpc?", "-318.2\n"),
        ("Comoving distance to M31 at z = -0.001 in Mpc?", "-4.28\n"),
        ("Angular distance between two stars, in degrees?", "-0.0\n"),
        ("What is the luminosity distance to z = 0.5 in Mpc, and its distance modulus?", "-3\n"),
    ],
)
def test_signed_or_other_quantities_are_not_called_negative_distances(request_, stdout) -> None:
    code = DISTANCE.format(expr="cosmo.luminosity_distance(0.5).to(u.Mpc).value")
    assert not any("cannot be negative" in m for m in errors(judge(request_, code, stdout)))
