"""The email files a mailing tool takes: build/<slug>/email.html and email.txt."""

from __future__ import annotations

from pathlib import Path

from lacnews.composed import Composed
from lacnews.project import Project
from lacnews.write import write_files


def email_files(composed: Composed) -> dict[str, str]:
    """Return the files of the email, by name."""
    return {"email.html": composed.email.html, "email.txt": composed.email.text}


def write_email(project: Project, composed: Composed) -> list[Path]:
    """Write the email's files into build/<slug>/, together; return their paths."""
    return write_files(project.build_dir / composed.slug, email_files(composed))
