"""`lacnews check`: each issue's findings (its links' too when asked, and what the inbox's spam filters make of
it), after repairing paste damage and taking personal data out of its photos with --fix.

The verb returns what it found and repaired; the command line prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lacnews.base.errors import LacnewsError
from lacnews.base.progress import Progress, no_progress
from lacnews.base.project import Project
from lacnews.base.write import WriteError
from lacnews.checks.findings import ERROR, WARNING, Finding, sort_findings
from lacnews.compose import load
from lacnews.compose.issues import composed_issue, link_findings
from lacnews.pipeline.pictures import local_files

if TYPE_CHECKING:
    from lacnews.commands.check.fix import Change
    from lacnews.compose.composed import Composed
    from lacnews.pipeline.photo_privacy import Removal


@dataclass
class Checked:
    """One issue checked: what --fix repaired (or why it wrote nothing), and what the check found."""

    slug: str
    findings: list[Finding]
    fixed: list[Change | Removal] = field(default_factory=list)
    not_written: str | None = None  # why --fix wrote nothing: a link, or a path out of the project


@dataclass(frozen=True)
class CheckOptions:
    fix: bool = False
    links: bool = False
    timeout: float = 10.0
    concurrency: int = 8
    allow_private: bool | None = None
    spam: bool = True  # SpamAssassin, where installed: a second or two, so `check` asks for it and a build never


def check_issues(project: Project, names: list[str], options: CheckOptions,
                 progress: Progress = no_progress) -> list[Checked]:
    """Check each issue named, repairing its paste damage first with ``options.fix``."""
    checked = []
    for name in names:
        fixed, not_written = _fix(project, name) if options.fix else ([], None)
        slug, composed, findings = composed_issue(project, name)
        if composed is not None and options.links:
            findings = sort_findings(findings + link_findings(
                project, composed, options.timeout, options.concurrency, options.allow_private, progress))
            # fetching has told whether each http:// site answers on https:// (link-https)
            findings = [finding for finding in findings if finding.rule != "link-http"]
        checked.append((Checked(slug, findings, fixed, not_written), composed))
    if options.spam:
        _add_spam_findings(project, checked)
    return [one for one, _ in checked]


def _add_spam_findings(project: Project, checked: list[tuple[Checked, Composed | None]]) -> None:
    """Add what SpamAssassin makes of each issue that composed, started once for them all."""
    from lacnews.checks.deliverability import spam_findings_of

    composed = [(one, issue) for one, issue in checked if issue is not None]
    scored = spam_findings_of(project, [(issue.loaded, issue.emails) for _, issue in composed])
    for (one, _), found in zip(composed, scored):
        one.findings = sort_findings(one.findings + found)


def fails(checked: list[Checked], strict: bool) -> bool:
    """Whether the check fails: any error, or with ``strict`` any warning too."""
    failing = {ERROR, WARNING} if strict else {ERROR}
    return any(f.level in failing for one in checked for f in one.findings)


def _fix(project: Project, name: str) -> tuple[list[Change | Removal], str | None]:
    """Repair what can be repaired in one issue's files and its photos; a file that does not load is left to
    the check. Each repair stands alone: one refused (it would write through a link or out of the project)
    is said, and the others are kept."""
    from lacnews.commands.check.fix import fix_issue  # only --fix mends text: a check reads it alone

    fixed: list[Change | Removal] = []
    not_written = None
    for repair in (fix_issue, _fix_pictures):
        try:
            fixed += repair(project, name)
        except WriteError as exc:
            not_written = not_written or exc.format_message()
        except LacnewsError:
            break
    return fixed, not_written


def _fix_pictures(project: Project, name: str) -> list[Removal]:
    """Take the personal data out of the original pictures the issue shows, every pixel kept (imported here:
    only --fix reads photos' metadata)."""
    from lacnews.pipeline.photo_privacy import remove_personal_data

    loaded = load(project, name)
    return remove_personal_data(project, local_files(project, loaded.newsletter, loaded.issue))
