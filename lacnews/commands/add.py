"""`lacnews add`: append a section to an issue from a Word document, a web article or pasted text.

The section is read by lacnews.imports (docx, article, pasted) and written into the issue file as
text appended to its `sections:` list by lacnews.yaml.edit, never by dumping the YAML again: the
editor's comments, quoting and layout stay exactly as they were. The new lines use the file's own
indentation for sections, and every string is written so that it reads back as itself (a literal
block for Markdown of several lines, double quotes with escapes otherwise). Markdown is wrapped as an
editor writes it (lacnews.imports.wrapping), its lines as wide as the block has room for, rendering as it
did unwrapped. Before anything is
written the new text is read back and compared with the old: every value the file held must be
the same, and the new section exactly what was read. A document's pictures are written to images/
under new names (never over another file). The file is replaced atomically; then the issue is
composed, and if it does not load the old bytes are put back, the new pictures removed, and the
reason given.
"""

from __future__ import annotations

import datetime
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from lacnews.base.errors import LacnewsError, display_path
from lacnews.base.fetch import PAGE_TIMEOUT, shown
from lacnews.base.layout import PICTURES
from lacnews.base.limits import MAX_FILE_BYTES
from lacnews.base.placeholders import SECTION_TITLE
from lacnews.base.project import Project
from lacnews.base.write import (
    FILE_MODE,
    check_project_file,
    real_folder,
    write_project_file,
)
from lacnews.compose import compose, load
from lacnews.imports import ImportedImage, ImportedItem, ImportedSection
from lacnews.imports.wrapping import wrap_markdown
from lacnews.yaml.edit import CannotAppend, appended, encoded, list_column, text_width
from lacnews.yaml.source import Source

MAX_PASTED = MAX_FILE_BYTES  # characters of pasted text: more would not fit in an issue
# An address rather than a file's path: "scheme://…", or a scheme that never names a file (C:\… does).
_ADDRESS = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://|(file|data|javascript|vbscript|mailto|tel|ftp|about):",
                      re.IGNORECASE)


class AddError(LacnewsError):
    """A section that could not be added; the issue and the project are as they were."""


