"""Compose an issue: everything known about it, in memory, writing nothing.

load (YAML → validated issue and newsletter) → pictures (the local ones prepared) →
render (Jinja) → inline (CSS) and text → checks. Every command stands on ``compose``; only the outputs whose job
is writing write, from what it returns. (Imported as ``lacnews.compose``: see there.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lacnews.base import layout
from lacnews.base.errors import InputError
from lacnews.base.i18n import language_name
from lacnews.base.languages import languages_of, sent_separately
from lacnews.base.project import Project
from lacnews.base.schema import Newsletter
from lacnews.checks.registry import run_checks
from lacnews.compose.composed import Composed
from lacnews.pipeline import variants
from lacnews.pipeline.inline import inline_both_ways, inline_css
from lacnews.pipeline.inputs import Fingerprints
from lacnews.pipeline.pictures import Pictures, local_files, prepare_pictures
from lacnews.pipeline.render import Email, OtherEdition, Renderer, WebPage
from lacnews.pipeline.validate import Loaded, load_issue, load_newsletter
from lacnews.text.markdown import parsed_once
from lacnews.yaml.source import Source, read_source

_last_newsletter: dict[Path, tuple[bytes, Newsletter, Source]] = {}


def load_newsletter_of(project: Project) -> tuple[Newsletter, Source]:
    """Load and validate the project's newsletter.yaml (once while its bytes are unchanged: the same bytes read the
    same, so every issue of a `build --all` after the first reads the file without parsing it)."""
    path = project.config_path
    last = _last_newsletter.get(path)
    try:
        written = path.read_bytes()
    except OSError:
        written = None  # read_source says what is wrong
    if last is not None and last[0] == written:
        return last[1], last[2]
    source = read_source(path)
    newsletter = load_newsletter(source)
    if written is not None:
        _last_newsletter[path] = (written, newsletter, source)
    return newsletter, source


def load(project: Project, name: str) -> Loaded:
    """Load and validate the issue named ``name`` (slug or path) and the project's newsletter."""
    slug, path = project.issue_path(name)
    newsletter, newsletter_source = load_newsletter_of(project)
    source = read_source(path)
    return Loaded(newsletter, load_issue(source, slug), source, newsletter_source)


def _rendering(project: Project, loaded: Loaded, pictures: Pictures | None, languages: list[str] | None,
               other_editions: list[OtherEdition] | None, page: WebPage | None = None) -> tuple[Renderer, dict]:
    renderer = Renderer(project)
    renderer.check_layouts(loaded.issue, loaded.source)
    return renderer, renderer.context(loaded.newsletter, loaded.issue, pictures=pictures, languages=languages,
                                      other_editions=other_editions, page=page)


def render_email(project: Project, loaded: Loaded, pictures: Pictures | None = None,
                 languages: list[str] | None = None, other_editions: list[OtherEdition] | None = None) -> Email:
    """Return the email of a loaded issue (in ``languages``, all of its own when None): its HTML with the CSS
    inlined, and its text."""
    renderer, context = _rendering(project, loaded, pictures, languages, other_editions)
    return Email(inline_css(renderer.html(context)), renderer.text(context))


def render_page(project: Project, loaded: Loaded, page: WebPage, pictures: Pictures | None = None,
                languages: list[str] | None = None, other_editions: list[OtherEdition] | None = None) -> str:
    """Return the HTML, CSS inlined, of the issue as a page of the web archive (see ``render_email``): the
    email without what belongs to one subscriber."""
    renderer, context = _rendering(project, loaded, pictures, languages, other_editions, page)
    return inline_css(renderer.html(context))


def web_page(loaded: Loaded, language: str | None = None) -> WebPage:
    """Return what the issue's page in the web archive adds to its email: with every language, or in ``language``
    alone (the page at <slug>/<language>/)."""
    languages = languages_of(loaded.newsletter, loaded.issue)
    alternates = [OtherEdition(other, language_name(other), layout.archive_edition(language, other))
                  for other in languages] if len(languages) > 1 else []
    return WebPage(alternates, layout.archive_home(language))


def render_emails(project: Project, loaded: Loaded, pictures: Pictures | None = None,
                  page: bool = False) -> tuple[dict[str, Email], str | None]:
    """Return the issue's emails by language: one ("") with every language in it, or with ``bilingual:
    separate`` one per language, each linking to the others' pages in the archive (under site_url). And, asked for
    the ``page``, where the rendering of the one email can make it as well (``lacnews.pipeline.variants``), the
    issue's page in the archive with every language, as ``render_page`` returns it but showing the email's
    pictures; else None."""
    newsletter, issue = loaded.newsletter, loaded.issue
    if not sent_separately(newsletter, issue):
        return _email_and_page(project, loaded, pictures, page)
    emails = {}
    languages = languages_of(newsletter, issue)
    for language in languages:
        others = [OtherEdition(other, language_name(other), layout.archive_address(newsletter, loaded.slug, other))
                  for other in languages if other != language and newsletter.site_url]
        emails[language] = render_email(project, loaded, pictures, [language], others)
    return emails, None


def _email_and_page(project: Project, loaded: Loaded, pictures: Pictures | None,
                    page: bool) -> tuple[dict[str, Email], str | None]:
    """Return the issue's one email, and (asked for the ``page``) its page in the archive where one rendering and
    inlining make both."""
    renderer, context = _rendering(project, loaded, pictures, None, None)
    text = renderer.text(context)
    web = web_page(loaded) if page else None
    # The page of several languages links to each one's own in its head, which the email has not: made apart.
    both = renderer.both_ways(renderer.as_page(context, web)) if web is not None and not web.alternates else None
    if both is not None:
        html, marks = both
        inlined = inline_both_ways(html)
        ways = variants.split(inlined, marks.written) if inlined is not None else None
        if ways is not None:
            return {"": Email(ways[0], text)}, ways[1]
    return {"": Email(inline_css(renderer.html(context)), text)}, None


@contextmanager
def _no_collection() -> Iterator[None]:
    """Hold the garbage collector while composing: a large issue's many live objects made each of its
    passes longer, so time per section grew with the issue. What the composition leaves is collected later."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compose(project: Project, name: str, fingerprints: Fingerprints | None = None, page: bool = False) -> Composed:
    """Return the issue named ``name`` composed: validated, rendered, inlined, as text, and checked; with ``page``,
    its page in the web archive too where the email's rendering can make it (``Composed.page``)."""
    fingerprints = fingerprints or Fingerprints(project)
    issue_path = project.issue_path(name)[1]
    # The fingerprint is of each input as it is before it is read, so that a change made mid-build
    # leaves the build stale, never taken for current: the issue's file now, its pictures once named.
    issue_digest = fingerprints.of_issue(issue_path)
    with parsed_once(), _no_collection():
        loaded = load(project, name)
        inputs = fingerprints.inputs(issue_path, local_files(project, loaded.newsletter, loaded.issue))
        fingerprint = fingerprints.with_referenced(issue_digest, inputs.referenced)
        try:
            pictures = prepare_pictures(project, loaded.newsletter, loaded.issue, loaded.newsletter_source,
                                        loaded.source)
        except InputError as exc:
            exc.inputs = inputs  # the preview watches the files it names, so that adding one is seen
            raise
        emails, made_page = render_emails(project, loaded, pictures, page)
        findings = run_checks(project, loaded, emails, pictures)
    return Composed(loaded, emails, inputs, fingerprint, findings, pictures, made_page)
