"""The user's cache folder: work kept between runs, keyed by what it was made from.

Nothing here can go stale unnoticed: every entry is named by a digest of all it
depends on, so a changed input simply misses. It lives in the user's cache
folder ($XDG_CACHE_HOME/lacnews, else ~/.cache/lacnews), never in a project,
and losing it costs time, never correctness.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path

from lacnews.base.read import read_regular


def cache_dir(part: str) -> Path | None:
    """Return the cache folder ``part``, created private to this user; None where none can be made."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "lacnews" / part
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder


def read_json(folder: Path | None, key: str) -> object | None:
    """Return the entry ``key`` of ``folder``, or None when it is missing or unreadable."""
    if folder is None:
        return None
    try:  # something else put in an entry's place (a link, a pipe) is a miss, never a wait or a read elsewhere
        return json.loads(read_regular(folder / f"{key}.json", follow=False).decode("utf-8"))
    except (OSError, ValueError):
        return None


def write_json(folder: Path | None, key: str, value: object) -> None:
    """Store ``value`` as the entry ``key``, atomically; a cache that cannot be written is skipped."""
    if folder is None:
        return
    entry = folder / f"{key}.json"
    temporary = None
    try:
        if os.path.lexists(entry) and not stat.S_ISREG(os.lstat(entry).st_mode):
            return  # a link, a pipe or a folder in an entry's place: left as it is
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(value, stream, separators=(",", ":"))
        os.replace(temporary, entry)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
