"""The web archive's index (build/site/index.html) and Atom feed (feed.xml), from the build records."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from lacnews import __version__
from lacnews.palette import palette_of
from lacnews.project import Project
from lacnews.records import IssueRecord
from lacnews.render import Renderer
from lacnews.schema import Newsletter

ATOM = "http://www.w3.org/2005/Atom"
NO_FEED = ("no site_url in newsletter.yaml, so build/site/feed.xml was not written: a feed needs "
           "the archive's public address (site_url: https://example.org/newsletter/)")


def site_files(project: Project, newsletter: Newsletter, records: list[IssueRecord]) -> tuple[dict[str, str], list[str]]:
    """Return the archive's index and feed by name, and notes for the editor."""
    newest_first = sorted(records, key=lambda r: (r.date, r.slug), reverse=True)
    index = Renderer(project).render("site/index.html.j2", {"newsletter": newsletter, "issues": newest_first,
                                                            "palette": palette_of(newsletter.theme),
                                                            "feed": bool(newsletter.site_url)})
    files = {"index.html": index}
    if not newsletter.site_url:
        return files, [NO_FEED]
    files["feed.xml"] = atom_feed(newsletter, newest_first)
    return files, []


def atom_feed(newsletter: Newsletter, records: list[IssueRecord]) -> str:
    """Return an Atom feed of the issues, newest first, with absolute links under site_url."""
    base = newsletter.site_url if newsletter.site_url.endswith("/") else newsletter.site_url + "/"
    ElementTree.register_namespace("", ATOM)

    def element(parent, tag: str, text: str | None = None, **attributes) -> ElementTree.Element:
        node = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        node.text = text
        return node

    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"xml:lang": newsletter.language})
    element(feed, "id", base)
    element(feed, "title", newsletter.name)
    if newsletter.description:
        element(feed, "subtitle", " ".join(newsletter.description.split()))
    element(feed, "updated", _timestamp(records[0].date) if records else "1970-01-01T00:00:00Z")
    element(feed, "link", rel="self", type="application/atom+xml", href=base + "feed.xml")
    element(feed, "link", rel="alternate", type="text/html", href=base)
    author = element(feed, "author")
    element(author, "name", newsletter.sender.name)
    element(feed, "generator", "lacnews", version=__version__)
    for record in records:
        entry = element(feed, "entry")
        element(entry, "id", f"{base}{record.slug}/")
        element(entry, "title", record.subject)
        element(entry, "updated", _timestamp(record.date))
        element(entry, "link", rel="alternate", type="text/html", href=f"{base}{record.slug}/")
        element(entry, "summary", record.preheader or record.subject)
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


def _timestamp(date: str) -> str:
    return (date if len(date) == 10 else f"{date}-01") + "T00:00:00Z"
