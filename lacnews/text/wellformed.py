"""Well-formed HTML for html.parser: any HTML rewritten in one pass as a browser's tokenizer reads it.

html.parser (Python 3.11) scans again from each "<" that starts a tag, comment or declaration it cannot
finish, so a page of unclosed "<a" takes time growing with the square of its length, and "<![<![" stops
it with an AssertionError. ``well_formed`` first rewrites the HTML in one pass, as a browser's tokenizer
reads it: every tag complete and written plainly (<name attr="value">), comments, doctypes and other
declarations gone, a "<" that starts nothing made "&lt;", the content of script and style kept as it is.
Every pasted fragment, Word document and web page lacnews reads goes through it first.
"""

from __future__ import annotations

import re

RAW_TEXT = ("script", "style")  # html.parser's own: their content is not HTML
ESCAPABLE_RAW_TEXT = ("textarea", "title", "xmp")  # not HTML either, but shown as text
_RAW_END = {name: re.compile(rf"</{name}(?=[\s/>]|$)", re.IGNORECASE) for name in RAW_TEXT + ESCAPABLE_RAW_TEXT}
_NAME = re.compile(r"[^\s/>]*")
_ATTRIBUTE_NAME = re.compile(r"[^\s/>=]*")
_UNQUOTED_VALUE = re.compile(r"[^\s>]*")
_SPACE = re.compile(r"[\s/]*")
_SPACE_ONLY = re.compile(r"\s*")
_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9_:.-]+")


class _Finder:
    """``str.find`` over one text from left to right, remembering what is not there: linear however often asked."""

    def __init__(self, text: str):
        self.text = text
        self.absent: dict[object, int] = {}  # a terminator not found from this index on

    def find(self, term: str, start: int) -> int:
        if self.absent.get(term, len(self.text) + 1) <= start:
            return -1
        found = self.text.find(term, start)
        if found < 0:
            self.absent[term] = start
        return found

    def search(self, pattern: re.Pattern, start: int) -> int:
        if self.absent.get(pattern, len(self.text) + 1) <= start:
            return -1
        found = pattern.search(self.text, start)
        if found is None:
            self.absent[pattern] = start
            return -1
        return found.start()


def well_formed(html: str) -> str:
    """Return ``html`` with every tag complete and plainly written, no comments or declarations, and each
    stray "<" escaped, as a browser would read it: html.parser then reads it in time linear in its length."""
    out: list[str] = []
    finder = _Finder(html)
    length = len(html)
    index = 0
    while index < length:
        found = html.find("<", index)
        if found < 0:
            out.append(html[index:])
            break
        out.append(html[index:found])
        index = found
        following = html[index + 1:index + 2]
        if html.startswith("<!--", index):
            end = finder.find("-->", index + 4)
            index = length if end < 0 else end + 3
        elif following in ("!", "?") or (following == "/" and not _ascii_letter(html[index + 2:index + 3])):
            end = finder.find(">", index + 2)  # a doctype, declaration or stray </...>: none of them words
            index = length if end < 0 else end + 1
        elif following == "/":
            name = _NAME.match(html, index + 2).group(0)
            end = finder.find(">", index + 2)
            index = length if end < 0 else end + 1
            tag = _NAME_CHARACTERS.sub("", name).lower()
            if end >= 0 and tag:
                out.append(f"</{tag}>")
        elif _ascii_letter(following):
            index = _start_tag(html, index, finder, out)
        else:
            out.append("&lt;")
            index += 1
    return "".join(out)


def _ascii_letter(character: str) -> bool:
    return character.isascii() and character.isalpha()


def _start_tag(html: str, index: int, finder: _Finder, out: list[str]) -> int:
    """Write the start tag at ``index`` plainly (and the content of a raw-text element after it); return
    where the HTML goes on. A tag the text ends inside is left out, as a browser leaves it."""
    length = len(html)
    name_end = _NAME.match(html, index + 1).end()
    tag = _NAME_CHARACTERS.sub("", html[index + 1:name_end]).lower()
    written = [f"<{tag}"]
    position = name_end
    while True:
        position = _SPACE.match(html, position).end()
        if position >= length:
            return length
        if html[position] == ">":
            position += 1
            break
        attribute_end = max(_ATTRIBUTE_NAME.match(html, position).end(), position + 1)
        attribute = _NAME_CHARACTERS.sub("", html[position:attribute_end]).lower()
        position = _SPACE_ONLY.match(html, attribute_end).end()
        value = None
        if html.startswith("=", position):
            position = _SPACE_ONLY.match(html, position + 1).end()
            quote = html[position:position + 1]
            if quote in ("'", '"'):
                end = finder.find(quote, position + 1)
                if end < 0:
                    return length
                value, position = html[position + 1:end], end + 1
            else:
                value_end = _UNQUOTED_VALUE.match(html, position).end()
                value, position = html[position:value_end], value_end
        if attribute and attribute[0].isalpha():
            written.append(f" {attribute}" if value is None else f' {attribute}="{value.replace(chr(34), "&quot;")}"')
    written.append(">")
    out.append("".join(written))
    if tag in _RAW_END:
        end = finder.search(_RAW_END[tag], position)
        content = html[position:] if end < 0 else html[position:end]
        out.append(content if tag in RAW_TEXT else content.replace("<", "&lt;"))
        out.append(f"</{tag}>")
        if end < 0:
            return length
        close = finder.find(">", end)
        return length if close < 0 else close + 1
    return position
