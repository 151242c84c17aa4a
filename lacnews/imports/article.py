"""A web article as a section: its title, author, date, summary and picture, from the page's own metadata.

The page is fetched with lacnews.base.fetch (http(s) only, one deadline for all of it, at most 2 MB of
HTML) and read with the standard library's html.parser for what publishers put there for link
previews and search engines: OpenGraph (``og:title``, ``og:description``, ``og:image``,
``og:site_name``, ``article:published_time``), ``<meta name="author">`` and ``description``,
Twitter cards, JSON-LD ``Article`` or ``BlogPosting`` (inside an ``@graph`` too, its author found by
``@id``), ``<link rel="canonical">`` and ``<title>``. The article's own address (canonical, when it
is on the same site) becomes the item's ``url`` and a "Read the full article" button, as the
May 2020 bulletin points readers to members' blogs.

Nothing from the page is trusted: every string is cleaned and bounded, addresses must be http(s),
and the summary is escaped Markdown. The page must be on the public internet, and so must its
picture when its address says where it is (an IP address, or a name for this computer): otherwise
`check --links` would later fetch from this computer or its network. Either is allowed with
--allow-private-network (lacnews.base.private_network).
"""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from lacnews.base.dates import parse_date
from lacnews.base.errors import LacnewsError
from lacnews.base.fetch import PAGE_TIMEOUT, fetch_page, shown
from lacnews.base.private_network import (
    HOW_TO_ALLOW,
    named_locally,
    private_allowed,
    written_kind,
)
from lacnews.imports import (
    PICTURE_ALT,
    READ_MORE,
    ImportedImage,
    ImportedItem,
    ImportedLink,
    ImportedSection,
)
from lacnews.text.characters import WHITESPACE, cleaned
from lacnews.text.escaping import escape_markdown, markdown_text
from lacnews.text.htmltext import html_to_markdown
from lacnews.text.prose import listed
from lacnews.text.wellformed import well_formed

MAX_TITLE = 300
MAX_BYLINE = 200
MAX_SUMMARY = 2000
MAX_ADDRESS = 2000
MAX_JSON_LD = 256 * 1024  # one script's JSON: a page's is a few KB
MAX_JSON_LD_SCRIPTS = 20
ARTICLE_TYPES = {"Article", "BlogPosting", "NewsArticle", "TechArticle", "ScholarlyArticle", "Report",
                 "OpinionNewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "SocialMediaPosting",
                 "LiveBlogPosting", "Blog", "WebPage"}


class ArticleError(LacnewsError):
    """A page that cannot make a section."""


def read_article(url: str, timeout: float = PAGE_TIMEOUT, proxies: dict[str, str] | None = None,
                 allow_private: bool | None = None) -> ImportedSection:
    """Return the section the article at ``url`` makes; raise ``LacnewsError`` for a page that cannot be read.
    A page or picture that is not on the public internet is refused unless ``allow_private`` (None: as the
    environment says)."""
    allow_private = private_allowed(allow_private)
    page = fetch_page(url.strip(), timeout=timeout, proxies=proxies, allow_private=allow_private)
    reader = _PageReader()
    reader.feed(well_formed(page.text))
    reader.close()
    found = _Found(reader, page.final_url, allow_private)
    title = found.title()
    if not title:
        raise ArticleError(f"{shown(url)}: the page has no title (no og:title, JSON-LD headline or <title>): is it "
                           "an article? Add its words by pasting them (lacnews add ISSUE -)")
    address, notes = found.address()
    summary = found.summary()
    item = ImportedItem(title=title, url=address, byline=found.byline(), date=found.date(),
                        body=escape_markdown(summary) if summary else None, image=found.image(notes),
                        link=ImportedLink(READ_MORE, address))
    if not summary:
        notes.append("the page gives no summary (og:description): write a line or two about it")
    return ImportedSection(title=title, source=address, items=[item], notes=notes)


