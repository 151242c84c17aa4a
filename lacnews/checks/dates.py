"""Rules about dates: the issue's own date against its slug, and dates in its text that are not the issue's:
a copyright year, or another month in the subject (stale-year), and dates long before the issue's, left in
from an old article (stale-date).

How long before is stale depends on where a date is written. A title (a section's or an item's, the
subject, the preheader, a line of the contents, a byline, a button's words) says what this month's news
is, so a month or a day there more than six months before the issue, or a year alone before last year,
dates the story. Running text tells history as well as news ("founded in 1998", "since March 2019"), so
only a whole day there, which is how an old article's date line reads ("Oct 28, 2016"), and only more than
a year before the issue. An item's own `date` is held to a title's measure, and a date in the item that
agrees with it is the same date: it is reported once, at the item's `date`.

A day not in the calendar (31/02/2016, 2016-02-31) is not read as a date: it has no age to report.

A deliberate old date (a look back) is kept with the comment ``# lacnews: allow stale-date`` after its
value (lacnews.checks.context.allowed).
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from typing import NamedTuple

from lacnews.base.dates import MONTH_NAMES, SLUG_MONTHS, month_number, slug_months
from lacnews.base.languages import base_language
from lacnews.checks.context import (
    CheckContext,
    Family,
    allow_hint,
    allowed,
    visible_texts,
)
from lacnews.checks.findings import ERROR, WARNING
from lacnews.pipeline.content import TextField

family = Family("dates")

COPYRIGHT_YEAR = re.compile(r"(?:copyright|©|\(c\))\s*(?:©\s*)?(\d{4})", re.IGNORECASE)
MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTH_NAMES[1:]) + r")\s+([0-9]{4})\b")
FOUR_DIGITS = re.compile(r"\d{4}")

# How many months before the issue's a date may be, by where it is written (see the module's docstring).
TITLE_MONTHS = 6
TEXT_MONTHS = 12
YEAR_MONTHS = 12  # a year alone in a title: its December
TITLE_FIELDS = {"title", "subject", "preheader", "contents", "byline"}
# A year alone after these words is history, not the story's date: "Founded in 1998".
HISTORY = re.compile(r"\b(?:since|founded(?:\s+in)?|established(?:\s+in)?|est\.?)\s*$", re.IGNORECASE)
# How far before a year HISTORY looks: "established in " is 15 characters; the rest is room for white space. Only
# a tail is read, so a title of 20,000 years is read once, not once a year to its beginning.
HISTORY_REACH = 40
STALE_DATE = "stale-date"
ITEM_PREFIX = re.compile(r"sections\[[0-9]+\]\.items\[[0-9]+\]\.")  # of a text's `where`: the item it is in


@family.rule("date-slug", ERROR,
             "the issue's date agrees with the month and year its slug names (`may-2020` dated 2020-06)")
def _date_slug(context: CheckContext):
    issue = context.loaded.issue
    years, months = slug_months(context.slug)
    wrong_year = years and issue.date.year not in years
    wrong_month = months and issue.date.month not in months
    if wrong_year or wrong_month:
        yield context.loaded.source.place(issue.nodes["date"]), (
            f"the slug '{context.slug}' names a different month than the date {issue.date.iso} "
            f"({issue.date}); correct the date, or rename the file")


@family.rule("stale-year", WARNING,
             "a copyright year, or a month and year in the subject or preheader, that is not the issue's")
def _stale_year(context: CheckContext):
    issue = context.loaded.issue
    for text_field, text in visible_texts(context):
        if not FOUR_DIGITS.search(text):  # what both patterns need: most paragraphs are passed at once
            continue
        for match in COPYRIGHT_YEAR.finditer(text):
            if int(match.group(1)) != issue.date.year:
                yield text_field.at(match.group(0)), (
                    f"'{match.group(0)}' but this issue is dated {issue.date}: the footer already gives the "
                    "copyright with the issue's year")
        if text_field.where in ("subject", "preheader"):
            for match in MONTH_YEAR.finditer(text):
                month = month_number(match.group(1))
                if (month, int(match.group(2))) != (issue.date.month, issue.date.year):
                    yield text_field.at(match.group(0)), (
                        f"the {text_field.where} says '{match.group(0)}' but the issue is dated {issue.date}")


class Written(NamedTuple):
    """A date as written in a text: its year, its month (None for a year alone) and whether it names a day."""

    text: str
    start: int
    year: int
    month: int | None
    day: bool
    named_month: bool  # its month written as a word: "October 2016", not "28/10/2016"


@family.rule(STALE_DATE, WARNING,
             "no date left from an old article: in a title, a month over 6 months before the issue's or a year "
             "before last year; in the text, a day over a year before (`# lacnews: allow stale-date` keeps one)")
def _stale_date(context: CheckContext):
    issue = context.loaded.issue
    now = _month_index(issue.date.year, issue.date.month)
    items = {f"sections[{s}].items[{i}].": item for s, section in enumerate(issue.sections)
             for i, item in enumerate(section.items)}
    source = context.loaded.source
    for prefix, item in items.items():
        node = item.nodes.get("date")
        if item.date and node is not None and now - _month_index(item.date.year, item.date.month) > TITLE_MONTHS \
                and not allowed(source, node, STALE_DATE):
            yield source.place(node), (
                f"{prefix}date: the item is dated {item.date}, {_distance(now, item.date.year, item.date.month)} "
                f"before this issue ({issue.date}): is the article still news? If it is, "
                f"{allow_hint(STALE_DATE, node)}")
    dates = _date_pattern(tuple(context.languages))
    for text_field in context.content.texts:
        if text_field.source.path != source.path or allowed(source, text_field.node, STALE_DATE):
            continue
        title = text_field.name in TITLE_FIELDS or (text_field.name == "text" and not text_field.is_markdown)
        in_item = ITEM_PREFIX.match(text_field.where)
        item = items.get(in_item.group()) if in_item else None
        for paragraph in text_field.paragraphs:
            for written in _dates_in(paragraph.text, dates):
                if _stale(written, paragraph.text, title, now, text_field, item):
                    shown = (f"{now // 12 - written.year} years" if written.month is None
                             else _distance(now, written.year, written.month))
                    yield text_field.at(written.text), (
                        f"{text_field.where}: '{written.text}' is {shown} before this issue ({issue.date}): a date "
                        f"left from an old article? Update or remove it; if it is meant, "
                        f"{allow_hint(STALE_DATE, text_field.node)}")


def _stale(written: Written, text: str, title: bool, now: int, text_field: TextField, item) -> bool:
    """Whether ``written`` is far enough before the issue's month (``now``) to report, where it is."""
    if written.month is None:  # a year alone, or a range of years ending there
        if not title or _after_history(text, written.start) or _in_copyright(text, written.start):
            return False
        if item is not None and item.date and written.year == item.date.year:
            return False
        return now - _month_index(written.year, 12) > YEAR_MONTHS
    if not title and not written.day:
        return False
    if text_field.where in ("subject", "preheader") and written.named_month:
        return False  # stale-year's: there, any other month is reported
    if item is not None and item.date and abs(_month_index(written.year, written.month)
                                              - _month_index(item.date.year, item.date.month)) <= 1:
        return False  # the item's own date: reported once, at its `date`
    return now - _month_index(written.year, written.month) > (TITLE_MONTHS if title else TEXT_MONTHS)


