"""`lacnews build`: compose issues and write their outputs; with --all, the web archive too.

An issue with check errors is not written unless forced. Each build writes its
email files first and its record last, so a build cut short is rebuilt next
time rather than taken for current. With --all, only issues whose inputs
changed are built again, and one failing issue does not stop the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lacnews.compose import compose, load_newsletter_of
from lacnews.composed import Composed
from lacnews.errors import LacnewsError
from lacnews.findings import Finding
from lacnews.inputs import Fingerprints
from lacnews.outputs.archive_page import archive_page
from lacnews.outputs.email_files import write_email
from lacnews.outputs.site import site_files
from lacnews.project import Project
from lacnews.records import IssueRecord, is_current, read_record, write_record
from lacnews.write import write_changed, write_files

SITE = "site"


class ChecksFailed(LacnewsError):
    """The issue composes, but `lacnews check` found errors that would be sent to subscribers."""

    def __init__(self, slug: str, findings: list[Finding]):
        self.slug = slug
        self.findings = findings
        super().__init__(f"{slug} was not built because of the errors above: fix them, "
                         "or build anyway with --force")


@dataclass
class Built:
    """One issue built: what was composed, and the files written."""

    composed: Composed
    paths: list[Path] = field(default_factory=list)


@dataclass
class AllBuilt:
    """The outcome of `lacnews build --all`."""

    built: list[Built] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, LacnewsError]] = field(default_factory=list)
    site: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def build(project: Project, name: str, force: bool = False, fingerprints: Fingerprints | None = None,
          archive: bool = False) -> Built:
    """Compose one issue and write its email (and, with ``archive``, its archive page), then its record."""
    composed = compose(project, name, fingerprints)
    if composed.errors and not force:
        raise ChecksFailed(composed.slug, composed.findings)
    paths = write_email(project, composed)
    if archive:
        write_files(project.build_dir / SITE / composed.slug, {"index.html": archive_page(project, composed)})
    write_record(project, IssueRecord.of(project, composed))
    return Built(composed, paths)


def build_all(project: Project, force: bool = False,
              progress: Callable[[str], None] | None = None) -> AllBuilt:
    """Build every issue whose inputs changed, then the archive index and feed."""
    outcome = AllBuilt()
    fingerprints = Fingerprints(project)
    records: list[IssueRecord] = []
    for slug in project.issue_slugs():
        record = read_record(project, slug)
        if _unchanged(project, record, fingerprints, force):
            outcome.unchanged.append(slug)
            records.append(record)
        else:
            try:
                built = build(project, slug, force=force, fingerprints=fingerprints, archive=True)
                outcome.built.append(built)
                records.append(IssueRecord.of(project, built.composed))
            except LacnewsError as exc:
                outcome.failed.append((slug, exc))
                if record and record.errors == 0:  # the last good build stays published
                    records.append(record)
        if progress:
            progress(slug)
    newsletter, _ = load_newsletter_of(project)
    files, outcome.notes = site_files(project, newsletter, records)
    outcome.site = write_changed(project.build_dir / SITE, files)
    return outcome


def _unchanged(project: Project, record: IssueRecord | None, fingerprints: Fingerprints, force: bool) -> bool:
    """Whether the last build of an issue, its archive page included, stands as it is."""
    if record is None or not (project.build_dir / SITE / record.slug / "index.html").is_file():
        return False
    if record.errors and not force:
        return False  # built with --force: without it, the errors must be reported again
    return is_current(project, record, fingerprints)
