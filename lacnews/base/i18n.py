"""lacnews's own words in each language: gettext catalogues made with Babel, and dates in Babel's locale data.

Every phrase the templates write ("In this month's edition we'll be covering:", the footer, "View this
email in your browser") is a message in lacnews/locale/<language>/LC_MESSAGES/lacnews.po. A language is
a catalogue: adding one is a .po file and no code. The catalogues are compiled in memory when first
used, so there is no build step and no compiled file to go stale. babel.cfg and docs/languages.md give
Babel's extract (with each template's "TRANSLATORS:" comments for the translator), update and compile
commands; tests/test_welsh_catalogue.py keeps the catalogues what extraction gives now.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from lacnews.base.languages import base_language

LOCALE_DIR = Path(__file__).parent.parent / "locale"
DOMAIN = "lacnews"
SOURCE = "en"  # the language the templates' phrases are written in


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / base_language(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> list[str]:
    """Return the languages lacnews has a catalogue for."""
    return list(_catalogues())


@lru_cache(maxsize=1)
def _catalogues() -> tuple[str, ...]:
    # lacnews's own files: found once a process, as each catalogue is read once (``translations``)
    return tuple(sorted(path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


@lru_cache(maxsize=16)
def translations(language: str) -> gettext.NullTranslations:
    """Return lacnews's words in ``language`` (English, as written in the templates, when it has none)."""
    path = catalogue_path(language)
    if base_language(language) == SOURCE or not path.is_file():
        return gettext.NullTranslations()  # the templates are written in English: nothing to look up
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as stream:
        catalogue = read_po(stream, locale=base_language(language), domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def month_year(date, language: str) -> str:
    """Return a publication date as readers of ``language`` write it: "May 2020", "Mai 2020", "11 Mai 2020"."""
    if base_language(language) == SOURCE:
        return str(date)  # CLDR's English month names are Python's: no need to load Babel for them
    from babel.dates import format_date

    locale = _babel_locale(language)
    if date.day:
        return format_date(date.as_date(), "d MMMM y", locale=locale)
    return format_date(date.as_date(), "MMMM y", locale=locale)


def _babel_locale(language: str) -> str:
    return language.replace("-", "_")


def language_name(language: str, in_language: str | None = None) -> str:
    """Return the name of ``language`` in ``in_language`` (its own name when None): "Cymraeg", "English"."""
    from babel import Locale

    name = Locale.parse(_babel_locale(language)).get_display_name(_babel_locale(in_language or language))
    return name[:1].upper() + name[1:]
