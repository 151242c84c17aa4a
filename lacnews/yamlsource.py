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

from lacnews.errors import InputError, Problem

# libyaml composes a page of YAML ten times faster than the pure-Python loader,
# with the same marks; it is optional in PyYAML wheels, hence the fallback.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Source:
    """A YAML file: its path, its text, and the root node."""

    path: Path
    text: str
    root: yaml.Node | None

    def problem(self, node: yaml.Node | None, message: str, rule: str = "format") -> Problem:
        """Return a problem located at ``node`` (or at the file when there is none)."""
        if node is None:
            return Problem(self.path, message, rule=rule)
        mark = node.start_mark
        return Problem(self.path, message, mark.line + 1, mark.column + 1, rule)

    def locate(self, node: yaml.Node, snippet: str, message: str, rule: str = "format") -> Problem:
        """Return a problem at ``snippet`` as written inside ``node``, else at the node."""
        start, end = node.start_mark.index, node.end_mark.index
        found = self.text.find(snippet, start, max(end, start + len(snippet)))
        if found < 0:
            return self.problem(node, message, rule)
        line = self.text.count("\n", 0, found)
        column = found - (self.text.rfind("\n", 0, found) + 1)
        return Problem(self.path, message, line + 1, column + 1, rule)


def read_source(path: Path) -> Source:
    """Read and compose ``path``; raise ``InputError`` for unreadable or malformed YAML."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(path, f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be read); "
                   "save it as UTF-8 in your editor")
        raise InputError([Problem(path, message, line, column, "encoding")]) from None
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
        problem = (Problem(path, message, mark.line + 1, mark.column + 1, "yaml") if mark
                   else Problem(path, message, rule="yaml"))
        raise InputError([problem]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, f"YAML error: {exc}", rule="yaml")]) from None
    return Source(path, text, root)
