"""Read a YAML file into nodes that remember where each value was written.

YAML's implicit typing would turn ``title: No`` into ``False`` and
``phone: 07535381638`` into a number; we compose the file into nodes instead
of constructing Python values, so every scalar stays the exact text the editor
typed and the schema decides what it means.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from lacnews.base.cached import cached_property
from lacnews.base.errors import InputError, Place, Problem
from lacnews.base.limits import (
    ALIAS_RATIO,
    ALIAS_ROOM_BYTES,
    ALIAS_ROOM_VALUES,
    MAX_DEPTH,
    MAX_EXPANDED_BYTES,
    MAX_FILE_BYTES,
    MAX_VALUES,
)
from lacnews.text.characters import UNSHOWABLE, character_name, decode_text
from lacnews.yaml.hints import (
    Document,
    Hint,
    RecordingLoader,
    Tries,
    excerpt,
    explain_syntax_error,
    structure_hints,
    value_hint,
)
from lacnews.yaml.nodes import children, walk

# libyaml composes a page of YAML ten times faster than the pure-Python loader,
# with the same marks; it is optional in PyYAML wheels, hence the fallback.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Source:
    """A YAML file: its path, its text, and the root node."""

    path: Path
    text: str
    root: yaml.Node | None

    def place(self, node: yaml.Node | None) -> Place:
        """Return where ``node`` starts (or the file, when there is no node)."""
        if node is None:
            return Place(self.path)
        mark = node.start_mark
        return Place(self.path, mark.line + 1, mark.column + 1)

    def place_of(self, node: yaml.Node, snippet: str) -> Place:
        """Return where ``snippet`` is written inside ``node``, else where the node starts."""
        start, end = node.start_mark.index, node.end_mark.index
        found = self.text.find(snippet, start, max(end, start + len(snippet))) if snippet else -1
        if found < 0:
            return self.place(node)
        return self.place_at(found)

    def place_at(self, index: int) -> Place:
        """Return the place of the character at ``index`` of the text."""
        line = bisect.bisect_right(self._line_starts, index) - 1
        return Place(self.path, line + 1, index - self._line_starts[line] + 1)

    @cached_property
    def _line_starts(self) -> list[int]:
        """Where each line begins: found once, so locating many findings stays linear."""
        return [0] + [match.end() for match in re.finditer("\n", self.text)]

    def problem(self, node: yaml.Node | None, message: str, rule: str = "format") -> Problem:
        """Return a problem located at ``node``; where YAML read the value other than written, say why there."""
        hint = value_hint(self._document, node, self._tries) if node is not None else None
        if hint is not None:
            return _hinted(self.path, self._document, hint, f"{message}; {hint.message}", rule)
        return Problem(self.place(node), message, rule)

    @cached_property
    def _document(self) -> Document:
        return Document(self.text)

    @cached_property
    def _tries(self) -> Tries:
        """The fixes of this file's problems that may still be checked by parsing it again."""
        return Tries()

    def locate(self, node: yaml.Node, snippet: str, message: str, rule: str = "format") -> Problem:
        """Return a problem at ``snippet`` as written inside ``node``."""
        return Problem(self.place_of(node, snippet), message, rule)


def read_source(path: Path) -> Source:
    """Read and compose ``path``; raise ``InputError`` for unreadable or malformed YAML."""
    text = decode_text(path, _read_bounded(path))
    _check_raw_characters(path, text)
    root = _compose(path, text)
    _check_nodes(path, text, root)
    _check_structure(path, text, root)
    return Source(path, text, root)


def _check_nodes(path: Path, text: str, root: yaml.Node | None) -> None:
    """Refuse aliases that repeat the file too far, a name that is not a word and a character no e-mail can show.

    One walk over the nodes measures the file and notices anything amiss; only then do the checks that say
    where walk it again, so that a sound file, the usual one, costs one walk.
    """
    if root is None:
        return
    values = text_bytes = 0
    references = 1  # the root
    amiss = False
    for node in walk(root):
        values += 1
        if type(node) is yaml.ScalarNode:
            text_bytes += len(node.value)
            amiss = amiss or UNSHOWABLE.search(node.value) is not None
            continue
        inside = children(node)
        references += len(inside)
        amiss = amiss or (isinstance(node, yaml.MappingNode)
                          and not all(isinstance(key, yaml.ScalarNode) for key, _ in node.value))
    _check_expansion(path, root, (values, text_bytes, references > values))
    if amiss:
        _check_keys(path, text, root)
        _check_characters(path, root)


def _compose(path: Path, text: str) -> yaml.Node | None:
    """Compose ``text`` into nodes; raise ``InputError`` at the mistake behind a syntax error, explained."""
    try:
        _check_depth(path, _events(FAST_LOADER(text)))
        return yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        pass  # parse again below with the pure-Python loader, whose errors can be explained
    # libyaml may stop deep nesting as a syntax error of its own (0.2.6 does, at 1,000 levels):
    # measure the depth again on the pure-Python parser's events, which need no stack.
    loader = None
    try:
        loader = RecordingLoader(text)
        _check_depth(path, _events(loader))
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        document = Document(text)
        hint = explain_syntax_error(document, exc, loader.last_tokens() if loader else [])
        raise InputError([_hinted(path, document, hint, hint.message, "yaml")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(Place(path), f"YAML error: {exc}", "yaml")]) from None
    except RecursionError:
        raise InputError([Problem(Place(path), f"lists and fields nest more than {MAX_DEPTH} deep", "yaml")]) \
            from None


