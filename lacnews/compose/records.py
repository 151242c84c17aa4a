"""What a build leaves behind to say which inputs it was made from: build/<slug>/.build.json.

An issue's build is current while the fingerprint of its inputs (see
``lacnews.pipeline.inputs``) is unchanged. The record also keeps what the archive index,
the feed and `lacnews list` need, so none of them has to read the issue again.
Only `lacnews build` writes records; a preview or a check never does.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from lacnews import __version__
from lacnews.base import layout
from lacnews.base.dates import parse_date
from lacnews.base.errors import display_path
from lacnews.base.i18n import month_year
from lacnews.base.languages import in_language, languages_of
from lacnews.base.project import Project
from lacnews.pipeline.inputs import Fingerprints, Inputs, digest_of, input_name, own_folders, stat_snapshot
from lacnews.text.prose import listed

if TYPE_CHECKING:  # the unchanged path of `build --all` reads records without the pipeline
    from lacnews.compose.composed import Composed


@dataclass
class IssueRecord:
    """What a finished build of one issue leaves for the index, the feed and `lacnews list`."""

    slug: str
    fingerprint: str
    date: str  # YYYY-MM or YYYY-MM-DD
    date_shown: str  # May 2020
    subject: str
    preheader: str
    sections: int
    errors: int
    warnings: int
    html_bytes: int  # of the largest email, where each language has its own
    referenced: list[str] = field(default_factory=list)  # local files the issue names, from the project root
    # for an issue in several languages: each one's subject, preheader and date, by language, first first
    languages: dict = field(default_factory=dict)
    # each input as it was built (see ``input_digests``), so that a stale build can say what changed
    inputs: dict = field(default_factory=dict)

    @classmethod
    def of(cls, project: Project, composed: Composed) -> IssueRecord:
        issue = composed.loaded.issue
        root = project.root
        languages = {}
        for language in languages_of(composed.loaded.newsletter, issue):
            local = in_language(issue, language)
            languages[language] = {"subject": local.subject, "preheader": local.preheader or "",
                                   "date_shown": month_year(issue.date, language)}
        return cls(issue.slug, composed.fingerprint, issue.date.iso, str(issue.date), str(issue.subject),
                   str(issue.preheader or ""), len(issue.sections), composed.errors, composed.warnings,
                   composed.html_bytes, [p.relative_to(root).as_posix() for p in composed.inputs.referenced],
                   languages, input_digests(project, composed.inputs))


def read_record(project: Project, slug: str, notes: list[str] | None = None) -> IssueRecord | None:
    """Return the record of the last build of ``slug``; None if there is none or it is not one that build wrote
    (then the issue is built again, which rewrites it; ``notes`` is told)."""
    path = layout.record_path(project, slug)
    try:
        with path.open("rb") as stream:
            stored = json.loads(stream.read(MAX_RECORD_BYTES + 1).decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError):  # unreadable, not JSON (cut short, too long), nested too deep
        stored = None
    if _well_formed(stored, slug):
        return IssueRecord(**{f.name: stored[f.name] for f in fields(IssueRecord) if f.name in stored})
    if notes is not None:
        notes.append(f"{display_path(path)} could not be read, so {slug} was built again")
    return None


MAX_RECORD_BYTES = 4 * 1024 * 1024  # far more than an issue's record, even naming a thousand pictures
RECORD_TEXTS = ("fingerprint", "date_shown", "subject", "preheader")
RECORD_COUNTS = ("sections", "errors", "warnings", "html_bytes")
LANGUAGE_TEXTS = ("subject", "preheader", "date_shown")
OPTIONAL_FIELDS = {"inputs"}  # a record written before lacnews kept its inputs is still a record


def _well_formed(stored: object, slug: str) -> bool:
    """Whether ``stored`` is a record as `build` writes it for ``slug``: every field there, each of its type.

    Anything else (edited by hand, cut short, from another version of lacnews) counts as no record, so the
    issue is built again rather than published from it.
    """
    if not isinstance(stored, dict) or not {f.name for f in fields(IssueRecord)} - OPTIONAL_FIELDS <= set(stored):
        return False
    languages, referenced, inputs = stored["languages"], stored["referenced"], stored.get("inputs", {})
    return (stored["slug"] == slug and _is_date(stored["date"])
            and all(isinstance(stored[name], str) for name in RECORD_TEXTS)
            and all(type(stored[name]) is int and stored[name] >= 0 for name in RECORD_COUNTS)
            and isinstance(referenced, list) and all(is_inner_path(name) for name in referenced)
            and isinstance(inputs, dict) and all(isinstance(value, str) for value in inputs.values())
            and isinstance(languages, dict)
            and all(isinstance(texts, dict) and set(texts) == set(LANGUAGE_TEXTS)
                    and all(isinstance(text, str) for text in texts.values()) for texts in languages.values()))


def _is_date(text: object) -> bool:
    """Whether ``text`` is a date as records keep it: YYYY-MM or YYYY-MM-DD, a real month and day."""
    if not isinstance(text, str):
        return False
    date = parse_date(text)
    return not isinstance(date, str) and date.iso == text


def is_inner_path(name: object) -> bool:
    """Whether ``name`` is a relative path that stays inside the folder it is read from, as records name files."""
    if not isinstance(name, str) or not name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def record_files(record: IssueRecord) -> dict[str, str]:
    return {layout.BUILD_RECORD: json.dumps(asdict(record), indent=1)}


def is_current(project: Project, record: IssueRecord | None, fingerprints: Fingerprints) -> bool:
    """Whether ``record`` was built from the inputs of its issue as they are now."""
    if record is None or not layout.is_built(project, record.slug, record.languages):
        return False
    inputs = fingerprints.inputs(project.slug_path(record.slug),
                                 [project.root / name for name in record.referenced])
    return record.fingerprint == fingerprints.of(inputs)


def build_status(project: Project, record: IssueRecord | None, fingerprints: Fingerprints) -> str:
    """Return "up to date", "stale" or "not built" for the issue whose last record is ``record``."""
    if record is None or not layout.is_built(project, record.slug, record.languages):
        return "not built"
    return "up to date" if is_current(project, record, fingerprints) else "stale"


# What a record keeps of lacnews itself, beside the project's files (named by their paths, which hold no ':').
VERSION, BUILTIN_TEMPLATES = "lacnews:version", "lacnews:templates"
MAX_REASONS = 4


def input_digests(project: Project, inputs: Inputs) -> dict[str, str]:
    """Return a digest of each of an issue's inputs, by the name the editor knows it by (issues/may-2020.yaml,
    newsletter.yaml, templates/email.html.j2, images/badge.png), lacnews's own templates and catalogues as one,
    and lacnews's version: what ``stale_because`` compares."""
    digests = {input_name(path, project.root): digest_of((path,), project.root)
               for path in (inputs.issue, *inputs.referenced)}
    digests.update(_shared_digests(project, inputs.shared))
    return digests


