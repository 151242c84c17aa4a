"""What pasting from Word, Google Docs or a web page leaves in text: found here, for `check`; repaired by
lacnews.text.pasterepair, without changing what the text says.

Three kinds, each invisible or silent in the email unless caught:

- **bullets**: Word's `•<tab>` (and `·`, `▪`, `o<tab>` for the level below), Google Docs' `●`: Markdown
  does not know them, so the list merges into one paragraph;
- **HTML**: `<p>`, `<br>`, `<a href=…>`, `<span style=…>` pasted from a page's source: Markdown shows
  them as they are, tags and all;
- **invisible characters**: no-break spaces, zero-width spaces and joiners, soft hyphens, byte-order
  marks: a word that will not wrap, a search that does not match, a spelling check that stumbles.

Finding them needs none of the repair's HTML reading, so a build, which only checks, does not load it.
Every scan is one pass of a regular expression with no nested repetition: linear in the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lacnews.text.characters import INVISIBLE_CHARACTER, SPACED_BULLETS, TABBED_BULLETS
from lacnews.text.mergetags import MERGE_TAG

# The tags pasted HTML is made of, as `check` finds them: a "<p" in the editor's text that is not
# escaped. Other words in angle brackets (<title>, <cat@example.org>) are text.
HTML_TAG = re.compile(r"(?<!\\)</?(?:p|br|a|span|div|b|i|u|strong|em|ul|ol|li|h[1-6]|font|meta|table|tr|td|html|body)"
                      r"(?:\s[^<>]{0,2000})?/?>", re.IGNORECASE)

# A bullet as Word and Google Docs put it into plain text (lacnews.text.characters): at a line's start, a
# bullet and a space or tab (Word's level below: "o<tab>", or an indented bullet); inside a line, where YAML
# folded the lines of a plain value into one, a bullet and a tab. A middle dot inside a line is a separator
# ("Ann Author · May 2020"), not a bullet.
BULLET = re.compile(rf"^[{SPACED_BULLETS}][ \t]+", re.MULTILINE)
FOLDED_BULLET = re.compile(rf"[ ]+[{SPACED_BULLETS}]\t[ \t]*")
SUB_BULLET = re.compile(rf"^(?:[ \t]+[{SPACED_BULLETS}][ \t]+|[ \t]*[{TABBED_BULLETS}]\t[ \t]*)", re.MULTILINE)


@dataclass(frozen=True)
class Damage:
    """One piece of paste damage: where it starts in the text, and what it is (`check` says what to do)."""

    index: int
    kind: str  # bullet | html | invisible
    found: str  # as written


def damage(text: str, markdown: bool = True) -> Iterator[Damage]:
    """Yield the paste damage in ``text`` in order; bullets and HTML only where it is Markdown. A character
    inside a merge tag is the tag's (*|DATE:d/m Y|*): it reaches the email as written."""
    found = []
    if INVISIBLE_CHARACTER.search(text):
        tags = [(m.start(), m.end()) for m in MERGE_TAG.finditer(text)]
        found = [Damage(m.start(), "invisible", m.group()) for m in INVISIBLE_CHARACTER.finditer(text)
                 if not _inside(tags, m.start())]
    if markdown:
        for pattern in _bullet_patterns(text):  # at the bullet itself, not its indentation
            found += [Damage(m.start() + len(m.group()) - len(m.group().lstrip(" \t")), "bullet", m.group().strip(" "))
                      for m in pattern.finditer(text)]
        lines_with_html: set[int] = set()
        for m in HTML_TAG.finditer(text) if "<" in text else ():  # the first tag of each line: one fix for all
            line_start = text.rfind("\n", 0, m.start())
            if line_start not in lines_with_html:
                lines_with_html.add(line_start)
                found.append(Damage(m.start(), "html", m.group()))
    # an indented bullet matches two patterns: one finding for it
    yield from sorted({each.index: each for each in found}.values(), key=lambda each: each.index)


def _bullet_patterns(text: str) -> tuple[re.Pattern, ...]:
    """Return the bullet patterns that may match ``text``: none without a bullet or a tab, as most texts are
    (each pattern needs a bullet that a space follows, or a tab)."""
    tab = "\t" in text
    spaced = any(bullet in text for bullet in SPACED_BULLETS)
    return ((BULLET,) if spaced else ()) + ((FOLDED_BULLET,) if spaced and tab else ()) \
        + ((SUB_BULLET,) if spaced or tab else ())


def _inside(spans: list[tuple[int, int]], index: int) -> bool:
    """Whether ``index`` falls in one of ``spans`` (in order, not overlapping)."""
    position = bisect.bisect_right(spans, (index, float("inf"))) - 1
    return position >= 0 and spans[position][0] <= index < spans[position][1]
