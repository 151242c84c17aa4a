"""An issue's page in the web archive (build/site/<slug>/index.html).

It is the email without what belongs to one subscriber: no unsubscribe or
profile links, and merge tags made neutral.
"""

from __future__ import annotations

import html

from lacnews.composed import Composed
from lacnews.inline import inline_css
from lacnews.project import Project
from lacnews.render import Renderer
from lacnews.project import IMAGES
from lacnews.samples import fill_for_web


def archive_page(project: Project, composed: Composed) -> str:
    """Return the issue as a page of the web archive."""
    loaded = composed.loaded
    renderer = Renderer(project)
    # the page's pictures sit in its own folder, so the archive works wherever it is put
    context = renderer.context(loaded.newsletter, loaded.issue, web=True,
                               pictures=composed.pictures.served_from(f"{IMAGES}/"))
    page = inline_css(renderer.html(context))
    # A tag that was a link's whole address leaves it empty: make it point at the page itself.
    return fill_for_web(page, loaded.issue.subject, escape=html.escape).replace('href=""', 'href="./"')


def archive_files(project: Project, composed: Composed) -> dict[str, str | bytes]:
    """Return the files of the issue's folder in the archive: its page and its pictures."""
    files: dict[str, str | bytes] = {"index.html": archive_page(project, composed)}
    files.update({f"{IMAGES}/{name}": data for name, data in composed.pictures.files().items()})
    return files