def _events(loader) -> Iterator[yaml.Event]:
    """Yield the events of ``loader``, a loader made for one text, and let it go (its last tokens stay)."""
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def _hinted(path: Path, document: Document, hint: Hint, message: str, rule: str) -> Problem:
    """Return a problem at the place of ``hint``, with the line it is on and a caret under it."""
    return Problem(Place(path, hint.line + 1, hint.column + 1),
                   f"{message}\n{excerpt(document, hint.line, hint.column)}", rule)


# What YAML refuses to find typed in a file at all (its reader stops at the first, giving only an offset):
# control characters but tab and line breaks, DEL, the C1 controls but NEL, and U+FFFE/U+FFFF.
REFUSED_RAW = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SHOWN_PROBLEMS = 20  # a file full of them gets the first few and a count, not a screenful per character


def _check_raw_characters(path: Path, text: str) -> None:
    """Refuse characters YAML does not allow in a file, each at its line and column, saying what to do."""
    found = list(itertools.islice(REFUSED_RAW.finditer(text), SHOWN_PROBLEMS + 1))
    if not found:
        return
    document = Document(text)
    problems = []
    for match in found[:SHOWN_PROBLEMS]:
        line, column = document.position(match.start())
        message = (f"this line holds {character_name(match.group())}, which YAML does not allow in a file and no "
                   "e-mail can show (it often comes with text pasted from another program; most editors show it "
                   "as a box, or not at all): delete it")
        problems.append(_hinted(path, document, Hint(line, column, message), message, "characters"))
    if len(found) > SHOWN_PROBLEMS:
        total = sum(1 for _ in REFUSED_RAW.finditer(text))
        line, column = document.position(found[SHOWN_PROBLEMS].start())
        problems.append(Problem(Place(path, line + 1, column + 1),
                                f"{total - SHOWN_PROBLEMS:,} more such characters from here on: delete them all (or "
                                "save the file again as plain UTF-8 text)", "characters"))
    raise InputError(problems)


_KEY_KINDS = {yaml.SequenceNode: "a list", yaml.MappingNode: "a set of fields"}
ALIAS_NAME = re.compile(r"\*[^\s,\[\]{}]+")


def _check_keys(path: Path, text: str, root: yaml.Node | None) -> None:
    """Refuse a field name that YAML reads as a list or a set of fields (``[a]: x``, ``? {a: b}``).

    Every name in an issue or newsletter.yaml is a word (a field, a language, a network); checking here, where
    every file is read, means no later step ever meets a name that is not text.
    """
    problems, odd = [], 0
    document = None  # made once, at the first name that is not a word
    for node in walk(root, keys=False):  # a name that is not a word is reported, not looked into
        if not isinstance(node, yaml.MappingNode):
            continue
        after = node.start_mark.index  # where the next name is written, at the earliest
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                odd += 1
                document = document or Document(text)
                if odd <= SHOWN_PROBLEMS:
                    problems.append(_odd_key(path, document, key, after))
                elif odd == SHOWN_PROBLEMS + 1:
                    first_unshown = _odd_key(path, document, key, after).place
            after = max(after, key.end_mark.index, value.end_mark.index)
    if odd > SHOWN_PROBLEMS:
        problems.append(Problem(first_unshown, f"{odd - SHOWN_PROBLEMS:,} more names that are not words from here "
                                               "on (the first few are shown above)", "yaml"))
    if problems:
        raise InputError(problems)


def _odd_key(path: Path, document: Document, key: yaml.Node, after: int) -> Problem:
    """Return the problem of a name that is a list or a set of fields, written at ``after`` or past it."""
    text = document.text
    start = key.start_mark.index
    written = " ".join(text[start:min(key.end_mark.index, start + 200)].split())
    shown = written if len(written) <= 40 else written[:40] + "…"
    if start < after:  # an alias (*name): its node is where the anchor is; point at the alias
        alias = ALIAS_NAME.match(text, _next_token(text, after))
        if alias:
            start, shown = alias.start(), f"{alias.group()} (that is, {shown})"
    kind = _KEY_KINDS[type(key)]
    marks = ("[ ]" if isinstance(key, yaml.SequenceNode) else "{ }") if key.flow_style else "? and -"
    message = (f"a field's name must be a word, not {kind}: YAML reads {shown} before the colon as {kind}; "
               f"if the {marks} are part of the text, put the text in quotes, else write a name such as title: "
               "or cy:")
    line, column = document.position(start)
    return _hinted(path, document, Hint(line, column, message), message, "yaml")


