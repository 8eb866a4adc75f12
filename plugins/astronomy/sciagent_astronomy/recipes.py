"""Curated Astropy idioms and an astronomer's glossary, so plain-word requests find the right API."""

from __future__ import annotations

from sciagent import Recipe

RECIPES: tuple[Recipe, ...] = (
    # --- units and quantities ----------------------------------------------------------
    Recipe(
        title="Convert a quantity between units",
        description=(
            "Attach physical units to numbers (Quantity = value * unit) and convert them with "
            ".to(), e.g. km/s to pc/Myr, erg/s to W, AU to km; .value strips the unit and "
            "to_value gives a plain number in the target unit."
        ),
        apis=(
            "astropy.units.Quantity.to",
            "astropy.units.Quantity",
            "astropy.units.Quantity.to_value",
        ),
        code=(
            "import astropy.units as u\n"
            "v = 220 * u.km / u.s\n"
            "print(v.to(u.pc / u.Myr), (1 * u.AU).to(u.km), (3.828e33 * u.erg / u.s).to_value(u.W))"
        ),
        tags=("units", "conversion"),
    ),
    Recipe(
        title="Parse unit strings and simplify compound units",
        description=(
            "Build units from text such as 'erg / (s cm2 Angstrom)' or FITS/CDS unit strings with "
            "u.Unit, reduce compound units to SI or CGS bases (decompose, .si, .cgs), and "
            "write them back as strings in FITS, LaTeX or CDS style."
        ),
        apis=(
            "astropy.units.Unit",
            "astropy.units.Quantity.decompose",
            "astropy.units.UnitBase.to_string",
        ),
        code=(
            "import astropy.units as u\n"
            "flux = u.Unit('erg / (s cm2 Angstrom)')\n"
            "print(flux.to_string('fits'), flux.si, flux.decompose().bases)\n"
            "q = 3 * u.Msun * u.km ** 2 / u.s ** 2\n"
            "print(q.si, q.cgs, q.decompose())"
        ),
        tags=("units", "parsing"),
    ),
    Recipe(
        title="Convert wavelength, frequency and photon energy",
        description=(
            "Use the spectral equivalency to convert between wavelength, frequency, "
            "wavenumber and photon energy (e.g. nm to Hz, GHz to mm, keV to Angstrom), which "
            "plain unit conversion refuses because the dimensions differ."
        ),
        apis=("astropy.units.spectral", "astropy.units.Quantity.to"),
        code=(
            "import astropy.units as u\n"
            "print((656.3 * u.nm).to(u.THz, equivalencies=u.spectral()))\n"
            "print((1.420405751 * u.GHz).to(u.cm, equivalencies=u.spectral()))\n"
            "print((6.4 * u.keV).to(u.AA, equivalencies=u.spectral()))"
        ),
        tags=("units", "equivalencies", "spectroscopy"),
    ),
    Recipe(
        title="Convert flux density between per-frequency and per-wavelength",
        description=(
            "Turn a spectral flux density F_nu (Jy, erg/s/cm2/Hz) into F_lambda "
            "(erg/s/cm2/Angstrom) or photon flux and back with the spectral_density "
            "equivalency, which needs the wavelength or frequency."
        ),
        apis=("astropy.units.spectral_density", "astropy.units.Quantity.to"),
        code=(
            "import astropy.units as u\n"
            "flam = u.erg / u.s / u.cm**2 / u.AA\n"
            "print((1 * u.mJy).to(flam, equivalencies=u.spectral_density(5500 * u.AA)))\n"
            "print((1e-17 * flam).to(u.uJy, equivalencies=u.spectral_density(2 * u.um)))"
        ),
        tags=("units", "flux", "sed"),
    ),
    Recipe(
        title="Doppler velocity from an observed line frequency or wavelength",
        description=(
            "Convert observed frequency or wavelength of a spectral line to a line-of-sight "
            "velocity (and back) with the radio, optical or relativistic Doppler conventions, "
            "given the rest frequency/wavelength."
        ),
        apis=(
            "astropy.units.doppler_radio",
            "astropy.units.doppler_optical",
            "astropy.units.doppler_relativistic",
        ),
        code=(
            "import astropy.units as u\n"
            "rest = 115.27120 * u.GHz  # CO(1-0)\n"
            "print((115.0 * u.GHz).to(u.km / u.s, equivalencies=u.doppler_radio(rest)))\n"
            "print((6570 * u.AA).to(u.km / u.s, equivalencies=u.doppler_optical(6562.8 * u.AA)))\n"
            "print((500 * u.km / u.s).to(u.GHz, equivalencies=u.doppler_relativistic(rest)))"
        ),
        tags=("units", "doppler", "velocity"),
    ),
    Recipe(
        title="Temperature conversions (Celsius, Kelvin, Fahrenheit, energy)",
        description=(
            "Convert temperatures between K, deg C and deg F, which need the temperature "
            "equivalency because of the offsets, and between temperature and energy (eV, kT) "
            "with temperature_energy."
        ),
        apis=("astropy.units.temperature", "astropy.units.temperature_energy"),
        code=(
            "import astropy.units as u\n"
            "print((25 * u.deg_C).to(u.K, equivalencies=u.temperature()))\n"
            "print((300 * u.K).to(u.imperial.deg_F, equivalencies=u.temperature()))\n"
            "print((1 * u.eV).to(u.K, equivalencies=u.temperature_energy()))"
        ),
        tags=("units", "temperature"),
    ),
    Recipe(
        title="Distance from parallax and distance modulus",
        description=(
            "Turn a trigonometric parallax (mas, arcsec, e.g. from Gaia) into a distance in pc "
            "with the parallax equivalency or Distance(parallax=...), and get the distance "
            "modulus m - M, or a distance from a distance modulus."
        ),
        apis=(
            "astropy.coordinates.Distance",
            "astropy.units.parallax",
            "astropy.coordinates.Distance.distmod",
        ),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import Distance\n"
            "print((10 * u.mas).to(u.pc, equivalencies=u.parallax()))\n"
            "d = Distance(parallax=2.5 * u.mas); print(d, d.distmod)\n"
            "print(Distance(distmod=24.47).to(u.kpc))"
        ),
        tags=("distance", "parallax"),
    ),
    Recipe(
        title="Radio brightness temperature from flux density",
        description=(
            "Convert a radio flux density per beam (Jy/beam) into brightness temperature (K) "
            "for a given beam solid angle and frequency with brightness_temperature; beam area "
            "from the FWHM of a Gaussian beam."
        ),
        apis=("astropy.units.brightness_temperature",),
        code=(
            "import numpy as np, astropy.units as u\n"
            "fwhm = 1 * u.arcsec\n"
            "beam = 2 * np.pi * (fwhm / np.sqrt(8 * np.log(2))) ** 2\n"
            "print((1 * u.mJy).to(u.K, equivalencies=u.brightness_temperature(230 * u.GHz, beam_area=beam)))"
        ),
        tags=("units", "radio"),
    ),
    Recipe(
        title="Use physical and astronomical constants",
        description=(
            "Get CODATA physical constants and IAU astronomical constants (G, c, h, k_B, "
            "sigma_sb, M_sun, R_sun, L_sun, M_earth, au, pc) as Quantities with units and "
            "uncertainties, and compute with them, e.g. an escape velocity or Schwarzschild "
            "radius."
        ),
        apis=(
            "astropy.constants.G",
            "astropy.constants.c",
            "astropy.constants.M_sun",
            "astropy.constants.Constant",
        ),
        code=(
            "import numpy as np, astropy.units as u\n"
            "from astropy import constants as const\n"
            "print(const.G, const.M_sun.uncertainty)\n"
            "print(np.sqrt(2 * const.G * const.M_earth / const.R_earth).to(u.km / u.s))\n"
            "print((2 * const.G * 10 * const.M_sun / const.c**2).to(u.km))"
        ),
        tags=("constants",),
    ),
    Recipe(
        title="Magnitudes, AB magnitudes and flux conversion",
        description=(
            "Convert AB magnitudes to flux density (Jy, erg/s/cm2/Hz) and back, and do "
            "magnitude arithmetic with logarithmic units (u.ABmag, u.STmag, u.mag); colours and "
            "flux ratios follow from differences."
        ),
        apis=("astropy.units.ABmag", "astropy.units.Quantity.to", "astropy.units.Magnitude"),
        code=(
            "import astropy.units as u\n"
            "m = 20.0 * u.ABmag\n"
            "print(m.to(u.uJy), (3631 * u.Jy).to(u.ABmag))\n"
            "print((1 * u.mJy).to(u.ABmag), u.Magnitude(-2.5).physical)  # flux ratio"
        ),
        tags=("magnitudes", "photometry", "flux"),
    ),
    Recipe(
        title="Numpy operations on arrays with units",
        description=(
            "Quantities behave like numpy arrays: ufuncs (np.sqrt, np.sin with angles), "
            "reductions (mean, sum) and broadcasting keep or check units; use .value or "
            "to_value for unitless arrays. quantity_support makes matplotlib label plot axes "
            "with units (requires matplotlib)."
        ),
        apis=("astropy.units.Quantity", "astropy.visualization.quantity_support"),
        code=(
            "import numpy as np, astropy.units as u\n"
            "r = np.array([1.0, 2.0, 4.0]) * u.kpc\n"
            "print(r.mean(), np.sqrt(r * u.kpc), np.sin(30 * u.deg))\n"
            "print(np.hypot(3 * u.m, 4 * u.cm), r.to_value(u.pc))"
        ),
        tags=("units", "numpy"),
    ),
    # --- sky coordinates ---------------------------------------------------------------
    Recipe(
        title="Create sky coordinates from RA/Dec strings or degrees",
        description=(
            "Make a SkyCoord for a target from sexagesimal right ascension and declination "
            "('10h21m00s +41d12m00s', '10:21:00 +41:12:00' with hourangle/deg units) or decimal "
            "degrees, for a single object or arrays of many."
        ),
        apis=("astropy.coordinates.SkyCoord", "astropy.coordinates.ICRS"),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import SkyCoord\n"
            "a = SkyCoord('05h35m17.3s -05d23m28s')\n"
            "b = SkyCoord('05:35:17.3 -05:23:28', unit=(u.hourangle, u.deg))\n"
            "c = SkyCoord(ra=[10.68, 83.82] * u.deg, dec=[41.27, -5.39] * u.deg, frame='icrs')\n"
            "print(a.ra.deg, a.dec.deg, b.ra.deg, c.shape)"
        ),
        tags=("coordinates", "ra dec"),
    ),
    Recipe(
        title="Format coordinates and angles as sexagesimal strings",
        description=(
            "Print RA/Dec as hms/dms text (HH:MM:SS.ss +DD:MM:SS.s) with SkyCoord.to_string "
            "('hmsdms') or Angle.to_string, choosing separators and precision; Angle also "
            "parses strings and wraps angles (wrap_at)."
        ),
        apis=(
            "astropy.coordinates.Angle.to_string",
            "astropy.coordinates.SkyCoord.to_string",
            "astropy.coordinates.Angle",
        ),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import SkyCoord, Angle\n"
            "c = SkyCoord(ra=83.8221 * u.deg, dec=-5.3911 * u.deg)\n"
            "print(c.to_string('hmsdms', sep=':', precision=2))\n"
            "print(c.ra.to_string(unit=u.hour, sep=':'), c.dec.to_string(sep=':', alwayssign=True))\n"
            "print(Angle('-10d30m').degree, Angle(370 * u.deg).wrap_at(180 * u.deg))"
        ),
        tags=("coordinates", "sexagesimal", "formatting"),
    ),
    Recipe(
        title="Convert equatorial coordinates to Galactic",
        description=(
            "Transform ICRS/J2000 RA, Dec into Galactic longitude and latitude (l, b) and back "
            "with transform_to or the .galactic shortcut."
        ),
        apis=("astropy.coordinates.SkyCoord.transform_to", "astropy.coordinates.Galactic"),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import SkyCoord, Galactic\n"
            "c = SkyCoord(ra=266.405 * u.deg, dec=-28.936 * u.deg, frame='icrs')\n"
            "g = c.transform_to(Galactic()); print(g.l.deg, g.b.deg)\n"
            "print(SkyCoord(l=0 * u.deg, b=90 * u.deg, frame='galactic').icrs)"
        ),
        tags=("coordinates", "galactic", "transform"),
    ),
    Recipe(
        title="Ecliptic, FK5 and FK4 (B1950) coordinate frames",
        description=(
            "Convert between ICRS and ecliptic longitude/latitude, FK5 at a given equinox "
            "(precession to J2000 or date), or old FK4 B1950 catalogue coordinates, by "
            "transforming into frames with equinox/obstime parameters."
        ),
        apis=(
            "astropy.coordinates.SkyCoord.transform_to",
            "astropy.coordinates.FK5",
            "astropy.coordinates.FK4",
            "astropy.coordinates.GeocentricTrueEcliptic",
            "astropy.coordinates.BarycentricTrueEcliptic",
        ),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import SkyCoord, FK5, FK4, BarycentricTrueEcliptic\n"
            "c = SkyCoord(ra=10.68458 * u.deg, dec=41.26917 * u.deg)\n"
            "print(c.transform_to(BarycentricTrueEcliptic()))\n"
            "print(c.transform_to(FK5(equinox='J2030')))\n"
            "print(c.transform_to(FK4(equinox='B1950')).to_string('hmsdms'))"
        ),
        tags=("coordinates", "ecliptic", "precession"),
    ),
    Recipe(
        title="Altitude, azimuth and airmass of a target from an observatory",
        description=(
            "Compute where an object is in the local sky (altitude/elevation, azimuth, zenith "
            "angle, airmass sec z) for an observing site and time by transforming a SkyCoord "
            "into an AltAz frame built from EarthLocation.from_geodetic and Time."
        ),
        apis=(
            "astropy.coordinates.AltAz",
            "astropy.coordinates.EarthLocation.from_geodetic",
            "astropy.coordinates.SkyCoord.transform_to",
            "astropy.time.Time",
        ),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import AltAz, EarthLocation, SkyCoord\n"
            "from astropy.time import Time\n"
            "site = EarthLocation.from_geodetic(lon=-17.88 * u.deg, lat=28.76 * u.deg, height=2396 * u.m)\n"
            "frame = AltAz(obstime=Time('2020-01-15 23:00:00'), location=site)\n"
            "aa = SkyCoord(ra=83.82 * u.deg, dec=-5.39 * u.deg).transform_to(frame)\n"
            "print(round(aa.alt.deg, 2), round(aa.az.deg, 2), round(float(aa.secz), 3))"
        ),
        tags=("coordinates", "altaz", "observing"),
    ),
    Recipe(
        title="Look up an observatory or an object by name (network)",
        description=(
            "Get an observatory's location by its name (EarthLocation.of_site('Keck'), "
            "'paranal', 'greenwich') and resolve a target name to coordinates via "
            "Sesame/SIMBAD with SkyCoord.from_name. Both need network access; offline, use "
            "EarthLocation.from_geodetic and explicit RA/Dec."
        ),
        apis=(
            "astropy.coordinates.EarthLocation.of_site",
            "astropy.coordinates.SkyCoord.from_name",
            "astropy.coordinates.EarthLocation.get_site_names",
        ),
        tags=("network", "observatory", "name resolver"),
    ),
    Recipe(
        title="Angular separation and position angle between two objects",
        description=(
            "Great-circle angular distance on the sky between two coordinates (separation, "
            "in deg/arcmin/arcsec) and the position angle east of north from one to the other."
        ),
        apis=(
            "astropy.coordinates.SkyCoord",
            "astropy.coordinates.BaseCoordinateFrame.separation",
            "astropy.coordinates.BaseCoordinateFrame.position_angle",
        ),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import SkyCoord\n"
            "a = SkyCoord('00h42m44.3s +41d16m09s')\n"
            "b = SkyCoord('00h40m22.1s +41d41m07s')\n"
            "print(a.separation(b).to(u.arcmin), a.position_angle(b).to(u.deg))"
        ),
        tags=("coordinates", "separation"),
    ),
    Recipe(
        title="Offset a position by an angle, and offsets between positions",
        description=(
            "Move a coordinate by a given separation along a position angle "
            "(directional_offset_by), or get the RA/Dec-like offsets (delta lon, delta lat) from "
            "one position to another in its tangent frame (spherical_offsets_to)."
        ),
        apis=(
            "astropy.coordinates.SkyCoord.directional_offset_by",
            "astropy.coordinates.SkyCoord.spherical_offsets_to",
            "astropy.coordinates.SkyCoord.spherical_offsets_by",
        ),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import SkyCoord\n"
            "c = SkyCoord(ra=150 * u.deg, dec=2 * u.deg)\n"
            "d = c.directional_offset_by(45 * u.deg, 30 * u.arcsec)\n"
            "dra, ddec = c.spherical_offsets_to(d)\n"
            "print(d.to_string('decimal', precision=6), dra.to(u.arcsec), ddec.to(u.arcsec))"
        ),
        tags=("coordinates", "offsets"),
    ),
    Recipe(
        title="Cross-match two catalogues by nearest sky position",
        description=(
            "Find, for each source in one catalogue, the nearest neighbour in another "
            "catalogue on the sky (positional cross-identification) with match_to_catalog_sky, "
            "then keep matches within a separation tolerance such as 1 arcsec."
        ),
        apis=(
            "astropy.coordinates.SkyCoord.match_to_catalog_sky",
            "astropy.coordinates.match_coordinates_sky",
        ),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import SkyCoord\n"
            "cat1 = SkyCoord(ra=[10.0, 20.0, 30.0] * u.deg, dec=[0.0, 1.0, 2.0] * u.deg)\n"
            "cat2 = SkyCoord(ra=[20.0001, 9.9999, 50.0] * u.deg, dec=[1.0, 0.0001, 5.0] * u.deg)\n"
            "idx, sep2d, _ = cat1.match_to_catalog_sky(cat2)\n"
            "good = sep2d < 1 * u.arcsec\n"
            "print(idx, sep2d.to(u.arcsec).round(2), good)"
        ),
        tags=("crossmatch", "catalogue"),
    ),
    Recipe(
        title="Find all sources within a radius (cone search between catalogues)",
        description=(
            "List every pair of sources from two catalogues closer than a search radius, "
            "allowing many matches per source (search_around_sky), or select the catalogue "
            "rows inside a cone around one position with a separation cut."
        ),
        apis=(
            "astropy.coordinates.SkyCoord.search_around_sky",
            "astropy.coordinates.search_around_sky",
        ),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import SkyCoord\n"
            "cat = SkyCoord(ra=[10.0, 10.001, 10.5, 30.0] * u.deg, dec=[0.0, 0.0, 0.0, 2.0] * u.deg)\n"
            "centre = SkyCoord(ra=[10.0] * u.deg, dec=[0.0] * u.deg)\n"
            "i_c, i_cat, sep, _ = centre.search_around_sky(cat, 10 * u.arcsec)\n"
            "print(i_cat, sep.to(u.arcsec).round(2))\n"
            "print((cat.separation(centre[0]) < 1 * u.deg).nonzero()[0])  # cone search"
        ),
        tags=("crossmatch", "cone search"),
    ),
    Recipe(
        title="3D positions: distances, Cartesian coordinates and Galactocentric frame",
        description=(
            "Give a SkyCoord a distance to get 3D Cartesian x, y, z, the 3D separation between "
            "two objects in pc, or transform into the Galactocentric frame (positions relative "
            "to the Galactic centre)."
        ),
        apis=(
            "astropy.coordinates.BaseCoordinateFrame.separation_3d",
            "astropy.coordinates.Galactocentric",
            "astropy.coordinates.SkyCoord",
        ),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import SkyCoord, Galactocentric\n"
            "a = SkyCoord(ra=10 * u.deg, dec=20 * u.deg, distance=100 * u.pc)\n"
            "b = SkyCoord(ra=11 * u.deg, dec=20 * u.deg, distance=120 * u.pc)\n"
            "print(a.cartesian.xyz, a.separation_3d(b))\n"
            "print(a.transform_to(Galactocentric()).cartesian.xyz.to(u.kpc))"
        ),
        tags=("coordinates", "3d", "galactocentric"),
    ),
    Recipe(
        title="Positions of the Sun, Moon and planets",
        description=(
            "Get the apparent position of a solar-system body (Sun, Moon, Mars, Jupiter...) at "
            "a given time with get_body using the built-in ephemeris (JPL DE ephemerides need "
            "a download), e.g. to compute Moon distance from a target."
        ),
        apis=(
            "astropy.coordinates.get_body",
            "astropy.coordinates.get_sun",
            "astropy.coordinates.solar_system_ephemeris",
        ),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import SkyCoord, get_body\n"
            "from astropy.time import Time\n"
            "t = Time('2020-06-01 00:00')\n"
            "moon, sun = get_body('moon', t), get_body('sun', t)\n"
            "print(sun.icrs.to_string('hmsdms', precision=0))\n"
            "target = SkyCoord(ra=83.8 * u.deg, dec=-5.4 * u.deg).transform_to(moon.frame)  # same frame: no warning\n"
            "print(moon.separation(target).deg)"
        ),
        tags=("solar system", "ephemeris"),
    ),
    Recipe(
        title="Propagate proper motion to another epoch",
        description=(
            "Move a star's position from its catalogue epoch (e.g. Gaia J2016.0) to another "
            "date using proper motion, parallax and radial velocity with apply_space_motion."
        ),
        apis=("astropy.coordinates.SkyCoord.apply_space_motion", "astropy.coordinates.SkyCoord"),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import SkyCoord\n"
            "from astropy.time import Time\n"
            "star = SkyCoord(ra=269.452 * u.deg, dec=4.693 * u.deg, distance=1.83 * u.pc, pm_ra_cosdec=-801.6 * u.mas / u.yr,\n"
            "                pm_dec=10362 * u.mas / u.yr, radial_velocity=-110 * u.km / u.s, obstime=Time('J2016.0'))\n"
            "print(star.apply_space_motion(new_obstime=Time('J2024.0')).to_string('hmsdms', precision=1))"
        ),
        tags=("proper motion", "epoch"),
    ),
    # --- time ---------------------------------------------------------------------------
    Recipe(
        title="Convert dates to Julian Date, MJD and other time formats",
        description=(
            "Parse an ISO date/time string (or datetime, Unix time, decimal year) into a Time "
            "and read it as Julian Date (JD), Modified Julian Date (MJD), ISO, decimal year or "
            "Unix timestamp, or create a Time from a JD/MJD number."
        ),
        apis=("astropy.time.Time", "astropy.time.Time.to_value"),
        code=(
            "from astropy.time import Time\n"
            "t = Time('2024-03-20T03:06:00', scale='utc')\n"
            "print(t.jd, t.mjd, t.decimalyear, t.unix)\n"
            "print(Time(60000.5, format='mjd').iso, Time(2451545.0, format='jd').isot)\n"
            "print(t.to_value('mjd', subfmt='str'))"
        ),
        tags=("time", "julian date", "mjd"),
    ),
    Recipe(
        title="Convert between time scales (UTC, TAI, TT, TDB)",
        description=(
            "Switch a Time between astronomical time scales: UTC, TAI (atomic), TT "
            "(terrestrial), TDB (barycentric dynamical), UT1; leap seconds are applied, e.g. "
            "t.tdb for ephemeris work or t.tai - t.utc offsets."
        ),
        apis=("astropy.time.Time", "astropy.time.Time.to_value"),
        code=(
            "from astropy.time import Time\n"
            "t = Time('2020-01-01 00:00:00', scale='utc')\n"
            "print(t.tai.iso, t.tt.iso, t.tdb.iso)\n"
            "print(((t.tai.mjd - t.mjd) * 86400).round(3), 's = TAI-UTC')"
        ),
        tags=("time", "time scales"),
    ),
    Recipe(
        title="Time differences and time arithmetic",
        description=(
            "Add a duration to a time or take the interval between two times with TimeDelta "
            "(days, hours, seconds, Quantity), make arrays of evenly spaced times, and "
            "express intervals in any time unit."
        ),
        apis=("astropy.time.TimeDelta", "astropy.time.Time", "astropy.time.TimeDelta.to"),
        code=(
            "import numpy as np, astropy.units as u\n"
            "from astropy.time import Time, TimeDelta\n"
            "t0, t1 = Time('2024-01-01T00:00:00'), Time('2024-03-01T12:00:00')\n"
            "dt = t1 - t0; print(dt.jd, dt.to(u.hour))\n"
            "print((t0 + TimeDelta(36, format='jd')).iso, (t0 + 90 * u.min).iso)\n"
            "print((t0 + np.arange(3) * u.day).isot)"
        ),
        tags=("time", "duration"),
    ),
    Recipe(
        title="Barycentric correction: BJD and radial-velocity correction",
        description=(
            "Correct observation times to the solar-system barycentre (BJD_TDB, heliocentric "
            "HJD) with Time.light_travel_time, and compute the barycentric radial-velocity "
            "correction for a target and site with SkyCoord.radial_velocity_correction."
        ),
        apis=(
            "astropy.time.Time.light_travel_time",
            "astropy.coordinates.SkyCoord.radial_velocity_correction",
            "astropy.coordinates.EarthLocation.from_geodetic",
        ),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import EarthLocation, SkyCoord\n"
            "from astropy.time import Time\n"
            "site = EarthLocation.from_geodetic(-70.73 * u.deg, -29.26 * u.deg, 2400 * u.m)\n"
            "t, target = Time('2020-03-01T03:00:00', location=site), SkyCoord(ra=150 * u.deg, dec=-30 * u.deg)\n"
            "bjd = t.tdb + t.light_travel_time(target, kind='barycentric'); print(bjd.jd)\n"
            "print(target.radial_velocity_correction('barycentric', obstime=t).to(u.km / u.s))"
        ),
        tags=("time", "barycentric", "radial velocity"),
    ),
    Recipe(
        title="Local sidereal time and hour angle",
        description=(
            "Compute local apparent or mean sidereal time (LST, GMST) for a site and time with "
            "Time.sidereal_time, and the hour angle of a target as LST minus RA."
        ),
        apis=("astropy.time.Time.sidereal_time", "astropy.coordinates.EarthLocation.from_geodetic"),
        code=(
            "import astropy.units as u\n"
            "from astropy.coordinates import EarthLocation, Longitude\n"
            "from astropy.time import Time\n"
            "t = Time('2020-01-15 23:00:00', location=EarthLocation.from_geodetic(-17.88 * u.deg, 28.76 * u.deg))\n"
            "lst = t.sidereal_time('apparent'); print(lst, t.sidereal_time('mean', 'greenwich'))\n"
            "print(Longitude(lst - 83.82 * u.deg, wrap_angle=180 * u.deg).to(u.hourangle))"
        ),
        tags=("time", "sidereal"),
    ),
    # --- cosmology ---------------------------------------------------------------------
    Recipe(
        title="Cosmological distances at a redshift",
        description=(
            "Luminosity distance, comoving distance, angular-diameter distance and comoving "
            "volume for a redshift z in a standard cosmology (Planck 2018, WMAP9), e.g. to "
            "convert flux to luminosity."
        ),
        apis=(
            "astropy.cosmology.FLRW.luminosity_distance",
            "astropy.cosmology.FLRW.comoving_distance",
            "astropy.cosmology.FLRW.angular_diameter_distance",
            "astropy.cosmology.Planck18",
        ),
        code=(
            "from astropy.cosmology import Planck18 as cosmo\n"
            "z = [0.1, 1.0, 3.0]\n"
            "print(cosmo.luminosity_distance(z))\n"
            "print(cosmo.comoving_distance(z))\n"
            "print(cosmo.angular_diameter_distance(z))"
        ),
        tags=("cosmology", "distance", "redshift"),
    ),
    Recipe(
        title="Age of the universe and lookback time at a redshift",
        description=(
            "Cosmic age at redshift z, the present age of the universe, and the lookback time "
            "(how long ago light left the source) for a given cosmology."
        ),
        apis=(
            "astropy.cosmology.FLRW.age",
            "astropy.cosmology.FLRW.lookback_time",
            "astropy.cosmology.Planck18",
        ),
        code=(
            "from astropy.cosmology import Planck18 as cosmo\n"
            "print(cosmo.age(0), cosmo.age(6.0))\n"
            "print(cosmo.lookback_time([0.5, 2.0]))"
        ),
        tags=("cosmology", "age"),
    ),
    Recipe(
        title="Define a custom flat Lambda-CDM cosmology",
        description=(
            "Set up your own cosmological model with H0, Omega_m (and optionally Tcmb, "
            "baryons) using FlatLambdaCDM (or LambdaCDM/wCDM for curvature or dark-energy "
            "w), then evaluate the Hubble parameter H(z), critical density or Omega_m(z)."
        ),
        apis=(
            "astropy.cosmology.FlatLambdaCDM",
            "astropy.cosmology.FLRW.H",
            "astropy.cosmology.FLRW.critical_density",
        ),
        code=(
            "from astropy.cosmology import FlatLambdaCDM\n"
            "cosmo = FlatLambdaCDM(H0=70, Om0=0.3, Tcmb0=2.725)\n"
            "print(cosmo.H(1.0), cosmo.critical_density(0).to('g/cm3'), cosmo.Om(1.0))"
        ),
        tags=("cosmology", "model"),
    ),
    Recipe(
        title="Redshift at which a distance or age is reached",
        description=(
            "Invert a cosmological function numerically: find the redshift where the "
            "luminosity distance, lookback time or age equals a given value with z_at_value."
        ),
        apis=("astropy.cosmology.z_at_value",),
        code=(
            "import astropy.units as u\n"
            "from astropy.cosmology import Planck18 as cosmo, z_at_value\n"
            "print(z_at_value(cosmo.luminosity_distance, 1 * u.Gpc))\n"
            "print(z_at_value(cosmo.age, 2 * u.Gyr))"
        ),
        tags=("cosmology", "redshift"),
    ),
    Recipe(
        title="Physical size per arcsecond and distance modulus at a redshift",
        description=(
            "Angular scale of a galaxy at redshift z: proper (physical) kpc per arcsec or "
            "arcmin to convert an angular size to a physical size, plus the cosmological "
            "distance modulus."
        ),
        apis=(
            "astropy.cosmology.FLRW.kpc_proper_per_arcmin",
            "astropy.cosmology.FLRW.arcsec_per_kpc_proper",
            "astropy.cosmology.FLRW.distmod",
        ),
        code=(
            "import astropy.units as u\n"
            "from astropy.cosmology import Planck18 as cosmo\n"
            "print(cosmo.kpc_proper_per_arcmin(0.5).to(u.kpc / u.arcsec))\n"
            "print((2 * u.arcsec * cosmo.kpc_proper_per_arcmin(0.5)).to(u.kpc), cosmo.distmod(0.5))"
        ),
        tags=("cosmology", "angular scale"),
    ),
    # --- FITS --------------------------------------------------------------------------
    Recipe(
        title="Write a FITS image with header keywords and extensions",
        description=(
            "Save a numpy array as a FITS image: wrap it in a PrimaryHDU, set header "
            "keywords (OBJECT, EXPTIME) with comments, append ImageHDU extensions for a "
            "multi-extension file (MEF), and write the HDUList with writeto."
        ),
        apis=(
            "astropy.io.fits.PrimaryHDU",
            "astropy.io.fits.HDUList.writeto",
            "astropy.io.fits.ImageHDU",
            "astropy.io.fits.HDUList",
        ),
        code=(
            "import os, tempfile, numpy as np\n"
            "from astropy.io import fits\n"
            "hdu = fits.PrimaryHDU(np.zeros((50, 60), dtype=np.float32))\n"
            "hdu.header['OBJECT'] = 'M42'; hdu.header['EXPTIME'] = (30.0, 'exposure [s]')\n"
            "path = os.path.join(tempfile.mkdtemp(), 'img.fits')\n"
            "fits.HDUList([hdu, fits.ImageHDU(np.ones((5, 5)), name='ERR')]).writeto(path, overwrite=True)\n"
            "print(fits.getheader(path)['EXPTIME'], fits.getdata(path, 'ERR').shape)"
        ),
        tags=("fits", "write", "image"),
    ),
    Recipe(
        title="Open a FITS file and inspect its HDUs",
        description=(
            "Open a FITS file with fits.open (as a context manager), list the header/data "
            "units with info(), and access each HDU's header and data array (image or table) "
            "by index or EXTNAME; memmap keeps big files on disk."
        ),
        apis=("astropy.io.fits.open", "astropy.io.fits.HDUList.info", "astropy.io.fits.HDUList"),
        code=(
            "import os, tempfile, numpy as np\n"
            "from astropy.io import fits\n"
            "path = os.path.join(tempfile.mkdtemp(), 'f.fits')\n"
            "fits.HDUList([fits.PrimaryHDU(), fits.ImageHDU(np.arange(12.).reshape(3, 4), name='SCI')]).writeto(path)\n"
            "with fits.open(path) as hdul:\n"
            "    hdul.info()\n"
            "    print(hdul['SCI'].header['NAXIS1'], hdul[1].data.sum())"
        ),
        tags=("fits", "read"),
    ),
    Recipe(
        title="Quickly read FITS data and headers, and edit keywords",
        description=(
            "One-call helpers: fits.getdata returns the image or table array (optionally with "
            "its header), fits.getheader a header, fits.getval one keyword; fits.setval or "
            "header item assignment edits keywords, and add_history/add_comment add cards."
        ),
        apis=(
            "astropy.io.fits.getdata",
            "astropy.io.fits.getheader",
            "astropy.io.fits.getval",
            "astropy.io.fits.setval",
            "astropy.io.fits.Header.add_history",
        ),
        code=(
            "import os, tempfile, numpy as np\n"
            "from astropy.io import fits\n"
            "path = os.path.join(tempfile.mkdtemp(), 'f.fits'); fits.writeto(path, np.ones((4, 4)))\n"
            "fits.setval(path, 'FILTER', value='r', comment='filter name')\n"
            "data, hdr = fits.getdata(path, header=True)\n"
            "hdr.add_history('flat-fielded'); print(data.shape, fits.getval(path, 'FILTER'), hdr['HISTORY'])"
        ),
        tags=("fits", "header"),
    ),
    Recipe(
        title="Write and read a FITS binary table",
        description=(
            "Store a catalogue as a FITS binary table extension (BINTABLE) built from columns "
            "with BinTableHDU.from_columns, or more simply write an astropy Table to .fits and "
            "read it back with units preserved."
        ),
        apis=(
            "astropy.io.fits.BinTableHDU.from_columns",
            "astropy.io.fits.Column",
            "astropy.table.Table.read",
        ),
        code=(
            "import os, tempfile, numpy as np\n"
            "from astropy.io import fits\n"
            "from astropy.table import Table\n"
            "cols = [fits.Column(name='ID', format='J', array=np.arange(3)), fits.Column(name='FLUX', format='E', unit='mJy', array=[1.5, 2.0, 0.3])]\n"
            "path = os.path.join(tempfile.mkdtemp(), 'cat.fits'); fits.BinTableHDU.from_columns(cols).writeto(path)\n"
            "t = Table.read(path); print(t, t['FLUX'].unit)"
        ),
        tags=("fits", "table", "catalogue"),
    ),
    # --- tables ------------------------------------------------------------------------
    Recipe(
        title="Read and write VOTable files",
        description=(
            "Exchange tables in the IVOA VOTable XML format used by Virtual Observatory "
            "services (TAP, cone search, Vizier exports): parse with parse_single_table or "
            "Table.read(format='votable'), write with from_table and writeto."
        ),
        apis=(
            "astropy.io.votable.parse_single_table",
            "astropy.io.votable.from_table",
            "astropy.io.votable.writeto",
            "astropy.table.Table.read",
        ),
        code=(
            "import io\n"
            "from astropy.io.votable import from_table, parse_single_table, writeto\n"
            "from astropy.table import Table\n"
            "buf = io.BytesIO(); writeto(from_table(Table({'ra': [1.0, 2.0], 'dec': [3.0, 4.0]})), buf)\n"
            "buf.seek(0); print(parse_single_table(buf).to_table())\n"
            "buf.seek(0); print(Table.read(buf, format='votable').colnames)"
        ),
        tags=("votable", "virtual observatory", "io"),
    ),
    Recipe(
        title="Build a table with units and save it as ECSV or CSV",
        description=(
            "Create an astropy Table from columns (lists, arrays, Quantities with units), add "
            "or compute new columns, and write it to ECSV (keeps units and types), CSV, FITS, "
            "HDF5 or VOTable, reading back with Table.read."
        ),
        apis=(
            "astropy.table.Table",
            "astropy.table.Table.write",
            "astropy.table.Table.read",
            "astropy.table.QTable",
        ),
        code=(
            "import os, tempfile, numpy as np, astropy.units as u\n"
            "from astropy.table import QTable\n"
            "t = QTable({'name': ['a', 'b'], 'dist': [10, 25] * u.pc, 'mag': [5.1, 7.3]})\n"
            "t['absmag'] = t['mag'] - 5 * np.log10(t['dist'].to_value(u.pc) / 10)\n"
            "path = os.path.join(tempfile.mkdtemp(), 't.ecsv'); t.write(path)\n"
            "back = QTable.read(path); print(back, back['dist'].unit)"
        ),
        tags=("table", "io", "ecsv"),
    ),
    Recipe(
        title="Read and write ASCII tables in many formats",
        description=(
            "Read plain-text tables (whitespace or comma separated, CDS/MRT, IPAC, DAOPHOT, "
            "fixed-width, with or without header) with io.ascii.read, which guesses the "
            "format, and write tables as CSV, LaTeX/AASTeX, RST, HTML or fixed width."
        ),
        apis=("astropy.io.ascii.read", "astropy.io.ascii.write"),
        code=(
            "import io, sys\n"
            "from astropy.io import ascii\n"
            "t = ascii.read('# star ra dec\\nA 10.5 -3.2\\nB 11.0 4.4\\n', names=['star', 'ra', 'dec'])\n"
            "ascii.write(t, sys.stdout, format='latex')\n"
            "ascii.write(t, sys.stdout, format='fixed_width')"
        ),
        tags=("table", "ascii", "latex"),
    ),
    Recipe(
        title="Filter rows, sort and select columns of a table",
        description=(
            "Select table rows with a boolean mask (like a WHERE clause), sort by one or more "
            "columns, keep or remove columns, and add a computed column."
        ),
        apis=(
            "astropy.table.Table.sort",
            "astropy.table.Table.remove_columns",
            "astropy.table.Table.add_column",
        ),
        code=(
            "from astropy.table import Table\n"
            "t = Table({'id': [1, 2, 3, 4], 'mag': [15.2, 12.1, 18.3, 13.7], 'snr': [40, 120, 5, 80]})\n"
            "bright = t[(t['mag'] < 16) & (t['snr'] > 10)]\n"
            "bright.sort('mag'); bright.add_column(bright['snr'] ** 0.5, name='sqrt_snr')\n"
            "bright.remove_columns(['snr']); print(bright)"
        ),
        tags=("table", "selection"),
    ),
    Recipe(
        title="Join, stack and concatenate tables",
        description=(
            "Combine tables: join on a key column (inner/left/outer, like a database join), "
            "stack rows of tables with the same columns (vstack, append), or put columns side "
            "by side (hstack)."
        ),
        apis=("astropy.table.join", "astropy.table.vstack", "astropy.table.hstack"),
        code=(
            "from astropy.table import Table, join, vstack, hstack\n"
            "a = Table({'id': [1, 2, 3], 'ra': [10.0, 11.0, 12.0]})\n"
            "b = Table({'id': [2, 3, 4], 'z': [0.1, 0.5, 1.2]})\n"
            "print(join(a, b, keys='id', join_type='left'))\n"
            "print(len(vstack([a, a])), hstack([a, b], table_names=['a', 'b']).colnames)"
        ),
        tags=("table", "join"),
    ),
    Recipe(
        title="Group a table by a column and aggregate",
        description=(
            "Split a table into groups sharing a key (e.g. per filter, per field, per object) "
            "with group_by, then aggregate each group (mean, sum, count) or loop over groups."
        ),
        apis=("astropy.table.Table.group_by", "astropy.table.TableGroups.aggregate"),
        code=(
            "import numpy as np\n"
            "from astropy.table import Table\n"
            "t = Table({'band': ['g', 'r', 'g', 'r', 'i'], 'mag': [20.1, 19.5, 20.3, 19.7, 19.0]})\n"
            "g = t.group_by('band')\n"
            "print(g.groups.aggregate(np.mean))\n"
            "print([(grp['band'][0], len(grp)) for grp in g.groups])"
        ),
        tags=("table", "groupby"),
    ),
    Recipe(
        title="Missing values and masked columns in a table",
        description=(
            "Handle missing data (NaN, blank, -99 sentinel values) with masked tables: mask "
            "entries, count or drop masked rows, and fill masked values with filled()."
        ),
        apis=("astropy.table.MaskedColumn", "astropy.table.Table", "astropy.table.Table.filled"),
        code=(
            "from astropy.table import Table, MaskedColumn\n"
            "t = Table({'id': [1, 2, 3]}, masked=True)\n"
            "t['flux'] = MaskedColumn([1.2, -99.0, 3.4], mask=[False, True, False])\n"
            "print(t, t['flux'].mask.sum())\n"
            "print(t[~t['flux'].mask]['id'].tolist(), t.filled(0)['flux'].tolist())"
        ),
        tags=("table", "masked", "missing"),
    ),
    # --- WCS and images ----------------------------------------------------------------
    Recipe(
        title="Pixel to sky coordinates with a WCS from a FITS header",
        description=(
            "Build the World Coordinate System of an image from its FITS header (CTYPE, CRVAL, "
            "CRPIX, CDELT/CD) and convert pixel positions to RA/Dec SkyCoords and back "
            "(pixel_to_world, world_to_pixel), 0-based pixels."
        ),
        apis=(
            "astropy.wcs.WCS",
            "astropy.wcs.WCS.pixel_to_world",
            "astropy.wcs.WCS.world_to_pixel",
        ),
        code=(
            "from astropy.io import fits\n"
            "from astropy.wcs import WCS\n"
            "hdr = fits.Header({'NAXIS': 2, 'NAXIS1': 100, 'NAXIS2': 100, 'CTYPE1': 'RA---TAN', 'CTYPE2': 'DEC--TAN', 'CRVAL1': 150.0,\n"
            "                   'CRVAL2': 2.0, 'CRPIX1': 50.5, 'CRPIX2': 50.5, 'CDELT1': -0.0002777, 'CDELT2': 0.0002777, 'CUNIT1': 'deg', 'CUNIT2': 'deg'})\n"
            "w = WCS(hdr)\n"
            "sky = w.pixel_to_world(10, 20); print(sky)\n"
            "print(w.world_to_pixel(sky))"
        ),
        tags=("wcs", "astrometry"),
    ),
    Recipe(
        title="Array-based WCS transforms and pixel scale",
        description=(
            "Convert many pixel coordinates at once as plain arrays with wcs_pix2world / "
            "all_pix2world (origin 0 or 1 for FITS 1-based pixels) and world to pixel with "
            "all_world2pix, and get the pixel scale in arcsec and image footprint."
        ),
        apis=(
            "astropy.wcs.WCS.wcs_pix2world",
            "astropy.wcs.WCS.all_world2pix",
            "astropy.wcs.utils.proj_plane_pixel_scales",
            "astropy.wcs.WCS.calc_footprint",
        ),
        code=(
            "import numpy as np, astropy.units as u\n"
            "from astropy.wcs import WCS, utils\n"
            "w = WCS(naxis=2); w.wcs.ctype = ['RA---TAN', 'DEC--TAN']; w.wcs.crval = [150, 2]\n"
            "w.wcs.crpix = [50.5, 50.5]; w.wcs.cdelt = [-0.0002777, 0.0002777]; w.pixel_shape = (100, 100)\n"
            "ra, dec = w.wcs_pix2world(np.array([0, 99]), np.array([0, 99]), 0); print(ra, dec)\n"
            "print(w.all_world2pix(ra, dec, 0), (utils.proj_plane_pixel_scales(w) * u.deg).to(u.arcsec))\n"
            "print(w.calc_footprint())"
        ),
        tags=("wcs", "pixel scale"),
    ),
    Recipe(
        title="Cut out a postage stamp from an image with its WCS",
        description=(
            "Extract a small sub-image (cutout, thumbnail, postage stamp) around a pixel or sky "
            "position with Cutout2D, which also returns an updated WCS for the cutout."
        ),
        apis=("astropy.nddata.Cutout2D", "astropy.wcs.WCS"),
        code=(
            "import numpy as np, astropy.units as u\n"
            "from astropy.coordinates import SkyCoord\n"
            "from astropy.nddata import Cutout2D\n"
            "from astropy.wcs import WCS\n"
            "w = WCS(naxis=2); w.wcs.ctype = ['RA---TAN', 'DEC--TAN']; w.wcs.crval = [150, 2]; w.wcs.crpix = [50, 50]; w.wcs.cdelt = [-1e-4, 1e-4]\n"
            "cut = Cutout2D(np.random.default_rng(0).normal(size=(100, 100)), SkyCoord(150, 2, unit='deg'), 10 * u.arcsec, wcs=w)\n"
            "print(cut.shape, cut.bbox_original, cut.wcs.wcs.crpix)"
        ),
        tags=("image", "cutout", "wcs"),
    ),
    Recipe(
        title="Smooth an image by convolution with a kernel",
        description=(
            "Convolve (smooth, blur) an image or spectrum with a Gaussian, Box or Tophat "
            "kernel; astropy's convolve interpolates over NaN/bad pixels, and convolve_fft is "
            "faster for large kernels."
        ),
        apis=(
            "astropy.convolution.convolve.convolve",
            "astropy.convolution.convolve.convolve_fft",
            "astropy.convolution.Gaussian2DKernel",
            "astropy.convolution.Box1DKernel",
        ),
        code=(
            "import numpy as np\n"
            "from astropy.convolution import Gaussian2DKernel, convolve, convolve_fft\n"
            "img = np.zeros((21, 21)); img[10, 10] = 1.0; img[3, 3] = np.nan\n"
            "k = Gaussian2DKernel(x_stddev=2)\n"
            "sm = convolve(img, k)  # NaN is interpolated over\n"
            "print(round(sm.max(), 4), np.isnan(sm).any(), round(convolve_fft(img, k, nan_treatment='fill').sum(), 4))"
        ),
        tags=("convolution", "smoothing", "image"),
    ),
    # --- statistics and fitting --------------------------------------------------------
    Recipe(
        title="Sigma-clipped background statistics of an image",
        description=(
            "Robust sky background and noise estimation: iteratively reject outliers (stars, "
            "cosmic rays) beyond n sigma with sigma_clip, or get clipped mean, median and "
            "standard deviation in one call with sigma_clipped_stats."
        ),
        apis=(
            "astropy.stats.sigma_clipped_stats",
            "astropy.stats.sigma_clip",
            "astropy.stats.SigmaClip",
        ),
        code=(
            "import numpy as np\n"
            "from astropy.stats import sigma_clip, sigma_clipped_stats\n"
            "data = np.random.default_rng(1).normal(100, 5, size=10000); data[:50] = 1e4\n"
            "mean, median, std = sigma_clipped_stats(data, sigma=3.0, maxiters=5)\n"
            "print(round(mean, 2), round(median, 2), round(std, 2))\n"
            "print(sigma_clip(data, sigma=3).mask.sum(), 'pixels rejected')"
        ),
        tags=("statistics", "background", "outliers"),
    ),
    Recipe(
        title="Robust scatter and location: MAD and biweight",
        description=(
            "Outlier-resistant estimates of spread and centre: median absolute deviation "
            "scaled to a Gaussian sigma (mad_std), and Tukey biweight location and scale "
            "(biweight midvariance), e.g. for velocity dispersions."
        ),
        apis=(
            "astropy.stats.mad_std",
            "astropy.stats.biweight_location",
            "astropy.stats.biweight_scale",
            "astropy.stats.median_absolute_deviation",
        ),
        code=(
            "import numpy as np\n"
            "from astropy.stats import mad_std, biweight_location, biweight_scale\n"
            "x = np.random.default_rng(2).normal(0, 2, 1000); x[:20] = 100\n"
            "print(round(np.std(x), 2), round(mad_std(x), 2))\n"
            "print(round(biweight_location(x), 3), round(biweight_scale(x), 3))"
        ),
        tags=("statistics", "robust"),
    ),
    Recipe(
        title="Fit a Gaussian to a spectral line or profile",
        description=(
            "Least-squares fit of a Gaussian (amplitude, mean, stddev) to an emission or "
            "absorption line, a PSF profile or any peak, with astropy.modeling models and the "
            "TRF or Levenberg-Marquardt fitter; models can be added (e.g. Gaussian + constant "
            "continuum)."
        ),
        apis=(
            "astropy.modeling.models.Gaussian1D",
            "astropy.modeling.fitting.TRFLSQFitter",
            "astropy.modeling.fitting.LevMarLSQFitter",
            "astropy.modeling.models.Const1D",
        ),
        code=(
            "import numpy as np\n"
            "from astropy.modeling import models, fitting\n"
            "x = np.linspace(6500, 6620, 200); rng = np.random.default_rng(0)\n"
            "y = 1 + 5 * np.exp(-0.5 * ((x - 6563) / 3) ** 2) + rng.normal(0, 0.1, x.size)\n"
            "fit = fitting.TRFLSQFitter()(models.Gaussian1D(4, 6560, 5) + models.Const1D(0.5), x, y)\n"
            "print(round(fit.mean_0.value, 2), round(fit.stddev_0.value, 2), round(fit.amplitude_1.value, 2))"
        ),
        tags=("fitting", "modeling", "spectroscopy"),
    ),
    Recipe(
        title="Polynomial fit with iterative outlier rejection",
        description=(
            "Fit a polynomial (linear least squares), e.g. a continuum or calibration curve, "
            "with Polynomial1D and LinearLSQFitter, optionally wrapped in "
            "FittingWithOutlierRemoval for sigma-clipped fitting."
        ),
        apis=(
            "astropy.modeling.models.Polynomial1D",
            "astropy.modeling.fitting.LinearLSQFitter",
            "astropy.modeling.fitting.FittingWithOutlierRemoval",
        ),
        code=(
            "import numpy as np\n"
            "from astropy.modeling import models, fitting\n"
            "from astropy.stats import sigma_clip\n"
            "x = np.linspace(0, 10, 50); y = 2 + 0.5 * x - 0.03 * x**2; y[[5, 20]] += 5\n"
            "fitter = fitting.FittingWithOutlierRemoval(fitting.LinearLSQFitter(), sigma_clip, niter=3, sigma=3)\n"
            "model, mask = fitter(models.Polynomial1D(degree=2), x, y)\n"
            "print(np.round(model.parameters, 3), mask.sum())"
        ),
        tags=("fitting", "polynomial"),
    ),
    # --- time series -------------------------------------------------------------------
    Recipe(
        title="Find a period with a Lomb-Scargle periodogram",
        description=(
            "Detect periodic variability in an unevenly sampled light curve or radial-velocity "
            "series (variable stars, rotation periods) with the generalised Lomb-Scargle "
            "periodogram; autopower picks a frequency grid, false_alarm_probability rates "
            "the peak."
        ),
        apis=(
            "astropy.timeseries.LombScargle",
            "astropy.timeseries.LombScargle.autopower",
            "astropy.timeseries.LombScargle.false_alarm_probability",
        ),
        code=(
            "import numpy as np\n"
            "from astropy.timeseries import LombScargle\n"
            "rng = np.random.default_rng(0); t = np.sort(rng.uniform(0, 30, 200))\n"
            "y = np.sin(2 * np.pi * t / 2.7) + rng.normal(0, 0.3, t.size)\n"
            "ls = LombScargle(t, y); freq, power = ls.autopower()\n"
            "print(round(1 / freq[power.argmax()], 3), ls.false_alarm_probability(power.max()))"
        ),
        tags=("timeseries", "periodogram", "variability"),
    ),
    Recipe(
        title="Search a light curve for transits with Box Least Squares",
        description=(
            "Find periodic transit-like dips (exoplanet transits, eclipses) in a photometric "
            "time series with the Box Least Squares (BLS) periodogram, giving period, "
            "duration, depth and epoch."
        ),
        apis=("astropy.timeseries.BoxLeastSquares", "astropy.timeseries.BoxLeastSquares.autopower"),
        code=(
            "import numpy as np\n"
            "from astropy.timeseries import BoxLeastSquares\n"
            "rng = np.random.default_rng(1); t = np.arange(0, 20, 0.01)\n"
            "y = 1 + rng.normal(0, 1e-3, t.size); y[(t % 3.2) < 0.1] -= 0.01\n"
            "res = BoxLeastSquares(t, y).autopower(0.1)\n"
            "i = res.power.argmax(); print(round(res.period[i], 3), round(res.depth[i], 4), round(res.duration[i], 3))"
        ),
        tags=("timeseries", "transit", "exoplanet"),
    ),
    Recipe(
        title="Build a TimeSeries and phase-fold a light curve",
        description=(
            "Hold a light curve as a TimeSeries (Time column plus flux columns), phase-fold it "
            "on a known period to stack cycles, and bin it in time (aggregate_downsample)."
        ),
        apis=(
            "astropy.timeseries.TimeSeries",
            "astropy.timeseries.TimeSeries.fold",
            "astropy.timeseries.aggregate_downsample",
        ),
        code=(
            "import numpy as np, astropy.units as u\n"
            "from astropy.timeseries import TimeSeries, aggregate_downsample\n"
            "ts = TimeSeries(time_start='2024-01-01T00:00:00', time_delta=30 * u.min, n_samples=480)\n"
            "ts['flux'] = 1 + 0.1 * np.sin(2 * np.pi * (ts.time - ts.time[0]).to_value(u.day) / 1.5)\n"
            "folded = ts.fold(period=1.5 * u.day)\n"
            "print(folded.time.min(), folded.time.max(), len(aggregate_downsample(ts, time_bin_size=1 * u.day)))"
        ),
        tags=("timeseries", "folding", "light curve"),
    ),
    # --- visualisation and nddata ------------------------------------------------------
    Recipe(
        title="Scale an image for display with zscale and an asinh stretch",
        description=(
            "Choose display limits (zscale like DS9/IRAF, percentile or min-max interval) and "
            "a stretch (linear, sqrt, log, asinh) to normalise astronomical images to 0-1 for "
            "viewing; simple_norm/ImageNormalize wrap this for matplotlib imshow."
        ),
        apis=(
            "astropy.visualization.ZScaleInterval",
            "astropy.visualization.AsinhStretch",
            "astropy.visualization.simple_norm",
            "astropy.visualization.ImageNormalize",
        ),
        code=(
            "import numpy as np\n"
            "from astropy.visualization import ZScaleInterval, AsinhStretch, PercentileInterval\n"
            "img = np.random.default_rng(0).normal(100, 5, (64, 64)); img[30:34, 30:34] = 5000\n"
            "vmin, vmax = ZScaleInterval().get_limits(img); print(round(vmin, 1), round(vmax, 1))\n"
            "scaled = AsinhStretch(a=0.1)(PercentileInterval(99.5)(img))\n"
            "print(round(float(scaled.min()), 3), round(float(scaled.max()), 3))"
        ),
        tags=("visualization", "display", "image"),
    ),
    Recipe(
        title="Images with uncertainty, mask and unit: CCDData",
        description=(
            "Carry a CCD image together with its unit, uncertainty (error array), mask and WCS "
            "in a CCDData (an NDData subclass), do arithmetic that propagates errors, and "
            "read/write it as FITS."
        ),
        apis=(
            "astropy.nddata.CCDData",
            "astropy.nddata.StdDevUncertainty",
            "astropy.nddata.NDData",
        ),
        code=(
            "import os, tempfile, numpy as np\n"
            "from astropy.nddata import CCDData, StdDevUncertainty\n"
            "ccd = CCDData(np.full((4, 4), 100.0), unit='adu', uncertainty=StdDevUncertainty(np.full((4, 4), 10.0)))\n"
            "diff = ccd.subtract(CCDData(np.full((4, 4), 20.0), unit='adu', uncertainty=StdDevUncertainty(np.full((4, 4), 5.0))))\n"
            "path = os.path.join(tempfile.mkdtemp(), 'ccd.fits'); diff.write(path)\n"
            "back = CCDData.read(path); print(back.unit, back.data[0, 0], round(back.uncertainty.array[0, 0], 3))"
        ),
        tags=("nddata", "ccd", "uncertainty"),
    ),
)

