"""Pasted HTML inside a Markdown value, made Markdown one tag at a time: the Markdown around it kept as it is.

An editor who pastes a ``<br>`` into a Markdown body, or a page's ``<p>`` and ``<a href=…>`` around
Markdown links, lists and ``**bold**``, wrote Markdown with some HTML in it, not HTML. So each tag
(of the kinds ``HTML_TAG`` knows) is read as what it means and written as Markdown in its place: a
``<br>`` a hard line break (a backslash at the line's end), ``<p>`` and ``<div>`` a blank line,
``<b>`` and ``<i>`` emphasis, ``<a href=…>`` a ``[link](address)``, ``<ul>``, ``<ol>`` and ``<li>`` a
list (nested up to nine levels, as Word allows). Everything between the tags is the editor's
Markdown and stays as written: links, emphasis, lists, merge tags, autolinks such as
``<https://example.org>`` and words such as ``<title>`` that are not pasted HTML. Comments and
declarations (``<!--StartFragment-->``, ``<![if !supportLists]>``) are HTML's, not words, and go.

A value that is all HTML, with nothing in its text that Markdown would read differently, goes through
the one HTML converter (lacnews.text.htmltext), which knows what Word and Google Docs put on the
clipboard. Which of the two readings keeps every word is decided by the caller
(``lacnews.text.pasterepair.repair_of``), which checks what each gives.

One pass over the text: each "<" is tried once against patterns of bounded length.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

from lacnews.text.characters import ALL_BULLETS, SPACED_BULLETS, TABBED_BULLETS
from lacnews.text.escaping import link_destination
from lacnews.text.htmltext import MAX_REACH, MAX_START, declared_style, html_to_markdown
from lacnews.text.markdown import link_problem
from lacnews.text.mergetags import MERGE_TAG
from lacnews.text.pastedamage import HTML_TAG  # what `check` finds as pasted HTML: one idea of it

# In a whole page (Word's clipboard), its head and Office's own elements are tags too.
PAGE = re.compile(r"<(?:html|body)[\s>]|<!doctype", re.IGNORECASE)
PAGE_TAG = re.compile(r"</?(?:head|title|style|script|link|xml|[a-z][a-z0-9]*:[a-z][a-z0-9]*)(?:\s[^<>]{0,2000})?/?>",
                      re.IGNORECASE)
NOT_WORDS = ("head", "title", "style", "script", "xml")  # a page's elements whose content is not text
DECLARATION = re.compile(r"<[!?][^<>]{0,2000}>")  # <!DOCTYPE html>, <![if !supportLists]>, <?xml …?>
_TAG_PARTS = re.compile(r"</?([^\s/>]+)(.*?)/?>\Z", re.DOTALL)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")

BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "html", "body"})
BOLD = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"})
ITALIC = frozenset({"i", "em"})
MAX_LIST_LEVELS = 9  # as Word allows; deeper items are written at the ninth level

# What Markdown reads differently from HTML in a text: its punctuation, and a line that starts a block
# (a list item, a heading, a quote, a pasted bullet) or a blank line that ends a paragraph.
MARKDOWN_ACTIVE = re.compile(f"[*_`\\[\\]\\\\<>]|^[ \t]*(?:[-+#=]|[0-9]{{1,9}}[.)]|[{ALL_BULLETS}]\\s)|\n[ \t]*\n"
                             f"|[{SPACED_BULLETS}]\t", re.MULTILINE)
# What would start a block at a line's start: where a tag's meaning puts text at one, it is escaped.
LINE_START_BLOCK = re.compile(r"[#>=~+-]|[*_](?=[ \t]|$)|`{3}|[0-9]{1,9}(?=[.)])")
# A list item written in the text: a Markdown one (its marker group 2), or a pasted bullet, which the repair
# makes "- ".
TEXT_ITEM = re.compile(rf"([ \t]*)(?:([-+*]|[0-9]{{1,9}}[.)])[ \t]+|[{SPACED_BULLETS}][ \t]+|[{TABBED_BULLETS}]\t)")
# What starts a line of Markdown that is not a paragraph's: emphasis markers go after it.
BLOCK_PREFIX = re.compile(r"[ \t]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t]+|#{1,6}[ \t]+|>[ \t]?)*")


@dataclass(frozen=True)
class Tag:
    """An HTML tag in the text: its name in lower case, whether it ends an element, and its attributes."""

    name: str
    closing: bool
    attributes: dict[str, str] = field(default_factory=dict)


Piece = str | Tag


def pieces(text: str) -> list[Piece]:
    """Return ``text`` as its text and its tags, in order; comments and declarations left out."""
    page = PAGE.search(text) is not None
    found: list[Piece] = []
    last = index = 0
    no_comment_end_from = len(text) + 1  # "-->" is not in the text from here on: not looked for again
    while True:
        index = text.find("<", index)
        if index < 0:
            break
        end = -1
        tag = None
        if text.startswith("<!--", index):
            close = text.find("-->", index + 4) if index + 4 < no_comment_end_from else -1
            if close < 0:
                no_comment_end_from = min(no_comment_end_from, index + 4)
            else:
                end = close + 3
        if end < 0 and (match := DECLARATION.match(text, index)):
            end = match.end()
        if end < 0 and (match := HTML_TAG.match(text, index) or (page and PAGE_TAG.match(text, index)) or None):
            end, tag = match.end(), _tag(match.group(0))
        if end < 0:
            index += 1
            continue
        if index > last:
            found.append(text[last:index])
        if tag is not None:
            found.append(tag)
        last = index = end
    if last < len(text):
        found.append(text[last:])
    return _without_page_parts(found)


def _tag(written: str) -> Tag:
    parts = _TAG_PARTS.match(written)
    name, rest = (parts.group(1), parts.group(2)) if parts else ("", "")
    attributes = {}
    for attribute in _ATTRIBUTE.finditer(rest):
        value = attribute.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attributes.setdefault(attribute.group(1).lower(), html.unescape(value))
    return Tag(name.lower(), written.startswith("</"), attributes)


def _without_page_parts(found: list[Piece]) -> list[Piece]:
    """Leave out a page's head, styles and scripts with what they hold, where each is closed."""
    closes = {name: [i for i, piece in enumerate(found) if isinstance(piece, Tag) and piece.closing and
                     piece.name == name] for name in NOT_WORDS}
    kept: list[Piece] = []
    index = 0
    while index < len(found):
        piece = found[index]
        if isinstance(piece, Tag) and not piece.closing and piece.name in NOT_WORDS:
            later = bisect.bisect_right(closes[piece.name], index)
            if later < len(closes[piece.name]):
                index = closes[piece.name][later] + 1
                continue
        kept.append(piece)
        index += 1
    return kept


