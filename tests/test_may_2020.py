"""The repository's own bulletin, May 2020, built end to end with the lacnews command."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# The footer's seven: why you get this, view in browser, forward, preferences, unsubscribe, the address
# (asserted below), and Mailchimp's badge (its text form in the text part).
FOOTER_TAGS = ["*|ARCHIVE|*", "*|ABOUT_LIST|*", "*|FORWARD|*", "*|UNSUB|*", "*|UPDATE_PROFILE|*", "*|EMAIL|*"]


class Structure(HTMLParser):
    """Collects what the structural asserts need: tables, headings, links, images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.headings: list[int] = []
        self.links: list[str] = []
        self.images: list[dict] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.add(tag)
        if tag == "table":
            self.tables.append(attributes)
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "a":
            self.links.append(attributes.get("href", ""))
        elif tag == "img":
            self.images.append(attributes)


def test_build_prints_each_output_with_its_size(may_2020):
    result = may_2020.result
    lines = result.out.splitlines()
    assert re.fullmatch(r"build/may-2020/email\.html  \d+\.\d KB", lines[0])
    assert re.fullmatch(r"build/may-2020/email\.txt  \d+\.\d KB", lines[1])
    # no warnings for the repository's own issue: only the notes that its website and sign-up links are http://
    assert all(": note link-http: http://" in line for line in result.err.splitlines()), result.err


def test_html_is_a_mailchimp_ready_document(may_2020):
    html = may_2020.html
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\"")
    assert "<title>Local Area Coordination Network update – May 2020</title>" in html
    assert "<script" not in html.lower()
    for tag in FOOTER_TAGS:
        assert tag in html, tag
    assert 'href="*|UNSUB|*"' in html and 'href="*|ARCHIVE|*"' in html and 'href="*|FORWARD|*"' in html
    assert "mailto:*|EMAIL|*" not in html  # the reader's own address is not a link to themselves
    assert "\n*|REWARDS|*\n</td>" in html  # Mailchimp's badge where it expects it, in no paragraph of ours
    assert "%7C" not in html and "&#124;" not in html
    assert "Copyright &copy; 2020 Community Catalysts CIC" in html or "Copyright © 2020 Community Catalysts CIC" in html
    assert "2019" not in html and "*Community" not in html and "Streeet" not in html
    assert html.count("York House, 10 Haywra Street, Harrogate, North Yorkshire HG1 5BJ") == 1


def test_html_is_well_under_gmails_clip(may_2020):
    html = may_2020.html
    assert len(html.encode()) < 40 * 1024


def test_html_layout_is_accessible_and_outlook_safe(may_2020):
    html = may_2020.html
    structure = Structure()
    structure.feed(html)
    assert structure.tables and all(t.get("role") == "presentation" for t in structure.tables)
    assert structure.headings[0] == 1 and structure.headings.count(1) == 1
    # headings never skip a level on the way down
    assert all(b - a <= 1 for a, b in zip(structure.headings, structure.headings[1:]))
    assert "<!--[if mso]>" in html and "<![endif]-->" in html
    assert '<meta name="color-scheme" content="light dark">' in html
    # the preheader is there but hidden as Mailchimp hides its own: display:none (Gmail's webmail and apps,
    # Apple Mail, Yahoo), max-height:0 and overflow:hidden where display:none is dropped (Gmail's mobile
    # webmail), mso-hide for Outlook on Windows; never text in the page's colour, which spam filters score
    assert re.search(r'<div class="preheader" style="display:none; max-height:0; overflow:hidden; mso-hide:all">'
                     r'Weathering the storm podcasts', html)
    # the phone layout survives inlining: the media query keeps its !important
    assert re.search(r"@media screen and \(max-width: 620px\)\s*\{[^@]*padding-left: 16px !important", html)
    # CSS is inlined on the elements, links in the accent colour
    assert re.search(r'<a href="https://ipc.brookes.ac.uk/" class="button-link" style="[^"]*color:#fff', html) or \
        re.search(r'<a class="button-link" href="https://ipc.brookes.ac.uk/" style="[^"]*color:#fff', html)
    assert re.search(r'<a href="https://relationshipsproject.org/" style="[^"]*color:#1d5c7a', html)
    for href in structure.links:
        assert re.match(r"(https?://|mailto:|tel:|#|\*\|[A-Z_]+\|\*$)", href), href


def test_every_section_of_the_seed_is_there(may_2020):
    html, text = may_2020.html, may_2020.text
    for words in ["Update from Nick Sinclair", "Resources on Local Area Coordination",
                  "Surviving the Pandemic", "Weathering the storm - podcast", "York", "Kirklees",
                  "Jennie Cox, Senior Coordinator at City of York Council", "Charlene Novak",
                  "Relationships Project - observatory sightings", "From control to participation",
                  "Do we need to reset the relationship", "Podcasts from #socialcarefuture",
                  "Clenton Farquharson talks about his experience", "Useful blogs", "Valuable not vulnerable",
                  "How to get in touch", "cat@lacnetwork.org", "07535381638", "nick@lacnetwork.org",
                  "07407789130", "@LACNetwork", "@LACNetworkUK", "Please share this update with colleagues",
                  "http://eepurl.com/dlqbIT"]:
        assert words in html, words
        assert words in " ".join(text.split()), words


def test_text_reads_as_plain_text(may_2020):
    text = may_2020.text
    for number, line in enumerate(text.splitlines(), 1):
        assert len(line) <= 78 or " " not in line.strip().lstrip("*>( ").rstrip(")"), (number, line)
        assert not re.search(r"</?[a-z]+[^>]*>", line), (number, line)
        assert not re.search(r"&(?:amp|lt|gt|quot|nbsp|#\d+);", line), (number, line)
    for tag in FOOTER_TAGS:
        assert tag in text, tag
    assert text.endswith("\n*|REWARDS_TEXT|*\n")
    assert "Copyright © 2020 Community Catalysts CIC" in text
    # headings set apart, bullets, quotes with their attribution, links with their addresses
    assert "Useful blogs\n------------" in text
    assert "* Weathering the storm podcasts\n* Observatory sightings" in text
    assert "> The fact that we’ve all started communicating" in text
    assert ">   – Charlene Novak, who runs a Mutual Aid Group" in text
    assert "Read the full paper (https://ipc.brookes.ac.uk/)" in text
    assert "(https://makingrightsmakesense.wordpress.com/2015/08/05/its-high-time-we-abandoned-the-language-of-vulnerability-2/)" in text


def test_build_by_path_and_with_root(may_2020, tmp_path):
    project, html = may_2020.project, may_2020.html
    from conftest import run_lacnews
    by_path = project.run("build", "issues/may-2020.yaml")
    assert by_path.code == 0 and "build/may-2020/email.html" in by_path.out
    elsewhere = run_lacnews("build", "may-2020", "--root", str(project.root), cwd=tmp_path)
    assert elsewhere.code == 0, elsewhere.output
    assert project.built("may-2020")[0] == html  # the same bytes, whichever way it was named


def test_version_and_help():
    from conftest import REPO, run_lacnews

    from lacnews import __version__
    version = run_lacnews("--version", cwd=REPO)
    assert version.code == 0 and version.out.strip() == f"lacnews, version {__version__}"
    for args in (["--help"], ["build", "--help"]):
        result = run_lacnews(*args, cwd=REPO)
        assert result.code == 0 and "Usage: lacnews" in result.out