# The shared inputs' digests of the last project asked for, with the (time, size) of each file they were made
# from: every issue of a `build --all` shares them, so they are hashed once a run, and again when one changes.
_SHARED: dict[tuple[Path, tuple[Path, ...]], tuple[dict, dict[str, str]]] = {}


def _shared_digests(project: Project, shared: tuple[Path, ...]) -> dict[str, str]:
    key, snapshot = (project.root, shared), stat_snapshot(shared)
    known = _SHARED.get(key)
    if known is not None and known[0] == snapshot:
        return known[1]
    folders = [folder for folder, _ in own_folders()]
    own = [path for path in shared
           if any(path.is_relative_to(folder) for folder in folders) and not path.is_relative_to(project.root)]
    digests = {input_name(path, project.root): digest_of((path,), project.root) for path in shared if path not in own}
    digests.update({VERSION: __version__, BUILTIN_TEMPLATES: digest_of(own, project.root)})
    _SHARED.clear()
    _SHARED[key] = (snapshot, digests)
    return digests


def stale_because(project: Project, record: IssueRecord, fingerprints: Fingerprints) -> str:
    """Return what changed since the build ``record`` tells of ("newsletter.yaml and images/badge.png changed since
    it was built"),
    for a build that is stale; called for those only, so that an up-to-date `list` reads nothing more."""
    was = record.inputs
    if not was:
        return "it was built by an earlier lacnews, which kept no list of what changed"
    if was.get(VERSION) != __version__:
        return f"lacnews was upgraded from {was.get(VERSION)} to {__version__} since it was built"
    now = input_digests(project, fingerprints.inputs(project.slug_path(record.slug),
                                                     [project.root / name for name in record.referenced]))
    changed = [_described(project, name, was) for name in {**was, **now}
               if was.get(name) != now.get(name) and name != "lacnews:folder"]  # kept by 0.2.0's first records
    if not changed:
        return "its files changed while it was being built"
    if len(changed) > MAX_REASONS:
        changed[MAX_REASONS - 1:] = [f"{len(changed) - MAX_REASONS + 1} more files"]
    return f"{listed(changed)} changed since it was built"


def _described(project: Project, name: str, was: dict) -> str:
    """Return how ``name``, an input that changed, is told: its path, saying when it is new or gone."""
    if name == BUILTIN_TEMPLATES:
        return "lacnews's own templates and words"
    if name not in was:
        return f"{name} (new)"
    return name if (project.root / name).exists() else f"{name} (gone)"
