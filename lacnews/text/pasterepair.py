"""Paste damage (lacnews.text.pastedamage) repaired without changing what the text says: only what is
damaged changes, inside the text's own syntax, and a repair that would lose anything a reader gets from the
text (see ``lost``) is not made.

Pasted HTML is made Markdown where it stands (lacnews.text.htmlfragments), pasted bullets a list at their
levels, invisible characters spaces or nothing (percent-encoded in a link's address, kept in a merge
tag). Each repair is then read as a reader reads it and compared with the text as it was (``lost``):
the same words, every link's address, every merge tag, as many list items and paragraphs, no Markdown
shown as text; the first that passes is the repair, and a text none passes is left to the editor.

Every scan is one pass of a regular expression with no nested repetition, and each text is parsed as
Markdown a bounded number of times: linear in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

from lacnews.text.characters import INVISIBLE, INVISIBLE_CHARACTER, SPACED_BULLETS, TABBED_BULLETS, bullet_kind
from lacnews.text.escaping import link_destination
from lacnews.text.htmlfragments import BLOCKS, Tag, as_html, as_markdown, pieces, reads_alike
from lacnews.text.markdown import link_problem, parse
from lacnews.text.mergetags import MERGE_TAG
from lacnews.text.pastedamage import BULLET, FOLDED_BULLET, HTML_TAG, SUB_BULLET, damage


class RepairLoses(ValueError):
    """A repair that would lose something a reader gets from the text: it is left to the editor."""


@dataclass(frozen=True)
class Repair:
    """What a text becomes once repaired, or why it cannot be repaired safely (``text`` None)."""

    text: str | None
    lost: str | None = None


def repaired(text: str, markdown: bool = True) -> str:
    """Return ``text`` with its paste damage repaired: pasted HTML as Markdown, pasted bullets as a Markdown
    list, invisible characters removed (a no-break space as a space). Words, links and merge tags stay;
    raise ``RepairLoses`` where they would not."""
    repair = repair_of(text, markdown)
    if repair.text is None:
        raise RepairLoses(repair.lost)
    return repair.text


def repair_of(text: str, markdown: bool = True) -> Repair:
    """Return the first repair of ``text`` that keeps every word, link target, merge tag, list item and
    paragraph break it has, or why none does."""
    reason = None
    for candidate in _candidates(text, markdown):
        if markdown:
            candidate = _bullets_as_list(candidate)
        reason = lost(text, candidate, markdown)
        if reason is None:
            return Repair(candidate)
    return Repair(None, reason)


def _candidates(text: str, markdown: bool) -> Iterator[str]:
    """Yield what ``text`` may become, the best first: with pasted HTML, read as HTML when Markdown would
    read its words the same (the HTML converter knows Word's and Google Docs' habits), else each tag made
    Markdown in its place, with emphasis, then without."""
    if markdown and HTML_TAG.search(text):
        if reads_alike(pieces(text)):
            yield without_invisible(as_html(text), markdown)
        yield without_invisible(as_markdown(text), markdown)
        yield without_invisible(as_markdown(text, emphasis=False), markdown)
    else:
        yield without_invisible(text, markdown)


# Where an invisible character is not a space between words: in a link's address (a "](address" or an
# <autolink>) it is written as a browser sends it, percent-encoded, so the link goes where it went; in a
# merge tag it stays, as the tag must reach the email byte for byte.
_KEPT_AS_WRITTEN = re.compile(r"\]\([ \t]*(?:<[^<>\n]*>|[^ \t\n\r()<>]*)|<(?:https?|mailto|tel):[^ \t\n\r<>]*>",
                              re.IGNORECASE)


def without_invisible(text: str, markdown: bool = True) -> str:
    """Return ``text`` with its invisible characters removed (a no-break space made a space); in Markdown,
    those inside a link's address percent-encoded and those inside a merge tag kept."""
    if not INVISIBLE_CHARACTER.search(text):
        return text
    out: list[str] = []
    last = 0
    protected = [MERGE_TAG] + ([_KEPT_AS_WRITTEN] if markdown else [])
    spans = sorted((m.start(), m.end(), pattern is MERGE_TAG) for pattern in protected for m in pattern.finditer(text))
    for start, end, is_tag in spans:
        if start < last:
            continue
        out.append(INVISIBLE_CHARACTER.sub(lambda m: INVISIBLE[m.group()], text[last:start]))
        span = text[start:end]
        out.append(span if is_tag else INVISIBLE_CHARACTER.sub(lambda m: quote(m.group(), safe=""), span))
        last = end
    out.append(INVISIBLE_CHARACTER.sub(lambda m: INVISIBLE[m.group()], text[last:]))
    return "".join(out)


