"""Read a YAML file into nodes that remember where each value was written.

YAML's implicit typing would turn ``title: No`` into ``False`` and
``phone: 07535381638`` into a number; we compose the file into nodes instead
of constructing Python values, so every scalar stays the exact text the editor
typed and the schema decides what it means.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from lacnews.errors import InputError, Place, Problem

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
        line = self.text.count("\n", 0, index)
        column = index - (self.text.rfind("\n", 0, index) + 1)
        return Place(self.path, line + 1, column + 1)

    def problem(self, node: yaml.Node | None, message: str, rule: str = "format") -> Problem:
        """Return a problem located at ``node``."""
        return Problem(self.place(node), message, rule)

    def locate(self, node: yaml.Node, snippet: str, message: str, rule: str = "format") -> Problem:
        """Return a problem at ``snippet`` as written inside ``node``."""
        return Problem(self.place_of(node, snippet), message, rule)


def read_source(path: Path) -> Source:
    """Read and compose ``path``; raise ``InputError`` for unreadable or malformed YAML."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(Place(path), f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be read); "
                   "save it as UTF-8 in your editor")
        raise InputError([Problem(Place(path, line, column), message, "encoding")]) from None
    try:
        root = yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        root = None  # parse again below with the pure-Python loader, whose messages are clearer
    else:
        return Source(path, text, root)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "not valid YAML"
        hint = ""
        if "found character '\\t'" in what:
            hint = " (YAML indents with spaces, not tabs)"
        elif "mapping values are not allowed" in what:
            hint = " (a text holding ': ' needs quotes, or use a block with |)"
        message = f"YAML syntax error: {what}{hint}"
        place = Place(path, mark.line + 1, mark.column + 1) if mark else Place(path)
        problem = Problem(place, message, "yaml")
        raise InputError([problem]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(Place(path), f"YAML error: {exc}", "yaml")]) from None
    return Source(path, text, root)
