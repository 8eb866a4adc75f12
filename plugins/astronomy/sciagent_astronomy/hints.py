"""Run errors Astropy programs commonly hit, with their usual cause and fix."""

_SPECTRAL = r"(frequency|length|energy|wavenumber|spectral flux density)"

ERROR_HINTS: dict[str, str] = {
    r"NameError: name 'u' is not defined": (
        "`u` is astropy.units only once the program imports it: add `import astropy.units as u` "
        "at the top."
    ),
    r"'(Unit|IrreducibleUnit|CompositeUnit|PrefixUnit|NamedUnit)' object has no attribute "
    r"'[A-Za-z]+'": (
        "`u` (or the name used) is one unit here, not the units module: keep "
        "`import astropy.units as u` and do not import or assign a unit under that name; "
        "units are attributes of the module (`u.deg`, `u.arcmin`)."
    ),
    rf"UnitConversionError: .*\({_SPECTRAL}\) and .*\({_SPECTRAL}\)": (
        "Frequency, wavelength, energy and wavenumber convert only with an equivalency: "
        "`q.to(u.cm, equivalencies=u.spectral())`."
    ),
    r"UnitConversionError: .*\(dimensionless\)": (
        "A plain number has no unit: multiply it by its unit first (`2.5 * u.kpc`), "
        "then convert with `.to(...)`."
    ),
    r"'(float|int|ndarray|float64|int64|list)' object has no attribute "
    r"'(to|to_value|value|unit|deg|degree|hour|si|cgs)'": (
        "The value is a plain number, not an astropy Quantity: multiply it by a unit "
        "(`x * u.deg`) before using `.to(...)` or `.value`."
    ),
    r"UnitsError: No unit (specified|was specified)|"
    r"UnitTypeError: \w+ instances require units .*but no unit was given": (
        "Tell SkyCoord or Angle the units of bare numbers: give each number its unit "
        "(`SkyCoord(ra=10.5 * u.deg, dec=-3.2 * u.deg)`, with `import astropy.units as u`) "
        "or pass `unit='deg'` for degrees (`unit=(u.hourangle, u.deg)` only when RA is in "
        "hours); strings with their units written in (`'05h55m10s'`) parse by themselves."
    ),
    r"'(ICRS|FK5|FK4|Galactic|GCRS|AltAz|CIRS|ITRS)' object has no attribute": (
        "A bare coordinate frame has fewer methods than SkyCoord: build "
        "`SkyCoord(ra, dec, frame='icrs')` (or `SkyCoord(frame_object)`) to get "
        "`separation`, `directional_offset_by`, `match_to_catalog_sky` and the rest."
    ),
    r"ScaleValueError|Cannot convert from '\w+' to '\w+'.*scale": (
        "Time scales convert through attributes: `t.tdb`, `t.tt`, `t.utc`; create the Time "
        "with the scale the request states (`Time('2024-01-01', scale='utc')`)."
    ),
}
