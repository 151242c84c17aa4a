"""`lacnews add` with Word documents that are not what they seem: merge tags Word split across runs, text
Word hides, and documents built to take the memory or the time of whoever opens them.

Every document is made here, with python-docx and by hand in its zip (tests/docx_files.py). The bombs
run `lacnews add` as an editor does, in a process of its own whose time and peak memory are measured
(tests/measured.py): each ends in a message saying what the document holds and what to do, exit 1,
quickly, in little memory, with the project as it was.
"""

from __future__ import annotations

import io
import random
import time
import zipfile

import docx_files as made
import pytest
import yaml
from conftest import TempProject
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from measured import run_measured

from lacnews.base.limits import (
    MAX_DOCX_HEADINGS,
    MAX_DOCX_PARAGRAPHS,
    MAX_DOCX_PICTURES,
)
from lacnews.imports.docx import DocumentError, read_docx
from lacnews.imports.docx_runs import read_styles
from lacnews.text.markdown import MERGE_TAG, to_html
from lacnews.text.plaintext import from_markdown

MAX_SECONDS = 10  # each bomb is refused in well under a second; the margin is for a loaded machine
MAX_PEAK_MB = 250  # a run of lacnews takes about 40 MB before it reads anything
MB = 1024 * 1024
WORD_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def snapshot(project: TempProject) -> dict[str, bytes]:
    return {str(path.relative_to(project.root)): path.read_bytes() for path in sorted(project.root.rglob("*"))
            if path.is_file() and "build" not in path.relative_to(project.root).parts}


def last_section(project: TempProject) -> dict:
    text = (project.root / "issues" / "may-2020.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["sections"][-1]


# Merge tags Word split across runs

def test_a_merge_tag_word_split_across_runs_reaches_every_output_byte_for_byte(lac, tmp_path):
    document = made.split_merge_tag_docx(tmp_path / "Staying in touch.docx")
    added = lac.run("add", "may-2020", str(document))
    assert added.code == 0, added.output
    body = last_section(lac)["body"]
    for tag in ("*|UNSUB|*", "*|FNAME|*", "*|ARCHIVE|*"):
        assert tag in body
    built = lac.run("build", "may-2020", "--force")
    assert built.code == 0, built.output
    html, text = lac.built("may-2020")
    for tag in ("*|FNAME|*", "*|ARCHIVE|*"):
        assert tag in html and tag in text
    assert html.count("*|UNSUB|*") >= 2 and text.count("*|UNSUB|*") >= 2  # the footer's, and the document's
    assert "To stop hearing from us, " in text and "Dear " in text and "Past issues: " in text
    assert not MERGE_TAG.search(html.replace("*|", "").replace("|*", ""))
    for broken in ("*|UN<", "*|FN<", "*|AR<", "CHI<"):
        assert broken not in html


WORDS = ["coffee", "morning", "York", "volunteers", "tea", "neighbours", "library", "2020"]
TAGS = ["*|FNAME|*", "*|UNSUB|*", "*|ARCHIVE|*", "*|MC:SUBJECT|*", "*|DATE:d/m/y|*", "*|LIST:ADDRESSLINE|*"]


@st.composite
def split_paragraphs(draw) -> tuple[str, list[tuple[str, bool, bool]]]:
    """A paragraph of words and merge tags, cut anywhere into runs of any bold and italic."""
    text = " ".join(draw(st.lists(st.sampled_from(WORDS + TAGS), min_size=1, max_size=12)))
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, len(text) - 1)), max_size=8))))
    pieces = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)]) if text[start:end]]
    return text, [(piece, draw(st.booleans()), draw(st.booleans())) for piece in pieces]


