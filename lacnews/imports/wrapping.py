"""Markdown wrapped as an editor writes it in an issue: lines of about the block's width, each long line
broken only at a single space, never inside a link, a merge tag, a code span or an address, and never
where the next line would start a list, a quote or a heading.

Only a line longer than the width is broken, and only into lines: lines are never joined, so a hard
line break (a backslash or two spaces at a line's end) stays one, and a list item's or a quote's
further lines carry its indentation or its ``>``. A break is a soft line break, which every output
reads as the space it replaces; ``wrap_markdown`` renders both texts (``_html``, the original once) and
keeps the wrapped one only if they render alike, else only the lines whose breaks change nothing.

`lacnews add` writes every Markdown field it adds (from a Word document, a web article or pasted text)
through here, as wide as lacnews.yaml.edit says the field's block has room for.
"""

from __future__ import annotations

import re

from lacnews.text.markdown import parse_anew, parser
from lacnews.text.mergetags import MERGE_TAG

# What starts a line's content: quote marks, the indentation, a list item's marker.
_QUOTE = re.compile(r" {0,3}> ?")
_LIST_MARKER = re.compile(r" {0,3}(?:[-+*]|[0-9]{1,9}[.)])(?: +|$)")
_INDENTATION = re.compile(r" *")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile("`+")
MAX_TRIALS = 50  # lines tried one by one, each a parse of the whole text, where the whole could not be wrapped
# A word that would begin a block of its own at a line's start: a list item ("-", "1."), a heading ("##"),
# a rule or a heading's underline ("---", "==="), a quote (">..."), a fence.
_BLOCK_START = re.compile(r"[-+*_=]+|[0-9]{1,9}[.)]|#{1,6}|>.*|```.*|~~~.*", re.DOTALL)


def wrap_markdown(markdown: str, width: int) -> str:
    """Return ``markdown`` with each line longer than ``width`` broken at spaces where a break changes
    nothing a reader sees; a line whose breaks would change something (Markdown this reading of it
    misjudges) is left as it was."""
    lines = markdown.split("\n")
    if all(len(line) <= width for line in lines):
        return markdown
    wrapped = _wrapped_lines(lines, width)
    text = "\n".join(line for broken in wrapped for line in broken)
    if text == markdown:
        return text
    original = _html(markdown)  # rendered once, for every trial below
    if _html(text) == original:
        return text
    chosen = [[line] for line in lines]  # each line's breaks on their own, kept where they change nothing
    if sum(len(broken) > 1 for broken in wrapped) > MAX_TRIALS:
        return markdown
    for index, broken in enumerate(wrapped):
        if len(broken) > 1:
            trial = chosen[:index] + [broken] + chosen[index + 1:]
            if _html("\n".join(line for each in trial for line in each)) == original:
                chosen = trial
    return "\n".join(line for broken in chosen for line in broken)


def _wrapped_lines(lines: list[str], width: int) -> list[list[str]]:
    """Return each line as the lines it is broken into: code (between fences) and short lines as they are."""
    wrapped: list[list[str]] = []
    fence: str | None = None
    for line in lines:
        prefix, continuation = _line_start(line)
        content = line[len(prefix):]
        opening = _FENCE.match(content)
        if fence is not None:  # code is written as it is, to its closing fence
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not content[opening.end():].strip():
                fence = None
            wrapped.append([line])
        elif opening:
            fence = opening.group(1)
            wrapped.append([line])
        elif len(line) <= width:
            wrapped.append([line])
        else:
            wrapped.append(_broken(prefix, continuation, content, width))
    return wrapped


def _html(markdown: str) -> str:
    md = parser()
    tokens = parse_anew(markdown)  # a trial's own tokens, which the shared cache of parsed texts never holds
    for token in tokens:
        for child in token.children or ():
            if child.type == "softbreak":
                child.type, child.content = "text", " "
    return md.renderer.render(tokens, md.options, {})


def _line_start(line: str) -> tuple[str, str]:
    """Return what starts ``line`` before its words (quote marks, indentation, list markers), and what starts
    the lines it is broken into: the same quote marks, and spaces for the list markers."""
    prefix, continuation = "", ""
    at = 0
    while True:
        quote = _QUOTE.match(line, at)
        marker = _LIST_MARKER.match(line, at) if not quote else None
        if quote:
            prefix += quote.group()
            continuation += quote.group().lstrip(" ")
            continuation = continuation if continuation.endswith(" ") else continuation + " "
            at = quote.end()
        elif marker and marker.end() < len(line):
            prefix += marker.group()
            continuation += " " * len(marker.group())
            at = marker.end()
        else:
            spaces = _INDENTATION.match(line, at).group()
            return prefix + spaces, continuation + spaces


