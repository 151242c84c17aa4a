"""The personal data in a photo's Exif (a small TIFF structure of numbered tags), found and blanked in place.

A camera or phone records in Exif how to show the photo (its orientation, its colour space, its
resolution) and a good deal about whoever took it: where (the GPS record), with which camera (its
serial number, and the maker's notes, which hold it and more) and whose it is (the owner's name).
``personal_tags`` names what a block holds of the second kind; ``blank_personal_tags`` takes it out
of the block where it lies: each such tag's entry is removed from its directory (the entries after it
move up, the directory's count goes down, the room left is zeroed) and its value is overwritten with
zeros, as is the GPS record. Nothing moves and the block keeps its length, so whatever points into
the file around it (a JPEG's segment lengths, a multi-picture index, a HEIC's item locations) stays
true, and every tag that is kept reads as before.

Every offset read from the block is checked against its bounds before it is used, directories are
read once each however often they are pointed at, and their number and size are bounded: a damaged
or hostile block is left as it is, and reported as holding nothing.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

GPS_RECORD = 0x8825  # in the first directory: where the GPS record is
EXIF_RECORD = 0x8769  # in the first directory: where the camera's settings are
INTEROP_RECORD = 0xA005
THUMBNAIL_START, THUMBNAIL_LENGTH = 0x0201, 0x0202
GPS_POSITION_TAGS = {0x02, 0x04, 0x06, 0x14, 0x16, 0x1C}  # latitude, longitude, altitude, destination, area name

POSITION = "its GPS position (where it was taken)"
SERIAL = "the serial number of the camera or lens"
OWNER = "the camera owner's name"
MAKER_NOTES = "the camera maker's notes (which can hold its serial number and more)"
# Tags that say who took a photo, or with what, in any directory they are found in.
PERSONAL_TAGS = {0xA430: OWNER, 0xA431: SERIAL, 0xA435: SERIAL, 0xC62F: SERIAL, 0x927C: MAKER_NOTES}

TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
MAX_ENTRIES = 1000  # in one directory: cameras write a few dozen
MAX_DIRECTORIES = 16  # the first, the thumbnail's, the camera's, GPS, interoperability, and a few more


@dataclass(frozen=True)
class _Entry:
    tag: int
    at: int  # of its 12 bytes in the block
    value_at: int  # of its value: inside the entry when it fits in four bytes
    value_size: int
    pointer: int  # its four value bytes read as a number (a directory's offset, for a record)


@dataclass(frozen=True)
class _Directory:
    at: int
    entries: list[_Entry]

    @property
    def end(self) -> int:
        return self.at + 2 + 12 * len(self.entries) + 4


class _Block:
    """An Exif block: a TIFF header and its directories, read with every offset checked."""

    def __init__(self, data: bytes | bytearray):
        self.data = data
        self.order = {b"II": "<", b"MM": ">"}.get(bytes(data[:2]))
        if self.order is None or len(data) < 8 or self._u16(2) != 42:
            raise ValueError("not a TIFF header")
        self.read: dict[int, _Directory] = {}

    def _u16(self, at: int) -> int:
        return struct.unpack_from(self.order + "H", self.data, at)[0]

    def _u32(self, at: int) -> int:
        return struct.unpack_from(self.order + "I", self.data, at)[0]

    def directory(self, at: int) -> _Directory | None:
        """Return the directory at ``at``, or None where it does not fit in the block or there are too many."""
        if at in self.read:
            return self.read[at]
        if len(self.read) >= MAX_DIRECTORIES or at < 8 or at + 2 > len(self.data):
            return None
        count = self._u16(at)
        if count > MAX_ENTRIES or at + 2 + 12 * count + 4 > len(self.data):
            return None
        entries = []
        for number in range(count):
            entry_at = at + 2 + 12 * number
            tag, kind, values = struct.unpack_from(self.order + "HHI", self.data, entry_at)
            size = TYPE_SIZES.get(kind, 1) * values
            pointer = self._u32(entry_at + 8)
            value_at = entry_at + 8 if size <= 4 else pointer
            if value_at + size > len(self.data):
                size = 0  # a value out of the block: nothing of it to read or to blank
            entries.append(_Entry(tag, entry_at, value_at, size, pointer))
        self.read[at] = _Directory(at, entries)
        return self.read[at]

    def first(self) -> _Directory | None:
        return self.directory(self._u32(4))

    def next_of(self, directory: _Directory) -> _Directory | None:
        following = self._u32(directory.end - 4)
        return self.directory(following) if following else None

    def record(self, directory: _Directory | None, tag: int) -> _Directory | None:
        """Return the directory the entry ``tag`` of ``directory`` points at (the camera's, the GPS record)."""
        entry = next((each for each in directory.entries if each.tag == tag), None) if directory else None
        return self.directory(entry.pointer) if entry is not None else None

    def tagged(self) -> list[_Directory]:
        """Return the directories where tags about a photo's taker are found: the first, the thumbnail's, the
        camera's."""
        first = self.first()
        found = [first, self.next_of(first) if first else None, self.record(first, EXIF_RECORD)]
        return list({directory.at: directory for directory in found if directory is not None}.values())


def _has_position(gps: _Directory | None) -> bool:
    return gps is not None and any(entry.tag in GPS_POSITION_TAGS for entry in gps.entries)


def personal_tags(tiff: bytes | bytearray) -> list[str]:
    """Return what the Exif block ``tiff`` (from its TIFF header on) tells of who took the photo, where and with
    what: each kind once, in the words of this module's constants; nothing for a block that cannot be read."""
    try:
        block = _Block(tiff)
    except (ValueError, struct.error):
        return []
    try:
        found = []
        if _has_position(block.record(block.first(), GPS_RECORD)):
            found.append(POSITION)
        for directory in block.tagged():
            found += [PERSONAL_TAGS[entry.tag] for entry in directory.entries
                      if entry.tag in PERSONAL_TAGS and entry.value_size]
    except struct.error:
        return []
    return list(dict.fromkeys(found))


def blank_personal_tags(tiff: bytearray) -> bool:
    """Take out of the Exif block ``tiff``, in place, what ``personal_tags`` finds in it; return whether
    anything changed. The block keeps its length, and every kept tag its place and value."""
    try:
        block = _Block(tiff)
        first = block.first()
        if first is None:
            return False
        gps = block.record(first, GPS_RECORD)
        removed: dict[int, list[_Entry]] = {}
        if _has_position(gps):
            removed[first.at] = [entry for entry in first.entries if entry.tag == GPS_RECORD]
        for directory in block.tagged():
            removed.setdefault(directory.at, []).extend(
                entry for entry in directory.entries if entry.tag in PERSONAL_TAGS)
        if not any(removed.values()):
            return False
        kept = _kept_ranges(block, removed, gps if removed.get(first.at) and gps else None)
        blanked = [(entry.value_at, entry.value_at + entry.value_size)
                   for entries in removed.values() for entry in entries if entry.value_size > 4]
        if _has_position(gps) and removed.get(first.at):
            blanked.append((gps.at, gps.end))
            blanked += [(entry.value_at, entry.value_at + entry.value_size) for entry in gps.entries
                        if entry.value_size > 4]
        for at, entries in removed.items():
            if entries:
                _drop_entries(block, block.read[at], {entry.at for entry in entries})
        for start, end in blanked:
            _zero_outside(tiff, start, end, kept)
    except struct.error:
        return False
    return True


def _kept_ranges(block: _Block, removed: dict[int, list[_Entry]], gps: _Directory | None) -> list[tuple[int, int]]:
    """Return the byte ranges of what stays: every directory read but the GPS record, and each kept entry's value
    and the thumbnail, which a blanked value must not overlap (in a well-made block none does)."""
    gone = {entry.at for entries in removed.values() for entry in entries}
    ranges = [(0, 8)]
    first = block.first()
    interop = block.record(block.record(first, EXIF_RECORD), INTEROP_RECORD)
    for directory in list(block.read.values()) + ([interop] if interop else []):
        if gps is not None and directory.at == gps.at:
            continue
        ranges.append((directory.at, directory.end))
        for entry in directory.entries:
            if entry.at not in gone and entry.value_size > 4:
                ranges.append((entry.value_at, entry.value_at + entry.value_size))
        values = {entry.tag: entry.pointer for entry in directory.entries}
        if THUMBNAIL_START in values and THUMBNAIL_LENGTH in values:
            ranges.append((values[THUMBNAIL_START], values[THUMBNAIL_START] + values[THUMBNAIL_LENGTH]))
    return ranges


def _drop_entries(block: _Block, directory: _Directory, gone: set[int]) -> None:
    """Rewrite ``directory`` in place without the entries at ``gone``: count, entries, the pointer to the next
    directory, then zeros where the removed entries were."""
    data = block.data
    kept = [bytes(data[entry.at:entry.at + 12]) for entry in directory.entries if entry.at not in gone]
    following = bytes(data[directory.end - 4:directory.end])
    rewritten = struct.pack(block.order + "H", len(kept)) + b"".join(kept) + following
    data[directory.at:directory.end] = rewritten + bytes(directory.end - directory.at - len(rewritten))


def _zero_outside(data: bytearray, start: int, end: int, kept: list[tuple[int, int]]) -> None:
    """Zero ``data[start:end]`` except where it overlaps a range in ``kept``."""
    position, end = max(0, start), min(end, len(data))
    for low, high in sorted(kept):
        if high <= position or low >= end:
            continue
        if low > position:
            data[position:low] = bytes(low - position)
        position = max(position, high)
    if position < end:
        data[position:end] = bytes(end - position)


def tag_bytes(tiff: bytes | bytearray, tag: int) -> tuple[str, bytes] | None:
    """Return the byte order ("<" or ">") of the TIFF block ``tiff`` and the value of ``tag`` in its first
    directory (a JPEG's multi-picture index is one such block); None where there is none or it cannot be read."""
    try:
        block = _Block(tiff)
        first = block.first()
        entry = next((each for each in first.entries if each.tag == tag), None) if first else None
    except (ValueError, struct.error):
        return None
    if entry is None or not entry.value_size:
        return None
    return block.order, bytes(tiff[entry.value_at:entry.value_at + entry.value_size])
