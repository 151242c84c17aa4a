"""A Word document's zip, read within bounds set by what is inside it before anything is read whole.

A .docx is a zip of XML parts and pictures from whoever sent it. Its directory is checked first: how
many parts, no two with the same name, what each declares it unpacks to and how far it would expand.
Then only the parts mammoth reads are read, each through a cap that holds whatever its header says, and
each XML part is counted as it streams through expat: elements, attributes and comments, nesting, the
longest stretch of text, paragraphs and pictures. The first bound passed stops the reading with a
message saying what the document holds and what to do; a DTD (which Word never writes) is refused.

What comes out is a ``Package``: the checked parts by name, from which ``repacked`` writes the zip mammoth
reads, so mammoth never sees a part that was not checked.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pyexpat import ExpatError, ParserCreate

from lacnews.base.errors import LacnewsError
from lacnews.base.limits import (
    DOCX_RATIO_FROM,
    MAX_DOCX_DEPTH,
    MAX_DOCX_PARAGRAPHS,
    MAX_DOCX_PARTS,
    MAX_DOCX_PICTURES,
    MAX_DOCX_RATIO,
    MAX_DOCX_TEXT_RUN,
    MAX_DOCX_UNPACKED_BYTES,
    MAX_DOCX_XML_BYTES,
    MAX_DOCX_XML_NODES,
    MAX_PICTURE_BYTES,
)

RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Word's two spellings of its own namespaces: the usual (transitional) one and ISO strict.
WORD = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main")
DRAWING = ("http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main")
VML = "urn:schemas-microsoft-com:vml"
CHOICE = "http://schemas.openxmlformats.org/markup-compatibility/2006 Choice"  # mammoth reads the Fallback
PARAGRAPHS = frozenset(f"{namespace} p" for namespace in WORD)
PICTURES = frozenset([*(f"{namespace} blip" for namespace in DRAWING), f"{VML} imagedata"])
TEXT_PARTS = ("footnotes", "endnotes", "comments")  # converted like the document itself
OTHER_PARTS = ("numbering", "styles")
CHUNK = 64 * 1024
MB = 1024 * 1024


class DocumentError(LacnewsError):
    """A file that is not a Word document lacnews can read."""


@dataclass
class Counts:
    """What the XML read so far holds, across parts."""

    nodes: int = 0
    paragraphs: int = 0
    pictures: int = 0


@dataclass
class Package:
    """The parts of a Word document that passed every bound, by name, and where mammoth finds its text."""

    parts: dict[str, bytes]
    text_parts: list[str] = field(default_factory=list)  # the document (as _rels/.rels names it), its notes
    styles: str | None = None

    def repacked(self, replaced: dict[str, bytes]) -> bytes:
        """Return a zip of the checked parts, ``replaced`` put in place of theirs, for mammoth to read."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
            for name, data in self.parts.items():
                package.writestr(name, replaced.get(name, data))
        return out.getvalue()


def read_package(data: bytes, shown: str) -> Package:
    """Return the checked parts of the Word document in ``data``; raise ``DocumentError`` for a file that is
    not one, or holds more than lacnews reads (saying which bound and what to do)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _Reader(archive, _checked_directory(archive.infolist(), shown), shown).package()
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, ValueError):  # a bad CRC, an unknown packing
        raise DocumentError(damaged(shown)) from None
    except RuntimeError as exc:  # zipfile's word for an encrypted part
        raise DocumentError(damaged(shown, "it is protected by a password" if "encrypted" in str(exc) else "")) \
            from None


def damaged(shown: str, detail: str = "", kind: str = "") -> str:
    """Return the message for a file that is not a sound Word document: ``kind`` names the error, ``detail``
    says where."""
    return (f"{shown} is damaged or not really a Word document{f' ({kind})' if kind else ''}: open it in Word or "
            f"LibreOffice and save it again as .docx{f' ({detail})' if detail else ''}")


def _checked_directory(entries: list[zipfile.ZipInfo], shown: str) -> dict[str, zipfile.ZipInfo]:
    """Return the zip's entries by name, after checking what its directory declares."""
    if len(entries) > MAX_DOCX_PARTS:
        pictures = sum(1 for entry in entries if "/media/" in f"/{entry.filename}")
        if pictures > MAX_DOCX_PICTURES:
            raise DocumentError(too_many_pictures(shown, f"{pictures:,}"))
        raise DocumentError(f"{shown} holds {len(entries):,} files, more than the {MAX_DOCX_PARTS:,} lacnews opens "
                            "in one document: open it in Word or LibreOffice and save it again as .docx")
    by_name: dict[str, zipfile.ZipInfo] = {}
    for entry in entries:
        if entry.filename in by_name:
            raise DocumentError(damaged(shown, f"it holds two parts named {_name(entry.filename)}, and programs "
                                               "differ on which one they read"))
        by_name[entry.filename] = entry
        if entry.file_size > DOCX_RATIO_FROM and entry.file_size > MAX_DOCX_RATIO * max(entry.compress_size, 1):
            raise DocumentError(f"{shown} would unpack to {_size(entry.file_size)} in its part "
                                f"{_name(entry.filename)} alone, from {_size(entry.compress_size)}: more than "
                                f"{MAX_DOCX_RATIO} times as much, as no document does (a small file built to fill the "
                                "memory); open it in Word or LibreOffice and save it again as .docx")
    declared = sum(entry.file_size for entry in entries)
    if declared > MAX_DOCX_UNPACKED_BYTES:
        raise DocumentError(f"{shown} would unpack to {_size(declared)}, more than the "
                            f"{_size(MAX_DOCX_UNPACKED_BYTES)} lacnews opens: save a copy with smaller pictures "
                            "(Word: File, Compress Pictures) and add that")
    return by_name