def reads_alike(found: list[Piece]) -> bool:
    """Whether the text between the tags reads the same as HTML and as Markdown: nothing in it is Markdown."""
    return not any(isinstance(piece, str) and MARKDOWN_ACTIVE.search(MERGE_TAG.sub("", piece)) for piece in found)


def as_html(text: str) -> str:
    """Return ``text`` read as HTML made Markdown (lacnews.text.htmltext), for a value that is all HTML."""
    return html_to_markdown(text)


def as_markdown(text: str, emphasis: bool = True) -> str:
    """Return ``text``, Markdown with pasted HTML in it, with each tag written as Markdown in its place.
    ``emphasis``: write bold and italic (left out where they would not read back)."""
    writer = _Writer(emphasis)
    for piece in pieces(text):
        if isinstance(piece, Tag):
            writer.tag(piece)
        else:
            writer.text(piece)
    written = writer.finish()
    trailing = len(text) - len(text.rstrip("\n"))
    return written + "\n" * trailing if written else ""


@dataclass
class _Item:
    width: int  # of its marker: what the item's lines are indented by
    fresh: bool = True  # nothing written in it after its marker yet


@dataclass
class _List:
    ordered: bool
    number: int = 1
    started: bool = False  # an item has been written
    items: list[_Item] = field(default_factory=list)


