"""Shared fixtures: temporary newsletter projects, the lacnews command, built issues, and one browser.

Every test file imports what it needs from here (``from conftest import ...``) and
asks for the fixtures by name: ``project`` (a minimal project), ``lac`` (a copy of
the repository's own project), ``may_2020`` (that copy after `lacnews build
may-2020`, shared by the session) and ``browser`` (Debian's Chromium).
"""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import hypothesis
import pytest

# hypothesis's own files (Unicode tables, a failure's patch, its examples) go to the system's temporary folder,
# never the repository; one folder per user, since one that another user made there is not theirs to write
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    hypothesis.configuration.set_hypothesis_home_dir(
        Path(tempfile.gettempdir()) / f"lacnews-hypothesis-{getpass.getuser()}")

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"
CHROMIUM = "/usr/bin/chromium"
ALLOW_PRIVATE = "LACNEWS_ALLOW_PRIVATE_NETWORK"

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


def lacnews_env(extra: dict | None = None) -> dict:
    """Return the environment lacnews runs in: this one, with the checkout's code first."""
    return {**os.environ, "PYTHONPATH": str(REPO), **(extra or {})}


def run_lacnews(*args: str, cwd: Path, env: dict | None = None) -> Result:
    """Run the lacnews command in ``cwd`` and return what it printed."""
    process = subprocess.run([*lacnews_command(), *args], cwd=cwd, capture_output=True,
                             text=True, env=lacnews_env(env), timeout=120)
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


def copy_repo_project(root: Path, issues: tuple[str, ...] = ("may-2020",)) -> TempProject:
    """Copy the repository's own project (newsletter.yaml, words.txt, images/ and the issues named) into ``root``.

    Most tests stand on the May 2020 bulletin alone, and make the issues they need next to it.
    """
    root.mkdir(parents=True, exist_ok=True)
    for name in ("newsletter.yaml", "words.txt"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "images", root / "images")
    (root / "issues").mkdir()
    for slug in issues:
        shutil.copy(REPO / "issues" / f"{slug}.yaml", root / "issues" / f"{slug}.yaml")
    return TempProject(root)


def copy_case(case: str, root: Path, slug: str) -> TempProject:
    """Copy the golden case tests/cases/``case`` into ``root``: its newsletter.yaml, and issue.yaml as ``slug``."""
    project = TempProject(root)
    shutil.copy(CASES / case / "newsletter.yaml", root / "newsletter.yaml")
    shutil.copy(CASES / case / "issue.yaml", root / "issues" / f"{slug}.yaml")
    return project


@dataclass(frozen=True)
class BuiltIssue:
    """An issue just after `lacnews build SLUG`: what the command printed and the two files, as written then."""

    project: TempProject
    slug: str
    result: Result
    html: str
    text: str

    @property
    def html_path(self) -> Path:
        return self.project.root / "build" / self.slug / "email.html"


def build_issue(project: TempProject, slug: str) -> BuiltIssue:
    """Run `lacnews build SLUG` in ``project``, which must succeed, and return what it wrote."""
    result = project.run("build", slug)
    assert result.code == 0, result.output
    html, text = project.built(slug)
    return BuiltIssue(project, slug, result, html, text)


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory) -> Path:
    """A user cache folder of the session's own: lacnews and its subprocesses keep nothing in the tester's."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture(scope="session", autouse=True)
def private_network_allowed():
    """Let lacnews fetch from 127.0.0.1 and ::1, where the suite's own servers are (it fetches only public
    addresses otherwise). A test of that refusal removes the variable: monkeypatch.delenv(ALLOW_PRIVATE)."""
    previous = os.environ.get(ALLOW_PRIVATE)
    os.environ[ALLOW_PRIVATE] = "1"
    yield
    if previous is None:
        os.environ.pop(ALLOW_PRIVATE, None)
    else:
        os.environ[ALLOW_PRIVATE] = previous


@pytest.fixture
def project(tmp_path: Path) -> TempProject:
    """A minimal project: newsletter.yaml and one issue, march-2021."""
    temp = TempProject(tmp_path / "news")
    temp.write("newsletter.yaml", MINIMAL_NEWSLETTER)
    temp.issue("march-2021", MINIMAL_ISSUE)
    return temp


@pytest.fixture
def lac(tmp_path: Path) -> TempProject:
    """A copy of the repository's own project (newsletter.yaml, words.txt, issues/), for a test to change."""
    return copy_repo_project(tmp_path / "lac")


@pytest.fixture(scope="session")
def may_2020(tmp_path_factory) -> BuiltIssue:
    """A copy of the repository's own project (built-in templates), after `lacnews build may-2020`.

    Shared by the whole session: a test may read it or build it again, never change its files.
    """
    return build_issue(copy_repo_project(tmp_path_factory.mktemp("lac")), "may-2020")


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
