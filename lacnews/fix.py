"""`lacnews check --fix`: repair paste damage in the files as written, keeping their comments and layout.

Only the text of a damaged value changes: invisible characters are taken out of
it where it is written, and a value with pasted bullets or HTML is written again
as a block (``|``) holding its repair (see ``lacnews.pastedamage``). Everything
around it, comments included, stays byte for byte. Before a file is written it
is read back: every value repaired must read as its repair and every other value
as before, or the file is left as it was and the value named for a fix by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from lacnews.compose import load
from lacnews.content import TextField, collect_issue
from lacnews.errors import Place
from lacnews.pastedamage import INVISIBLE, INVISIBLE_CHARACTER, damage, repaired
from lacnews.project import Project
from lacnews.write import write_files
from lacnews.yamlsource import FAST_LOADER, Source

STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")
KINDS = {"invisible": "invisible characters removed", "bullet": "pasted bullets made a Markdown list",
         "html": "pasted HTML made Markdown"}


@dataclass(frozen=True)
class Change:
    """One value repaired, or one that could not be."""

    place: Place
    where: str
    what: str
    done: bool = True

    def __str__(self) -> str:
        if self.done:
            return f"{self.place}: {self.where}: {self.what}"
        return f"{self.place}: {self.where}: {self.what}: not fixed, as the file would read differently; fix it by hand"


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    field: TextField
    value: str  # what the value must read as once edited
    what: str


def fix_issue(project: Project, name: str) -> list[Change]:
    """Repair the paste damage of the issue ``name`` and its newsletter.yaml; return what changed."""
    loaded = load(project, name)
    content = collect_issue(loaded.newsletter, loaded.issue, loaded.newsletter_source, loaded.source)
    edits: dict[Path, list[_Edit]] = {}
    seen: set[int] = set()
    for field in content.texts:
        if id(field.node) in seen:
            continue
        seen.add(id(field.node))
        edit = _edit_for(field)
        if edit is not None:
            edits.setdefault(field.source.path, []).append(edit)
    changes: list[Change] = []
    for path, file_edits in edits.items():
        changes.extend(_apply(file_edits[0].field.source, file_edits))
    return changes


def _edit_for(field: TextField) -> _Edit | None:
    source, node = field.source, field.node
    start, end = node.start_mark.index, node.end_mark.index
    raw = source.text[start:end]
    kinds = {found.kind for found in damage(raw, field.is_markdown)}
    if not kinds:
        return None
    value = repaired(field.text, field.is_markdown)
    if value == field.text:
        return None
    what = ", ".join(KINDS[kind] for kind in ("html", "bullet", "invisible") if kind in kinds)
    if kinds == {"invisible"}:  # taken out where they are written: the value keeps its style
        return _Edit(start, end, INVISIBLE_CHARACTER.sub(lambda m: INVISIBLE[m.group()], raw), field, value, what)
    return _Edit(start, end, _block(value, _indent(source.text, start), raw.endswith("\n")), field, value, what)


def _indent(text: str, start: int) -> str:
    """Return the indentation for a block holding the value written at ``start``: two more than its key's."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if not before.strip():  # the value starts on a line of its own: keep its indentation
        return before
    key_column = len(before) - len(before.lstrip(" -"))  # past "  - " of a list entry
    return " " * (key_column + 2)


def _block(value: str, indent: str, ends_line: bool) -> str:
    """Return ``value`` as a literal block scalar (``|``) indented by ``indent``."""
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    lines = body.split("\n")
    indicator = str(len(indent)) if lines and lines[0].startswith(" ") else ""
    text = f"|{indicator}{chomp}\n" + "\n".join(indent + line if line else "" for line in lines)
    if trailing > 1:
        text += "\n" * (trailing - 1)
    return text + ("\n" if ends_line else "")


def _apply(source: Source, edits: list[_Edit]) -> list[Change]:
    """Write ``edits`` into the file of ``source`` if it then reads as it must; return what was done."""
    text = source.text
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    changes = [Change(source.place(edit.field.node), edit.field.where, edit.what) for edit in edits]
    if not _reads_as_expected(source.text, text, edits):
        return [Change(change.place, change.where, change.what, done=False) for change in changes]
    write_files(source.path.parent, {source.path.name: text})
    return changes


def _data(text: str):
    """Return what ``text`` holds, read as lacnews reads it (libyaml where it is installed)."""
    for loader in dict.fromkeys((FAST_LOADER, yaml.SafeLoader)):
        try:
            return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, never a full one
        except yaml.YAMLError:
            continue
    raise ValueError("not YAML")


def _reads_as_expected(before: str, after: str, edits: list[_Edit]) -> bool:
    try:
        old, new = _data(before), _data(after)
    except ValueError:
        return False
    for edit in edits:
        if not _set(old, edit.field.where, edit.value):
            return False
    return old == new


def _set(data, where: str, value: str) -> bool:
    """Set the value at ``where`` (sections[0].items[1].body) in ``data``; False if there is none."""
    steps = [(m.group(1), m.group(2)) for m in STEP.finditer(where)]
    try:
        for key, index in steps[:-1]:
            data = data[key] if key is not None else data[int(index)]
        key, index = steps[-1]
        if key is not None:
            data[key] = value
        else:
            data[int(index)] = value
    except (KeyError, IndexError, TypeError):
        return False
    return True
