"""The web archive's index (build/site/index.html) and Atom feed (feed.xml), from the build records."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

from lacnews import __version__
from lacnews.base import layout
from lacnews.base.i18n import language_name, translations
from lacnews.base.languages import base_language, in_language, language_tag
from lacnews.base.palette import palette_of
from lacnews.base.project import Project
from lacnews.base.schema import Newsletter
from lacnews.compose.records import IssueRecord
from lacnews.pipeline.render import Renderer

ATOM = "http://www.w3.org/2005/Atom"
NO_FEED = ("no site_url in newsletter.yaml, so build/site/feed.xml was not written: a feed needs "
           "the archive's public address (site_url: https://example.org/newsletter/)")


@dataclass(frozen=True)
class Entry:
    """One issue as an index or a feed in one language lists it."""

    slug: str
    href: str  # from the index's folder
    date: str
    date_shown: str
    subject: str
    preheader: str
    lang: str  # the language of its date, subject and preheader, for the lang attribute of its entry
    edition: str | None  # the language of the page it links to; None: the issue's page with every language


def site_files(project: Project, newsletter: Newsletter, records: list[IssueRecord]) -> tuple[dict[str, str], list[str]]:
    """Return the archive's index and feed by name (and, for issues in several languages, an index and feed per
    language in <language>/), and notes for the editor."""
    newest_first = sorted(records, key=lambda r: (r.date, r.slug), reverse=True)
    languages = list(dict.fromkeys(language for record in newest_first for language in record.languages))
    own = newsletter.language
    # the archive as a whole lists an issue in several languages as its page opens: in the first of them
    indexes = {None: (own, [_entry(record, next(iter(record.languages), None), newsletter, None)
                            for record in newest_first])}
    for language in languages:
        # an issue of the newsletter's one language is listed in that language's index too (en-GB's in en/)
        indexes[language] = (language, [
            _entry(record, language if record.languages else None, newsletter, language) for record in newest_first
            if language in record.languages
            or (not record.languages and base_language(language) == base_language(own))])
    files = {}
    for folder, (language, entries) in indexes.items():
        links = [(tag, language_name(tag), layout.site_index(tag, folder)) for tag in languages if tag != folder]
        files[layout.site_index(folder)] = Renderer(project).render("site/index.html.j2", {
            "newsletter": in_language(newsletter, language), "issues": entries, "palette": palette_of(newsletter.theme),
            "feed": bool(newsletter.site_url), "lang": language, "_": translations(language).gettext,
            "other_languages": links})
        if newsletter.site_url:
            files[layout.site_feed(folder)] = atom_feed(in_language(newsletter, language), entries, language, folder)
    if not newsletter.site_url:
        return files, [NO_FEED]
    return files, []


def _entry(record: IssueRecord, language: str | None, newsletter: Newsletter, folder: str | None) -> Entry:
    """Return how the index in ``folder`` (the archive's own, None, or a language's) lists ``record``, with its
    texts in ``language`` (None: an issue of the newsletter's one language)."""
    edition = folder if language else None
    href = layout.index_entry(record.slug, edition, seen_from=folder)
    if language is None:
        return Entry(record.slug, href, record.date, record.date_shown, record.subject, record.preheader,
                     newsletter.language, edition)
    found = record.languages[language]
    return Entry(record.slug, href, record.date, found["date_shown"], found["subject"], found["preheader"],
                 language_tag(language, newsletter), edition)


def atom_feed(newsletter: Newsletter, entries: list[Entry], language: str, folder: str | None = None) -> str:
    """Return an Atom feed of the issues, newest first, with absolute links under site_url: of the archive as a
    whole, or of its ``folder`` in one language."""
    ElementTree.register_namespace("", ATOM)

    def element(parent, tag: str, text: str | None = None, **attributes) -> ElementTree.Element:
        node = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        node.text = text
        return node

    here = layout.site_address(newsletter, folder)
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"xml:lang": language})
    element(feed, "id", here)
    element(feed, "title", newsletter.name)
    if newsletter.description:
        element(feed, "subtitle", " ".join(newsletter.description.split()))
    element(feed, "updated", _timestamp(entries[0].date) if entries else "1970-01-01T00:00:00Z")
    element(feed, "link", rel="self", type="application/atom+xml", href=here + layout.FEED)
    element(feed, "link", rel="alternate", type="text/html", href=here)
    author = element(feed, "author")
    element(author, "name", newsletter.sender.name)
    element(feed, "generator", "lacnews", version=__version__)
    for entry in entries:
        address = layout.archive_address(newsletter, entry.slug, entry.edition)
        item = element(feed, "entry")
        if entry.lang != language:  # an issue in Welsh in the archive's feed as a whole
            item.set("xml:lang", entry.lang)
        element(item, "id", address)
        element(item, "title", entry.subject)
        element(item, "updated", _timestamp(entry.date))
        element(item, "link", rel="alternate", type="text/html", href=address)
        element(item, "summary", entry.preheader or entry.subject)
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


def _timestamp(date: str) -> str:
    return (date if len(date) == 10 else f"{date}-01") + "T00:00:00Z"
