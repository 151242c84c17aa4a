"""Explain a syntax error where the editor made it: the line to change, the likely cause, a fix that parses.

PyYAML says where its parser gave up, which is often a line or two below the
mistake (for a quote left open, the end of the file), and says it in a parser's
words. Here the mistakes editors make most are recognised from the text around
that point, by the kind of error PyYAML gives (``Finder``), each cause found by
the finders of its kind: fields (lacnews.yaml.hints.fields), quotes and brackets
(.quotes), indentation (.indentation).
"""

from __future__ import annotations

import collections
from collections.abc import Iterator

import yaml

from lacnews.yaml.hints.fields import FieldMistakes
from lacnews.yaml.hints.indentation import IndentationMistakes
from lacnews.yaml.hints.lines import (
    MAX_WALK,
    STRAY,
    Candidate,
    Document,
    Hint,
    KeyLine,
    Tries,
    choose,
    expanded_width,
    indent_of,
    key_line,
    named,
    shortened,
    skip_spaces,
    spaces,
    without_comment,
)
from lacnews.yaml.hints.quotes import QuoteMistakes


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
    finder = Finder(document, tokens, (line, column), context_at)
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


class Finder(FieldMistakes, QuoteMistakes, IndentationMistakes):
    """The likely causes of one syntax error, most likely first: each method yields them for one kind of error."""

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
            widths = [indent_of(self.document.line(below)) if below is not None else 0]
        elif block is not None:
            widths.insert(0, block[2])
        widths += [width for width in (2, 0) if width not in widths]  # the levels of an issue's sections
        # the width the editor saw first, where something above starts at it: a tab stop every 4 or 8 columns
        seen = [expanded_width(content[:indent_end], stop) for stop in (4, 8)]
        for width in sorted(widths, key=lambda width: seen.index(width) if width in seen else len(seen)):
            yield Candidate(self.line, self.column, what, f"indent it with {spaces(width)} instead",
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
            yield from self._item_out_of_line(first, indent_of(self.document.line(self.line)) - found.column)
        if here and here.column + len(here.key) == self.column:
            target = found.column if found else None
            if target is not None and target != indent_of(self.document.line(self.line)) and here.dash < 0:
                yield self._reindent_key(self.line, target, first, found, more="so YAML reads it as more of "
                                         f"{named(found.key)}'s text")
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
                        f"use single quotes, where a backslash is only a backslash: {shortened(shown)}",
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
            end = len(without_comment(content)) if "#" in content else len(content.rstrip())
            mended = content[:end] + closing + content[end:]
            shown = mended[found.column:end + 1] if found else mended[column:end + 1]
            kind = "set of fields" if opening == "{" else "list"
            yield Candidate(line, end, f"the {kind} that starts with {opening} is not closed on its line",
                            f"end it with {closing}: {shortened(shown)}", {line: mended})
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
                yield from self._item_out_of_line(above, indent_of(self.document.line(line)) - found.column)
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
        if indent_of(content):
            yield self._reindent_key(first, 0, None, None)

    def starts_with(self, line: int, column: int) -> Iterator[Candidate]:
        """A value whose first character means something to YAML (*, &, [, |, @ ...)."""
        content = self.document.line(line)
        found = key_line(content)
        if found and found.value == column:
            yield self._starts_with(line, column, found)
        elif content.lstrip().startswith("- ") and skip_spaces(content, content.index("-") + 1) == column:
            dash = content.index("-")
            yield self._starts_with(line, column, KeyLine(dash, dash, "", column))
        elif column == indent_of(content):
            # "* item" of a block of text: YAML reads it only because the block ended above it
            yield from self._continued_block(line)
            yield from self._comment_in_block(line)
            yield from self._invisible_above(line)
