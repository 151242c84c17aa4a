"""A Word document (.docx) as a section: its words, lists, emphasis, links and pictures.

mammoth turns the document into plain HTML (headings, paragraphs, lists, strong and em, links,
pictures, footnotes; tracked deletions and comments left out), and lacnews.text.htmltext turns that
into Markdown. The first heading 1 (else the first heading) is the section's title, else the
file's name; every other heading starts a story, an item whose body is all the text under it and
whose image is its first picture, wherever in the story it sits. An item shows one picture: the
story's others follow its item, each as an item of its own, and the editor is told. The text before
the first such heading is the section's body, or, where a picture sits there too, its first item.
Pictures a build could not prepare for email are left out, and said so; the others' bytes are kept
for `lacnews add` to write into images/, their alt text the document's own (else PICTURE_ALT, for
the editor to replace).

A .docx is a zip of XML from whoever sent it: lacnews.imports.docx_package reads it within bounds set by
what is inside (parts, sizes, paragraphs, pictures) before anything is read whole, and
lacnews.imports.docx_runs takes out its hidden text and puts merge tags Word split across runs back
together before mammoth sees it. Linked (external) files are never opened.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from lacnews.base.errors import display_path
from lacnews.base.limits import (
    COLUMN_WIDTH,
    MAX_DOCX_BYTES,
    MAX_DOCX_HEADINGS,
    MAX_DOCX_PICTURES,
    MAX_PICTURE_BYTES,
)
from lacnews.imports import (
    PICTURE_ALT,
    ImportedImage,
    ImportedItem,
    ImportedSection,
    undescribed,
)
from lacnews.imports.docx_package import (
    DocumentError,
    Package,
    damaged,
    read_package,
    too_many_pictures,
)
from lacnews.imports.docx_runs import clean_part, read_styles
from lacnews.pipeline.pictures import PictureError, prepare
from lacnews.text.htmltext import Heading, Picture, Text, html_blocks
from lacnews.text.prose import listed

__all__ = ["DocumentError", "read_docx"]
PICTURE_TOKEN = "lacnews-picture:"
# Titles as Word's built-in styles name them: the default style map leaves them as paragraphs.
STYLE_MAP = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => p:fresh"
SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/jpg": ".jpg", "image/gif": ".gif", "image/bmp": ".bmp",
            "image/tiff": ".tif", "image/webp": ".webp", "image/heic": ".heic", "image/heif": ".heif"}
# A picture's file name ends as its bytes say (Pillow's name for them), whatever the document calls it.
PICTURE_SUFFIXES = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp", "TIFF": ".tif",
                    "BMP": ".bmp", "HEIF": ".heic"}
DRAWINGS = {"image/x-emf": "an EMF drawing", "image/x-wmf": "a WMF drawing", "image/emf": "an EMF drawing",
            "image/wmf": "a WMF drawing", "image/svg+xml": "an SVG drawing"}
OTHER_FORMATS = {
    ".doc": "an old Word document (.doc)", ".odt": "an OpenDocument text (.odt)", ".rtf": "a Rich Text file (.rtf)",
    ".pages": "a Pages document", ".pdf": "a PDF", ".txt": "a text file",
}
WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
# mammoth's link from a footnote back to where it is called: an arrow, not the author's words.
NOTE_BACK_LINK = re.compile(r'<a href="#(?:footnote|endnote|comment)-ref-[0-9]+">\u2191</a>')
# Word's own guess at a picture's description is no description: it asks to be checked, and rarely is.
GENERATED_ALT = re.compile(r"description automatically generated|automatically generated description", re.IGNORECASE)


def read_docx(path: Path) -> ImportedSection:
    """Return the section a Word document makes; raise ``DocumentError`` for a file that is not one."""
    shown = display_path(path)
    notes: list[str] = []
    readable = _cleaned(read_package(_read_file(path, shown), shown), shown, notes)  # its parts go once packed
    pictures: dict[str, ImportedImage] = {}
    html = _convert(readable, shown, pictures, notes)
    blocks = html_blocks(html)
    headings = sum(1 for block in blocks if isinstance(block, Heading) and block.text.strip())
    if headings > MAX_DOCX_HEADINGS:
        raise DocumentError(f"{shown} has {headings:,} headings; each but the title would start an item, and "
                            f"lacnews adds at most {MAX_DOCX_HEADINGS} items from one document: split it into "
                            "parts, or make the headings that do not start a piece of news plain text (Word: "
                            "Home, Styles, Normal); nothing was written")
    section = _section(blocks, _title_from_name(path), pictures, notes)
    section.source = path.name
    section.notes = notes + section.notes
    if not section.body and not section.items:
        raise DocumentError(f"{shown} holds no text or pictures to add")
    return section


def _read_file(path: Path, shown: str) -> bytes:
    suffix = path.suffix.lower()
    if suffix in OTHER_FORMATS:
        raise DocumentError(f"{shown} is {OTHER_FORMATS[suffix]}, not a Word document (.docx): open it in Word or "
                            "LibreOffice and save it as .docx (File, Save As, Word Document), then add that")
    if suffix not in WORD_SUFFIXES:
        raise DocumentError(f"{shown}: lacnews adds Word documents (.docx), web addresses (https://…) and pasted "
                            "text (-); this is none of them")
    try:
        if not path.is_file():
            raise DocumentError(f"{shown}: {'it is a folder, not a file' if path.is_dir() else 'no such file'}")
        with path.open("rb") as stream:
            data = stream.read(MAX_DOCX_BYTES + 1)
    except OSError as exc:
        raise DocumentError(f"{shown}: cannot read it: {exc.strerror or exc}") from None
    if len(data) > MAX_DOCX_BYTES:
        raise DocumentError(f"{shown} is larger than {MAX_DOCX_BYTES // (1024 * 1024)} MB: save a copy with smaller "
                            "pictures (Word: File, Compress Pictures) and add that")
    return data


def _cleaned(package: Package, shown: str, notes: list[str]) -> bytes:
    """Return the zip mammoth reads: the checked parts, the text parts without hidden text and with every
    merge tag in one run."""
    from lxml import etree

    replaced: dict[str, bytes] = {}
    hidden: list[str] = []
    try:
        styles = read_styles(package.parts.get(package.styles) if package.styles else None)
        for name in package.text_parts:
            cleaned = clean_part(package.parts[name], styles)
            hidden += cleaned.hidden
            if cleaned.xml is not package.parts[name]:
                replaced[name] = cleaned.xml
    except etree.XMLSyntaxError as exc:  # expat read it; libxml2 is stricter about some things
        raise DocumentError(damaged(shown, exc.msg, "XMLSyntaxError")) from None
    if hidden:
        words = " ".join(" ".join(hidden).split())
        count = len(words.split())
        start = words if len(words) <= 60 else words[:57] + "..."
        notes.append(f"the document's hidden text was left out ({count:,} word{'s' if count != 1 else ''}, "
                     f"starting {start!r}): Word does not show or print "
                     "it; if it belongs in the email, unhide it in Word (select it, Font, untick Hidden) and add "
                     "the document again")
    return package.repacked(replaced)


def _convert(data: bytes, shown: str, pictures: dict[str, ImportedImage], notes: list[str]) -> str:
    """Return the document as mammoth's HTML, each picture an <img> whose src is a token for ``pictures``."""
    import mammoth  # only when a document is added

    def picture(image) -> dict[str, str]:
        number = len(pictures) + 1
        if number > MAX_DOCX_PICTURES:  # counted as the document was read; this holds whatever mammoth finds
            raise DocumentError(too_many_pictures(shown, "more than"))
        token = f"{PICTURE_TOKEN}{number}"
        content_type = (image.content_type or "").lower()
        alt = " ".join((image.alt_text or "").split())
        pictures[token] = ImportedImage(alt=alt, number=number)
        if content_type in DRAWINGS:
            notes.append(f"picture {number} is {DRAWINGS[content_type]}, which mail programs do not show: left "
                         "out (save it as a PNG from Word, right-click, Save as Picture, and add it by hand)")
            return {"src": token}
        try:
            with image.open() as stream:
                picture_bytes = stream.read(MAX_PICTURE_BYTES + 1)
        except Exception:  # a linked picture (never opened: it would be a file outside the document), or damage
            notes.append(f"picture {number} is linked from outside the document, missing from it or larger than "
                         f"{MAX_PICTURE_BYTES // (1024 * 1024)} MB: left out")
            return {"src": token}
        if len(picture_bytes) > MAX_PICTURE_BYTES:
            notes.append(f"picture {number} is larger than {MAX_PICTURE_BYTES // (1024 * 1024)} MB: left out")
            return {"src": token}
        try:  # as a build would prepare it: a picture that cannot go in an email is left out now, and said so
            prepared = prepare(picture_bytes, "picture", None, COLUMN_WIDTH)
        except PictureError as exc:
            notes.append(f"picture {number} cannot go in an email ({exc}): left out")
            return {"src": token}
        suffix = PICTURE_SUFFIXES.get(prepared.source_format, SUFFIXES.get(content_type, ".png"))
        pictures[token] = ImportedImage(alt=alt, data=picture_bytes, suffix=suffix, number=number)
        return {"src": token}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), convert_image=mammoth.images.img_element(picture),
                                         style_map=STYLE_MAP, external_file_access=False)
    except DocumentError:
        raise
    except Exception as exc:  # a stranger's XML: whatever mammoth trips over is damage to report, not a crash
        raise DocumentError(damaged(shown, kind=type(exc).__name__)) from None
    return NOTE_BACK_LINK.sub("", result.value)