class _Writer:
    """Markdown written as the pieces come: a break waits until there is text to put after it."""

    def __init__(self, emphasis: bool):
        self.emphasis = emphasis
        self.out: list[str] = []
        self.runs: list[tuple[str, bool, bool]] = []  # text not yet written, with its bold and italic
        self.styles: list[tuple[str, bool, bool]] = []
        self.links: list[tuple[str | None, int]] = []  # the open link's address and where its "[" goes
        self.lists: list[_List] = []
        self.too_deep = 0  # lists opened past MAX_LIST_LEVELS, not yet closed
        self.pending = ""  # the break due before the next text: "", "line" or "paragraph"
        self.breaks = 0  # <br>s due before the next text
        self.held = ""  # white space, kept unless a break comes before the next text

    # Tags

    def tag(self, tag: Tag) -> None:
        name = tag.name
        if name == "br":
            self._flush()
            self.breaks += 1
        elif name == "a":
            self._flush()
            self._close_link()  # a link inside a link ends the first, as in a browser
            if not tag.closing:
                self._breaks_before_link()
                href = tag.attributes.get("href", "").strip()
                self.out.append("")
                self.links.append((href if href and link_problem(href) is None else None, len(self.out) - 1))
        elif name in ("ul", "ol"):
            self._flush()
            self._list(tag)
        elif name == "li":
            self._flush()
            self._item(tag)
        elif name in BLOCKS:
            self._flush()
            self._break("paragraph")
            if name in BOLD:  # a heading: a bold paragraph
                self._style(tag)
        else:
            self._style(tag)

    def _style(self, tag: Tag) -> None:
        if tag.closing:
            for position in range(len(self.styles) - 1, max(-1, len(self.styles) - 1 - MAX_REACH), -1):
                if self.styles[position][0] == tag.name:
                    del self.styles[position:]
                    break
            return
        if tag.name == "meta":
            return
        bold, italic = declared_style(tag.attributes.get("style", ""))
        bold = True if tag.name in BOLD and bold is None else bold
        italic = True if tag.name in ITALIC and italic is None else italic
        _, outer_bold, outer_italic = self.styles[-1] if self.styles else ("", False, False)
        self.styles.append((tag.name, outer_bold if bold is None else bold, outer_italic if italic is None else italic))

    def _list(self, tag: Tag) -> None:
        if tag.closing:
            if self.too_deep:
                self.too_deep -= 1
            else:
                for position in range(len(self.lists) - 1, -1, -1):
                    if self.lists[position].ordered == (tag.name == "ol"):
                        del self.lists[position:]
                        break
            self._break("paragraph")
            return
        if len(self.lists) >= MAX_LIST_LEVELS:
            self.too_deep += 1
            return
        start = tag.attributes.get("start", "1").strip()
        number = min(int(start), MAX_START) if start.isdigit() else 1
        # a list may start inside an item's paragraph if it is a bullet list or starts at 1; else it would
        # be read into the paragraph
        self._break("line" if self.lists and (tag.name == "ul" or number == 1) else "paragraph")
        self.lists.append(_List(tag.name == "ol", number))

    def _item(self, tag: Tag) -> None:
        if not self.lists:
            self.lists.append(_List(False))
        current = self.lists[-1]
        if tag.closing:
            if current.items:
                current.items.pop()
            self._break("line")
            return
        current.items.clear()  # an item not closed ends where the next begins
        if current.started or not self.pending:
            self.pending = "line" if self.out else ""
        current.started = True
        self._write_break(self._indent())
        marker = f"{current.number}. " if current.ordered else "- "
        current.number += current.ordered
        self.out.append(marker)
        current.items.append(_Item(len(marker)))
        self.breaks = 0
        self.held = ""

    def _indent(self) -> str:
        return " " * sum(item.width for each in self.lists for item in each.items)

    def _paragraph_indent(self) -> str:
        """Return the indentation that keeps a paragraph begun by <br><br> in its list item: an HTML item's, that
        of the Markdown item (or pasted bullet, soon one) the paragraph so far is in, or the paragraph's own."""
        pieces: list[str] = []
        for piece in reversed(self.out):  # back to the paragraph's start: written since its break, so linear
            pieces.append(piece)
            if "\n\n" in piece:
                break
        paragraph = "".join(reversed(pieces)).rpartition("\n\n")[2]
        lines = paragraph.split("\n")
        width = len(self._indent())
        for line in reversed(lines):
            item = TEXT_ITEM.match(line)
            if item:
                return " " * max(width, item.end() if item.group(2) else len(item.group(1)) + len("- "))
        return " " * max(width, len(lines[0]) - len(lines[0].lstrip(" ")))  # a later paragraph of an item

    def _break(self, kind: str) -> None:
        if kind == "paragraph" or not self.pending:
            self.pending = kind

    # Text

    def text(self, text: str) -> None:
        if not text.strip():
            self.held += text
            return
        text, self.held = self.held + text, ""
        fresh = [item for each in self.lists for item in each.items if item.fresh]
        if fresh:  # the item's first words go after its marker
            self.pending = ""
            self.breaks = 0
        if self.pending or fresh or not (self.out or self.runs):
            if self.pending:
                self._write_break(self._indent())
            words = text.lstrip(" \t\n")
            # words that began a line of the text were Markdown there and stay so; words a tag's meaning
            # puts at a line's start are escaped where they would start a block
            text = words if "\n" in text[:len(text) - len(words)] or not self.out else _line_start_escaped(words)
            for item in fresh:
                item.fresh = False
        elif self.breaks:
            text = self._line_broken(text)
        style = self.styles[-1][1:] if self.styles else (False, False)
        self.runs.append((text, *style))

    def _line_broken(self, text: str) -> str:
        """Return ``text`` after the <br>s before it, written: one a hard break, more a paragraph's end."""
        breaks, self.breaks = self.breaks, 0
        if breaks > 1:
            self._flush()
            self.pending = "paragraph"
            self._write_break(self._paragraph_indent())
            words = text.lstrip(" \t\n")
            return words if "\n" in text[:len(text) - len(words)] else _line_start_escaped(words)
        own_line = re.match(r"[ \t]*\n", text)
        if own_line:  # the <br> ends a line of the text: a hard break there, unless the next line starts a block
            following = text[own_line.end():]
            if not following.strip() or re.match(r"[ \t]*(?:\n|[-+*>#]|[0-9]{1,9}[.)])", following):
                return text
            self.runs.append(("\\", False, False))
            return text[own_line.end() - 1:]
        self.runs.append(("\\\n" + self._indent(), False, False))
        return _line_start_escaped(text.lstrip(" \t"))

    def _breaks_before_link(self) -> None:
        """Write the breaks waiting where a link begins, before its "[": a paragraph's or an item's, or the
        <br>s' (one a hard break, more a paragraph's end)."""
        breaks, self.breaks = self.breaks, 0
        if self.pending:
            self._write_break(self._indent())
            return
        fresh = any(item.fresh for each in self.lists for item in each.items)
        if not self.out or fresh:
            self.held = ""
            return
        if not breaks:  # the white space before the link is the text's, not the link's
            self.out.append(self.held)
            self.held = ""
            return
        if breaks > 1:
            self.pending = "paragraph"
            self._write_break(self._paragraph_indent())
        else:
            self.out.append("\\\n" + self._indent())
        self.held = ""

    def _flush(self) -> None:
        """Write the text waiting, each stretch of one style between its markers."""
        runs, self.runs = self.runs, []
        merged: list[tuple[str, bool, bool]] = []
        for text, bold, italic in runs:
            style = (bold, italic) if self.emphasis else (False, False)
            if merged and merged[-1][1:] == style:
                merged[-1] = (merged[-1][0] + text, *style)
            else:
                merged.append((text, *style))
        for text, bold, italic in merged:
            self.out.append(_emphasised(text, ("**" if bold else "") + ("*" if italic else "")))

    def _write_break(self, indent: str) -> None:
        if self.pending and self.out:
            while len(self.out) > 1 and self.out[-1] and not self.out[-1].strip(" \t"):
                self.out.pop()
            self.out[-1] = self.out[-1].rstrip(" \t")
            self.out.append(("\n\n" if self.pending == "paragraph" else "\n") + indent)
        self.pending = ""
        self.held = ""

    def _close_link(self) -> None:
        while self.links:
            href, opened = self.links.pop()
            words = "".join(self.out[opened + 1:])
            if href is None or not words.strip() or "\n\n" in words:
                continue  # the words stay, without a link
            self.out[opened] = "["
            for position in range(opened - 1, max(-1, opened - 8), -1):
                if self.out[position]:  # "![" would make the link a picture: escape the "!"
                    if self.out[position].endswith("!") and not self.out[position].endswith("\\!"):
                        self.out[position] = self.out[position][:-1] + "\\!"
                    break
            self.out.append(f"]({link_destination(href)})")

    def finish(self) -> str:
        self.held = ""
        self._flush()
        self._close_link()
        return "".join(self.out).strip("\n").rstrip(" \t")


def _line_start_escaped(text: str) -> str:
    """Return ``text``, put at a line's start by a tag's meaning, with what would start a block there escaped."""
    match = LINE_START_BLOCK.match(text)
    if not match:
        line = text.split("\n", 1)[0].strip(" \t")
        thematic_break = len(line) >= 3 and not line.strip("*_ \t") and line.count(line[0]) >= 3
        return "\\" + text if thematic_break else text
    if match.group(0)[:1].isdigit():
        return text[:match.end()] + "\\" + text[match.end():]
    return "\\" + text


def _emphasised(text: str, marker: str) -> str:
    """Return ``text`` with ``marker`` around each of its lines' words (past a line's list marker or quote)."""
    if not marker:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        start = BLOCK_PREFIX.match(line).end() if number else 0
        prefix, rest = line[:start], line[start:]
        core = rest.strip(" \t")
        if core:
            lead = rest[:len(rest) - len(rest.lstrip(" \t"))]
            trail = rest[len(lead) + len(core):]
            lines[number] = f"{prefix}{lead}{marker}{core}{marker[::-1]}{trail}"
    return "\n".join(lines)
