"""The countries and territories the charts draw: defined once, here."""

# The 35 member states of the Pan American Health Organization (ISO 3166-1 alpha-2).
PAHO_MEMBER_STATES: tuple[str, ...] = (
    "AG", "AR", "BB", "BO", "BR", "BS", "BZ", "CA", "CL", "CO", "CR", "CU", "DM", "DO", "EC", "GD",
    "GT", "GY", "HN", "HT", "JM", "KN", "LC", "MX", "NI", "PA", "PE", "PY", "SR", "SV", "TT", "US",
    "UY", "VC", "VE",
)  # fmt: skip

# Territories of the Americas that world-atlas draws. Most have their own shape in the file;
# French Guiana, Guadeloupe and Martinique are part of France's shape there and are cut out of it
# by geometry.py (TERRITORY_BOXES). Greenland and South Georgia are left out on purpose.
TERRITORIES: tuple[str, ...] = (
    "AI", "AW", "BL", "BM", "CW", "FK", "GF", "GP", "KY", "MF", "MQ", "MS", "PM", "PR", "SX", "TC",
    "VG", "VI",
)  # fmt: skip

AMERICAS: tuple[str, ...] = tuple(sorted(PAHO_MEMBER_STATES + TERRITORIES))
AMERICAS_SET: frozenset[str] = frozenset(AMERICAS)
