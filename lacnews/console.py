"""What lacnews prints, and how: findings in their colours, warnings and notes on standard error, a
progress bar only on a terminal, and standard output that a reader may stop reading.

Only the command line and this module print; the commands return what happened.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from lacnews.base.project import Project
    from lacnews.compose.composed import Composed
    from lacnews.pipeline.pictures import Picture

COLOURS = {"error": "red", "warning": "yellow", "note": None}


def show_findings(findings: Iterable, err: bool = False, shown: set[str] | None = None) -> None:
    """Print each finding as file:line:col: level rule: message, in its level's colour; with ``shown``, the lines
    printed so far (for several issues), not one again: a finding in newsletter.yaml is every issue's."""
    for finding in findings:
        line = str(finding)
        if shown is not None:
            if line in shown:
                continue
            shown.add(line)
        click.secho(line, fg=COLOURS[finding.level], err=err)


@dataclass(frozen=True)
class PicturesShown:
    """Where an email shows its pictures from the project from, and so what must happen before a reader sees them:
    the one note `build`, `push` and `send` give of them (a proof shows a picture no mail program can fetch as a
    broken one)."""

    slug: str
    count: int  # the pictures from the project, each once
    size: int  # their prepared files' bytes
    setting: str  # what says where they are served from: "images_url", "site_url", "mailchimp", or "" for nothing
    address: str | None  # images_url, or the folder under site_url
    folder: str  # build/<slug>/images/, where `build` prepares them
    site: str  # build/site/, the archive `build --all` writes
    waiting: tuple[str, ...] = ()  # the pictures (as the issue names them) no host has yet

    # The check's note that the pictures will be hosted by Mailchimp: this note says it, with what push has done.
    SAYS_INSTEAD_OF = frozenset({"image-hosting"})

    @classmethod
    def of(cls, project: Project, composed: Composed, waiting: list[Picture] | None = None) -> PicturesShown | None:
        """Return where ``composed`` shows its pictures from the project (``waiting``: those not uploaded anywhere
        yet, as ``outputs.mailchimp.record.as_pushed`` finds them); None when it shows none."""
        from lacnews.base import layout
        from lacnews.base.errors import display_path

        pictures, newsletter = composed.pictures, composed.loaded.newsletter
        if not pictures.local:
            return None
        setting = ("images_url" if newsletter.images_url else "site_url" if newsletter.site_url
                   else "mailchimp" if newsletter.mailchimp is not None else "")
        return cls(composed.slug, len(pictures.files()), pictures.total_bytes, setting, pictures.base,
                   f"{display_path(layout.issue_dir(project, composed.slug) / layout.IMAGES)}/",
                   f"{display_path(layout.site_dir(project))}/",
                   tuple({picture.prepared.name: picture.image.src for picture in waiting or ()}.values()))

    @property
    def may_show_broken(self) -> bool:
        """Whether a reader would see them broken: uploaded nowhere yet. (Served from images_url or site_url, they
        are where the editor put them, which lacnews cannot know offline: a note says what to have done.)"""
        return bool(self.waiting)

    def note(self, proof: bool = False) -> str:
        """Return what to do before the email (or with ``proof``, the proof) shows its pictures, or where it shows
        them from when nothing is left to do."""
        one = self.count == 1
        them = "its picture from the project" if one else f"its {self.count} pictures from the project"
        it, they_show = ("it", "it shows") if one else ("they", "they show")
        if self.setting == "images_url":
            if proof:
                return (f"the proof shows {them} from {self.address} (images_url): {it} must be uploaded there first "
                        f"(`lacnews build {self.slug}` prepares {'it' if one else 'them'} in {self.folder}), or "
                        f"{they_show} as {'a broken picture' if one else 'broken pictures'}")
            return (f"upload the {'picture' if one else f'{self.count} pictures'} in {self.folder} "
                    f"({self.size / 1024:.0f} KB) to {self.address} before sending: the email shows "
                    f"{'it' if one else 'them'} from there")
        if self.setting == "site_url":
            return (f"the {'proof' if proof else 'email'} shows {them} from {self.address} (site_url): the archive "
                    f"must be published there first (`lacnews build --all` writes it in {self.site}), or {they_show} "
                    f"as {'a broken picture' if one else 'broken pictures'}")
        hosted = self.count - len(self.waiting)
        in_mailchimp = "Mailchimp's File Manager, where `lacnews push` uploaded them"
        if not self.waiting:
            return f"the {'proof' if proof else 'email'} shows {them} from {in_mailchimp}"
        others = f"; the other {hosted} {'is' if hosted == 1 else 'are'} shown from Mailchimp" if hosted else ""
        if self.setting != "mailchimp":
            how = "add images_url to newsletter.yaml and upload them there, or mailchimp: to have `lacnews push` host them"
        elif proof:
            how = f"`lacnews push {self.slug}` uploads them to Mailchimp, and the proof then shows them from there"
        else:
            one = len(self.waiting) == 1
            return (f"{len(self.waiting)} of its pictures {'is' if one else 'are'} not in Mailchimp yet: run `lacnews "
                    f"push {self.slug}`, which uploads {'it' if one else 'them'} and writes the email again with "
                    f"{'its address' if one else 'their addresses'}; until then the email shows "
                    f"{'it' if one else 'them'} from images/, which no inbox can reach{others}")
        return (f"the {'proof' if proof else 'email'} cannot show {len(self.waiting)} of {them}, which "
                f"{'is' if len(self.waiting) == 1 else 'are'} not uploaded anywhere yet ({', '.join(self.waiting)}): "
                f"{how}{others}")


