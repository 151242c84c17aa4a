"""What pasting from Word, Google Docs or a web page leaves in text, and how to repair it without changing
what it says.

Three kinds, each invisible or silent in the email unless caught:

- **bullets**: Word's `•<tab>` (and `·`, `▪`, `o<tab>` for the level below), Google Docs' `●`: Markdown
  does not know them, so the list merges into one paragraph;
- **HTML**: `<p>`, `<br>`, `<a href=…>`, `<span style=…>` pasted from a page's source: Markdown shows
  them as they are, tags and all;
- **invisible characters**: no-break spaces, zero-width spaces and joiners, soft hyphens, byte-order
  marks: a word that will not wrap, a search that does not match, a spelling check that stumbles.

Every scan is one pass of a regular expression with no nested repetition: linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# What each invisible character becomes: a no-break space a space, the others nothing.
INVISIBLE = {
    "\u00a0": " ",  # NO-BREAK SPACE: Word and web pages, between words and around dashes
    "\u202f": " ",  # NARROW NO-BREAK SPACE
    "\u200b": "",  # ZERO WIDTH SPACE: Google Docs, between runs of different styles
    "\u2060": "",  # WORD JOINER
    "\ufeff": "",  # ZERO WIDTH NO-BREAK SPACE (a byte-order mark inside the text)
    "\u00ad": "",  # SOFT HYPHEN: Word's optional hyphens
    "\u200e": "",  # LEFT-TO-RIGHT MARK
}
INVISIBLE_CHARACTER = re.compile("[" + "".join(INVISIBLE) + "]")
# A bullet as Word and Google Docs put it into plain text: at a line's start, a bullet character and a
# space or tab (Word's level below: "o<tab>", or an indented bullet); inside a line, where YAML folded the
# lines of a plain value into one, a bullet and a tab. A middle dot inside a line is a separator
# ("Ann Author · May 2020"), not a bullet.
BULLETS = "•·●▪◦‣∙"
BULLET = re.compile(rf"^[{BULLETS}][ \t]+", re.MULTILINE)
FOLDED_BULLET = re.compile(rf"[ ]+[{BULLETS}]\t[ \t]*")
SUB_BULLET = re.compile(rf"^(?:[ \t]+[{BULLETS}][ \t]+|[ \t]*[o◦]\t[ \t]*)", re.MULTILINE)
HTML_TAG = re.compile(r"(?<!\\)</?(?:p|br|a|span|div|b|i|u|strong|em|ul|ol|li|h[1-6]|font|meta|table|tr|td|html|body)"
                      r"(?:\s[^<>]{0,2000})?/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Damage:
    """One piece of paste damage: where it starts in the text, what it is, and what to do."""

    index: int
    kind: str  # bullet | html | invisible
    found: str  # as written

    def describe(self) -> str:
        from lacnews.yamlsource import character_name

        if self.kind == "invisible":
            return (f"{character_name(self.found)}, an invisible character pasted with the text; "
                    + ("use a plain space" if INVISIBLE[self.found] else "remove it"))
        if self.kind == "bullet":
            return (f"a bullet pasted from a word processor ({self.found.strip() or 'o'!r}): the list will merge "
                    "into one paragraph; start each line with '- ' instead")
        return (f"pasted HTML ({_shown(self.found)}): the email would show the tag as it is; write it in "
                "Markdown (a blank line between paragraphs, [words](address) for a link)")


def damage(text: str, markdown: bool = True) -> Iterator[Damage]:
    """Yield the paste damage in ``text`` in order; bullets and HTML only where it is Markdown."""
    found = [Damage(m.start(), "invisible", m.group()) for m in INVISIBLE_CHARACTER.finditer(text)]
    if markdown:
        for pattern in (BULLET, FOLDED_BULLET, SUB_BULLET):  # at the bullet itself, not its indentation
            found += [Damage(m.start() + len(m.group()) - len(m.group().lstrip(" \t")), "bullet", m.group().strip(" "))
                      for m in pattern.finditer(text)]
        lines_with_html: set[int] = set()
        for m in HTML_TAG.finditer(text):  # the first tag of each line: one fix for the whole fragment
            line_start = text.rfind("\n", 0, m.start())
            if line_start not in lines_with_html:
                lines_with_html.add(line_start)
                found.append(Damage(m.start(), "html", m.group()))
    # an indented bullet matches two patterns: one finding for it
    yield from sorted({each.index: each for each in found}.values(), key=lambda each: each.index)


def repaired(text: str, markdown: bool = True) -> str:
    """Return ``text`` with its paste damage repaired: pasted HTML as Markdown, pasted bullets as a Markdown
    list, invisible characters removed (a no-break space as a space). Words, links and merge tags stay."""
    if markdown and HTML_TAG.search(text):
        from lacnews.htmltext import html_to_markdown

        text = html_to_markdown(text)
    text = INVISIBLE_CHARACTER.sub(lambda m: INVISIBLE[m.group()], text)
    if markdown and any(pattern.search(text) for pattern in (BULLET, FOLDED_BULLET, SUB_BULLET)):
        text = SUB_BULLET.sub("  - ", text)
        text = BULLET.sub("- ", text)
        text = FOLDED_BULLET.sub("\n- ", text)
        text = _list_ended(text)
    return text


def _list_ended(text: str) -> str:
    """Put a blank line between a list and the paragraph after it: without one, Markdown reads the
    paragraph's first line as part of the list's last item."""
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        out.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.lstrip().startswith("- ") and following and not following[0].isspace() \
                and not following.startswith("- "):
            out.append("")
    return "\n".join(out)


def _shown(tag: str) -> str:
    return tag if len(tag) <= 40 else tag[:37] + "..."
