"""The one exception family of lacnews, and the located problems it reports.

Every error an editor can cause is a ``LacnewsError``: click prints its message
and exits non-zero, with no traceback. Problems are collected per file and
reported together, so an editor fixes a file in one pass, not one error a run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, with where it is (1-based line and column)."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    rule: str = "format"  # the `lacnews check` rule this problem belongs to

    def __str__(self) -> str:
        return f"{location(self.path, self.line, self.column)}: {self.message}"


def location(path: Path, line: int | None, column: int | None) -> str:
    """Return "file:line:column", leaving out what is not known."""
    where = display_path(path)
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where


def display_path(path: Path) -> str:
    """Return ``path`` relative to the current folder when it lies below it."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


class LacnewsError(click.ClickException):
    """An error the user can act on: printed as it is, exit status 1."""

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


class ProjectError(LacnewsError):
    """No project, or an issue name that cannot be resolved within it."""


class InputError(LacnewsError):
    """One or more problems in the files an editor wrote."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.column or 0))
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} error{'s' if count != 1 else ''}; nothing was written.")
        super().__init__("\n".join(lines))


class TemplateError(LacnewsError):
    """A template that cannot be loaded or rendered."""
