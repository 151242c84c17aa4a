"""A YAML file as lines, and the fixes of its mistakes: a fix is offered only once the file, so mended, parses.

What every hint stands on: the text as lines (``Document``), the line that starts a field (``key_line``),
the excerpt shown under a message with a caret (``excerpt``), a likely cause and its fix (``Candidate``),
and the choice among them (``choose``), which parses at most ``MAX_TRIES`` mended copies of a file.
"""

from __future__ import annotations

import bisect
import collections
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import yaml

from lacnews.text.characters import is_invisible

# Fixes are checked with the parser that reads the file first when lacnews loads it.
CHECK_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_TRIES = 8
"""Mended copies of one file parsed to check fixes: each parse reads the whole file."""
MAX_WALK = 400
"""Lines looked at above a mistake for the structure it belongs to."""
SHOWN_WIDTH = 100
"""The most characters of a line shown under a message; a longer line is shown around the caret."""
SHOWN_FIX = 90
"""The most characters of a mended line quoted in a message."""
WRAPPED = 40
"""A value at least this long may have been wrapped by hand onto the lines below it."""

BLOCK_INDICATORS = ("|", ">")
STRAY = (":", '"', "'", "`", ",", ".", ";")  # typed before a line's indentation by a slip of the hand
CURLY_QUOTES = {"“": "”", "‘": "’", "„": "“", "«": "»", "‚": "‘"}
STARTS = {  # what YAML takes a value starting with this character for
    "*": "a reference to another part of the file (an alias)",
    "&": "the name of a part of the file (an anchor)",
    "!": "a type tag",
    "@": "a character YAML reserves",
    "`": "a character YAML reserves",
    "%": "a directive",
    "[": "the start of a list",
    "{": "the start of a set of fields",
    "|": "the start of a block of text",
    ">": "the start of a block of text",
    "?": "the start of a field's name",
    "-": "the start of a list item",
}



@dataclass(frozen=True)
class Hint:
    """A mistake explained: where to change the file (0-based line and column) and what to do."""

    line: int
    column: int
    message: str


class Tries:
    """How many mended copies of a file may still be parsed to check a fix."""

    def __init__(self, limit: int = MAX_TRIES):
        self.left = limit

    def take(self) -> bool:
        if self.left <= 0:
            return False
        self.left -= 1
        return True


