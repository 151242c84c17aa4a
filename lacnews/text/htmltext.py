"""HTML to Markdown that says the same words: the one converter for Word documents (through mammoth),
pasted HTML and paste repairs.

Given HTML — mammoth's clean HTML of a .docx, or a fragment copied from Word, Google Docs or a web
page — return Markdown for a *markdown* field: paragraphs, ``**bold**``, ``*italic*``, ``- `` and
``1.`` lists (nested), ``> `` quotes, ``[words](address)`` links and hard line breaks. What the
format cannot hold is left out, never the words: headings become bold paragraphs (``html_to_markdown``)
or separate blocks (``html_blocks``, for a caller that makes items of them); pictures are blocks of
their own; a link to anything but http(s), mailto, tel or a merge tag keeps its words and loses its
address; script, style and the head are not words.

Every character of text is written so that it reads back as itself (lacnews.text.escaping): Markdown's
special characters are escaped, and Mailchimp merge tags (``*|FNAME|*``) are kept byte for byte. Each
paragraph is parsed back before it is kept; where emphasis would not read back (``**a***b*``), the
paragraph keeps its words and drops its emphasis.

Word's and Google Docs' habits are undone on the way: Google Docs' ``<b style="font-weight:normal">``
wrapper is not bold and its ``<span style="font-weight:700">`` is; Word's list paragraphs
(``<p class=MsoListParagraph>·&nbsp;&nbsp;text``) become list items; no-break spaces become spaces,
and zero-width spaces, soft hyphens and control characters go.

One pass of the standard library's html.parser over the HTML made well-formed (lacnews.text.wellformed),
and one parse of each paragraph: linear in the HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from lacnews.text.characters import (
    ALL_BULLETS,
    TABBED_BULLETS,
    WHITESPACE,
    cleaned,
)
from lacnews.text.escaping import escape_markdown, inline_words, link_destination
from lacnews.text.markdown import link_problem, parse
from lacnews.text.wellformed import well_formed

# What the HTML becomes

@dataclass(frozen=True)
class Heading:
    """A heading: its words as plain text, and the addresses of its links."""

    level: int
    text: str
    urls: tuple[str, ...] = ()

    @property
    def url(self) -> str | None:
        """The address the heading links to, when it is one link."""
        return self.urls[0] if len(self.urls) == 1 else None


@dataclass(frozen=True)
class Picture:
    """An <img>: its address as written (a caller's own token, for mammoth's pictures) and its alt text."""

    src: str
    alt: str


@dataclass(frozen=True)
class Text:
    """Markdown: one or more paragraphs, lists and quotes."""

    markdown: str


Block = Heading | Picture | Text


def html_blocks(html: str) -> list[Block]:
    """Return the headings, pictures and Markdown text of ``html``, in order."""
    converter = _Converter(headings_as_text=False)
    converter.run(html)
    return converter.blocks()


def html_to_markdown(html: str) -> str:
    """Return the Markdown of ``html``: headings as bold paragraphs, pictures left out."""
    converter = _Converter(headings_as_text=True)
    converter.run(html)
    return "\n\n".join(block.markdown for block in converter.blocks() if isinstance(block, Text))


@dataclass
class _Run:
    """A stretch of text in one style, inside one link (or none); a hard line break when ``text`` is None."""

    text: str | None
    bold: bool = False
    italic: bool = False
    link: int | None = None  # which <a>: two links to one address stay two links
    href: str | None = None


@dataclass
class _Container:
    kind: str  # ul, ol, li, blockquote
    number: int = 1  # the next number of an ol
    marker: str = ""  # a li's "- " or "3. "
    shown: bool = False  # the li's marker has been written


@dataclass
class _Paragraph:
    lines: list[str]  # with their list and quote prefixes
    gap: str  # what goes between this paragraph and the one before: "" or a (quote-prefixed) blank line
    listed: bool  # inside a list item


BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "address", "figure",
    "figcaption", "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "dl",
    "dt", "dd", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "center", "form", "fieldset",
    "details", "summary", "body", "html", "menu", "hgroup", "legend",
})
SKIPPED_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "math", "object",
                          "iframe", "select", "option", "datalist"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                       "source", "track", "wbr"})
BOLD_TAGS = frozenset({"b", "strong"})
ITALIC_TAGS = frozenset({"i", "em", "cite", "dfn", "var"})
MAX_START = 999_999_999  # CommonMark's largest list number
# Lists and quotes deeper than this are read as the level above: each level indents every line. Nine levels of
# lists, as Word allows, are each a list and its item; markdown-it reads no deeper than 20.
MAX_NESTING = 18
MAX_REACH = 64  # how far down the open elements an end tag looks for its start tag
# Word's list paragraphs as it puts them on the clipboard: a bullet (lacnews.text.characters) or a number,
# then no-break spaces.
WORD_BULLET = re.compile(f"[{ALL_BULLETS}] ")
WORD_NUMBER = re.compile("([0-9]{1,9})[.)] ")
WORD_LEVEL = re.compile(r"level([1-9])")


_CONTAINER_KINDS = {"ul": "ul", "menu": "ul", "ol": "ol", "li": "li", "blockquote": "blockquote"}


def declared_style(style: str) -> tuple[bool | None, bool | None]:
    """Return what a style attribute says of bold and italic: True, False, or None where it says nothing."""
    bold = italic = None
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip().lower().replace("!important", "").strip()
        if name == "font-weight":
            if value in ("bold", "bolder") or (value.isdigit() and int(value) >= 600):
                bold = True
            elif value in ("normal", "lighter") or value.isdigit():
                bold = False
        elif name == "font-style":
            italic = value.startswith(("italic", "oblique")) if value else None
    return bold, italic


class _Converter(HTMLParser):
    def __init__(self, headings_as_text: bool):
        super().__init__(convert_charrefs=True)
        self.headings_as_text = headings_as_text
        self.output: list[Heading | Picture | _Paragraph] = []
        self.runs: list[_Run] = []
        self.styles: list[tuple[str, bool, bool]] = []  # open inline elements, and bold and italic within them
        self.links: list[tuple[int, str | None]] = []
        self.containers: list[_Container] = []
        self.too_deep: dict[str, int] = {}  # lists and quotes opened beyond MAX_NESTING, not yet closed
        self.skipping: tuple[str, int] | None = None  # the element whose content is not text, and its depth
        self.heading: int | None = None
        self.preformatted = 0
        self.links_seen = 0
        self.word_list: str | None = None  # the paragraph is one of Word's list paragraphs: its style

    def run(self, html: str) -> None:
        self.feed(well_formed(html))
        self.close()
        self._flush()

    # Parsing

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            name, depth = self.skipping
            if tag == name:
                self.skipping = (name, depth + 1)
            elif name == "head" and tag == "body":  # a head left open ends where the body begins
                self.skipping = None
            return
        attributes = {name: value or "" for name, value in attrs}
        if tag in SKIPPED_TAGS:
            self.skipping = (tag, 1)
            return
        if tag in BLOCK_TAGS:
            self._flush()
            self._open_block(tag, attributes)
        elif tag == "br":
            if self.runs:
                self.runs.append(_Run(None))
        elif tag == "img":
            self._flush()
            self.output.append(Picture(attributes.get("src", "").strip(), attributes.get("alt", "")))
        elif tag == "a":
            href = attributes.get("href", "").strip()
            self.links_seen += 1
            self.links.append((self.links_seen, href if href and link_problem(href) is None else None))
        elif tag not in VOID_TAGS:
            bold, italic = declared_style(attributes.get("style", ""))
            if tag in BOLD_TAGS and bold is None:
                bold = True
            if tag in ITALIC_TAGS and italic is None:
                italic = True
            _, outer_bold, outer_italic = self.styles[-1] if self.styles else ("", False, False)
            self.styles.append((tag, outer_bold if bold is None else bold, outer_italic if italic is None else italic))

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            name, depth = self.skipping
            if tag == name:
                self.skipping = (name, depth - 1) if depth > 1 else None
            return
        if tag in BLOCK_TAGS:
            self._flush()
            self._close_block(tag)
        elif tag == "a":
            if self.links:
                self.links.pop()
        else:
            for position in range(len(self.styles) - 1, max(-1, len(self.styles) - 1 - MAX_REACH), -1):
                if self.styles[position][0] == tag:
                    del self.styles[position:]
                    break

    def handle_data(self, data: str) -> None:
        if self.skipping or not data:
            return
        if self.preformatted:
            lines = data.split("\n")
            for number, line in enumerate(lines):
                if number:
                    self.runs.append(_Run(None))
                self._add_text(line)
        else:
            self._add_text(data)

    def _add_text(self, text: str) -> None:
        _, bold, italic = self.styles[-1] if self.styles else ("", False, False)
        link, href = self.links[-1] if self.links else (None, None)
        if self.heading is not None and self.headings_as_text:
            bold = True
        self.runs.append(_Run(text, bold, italic, link, href))

    # Blocks

    def _open_block(self, tag: str, attributes: dict[str, str]) -> None:
        kind = _CONTAINER_KINDS.get(tag)
        if kind and len(self.containers) >= MAX_NESTING:
            self.too_deep[kind] = self.too_deep.get(kind, 0) + 1
            if kind == "li" and self.containers[-1].kind == "li":  # an item deeper still: one more at the deepest
                self.containers.pop()
                self.containers.append(_Container("li", marker=self._marker()))
            return
        if tag in ("ul", "ol", "menu"):
            start = attributes.get("start", "1").strip()
            number = min(int(start), MAX_START) if start.isdigit() else 1
            self.containers.append(_Container("ol" if tag == "ol" else "ul", number=number))
        elif tag == "li":
            self.containers.append(_Container("li", marker=self._marker()))
        elif tag == "blockquote":
            self.containers.append(_Container("blockquote"))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = int(tag[1])
        elif tag == "pre":
            self.preformatted += 1
        elif tag == "p":
            kind = attributes.get("class", "")
            self.word_list = attributes.get("style", "") if "msolist" in kind.lower() else None

    def _marker(self) -> str:
        """Return the marker of a new item of the innermost list: "- ", or its number."""
        parent = next((c for c in reversed(self.containers) if c.kind in ("ul", "ol")), None)
        if parent is not None and parent.kind == "ol":
            parent.number += 1
            return f"{min(parent.number - 1, MAX_START)}. "
        return "- "

    def _close_block(self, tag: str) -> None:
        kind = _CONTAINER_KINDS.get(tag)
        if kind and self.too_deep.get(kind):
            self.too_deep[kind] -= 1
        elif kind:
            for position in range(len(self.containers) - 1, -1, -1):
                if self.containers[position].kind == kind:
                    del self.containers[position:]
                    break
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = None
        elif tag == "pre":
            self.preformatted = max(0, self.preformatted - 1)

    def _flush(self) -> None:
        """End the paragraph (or heading) being read: write it out if it has words."""
        runs = _tidy(self.runs)
        self.runs = []
        word_list, self.word_list = self.word_list, None
        if not runs:
            return
        if self.heading is not None and not self.headings_as_text:
            text = "".join(run.text or " " for run in runs)
            hrefs = tuple(dict.fromkeys(run.href for run in runs if run.href))
            self.output.append(Heading(self.heading, text, hrefs))
            return
        listed = self._word_list_item(runs, word_list)
        markdown = _inline(runs)
        first, rest, starts_item = self._prefixes()
        if listed is not None:
            first, rest, starts_item = first + listed, rest + " " * len(listed), True
        lines = markdown.split("\n")
        prefixed = [first + lines[0]] + [rest + line for line in lines[1:]]
        previous = self.output[-1] if self.output else None
        tight = starts_item and isinstance(previous, _Paragraph) and previous.listed
        gap = "" if tight else rest.rstrip() + "\n"
        self.output.append(_Paragraph(prefixed, gap, starts_item or any(c.kind == "li" for c in self.containers)))

    def _prefixes(self) -> tuple[str, str, bool]:
        """Return what goes before the paragraph's first line and before its others, and whether it starts an item."""
        first = rest = ""
        starts_item = False
        for container in self.containers:
            if container.kind == "blockquote":
                first, rest = first + "> ", rest + "> "
            elif container.kind == "li":
                if container.shown:
                    first += " " * len(container.marker)
                else:
                    first += container.marker
                    container.shown = starts_item = True
                rest += " " * len(container.marker)
        return first, rest, starts_item

    def _word_list_item(self, runs: list[_Run], word_list: str | None) -> str | None:
        """Return the list marker (indented to its level) of a list paragraph Word put on the clipboard, taking
        its bullet or number off its text; None for any other paragraph."""
        if any(c.kind == "li" for c in self.containers) or not runs or runs[0].text is None:
            return None
        head = ""
        for run in runs[:4]:  # Word writes the bullet and the spaces after it in runs of their own
            if run.text is None:
                break
            head += run.text
        bullet = WORD_BULLET.match(head)
        number = WORD_NUMBER.match(head) if word_list is not None else None
        if bullet and (bullet.group(0)[0] not in TABBED_BULLETS or word_list is not None):
            marker, length = "- ", bullet.end()
        elif number:
            marker, length = f"{number.group(1)}. ", number.end()
        else:
            return None
        level = WORD_LEVEL.search(word_list or "")
        depth = int(level.group(1)) - 1 if level else (1 if bullet and bullet.group(0) == "o " else 0)
        while length and runs:
            taken = min(length, len(runs[0].text or ""))
            runs[0].text = (runs[0].text or "")[taken:]
            length -= taken
            if not runs[0].text:
                del runs[0]
        if not runs or runs[0].text is None:
            return None  # a bullet and nothing else
        runs[0].text = runs[0].text.lstrip(" ")
        return "   " * depth + marker

    def blocks(self) -> list[Block]:
        """Return what was read, consecutive paragraphs joined into one Markdown text."""
        blocks: list[Block] = []
        lines: list[str] = []
        for part in self.output:
            if isinstance(part, _Paragraph):
                if lines:
                    lines.append(part.gap)
                lines.append("\n".join(part.lines) + "\n")
                continue
            if lines:
                blocks.append(Text("".join(lines).rstrip("\n")))
                lines = []
            blocks.append(part)
        if lines:
            blocks.append(Text("".join(lines).rstrip("\n")))
        return blocks