def _after_history(text: str, start: int) -> bool:
    """Whether the year at ``start`` follows a word that makes it history ("Founded in 1998")."""
    return HISTORY.search(text, max(0, start - HISTORY_REACH), start) is not None


def _in_copyright(text: str, start: int) -> bool:
    return any(match.start(1) == start for match in COPYRIGHT_YEAR.finditer(text, max(0, start - 20), start + 4))


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _distance(now: int, year: int, month: int) -> str:
    """Return "3 years and 9 months", "1 year", "8 months": how long before ``now`` the month is."""
    years, months = divmod(now - _month_index(year, month), 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    parts += [f"{months} month{'s' if months != 1 else ''}"] if months else []
    return " and ".join(parts)


# Dates as they are written

_YEAR = r"(?:19|20)[0-9]{2}"
_A_YEAR = re.compile(_YEAR)
_DAY = r"[0-3]?[0-9]"
_ORDINAL = r"(?:st|nd|rd|th)?"


@lru_cache(maxsize=8)
def _date_pattern(languages: tuple[str, ...]) -> tuple[re.Pattern, dict[str, int]]:
    """Return the pattern of a written date in English and ``languages``, and each month word's number."""
    months = _month_words(languages)
    month = "(?:" + "|".join(re.escape(word) for word in sorted(months, key=len, reverse=True)) + r")\.?"
    # Each alternative is a fixed sequence with no nested repetition: one pass over the text, linear.
    pattern = re.compile(
        r"(?<![\w£$€#@/.-])(?:"
        rf"(?P<d1>{_DAY}){_ORDINAL}\s+(?:of\s+)?(?P<m1>{month}),?\s+(?P<y1>{_YEAR})"
        rf"|(?P<m2>{month})\s+(?P<d2>{_DAY}){_ORDINAL},?\s+(?P<y2>{_YEAR})"
        rf"|(?P<m3>{month}),?\s+(?P<y3>{_YEAR})"
        rf"|(?P<d4>{_DAY})(?P<s4>[/.-])(?P<n4>{_DAY})(?P=s4)(?P<y4>{_YEAR})"
        rf"|(?P<y5>{_YEAR})-(?P<n5>[01][0-9])-(?P<d5>[0-3][0-9])"
        rf"|(?P<y6>{_YEAR})[ \t]*[-–/][ \t]*(?P<e6>(?:19|20)?[0-9]{{2}})"
        rf"|(?P<y7>{_YEAR})"
        r")(?!\w|[.,:/-][0-9])", re.IGNORECASE)
    return pattern, months


def _month_words(languages: tuple[str, ...]) -> dict[str, int]:
    """Return the months' names and abbreviations, lower-case, in English and in ``languages``: an article
    pasted into a Welsh issue may well be in English."""
    words = dict(SLUG_MONTHS)
    for language in {base_language(each) for each in languages} - {"en"}:
        from babel import Locale, UnknownLocaleError

        try:
            locale = Locale.parse(language)
        except (UnknownLocaleError, ValueError):
            continue
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                words |= {name.lower().rstrip("."): number for number, name in locale.months[context][width].items()}
    return words


def _dates_in(text: str, dates: tuple[re.Pattern, dict[str, int]]):
    """Yield each date written in ``text``: a day, a month, a year alone, or a range of years (its end)."""
    pattern, months = dates
    if not _A_YEAR.search(text):  # every date written has a year: most paragraphs have none
        return
    for match in pattern.finditer(text):
        groups = match.groupdict()
        word = next((groups[name] for name in ("m1", "m2", "m3") if groups[name]), None)
        if word is not None:
            if not word[0].isupper():  # "may 2016" is a verb and a number
                continue
            year, month = int(groups["y1"] or groups["y2"] or groups["y3"]), months[word.lower().rstrip(".")]
            day = groups["d1"] or groups["d2"]
            if day is not None and not _a_day(year, month, int(day)):
                continue
            yield Written(match.group(), match.start(), year, month, day is not None, True)
        elif groups["y4"] or groups["y5"]:
            day, month = (int(groups["d4"]), int(groups["n4"])) if groups["y4"] else (int(groups["d5"]),
                                                                                      int(groups["n5"]))
            if month > 12 and day <= 12:  # written month first, as in the US
                day, month = month, day
            year = int(groups["y4"] or groups["y5"])
            if _a_day(year, month, day):
                yield Written(match.group(), match.start(), year, month, True, False)
        elif groups["y6"]:
            start, end = int(groups["y6"]), groups["e6"]
            last = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
            yield Written(match.group(), match.start(), max(last, start), None, False, False)
        else:
            yield Written(match.group(), match.start(), int(groups["y7"]), None, False, False)


def _a_day(year: int, month: int, day: int) -> bool:
    """Whether the day is in the calendar. One that is not ("31/02/2016") has no age to report and may as well be
    a reference number as a slip of the editor's; a day 29 of February is kept only in a leap year."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
