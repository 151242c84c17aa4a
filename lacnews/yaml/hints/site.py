"""Where a syntax error stopped YAML, and the text around it as the finders of its causes read it."""

from __future__ import annotations

import yaml

from lacnews.yaml.hints.lines import (
    BLOCK_INDICATORS,
    Document,
    KeyLine,
    indent_of,
    key_line,
)


class ErrorSite:
    """The place of one syntax error in a document, the tokens read before it, and what is written around it."""

    def __init__(self, document: Document, tokens: list, at: tuple[int, int], context_at: tuple[int, int]):
        self.document = document
        self.tokens = tokens
        self.line, self.column = at
        self.context_line, self.context_column = context_at

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
                width = indent_of(self.document.line(first)) if first is not None else found.column + 2
                return (other, found, width) if width > found.column else None
            indent = indent_of(content)
            lowest = indent if lowest is None else min(lowest, indent)
            if lowest == 0:
                return None
        return None

    def _indents_above(self, line: int, dash: bool, children: bool = False) -> list[int]:
        """Return the columns the fields (or the dashes) above ``line`` start at, nearest first.

        With ``children`` (a line indented with a tab, whose width is unknown) the columns of the
        nearest field's own fields come first: two spaces further in.
        """
        here = -1 if children else indent_of(self.document.line(line))
        widths: list[int] = []
        for other in self.document.above(line):
            content = self.document.line(other)
            found = key_line(content)
            if found is None and content.lstrip().startswith("- "):
                found = KeyLine(indent_of(content), -1, "", len(content))  # an item of text: only its dash counts
            if found is None:
                continue
            own = (found.column + 2,) if children and not widths and found.value >= len(self.document.line(other)) \
                else ()
            for width in own + ((found.dash, found.column) if dash else (found.column, found.dash)):
                if width >= 0 and width != here and width not in widths:
                    widths.append(width)
            if indent_of(self.document.line(other)) == 0 or len(widths) >= 4:
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
