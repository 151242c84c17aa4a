"""Find the newsletter project and the issue files an editor names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lacnews.base.errors import ProjectError, display_path
from lacnews.base.layout import build_dir
from lacnews.base.limits import MAX_SLUG

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CONFIG = "newsletter.yaml"


@dataclass(frozen=True)
class Project:
    """A folder holding newsletter.yaml, issues/ and, optionally, templates/."""

    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG

    @property
    def issues_dir(self) -> Path:
        return self.root / "issues"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def build_dir(self) -> Path:
        return build_dir(self.root)

    @property
    def words_path(self) -> Path:
        return self.root / "words.txt"

    @property
    def template_dirs(self) -> tuple[Path, Path]:
        """Return the folders templates are looked up in: the project's own first, then the built-in."""
        return self.templates_dir, builtin_templates_dir()

    def slug_path(self, slug: str) -> Path:
        return self.issues_dir / f"{slug}.yaml"

    def issue_slugs(self) -> list[str]:
        """Return the slugs of the issue files, sorted by name: regular files only (a folder or a pipe
        named like an issue is passed over, see ``unusable_entries``)."""
        return sorted(path.stem for path in self._issue_entries() if path.is_file())

    def unusable_entries(self) -> list[str]:
        """Return a warning for each entry of issues/ named like an issue that is not one."""
        warnings = []
        for path in self._issue_entries():
            if not path.is_file():
                kind = "a folder" if path.is_dir() else "not a regular file"
                warnings.append(f"{display_path(path)} is {kind}, not an issue file: passed over")
        return warnings

    def _issue_entries(self) -> list[Path]:
        if not self.issues_dir.is_dir():
            return []
        try:
            return [p for p in self.issues_dir.glob("*.yaml") if SLUG.fullmatch(p.stem) and len(p.stem) <= MAX_SLUG]
        except OSError:
            return []

    def issue_path(self, name: str) -> tuple[str, Path]:
        """Return (slug, path) for an issue named by slug or by path to its YAML file."""
        if name.endswith((".yaml", ".yml")):
            path = Path(name)
            slug = path.stem
            if not is_slug(slug):
                raise ProjectError(slug_problem(slug))
            if not path.is_file():
                raise ProjectError(f"{name}: no such issue file{self._existing()}")
            return slug, path.resolve()
        if not is_slug(name):
            raise ProjectError(slug_problem(name))
        path = self.slug_path(name)
        if not path.is_file():
            raise ProjectError(f"no issue '{name}' in {display_path(self.issues_dir)}/{self._existing()}")
        return name, path

    def _existing(self) -> str:
        slugs = self.issue_slugs()
        if not slugs:
            return f"; there are no issues yet: create {display_path(self.issues_dir)}/<slug>.yaml"
        return f"; the issues are: {', '.join(slugs)}"


@lru_cache(maxsize=1)
def builtin_templates_dir() -> Path:
    """Return the built-in templates: inside the installed package, or the checkout's templates/ (found once a
    process: every input's name is told by it)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "templates"
    return packaged if packaged.is_dir() else here.parent / "templates"


def slug_problem(name: str) -> str:
    """Return why ``name`` cannot name an issue."""
    if len(name) > MAX_SLUG and SLUG.fullmatch(name):
        return f"an issue name may have at most {MAX_SLUG} characters; this one has {len(name)}: shorten it"
    shown = name if len(name) <= 60 else name[:60] + "…"
    return (f"{shown!r} is not an issue name: an issue is named by a slug of lower-case "
            f"letters, digits and hyphens, such as may-2020")


def is_slug(name: str) -> bool:
    """Whether ``name`` can name an issue: lower-case letters, digits and hyphens, not too long."""
    return len(name) <= MAX_SLUG and SLUG.fullmatch(name) is not None


def find_project(root: str | Path | None = None, start: Path | None = None) -> Project:
    """Return the project at ``root``, or the nearest folder upwards holding newsletter.yaml."""
    if root is not None:
        folder = Path(root).resolve()
        if not (folder / CONFIG).is_file():
            raise ProjectError(f"{display_path(folder)} is not a newsletter project: it has no {CONFIG}")
        return Project(folder)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return Project(folder)
    raise ProjectError(f"no {CONFIG} in {display_path(here)} or any folder above it: run lacnews "
                       "inside a newsletter project, or give --root DIR")
