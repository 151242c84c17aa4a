"""Every issue of the project as the commands see it without building it: each one's summary, the latest,
and each one's findings (its links' too when asked), a file that does not load being one of them."""

from __future__ import annotations

from dataclasses import dataclass

from lacnews.base.errors import InputError, LacnewsError, Place, TemplateError
from lacnews.base.progress import Progress, no_progress
from lacnews.base.project import Project
from lacnews.checks.findings import ERROR, Finding, sort_findings
from lacnews.compose import compose, load
from lacnews.compose.composed import Composed
from lacnews.pipeline.content import collect_issue


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


def composed_issue(project: Project, name: str) -> tuple[str, Composed | None, list[Finding]]:
    """Compose one issue: its slug, the composed issue (None when it does not load) and its findings, what
    stops it loading being one of them."""
    slug, _ = project.issue_path(name)
    try:
        composed = compose(project, name)
    except InputError as exc:
        return slug, None, sort_findings([Finding.from_problem(p, slug) for p in exc.problems])
    except TemplateError as exc:
        return slug, None, [Finding(Place(project.templates_dir), ERROR, "template", exc.format_message(), slug)]
    return slug, composed, composed.findings


def link_findings(project: Project, composed: Composed, timeout: float = 10.0, concurrency: int = 8,
                  allow_private: bool | None = None, progress: Progress = no_progress) -> list[Finding]:
    """Fetch every link of a composed issue and return what was found (private addresses refused unless
    ``allow_private``, a bar made by ``progress`` shown while fetching)."""
    from lacnews.checks.links import check_links

    loaded = composed.loaded
    content = collect_issue(loaded.newsletter, loaded.issue, loaded.newsletter_source, loaded.source)
    return check_links(content.links, project.build_dir, composed.slug, concurrency=concurrency, timeout=timeout,
                       allow_private=allow_private, progress=progress)


def check_issue(project: Project, name: str, links: bool = False, timeout: float = 10.0,
                concurrency: int = 8, allow_private: bool | None = None,
                progress: Progress = no_progress) -> tuple[str, list[Finding]]:
    """Compose and check one issue (its links too, with ``links``); what stops it loading is a finding."""
    slug, composed, findings = composed_issue(project, name)
    if composed is None or not links:
        return slug, findings
    return slug, sort_findings(findings + link_findings(project, composed, timeout, concurrency, allow_private,
                                                        progress))
