"""An issue's page in the web archive (build/site/<slug>/index.html).

It is the email, rendered by the same step (``lacnews.compose.render_page``), without what belongs to one
subscriber: no unsubscribe or profile links, and merge tags made neutral.
"""

from __future__ import annotations

import html

from lacnews.base import layout
from lacnews.base.i18n import language_name
from lacnews.base.languages import languages_of, subject_line
from lacnews.base.project import Project
from lacnews.compose import render_page
from lacnews.compose.composed import Composed
from lacnews.pipeline.render import OtherEdition, WebPage
from lacnews.text.mergetags import fill_for_web


def archive_page(project: Project, composed: Composed, language: str | None = None) -> str:
    """Return the issue as a page of the web archive: in every language of the issue, or in ``language`` alone
    (the page at <slug>/<language>/), with links to the other languages' pages."""
    loaded = composed.loaded
    languages = languages_of(loaded.newsletter, loaded.issue)
    alternates = [OtherEdition(other, language_name(other), layout.archive_edition(language, other))
                  for other in languages] if len(languages) > 1 else []
    others = [alternate for alternate in alternates if alternate.tag != language] if language else []
    # the page's pictures sit in the issue's folder, so the archive works wherever it is put
    page = render_page(project, loaded, WebPage(alternates, layout.archive_home(language)),
                       composed.pictures.served_from(layout.archive_pictures(language)),
                       [language] if language else None, others)
    # Each tag reads as a word of the language around it; a tag that was a link's whole address leaves it empty:
    # make it point at the page itself.
    shown = [language] if language else languages
    filled = fill_for_web(page, subject_line(loaded.newsletter, loaded.issue, shown), escape=html.escape,
                          language=shown[0] if shown else loaded.newsletter.language)
    return filled.replace('href=""', 'href="./"')


def archive_files(project: Project, composed: Composed) -> dict[str, str | bytes]:
    """Return the files of the issue's folder in the archive: its page (with every language), a page per
    language where it has several, and its pictures."""
    files: dict[str, str | bytes] = {layout.archive_page(): archive_page(project, composed)}
    languages = languages_of(composed.loaded.newsletter, composed.loaded.issue)
    if len(languages) > 1:
        files.update({layout.archive_page(language): archive_page(project, composed, language)
                      for language in languages})
    files.update({layout.picture_file(name): data for name, data in composed.pictures.files().items()})
    return files
