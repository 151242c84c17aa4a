"""Explain a YAML mistake where the editor made it: the line to change, the likely cause, a fix that parses.

PyYAML says where its parser gave up, which is often a line or two below the
mistake (for a quote left open, the end of the file), and says it in a parser's
words. Here the mistakes editors make most are recognised from the text around
that point. Each comes with a fix, and a fix is offered only once the file, so
mended, parses: otherwise the message says what is wrong and offers none.

Every scan reads a bounded stretch of lines once, without regular expressions,
and at most ``MAX_TRIES`` mended copies of a file are parsed to check fixes.
"""

from __future__ import annotations

import bisect
import collections
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

import yaml

from lacnews.text.characters import describe_invisible, is_invisible, replacement

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


class RecordingLoader(yaml.SafeLoader):
    """PyYAML's pure-Python loader, keeping the last tokens it read so that a syntax error can be explained."""

    def __init__(self, stream):
        super().__init__(stream)
        self.recent: collections.deque = collections.deque(maxlen=8)

    def get_token(self):
        token = super().get_token()
        self.recent.append(token)
        return token

    def last_tokens(self) -> list:
        """Return the tokens read last, then those scanned but not yet read."""
        return [*self.recent, *self.tokens]


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
    index, dash = _skip_spaces(content, 0), -1
    while content.startswith("- ", index) or content[index:] == "-":
        dash, index = index, _skip_spaces(content, index + 1)
    start = index
    while index < len(content) and (content[index].isalnum() or content[index] in "_-"):
        index += 1
    if index == start or not content.startswith(":", index) or content[index + 1:index + 2] not in ("", " ", "\t"):
        return None
    return KeyLine(dash, start, content[start:index], _skip_spaces(content, index + 1))


def _skip_spaces(content: str, index: int) -> int:
    while index < len(content) and content[index] == " ":
        index += 1
    return index


def _indent(content: str) -> int:
    return _skip_spaces(content, 0)


def _strip_comment(value: str) -> str:
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
            and _indent(document.line(last + 1)) > found.column and last - line < MAX_WALK:
        last += 1
    below = range(line + 1, last + 1)
    if not any(document.line(number).lstrip().startswith("- ") for number in below):
        return None
    width = min(_indent(document.line(number)) for number in below)
    return {line: content[:found.value].rstrip() + " |\n" + " " * width + content[found.value:].rstrip()}


def _quoted(value: str) -> str:
    """Return ``value`` in double quotes, or in single quotes when it holds a double quote or a backslash."""
    if '"' in value or "\\" in value:
        return "'" + value.replace("'", "''") + "'"
    return f'"{value}"'


def _spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"


def _short(shown: str) -> str:
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


def _name(key: str) -> str:
    """Return how a message names the value of a field: "the title"."""
    return f"the {key}" if key.isascii() and key.isidentifier() else f"the value of {key}"


def _field(key: str) -> bool:
    """Tell a field name of the format (lower-case words) from text that happens to hold a colon."""
    return key.isascii() and key == key.lower() and key.replace("-", "_").isidentifier()


def quote_value(document: Document, line: int, start: int, owner: int,
                unwrap: bool = False) -> tuple[dict[int, str], str] | None:
    """Return the changes that put the value starting at ``start`` of ``line`` in quotes, and how it then reads.

    The value goes on over the lines below indented more than ``owner`` (the column of its field or dash),
    each keeping its line; with ``unwrap``, its first and last characters (curly quotes) are left out.
    """
    content = document.line(line)
    parts = [_strip_comment(content[start:])]
    last = line
    while last + 1 < len(document) and document.line(last + 1).strip() \
            and _indent(document.line(last + 1)) > owner and not document.line(last + 1).lstrip().startswith("#"):
        last += 1
        if last - line > MAX_WALK:
            return None
        parts.append(_strip_comment(document.line(last).strip()))
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
        changes[number] = continuation[:_indent(continuation)] + parts[number - line]
    changes[last] += quote
    shown = changes[line][max(owner, 0):].lstrip("- ").lstrip()
    if last > line:
        shown += " … " + changes[last].strip()
    return changes, _short(shown)


# --- syntax errors ---------------------------------------------------------------------------------------


def explain_syntax_error(document: Document, error: yaml.MarkedYAMLError, tokens: list) -> Hint:
    """Return where the mistake behind PyYAML's ``error`` is, its likely cause and (if one parses) a fix.

    ``tokens`` are the last tokens the parser read before the error (``RecordingLoader.last_tokens``).
    """
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return Hint(0, 0, f"YAML cannot read this file: {problem or context}")
    line, column = document.position(mark.index)
    context_at = document.position(error.context_mark.index) if error.context_mark else (line, column)
    fallback = Hint(*_fallback_place(problem, context, (line, column), context_at),
                    _in_plain_words(problem, context))
    finder = _Finder(document, tokens, (line, column), context_at)
    if "found character '\\t'" in problem:
        candidates = finder.tab()
    elif problem == "mapping values are not allowed here":
        candidates = finder.colon()
    elif "could not find expected ':'" in problem:
        candidates = finder.no_colon()
    elif context.startswith("while scanning a quoted scalar") or "unexpected end of stream" in problem:
        candidates = finder.open_quote(*context_at)
    elif context.startswith("while scanning a double-quoted scalar"):
        candidates = finder.escape()
    elif context.startswith(("while parsing a flow mapping", "while parsing a flow sequence")):
        candidates = finder.flow(*context_at)
    elif problem.startswith("expected <block end>"):
        candidates = finder.misplaced(problem)
    elif problem.startswith("expected '<document start>'"):
        candidates = finder.document_start()
    elif context.startswith(("while scanning an alias", "while scanning an anchor", "while scanning a block scalar",
                             "while scanning a tag")) or "found undefined alias" in problem:
        candidates = finder.starts_with(*context_at)
    elif "that cannot start any token" in problem or problem in ("mapping keys are not allowed here",
                                                                 "sequence entries are not allowed here"):
        candidates = finder.starts_with(line, column)
    else:
        candidates = iter(())
    return choose(document, candidates, fallback, Tries(), error_line=line)


def _fallback_place(problem: str, context: str, at: tuple[int, int], context_at: tuple[int, int]) -> tuple[int, int]:
    if context.startswith(("while scanning a simple key", "while scanning a quoted scalar", "while parsing a flow",
                           "while scanning an alias", "while scanning an anchor")):
        return context_at
    return at


def _in_plain_words(problem: str, context: str) -> str:
    """Return PyYAML's complaint in an editor's words, for a mistake not recognised."""
    if problem == "mapping values are not allowed here":
        return "YAML reads this colon followed by a space as a field (name: value), but no field can start here"
    if "could not find expected ':'" in problem:
        return ("as YAML reads the lines around it, this line is neither a field (name: value), nor a list item "
                "(- ...), nor more of the text above it")
    if problem.startswith("expected <block end>"):
        return "this line does not line up with the lines above it: check its indentation"
    if "found character '\\t'" in problem:
        return "a tab (shown as →) is where YAML expects spaces: YAML indents with spaces only"
    if context.startswith("while scanning a quoted scalar"):
        return "this quote is not closed"
    if context.startswith("while parsing a flow mapping"):
        return "the set of fields in { } that starts here is not closed with } where YAML expects it"
    if context.startswith("while parsing a flow sequence"):
        return "the list in [ ] that starts here is not closed with ] where YAML expects it"
    return f"YAML cannot read this: {problem or context}"


