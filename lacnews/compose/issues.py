"""Every issue of the project as the commands see it without building it: each one's summary, the latest,
and each one's findings (its links' too when asked), a file that does not load being one of them."""

from __future__ import annotations

from dataclasses import dataclass

from lacnews.base.errors import InputError, LacnewsError, Place, TemplateError
from lacnews.base.progress import Progress, no_progress
from lacnews.base.project import Project
from lacnews.checks.findings import ERROR, Finding, sort_findings
from lacnews.compose import compose, load
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


def check_issue(project: Project, name: str, links: bool = False, timeout: float = 10.0,
                concurrency: int = 8, allow_private: bool | None = None,
                progress: Progress = no_progress) -> tuple[str, list[Finding]]:
    """Compose and check one issue (its links too, with ``links``: private addresses refused unless
    ``allow_private``, a bar made by ``progress`` shown while fetching); what stops it loading is a finding."""
    slug, _ = project.issue_path(name)
    try:
        composed = compose(project, name)
    except InputError as exc:
        return slug, sort_findings([Finding.from_problem(p, slug) for p in exc.problems])
    except TemplateError as exc:
        return slug, [Finding(Place(project.templates_dir), ERROR, "template", exc.format_message(), slug)]
    if not links:
        return slug, composed.findings
    from lacnews.checks.links import check_links

    loaded = composed.loaded
    content = collect_issue(loaded.newsletter, loaded.issue, loaded.newsletter_source, loaded.source)
    return slug, sort_findings(composed.findings + check_links(
        content.links, project.build_dir, slug, concurrency=concurrency, timeout=timeout,
        allow_private=allow_private, progress=progress))
