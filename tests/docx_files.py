"""Real Word documents for the tests of `lacnews add`, written with python-docx as Word writes them.

``newsletter_docx`` is a contributor's piece as an editor receives it: a heading 1, paragraphs with
bold and italic, headings 2 over a bulleted and a numbered list, a paragraph with two hyperlinks,
characters Markdown would misread, a merge tag, and a picture drawn with Pillow (with or without its
alt text); ``story_docx`` lays out headings, paragraphs and pictures in any order, for where a picture sits
in a story. python-docx has no call for a hyperlink, so ``add_hyperlink`` writes one into the XML as
Word does: a w:hyperlink element pointing at an external relationship. ``document_words`` and
``document_links`` read the document back with python-docx, for the tests' "every word" assertions.

The rest are documents that are not what they seem, for the tests of Word import's bounds: hidden text,
merge tags split across runs, and bombs built in the zip as an attacker builds them (``repack``,
``with_body``): a million empty paragraphs in a few KB, thousands of pictures, a part named twice, a part
whose zip directory lies about its size.
"""

from __future__ import annotations

import io
import random
import re
import warnings
import zipfile
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from PIL import Image, ImageDraw

REPORT_URL = "https://example.org/reports/york-2020?year=2020&part=1"
PODCAST_URL = "https://example.org/podcasts/weathering-the-storm"
PICTURE_ALT = "Volunteers around a table with cups of tea"


def add_hyperlink(paragraph, text: str, url: str) -> None:
    """Append a hyperlink to ``paragraph``, as Word writes one (an external relationship and a w:hyperlink)."""
    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    words = OxmlElement("w:t")
    words.text = text
    words.set(qn("xml:space"), "preserve")
    run.append(words)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def picture_png(width: int = 320, height: int = 200) -> bytes:
    """Return a small PNG drawn with Pillow: a table and three cups."""
    picture = Image.new("RGB", (width, height), (236, 228, 214))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((20, height * 0.55, width - 20, height * 0.65), fill=(120, 84, 52))
    for number in range(3):
        left = 50 + number * (width - 100) // 3
        draw.ellipse((left, height * 0.35, left + 40, height * 0.55), fill=(30 + number * 60, 90, 160))
    stream = io.BytesIO()
    picture.save(stream, "PNG")
    return stream.getvalue()


def tiny_png(width: int, height: int, shade: int = 0) -> bytes:
    """Return a PNG of one colour, a few pixels across."""
    stream = io.BytesIO()
    Image.new("RGB", (width, height), (shade % 256, 90, 160)).save(stream, "PNG")
    return stream.getvalue()


def newsletter_docx(path: Path, *, alt: str | None = PICTURE_ALT, title: bool = True) -> Path:
    """Write a contributor's piece to ``path``; ``alt=None`` leaves the picture without alt text,
    ``title=False`` leaves out the heading 1."""
    document = Document()
    if title:
        document.add_heading("Coffee mornings in York", level=1)
    intro = document.add_paragraph("This month ")
    intro.add_run("volunteers").bold = True
    intro.add_run(" met ")
    intro.add_run("online").italic = True
    intro.add_run(" for the first time, and ")
    both = intro.add_run("everyone")
    both.bold = both.italic = True
    intro.add_run(" came back the week after.")

    document.add_heading("What we learnt", level=2)
    for line in ("Neighbours help each other first", "Small groups work best", "Phone calls still matter"):
        document.add_paragraph(line, style="List Bullet")
    document.add_paragraph("Cups of tea travel well over video, it turns out.")

    document.add_heading("Next steps", level=2)
    for line in ("Book a room at the library", "Invite a neighbour who lives alone"):
        document.add_paragraph(line, style="List Number")
    links = document.add_paragraph("Read ")
    add_hyperlink(links, "the full report", REPORT_URL)
    links.add_run(" or listen to ")
    add_hyperlink(links, "the podcast", PODCAST_URL)
    links.add_run(".")
    document.add_paragraph("Costs rose 5% * 2 [sic] for snake_case_names, #hashtags & <b>tags</b>, "
                           "1. not a list, and *|FNAME|* stays a merge tag.")

    document.add_heading("A picture from the morning", level=2)
    document.add_picture(io.BytesIO(picture_png()), width=Inches(3))
    if alt is not None:
        document.inline_shapes[-1]._inline.docPr.set("descr", alt)
    document.add_paragraph("Thank you to everyone who came.")
    document.save(str(path))
    return path


def story_docx(path: Path, blocks: list[tuple[str, str]]) -> Path:
    """Write a document of ``blocks`` in order, each (kind, words): "h1" or "h2" a heading, "p" a paragraph
    ("\n" in its words a hard line break, Shift-Enter in Word), "picture" a picture whose description is the
    words; each picture is drawn anew, in its own shade, so no two are the same file."""
    document = Document()
    for number, (kind, words) in enumerate(blocks):
        if kind in ("h1", "h2"):
            document.add_heading(words, level=int(kind[1]))
        elif kind == "p":
            paragraph = document.add_paragraph()
            for index, line in enumerate(words.split("\n")):
                run = paragraph.add_run(line)
                if index < words.count("\n"):
                    run.add_break()
        elif kind == "picture":
            document.add_picture(io.BytesIO(tiny_png(40 + number, 30, shade=number * 37)), width=Inches(2))
            document.inline_shapes[-1]._inline.docPr.set("descr", words)
        else:
            raise ValueError(kind)
    document.save(str(path))
    return path


