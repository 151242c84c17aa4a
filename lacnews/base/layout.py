"""Where every output lands: each path under build/, each public address of the web archive and of the
pictures, and the files lacnews keeps beside an editor's own (the link cache, the record of pushes).

Every module names an output's place through this one, so `build`, `check`, `list`, the preview, `send`
and `push` cannot disagree about where an email, its record, an archive page or a picture is:

    build/<slug>/email.html, email.txt      the email (build/<slug>/<language>/ for each edition of an
    build/<slug>/images/<picture>           issue sent one email per language), its prepared pictures
    build/<slug>/.build.json                and what it was built from
    build/site/index.html, feed.xml         the web archive (and <language>/ of each for several
    build/site/<slug>/index.html, images/   languages), each issue's page and its pictures
    build/site/.site.json                   what the index was made from
    build/.cache/links.json                 `check --links`'s results of the day
    mailchimp.json                          what `lacnews push` made in Mailchimp (kept with the project)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from lacnews.base.schema import Newsletter


class Project(Protocol):
    """A newsletter project (lacnews.base.project.Project, which names its build folder from here)."""

    root: Path

BUILD = "build"
IMAGES = "images"  # the folder of prepared pictures beside an email, and in its archive page's folder
PICTURES = "images"  # the project's own pictures, which issues name (images/x.jpg) and `add` copies a document's into
EMAIL_HTML, EMAIL_TEXT = "email.html", "email.txt"
BUILD_RECORD = ".build.json"
SITE = "site"
SITE_RECORD = ".site.json"
PAGE = "index.html"
FEED = "feed.xml"
CACHE = ".cache"
LINK_CACHE = "links.json"
PUSH_RECORD = "mailchimp.json"

NO_PICTURE_ADDRESS = (
    "{src} is a picture from the project folder, so the email needs an address where mail programs will fetch "
    "it: add images_url to newsletter.yaml, the web folder you will upload build/{slug}/images/ to (images_url: "
    "https://example.org/newsletter/images/), or site_url, where you publish the archive (build/site/)")


# The build folder

def build_dir(root: Path) -> Path:
    """Return the folder every output of the project at ``root`` is written to."""
    return root / BUILD


def issue_dir(project: Project, slug: str) -> Path:
    """Return build/<slug>/: the issue's email files, pictures and record."""
    return build_dir(project.root) / slug


def edition_folder(language: str) -> str:
    """Return the folder of an edition's files inside the issue's ("cy/"), "" for an issue sent as one email."""
    return f"{language}/" if language else ""


def email_name(language: str = "", text: bool = False) -> str:
    """Return the name of an edition's email file inside build/<slug>/: email.html, or cy/email.txt."""
    return edition_folder(language) + (EMAIL_TEXT if text else EMAIL_HTML)


def email_path(project: Project, slug: str, language: str = "") -> Path:
    """Return where the HTML of an issue's email (of its edition in ``language``) is written."""
    return issue_dir(project, slug) / email_name(language)


def is_built(project: Project, slug: str, languages: Iterable[str] = ()) -> bool:
    """Whether build/<slug>/ holds the issue's email: one, or one in each of ``languages`` (an issue in several
    languages may be sent one email per language)."""
    languages = list(languages)
    return email_path(project, slug).is_file() or bool(languages) and all(
        email_path(project, slug, language).is_file() for language in languages)


def picture_file(name: str) -> str:
    """Return a prepared picture's file name inside an issue's folder, or inside its archive page's."""
    return f"{IMAGES}/{name}"


def is_picture_file(path: Path) -> bool:
    """Whether ``path``, written to an issue's folder, is one of its prepared pictures."""
    return path.parent.name == IMAGES


def record_path(project: Project, slug: str) -> Path:
    """Return build/<slug>/.build.json, which says what the issue's build was made from."""
    return issue_dir(project, slug) / BUILD_RECORD


def link_cache_dir(build: Path) -> Path:
    """Return the folder of the link cache inside the build folder ``build``."""
    return build / CACHE


def push_record_path(project: Project) -> Path:
    """Return mailchimp.json: beside newsletter.yaml, where git keeps it, not in build/."""
    return project.root / PUSH_RECORD


# The web archive: build/site/

def site_dir(project: Project) -> Path:
    return build_dir(project.root) / SITE


def archive_dir(project: Project, slug: str) -> Path:
    """Return build/site/<slug>/: the issue's page in the archive and its pictures."""
    return site_dir(project) / slug


def archive_page(language: str | None = None) -> str:
    """Return the name of the issue's page inside its archive folder: with every language, or in ``language``."""
    return f"{language}/{PAGE}" if language else PAGE


def archive_up(language: str | None) -> str:
    """Return the way from a page in ``language`` (in <slug>/<language>/) back up to the issue's folder."""
    return "../" if language else ""


def archive_pictures(language: str | None) -> str:
    """Return where an archive page in ``language`` (None: with every language) finds the issue's pictures."""
    return f"{archive_up(language)}{IMAGES}/"


def archive_edition(language: str | None, other: str) -> str:
    """Return the address of the page in ``other`` from the page in ``language``."""
    return f"{archive_up(language)}{other}/"


def archive_home(language: str | None) -> str:
    """Return the address of the archive's index (in ``language``) from an issue's page."""
    return f"../../{language}/{PAGE}" if language else f"../{PAGE}"


def site_index(language: str | None = None, seen_from: str | None = None) -> str:
    """Return the archive's index (in ``language``: <language>/index.html) inside build/site/, or as the index in
    ``seen_from`` links to it."""
    return ("../" if seen_from else "") + (f"{language}/{PAGE}" if language else PAGE)


def site_feed(language: str | None = None) -> str:
    """Return the archive's feed (in ``language``: <language>/feed.xml) inside build/site/."""
    return f"{language}/{FEED}" if language else FEED


def index_entry(slug: str, language: str | None = None, seen_from: str | None = None) -> str:
    """Return the address of an issue's page in ``language`` (None: its page with every language) from the
    archive's index in ``seen_from`` (None: the archive's own)."""
    return f"{'../' if seen_from else ''}{slug}/{f'{language}/' if language else ''}{PAGE}"


def site_address(newsletter: Newsletter, language: str | None = None) -> str:
    """Return the public address of the archive (of its index in ``language``), under site_url."""
    return newsletter.site_url.rstrip("/") + "/" + (f"{language}/" if language else "")


def archive_address(newsletter: Newsletter, slug: str, language: str | None = None) -> str:
    """Return where the archive publishes the issue's page (in ``language``), under site_url."""
    return f"{site_address(newsletter)}{slug}/" + (f"{language}/" if language else "")


# Pictures

LOCAL_PICTURES = f"{IMAGES}/"  # an email's own pictures, beside it, before they have an address


def picture_base(newsletter: Newsletter, slug: str) -> str | None:
    """Return the address an email's prepared pictures are served from: images_url, else the archive's
    folder for the issue under site_url, else None (not yet said, or hosted by Mailchimp on `lacnews push`)."""
    if newsletter.images_url:
        return newsletter.images_url.rstrip("/") + "/"
    if newsletter.site_url:
        return f"{archive_address(newsletter, slug)}{IMAGES}/"
    return None
