"""A Word picture stays with its story (issue 22, point 6): `lacnews add FILE.docx`, then `lacnews build`.

Documents written with python-docx (tests/docx_files.story_docx) put a picture where contributors put
them: under a heading between two paragraphs, first thing in the document, two in one story. What must
hold: the heading's item gets its first picture, whatever sits around it; every paragraph of a story is
in its one item (no untitled item of "text" after a picture); a second picture follows the story as a
picture of its own, and the editor is told so; a hard line break stays one; and every word of the
document reaches email.txt, read back from the issue the command wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import TempProject
from docx_files import document_words, story_docx

NEWSLETTER = """\
name: Test Network News
images_url: https://example.org/bulletin/images/
sender:
  name: Test Network
  organisation: Test Trust
  address: 1 High Street, York YO1 7HH, United Kingdom
"""
ISSUE = """\
date: 2021-03
subject: Test Network News – March 2021
sections:
  # the editor's own section, which stays as it is
  - title: First section
    body: Hello *|FNAME|*, this is the first section.
"""
ALLOTMENT = ("The allotment on Mill Lane opened its gates this month to anyone who wanted a bed of their own, and "
             "forty neighbours came on the first morning with spades and seedlings.")
AFTERNOON = ("By the afternoon the beds were dug, the shed was painted and the first beans were in, watered by "
             "children from the school across the road.")
LIBRARY = "The library reopens on Monday, with a reading group for anyone who wants to join it."
INTRODUCTION = "A short introduction to the month in the neighbourhood."


@pytest.fixture
def news(tmp_path: Path) -> TempProject:
    """A project whose pictures are served from an images_url, so an issue with pictures builds."""
    project = TempProject(tmp_path / "news")
    project.write("newsletter.yaml", NEWSLETTER)
    project.issue("march-2021", ISSUE)
    return project


def added(project: TempProject, document: Path) -> tuple[str, dict]:
    """Run `lacnews add march-2021 DOCUMENT` and return what it printed and the section it wrote, read back."""
    result = project.run("add", "march-2021", str(document))
    assert result.code == 0, result.output
    issue = yaml.safe_load((project.root / "issues" / "march-2021.yaml").read_text(encoding="utf-8"))
    assert issue["sections"][0] == {"title": "First section", "body": "Hello *|FNAME|*, this is the first section."}
    return result.out, issue["sections"][-1]


def words(markdown: str) -> str:
    """Return Markdown's words on one line, as wrapping leaves them: each line break a space."""
    return " ".join(markdown.split())


def built_text(project: TempProject) -> str:
    """Run `lacnews build march-2021`, which must succeed, and return email.txt."""
    result = project.run("build", "march-2021")
    assert result.code == 0, result.output
    return project.built("march-2021")[1]


def assert_every_word_in(text: str, document: Path) -> None:
    one_line = words(text)
    for word in document_words(document):
        assert word in one_line, word


def test_a_picture_between_paragraphs_stays_with_its_heading_s_item(news, tmp_path):
    document = story_docx(tmp_path / "Spring news.docx", [
        ("h1", "Spring in the neighbourhood"), ("p", INTRODUCTION),
        ("h2", "The allotment opens"), ("p", ALLOTMENT), ("picture", "Neighbours digging beds"), ("p", AFTERNOON),
        ("h2", "Library news"), ("p", LIBRARY)])

    out, section = added(news, document)

    assert "  item: The allotment opens\n  item: Library news\n" in out
    assert "no title" not in out and "item: text" not in out and "note:" not in out
    assert section["title"] == "Spring in the neighbourhood" and section["body"] == INTRODUCTION
    allotment, library = section["items"]
    assert allotment["title"] == "The allotment opens"
    assert allotment["image"] == {"src": "images/spring-news-1.png", "alt": "Neighbours digging beds"}
    assert words(allotment["body"]) == f"{ALLOTMENT} {AFTERNOON}"
    assert allotment["body"].count("\n\n") == 1  # two paragraphs, in the one item
    assert library == {"title": "Library news", "body": LIBRARY.replace(" wants", "\nwants")}  # 70 wide

    text = built_text(news)
    assert_every_word_in(text, document)
    story = text[text.index("The allotment opens"):text.index("Library news")]
    assert "[Neighbours digging beds]" in story and words(AFTERNOON) in words(story)
    html = news.built("march-2021")[0]
    assert re.search(r'<img[^>]+alt="Neighbours digging beds"', html)


def test_a_picture_first_in_the_document_is_its_story_s_picture(news, tmp_path):
    document = story_docx(tmp_path / "park.docx", [
        ("picture", "The park from the bandstand"), ("h1", "Park day"), ("p", ALLOTMENT), ("p", AFTERNOON)])

    out, section = added(news, document)

    assert "added 'Park day'" in out and "  item: text and a picture (no title)\n" in out
    assert "note:" not in out  # one story, its picture above its words: nothing to tell
    assert "body" not in section
    [item] = section["items"]
    assert item["image"] == {"src": "images/park-1.png", "alt": "The park from the bandstand"}
    assert words(item["body"]) == f"{ALLOTMENT} {AFTERNOON}"
    assert_every_word_in(built_text(news), document)