class _PageReader(HTMLParser):
    """The metadata of a page: its meta tags, canonical link, title, first heading and JSON-LD scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}  # first value of each property or name, lower-cased
        self.canonical: str | None = None
        self.title: list[str] | None = None
        self.title_done = False
        self.heading: list[str] | None = None
        self.heading_done = False
        self.scripts: list[str] = []
        self.in_json_ld: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
            if key and "content" in attributes:
                self.meta.setdefault(key.strip(), attributes["content"])
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower().split():
            if self.canonical is None:
                self.canonical = attributes.get("href", "")
        elif tag == "title" and self.title is None:
            self.title = []
        elif tag == "h1" and self.heading is None:
            self.heading = []
        elif tag == "script" and attributes.get("type", "").strip().lower() == "application/ld+json":
            self.in_json_ld = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.in_json_ld is not None:
            if len(self.scripts) < MAX_JSON_LD_SCRIPTS:
                self.scripts.append("".join(self.in_json_ld)[:MAX_JSON_LD + 1])
            self.in_json_ld = None
        elif tag == "title" and self.title is not None:
            self.title_done = True
        elif tag == "h1" and self.heading is not None:
            self.heading_done = True

    def handle_data(self, data: str) -> None:
        if self.in_json_ld is not None:
            self.in_json_ld.append(data)
        elif self.title is not None and not self.title_done:
            self.title.append(data)
        elif self.heading is not None and not self.heading_done:
            self.heading.append(data)


def _clean(value, limit: int) -> str:
    """Return a string from a page as one line of plain text, at most ``limit`` characters."""
    if not isinstance(value, str):
        return ""
    text = WHITESPACE.sub(" ", cleaned(value)).strip()
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return text


def _from_html(value) -> str:
    """Return JSON-LD text, which may hold entities or tags, as plain text."""
    if not isinstance(value, str):
        return ""
    value = html.unescape(value)
    return markdown_text(html_to_markdown(value)) if "<" in value else value


class _Found:
    """What the page says of itself, each field from the first source that gives it."""

    def __init__(self, reader: _PageReader, page_url: str, allow_private: bool = False):
        self.meta = reader.meta
        self.page_url = page_url
        self.allow_private = allow_private
        self.canonical = reader.canonical
        self.title_text = "".join(reader.title or [])
        self.heading_text = "".join(reader.heading or [])
        self.article, self.graph = _json_ld(reader.scripts)

    def _ld(self, name: str):
        return self.article.get(name) if self.article else None

    def title(self) -> str:
        for value in (self.meta.get("og:title"), _from_html(self._ld("headline")), _from_html(self._ld("name")),
                      self.meta.get("twitter:title"), self.title_text, self.heading_text):
            text = _clean(value, MAX_TITLE)
            if text:
                return text
        return ""

    def summary(self) -> str:
        for value in (self.meta.get("og:description"), _from_html(self._ld("description")),
                      self.meta.get("description"), self.meta.get("twitter:description")):
            text = _clean(value, MAX_SUMMARY)
            if text:
                return text
        return ""

    def byline(self) -> str | None:
        for value in (self.meta.get("author"), self._person(self._ld("author")), self.meta.get("article:author"),
                      self.meta.get("og:site_name"), self._person(self._ld("publisher"))):
            text = _clean(value, MAX_BYLINE)
            if text and "://" not in text:  # article:author is often the address of the author's page
                return text
        return None

    def _person(self, value) -> str:
        """Return the name(s) of a JSON-LD author or publisher: a name, an object, a reference by @id, or a list."""
        values = value if isinstance(value, list) else [value]
        names = []
        for entry in values[:5]:
            if isinstance(entry, dict) and "name" not in entry and isinstance(entry.get("@id"), str):
                entry = self.graph.get(entry["@id"], entry)
            name = entry.get("name") if isinstance(entry, dict) else entry
            name = _clean(_from_html(name), MAX_BYLINE)
            if name:
                names.append(name)
        return listed(names)

    def date(self) -> str | None:
        for value in (self.meta.get("article:published_time"), self._ld("datePublished"),
                      self.meta.get("date"), self.meta.get("dc.date"), self.meta.get("dcterms.date")):
            if isinstance(value, str) and len(value.strip()) >= 10:
                day = value.strip()[:10]
                if not isinstance(parse_date(day), str):
                    return day
        return None

    def image(self, notes: list[str]) -> ImportedImage | None:
        candidates = [self.meta.get("og:image:secure_url"), self.meta.get("og:image"),
                      self.meta.get("og:image:url"), _ld_image(self._ld("image")),
                      self.meta.get("twitter:image"), self.meta.get("twitter:image:src")]
        for value in candidates:
            src = _web_address(value, self.page_url)
            kind = None if src is None or self.allow_private else _private_host(src)
            if kind:
                notes.append(f"the page's picture {shown(src, 80)} is on {kind}: left out ({HOW_TO_ALLOW})")
                continue
            if src:
                alt = _clean(self.meta.get("og:image:alt") or self.meta.get("twitter:image:alt"), 300)
                if not alt:
                    notes.append(f"the page gives no description of its picture: its alt text is {PICTURE_ALT!r}, "
                                 "to be replaced with what it shows")
                if src.lower().startswith("http://"):
                    notes.append("the picture is on http://, not https://: `lacnews check` will warn about it")
                return ImportedImage(alt=alt or PICTURE_ALT, src=src)
        return None

    def address(self) -> tuple[str, list[str]]:
        """Return the article's own address, and a note when the page names one elsewhere."""
        notes: list[str] = []
        for value in (self.canonical, self.meta.get("og:url"), self._ld("url"), _ld_id(self._ld("mainEntityOfPage"))):
            named = _web_address(value, self.page_url)
            if not named:
                continue
            if _site(named) == _site(self.page_url):
                return named, notes
            notes.append(f"the page names {shown(named, 80)} as its address, on another site: the address it was "
                         "read from is used")
            break
        return self.page_url, notes


