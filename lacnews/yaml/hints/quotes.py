"""Mistakes in quotes and brackets: a value that starts with a character YAML reads as something else, text
after a closing quote, a quote left open, and a # or a colon inside { } or [ ]."""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from lacnews.yaml.hints.lines import (
    STARTS,
    Candidate,
    KeyLine,
    end_of_entry,
    end_of_word,
    in_quotes,
    indent_of,
    key_line,
    named,
    quote_value,
    shortened,
    skip_spaces,
    without_comment,
)
from lacnews.yaml.hints.site import ErrorSite


class QuoteMistakes(ErrorSite):
    """The causes of a syntax error in quotes, brackets and a value's first character, each a candidate."""

    def _starts_with(self, line: int, column: int, found: KeyLine) -> Candidate:
        content = self.document.line(line)
        character = content[column]
        what = f"{named(found.key) if found.key else 'this item'} starts with {character}, which YAML reads as " \
               f"{STARTS.get(character, 'something other than text')}"
        if content.startswith("*|", column):
            end = content.find("|*", column + 2)
            tag = content[column:end + 2] if end > 0 else "*|"
            what = (f"{named(found.key) if found.key else 'this item'} starts with the merge tag {tag}, and YAML "
                    f"reads a * at the start of a value as {STARTS['*']}")
        quoted = quote_value(self.document, line, column, found.column if found.key else found.dash)
        if quoted is None:
            return Candidate(line, column, what)
        changes, shown = quoted
        return Candidate(line, column, what, f"put {named(found.key) if found.key else 'it'} in quotes: {shown}",
                         changes)

    def _text_after_quotes(self, scalar) -> Iterator[Candidate]:
        """Text after the closing quote of a value: an apostrophe closed it early, or only part was quoted."""
        line, opening = self.document.position(scalar.start_mark.index)
        _, end = self.document.position(scalar.end_mark.index)
        content = self.document.line(line)
        found = key_line(content)
        if found is None or found.value != opening:
            return
        value = without_comment(content[opening:])
        quote = content[opening]
        if content.startswith(quote * 2, opening) and end == opening + 2:
            mended = content[:opening] + content[opening + 1:]
            yield Candidate(line, opening, f"{named(found.key)} starts with two quotes ({quote * 2}) where one is "
                                           "meant", f"delete one: {shortened(mended[found.column:])}", {line: mended})
        if quote == "'":
            inner = value[1:-1] if len(value) > 1 and value.endswith("'") else value[1:]
            word = content[max(content.rfind(" ", 0, end - 1) + 1, opening + 1):end_of_word(content, end)]
            what = (f"the apostrophe in {word} closes the single quotes that start {named(found.key)}, so YAML "
                    "does not know what to do with the rest")
            mended = content[:opening] + in_quotes(inner)
            yield Candidate(line, end - 1, what, f"put {named(found.key)} in double quotes: "
                                                 f"{shortened(mended[found.column:])}", {line: mended})
        else:
            quoted_part = content[opening:end]
            what = (f"the quotes around {quoted_part} close before {named(found.key)} ends, so YAML does not know "
                    "what to do with the rest")
            mended = content[:opening] + "'" + value.replace("'", "''") + "'"
            yield Candidate(line, end - 1, what, f"put the whole of {named(found.key)} in single quotes: "
                                                 f"{shortened(mended[found.column:])}", {line: mended})

    def _unclosed(self, line: int, column: int, reads_to: str) -> Iterator[Candidate]:
        content = self.document.line(line)
        quote = content[column:column + 1]
        found = key_line(content)
        who = named(found.key) if found and found.value == column else "the text"
        what = f"the quote {quote} at the start of {who} is not closed on its line, so YAML reads on to {reads_to}"
        if content.count(quote, column) != 1:
            yield Candidate(line, column, f"the quotes {quote} of {who} do not pair up, so YAML reads on to "
                                          f"{reads_to}")
            return
        end = len(content.rstrip())
        mended = content[:end] + quote + content[end:]
        shown = mended[found.column:end + 1] if found else mended[column:end + 1]
        yield Candidate(line, column, what, f"close it at the end of the line: {shortened(shown)}", {line: mended},
                        certain=True)

    def _hashtag_in_flow(self, line: int, opening: int, hashtag: int) -> Candidate:
        content = self.document.line(line)
        entry = max(content.rfind(",", opening, hashtag), opening) + 1
        colon = content.find(": ", entry, hashtag)
        start = skip_spaces(content, colon + 2) if colon >= 0 else skip_spaces(content, entry)
        closing = "}" if content[opening] == "{" else "]"
        end = end_of_entry(content, hashtag, closing)
        value = content[start:end].rstrip()
        mended = content[:start] + in_quotes(value) + content[start + len(value):]
        word = content[hashtag:end_of_word(content, hashtag)]
        key = content[entry:colon].strip() if colon >= 0 else ""
        found = key_line(content)
        shown = mended[found.column:] if found else mended.strip().lstrip("- ")
        return Candidate(line, hashtag, f"the # of {word} starts a comment, which hides the rest of the line, "
                                        f"{closing} included",
                         f"put {named(key) if key else 'the text'} in quotes: {shortened(shown)}", {line: mended})

    def _colon_in_flow(self, line: int, opening: int) -> Iterator[Candidate]:
        content = self.document.line(line)
        closing = "}" if content[opening] == "{" else "]"
        entry = max(content.rfind(",", opening, self.column), opening) + 1
        colon = content.find(": ", entry, self.column)
        if colon < 0:
            return
        start = skip_spaces(content, colon + 2)
        end = end_of_entry(content, self.column, closing)
        value = content[start:end].rstrip()
        mended = content[:start] + in_quotes(value) + content[start + len(value):]
        key = content[entry:colon].strip()
        found = key_line(content)
        shown = mended[found.column:] if found else mended.strip().lstrip("- ")
        yield Candidate(line, self.column, f"{named(key)} {value!r} has a colon followed by a space, which YAML reads "
                                           "as a new field", f"put {named(key)} in quotes: {shortened(shown)}",
                        {line: mended})

    def _text_as_flow(self) -> Iterator[Candidate]:
        """A text written on the lines below its field that starts with [ or {, as a Markdown link does."""
        opening = next((token for token in reversed(self.tokens)
                        if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken))), None)
        if opening is None:
            return
        line, column = self.document.position(opening.start_mark.index)
        above = next(self.document.above(line), None)
        found = key_line(self.document.line(above)) if above is not None else None
        if column != indent_of(self.document.line(line)) or found is None \
                or found.value < len(self.document.line(above).rstrip()):
            return
        character = self.document.line(line)[column]
        header = self.document.line(above).rstrip()
        yield Candidate(above, len(header), f"the text of {found.key}: (on the lines below it) starts with "
                                            f"{character}, which YAML reads as {STARTS[character]}",
                        f"make it a block of text: {found.key}: >-", {above: header + " >-"})