@settings(max_examples=12, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(paragraph=split_paragraphs())
def test_every_merge_tag_cut_into_runs_of_any_formatting_reads_as_one_in_both_outputs(tmp_path, paragraph):
    text, runs = paragraph
    document = Document()
    written = document.add_paragraph()
    for piece, bold, italic in runs:
        run = written.add_run(piece)
        run.bold, run.italic = bold or None, italic or None
    path = tmp_path / "runs.docx"
    document.save(str(path))
    body = read_docx(path).body
    html, plain = str(to_html(body)), from_markdown(body)
    for tag in MERGE_TAG.findall(text):
        assert html.count(tag) == text.count(tag) and plain.count(tag) == text.count(tag), (body, tag)
    assert " ".join(word for word in text.split() if not MERGE_TAG.fullmatch(word)) == " ".join(
        word for word in " ".join(MERGE_TAG.sub(" ", plain).split()).split())


# Hidden text

def test_hidden_text_is_left_out_of_the_issue_and_the_email_and_add_says_so(lac, tmp_path):
    document = made.hidden_text_docx(tmp_path / "Minutes.docx")
    added = lac.run("add", "may-2020", str(document))
    assert added.code == 0, added.output
    assert "note: the document's hidden text was left out (" in added.out
    assert "unhide it in Word" in added.out
    issue = (lac.root / "issues" / "may-2020.yaml").read_text(encoding="utf-8")
    built = lac.run("build", "may-2020", "--force")
    assert built.code == 0, built.output
    html, text = lac.built("may-2020")
    for secret in made.HIDDEN_WORDS:
        assert secret not in issue and secret not in html and secret not in text
    for shown in ("Shown before.", "shown after.", "Also shown.", "Unhidden in a hidden paragraph.", "The end."):
        assert shown in issue and shown in text


def test_hiding_is_read_through_a_long_chain_of_styles_in_linear_time():
    chain = "".join(f'<w:style w:type="paragraph" w:styleId="s{number}"><w:basedOn w:val="s{number - 1}"/></w:style>'
                    for number in range(1, 40_000))
    loop = ('<w:style w:type="character" w:styleId="a"><w:basedOn w:val="b"/></w:style>'
            '<w:style w:type="character" w:styleId="b"><w:basedOn w:val="a"/></w:style>')
    xml = (f'<w:styles xmlns:w="{WORD_NAMESPACE}"><w:style w:type="paragraph" w:styleId="s0"><w:rPr><w:vanish/>'
           f'</w:rPr></w:style>{chain}{loop}</w:styles>').encode()
    started = time.monotonic()
    styles = read_styles(xml)
    assert styles.paragraph["s39999"] is True and not styles.character["a"]
    assert time.monotonic() - started < 3


# Bombs: refused from what is inside, before anything is read whole

def billion_laughs() -> bytes:
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "ha">{entities}]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
            '<w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>').encode()


def random_letters(count: int, seed: int = 5) -> bytes:
    generator = random.Random(seed)
    return bytes(generator.choice(b"abcdefghijklmnopqrstuvwxyz ") for _ in range(count))


BOMBS = {
    "a million empty paragraphs in 40 KB": (
        lambda path: made.with_body(path, made.paragraphs_xml(1_000_000)),
        "would unpack to 6 MB in its part word/document.xml alone, from 9 KB: more than 500 times as much"),
    "10,001 empty paragraphs": (
        lambda path: made.with_body(path, made.paragraphs_xml(MAX_DOCX_PARAGRAPHS + 1)),
        f"holds more than {MAX_DOCX_PARAGRAPHS:,} paragraphs (empty ones too)"),
    "10,001 paragraphs of words": (
        lambda path: made.with_body(path, made.paragraphs_xml(MAX_DOCX_PARAGRAPHS + 1, 3)),
        f"holds more than {MAX_DOCX_PARAGRAPHS:,} paragraphs"),
    "60,000 runs in one paragraph": (
        lambda path: made.with_body(path, made.runs_xml(60_000)),
        "holds more than 150,000 pieces of XML (elements, attributes, text); it is too long for a newsletter "
        "section"),
    "10,000 headings": (
        lambda path: made.with_body(path, made.headings_xml(10_000)),
        f"has 10,000 headings; each but the title would start an item, and lacnews adds at most "
        f"{MAX_DOCX_HEADINGS} items from one document"),
    "30 MB of whitespace in styles.xml": (
        lambda path: made.padded_styles_docx(path, b" " * (30 * MB)),
        "would unpack to 30 MB in its part word/styles.xml alone"),
    "a stretch of text longer than 1 MB": (
        lambda path: made.padded_styles_docx(path, random_letters(MB + 1)),
        "its part word/styles.xml holds a stretch of 1 MB of characters with no tag in it"),
    "XML nested 300 deep": (
        lambda path: made.with_body(path, b"<w:sdt><w:sdtContent>" * 150 + b"<w:p/>"
                                    + b"</w:sdtContent></w:sdt>" * 150),
        "its part word/document.xml holds XML nested more than 200 levels deep"),
    "entities that expand a billion times": (
        lambda path: made.with_body(path, b"", replace={"word/document.xml": billion_laughs()}),
        "(its part word/document.xml declares a DTD, which Word never writes)"),
    "two parts named word/document.xml": (
        lambda path: made.with_body(path, made.paragraphs_xml(3, 3),
                                    extra=(("word/document.xml", made.paragraphs_xml(20_000, 3)),)),
        "(it holds two parts named word/document.xml, and programs differ on which one they read)"),
    "a part whose zip directory lies about its size": (
        made.lying_size_docx,
        "(its part word/document.xml does not unpack to what the zip says it holds)"),
    "270 MB in parts of 1 MB": (
        lambda path: made.with_body(path, made.paragraphs_xml(3, 3), extra=tuple(
            (f"word/embeddings/zeros{number}.bin", b"\0" * MB) for number in range(270))),
        "would unpack to 271 MB, more than the 256 MB lacnews opens"),
    "1,100 files": (
        lambda path: made.with_body(path, made.paragraphs_xml(3, 3), extra=tuple(
            (f"customXml/item{number}.xml", b"<a/>") for number in range(1_100))),
        "holds 1,117 files, more than the 1,000 lacnews opens in one document"),
    "3,000 tiny pictures": (
        lambda path: made.many_pictures_docx(path, 3_000),
        f"holds 3,001 pictures; lacnews adds at most {MAX_DOCX_PICTURES} from one document"),
    f"{MAX_DOCX_PICTURES + 1} pictures": (
        lambda path: made.many_pictures_docx(path, MAX_DOCX_PICTURES + 1),
        f"holds more than {MAX_DOCX_PICTURES} pictures; lacnews adds at most {MAX_DOCX_PICTURES}"),
}


