"""Pasted text as a section: its first line the title when it reads as one, the rest the body, repaired.

What a word processor leaves in copied text is undone on the way in: Word's "•<tab>" and "·<tab>"
bullets (and "o<tab>" for the level below) and Google Docs' "●", "○" and "■" become Markdown lists,
"1.<tab>", "a)" and "iv." numbered lists, nested as deep as Word's nine levels (by indentation, and by
the kind of bullet or number: Word numbers "1.", then "a.", then "i."); no-break spaces become spaces;
zero-width spaces, soft hyphens and other invisible characters go. Copied HTML (Google Docs'
clipboard, a page's source) goes through the one HTML converter, lacnews.text.htmltext. Everything else
is the editor's words, escaped so that Markdown shows them as they were typed.

Lines are paragraphs, as a word processor copies them; where the text has blank lines between its
paragraphs, the lines between two blank lines are one paragraph, as in an email.

What was pasted arrives as bytes (``decode_pasted``): a byte-order mark says UTF-8, UTF-16 or UTF-32;
without one it is UTF-8, else Windows-1252, as a Windows console sends it; anything else is refused
with a message rather than read as the wrong characters.
"""

from __future__ import annotations

import codecs
import re

from lacnews.base.errors import LacnewsError
from lacnews.base.placeholders import SECTION_TITLE
from lacnews.imports import ImportedSection
from lacnews.text.characters import (
    INVISIBLE_CHARACTER,
    SPACED_BULLETS,
    TABBED_BULLETS,
    WHITESPACE,
    bullet_kind,
    cleaned,
)
from lacnews.text.escaping import escape_markdown, markdown_text
from lacnews.text.htmltext import MAX_START, html_to_markdown
from lacnews.text.pastedamage import HTML_TAG  # one idea of what pasted HTML looks like, shared with `check`
from lacnews.text.pasterepair import ListLevels, columns

MAX_TITLE = 120  # characters: a longer first line is a paragraph
MAX_TITLE_WORDS = 16
# A list item as word processors copy it: a bullet (lacnews.text.characters) or one typed by hand (*, +, -
# or an en dash), or a number, a letter or a roman numeral and its "." or ")", then a tab or spaces.
BULLET = re.compile(f"([ \t]*)([{SPACED_BULLETS}*+–-]|[{TABBED_BULLETS}](?=\t))[\t \u00a0]+(?=\\S)")
NUMBERED = re.compile("([ \t]*)\\(?([0-9]{1,9}|[a-z]|[A-Z]|[ivxlc]{1,8}|[IVXLC]{1,8})[.)]([\t \u00a0]+)(?=\\S)")
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))  # UTF-32's first: FF FE 00 00


class PasteError(LacnewsError):
    """Pasted bytes that are not text lacnews can read."""


def decode_pasted(raw: bytes) -> str:
    """Return the text of pasted ``raw`` bytes: as its byte-order mark says, else UTF-8, else Windows-1252."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise PasteError(f"the pasted text starts with the byte-order mark of {encoding[:6].upper()} but "
                                 f"is not {encoding[:6].upper()} (byte {exc.start + len(bom)} cannot be read): "
                                 "save it again as UTF-8 and paste it from there") from None
    if b"\x00" in raw:  # UTF-16 or UTF-32 without a byte-order mark, or not text at all
        raise PasteError("the pasted text holds NUL bytes: it is not UTF-8 text (it may be UTF-16 without a "
                         "byte-order mark, or not text at all); save it as UTF-8 and paste it from there")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise PasteError(f"the pasted text is neither UTF-8 nor Windows-1252 (byte {exc.start}, "
                         f"0x{raw[exc.start]:02x}, cannot be read): save it as UTF-8 and paste it from there") from None


def read_pasted(text: str) -> ImportedSection:
    """Return the section pasted ``text`` makes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if HTML_TAG.search(text):
        body = html_to_markdown(text)
    else:
        body = _plain_markdown(text)
    title, body = _title_and_body(body)
    section = ImportedSection(title=title or SECTION_TITLE, source="pasted text", body=body or None)
    if not title:
        section.notes.append(f"the first line of the text does not read as a title: the section is titled "
                             f"{SECTION_TITLE!r}, to be replaced")
    invisible = len(INVISIBLE_CHARACTER.findall(text))
    if invisible:  # said, as `check --fix` says its repairs: the editor sees what changed in their words
        section.notes.append(f"{invisible} invisible character{'s' if invisible != 1 else ''} pasted with the text "
                             "(no-break or zero-width spaces, direction marks) made ordinary spaces or taken out")
    return section