def examples(*lines: tuple[str, str]) -> str:
    """Return a help's closing "Examples:" block: each command with what it does as a shell comment, beside it where
    the block fits in 80 columns, else above it (kept as written: click rewraps a paragraph unless it starts with
    \\b)."""
    width = max(len(command) for command, _ in lines)
    if all(HELP_INDENT + width + 4 + len(what) <= 80 for _, what in lines):
        shown = [f"  {command.ljust(width)}  # {what}" for command, what in lines]
    else:
        shown = [f"  # {what}\n  {command}" for command, what in lines]
    return "Examples:\n\n\b\n" + "\n".join(shown)


HELP_INDENT = 4  # click indents a help's closing block by 2, and the lines in it are indented by 2 more


def show_pushed(pushed) -> None:
    """Print what `lacnews push` did (a ``commands.push.Pushed``): the pictures uploaded, each draft made or
    updated, the files written, and that nothing was sent."""
    from lacnews.base.errors import display_path

    show_findings(pushed.findings, err=True)
    if pushed.uploaded:
        size = sum(size for _, size in pushed.uploaded)
        count = len(pushed.uploaded)
        click.echo(f"uploaded {count} picture{'s' if count != 1 else ''} ({size / 1024:.0f} KB) to Mailchimp's "
                   f"File Manager, folder “{pushed.folder}”")
    if pushed.already_hosted:
        click.echo(f"{pushed.already_hosted} picture{'s' if pushed.already_hosted != 1 else ''} already in "
                   "Mailchimp: not uploaded again")
    for email in pushed.emails:
        click.echo(f"{'made' if email.made else 'updated'} the draft “{email.title}” (campaign {email.campaign_id}) "
                   f"for the audience {pushed.audience}")
        if pushed.edit_address(email):
            click.echo(f"  open it in Mailchimp: {pushed.edit_address(email)}")
        if email.tested:
            click.echo(f"  Mailchimp sent its test email to {', '.join(email.tested)}")
        show_findings(email.checklist, err=True)
    for path in pushed.paths:
        click.echo(f"wrote {display_path(path)}")
    if pushed.paths:
        click.echo("  (the email as pushed, its pictures' addresses in Mailchimp: paste it and the draft is the same)")
    for text in pushed.notes:
        note(text)
    click.echo("Nothing was sent to the audience: review the draft in Mailchimp, and send it from there.")


def show_audience_list(found) -> None:
    """Print the audiences the API key reaches (`lacnews push --audiences`), and how to name one."""
    click.echo("The API key works. Your audiences:" if found else "The API key works, but the account has no "
               "audience yet: make one in Mailchimp (Audience → All contacts)")
    for audience in found:
        members = f"  ({audience.members:,} contacts)" if audience.members is not None else ""
        click.echo(f"  {audience.id}  {audience.name}{members}")
        for kind, identifier, name in audience.segments:
            click.echo(f"      {'segment: ' + identifier if kind == 'saved' else 'tag:'}  {name}")
    if found:
        click.echo("Put the audience the newsletter goes to in newsletter.yaml, and to send to part of it, a "
                   f"saved segment's id or a tag's name:\nmailchimp:\n  audience: {found[0].id}")


def warn(message: str) -> None:
    click.secho(f"warning: {message}", fg="yellow", err=True)


def note(message: str) -> None:
    click.secho(f"note: {message}", fg="yellow", err=True)


def log(message: str) -> None:
    """Print a line of a long-running command's log (the preview's) on standard error, at once."""
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def progress_bar(length: int, label: str) -> Iterator:
    """Yield a click progress bar on standard error, or one that writes nowhere off a terminal."""
    if sys.stderr.isatty():
        with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
            yield bar
        return
    with open(os.devnull, "w") as nowhere, click.progressbar(length=length, label=label, file=nowhere) as bar:
        yield bar


class ReaderMayLeave(io.TextIOBase):
    """Standard output for a reader that may stop reading (`lacnews build --all | head -1`).

    The work goes on to the end and the exit status is the command's own: what the reader
    no longer wants is dropped, rather than the command failing halfway with a broken pipe.
    """

    def __init__(self, stream):
        self.stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self._reader_left()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._reader_left()

    def _reader_left(self) -> None:
        self.gone = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self.stream.fileno())  # what is still buffered goes nowhere, quietly

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        return self.stream.encoding

    @property
    def errors(self) -> str | None:
        return self.stream.errors


def flush_quietly() -> None:
    """Flush both streams at exit, a reader that went away (`| head -1`) being no error."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass
