"""A progress bar for long runs, shown only on a terminal so piped or JSON output stays clean."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

import click


@contextlib.contextmanager
def progress_bar(length: int, label: str) -> Iterator:
    """Yield a click progress bar on standard error, or one that writes nowhere off a terminal."""
    if sys.stderr.isatty():
        with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
            yield bar
        return
    with open(os.devnull, "w") as nowhere, click.progressbar(length=length, label=label, file=nowhere) as bar:
        yield bar
