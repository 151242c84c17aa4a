"""`lacnews check`: each issue's findings (its links' too when asked), after repairing paste damage with --fix.

The verb returns what it found and repaired; the command line prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lacnews.base.errors import LacnewsError
from lacnews.base.progress import Progress, no_progress
from lacnews.base.project import Project
from lacnews.base.write import WriteError
from lacnews.checks.findings import ERROR, WARNING, Finding
from lacnews.commands.check.fix import Change, fix_issue
from lacnews.compose.issues import check_issue


@dataclass
class Checked:
    """One issue checked: what --fix repaired (or why it wrote nothing), and what the check found."""

    slug: str
    findings: list[Finding]
    fixed: list[Change] = field(default_factory=list)
    not_written: str | None = None  # why --fix wrote nothing: a link, or a path out of the project


@dataclass(frozen=True)
class CheckOptions:
    fix: bool = False
    links: bool = False
    timeout: float = 10.0
    concurrency: int = 8
    allow_private: bool | None = None


def check_issues(project: Project, names: list[str], options: CheckOptions,
                 progress: Progress = no_progress) -> list[Checked]:
    """Check each issue named, repairing its paste damage first with ``options.fix``."""
    checked = []
    for name in names:
        fixed, not_written = _fix(project, name) if options.fix else ([], None)
        slug, findings = check_issue(project, name, links=options.links, timeout=options.timeout,
                                     concurrency=options.concurrency, allow_private=options.allow_private,
                                     progress=progress)
        if options.links:  # fetching has told whether each http:// site answers on https:// (link-https)
            findings = [finding for finding in findings if finding.rule != "link-http"]
        checked.append(Checked(slug, findings, fixed, not_written))
    return checked


def fails(checked: list[Checked], strict: bool) -> bool:
    """Whether the check fails: any error, or with ``strict`` any warning too."""
    failing = {ERROR, WARNING} if strict else {ERROR}
    return any(f.level in failing for one in checked for f in one.findings)


def _fix(project: Project, name: str) -> tuple[list[Change], str | None]:
    """Repair what can be repaired in one issue's files; a file that does not load is left to the check."""
    try:
        return fix_issue(project, name), None
    except WriteError as exc:  # a repair that would write through a link or out of the project
        return [], exc.format_message()
    except LacnewsError:
        return [], None