class _Reader:
    """Reads the parts mammoth will read, as mammoth finds them, each within its bounds."""

    def __init__(self, archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], shown: str):
        self.archive = archive
        self.entries = entries
        self.shown = shown
        self.parts: dict[str, bytes] = {}
        self.counts = Counts()
        self.unpacked = 0

    def package(self) -> Package:
        self._xml("[Content_Types].xml")
        document = _target(self._relationships("_rels/.rels"), "officeDocument", "", "word/document.xml",
                           self.entries)
        if document not in self.entries:
            raise DocumentError(damaged(self.shown, "it has no document in it"))
        folder = posixpath.dirname(document)
        found = self._relationships(_relationships_of(document))
        paths = {kind: _target(found, kind, folder, f"word/{kind}.xml", self.entries)
                 for kind in (*TEXT_PARTS, *OTHER_PARTS)}
        text_parts = [document] + [paths[kind] for kind in TEXT_PARTS if paths[kind] in self.entries]
        for name in [paths[kind] for kind in OTHER_PARTS] + text_parts:
            if name in self.entries:
                self._xml(name, text=name in text_parts)
        for name in text_parts[1:]:
            self._relationships(_relationships_of(name))
        for name, entry in self.entries.items():  # the pictures; other XML is none of mammoth's business
            if name not in self.parts and not name.lower().endswith((".xml", ".rels")) and not entry.is_dir() \
                    and entry.file_size <= MAX_PICTURE_BYTES:
                self.parts[name] = self._read(entry, MAX_PICTURE_BYTES)
        styles = paths["styles"] if paths["styles"] in self.parts else None
        return Package(self.parts, text_parts, styles)

    def _relationships(self, name: str) -> list[tuple[str, str]]:
        """Return the (type, target) of each relationship in the part ``name`` (none if there is no such part)."""
        found: list[tuple[str, str]] = []
        if name in self.entries:
            self._xml(name, relationships=found)
        return found

    def _xml(self, name: str, *, text: bool = False, relationships: list | None = None) -> None:
        if name not in self.entries or name in self.parts:
            return
        entry = self.entries[name]
        if entry.file_size > MAX_DOCX_XML_BYTES:
            raise DocumentError(f"{self.shown} would unpack to {_size(entry.file_size)} in its part {_name(name)} "
                                f"alone, more than the {_size(MAX_DOCX_XML_BYTES)} lacnews reads: copy the part you "
                                "need into a new document and add that")
        scan = _Scan(self, name, text, relationships)
        self.parts[name] = self._read(entry, MAX_DOCX_XML_BYTES, scan)

    def _read(self, entry: zipfile.ZipInfo, limit: int, scan: _Scan | None = None) -> bytes:
        """Return a part's bytes, read in pieces and stopped at ``limit`` or at its declared size, whichever
        is less, whatever the zip says further on."""
        cap = min(limit, entry.file_size)
        chunks: list[bytes] = []
        size = 0
        with self.archive.open(entry) as stream:
            while True:
                try:
                    chunk = stream.read(CHUNK)
                except zipfile.BadZipFile:  # zipfile stops at the declared size, and the checksum then fails
                    raise DocumentError(damaged(self.shown, f"its part {_name(entry.filename)} does not unpack to "
                                                            "what the zip says it holds")) from None
                if not chunk:
                    break
                size += len(chunk)
                self.unpacked += len(chunk)
                if size > cap or self.unpacked > MAX_DOCX_UNPACKED_BYTES:
                    raise DocumentError(damaged(self.shown, f"its part {_name(entry.filename)} unpacks to more "
                                                            "than it declares"))
                if scan is not None:
                    scan.feed(chunk)
                chunks.append(chunk)
        if scan is not None:
            scan.feed(b"", final=True)
        return b"".join(chunks)