def _next_token(text: str, index: int) -> int:
    """Return where the next name after ``index`` starts: past spaces, line breaks, commas, { and ?, and comments."""
    while index < len(text):
        if text[index] == "#":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
        elif text[index] in " \t\r\n,{?":
            index += 1
        else:
            break
    return index


def _check_structure(path: Path, text: str, root: yaml.Node | None) -> None:
    """Refuse what YAML reads without complaint but no editor means (an item that lost its dash ...)."""
    document = Document(text)
    hints = structure_hints(document, root)
    if hints:
        raise InputError([_hinted(path, document, hint, hint.message, "yaml") for hint in hints])


def _check_characters(path: Path, root: yaml.Node | None) -> None:
    """Refuse text holding a character that cannot be shown (YAML refuses them typed raw, but its "\\x07"
    escapes make them), naming it and where it is."""
    problems = []
    for node in walk(root):
        found = UNSHOWABLE.search(node.value) if isinstance(node, yaml.ScalarNode) else None
        if found:
            mark = node.start_mark
            problems.append(Problem(Place(path, mark.line + 1, mark.column + 1),
                                    f"this text holds {character_name(found.group(0))} (character "
                                    f"{found.start() + 1} of the text), which no e-mail or web page can show: "
                                    "remove it", "characters"))
    if problems:
        raise InputError(problems)


def _read_bounded(path: Path) -> bytes:
    """Return the file's bytes; refuse what is not a regular file, or too large to be an issue."""
    try:
        with path.open("rb") as stream:
            if not path.is_file():
                raise InputError([Problem(Place(path), "this is not a regular file: an issue is a .yaml file")])
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError([Problem(Place(path), f"cannot read the file: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError([Problem(Place(path), f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: "
                                               "an issue that size could not be sent; split it", "size")])
    return raw


def _check_depth(path: Path, events: Iterable[yaml.Event]) -> None:
    """Refuse nesting deeper than the format needs, before composing (deep nesting exhausts the stack)."""
    depth = 0
    for event in events:
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise InputError([Problem(Place(path, mark.line + 1, mark.column + 1),
                                          f"lists and sets of fields nest more than {MAX_DEPTH} deep here; "
                                          "an issue needs no more than six levels", "yaml")])
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _written_size(root: yaml.Node) -> tuple[int, int, bool]:
    """Return how many values, and how much text, the file holds as written (each alias counted once), and
    whether it has aliases (a value referred to more than once)."""
    values = text_bytes = 0
    references = 1  # the root
    for node in walk(root):
        values += 1
        text_bytes += len(node.value) if isinstance(node, yaml.ScalarNode) else 0
        references += len(children(node))
    return values, text_bytes, references > values


def _check_expansion(path: Path, root: yaml.Node | None, written: tuple[int, int, bool] | None = None) -> None:
    """Refuse a file whose aliases (*name) repeat it far beyond what is written: a few times, up to a cap.

    Sizes are counted once per node and added up, so a file of nested aliases (a "billion laughs") is
    measured in time linear in its length, never expanded. ``written`` is ``_written_size(root)``, when known.
    """
    if root is None:
        return
    written_values, written_bytes, has_aliases = written or _written_size(root)
    max_values = min(MAX_VALUES, max(ALIAS_ROOM_VALUES, ALIAS_RATIO * written_values))
    max_bytes = min(MAX_EXPANDED_BYTES, max(ALIAS_ROOM_BYTES, ALIAS_RATIO * written_bytes))
    if not has_aliases and written_values <= max_values and written_bytes <= max_bytes:
        return  # without aliases the file expands to what is written, every part of it within the whole
    sizes: dict[int, tuple[int, int]] = {}
    in_progress: set[int] = set()
    crossing: list[yaml.Node] = []  # the innermost list or set of fields that passes the limits

    def size(node: yaml.Node) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            mark = node.start_mark
            raise InputError([Problem(Place(path, mark.line + 1, mark.column + 1),
                                      "an alias (*name) refers to the list or set of fields it is inside, which "
                                      "would repeat without end", "yaml")])
        in_progress.add(key)
        values, text_bytes = 1, len(node.value) if isinstance(node, yaml.ScalarNode) else 0
        for child in children(node):
            child_values, child_bytes = size(child)
            values, text_bytes = values + child_values, text_bytes + child_bytes
            if values > max_values or text_bytes > max_bytes:
                if not crossing:
                    crossing.append(node)
                break
        in_progress.discard(key)
        sizes[key] = (values, text_bytes)
        return values, text_bytes

    size(root)
    if crossing:
        mark = crossing[0].start_mark
        if has_aliases:
            message = (f"the aliases (*name) of this file repeat it to more than {max_values:,} values or "
                       f"{max_bytes // 1024:,} KB of text ({ALIAS_RATIO} times what is written, at most): write the "
                       "repeated parts out, or repeat less")
        else:  # without aliases the text is the file's, within its size: the values are what is too many
            message = (f"this file holds more than {max_values:,} values (fields, list items and texts), far more "
                       "than an issue needs: split it")
        raise InputError([Problem(Place(path, mark.line + 1, mark.column + 1), message, "yaml")])
