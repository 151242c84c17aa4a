"""`lacnews build`: compose issues and write their outputs; with --all, the web archive too.

An issue with check errors is not written unless forced. Each build writes its
email files first and its record last, so a build cut short is rebuilt next
time rather than taken for current. With --all, only issues whose inputs
changed are built again, and one failing issue does not stop the others.

An unchanged project is the common case of --all, so deciding that nothing
changed reads only fingerprints and records: the pipeline (Jinja, YAML,
Markdown) is imported only when an issue or the archive's index must be made.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lacnews.base import layout
from lacnews.base.errors import LacnewsError
from lacnews.base.project import Project
from lacnews.base.write import clear_leftovers, replace_folder, write_files
from lacnews.checks.findings import ChecksFailed
from lacnews.compose.records import (
    IssueRecord,
    is_current,
    is_inner_path,
    read_record,
)
from lacnews.console import PicturesShown
from lacnews.pipeline.inputs import Fingerprints

if TYPE_CHECKING:
    from lacnews.checks.findings import Finding

# Below this many issues to build, starting worker processes costs more than it saves.
PARALLEL_FROM = 4


@dataclass
class Built:
    """One issue built: what the checks found, and the files written."""

    slug: str
    findings: list[Finding]
    html_bytes: int
    paths: list[Path]
    record: IssueRecord
    pictures: list[Path] = field(default_factory=list)  # prepared, in build/<slug>/images/
    shown: PicturesShown | None = None  # where the email shows them from: what to say of them


@dataclass
class AllBuilt:
    """The outcome of `lacnews build --all`."""

    built: list[Built] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, LacnewsError]] = field(default_factory=list)
    site: list[Path] = field(default_factory=list)
    site_written: bool = False  # False: the archive's index was already made from these very records
    notes: list[str] = field(default_factory=list)
    attempted: int = 0  # every issue of the project

    def failure(self) -> str | None:
        """Return the closing error when an issue failed: how many of how many; None when none failed."""
        return failure_summary(len(self.failed), self.attempted, every_issue=True)


def failure_summary(failed: int, attempted: int, every_issue: bool = False) -> str | None:
    """Return the closing error of a build of ``attempted`` issues when ``failed`` of them failed ("2 of 3 issues
    failed to build", and with ``every_issue`` (`--all`) that the others are built); None when none failed, or
    when the one issue named failed, which its own error says (the exit status is 1 all the same)."""
    if not failed or (attempted == 1 and not every_issue):
        return None
    others = "; the others are built" if every_issue and failed < attempted else ""
    return f"{failed} of {attempted} issues failed to build{others}"


def build_each(project: Project, names: list[str], force: bool = False) -> Iterator[tuple[str, Built | LacnewsError]]:
    """Build each issue named, in turn, yielding what it came to: its build, or the error that stopped it (a
    ``ChecksFailed`` carries the findings); one failing does not stop the others."""
    for name in names:
        try:
            yield name, build(project, name, force=force)
        except LacnewsError as exc:
            yield name, exc


def build(project: Project, name: str, force: bool = False, fingerprints: Fingerprints | None = None,
          archive: bool = False, cleared: bool = False) -> Built:
    """Compose one issue and write its email (and, with ``archive``, its archive page), then its record;
    ``cleared``: what builds cut short left is gone already (``clear_leftovers``)."""
    from lacnews.compose import compose
    from lacnews.outputs.archive_page import archive_files
    from lacnews.outputs.email_files import write_email

    composed = compose(project, name, fingerprints, page=archive)
    if composed.errors and not force:
        raise ChecksFailed(composed.slug, composed.findings)
    pictures = composed.pictures
    waiting = []
    if pictures.local and pictures.base is None:
        from lacnews.outputs.mailchimp.record import as_pushed  # here only: a build uploading nothing needs no client

        if composed.loaded.newsletter.mailchimp is None:  # not even --force: the email's pictures would not show
            first = pictures.local[0]
            raise LacnewsError(f"{first.place()}: "
                               f"{layout.NO_PICTURE_ADDRESS.format(src=first.image.src, slug=composed.slug)}")
        composed, waiting = as_pushed(project, composed)
    if archive:  # before the record that says it is current; the page and its pictures together
        replace_folder(layout.archive_dir(project, composed.slug), archive_files(project, composed),
                       inside=project.root, cleared=cleared)
    record = IssueRecord.of(project, composed)
    written = write_email(project, composed, record, cleared)
    paths = [path for path in written if not layout.is_picture_file(path)]
    images = [path for path in written if layout.is_picture_file(path)]
    shown = PicturesShown.of(project, composed, waiting)
    findings = [finding for finding in composed.findings if not (shown and finding.rule in shown.SAYS_INSTEAD_OF)]
    return Built(composed.slug, findings, composed.html_bytes, paths, record, images, shown)


def build_all(project: Project, force: bool = False,
              progress: Callable[[str], None] | None = None) -> AllBuilt:
    """Build every issue whose inputs changed, then the archive index and feed."""
    slugs = project.issue_slugs()
    outcome = AllBuilt(attempted=len(slugs))
    fingerprints = Fingerprints(project)
    last_records: dict[str, IssueRecord | None] = {}
    unreadable: list[str] = []
    for slug in slugs:
        last_records[slug] = read_record(project, slug, unreadable)
        if _unchanged(project, last_records[slug], fingerprints, force):
            outcome.unchanged.append(slug)
            if progress:
                progress(slug)
    stale = [slug for slug in last_records if slug not in outcome.unchanged]
    if stale:  # one listing of each folder for every issue, not one for each: a build/ of many issues is long
        for folder in (layout.build_dir(project.root), layout.site_dir(project)):
            clear_leftovers(folder, set(stale), inside=project.root)
    finished: dict[str, Built | LacnewsError] = {}
    for slug, result in _build_each(project, stale, force, fingerprints):
        finished[slug] = result
        if progress:
            progress(slug)
    records: list[IssueRecord] = []
    for slug, record in last_records.items():
        result = finished.get(slug)
        if result is None:
            records.append(record)
        elif isinstance(result, Built):
            outcome.built.append(result)
            records.append(result.record)
        else:
            outcome.failed.append((slug, result))
            if record and record.errors == 0:  # the last good build stays published
                records.append(record)
    outcome.site, site_notes, outcome.site_written = publish(project, records, fingerprints)
    # the archive's notes (no site_url: no feed) belong to its writing: an archive left as it was says nothing new
    outcome.notes = unreadable + (site_notes if outcome.site_written else [])
    return outcome


def _build_each(project: Project, slugs: list[str], force: bool,
                fingerprints: Fingerprints) -> Iterator[tuple[str, Built | LacnewsError]]:
    """Yield each issue's build, or why it failed, as they finish: on every core when there are many."""
    from lacnews.base import workers  # only when there is something to build: `--all` with nothing changed stays light

    count = min(os.cpu_count() or 1, len(slugs))
    jobs = [(project, slug, force, fingerprints) for slug in slugs]
    if count > 1 and len(slugs) >= PARALLEL_FROM and workers.can_fork():
        # Forked workers start warm, with what every first build would make for itself made once, here; the
        # collector leaves those objects alone, so that the workers' pages stay shared rather than copied.
        # Each issue writes only its own folders.
        _make_ready(project)
        gc.freeze()
        yield from workers.in_workers(_build_one, jobs, count)
        return
    for job in jobs:
        yield _build_one(job)


def _make_ready(project: Project) -> None:
    """Make ready what every worker's first build would make for itself: the pipeline imported, the templates
    compiled, the newsletter loaded, the spelling dictionaries opened. What fails here, each issue's build says."""
    import jinja2

    from lacnews.compose import load_newsletter_of
    from lacnews.outputs import archive_page, email_files  # noqa: F401  (imported once, for every worker)
    from lacnews.pipeline.render import Renderer
    from lacnews.text.spelling import shared_speller

    try:
        Renderer(project).make_ready()
        newsletter, _ = load_newsletter_of(project)
        for language in newsletter.languages or [newsletter.language]:
            shared_speller(project.root, language)
    except (LacnewsError, jinja2.TemplateError):
        pass


def _build_one(job: tuple[Project, str, bool, Fingerprints]) -> tuple[str, Built | LacnewsError]:
    # the run's fingerprints, its shared inputs read once for every issue, in a worker too
    project, slug, force, fingerprints = job
    try:
        return slug, build(project, slug, force=force, fingerprints=fingerprints, archive=True, cleared=True)
    except ChecksFailed as exc:
        return slug, exc
    except LacnewsError as exc:
        # A plain error crosses between processes as its message (click's exceptions do not pickle).
        return slug, LacnewsError(exc.format_message())


def _unchanged(project: Project, record: IssueRecord | None, fingerprints: Fingerprints, force: bool) -> bool:
    """Whether the last build of an issue, its archive page included, stands as it is."""
    if record is None or not (layout.archive_dir(project, record.slug) / layout.archive_page()).is_file():
        return False
    if record.errors and not force:
        return False  # built with --force: without it, the errors must be reported again
    return is_current(project, record, fingerprints)


def publish(project: Project, records: list[IssueRecord],
            fingerprints: Fingerprints) -> tuple[list[Path], list[str], bool]:
    """Write the archive's index and feed unless they were made from these very records; return them, notes, and
    whether they were written."""
    folder = layout.site_dir(project)
    digest = hashlib.sha256(fingerprints.shared_digest.encode())
    for record in sorted(records, key=lambda r: r.slug):
        digest.update(json.dumps(asdict(record), sort_keys=True).encode())
    last = _read_site_record(folder)
    if last is not None and last["fingerprint"] == digest.hexdigest() \
            and all((folder / name).is_file() for name in last["files"]):
        return [folder / name for name in last["files"]], last["notes"], False

    from lacnews.base.write import write_changed
    from lacnews.compose import load_newsletter_of
    from lacnews.outputs.site import site_files

    newsletter, _ = load_newsletter_of(project)
    files, notes = site_files(project, newsletter, records)
    written = write_changed(folder, files, inside=project.root)
    record = {"fingerprint": digest.hexdigest(), "files": list(files), "notes": notes}
    write_files(folder, {layout.SITE_RECORD: json.dumps(record, indent=1)}, inside=project.root)
    return written, notes, True


def _read_site_record(folder: Path) -> dict | None:
    """Return what the last writing of the archive's index recorded; None for a record that build did not write
    as it is (then the index is written again)."""
    try:
        last = json.loads((folder / layout.SITE_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not (isinstance(last, dict) and isinstance(last.get("fingerprint"), str)
            and isinstance(last.get("files"), list) and isinstance(last.get("notes"), list)
            and all(isinstance(note, str) for note in last["notes"])
            and all(is_inner_path(name) for name in last["files"])):
        return None
    return last
