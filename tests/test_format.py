"""The issue format (docs/format.md, lacnews/base/schema.py): every field reaches both outputs as typed."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from conftest import MINIMAL_NEWSLETTER

from lacnews.base.project import Project
from lacnews.compose import compose

FULL_NEWSLETTER = """\
name: Full Network
description: The *standing* strapline of the network.
language: cy-GB
website: https://full.example.org/
signup_url: https://full.example.org/signup
share_text: Please pass this on
sender:
  name: Full Network Team
  organisation: Full Trust CIC
  address: 2 Low Road, Fullton FU1 1LL, United Kingdom
  statement: Full Network is hosted by [Full Trust](https://trust.example.org/).
contacts:
  - name: Ann
    purpose: for everything
    email: ann@full.example.org
    phone: "07535381638"
social:
  facebook: FullNet
  twitter: "@FullNetUK"
  mastodon: https://social.example.org/@full
theme:
  accent: "#7a1d2e"
  logo: {src: "https://full.example.org/logo.png", alt: Full Network logo, width: 180}
"""

FULL_ISSUE = """\
date: 2021-04-15
subject: Full news – April
preheader: All the fields at once
intro: An *intro* for April.
contents: auto
sections:
  - title: Stories
    id: stories
    layout: standard
    body: Before the items.
    items:
      - title: Story one
        url: https://example.org/one
        byline: Ann Author
        date: 2021-04-01
        body: The story's body.
        image: {src: "https://example.org/one.jpg", alt: A picture of one, width: 900}
        quote: {text: Something quotable., by: Bob Speaker}
        link: {text: Read story one, url: "https://example.org/one/more"}
        links:
          - {text: Second action, url: "mailto:ann@full.example.org"}
          - {text: Call us, url: "tel:+441234567890"}
    after: After the items.
  - title: Reading list
    layout: list
    items:
      - title: A blog
        url: https://blog.example.org/post
        byline: Cee Writer
        body: One line about it.
"""


def build(project, slug="march-2021"):
    """Build in-process; the HTML comes without its inlined style attributes, to keep asserts readable."""
    email = compose(Project(project.root), slug).emails[""]
    return dataclasses.replace(email, html=re.sub(r' style="[^"]*"', "", email.html))


def text_of(html: str) -> str:
    """Visible text of the HTML, roughly: tags dropped, whitespace folded."""
    body = re.sub(r"(?s)<(style|title|head)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.fixture
def full(project):
    project.write("newsletter.yaml", FULL_NEWSLETTER)
    project.issue("april-2021", FULL_ISSUE)
    return build(project, "april-2021")


def test_every_field_reaches_the_html(full):
    html = full.html
    shown = text_of(html)
    for words in ["Full Network", "April 2021", "standing", "An", "intro", "for April", "Stories",
                  "Before the items.", "Story one", "Ann Author", "1 April 2021", "The story's body.",
                  "Something quotable.", "Bob Speaker", "Read story one", "Second action", "Call us",
                  "After the items.", "Reading list", "A blog", "Cee Writer", "One line about it.",
                  "Please pass this on", "Full Network is hosted by", "Full Trust CIC",
                  "2 Low Road, Fullton FU1 1LL, United Kingdom", "Ann", "for everything",
                  "ann@full.example.org", "07535381638", "@FullNet", "@FullNetUK",
                  "All the fields at once", "Copyright © 2021 Full Trust CIC"]:
        assert words in shown, words
    assert '<html lang="cy-GB"' in html
    assert "<title>Full news – April</title>" in html
    for address in ["https://example.org/one", "https://example.org/one/more", "mailto:ann@full.example.org",
                    "tel:+441234567890", "https://blog.example.org/post", "https://full.example.org/",
                    "https://full.example.org/signup", "https://trust.example.org/",
                    "https://www.facebook.com/FullNet", "https://twitter.com/FullNetUK",
                    "https://social.example.org/@full", "tel:07535381638", "https://full.example.org/logo.png"]:
        assert f'href="{address}"' in html or f'src="{address}"' in html, address
    assert 'alt="A picture of one"' in html and 'alt="Full Network logo"' in html
    # an image wider than the column is shown at the column's width
    assert re.search(r'<img[^>]*src="https://example.org/one.jpg"[^>]*width="536"', html)
    # the accent colour is the theme's, inlined on links
    assert "#7a1d2e" in html


def test_every_field_reaches_the_text(full):
    text = full.text
    for words in ["Full Network", "April 2021", "An intro for April.", "Stories", "Before the items.",
                  "Story one (https://example.org/one)", "Ann Author · 1 April 2021",
                  "The story's body.", "> Something quotable.", "– Bob Speaker",
                  "Read story one (https://example.org/one/more)", "Second action (mailto:ann@full.example.org)",
                  "Call us (tel:+441234567890)", "After the items.", "Reading list",
                  "* A blog by Cee Writer (https://blog.example.org/post): One line about it.",
                  "Please pass this on", "Full Trust (https://trust.example.org/)",
                  "Copyright © 2021 Full Trust CIC", "Website: https://full.example.org/",
                  "Facebook: @FullNet (https://www.facebook.com/FullNet)", "ann@full.example.org",
                  "07535381638", "[A picture of one]", "[Full Network logo]"]:
        assert words in text, words


def test_contents_auto_links_to_each_section(full):
    assert '<a href="#stories"' in full.html and 'id="stories"' in full.html
    # an id made from the title
    assert '<a href="#reading-list"' in full.html and 'id="reading-list"' in full.html
    assert "* Stories\n* Reading list" in full.text


@pytest.mark.parametrize("contents, shown, hidden", [
    ("none", [], ["In this month's edition"]),
    ("[Podcasts, and more...]", ["Podcasts", "and more..."], []),
])
def test_contents_none_or_lines(project, contents, shown, hidden):
    project.issue("march-2021", f"""\
        date: 2021-03
        subject: S
        contents: {contents}
        sections:
          - title: Only section
    """)
    rendered = build(project)
    for words in shown:
        assert re.search(rf"<li[^>]*>{re.escape(words)}</li>", rendered.html)
        assert f"* {words}" in rendered.text
    for words in hidden:
        assert words not in rendered.html and words not in rendered.text


@pytest.mark.parametrize("written, kept", [
    ("No", "No"), ("2020", "2020"), ("07535381638", "07535381638"), ("1.10", "1.10"),
    ("yes", "yes"), ("2020-05-01", "2020-05-01"), ("0x1F", "0x1F"), ("~", "~"), ("1e3", "1e3"),
])
def test_yaml_implicit_typing_does_not_leak(project, written, kept):
    project.write("newsletter.yaml", project.root.joinpath("newsletter.yaml").read_text()
                  + f"contacts:\n  - name: Dee\n    phone: {written}\n")
    project.issue("march-2021", f"""\
        date: 2021-03
        subject: {written}
        sections:
          - title: {written}
            items:
              - title: {written}
                byline: {written}
    """)
    rendered = build(project)
    assert f"<title>{kept}</title>" in rendered.html
    assert f'<h2 id="s-{kept.lower()}"' in rendered.html or f">{kept}</h2>" in rendered.html
    assert f"<h3>{kept}</h3>" in rendered.html
    assert f"\n{kept}\n" in rendered.text
    assert f">{kept}</a>" in rendered.html  # the phone number, as typed


def test_merge_tags_survive_markdown_and_every_output(project):
    project.issue("march-2021", """\
        date: 2021-03
        subject: Hello *|FNAME|*
        preheader: For *|FNAME|* only
        sections:
          - title: Hi *|FNAME|*
            body: |
              Dear *|FNAME|*, *really* welcome. See [your profile](*|UPDATE_PROFILE|*)
              or [this page](https://example.org/p?id=*|UNIQID|*&x=1).
            items:
              - title: Archive
                url: "*|ARCHIVE|*"
                body: "**Bold** and *|LNAME|* and *|IF:FNAME|*x*|END:IF|*"
    """)
    rendered = build(project)
    html, text = rendered.html, rendered.text
    assert "Dear *|FNAME|*, <em>really</em> welcome" in html
    assert '<a href="*|UPDATE_PROFILE|*"' in html
    assert 'href="https://example.org/p?id=*|UNIQID|*&amp;x=1"' in html
    assert '<a href="*|ARCHIVE|*">Archive</a>' in html
    assert "<strong>Bold</strong> and *|LNAME|* and *|IF:FNAME|*x*|END:IF|*" in html
    assert "<title>Hello *|FNAME|*</title>" in html
    for broken in ["<em>|", "%7C", "&#124;", "*&#124;"]:
        assert broken not in html
    flowing = " ".join(text.split())
    assert "Dear *|FNAME|*, really welcome. See your profile (*|UPDATE_PROFILE|*)" in flowing
    assert "this page (https://example.org/p?id=*|UNIQID|*&x=1)" in flowing
    assert "Bold and *|LNAME|* and *|IF:FNAME|*x*|END:IF|*" in text
    assert "For *|FNAME|* only" in text


TAG_PLACES = {
    "bold italic": ("***|FNAME|***", "*|FNAME|*"),
    "image description": ("![A photo of *|FNAME|*](https://example.org/a.png)", "*|FNAME|*"),
    "link words": ("[Hello *|LNAME|*](https://example.org/)", "*|LNAME|*"),
    "link address with a space": ("[Today](https://example.org/?d=*|DATE:d/m Y|*)", "*|DATE:d/m Y|*"),
    "heading-like bold": ("**Dear *|FNAME|*,**", "*|FNAME|*"),
    "list item": ("* *|LIST:COMPANY|* news\n* more", "*|LIST:COMPANY|*"),
    "quote": ("> Said *|FNAME|*", "*|FNAME|*"),
    "code": ("`*|UNIQID|*`", "*|UNIQID|*"),
    "tab beside": ("Name:\t*|FNAME|*\tend", "*|FNAME|*"),
}


@pytest.mark.parametrize("place", list(TAG_PLACES))
def test_a_merge_tag_reaches_both_outputs_byte_for_byte_wherever_it_stands(project, place):
    body, tag = TAG_PLACES[place]
    project.issue("march-2021", "date: 2021-03\nsubject: S\nsections:\n  - title: T\n    body: "
                  + json.dumps(body) + "\n")
    email = compose(Project(project.root), "march-2021").emails[""]
    assert tag in email.html and tag in email.text
    for mangled in ("<em>|", "|</em>", "%7C", "&#124;", "%2A"):
        assert mangled not in email.html


def test_the_text_part_never_breaks_a_line_inside_a_merge_tag(project):
    words = "word " * 14
    project.issue("march-2021", f"date: 2021-03\nsubject: S\nsections:\n  - title: T\n    body: "
                                f"{words}*|DATE:d/m Y|* and *|IF:FNAME = Alex|*then*|END:IF|* follow\n")
    text = compose(Project(project.root), "march-2021").emails[""].text
    assert "*|DATE:d/m Y|*" in text and "*|IF:FNAME = Alex|*" in text
    assert all(len(line) <= 78 for line in text.splitlines())


def test_raw_html_in_content_is_shown_as_text(project):
    project.issue("march-2021", """\
        date: 2021-03
        subject: "<b>Subject</b>"
        sections:
          - title: "<script>alert(1)</script>"
            body: |
              <img src=x onerror=alert(1)> and <b>bold</b> & more

              <div>block</div>
    """)
    rendered = build(project)
    assert "<script" not in rendered.html and "<b>" not in rendered.html and "<div>block" not in rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert "&lt;img src=x onerror=alert(1)&gt; and &lt;b&gt;bold&lt;/b&gt; &amp; more" in rendered.html
    assert "<b>bold</b> & more" in rendered.text  # the text part shows what the editor typed


def test_markdown_lists_quotes_and_emphasis(project):
    project.issue("march-2021", """\
        date: 2021-03
        subject: S
        sections:
          - title: Markdown
            body: |
              A paragraph with *emphasis*, **strong** and a [link](https://example.org/).

              * first bullet
              * second bullet

              1. first step
              2. second step

              > A quoted line.
    """)
    rendered = build(project)
    html, text = rendered.html, rendered.text
    assert "<em>emphasis</em>" in html and "<strong>strong</strong>" in html
    assert re.search(r"<ul[^>]*>\s*<li[^>]*>first bullet</li>", html)
    assert re.search(r"<ol[^>]*>\s*<li[^>]*>first step</li>", html)
    assert re.search(r"<blockquote[^>]*>\s*<p[^>]*>A quoted line.</p>", html)
    assert "a link (https://example.org/)." in text
    assert "* first bullet\n* second bullet" in text
    assert "1. first step\n2. second step" in text
    assert "> A quoted line." in text


def test_dates_are_shown_in_words_and_give_the_copyright_year(project):
    project.issue("march-2021", """\
        date: 2019-12-03
        subject: S
        sections:
          - title: T
            items:
              - title: I
                date: 2019-11
    """)
    rendered = build(project)
    assert "3 December 2019" in rendered.html and "November 2019" in rendered.html
    assert "Copyright © 2019 Test Trust" in rendered.text
    assert "Copyright &copy; 2019 Test Trust" in rendered.html or "Copyright © 2019 Test Trust" in rendered.html


def test_the_description_opens_every_issue_and_an_intro_follows_it(project):
    project.write("newsletter.yaml", project.root.joinpath("newsletter.yaml").read_text()
                  + "description: Our standing strapline.\n")
    assert build(project).text.count("Our standing strapline.") == 1
    project.issue("march-2021", "date: 2021-03\nsubject: S\nintro: This month only.\n"
                                "sections:\n  - title: T\n")
    text = build(project).text
    assert text.index("Our standing strapline.") < text.index("This month only.")


def test_ids_made_from_titles_are_unique(project):
    project.issue("march-2021", """\
        date: 2021-03
        subject: S
        sections:
          - title: News
          - title: News!
          - title: 2021 plans
    """)
    html = build(project).html
    assert 'id="news"' in html and 'id="news-2"' in html and 'id="s-2021-plans"' in html


def test_decorative_image_gets_empty_alt(project):
    project.issue("march-2021", """\
        date: 2021-03
        subject: S
        sections:
          - title: T
            items:
              - image: {src: "https://example.org/rule.png", decorative: true}
    """)
    assert re.search(r'<img[^>]*alt=""', build(project).html)


@pytest.mark.parametrize("written, read", [
    ("mailchimp:\n  audience: a1b2c3d4e5\n", ("a1b2c3d4e5", None, None)),
    ("mailchimp: {audience: 12345, segment: 4021}\n", ("12345", "4021", None)),  # numbers stay as written
    ("mailchimp: {audience: a1b2c3d4e5, segment: '007'}\n", ("a1b2c3d4e5", "007", None)),
    ("mailchimp:\n  audience: a1b2c3d4e5\n  tag: Volunteers 2020\n", ("a1b2c3d4e5", None, "Volunteers 2020")),
])
def test_newsletter_yaml_says_which_mailchimp_audience_push_is_for(project, written, read):
    from lacnews.compose import load

    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + written)
    mailchimp = load(Project(project.root), "march-2021").newsletter.mailchimp
    assert (mailchimp.audience, mailchimp.segment, mailchimp.tag) == read
    assert load(Project(project.root), "march-2021").newsletter.mailchimp is not None
    composed = compose(Project(project.root), "march-2021")
    assert "a1b2c3d4e5" not in composed.emails[""].html  # not part of the email, nor checked as its words
    assert not [f for f in composed.findings if "Volunteers" in f.message]


@pytest.mark.parametrize("written, message", [
    ("mailchimp: a1b2c3d4e5\n", "newsletter.yaml:6:12: error format: mailchimp: expected a set of fields (name: value), found text"),
    ("mailchimp: {segment: 4021}\n", "newsletter.yaml:6:12: error format: mailchimp.audience: required field is missing"),
    ("mailchimp: {audience: a1, segment: [4021]}\n", "mailchimp.segment: expected text, found a list"),
    ("mailchimp: {audience: a1, list: 4021}\n", "mailchimp.list: unknown field; the fields here are: audience, "
                                                "segment, tag"),
])
def test_a_mailchimp_setting_that_cannot_be_read_is_located(project, written, message):
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + written)
    result = project.run("check", "march-2021")
    assert result.code == 1 and message in result.out, result.output
