"""Personal data in the project's original pictures: found, and taken out without touching a pixel.

The email's copy of a picture is made afresh with nothing but pixels (``lacnews.pipeline.pictures``);
the original stays in the project's images/ folder, and goes wherever the project goes: a shared
repository, a colleague's computer. A phone photo carries where it was taken, and a camera's its
serial number and owner. ``inspect`` finds them in the places each format keeps them:

- JPEG (and a phone's multi-picture JPEG, each of its pictures): the Exif segment, the XMP segment
  and its extension, Photoshop's IPTC record;
- PNG: the eXIf chunk, the XMP text chunk, ImageMagick's raw profiles (Exif, XMP, IPTC written as hex)
  and text chunks named for a GPS tag;
- HEIC and AVIF: the Exif and XMP items the file's boxes locate (``lacnews.pipeline.heif_items``);
- WebP and the rest: the Exif and XMP records Pillow reads, where the file holds each once.

What is found is blanked where it lies (``lacnews.pipeline.exif``, ``lacnews.pipeline.xmp``): every
segment, chunk and item keeps its length, so nothing that points into the file moves, the pixels'
bytes are not touched, and the orientation and colour profile stay. A PNG's text chunk that only
names a GPS tag is dropped whole, and one whose text is packed is packed again. ``remove_personal_data``
writes a file only after proving it: the pixels decode identical, orientation and colour profile
are the same, and nothing personal is found in what is written. Every length read from a file is
checked against what is left of it, and the counts of segments, chunks and pictures are bounded.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lacnews.base import layout
from lacnews.base.errors import Place
from lacnews.base.limits import MAX_PICTURE_BYTES, MAX_PICTURE_DECODED_BYTES
from lacnews.base.project import Project
from lacnews.base.read import read_regular
from lacnews.base.write import WriteError, write_project_file
from lacnews.pipeline.exif import (
    MAKER_NOTES,
    OWNER,
    POSITION,
    SERIAL,
    blank_personal_tags,
    personal_tags,
    tag_bytes,
)
from lacnews.pipeline.heif_items import metadata_items
from lacnews.pipeline.pictures import PictureError, decoded_bytes, open_picture
from lacnews.pipeline.xmp import (
    CONTACT,
    PLACE,
    blank_iptc,
    blank_photoshop,
    blank_xmp,
    property_kind,
)
from lacnews.text.prose import listed

KINDS = (POSITION, PLACE, OWNER, CONTACT, SERIAL, MAKER_NOTES)  # what a photo may tell, the most revealing first

PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".avif")
MAX_FOLDER_FILES = 2000  # looked at in images/ and its folders
MAX_SEGMENTS = 4096  # a JPEG's segments before its pixels: a photo has about ten
MAX_JPEG_PICTURES = 16  # pictures in one multi-picture JPEG: a phone writes two or three
MAX_CHUNKS = 200_000  # a PNG's chunks: a large one has a few thousand
MAX_TEXT_BYTES = 8 * 1024 * 1024  # a packed PNG text chunk, unpacked
MAX_FRAMES = 16  # compared when proving the pixels unchanged

EXIF_ID = b"Exif\x00\x00"
XMP_ID = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXTENSION_ID = b"http://ns.adobe.com/xmp/extension/\x00"
PHOTOSHOP_ID = b"Photoshop 3.0\x00"
MPF_ID = b"MPF\x00"
MP_ENTRIES = 0xB002
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_TEXT = (b"tEXt", b"zTXt", b"iTXt")
APP1, APP2, APP13 = 0xE1, 0xE2, 0xED
BY_HAND = ("open it in a photo program and export a copy without location and camera details, or remove them "
           "in the file's properties (Windows: Properties → Details → Remove Properties and Personal Information)")


@dataclass(frozen=True)
class Inspection:
    """What a picture file holds of its taker, and the file without it."""

    kinds: list[str]  # in this module's words: "its GPS position (where it was taken)", ...
    cleaned: bytes | None  # the file with all of it blanked; None when none found, or where lacnews cannot take it out


def inspect(data: bytes) -> Inspection:
    """Return the personal data the picture file ``data`` holds, and the file without it."""
    kinds, cleaned = _scan(data)
    if not kinds:
        return Inspection([], None)
    left, _ = _scan(cleaned)
    return Inspection(sorted(kinds, key=KINDS.index), None if left else cleaned)


def _scan(data: bytes) -> tuple[list[str], bytes]:
    """Return what ``data`` holds of the photo's taker, and ``data`` with all of it blanked that can be."""
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg(data)
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    if data[4:8] == b"ftyp":
        return _heif(data)
    return _located(data)


