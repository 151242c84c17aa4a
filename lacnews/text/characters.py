"""Characters in an editor's text: how a file's bytes become text, and how a character is named in a message."""

from __future__ import annotations

from pathlib import Path

from lacnews.base.errors import InputError, Place, Problem


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
    import unicodedata

    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        name = "a lone surrogate"
    else:
        name = unicodedata.name(character, "") or {0: "NULL", 7: "BELL", 8: "BACKSPACE", 0x1B: "ESCAPE",
                                                   0x7F: "DELETE", 0xFFFE: "a non-character",
                                                   0xFFFF: "a non-character"}.get(code, "a control character")
    return f"U+{code:04X} {name}"