def _broken(prefix: str, continuation: str, content: str, width: int) -> list[str]:
    """Return ``content`` in lines that fit ``width`` where its breaks allow, the first after ``prefix``."""
    pieces = _pieces(content)
    lines: list[str] = []
    line = prefix + pieces[0]
    for piece in pieces[1:]:
        if len(line) + 1 + len(piece) <= width:
            line += " " + piece
        else:
            lines.append(line)
            line = continuation + piece
    lines.append(line)
    return lines


def _pieces(content: str) -> list[str]:
    """Return ``content`` cut at each space where a line may break."""
    kept = _kept_whole(content)
    pieces: list[str] = []
    start = 0
    at = content.find(" ")
    while at >= 0:
        following = content.find(" ", at + 1)
        word = content[at + 1:following if following >= 0 else len(content)]
        if _breakable(content, at, kept) and not _BLOCK_START.fullmatch(word):
            pieces.append(content[start:at])
            start = at + 1
        at = following
    pieces.append(content[start:])
    return pieces


def _breakable(content: str, at: int, kept: list[bool]) -> bool:
    """Whether the space at ``at`` may become a line break: one space, outside what is kept whole, after no
    backslash (which would make the break a hard one)."""
    return 0 < at < len(content) - 1 and not kept[at] and content[at - 1] not in " \\" and content[at + 1] != " "


def _kept_whole(content: str) -> list[bool]:
    """Return, for each character of ``content``, whether it is inside what a break must not cut: a merge
    tag, a code span, a link or picture ([words](address)), an address in angle brackets.

    Every bracket is matched in one pass first, so that a line of thousands of brackets or backticks is
    read in linear time."""
    kept = [False] * len(content)
    tags = {match.start(): match.end() for match in MERGE_TAG.finditer(content)}
    escaped = _escaped(content)
    closing = {**_pairs(content, "[", "]", escaped), **_pairs(content, "(", ")", escaped)}
    code = _code_spans(content, escaped)
    angle = _angle_brackets(content, escaped)
    at = 0
    while at < len(content):
        character = content[at]
        end = tags.get(at) or code.get(at) or angle.get(at)
        if end is None and at not in escaped and (character == "[" or content.startswith("![", at)):
            words_end = closing.get(at + (character == "!"))
            if words_end is not None and content.startswith("(", words_end):
                end = closing.get(words_end)
        if end:
            kept[at:end] = [True] * (end - at)
            at = end
        else:
            at += 1
    return kept


def _escaped(content: str) -> set[int]:
    """Return the positions of the characters a backslash escapes."""
    escaped: set[int] = set()
    for at, character in enumerate(content):
        if character == "\\" and at not in escaped and at + 1 < len(content):
            escaped.add(at + 1)
    return escaped


def _pairs(content: str, opening: str, closing: str, escaped: set[int]) -> dict[int, int]:
    """Return, for each ``opening`` bracket that is closed, the index after its ``closing`` one."""
    pairs: dict[int, int] = {}
    open_at: list[int] = []
    for at, character in enumerate(content):
        if at in escaped:
            continue
        if character == opening:
            open_at.append(at)
        elif character == closing and open_at:
            pairs[open_at.pop()] = at + 1
    return pairs


def _code_spans(content: str, escaped: set[int]) -> dict[int, int]:
    """Return where each code span starts and the index after it: a run of backticks, to the next run of as
    many."""
    spans: dict[int, int] = {}
    waiting: dict[int, int] = {}  # a run's length: where the unclosed run of that length starts
    for run in _BACKTICKS.finditer(content):
        start = run.start() + (run.start() in escaped)  # an escaped backtick is text
        length = run.end() - start
        if not length:
            continue
        if length in waiting:
            opener = waiting.pop(length)
            spans[opener] = run.end()
            waiting = {size: at for size, at in waiting.items() if at < opener}  # runs inside a span are code
        else:
            waiting[length] = start
    return spans


def _angle_brackets(content: str, escaped: set[int]) -> dict[int, int]:
    """Return where each address in angle brackets starts (< with a > before any other <) and the index
    after it."""
    spans: dict[int, int] = {}
    opened: int | None = None
    for at, character in enumerate(content):
        if at in escaped:
            continue
        if character == "<":
            opened = at
        elif character == ">" and opened is not None:
            spans[opened] = at + 1
            opened = None
    return spans