def _tidy(runs: list[_Run]) -> list[_Run]:
    """Return the runs with their text cleaned and whitespace collapsed as a browser shows it: one space between
    words, none at the paragraph's ends or around a line break; empty runs dropped."""
    tidied: list[_Run] = []
    space_before = True  # at the start of the paragraph, or after a space or a break
    for run in runs:
        if run.text is None:
            while tidied and tidied[-1].text is not None and tidied[-1].text.endswith(" "):
                tidied[-1].text = tidied[-1].text[:-1]
                if not tidied[-1].text:
                    tidied.pop()
            if tidied and tidied[-1].text is not None:
                tidied.append(run)
            space_before = True
            continue
        text = WHITESPACE.sub(" ", cleaned(run.text))
        if space_before:
            text = text.lstrip(" ")
        if not text:
            continue
        space_before = text.endswith(" ")
        run.text = text
        tidied.append(run)
    while tidied and (tidied[-1].text is None or tidied[-1].text.endswith(" ")):
        if tidied[-1].text is None:
            tidied.pop()
        else:
            tidied[-1].text = tidied[-1].text.rstrip(" ")
            if not tidied[-1].text:
                tidied.pop()
    return tidied


# One paragraph's runs as Markdown

def _inline(runs: list[_Run]) -> str:
    """Return the runs as one paragraph of Markdown (hard breaks as a backslash at a line's end) that reads back
    as their words; emphasis, then links, are given up where they would not."""
    expected = "".join("\n" if run.text is None else run.text for run in runs)
    links = len({run.link for run in runs if run.href})
    for emphasis, linked in ((True, True), (False, True), (False, False)):
        markdown = _write(runs, emphasis, linked)
        if _reads_back(markdown, expected, links if linked else 0):
            return markdown
    return escape_markdown(expected).replace("\n", "\\\n")


