"""What `lacnews add` brings into an issue: a section read from a Word document, a web article or pasted text.

Each reader (``lacnews.imports.docx``, ``.article``, ``.pasted``) returns an ``ImportedSection``: plain
strings for the fields of the issue format, Markdown for its *markdown* fields, and the pictures of a
document as bytes still to be written into the project. ``lacnews.commands.add`` writes it into the issue file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lacnews.base.placeholders import (
    PICTURE_ALT,  # a stand-in `check` refuses until replaced
)

READ_MORE = "Read the full article"


@dataclass
class ImportedImage:
    """A picture for an item: a web address used as it is, or a document's picture to be written to images/."""

    alt: str
    src: str | None = None  # https://… (or http://, which `check` warns about)
    data: bytes | None = None  # the picture's bytes, from a document
    suffix: str = ""  # its file name's ending: .png, .jpg …
    number: int = 0  # its place among the document's pictures, from 1


@dataclass
class ImportedLink:
    """A call to action: a button's words and where it leads."""

    text: str
    url: str


@dataclass
class ImportedItem:
    """One item of the section; every field optional, as in the issue format."""

    title: str | None = None
    url: str | None = None
    byline: str | None = None
    date: str | None = None  # YYYY-MM-DD or YYYY-MM
    body: str | None = None  # Markdown
    image: ImportedImage | None = None
    link: ImportedLink | None = None

    def is_empty(self) -> bool:
        return not (self.title or self.body or self.image or self.link)


@dataclass
class ImportedSection:
    """A section read from somewhere, ready to be written into an issue."""

    title: str
    source: str  # what it was read from, for the comment above it: a file's name, an address, "pasted text"
    body: str | None = None  # Markdown
    items: list[ImportedItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the editor should know: a picture left out, a stand-in

    def pictures(self) -> list[ImportedImage]:
        """Return the pictures still to be written into the project, in order."""
        return [item.image for item in self.items if item.image is not None and item.image.data is not None]


def append_markdown(first: str | None, second: str) -> str:
    """Return two pieces of Markdown as one, a blank line between them."""
    return f"{first}\n\n{second}" if first else second


def undescribed(number: int) -> str:
    """Return the note on picture ``number`` of a document, which has no description."""
    return (f"picture {number} has no description in the document: its alt text is {PICTURE_ALT!r}, to be "
            "replaced with what it shows")
