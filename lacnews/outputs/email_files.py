"""The email files a mailing tool takes: email.html, email.txt and the prepared pictures in images/
(written to build/<slug>/ by `build`)."""

from __future__ import annotations

from lacnews.base.project import IMAGES
from lacnews.compose.composed import Composed


def email_files(composed: Composed) -> dict[str, str | bytes]:
    """Return the files of the email, by name."""
    files: dict[str, str | bytes] = {}
    for language, email in (composed.emails or {"": composed.email}).items():
        folder = f"{language}/" if language else ""  # build/<slug>/cy/email.html with one email per language
        files.update({f"{folder}email.html": email.html, f"{folder}email.txt": email.text})
    files.update({f"{IMAGES}/{name}": data for name, data in composed.pictures.files().items()})
    return files
