"""Real Word documents for the tests of `lacnews add`, written with python-docx as Word writes them.

``newsletter_docx`` is a contributor's piece as an editor receives it: a heading 1, paragraphs with
bold and italic, headings 2 over a bulleted and a numbered list, a paragraph with two hyperlinks,
characters Markdown would misread, a merge tag, and a picture drawn with Pillow (with or without its
alt text). python-docx has no call for a hyperlink, so ``add_hyperlink`` writes one into the XML as
Word does: a w:hyperlink element pointing at an external relationship. ``document_words`` and
``document_links`` read the document back with python-docx, for the tests' "every word" assertions.
"""

from __future__ import annotations

import io
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
