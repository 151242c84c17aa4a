"""Write outputs so that a reader never sees half a file, and never outside the build folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lacnews.errors import LacnewsError


def safe_join(folder: Path, *parts: str) -> Path:
    """Return ``folder``/``parts``, refusing any path that escapes ``folder``."""
    base = folder.resolve()
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        raise LacnewsError(f"refusing to write {target}: it is outside {base}")
    return target


def write_files(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write each name → text into ``folder``: every file to a temporary name first, then renamed."""
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, text in files.items():
            target = safe_join(folder, name)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            staged.append((temporary, target))
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as exc:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise LacnewsError(f"cannot write to {folder}: {exc.strerror}") from None
    return [target for _, target in staged]


def write_changed(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write only the files whose content changed, so that an unchanged folder is left alone."""
    changed = {}
    for name, text in files.items():
        try:
            same = (folder / name).read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            changed[name] = text
    if changed:
        write_files(folder, changed)
    return [folder / name for name in files]
