"""`lacnews check --fix`: repair paste damage in the files as written, keeping their comments and layout.

Only the text of a damaged value changes, through the one writer of the editor's
files (lacnews.yaml.edit): invisible characters are taken out of it where it is
written, and a value with pasted bullets or HTML is written again as a block
(``|``) holding its repair (see ``lacnews.text.pasterepair``), with the line
breaks the file has (CRLF stays CRLF). Everything around it, comments included,
stays byte for byte. A repair that would lose a word, a link, a merge
tag, a list item or a paragraph break is not made, and the value is named for a
fix by hand. Before a file is written it is read back: every value repaired must
read as its repair and every other value as before; a value for which it would
not is named and left as it was, and the others are repaired all the same. A
file that is a symbolic link, or in a folder that is one, is not written, and
each of its repairs is named with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lacnews.base.errors import Place
from lacnews.base.project import Project
from lacnews.base.write import (
    WriteError,
    check_project_file,
    refuse_to_replace,
    write_project_file,
)
from lacnews.checks.content import PASTE_RULES
from lacnews.checks.pictures import PERSONAL_DATA
from lacnews.compose import load
from lacnews.pipeline.content import TextField, collect_issue
from lacnews.text.pastedamage import damage
from lacnews.text.pasterepair import repair_of, without_invisible
from lacnews.yaml.edit import Replacement, encoded, replaced, rewritten, value_text
from lacnews.yaml.source import Source

KINDS = {"invisible": "invisible characters removed", "bullet": "pasted bullets made a Markdown list",
         "html": "pasted HTML made Markdown"}
# The rules whose findings these repairs answer: each is `fixable` in the registry, and says so.
REPAIRED_RULES = frozenset({*(PASTE_RULES[kind] for kind in KINDS), PERSONAL_DATA})
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
    replacement: Replacement
    field: TextField
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
    raw = value_text(source.text, node)  # the blank lines after it are the file's layout, and stay as they are
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
    texts.append(rewritten(source, node, repair.text))
    return _Edit(Replacement(node, tuple(texts), repair.text), field, what)


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
    """Write into the file of ``source`` each edit with which it reads as it must; return what was done."""
    text, made = replaced(source, [edit.replacement for edit in edits])
    done = {id(replacement) for replacement in made}
    changes = [edit.change(done=id(edit.replacement) in done) for edit in edits]
    if not made:
        return changes
    try:
        write_project_file(project.root, source.path, encoded(text, source.path.read_bytes()))
    except WriteError as exc:
        return [edit.change(done=False, why=exc.message) for edit in edits]
    return changes