@dataclass(frozen=True)
class Added:
    """What `lacnews add` added, for the command to print."""

    path: Path  # the issue file
    title: str
    items: list[str]  # each item's title, or what it is ("a picture")
    pictures: list[Path]  # written to images/
    line: int  # where the section starts in the file (its "- title:" line), from 1
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return what the command prints: the section, its items and pictures, and the notes."""
        counted = [f"{len(self.items)} item{'s' if len(self.items) != 1 else ''}"] if self.items else ["a section with no items"]
        if self.pictures:
            counted.append(f"{len(self.pictures)} picture{'s' if len(self.pictures) != 1 else ''}")
        lines = [f"added {self.title!r} to {display_path(self.path)} at line {self.line} ({', '.join(counted)})"]
        lines += [f"  item: {item}" for item in self.items]
        lines += [f"  wrote {display_path(path)}" for path in self.pictures]
        lines += [f"  note: {note}" for note in self.notes]
        return lines


def add_section(project: Project, name: str, source: str, *, title: str | None = None,
                timeout: float = PAGE_TIMEOUT, stdin: TextIO | None = None,
                proxies: dict[str, str] | None = None, allow_private: bool | None = None) -> Added:
    """Append the section read from ``source`` (a .docx path, an http(s) address, or "-" for ``stdin``) to the
    issue ``name``, and return what was added; raise ``LacnewsError`` and change nothing when it cannot be.
    An article on an address that is not a public one is refused unless ``allow_private`` (None: as the
    environment says, LACNEWS_ALLOW_PRIVATE_NETWORK)."""
    slug, path = project.issue_path(name)
    if path.is_symlink():
        raise AddError(f"{display_path(path)} is a symbolic link (to {os.readlink(path)}): lacnews add does not "
                       "replace it; add to the file it points to")
    check_project_file(project.root, path)  # before anything is read or fetched
    original = _read_bytes(path)
    loaded = load(project, name)  # an issue that does not load now is reported as it is, untouched
    _appendable(loaded.source)
    section = read_source(source, timeout=timeout, stdin=stdin, proxies=proxies, allow_private=allow_private)
    notes = list(section.notes)
    if title is not None and " ".join(title.split()):
        section.title = " ".join(title.split())
        notes = [note for note in notes if SECTION_TITLE not in note]
    if not section.body and not section.items:
        raise AddError(f"{shown(source)}: there is nothing left to add")
    written: list[Path] = []
    issue_written = False
    try:
        written = _write_pictures(project, section, notes)
        new_text, line = _appended(loaded.source, section)
        if _read_bytes(path) != original:
            raise AddError(f"{display_path(path)} changed while the section was being added; nothing was added: "
                           "run lacnews add again")
        _write_issue(project, path, encoded(new_text, original))
        issue_written = True
        try:
            compose(project, name)
        except LacnewsError as exc:
            raise AddError(f"with the new section, {display_path(path)} does not build, so nothing was added:\n"
                           f"{exc.format_message()}") from None
    except BaseException:
        if issue_written:
            _write_issue(project, path, original)
        for picture in written:
            picture.unlink(missing_ok=True)
        raise
    if written and not (loaded.newsletter.images_url or loaded.newsletter.site_url):
        notes.append("newsletter.yaml has no images_url (or site_url): add the web folder you will upload "
                     f"build/{slug}/images/ to, or `lacnews build` will not build the issue with its pictures")
    return Added(path, section.title, [_described(item) for item in section.items], written, line, notes)


# Reading what is added

def read_source(source: str, *, timeout: float = PAGE_TIMEOUT, stdin: TextIO | None = None,
                proxies: dict[str, str] | None = None, allow_private: bool | None = None) -> ImportedSection:
    """Return the section ``source`` makes: "-" is pasted text on ``stdin``, an http(s) address an article,
    anything else the path of a Word document."""
    if source == "-":
        from lacnews.imports.pasted import read_pasted

        return read_pasted(_read_pasted(stdin or sys.stdin))
    address = _ADDRESS.match(source.strip())
    if address:
        scheme = (address.group(1) or address.group(2)).lower()
        if scheme in ("http", "https"):
            from lacnews.imports.article import read_article

            return read_article(source.strip(), timeout=timeout, proxies=proxies, allow_private=allow_private)
        hint = " (for a file on this computer, give its path)" if scheme == "file" else ""
        raise AddError(f"{shown(source)}: lacnews reads web pages from http:// and https:// addresses only{hint}")
    from lacnews.imports.docx import read_docx

    return read_docx(Path(source))


def _read_pasted(stream: TextIO) -> str:
    """Return what was pasted on ``stream``, decoded as lacnews.imports.pasted.decode_pasted says (its byte-order
    mark, else UTF-8, else Windows-1252, as a Windows console sends), at most MAX_PASTED characters."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        from lacnews.imports.pasted import decode_pasted

        text = decode_pasted(buffer.read(MAX_PASTED * 4 + 1))
    else:
        text = stream.read(MAX_PASTED + 1)
    if len(text) > MAX_PASTED:
        raise AddError(f"the pasted text is longer than {MAX_PASTED // (1024 * 1024)} MB of text: an issue could "
                       "not hold it; add it in parts")
    if not text.strip():
        raise AddError("nothing was pasted: paste the text and end it with Ctrl-D (Ctrl-Z then Enter on Windows), "
                       "or pipe it in: pbpaste | lacnews add ISSUE -")
    return text


# Pictures

def picture_stem(source: str) -> str:
    """Return the start of the names of a document's pictures: its file name in lower-case letters and digits."""
    stem = re.sub(r"[^a-z0-9]+", "-", Path(source).stem.lower()).strip("-")[:40].rstrip("-")
    return stem or "picture"


def _write_pictures(project: Project, section: ImportedSection, notes: list[str]) -> list[Path]:
    """Write each document picture to images/ under a name of its own; return the files written."""
    images = section.pictures()
    if not images:
        return []
    folder = real_folder(project.root, project.root / PICTURES)
    stem = picture_stem(section.source)
    written: list[Path] = []
    try:
        for image in images:
            name, new = _place_picture(folder, f"{stem}-{image.number}", image)
            image.src = f"{PICTURES}/{name}"
            if new:
                written.append(folder / name)
            else:
                notes.append(f"{PICTURES}/{name} was already there, the same picture: used as it is")
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def _place_picture(folder: Path, base: str, image: ImportedImage) -> tuple[str, bool]:
    """Return the name the picture has in ``folder`` and whether it was written now: the first of base.png,
    base-2.png … that is free or already holds these very bytes. Never writes over a file."""
    for attempt in range(1, 1000):
        name = f"{base}{'' if attempt == 1 else f'-{attempt}'}{image.suffix}"
        target = folder / name
        if os.path.lexists(target):
            if _same_file(target, image.data):
                return name, False
            continue
        if _create(target, image.data):
            return name, True
    raise AddError(f"cannot find a free name for a picture in {display_path(folder)}: tidy the folder")


