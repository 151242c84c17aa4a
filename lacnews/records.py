"""What a build leaves behind to say which inputs it was made from: build/<slug>/.build.json.

An issue's build is current while the fingerprint of its inputs (its file,
newsletter.yaml, words.txt, every template, the lacnews version) is unchanged.
The record also keeps what the archive index, the feed and `lacnews list` need,
so none of them has to read the issue again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from lacnews import __version__
from lacnews.project import Project
from lacnews.render import builtin_templates_dir
from lacnews.write import write_files

RECORD = ".build.json"


@dataclass
class IssueRecord:
    """What a finished build of one issue leaves for the index, the feed and `lacnews list`."""

    slug: str
    fingerprint: str
    date: str  # YYYY-MM or YYYY-MM-DD
    date_shown: str  # May 2020
    subject: str
    preheader: str
    sections: int
    errors: int
    warnings: int
    html_bytes: int


def shared_fingerprint(project: Project) -> str:
    """Return a digest of every input shared by all issues."""
    digest = hashlib.sha256(f"lacnews {__version__}".encode())
    for path in (project.config_path, project.root / "words.txt"):
        digest.update(path.name.encode() + (path.read_bytes() if path.is_file() else b"-"))
    for folder in (project.templates_dir, builtin_templates_dir()):
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def issue_fingerprint(issue_path: Path, shared: str) -> str:
    return hashlib.sha256(shared.encode() + issue_path.read_bytes()).hexdigest()


def read_record(project: Project, slug: str) -> IssueRecord | None:
    try:
        return IssueRecord(**json.loads((project.build_dir / slug / RECORD).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def write_record(project: Project, record: IssueRecord) -> None:
    write_files(project.build_dir / record.slug, {RECORD: json.dumps(asdict(record), indent=1)})


def build_status(project: Project, slug: str, shared: str) -> str:
    """Return "up to date", "stale" or "not built"."""
    record = read_record(project, slug)
    if record is None or not (project.build_dir / slug / "email.html").is_file():
        return "not built"
    current = issue_fingerprint(project.issues_dir / f"{slug}.yaml", shared)
    return "up to date" if record.fingerprint == current else "stale"
