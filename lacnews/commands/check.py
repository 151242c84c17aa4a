"""`lacnews check`: the findings of an issue, its links' too when asked, and of a file that does not load."""

from __future__ import annotations

from lacnews.base.errors import InputError, Place, TemplateError
from lacnews.base.project import Project
from lacnews.checks.findings import ERROR, Finding, sort_findings
from lacnews.compose import compose
from lacnews.pipeline.content import collect_issue


def check_issue(project: Project, name: str, links: bool = False, timeout: float = 10.0,
                concurrency: int = 8) -> tuple[str, list[Finding]]:
    """Compose and check one issue (its links too, with ``links``); what stops it loading is a finding."""
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
    return slug, sort_findings(composed.findings + check_links(content.links, project.build_dir, slug,
                                                               concurrency=concurrency, timeout=timeout))
