"""Writing outputs: together or not at all, only inside the project, with ordinary file modes."""

from __future__ import annotations

import os
import stat
import subprocess
import time

import pytest
from conftest import lacnews_command, lacnews_env

from lacnews.base import write


def test_a_build_folder_that_links_outside_the_project_is_not_written_through(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (project.root / "build").symlink_to(outside)
    result = project.run("build", "march-2021")
    assert result.code == 1 and "Traceback" not in result.output
    assert f"build is a symbolic link (to {outside})" in result.err and "remove the link" in result.err
    assert list(outside.iterdir()) == []


def test_a_file_where_the_build_folder_should_be_is_a_message(project):
    (project.root / "build").write_text("notes", encoding="utf-8")
    result = project.run("build", "march-2021")
    assert result.code == 1 and "Traceback" not in result.output
    assert "build is a file, where lacnews keeps a folder of outputs; move it away" in result.err
    assert (project.root / "build").read_text(encoding="utf-8") == "notes"


def test_outputs_follow_the_umask_like_any_new_file(project):
    result = project.run("build", "march-2021")
    assert result.code == 0, result.output
    mask = os.umask(0)
    os.umask(mask)
    for name in ("email.html", "email.txt", ".build.json"):
        mode = stat.S_IMODE((project.root / "build" / "march-2021" / name).stat().st_mode)
        assert mode == 0o666 & ~mask, (name, oct(mode))


def test_a_build_cut_short_between_its_renames_never_mixes_two_builds(tmp_path, monkeypatch):
    inside = tmp_path
    folder = tmp_path / "build" / "may-2020"
    write.replace_folder(folder, {"email.html": "old html", "email.txt": "old text"}, inside)
    real_rename, calls = os.rename, []

    def cut_short(source, target):
        calls.append(target)
        if len(calls) == 2:  # the new folder is about to take the old one's place
            raise KeyboardInterrupt
        real_rename(source, target)

    monkeypatch.setattr(write.os, "rename", cut_short)
    with pytest.raises(KeyboardInterrupt):
        write.replace_folder(folder, {"email.html": "new html", "email.txt": "new text"}, inside)
    monkeypatch.setattr(write.os, "rename", real_rename)
    assert not folder.exists()  # neither a mix nor half: no outputs, until the next build
    write.replace_folder(folder, {"email.html": "new html", "email.txt": "new text"}, inside)
    assert {p.name: p.read_text() for p in folder.iterdir()} == {"email.html": "new html", "email.txt": "new text"}
    assert sorted(p.name for p in folder.parent.iterdir()) == ["may-2020"]  # leftovers cleared


def test_entries_of_issues_that_are_not_files_are_passed_over_with_a_warning(project):
    (project.root / "issues" / "folder.yaml").mkdir()
    os.mkfifo(project.root / "issues" / "pipe.yaml")
    started = time.monotonic()
    result = project.run("build", "--all")
    assert time.monotonic() - started < 30  # a FIFO is never opened, so nothing waits on it
    assert result.code == 0, result.output
    assert "warning: issues/folder.yaml is a folder, not an issue file: passed over" in result.err
    assert "warning: issues/pipe.yaml is not a regular file, not an issue file: passed over" in result.err
    assert "built march-2021" in result.out


def test_a_reader_that_stops_reading_does_not_stop_the_build(project):
    for month in range(1, 13):
        project.issue(f"issue-{month:02d}", f"date: 2021-{month:02d}\nsubject: S {month}\nsections:\n  - title: T\n"
                                            "    body: Hello.\n")
    reading, writing = os.pipe()
    os.close(reading)  # the reader has gone, as `| head -1` goes after its line: every write breaks the pipe
    process = subprocess.Popen([*lacnews_command(), "build", "--all"], cwd=project.root, env=lacnews_env(),
                               stdout=writing, stderr=subprocess.PIPE)
    os.close(writing)
    with process.stderr:
        err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert all((project.root / "build" / f"issue-{month:02d}" / "email.html").is_file() for month in range(1, 13))


def test_what_a_build_cut_short_left_is_cleared_and_nothing_else(tmp_path):
    build = tmp_path / "build"
    for name in (".may-2020.new-0123456789ab", ".may-2020.old-ba9876543210", ".june-2020.new-00000000000f",
                 ".july-2020.new-00000000000f"):
        (build / name / "images").mkdir(parents=True)
        (build / name / "email.html").write_text("half", encoding="utf-8")
    kept = [".git", ".may-2020.new-notitsownname", "may-2020.new-0123456789ab", ".may-2020.new-0123456789AB"]
    for name in kept:
        (build / name).mkdir()
    (build / ".june-2020.old-0123456789ab").write_text("a file, not a folder lacnews set aside", encoding="utf-8")
    kept.append(".june-2020.old-0123456789ab")
    write.replace_folder(build / "may-2020", {"email.html": "whole"}, inside=tmp_path)
    assert sorted(path.name for path in build.iterdir()) == sorted(
        [*kept, ".june-2020.new-00000000000f", ".july-2020.new-00000000000f", "may-2020"])
    write.clear_leftovers(build, {"june-2020", "august-2020"}, inside=tmp_path)  # build --all: those it builds
    assert sorted(path.name for path in build.iterdir()) == sorted([*kept, ".july-2020.new-00000000000f",
                                                                    "may-2020"])
    assert (build / "may-2020" / "email.html").read_text(encoding="utf-8") == "whole"


def test_leftovers_are_not_cleared_through_a_link(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / ".may-2020.new-0123456789ab").mkdir(parents=True)
    project = tmp_path / "project"
    (project / "build").mkdir(parents=True)
    (project / "build" / "site").symlink_to(elsewhere, target_is_directory=True)
    write.clear_leftovers(project / "build" / "site", {"may-2020"}, inside=project)
    assert (elsewhere / ".may-2020.new-0123456789ab").is_dir()
