"""What the README tells a reader to run works: its test command is CI's, its build command installs into a
virtual environment, and `pipx install .` gives a working lacnews of this version.

The guide's own examples (the check example among them, in docs/rules.md) are run by test_docs_examples.py.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO, copy_repo_project

import lacnews


def readme_command(starting: str = "", ending: str = "") -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return next(line for line in readme.splitlines() if line.startswith(starting) and line.endswith(ending))


def test_ci_runs_the_readmes_test_command():
    """CI's last step is the README's test command, word for word, so what CI proves is what a reader runs."""
    command = readme_command("(dpkg -s chromium")
    assert command.endswith("&& pytest")
    assert (REPO / ".ci" / "run").read_text(encoding="utf-8").rstrip("\n").splitlines()[-1] == command


def test_the_readmes_commands_install_into_a_virtual_environment():
    """Debian's own pip refuses to install outside one, for root too: both commands make one (afresh where an
    earlier attempt left one without pip), and install the Debian packages lacnews's checks use."""
    for command in (readme_command(ending="lacnews build may-2020"), readme_command("(dpkg -s chromium")):
        assert "(test -x .venv/bin/pip || python3 -m venv --clear .venv) && . .venv/bin/activate && pip install " \
            in command
        for package in ("libenchant-2-2", "hunspell-en-gb", "aspell-en", "aspell-cy", "spamassassin",
                        "python3-venv"):
            assert command.count(f" {package}") == 2, (package, command)  # asked for, and installed if missing


def test_pipx_installs_a_lacnews_of_this_version_that_builds_an_issue(tmp_path):
    """The README's `pipx install .`, into a pipx home of the test's own: a user's lacnews, away from the checkout."""
    pytest.importorskip("pipx", reason="pipx is in the test extra: pip install -e '.[test]'")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PIPX_HOME=str(tmp_path / "pipx"), PIPX_BIN_DIR=str(tmp_path / "bin"),
               PIPX_MAN_DIR=str(tmp_path / "man"))
    installed = subprocess.run([sys.executable, "-m", "pipx", "install", str(REPO)], cwd=tmp_path, env=env,
                               capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    command = tmp_path / "bin" / "lacnews"
    version = subprocess.run([str(command), "--version"], env=env, capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"lacnews, version {lacnews.__version__}"
    project = copy_repo_project(tmp_path / "project")
    built = subprocess.run([str(command), "build", "may-2020"], cwd=project.root, env=env, capture_output=True,
                           text=True, timeout=120)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "*|UNSUB|*" in (project.root / "build" / "may-2020" / "email.html").read_text(encoding="utf-8")
