"""Where an editor's picture is: the file a ``src`` names inside the project, found whatever the Unicode
spelling of its name, and when it is not there, the near miss the editor probably meant."""

from __future__ import annotations

import difflib
import os
import unicodedata
from pathlib import Path, PurePosixPath

from lacnews.base.project import Project

FOLDER_SCAN = 1000  # names looked at in a folder when a picture is not where its src says


class PictureError(Exception):
    """A picture file lacnews cannot use, and why, in the editor's words."""


def resolve(project: Project, src: str) -> Path:
    """Return the file ``src`` names, after checking it is a picture file inside the project."""
    root = project.root.resolve()
    path = located(root, src).resolve()
    if not path.is_relative_to(root):
        raise PictureError(f"{src} leads out of the project folder (through a link); copy the picture into "
                           "the project instead")
    if path.is_dir():
        raise PictureError(f"{src} is a folder; give the picture file inside it")
    if not path.is_file():
        raise PictureError(f"there is no picture {src} in the project folder{_did_you_mean(root, src)}")
    return path


def located(root: Path, src: str) -> Path:
    """Return where ``src`` is below ``root``, its names matched whatever their Unicode normalisation: café
    typed on one computer is "e" and an accent on another, and only macOS's disks treat the two as one name."""
    path = root / src
    if path.exists() or path.is_symlink():
        return path
    found = root
    for part in PurePosixPath(src).parts:
        candidate = found / part
        if not (candidate.exists() or candidate.is_symlink()) and part not in ("..", "."):
            wanted = unicodedata.normalize("NFC", part)
            try:
                names = [entry.name for _, entry in zip(range(FOLDER_SCAN), os.scandir(found))]
            except OSError:
                return path
            same = [name for name in names if unicodedata.normalize("NFC", name) == wanted]
            if len(same) != 1:
                return path
            candidate = found / same[0]
        found = candidate
    return found


def _did_you_mean(root: Path, src: str) -> str:
    folder = (root / src).parent
    try:
        names = [entry.name for _, entry in zip(range(FOLDER_SCAN), os.scandir(folder)) if entry.is_file()]
    except OSError:
        return f" (there is no folder {PurePosixPath(src).parent})" if PurePosixPath(src).parent.parts else ""
    wanted = PurePosixPath(src).name
    if sum(1 for name in names if unicodedata.normalize("NFC", name) == unicodedata.normalize("NFC", wanted)) > 1:
        return (f"; several files in {PurePosixPath(src).parent} have this name, its accents written in different "
                "ways (as Unicode allows): rename them so that only one is left")
    same_but_case = [name for name in names if name.lower() == wanted.lower()]
    close = same_but_case or difflib.get_close_matches(wanted, names, n=1, cutoff=0.6)
    if not close:
        return ""
    return f"; did you mean {(PurePosixPath(src).parent / close[0]).as_posix()}?"