@pytest.mark.parametrize("case", list(BOMBS))
def test_a_word_bomb_is_refused_quickly_in_little_memory_saying_what_it_holds(lac, tmp_path, case):
    build, words = BOMBS[case]
    document = build(tmp_path / "bomb.docx")
    assert document.stat().st_size < 1024 * 1024  # small files, each: the point of a bomb
    before = snapshot(lac)
    result = run_measured("add", "may-2020", str(document), cwd=lac.root)
    assert result.code == 1, result.output
    assert words in result.err, result.err
    assert "Traceback" not in result.output and "aliases" not in result.output
    assert snapshot(lac) == before  # the issue as it was, and nothing in images/
    assert result.seconds < MAX_SECONDS, f"{case}: {result.seconds:.1f} s"
    assert result.peak_mb < MAX_PEAK_MB, f"{case}: {result.peak_mb:.0f} MB"


def test_a_document_at_the_bounds_is_added(lac, tmp_path):
    """At every count: 9,700 paragraphs of words and 300 headings, 50 pictures: read in seconds."""
    body = made.paragraphs_xml(9_700, 3) + made.headings_xml(MAX_DOCX_HEADINGS)
    document = made.with_body(tmp_path / "long report.docx", body)
    section = read_docx(document)
    assert len(section.items) == MAX_DOCX_HEADINGS - 1  # the first heading is the section's title
    pictures = read_docx(made.many_pictures_docx(tmp_path / "album.docx", MAX_DOCX_PICTURES))
    assert len(pictures.pictures()) == MAX_DOCX_PICTURES


def test_a_zip_bomb_is_refused_from_its_directory_before_a_byte_is_unpacked(tmp_path, monkeypatch):
    document = made.with_body(tmp_path / "bomb.docx", made.paragraphs_xml(3, 3), extra=(
        ("word/media/zeros.bin", b"\0" * (200 * MB)),))
    opened = []
    original = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, name, *args, **kwargs: opened.append(name) or
                        original(self, name, *args, **kwargs))
    with pytest.raises(DocumentError, match="would unpack to 200 MB in its part word/media/zeros.bin alone"):
        read_docx(document)
    assert opened == []


def test_pictures_are_counted_once_when_word_gives_a_fallback(tmp_path):
    """mammoth reads mc:AlternateContent's Fallback: a picture in both it and the Choice counts once."""
    document = Document()
    document.add_heading("One picture", level=1)
    document.add_picture(io.BytesIO(made.tiny_png(4, 4)))
    source = tmp_path / "source.docx"
    document.save(str(source))
    with zipfile.ZipFile(source) as package:
        xml = package.read("word/document.xml")
    start = xml.rindex(b"<w:r>", 0, xml.index(b"<w:drawing>"))
    end = xml.index(b"</w:r>", start) + len(b"</w:r>")
    run = xml[start:end]
    doubled = (b'<mc:AlternateContent><mc:Choice Requires="wps">' + run * MAX_DOCX_PICTURES
               + b"</mc:Choice><mc:Fallback>" + run + b"</mc:Fallback></mc:AlternateContent>")
    path = made.repack(source, tmp_path / "fallback.docx", replace={"word/document.xml": xml[:start] + doubled
                                                                    + xml[end:]})
    assert len(read_docx(path).pictures()) == 1
