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


def test_a_stale_build_says_what_changed_since(tmp_path):
    """`list` names the input that made a build stale: the issue, a picture, newsletter.yaml, a template."""
    from conftest import copy_repo_project

    lac = copy_repo_project(tmp_path / "lac", issues=("may-2020", "june-2020"))
    assert lac.run("build", "--all").code == 0
    listed = lac.run("list")
    assert listed.code == 0 and "stale" not in listed.out, listed.output

    with open(lac.root / "images" / "badge.png", "ab") as picture:
        picture.write(b"\0")  # a byte after the PNG's end: another file, the same picture
    listed = lac.run("list")
    assert "note: june-2020 is stale: images/badge.png changed since it was built" in listed.err, listed.output
    assert "may-2020 is stale" not in listed.err
    assert "note: `lacnews build june-2020` brings it up to date" in listed.err

    config = lac.root / "newsletter.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    lac.write("templates/email.txt.j2", "{% extends 'builtin/email.txt.j2' %}\n")
    rows = {row["slug"]: row for row in json.loads(lac.run("list", "--format", "json").out)}
    assert rows["may-2020"]["stale_because"] == ("newsletter.yaml and templates/email.txt.j2 (new) changed since it "
                                                 "was built")
    assert rows["june-2020"]["stale_because"].startswith("images/badge.png, newsletter.yaml and ")
    assert lac.run("build", "--all").code == 0
    rows = json.loads(lac.run("list", "--format", "json").out)
    assert [row["stale_because"] for row in rows] == [None, None]


def test_after_an_upgrade_list_says_lacnews_changed(tmp_path, monkeypatch):
    """A build made by another version of lacnews is stale, and says so (the version is part of every
    fingerprint), as after `pip install --upgrade`; a record from before lacnews kept its inputs says that."""
    from click.testing import CliRunner
    from conftest import copy_repo_project

    import lacnews.compose.records
    import lacnews.pipeline.inputs
    from lacnews.cli import cli

    lac = copy_repo_project(tmp_path / "lac")
    assert lac.run("build", "may-2020").code == 0
    monkeypatch.chdir(lac.root)
    for module in (lacnews.pipeline.inputs, lacnews.compose.records):
        monkeypatch.setattr(module, "__version__", "9.9.9")
    listed = CliRunner().invoke(cli, ["list"])
    assert listed.exit_code == 0, listed.output
    assert "may-2020 is stale: lacnews was upgraded from " in listed.output
    assert " to 9.9.9 since it was built" in listed.output

    record_path = lac.root / "build" / "may-2020" / ".build.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    del record["inputs"]  # as lacnews wrote it before it kept them: still a record, still stale
    record_path.write_text(json.dumps(record), encoding="utf-8")
    listed = CliRunner().invoke(cli, ["list"])
    assert "may-2020 is stale: it was built by an earlier lacnews, which kept no list of what changed" \
        in listed.output, listed.output


def test_lacnews_installed_in_another_folder_leaves_builds_current(tmp_path, monkeypatch):
    """A reinstall elsewhere (a new .venv, pipx) moves lacnews's own templates and catalogues: the fingerprint
    names them from their own folder, so the builds stay current, and a change to one of them is still seen."""
    import shutil

    from conftest import copy_repo_project

    from lacnews.base import project as project_module
    from lacnews.base.project import Project, builtin_templates_dir
    from lacnews.pipeline import inputs

    lac = copy_repo_project(tmp_path / "lac")
    before = inputs.Fingerprints(Project(lac.root)).shared_digest
    moved = tmp_path / "elsewhere" / "templates"
    shutil.copytree(builtin_templates_dir(), moved)
    monkeypatch.setattr(project_module, "builtin_templates_dir", lambda: moved)
    monkeypatch.setattr(inputs, "builtin_templates_dir", lambda: moved)
    assert inputs.Fingerprints(Project(lac.root)).shared_digest == before
    (moved / "email.html.j2").write_text((moved / "email.html.j2").read_text(encoding="utf-8") + "\n",
                                         encoding="utf-8")
    assert inputs.Fingerprints(Project(lac.root)).shared_digest != before


def test_lacnews_catalogues_are_inputs_so_a_change_to_one_makes_builds_stale(tmp_path):
    from conftest import copy_repo_project

    from lacnews.base.project import Project
    from lacnews.pipeline import inputs

    lac = copy_repo_project(tmp_path / "lac")
    assert any(path.suffix == ".po" for path in inputs.shared_inputs(Project(lac.root)))
