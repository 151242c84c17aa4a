"""`lacnews add` (lacnews.commands.add.add_section): a section from a Word document, a web article or pasted text.

Real .docx files written by python-docx (tests/docx_files.py), real pages from an http.server on
127.0.0.1 (and the link check's hostile peers, tests/hostile_servers.py), and pasted text with the
characters Word and Google Docs really put on the clipboard. What must hold: every word and link of
a document reaches the email, its picture is in images/ and in the email; an article gives its
title, author, date, summary, picture and address; every bad source changes nothing; the issue
file's comments survive; and what is written reads back as exactly what was read.
"""

from __future__ import annotations

import html
import http.server
import io
import re
import threading
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import TempProject
from docx_files import PICTURE_ALT as DOCUMENT_ALT
from docx_files import (
    PODCAST_URL,
    REPORT_URL,
    add_hyperlink,
    document_links,
    document_words,
    newsletter_docx,
    picture_png,
    plain_docx,
)
from hostile_servers import HostileServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lacnews.base.errors import InputError, LacnewsError, Place, Problem
from lacnews.base.fetch import decode_html, web_encoding
from lacnews.base.placeholders import PICTURE_ALT, SECTION_TITLE
from lacnews.base.project import Project
from lacnews.commands.add import add_section
from lacnews.commands.build import build
from lacnews.compose import compose
from lacnews.text.escaping import markdown_text
from lacnews.text.htmltext import html_to_markdown
from lacnews.text.mergetags import MERGE_TAG
from lacnews.text.wellformed import well_formed

BOUNDED = settings(max_examples=50, deadline=None, database=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
NO_PROXY: dict[str, str] = {}  # the pages are on 127.0.0.1, whatever proxy the environment names
# As in tests/test_properties.py: a failing property makes hypothesis import libcst, whose deprecation
# warning would otherwise hide the failure behind an INTERNALERROR.
pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")


def issue_path(project: TempProject, slug: str = "may-2020") -> Path:
    return project.root / "issues" / f"{slug}.yaml"


def snapshot(project: TempProject) -> dict[str, bytes]:
    """Return every file of the project (but build/) and its bytes."""
    return {str(path.relative_to(project.root)): path.read_bytes() for path in sorted(project.root.rglob("*"))
            if path.is_file() and "build" not in path.relative_to(project.root).parts}


def new_section(project: TempProject, slug: str = "may-2020") -> dict:
    """Return the issue's last section, as YAML reads it."""
    return yaml.safe_load(issue_path(project, slug).read_text(encoding="utf-8"))["sections"][-1]


class Links(HTMLParser):
    """The addresses of an email's links and pictures."""

    def __init__(self, markup: str):
        super().__init__()
        self.hrefs: list[str] = []
        self.images: list[dict[str, str]] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])
        if tag == "img":
            self.images.append(attributes)


# A Word document

def test_a_word_document_becomes_a_section_keeping_every_word_link_and_picture(lac, tmp_path):
    document = newsletter_docx(tmp_path / "York coffee mornings.docx")
    before = issue_path(lac).read_text(encoding="utf-8")

    added = add_section(Project(lac.root), "may-2020", str(document))

    assert added.title == "Coffee mornings in York"
    assert added.items == ["What we learnt", "Next steps", "A picture from the morning"]
    assert [path.relative_to(lac.root).as_posix() for path in added.pictures] == ["images/york-coffee-mornings-1.png"]
    assert (lac.root / "images" / "york-coffee-mornings-1.png").read_bytes() == picture_png()
    after = issue_path(lac).read_text(encoding="utf-8")
    assert after.startswith(before)  # appended: every comment and line of the file as it was
    assert after.splitlines()[added.line - 1] == '  - title: "Coffee mornings in York"'
    assert "  # Added by lacnews add from York coffee mornings.docx" in after

    section = new_section(lac)
    assert section["body"] == ("This month **volunteers** met *online* for the first time, and\n"  # wrapped at 74
                               "***everyone*** came back the week after.")
    assert "    body: |-\n      This month **volunteers** met *online* for the first time, and\n" in after
    assert section["items"][0]["body"] == ("- Neighbours help each other first\n- Small groups work best\n"
                                           "- Phone calls still matter\n\nCups of tea travel well over video, it "
                                           "turns out.")
    assert section["items"][1]["body"].startswith("1. Book a room at the library\n2. Invite a neighbour")
    assert section["items"][2]["image"] == {"src": "images/york-coffee-mornings-1.png", "alt": DOCUMENT_ALT}

    built = build(Project(lac.root), "may-2020", force=True)  # force: other checks may judge the contributor's words
    email_html, email_text = lac.built("may-2020")
    for word in document_words(document):  # a link's address follows its words in the text: "podcast (…)."
        assert word.rstrip(".,") in email_text, word
    hrefs = Links(email_html).hrefs
    assert set(document_links(document)) == {REPORT_URL, PODCAST_URL}
    assert REPORT_URL in hrefs and PODCAST_URL in hrefs
    assert "*|FNAME|* stays a merge tag" in email_text and "*|FNAME|* stays a merge tag" in email_html
    picture = next(image for image in Links(email_html).images if image.get("alt") == DOCUMENT_ALT)
    assert re.fullmatch(r"https://lacnetwork\.org/bulletin/images/york-coffee-mornings-1-[0-9a-f]{12}\.png",
                        picture["src"])
    assert any(path.name.startswith("york-coffee-mornings-1-") for path in built.pictures)


