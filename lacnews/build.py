"""The build pipeline: load → validate → render → inline → text → write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lacnews import colour
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
    """An issue and its newsletter, validated, with the issue's source for locating problems."""

    newsletter: Newsletter
    issue: Issue
    source: Source


@dataclass
class Rendered:
    """A built issue: the email as HTML and as text, and what the editor should know."""

    slug: str
    html: str
    text: str
    warnings: list[str] = field(default_factory=list)

    @property
    def html_bytes(self) -> int:
        return len(self.html.encode("utf-8"))


def load(project: Project, name: str) -> Loaded:
    """Load and validate the issue named ``name`` (slug or path) and the project's newsletter."""
    slug, path = project.issue_path(name)
    newsletter = load_newsletter(read_source(project.config_path))
    source = read_source(path)
    return Loaded(newsletter, load_issue(source, slug), source)


def render(project: Project, loaded: Loaded) -> Rendered:
    """Render a loaded issue to inlined HTML and plain text."""
    from lacnews.inline import inline_css

    renderer = Renderer(project)
    renderer.check_layouts(loaded.issue, loaded.source)
    context = renderer.context(loaded.newsletter, loaded.issue)
    html = inline_css(renderer.html(context))
    text = renderer.text(context)
    return Rendered(loaded.issue.slug, html, text, warnings(project, loaded, html))


def warnings(project: Project, loaded: Loaded, html: str) -> list[str]:
    """Return what the editor should fix before sending, though the email can be built."""
    found = []
    size = len(html.encode("utf-8"))
    if size > GMAIL_CLIP:
        found.append(f"email.html is {size / 1024:.1f} KB: Gmail clips messages over 102 KB, "
                     "hiding the footer with its unsubscribe link; shorten the issue")
    elif size > SIZE_WARNING:
        found.append(f"email.html is {size / 1024:.1f} KB, close to Gmail's 102 KB clip")
    accent = loaded.newsletter.theme.accent
    ratio = colour.contrast(accent, colour.WHITE)
    if ratio < colour.AA_NORMAL_TEXT:
        found.append(f"{project.config_path.name}: theme.accent {accent} has a contrast of {ratio:.1f}:1 "
                     "on white; links need 4.5:1 to be readable (choose a darker colour)")
    return found


def write(project: Project, rendered: Rendered) -> list[Path]:
    """Write build/<slug>/email.html and email.txt atomically; return their paths."""
    folder = project.build_dir / rendered.slug
    return write_files(folder, {"email.html": rendered.html, "email.txt": rendered.text})


def build(project: Project, name: str) -> tuple[Rendered, list[Path]]:
    """Build one issue and write its outputs."""
    rendered = render(project, load(project, name))
    return rendered, write(project, rendered)
