"""The one writer of the editor's YAML files: append an entry to a list, replace a value, write a new value,
each as text, and read the result back before anything is written.

The file is never dumped again: `lacnews add` appends a section to ``sections:`` (``appended``), `check
--fix` replaces the damaged values where they are written (``replaced``), `lacnews new` writes values into
the issue it starts (``scalar``, ``entry``). Everything else stays byte for byte: comments, quoting,
layout, line endings (a file written with CRLF gets CRLF), and the byte-order mark (``encoded``). Every
string is written so that it reads back as itself: plain where asked and nothing could read it otherwise,
a literal block (``|``) for several lines, else double quotes with escapes. Then the new text is read back
(``reads_back``): every value must be as it was, but those written, which must be what they were meant to
be — else nothing is written. A caller that wraps Markdown as an editor would (`lacnews add`) asks
``text_width`` how wide a block's lines may be where ``entry`` writes it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import yaml

from lacnews.yaml.nodes import Plain, field_index, plain, walk
from lacnews.yaml.source import FAST_LOADER, Source

# Characters a literal block can hold as they are (YAML's printable ones, but line breaks other than \n and
# the byte-order mark); anything else is written double-quoted, with escapes.
_NOT_IN_BLOCK = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x85": "\\N", "\u2028": "\\L",
            "\u2029": "\\P", "\ufeff": "\\uFEFF", "\x00": "\\0"}
# Text YAML reads as itself when written plain: a letter or digit first, no colon or #, one line.
_PLAIN = re.compile(r"[A-Za-z0-9][^:#\n]*")
LINE_WIDTH = 80  # columns: where an editor's lines end, as the issues in issues/ are written
MIN_TEXT_WIDTH = 40  # a block written far in still has lines of some words


# Values

def double_quoted(text: str) -> str:
    """Return ``text`` as a double-quoted YAML string, escaping what YAML would not read back as itself."""
    out = ['"']
    for character in text:
        escape = _ESCAPES.get(character)
        if escape is None and _NOT_IN_BLOCK.match(character):
            code = ord(character)
            escape = f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"
        out.append(escape or character)
    out.append('"')
    return "".join(out)


def literal_block(text: str, owner: int, indent: int, newline: str = "\n", blank_lines_after: int = 0) -> str | None:
    """Return ``text`` as a literal block (``|``), its lines indented ``indent`` spaces and ended by ``newline``,
    for a value whose field (or list dash) is at column ``owner``, with ``blank_lines_after`` blank lines after it
    in the file; None where a block cannot hold it."""
    if _NOT_IN_BLOCK.search(text):
        return None
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    # a block that keeps its line breaks (`|+`) reads the blank lines after it as its own: write only the rest
    trailing -= blank_lines_after if chomp == "+" else 0
    if trailing < 1 and chomp == "+":
        return None
    # a first line that starts with a space (or is empty) cannot tell YAML the indentation: say it
    indicator = str(indent - owner) if text[:1] in (" ", "\n") else ""
    lines = "".join(newline + (" " * indent + line if line else "") for line in body.split("\n"))
    return f"|{indicator}{chomp}{lines}{newline * max(0, trailing - 1)}"


def scalar(text: str, column: int, *, plain_if_safe: bool = False, newline: str = "\n") -> str:
    """Return ``text`` as the YAML that follows "key: " for a key at ``column``, reading back as exactly ``text``:
    a literal block for text of several lines, plain (if asked) where nothing else could be read, else a
    double-quoted string."""
    # libyaml (unlike PyYAML) refuses a block with a line that starts with a tab: such text is quoted
    if "\n" in text and text.strip() and not text.endswith("\n\n") and not text.startswith("\t") \
            and "\n\t" not in text:
        block = literal_block(text, column, column + 2, newline)
        if block is not None:
            return block
    if plain_if_safe and _PLAIN.fullmatch(text) and not text.endswith(" ") and not _NOT_IN_BLOCK.search(text):
        return text
    return double_quoted(text)


def text_width(column: int, depth: int = 0) -> int:
    """Return how many columns of text fit in LINE_WIDTH in a literal block that ``entry`` writes for a field
    of the entry whose dash is at ``column``, ``depth`` lists down (0: the entry's own fields, 1: the fields
    of an entry in one of its lists)."""
    return max(MIN_TEXT_WIDTH, LINE_WIDTH - (column + 4 + 4 * depth))


def comment(text: str) -> str:
    """Return ``text`` as one line a YAML comment can hold: its white space one space, the unprintable as ?."""
    return _NOT_IN_BLOCK.sub("?", " ".join(text.split()))


def entry(fields: tuple, column: int, newline: str = "\n", *, plain_if_safe: bool = False) -> str:
    """Return the lines of a list entry whose dash is at ``column``, each ended by ``newline``: each field of
    ``fields`` ((name, value) pairs, see ``lacnews.yaml.nodes.Plain``) on a line of its own, a list below its
    name, a set of fields in { }; text as ``scalar`` writes it."""
    lines = []
    for number, (key, value) in enumerate(fields):
        lead = " " * column + "- " if number == 0 else " " * (column + 2)
        if not isinstance(value, list):
            lines.append(f"{lead}{key}: {_written(value, column + 2, newline, plain_if_safe)}{newline}")
            continue
        lines.append(f"{lead}{key}:{newline}")
        for item in value:
            lines.append(entry(item, column + 4, newline, plain_if_safe=plain_if_safe) if isinstance(item, tuple)
                         else f"{' ' * (column + 4)}- {_written(item, column + 4, newline, plain_if_safe)}{newline}")
    return "".join(lines)


def _written(value: Plain, column: int, newline: str, plain_if_safe: bool) -> str:
    """Return a value after its "key: " (or "- "): text as ``scalar`` writes it, anything else in brackets."""
    if isinstance(value, str):
        return scalar(value, column, plain_if_safe=plain_if_safe, newline=newline)
    return _flow(value)


def _flow(value: Plain) -> str:
    if isinstance(value, tuple):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return double_quoted(value or "")


# Reading back

def read(text: str) -> yaml.Node | None:
    """Return the root of ``text`` as lacnews reads it (libyaml where it is installed), or raise ValueError."""
    for loader in dict.fromkeys((FAST_LOADER, yaml.SafeLoader)):
        try:
            return yaml.compose(text, Loader=loader)
        except yaml.YAMLError:
            continue
    raise ValueError("not YAML")


def reads_back(root: yaml.Node | None, text: str, changed: dict[int, Plain]) -> bool:
    """Whether ``text`` reads as the file of ``root`` did, but each node whose id is in ``changed`` as given."""
    try:
        return plain(read(text)) == plain(root, changed)
    except ValueError:
        return False


def encoded(text: str, original: bytes) -> bytes:
    """Return ``text`` as the bytes of a file that was ``original``: UTF-8, with its byte-order mark if it had one."""
    return (codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b"") + text.encode("utf-8")


def newline_at(text: str, index: int) -> str:
    """Return the line break of the line ``index`` is on: a file written with CRLF keeps them."""
    line_end = text.find("\n", index)
    return "\r\n" if line_end > 0 and text[line_end - 1] == "\r" else "\n"


# Replacing values

@dataclass(frozen=True)
class Replacement:
    """A value to write again where it is written: the ways of writing it (the first preferred), and what it
    must then read as."""

    node: yaml.Node
    texts: tuple[str, ...]
    value: str

    @property
    def start(self) -> int:
        return self.node.start_mark.index

    @property
    def end(self) -> int:
        return self.node.end_mark.index


def value_end(text: str, node: yaml.Node) -> int:
    """Return where the value of ``node`` ends in ``text``: a block's end mark lies past the blank lines after it,
    which are the layout around the value, not the value, and stay where they are when it is written again."""
    start, end = node.start_mark.index, node.end_mark.index
    written = text[start:end]
    content = len(written.rstrip(" \t\r\n"))
    line_end = written.find("\n", content)
    return end if line_end < 0 else start + line_end + 1


def value_text(text: str, node: yaml.Node) -> str:
    """Return the value of ``node`` as written in ``text``, without the blank lines after it (see ``value_end``):
    what a repair made where it is written replaces, leaving the layout after it as it was."""
    return text[node.start_mark.index:value_end(text, node)]


def _blank_lines_at(text: str, index: int) -> int:
    """Return how many blank lines (nothing on them but spaces and tabs) follow one another from ``index``, a
    line's start."""
    count = 0
    line_end = text.find("\n", index)
    while line_end >= 0 and not text[index:line_end].strip(" \t\r"):
        count += 1
        index = line_end + 1
        line_end = text.find("\n", index)
    return count


