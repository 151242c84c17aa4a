"""The build pipeline: load → validate → render → inline → text → write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lacnews.errors import LacnewsError
from lacnews.project import Project
from lacnews.render import Renderer
from lacnews.schema import Issue, Newsletter
from lacnews.validate import load_issue, load_newsletter
from lacnews.write import write_files
from lacnews.yamlsource import Source, read_source

SIZE_WARNING = 80 * 1024
GMAIL_CLIP = 102 * 1024


@dataclass
class Loaded:
    """An issue and its newsletter, validated, with their sources for locating problems."""

    newsletter: Newsletter
    issue: Issue
    source: Source
    newsletter_source: Source


@dataclass
class Rendered:
    """A built issue: the email as HTML and as text."""

    slug: str
    html: str
    text: str

    @property
    def html_bytes(self) -> int:
        return len(self.html.encode("utf-8"))


class ChecksFailed(LacnewsError):
    """The issue renders, but `lacnews check` found errors that would be sent to subscribers."""

    def __init__(self, slug: str, findings: list):
        self.slug = slug
        self.findings = findings
        super().__init__(f"{slug} was not built because of the errors above: fix them, "
                         "or build anyway with --force")


@dataclass
class Built:
    """The outcome of a build: what was rendered, what the checks found, and the files written."""

    loaded: Loaded
    rendered: Rendered
    findings: list = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)


def load(project: Project, name: str) -> Loaded:
    """Load and validate the issue named ``name`` (slug or path) and the project's newsletter."""
    slug, path = project.issue_path(name)
    newsletter_source = read_source(project.config_path)
    newsletter = load_newsletter(newsletter_source)
    source = read_source(path)
    return Loaded(newsletter, load_issue(source, slug), source, newsletter_source)


def render(project: Project, loaded: Loaded) -> Rendered:
    """Render a loaded issue to inlined HTML and plain text."""
    from lacnews.inline import inline_css

    renderer = Renderer(project)
    renderer.check_layouts(loaded.issue, loaded.source)
    context = renderer.context(loaded.newsletter, loaded.issue)
    html = inline_css(renderer.html(context))
    text = renderer.text(context)
    return Rendered(loaded.issue.slug, html, text)


def write(project: Project, rendered: Rendered) -> list[Path]:
    """Write build/<slug>/email.html and email.txt atomically; return their paths."""
    folder = project.build_dir / rendered.slug
    return write_files(folder, {"email.html": rendered.html, "email.txt": rendered.text})


def build(project: Project, name: str, force: bool = False, shared: str | None = None) -> Built:
    """Build one issue: render it, check it, and write it (with its record) unless the checks found errors."""
    from lacnews.checks import run_checks
    from lacnews.findings import ERROR, WARNING
    from lacnews.records import (
        IssueRecord,
        issue_fingerprint,
        shared_fingerprint,
        write_record,
    )

    # The fingerprint is of the inputs as read now, before anything can change them mid-build.
    fingerprint = issue_fingerprint(project.issue_path(name)[1], shared or shared_fingerprint(project))
    loaded = load(project, name)
    rendered = render(project, loaded)
    findings = run_checks(project, loaded, rendered)
    if not force and any(f.level == ERROR for f in findings):
        raise ChecksFailed(rendered.slug, findings)
    paths = write(project, rendered)
    issue = loaded.issue
    write_record(project, IssueRecord(
        issue.slug, fingerprint, issue.date.iso, str(issue.date), issue.subject, issue.preheader or "",
        len(issue.sections), sum(f.level == ERROR for f in findings), sum(f.level == WARNING for f in findings),
        rendered.html_bytes))
    return Built(loaded, rendered, findings, paths)
