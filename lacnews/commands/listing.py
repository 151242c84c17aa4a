"""Every issue at a glance (`lacnews list`, the preview's index, `lacnews new`'s choice of the latest)."""

from __future__ import annotations

from dataclasses import dataclass

from lacnews.base.errors import LacnewsError
from lacnews.base.project import Project
from lacnews.checks.findings import ERROR, WARNING, counts_text
from lacnews.commands.check import check_issue
from lacnews.compose import load
from lacnews.outputs.records import build_status, read_record
from lacnews.pipeline.inputs import Fingerprints

COLUMNS = {"slug": "ISSUE", "date": "DATE", "subject": "SUBJECT", "sections": "SECTIONS",
           "build": "BUILD", "check": "CHECK"}


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
            issue = load(project, slug).issue
            summaries.append(IssueSummary(slug, str(issue.date), issue.date.iso, issue.subject, False,
                                          len(issue.sections)))
        except LacnewsError:
            summaries.append(IssueSummary(slug, "", "", "this issue has errors: open it to see them", True))
    return sorted(summaries, key=lambda s: (s.sort_key, s.slug), reverse=True)


def latest_issue(project: Project) -> str | None:
    """Return the slug of the most recent issue that loads (by date, then name)."""
    loading = [summary for summary in issue_summaries(project) if not summary.error]
    return loading[0].slug if loading else None


def issue_rows(project: Project) -> list[dict]:
    """Return one row per issue, newest first: slug, date, subject, sections, build, check."""
    fingerprints = Fingerprints(project)
    rows = []
    for summary in issue_summaries(project):
        record = read_record(project, summary.slug)
        status = build_status(project, record, fingerprints)
        if status == "up to date":  # the build already checked these very inputs
            errors, warnings = record.errors, record.warnings
        else:
            _, findings = check_issue(project, summary.slug)
            errors = sum(f.level == ERROR for f in findings)
            warnings = sum(f.level == WARNING for f in findings)
        rows.append({"slug": summary.slug, "date": summary.date, "subject": summary.subject,
                     "sections": summary.sections, "build": status,
                     "check": counts_text(errors, warnings), "errors": errors, "warnings": warnings})
    return rows


def table(rows: list[dict]) -> list[str]:
    """Return the rows as the lines of a table with a heading, each column as wide as its widest cell."""
    lines = [COLUMNS] + [{key: str(row[key]) for key in COLUMNS} for row in rows]
    widths = {key: max(len(line[key]) for line in lines) for key in COLUMNS}
    return ["  ".join(line[key].ljust(widths[key]) for key in COLUMNS).rstrip() for line in lines]