def test_the_rest_of_the_email_is_as_it_was(lac, tmp_path):
    project = Project(lac.root)
    before = compose(project, "may-2020").emails[""].text
    add_section(project, "may-2020", str(newsletter_docx(tmp_path / "york.docx")))
    after = compose(project, "may-2020").emails[""].text
    start = before.index("Useful blogs")
    assert after[:after.index("Coffee mornings in York")].rstrip().endswith(before[start:before.index(
        "How to get in touch")].rstrip())


def test_a_picture_without_alt_text_gets_a_stand_in_and_without_a_heading_1_the_first_heading_is_the_title(
        lac, tmp_path):
    document = newsletter_docx(tmp_path / "summer_fair-2020.docx", alt=None, title=False)
    added = add_section(Project(lac.root), "may-2020", str(document))
    assert added.title == "What we learnt"
    assert added.items == ["Next steps", "A picture from the morning"]
    image = new_section(lac)["items"][-1]["image"]
    assert image == {"src": "images/summer-fair-2020-1.png", "alt": PICTURE_ALT}
    assert PICTURE_ALT == "DESCRIBE THIS PICTURE"
    assert any("picture 1 has no description in the document" in note and PICTURE_ALT in note
               for note in added.notes)


def test_a_document_without_headings_is_titled_by_its_file_name(lac, tmp_path):
    document = plain_docx(tmp_path / "summer_fair-2020.docx")
    added = add_section(Project(lac.root), "may-2020", str(document))
    assert added.title == "summer fair 2020" and added.items == []
    assert new_section(lac) == {"title": "summer fair 2020", "body": "Just a paragraph, and **another** one.\n\n"
                                                                     "- with a list"}


def test_a_heading_that_is_a_link_makes_the_item_s_address_and_a_link_the_format_cannot_hold_is_told(
        lac, tmp_path):
    from docx import Document

    document = Document()
    title = document.add_heading("Our ", level=1)
    add_hyperlink(title, "partners", "https://example.org/partners")
    one = document.add_heading("", level=2)
    add_hyperlink(one, "The York hub", "https://example.org/york")
    document.add_paragraph("Open on Tuesdays.")
    two = document.add_heading("News from ", level=2)
    add_hyperlink(two, "Leeds", "https://example.org/leeds")
    two.add_run(" and ")
    add_hyperlink(two, "Bradford", "https://example.org/bradford")
    document.add_paragraph("Both busy.")
    document.save(str(tmp_path / "partners.docx"))
    added = add_section(Project(lac.root), "may-2020", str(tmp_path / "partners.docx"))
    section = new_section(lac)
    assert section["title"] == "Our partners"
    assert section["items"] == [
        {"title": "The York hub", "url": "https://example.org/york", "body": "Open on Tuesdays."},
        {"title": "News from Leeds and Bradford", "body": "Both busy."}]
    assert any("https://example.org/partners" in note and "section title holds no link" in note
               for note in added.notes)
    assert any("https://example.org/leeds, https://example.org/bradford" in note for note in added.notes)


def test_pictures_never_overwrite_another_file_and_reuse_their_own(lac, tmp_path):
    project = Project(lac.root)
    document = newsletter_docx(tmp_path / "york.docx")
    taken = lac.root / "images" / "york-1.png"
    taken.write_bytes(b"someone else's picture")
    first = add_section(project, "may-2020", str(document))
    assert taken.read_bytes() == b"someone else's picture"
    assert [path.name for path in first.pictures] == ["york-1-2.png"]
    assert new_section(lac)["items"][-1]["image"]["src"] == "images/york-1-2.png"
    second = add_section(project, "may-2020", str(document))  # the same document again: the same picture
    assert second.pictures == []
    assert any("images/york-1-2.png was already there, the same picture" in note for note in second.notes)
    assert sorted(path.name for path in (lac.root / "images").iterdir() if path.name.startswith("york")) == \
        ["york-1-2.png", "york-1.png"]


def test_a_project_with_nowhere_to_serve_pictures_from_is_told(project, tmp_path):
    added = add_section(Project(project.root), "march-2021", str(newsletter_docx(tmp_path / "york.docx")))
    assert (project.root / "images" / "york-1.png").is_file()  # the folder is made
    assert any(note.startswith("newsletter.yaml has no images_url") for note in added.notes)


