"""What a build leaves behind to say which inputs it was made from: build/<slug>/.build.json.

An issue's build is current while the fingerprint of its inputs (see
``lacnews.inputs``) is unchanged. The record also keeps what the archive index,
the feed and `lacnews list` need, so none of them has to read the issue again.
Only `lacnews build` writes records; a preview or a check never does.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING

from lacnews.errors import display_path
from lacnews.i18n import month_year
from lacnews.inputs import Fingerprints
from lacnews.languages import in_language, languages_of
from lacnews.project import Project

if TYPE_CHECKING:  # the unchanged path of `build --all` reads records without the pipeline
    from lacnews.composed import Composed

RECORD = ".build.json"


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
    html_bytes: int
    referenced: list[str] = field(default_factory=list)  # local files the issue names, from the project root
    # for an issue in several languages: each one's subject, preheader and date, by language, first first
    languages: dict = field(default_factory=dict)

    @classmethod
    def of(cls, project: Project, composed: Composed) -> "IssueRecord":
        issue = composed.loaded.issue
        root = project.root
        languages = {}
        for language in languages_of(composed.loaded.newsletter, issue):
            local = in_language(issue, language)
            languages[language] = {"subject": local.subject, "preheader": local.preheader or "",
                                   "date_shown": month_year(issue.date, language)}
        return cls(issue.slug, composed.fingerprint, issue.date.iso, str(issue.date), str(issue.subject),
                   str(issue.preheader or ""), len(issue.sections), composed.errors, composed.warnings,
                   composed.email.html_bytes, [p.relative_to(root).as_posix() for p in composed.inputs.referenced],
                   languages)


def read_record(project: Project, slug: str, notes: list[str] | None = None) -> IssueRecord | None:
    """Return the record of the last build of ``slug``; None if there is none or it cannot be read
    (then the issue is built again, which rewrites it; ``notes`` is told)."""
    path = project.build_dir / slug / RECORD
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        names = {f.name for f in fields(IssueRecord)}
        record = IssueRecord(**{key: value for key, value in stored.items() if key in names})
        if not (isinstance(record.fingerprint, str) and isinstance(record.errors, int)
                and isinstance(record.warnings, int) and isinstance(record.referenced, list)
                and all(isinstance(name, str) for name in record.referenced)):
            raise TypeError
        return record
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, AttributeError):
        if notes is not None:
            notes.append(f"{display_path(path)} could not be read, so {slug} was built again")
        return None


def record_files(record: IssueRecord) -> dict[str, str]:
    return {RECORD: json.dumps(asdict(record), indent=1)}


def is_current(project: Project, record: IssueRecord | None, fingerprints: Fingerprints) -> bool:
    """Whether ``record`` was built from the inputs of its issue as they are now."""
    if record is None or not (project.build_dir / record.slug / "email.html").is_file():
        return False
    inputs = fingerprints.inputs(project.slug_path(record.slug),
                                 [project.root / name for name in record.referenced])
    return record.fingerprint == fingerprints.of(inputs)


def build_status(project: Project, record: IssueRecord | None, fingerprints: Fingerprints) -> str:
    """Return "up to date", "stale" or "not built" for the issue whose last record is ``record``."""
    if record is None or not (project.build_dir / record.slug / "email.html").is_file():
        return "not built"
    return "up to date" if is_current(project, record, fingerprints) else "stale"
