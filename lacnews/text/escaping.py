"""Text written as Markdown that reads back as exactly that text: the editor's words, a link's address, and
the words a reader sees in Markdown. What every converter to Markdown (HTML, pasted text, a web page's
fields) writes through, so that nothing the editor wrote is read as Markdown's own.

Markdown's special characters are escaped (``\\*``, ``\\[``, a ``\\#`` or ``1\\.`` where a line starts), and
Mailchimp merge tags (``*|FNAME|*``) are kept byte for byte.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from lacnews.text.markdown import parse
from lacnews.text.mergetags import MERGE_TAG

_ALWAYS_ESCAPED = frozenset("\\`*[]<")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]{1,32};)")
_ORDERED_START = re.compile(r"[0-9]{1,9}(?=[.)])")
_LINE_START_ESCAPED = frozenset("#>-+=~")


def escape_markdown(text: str, line_start: bool = True) -> str:
    """Return ``text`` written as Markdown that reads back as exactly ``text``; merge tags kept as they are.

    ``line_start``: the text begins a line, where ``#``, ``>``, ``-``, ``+``, ``=``, ``~`` and ``1.``
    would start a heading, a quote or a list. Each line after a newline in ``text`` is a line start too.
    """
    out: list[str] = []
    last = 0
    for match in MERGE_TAG.finditer(text):
        out.append(_escape_span(text, last, match.start(), line_start and last == 0 or _after_newline(text, last)))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape_span(text, last, len(text), line_start and last == 0 or _after_newline(text, last)))
    return "".join(out)


def _after_newline(text: str, index: int) -> bool:
    return index > 0 and text[index - 1] == "\n"


def _escape_span(text: str, start: int, end: int, line_start: bool) -> str:
    out: list[str] = []
    index = start
    at_line_start = line_start
    while index < end:
        character = text[index]
        if at_line_start and character == " ":  # up to three spaces still start a list or a heading
            out.append(character)
            index += 1
            continue
        if at_line_start and character != "\n":
            at_line_start = False
            if character in _LINE_START_ESCAPED:
                out.append("\\" + character)
                index += 1
                continue
            number = _ORDERED_START.match(text, index, end) if character.isdigit() else None
            if number:  # "1." or "2)" would start a numbered list: escape its dot
                out.append(number.group(0) + "\\")
                index = number.end()
                continue
        if character in _ALWAYS_ESCAPED:
            out.append("\\" + character)
        elif character == "_":
            before = text[index - 1] if index > 0 else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            # between two letters or digits an underscore can neither open nor close emphasis
            out.append("_" if before.isalnum() and after.isalnum() else "\\_")
        elif character == "&" and _ENTITY_LIKE.match(text, index):
            out.append("\\&")
        else:
            out.append(character)
            at_line_start = character == "\n"
        index += 1
    return "".join(out)


def link_destination(href: str) -> str:
    """Return a link's address as a Markdown destination that reads back as it: merge tags kept as they are."""
    out: list[str] = []
    last = 0
    for match in MERGE_TAG.finditer(href):
        out.append(_destination_part(href[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_destination_part(href[last:]))
    return "".join(out)


_DESTINATION_ESCAPES = {"\\": "\\\\", "(": "\\(", ")": "\\)", " ": "%20", "<": "%3C", ">": "%3E", "\t": "%09",
                        "\n": "%0A", "\r": "%0D"}


def _destination_part(text: str) -> str:
    out = []
    for index, character in enumerate(text):
        if character == "&" and _ENTITY_LIKE.match(text, index):
            out.append("\\&")
        elif character in _DESTINATION_ESCAPES:
            out.append(_DESTINATION_ESCAPES[character])
        elif character.isspace() or not character.isprintable():
            # a no-break or zero-width space, a soft hyphen: as a browser sends it, so that a repair of
            # invisible characters never changes where a link goes
            out.append(quote(character, safe=""))
        else:
            out.append(character)
    return "".join(out)


def inline_words(children) -> tuple[str, int] | None:
    """Return the text of inline tokens (a hard break as a newline) and how many links they hold; None where
    they hold anything else (a picture, raw HTML)."""
    text: list[str] = []
    links = 0
    for child in children:
        if child.type in ("text", "text_special", "code_inline"):
            text.append(child.content)
        elif child.type == "hardbreak":
            text.append("\n")
        elif child.type == "softbreak":
            text.append(" ")
        elif child.type == "link_open":
            links += 1
        elif child.type not in ("link_close", "em_open", "em_close", "strong_open", "strong_close"):
            return None
    return "".join(text), links


def markdown_text(markdown: str) -> str:
    """Return the words of Markdown as a reader sees them: paragraphs and list items a line each."""
    lines = []
    for token in parse(markdown):
        if token.type == "inline":
            words = inline_words(token.children or ())
            lines.append(words[0] if words else token.content)
    return "\n".join(lines)
