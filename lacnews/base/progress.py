"""A progress bar as work that takes a while asks for one: the work takes the bar from its caller (the console
shows one on a terminal), and shows none by default, since nothing below the console prints."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import ContextManager

# (how many steps, what is being done) -> a context manager yielding something with update(steps)
Progress = Callable[[int, str], ContextManager]


class _Uncounted:
    def update(self, steps: int) -> None:
        pass


@contextlib.contextmanager
def no_progress(length: int, label: str) -> Iterator[_Uncounted]:
    """A progress bar that shows nothing."""
    yield _Uncounted()
