"""Mistakes YAML reads without complaint, found from the nodes: a field name that starts with an invisible space,
a value that starts with !word, a list read as more of a text, an item whose first field comes again (its dash
was left out); and, when the schema refuses a value, why YAML read it other than the editor meant."""

from __future__ import annotations

import yaml

from lacnews.text.characters import describe_invisible, is_invisible
from lacnews.yaml.hints.fields import FieldMistakes
from lacnews.yaml.hints.indentation import mend_advice, mend_indent
from lacnews.yaml.hints.lines import (
    STARTS,
    Candidate,
    Document,
    Hint,
    Tries,
    block_value,
    choose,
    end_of_word,
    in_quotes,
    indent_of,
    is_field_name,
    key_line,
    named,
    quote_value,
    shortened,
    skip_spaces,
)
from lacnews.yaml.nodes import walk


def structure_hints(document: Document, root: yaml.Node | None, tries: Tries | None = None) -> list[Hint]:
    """Return the mistakes YAML reads without complaint but no editor means: a field name that starts with an
    invisible space, a value that starts with !word, and an item whose first field comes again (its dash was
    left out)."""
    if root is None:
        return []
    tries = tries or Tries()
    hints = []
    for node in walk(root):
        if isinstance(node, yaml.ScalarNode):
            hint = None
            if node.tag.startswith("!") and not node.style:
                hint = _tagged(document, node, tries)
            elif not node.style and "\n" not in node.value and node.start_mark.line < node.end_mark.line:
                hint = _list_read_as_text(document, node, tries)
            if hint:
                hints.append(hint)
        elif isinstance(node, yaml.MappingNode):
            hints += [_invisible_key(document, key, tries) for key, _ in node.value
                      if isinstance(key, yaml.ScalarNode) and key.value[:1] and is_invisible(key.value[0])
                      and not key.style]
        elif not node.flow_style:
            hints += filter(None, (_missing_dash_in_item(document, node, item, tries) for item in node.value))
    return hints


def _invisible_key(document: Document, key: yaml.ScalarNode, tries: Tries) -> Hint:
    line, column = document.position(key.start_mark.index)
    mended = mend_indent(document.line(line))
    what = (f"the field name {key.value.strip()!r} starts with {describe_invisible(key.value[0])} (shown as · "
            "below), which YAML does not count as a space")
    if mended is None:
        return Hint(line, column, what)
    odd, content = mended
    return choose(document, [Candidate(line, odd, what, mend_advice(key.value[0]), {line: content})],
                  Hint(line, odd, what), tries)


def _tagged(document: Document, node: yaml.ScalarNode, tries: Tries) -> Hint | None:
    """A value starting with ! followed by a word (!important): YAML takes the word for a type, and drops it."""
    line, column = document.position(node.start_mark.index)
    content = document.line(line)
    found = key_line(content)
    if found is None or found.value != column or not content.startswith("!", column):
        return None
    word = content[column:end_of_word(content, column)]
    what = f"{named(found.key)} starts with {word}, which YAML reads as {STARTS['!']}, not as text, and leaves out"
    quoted = quote_value(document, line, column, found.column)
    if quoted is None:
        return Hint(line, column, what)
    changes, shown = quoted
    return choose(document, [Candidate(line, column, what, f"put {named(found.key)} in quotes: {shown}", changes)],
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
    return choose(document, [Candidate(line, column, what, f"make {named(found.key)} a block of text: {found.key}: | "
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
                                                                    f"{shortened(mended.strip())}", {line: mended})],
                          Hint(line, column, f"{key.value}: this field is given twice in one item (first at line "
                                             f"{first_line})"), tries)
    return None


# --- mistakes that leave a value other than meant, found when the value is refused ---------------------


def _item_read_as_field(document: Document, node: yaml.MappingNode, tries: Tries) -> Hint | None:
    """``- Observatory sightings: the latest``, an item of text that YAML reads as a field for its colon."""
    if node.flow_style or len(node.value) != 1 or not isinstance(node.value[0][0], yaml.ScalarNode):
        return None
    key, value = node.value[0]
    if is_field_name(key.value):
        return None  # a field's name: an item of fields meant as such
    line, column = document.position(key.start_mark.index)
    content = document.line(line)
    if key.style or document.position(value.end_mark.index)[0] != line or not content.lstrip().startswith("- ") \
            or skip_spaces(content, indent_of(content) + 1) != column:
        return None
    quoted = quote_value(document, line, column, indent_of(content))
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
        mended = content[:hashtag] + in_quotes(content[hashtag:].rstrip())
        word = content[hashtag:end_of_word(content, hashtag)]
        candidate = Candidate(line, hashtag, f"the # of {word} starts a comment, so YAML reads no "
                                             f"{found.key} here",
                              f"put {named(found.key)} in quotes: {shortened(mended[found.column:])}", {line: mended})
        hint = choose(document, [candidate], Hint(line, hashtag, ""), tries)
        return hint if hint.message else None
    end_line, _ = document.position(node.end_mark.index)
    if end_line > line and found.value == column:
        dashed = [n for n in range(line + 1, end_line + 1) if document.line(n).lstrip().startswith("- ")]
        if dashed:
            finder = FieldMistakes(document, [], (line, column), (line, column))
            hint = choose(document, [finder._list_under_value(line, found)], Hint(line, column, ""), tries)
            if hint.message:
                return Hint(hint.line, hint.column, hint.message.replace(
                    "and a field holds one or the other",
                    "so YAML reads the lines starting with - as more of that text, not as a list", 1))
    return None