def rewritten(source: Source, node: yaml.Node, value: str) -> str:
    """Return ``value`` written to replace ``node`` where it is: a literal block two spaces in from its field
    (or as indented as it was, on a line of its own), ending its line as it did; double-quoted where the line
    goes on after the value, or a block cannot hold it."""
    text, start = source.text, node.start_mark.index
    end = value_end(text, node)
    newline = newline_at(text, start)
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    indent = len(before) if not before.strip() else len(before) - len(before.lstrip(" -")) + 2
    ends_line = text[start:end].endswith("\n")
    line_end = text.find("\n", end)
    goes_on = not ends_line and text[end:len(text) if line_end < 0 else line_end].strip()  # a comment after it
    # the field's column matters only to a block that must say its indentation (a walk of the file: only then)
    owner = _owner_column(source.root, node) if value[:1] in (" ", "\n") else 0
    blank_lines = _blank_lines_at(text, end) if ends_line else 0
    block = None if goes_on else literal_block(value, owner, indent, newline, blank_lines)
    comment = _header_comment(text, node)
    if block and comment:  # a comment after the `|` (`# lacnews: allow stale-date`) is the editor's: kept
        indicator, _, rest = block.partition(newline)
        block = f"{indicator}  {comment}{newline}{rest}"
    return (block or double_quoted(value)) + (newline if ends_line else "")


