"""Build src/muster/data/countries.json from pycountry (ISO 3166-1) and Babel (CLDR English names).

Run it after upgrading pycountry or Babel and commit the result:

    .venv/bin/python scripts/build_gazetteer.py

The gazetteer reads the generated JSON at run time instead of asking pycountry and Babel, because
Babel's locale loading is slow and its CLDR display names need cleaning ("Congo - Kinshasa",
"St. Kitts & Nevis") that is better done once here, where a reviewer sees the result in a diff.
Curated variants, demonyms, capitals and armed forces live in data/country_aliases.csv.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import babel
import pycountry
from babel import Locale

OUT = Path(__file__).resolve().parents[1] / "src" / "muster" / "data" / "countries.json"

# Kosovo has no ISO 3166-1 code; XK/XKX is the user-assigned code the EU, NATO and CLDR use.
EXTRA = {"XKX": ("XK", ["Kosovo", "Republic of Kosovo"])}

# Display names where CLDR's English short name is awkward in a table of contributors.
DISPLAY = {
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "PSE": "Palestine",
    "HKG": "Hong Kong",
    "MAC": "Macao",
    "VAT": "Vatican City",
    "FSM": "Micronesia",
    "UMI": "U.S. Outlying Islands",
    "VCT": "Saint Vincent and the Grenadines",
}

# Inverted ISO names whose comma part is neither "X of" nor a single qualifier word.
SKIP_NAMES = {"Taiwan, Province of China"}
# ISO names with a comma that lists places and must stay as they are.
LIST_NAMES = {"Bonaire, Sint Eustatius and Saba", "Saint Helena, Ascension and Tristan da Cunha"}


def uninvert(name: str) -> str | None:
    """Turn ISO's sortable "Korea, Republic of" into the running-text "Republic of Korea"."""
    if name in SKIP_NAMES:
        return None
    if "," not in name or name in LIST_NAMES:
        return name
    head, tail = (part.strip() for part in name.split(",", 1))
    if re.search(r"\bof( the)?$", tail, flags=re.IGNORECASE) or " " not in tail:
        return f"{tail} {head}"
    return None


def clean(name: str) -> str | None:
    """Make a name look as it does in running text; None if it never appears that way."""
    if " - " in name:  # CLDR's "Congo - Kinshasa"
        return None
    name = re.sub(r"\s*\([^)]*\)", "", name)  # "Myanmar (Burma)", "Saint Martin (French part)"
    name = re.sub(r"\s+SAR China$", "", name)  # "Hong Kong SAR China"
    name = name.replace(" & ", " and ").replace("’", "'")
    name = re.sub(r"^[Tt]he ", "", name.strip())
    return name or None


def saint_variants(name: str) -> list[str]:
    """Running text writes "Saint Lucia", "St. Lucia" and "St Lucia" for the same place."""
    for prefix in ("Saint ", "St. ", "St "):
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            return [f"Saint {rest}", f"St. {rest}", f"St {rest}"]
    return [name]


def names_for(country: object, cldr: str | None) -> list[str]:
    raw = [
        getattr(country, "common_name", None),
        cldr,
        getattr(country, "name", None),
        getattr(country, "official_name", None),
    ]
    result: list[str] = []
    for value in raw:
        if not value:
            continue
        plain = uninvert(value)
        cleaned = clean(plain) if plain else None
        if not cleaned:
            continue
        for variant in saint_variants(cleaned):
            if variant not in result:
                result.append(variant)
    return result


def display_name(iso3: str, names: list[str], cldr: str | None) -> str:
    if iso3 in DISPLAY:
        return DISPLAY[iso3]
    cleaned = clean(cldr) if cldr else None
    if cleaned:
        return saint_variants(cleaned)[0]
    return names[0]


def build() -> dict[str, object]:
    territories = Locale("en").territories
    rows = []
    for country in pycountry.countries:
        cldr = territories.get(country.alpha_2)
        names = names_for(country, cldr)
        rows.append(
            {
                "iso3": country.alpha_3,
                "alpha2": country.alpha_2,
                "name": display_name(country.alpha_3, names, cldr),
                "names": names,
            }
        )
    for iso3, (alpha2, names) in EXTRA.items():
        cldr = territories.get(alpha2)
        all_names = ([cldr] if cldr else []) + [n for n in names if n != cldr]
        rows.append({"iso3": iso3, "alpha2": alpha2, "name": cldr or names[0], "names": all_names})
    rows.sort(key=lambda row: str(row["iso3"]))
    return {
        "generated_by": "scripts/build_gazetteer.py",
        "sources": (
            f"ISO 3166-1 names from pycountry {pycountry.__version__}; "
            f"English display names from CLDR via Babel {babel.__version__}"
        ),
        "countries": rows,
    }


def main() -> None:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
