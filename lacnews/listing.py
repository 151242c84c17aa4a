"""Every issue at a glance (`lacnews list`, the preview's index, `lacnews new`'s choice of the latest)."""

from __future__ import annotations

from dataclasses import dataclass

from lacnews import build
from lacnews.checks import check_issue
from lacnews.errors import LacnewsError
from lacnews.findings import ERROR, WARNING
from lacnews.project import Project
from lacnews.records import build_status, read_record, shared_fingerprint


@dataclass(frozen=True)
class IssueSummary:
    slug: str
    date: str
    sort_key: str
    subject: str
    error: bool
    sections: int | str = "?"


def issue_summaries(project: Project) -> list[IssueSummary]:
    """Return every issue, newest first; an issue that does not load is listed as such."""
    summaries = []
    for slug in project.issue_slugs():
        try:
            issue = build.load(project, slug).issue
            summaries.append(IssueSummary(slug, str(issue.date), issue.date.iso, issue.subject, False,
                                          len(issue.sections)))
        except LacnewsError:
            summaries.append(IssueSummary(slug, "", "", "this issue has errors: open it to see them", True))
    return sorted(summaries, key=lambda s: (s.sort_key, s.slug), reverse=True)


def issue_rows(project: Project) -> list[dict]:
    """Return one row per issue, newest first: slug, date, subject, sections, build, check."""
    shared = shared_fingerprint(project)
    rows = []
    for summary in issue_summaries(project):
        status = build_status(project, summary.slug, shared)
        record = read_record(project, summary.slug) if status == "up to date" else None
        if record is not None:  # the build already checked these very inputs
            errors, warnings = record.errors, record.warnings
        else:
            _, findings = check_issue(project, summary.slug)
            errors = sum(f.level == ERROR for f in findings)
            warnings = sum(f.level == WARNING for f in findings)
        rows.append({"slug": summary.slug, "date": summary.date, "subject": summary.subject,
                     "sections": summary.sections, "build": status,
                     "check": _check_text(errors, warnings), "errors": errors, "warnings": warnings})
    return rows


def _check_text(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "clean"
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    parts += [f"{warnings} warning{'s' if warnings != 1 else ''}"] if warnings else []
    return ", ".join(parts)
