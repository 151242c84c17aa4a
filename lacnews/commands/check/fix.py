"""`lacnews check --fix`: repair paste damage in the files as written, keeping their comments and layout.

Only the text of a damaged value changes: invisible characters are taken out of
it where it is written, and a value with pasted bullets or HTML is written again
as a block (``|``) holding its repair (see ``lacnews.text.pastedamage``), with the
line breaks the file has (CRLF stays CRLF). Everything around it, comments
included, stays byte for byte. A repair that would lose a word, a link, a merge
tag, a list item or a paragraph break is not made, and the value is named for a
fix by hand. Before a file is written it is read back: every value repaired must
read as its repair and every other value as before; a value for which it would
not is named and left as it was, and the others are repaired all the same. A
file that is a symbolic link, or in a folder that is one, is not written, and
each of its repairs is named with the reason.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from lacnews.base.errors import Place
from lacnews.base.project import Project
from lacnews.base.write import (
    WriteError,
    check_project_file,
    refuse_to_replace,
    write_project_file,
)
from lacnews.compose import load
from lacnews.pipeline.content import TextField, collect_issue
from lacnews.text.pastedamage import damage, repair_of, without_invisible
from lacnews.yaml.source import FAST_LOADER, Source

STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")
KINDS = {"invisible": "invisible characters removed", "bullet": "pasted bullets made a Markdown list",
         "html": "pasted HTML made Markdown"}
READS_DIFFERENTLY = "the file would read differently; fix it by hand"


@dataclass(frozen=True)
class Change:
    """One value repaired, or one that could not be, and why."""

    place: Place
    where: str
    what: str
    done: bool = True
    why: str = READS_DIFFERENTLY

    def __str__(self) -> str:
        if self.done:
            return f"{self.place}: {self.where}: {self.what}"
        return f"{self.place}: {self.where}: {self.what}: not fixed: {self.why}"


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    texts: tuple[str, ...]  # what may replace the value as written, the first preferred
    field: TextField
    value: str  # what the value must read as once edited
    what: str

    def change(self, done: bool = True, why: str = READS_DIFFERENTLY) -> Change:
        return Change(self.field.source.place(self.field.node), self.field.where, self.what, done, why)


def fix_issue(project: Project, name: str) -> list[Change]:
    """Repair the paste damage of the issue ``name`` and its newsletter.yaml; return what changed."""
    loaded = load(project, name)
    content = collect_issue(loaded.newsletter, loaded.issue, loaded.newsletter_source, loaded.source)
    edits: dict[Path, list[_Edit]] = {}
    sources: dict[Path, Source] = {}
    changes: list[Change] = []
    seen: set[int] = set()
    for field in content.texts:
        if id(field.node) in seen:
            continue
        seen.add(id(field.node))
        edit = _edit_for(field)
        if isinstance(edit, Change):
            changes.append(edit)
        elif edit is not None:
            edits.setdefault(field.source.path, []).append(edit)
            sources[field.source.path] = field.source
    for path, file_edits in edits.items():
        refusal = _unwritable(project, name, path)
        if refusal:
            changes.extend(edit.change(done=False, why=refusal) for edit in file_edits)
        else:
            changes.extend(_apply(project, sources[path], file_edits))
    return sorted(changes, key=lambda change: (str(change.place.path), change.place.line or 0))


def _edit_for(field: TextField) -> _Edit | Change | None:
    """Return how to repair the value of ``field`` where it is written, a Change saying why it cannot be
    repaired safely, or None when it has no damage."""
    source, node = field.source, field.node
    start, end = node.start_mark.index, node.end_mark.index
    raw = source.text[start:end]
    kinds = {found.kind for found in damage(raw, field.is_markdown)}
    if not kinds:
        return None
    what = ", ".join(KINDS[kind] for kind in ("html", "bullet", "invisible") if kind in kinds)
    repair = repair_of(field.text, field.is_markdown)
    if repair.text is None:
        return Change(source.place(node), field.where, what, done=False, why=f"{repair.lost}; fix it by hand")
    if repair.text == field.text:
        return None
    texts = []
    if kinds == {"invisible"}:  # taken out where they are written: the value keeps its style
        texts.append(without_invisible(raw, field.is_markdown))
    ends_line = raw.endswith("\n")
    texts.append(_block(repair.text, _indent(source.text, start), ends_line, _newline(source.text, start)))
    return _Edit(start, end, tuple(texts), field, repair.text, what)


def _newline(text: str, start: int) -> str:
    """Return the line break of the line ``start`` is on: a file written with CRLF keeps them."""
    line_end = text.find("\n", start)
    return "\r\n" if line_end > 0 and text[line_end - 1] == "\r" else "\n"


def _indent(text: str, start: int) -> str:
    """Return the indentation for a block holding the value written at ``start``: two more than its key's."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if not before.strip():  # the value starts on a line of its own: keep its indentation
        return before
    key_column = len(before) - len(before.lstrip(" -"))  # past "  - " of a list entry
    return " " * (key_column + 2)


