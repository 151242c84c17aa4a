"""Shared fixtures: temporary newsletter projects, the lacnews command, and one browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CHROMIUM = "/usr/bin/chromium"

MINIMAL_NEWSLETTER = """\
name: Test Network News
sender:
  name: Test Network
  organisation: Test Trust
  address: 1 High Street, York YO1 7HH, United Kingdom
"""

MINIMAL_ISSUE = """\
date: 2021-03
subject: Test Network News – March 2021
sections:
  - title: First section
    body: Hello *|FNAME|*, this is the first section.
"""


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


def lacnews_command() -> list[str]:
    """Return how to run lacnews as a user does: the installed script, or the module."""
    script = shutil.which("lacnews")
    return [script] if script else [sys.executable, "-m", "lacnews"]


def run_lacnews(*args: str, cwd: Path, env: dict | None = None) -> Result:
    """Run the lacnews command in ``cwd`` and return what it printed."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    process = subprocess.run([*lacnews_command(), *args], cwd=cwd, capture_output=True,
                             text=True, env=full_env, timeout=120)
    return Result(process.returncode, process.stdout, process.stderr)


class TempProject:
    """A newsletter project in a temporary folder."""

    def __init__(self, root: Path):
        self.root = root
        (root / "issues").mkdir(parents=True, exist_ok=True)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def issue(self, slug: str, text: str) -> Path:
        return self.write(f"issues/{slug}.yaml", text)

    def run(self, *args: str, **kwargs) -> Result:
        return run_lacnews(*args, cwd=self.root, **kwargs)

    def built(self, slug: str) -> tuple[str, str]:
        folder = self.root / "build" / slug
        return ((folder / "email.html").read_text(encoding="utf-8"),
                (folder / "email.txt").read_text(encoding="utf-8"))

    def build_files(self) -> list[str]:
        build = self.root / "build"
        return sorted(str(p.relative_to(build)) for p in build.rglob("*")) if build.exists() else []


def copy_repo_project(root: Path) -> TempProject:
    """Copy the repository's own project (newsletter.yaml, words.txt, issues/) into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("newsletter.yaml", "words.txt"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "issues", root / "issues")
    return TempProject(root)


@pytest.fixture
def project(tmp_path: Path) -> TempProject:
    """A minimal project: newsletter.yaml and one issue, march-2021."""
    temp = TempProject(tmp_path / "news")
    temp.write("newsletter.yaml", MINIMAL_NEWSLETTER)
    temp.issue("march-2021", MINIMAL_ISSUE)
    return temp


@pytest.fixture(scope="session")
def may_2020(tmp_path_factory) -> tuple[TempProject, Result]:
    """A copy of the repository's own project (built-in templates), after `lacnews build may-2020`."""
    project = copy_repo_project(tmp_path_factory.mktemp("lac"))
    result = project.run("build", "may-2020")
    assert result.code == 0, result.output
    return project, result


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session, driven by Playwright."""
    required = os.environ.get("LACNEWS_REQUIRE_BROWSER") == "1"
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "the playwright package is not installed (pip install '.[test]')"
    if missing is None and not Path(CHROMIUM).exists():
        missing = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if missing:
        if required:
            pytest.fail(f"LACNEWS_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()