def excerpt(document: Document, line: int, column: int) -> str:
    """Return line ``line`` (0-based) of a file and a caret under ``column``, to show under a message."""
    content = document.line(line)
    column = max(0, min(column, len(content)))
    start = 0
    if len(content) > SHOWN_WIDTH:
        start = max(0, min(column - SHOWN_WIDTH * 2 // 3, len(content) - SHOWN_WIDTH))
    shown = content[start:start + SHOWN_WIDTH]
    before = "…" if start > 0 else ""
    after = "…" if start + SHOWN_WIDTH < len(content) else ""
    visible = "".join(_visible(character) for character in shown)
    pad = sum(_width(character) for character in before + visible[:column - start])
    number = str(line + 1)
    gutter = max(6, len(number))
    return f"{number:>{gutter}} | {before}{visible}{after}\n{'':>{gutter}} | {' ' * pad}^"


def _visible(character: str) -> str:
    """Return a character as shown in an excerpt: a tab as →, an invisible space as ·, a control character as �."""
    if character == "\t":
        return "→"
    if is_invisible(character):
        return "·"
    if unicodedata.category(character) in ("Cc", "Cs", "Zl", "Zp"):
        return "\ufffd"
    return character


def _width(character: str) -> int:
    if unicodedata.combining(character):
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


# --- lines ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyLine:
    """A line that starts a field: ``    - title: Zoom`` has dash 4, key "title" at 6 and its value at 13."""

    dash: int  # the column of the last "- " before the key, or -1
    column: int
    key: str
    value: int  # the column where the value starts; the line's length when there is none


def key_line(content: str) -> KeyLine | None:
    """Return the field a line starts (``key: value``, ``- key: value``, ``key:``), or None."""
    index, dash = skip_spaces(content, 0), -1
    while content.startswith("- ", index) or content[index:] == "-":
        dash, index = index, skip_spaces(content, index + 1)
    start = index
    while index < len(content) and (content[index].isalnum() or content[index] in "_-"):
        index += 1
    if index == start or not content.startswith(":", index) or content[index + 1:index + 2] not in ("", " ", "\t"):
        return None
    return KeyLine(dash, start, content[start:index], skip_spaces(content, index + 1))


def skip_spaces(content: str, index: int) -> int:
    while index < len(content) and content[index] == " ":
        index += 1
    return index


def indent_of(content: str) -> int:
    return skip_spaces(content, 0)


def without_comment(value: str) -> str:
    """Return a plain value without a trailing comment (a # after a space and before a space); hashtags stay."""
    index = value.find(" #")
    while index >= 0:
        if value[index + 2:index + 3] in ("", " ", "\t"):
            return value[:index].rstrip()
        index = value.find(" #", index + 2)
    return value.rstrip()


def block_value(document: Document, line: int, found: KeyLine) -> dict[int, str] | None:
    """Return the changes that turn the value after the field on ``line``, and its lines below, into a block of
    text (|), when some of those lines start with a dash (a list); None otherwise."""
    content = document.line(line)
    last = line
    while last + 1 < len(document) and document.line(last + 1).strip() \
            and indent_of(document.line(last + 1)) > found.column and last - line < MAX_WALK:
        last += 1
    below = range(line + 1, last + 1)
    if not any(document.line(number).lstrip().startswith("- ") for number in below):
        return None
    width = min(indent_of(document.line(number)) for number in below)
    return {line: content[:found.value].rstrip() + " |\n" + " " * width + content[found.value:].rstrip()}


def in_quotes(value: str) -> str:
    """Return ``value`` in double quotes, or in single quotes when it holds a double quote or a backslash."""
    if '"' in value or "\\" in value:
        return "'" + value.replace("'", "''") + "'"
    return f'"{value}"'


def spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"


def shortened(shown: str) -> str:
    """Return a mended line to quote in a message: whole, or its start and end, cut between words."""
    if len(shown) <= SHOWN_FIX:
        return shown
    head = shown[:SHOWN_FIX - 30]
    tail = shown[-25:]
    head = head[:head.rfind(" ")] if " " in head[10:] else head
    tail = tail[tail.find(" ") + 1:] if " " in tail[:-5] else tail
    return f"{head} … {tail}"


class Document:
    """The text of a YAML file as lines, with the mended copies a fix makes of it."""

    def __init__(self, text: str):
        self.text = text
        self.raw = text.split("\n")
        self.starts = [0]
        for line in self.raw[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self._keys: collections.Counter | None = None

    def __len__(self) -> int:
        return len(self.raw)

    def line(self, number: int) -> str:
        """Return line ``number`` (0-based) without its line break; "" past the end."""
        if not 0 <= number < len(self.raw):
            return ""
        return self.raw[number].rstrip("\r")

    def position(self, index: int) -> tuple[int, int]:
        """Return the 0-based line and column of the character at ``index``."""
        line = bisect.bisect_right(self.starts, index) - 1
        return line, index - self.starts[line]

    def mended(self, changes: dict[int, str]) -> str:
        """Return the text with each line numbered in ``changes`` replaced, keeping its line ending."""
        lines = list(self.raw)
        for number, content in changes.items():
            lines[number] = content + ("\r" if lines[number].endswith("\r") else "")
        return "\n".join(lines)

    def blank(self, number: int) -> bool:
        stripped = self.line(number).strip(" ")
        return not stripped or stripped.startswith("#")

    def above(self, number: int) -> Iterator[int]:
        """Yield the lines above ``number`` that hold something (not blank, not only a comment), nearest first."""
        for other in range(number - 1, max(-1, number - 1 - MAX_WALK), -1):
            if not self.blank(other):
                yield other

    def key_counts(self) -> collections.Counter:
        """Return how many lines start each field name: the file's own vocabulary of fields."""
        if self._keys is None:
            self._keys = collections.Counter(found.key for found in map(key_line, map(self.line, range(len(self))))
                                             if found)
        return self._keys


# --- candidate fixes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A likely cause at a place; with ``changes``, a fix that is offered only if the file then parses."""

    line: int
    column: int
    what: str  # what is wrong, named as the likely cause
    advice: str = ""  # the fix, as told to the editor
    changes: dict[int, str] | None = None
    certain: bool = False  # what is wrong is sure even if the fix does not parse (the file has another mistake)


def choose(document: Document, candidates: Iterable[Candidate], fallback: Hint, tries: Tries,
           error_line: int | None = None) -> Hint:
    """Return the first candidate whose fix makes the file parse (``first_error``), with its fix.

    Else, without a fix, the first that is sure, or whose fix takes the parser past ``error_line`` (where it
    gave up) to a mistake further on; else ``fallback``.
    """
    sure = None
    for candidate in candidates:
        if candidate.changes is None:
            return Hint(candidate.line, candidate.column, candidate.what)
        if not tries.take():
            break
        stopped = first_error(document.mended(candidate.changes))
        if stopped is None:
            return Hint(candidate.line, candidate.column, f"{candidate.what}; {candidate.advice}")
        past = error_line is not None and stopped > max(error_line, *candidate.changes)
        if sure is None and (candidate.certain or past):
            sure = Hint(candidate.line, candidate.column, candidate.what)
    return sure or fallback


def first_error(text: str) -> int | None:
    """Return the line (0-based) where ``text`` stops parsing or gives a field twice; None if it does neither."""
    loader = CHECK_LOADER(text)
    mappings: list[set | None] = []  # per open collection: the keys seen, or None for a list
    at_key: list[bool] = []
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                if mappings and mappings[-1] is not None:
                    if at_key[-1] and isinstance(event, yaml.ScalarEvent):
                        if event.value in mappings[-1]:
                            return event.start_mark.line
                        mappings[-1].add(event.value)
                    at_key[-1] = not at_key[-1]
                if isinstance(event, yaml.CollectionStartEvent):
                    mappings.append(set() if isinstance(event, yaml.MappingStartEvent) else None)
                    at_key.append(True)
            elif isinstance(event, yaml.CollectionEndEvent):
                mappings.pop()
                at_key.pop()
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line if mark else 0
    except yaml.YAMLError:
        return 0
    finally:
        loader.dispose()


def named(key: str) -> str:
    """Return how a message names the value of a field: "the title"."""
    return f"the {key}" if key.isascii() and key.isidentifier() else f"the value of {key}"


def is_field_name(key: str) -> bool:
    """Tell a field name of the format (lower-case words) from text that happens to hold a colon."""
    return key.isascii() and key == key.lower() and key.replace("-", "_").isidentifier()


def quote_value(document: Document, line: int, start: int, owner: int,
                unwrap: bool = False) -> tuple[dict[int, str], str] | None:
    """Return the changes that put the value starting at ``start`` of ``line`` in quotes, and how it then reads.

    The value goes on over the lines below indented more than ``owner`` (the column of its field or dash),
    each keeping its line; with ``unwrap``, its first and last characters (curly quotes) are left out.
    """
    content = document.line(line)
    parts = [without_comment(content[start:])]
    last = line
    while last + 1 < len(document) and document.line(last + 1).strip() \
            and indent_of(document.line(last + 1)) > owner and not document.line(last + 1).lstrip().startswith("#"):
        last += 1
        if last - line > MAX_WALK:
            return None
        parts.append(without_comment(document.line(last).strip()))
    if unwrap:
        parts[0] = parts[0][1:]
        parts[-1] = parts[-1][:-1]
    if not "".join(parts):
        return None
    whole = " ".join(parts)
    quote = "'" if '"' in whole or "\\" in whole else '"'
    if quote == "'":
        parts = [part.replace("'", "''") for part in parts]
    changes = {line: content[:start] + quote + parts[0]}
    for number in range(line + 1, last + 1):
        continuation = document.line(number)
        changes[number] = continuation[:indent_of(continuation)] + parts[number - line]
    changes[last] += quote
    shown = changes[line][max(owner, 0):].lstrip("- ").lstrip()
    if last > line:
        shown += " … " + changes[last].strip()
    return changes, shortened(shown)


def block_indicator(document: Document, line: int) -> str:
    """Return the | or > (with its - or +) that starts the block of text of the field on ``line``."""
    content = document.line(line)
    found = key_line(content)
    return without_comment(content[found.value:]) if found else ""


def expanded_width(indentation: str, stop: int) -> int:
    """Return the width of spaces and tabs with a tab stop every ``stop`` columns."""
    width = 0
    for character in indentation:
        width = (width // stop + 1) * stop if character == "\t" else width + 1
    return width


def end_of_word(content: str, index: int) -> int:
    """Return where the word at ``index`` ends, before a space or the punctuation after it."""
    while index < len(content) and not content[index].isspace() and content[index] not in ",}]":
        index += 1
    while content[index - 1:index] in (":", ".", ";", "!", "?"):
        index -= 1
    return index


def end_of_entry(content: str, index: int, closing: str) -> int:
    """Return where the entry of a { } or [ ] that holds ``index`` ends: at the next ", name:" or the last closing."""
    comma = content.find(", ", index) if closing == "}" else -1
    while comma >= 0:
        word_end = comma + 2
        while word_end < len(content) and (content[word_end].isalnum() or content[word_end] in "_-"):
            word_end += 1
        if word_end > comma + 2 and content.startswith(": ", word_end):
            return comma
        comma = content.find(", ", comma + 2)
    last = content.rfind(closing)
    return last if last > index else len(content)