# JPEG

def _jpeg(data: bytes) -> tuple[list[str], bytes]:
    out = bytearray(data)
    kinds: list[str] = []
    extended: dict[bytes, list[tuple[int, int, int, int]]] = {}  # by GUID: (offset, whole length, start, end)
    for picture in _jpeg_pictures(out):
        for marker, start, end in _segments(out, picture):
            if marker == APP1 and out.startswith(EXIF_ID, start, end):
                kinds += _blank(out, start + len(EXIF_ID), end, _blank_exif)
            elif marker == APP1 and out.startswith(XMP_ID, start, end):
                kinds += _blank(out, start + len(XMP_ID), end, blank_xmp)
            elif marker == APP1 and out.startswith(XMP_EXTENSION_ID, start, end) and end - start >= 75:
                head = start + len(XMP_EXTENSION_ID)
                whole, offset = struct.unpack_from(">II", out, head + 32)
                extended.setdefault(bytes(out[head:head + 32]), []).append((offset, whole, head + 40, end))
            elif marker == APP13 and out.startswith(PHOTOSHOP_ID, start, end):
                kinds += _blank(out, start + len(PHOTOSHOP_ID), end, blank_photoshop)
    for chunks in extended.values():
        kinds += _blank_extended_xmp(out, chunks)
    return list(dict.fromkeys(kinds)), bytes(out)


def _blank(out: bytearray, start: int, end: int, blank: Callable[[bytearray], list[str]]) -> list[str]:
    """Blank ``out[start:end]`` in place with ``blank``, which keeps its length; return what it found."""
    region = bytearray(out[start:end])
    found = blank(region)
    if found and len(region) == end - start:
        out[start:end] = region
    return found


def _blank_exif(tiff: bytearray) -> list[str]:
    found = personal_tags(tiff)
    if found:
        blank_personal_tags(tiff)
    return found


def _segments(data: bytearray, start: int):
    """Yield (marker, payload start, end) of each segment of the JPEG picture at ``start``, up to its pixels."""
    if data[start:start + 2] != b"\xff\xd8":
        return
    at = start + 2
    for _ in range(MAX_SEGMENTS):
        if at + 4 > len(data) or data[at] != 0xFF:
            return
        marker = data[at + 1]
        if marker == 0xFF:  # a fill byte before a marker
            at += 1
            continue
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        if marker in (0xDA, 0xD9):  # the pixels start, or the picture ends
            return
        length = struct.unpack_from(">H", data, at + 2)[0]
        if length < 2 or at + 2 + length > len(data):
            return
        yield marker, at + 4, at + 2 + length
        at += 2 + length