def _header_comment(text: str, node: yaml.Node) -> str:
    """Return the comment after a block's `|` or `>`, to be kept when the block is written again."""
    if not (isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")):
        return ""
    line_end = text.find("\n", node.start_mark.index)
    header = text[node.start_mark.index:len(text) if line_end < 0 else line_end].rstrip("\r")
    return header[header.index("#"):] if "#" in header else ""


def _owner_column(root: yaml.Node | None, node: yaml.Node) -> int:
    """Return the column of the field name (or list dash) that ``node`` is the value of."""
    for parent in walk(root):
        if isinstance(parent, yaml.MappingNode):
            for key, value in parent.value:
                if value is node:
                    return key.start_mark.column
        elif isinstance(parent, yaml.SequenceNode) and any(item is node for item in parent.value):
            return parent.start_mark.column
    return 0


def replaced(source: Source, replacements: list[Replacement]) -> tuple[str, list[Replacement]]:
    """Return the text of ``source`` with each replacement made that lets it read back, and those made: all
    together if they may, else each that may on its own, so that one that cannot holds back no other."""
    chosen = [(replacement, replacement.texts[0]) for replacement in replacements]
    if not _reads_back(source, chosen):
        chosen = []
        for replacement in replacements:
            text = next((text for text in replacement.texts if _reads_back(source, [(replacement, text)])), None)
            if text is not None:
                chosen.append((replacement, text))
        if chosen and not _reads_back(source, chosen):
            chosen = []
    return _edited(source.text, chosen), [replacement for replacement, _ in chosen]


def _reads_back(source: Source, chosen: list[tuple[Replacement, str]]) -> bool:
    changed = {id(replacement.node): replacement.value for replacement, _ in chosen}
    return reads_back(source.root, _edited(source.text, chosen), changed)


def _edited(text: str, chosen: list[tuple[Replacement, str]]) -> str:
    """Return ``text`` with each value replaced by the text chosen for it."""
    pieces = []
    last = 0
    for replacement, written in sorted(chosen, key=lambda pair: pair[0].start):
        pieces += [text[last:replacement.start], written]
        last = value_end(text, replacement.node)
    pieces.append(text[last:])
    return "".join(pieces)


# Appending to a list

class CannotAppend(ValueError):
    """A list written in a way text cannot be appended to; ``why``: "layout" (the file is not a block of
    fields), "missing" (no such list), "flow" (a list in brackets), "odd" (something else)."""

    def __init__(self, why: str, node: yaml.Node | None = None):
        super().__init__(why)
        self.why = why
        self.node = node


def list_column(source: Source, key: str) -> int:
    """Return the column of the dashes of the list at the top-level field ``key``; raise CannotAppend when the
    list is not written one entry a line."""
    sequence = _block_list(source, key)[0]
    if source.text[sequence.start_mark.index:sequence.start_mark.index + 1] != "-":
        raise CannotAppend("odd", sequence)
    return sequence.start_mark.column


def appended(source: Source, key: str, value: tuple, note: str) -> tuple[str, int]:
    """Return the text of ``source`` with ``value`` (a set of fields) appended to the list at its top-level field
    ``key``, after the comment ``note``, and the line where the entry starts (from 1); raise CannotAppend for a
    list not written one entry a line, and ValueError if the text would not read back as the file with
    ``value`` at the end of the list."""
    column = list_column(source, key)
    sequence, index = _block_list(source, key)
    written = f"{' ' * column}# {comment(note)}\n{entry(value, column)}"
    new_text, line = _inserted(source.text, _insertion_index(source, index), written)
    if not reads_back(source.root, new_text, {id(sequence): plain(sequence) + [value]}):
        raise ValueError("the new entry does not read back as written")
    return new_text, line + 1  # past the comment


def _block_list(source: Source, key: str) -> tuple[yaml.SequenceNode, int]:
    """Return the list at the top-level field ``key`` and the index of that field."""
    root = source.root
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise CannotAppend("layout")
    index = field_index(root, key)
    if index is None:
        raise CannotAppend("missing")
    value = root.value[index][1]
    if not isinstance(value, yaml.SequenceNode) or value.flow_style or not value.value:
        raise CannotAppend("flow", value)
    return value, index


def _insertion_index(source: Source, index: int) -> int:
    """Return where in the text an entry of the list at field ``index`` goes: after its last entry's last line;
    before the next top-level field and the comments and blank lines just above it, when there is one."""
    root, text = source.root, source.text
    sequence = root.value[index][1]
    # where the last value written in the last entry ends (a block's end mark lies after the comments below it)
    content_end = max((node.end_mark.index for node in walk(sequence.value[-1])
                       if isinstance(node, yaml.ScalarNode)), default=0)
    if index == len(root.value) - 1:
        at = max(sequence.end_mark.index, content_end)
        return at if at >= len(text) or at == 0 or text[at - 1] == "\n" else text.rfind("\n", 0, at) + 1
    next_key = root.value[index + 1][0]
    at = text.rfind("\n", 0, next_key.start_mark.index) + 1
    while at > 0:
        line_start = text.rfind("\n", 0, at - 1) + 1
        line = text[line_start:at - 1]
        if line_start < content_end or not (not line.strip() or line.startswith("#")):
            break
        at = line_start
    return at


def _inserted(text: str, at: int, block: str) -> tuple[str, int]:
    """Return ``text`` with ``block`` put at ``at`` (a line's start), a blank line around it, in the text's line
    breaks, and the line of the block's start (counting from 1)."""
    before, after = text[:at], text[at:]
    newline = "\r\n" if "\r\n" in text else "\n"
    lead = ""
    if before and not before.endswith("\n"):
        lead = newline
    if before.strip() and not (before + lead).endswith(("\n\n", "\r\n\r\n")):
        lead += newline  # a blank line between entries, as issues are written
    trail = newline if after.strip() and not after.startswith(("\n", "\r\n")) else ""
    written = block.replace("\n", newline) if newline != "\n" else block
    line = (before + lead).count("\n") + 1
    return before + lead + written + trail + after, line
