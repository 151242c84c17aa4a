"""Structure kept on the way in: what `lacnews add ISSUE -` reads from pasted text keeps its lists as deep
as Word makes them (nine levels), its "a)" and "i." items as numbered items, and its characters whatever
encoding the paste came in, or says why it cannot read them.

Each case is run as an editor runs it: the text piped into `lacnews add march-2021 -`, then `lacnews
build`; the email's HTML is read back with html.parser, as a mail client would.
"""

from __future__ import annotations

import codecs
import subprocess
from html.parser import HTMLParser

import pytest
import yaml
from conftest import TempProject, lacnews_command, lacnews_env

from lacnews.imports.pasted import PasteError, decode_pasted, read_pasted
from lacnews.text.htmltext import html_to_markdown


def add_pasted(project: TempProject, pasted: bytes) -> subprocess.CompletedProcess:
    """Pipe ``pasted`` into `lacnews add march-2021 -` in ``project``."""
    return subprocess.run([*lacnews_command(), "add", "march-2021", "-"], cwd=project.root, input=pasted,
                          capture_output=True, env=lacnews_env(), timeout=120)


def added_section(project: TempProject) -> dict:
    return yaml.safe_load((project.root / "issues" / "march-2021.yaml").read_text(encoding="utf-8"))["sections"][-1]


class ListDepths(HTMLParser):
    """Each list item's words in an email, with how many lists it is inside, and whether they are numbered."""

    def __init__(self, markup: str):
        super().__init__()
        self.open: list[str] = []
        self.items: list[tuple[str, int, str]] = []  # (words, depth, "ul" or "ol")
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.open.append(tag)
        elif tag == "li":
            self.items.append(("", len(self.open), self.open[-1] if self.open else ""))

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.open:
            self.open.pop()

    def handle_data(self, data):
        if self.items and data.strip() and self.items[-1][0] == "":
            words, depth, kind = self.items[-1]
            self.items[-1] = (data.strip(), depth, kind)

    def depth_of(self, words: str) -> tuple[int, str]:
        return next((depth, kind) for found, depth, kind in self.items if found == words)


def built(project: TempProject) -> tuple[str, str]:
    result = project.run("build", "march-2021")
    assert result.code == 0, result.output
    return project.built("march-2021")


NINE_LEVELS_TABS = "Nine levels\n\n" + "".join("\t" * level + "\u2022\tlevel %d\n" % (level + 1) for level in range(9)) \
    + "\t" * 9 + "\u2022\tlevel 10\n\u2022\tback at the top\n"
NINE_LEVELS_SPACES = "Nine levels\n\n" + "".join("  " * level + "- level %d\n" % (level + 1) for level in range(9)) \
    + "  " * 9 + "- level 10\n- back at the top\n"


@pytest.mark.parametrize("pasted", [NINE_LEVELS_TABS, NINE_LEVELS_SPACES], ids=["tabs", "two-spaces"])
def test_a_list_pasted_nine_levels_deep_stays_nine_levels_deep(project, pasted):
    result = add_pasted(project, pasted.encode("utf-8"))
    assert result.returncode == 0, result.stderr
    html, text = built(project)
    lists = ListDepths(html)
    for level in range(1, 10):
        assert lists.depth_of(f"level {level}") == (level, "ul")
    assert lists.depth_of("level 10") == (9, "ul")  # deeper than Word goes: an item at the ninth level
    assert lists.depth_of("back at the top") == (1, "ul")
    assert "- -" not in added_section(project)["body"] and "level 9" in text


def test_html_lists_nested_nine_levels_keep_every_level():
    nested = "<ul>" + "".join(f"<li>level {level}<ul>" for level in range(1, 10)) + "<li>level 10</li>" \
             + "</ul></li>" * 9 + "<li>top</li></ul>"
    markdown = html_to_markdown(nested)
    lines = markdown.split("\n")
    for level in range(1, 10):
        assert f"{'  ' * (level - 1)}- level {level}" in lines
    assert "                - level 10" in lines and "- top" in lines


