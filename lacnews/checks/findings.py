"""What `lacnews check` finds, and how it is reported: as text lines or as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass

from lacnews.base.errors import LacnewsError, Place, Problem, display_path

ERROR, WARNING, NOTE = "error", "warning", "note"
LEVEL_ORDER = {ERROR: 0, WARNING: 1, NOTE: 2}


@dataclass(frozen=True)
class Finding:
    """One thing the checks found, at a place in a file."""

    place: Place
    level: str
    rule: str
    message: str
    issue: str = ""

    @classmethod
    def from_problem(cls, problem: Problem, issue: str) -> Finding:
        """Return a problem that stopped an issue from loading as an error finding."""
        return cls(problem.place, ERROR, problem.rule, problem.message, issue)

    def __str__(self) -> str:
        return f"{self.place}: {self.level} {self.rule}: {self.message}"

    def as_json(self) -> dict:
        return {"path": display_path(self.place.path), "level": self.level, "rule": self.rule,
                "message": self.message, "line": self.place.line, "column": self.place.column,
                "issue": self.issue}


class ChecksFailed(LacnewsError):
    """The issue composes, but `lacnews check` found errors that would reach subscribers; ``verb`` is what was
    refused (build or push)."""

    def __init__(self, slug: str, findings: list[Finding], verb: str = "build"):
        self.slug, self.findings, self.verb = slug, findings, verb
        done = {"build": "built", "push": "pushed"}[verb]
        super().__init__(f"{slug} was not {done} because of the errors above: fix them, "
                         f"or {verb} anyway with --force")

    def __reduce__(self):  # to come back from a build's worker process whole
        return ChecksFailed, (self.slug, self.findings, self.verb)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Return findings by file, then line and column, then level; duplicates dropped."""
    unique = dict.fromkeys(findings)
    return sorted(unique, key=lambda f: (*f.place.sort_key(), LEVEL_ORDER[f.level], f.rule, f.message))


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


def counts_text(errors: int, warnings: int) -> str:
    """Return "clean", "2 errors", "1 error, 3 warnings" for a table column."""
    if not errors and not warnings:
        return "clean"
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    parts += [f"{warnings} warning{'s' if warnings != 1 else ''}"] if warnings else []
    return ", ".join(parts)


def to_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_json() for f in findings], indent=2, ensure_ascii=False)
