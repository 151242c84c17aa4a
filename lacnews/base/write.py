"""Write outputs so that a reader never sees half of them, and never outside where they belong.

Files are written under a temporary name and renamed. A folder that is one
build's outputs (build/<slug>/) is written whole beside the old one and swapped
in with two renames, so its files appear together or not at all: a build cut
short leaves the last complete one, or (between the two renames) none. Every
path is checked on the way down from the folder it must stay inside: a
symbolic link or a file where a folder should be is refused, not followed.
What a file's name already holds is replaced only when it is a regular file:
never a symbolic link (nothing is written through one), a device, a pipe, a
socket or a folder. Without a folder to stay inside, the folder must exist and
not be a link itself: nothing makes folders the caller did not name. Every
command's writing goes through here; this module is the one guard.
Files get the modes the user's umask gives any new file.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import uuid
from pathlib import Path

from lacnews.base.errors import LacnewsError, display_path


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_current_umask()
FOLDER_MODE = 0o777 & ~_current_umask()
STAGED, REPLACED = ".new-", ".old-"


Content = str | bytes  # text is written as UTF-8 with \n line ends; bytes as they are


class WriteError(LacnewsError):
    """An output could not be written where it belongs."""


def safe_join(folder: Path, name: str) -> Path:
    """Return ``folder``/``name`` as written (not resolved), refusing a name that could lead out of ``folder``:
    an absolute one, or one with an empty, "." or ".." step."""
    parts = name.split("/")
    if Path(name).is_absolute() or Path(name).drive or any(part in ("", ".", "..") or "\\" in part for part in parts):
        raise WriteError(f"refusing to write {name!r}: it is not a plain name inside {display_path(folder)}")
    return folder.joinpath(*parts)


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def kind_of(mode: int) -> str:
    """Return what a file of ``mode`` that is not a regular one is, as a message says it ("a folder")."""
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def refuse_to_replace(target: Path) -> None:
    """Raise WriteError unless ``target`` is missing or a regular file, the only thing a write may replace."""
    try:
        status = os.lstat(target)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        raise WriteError(f"cannot write {display_path(target)}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(status.st_mode):
        raise WriteError(f"{display_path(target)} is a symbolic link (to {os.readlink(target)}): lacnews does not "
                         "write through links; remove the link, or name another file")
    if not stat.S_ISREG(status.st_mode):
        kind = kind_of(status.st_mode)
        raise WriteError(f"{display_path(target)} is {kind}, not a regular file: lacnews writes only regular files "
                         "and leaves it as it is; name another file")


def existing_folder(folder: Path) -> Path:
    """Return ``folder`` if it exists, is a folder, and is not a symbolic link; raise WriteError otherwise."""
    try:
        status = os.lstat(folder)
    except FileNotFoundError:
        raise WriteError(f"there is no folder {display_path(folder)}: lacnews writes only into a folder that "
                         "exists; make it first, or name another") from None
    except OSError as exc:
        raise WriteError(f"cannot write to {display_path(folder)}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(status.st_mode):
        raise WriteError(f"{display_path(folder)} is a symbolic link (to {os.readlink(folder)}): lacnews does not "
                         "write through links; remove the link, or name the folder it points to")
    if not stat.S_ISDIR(status.st_mode):
        raise WriteError(f"{display_path(folder)} is not a folder: lacnews writes only into a folder; name another")
    return folder


def check_steps(inside: Path, folder: Path) -> None:
    """Raise WriteError unless ``folder`` lies below ``inside`` and each step down to it that exists is a real
    folder: not a symbolic link, not a file."""
    try:
        steps = folder.relative_to(inside).parts
    except ValueError:
        raise WriteError(f"refusing to write to {display_path(folder)}: it is outside {inside}, the folder "
                         "lacnews writes in") from None
    current = inside
    for step in steps:
        current = current / step
        if current.is_symlink():
            raise WriteError(f"{display_path(current)} is a symbolic link (to {os.readlink(current)}): lacnews "
                             "writes only inside the project, so it does not follow it; remove the link")
        if current.exists() and not current.is_dir():
            raise WriteError(f"{display_path(current)} is a file, where lacnews keeps a folder of outputs; "
                             "move it away")


def real_folder(inside: Path, folder: Path) -> Path:
    """Return ``folder``, made if missing, after checking each step down from ``inside`` is a real folder."""
    check_steps(inside, folder)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    except OSError as exc:
        raise WriteError(f"cannot make the folder {display_path(folder)}: {exc.strerror or exc}") from None
    return folder


def _in_project(root: Path, path: Path) -> tuple[Path, Path]:
    """Return the project's real folder and ``path`` as named below it, so that the steps between them are
    the ones checked (an issues/ that links elsewhere is refused, not followed)."""
    root, path = Path(os.path.abspath(root)), Path(os.path.abspath(path))
    real_root = root.resolve()
    return real_root, (real_root / path.relative_to(root) if path.is_relative_to(root) else path)


def check_project_file(root: Path, path: Path) -> None:
    """Raise WriteError now, before any work, if ``write_project_file`` would refuse ``path``; nothing is made."""
    inside, named = _in_project(root, path)
    check_steps(inside, named.parent)
    refuse_to_replace(named)


def write_project_file(root: Path, path: Path, content: Content) -> Path:
    """Replace the file ``path`` of the project at ``root`` (an issue, newsletter.yaml) with ``content`` at once:
    only below ``root``, never through a link, only over a regular file."""
    inside, named = _in_project(root, path)
    return write_files(named.parent, {named.name: content}, inside=inside)[0]


def _stage(target: Path, content: Content) -> Path:
    """Write ``content`` to a temporary file beside ``target``; return its path."""
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


def _write_new(target: Path, content: Content) -> None:
    """Write ``content`` as the new file ``target``, in a folder of this write's own that no one else sees until
    it is renamed into place: no temporary name is needed, and nothing there already is followed or replaced."""
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    with os.fdopen(handle, "wb") as stream:
        os.fchmod(stream.fileno(), FILE_MODE)
        stream.write(content if isinstance(content, bytes) else content.encode("utf-8"))


def write_files(folder: Path, files: dict[str, Content], inside: Path | None = None) -> list[Path]:
    """Write each name → text into ``folder``: each to a temporary name, then renamed over a regular file or none.

    With ``inside``, ``folder`` is made if missing, each step down from ``inside`` checked; without, it must
    exist already and not be a link. Every name is checked before anything is written.
    """
    if inside is not None:
        real_folder(inside, folder)
    else:
        existing_folder(folder)
    targets = [safe_join(folder, name) for name in files]
    for target in targets:
        check_steps(folder, target.parent)  # cy/index.html: a folder of its own, checked as the first
        refuse_to_replace(target)
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in zip(targets, files.values()):
            target.parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            staged.append((_stage(target, content), target))
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as exc:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise WriteError(f"cannot write to {display_path(folder)}: {exc.strerror or exc}") from None
    return targets


def write_named_file(path: Path, content: Content) -> Path:
    """Write ``content`` to a file the editor named (``send --eml``): into a folder that exists, as a new
    regular file or over one, never through a link or over anything else. The folder is the editor's to name,
    so a link on the way to it is followed; the file's own name is not."""
    absolute = Path(os.path.abspath(path))
    if not path.name or path.name in (".", ".."):
        raise WriteError(f"{display_path(absolute)} names a folder, not a file: give a file's name")
    folder = absolute.parent
    try:
        folder = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        existing_folder(folder)  # says what is wrong with it
    return write_files(folder, {absolute.name: content})[0]


