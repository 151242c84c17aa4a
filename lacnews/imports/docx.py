"""A Word document (.docx) as a section: its words, lists, emphasis, links and pictures.

mammoth turns the document into plain HTML (headings, paragraphs, lists, strong and em, links,
pictures, footnotes; tracked deletions and comments left out), and lacnews.htmltext turns that
into Markdown. The first heading 1 (else the first heading) is the section's title, else the
file's name; every other heading starts an item, whose body is the text after it. Pictures
become items' images, their bytes kept for `lacnews add` to write into images/, their alt text
the document's own (else PICTURE_ALT, for the editor to replace).

A .docx is a zip of XML from whoever sent it: it is opened only if it is a reasonable size,
unpacks to a reasonable size (zip members cannot unpack beyond the sizes they declare), and holds
a Word document; linked (external) files are never opened.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lacnews.errors import LacnewsError, display_path
from lacnews.htmltext import Heading, Picture, Text, html_blocks
from lacnews.imports import PICTURE_ALT, ImportedImage, ImportedItem, ImportedSection, append_markdown
from lacnews.limits import MAX_PICTURE_BYTES

MAX_DOCX_BYTES = 100 * 1024 * 1024  # a long report full of photos is tens of MB
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # what its parts may declare, together
MAX_DOCUMENT_XML_BYTES = 64 * 1024 * 1024  # the text itself, read whole by mammoth
MAX_PARTS = 10_000
PICTURE_TOKEN = "lacnews-picture:"
# Titles as Word's built-in styles name them: the default style map leaves them as paragraphs.
STYLE_MAP = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => p:fresh"
SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/jpg": ".jpg", "image/gif": ".gif", "image/bmp": ".bmp",
            "image/tiff": ".tif", "image/webp": ".webp", "image/heic": ".heic", "image/heif": ".heif"}
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


class DocumentError(LacnewsError):
    """A file that is not a Word document lacnews can read."""


def read_docx(path: Path) -> ImportedSection:
    """Return the section a Word document makes; raise ``DocumentError`` for a file that is not one."""
    shown = display_path(path)
    data = _read_file(path, shown)
    _check_package(data, shown)
    pictures: dict[str, ImportedImage] = {}
    notes: list[str] = []
    html = _convert(data, shown, pictures, notes)
    section = _section(html_blocks(html), _title_from_name(path), pictures, notes)
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


def _check_package(data: bytes, shown: str) -> None:
    """Refuse what is not a Word document's zip, or would unpack to far more than it is."""
    damaged = (f"{shown} is damaged or not really a Word document: open it in Word or LibreOffice and save it "
               "again as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
            if len(parts) > MAX_PARTS:
                raise DocumentError(f"{damaged} (it holds {len(parts):,} parts)")
            declared = sum(part.file_size for part in parts)
            names = {part.filename: part for part in parts}
    except zipfile.BadZipFile:
        raise DocumentError(damaged) from None
    if "word/document.xml" not in names and not any(name.endswith("/document.xml") for name in names):
        raise DocumentError(f"{damaged} (it has no document in it)")
    document = names.get("word/document.xml")
    if declared > MAX_UNPACKED_BYTES or (document is not None and document.file_size > MAX_DOCUMENT_XML_BYTES):
        raise DocumentError(f"{shown} would unpack to {declared // (1024 * 1024):,} MB, more than lacnews opens: "
                            "save a copy with smaller pictures and add that")


def _convert(data: bytes, shown: str, pictures: dict[str, ImportedImage], notes: list[str]) -> str:
    """Return the document as mammoth's HTML, each picture an <img> whose src is a token for ``pictures``."""
    import mammoth  # only when a document is added

    def picture(image) -> dict[str, str]:
        number = len(pictures) + 1
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
            notes.append(f"picture {number} is linked from outside the document, not in it: left out")
            return {"src": token}
        if len(picture_bytes) > MAX_PICTURE_BYTES:
            notes.append(f"picture {number} is larger than {MAX_PICTURE_BYTES // (1024 * 1024)} MB: left out")
            return {"src": token}
        pictures[token] = ImportedImage(alt=alt, data=picture_bytes, suffix=SUFFIXES.get(content_type, ""),
                                        number=number)
        return {"src": token}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), convert_image=mammoth.images.img_element(picture),
                                         style_map=STYLE_MAP, external_file_access=False)
    except Exception as exc:  # a stranger's XML: whatever mammoth trips over is damage to report, not a crash
        raise DocumentError(f"{shown} is damaged or not really a Word document ({type(exc).__name__}): open it in "
                            "Word or LibreOffice and save it again as .docx") from None
    return NOTE_BACK_LINK.sub("", result.value)


def _title_from_name(path: Path) -> str:
    """Return a title made from a file's name: annual_report-2020.docx is "annual report 2020"."""
    words = " ".join(path.stem.replace("_", " ").replace("-", " ").split())
    return words or "Word document"


def _section(blocks, fallback_title: str, pictures: dict[str, ImportedImage], notes: list[str]) -> ImportedSection:
    """Return the section of a document's blocks: the title heading, the text before any other heading as the
    section's body, and an item for each other heading (and for a picture with nowhere to go)."""
    headings = [block for block in blocks if isinstance(block, Heading) and block.text.strip()]
    top = next((heading for heading in headings if heading.level == 1), headings[0] if headings else None)
    section = ImportedSection(title=top.text.strip() if top else fallback_title, source="")
    item: ImportedItem | None = None
    for block in blocks:
        if isinstance(block, Heading) and (block is top or block.url is None) and block.urls:
            notes.append(f"the heading {block.text.strip()!r} links to {', '.join(block.urls)}: a "
                         f"{'section title' if block is top else 'title'} holds {'no link' if block is top else 'one'}"
                         ", so add the address to the text yourself")
        if block is top:
            continue
        if isinstance(block, Heading):
            if block.text.strip():
                item = ImportedItem(title=block.text.strip(), url=block.url)
                section.items.append(item)
        elif isinstance(block, Text):
            if item is None:
                section.body = append_markdown(section.body, block.markdown)
            else:
                item.body = append_markdown(item.body, block.markdown)
        elif isinstance(block, Picture):
            image = pictures.get(block.src)
            if image is None or image.data is None:
                continue  # left out, and said so in a note
            if not image.alt or GENERATED_ALT.search(image.alt):
                notes.append(f"picture {image.number} has no description in the document: its alt text is "
                             f"{PICTURE_ALT!r}, to be replaced with what it shows")
                image.alt = PICTURE_ALT
            if item is not None and item.image is None and item.body is None:
                item.image = image
            else:  # an item shows its picture above its text: a picture after text starts an item of its own
                item = ImportedItem(image=image)
                section.items.append(item)
    return section
