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


def test_ctrl_c_stops_every_worker_at_once_and_the_next_build_finishes_the_work(tmp_path) -> None:
    import os
    import signal
    import subprocess
    import time

    from conftest import lacnews_command, lacnews_env

    project = copy_repo_project(tmp_path / "lac")
    may = (project.root / "issues" / "may-2020.yaml").read_text(encoding="utf-8")
    for number in range(80):
        (project.root / "issues" / f"copy-{number:02d}.yaml").write_text(may, encoding="utf-8")
    process = subprocess.Popen([*lacnews_command(), "build", "--all"], cwd=project.root, env=lacnews_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not any((project.root / "build").glob("copy-*")) and process.poll() is None:
            assert time.monotonic() < deadline, "no issue was built in a minute"
            time.sleep(0.005)
        assert process.poll() is None, "the build finished before it could be stopped: give it more issues"
        os.killpg(process.pid, signal.SIGINT)  # as the terminal sends Ctrl-C: to the command and its workers
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, out + err
    assert "Traceback" not in err, err
    time.sleep(0.2)
    assert not _running_in_group(process.pid), "a worker went on building after Ctrl-C"
    built = len(list((project.root / "build").glob("copy-*")))
    assert built < 80, "every issue was built after Ctrl-C"
    again = project.run("build", "--all")
    assert again.code == 0, again.output
    assert len(list((project.root / "build").glob("copy-*"))) == 80
    assert not [path.name for path in (project.root / "build").iterdir() if path.name.startswith(".copy")]


def _running_in_group(group: int) -> list[int]:
    """The processes of process group ``group`` still running: not those that ended, left for their parent's
    parent to collect (zombies)."""
    running = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # gone meanwhile
            if int(fields[2]) == group and fields[0] != "Z":
                running.append(int(entry.name))
    return running