class _Finder:
    """The likely causes of one syntax error, most likely first."""

    def __init__(self, document: Document, tokens: list, at: tuple[int, int], context_at: tuple[int, int]):
        self.document = document
        self.tokens = tokens
        self.line, self.column = at
        self.context_line, self.context_column = context_at

    # Each method below yields candidates for one kind of error.

    def tab(self) -> Iterator[Candidate]:
        content = self.document.line(self.line)
        indent_end = 0
        while indent_end < len(content) and content[indent_end] in " \t":
            indent_end += 1
        if self.column >= indent_end:
            mended = content[:self.column] + " " + content[self.column + 1:]
            yield Candidate(self.line, self.column, "a tab (shown as →) is where YAML expects a space",
                            "write a space instead", {self.line: mended}, certain=True)
            return
        what = "this line is indented with a tab (shown as → below), and YAML indents with spaces only"
        widths = self._indents_above(self.line, dash=content.startswith("-", indent_end), children=True)
        block = self._block_above(self.line)
        if content.startswith("#", indent_end):  # a comment: any indentation will do, that of the next line best
            below = next((n for n in range(self.line + 1, len(self.document)) if not self.document.blank(n)), None)
            widths = [_indent(self.document.line(below)) if below is not None else 0]
        elif block is not None:
            widths.insert(0, block[2])
        widths += [width for width in (2, 0) if width not in widths]  # the levels of an issue's sections
        # the width the editor saw first, where something above starts at it: a tab stop every 4 or 8 columns
        seen = [_expand(content[:indent_end], stop) for stop in (4, 8)]
        for width in sorted(widths, key=lambda width: seen.index(width) if width in seen else len(seen)):
            yield Candidate(self.line, self.column, what, f"indent it with {_spaces(width)} instead",
                            {self.line: " " * width + content[indent_end:]}, certain=True)
        yield Candidate(self.line, self.column, what)

    def colon(self) -> Iterator[Candidate]:
        """A colon followed by a space where no field can start."""
        scalar = self._last_scalar_before(self.document.starts[self.line] + self.column)
        if scalar is None:
            return
        first, first_column = self.document.position(scalar.start_mark.index)
        if scalar.style in ("'", '"') and first == self.line:
            yield from self._text_after_quotes(scalar)
            return
        if first == self.line:
            yield from self._colon_in_value(first_column)
            yield from self._line_typos(self.line)
            return
        # The value of the line `first` went on to this line, where a colon then came: the mistake is
        # a typo on the line that started it, this line's indentation, or a list under a field that has a value.
        yield from self._line_typos(first)
        yield from self._invisible_indent(range(first, self.line + 1))
        yield from self._invisible_above(first)
        found = key_line(self.document.line(first))
        here = key_line(self.document.line(self.line))
        dashed = any(self.document.line(number).lstrip().startswith("- ") for number in range(first + 1, self.line + 1))
        yield from self._commented_out(first, self.line)
        if found and found.value < len(self.document.line(first)) and dashed:
            yield self._list_under_value(first, found)
        if here and found and found.dash >= 0:
            yield from self._item_out_of_line(first, _indent(self.document.line(self.line)) - found.column)
        if here and here.column + len(here.key) == self.column:
            target = found.column if found else None
            if target is not None and target != _indent(self.document.line(self.line)) and here.dash < 0:
                yield self._reindent_key(self.line, target, first, found, more="so YAML reads it as more of "
                                         f"{_name(found.key)}'s text")
            for width in self._indents_above(self.line, dash=here.dash >= 0):
                if width != target:
                    yield self._reindent_key(self.line, width, None, None)
        elif found and found.value < len(self.document.line(first)):
            yield self._colon_in_long_value(first, found)

    def no_colon(self) -> Iterator[Candidate]:
        """A line YAML read as a new field, that has no colon: usually what is around it went wrong."""
        line = self.context_line
        yield from self._typos(line)
        yield from self._stray_first(line)
        yield from self._invisible_indent([line])
        yield from self._invisible_above(line)
        yield from self._continued_block(line)
        yield from self._comment_in_block(line)
        yield from self._missing_dash(line)
        yield from self._missing_colon(line)
        yield from self._continued_plain(line)

    def open_quote(self, line: int, column: int) -> Iterator[Candidate]:
        """A quote that is not closed on its line, so that YAML read on to the end of the file."""
        yield from self._unclosed(line, column, "the end of the file")

    def escape(self) -> Iterator[Candidate]:
        """A backslash in double quotes that is not one of YAML's escapes (\\n, \\t, \\\\ ...)."""
        line, start = self.context_line, self.context_column
        content = self.document.line(line)
        end = content.rfind('"')
        slash = content.rfind("\\", start, self.column + 1 if self.line == line else len(content))
        if end <= start or slash < 0:
            return
        inner = content[start + 1:end]
        mended = content[:start] + "'" + inner.replace("'", "''") + "'" + content[end + 1:]
        found = key_line(content)
        shown = mended[found.column:] if found else mended.strip()
        yield Candidate(line, slash, f"in double quotes a backslash starts an escape such as \\n, and "
                                     f"{content[slash:slash + 2]} is not one",
                        f"use single quotes, where a backslash is only a backslash: {_short(shown)}",
                        {line: mended}, certain=True)

    def flow(self, line: int, column: int) -> Iterator[Candidate]:
        """A { or [ whose set of fields or list YAML could not read to its end."""
        content = self.document.line(line)
        opening = content[column:column + 1]
        closing = "}" if opening == "{" else "]"
        found = key_line(content)
        hashtag = self._comment_in_flow(content, column)
        if hashtag is not None:
            yield self._hashtag_in_flow(line, column, hashtag)
        at_value = found is not None and found.value == column
        plain = closing not in content[column:] and ("," not in content[column:]) and ": " not in content[column:]
        if at_value and plain:
            yield self._starts_with(line, column, found)
        if self.line == line and content[self.column:self.column + 1] == ":":
            yield from self._colon_in_flow(line, column)
        if content.count(opening, column) > content.count(closing, column):
            end = len(_strip_comment(content)) if "#" in content else len(content.rstrip())
            mended = content[:end] + closing + content[end:]
            shown = mended[found.column:end + 1] if found else mended[column:end + 1]
            kind = "set of fields" if opening == "{" else "list"
            yield Candidate(line, end, f"the {kind} that starts with {opening} is not closed on its line",
                            f"end it with {closing}: {_short(shown)}", {line: mended})
        if at_value and not plain:
            yield self._starts_with(line, column, found)

    def misplaced(self, problem: str) -> Iterator[Candidate]:
        """A line that does not fit the structure above it ("expected <block end>, but found ...")."""
        line, column = self.line, self.column
        before = self._token_before(self.document.starts[line] + column)
        if isinstance(before, yaml.ScalarToken) and before.style in ("'", '"'):
            first, opening = self.document.position(before.start_mark.index)
            last, _ = self.document.position(before.end_mark.index)
            if first == line:
                yield from self._text_after_quotes(before)
                return
            if last > first:
                yield from self._unclosed(first, opening, f"line {line + 1}")
                return
        if isinstance(before, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
            start = self._flow_start_on(line)
            found = key_line(self.document.line(line))
            if start is not None and found and found.value == start:
                yield self._starts_with(line, start, found)
                return
            yield from self._text_as_flow()
        if isinstance(before, yaml.AliasToken):
            yield from self.starts_with(*self.document.position(before.start_mark.index))
            return
        yield from self._typos(line)
        yield from self._stray_first(line)
        yield from self._invisible_indent([line])
        yield from self._invisible_above(line)
        above = next(self.document.above(line), None)
        if above is not None:
            yield from self._line_typos(above)
            yield from self._commented_out(above, line)
            found = key_line(self.document.line(above))
            if problem.endswith(("'-'", "'<block sequence start>'")) and found \
                    and found.value < len(self.document.line(above)):
                yield self._list_under_value(above, found)
            if found and found.dash >= 0:
                yield from self._item_out_of_line(above, _indent(self.document.line(line)) - found.column)
            yield from self._items_disagree(above, line)
        yield from self._first_field_out_of_line(line)
        yield from self._missing_dash(line)
        yield from self._item_without_dash(line)
        yield from self._continued_block(line)
        yield from self._comment_in_block(line)
        if problem.endswith("'<scalar>'"):
            yield from self._continued_plain(line)
        here = key_line(self.document.line(line))
        for width in self._indents_above(line, dash=here is not None and here.dash >= 0
                                         or self.document.line(line).lstrip().startswith("-")):
            yield self._reindent_key(line, width, None, None)

    def document_start(self) -> Iterator[Candidate]:
        """The file's first field indented, or led by a stray character: YAML then reads the fields after it
        as a second document."""
        first = next((n for n in range(min(len(self.document), MAX_WALK)) if not self.document.blank(n)), None)
        if first is None:
            return
        content = self.document.line(first)
        yield from self._stray_first(first)
        if content[:1] in STRAY and content[1:2] == "#":
            yield Candidate(first, 0, f"the {content[0]} before this comment makes it text, which YAML cannot "
                                      "fit with the fields after it", "delete it", {first: content[1:]})
        if _indent(content):
            yield self._reindent_key(first, 0, None, None)

    def starts_with(self, line: int, column: int) -> Iterator[Candidate]:
        """A value whose first character means something to YAML (*, &, [, |, @ ...)."""
        content = self.document.line(line)
        found = key_line(content)
        if found and found.value == column:
            yield self._starts_with(line, column, found)
        elif content.lstrip().startswith("- ") and _skip_spaces(content, content.index("-") + 1) == column:
            dash = content.index("-")
            yield self._starts_with(line, column, KeyLine(dash, dash, "", column))
        elif column == _indent(content):
            # "* item" of a block of text: YAML reads it only because the block ended above it
            yield from self._continued_block(line)
            yield from self._comment_in_block(line)
            yield from self._invisible_above(line)

    # The causes, each a candidate.

    def _starts_with(self, line: int, column: int, found: KeyLine) -> Candidate:
        content = self.document.line(line)
        character = content[column]
        what = f"{_name(found.key) if found.key else 'this item'} starts with {character}, which YAML reads as " \
               f"{STARTS.get(character, 'something other than text')}"
        if content.startswith("*|", column):
            end = content.find("|*", column + 2)
            tag = content[column:end + 2] if end > 0 else "*|"
            what = (f"{_name(found.key) if found.key else 'this item'} starts with the merge tag {tag}, and YAML "
                    f"reads a * at the start of a value as {STARTS['*']}")
        quoted = quote_value(self.document, line, column, found.column if found.key else found.dash)
        if quoted is None:
            return Candidate(line, column, what)
        changes, shown = quoted
        return Candidate(line, column, what, f"put {_name(found.key) if found.key else 'it'} in quotes: {shown}",
                         changes)

    def _colon_in_value(self, start: int) -> Iterator[Candidate]:
        content = self.document.line(self.line)
        found = key_line(content)
        if found is None or found.value != start:
            # "- Note: this: that": a list item of text holding colons
            if content.lstrip().startswith("- "):
                dash = content.index("-")
                quoted = quote_value(self.document, self.line, _skip_spaces(content, dash + 1), dash)
                if quoted:
                    yield Candidate(self.line, self.column, "this item has a colon followed by a space, which YAML "
                                    "reads as a new field", f"put the item in quotes: {quoted[1]}", quoted[0])
            return
        if not _field(found.key) and found.dash >= 0:
            quoted = quote_value(self.document, self.line, found.column, found.dash)
            if quoted:
                yield Candidate(self.line, self.column, "this item has colons followed by a space, which YAML "
                                "reads as fields", f"put the item in quotes: {quoted[1]}", quoted[0])
        value = _strip_comment(content[start:])
        if value[:1] in CURLY_QUOTES and value[-1:] in CURLY_QUOTES.values():
            straight = quote_value(self.document, self.line, start, found.column, unwrap=True)
            if straight:
                yield Candidate(self.line, start, f"{_name(found.key)} is in curly quotes ({value[0]} "
                                f"{value[-1]}), which YAML does not count as quotes, so its colon followed by a space "
                                "reads as a new field", f"use straight quotes: {straight[1]}", straight[0])
        head = value[:self.column - start]
        shown_value = value if len(value) <= 60 else value[:40] + "…"
        what = (f'{_name(found.key)} "{shown_value}" has a colon followed by a space, which YAML reads as a new '
                "field") if head.strip() else \
            f"{_name(found.key)} starts with a colon, which YAML reads as a new field"
        if self.column >= len(content.rstrip()) - 1:
            what = f'{_name(found.key)} "{shown_value}" ends with a colon, which YAML reads as a new field'
        yield from self._as_block(self.line, found, what)
        quoted = quote_value(self.document, self.line, start, found.column)
        if quoted:
            yield Candidate(self.line, self.column, what, f"put {_name(found.key)} in quotes: {quoted[1]}",
                            quoted[0])

    def _as_block(self, line: int, found: KeyLine, what: str) -> Iterator[Candidate]:
        """A value written after its field and on over the lines below, holding a list (lines starting with - ):
        as a block of text (|) its lines stay lines."""
        changes = block_value(self.document, line, found)
        if changes is not None:
            yield Candidate(line, self.column, what, f"make {_name(found.key)} a block of text: {found.key}: | "
                                                     "with the text on the lines below it", changes)

    def _colon_in_long_value(self, first: int, found: KeyLine) -> Candidate:
        quoted = quote_value(self.document, first, found.value, found.column)
        what = (f"{_name(found.key)} (from line {first + 1}) goes on to this line, where a colon followed by a "
                "space reads as a new field")
        if quoted is None:
            return Candidate(self.line, self.column, what)
        return Candidate(self.line, self.column, what, f"put the whole of {_name(found.key)} in quotes: "
                                                       f"{quoted[1]}", quoted[0])

    def _text_after_quotes(self, scalar) -> Iterator[Candidate]:
        """Text after the closing quote of a value: an apostrophe closed it early, or only part was quoted."""
        line, opening = self.document.position(scalar.start_mark.index)
        _, end = self.document.position(scalar.end_mark.index)
        content = self.document.line(line)
        found = key_line(content)
        if found is None or found.value != opening:
            return
        value = _strip_comment(content[opening:])
        quote = content[opening]
        if content.startswith(quote * 2, opening) and end == opening + 2:
            mended = content[:opening] + content[opening + 1:]
            yield Candidate(line, opening, f"{_name(found.key)} starts with two quotes ({quote * 2}) where one is "
                                           "meant", f"delete one: {_short(mended[found.column:])}", {line: mended})
        if quote == "'":
            inner = value[1:-1] if len(value) > 1 and value.endswith("'") else value[1:]
            word = content[max(content.rfind(" ", 0, end - 1) + 1, opening + 1):_word_end(content, end)]
            what = (f"the apostrophe in {word} closes the single quotes that start {_name(found.key)}, so YAML "
                    "does not know what to do with the rest")
            mended = content[:opening] + _quoted(inner)
            yield Candidate(line, end - 1, what, f"put {_name(found.key)} in double quotes: "
                                                 f"{_short(mended[found.column:])}", {line: mended})
        else:
            quoted_part = content[opening:end]
            what = (f"the quotes around {quoted_part} close before {_name(found.key)} ends, so YAML does not know "
                    "what to do with the rest")
            mended = content[:opening] + "'" + value.replace("'", "''") + "'"
            yield Candidate(line, end - 1, what, f"put the whole of {_name(found.key)} in single quotes: "
                                                 f"{_short(mended[found.column:])}", {line: mended})

    def _unclosed(self, line: int, column: int, reads_to: str) -> Iterator[Candidate]:
        content = self.document.line(line)
        quote = content[column:column + 1]
        found = key_line(content)
        who = _name(found.key) if found and found.value == column else "the text"
        what = f"the quote {quote} at the start of {who} is not closed on its line, so YAML reads on to {reads_to}"
        if content.count(quote, column) != 1:
            yield Candidate(line, column, f"the quotes {quote} of {who} do not pair up, so YAML reads on to "
                                          f"{reads_to}")
            return
        end = len(content.rstrip())
        mended = content[:end] + quote + content[end:]
        shown = mended[found.column:end + 1] if found else mended[column:end + 1]
        yield Candidate(line, column, what, f"close it at the end of the line: {_short(shown)}", {line: mended},
                        certain=True)

    def _typos(self, line: int) -> Iterator[Candidate]:
        """A dash without its space (-title), or a colon without its space (title:York), on ``line``."""
        if line < 0:
            return
        content = self.document.line(line)
        indent = _indent(content)
        if content.startswith("-", indent) and content[indent + 1:indent + 2] not in ("", " ", "-", "\t"):
            mended = content[:indent + 1] + " " + content[indent + 1:]
            yield Candidate(line, indent, f"the dash of {content[indent:indent + 12].split(':')[0]!r} has no "
                                          "space after it, so YAML does not read it as starting a list item",
                            f"write {_short(mended.strip())}", {line: mended}, certain=True)
        start = indent + 2 if content.startswith("- ", indent) else indent
        start = _skip_spaces(content, start)
        index = start
        while index < len(content) and (content[index].isalnum() or content[index] in "_-"):
            index += 1
        word = content[start:index]
        if content.startswith(":", index) and content[index + 1:index + 2] not in ("", " ", "\t", ":") \
                and _field(word):
            mended = content[:index + 1] + " " + content[index + 1:]
            yield Candidate(line, index, f"the colon after {word} has no space after it, so YAML reads "
                                         f"{content[start:start + 30].strip()!r} as text rather than a field",
                            f"write {_short(mended[start:])}", {line: mended},
                            certain=content[index + 1] not in STRAY)
            if content[index + 1:].strip() in STRAY:
                mended = content[:index + 1]
                yield Candidate(line, index + 1, f"the {content[index + 1:].strip()} after {word}: is stray",
                                f"delete it: {mended[start:]}", {line: mended})

    def _line_typos(self, line: int) -> Iterator[Candidate]:
        """The slips that leave a line read as something else than the field or item it starts."""
        yield from self._typos(line)
        yield from self._stray_first(line)
        yield from self._missing_colon(line)

    def _stray_first(self, line: int) -> Iterator[Candidate]:
        """A character typed before a line's indentation (":      text"), which leaves the line not indented."""
        content = self.document.line(line)
        if content.strip() in STRAY:
            yield Candidate(line, _indent(content), f"this line holds only {content.strip()}, which YAML cannot "
                                                    "place", "delete the line", {line: ""})
        elif content[:1] in STRAY and content[1:2] == " ":
            what = (f"the {content[0]} at the start of this line comes before its indentation, so YAML reads the "
                    "line as not indented at all")
            yield Candidate(line, 0, what, "delete it", {line: content[1:]})
            yield Candidate(line, 0, what, "replace it with a space", {line: " " + content[1:]})

    def _invisible_above(self, line: int) -> Iterator[Candidate]:
        """A no-break space at the start of a line above, which YAML read as text, leaving lines below out of place."""
        for other in range(line - 1, max(-1, line - 1 - MAX_WALK), -1):
            content = self.document.line(other)
            if content[:1] != " " and content[:1] and not is_invisible(content[0]):
                return  # a line at the left edge: nothing above it is part of what went wrong
            mended = _mend_indent(content)
            if mended is not None:
                odd, fixed = mended
                yield Candidate(other, odd, f"the indentation of this line holds {describe_invisible(content[odd])}"
                                            " (shown as · below), which YAML does not count as a space",
                                _mend_advice(content[odd]), {other: fixed})
                return

    def _item_out_of_line(self, line: int, shift: int) -> Iterator[Candidate]:
        """An item (``- title: ...``) whose dash is a space or two off the dashes of its list, which the fields
        under it follow: the item, not they, is out of line."""
        content = self.document.line(line)
        dash = _indent(content)
        siblings = [width for width in self._indents_above(line, dash=True) if width < dash + abs(shift) + 2]
        if not shift or not content.startswith("-", dash) or dash + shift < 0 or dash in siblings:
            return
        if dash + shift in siblings:
            yield self._reindent_key(line, dash + shift, None, None)
        elif not self._items_before(line, dash):
            # the list's first item: out of line if its dash is not where the field holding the list puts it
            holder = next(self.document.above(line), None)
            found = key_line(self.document.line(holder)) if holder is not None else None
            if found is not None and dash not in (found.column, found.column + 2) \
                    and dash + shift in (found.column, found.column + 2):
                yield self._reindent_key(line, dash + shift, None, None)

    def _items_before(self, line: int, column: int) -> bool:
        """Tell whether items of the same list come before the item on ``line`` (dashes a space or two away)."""
        for other in self.document.above(line):
            content = self.document.line(other)
            indent = _indent(content)
            if content.startswith("- ", indent) and abs(indent - column) <= 2:
                return True
            if indent < column - 2 or (indent < column and not content.startswith("- ", indent)):
                return False
        return False

    def _items_disagree(self, above: int, line: int) -> Iterator[Candidate]:
        """Two items of a list, one after the other, whose dashes are not in line: the odd one is the one
        that disagrees with the item after them."""
        first, second = self.document.line(above), self.document.line(line)
        first_dash, second_dash = _indent(first), _indent(second)
        if not (first.startswith("- ", first_dash) and second.startswith("- ", second_dash)) \
                or first_dash == second_dash or abs(first_dash - second_dash) > 2:
            return
        after = next((n for n in range(line + 1, min(len(self.document), line + 40)) if not self.document.blank(n)
                      and self.document.line(n).lstrip().startswith("- ")), None)
        later = _indent(self.document.line(after)) if after is not None else None
        odd_first = [(above, second_dash), (line, first_dash)]
        for number, width in (odd_first if later == second_dash else odd_first[::-1]):
            yield self._reindent_key(number, width, None, None)

    def _first_field_out_of_line(self, line: int) -> Iterator[Candidate]:
        """A field above this one, of the same set, indented otherwise, where this line is indented as the set's
        fields should be (two spaces in from the field that holds them, or under the first field of an item)."""
        here = _indent(self.document.line(line))
        if key_line(self.document.line(line)) is None:
            return
        siblings = []
        for other in self.document.above(line):
            content = self.document.line(other)
            indent = _indent(content)
            if key_line(content) is not None and indent != here:
                siblings.append(other)
            if indent < here or len(siblings) > 2:
                break
        for sibling in siblings:
            content = self.document.line(sibling)
            found = key_line(content)
            if found.dash < 0 and self._children_column(sibling, min(here, found.column)) == here:
                yield Candidate(sibling, found.column, f"{found.key}: is indented {_spaces(found.column)}, unlike "
                                                       f"the field after it on line {line + 1} ({_spaces(here)})",
                                f"indent it {_spaces(here)}", {sibling: " " * here + content.lstrip(" ")})
                return

    def _children_column(self, line: int, below: int) -> int | None:
        """Return where the fields of the set holding ``line`` should start, from the line that holds the set:
        two spaces in from a field, or under the first field of an item."""
        for other in self.document.above(line):
            content = self.document.line(other)
            if _indent(content) < below:
                found = key_line(content)
                if found is None:
                    return None
                return found.column if found.dash >= 0 and found.value < len(content) else found.column + 2
        return None

    def _item_without_dash(self, line: int) -> Iterator[Candidate]:
        """A list whose first item lost its dash: its fields became the parent's, and the next item does not fit."""
        content = self.document.line(line)
        dash = _indent(content)
        if not content.startswith("- ", dash):
            return
        first = None
        for other in self.document.above(line):
            indent = _indent(self.document.line(other))
            if indent < dash + 2:
                break
            if indent == dash + 2:
                first = other
        else:
            return
        if first is None or key_line(self.document.line(first)) is None:
            return
        first_content = self.document.line(first)
        mended = first_content[:dash] + "- " + first_content[dash + 2:]
        yield Candidate(first, dash + 2, f"this item has no dash, so YAML reads its fields as those of the field "
                                         f"above it, and the item on line {line + 1} does not fit",
                        f"start it with a dash: {_short(mended.strip())}", {first: mended})

    def _comment_in_block(self, line: int) -> Iterator[Candidate]:
        """A comment less indented than the block of text (| or >) it is in, which ends the block there."""
        block = self._block_above(line)
        if block is None:
            return
        header, found, width = block
        for number in range(line - 1, header, -1):
            content = self.document.line(number)
            if content.lstrip().startswith("#") and _indent(content) < width:
                yield Candidate(number, _indent(content), f"this comment is less indented than the text of "
                                                          f"{found.key}: (line {header + 1}), so it ends that text, "
                                                          "and the lines after it are out of place",
                                f"indent it {_spaces(width)}, to make it part of the text, or delete it",
                                {number: " " * width + content.lstrip()})
                return

    def _commented_out(self, above: int, line: int) -> Iterator[Candidate]:
        """A field turned into a comment (``# items:``), leaving the list below it without a field."""
        for number in range(line - 1, above, -1):
            content = self.document.line(number)
            hash_at = content.find("#")
            if not content.lstrip().startswith("#"):
                continue
            # the # may have been typed over a space, or before the field, with or without a space after it
            for mended in (content[:hash_at] + content[hash_at + 1:], content[:hash_at] + " " + content[hash_at + 1:],
                           content[:hash_at] + content[hash_at + 2:]):
                found = key_line(mended)
                if found is not None and found.value >= len(mended.rstrip()):
                    yield Candidate(number, hash_at, f"{found.key}: is a comment, so the list below it belongs to no "
                                                     "field", f"delete the #: {found.key}:", {number: mended})
            return

    def _invisible_indent(self, lines: Iterable[int]) -> Iterator[Candidate]:
        for line in lines:
            content = self.document.line(line)
            mended = _mend_indent(content)
            if mended is not None:
                odd, fixed = mended
                yield Candidate(line, odd, f"the indentation of this line holds {describe_invisible(content[odd])}"
                                           " (shown as · below), which YAML does not count as a space",
                                _mend_advice(content[odd]), {line: fixed}, certain=True)
                return

    def _list_under_value(self, line: int, found: KeyLine) -> Candidate:
        content = self.document.line(line)
        value = _strip_comment(content[found.value:])
        mended = content[:found.value].rstrip()
        return Candidate(line, found.value, f"{found.key}: has both a value on its line ({value}) and a list below it, "
                                            "and a field holds one or the other",
                         f"delete {value!r} to give {found.key} the list: {mended.strip().lstrip('- ')}",
                         {line: mended})

    def _reindent_key(self, line: int, width: int, sibling_line: int | None, sibling: KeyLine | None,
                      more: str = "") -> Candidate:
        content = self.document.line(line)
        here = _indent(content)
        found = key_line(content)
        name = "this item" if content.startswith("-", here) else f"{found.key}:" if found else "this line"
        if sibling is not None and sibling_line is not None:
            what = (f"{name} is indented {_spaces(here)}, more than {sibling.key}: on line {sibling_line + 1}, "
                    f"{more}")
            like = f"like {sibling.key}:"
        else:
            what = f"{name} is indented {_spaces(here)}, which lines up with nothing above it"
            like = "to line up with the line above it"
            for other in self.document.above(line):
                other_key = key_line(self.document.line(other))
                if other_key and (other_key.column == width or other_key.dash == width):
                    like = f"like {'- ' if other_key.dash == width else ''}{other_key.key}: on line {other + 1}"
                    break
        advice = f"indent it {_spaces(width)}, {like}" if width else f"start it at the beginning of the line, {like}"
        return Candidate(line, here, what, advice, {line: " " * width + content[here:]})

    def _continued_block(self, line: int) -> Iterator[Candidate]:
        """A line of a block of text (|, >) indented less than the block's first line."""
        block = self._block_above(line)
        if block is None:
            return
        header, found, width = block
        here = _indent(self.document.line(line))
        if here >= width or (here <= found.column and key_line(self.document.line(line))):
            return  # a field no further in than the block's own: a field, not text
        changes, last = {}, line
        # the lines after it indented as little, up to a blank line or a field, go with it
        while last < len(self.document) and not self.document.blank(last) \
                and _indent(self.document.line(last)) == here \
                and (last == line or not key_line(self.document.line(last))):
            changes[last] = " " * width + self.document.line(last)[here:]
            last += 1
            if last - line > MAX_WALK:
                return
        first = next((n for n in range(header + 1, line) if not self.document.blank(n)), line)
        if len(changes) > 1 and first != line and all(_indent(self.document.line(n)) == here for n in changes) \
                and here > found.column:
            # the lines after agree with each other: the block's first line is the one out of line
            content = self.document.line(first)
            yield Candidate(first, here, f"the first line of {_name(found.key)} is indented {_spaces(width)}, more "
                                         f"than the lines after it ({_spaces(here)}), so YAML ends "
                                         f"{_name(found.key)} at line {line}",
                            f"indent it {_spaces(here)}", {first: " " * here + content.lstrip(" ")})
        more = f" (and the {len(changes) - 1} line{'s' if len(changes) > 2 else ''} after it)" if len(changes) > 1 \
            else ""
        if header == line - 1 or all(self.document.blank(n) for n in range(header + 1, line)):
            indicator = _block_indicator(self.document, header)
            yield Candidate(line, here, f"this line is the text of {found.key}: {indicator} (line {header + 1}) but "
                                        f"is indented {_spaces(here)}, no more than {found.key}: itself, so YAML "
                                        "reads it as a new field",
                            f"indent it{more} {_spaces(width)}", changes)
            return
        yield Candidate(line, here, f"this line goes on with {_name(found.key)} (from line {header + 1}) but is "
                                    f"indented {_spaces(here)}, less than the {_spaces(width)} of its first line, "
                                    f"so YAML ends {_name(found.key)} above it",
                        f"indent it{more} {_spaces(width)}, like the lines above", changes)

    def _continued_plain(self, line: int) -> Iterator[Candidate]:
        """A line going on with a value written after its field's name, indented no more than the field."""
        above = next(self.document.above(line), None)
        if above is None:
            return
        found = key_line(self.document.line(above))
        content = self.document.line(line)
        if found is None or found.value >= len(self.document.line(above)) or key_line(content):
            return
        value = self.document.line(above)[found.value:]
        if value[:1] in BLOCK_INDICATORS + ("'", '"', "[", "{") or len(value) < WRAPPED:
            return  # a short value is not text wrapped onto the next line
        width = found.column + 2
        here = _indent(content)
        if here >= width:
            return
        yield Candidate(line, here, f"this line goes on with {_name(found.key)} from line {above + 1} but is "
                                    f"indented {_spaces(here)}, no more than {found.key}: itself, so YAML reads it "
                                    "as a new field",
                        f"indent it {_spaces(width)}", {line: " " * width + content[here:]})

    def _missing_dash(self, line: int) -> Iterator[Candidate]:
        """A line at the column of the dashes of a list, without a dash of its own, like the items around it:
        text among items of text, a field among items of fields."""
        content = self.document.line(line)
        here = _indent(content)
        if content.startswith("-", here):
            return
        fields = key_line(content) is not None
        for other in self.document.above(line):
            other_content = self.document.line(other)
            if _indent(other_content) < here:
                return
            if _indent(other_content) == here:
                if not other_content.startswith("- ", here):
                    # the line below may be the list's next item
                    other = next((n for n in range(line + 1, min(len(self.document), line + 3))
                                  if not self.document.blank(n)), line)
                    other_content = self.document.line(other)
                if not other_content.startswith("- ", here) or (key_line(other_content) is not None) != fields:
                    return
                mended = content[:here] + "- " + content[here:]
                yield Candidate(line, here, "this line is among the items of a list but has no dash, so YAML "
                                            "does not read it as an item",
                                f"start it with a dash: {_short(mended.strip())}", {line: mended})
                return

    def _missing_colon(self, line: int) -> Iterator[Candidate]:
        content = self.document.line(line)
        start = _indent(content)
        if content.startswith("- ", start):
            start = _skip_spaces(content, start + 2)
        index = start
        while index < len(content) and (content[index].isalnum() or content[index] in "_-"):
            index += 1
        word, rest = content[start:index], content[index:].strip()
        if not _field(word) or (index < len(content) and content[index] != " "):
            return
        below = next((n for n in range(line + 1, min(len(self.document), line + 3)) if not self.document.blank(n)),
                     None)
        parent = below is not None and _indent(self.document.line(below)) > _indent(content)
        if not (rest[:1] in BLOCK_INDICATORS + ("'", '"', "[", "{") or self.document.key_counts()[word] >= 1
                or (parent and not rest)):
            return  # a word of text going on from the line above, more likely
        mended = content[:index] + ":" + content[index:]
        yield Candidate(line, index, f"{word} has no colon after it, so YAML does not read it as a field",
                        f"write {_short(mended[start:])}", {line: mended})

    def _hashtag_in_flow(self, line: int, opening: int, hashtag: int) -> Candidate:
        content = self.document.line(line)
        entry = max(content.rfind(",", opening, hashtag), opening) + 1
        colon = content.find(": ", entry, hashtag)
        start = _skip_spaces(content, colon + 2) if colon >= 0 else _skip_spaces(content, entry)
        closing = "}" if content[opening] == "{" else "]"
        end = _entry_end(content, hashtag, closing)
        value = content[start:end].rstrip()
        mended = content[:start] + _quoted(value) + content[start + len(value):]
        word = content[hashtag:_word_end(content, hashtag)]
        key = content[entry:colon].strip() if colon >= 0 else ""
        found = key_line(content)
        shown = mended[found.column:] if found else mended.strip().lstrip("- ")
        return Candidate(line, hashtag, f"the # of {word} starts a comment, which hides the rest of the line, "
                                        f"{closing} included",
                         f"put {_name(key) if key else 'the text'} in quotes: {_short(shown)}", {line: mended})

    def _colon_in_flow(self, line: int, opening: int) -> Iterator[Candidate]:
        content = self.document.line(line)
        closing = "}" if content[opening] == "{" else "]"
        entry = max(content.rfind(",", opening, self.column), opening) + 1
        colon = content.find(": ", entry, self.column)
        if colon < 0:
            return
        start = _skip_spaces(content, colon + 2)
        end = _entry_end(content, self.column, closing)
        value = content[start:end].rstrip()
        mended = content[:start] + _quoted(value) + content[start + len(value):]
        key = content[entry:colon].strip()
        found = key_line(content)
        shown = mended[found.column:] if found else mended.strip().lstrip("- ")
        yield Candidate(line, self.column, f"{_name(key)} {value!r} has a colon followed by a space, which YAML reads "
                                           "as a new field", f"put {_name(key)} in quotes: {_short(shown)}",
                        {line: mended})

    # Reading around the error.

    def _last_scalar_before(self, index: int):
        for token in reversed(self.tokens):
            if isinstance(token, yaml.ScalarToken) and token.start_mark.index < index:
                return token
        return None

    def _token_before(self, index: int):
        before = None
        for token in self.tokens:
            if token.start_mark.index >= index:
                break
            if not isinstance(token, (yaml.BlockEndToken, yaml.KeyToken, yaml.BlockMappingStartToken,
                                      yaml.BlockSequenceStartToken)):
                before = token
        return before

    def _text_as_flow(self) -> Iterator[Candidate]:
        """A text written on the lines below its field that starts with [ or {, as a Markdown link does."""
        opening = next((token for token in reversed(self.tokens)
                        if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken))), None)
        if opening is None:
            return
        line, column = self.document.position(opening.start_mark.index)
        above = next(self.document.above(line), None)
        found = key_line(self.document.line(above)) if above is not None else None
        if column != _indent(self.document.line(line)) or found is None \
                or found.value < len(self.document.line(above).rstrip()):
            return
        character = self.document.line(line)[column]
        header = self.document.line(above).rstrip()
        yield Candidate(above, len(header), f"the text of {found.key}: (on the lines below it) starts with "
                                            f"{character}, which YAML reads as {STARTS[character]}",
                        f"make it a block of text: {found.key}: >-", {above: header + " >-"})

    def _flow_start_on(self, line: int) -> int | None:
        for token in reversed(self.tokens):
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                found_line, column = self.document.position(token.start_mark.index)
                if found_line == line:
                    return column
        return None

    def _block_above(self, line: int) -> tuple[int, KeyLine, int] | None:
        """Return the field whose block of text (| or >) ``line`` seems part of, and that block's indentation."""
        lowest = None
        for other in self.document.above(line):
            content = self.document.line(other)
            found = key_line(content)
            if found and content[found.value:found.value + 1] in BLOCK_INDICATORS \
                    and (lowest is None or found.column < lowest):
                first = next((n for n in range(other + 1, line) if not self.document.blank(n)), None)
                width = _indent(self.document.line(first)) if first is not None else found.column + 2
                return (other, found, width) if width > found.column else None
            indent = _indent(content)
            lowest = indent if lowest is None else min(lowest, indent)
            if lowest == 0:
                return None
        return None

    def _indents_above(self, line: int, dash: bool, children: bool = False) -> list[int]:
        """Return the columns the fields (or the dashes) above ``line`` start at, nearest first.

        With ``children`` (a line indented with a tab, whose width is unknown) the columns of the
        nearest field's own fields come first: two spaces further in.
        """
        here = -1 if children else _indent(self.document.line(line))
        widths: list[int] = []
        for other in self.document.above(line):
            content = self.document.line(other)
            found = key_line(content)
            if found is None and content.lstrip().startswith("- "):
                found = KeyLine(_indent(content), -1, "", len(content))  # an item of text: only its dash counts
            if found is None:
                continue
            own = (found.column + 2,) if children and not widths and found.value >= len(self.document.line(other)) \
                else ()
            for width in own + ((found.dash, found.column) if dash else (found.column, found.dash)):
                if width >= 0 and width != here and width not in widths:
                    widths.append(width)
            if _indent(self.document.line(other)) == 0 or len(widths) >= 4:
                break
        return widths

    def _comment_in_flow(self, content: str, opening: int) -> int | None:
        """Return where a # starts a comment inside the { } or [ ] that opens at ``opening``, if one does."""
        quote = None
        for index in range(opening, len(content)):
            character = content[index]
            if quote:
                if character == quote:
                    quote = None
            elif character in "'\"" and content[index - 1] in "{[, :":
                quote = character
            elif character == "#" and content[index - 1] in " \t":
                rest = content[index:]
                return index if ("}" in rest or "]" in rest) else None
        return None