def _title_from_name(path: Path) -> str:
    """Return a title made from a file's name: annual_report-2020.docx is "annual report 2020"."""
    words = " ".join(path.stem.replace("_", " ").replace("-", " ").split())
    return words or "Word document"


@dataclass
class _Story:
    """What sits under one heading of the document (or before the first): its text and its pictures."""

    heading: Heading | None
    texts: list[str] = field(default_factory=list)
    pictures: list[ImportedImage] = field(default_factory=list)

    def item(self, image: ImportedImage | None) -> ImportedItem:
        title = self.heading.text.strip() if self.heading else None
        return ImportedItem(title=title, url=self.heading.url if self.heading else None, image=image,
                            body="\n\n".join(self.texts) or None)


def _section(blocks, fallback_title: str, pictures: dict[str, ImportedImage], notes: list[str]) -> ImportedSection:
    """Return the section of a document's blocks: the title heading, then a story for the text before any
    other heading and for each other heading. A heading's story is an item, its first picture the item's
    wherever it sits; the story before the first heading is the section's body, or its first item when it
    has a picture (a section shows none of its own)."""
    headings = [block for block in blocks if isinstance(block, Heading) and block.text.strip()]
    top = next((heading for heading in headings if heading.level == 1), headings[0] if headings else None)
    section = ImportedSection(title=top.text.strip() if top else fallback_title, source="")
    stories = [_Story(None)]
    for block in blocks:
        if isinstance(block, Heading) and (block is top or block.url is None) and block.urls:
            notes.append(f"the heading {block.text.strip()!r} links to {', '.join(block.urls)}: a "
                         f"{'section title' if block is top else 'title'} holds {'no link' if block is top else 'one'}"
                         ", so add the address to the text yourself")
        if block is top:
            continue
        if isinstance(block, Heading):
            if block.text.strip():
                stories.append(_Story(block))
        elif isinstance(block, Text):
            stories[-1].texts.append(block.markdown)
        elif isinstance(block, Picture):
            image = pictures.get(block.src)
            if image is None or image.data is None:
                continue  # left out, and said so in a note
            if not image.alt or GENERATED_ALT.search(image.alt):
                notes.append(undescribed(image.number))
                image.alt = PICTURE_ALT
            stories[-1].pictures.append(image)
    lead = stories[0]
    if not lead.pictures:
        section.body = lead.item(None).body
    elif len(stories) > 1:
        what = "the text before that heading and the picture are" if lead.texts else "the picture is"
        notes.append(f"picture {lead.pictures[0].number} comes before the first heading that starts an item, and "
                     f"a section shows no picture of its own: {what} the section's first item, with no title (give "
                     "it one, title: ..., or put the picture under a heading in the document and add it again)")
    for story in stories if lead.pictures else stories[1:]:
        first, *others = story.pictures or [None]
        section.items.append(story.item(first))
        section.items += [ImportedItem(image=image) for image in others]
        if others:
            notes.append(_more_pictures(story, first, others, len(stories) > 1))
    return section


def _more_pictures(story: _Story, first: ImportedImage, others: list[ImportedImage], headed: bool) -> str:
    """Return the note on a story of several pictures: where the others went, as an item shows one."""
    where = (f"the story {story.heading.text.strip()!r}" if story.heading
             else "the text before the first heading" if headed else "the document")
    numbers = [str(image.number) for image in others]
    named = f"{'picture' if len(numbers) == 1 else 'pictures'} {listed(numbers)}"
    follows = "follows the story as an item" if len(numbers) == 1 else "follow the story, each as an item"
    return (f"{where} has {len(others) + 1} pictures, and an item shows one: picture {first.number} is its "
            f"picture, above all its text; {named} {follows} with no title (give "
            f"{'it' if len(numbers) == 1 else 'each'} a title, move it, or delete it)")