def plain_docx(path: Path) -> Path:
    """Write a document with no headings: a paragraph and a list."""
    document = Document()
    paragraph = document.add_paragraph("Just a paragraph, and ")
    paragraph.add_run("another").bold = True
    paragraph.add_run(" one.")
    document.add_paragraph("with a list", style="List Bullet")
    document.save(str(path))
    return path


def document_words(path: Path) -> list[str]:
    """Return every word of the document's paragraphs (hyperlinks' words included), as python-docx reads them."""
    return [word for paragraph in Document(str(path)).paragraphs for word in paragraph.text.split()]


def document_links(path: Path) -> list[str]:
    """Return the addresses of the document's hyperlinks."""
    document = Document(str(path))
    return [relationship.target_ref for relationship in document.part.rels.values()
            if relationship.reltype == RELATIONSHIP_TYPE.HYPERLINK]


# Documents that are not what they seem: hidden words, a merge tag in two runs, and bombs built by hand in
# the zip, as an attacker would (python-docx would take minutes to write some of them, and refuses others).

def split_merge_tag_docx(path: Path) -> Path:
    """Write a document whose merge tags Word split across runs: "*|UN" then a bold "SUB|*", an italic
    "*|FN" then "AME|*", and "*|AR" + "CHI" + bold "VE|*" over three runs."""
    document = Document()
    document.add_heading("Staying in touch", level=1)
    leave = document.add_paragraph("To stop hearing from us, ")
    leave.add_run("*|UN")
    leave.add_run("SUB|*").bold = True
    leave.add_run(" at any time.")
    greeting = document.add_paragraph("Dear ")
    greeting.add_run("*|FN").italic = True
    greeting.add_run("AME|*, thank you.")
    archive = document.add_paragraph("Past issues: ")
    archive.add_run("*|AR")
    archive.add_run("CHI").italic = True
    archive.add_run("VE|*").bold = True
    archive.add_run(".")
    document.save(str(path))
    return path


HIDDEN_WORDS = ("SECRET-DIRECT", "SECRET-CHARACTER-STYLE", "SECRET-PARAGRAPH-STYLE", "SECRET-BASED-ON")


def hidden_text_docx(path: Path) -> Path:
    """Write a document with text Word hides (Font, Hidden): on a run, through a character style, through a
    paragraph style and through a style based on it; and text shown again inside a hidden paragraph."""
    from docx.enum.style import WD_STYLE_TYPE

    document = Document()
    document.add_heading("Minutes", level=1)
    direct = document.add_paragraph("Shown before. ")
    direct.add_run("SECRET-DIRECT words ").font.hidden = True
    direct.add_run("shown after.")
    hidden_characters = document.styles.add_style("Private note", WD_STYLE_TYPE.CHARACTER)
    hidden_characters.font.hidden = True
    styled = document.add_paragraph("Also shown. ")
    styled.add_run("SECRET-CHARACTER-STYLE", style="Private note")
    hidden_paragraphs = document.styles.add_style("Private paragraph", WD_STYLE_TYPE.PARAGRAPH)
    hidden_paragraphs.font.hidden = True
    document.add_paragraph("SECRET-PARAGRAPH-STYLE a whole paragraph", style="Private paragraph")
    based_on = document.styles.add_style("Private sub-paragraph", WD_STYLE_TYPE.PARAGRAPH)
    based_on.base_style = hidden_paragraphs
    document.add_paragraph("SECRET-BASED-ON inherits the hiding", style="Private sub-paragraph")
    mixed = document.add_paragraph("", style="Private paragraph")
    mixed.add_run("Unhidden in a hidden paragraph.").font.hidden = False
    document.add_paragraph("The end.")
    document.save(str(path))
    return path


