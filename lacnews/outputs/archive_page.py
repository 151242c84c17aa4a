"""An issue's page in the web archive (build/site/<slug>/index.html).

It is the email without what belongs to one subscriber: no unsubscribe or profile links, and merge tags made
neutral. The page with every language is most often made by the very rendering that made the email
(``Composed.page``); else it is rendered by the same step (``lacnews.compose.render_page``).
"""

from __future__ import annotations

import html
import re

from lacnews.base import layout
from lacnews.base.languages import languages_of, subject_line
from lacnews.base.project import Project
from lacnews.compose import render_page, web_page
from lacnews.compose.composed import Composed
from lacnews.pipeline.pictures import Pictures, pictures_at
from lacnews.text.mergetags import fill_for_web

# An address written alike by Jinja and, after inlining, by lxml: the page's pictures can be moved by its text.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._~:/%-]+")


def archive_page(project: Project, composed: Composed, language: str | None = None) -> str:
    """Return the issue as a page of the web archive: in every language of the issue, or in ``language`` alone
    (the page at <slug>/<language>/), with links to the other languages' pages."""
    loaded = composed.loaded
    languages = languages_of(loaded.newsletter, loaded.issue)
    page = web_page(loaded, language)
    others = [alternate for alternate in page.alternates if alternate.tag != language] if language else []
    # the page's pictures sit in the issue's folder, so the archive works wherever it is put
    pictures = composed.pictures.served_from(layout.archive_pictures(language))
    made = _made_with_email(composed, pictures) if language is None else None
    if made is None:
        made = render_page(project, loaded, page, pictures, [language] if language else None, others)
    # Each tag reads as a word of the language around it; a tag that was a link's whole address leaves it empty:
    # make it point at the page itself.
    shown = [language] if language else languages
    filled = fill_for_web(made, subject_line(loaded.newsletter, loaded.issue, shown), escape=html.escape,
                          language=shown[0] if shown else loaded.newsletter.language)
    return filled.replace('href=""', 'href="./"')


def _made_with_email(composed: Composed, pictures: Pictures) -> str | None:
    """Return the page the email's rendering made, showing ``pictures``; None where it made none, where a picture's
    address might be written otherwise after inlining than before, or where an editor wrote one of the email's
    addresses of its pictures themselves (a picture shown from there must stay so)."""
    if composed.page is None:
        return None
    addresses = {composed.pictures.url(picture.prepared): pictures.url(picture.prepared)
                 for picture in composed.pictures.local}
    if not all(_PLAIN_ADDRESS.fullmatch(address) for pair in addresses.items() for address in pair):
        return None
    written = (composed.loaded.source.text, composed.loaded.newsletter_source.text)
    if any(address in text for address in addresses for text in written):
        return None
    return pictures_at(composed.page, addresses)


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
