"""`lacnews list`: every issue at a glance, with whether its build is up to date and what check finds."""

from __future__ import annotations

from lacnews.base.project import Project
from lacnews.checks.findings import ERROR, WARNING, count, counts_text
from lacnews.compose import load_newsletter_of
from lacnews.compose.issues import check_issue, issue_summaries
from lacnews.compose.records import build_status, read_record, stale_because
from lacnews.pipeline.inputs import Fingerprints

COLUMNS = {"slug": "ISSUE", "date": "DATE", "subject": "SUBJECT", "sections": "SECTIONS",
           "build": "BUILD", "check": "CHECK"}


def issue_rows(project: Project) -> list[dict]:
    """Return one row per issue, newest first: slug, date, subject, sections, build (and for a stale build, what
    changed since), check. A newsletter.yaml that does not load is every issue's fault at once: it is raised, with
    its place, rather than blamed on each."""
    load_newsletter_of(project)
    fingerprints = Fingerprints(project)
    rows = []
    for summary in issue_summaries(project):
        record = read_record(project, summary.slug)
        status = build_status(project, record, fingerprints)
        if status == "up to date":  # the build already checked these very inputs
            errors, warnings = record.errors, record.warnings
        else:
            _, findings = check_issue(project, summary.slug)
            errors, warnings = count(findings, ERROR), count(findings, WARNING)
        rows.append({"slug": summary.slug, "date": summary.date, "subject": summary.subject,
                     "sections": summary.sections, "build": status,
                     "stale_because": stale_because(project, record, fingerprints) if status == "stale" else None,
                     "check": counts_text(errors, warnings), "errors": errors, "warnings": warnings})
    return rows


def table(rows: list[dict]) -> list[str]:
    """Return the rows as the lines of a table with a heading, each column as wide as its widest cell."""
    lines = [COLUMNS] + [{key: str(row[key]) for key in COLUMNS} for row in rows]
    widths = {key: max(len(line[key]) for line in lines) for key in COLUMNS}
    return ["  ".join(line[key].ljust(widths[key]) for key in COLUMNS).rstrip() for line in lines]


def stale_lines(rows: list[dict]) -> list[str]:
    """Return a line for each stale build saying what changed since, and how to bring them up to date."""
    stale = [row for row in rows if row["stale_because"]]
    if not stale:
        return []
    again = f"`lacnews build {stale[0]['slug']}`" if len(stale) == 1 else "`lacnews build --all`"
    return [f"{row['slug']} is stale: {row['stale_because']}" for row in stale] + [
        f"{again} brings {'it' if len(stale) == 1 else 'them'} up to date"]
