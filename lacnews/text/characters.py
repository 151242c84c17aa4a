"""Characters in an editor's text: how a file's bytes become text, which characters an editor cannot see for
what they are, which bullets a word processor leaves, and how a character is named in a message.

One table each, read by every part of lacnews that meets them, so that they agree: ``lacnews add`` cleans
pasted text of the invisible characters in ``INVISIBLE``, ``lacnews check`` reports those same characters
(invisible-character) and ``check --fix`` repairs them as the table says; the same bullets are made lists by
``add`` and found, then repaired, by ``check``; YAML's mistake hints see an invisible character in the
indentation by the same rule (``is_invisible``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from lacnews.base.errors import InputError, Place, Problem

# Invisible characters


def is_invisible(character: str) -> bool:
    """Whether ``character`` shows as a space or as nothing yet is not the space YAML and Markdown count:
    any Unicode space or format character (a no-break space, a zero-width space, a byte-order mark)."""
    return character != " " and unicodedata.category(character) in ("Zs", "Cf")


def replacement(character: str) -> str:
    """Return what an invisible character becomes in text: a space where it shows as one, else nothing."""
    return " " if unicodedata.category(character) == "Zs" else ""


# The invisible characters a paste from Word, Google Docs or a web page leaves, which text loses nothing
# without: each becomes its ``replacement``. Joiners (U+200C, U+200D), bidirectional isolates and the tag
# characters of flags (the Welsh flag is one) are invisible too, but emoji and scripts need them: not here.
INVISIBLE = {character: replacement(character) for character in (
    "\u00a0",  # NO-BREAK SPACE: Word and web pages, between words and around dashes
    "\u202f",  # NARROW NO-BREAK SPACE
    "\u2007",  # FIGURE SPACE: the width of a digit, in tables of numbers
    "\u200b",  # ZERO WIDTH SPACE: Google Docs, between runs of different styles
    "\u2060",  # WORD JOINER
    "\ufeff",  # ZERO WIDTH NO-BREAK SPACE (a byte-order mark inside the text)
    "\u00ad",  # SOFT HYPHEN: Word's optional hyphens
    "\u200e",  # LEFT-TO-RIGHT MARK: pages that mix scripts
)}
INVISIBLE_CHARACTER = re.compile("[" + "".join(INVISIBLE) + "]")
# Characters no e-mail, web page or feed can carry: control characters but tab and line breaks (NEL, an old
# mainframe's line break, included: mail programs do not show it as one), lone surrogates, non-characters.
UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Text read as words (a paste, a page): each invisible character as the table says, each unshowable one
# gone, but NEL, which ended a line where the text was written, is a line break.
_CLEANED = {**INVISIBLE, "\x85": "\n"}
_TO_CLEAN = re.compile(f"{UNSHOWABLE.pattern[:-1]}{''.join(INVISIBLE)}]")


def cleaned(text: str) -> str:
    """Return ``text`` with its invisible characters replaced as ``INVISIBLE`` says and its unshowable ones
    taken out (NEL made a line break)."""
    return _TO_CLEAN.sub(lambda match: _CLEANED.get(match.group(), ""), text)


# Whitespace a browser collapses, with the no-break and typographic spaces word processors scatter, and line
# breaks: where text is read as words, each run becomes one space. The ideographic space (U+3000) is a
# character of CJK text, and stays.
WHITESPACE = re.compile("[ \t\n\r\f\v\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f]+")


# Bullets

# Bullets as word processors put them into plain text, and the kind of list item each stands for (a list
# keeps its levels by them): Word's "•", then "o", then "▪" (its Wingdings square comes out as "§"), Google
# Docs' "●", "○" and "■", and other fonts' dots and triangles.
BULLET_KINDS = {**dict.fromkeys("•·●‣∙", "bullet"), **dict.fromkeys("o◦○", "bullet-2"),
                **dict.fromkeys("▪■□§", "bullet-3")}
# "o" and "§" are a letter and a sign as well: each is a bullet only where a tab follows it (or where Word's
# list paragraph says it is one); the others where a space or a tab does.
TABBED_BULLETS = "o§"
SPACED_BULLETS = "".join(glyph for glyph in BULLET_KINDS if glyph not in TABBED_BULLETS)
ALL_BULLETS = "".join(BULLET_KINDS)


def bullet_kind(glyph: str) -> str:
    """Return the kind of list item a bullet stands for: "bullet", "bullet-2" (Word's "o") or "bullet-3"."""
    return BULLET_KINDS.get(glyph, "bullet")


# Files and messages


def decode_text(path: Path, raw: bytes) -> str:
    """Return the UTF-8 text of ``raw``, read from ``path``; raise ``InputError`` at the first byte that is not."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be read); "
                   "save it as UTF-8 in your editor")
        raise InputError([Problem(Place(path, line, column), message, "encoding")]) from None


def character_name(character: str) -> str:
    """Return "U+0007 BELL" for a character, including those Unicode gives no name."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        name = "a lone surrogate"
    else:
        name = unicodedata.name(character, "") or {0: "NULL", 7: "BELL", 8: "BACKSPACE", 0x1B: "ESCAPE",
                                                   0x7F: "DELETE", 0xFFFE: "a non-character",
                                                   0xFFFF: "a non-character"}.get(code, "a control character")
    return f"U+{code:04X} {name}"


def describe_invisible(character: str) -> str:
    """Return "a no-break space (U+00A0)" or "an invisible character (U+200B Zero Width Space)"."""
    if character == "\u00a0":
        return "a no-break space (U+00A0)"
    return f"an invisible character (U+{ord(character):04X} {unicodedata.name(character, 'no name').title()})"


def printable(text: str) -> str:
    """Return ``text`` fit to print: each character a terminal would act on or hide (ESC, BEL, NUL, an invisible
    one, a tab) escaped as Python writes it (\\x1b, \\u200b, \\t)."""
    return "".join(character if character.isprintable() else character.encode("unicode_escape").decode("ascii")
                   for character in text)