def _same_file(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) \
            and path.read_bytes() == data
    except OSError:
        return False


def _create(target: Path, data: bytes) -> bool:
    """Write ``data`` to ``target`` whole, only if no file has that name; return False if one appeared."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, FILE_MODE)
        try:
            os.link(temporary, target)  # fails, rather than replaces, if the name was taken meanwhile
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            try:
                with open(target, "xb") as stream:
                    stream.write(data)
            except FileExistsError:
                return False
        return True
    except OSError as exc:
        raise AddError(f"cannot write {display_path(target)}: {exc.strerror or exc}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _described(item: ImportedItem) -> str:
    """Return how the command names an item: its title, else what it holds."""
    if item.title:
        return item.title
    held = "text and a picture" if item.image and item.body else "a picture" if item.image else "text"
    return f"{held} (no title)"


# Writing the section (lacnews.yaml.edit)

def _section_fields(section: ImportedSection, column: int) -> tuple:
    """Return the section as the fields it is written with (lacnews.yaml.nodes.Plain), in their order, for
    a list of sections whose dashes are at ``column``: its Markdown wrapped as an editor writes it."""
    fields: list = [("title", section.title)]
    if section.body:
        fields.append(("body", wrap_markdown(section.body, text_width(column))))
    if section.items:
        fields.append(("items", [_item_fields(item, text_width(column, depth=1)) for item in section.items]))
    return tuple(fields)


def _item_fields(item: ImportedItem, width: int) -> tuple:
    fields: list = [(key, getattr(item, key)) for key in ("title", "url", "byline", "date") if getattr(item, key)]
    if item.image is not None:
        fields.append(("image", (("src", item.image.src or ""), ("alt", item.image.alt))))
    if item.body:
        fields.append(("body", wrap_markdown(item.body, width)))
    if item.link is not None:
        fields.append(("link", (("text", item.link.text), ("url", item.link.url))))
    return tuple(fields)


def _comment(section: ImportedSection) -> str:
    """Return the comment above the new section: where it came from, and when."""
    source = " ".join(section.source.split())
    source = source if len(source) <= 120 else source[:120] + "…"
    return f"Added by lacnews add from {source} on {datetime.date.today().isoformat()}: read it over before sending"


def _appendable(source: Source) -> None:
    """Refuse an issue whose sections are not written so that a section can be appended as text."""
    try:
        list_column(source, "sections")
    except CannotAppend as refused:
        raise _refusal(source, refused) from None


def _refusal(source: Source, refused: CannotAppend) -> AddError:
    if refused.why == "layout":
        return AddError(f"{display_path(source.path)} is not written as a list of fields, one a line: lacnews add "
                        "appends only to an issue written that way")
    if refused.why == "flow":
        return AddError(f"{source.place(refused.node)}: the sections are written in brackets ([...]) on one line: "
                        "lacnews add appends to a list written one section after another, each starting with '- ' "
                        "on a line of its own")
    if refused.why == "odd":
        return AddError(f"{source.place(refused.node)}: the sections are written in a way lacnews add cannot "
                        "append to")
    return AddError(f"{display_path(source.path)} has no sections")  # the issue would not have loaded


def _appended(source: Source, section: ImportedSection) -> tuple[str, int]:
    """Return the issue's text with the section appended to its sections, and the line of its "- title:"."""
    try:
        return appended(source, "sections", _section_fields(section, list_column(source, "sections")),
                        _comment(section))
    except CannotAppend as refused:
        raise _refusal(source, refused) from None
    except ValueError:
        raise AddError("lacnews could not write the section so that it reads back exactly; nothing was added. "
                       "This is a bug in lacnews: please report it") from None


# The issue file

def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AddError(f"cannot read {display_path(path)}: {exc.strerror or exc}") from None


def _write_issue(project: Project, path: Path, content: bytes) -> None:
    """Replace the issue file with ``content`` at once (a temporary file renamed over it), inside the project."""
    write_project_file(project.root, path, content)
