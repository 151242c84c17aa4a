"""Pasted text as a section: its first line the title when it reads as one, the rest the body, repaired.

What a word processor leaves in copied text is undone on the way in: Word's "•<tab>" and "·<tab>"
bullets (and "o<tab>" for the level below) and Google Docs' "●", "○" and "■" become Markdown lists,
"1.<tab>" numbered lists; no-break spaces become spaces; zero-width spaces, soft hyphens and other
invisible characters go. Copied HTML (Google Docs' clipboard, a page's source) goes through the
one HTML converter, lacnews.htmltext. Everything else is the editor's words, escaped so that
Markdown shows them as they were typed.

Lines are paragraphs, as a word processor copies them; where the text has blank lines between its
paragraphs, the lines between two blank lines are one paragraph, as in an email.
"""

from __future__ import annotations

import re

from lacnews.htmltext import WHITESPACE, clean_text, escape_markdown, html_to_markdown, markdown_text
from lacnews.imports import SECTION_TITLE, ImportedSection
from lacnews.pastedamage import HTML_TAG  # one idea of what pasted HTML looks like, shared with `check`

MAX_TITLE = 120  # characters: a longer first line is a paragraph
MAX_TITLE_WORDS = 16
# A list item as word processors copy it: a bullet (by its level), or a number, then a tab or spaces.
BULLET = re.compile("([ \t]*)([•·●▪◦‣∙○■□§*+–-]|o(?=\t))[\t \u00a0]+(?=\\S)")
NUMBER = re.compile("([ \t]*)([0-9]{1,9})[.)][\t \u00a0]+(?=\\S)")
SUB_BULLETS = {"o": 1, "◦": 1, "○": 1, "■": 2, "▪": 2, "□": 2, "§": 2}


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
    return section


def _plain_markdown(text: str) -> str:
    """Return pasted plain text as Markdown: lists from bullets, paragraphs from lines, the rest escaped."""
    lines = text.split("\n")
    blank_separated = any(not line.strip() for line in _inner(lines))
    blocks: list[tuple[str, list[str]]] = []  # ("list" or "paragraph", its Markdown lines)
    widths: list[int] = []  # the marker widths of the list levels open, for nesting
    after_blank = True
    for line in lines:
        item = _list_item(line)
        if item is not None:
            level, marker, words = item
            if not blocks or blocks[-1][0] != "list":
                blocks.append(("list", []))
                widths = []
            del widths[level:]
            indent = " " * sum(widths)
            widths.append(len(marker))
            blocks[-1][1].append(f"{indent}{marker}{escape_markdown(words)}")
            after_blank = False
            continue
        words = _words(line)
        if not words:
            after_blank = True
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
    return WHITESPACE.sub(" ", clean_text(line)).strip()


def _list_item(line: str) -> tuple[int, str, str] | None:
    """Return the level, Markdown marker and words of a list item as copied from a word processor, else None."""
    bullet = BULLET.match(line)
    if bullet:
        indent, glyph = bullet.group(1), bullet.group(2)
        level = SUB_BULLETS.get(glyph, 0) or (1 if indent else 0)
        words = _words(line[bullet.end():])
        return (level, "- ", words) if words else None
    number = NUMBER.match(line)
    if number:
        words = _words(line[number.end():])
        return (1 if number.group(1) else 0, f"{number.group(2)}. ", words) if words else None
    return None


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
