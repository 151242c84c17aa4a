"""`lacnews list`: every issue at a glance, with whether its build is current and what check finds."""

from __future__ import annotations

from lacnews.records import build_status, read_record, shared_fingerprint
from lacnews.checks import check_issue
from lacnews.errors import LacnewsError
from lacnews.findings import ERROR, WARNING
from lacnews.preview import issue_summaries
from lacnews.project import Project


def issue_rows(project: Project) -> list[dict]:
    """Return one row per issue, newest first: slug, date, subject, sections, build, check."""
    shared = shared_fingerprint(project)
    rows = []
    for summary in issue_summaries(project):
        status = build_status(project, summary.slug, shared)
        record = read_record(project, summary.slug) if status == "up to date" else None
        if record is not None:  # the build already checked these very inputs
            errors, warnings, sections = record.errors, record.warnings, record.sections
        else:
            _, findings = check_issue(project, summary.slug)
            errors = sum(f.level == ERROR for f in findings)
            warnings = sum(f.level == WARNING for f in findings)
            sections = _sections(project, summary.slug)
        rows.append({"slug": summary.slug, "date": summary.date, "subject": summary.subject,
                     "sections": sections, "build": status,
                     "check": _check_text(errors, warnings), "errors": errors, "warnings": warnings})
    return rows


def _sections(project: Project, slug: str) -> int | str:
    from lacnews.build import load
    try:
        return len(load(project, slug).issue.sections)
    except LacnewsError:
        return "?"


def _check_text(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "clean"
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    parts += [f"{warnings} warning{'s' if warnings != 1 else ''}"] if warnings else []
    return ", ".join(parts)