def test_a_picture_right_under_the_title_is_its_story_s_picture(news, tmp_path):
    document = story_docx(tmp_path / "park.docx", [
        ("h1", "Park day"), ("picture", "The park from the bandstand"), ("p", ALLOTMENT)])
    _, section = added(news, document)
    assert section == {"title": "Park day", "items": [{
        "image": {"src": "images/park-1.png", "alt": "The park from the bandstand"},
        "body": section["items"][0]["body"]}]}
    assert words(section["items"][0]["body"]) == ALLOTMENT


def test_a_picture_before_the_first_story_takes_the_opening_words_with_it_and_says_so(news, tmp_path):
    document = story_docx(tmp_path / "park.docx", [
        ("picture", "The park from the bandstand"), ("h1", "Park day"), ("p", INTRODUCTION),
        ("h2", "The allotment opens"), ("p", ALLOTMENT)])

    out, section = added(news, document)

    assert "  item: text and a picture (no title)\n  item: The allotment opens\n" in out
    assert ("note: picture 1 comes before the first heading that starts an item, and a section shows no picture "
            "of its own: the text before that heading and the picture are the section's first item, with no "
            "title") in words(out)
    opening, allotment = section["items"]
    assert opening == {"image": {"src": "images/park-1.png", "alt": "The park from the bandstand"},
                       "body": INTRODUCTION}
    assert allotment["title"] == "The allotment opens" and words(allotment["body"]) == ALLOTMENT
    assert_every_word_in(built_text(news), document)


def test_a_story_of_two_pictures_keeps_its_words_in_one_item_and_the_editor_is_told_where_the_second_went(
        news, tmp_path):
    document = story_docx(tmp_path / "allotment.docx", [
        ("h1", "Spring in the neighbourhood"),
        ("h2", "The allotment opens"), ("picture", "Neighbours digging beds"), ("p", ALLOTMENT),
        ("picture", "The painted shed"), ("p", AFTERNOON),
        ("h2", "Library news"), ("p", LIBRARY)])

    out, section = added(news, document)

    assert "  item: The allotment opens\n  item: a picture (no title)\n  item: Library news\n" in out
    assert ("note: the story 'The allotment opens' has 2 pictures, and an item shows one: picture 1 is its "
            "picture, above all its text; picture 2 follows the story as an item with no title (give it a title, "
            "move it, or delete it)") in words(out)
    allotment, shed, library = section["items"]
    assert allotment["image"]["alt"] == "Neighbours digging beds"
    assert words(allotment["body"]) == f"{ALLOTMENT} {AFTERNOON}"  # the story is not split
    assert shed == {"image": {"src": "images/allotment-2.png", "alt": "The painted shed"}}
    assert library["title"] == "Library news"

    text = built_text(news)
    assert_every_word_in(text, document)
    assert text.index("[Neighbours digging beds]") < text.index(words(AFTERNOON)[:40]) < \
        text.index("[The painted shed]") < text.index("Library news\n~")
    html = news.built("march-2021")[0]
    assert len(re.findall(r'<img[^>]+alt="(?:Neighbours digging beds|The painted shed)"', html)) == 2


def test_three_pictures_in_one_story_are_each_named(news, tmp_path):
    document = story_docx(tmp_path / "allotment.docx", [
        ("h1", "The allotment opens"), ("p", ALLOTMENT), ("picture", "Digging"), ("picture", "The shed"),
        ("p", AFTERNOON), ("picture", "Beans")])
    out, section = added(news, document)
    assert "the document has 3 pictures" in words(out)
    assert "pictures 2 and 3 follow the story, each as an item with no title (give each a title" in words(out)
    assert [item.get("image", {}).get("alt") for item in section["items"]] == ["Digging", "The shed", "Beans"]
    assert words(section["items"][0]["body"]) == f"{ALLOTMENT} {AFTERNOON}"


def test_a_hard_line_break_stays_a_hard_break_and_long_paragraphs_are_wrapped(news, tmp_path):
    address = "York House\n10 Haywra Street\nHarrogate"
    document = story_docx(tmp_path / "visit.docx", [
        ("h1", "Come and visit"), ("p", ALLOTMENT), ("p", address), ("p", AFTERNOON)])

    _, section = added(news, document)

    written = (news.root / "issues" / "march-2021.yaml").read_text(encoding="utf-8")
    assert "    body: |-\n      The allotment on Mill Lane opened its gates this month to anyone who\n" in written
    assert "      York House\\\n      10 Haywra Street\\\n      Harrogate\n" in written
    added_lines = written[written.index("# Added by lacnews add"):].splitlines()
    assert max(len(line) for line in added_lines[1:]) <= 80, added_lines
    assert words(section["body"]) == words(f"{ALLOTMENT} York House\\ 10 Haywra Street\\ Harrogate {AFTERNOON}")

    text = built_text(news)
    assert "\nYork House\n10 Haywra Street\nHarrogate\n" in text
    assert re.search(r"York House<br */?>\s*10 Haywra Street<br */?>\s*Harrogate", news.built("march-2021")[0])
    assert_every_word_in(text, document)
