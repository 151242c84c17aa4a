"""The email files a mailing tool takes: email.html, email.txt and the prepared pictures in images/
(written to build/<slug>/ by `build`; each edition's in <language>/ where each language has an email)."""

from __future__ import annotations

from lacnews.base import layout
from lacnews.compose.composed import Composed


def email_files(composed: Composed) -> dict[str, str | bytes]:
    """Return the files of the email, by name."""
    files: dict[str, str | bytes] = {}
    for language, email in composed.emails.items():
        files.update({layout.email_name(language): email.html, layout.email_name(language, text=True): email.text})
    files.update({layout.picture_file(name): data for name, data in composed.pictures.files().items()})
    return files
