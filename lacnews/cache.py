"""The user's cache folder: work kept between runs, keyed by what it was made from.

Nothing here can go stale unnoticed: every entry is named by a digest of all it
depends on, so a changed input simply misses. It lives in the user's cache
folder ($XDG_CACHE_HOME/lacnews, else ~/.cache/lacnews), never in a project,
and losing it costs time, never correctness.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


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
    try:
        return json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(folder: Path | None, key: str, value: object) -> None:
    """Store ``value`` as the entry ``key``, atomically; a cache that cannot be written is skipped."""
    if folder is None:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(value, stream, separators=(",", ":"))
        os.replace(temporary, folder / f"{key}.json")
    except OSError:
        pass
