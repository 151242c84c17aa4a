"""The one exception family of lacnews, and places in files that errors and findings point at.

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
class Place:
    """Where something is: a file, and where known a 1-based line and column in it."""

    path: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        """Return "file:line:column", leaving out what is not known."""
        where = display_path(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def sort_key(self) -> tuple[str, int, int]:
        return display_path(self.path), self.line or 0, self.column or 0


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file an editor wrote, at its place."""

    place: Place
    message: str
    rule: str = "format"  # the `lacnews check` rule this problem belongs to

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


def display_path(path: Path) -> str:
    """Return ``path`` relative to the current folder when it lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


class LacnewsError(click.ClickException):
    """An error the user can act on: printed as it is, exit status 1."""

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


class ProjectError(LacnewsError):
    """No project, or an issue name that cannot be resolved within it."""


class InputError(LacnewsError):
    """One or more problems in the files an editor wrote."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: p.place.sort_key())
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} error{'s' if count != 1 else ''}; nothing was written.")
        super().__init__("\n".join(lines))


class TemplateError(LacnewsError):
    """A template that cannot be loaded or rendered."""