def _write(runs: list[_Run], emphasis: bool, linked: bool) -> str:
    out: list[str] = []
    line_start = True
    groups: list[list[_Run]] = []
    for run in runs:
        key = run.link if linked and run.href else None
        if groups and groups[-1][0].text is not None and run.text is not None and \
                (groups[-1][0].link if linked and groups[-1][0].href else None) == key:
            groups[-1].append(run)
        else:
            groups.append([run])
    for group in groups:
        if group[0].text is None:
            out.append("\\\n")
            line_start = True
            continue
        href = group[0].href if linked else None
        if href:
            words = _styled(group, emphasis, line_start=False)
            lead, core, trail = _split_spaces(words)
            if core and not lead and out and out[-1].endswith("!"):
                out[-1] = out[-1][:-1] + "\\!"  # "![" would make the link a picture
            out.append(f"{lead}[{core}]({link_destination(href)}){trail}" if core else words)
        else:
            out.append(_styled(group, emphasis, line_start))
        line_start = False
    return "".join(out)


def _styled(runs: list[_Run], emphasis: bool, line_start: bool) -> str:
    """Return runs of text in one link (or none) as Markdown, each style's run between its markers."""
    merged: list[tuple[str, bool, bool]] = []
    for run in runs:
        style = (run.bold, run.italic) if emphasis else (False, False)
        if merged and merged[-1][1:] == style:
            merged[-1] = (merged[-1][0] + run.text, *style)
        else:
            merged.append((run.text, *style))
    out: list[str] = []
    for text, bold, italic in merged:
        marker = ("**" if bold else "") + ("*" if italic else "")
        lead, core, trail = _split_spaces(text)
        escaped = escape_markdown(core, line_start and not out and not lead and not marker)
        out.append(f"{lead}{marker}{escaped}{marker[::-1]}{trail}" if marker and core else
                   f"{lead}{escaped}{trail}")
    return "".join(out)


def _split_spaces(text: str) -> tuple[str, str, str]:
    core = text.strip(" ")
    if not core:
        return text, "", ""
    start = text.index(core[0])
    return text[:start], core, text[start + len(core):]


def _reads_back(markdown: str, expected: str, links: int) -> bool:
    """Whether ``markdown`` is one paragraph whose text is ``expected`` with ``links`` links."""
    tokens = parse(markdown)
    if [token.type for token in tokens] != ["paragraph_open", "inline", "paragraph_close"]:
        return False
    words = inline_words(tokens[1].children or ())
    return words is not None and words == (expected, links)