SYNONYMS: dict[str, tuple[str, ...]] = {
    # units and quantities
    "unit conversion": ("quantity", "to"),
    "equivalency": ("equivalencies",),
    "wavelength to frequency": ("spectral", "equivalencies"),
    "f_nu": ("spectral_density",),
    "f_lambda": ("spectral_density",),
    "flux density": ("spectral_density", "jy"),
    "jansky": ("jy", "spectral_density"),
    "doppler": ("doppler_radio", "doppler_optical"),
    "radial velocity": ("doppler", "radial_velocity"),
    "rest frequency": ("doppler_radio",),
    "celsius": ("deg_c", "temperature"),
    "fahrenheit": ("deg_f", "temperature"),
    "brightness temperature": ("brightness_temperature",),
    "jy/beam": ("brightness_temperature", "beam_area"),
    "distance modulus": ("distmod",),
    "gravitational constant": ("constants", "g"),
    "speed of light": ("constants", "c"),
    "solar mass": ("m_sun", "constants"),
    "boltzmann constant": ("k_b", "constants"),
    "ab magnitude": ("abmag",),
    "ab mag": ("abmag",),
    "apparent magnitude": ("mag", "magnitude"),
    "absolute magnitude": ("distmod", "magnitude"),
    # coordinates
    "ra/dec": ("skycoord", "icrs"),
    "right ascension": ("ra", "skycoord"),
    "declination": ("dec", "skycoord"),
    "equatorial coordinates": ("icrs", "skycoord"),
    "j2000": ("fk5", "icrs"),
    "b1950": ("fk4",),
    "precession": ("fk5", "equinox"),
    "galactic coordinates": ("galactic", "transform_to"),
    "ecliptic coordinates": ("barycentrictrueecliptic", "geocentrictrueecliptic"),
    "sexagesimal": ("to_string", "hmsdms", "angle"),
    "hms": ("hmsdms", "hourangle"),
    "dms": ("hmsdms", "to_string"),
    "hour angle": ("hourangle", "sidereal_time"),
    "decimal degrees": ("deg", "angle"),
    "angular distance": ("separation",),
    "angular separation": ("separation",),
    "great circle distance": ("separation",),
    "position angle": ("position_angle",),
    "cross-match": ("match_to_catalog_sky", "search_around_sky"),
    "crossmatch": ("match_to_catalog_sky", "search_around_sky"),
    "cross match": ("match_to_catalog_sky", "search_around_sky"),
    "xmatch": ("match_to_catalog_sky",),
    "cone search": ("separation", "search_around_sky"),
    "altitude": ("altaz",),
    "elevation": ("altaz", "alt"),
    "azimuth": ("altaz", "az"),
    "airmass": ("altaz", "secz"),
    "zenith angle": ("altaz", "zen"),
    "observatory": ("earthlocation", "of_site"),
    "geodetic": ("earthlocation", "from_geodetic"),
    "object name": ("from_name",),
    "simbad": ("from_name",),
    "proper motion": ("pm_ra_cosdec", "apply_space_motion"),
    "ephemeris": ("get_body", "solar_system_ephemeris"),
    "planet position": ("get_body",),
    # time
    "julian date": ("jd", "time"),
    "modified julian date": ("mjd", "time"),
    "mjd": ("mjd", "time"),
    "utc": ("utc", "scale"),
    "tdb": ("tdb", "scale"),
    "time scale": ("scale", "tai", "tdb"),
    "leap seconds": ("tai", "utc"),
    "time difference": ("timedelta",),
    "bjd": ("light_travel_time", "tdb"),
    "hjd": ("light_travel_time", "heliocentric"),
    "barycentric correction": ("light_travel_time", "radial_velocity_correction"),
    "sidereal time": ("sidereal_time",),
    "lst": ("sidereal_time",),
    # cosmology
    "hubble constant": ("h0", "cosmology"),
    "luminosity distance": ("luminosity_distance",),
    "comoving distance": ("comoving_distance",),
    "angular diameter distance": ("angular_diameter_distance",),
    "lookback time": ("lookback_time",),
    "age of the universe": ("age", "cosmology"),
    "lcdm": ("flatlambdacdm",),
    "lambda-cdm": ("flatlambdacdm",),
    "planck cosmology": ("planck18",),
    "wmap": ("wmap9",),
    "kpc per arcsec": ("kpc_proper_per_arcmin", "arcsec_per_kpc_proper"),
    "angular scale": ("kpc_proper_per_arcmin",),
    # files, tables, images
    "fits file": ("fits", "open"),
    "fits header": ("header", "getheader"),
    "header keyword": ("header", "getval", "setval"),
    "hdu": ("hdulist",),
    "mef": ("hdulist", "imagehdu"),
    "binary table": ("bintablehdu",),
    "ecsv": ("table", "write"),
    "ascii table": ("ascii", "read"),
    "latex table": ("ascii", "latex"),
    "merge tables": ("join", "hstack", "vstack"),
    "missing values": ("masked", "filled"),
    "world coordinate system": ("wcs",),
    "pixel to sky": ("pixel_to_world", "wcs_pix2world"),
    "sky to pixel": ("world_to_pixel", "all_world2pix"),
    "plate scale": ("proj_plane_pixel_scales",),
    "pixel scale": ("proj_plane_pixel_scales",),
    "postage stamp": ("cutout2d",),
    "cutout": ("cutout2d",),
    "gaussian blur": ("convolve", "gaussian2dkernel"),
    "sky background": ("sigma_clipped_stats",),
    "outlier rejection": ("sigma_clip",),
    "robust standard deviation": ("mad_std", "biweight_scale"),
    "curve fitting": ("fitting", "models"),
    "line fitting": ("fitting", "gaussian1d"),
    "periodogram": ("lombscargle",),
    "lomb-scargle": ("lombscargle",),
    "light curve": ("timeseries",),
    "phase fold": ("fold", "timeseries"),
    "transit search": ("boxleastsquares",),
    "bls": ("boxleastsquares",),
    "zscale": ("zscaleinterval",),
    "image stretch": ("simple_norm", "asinhstretch"),
    "error propagation": ("nddata", "uncertainty"),
    "ccd image": ("ccddata",),
}
