"""Publication dates: how they are written (YYYY-MM[-DD]), shown ("May 2020") and named in slugs."""

from __future__ import annotations

import calendar
import re
from typing import NamedTuple

# ASCII digits only: \d would also accept Arabic-Indic and other digits that no editor means.
DATE = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")
MONTH_NAMES = tuple(calendar.month_name)  # "", "January", …
# The month words a slug may use: june, jun, sept.
SLUG_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | \
              {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
SLUG_YEAR = re.compile(r"(?:19|20)[0-9]{2}")


class PublicationDate(NamedTuple):
    """A date written YYYY-MM or YYYY-MM-DD."""

    year: int
    month: int
    day: int | None = None

    @property
    def month_name(self) -> str:
        return MONTH_NAMES[self.month]

    def __str__(self) -> str:
        """Return the date as readers see it: "May 2020" or "11 May 2020"."""
        month_year = f"{self.month_name} {self.year}"
        return f"{self.day} {month_year}" if self.day else month_year

    def as_date(self):
        """Return the date as a datetime.date (the first of the month when no day is given)."""
        import datetime

        return datetime.date(self.year, self.month, self.day or 1)

    @property
    def iso(self) -> str:
        text = f"{self.year:04d}-{self.month:02d}"
        return f"{text}-{self.day:02d}" if self.day else text


def parse_date(text: str) -> PublicationDate | str:
    """Return the date ``text`` writes, or why it is not one (an editor's message)."""
    match = DATE.fullmatch(text.strip())
    if not match:
        return f"{text!r} is not a date: write YYYY-MM (2020-05) or YYYY-MM-DD (2020-05-11)"
    year, month = int(match[1]), int(match[2])
    day = int(match[3]) if match[3] else None
    if not 1 <= month <= 12:
        return f"{text!r} has no month {month}: months run from 01 to 12"
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{text!r} is not a day of {MONTH_NAMES[month]} {year}"
    return PublicationDate(year, month, day)


def slug_months(slug: str) -> tuple[list[int], list[int]]:
    """Return the (years, months) a slug names: june-2020 gives ([2020], [6])."""
    words = slug.split("-")
    return ([int(w) for w in words if SLUG_YEAR.fullmatch(w)],
            [SLUG_MONTHS[w] for w in words if w in SLUG_MONTHS])


def date_from_slug(slug: str) -> PublicationDate | None:
    """Return the month a slug names (june-2020, 2020-06), or None."""
    years, months = slug_months(slug)
    if len(years) == 1 and len(months) == 1:
        return PublicationDate(years[0], months[0])
    match = re.fullmatch(r"((?:19|20)[0-9]{2})-([0-9]{2})", slug)
    if match and 1 <= int(match[2]) <= 12:
        return PublicationDate(int(match[1]), int(match[2]))
    return None


def month_number(name: str) -> int:
    """Return the number of a month named in full ("May" gives 5)."""
    return MONTH_NAMES.index(name)