def _block(value: str, indent: str, ends_line: bool, newline: str = "\n") -> str:
    """Return ``value`` as a literal block scalar (``|``) indented by ``indent``, its lines ended by ``newline``."""
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    lines = body.split("\n")
    indicator = str(len(indent)) if lines and lines[0].startswith(" ") else ""
    text = f"|{indicator}{chomp}{newline}" + newline.join(indent + line if line else "" for line in lines)
    if trailing > 1:
        text += newline * (trailing - 1)
    return text + (newline if ends_line else "")


def _unwritable(project: Project, name: str, path: Path) -> str | None:
    """Return why the file at ``path`` may not be written, or None: only a regular file inside the project,
    never through a link (the issue's file, or a folder on the way to it)."""
    try:
        if name.endswith((".yaml", ".yml")) and path != project.config_path:
            refuse_to_replace(Path(name))  # named by a path: the project knows it only resolved
        check_project_file(project.root, path)
    except WriteError as exc:
        return exc.message
    return None


def _apply(project: Project, source: Source, edits: list[_Edit]) -> list[Change]:
    """Write into the file of ``source`` each edit with which it reads as it must; return what was done.

    The edits are tried together first; if the file would then read differently, each on its own, so
    that one value that cannot be repaired safely holds back no other."""
    chosen = [(edit, edit.texts[0]) for edit in edits]
    if not _reads_as_expected(source.text, _edited(source.text, chosen), chosen):
        chosen = []
        for edit in edits:
            text = next((text for text in edit.texts
                         if _reads_as_expected(source.text, _edited(source.text, [(edit, text)]), [(edit, text)])),
                        None)
            if text is not None:
                chosen.append((edit, text))
        if chosen and not _reads_as_expected(source.text, _edited(source.text, chosen), chosen):
            chosen = []
    done = {id(edit) for edit, _ in chosen}
    changes = [edit.change(done=id(edit) in done) for edit in edits]
    if not chosen:
        return changes
    text = _edited(source.text, chosen)
    if source.path.read_bytes().startswith(codecs.BOM_UTF8):
        text = "\ufeff" + text  # the file's byte-order mark, which reading it left out
    try:
        write_project_file(project.root, source.path, text)
    except WriteError as exc:
        return [edit.change(done=False, why=exc.message) for edit in edits]
    return changes


def _edited(text: str, chosen: list[tuple[_Edit, str]]) -> str:
    """Return ``text`` with each edit's value replaced by the text chosen for it."""
    pieces = []
    last = 0
    for edit, replacement in sorted(chosen, key=lambda pair: pair[0].start):
        pieces += [text[last:edit.start], replacement]
        last = edit.end
    pieces.append(text[last:])
    return "".join(pieces)


def _data(text: str):
    """Return what ``text`` holds, read as lacnews reads it (libyaml where it is installed)."""
    for loader in dict.fromkeys((FAST_LOADER, yaml.SafeLoader)):
        try:
            return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, never a full one
        except yaml.YAMLError:
            continue
    raise ValueError("not YAML")


def _reads_as_expected(before: str, after: str, chosen: list[tuple[_Edit, str]]) -> bool:
    try:
        old, new = _data(before), _data(after)
    except ValueError:
        return False
    for edit, _ in chosen:
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