def repack(source: Path, target: Path, *, replace: dict[str, bytes] | None = None,
           extra: tuple[tuple[str, bytes], ...] = (), level: int = 9) -> Path:
    """Write ``source``'s zip to ``target``, parts named in ``replace`` with other bytes and ``extra`` parts
    added (a name already there makes a second part of that name)."""
    replace = replace or {}
    with zipfile.ZipFile(source) as original, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as copy:
        for part in original.infolist():
            copy.writestr(part.filename, replace.get(part.filename, original.read(part)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # zipfile warns of a duplicate name: that is the point
            for name, data in extra:
                copy.writestr(name, data)
    return target


def with_body(path: Path, body: bytes, **options) -> Path:
    """Write a document whose body (the XML inside w:body) is ``body``, in a real document's package."""
    source = path.with_name(f".{path.stem}-source.docx")
    Document().save(str(source))
    with zipfile.ZipFile(source) as original:
        xml = original.read("word/document.xml")
    start, end = xml.index(b"<w:body>") + len(b"<w:body>"), xml.index(b"</w:body>")
    repack(source, path, replace={"word/document.xml": xml[:start] + body + xml[end:], **options.pop("replace", {})},
           **options)
    source.unlink()
    return path


def paragraphs_xml(count: int, words: int = 0, seed: int = 3) -> bytes:
    """Return ``count`` paragraphs of XML, each of ``words`` made-up words (0: empty paragraphs)."""
    generator = random.Random(seed)
    if not words:
        return b"<w:p/>" * count
    letters = "abcdefghijklmnopqrstuvwxyz"
    return b"".join(b"<w:p><w:r><w:t>" + " ".join("".join(generator.choice(letters) for _ in range(6))
                                                   for _ in range(words)).encode() + b"</w:t></w:r></w:p>"
                    for _ in range(count))


def headings_xml(count: int) -> bytes:
    """Return ``count`` headings 2 of XML, and nothing else."""
    return b"".join(b'<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Heading %d</w:t></w:r></w:p>'
                    % number for number in range(count))


def many_pictures_docx(path: Path, count: int) -> Path:
    """Write a document of ``count`` tiny pictures, each its own file in word/media/, as Word keeps them."""
    source = path.with_name(f".{path.stem}-source.docx")
    document = Document()
    document.add_heading("Our year in pictures", level=1)
    document.add_picture(io.BytesIO(tiny_png(4, 4)))
    document.save(str(source))
    with zipfile.ZipFile(source) as original:
        xml = original.read("word/document.xml")
        relationships = original.read("word/_rels/document.xml.rels")
    start = xml.rindex(b"<w:p>", 0, xml.index(b"<w:drawing>"))
    picture = xml[start:xml.index(b"</w:p>", start) + len(b"</w:p>")]
    old_id = re.search(rb'r:embed="([^"]+)"', picture).group(1)
    pictures, links, files = [], [], []
    for number in range(count):
        pictures.append(picture.replace(b'r:embed="' + old_id + b'"', b'r:embed="rPic%d"' % number))
        links.append(b'<Relationship Id="rPic%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     b'relationships/image" Target="media/many%d.png"/>' % (number, number))
        files.append((f"word/media/many{number}.png", tiny_png(2, 2, number)))
    xml = xml[:start] + b"".join(pictures) + xml[start + len(picture):]
    relationships = relationships.replace(b"</Relationships>", b"".join(links) + b"</Relationships>")
    repack(source, path, replace={"word/document.xml": xml, "word/_rels/document.xml.rels": relationships},
           extra=tuple(files))
    source.unlink()
    return path


def picture_docx(path: Path, picture: bytes) -> Path:
    """Write a document carrying ``picture`` (any bytes) as its one picture."""
    source = path.with_name(f".{path.stem}-source.docx")
    document = Document()
    document.add_heading("A picture from the morning", level=1)
    document.add_paragraph("Everyone came.")
    document.add_picture(io.BytesIO(tiny_png(8, 8)))
    document.inline_shapes[-1]._inline.docPr.set("descr", "Volunteers at the morning")
    document.save(str(source))
    with zipfile.ZipFile(source) as original:
        media = next(name for name in original.namelist() if name.startswith("word/media/"))
    repack(source, path, replace={media: picture})
    source.unlink()
    return path


def lying_size_docx(path: Path, claimed: int = 1000, real: int = 40 * 1024 * 1024) -> Path:
    """Write a document whose zip directory says word/document.xml unpacks to ``claimed`` bytes while its data
    unpacks to ``real`` bytes of XML."""
    body = b"<w:p/>" * (real // 6)
    with_body(path, body)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        part = package.getinfo("word/document.xml")
    central = data.rindex(b"PK\x01\x02", 0, data.index(b"PK\x05\x06"))
    while True:  # the central directory's entry for the part: its uncompressed size is at offset 24
        name_length = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + name_length] == b"word/document.xml":
            break
        central = data.rindex(b"PK\x01\x02", 0, central)
    data[central + 24:central + 28] = claimed.to_bytes(4, "little")
    local = part.header_offset  # and in its local header, at offset 22
    data[local + 22:local + 26] = claimed.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def runs_xml(count: int, seed: int = 4) -> bytes:
    """Return one paragraph of ``count`` runs, each a made-up word: three XML pieces a run."""
    generator = random.Random(seed)
    return b"<w:p>" + b"".join(b"<w:r><w:t>" + "".join(generator.choice("abcdefghij") for _ in range(5)).encode()
                               + b" </w:t></w:r>" for _ in range(count)) + b"</w:p>"


def padded_styles_docx(path: Path, padding: bytes) -> Path:
    """Write a short document whose styles.xml carries ``padding`` (whitespace, a comment, text) before its
    first element inside the root."""
    source = path.with_name(f".{path.stem}-source.docx")
    document = Document()
    document.add_paragraph("A short note.")
    document.save(str(source))
    with zipfile.ZipFile(source) as original:
        styles = original.read("word/styles.xml")
    at = styles.index(b">", styles.index(b"<w:styles")) + 1
    repack(source, path, replace={"word/styles.xml": styles[:at] + padding + styles[at:]})
    source.unlink()
    return path