def _json_ld(scripts: list[str]) -> tuple[dict | None, dict[str, dict]]:
    """Return the first Article-like object of the page's JSON-LD, and every object by its @id."""
    found: dict | None = None
    graph: dict[str, dict] = {}
    for script in scripts:
        if len(script) > MAX_JSON_LD:
            continue
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue  # broken JSON-LD, as pages have: the other sources remain
        objects = data if isinstance(data, list) else [data]
        for entry in list(objects):
            if isinstance(entry, dict) and isinstance(entry.get("@graph"), list):
                objects.extend(entry["@graph"])
        for entry in objects[:500]:
            if not isinstance(entry, dict):
                continue
            if isinstance(entry.get("@id"), str):
                graph.setdefault(entry["@id"], entry)
            kinds = entry.get("@type")
            kinds = {kinds} if isinstance(kinds, str) else {k for k in kinds if isinstance(k, str)} \
                if isinstance(kinds, list) else set()
            if found is None and kinds & (ARTICLE_TYPES - {"WebPage", "Blog"}):
                found = entry
    if found is None:  # a page that says only that it is a WebPage still names its title and picture
        found = next((entry for entry in graph.values() if entry.get("@type") in ("WebPage", "Blog")), None)
    return found, graph


def _ld_image(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) else None


def _ld_id(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id")
    return value if isinstance(value, str) else None


def _web_address(value, base: str) -> str | None:
    """Return an http(s) address from a page, made absolute against ``base``; None for anything else."""
    if not isinstance(value, str):
        return None
    value = cleaned(value).strip()
    if not value or len(value) > MAX_ADDRESS or any(character.isspace() for character in value):
        return None
    try:
        address = urljoin(base, value)
        parts = urlsplit(address)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return address


def _private_host(address: str) -> str | None:
    """Return what the host of ``address`` is when the address itself shows it is not public; None otherwise."""
    host = urlsplit(address).hostname or ""
    kind = written_kind(host)
    return None if kind is None else kind if named_locally(host) else f"{host}, {kind}"


def _site(address: str) -> str:
    host = (urlsplit(address).hostname or "").lower()
    return host.removeprefix("www.")