def replace_folder(folder: Path, files: dict[str, Content], inside: Path, cleared: bool = False) -> list[Path]:
    """Make ``folder`` hold exactly ``files``, all of them appearing at once; return their paths.
    A name may hold a folder of its own (images/logo-3fa2.png). ``cleared``: what writes cut short left beside
    it is gone already (``clear_leftovers``)."""
    parent = real_folder(inside, folder.parent)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        real_folder(inside, folder)  # says what is wrong with it
    if not cleared:
        _clear_leftovers(parent, {folder.name})
    staging = parent / f".{folder.name}{STAGED}{uuid.uuid4().hex[:12]}"
    try:
        staging.mkdir(mode=FOLDER_MODE)
        made = {staging}
        for name, content in files.items():
            target = safe_join(staging, name)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
                made.add(target.parent)
            _write_new(target, content)
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


def clear_leftovers(parent: Path, names: set[str], inside: Path) -> None:
    """Remove what writes of the folders ``names`` of ``parent`` that were cut short left there, in one listing:
    for replacing many of its folders (``replace_folder(..., cleared=True)``) without a listing each, which grew
    with their number. Nothing is removed unless each step down from ``inside`` to ``parent`` is a real folder."""
    try:
        check_steps(inside, parent)
    except WriteError:
        return  # writing there says what is wrong
    _clear_leftovers(parent, names)


def _clear_leftovers(parent: Path, names: set[str]) -> None:
    """Remove what a write of each of the folders ``names`` that was cut short left in ``parent``."""
    try:
        with os.scandir(parent) as entries:  # one listing for both kinds: build/ holds a folder per issue
            leftovers = [entry.path for entry in entries
                         if _leftover_of(entry.name) in names and entry.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)


def _leftover_of(name: str) -> str | None:
    """Return the folder whose write staged or set aside a folder of this ``name`` (.<folder>.new-<12 hex digits>,
    or .old-); None for any other name."""
    if not name.startswith(".") or len(name) < 19:
        return None
    head, tail = name[:-12], name[-12:]
    for kind in (STAGED, REPLACED):
        if head.endswith(kind) and len(head) > len(kind) + 1 and all(digit in "0123456789abcdef" for digit in tail):
            return head[1:-len(kind)]
    return None


def write_changed(folder: Path, files: dict[str, str], inside: Path | None = None) -> list[Path]:
    """Write only the files whose content changed, so that an unchanged folder is left alone."""
    changed = {}
    for name, text in files.items():
        target = safe_join(folder, name)
        try:  # only a regular file is read: a pipe put there would hold the read for ever
            same = stat.S_ISREG(os.lstat(target).st_mode) and target.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            changed[name] = text
    if changed:
        write_files(folder, changed, inside)
    return [folder / name for name in files]
