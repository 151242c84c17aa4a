"""`lacnews new`: start next month's issue from the last one.

Sections marked `recurring: true` are copied as they were written, comments
and all (sliced from the source file, not re-serialised); the rest give way to
one example section that shows the fields. Where the sections do not stand alone
as written (in brackets, or with aliases to the rest of the file), they are
written again from their values by lacnews.yaml.edit. The new file builds at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lacnews.base.dates import PublicationDate, date_from_slug, parse_date
from lacnews.base.errors import InputError, LacnewsError, ProjectError, display_path
from lacnews.base.placeholders import EXAMPLE_SECTION
from lacnews.base.project import Project, is_slug, slug_problem
from lacnews.base.schema import Issue
from lacnews.base.write import write_files
from lacnews.compose import load, load_newsletter_of
from lacnews.compose.issues import latest_issue
from lacnews.pipeline.validate import Loaded, load_issue
from lacnews.yaml.edit import entry, read, scalar
from lacnews.yaml.nodes import plain, value_at
from lacnews.yaml.source import Source


@dataclass(frozen=True)
class Started:
    path: Path
    source_slug: str | None
    kept: list[str]


def new_subject(issue: Issue | None, name: str, date: PublicationDate) -> str:
    """Return the source's subject with its month and year moved to ``date``."""
    if issue is not None:
        old = f"{issue.date.month_name} {issue.date.year}"
        if old in issue.subject:
            return issue.subject.replace(old, f"{date.month_name} {date.year}")
    return f"{name} – {date.month_name} {date.year}"


def _section_text(loaded: Loaded, index: int) -> str:
    """Return a section exactly as written in its file, from its '-' to the next section."""
    section_node = loaded.issue.nodes["sections"].value[index]
    text = loaded.source.text
    start = text.rfind("\n", 0, section_node.start_mark.index) + 1
    end = section_node.end_mark.index
    return text[start:end].rstrip() + "\n"


def _dash_indent(loaded: Loaded) -> str | None:
    """Return what comes before "title" on a section's first line in the source ("  - "), or None
    where the sections are not written as a block list of their own (flow style, an alias)."""
    first = loaded.issue.nodes["sections"].value[0]
    text = loaded.source.text
    line_start = text.rfind("\n", 0, first.start_mark.index) + 1
    dash = text[line_start:first.start_mark.index]
    return dash if re.fullmatch(r" *- ", dash) else None


def _sections_written_anew(loaded: Loaded, kept: list[int]) -> str:
    """Return the kept sections as a block list written from their values (their comments are lost)."""
    return "".join(entry(plain(loaded.issue.nodes["sections"].value[index]), 2, plain_if_safe=True)
                   for index in kept)


def _loads(path: Path, text: str, slug: str, kept: list) -> bool:
    """Whether ``text`` is an issue that loads, its first sections holding the values of ``kept``."""
    try:
        root = read(text)
        load_issue(Source(path, text, root), slug)
    except (InputError, ValueError):
        return False
    return plain(value_at(root, "sections"))[:len(kept)] == kept


def start_issue(project: Project, slug: str, source_slug: str | None, date_text: str | None) -> Started:
    """Write issues/<slug>.yaml from ``source_slug`` (or the latest issue); refuse to overwrite."""
    if not is_slug(slug):
        raise ProjectError(slug_problem(slug))
    path = project.issues_dir / f"{slug}.yaml"
    if path.exists():
        raise ProjectError(f"{display_path(path)} already exists: lacnews new never overwrites an issue")
    if source_slug:
        project.issue_path(source_slug)  # an unknown --from is refused before anything else
    date = _date_of(slug, date_text)
    source_slug = source_slug or latest_issue(project)
    loaded = load(project, source_slug) if source_slug else None
    newsletter = loaded.newsletter if loaded else load_newsletter_of(project)[0]

    kept = [index for index, section in enumerate(loaded.issue.sections) if section.recurring] if loaded else []
    dash = (_dash_indent(loaded) if loaded else None) or "  - "
    pad = " " * len(dash)
    subject = new_subject(loaded.issue if loaded else None, newsletter.name, date)
    lines = [
        f"# {date.month_name} {date.year}: the {newsletter.name} issue"
        + (f", started from {source_slug}." if source_slug else "."),
        "# Write this month's sections, then:",
        f"#   lacnews preview {slug}   to see it as you write",
        f"#   lacnews check {slug}     before you send it",
        f"date: {date.iso}",
        f"subject: {scalar(subject, 0, plain_if_safe=True)}",
        "# preheader: the line an inbox shows after the subject: what is in this issue",
        "# intro: an opening paragraph for this issue",
        "contents: auto  # the section titles, linked; or a list of lines; or none",
        "sections:",
    ]
    if kept:
        lines.append(f"{pad[:-2]}# Kept from {source_slug} (recurring: true): bring them up to date.")
    header = "\n".join(lines) + "\n"
    text = header + "".join(_section_text(loaded, index) for index in kept) + EXAMPLE_SECTION.format(dash=dash, pad=pad)
    values = [plain(loaded.issue.nodes["sections"].value[index]) for index in kept]
    if kept and not _loads(path, text, slug, values):
        # Written in flow style or with aliases to elsewhere, the sections do not stand alone as written.
        text = header + _sections_written_anew(loaded, kept) + EXAMPLE_SECTION.format(dash="  - ", pad="    ")
        if not _loads(path, text, slug, values):
            raise LacnewsError(f"lacnews could not write the sections kept from {source_slug} so that they read "
                               "back as they were; nothing was written. This is a bug in lacnews: please report it")
    write_files(project.issues_dir, {f"{slug}.yaml": text}, inside=project.root)
    return Started(path, source_slug, [loaded.issue.sections[i].title for i in kept])


def _date_of(slug: str, date_text: str | None) -> PublicationDate:
    """Return the new issue's date: --date when given, else the month its slug names."""
    if date_text is None:
        date = date_from_slug(slug)
        if date is None:
            raise ProjectError(f"'{slug}' does not name a month: give the issue's date with --date YYYY-MM")
        return date
    date = parse_date(date_text)
    if isinstance(date, str):
        raise LacnewsError(f"--date {date}")
    return date
