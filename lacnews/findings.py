"""What `lacnews check` finds, and how it is reported: as text lines or as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from lacnews.errors import Problem, display_path, location

ERROR, WARNING, NOTE = "error", "warning", "note"
LEVEL_ORDER = {ERROR: 0, WARNING: 1, NOTE: 2}


@dataclass(frozen=True)
class Finding:
    """One thing the checks found, at a place in a file."""

    path: Path
    level: str
    rule: str
    message: str
    line: int | None = None
    column: int | None = None
    issue: str = ""

    @classmethod
    def from_problem(cls, problem: Problem, rule: str, level: str, message: str, issue: str) -> "Finding":
        """Return a finding at the place ``problem`` names."""
        return cls(problem.path, level, rule, message, problem.line, problem.column, issue)

    def __str__(self) -> str:
        return f"{location(self.path, self.line, self.column)}: {self.level} {self.rule}: {self.message}"

    def as_json(self) -> dict:
        record = asdict(self)
        record["path"] = display_path(self.path)
        return record


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Return findings by file, then line and column, then level; duplicates dropped."""
    unique = dict.fromkeys(findings)
    return sorted(unique, key=lambda f: (display_path(f.path), f.line or 0, f.column or 0,
                                         LEVEL_ORDER[f.level], f.rule, f.message))


def count(findings: list[Finding], level: str) -> int:
    return sum(1 for f in findings if f.level == level)


def summary(findings: list[Finding], slug: str) -> str:
    """Return "2 errors, 3 warnings in may-2020", or "no problems in may-2020"."""
    parts = []
    for level in (ERROR, WARNING, NOTE):
        number = count(findings, level)
        if number:
            parts.append(f"{number} {level}{'s' if number != 1 else ''}")
    return f"{', '.join(parts) if parts else 'no problems'} in {slug}"


def to_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_json() for f in findings], indent=2, ensure_ascii=False)
