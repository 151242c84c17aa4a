"""The email files a mailing tool takes: email.html, email.txt and the prepared pictures in images/
(written to build/<slug>/ by `build`; each edition's in <language>/ where each language has an email)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lacnews.base import layout
from lacnews.base.write import replace_folder
from lacnews.compose.composed import Composed
from lacnews.compose.records import IssueRecord, record_files

if TYPE_CHECKING:
    from lacnews.base.project import Project


def email_files(composed: Composed) -> dict[str, str | bytes]:
    """Return the files of the email, by name."""
    files: dict[str, str | bytes] = {}
    for language, email in composed.emails.items():
        files.update({layout.email_name(language): email.html, layout.email_name(language, text=True): email.text})
    files.update({layout.picture_file(name): data for name, data in composed.pictures.files().items()})
    return files


def write_email(project: Project, composed: Composed, record: IssueRecord | None = None,
                cleared: bool = False) -> list[Path]:
    """Make build/<slug>/ hold the email's files and the record of what they were made from (``record``, or the
    issue's own), together or not at all; return the email's files, its pictures included, the record not.
    ``cleared``: what builds cut short left in build/ is gone already (``lacnews.base.write.clear_leftovers``)."""
    record = record or IssueRecord.of(project, composed)
    files = {**email_files(composed), **record_files(record)}
    written = replace_folder(layout.issue_dir(project, composed.slug), files, inside=project.root, cleared=cleared)
    return [path for path in written if path.name != layout.BUILD_RECORD]
