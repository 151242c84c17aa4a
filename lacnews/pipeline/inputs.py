"""The one list of what an issue is made from, and the fingerprint of it.

The build record's fingerprint, `lacnews list`'s up-to-date status and the
preview's watcher all read this list, so they cannot disagree about whether an
issue changed: its file, newsletter.yaml, words.txt, every template (the
project's and the built-in ones), lacnews's catalogues of its own words, the
lacnews version, and any local file the issue refers to.

lacnews's own files are named from their own folder ("lacnews/templates/email.html.j2"), not by where
lacnews is installed, so that a reinstall elsewhere (a new .venv, pipx) leaves every build current.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lacnews import __version__
from lacnews.base.i18n import LOCALE_DIR
from lacnews.base.project import Project, builtin_templates_dir

MISSING = b"\x00missing"  # a file that is not there is a state too: its return is a change


@dataclass(frozen=True)
class Inputs:
    """Every file one issue is made from."""

    issue: Path
    shared: tuple[Path, ...]
    referenced: tuple[Path, ...] = ()  # local files the issue names

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.issue, *self.referenced, *self.shared)


def shared_inputs(project: Project) -> tuple[Path, ...]:
    """Return the files every issue of ``project`` is made from, in a stable order."""
    paths = [project.config_path, project.words_path]
    for folder in project.template_dirs:
        if folder.is_dir():
            paths.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
    paths.extend(sorted(LOCALE_DIR.rglob("*.po")))
    return tuple(paths)


def own_folders() -> tuple[tuple[Path, str], ...]:
    """Return lacnews's own folders among the inputs, each with the name its files are known by."""
    return (builtin_templates_dir(), "lacnews/templates"), (LOCALE_DIR, "lacnews/locale")


def input_name(path: Path, root: Path) -> str:
    """Return the name ``path`` is fingerprinted by: from the project's folder, from lacnews's own, or in full."""
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    for folder, name in own_folders():
        if path.is_relative_to(folder):
            return f"{name}/{path.relative_to(folder).as_posix()}"
    return path.as_posix()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return MISSING


def digest_of(paths: Iterable[Path], root: Path) -> str:
    """Return a digest of the names and contents of ``paths`` and the lacnews version."""
    digest = hashlib.sha256(f"lacnews {__version__}".encode())
    for path in paths:
        name = input_name(path, root)
        content = _read(path)
        digest.update(f"\x00{name}\x00{len(content)}\x00".encode())
        digest.update(content)
    return digest.hexdigest()


class Fingerprints:
    """Fingerprints of a project's issues; the shared inputs are read once for all of them."""

    def __init__(self, project: Project):
        self.project = project
        self.shared = shared_inputs(project)
        self.shared_digest = digest_of(self.shared, project.root)

    def inputs(self, issue_path: Path, referenced: Iterable[Path] = ()) -> Inputs:
        return Inputs(issue_path, self.shared, tuple(referenced))

    def of(self, inputs: Inputs) -> str:
        """Return the fingerprint of one issue's inputs as they are now."""
        return self.with_referenced(self.of_issue(inputs.issue), inputs.referenced)

    def of_issue(self, issue_path: Path) -> str:
        """Return the digest of the issue's own file: taken before it is read, so that an edit made while
        it is built leaves the build stale rather than taken for current."""
        return digest_of((issue_path,), self.project.root)

    def with_referenced(self, issue_digest: str, referenced: Iterable[Path]) -> str:
        """Return the fingerprint of an issue whose own file's digest is ``issue_digest`` and which names
        the local files ``referenced`` (known only once the issue is read)."""
        files = digest_of(referenced, self.project.root)
        return hashlib.sha256(f"{self.shared_digest}\x00{issue_digest}\x00{files}".encode()).hexdigest()


def stat_snapshot(paths: Iterable[Path]) -> dict[Path, tuple[int, int]]:
    """Return (modification time, size) of each path: cheap enough to poll many times a second."""
    snapshot = {}
    for path in paths:
        try:
            info = path.stat()
            snapshot[path] = (info.st_mtime_ns, info.st_size)
        except OSError:
            snapshot[path] = (0, -1)
    return snapshot