def test_an_issue_file_that_is_a_symbolic_link_is_not_replaced(project, tmp_path):
    real = tmp_path / "elsewhere.yaml"
    real.write_bytes(issue_path(project, "march-2021").read_bytes())
    issue_path(project, "march-2021").unlink()
    issue_path(project, "march-2021").symlink_to(real)
    with pytest.raises(LacnewsError, match="march-2021.yaml is a symbolic link"):
        add_section(Project(project.root), "march-2021", "-", stdin=io.StringIO("Title\nText\n"))
    assert issue_path(project, "march-2021").is_symlink()


def test_a_picture_mail_cannot_show_is_left_out_with_a_note(lac, tmp_path):
    document = newsletter_docx(tmp_path / "york.docx")
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(document) as source, zipfile.ZipFile(damaged, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            target.writestr(part, b"not a picture at all" if part.filename.startswith("word/media/") else data)
    added = add_section(Project(lac.root), "may-2020", str(damaged))
    assert added.pictures == []
    assert any(note.startswith("picture 1 cannot go in an email") for note in added.notes)
    assert "image" not in str(new_section(lac))
    assert not list((lac.root / "images").glob("damaged*"))



def test_a_picture_left_out_is_not_also_asked_for_a_description(lac, tmp_path):
    """One note for a picture that cannot go in an email, the reason: not first its missing description."""
    from docx import Document
    from docx_files import repack, tiny_png

    source = tmp_path / "source.docx"
    document = Document()
    document.add_heading("A picture and its words", level=1)
    document.add_paragraph("Everyone came.")
    document.add_picture(io.BytesIO(tiny_png(8, 8)))  # with no description
    document.save(str(source))
    with zipfile.ZipFile(source) as original:
        media = next(name for name in original.namelist() if name.startswith("word/media/"))
    repack(source, tmp_path / "left out.docx", replace={media: b"not a picture at all"})
    added = add_section(Project(lac.root), "may-2020", str(tmp_path / "left out.docx"))
    about_the_picture = [note for note in added.notes if note.startswith("picture 1 ")]
    assert len(about_the_picture) == 1 and about_the_picture[0].startswith("picture 1 cannot go in an email")


# A web article

BLOG = """<!doctype html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Valuable not vulnerable | Community Catalysts</title>
<link rel="canonical" href="{base}/2020/05/11/valuable-not-vulnerable/">
<meta property="og:type" content="article">
<meta property="og:title" content="Valuable not vulnerable">
<meta property="og:description" content="Angela reflects on what lockdown taught us about the language of
  vulnerability &amp; the people it &lsquo;protects&rsquo;. *|FNAME|*, read on.">
<meta property="og:image" content="https://images.example.org/cups.jpg">
<meta property="og:image:alt" content="Cups of tea on a garden table">
<meta property="og:site_name" content="Community Catalysts">
<meta property="article:published_time" content="2020-05-11T09:30:00+01:00">
<meta name="author" content="Angela Catley">
<script>if (a < b && c) {{ document.write("<p>not words</p>") }}</script>
</head><body><h1>Valuable not vulnerable</h1><p>The article itself.</p></body></html>
"""
GRAPH = """<html><head><meta charset="windows-1252"><title>Ignored when JSON-LD has a headline</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@graph": [
  {{"@type": "WebPage", "@id": "{base}/graph#webpage", "name": "A web page"}},
  {{"@type": ["Article", "BlogPosting"], "@id": "{base}/graph#article",
   "headline": "Neighbours\u2019 stories &amp; more",
   "description": "How <b>neighbours</b> kept in touch.", "datePublished": "2020-06-02",
   "author": {{"@id": "{base}/#/schema/person/1"}}, "image": {{"@type": "ImageObject", "url": "/pictures/street.png"}},
   "mainEntityOfPage": {{"@id": "{base}/graph"}}}},
  {{"@type": "Person", "@id": "{base}/#/schema/person/1", "name": "Jennie Cox"}}
]}}</script></head><body><p>Caf\xe9 culture.</p></body></html>
"""
BROKEN = """<html><head><title>  A page with   broken metadata </title>
<meta name="description" content="Its description, at least.">
<meta property="og:image" content="javascript:alert(1)">
<script type="application/ld+json">{ "@type": "Article", "headline": </script>
<meta property="og:url" content="https://elsewhere.example.com/stolen">
</head><body><p>text</body></html>"""
UNTITLED = "<html><head><meta charset=utf-8></head><body><p>No title anywhere.</p></body></html>"


class Pages(http.server.BaseHTTPRequestHandler):
    """Pages by path: an article, JSON-LD in an @graph, broken and missing metadata, and what is not HTML."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        pages = {
            "/2020/05/11/valuable-not-vulnerable/": ("text/html; charset=utf-8", BLOG.format(base=base).encode()),
            "/graph": ("text/html", GRAPH.format(base=base).encode("cp1252")),
            "/broken": ("text/html", BROKEN.encode()),
            "/untitled": ("text/html", UNTITLED.encode()),
            "/paper.pdf": ("application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        }
        hop = re.fullmatch(r"/hop/([0-9]+)", self.path)
        if hop:  # a chain of redirects, each to the next
            self.answer(302, b"", [("Location", f"/hop/{int(hop.group(1)) + 1}")])
        elif self.path == "/old-address":
            self.answer(301, b"", [("Location", "/2020/05/11/valuable-not-vulnerable/")])
        elif self.path == "/huge":  # more than the 2 MB read, with no length announced
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(48):
                    self.wfile.write(b"<p>" + b"x" * 65533)
            except OSError:
                pass  # lacnews stopped reading: as it should
            self.close_connection = True
        elif self.path in pages:
            content_type, body = pages[self.path]
            self.answer(200, body, [("Content-Type", content_type)])
        else:
            self.answer(404, b"<p>Not found</p>", [("Content-Type", "text/html")])

    def answer(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def hostile():
    server = HostileServer()
    yield server
    server.stop()


def test_a_blog_article_becomes_a_section_with_its_title_author_summary_picture_and_link(lac, site):
    address = f"{site}/2020/05/11/valuable-not-vulnerable/"
    before = issue_path(lac).read_text(encoding="utf-8")
    added = add_section(Project(lac.root), "may-2020", f"{site}/old-address", proxies=NO_PROXY)
    assert added.title == "Valuable not vulnerable" and added.items == ["Valuable not vulnerable"]
    assert added.pictures == [] and added.notes == []
    assert issue_path(lac).read_text(encoding="utf-8").startswith(before)
    summary = ("Angela reflects on what lockdown taught us about the language of vulnerability & the people it "
               "‘protects’. *|FNAME|*, read on.")
    assert new_section(lac) == {"title": "Valuable not vulnerable", "items": [{
        "title": "Valuable not vulnerable", "url": address, "byline": "Angela Catley", "date": "2020-05-11",
        "image": {"src": "https://images.example.org/cups.jpg", "alt": "Cups of tea on a garden table"},
        "body": summary.replace(" of vulnerability", " of\nvulnerability"),  # wrapped at 70, as an item's body
        "link": {"text": "Read the full article", "url": address}}]}
    email = compose(Project(lac.root), "may-2020").emails[""]
    assert summary in " ".join(email.text.split())
    assert "Angela Catley" in email.text and "11 May 2020" in email.text
    assert Links(email.html).hrefs.count(address) == 2  # the title and the button
    assert {"src": "https://images.example.org/cups.jpg", "alt": "Cups of tea on a garden table"}.items() <= \
        next(image for image in Links(email.html).images if "cups" in image["src"]).items()
    assert "Read the full article" in email.html


def test_json_ld_in_a_graph_names_the_author_by_id_and_the_page_is_decoded_as_declared(lac, site):
    added = add_section(Project(lac.root), "may-2020", f"{site}/graph", proxies=NO_PROXY)
    item = new_section(lac)["items"][0]
    assert item["title"] == "Neighbours’ stories & more"  # windows-1252's curly apostrophe, an entity undone
    assert item["byline"] == "Jennie Cox" and item["date"] == "2020-06-02"
    assert item["body"] == "How neighbours kept in touch."
    assert item["url"] == f"{site}/graph"
    assert item["image"] == {"src": f"{site}/pictures/street.png", "alt": PICTURE_ALT}
    assert any("no description of its picture" in note for note in added.notes)
    assert any("http://, not https://" in note for note in added.notes)


def test_broken_metadata_falls_back_and_an_address_on_another_site_is_not_taken(lac, site):
    added = add_section(Project(lac.root), "may-2020", f"{site}/broken", proxies=NO_PROXY)
    item = new_section(lac)["items"][0]
    assert item["title"] == "A page with broken metadata"
    assert item["body"] == "Its description, at least."
    assert item["url"] == f"{site}/broken" and "image" not in item  # a javascript: picture is no picture
    assert any("elsewhere.example.com/stolen as its address, on another site" in note for note in added.notes)


# Bad sources change nothing

BAD_SOURCES = {
    "no such file": ("missing.docx", "missing.docx: no such file"),
    "a folder": ("folder.docx", "folder.docx: it is a folder, not a file"),
    "an old Word file": ("report.doc", "report.doc is an old Word document (.doc), not a Word document (.docx)"),
    "not a document": ("notes.txt", "notes.txt is a text file, not a Word document (.docx)"),
    "a picture named .docx": ("photo.docx", "photo.docx is damaged or not really a Word document"),
    "a cut-short .docx": ("cut.docx", "cut.docx is damaged or not really a Word document"),
    "a zip with no document": ("empty.docx", "empty.docx is damaged or not really a Word document: open it in Word "
                                             "or LibreOffice and save it again as .docx (it has no document in it)"),
    "a zip bomb": ("bomb.docx", "bomb.docx would unpack to"),
    "broken XML": ("broken.docx", "broken.docx is damaged or not really a Word document (ExpatError)"),
    "an ftp address": ("ftp://example.org/news.docx", "lacnews reads web pages from http:// and https:// addresses"),
    "a file address": ("file:///etc/passwd", "from http:// and https:// addresses only (for a file on this computer"),
    "a page that is not there": ("{site}/gone", "{site}/gone: answers 404 Not Found: there is no page there to read"),
    "a PDF": ("{site}/paper.pdf", "{site}/paper.pdf: is a PDF document, not a web page"),
    "a page with no title": ("{site}/untitled", "the page has no title"),
    "more than the cap": ("{site}/huge", "{site}/huge: the page is larger than 2 MB, more than lacnews reads"),
    "a length that is a lie (long)": ("{hostile}/length-long", "closed the connection in the middle of its answer"),
    "a length that is a lie (short)": ("{hostile}/length-short", "sent more than the 5 bytes it announced"),
    "a redirect loop": ("{hostile}/loop", "{hostile}/loop: redirects in a loop"),
    "six redirects": ("{site}/hop/1", "{site}/hop/1: redirects more than 5 times"),
    "a redirect to a file": ("{hostile}/to-file", "redirects to a file: address (file:///etc/passwd)"),
    "a server that stalls": ("{hostile}/stall", "{hostile}/stall: no complete answer within 1.5 s"),
    "a server that drips": ("{hostile}/drip", "{hostile}/drip: no complete answer within 1.5 s"),
    "a server that is not HTTP": ("{hostile}/bad-status", "does not answer in HTTP: its first line is 'HTTP/1.1 OK'"),
}


def bad_files(folder: Path) -> None:
    """Write the bad documents of BAD_SOURCES into ``folder``."""
    (folder / "folder.docx").mkdir()
    (folder / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (folder / "notes.txt").write_text("Some notes\n", encoding="utf-8")
    (folder / "photo.docx").write_bytes(picture_png())
    good = newsletter_docx(folder / "good.docx").read_bytes()
    (folder / "cut.docx").write_bytes(good[:len(good) // 2])
    with zipfile.ZipFile(folder / "empty.docx", "w") as package:
        package.writestr("readme.txt", "nothing here")
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", "<w:document/>")
        for number in range(5):  # 100 MB of zeros each, in a few KB
            package.writestr(f"word/media/zeros{number}.bin", b"\0" * (100 * 1024 * 1024))
    with zipfile.ZipFile(folder / "good.docx") as source, zipfile.ZipFile(folder / "broken.docx", "w") as target:
        for part in source.infolist():
            data = source.read(part)
            target.writestr(part, data[:len(data) // 2] if part.filename == "word/document.xml" else data)


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad-sources")
    bad_files(folder)
    return folder


@pytest.mark.parametrize("case", list(BAD_SOURCES))
def test_every_bad_source_is_refused_in_words_and_changes_nothing(lac, site, hostile, bad_folder, case, monkeypatch):
    source, message = (text.format(site=site, hostile=hostile.url("")) for text in BAD_SOURCES[case])
    monkeypatch.chdir(bad_folder)
    before = snapshot(lac)
    started = time.monotonic()
    with pytest.raises(LacnewsError) as raised:
        add_section(Project(lac.root), "may-2020", source, timeout=1.5, proxies=NO_PROXY)
    elapsed = time.monotonic() - started
    assert message in raised.value.format_message()
    assert "\x1b" not in raised.value.format_message()
    assert snapshot(lac) == before
    assert elapsed < 1.5 + 1.5  # the deadline covers the whole fetch, however the server behaves


def test_an_issue_that_does_not_build_with_the_new_section_is_put_back(lac, tmp_path, monkeypatch):
    before = snapshot(lac)

    def fails(project, name, *args, **kwargs):
        raise InputError([Problem(Place(issue_path(lac), 3, 1), "an error only this test makes")])

    monkeypatch.setattr("lacnews.commands.add.compose", fails)
    with pytest.raises(LacnewsError) as raised:
        add_section(Project(lac.root), "may-2020", str(newsletter_docx(tmp_path / "york.docx")))
    assert "does not build, so nothing was added" in raised.value.format_message()
    assert "an error only this test makes" in raised.value.format_message()
    assert snapshot(lac) == before  # the issue's bytes, and no picture left behind


def test_an_issue_that_does_not_load_is_left_alone(project, tmp_path):
    issue_path(project, "march-2021").write_text("date: 2021-03\nsubject: x\nsections:\n  - body: no title\n",
                                                 encoding="utf-8")
    before = snapshot(project)
    with pytest.raises(InputError):
        add_section(Project(project.root), "march-2021", "-", stdin=io.StringIO("Title\nText\n"))
    assert snapshot(project) == before


# Where the text goes

LAYOUTS = {
    "sections in the middle":
        "sections:\n  - title: One  # the first\n    body: x\n\n# The contents:\ncontents: none\n",
    "a list at the key's column": "sections:\n- title: One\n  body: x\n",
    "no newline at the end": "sections:\n  - title: One\n    body: x",
    "Windows line ends": "sections:\r\n  - title: One\r\n    body: x\r\n",
    "comments after the last section": "sections:\n  - title: One\n    body: x\n    # about One\n# the end\n",
    "a block that keeps its blank lines": "sections:\n  - title: One\n    body: |+\n      x\n\n\ncontents: none\n",
    "an end-of-document marker": "sections:\n  - title: One\n    body: x\n...\n",
    "wider indentation": "sections:\n    -   title: One\n        body: x\n",
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_the_section_is_appended_to_the_list_as_the_file_writes_it(project, layout):
    head = "# March\ndate: 2021-03\nsubject: Test Network News – March 2021\n"
    original = ("\ufeff" if layout == "wider indentation" else "") + head + LAYOUTS[layout]
    if "\r\n" in original:
        original = original.replace("\r\n", "\n").replace("\n", "\r\n")
    issue_path(project, "march-2021").write_bytes(original.encode("utf-8"))
    added = add_section(Project(project.root), "march-2021", "-", stdin=io.StringIO("Pasted title\nPasted words.\n"))
    raw = issue_path(project, "march-2021").read_bytes()
    text = raw.decode("utf-8-sig")
    assert raw.startswith(b"\xef\xbb\xbf") == original.startswith("\ufeff")
    for line in original.lstrip("\ufeff").splitlines():
        assert line in text.splitlines()  # every line, its comments too
    assert ("\r\n" in text) == ("\r\n" in original) and ("\r\n" not in text or "\n" not in text.replace("\r\n", ""))
    issue = yaml.safe_load(text)
    assert [section["title"] for section in issue["sections"]] == ["One", "Pasted title"]
    assert issue["sections"][1]["body"] == "Pasted words."
    assert text.splitlines()[added.line - 1].strip() == '- title: "Pasted title"'
    assert compose(Project(project.root), "march-2021").emails[""].text.count("Pasted words.") == 1


def test_sections_written_in_brackets_are_refused(project):
    issue_path(project, "march-2021").write_text(
        "date: 2021-03\nsubject: x\nsections: [{title: One, body: x}]\n", encoding="utf-8")
    before = snapshot(project)
    with pytest.raises(LacnewsError, match=r"march-2021\.yaml:3:11: the sections are written in brackets"):
        add_section(Project(project.root), "march-2021", "-", stdin=io.StringIO("Title\nText\n"))
    assert snapshot(project) == before


def test_the_title_can_be_given(project):
    added = add_section(Project(project.root), "march-2021", "-", stdin=io.StringIO("just some words, no title.\n"),
                        title="  Our   news ")
    assert added.title == "Our news" and new_section(project, "march-2021")["title"] == "Our news"
    assert added.notes == []  # no word of a stand-in title


# Pasted text

WORD_PLAIN = ("Volunteers\u2019 Week\n"
              "Thank you to everyone who gave their time\u00a0\u2013 all 1,200 of you.\n"
              "\u2022\tShopping and prescriptions collected\n"
              "\u00b7\tFriendly phone calls to neigh\u00adbours\n"
              "o\tEvery week, without fail\n"
              "1.\tTell us your story\n"
              "2.\tShare it with *|FNAME|*\u2019s friends\n"
              "See you in \u201cJune\u201d.\n")
DOCS_PLAIN = ("Coffee mornings\u200b\n\n"
              "\u25cf Online for now\n"
              "\u25cb Wednesdays at\u00a010\n"
              "\u25cf On the phone too\n\n"
              "A paragraph wrapped by hand\n"
              "over two lines, with snake_case and 3 * 4 = 12.\n\n"
              "# not a heading\n")
DOCS_HTML = ('<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-4f1c2a9e-7fff-1b2c-8d3e">'
             '<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;"><span style="font-size:20pt;'
             'font-family:Arial;font-weight:700;">Summer fair</span></p><br>'
             '<p dir="ltr" style="line-height:1.38;"><span style="font-weight:400;">Join us at the\u00a0</span>'
             '<span style="font-weight:700;">community hall</span><span style="font-style:italic;"> on Saturday'
             '</span><span>\u200b, *|FNAME|*.</span></p>'
             '<ul style="margin-top:0;"><li dir="ltr" style="list-style-type:disc;"><p dir="ltr" role="presentation">'
             '<span>Cakes &amp; </span><span>[bring your own]</span></p></li><li dir="ltr"><p dir="ltr" '
             'role="presentation"><span>Games</span></p></li></ul><br><p dir="ltr"><a href="https://example.org/fair"'
             ' style="text-decoration:none;"><span style="color:#1155cc;text-decoration:underline;">Details and '
             'times</span></a> or <a href="javascript:alert(1)"><span>this</span></a>.</p></b><br>')
WORD_HTML = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator content="Microsoft '
             'Word 15"><style><!-- p.MsoNormal {margin:0cm} --></style></head><body lang=EN-GB>'
             '<p class=MsoNormal><b>Volunteers\u2019 Week</b><o:p></o:p></p>'
             '<p class=MsoListParagraphCxSpFirst style=\'text-indent:-18.0pt;mso-list:l0 level1 lfo1\'><![if '
             '!supportLists]><span style=\'font-family:Symbol\'>\u00b7<span style=\'font:7.0pt "Times New Roman"\'>'
             '&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span><![endif]>Shopping collected<o:p></o:p></p>'
             '<p class=MsoListParagraphCxSpLast style=\'mso-list:l0 level2 lfo1\'><![if !supportLists]><span '
             'style=\'font-family:"Courier New"\'>o<span>&nbsp;&nbsp; </span></span><![endif]>Every week<o:p></o:p></p>'
             '<p class=MsoNormal>Thanks to <a href="https://example.org/volunteers">all of you</a>.</p></body></html>')


def pasted(project: TempProject, text: str) -> tuple[dict, str]:
    """Add ``text`` as pasted to march-2021; return the new section and the email's text."""
    add_section(Project(project.root), "march-2021", "-", stdin=io.StringIO(text))
    return new_section(project, "march-2021"), compose(Project(project.root), "march-2021").emails[""].text


def test_text_pasted_from_word_loses_its_paste_damage(project):
    section, text = pasted(project, WORD_PLAIN)
    assert section == {"title": "Volunteers’ Week", "body": (
        "Thank you to everyone who gave their time – all 1,200 of you.\n\n"
        "- Shopping and prescriptions collected\n"
        "- Friendly phone calls to neighbours\n"
        "  - Every week, without fail\n"
        "1. Tell us your story\n"
        "2. Share it with *|FNAME|*’s friends\n\n"
        "See you in “June”.")}
    assert "* Friendly phone calls to neighbours" in text and "*|FNAME|*’s friends" in text


def test_text_pasted_from_google_docs_loses_its_paste_damage(project):
    section, text = pasted(project, DOCS_PLAIN)
    assert section == {"title": "Coffee mornings", "body": (
        "- Online for now\n  - Wednesdays at 10\n- On the phone too\n\n"
        "A paragraph wrapped by hand\nover two lines, with snake_case and 3 \\* 4 = 12.\n\n"
        "\\# not a heading")}
    assert "3 * 4 = 12" in text and "# not a heading" in text and "\u200b" not in text


def test_html_pasted_from_google_docs_becomes_markdown(project):
    section, text = pasted(project, DOCS_HTML)
    assert section == {"title": "Summer fair", "body": (
        "Join us at the **community hall** *on Saturday*, *|FNAME|*.\n\n"
        "- Cakes & \\[bring your own\\]\n- Games\n\n"
        "[Details and times](https://example.org/fair) or this.")}
    assert "Details and times (https://example.org/fair) or this." in text and "javascript" not in text


def test_html_pasted_from_word_becomes_markdown(project):
    section, _ = pasted(project, WORD_HTML)
    assert section == {"title": "Volunteers’ Week", "body": (
        "- Shopping collected\n   - Every week\n\nThanks to [all of you](https://example.org/volunteers).")}


def test_pasting_nothing_is_refused(project):
    before = snapshot(project)
    with pytest.raises(LacnewsError, match="nothing was pasted"):
        add_section(Project(project.root), "march-2021", "-", stdin=io.StringIO(" \n\u00a0\n"))
    assert snapshot(project) == before


def test_pasted_text_without_a_title_line_gets_a_stand_in(project):
    added = add_section(Project(project.root), "march-2021", "-",
                        stdin=io.StringIO("This is a sentence that ends with a full stop.\nAnd another.\n"))
    assert added.title == SECTION_TITLE
    assert any(SECTION_TITLE in note for note in added.notes)


# HTML to Markdown

WORDS = st.lists(st.sampled_from([
    "*", "**", "_", "__", "`", "[", "]", "(", ")", "!", "#", "# ", "- ", "+ ", "1. ", "2) ", ">", "<", "&", "&amp;",
    "&copy;", "\\", "|", "*|FNAME|*", "*|DATE:d/m Y|*", "=", "~~~", "word", "snake_case", " ", "\n", "\t", "é",
    "---", ".", ":", '"', "'", "\u00a0", "\u200b", "\u00ad", "<b>", "https://example.org/", "1.", "***",
]), max_size=10).map("".join)


@st.composite
def paragraphs(draw) -> tuple[str, str, list[str]]:
    """Return a paragraph of HTML, its words as a reader sees them, and its links' addresses."""
    parts, words, links = [], [], []
    for _ in range(draw(st.integers(1, 5))):
        text = draw(WORDS)
        style = draw(st.sampled_from(["", "b", "i", "bi", "a", "ab", "br", "bad-link"]))
        if style == "br":
            parts.append("<br>")
            words.append(" ")
            continue
        markup = html.escape(text)
        if "b" in style.replace("bad", ""):
            markup = f"<strong>{markup}</strong>"
        if "i" in style:
            markup = f"<em>{markup}</em>"
        if style.startswith("a") and text.strip(" \t\n\u00a0\u200b\u00ad"):
            address = draw(st.sampled_from(["https://example.org/a(b)", "https://example.org/x y",
                                            "https://example.org/?a=1&b=2&copy;", "mailto:a@example.org",
                                            "*|ARCHIVE|*", "https://example.org/p\\q"]))
            markup = f'<a href="{html.escape(address)}">{markup}</a>'
            links.append(address)
        if style == "bad-link":
            markup = f'<a href="javascript:alert(1)">{markup}</a>'
        parts.append(markup)
        words.append(text)
    return "<p>" + "".join(parts) + "</p>", "".join(words), links


def reader_words(text: str) -> str:
    return " ".join(text.replace("\u200b", "").replace("\u00ad", "").split())


@BOUNDED
@given(paragraphs())
def test_html_becomes_markdown_that_says_the_same_words_with_the_same_links(paragraph):
    markup, words, links = paragraph
    markdown = html_to_markdown(markup)
    assert reader_words(markdown_text(markdown)) == reader_words(words)
    for tag in MERGE_TAG.findall(words):
        assert tag in markdown
    from lacnews.text.markdown import parse
    hrefs = [child.attrGet("href") for token in parse(markdown) for child in token.children or ()
             if child.type == "link_open"]
    assert len(hrefs) == len(links) and "javascript" not in markdown


def test_html_keeps_merge_tags_and_drops_addresses_that_are_not_links():
    markdown = html_to_markdown('<p><b>*|FNAME|*</b>, see <a href="data:text/html,x">this</a> and '
                                '<a href="https://example.org/?u=*|EMAIL|*">that</a>.</p>')
    assert markdown == "***|FNAME|***, see this and [that](https://example.org/?u=*|EMAIL|*)."


@pytest.mark.parametrize("hostile", [
    "<a" * 50_000, "<" * 100_000, "</" * 50_000, "<!--" + "x" * 100_000, "<!--x>" * 20_000, "<a x='" * 20_000 + ">",
    "<![" * 30_000, "<script>" + "<a" * 50_000, "<p>" + "*" * 100_000, "<span>x" * 30_000, "<ul><li>x" * 10_000,
    "<p>" + "<b>a</b><i>b</i>" * 6_000, "&amp;" * 30_000,
])
def test_hostile_html_is_read_in_linear_time(hostile):
    started = time.perf_counter()
    html_to_markdown(hostile)
    assert time.perf_counter() - started < 3  # about 0.6 s at most here; a quadratic reading takes minutes


def test_well_formed_html_is_what_a_browser_reads():
    assert well_formed("<P CLASS=x onclick='a>b'>Hi <b>there<!-- no -->") == '<p class="x" onclick="a>b">Hi <b>there'
    assert well_formed("a < b <3 <!doctype html><?php x ?></ p>") == "a &lt; b &lt;3 "
    assert well_formed("<script>if (a<b) x</script >after") == "<script>if (a<b) x</script>after"
    assert well_formed("<title>a <b> c</title>") == "<title>a &lt;b> c</title>"
    assert well_formed("<img src=x alt=\"a\"b\"") == ""  # a tag the text ends inside is no tag


# Decoding a page

def test_a_page_is_decoded_as_its_bom_header_or_meta_says_and_only_with_a_web_encoding():
    assert decode_html("caf\u00e9".encode("utf-8"), None) == "caf\u00e9"
    assert decode_html(b"<meta charset='windows-1252'>caf\xe9 \x93", None).endswith("caf\u00e9 \u201c")
    assert decode_html(b"<meta http-equiv=Content-Type content='text/html; charset=iso-8859-1'>\x93", None) \
        .endswith("\u201c")  # ISO-8859-1 is read as browsers read it: as Windows-1252
    assert decode_html(b"\xef\xbb\xbfcaf\xc3\xa9", "windows-1252") == "caf\u00e9"  # the BOM wins
    assert decode_html("caf\u00e9".encode("cp1252"), "cp1252") == "caf\u00e9"  # the header, over UTF-8
    assert decode_html(b"\\u0041 caf\xe9", "unicode_escape") == "\\u0041 caf\ufffd"  # not a web encoding
    assert decode_html(b"<meta charset=utf-16>caf\xc3\xa9", None).endswith("caf\u00e9")
    assert web_encoding("rot13") is None and web_encoding("x-user-defined") is None
    assert web_encoding(" Shift_JIS ") == "shift_jis" and web_encoding("latin1") == "cp1252"


def test_lacnews_add_on_the_command_line_as_an_editor_runs_it(lac, tmp_path):
    from docx_files import newsletter_docx

    document = newsletter_docx(tmp_path / "Coffee mornings.docx", alt="Neighbours at a coffee morning")
    before = (lac.root / "issues" / "may-2020.yaml").read_text(encoding="utf-8")
    result = lac.run("add", "may-2020", str(document))
    assert result.code == 0, result.output
    assert "added '" in result.out and "to issues/may-2020.yaml at line" in result.out
    assert "Next: read it over with `lacnews preview may-2020`" in result.out
    after = (lac.root / "issues" / "may-2020.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # appended: every comment and line before it as it was
    built = lac.run("build", "may-2020")
    assert built.code == 0, built.output
    refused = lac.run("add", "may-2020", str(tmp_path / "missing.docx"))
    assert refused.code == 1 and "Traceback" not in refused.output
    assert (lac.root / "issues" / "may-2020.yaml").read_text(encoding="utf-8") == after
