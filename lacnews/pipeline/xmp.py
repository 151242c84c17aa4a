"""The personal data in a photo's XMP (an XML record) and IPTC (Photoshop's record), found and blanked in place.

Photo programs and phones copy into XMP what Exif holds (the GPS position, serial numbers) and add
where the picture was taken or what it shows (city, region, country) and the photographer's contact
details; Photoshop keeps the place names in its IPTC record too. Each property that says so is
overwritten with spaces where it is written, an XML attribute or element alike, so the record keeps
its length and stays well-formed XML (XMP allows any amount of white space), and every other property
is kept: a caption, the photographer's credit, the copyright. In IPTC the value's letters become
spaces, its length as it was.

Properties are found by name, whatever the namespace prefix, so a drone's ``drone-dji:GpsLatitude`` is
found as ``exif:GPSLatitude`` is. Only a property that holds something is reported.
"""

from __future__ import annotations

import re
import struct
from collections import deque

from lacnews.pipeline.exif import OWNER, POSITION, SERIAL

PLACE = "the name of the place (city, region or country)"
CONTACT = "the photographer's contact details"

PLACE_NAMES = {b"city", b"state", b"provincestate", b"country", b"countrycode", b"countryname", b"sublocation",
               b"location", b"locationcreated", b"locationshown", b"locationname", b"worldregion"}
# A property's name, its namespace prefix apart; each run of characters is matched once (no pattern here can
# go back over what it has read more than a step), and the name is then told by plain comparisons.
ATTRIBUTE = re.compile(rb"(?<=\s)[A-Za-z_][\w.-]*:(?P<local>\w+)\s*=\s*(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)')")
ELEMENT = re.compile(rb"<(?P<name>[A-Za-z_][\w.-]*:(?P<local>\w+))(?=[\s/>])")
TAG = re.compile(rb"<[^<>]*>")
# An end tag of a property; none holds a "<", so no two overlap and one pass finds each.
END_TAG = re.compile(rb"</(?P<name>[A-Za-z_][\w.-]*:\w+)\s*>")
MAX_PROPERTIES = 10_000  # blanked in one record: a photo's XMP has a few dozen properties

# IPTC's datasets (record 2) that name a place, and the one with the photographer's contact details.
IPTC_DATASETS = {26: PLACE, 27: PLACE, 90: PLACE, 92: PLACE, 95: PLACE, 100: PLACE, 101: PLACE, 118: CONTACT}
IPTC_RESOURCE = 0x0404  # the resource of Photoshop's record that holds IPTC
RESOURCE_SIGNATURES = (b"8BIM", b"MeSa", b"PHUT", b"AgHg", b"DCSR")
MAX_RESOURCES = 10_000


def blank_xmp(record: bytearray) -> list[str]:
    """Overwrite with spaces, in the XMP ``record``, each property that says where the photo was taken, of whom
    the camera is, or how to reach its photographer; return what was there, each kind once."""
    found: list[str] = []
    for match in list(ATTRIBUTE.finditer(bytes(record))):
        kind = property_kind(match.group("local"))
        value = match.group("double") if match.group("double") is not None else match.group("single")
        if kind and value.strip() and len(found) < MAX_PROPERTIES:
            record[match.start():match.end()] = b" " * (match.end() - match.start())
            found.append(kind)
    ends = _ElementEnds(record)
    position = 0
    while len(found) < MAX_PROPERTIES:
        match = ELEMENT.search(record, position)
        if match is None:
            break
        position = match.end()
        kind = property_kind(match.group("local"))
        end = ends.after(match) if kind else None
        if end is None:
            continue
        if TAG.sub(b"", bytes(record[match.start():end])).strip():
            record[match.start():end] = b" " * (end - match.start())
            found.append(kind)
        position = end
    return list(dict.fromkeys(found))


def property_kind(local: bytes) -> str | None:
    """Return the kind of personal data an XMP property of this name (without its prefix) holds, or None."""
    name = local.lower()
    if any(word in name for word in (b"latitude", b"longitude", b"altitude")) or name.startswith(
            (b"gpsareainformation", b"gpsposition", b"gpscoordinates")):
        return POSITION
    if name in PLACE_NAMES:
        return PLACE
    if name.endswith(b"serialnumber"):
        return SERIAL
    if name in (b"ownername", b"cameraownername"):
        return OWNER
    if name == b"creatorcontactinfo":
        return CONTACT
    return None


class _ElementEnds:
    """Where each element of an XMP record ends, asked of start tags in the order they are written.

    Every end tag is found in one pass, before any element is blanked, and kept by name; a start tag takes
    the first end tag of its name after it, and each end tag passed is dropped, so a record is read once
    whatever the number of names in it (a compiled search per name, to the record's end where none closes,
    made a record of 80,000 prefixes take a minute). Blanking changes only what comes before the next start
    tag asked about, so what was found stays true."""

    def __init__(self, record: bytearray):
        self.record = record
        self.closing: dict[bytes, deque[tuple[int, int]]] = {}
        for found in END_TAG.finditer(record):
            self.closing.setdefault(found.group("name"), deque()).append((found.start(), found.end()))
        self.tag_end = -1  # the first ">" at or after the last start tag asked about, or None where none is

    def after(self, match: re.Match) -> int | None:
        """Return where the element whose start tag ``match`` found ends (after its end tag), or None where it
        does not end."""
        if self.tag_end is not None and self.tag_end < match.end():
            found = self.record.find(b">", match.end())
            self.tag_end = found if found >= 0 else None
        if self.tag_end is None:
            return None
        if self.record[self.tag_end - 1:self.tag_end] == b"/":
            return self.tag_end + 1
        waiting = self.closing.get(match.group("name"))
        while waiting and waiting[0][0] < self.tag_end:
            waiting.popleft()
        return waiting[0][1] if waiting else None


def blank_iptc(record: bytearray) -> list[str]:
    """Overwrite with spaces the place names and contact details in the IPTC datasets of ``record``; return what
    was there."""
    found = []
    at = 0
    while at + 5 <= len(record) and record[at] == 0x1C:
        number, dataset, length = record[at + 1], record[at + 2], struct.unpack_from(">H", record, at + 3)[0]
        if length & 0x8000:  # an extended length: no place name is that long; stop reading here
            break
        start, end = at + 5, at + 5 + length
        if end > len(record):
            break
        if number == 2 and dataset in IPTC_DATASETS and bytes(record[start:end]).strip(b" \x00"):
            record[start:end] = b" " * length
            found.append(IPTC_DATASETS[dataset])
        at = end
    return list(dict.fromkeys(found))


def blank_photoshop(resources: bytearray) -> list[str]:
    """Blank the personal IPTC datasets in Photoshop's resources (``resources``: from the first "8BIM" on); return
    what was there."""
    found: list[str] = []
    at = 0
    for _ in range(MAX_RESOURCES):
        if at + 12 > len(resources) or bytes(resources[at:at + 4]) not in RESOURCE_SIGNATURES:
            break
        resource = struct.unpack_from(">H", resources, at + 4)[0]
        name_length = resources[at + 6]
        name_room = name_length + 1 + (name_length + 1) % 2  # a Pascal string, padded to an even length
        size_at = at + 6 + name_room
        if size_at + 4 > len(resources):
            break
        size = struct.unpack_from(">I", resources, size_at)[0]
        start, end = size_at + 4, size_at + 4 + size
        if end > len(resources):
            break
        if resource == IPTC_RESOURCE:
            iptc = bytearray(resources[start:end])
            found += blank_iptc(iptc)
            resources[start:end] = iptc
        at = end + size % 2
    return list(dict.fromkeys(found))