class _Scan:
    """One XML part counted as it streams through expat, stopped at the first bound passed."""

    def __init__(self, reader: _Reader, name: str, text: bool, relationships: list | None):
        self.reader = reader
        self.name = name
        self.text = text  # the document's text (or notes): paragraphs and pictures are counted
        self.relationships = relationships
        self.depth = 0
        self.choice_depth = 0  # inside mc:Choice, whose pictures mammoth skips for the Fallback's
        self.run = 0  # characters since the last tag
        parser = ParserCreate(namespace_separator=" ")
        parser.ordered_attributes = True
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        parser.CommentHandler = parser.ProcessingInstructionHandler = self.other
        parser.StartNamespaceDeclHandler = self.other
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.doctype
        self.parser = parser

    def feed(self, chunk: bytes, final: bool = False) -> None:
        try:
            self.parser.Parse(chunk, final)
        except ExpatError as exc:
            raise DocumentError(damaged(self.reader.shown, f"its part {_name(self.name)} is not well-formed XML at "
                                                           f"line {exc.lineno}, column {exc.offset + 1}",
                                        "ExpatError")) from None

    def start(self, name: str, attributes: list[str]) -> None:
        counts = self.reader.counts
        counts.nodes += 1 + len(attributes) // 2
        self.depth += 1
        self.run = 0
        if counts.nodes > MAX_DOCX_XML_NODES:
            self._too_much(f"more than {MAX_DOCX_XML_NODES:,} pieces of XML (elements, attributes, text)")
        if self.depth > MAX_DOCX_DEPTH:
            self._too_much(f"XML nested more than {MAX_DOCX_DEPTH} levels deep", long=False)
        if self.choice_depth or name == CHOICE:
            self.choice_depth += 1
        if self.relationships is not None and name == f"{PACKAGE_RELATIONSHIPS} Relationship":
            values = dict(zip(attributes[::2], attributes[1::2]))
            if values.get("TargetMode", "Internal") != "External":
                self.relationships.append((values.get("Type", ""), values.get("Target", "")))
        if not self.text:
            return
        if name in PARAGRAPHS:
            counts.paragraphs += 1
            if counts.paragraphs > MAX_DOCX_PARAGRAPHS:
                self._too_much(f"more than {MAX_DOCX_PARAGRAPHS:,} paragraphs (empty ones too)")
        elif name in PICTURES and not self.choice_depth:
            counts.pictures += 1
            if counts.pictures > MAX_DOCX_PICTURES:
                raise DocumentError(too_many_pictures(self.reader.shown, "more than"))

    def end(self, name: str) -> None:
        self.depth -= 1
        self.run = 0
        if self.choice_depth:
            self.choice_depth -= 1

    def characters(self, data: str) -> None:
        if not self.run:  # a new text node
            self.reader.counts.nodes += 1
        self.run += len(data)
        if self.run > MAX_DOCX_TEXT_RUN:
            self._too_much(f"a stretch of {_size(MAX_DOCX_TEXT_RUN)} of characters with no tag in it", long=False)

    def other(self, *_) -> None:
        self.reader.counts.nodes += 1
        self.run = 0

    def doctype(self, *_) -> None:
        raise DocumentError(damaged(self.reader.shown, f"its part {_name(self.name)} declares a DTD, which Word "
                                                       "never writes"))

    def _too_much(self, what: str, long: bool = True) -> None:
        advice = ("it is too long for a newsletter section: copy the part you need into a new document and add "
                  "that" if long else "no document Word writes does: open it in Word or LibreOffice and save it "
                  "again as .docx")
        raise DocumentError(f"{self.reader.shown}: its part {_name(self.name)} holds {what}; {advice}")


def too_many_pictures(shown: str, count: str) -> str:
    """Return the message for a document of more pictures than lacnews adds (``count``: "3,000", "more than")."""
    return (f"{shown} holds {count} {'' if count[0].isdigit() else f'{MAX_DOCX_PICTURES} '}pictures; lacnews adds at "
            f"most {MAX_DOCX_PICTURES} from one document (each is written to images/, and an email of more than a "
            "few is slow to arrive): copy the text and the pictures you need into a new document and add that; "
            "nothing was written")


def _target(relationships: list[tuple[str, str]], kind: str, folder: str, fallback: str,
            entries: dict[str, zipfile.ZipInfo]) -> str:
    """Return the part a relationship of ``kind`` leads to, as mammoth finds it: the first that exists, else
    ``fallback``."""
    for relationship_type, target in relationships:
        if relationship_type == RELATIONSHIPS + kind:
            path = (target if target.startswith("/") else f"{folder}/{target}" if folder else target).lstrip("/")
            if path in entries:
                return path
    return fallback


def _relationships_of(name: str) -> str:
    folder, base = posixpath.split(name)
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def _size(count: int) -> str:
    return f"{count / MB:,.0f} MB" if count >= MB else f"{max(1, round(count / 1024)):,} KB"


def _name(name: str) -> str:
    """Return a part's name as it may be printed: a stranger's zip can name a part with terminal controls."""
    shown = "".join(character if character.isprintable() else "?" for character in name)
    return shown if len(shown) <= 120 else shown[:117] + "..."
