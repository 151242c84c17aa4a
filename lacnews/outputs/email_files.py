"""The email files a mailing tool takes: email.html and email.txt (written to build/<slug>/ by `build`)."""

from __future__ import annotations

from lacnews.composed import Composed


def email_files(composed: Composed) -> dict[str, str]:
    """Return the files of the email, by name."""
    return {"email.html": composed.email.html, "email.txt": composed.email.text}
