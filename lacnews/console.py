"""What lacnews prints, and how: findings in their colours, warnings and notes on standard error, a
progress bar only on a terminal, and standard output that a reader may stop reading.

Only the command line and this module print; the commands return what happened.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterable, Iterator

import click

COLOURS = {"error": "red", "warning": "yellow", "note": None}


def show_findings(findings: Iterable, err: bool = False) -> None:
    """Print each finding as file:line:col: level rule: message, in its level's colour."""
    for finding in findings:
        click.secho(str(finding), fg=COLOURS[finding.level], err=err)


def warn(message: str) -> None:
    click.secho(f"warning: {message}", fg="yellow", err=True)


def note(message: str) -> None:
    click.secho(f"note: {message}", fg="yellow", err=True)


def log(message: str) -> None:
    """Print a line of a long-running command's log (the preview's) on standard error, at once."""
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def progress_bar(length: int, label: str) -> Iterator:
    """Yield a click progress bar on standard error, or one that writes nowhere off a terminal."""
    if sys.stderr.isatty():
        with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
            yield bar
        return
    with open(os.devnull, "w") as nowhere, click.progressbar(length=length, label=label, file=nowhere) as bar:
        yield bar


class ReaderMayLeave(io.TextIOBase):
    """Standard output for a reader that may stop reading (`lacnews build --all | head -1`).

    The work goes on to the end and the exit status is the command's own: what the reader
    no longer wants is dropped, rather than the command failing halfway with a broken pipe.
    """

    def __init__(self, stream):
        self.stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self._reader_left()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._reader_left()

    def _reader_left(self) -> None:
        self.gone = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self.stream.fileno())  # what is still buffered goes nowhere, quietly

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        return self.stream.encoding

    @property
    def errors(self) -> str | None:
        return self.stream.errors


def flush_quietly() -> None:
    """Flush both streams at exit, a reader that went away (`| head -1`) being no error."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass
