"""Where a HEIC or AVIF file (ISO base media boxes) keeps its Exif and XMP records: their byte ranges in the file.

An iPhone's photo is a HEIC file: boxes of a size and a four-letter type, the ``meta`` box listing the
file's items (``iinf``: each one's number and type; Exif is ``Exif``, XMP a ``mime`` item of type
application/rdf+xml) and where each lies (``iloc``: in the file, or in the ``idat`` box). This module
reads those boxes only, every size and offset checked against what is left, and the counts bounded.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MAX_BOXES = 10_000  # boxes looked at, in all
MAX_ITEMS = 10_000  # items in a file: a photo has a few dozen tiles and a few records
MAX_EXTENTS = 64  # pieces of one record
XMP_TYPE = b"application/rdf+xml"


@dataclass(frozen=True)
class Item:
    """A metadata record of the file: its kind ("exif" or "xmp") and the byte ranges it is made of, in order."""

    kind: str
    extents: tuple[tuple[int, int], ...]  # (start, end) in the file


class _Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.boxes = 0

    def boxes_in(self, start: int, end: int):
        """Yield (type, payload start, box end) of each box from ``start`` to ``end``."""
        at = start
        while at + 8 <= end and self.boxes < MAX_BOXES:
            self.boxes += 1
            size, kind = struct.unpack_from(">I4s", self.data, at)
            header = 8
            if size == 1:
                if at + 16 > end:
                    return
                size = struct.unpack_from(">Q", self.data, at + 8)[0]
                header = 16
            elif size == 0:
                size = end - at
            if size < header or at + size > end:
                return
            yield kind, at + header, at + size
            at += size

    def number(self, at: int, size: int) -> int:
        if size == 0:
            return 0
        if at + size > len(self.data) or size not in (1, 2, 4, 8):
            raise ValueError("out of the box")
        return int.from_bytes(self.data[at:at + size], "big")


def metadata_items(data: bytes) -> list[Item]:
    """Return the Exif and XMP records of the HEIC or AVIF file ``data``; none where it is not one or its boxes
    cannot be read."""
    if data[4:8] != b"ftyp":
        return []
    reader = _Reader(data)
    try:
        meta = next(((start, end) for kind, start, end in reader.boxes_in(0, len(data)) if kind == b"meta"), None)
        if meta is None:
            return []
        parts = {kind: (start, end) for kind, start, end in reader.boxes_in(meta[0] + 4, meta[1])}
        if b"iinf" not in parts or b"iloc" not in parts:
            return []
        kinds = _item_kinds(reader, *parts[b"iinf"])
        idat = parts.get(b"idat")
        return [Item(kinds[item], extents) for item, extents in _locations(reader, *parts[b"iloc"], idat)
                if item in kinds and extents]
    except (ValueError, IndexError, struct.error):
        return []


def _item_kinds(reader: _Reader, start: int, end: int) -> dict[int, str]:
    """Return the items that are Exif or XMP records, by number."""
    version = reader.data[start]
    first = start + 4 + (2 if version == 0 else 4)
    kinds = {}
    for kind, box_start, box_end in reader.boxes_in(first, end):
        if kind != b"infe" or len(kinds) > MAX_ITEMS:
            continue
        box_version = reader.data[box_start]
        if box_version < 2:
            continue
        size = 2 if box_version == 2 else 4
        item = reader.number(box_start + 4, size)
        item_type = reader.data[box_start + 6 + size:box_start + 10 + size]
        if item_type == b"Exif":
            kinds[item] = "exif"
        elif item_type == b"mime":
            name_end = reader.data.find(b"\x00", box_start + 10 + size, box_end)
            content_type = reader.data[name_end + 1:box_end].split(b"\x00", 1)[0] if name_end >= 0 else b""
            if content_type == XMP_TYPE:
                kinds[item] = "xmp"
    return kinds


def _locations(reader: _Reader, start: int, end: int, idat: tuple[int, int] | None):
    """Yield (item number, its byte ranges in the file) from the ``iloc`` box."""
    data = reader.data
    version = data[start]
    offset_size, length_size = data[start + 4] >> 4, data[start + 4] & 15
    base_size, index_size = data[start + 5] >> 4, (data[start + 5] & 15 if version in (1, 2) else 0)
    at = start + 6
    count_size = 2 if version < 2 else 4
    count = reader.number(at, count_size)
    at += count_size
    for _ in range(min(count, MAX_ITEMS)):
        item = reader.number(at, count_size)
        at += count_size
        method = 0
        if version in (1, 2):
            method = reader.number(at, 2) & 15
            at += 2
        at += 2  # the data reference: this file
        base = reader.number(at, base_size)
        at += base_size
        extents_count = reader.number(at, 2)
        at += 2
        extents = []
        for _ in range(extents_count):
            at += index_size
            offset = reader.number(at, offset_size)
            length = reader.number(at + offset_size, length_size)
            at += offset_size + length_size
            extents.append((base + offset, base + offset + length))
        if at > end:
            raise ValueError("the locations run out of their box")
        yield item, _in_file(extents, method, idat, len(data)) if extents_count <= MAX_EXTENTS else ()


def _in_file(extents: list[tuple[int, int]], method: int, idat: tuple[int, int] | None,
             size: int) -> tuple[tuple[int, int], ...]:
    """Return ``extents`` as ranges of the file (``method`` 1: they are offsets in the ``idat`` box), or none
    where one falls outside."""
    if method == 1:
        if idat is None:
            return ()
        extents = [(idat[0] + start, idat[0] + end) for start, end in extents]
        limit = idat[1]
    elif method == 0:
        limit = size
    else:
        return ()
    if any(start >= end or end > limit for start, end in extents):
        return ()
    return tuple(extents)
