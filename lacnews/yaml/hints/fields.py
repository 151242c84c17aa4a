"""Mistakes in fields, colons and dashes: a colon followed by a space inside a value, a field or a dash
without its space or its colon, a character typed before a line, a field commented out, an item without
its dash, a field with both a value and a list."""

from __future__ import annotations

from collections.abc import Iterator

from lacnews.yaml.hints.lines import (
    BLOCK_INDICATORS,
    CURLY_QUOTES,
    STRAY,
    Candidate,
    KeyLine,
    block_value,
    indent_of,
    is_field_name,
    key_line,
    named,
    quote_value,
    shortened,
    skip_spaces,
    without_comment,
)
from lacnews.yaml.hints.site import ErrorSite


class FieldMistakes(ErrorSite):
    """The causes of a syntax error in how fields and list items are written, each a candidate."""

    def _colon_in_value(self, start: int) -> Iterator[Candidate]:
        content = self.document.line(self.line)
        found = key_line(content)
        if found is None or found.value != start:
            # "- Note: this: that": a list item of text holding colons
            if content.lstrip().startswith("- "):
                dash = content.index("-")
                quoted = quote_value(self.document, self.line, skip_spaces(content, dash + 1), dash)
                if quoted:
                    yield Candidate(self.line, self.column, "this item has a colon followed by a space, which YAML "
                                    "reads as a new field", f"put the item in quotes: {quoted[1]}", quoted[0])
            return
        if not is_field_name(found.key) and found.dash >= 0:
            quoted = quote_value(self.document, self.line, found.column, found.dash)
            if quoted:
                yield Candidate(self.line, self.column, "this item has colons followed by a space, which YAML "
                                "reads as fields", f"put the item in quotes: {quoted[1]}", quoted[0])
        value = without_comment(content[start:])
        if value[:1] in CURLY_QUOTES and value[-1:] in CURLY_QUOTES.values():
            straight = quote_value(self.document, self.line, start, found.column, unwrap=True)
            if straight:
                yield Candidate(self.line, start, f"{named(found.key)} is in curly quotes ({value[0]} "
                                f"{value[-1]}), which YAML does not count as quotes, so its colon followed by a space "
                                "reads as a new field", f"use straight quotes: {straight[1]}", straight[0])
        head = value[:self.column - start]
        shown_value = value if len(value) <= 60 else value[:40] + "…"
        what = (f'{named(found.key)} "{shown_value}" has a colon followed by a space, which YAML reads as a new '
                "field") if head.strip() else \
            f"{named(found.key)} starts with a colon, which YAML reads as a new field"
        if self.column >= len(content.rstrip()) - 1:
            what = f'{named(found.key)} "{shown_value}" ends with a colon, which YAML reads as a new field'
        yield from self._as_block(self.line, found, what)
        quoted = quote_value(self.document, self.line, start, found.column)
        if quoted:
            yield Candidate(self.line, self.column, what, f"put {named(found.key)} in quotes: {quoted[1]}",
                            quoted[0])

    def _as_block(self, line: int, found: KeyLine, what: str) -> Iterator[Candidate]:
        """A value written after its field and on over the lines below, holding a list (lines starting with - ):
        as a block of text (|) its lines stay lines."""
        changes = block_value(self.document, line, found)
        if changes is not None:
            yield Candidate(line, self.column, what, f"make {named(found.key)} a block of text: {found.key}: | "
                                                     "with the text on the lines below it", changes)

    def _colon_in_long_value(self, first: int, found: KeyLine) -> Candidate:
        quoted = quote_value(self.document, first, found.value, found.column)
        what = (f"{named(found.key)} (from line {first + 1}) goes on to this line, where a colon followed by a "
                "space reads as a new field")
        if quoted is None:
            return Candidate(self.line, self.column, what)
        return Candidate(self.line, self.column, what, f"put the whole of {named(found.key)} in quotes: "
                                                       f"{quoted[1]}", quoted[0])

    def _typos(self, line: int) -> Iterator[Candidate]:
        """A dash without its space (-title), or a colon without its space (title:York), on ``line``."""
        if line < 0:
            return
        content = self.document.line(line)
        indent = indent_of(content)
        if content.startswith("-", indent) and content[indent + 1:indent + 2] not in ("", " ", "-", "\t"):
            mended = content[:indent + 1] + " " + content[indent + 1:]
            yield Candidate(line, indent, f"the dash of {content[indent:indent + 12].split(':')[0]!r} has no "
                                          "space after it, so YAML does not read it as starting a list item",
                            f"write {shortened(mended.strip())}", {line: mended}, certain=True)
        start = indent + 2 if content.startswith("- ", indent) else indent
        start = skip_spaces(content, start)
        index = start
        while index < len(content) and (content[index].isalnum() or content[index] in "_-"):
            index += 1
        word = content[start:index]
        if content.startswith(":", index) and content[index + 1:index + 2] not in ("", " ", "\t", ":") \
                and is_field_name(word):
            mended = content[:index + 1] + " " + content[index + 1:]
            yield Candidate(line, index, f"the colon after {word} has no space after it, so YAML reads "
                                         f"{content[start:start + 30].strip()!r} as text rather than a field",
                            f"write {shortened(mended[start:])}", {line: mended},
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
            yield Candidate(line, indent_of(content), f"this line holds only {content.strip()}, which YAML cannot "
                                                    "place", "delete the line", {line: ""})
        elif content[:1] in STRAY and content[1:2] == " ":
            what = (f"the {content[0]} at the start of this line comes before its indentation, so YAML reads the "
                    "line as not indented at all")
            yield Candidate(line, 0, what, "delete it", {line: content[1:]})
            yield Candidate(line, 0, what, "replace it with a space", {line: " " + content[1:]})

    def _item_without_dash(self, line: int) -> Iterator[Candidate]:
        """A list whose first item lost its dash: its fields became the parent's, and the next item does not fit."""
        content = self.document.line(line)
        dash = indent_of(content)
        if not content.startswith("- ", dash):
            return
        first = None
        for other in self.document.above(line):
            indent = indent_of(self.document.line(other))
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
                        f"start it with a dash: {shortened(mended.strip())}", {first: mended})

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

    def _list_under_value(self, line: int, found: KeyLine) -> Candidate:
        content = self.document.line(line)
        value = without_comment(content[found.value:])
        mended = content[:found.value].rstrip()
        return Candidate(line, found.value, f"{found.key}: has both a value on its line ({value}) and a list below it, "
                                            "and a field holds one or the other",
                         f"delete {value!r} to give {found.key} the list: {mended.strip().lstrip('- ')}",
                         {line: mended})

    def _missing_dash(self, line: int) -> Iterator[Candidate]:
        """A line at the column of the dashes of a list, without a dash of its own, like the items around it:
        text among items of text, a field among items of fields."""
        content = self.document.line(line)
        here = indent_of(content)
        if content.startswith("-", here):
            return
        fields = key_line(content) is not None
        for other in self.document.above(line):
            other_content = self.document.line(other)
            if indent_of(other_content) < here:
                return
            if indent_of(other_content) == here:
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
                                f"start it with a dash: {shortened(mended.strip())}", {line: mended})
                return

    def _missing_colon(self, line: int) -> Iterator[Candidate]:
        content = self.document.line(line)
        start = indent_of(content)
        if content.startswith("- ", start):
            start = skip_spaces(content, start + 2)
        index = start
        while index < len(content) and (content[index].isalnum() or content[index] in "_-"):
            index += 1
        word, rest = content[start:index], content[index:].strip()
        if not is_field_name(word) or (index < len(content) and content[index] != " "):
            return
        below = next((n for n in range(line + 1, min(len(self.document), line + 3)) if not self.document.blank(n)),
                     None)
        parent = below is not None and indent_of(self.document.line(below)) > indent_of(content)
        if not (rest[:1] in BLOCK_INDICATORS + ("'", '"', "[", "{") or self.document.key_counts()[word] >= 1
                or (parent and not rest)):
            return  # a word of text going on from the line above, more likely
        mended = content[:index] + ":" + content[index:]
        yield Candidate(line, index, f"{word} has no colon after it, so YAML does not read it as a field",
                        f"write {shortened(mended[start:])}", {line: mended})
