"""lacnews list: every issue newest first, with its build state and what check finds, as text or JSON."""

from __future__ import annotations

import json


def test_list_shows_every_issue_newest_first_and_which_builds_are_stale(project):
    project.issue("april-2021", "date: 2021-04\nsubject: April news\nsections:\n  - title: T\n    body: Hi.\n")
    project.issue("may-2021", "date: 2021-05\nsubject: May news\nsections:\n  - title: T\n    body: the the.\n")
    assert project.run("build", "march-2021", "april-2021").code == 0
    path = project.root / "issues" / "april-2021.yaml"
    path.write_text(path.read_text() + "preheader: changed after the build\n")
    result = project.run("list")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["ISSUE", "DATE", "SUBJECT", "SECTIONS", "BUILD", "CHECK"]
    assert [line.split()[0] for line in lines[1:]] == ["may-2021", "april-2021", "march-2021"]
    assert "not built" in lines[1] and "1 warning" in lines[1]
    assert "stale" in lines[2] and "clean" in lines[2]
    assert "up to date" in lines[3]
    rows = json.loads(project.run("list", "--format", "json").out)
    assert [(r["slug"], r["build"], r["sections"], r["warnings"]) for r in rows] == [
        ("may-2021", "not built", 1, 1), ("april-2021", "stale", 1, 0), ("march-2021", "up to date", 1, 0)]


def test_a_broken_newsletter_yaml_is_named_once_not_blamed_on_every_issue(tmp_path):
    """`list` with a newsletter.yaml that does not load says where it is wrong and fails, rather than listing
    every issue as having errors."""
    import shutil
    import subprocess
    import sys

    from conftest import REPO

    for name in ("newsletter.yaml", "words.txt"):
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "issues", tmp_path / "issues")
    shutil.copytree(REPO / "images", tmp_path / "images")
    config = tmp_path / "newsletter.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "mailchimp:\n  - audience\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "lacnews", "list"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "newsletter.yaml:" in result.stderr and "mailchimp" in result.stderr
    assert "this issue has errors" not in result.stdout
    assert "Traceback" not in result.stderr