# Lists

MAX_LEVELS = 9  # as Word allows
_PASTED_ITEM = re.compile(rf"([ \t]*)(?:([{SPACED_BULLETS}])[ \t]+|([{TABBED_BULLETS}])\t[ \t]*)")
_MARKDOWN_ITEM = re.compile(r"([ \t]*)(?:([-+*])|([0-9]{1,9})[.)])(?:[ \t]+|$)")


def columns(indentation: str) -> int:
    """Return how far ``indentation`` reaches, a tab to the next multiple of four."""
    column = 0
    for character in indentation:
        column = column + 4 - column % 4 if character == "\t" else column + 1
    return column


class ListLevels:
    """The level of each item of a list pasted as text, from its indentation and the kind of its marker.

    A deeper indentation is a level below. At the same indentation, a kind already open there goes back to
    its level; another kind of the same family goes one below (Word's "•", then "o", then "▪"; or "1.",
    then "a.", then "i."), and a kind of the other family (a numbered list after a bulleted one) starts
    again at that indentation's first level. At most nine levels.
    """

    def __init__(self):
        self.open: list[tuple[int, str]] = []  # each level's indentation and kind

    def level(self, indentation: int, kind: str) -> int:
        """Return the level, from 0, of the next item."""
        while self.open and indentation < self.open[-1][0]:
            self.open.pop()
        if self.open and self.open[-1][0] == indentation:
            for depth in range(len(self.open) - 1, -1, -1):
                if self.open[depth][0] != indentation:
                    break
                if self.open[depth][1] == kind:
                    del self.open[depth + 1:]
                    return depth
            if _family(self.open[-1][1]) != _family(kind):
                while self.open and self.open[-1][0] == indentation:
                    self.open.pop()
        if len(self.open) >= MAX_LEVELS:
            self.open[-1] = (indentation, kind)
        else:
            self.open.append((indentation, kind))
        return len(self.open) - 1


def _family(kind: str) -> str:
    return "bullet" if kind.startswith("bullet") else "ordered"


def _bullets_as_list(text: str) -> str:
    """Return ``text`` with Word's and Google Docs' bullets made a Markdown list, each item at its level."""
    if not any(pattern.search(text) for pattern in (BULLET, FOLDED_BULLET, SUB_BULLET)):
        return text
    lines = FOLDED_BULLET.sub(lambda m: "\n- " if m.string[m.end():m.end() + 1] not in ("", "\n") else " ",
                              text).split("\n")
    levels = ListLevels()
    content: list[int] = []  # where each open level's words start, in the text as written
    for number, line in enumerate(lines):
        pasted = _PASTED_ITEM.match(line)
        written = None if pasted else _MARKDOWN_ITEM.match(line)
        item = pasted or written
        if item is None:
            if line.strip() and not line[:1].isspace():
                levels, content = ListLevels(), []  # a paragraph ends the list
            continue
        glyph = item.group(2) or item.group(3)
        kind = bullet_kind(glyph) if pasted or not glyph.isdigit() else "number"
        level = levels.level(columns(item.group(1)), kind)
        del content[level:]
        indent = content[-1] if content else 0
        if pasted:  # a bullet with no words after it is not an item
            words = line[item.end():]
            lines[number] = " " * indent + "- " + words if words.strip() else ""
            content.append(indent + 2)
        else:
            content.append(item.end() if item.end() < len(line) else len(line) + 1)
    return _list_ended("\n".join(lines))


def _list_ended(text: str) -> str:
    """Put a blank line between a list and the paragraph after it: without one, Markdown reads the
    paragraph's first line as part of the list's last item."""
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        out.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.lstrip().startswith("- ") and following and not following[0].isspace() \
                and not following.startswith("- ") and not line.endswith("\\"):  # a hard break: the item goes on
            out.append("")
    return "\n".join(out)


# What a reader gets from a text

