"""Example requests for the astronomy plugin (Astropy), with their APIs and answers.

Used to measure retrieval (Recall@5 with and without the plugin's recipes and
boosts) and in the plugin's tests; the agent never sees them.  ``apis`` lists
every acceptable public path: the defining module's path and the public alias
a scientist would type.  Methods that ``SkyCoord`` forwards to its frame
(``separation``) are spelled on the frame class, where they are defined.  Every
example with an ``answer`` has a reference program (``solution``) printing the
answer on its last line; ``sciagent plugins check --deep astronomy`` runs them in
the sandbox, offline (no IERS download: dates stay inside the bundled tables).
"""

from __future__ import annotations

from typing import Any

from sciagent import Example


def _ex(request: str, *apis: str, **fields: Any) -> Example:
    return Example(request, apis, **fields)


_SKYCOORD = ("astropy.coordinates.SkyCoord", "astropy.coordinates.sky_coordinate.SkyCoord")
_TRANSFORM = (
    "astropy.coordinates.SkyCoord.transform_to",
    "astropy.coordinates.sky_coordinate.SkyCoord.transform_to",
)
_SEPARATION = (
    "astropy.coordinates.BaseCoordinateFrame.separation",
    "astropy.coordinates.baseframe.BaseCoordinateFrame.separation",
    "astropy.coordinates.angular_separation",
)
_TIME = ("astropy.time.Time", "astropy.time.core.Time", "astropy.time.Time.to_value")
_PLANCK18 = ("astropy.cosmology.Planck18",)
_ALTAZ = ("astropy.coordinates.AltAz", "astropy.coordinates.builtin_frames.altaz.AltAz")
_WCS = ("astropy.wcs.WCS",)
_LA_PALMA = """
import astropy.units as u
from astropy.coordinates import AltAz, EarthLocation, SkyCoord
from astropy.time import Time
site = EarthLocation.from_geodetic(lon=-17.8792 * u.deg, lat=28.7606 * u.deg, height=2396 * u.m)
frame = AltAz(obstime=Time("2020-07-01T00:00:00"), location=site)
vega = SkyCoord(ra=279.2347 * u.deg, dec=38.7837 * u.deg).transform_to(frame)
"""
_TAN_WCS = """
from astropy.wcs import WCS
w = WCS(naxis=2)
w.wcs.ctype = ["RA---TAN", "DEC--TAN"]
w.wcs.crval = [150.0, 2.0]
w.wcs.crpix = [512.5, 512.5]
w.wcs.cdelt = [-0.0002, 0.0002]
"""