def _block_indicator(document: Document, line: int) -> str:
    """Return the | or > (with its - or +) that starts the block of text of the field on ``line``."""
    content = document.line(line)
    found = key_line(content)
    return _strip_comment(content[found.value:]) if found else ""


def _expand(indentation: str, stop: int) -> int:
    """Return the width of spaces and tabs with a tab stop every ``stop`` columns."""
    width = 0
    for character in indentation:
        width = (width // stop + 1) * stop if character == "\t" else width + 1
    return width


def _word_end(content: str, index: int) -> int:
    """Return where the word at ``index`` ends, before a space or the punctuation after it."""
    while index < len(content) and not content[index].isspace() and content[index] not in ",}]":
        index += 1
    while content[index - 1:index] in (":", ".", ";", "!", "?"):
        index -= 1
    return index


def _entry_end(content: str, index: int, closing: str) -> int:
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


# --- mistakes YAML accepts, found from the nodes ---------------------------------------------------------


def structure_hints(document: Document, root: yaml.Node | None, tries: Tries | None = None) -> list[Hint]:
    """Return the mistakes YAML reads without complaint but no editor means: a field name that starts with an
    invisible space, a value that starts with !word, and an item whose first field comes again (its dash was
    left out)."""
    if root is None:
        return []
    tries = tries or Tries()
    hints = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        if isinstance(node, yaml.ScalarNode):
            hint = None
            if node.tag.startswith("!") and not node.style:
                hint = _tagged(document, node, tries)
            elif not node.style and "\n" not in node.value and node.start_mark.line < node.end_mark.line:
                hint = _list_read_as_text(document, node, tries)
            if hint:
                hints.append(hint)
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value[:1] and is_invisible(key.value[0]) \
                        and not key.style:
                    hints.append(_invisible_key(document, key, tries))
                stack.extend((key, value))
        else:
            if not node.flow_style:
                for item in node.value:
                    hint = _missing_dash_in_item(document, node, item, tries)
                    if hint:
                        hints.append(hint)
            stack.extend(node.value)
    return hints


def _invisible_key(document: Document, key: yaml.ScalarNode, tries: Tries) -> Hint:
    line, column = document.position(key.start_mark.index)
    mended = _mend_indent(document.line(line))
    what = (f"the field name {key.value.strip()!r} starts with {describe_invisible(key.value[0])} (shown as · "
            "below), which YAML does not count as a space")
    if mended is None:
        return Hint(line, column, what)
    odd, content = mended
    return choose(document, [Candidate(line, odd, what, _mend_advice(key.value[0]), {line: content})],
                  Hint(line, odd, what), tries)


def _mend_indent(content: str) -> tuple[int, str] | None:
    """Return where the indentation of a line holds an invisible character, and the line with spaces instead."""
    index = 0
    while index < len(content) and (content[index] == " " or is_invisible(content[index])):
        index += 1
    odd = next((position for position in range(index) if content[position] != " "), None)
    if odd is None:
        return None
    # an invisible space becomes a space; a zero-width character goes
    return odd, "".join(replacement(c) for c in content[:index]) + content[index:]


def _mend_advice(character: str) -> str:
    return "replace it with an ordinary space" if replacement(character) else "delete it"


def _tagged(document: Document, node: yaml.ScalarNode, tries: Tries) -> Hint | None:
    """A value starting with ! followed by a word (!important): YAML takes the word for a type, and drops it."""
    line, column = document.position(node.start_mark.index)
    content = document.line(line)
    found = key_line(content)
    if found is None or found.value != column or not content.startswith("!", column):
        return None
    word = content[column:_word_end(content, column)]
    what = f"{_name(found.key)} starts with {word}, which YAML reads as {STARTS['!']}, not as text, and leaves out"
    quoted = quote_value(document, line, column, found.column)
    if quoted is None:
        return Hint(line, column, what)
    changes, shown = quoted
    return choose(document, [Candidate(line, column, what, f"put {_name(found.key)} in quotes: {shown}", changes)],
                  Hint(line, column, what), tries)


def _list_read_as_text(document: Document, node: yaml.ScalarNode, tries: Tries) -> Hint | None:
    """``body: Our news this month`` with ``- one`` and ``- two`` on the lines below: YAML reads the list as more
    of the text, a line of words with dashes in it. (A value of a word or two, ``contents: auto``, is left to the
    schema: it is more likely a value given by mistake.)"""
    line, column = document.position(node.start_mark.index)
    content = document.line(line)
    found = key_line(content)
    if found is None or found.value != column or len(content[column:].split()) < 3:
        return None
    changes = block_value(document, line, found)
    if changes is None:
        return None
    what = (f"the lines below {found.key}: that start with - are read as more of its text, on one line with it, "
            "not as a list")
    return choose(document, [Candidate(line, column, what, f"make {_name(found.key)} a block of text: {found.key}: | "
                                                            "with the text on the lines below it", changes)],
                  Hint(line, column, what), tries)


def _missing_dash_in_item(document: Document, sequence: yaml.SequenceNode, item: yaml.Node,
                          tries: Tries) -> Hint | None:
    if not isinstance(item, yaml.MappingNode) or item.flow_style or len(item.value) < 2:
        return None
    first = item.value[0][0]
    if not isinstance(first, yaml.ScalarNode):
        return None
    # A first field given again right after itself is written twice (the schema says so); given again after
    # other fields, it starts the next item.
    for key, _ in item.value[2:]:
        if isinstance(key, yaml.ScalarNode) and key.value == first.value \
                and key.start_mark.column == first.start_mark.column:
            line, column = document.position(key.start_mark.index)
            content = document.line(line)
            dash = sequence.start_mark.column
            if content[:column].strip() or column - dash < 2:
                return None
            mended = " " * dash + "-" + " " * (column - dash - 1) + content[column:]
            first_line = document.position(first.start_mark.index)[0] + 1
            what = (f"{key.value} comes a second time in this item (first at line {first_line}), as if this line "
                    "started a new item without its dash")
            return choose(document, [Candidate(line, column, what, f"start the new item with a dash: "
                                                                    f"{_short(mended.strip())}", {line: mended})],
                          Hint(line, column, f"{key.value}: this field is given twice in one item (first at line "
                                             f"{first_line})"), tries)
    return None


# --- mistakes that leave a value other than meant, found when the value is refused ---------------------


def _item_read_as_field(document: Document, node: yaml.MappingNode, tries: Tries) -> Hint | None:
    """``- Observatory sightings: the latest``, an item of text that YAML reads as a field for its colon."""
    if node.flow_style or len(node.value) != 1 or not isinstance(node.value[0][0], yaml.ScalarNode):
        return None
    key, value = node.value[0]
    if _field(key.value):
        return None  # a field's name: an item of fields meant as such
    line, column = document.position(key.start_mark.index)
    content = document.line(line)
    if key.style or document.position(value.end_mark.index)[0] != line or not content.lstrip().startswith("- ") \
            or _skip_spaces(content, _indent(content) + 1) != column:
        return None
    quoted = quote_value(document, line, column, _indent(content))
    if quoted is None:
        return None
    colon = column + len(key.value)
    candidate = Candidate(line, colon, f"the colon followed by a space after {key.value!r} makes YAML read a field "
                                       "here", f"put the line in quotes: - {quoted[1]}", quoted[0])
    hint = choose(document, [candidate], Hint(line, colon, ""), tries)
    return hint if hint.message else None


def value_hint(document: Document, node: yaml.Node, tries: Tries) -> Hint | None:
    """Return why YAML read ``node`` (a value the schema refused) other than the editor meant, if it is plain why.

    Three cases: ``title: #hashtag`` (the # starts a comment, so the title is empty), ``contents: auto`` with a
    list below it (the list's lines are read as more of the text), and ``- Sightings: the latest`` where a line
    of text was meant (the colon makes it a field).
    """
    if isinstance(node, yaml.MappingNode):
        return _item_read_as_field(document, node, tries)
    if not isinstance(node, yaml.ScalarNode) or node.style \
            or (node.value and node.start_mark.line == node.end_mark.line):
        return None
    line, column = document.position(node.start_mark.index)
    content = document.line(line)
    found = key_line(content)
    if found is None:
        return None
    if node.value == "":
        hashtag = found.value
        if not content.startswith("#", hashtag) or content[hashtag + 1:hashtag + 2] in ("", " ", "\t"):
            return None
        mended = content[:hashtag] + _quoted(content[hashtag:].rstrip())
        word = content[hashtag:_word_end(content, hashtag)]
        candidate = Candidate(line, hashtag, f"the # of {word} starts a comment, so YAML reads no "
                                             f"{found.key} here",
                              f"put {_name(found.key)} in quotes: {_short(mended[found.column:])}", {line: mended})
        hint = choose(document, [candidate], Hint(line, hashtag, ""), tries)
        return hint if hint.message else None
    end_line, _ = document.position(node.end_mark.index)
    if end_line > line and found.value == column:
        dashed = [n for n in range(line + 1, end_line + 1) if document.line(n).lstrip().startswith("- ")]
        if dashed:
            finder = _Finder(document, [], (line, column), (line, column))
            hint = choose(document, [finder._list_under_value(line, found)], Hint(line, column, ""), tries)
            if hint.message:
                return Hint(hint.line, hint.column, hint.message.replace(
                    "and a field holds one or the other",
                    "so YAML reads the lines starting with - as more of that text, not as a list", 1))
    return None