@dataclass
class _Reading:
    words: Counter = field(default_factory=Counter)
    links: Counter = field(default_factory=Counter)
    tags: Counter = field(default_factory=Counter)
    marks: Counter = field(default_factory=Counter)  # Markdown's punctuation shown as text
    items: int = 0
    blocks: int = 0  # paragraphs, list items and headings


WORD = re.compile(r"[^\W_]+")
MARKS = "*_`[]\\"


def lost(before: str, after: str, markdown: bool = True) -> str | None:
    """Return what a reader of ``before`` would miss in ``after`` — a word, a link's address, a merge tag, a
    list item, a paragraph break — or Markdown shown as text that was not; None when nothing is lost."""
    old, new = _reading_before(before, markdown), _reading(after, markdown)
    missing = old.words - new.words
    if missing:
        return f"the word {_first(missing)!r} would be lost"
    added = new.words - old.words
    if added:
        return f"{_first(added)!r} would be read as a word where it was not"
    if old.links - new.links:
        return f"the link to {_first(old.links - new.links)} would be lost"
    if old.tags != new.tags:
        return f"the merge tag {_first((old.tags - new.tags) or (new.tags - old.tags))} would change"
    if new.items < old.items:
        return f"{old.items - new.items} of its {old.items} list items would become ordinary text"
    if new.blocks < old.blocks:
        return "paragraphs would be joined"
    shown = new.marks - old.marks
    if shown:
        return f"Markdown's {_first(shown)!r} would be shown as it is"
    return None


def _first(counter: Counter) -> str:
    return sorted(counter)[0]


def _reading_before(text: str, markdown: bool) -> _Reading:
    """Return what a reader gets from ``text`` with each pasted tag read as what it means."""
    if not (markdown and HTML_TAG.search(text)):
        reading = _reading(_without_bullets(without_invisible(text, markdown), markdown), markdown)
    else:
        written: list[str] = []
        links: Counter = Counter()
        items = 0
        link: list = [None, False]  # the open link's address, and whether it has words: an empty one shows nothing
        for piece in pieces(text) + [Tag("a", True)]:
            if not isinstance(piece, Tag):
                written.append(_without_bullets(without_invisible(piece)))
                link[1] = link[1] or bool(piece.strip())
                continue
            if piece.name == "a":
                if link[0] and link[1]:
                    links.update(_reading(f"[link]({link_destination(link[0])})").links)
                href = piece.attributes.get("href", "").strip()
                link = [href if not piece.closing and href and link_problem(href) is None else None, False]
            items += piece.name == "li" and not piece.closing
            written.append("\n\n" if piece.name in BLOCKS or piece.name in ("ul", "ol", "li")
                           else " " if piece.name == "br" else "")
        reading = _reading("".join(written))
        reading.links += links
        reading.items += items
    if markdown:
        reading.items += sum(found.kind == "bullet" and _words_follow(text, found.index + len(found.found))
                             for found in damage(text))
    reading.tags = Counter(MERGE_TAG.findall(text))
    return reading


def _words_follow(text: str, index: int) -> bool:
    line_end = text.find("\n", index)
    return bool(text[index:line_end if line_end >= 0 else len(text)].strip())


def _without_bullets(text: str, markdown: bool = True) -> str:
    """Return ``text`` with its pasted bullets taken out: they are not words ("o<tab>" is Word's)."""
    if not markdown:
        return text
    for pattern in (SUB_BULLET, BULLET, FOLDED_BULLET):
        text = pattern.sub(" ", text)
    return text


def _reading(text: str, markdown: bool = True) -> _Reading:
    """Return what a reader gets from ``text`` as it is."""
    reading = _Reading(tags=Counter(MERGE_TAG.findall(text)))
    if not markdown:
        reading.words = Counter(WORD.findall(text))
        return reading
    visible: list[str] = []
    for token in parse(text):
        reading.items += token.type == "list_item_open"
        if token.type != "inline":
            continue
        reading.blocks += 1
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                visible.append(child.content)
                reading.marks.update(character for character in child.content if character in MARKS)
            elif child.type in ("softbreak", "hardbreak"):
                visible.append(" ")
            elif child.type == "link_open":
                reading.links[child.attrGet("href") or ""] += 1
            elif child.type == "image":
                visible.append(" " + child.content + " ")
        visible.append("\n")
    reading.words = Counter(WORD.findall("".join(visible)))
    return reading
