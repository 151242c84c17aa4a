"""Write outputs so that a reader never sees half of them, and never outside where they belong.

Files are written under a temporary name and renamed. A folder that is one
build's outputs (build/<slug>/) is written whole beside the old one and swapped
in with two renames, so its files appear together or not at all: a build cut
short leaves the last complete one, or (between the two renames) none. Every
path is checked on the way down from the folder it must stay inside: a
symbolic link or a file where a folder should be is refused, not followed.
Files get the modes the user's umask gives any new file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

from lacnews.errors import LacnewsError, display_path


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_current_umask()
FOLDER_MODE = 0o777 & ~_current_umask()
STAGED, REPLACED = ".new-", ".old-"


class WriteError(LacnewsError):
    """An output could not be written where it belongs."""


def safe_join(folder: Path, *parts: str) -> Path:
    """Return ``folder``/``parts``, refusing any path that escapes ``folder``."""
    base = folder.resolve()
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        raise WriteError(f"refusing to write {target}: it is outside {base}")
    return target


def real_folder(inside: Path, folder: Path) -> Path:
    """Return ``folder``, made if missing, after checking each step down from ``inside`` is a real folder."""
    try:
        steps = folder.relative_to(inside).parts
    except ValueError:
        raise WriteError(f"refusing to write to {display_path(folder)}: it is outside {display_path(inside)}") \
            from None
    current = inside
    for step in steps:
        current = current / step
        if current.is_symlink():
            raise WriteError(f"{display_path(current)} is a symbolic link (to {os.readlink(current)}): lacnews "
                             "writes only inside the project, so it does not follow it; remove the link")
        if current.exists() and not current.is_dir():
            raise WriteError(f"{display_path(current)} is a file, where lacnews keeps a folder of outputs; "
                             "move it away")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    except OSError as exc:
        raise WriteError(f"cannot make the folder {display_path(folder)}: {exc.strerror or exc}") from None
    return folder


Content = str | bytes  # text is written as UTF-8 with \n line ends; bytes as they are


def _stage(folder: Path, name: str, content: Content) -> Path:
    """Write ``content`` to a temporary file in ``folder`` for ``name``; return its path."""
    target = safe_join(folder, name)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        if isinstance(content, bytes):
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(content)
        os.chmod(temporary, FILE_MODE)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_files(folder: Path, files: dict[str, Content], inside: Path | None = None) -> list[Path]:
    """Write each name → text into ``folder`` (below ``inside``, when given): each to a temporary name, then renamed."""
    if inside is not None:
        real_folder(inside, folder)
    staged: list[tuple[Path, Path]] = []
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        for name, text in files.items():
            safe_join(folder, name).parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)  # cy/index.html
            staged.append((_stage(folder, name, text), folder / name))
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as exc:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise WriteError(f"cannot write to {display_path(folder)}: {exc.strerror or exc}") from None
    return [target for _, target in staged]


def replace_folder(folder: Path, files: dict[str, Content], inside: Path) -> list[Path]:
    """Make ``folder`` hold exactly ``files``, all of them appearing at once; return their paths.
    A name may hold a folder of its own (images/logo-3fa2.png)."""
    parent = real_folder(inside, folder.parent)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        real_folder(inside, folder)  # says what is wrong with it
    _clear_leftovers(parent, folder.name)
    staging = parent / f".{folder.name}{STAGED}{uuid.uuid4().hex[:12]}"
    try:
        staging.mkdir(mode=FOLDER_MODE)
        for name, content in files.items():
            safe_join(staging, name).parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            os.replace(_stage(staging, name, content), staging / name)
        if folder.exists():
            old = parent / f".{folder.name}{REPLACED}{uuid.uuid4().hex[:12]}"
            os.rename(folder, old)
            os.rename(staging, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise WriteError(f"cannot write to {display_path(folder)}: {exc.strerror or exc}") from None
    return [folder / name for name in files]


def _clear_leftovers(parent: Path, name: str) -> None:
    """Remove what a build of ``name`` that was cut short left beside it."""
    for prefix in (STAGED, REPLACED):
        for leftover in parent.glob(f".{name}{prefix}*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def write_changed(folder: Path, files: dict[str, str], inside: Path | None = None) -> list[Path]:
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
        write_files(folder, changed, inside)
    return [folder / name for name in files]
