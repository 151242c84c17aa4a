"""Rules about an issue in several languages: each text given in every language, its versions saying the
same (merge tags, numbers, links), and each language's email able to offer the others."""

from __future__ import annotations

import re

from lacnews.base.i18n import language_name
from lacnews.base.languages import (
    Localized,
    base_language,
    languages_of,
    localized_fields,
    sent_separately,
)
from lacnews.checks.context import CheckContext, Family
from lacnews.checks.findings import ERROR, WARNING
from lacnews.text.mergetags import MERGE_TAG
from lacnews.yaml.source import Source

family = Family("languages")

NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
LINK_ADDRESS = re.compile(r"\]\(([^()\s]+)\)|https?://[^\s)>\]]+")


def _localized(context: CheckContext) -> list[tuple[Source, str, Localized]]:
    """Return (file's source, path, Localized value) for every text given per language, in the issue and
    newsletter.yaml: found in one walk for every rule of the family."""
    return context.once(_find_localized)


def _find_localized(context: CheckContext) -> list[tuple[Source, str, Localized]]:
    loaded = context.loaded
    return [(source, where, value)
            for source, record in ((loaded.source, loaded.issue), (loaded.newsletter_source, loaded.newsletter))
            for where, value in localized_fields(record)]


@family.rule("translation-missing", ERROR,
             "a text given per language is given in every language of the issue, and in no other")
def _translation_missing(context: CheckContext):
    languages = languages_of(context.loaded.newsletter, context.loaded.issue)
    if not languages:
        return
    for source, where, value in _localized(context):
        given = list(value.versions)
        missing = [language for language in languages
                   if language not in value.versions and base_language(language) not in value.versions]
        place = source.place(next(iter(value.nodes.values())))
        for language in missing:
            yield place, (f"{where} is given in {', '.join(given)} but not in {language}: add {language}: with its "
                          f"{language_name(language, 'en')} version (the issue is in {', '.join(languages)})")
        for language in given:
            if language not in languages and not any(base_language(known) == language for known in languages):
                yield source.place(value.nodes[language]), (
                    f"{where}.{language}: the issue is in {', '.join(languages)}, not {language}: remove it, or add "
                    f"{language} to the issue's languages")


@family.rule("translation-tags", ERROR, "the versions of a text have the same merge tags")
def _translation_tags(context: CheckContext):
    return _differing(context, MERGE_TAG, "merge tags", "every reader must get the same")


@family.rule("translation-mismatch", WARNING,
             "the versions of a text have the same numbers, and links to the same sites")
def _translation_mismatch(context: CheckContext):
    yield from _differing(context, NUMBER, "numbers", "a date, time or amount may differ")
    for place, where, language, first_language, ours, theirs in _compared(context, LINK_ADDRESS):
        # a Welsh page and an English page of one site are the same link, each in its language
        if sorted(map(_site, ours)) != sorted(map(_site, theirs)):
            yield place, (
                f"{where}: the {language} version links to {', '.join(theirs) or 'nothing'}, the {first_language} "
                f"version to {', '.join(ours) or 'nothing'}: readers of each language should reach the same places")


def _differing(context: CheckContext, pattern: re.Pattern, what: str, why: str):
    """Yield each later version of a text whose ``what`` (found by ``pattern``) are not the first version's."""
    for place, where, language, first_language, ours, theirs in _compared(context, pattern):
        if ours != theirs:
            yield place, (f"{where}: the {language} version's {what} ({', '.join(theirs) or 'none'}) are not the "
                          f"{first_language} version's ({', '.join(ours) or 'none'}): {why}")


def _compared(context: CheckContext, pattern: re.Pattern):
    """Yield, for each later version of each text given per language, where it is written and what ``pattern``
    finds in it and in the first version."""
    for source, where, value in _localized(context):
        versions = list(value.versions.items())
        first_language, first = versions[0]
        for language, version in versions[1:]:
            yield source.place(value.nodes[language]), where, language, first_language, \
                sorted(_found(pattern, first)), sorted(_found(pattern, version))


def _site(address: str) -> str:
    return address.split("://", 1)[-1].split("/", 1)[0].lower() if "://" in address else address


def _found(pattern: re.Pattern, text: str) -> list[str]:
    return [next((group for group in match.groups() if group), match.group()) if match.groups() else match.group()
            for match in pattern.finditer(text)]


@family.rule("edition-links", WARNING, "with `bilingual: separate`, each language's email links to the other "
                                      "languages' pages in the archive: that needs `site_url` in newsletter.yaml")
def _edition_links(context: CheckContext):
    loaded = context.loaded
    newsletter, issue = loaded.newsletter, loaded.issue
    if not sent_separately(newsletter, issue) or newsletter.site_url:
        return
    languages = languages_of(newsletter, issue)
    if issue.bilingual:
        place = loaded.source.place(issue.nodes.get("bilingual"))
    else:
        place = loaded.newsletter_source.place(newsletter.nodes.get("bilingual"))
    yield place, (
        f"bilingual: separate makes one email per language ({', '.join(languages)}), each linking to the others' "
        "pages in the web archive; with no site_url in newsletter.yaml there is no address to link to, so no "
        f"reader is offered the other language: add site_url: https://example.org/newsletter/ (where build/site/ "
        "is published) to newsletter.yaml, or send the languages in one email (bilingual: together)")
