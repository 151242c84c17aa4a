"""The guide's examples are run as written: a reader who follows a page gets what it shows.

A page marks what is to be run with an HTML comment on the line before a fenced block (the site shows
nothing of it):

- ``<!-- run -->`` before a ```` ```sh ```` block: run by bash in the page's own copy of the repository's
  project, as a reader runs it there; it must succeed. ``<!-- run: exit 1 -->`` expects that exit status.
- ``<!-- output -->`` before a ```` ```text ```` block right after a run: what that run printed, word for word.
- ``<!-- file: issues/x.yaml -->`` before a block: the file as the reader is told to write it.
- ``<!-- paste -->`` before a block: what the reader pastes into the next run (its standard input).

Blocks with no comment are shown, not run (a command that needs a mail server, Mailchimp or a browser).
Each page starts from a fresh copy of the project, and its blocks run in the order they are written.
After an intended change to what lacnews prints, ``LACNEWS_UPDATE_DOCS=1 pytest tests/test_docs_examples.py``
writes what the commands print into the pages' output blocks: read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, TempProject, copy_repo_project, lacnews_command, lacnews_env

DOCS = REPO / "docs"
MARKED = re.compile(r"^<!-- (?P<mark>run(?:: exit (?P<exit>\d+))?|output|paste|file: (?P<path>[\w./-]+)) -->\n"
                    r"```(?P<lang>\w*)\n(?P<body>.*?)^```$", re.DOTALL | re.MULTILINE)
WALKTHROUGH = DOCS / "month.md"


@dataclass(frozen=True)
class Step:
    mark: str  # run, output, paste or file
    body: str
    line: int
    exit: int = 0
    path: str = ""


def steps(page: Path) -> list[Step]:
    """Return the marked blocks of ``page`` in order."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in MARKED.finditer(text):
        mark = match.group("mark").split(":")[0]
        found.append(Step(mark, match.group("body"), text.count("\n", 0, match.start()) + 1,
                          int(match.group("exit") or 0), match.group("path") or ""))
    return found


def pages_with_examples() -> list[Path]:
    return [page for page in sorted(DOCS.rglob("*.md")) if any(step.mark == "run" for step in steps(page))]


def shell_env() -> dict:
    """The reader's shell: lacnews on the PATH (the checkout's code), as after `. .venv/bin/activate`."""
    env = lacnews_env({"PYTHONUNBUFFERED": "1"})  # what it prints, in the order a terminal shows it
    folder = Path(lacnews_command()[0]).parent
    env["PATH"] = f"{folder}{os.pathsep}{env.get('PATH', '')}"
    return env


def follow(page: Path, project: TempProject) -> list[tuple[Step, str]]:
    """Do what ``page`` says, in order, in ``project``; return each run with what it printed."""
    runs: list[tuple[Step, str]] = []
    updates: dict[int, tuple[str, str]] = {}  # an output block's line → (what the page shows, what was printed)
    try:
        follow_steps(page, project, runs, updates)
    finally:  # what ran before a failure is written too, so that one update shows every block it can
        if updates:
            write_outputs(page, updates)
    return runs


def follow_steps(page: Path, project: TempProject, runs: list[tuple[Step, str]],
                 updates: dict[int, tuple[str, str]]) -> None:
    """Do each step of ``page``, adding each run and what it printed to ``runs`` (and, when updating the
    pages, each output block to ``updates``)."""
    pasted = None
    for step in steps(page):
        where = f"{page.relative_to(REPO)}:{step.line}"
        if step.mark == "file":
            target = project.root / step.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(step.body, encoding="utf-8")
        elif step.mark == "paste":
            pasted = step.body
        elif step.mark == "run":
            if shutil.which("lacnews", path=shell_env()["PATH"]) is None:
                pytest.skip("the lacnews command is not installed (pip install -e '.[test]')")
            done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step.body], cwd=project.root,
                                  input=pasted or "", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  env=shell_env(), timeout=300)
            printed = done.stdout
            assert done.returncode == step.exit, f"{where}: exit {done.returncode}, not {step.exit}:\n{printed}"
            runs.append((step, printed))
            pasted = None
        elif step.mark == "output":
            assert runs, f"{where}: an output block with no run before it"
            if os.environ.get("LACNEWS_UPDATE_DOCS") == "1":
                updates[step.line] = (step.body, runs[-1][1])
                continue
            assert runs[-1][1] == step.body, f"{where}: the page shows\n{step.body}\nthe command printed\n{runs[-1][1]}"


def write_outputs(page: Path, updates: dict[int, tuple[str, str]]) -> None:
    """Write what the commands printed into ``page``'s output blocks, at their lines."""
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    for line in sorted(updates, reverse=True):
        shown, printed = updates[line]
        start = line + 1  # the block's first line of text, counted from 0: after the comment and the fence
        assert "".join(lines[start:start + shown.count("\n")]) == shown
        lines[start:start + shown.count("\n")] = [printed]
    page.write_text("".join(lines), encoding="utf-8")


def test_the_convention_finds_the_walkthroughs_steps():
    marks = [step.mark for step in steps(WALKTHROUGH)]
    assert marks[:2] == ["run", "output"] and {"file", "paste"} <= set(marks)
    assert WALKTHROUGH in pages_with_examples()


@pytest.mark.parametrize("page", pages_with_examples(), ids=lambda page: page.name)
def test_each_page_does_what_it_says(page, tmp_path):
    follow(page, copy_repo_project(tmp_path / "project", ("may-2020", "june-2020", "cymru-mehefin-2020")))


def test_the_walkthrough_leaves_no_finding_it_does_not_explain(tmp_path):
    """Followed literally, the month ends with a built issue whose every finding the guide explains."""
    project = copy_repo_project(tmp_path / "project", ("may-2020", "june-2020", "cymru-mehefin-2020"))
    follow(WALKTHROUGH, project)
    assert (project.root / "build" / "july-2020" / "email.html").is_file()
    checked = project.run("check", "july-2020", "--format", "json")
    assert checked.code == 0, checked.output
    guide = WALKTHROUGH.read_text(encoding="utf-8")
    unexplained = sorted({finding["rule"] for finding in json.loads(checked.out)} - set(re.findall(r"`([a-z-]+)`", guide)))
    assert unexplained == [], f"the walkthrough leaves these findings unexplained: {unexplained}"