EXAMPLES: tuple[Example, ...] = (
    # --- coordinates -------------------------------------------------------------------
    _ex(
        "Galactic longitude of M31, at RA 10.6847 deg, Dec +41.2690 deg (ICRS)",
        *_SKYCOORD,
        *_TRANSFORM,
        "astropy.coordinates.Galactic",
        answer=121.1743,
        tolerance=1e-5,
        solution="""
        import astropy.units as u
        from astropy.coordinates import SkyCoord
        c = SkyCoord(ra=10.6847 * u.deg, dec=41.2690 * u.deg, frame="icrs")
        print(round(c.transform_to("galactic").l.deg, 4))
        """,
    ),
    _ex(
        "How far apart on the sky are Betelgeuse (RA 88.7929, Dec +7.4071) and Rigel "
        "(RA 78.6345, Dec -8.2016), in degrees?",
        *_SEPARATION,
        *_SKYCOORD,
        answer=18.6059,
        tolerance=1e-4,
        solution="""
        import astropy.units as u
        from astropy.coordinates import SkyCoord
        a = SkyCoord(88.7929 * u.deg, 7.4071 * u.deg)
        b = SkyCoord(78.6345 * u.deg, -8.2016 * u.deg)
        print(round(a.separation(b).deg, 4))
        """,
    ),
    _ex(
        "For each of my sources, use match_to_catalog_sky to find the nearest star in a "
        "reference catalogue: how far, in arcsec, is the match of the source at "
        "(10.0, 20.0) deg, given catalogue stars at (10.0005, 20.0) and (11.0, 20.0)?",
        "astropy.coordinates.SkyCoord.match_to_catalog_sky",
        "astropy.coordinates.sky_coordinate.SkyCoord.match_to_catalog_sky",
        "astropy.coordinates.match_coordinates_sky",
        "astropy.coordinates.matching.match_coordinates_sky",
        answer=1.6914,
        tolerance=1e-3,
        solution="""
        import astropy.units as u
        from astropy.coordinates import SkyCoord
        src = SkyCoord([10.0] * u.deg, [20.0] * u.deg)
        cat = SkyCoord([10.0005, 11.0] * u.deg, [20.0, 20.0] * u.deg)
        idx, sep2d, _ = src.match_to_catalog_sky(cat)
        print(round(sep2d[0].arcsec, 4))
        """,
    ),
    _ex(
        "Find all pairs between two source lists closer than 2 arcsec, not just the "
        "nearest neighbour: how many pairs are there?",
        "astropy.coordinates.SkyCoord.search_around_sky",
        "astropy.coordinates.sky_coordinate.SkyCoord.search_around_sky",
        "astropy.coordinates.search_around_sky",
        "astropy.coordinates.matching.search_around_sky",
        answer=3,
        tolerance=0.0,
        solution="""
        import astropy.units as u
        from astropy.coordinates import SkyCoord
        a = SkyCoord([10.0, 10.01, 30.0] * u.deg, [20.0, 20.0, -5.0] * u.deg)
        b = SkyCoord([10.0003, 10.0, 10.0101, 50.0] * u.deg, [20.0, 20.0002, 20.0, 0.0] * u.deg)
        ia, ib, sep, _ = a.search_around_sky(b, 2 * u.arcsec)
        print(len(ia))
        """,
    ),
    _ex(
        "Convert the sexagesimal right ascension 05h34m31.94s into decimal degrees",
        "astropy.coordinates.Angle",
        "astropy.coordinates.angles.Angle",
        *_SKYCOORD,
        answer=83.63308,
        tolerance=1e-6,
        solution="""
        from astropy.coordinates import Angle
        print(round(Angle("05h34m31.94s").deg, 5))
        """,
    ),
    _ex(
        "Format the position RA 83.63308 deg, Dec +22.0145 deg as an hms/dms string for "
        "an observing proposal",
        "astropy.coordinates.SkyCoord.to_string",
        "astropy.coordinates.sky_coordinate.SkyCoord.to_string",
        "astropy.coordinates.Angle.to_string",
        answer="05h34m31.9392s +22d00m52.2s",
        solution="""
        import astropy.units as u
        from astropy.coordinates import SkyCoord
        print(SkyCoord(83.63308 * u.deg, 22.0145 * u.deg).to_string("hmsdms"))
        """,
    ),
    _ex(
        "Which constellation does the sky position RA 10.68 deg, Dec +41.27 deg fall in?",
        "astropy.coordinates.SkyCoord.get_constellation",
        "astropy.coordinates.sky_coordinate.SkyCoord.get_constellation",
        "astropy.coordinates.get_constellation",
        answer="Andromeda",
        solution="""
        import astropy.units as u
        from astropy.coordinates import SkyCoord
        print(SkyCoord(10.68 * u.deg, 41.27 * u.deg).get_constellation())
        """,
    ),
    _ex(
        "Propagate a star's position from the Gaia epoch to 2030 using its proper motion "
        "and parallax",
        "astropy.coordinates.SkyCoord.apply_space_motion",
        "astropy.coordinates.sky_coordinate.SkyCoord.apply_space_motion",
    ),
    # --- observing: sites, horizon coordinates ----------------------------------------
    _ex(
        "Create an EarthLocation for my telescope from its longitude, latitude and "
        "altitude above sea level",
        "astropy.coordinates.EarthLocation.from_geodetic",
        "astropy.coordinates.earth.EarthLocation.from_geodetic",
        "astropy.coordinates.EarthLocation",
    ),
    _ex(
        "How high above the horizon is Vega (RA 279.2347, Dec +38.7837) seen from La "
        "Palma (lon -17.8792, lat 28.7606, 2396 m) at 2020-07-01 00:00 UTC, in degrees?",
        *_ALTAZ,
        *_TRANSFORM,
        "astropy.coordinates.EarthLocation.from_geodetic",
        answer=72.1811,
        tolerance=1e-4,
        solution=_LA_PALMA + "print(round(vega.alt.deg, 4))\n",
    ),
    _ex(
        "What airmass does Vega have from La Palma (lon -17.8792, lat 28.7606, 2396 m) at "
        "2020-07-01 00:00 UTC?",
        "astropy.coordinates.AltAz.secz",
        "astropy.coordinates.builtin_frames.altaz.AltAz.secz",
        *_ALTAZ,
        answer=1.05039,
        tolerance=1e-4,
        solution=_LA_PALMA + "print(round(float(vega.secz), 5))\n",
    ),
    # --- time --------------------------------------------------------------------------
    _ex(
        "Julian date of 2024-03-20 03:06:00 UTC",
        *_TIME,
        answer=2460389.629167,
        tolerance=1e-12,
        solution="""
        from astropy.time import Time
        print(round(Time("2024-03-20 03:06:00", scale="utc").jd, 6))
        """,
    ),
    _ex(
        "Which calendar date and time is modified Julian date 60000? Give it in ISO format",
        *_TIME,
        answer="2023-02-25 00:00:00.000",
        solution="""
        from astropy.time import Time
        print(Time(60000, format="mjd").iso)
        """,
    ),
    _ex(
        "How many seconds ahead of UTC is Terrestrial Time on 2020-01-01?",
        *_TIME,
        "astropy.time.TimeDelta",
        answer=69.184,
        tolerance=1e-6,
        solution="""
        from astropy.time import Time
        t = Time("2020-01-01T00:00:00", scale="utc")
        print(round((t.tt.mjd - t.utc.mjd) * 86400, 3))
        """,
    ),
    # --- cosmology -------------------------------------------------------------------
    _ex(
        "Luminosity distance to a galaxy at redshift 1 in the Planck 2018 cosmology, in Mpc",
        *_PLANCK18,
        "astropy.cosmology.FLRW.luminosity_distance",
        answer=6791.3,
        tolerance=1e-4,
        solution="""
        from astropy.cosmology import Planck18
        print(round(Planck18.luminosity_distance(1).value, 1))
        """,
    ),
    _ex(
        "How old was the Universe at redshift 2, in Gyr, assuming Planck18 parameters?",
        *_PLANCK18,
        "astropy.cosmology.FLRW.age",
        answer=3.2768,
        tolerance=1e-4,
        solution="""
        from astropy.cosmology import Planck18
        print(round(Planck18.age(2).value, 4))
        """,
    ),
    _ex(
        "Physical scale at redshift 0.5: how many proper kpc does one arcsecond span "
        "(Planck 2018)?",
        *_PLANCK18,
        "astropy.cosmology.FLRW.kpc_proper_per_arcmin",
        "astropy.cosmology.FLRW.arcsec_per_kpc_proper",
        "astropy.cosmology.FLRW.angular_diameter_distance",
        answer=6.291,
        tolerance=1e-4,
        solution="""
        import astropy.units as u
        from astropy.cosmology import Planck18
        print(round(Planck18.kpc_proper_per_arcmin(0.5).to(u.kpc / u.arcsec).value, 4))
        """,
    ),
    _ex(
        "At what redshift was the lookback time 10 Gyr in the Planck18 cosmology?",
        "astropy.cosmology.z_at_value",
        "astropy.cosmology.FLRW.lookback_time",
        answer=1.7163,
        tolerance=1e-3,
        solution="""
        import astropy.units as u
        from astropy.cosmology import Planck18, z_at_value
        print(round(float(z_at_value(Planck18.lookback_time, 10 * u.Gyr)), 4))
        """,
    ),
    _ex(
        "Distance modulus of a supernova host at z = 0.05 for Planck 2018 parameters",
        *_PLANCK18,
        "astropy.cosmology.FLRW.distmod",
        answer=36.8075,
        tolerance=1e-4,
        solution="""
        from astropy.cosmology import Planck18
        print(round(Planck18.distmod(0.05).value, 4))
        """,
    ),
    # --- FITS and tables -------------------------------------------------------------
    _ex(
        "Read the exposure time keyword EXPTIME from the primary header of a FITS image",
        "astropy.io.fits.getval",
        "astropy.io.fits.getheader",
        "astropy.io.fits.open",
        answer=300.0,
        tolerance=1e-12,
        solution="""
        import io
        import numpy as np
        from astropy.io import fits
        buf = io.BytesIO()
        hdu = fits.PrimaryHDU(np.zeros((4, 4)))
        hdu.header["EXPTIME"] = 300.0
        hdu.writeto(buf)
        buf.seek(0)
        with fits.open(buf) as hdul:
            print(hdul[0].header["EXPTIME"])
        """,
    ),
    _ex(
        "Save a 2D numpy array as a FITS image with a couple of header keywords",
        "astropy.io.fits.writeto",
        "astropy.io.fits.PrimaryHDU",
        "astropy.io.fits.HDUList.writeto",
    ),
    _ex(
        "Load the binary table extension of a FITS catalogue as a table: how many rows "
        "does it have?",
        "astropy.table.Table.read",
        "astropy.table.table.Table.read",
        "astropy.io.fits.getdata",
        answer=3,
        tolerance=0.0,
        solution="""
        import io
        from astropy.io import fits
        from astropy.table import Table
        buf = io.BytesIO()
        Table({"id": [1, 2, 3], "flux": [1.5, 2.5, 3.5]}).write(buf, format="fits")
        buf.seek(0)
        print(len(Table.read(buf, format="fits")))
        """,
    ),
    _ex(
        "Write my source table to an ECSV text file so units and metadata survive",
        "astropy.table.Table.write",
        "astropy.table.table.Table.write",
        "astropy.io.ascii.write",
    ),
    _ex(
        "Merge a photometry table and a redshift table on their shared source ID column",
        "astropy.table.join",
        "astropy.table.operations.join",
    ),
    # --- WCS -----------------------------------------------------------------------------
    _ex(
        "Sky coordinates of pixel (0, 0) in an image with a TAN projection centred on "
        "RA 150, Dec +2 at reference pixel 512.5 and 0.72 arcsec pixels: what is its Dec?",
        *_WCS,
        "astropy.wcs.WCS.pixel_to_world",
        "astropy.wcs.utils.pixel_to_skycoord",
        "astropy.wcs.WCS.all_pix2world",
        answer=1.897697,
        tolerance=1e-5,
        solution=_TAN_WCS + "print(round(w.pixel_to_world(0, 0).dec.deg, 6))\n",
    ),
    _ex(
        "Which pixel does a given RA/Dec fall on in my image? Is world_to_pixel the way?",
        "astropy.wcs.WCS.world_to_pixel",
        "astropy.wcs.utils.skycoord_to_pixel",
        "astropy.coordinates.SkyCoord.to_pixel",
    ),
    _ex(
        "Cut out a 50x50 pixel postage stamp around a source with Cutout2D, keeping a "
        "WCS that is still correct",
        "astropy.nddata.Cutout2D",
        "astropy.nddata.utils.Cutout2D",
    ),
    # --- units and equivalencies -----------------------------------------------------
    _ex(
        "What frequency in THz corresponds to light of wavelength 500 nm?",
        "astropy.units.spectral",
        "astropy.units.equivalencies.spectral",
        "astropy.units.Quantity.to",
        answer=599.5849,
        tolerance=1e-6,
        solution="""
        import astropy.units as u
        print(round((500 * u.nm).to(u.THz, equivalencies=u.spectral()).value, 4))
        """,
    ),
    _ex(
        "A star has a parallax of 2.5 milliarcseconds: how far away is it in parsecs?",
        "astropy.units.parallax",
        "astropy.units.equivalencies.parallax",
        "astropy.coordinates.Distance",
        answer=400.0,
        tolerance=1e-9,
        solution="""
        import astropy.units as u
        print(round((2.5 * u.mas).to(u.pc, equivalencies=u.parallax()).value, 6))
        """,
    ),
    _ex(
        "H-alpha (rest 6562.8 Å) is observed at 6565.0 Å: line-of-sight velocity in km/s "
        "with the optical velocity convention",
        "astropy.units.doppler_optical",
        "astropy.units.equivalencies.doppler_optical",
        "astropy.units.doppler_relativistic",
        answer=100.497,
        tolerance=1e-4,
        solution="""
        import astropy.units as u
        v = (6565.0 * u.AA).to(u.km / u.s, equivalencies=u.doppler_optical(6562.8 * u.AA))
        print(round(v.value, 3))
        """,
    ),
    _ex(
        "Convert a flux density of 1 mJy to an AB magnitude",
        "astropy.units.ABmag",
        "astropy.units.Quantity.to",
        "astropy.units.spectral_density",
        answer=16.4,
        tolerance=1e-4,
        solution="""
        import astropy.units as u
        print(round((1 * u.mJy).to(u.ABmag).value, 4))
        """,
    ),
    # --- constants ---------------------------------------------------------------------
    _ex(
        "Schwarzschild radius of the Sun in km, from Newton's constant, the speed of "
        "light and the solar mass",
        "astropy.constants.G",
        "astropy.constants.c",
        "astropy.constants.M_sun",
        answer=2.9533,
        tolerance=1e-4,
        solution="""
        import astropy.units as u
        from astropy.constants import G, M_sun, c
        print(round((2 * G * M_sun / c**2).to(u.km).value, 4))
        """,
    ),
    # --- modeling and statistics -------------------------------------------------------
    _ex(
        "Fit a Gaussian line profile to a 1D spectrum: where is the fitted line centre?",
        "astropy.modeling.models.Gaussian1D",
        "astropy.modeling.functional_models.Gaussian1D",
        "astropy.modeling.fitting.TRFLSQFitter",
        "astropy.modeling.fitting.LevMarLSQFitter",
        "astropy.modeling.fitting.LMLSQFitter",
        answer=5.3,
        tolerance=1e-4,
        solution="""
        import numpy as np
        from astropy.modeling import fitting, models
        x = np.linspace(0, 10, 200)
        y = 3 * np.exp(-0.5 * ((x - 5.3) / 0.7) ** 2)
        fit = fitting.TRFLSQFitter()(models.Gaussian1D(amplitude=2, mean=5, stddev=1), x, y)
        print(round(fit.mean.value, 4))
        """,
    ),
    _ex(
        "Fit a straight-line continuum with linear least squares: what is the slope of y = 2x + 1?",
        "astropy.modeling.fitting.LinearLSQFitter",
        "astropy.modeling.models.Polynomial1D",
        "astropy.modeling.polynomial.Polynomial1D",
        "astropy.modeling.models.Linear1D",
        answer=2.0,
        tolerance=1e-6,
        solution="""
        import numpy as np
        from astropy.modeling import fitting, models
        x = np.arange(10.0)
        fit = fitting.LinearLSQFitter()(models.Polynomial1D(degree=1), x, 2 * x + 1)
        print(round(fit.c1.value, 6))
        """,
    ),
    _ex(
        "Robust background level of an image: median after iteratively rejecting "
        "3-sigma outliers, for the pixel values 1 to 9 and one hot pixel at 1000",
        "astropy.stats.sigma_clipped_stats",
        "astropy.stats.sigma_clipping.sigma_clipped_stats",
        answer=5.0,
        tolerance=1e-9,
        solution="""
        from astropy.stats import sigma_clipped_stats
        mean, median, std = sigma_clipped_stats([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000], sigma=3)
        print(float(median))
        """,
    ),
    _ex(
        "Mask cosmic-ray outliers beyond 3 sigma with sigma_clip and get a masked array back",
        "astropy.stats.sigma_clip",
        "astropy.stats.SigmaClip",
    ),
    _ex(
        "Smooth an image with a Gaussian2DKernel while interpolating over NaN pixels",
        "astropy.convolution.convolve.convolve",
        "astropy.convolution.convolve_fft",
        "astropy.convolution.Gaussian2DKernel",
        "astropy.convolution.interpolate_replace_nans",
    ),
    _ex(
        "Period of a variable star from an unevenly sampled light curve with a "
        "LombScargle periodogram: what period does a 2.5-day sinusoid give?",
        "astropy.timeseries.LombScargle",
        "astropy.timeseries.LombScargle.autopower",
        answer=2.5,
        tolerance=5e-3,
        solution="""
        import numpy as np
        from astropy.timeseries import LombScargle
        t = np.sort(np.random.default_rng(0).uniform(0, 100, 300))
        y = np.sin(2 * np.pi * t / 2.5)
        freq, power = LombScargle(t, y).autopower(minimum_frequency=0.05, maximum_frequency=2)
        print(round(1 / freq[np.argmax(power)], 3))
        """,
    ),
    _ex(
        "Search a light curve for periodic transits of an exoplanet with a box-shaped dip",
        "astropy.timeseries.BoxLeastSquares",
    ),
    _ex(
        "Spectral radiance of a 5778 K blackbody at 500 nm, in erg / (s cm2 Hz sr)",
        "astropy.modeling.models.BlackBody",
        "astropy.modeling.physical_models.BlackBody",
        answer=2.19949e-5,
        tolerance=1e-4,
        solution="""
        import astropy.units as u
        from astropy.modeling.models import BlackBody
        print(BlackBody(temperature=5778 * u.K)(500 * u.nm).value)
        """,
    ),
)
