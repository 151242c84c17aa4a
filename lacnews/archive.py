"""`lacnews build --all`: every issue, incrementally, and a web archive with an Atom feed.

An issue is rebuilt only when its inputs change: its file, newsletter.yaml,
words.txt, any template, or the lacnews version. Each build leaves a small
record (build/<slug>/.build.json) with the fingerprint of those inputs and what
the archive index and feed need, so an unchanged project is re-published
without reading a single issue again.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lacnews import __version__, build
from lacnews.errors import LacnewsError
from lacnews.project import Project
from lacnews.records import (
    IssueRecord,
    issue_fingerprint,
    read_record,
    shared_fingerprint,
)
from lacnews.render import Renderer
from lacnews.write import write_files

ATOM = "http://www.w3.org/2005/Atom"
WEB_TAG_VALUES = {"FNAME": "reader", "MC:SUBJECT": None}  # None: the issue's subject


@dataclass
class AllBuilt:
    """The outcome of `lacnews build --all`."""

    built: list[build.Built] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, LacnewsError]] = field(default_factory=list)
    site: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def web_page(project: Project, loaded: build.Loaded) -> str:
    """Return the issue as a page of the web archive: no unsubscribe links, no personal merge tags."""
    from lacnews.inline import inline_css
    from lacnews.markdown import MERGE_TAG

    renderer = Renderer(project)
    context = renderer.context(loaded.newsletter, loaded.issue, web=True)
    page = inline_css(renderer.html(context))
    subject = loaded.issue.subject

    def neutral(match) -> str:
        name = match.group(0)[2:-2]
        value = WEB_TAG_VALUES.get(name, "")
        return subject if value is None else value

    return MERGE_TAG.sub(neutral, page).replace('href=""', 'href="./"')


def build_all(project: Project, force: bool = False,
              progress: Callable[[str], None] | None = None) -> AllBuilt:
    """Build every issue whose inputs changed, then the archive index and feed."""
    outcome = AllBuilt()
    shared = shared_fingerprint(project)
    site = project.build_dir / "site"
    records: list[IssueRecord] = []
    for slug in project.issue_slugs():
        fingerprint = issue_fingerprint(project.issues_dir / f"{slug}.yaml", shared)
        record = read_record(project, slug)
        if record and record.fingerprint == fingerprint and (site / slug / "index.html").is_file() \
                and (project.build_dir / slug / "email.html").is_file():
            outcome.unchanged.append(slug)
            records.append(record)
        else:
            try:
                built = build.build(project, slug, force=force, shared=shared)
                write_files(site / slug, {"index.html": web_page(project, built.loaded)})
                outcome.built.append(built)
                records.append(read_record(project, slug))
            except LacnewsError as exc:
                outcome.failed.append((slug, exc))
                if record:  # the last good build stays published
                    records.append(record)
        if progress:
            progress(slug)
    outcome.site, outcome.notes = publish(project, records)
    return outcome


def publish(project: Project, records: list[IssueRecord]) -> tuple[list[Path], list[str]]:
    """Write build/site/index.html and feed.xml (when site_url is set); return them and any notes."""
    from lacnews.validate import load_newsletter
    from lacnews.yamlsource import read_source

    newsletter = load_newsletter(read_source(project.config_path))
    newest_first = sorted(records, key=lambda r: (r.date, r.slug), reverse=True)
    renderer = Renderer(project)
    index = renderer.render("site/index.html.j2", {"newsletter": newsletter, "issues": newest_first,
                                                   "feed": bool(newsletter.site_url)})
    files = {"index.html": index}
    notes = []
    if newsletter.site_url:
        files["feed.xml"] = atom_feed(newsletter, newest_first)
    else:
        notes.append("no site_url in newsletter.yaml, so build/site/feed.xml was not written: a feed needs "
                     "the archive's public address (site_url: https://example.org/newsletter/)")
    return _write_changed(project.build_dir / "site", files), notes


def _write_changed(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write only the files whose content changed, so an unchanged archive is left alone."""
    changed = {name: text for name, text in files.items()
               if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text}
    if changed:
        write_files(folder, changed)
    return [folder / name for name in files]


def atom_feed(newsletter, records: list[IssueRecord]) -> str:
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