def _plain_markdown(text: str) -> str:
    """Return pasted plain text as Markdown: lists from bullets, paragraphs from lines, the rest escaped."""
    lines = text.split("\n")
    items = _list_items(lines)
    blank_separated = any(not line.strip() for line in _inner(lines))
    blocks: list[tuple[str, list[str]]] = []  # ("list" or "paragraph", its Markdown lines)
    levels = ListLevels()
    widths: list[int] = []  # the marker widths of the list levels open, for nesting
    after_blank = True
    for number, line in enumerate(lines):
        item = items.get(number)
        if item is not None:
            indentation, kind, marker, words = item
            if not blocks or blocks[-1][0] != "list":
                blocks.append(("list", []))
                levels, widths = ListLevels(), []
            level = levels.level(indentation, kind)
            del widths[level:]
            indent = " " * sum(widths)
            widths.append(len(marker))
            blocks[-1][1].append(f"{indent}{marker}{escape_markdown(words)}")
            after_blank = False
            continue
        words = _words(line)
        if not words:
            after_blank = True
            levels, widths = ListLevels(), []  # the items after a blank line start again at the first level
            continue
        if blank_separated and not after_blank and blocks and blocks[-1][0] == "paragraph":
            blocks[-1][1].append(escape_markdown(words))  # a line of a paragraph wrapped by hand
        else:
            blocks.append(("paragraph", [escape_markdown(words)]))
        after_blank = False
    return "\n\n".join("\n".join(lines) for _, lines in blocks)


def _inner(lines: list[str]) -> list[str]:
    """Return the lines between the first and the last that hold words."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    return lines[filled[0]:filled[-1] + 1] if filled else []


def _words(line: str) -> str:
    """Return a line's words: invisible characters removed, each run of spaces and tabs one space."""
    return WHITESPACE.sub(" ", cleaned(line)).strip()


def _list_items(lines: list[str]) -> dict[int, tuple[int, str, str, str]]:
    """Return the list items among ``lines`` by line number: each one's indentation, kind (of bullet or of
    numbering), Markdown marker and words.

    A letter or roman numeral starts an item when a tab follows it, as Word writes it, or when the line
    before or after is the item before or after it ("a)" then "b)"): "A. Smith wrote…" alone is a sentence.
    """
    found: dict[int, tuple[int, str, str, str]] = {}
    numbered: dict[int, tuple[str, list[tuple[str, int]], bool, str]] = {}
    for number, line in enumerate(lines):
        bullet = BULLET.match(line)
        if bullet:
            words = _words(line[bullet.end():])
            if words:
                found[number] = (columns(bullet.group(1)), bullet_kind(bullet.group(2)), "- ", words)
            continue
        match = NUMBERED.match(line)
        words = _words(line[match.end():]) if match else ""
        if words:
            numbered[number] = (match.group(1), _readings(match.group(2)), "\t" in match.group(3), words)
    filled = [number for number, line in enumerate(lines) if line.strip()]
    neighbours = {number: (filled[index - 1] if index else None, filled[index + 1] if index + 1 < len(filled) else None)
                  for index, number in enumerate(filled)}
    for number, (indentation, readings, tabbed, words) in numbered.items():
        before, after = neighbours[number]
        chosen = next(((kind, value) for kind, value in readings
                       if kind == "number" or any(other in numbered and (kind, value + step) in numbered[other][1]
                                                  for other, step in ((before, -1), (after, 1)))),
                      readings[0] if tabbed else None)
        if chosen is not None:
            kind, value = chosen
            found[number] = (columns(indentation), kind, f"{min(value, MAX_START)}. ", words)
    return found


def _readings(label: str) -> list[tuple[str, int]]:
    """Return what a list item's label may be: ("number", 3), ("letter", 3), ("roman", 4)…, the likelier first."""
    if label.isdigit():
        return [("number", int(label))]
    case = "" if label.islower() else "upper "
    readings = []
    roman = _roman(label.lower())
    if roman:
        readings.append((f"{case}roman", roman))
    if len(label) == 1:
        letter = (f"{case}letter", ord(label.lower()) - ord("a") + 1)
        # "i" alone is more often the first roman numeral than the ninth letter; "c", "l" and "v" letters
        readings.insert(0 if label.lower() in "clvx" else len(readings), letter)
    return readings


def _roman(label: str) -> int:
    """Return the value of a roman numeral written in lower case, or 0 when it is not one."""
    total = 0
    for index, character in enumerate(label):
        value = ROMAN.get(character, 0)
        if not value:
            return 0
        following = ROMAN.get(label[index + 1], 0) if index + 1 < len(label) else 0
        total += -value if value < following else value
    return max(0, total)


def _title_and_body(markdown: str) -> tuple[str | None, str]:
    """Split off the first paragraph as the title when it reads as one: short, one line, not a list item and
    not a sentence's end, with more text after it."""
    first, _, rest = markdown.partition("\n\n")
    if not rest.strip() or "\n" in first:
        return None, markdown
    if re.match(r"(?:- |[0-9]{1,9}\. |> )", first):
        return None, markdown
    words = markdown_text(first).strip()
    if not words or len(words) > MAX_TITLE or len(words.split()) > MAX_TITLE_WORDS or words[-1] in ".,;:":
        return None, markdown
    return words, rest
