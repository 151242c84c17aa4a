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
from lacnews.samples import fill_for_web


def archive_page(project: Project, composed: Composed) -> str:
    """Return the issue as a page of the web archive."""
    loaded = composed.loaded
    renderer = Renderer(project)
    context = renderer.context(loaded.newsletter, loaded.issue, web=True)
    page = inline_css(renderer.html(context))
    # A tag that was a link's whole address leaves it empty: make it point at the page itself.
    return fill_for_web(page, loaded.issue.subject, escape=html.escape).replace('href=""', 'href="./"')
