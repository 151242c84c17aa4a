"""Rules about what the issue says and how it is put together: its date, its sections, the stand-in text
left from `lacnews new` and `lacnews add`, and the paste damage a word processor or a web page leaves."""

from __future__ import annotations

import re

from lacnews.base.dates import MONTH_NAMES, month_number, slug_months
from lacnews.base.placeholders import PLACEHOLDERS
from lacnews.checks.context import CheckContext, Family, visible_texts
from lacnews.checks.findings import ERROR, WARNING
from lacnews.text.pastedamage import damage

family = Family("content")

COPYRIGHT_YEAR = re.compile(r"(?:copyright|©|\(c\))\s*(?:©\s*)?(\d{4})", re.IGNORECASE)
MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTH_NAMES[1:]) + r")\s+([0-9]{4})\b")


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


@family.rule("placeholder", ERROR, "no stand-in text from `lacnews new`'s example section (or a picture's "
                                   "`DESCRIBE THIS PICTURE` from `lacnews add`) is left")
def _placeholder(context: CheckContext):
    for text_field in context.content.texts:
        for words, what in PLACEHOLDERS.items():
            if words in text_field.text:
                yield text_field.at(words), (f"{text_field.where}: '{words}' is {what}: replace it with your own "
                                             "words (or delete the example)")


@family.rule("empty-section", WARNING, "every section has a body, items or after")
def _empty_section(context: CheckContext):
    for section in context.loaded.issue.sections:
        if not (section.body or section.items or section.after):
            yield context.loaded.source.place(section.nodes["title"]), (
                f"the section '{section.title}' is empty: give it a body or items, or remove it")


@family.rule("duplicate-title", WARNING, "no two sections share a title")
def _duplicate_title(context: CheckContext):
    seen: dict[str, int] = {}
    for index, section in enumerate(context.loaded.issue.sections):
        key = " ".join(section.title.lower().split())
        if key in seen:
            yield context.loaded.source.place(section.nodes["title"]), (
                f"sections[{seen[key]}] already has the title '{section.title}'")
        seen.setdefault(key, index)


def _paste_damage(context: CheckContext, kind: str):
    """Yield the place and description of each piece of paste damage of ``kind``, read from the file as
    written (so each is found where it is, not only the first of its kind)."""
    seen: set[int] = set()
    for text_field in context.content.texts:
        if id(text_field.node) in seen:
            continue
        seen.add(id(text_field.node))
        start, end = text_field.node.start_mark.index, text_field.node.end_mark.index
        for found in damage(text_field.source.text[start:end], text_field.is_markdown):
            if found.kind == kind:
                yield text_field.source.place_at(start + found.index), f"{text_field.where}: {found.describe()}"


@family.rule("paste-html", ERROR,
             "no HTML pasted from a web page or a word processor (`check --fix` turns it into Markdown)")
def _paste_html(context: CheckContext):
    return _paste_damage(context, "html")


@family.rule("paste-bullets", WARNING, "no bullets pasted from Word or Google Docs (`check --fix` makes them a list)")
def _paste_bullets(context: CheckContext):
    return _paste_damage(context, "bullet")


@family.rule("invisible-character", WARNING,
             "no invisible characters: no-break or zero-width spaces, soft hyphens (`check --fix` removes them)")
def _invisible_character(context: CheckContext):
    return _paste_damage(context, "invisible")