def test_word_list_paragraphs_of_nine_levels_keep_every_level(project):
    glyphs = ["\u00b7", "o", "\u00a7"]
    paragraphs = "".join(
        f"<p class=MsoListParagraph style='mso-list:l0 level{level} lfo1'><![if !supportLists]><span>"
        f"{glyphs[(level - 1) % 3]}<span>&nbsp;&nbsp; </span></span><![endif]>level {level}<o:p></o:p></p>"
        for level in range(1, 10))
    pasted = ("<html xmlns:o='urn:schemas-microsoft-com:office:office'><body><p class=MsoNormal><b>Nine levels</b>"
              f"</p>{paragraphs}</body></html>")
    assert add_pasted(project, pasted.encode("utf-8")).returncode == 0
    lists = ListDepths(built(project)[0])
    assert [lists.depth_of(f"level {level}") for level in range(1, 10)] == [(level, "ul") for level in range(1, 10)]


def test_letter_and_roman_items_are_numbered_items_not_one_paragraph(project):
    pasted = ("Our plan\n\nWhat we will do:\na) apple\nb) banana\ni. one\nii. two\niii. three\n\n"
              "1.\tFirst\na.\tIts part\ni.\tIts detail\n2.\tSecond\n")
    assert add_pasted(project, pasted.encode("utf-8")).returncode == 0
    html, text = built(project)
    lists = ListDepths(html)
    assert lists.depth_of("apple") == (1, "ol") and lists.depth_of("banana") == (1, "ol")
    assert [lists.depth_of(words) for words in ("one", "two", "three")] == [(2, "ol")] * 3
    assert lists.depth_of("First") == (1, "ol") and lists.depth_of("Its part") == (2, "ol")
    assert lists.depth_of("Its detail") == (3, "ol") and lists.depth_of("Second") == (1, "ol")
    assert "What we will do:" in text and "a) apple" not in text


def test_a_sentence_starting_with_an_initial_is_not_a_list_item():
    section = read_pasted("News\n\nA. Smith wrote to us.\nC. Jones did too.\n")
    assert section.body == "A. Smith wrote to us.\nC. Jones did too."  # one paragraph, wrapped by hand
    section = read_pasted("News\n\nh. eight\ni. nine\nj. ten\n")  # "i" between "h" and "j" is a letter
    assert section.body == "8. eight\n9. nine\n10. ten"


WELSH = "Tîm y Gogledd\n\nCroeso i’r cylchlythyr, *|FNAME|* – ŵyr a ŷd.\n"


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                           ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
                                           ("utf-8", codecs.BOM_UTF8)])
def test_a_paste_with_a_byte_order_mark_is_read_in_its_encoding(encoding, bom):
    assert decode_pasted(bom + WELSH.encode(encoding)) == WELSH


def test_a_paste_without_a_byte_order_mark_is_utf_8_else_windows_1252():
    assert decode_pasted(WELSH.encode("utf-8")) == WELSH
    assert decode_pasted("Caf\u00e9 \u2013 \u20ac5".encode("cp1252")) == "Caf\u00e9 \u2013 \u20ac5"


@pytest.mark.parametrize("raw, message", [
    (codecs.BOM_UTF16_LE + b"T\x00e\x00\x00\xd8", "starts with the byte-order mark of UTF-16 but is not UTF-16"),
    (b"T\x00e\x00s\x00t\x00", "holds NUL bytes"),
    (b"Caf\xe9 \x81\x8d", "neither UTF-8 nor Windows-1252 (byte 5, 0x81"),
])
def test_a_paste_that_cannot_be_read_is_refused_with_a_message(raw, message):
    with pytest.raises(PasteError, match=message.replace("(", r"\(")):
        decode_pasted(raw)


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-32-be", codecs.BOM_UTF32_BE)])
def test_lacnews_add_reads_a_utf_16_or_32_paste_as_it_was_written(project, encoding, bom):
    result = add_pasted(project, bom + WELSH.replace("\n", "\r\n").encode(encoding))
    assert result.returncode == 0, result.stderr
    section = added_section(project)
    assert section == {"title": "Tîm y Gogledd", "body": "Croeso i’r cylchlythyr, *|FNAME|* – ŵyr a ŷd."}


def test_lacnews_add_refuses_a_paste_it_cannot_read_and_changes_nothing(project):
    before = (project.root / "issues" / "march-2021.yaml").read_bytes()
    result = add_pasted(project, b"T\x00e\x00s\x00t\x00\n\x00")
    message = result.stderr.decode("utf-8")
    assert result.returncode == 1 and "Traceback" not in message
    assert "holds NUL bytes" in message
    assert (project.root / "issues" / "march-2021.yaml").read_bytes() == before
