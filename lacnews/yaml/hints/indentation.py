"""Mistakes in indentation: an invisible space or a tab in it, a line or an item out of line with those
around it, a line of a block of text (| or >) or of a long value indented too little, a comment that ends a
block of text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lacnews.text.characters import describe_invisible, is_invisible, replacement
from lacnews.yaml.hints.lines import (
    BLOCK_INDICATORS,
    MAX_WALK,
    WRAPPED,
    Candidate,
    KeyLine,
    block_indicator,
    indent_of,
    key_line,
    named,
    spaces,
)
from lacnews.yaml.hints.site import ErrorSite


class IndentationMistakes(ErrorSite):
    """The causes of a syntax error in the indentation of lines, each a candidate."""

    def _invisible_above(self, line: int) -> Iterator[Candidate]:
        """A no-break space at the start of a line above, which YAML read as text, leaving lines below out of place."""
        for other in range(line - 1, max(-1, line - 1 - MAX_WALK), -1):
            content = self.document.line(other)
            if content[:1] != " " and content[:1] and not is_invisible(content[0]):
                return  # a line at the left edge: nothing above it is part of what went wrong
            mended = mend_indent(content)
            if mended is not None:
                odd, fixed = mended
                yield Candidate(other, odd, f"the indentation of this line holds {describe_invisible(content[odd])}"
                                            " (shown as · below), which YAML does not count as a space",
                                mend_advice(content[odd]), {other: fixed})
                return

    def _invisible_indent(self, lines: Iterable[int]) -> Iterator[Candidate]:
        for line in lines:
            content = self.document.line(line)
            mended = mend_indent(content)
            if mended is not None:
                odd, fixed = mended
                yield Candidate(line, odd, f"the indentation of this line holds {describe_invisible(content[odd])}"
                                           " (shown as · below), which YAML does not count as a space",
                                mend_advice(content[odd]), {line: fixed}, certain=True)
                return

    def _item_out_of_line(self, line: int, shift: int) -> Iterator[Candidate]:
        """An item (``- title: ...``) whose dash is a space or two off the dashes of its list, which the fields
        under it follow: the item, not they, is out of line."""
        content = self.document.line(line)
        dash = indent_of(content)
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
            indent = indent_of(content)
            if content.startswith("- ", indent) and abs(indent - column) <= 2:
                return True
            if indent < column - 2 or (indent < column and not content.startswith("- ", indent)):
                return False
        return False

    def _items_disagree(self, above: int, line: int) -> Iterator[Candidate]:
        """Two items of a list, one after the other, whose dashes are not in line: the odd one is the one
        that disagrees with the item after them."""
        first, second = self.document.line(above), self.document.line(line)
        first_dash, second_dash = indent_of(first), indent_of(second)
        if not (first.startswith("- ", first_dash) and second.startswith("- ", second_dash)) \
                or first_dash == second_dash or abs(first_dash - second_dash) > 2:
            return
        after = next((n for n in range(line + 1, min(len(self.document), line + 40)) if not self.document.blank(n)
                      and self.document.line(n).lstrip().startswith("- ")), None)
        later = indent_of(self.document.line(after)) if after is not None else None
        odd_first = [(above, second_dash), (line, first_dash)]
        for number, width in (odd_first if later == second_dash else odd_first[::-1]):
            yield self._reindent_key(number, width, None, None)

    def _first_field_out_of_line(self, line: int) -> Iterator[Candidate]:
        """A field above this one, of the same set, indented otherwise, where this line is indented as the set's
        fields should be (two spaces in from the field that holds them, or under the first field of an item)."""
        here = indent_of(self.document.line(line))
        if key_line(self.document.line(line)) is None:
            return
        siblings = []
        for other in self.document.above(line):
            content = self.document.line(other)
            indent = indent_of(content)
            if key_line(content) is not None and indent != here:
                siblings.append(other)
            if indent < here or len(siblings) > 2:
                break
        for sibling in siblings:
            content = self.document.line(sibling)
            found = key_line(content)
            if found.dash < 0 and self._children_column(sibling, min(here, found.column)) == here:
                yield Candidate(sibling, found.column, f"{found.key}: is indented {spaces(found.column)}, unlike "
                                                       f"the field after it on line {line + 1} ({spaces(here)})",
                                f"indent it {spaces(here)}", {sibling: " " * here + content.lstrip(" ")})
                return

    def _children_column(self, line: int, below: int) -> int | None:
        """Return where the fields of the set holding ``line`` should start, from the line that holds the set:
        two spaces in from a field, or under the first field of an item."""
        for other in self.document.above(line):
            content = self.document.line(other)
            if indent_of(content) < below:
                found = key_line(content)
                if found is None:
                    return None
                return found.column if found.dash >= 0 and found.value < len(content) else found.column + 2
        return None

    def _comment_in_block(self, line: int) -> Iterator[Candidate]:
        """A comment less indented than the block of text (| or >) it is in, which ends the block there."""
        block = self._block_above(line)
        if block is None:
            return
        header, found, width = block
        for number in range(line - 1, header, -1):
            content = self.document.line(number)
            if content.lstrip().startswith("#") and indent_of(content) < width:
                yield Candidate(number, indent_of(content), f"this comment is less indented than the text of "
                                                          f"{found.key}: (line {header + 1}), so it ends that text, "
                                                          "and the lines after it are out of place",
                                f"indent it {spaces(width)}, to make it part of the text, or delete it",
                                {number: " " * width + content.lstrip()})
                return

    def _reindent_key(self, line: int, width: int, sibling_line: int | None, sibling: KeyLine | None,
                      more: str = "") -> Candidate:
        content = self.document.line(line)
        here = indent_of(content)
        found = key_line(content)
        name = "this item" if content.startswith("-", here) else f"{found.key}:" if found else "this line"
        if sibling is not None and sibling_line is not None:
            what = (f"{name} is indented {spaces(here)}, more than {sibling.key}: on line {sibling_line + 1}, "
                    f"{more}")
            like = f"like {sibling.key}:"
        else:
            what = f"{name} is indented {spaces(here)}, which lines up with nothing above it"
            like = "to line up with the line above it"
            for other in self.document.above(line):
                other_key = key_line(self.document.line(other))
                if other_key and (other_key.column == width or other_key.dash == width):
                    like = f"like {'- ' if other_key.dash == width else ''}{other_key.key}: on line {other + 1}"
                    break
        advice = f"indent it {spaces(width)}, {like}" if width else f"start it at the beginning of the line, {like}"
        return Candidate(line, here, what, advice, {line: " " * width + content[here:]})

    def _continued_block(self, line: int) -> Iterator[Candidate]:
        """A line of a block of text (|, >) indented less than the block's first line."""
        block = self._block_above(line)
        if block is None:
            return
        header, found, width = block
        here = indent_of(self.document.line(line))
        if here >= width or (here <= found.column and key_line(self.document.line(line))):
            return  # a field no further in than the block's own: a field, not text
        changes, last = {}, line
        # the lines after it indented as little, up to a blank line or a field, go with it
        while last < len(self.document) and not self.document.blank(last) \
                and indent_of(self.document.line(last)) == here \
                and (last == line or not key_line(self.document.line(last))):
            changes[last] = " " * width + self.document.line(last)[here:]
            last += 1
            if last - line > MAX_WALK:
                return
        first = next((n for n in range(header + 1, line) if not self.document.blank(n)), line)
        if len(changes) > 1 and first != line and all(indent_of(self.document.line(n)) == here for n in changes) \
                and here > found.column:
            # the lines after agree with each other: the block's first line is the one out of line
            content = self.document.line(first)
            yield Candidate(first, here, f"the first line of {named(found.key)} is indented {spaces(width)}, more "
                                         f"than the lines after it ({spaces(here)}), so YAML ends "
                                         f"{named(found.key)} at line {line}",
                            f"indent it {spaces(here)}", {first: " " * here + content.lstrip(" ")})
        more = f" (and the {len(changes) - 1} line{'s' if len(changes) > 2 else ''} after it)" if len(changes) > 1 \
            else ""
        if header == line - 1 or all(self.document.blank(n) for n in range(header + 1, line)):
            indicator = block_indicator(self.document, header)
            yield Candidate(line, here, f"this line is the text of {found.key}: {indicator} (line {header + 1}) but "
                                        f"is indented {spaces(here)}, no more than {found.key}: itself, so YAML "
                                        "reads it as a new field",
                            f"indent it{more} {spaces(width)}", changes)
            return
        yield Candidate(line, here, f"this line goes on with {named(found.key)} (from line {header + 1}) but is "
                                    f"indented {spaces(here)}, less than the {spaces(width)} of its first line, "
                                    f"so YAML ends {named(found.key)} above it",
                        f"indent it{more} {spaces(width)}, like the lines above", changes)

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
        here = indent_of(content)
        if here >= width:
            return
        yield Candidate(line, here, f"this line goes on with {named(found.key)} from line {above + 1} but is "
                                    f"indented {spaces(here)}, no more than {found.key}: itself, so YAML reads it "
                                    "as a new field",
                        f"indent it {spaces(width)}", {line: " " * width + content[here:]})


def mend_indent(content: str) -> tuple[int, str] | None:
    """Return where the indentation of a line holds an invisible character, and the line with spaces instead."""
    index = 0
    while index < len(content) and (content[index] == " " or is_invisible(content[index])):
        index += 1
    odd = next((position for position in range(index) if content[position] != " "), None)
    if odd is None:
        return None
    # an invisible space becomes a space; a zero-width character goes
    return odd, "".join(replacement(c) for c in content[:index]) + content[index:]


def mend_advice(character: str) -> str:
    return "replace it with an ordinary space" if replacement(character) else "delete it"