def _jpeg_pictures(data: bytearray) -> list[int]:
    """Return where each picture of a JPEG file starts: the first, then those its multi-picture index names (a
    phone's depth map or HDR gain map after the photo)."""
    starts = [0]
    for marker, start, end in _segments(data, 0):
        if marker != APP2 or not data.startswith(MPF_ID, start, end):
            continue
        base = start + len(MPF_ID)
        index = tag_bytes(data[base:end], MP_ENTRIES)
        if index is None:
            break
        order, entries = index
        for number in range(min(len(entries) // 16, MAX_JPEG_PICTURES)):
            offset = struct.unpack_from(order + "I", entries, 16 * number + 8)[0]
            if offset and base + offset < len(data) and data[base + offset:base + offset + 2] == b"\xff\xd8":
                starts.append(base + offset)
        break
    return list(dict.fromkeys(starts))


def _blank_extended_xmp(out: bytearray, chunks: list[tuple[int, int, int, int]]) -> list[str]:
    """Blank the personal properties of an XMP record too long for one segment, written in several (``chunks``:
    where each piece goes in the whole, the whole's length, and where the piece is)."""
    whole = chunks[0][1]
    if whole > MAX_TEXT_BYTES or any(length != whole or offset + end - start > whole
                                     for offset, length, start, end in chunks):
        return []
    record = bytearray(whole)
    for offset, _, start, end in chunks:
        record[offset:offset + end - start] = out[start:end]
    found = blank_xmp(record)
    if found:
        for offset, _, start, end in chunks:
            out[start:end] = record[offset:offset + end - start]
    return found


# PNG

def _png(data: bytes) -> tuple[list[str], bytes]:
    pieces = [PNG_SIGNATURE]
    kinds: list[str] = []
    at = len(PNG_SIGNATURE)
    for _ in range(MAX_CHUNKS):
        if at + 12 > len(data):
            break
        length, kind = struct.unpack_from(">I4s", data, at)
        end = at + 12 + length
        if end > len(data):
            break
        body = data[at + 8:at + 8 + length]
        found, replaced = [], body
        if kind == b"eXIf":
            region = bytearray(body)
            found = _blank_exif_record(region)
            replaced = bytes(region)
        elif kind in PNG_TEXT:
            found, replaced = _png_text(kind, body)
        kinds += found
        if replaced is body:
            pieces.append(data[at:end])
        elif replaced is not None:
            pieces.append(struct.pack(">I", len(replaced)) + kind + replaced
                          + struct.pack(">I", zlib.crc32(kind + replaced)))
        at = end
    pieces.append(data[at:])
    return list(dict.fromkeys(kinds)), b"".join(pieces)


def _png_text(kind: bytes, body: bytes) -> tuple[list[str], bytes | None]:
    """Return what a PNG text chunk holds of the photo's taker, and its body without it (None: drop the chunk;
    ``body`` itself: keep it as it is)."""
    keyword, _, rest = body.partition(b"\x00")
    if kind == b"tEXt":
        head, packed, text = b"", False, rest
    elif kind == b"zTXt":
        head, packed, text = rest[:1], True, rest[1:]
    else:  # iTXt: packed?, method, language, translated keyword, then the text
        if len(rest) < 2:
            return [], body
        language, _, after = rest[2:].partition(b"\x00")
        translated, _, text = after.partition(b"\x00")
        head, packed = rest[:2] + language + b"\x00" + translated + b"\x00", rest[0] == 1
    if packed:
        text = _unpacked(text)
        if text is None:
            return [], body
    name = keyword.decode("latin-1").lower()
    region = bytearray(text)
    if name == "xml:com.adobe.xmp":
        found = blank_xmp(region)
    elif name.startswith("raw profile type "):
        found = _blank_raw_profile(region, name.removeprefix("raw profile type "))
    elif ":" in name:  # ImageMagick writes some Exif tags as text chunks of their own: exif:GPSLatitude
        kind = property_kind(keyword.rsplit(b":", 1)[1])
        return ([kind], None) if kind and text.strip() else ([], body)
    else:
        return [], body
    if not found:
        return [], body
    text = bytes(region)
    return found, keyword + b"\x00" + head + (zlib.compress(text, 9) if packed else text)


def _unpacked(packed: bytes) -> bytes | None:
    unpacker = zlib.decompressobj()
    try:
        text = unpacker.decompress(packed, MAX_TEXT_BYTES)
    except zlib.error:
        return None
    return None if unpacker.unconsumed_tail else text


def _blank_raw_profile(text: bytearray, profile: str) -> list[str]:
    """Blank a raw profile as ImageMagick writes it (a line with its name, one with its length, then its bytes in
    hexadecimal), each digit rewritten where it was."""
    blank = {"exif": _blank_exif_record, "app1": _blank_exif_record, "xmp": blank_xmp,
             "iptc": _blank_iptc_record, "8bim": _blank_iptc_record}.get(profile)
    lines = bytes(text).split(b"\n", 3)
    if blank is None or len(lines) < 4:
        return []
    start = len(text) - len(lines[3])
    digits = [start + index for index, byte in enumerate(lines[3]) if chr(byte) in "0123456789abcdefABCDEF"]
    try:
        record = bytearray(bytes.fromhex(bytes(text[position] for position in digits[:len(digits) // 2 * 2]).decode()))
    except ValueError:
        return []
    found = blank(record)
    if found:
        for position, digit in zip(digits, record.hex().encode()):
            text[position] = digit
    return found


def _blank_exif_record(record: bytearray) -> list[str]:
    prefix = len(EXIF_ID) if record.startswith(EXIF_ID) else 0
    return _blank(record, prefix, len(record), _blank_exif)


def _blank_iptc_record(record: bytearray) -> list[str]:
    return blank_iptc(record) if record[:1] == b"\x1c" else blank_photoshop(record)


# HEIC and AVIF: the records the file's item locations name

def _heif(data: bytes) -> tuple[list[str], bytes]:
    out = bytearray(data)
    kinds: list[str] = []
    for item in metadata_items(data):
        record = bytearray(b"".join(data[start:end] for start, end in item.extents))
        if item.kind == "exif":  # the TIFF header's place in the record comes first
            start = 4 + struct.unpack_from(">I", record)[0] if len(record) >= 4 else len(record)
            found = _blank(record, min(start, len(record)), len(record), _blank_exif)
        else:
            found = blank_xmp(record)
        kinds += found
        position = 0
        for start, end in item.extents:
            out[start:end] = record[position:position + end - start]
            position += end - start
    return list(dict.fromkeys(kinds)), bytes(out)


# WebP and others: the records where Pillow finds them

def _located(data: bytes) -> tuple[list[str], bytes]:
    try:
        picture = open_picture(data, "picture")
    except PictureError:
        return [], data
    out = bytearray(data)
    kinds: list[str] = []
    records = []
    exif = picture.info.get("exif")
    if isinstance(exif, bytes):
        records.append((exif.removeprefix(EXIF_ID), _blank_exif))
    xmp = picture.info.get("xmp")
    if isinstance(xmp, bytes):
        records.append((xmp, blank_xmp))
    for record, blank in records:
        region = bytearray(record)
        found = blank(region)
        kinds += found
        where = data.find(record) if record else -1
        if found and where >= 0 and data.find(record, where + 1) < 0:  # only where the file holds it once
            out[where:where + len(record)] = region
    return list(dict.fromkeys(kinds)), bytes(out)


# Taking it out of the project's files

@dataclass(frozen=True)
class Removal:
    """One original picture's personal data taken out, or why it was not (shown as `check --fix` shows its
    repairs)."""

    place: Place
    where: str
    what: str
    done: bool = True
    why: str = ""

    def __str__(self) -> str:
        if self.done:
            return f"{self.place}: {self.where}: {self.what}"
        return f"{self.place}: {self.where}: {self.what}: not fixed: {self.why}"


def inspect_file(path: Path) -> Inspection:
    """Return what the picture file at ``path`` holds of its taker (nothing for a file lacnews does not open)."""
    data = read_original(path)
    return inspect(data) if data is not None else Inspection([], None)


def personal_data_of(path: Path) -> tuple[list[str], bool]:
    """Return what the picture file at ``path`` holds of its taker, and whether lacnews can take it out.

    Remembered for the file as it is (its inode, time and size): the logo every issue shows is read once in a
    `build --all`, and a file changed since, by `check --fix` or an editor, is read again."""
    try:
        status = os.stat(path)
    except OSError:
        return [], False
    key = (str(path), status.st_dev, status.st_ino, status.st_mtime_ns, status.st_size)
    known = _INSPECTED.get(key)
    if known is None:
        inspection = inspect_file(path)
        known = (inspection.kinds, inspection.cleaned is not None)
        if len(_INSPECTED) >= MAX_REMEMBERED:
            _INSPECTED.clear()
        _INSPECTED[key] = known
    return known


_INSPECTED: dict[tuple, tuple[list[str], bool]] = {}
MAX_REMEMBERED = 1_024  # pictures told of: a few words each, whatever the pictures weigh


def read_original(path: Path) -> bytes | None:
    """Return the bytes of the picture file at ``path`` (read through a link: only writing never goes through
    one), or None where it is not a regular file lacnews opens."""
    try:
        data = read_regular(path, limit=MAX_PICTURE_BYTES)
    except OSError:
        return None
    return data if len(data) <= MAX_PICTURE_BYTES else None


def remove_personal_data(project: Project, paths: list[Path]) -> list[Removal]:
    """Take the personal data out of each picture file of ``paths`` (inside the project) that holds some,
    changing no pixel; return what was done for each, and why not where it was not."""
    removals = []
    for path in dict.fromkeys(paths):
        data = read_original(path)
        inspection = inspect(data) if data is not None else Inspection([], None)
        if not inspection.kinds:
            continue
        what = f"took out {listed(inspection.kinds)}"
        why = _unproven(data, inspection.cleaned) if inspection.cleaned is not None else (
            f"lacnews cannot take it all out of this file without changing it otherwise; {BY_HAND}")
        if why is None and read_original(path) != data:
            why = "the file changed while it was being checked; run `lacnews check --fix` again"
        if why is None:
            try:
                write_project_file(project.root, path, inspection.cleaned)
            except WriteError as exc:
                why = exc.message
        removals.append(Removal(Place(path), "picture", what + ("; every pixel is as it was" if why is None else ""),
                                why is None, why or ""))
    return removals


def _unproven(before: bytes, after: bytes) -> str | None:
    """Return why ``after`` cannot be shown to be the picture ``before`` is, or None when it is: the same pixels,
    orientation and colour profile."""
    try:
        if _looks(before) != _looks(after):
            return f"its pixels would not stay exactly as they are; {BY_HAND}"
    except Exception as exc:  # noqa: BLE001 - a damaged file makes Pillow raise anything: it is then left alone
        return f"its pixels could not be read to prove they stay as they are ({exc}); {BY_HAND}"
    return None


def _looks(data: bytes) -> tuple:
    """Return what the picture in ``data`` shows: each frame's mode, size and a digest of its pixels, decoded in
    full, and its orientation and colour profile."""
    picture = open_picture(data, "picture")
    if decoded_bytes(picture, picture.format or "") > MAX_PICTURE_DECODED_BYTES:
        raise PictureError("it is too large to decode in full")
    frames = []
    for frame in range(min(getattr(picture, "n_frames", 1), MAX_FRAMES)):
        picture.seek(frame)
        picture.load()
        frames.append((picture.mode, picture.size, hashlib.sha256(picture.tobytes()).hexdigest()))
    picture.seek(0)
    return tuple(frames), picture.getexif().get(0x0112), picture.info.get("icc_profile")


def project_originals(project: Project) -> list[Path]:
    """Return the picture files in the project's images/ folder and the folders inside it (no link followed)."""
    found: list[Path] = []
    folders = [project.root / layout.PICTURES]
    seen = 0
    while folders and seen < MAX_FOLDER_FILES:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries[:MAX_FOLDER_FILES - seen]:
            seen += 1
            if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                folders.append(Path(entry.path))
            elif entry.is_file(follow_symlinks=False) and entry.name.lower().endswith(PICTURE_SUFFIXES):
                found.append(Path(entry.path))
    return sorted(found)
