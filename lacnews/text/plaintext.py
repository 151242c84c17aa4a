"""Plain text for the email's text part: wrapped at 78 characters, URLs never broken.

Markdown is walked token by token rather than stripped of tags, so lists stay
bulleted, quotes stay marked and every link keeps its address.
"""

from __future__ import annotations

import re
import textwrap

from markdown_it.tree import SyntaxTreeNode

from lacnews.text import markdown
from lacnews.text.mergetags import HeldTags

WIDTH = 78


def wrap(text: str, width: int = WIDTH, first: str = "", rest: str | None = None) -> str:
    """Wrap ``text`` to ``width``, keeping hard line breaks and never splitting a word, URL or merge tag."""
    rest = first if rest is None else rest
    # a merge tag with a space in it (*|DATE:d/m Y|*) is held as one word as wide as itself; most text has no
    # tag, and holding none costs more than the wrapping
    held = HeldTags(text, keep_width=True, holds=_has_space) if "*|" in text else None
    lines: list[str] = []
    for number, line in enumerate((held.text if held else text).split("\n")):
        prefix = first if number == 0 else rest
        if _fits(line, width - len(prefix)):
            lines.append(prefix + line)  # what textwrap would make of it, without its machinery
            continue
        wrapped = textwrap.wrap(line, width=width, initial_indent=prefix, subsequent_indent=rest,
                                break_long_words=False, break_on_hyphens=False)
        lines.extend(wrapped or [prefix.rstrip()])
    return held.restore("\n".join(lines)) if held else "\n".join(lines)


# What textwrap takes for whitespace: it turns each into a space, and drops it at the end of a line.
_TEXTWRAP_SPACE = frozenset("\t\n\x0b\x0c\r ")
_TEXTWRAP_CHANGES = re.compile("[\t\n\x0b\x0c\r]")


def _fits(line: str, room: int) -> bool:
    """Whether textwrap would give ``line`` back as it is, on one line of ``room`` characters."""
    return (0 < len(line) <= room and line[-1] not in _TEXTWRAP_SPACE
            and _TEXTWRAP_CHANGES.search(line) is None)


def _has_space(tag: str) -> bool:
    return any(character.isspace() for character in tag)


def link(text: str, url: str, title: str = "") -> str:
    """Return a link as plain text: "text (address)", or the bare address when they match.

    A link's title (a tooltip in HTML) follows its words: "text – title (address)".
    """
    text = text.strip()
    if title.strip():
        text = f"{text} – {title.strip()}" if text else title.strip()
    bare = url.split(":", 1)[1] if url.startswith(("mailto:", "tel:")) else url
    if not text or text in (url, bare):
        return bare
    return f"{text} ({url})"


def heading(text: str, underline: str = "=") -> str:
    """Return a heading set apart by an underline as long as its longest line."""
    wrapped = wrap(text.strip())
    return f"{wrapped}\n{underline * max(len(line) for line in wrapped.splitlines())}"


def from_markdown(text: str, width: int = WIDTH) -> str:
    """Return markdown ``text`` as wrapped plain text."""
    tree = SyntaxTreeNode(markdown.parse(text))
    return _blocks(tree.children, width, tight=False)


def inline_from_markdown(text: str) -> str:
    """Return markdown ``text`` as one unwrapped paragraph of plain text."""
    tree = SyntaxTreeNode(markdown.parse(text))
    return " ".join(_blocks(tree.children, 10_000, tight=True).split("\n"))


def _blocks(nodes, width: int, tight: bool) -> str:
    parts = [_block(node, width) for node in nodes]
    return ("\n" if tight else "\n\n").join(part for part in parts if part)


def _block(node: SyntaxTreeNode, width: int) -> str:
    kind = node.type
    if kind in ("paragraph", "heading"):
        return wrap(_inline(node.children[0]), width)
    if kind in ("bullet_list", "ordered_list"):
        start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else None
        tight = all(child.hidden for item in node.children for child in item.children
                    if child.type == "paragraph")
        entries = []
        for number, item in enumerate(node.children, start or 0):
            marker = f"{number}. " if start is not None else "* "
            body = _blocks(item.children, width - len(marker), tight)
            lines = body.split("\n")
            entries.append("\n".join([marker + lines[0]] +
                                     [(" " * len(marker) + line) if line else "" for line in lines[1:]]))
        return ("\n" if tight else "\n\n").join(entries)
    if kind == "blockquote":
        body = _blocks(node.children, width - 2, tight=False)
        return "\n".join(f"> {line}" if line else ">" for line in body.split("\n"))
    if kind in ("fence", "code_block"):
        info = [node.info.strip()] if kind == "fence" and node.info.strip() else []  # ```python: say what it is
        return "\n".join("    " + line for line in info + node.content.rstrip("\n").split("\n"))
    if kind == "hr":
        return "-" * 20
    return wrap(node.content, width) if node.content else ""


def _inline(node: SyntaxTreeNode) -> str:
    out: list[str] = []
    for child in node.children:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "link":
            out.append(link(_inline(child), child.attrs.get("href", ""), child.attrs.get("title", "")))
        elif kind == "image":
            out.append(link(child.content, child.attrs.get("src", ""), child.attrs.get("title", "")))
        elif child.children:
            out.append(_inline(child))
        else:
            out.append(child.content)
    return "".join(out)
