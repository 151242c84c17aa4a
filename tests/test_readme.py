"""The README's examples are what lacnews prints today: each is run as written."""

from __future__ import annotations

import re

from conftest import REPO

EXAMPLE = re.compile(r"```yaml\n# (issues/[a-z0-9-]+\.yaml)\n(.*?)```\n\n```\n\$ lacnews (check [a-z0-9-]+)\n(.*?)```",
                     re.DOTALL)


def test_the_check_example_prints_what_the_readme_shows(lac):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    examples = EXAMPLE.findall(readme)
    assert examples, "the README's check example is gone"
    for path, issue, command, printed in examples:
        lac.write(path, issue)
        result = lac.run(*command.split())
        assert result.out == printed, f"README shows:\n{printed}\ncheck prints:\n{result.out}"


def test_ci_runs_the_readmes_test_command():
    """CI's last step is the README's test command, word for word, so what CI proves is what a reader runs."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if line.startswith("(dpkg -s chromium"))
    assert command.endswith("&& pytest")
    assert (REPO / ".ci" / "run").read_text(encoding="utf-8").rstrip("\n").splitlines()[-1] == command


def test_the_readmes_build_command_installs_into_a_virtual_environment():
    """Debian's own pip refuses to install outside one, for root too: the build command makes one."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if line.endswith("lacnews build may-2020"))
    assert "python3 -m venv .venv" in command and ". .venv/bin/activate && pip install ." in command
