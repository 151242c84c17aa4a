"""lacnews --help as an editor reads it: each command's summary whole enough to say what it does (add's pasting
included), and every help ending with examples that are real commands."""

from __future__ import annotations

import re
import shlex

import click
import pytest
from conftest import run_lacnews

from lacnews.cli import cli

COMMANDS = sorted(cli.commands)
# every command's help, a group's subcommands' too (lacnews words add)
HELPS = [(name,) for name in COMMANDS] + [(name, sub) for name in COMMANDS if isinstance(cli.commands[name], click.Group)
                                          for sub in sorted(cli.commands[name].commands)]


def commands_section(help_text: str) -> dict[str, str]:
    """Return each command's summary as the top-level help shows it, its wrapped lines joined."""
    section = help_text.split("\nCommands:\n", 1)[1].split("\n\n", 1)[0]
    rows: dict[str, str] = {}
    name = None
    for line in section.splitlines():
        found = re.match(r"  (\S+)\s+(.*)", line)
        if found:
            name, text = found.groups()
            rows[name] = text
        elif name:
            rows[name] += " " + line.strip()
    return rows


def test_the_top_level_help_says_add_takes_pasted_text(tmp_path):
    shown = run_lacnews("--help", cwd=tmp_path)
    assert shown.code == 0, shown.output
    rows = commands_section(shown.out)
    assert set(rows) == set(COMMANDS)
    assert "..." not in "".join(rows.values())  # no summary cut short
    assert rows["add"] == ("Add a section to an issue from a Word document (.docx), a web article (its https:// "
                           "address) or pasted text (-).")


def example_lines(help_text: str) -> list[str]:
    """Return the commands of a help's closing Examples block (its comments left out)."""
    parts = re.split(r"\n *Examples:\n", help_text)
    assert len(parts) == 2, help_text
    block = parts[1]
    return [line.split("  # ")[0].strip() for line in block.splitlines()
            if line.strip() and not line.strip().startswith("#")]


@pytest.mark.parametrize("names", [(), *HELPS], ids=lambda names: " ".join(names) or "lacnews")
def test_every_help_ends_with_examples_that_are_real_commands(tmp_path, names):
    command = names[0] if names else None
    shown = run_lacnews(*names, "--help", cwd=tmp_path)
    assert shown.code == 0, shown.output
    lines = example_lines(shown.out)
    assert lines and shown.out.index("Examples:") > shown.out.index("Options:")  # the block closes the help
    assert all(len(line) <= 80 for line in shown.out.splitlines())
    for line in lines:
        words = [word for word in shlex.split(line) if "=" not in word.split("-")[0]]  # NAME=value before it
        words = words[:words.index("<")] if "<" in words else words
        assert words[0] == "lacnews", line
        assert not command or words[1] == command, f"{command}'s help shows another command: {line}"
        # click parses the example as it would run it: every option and argument it names exists
        named = cli.commands[words[1]]
        if isinstance(named, click.Group):  # lacnews words add ...: the subcommand parses its own
            named, words = named.commands[words[2]], words[1:]
        named.make_context(words[1], words[2:])


def test_an_example_naming_no_such_option_is_caught():
    """The examples test above can fail: an option click does not know is refused."""
    with pytest.raises(click.NoSuchOption):
        cli.commands["build"].make_context("build", ["--al"])
