"""Reading a file that may not be one: opened without waiting (a pipe put where a file belongs would hold the
read for ever) and, where asked, without following a link, then read only if it is a regular file."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegular(OSError):
    """The path names something other than a regular file (a folder, a pipe, a device): its mode says what."""

    def __init__(self, mode: int):
        super().__init__("not a regular file")
        self.mode = mode


def read_regular(path: Path, *, follow: bool = True, limit: int | None = None) -> bytes:
    """Return the bytes of the regular file at ``path``; with ``limit``, at most ``limit`` + 1 of them, so that a
    longer read tells a file too large. Raise ``NotRegular`` for anything else there, and ``OSError`` for a file
    that cannot be opened (with ``follow`` False, a link is one) or read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    handle = os.open(path, flags)
    try:  # asked of the handle itself: Python's file objects refuse a folder before anything is said of it
        mode = os.fstat(handle).st_mode
    except OSError:
        os.close(handle)
        raise
    if not stat.S_ISREG(mode):
        os.close(handle)
        raise NotRegular(mode)
    with os.fdopen(handle, "rb") as stream:
        return stream.read() if limit is None else stream.read(limit + 1)
