"""Work shared across the issues of one `build --all` (issue 24): newsletter.yaml parsed once while its bytes are
unchanged, forked workers started warm with the run's fingerprints; the same files as one issue at a time."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_NEWSLETTER, TempProject, copy_repo_project

from lacnews.base.project import Project
from lacnews.commands import build
from lacnews.compose import load_newsletter_of
from lacnews.yaml import source


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def test_newsletter_parsed_again_only_when_its_bytes_change(tmp_path, monkeypatch) -> None:
    project = TempProject(tmp_path / "project")
    config = project.write("newsletter.yaml", MINIMAL_NEWSLETTER)
    parsed = []
    read = source.read_source
    monkeypatch.setattr("lacnews.compose.composition.read_source", lambda path: parsed.append(path) or read(path))
    first, _ = load_newsletter_of(Project(project.root))
    again, _ = load_newsletter_of(Project(project.root))
    assert again is first and len(parsed) == 1
    config.write_text(MINIMAL_NEWSLETTER.replace("name: Test", "name: Renamed", 1), encoding="utf-8")
    renamed, _ = load_newsletter_of(Project(project.root))
    assert renamed is not first and len(parsed) == 2 and "Renamed" in str(renamed.name)


def test_workers_build_what_one_process_builds(tmp_path, monkeypatch) -> None:
    made = {}
    for way, parallel_from in (("forked", 1), ("in turn", 10**6)):
        project = copy_repo_project(tmp_path / way)
        may = (project.root / "issues" / "may-2020.yaml").read_text(encoding="utf-8")
        for number in range(5):
            (project.root / "issues" / f"copy-{number}.yaml").write_text(may, encoding="utf-8")
        monkeypatch.setattr(build, "PARALLEL_FROM", parallel_from)
        outcome = build.build_all(Project(project.root))
        assert not outcome.failed and len(outcome.built) == 6
        made[way] = _files(project.root / "build")
    assert made["forked"] == made["in turn"]
