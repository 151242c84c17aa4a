"""The lacnews command line: parse the options, call one command in lacnews.commands, print what it returns.

Each command imports the module doing its work inside the command function, so
``lacnews --help`` does not pay for premailer or markdown-it. What is printed, and how, is
lacnews.console's.
"""

from __future__ import annotations

import gc
import os
import sys

import click

from lacnews import __version__
from lacnews.console import examples

root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=str), default=None,
    help="The newsletter project folder (default: the nearest folder upwards with newsletter.yaml).")

allow_private_option = click.option(
    "--allow-private-network", is_flag=True,
    help="Also fetch from this computer and private networks (127.0.0.1, 10.x, 192.168.x, 169.254.x), as "
         "LACNEWS_ALLOW_PRIVATE_NETWORK=1 does; without it only public addresses are fetched.")


class Seconds(click.FloatRange):
    """A number of seconds in a range: a finite number, which nan and inf are not (nan passes every comparison)."""

    name = "seconds"

    def convert(self, value, param, ctx):
        import math

        number = click.FLOAT.convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number of seconds: give one from {self.min:g} to {self.max:g}", param,
                      ctx)
        return super().convert(number, param, ctx)


class LacnewsGroup(click.Group):
    """Turns an unexpected exception into a one-line report unless --debug is given."""

    def invoke(self, ctx: click.Context):
        from lacnews.base.errors import (
            LacnewsError,  # here, so that --help does not load it
        )

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            raise click.exceptions.Exit(130) from None
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise LacnewsError(f"internal error: {type(exc).__name__}: {exc}\n"
                               "This is a bug in lacnews; run again with --debug for the details "
                               "and report it.") from None


@click.group(cls=LacnewsGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=examples(
    ("lacnews new august-2020", "start next month's issue from the last one"),
    ("lacnews add june-2020 report.docx", "add a section from Word, the web or a paste"),
    ("lacnews preview june-2020", "see it in the browser as you edit"),
    ("lacnews check june-2020", "what would go wrong, before subscribers see it"),
    ("lacnews build june-2020", "write build/june-2020/email.html and email.txt"),
    ("lacnews send june-2020 --to me@example.org", "a proof in your own inbox"),
    ("lacnews push june-2020", "make it a draft campaign in Mailchimp")))
@click.version_option(__version__, prog_name="lacnews")
@click.option("--debug", is_flag=True, help="Show the full traceback of an unexpected error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Compose a Mailchimp-ready newsletter from YAML issue files.

    Run inside a newsletter project (a folder with newsletter.yaml and issues/).
    """
    ctx.ensure_object(dict)["debug"] = debug


@cli.command(epilog=examples(
    ("lacnews build june-2020", "one issue, by its name"),
    ("lacnews build issues/june-2020.yaml", "or by its file (shell completion works)"),
    ("lacnews build --all", "every issue that changed, and the archive")))
@click.argument("issues", nargs=-1, metavar="SLUG|PATH...")
@click.option("--all", "all_issues", is_flag=True,
              help="Build every issue that changed, and the web archive in build/site/.")
@click.option("--force", is_flag=True, help="Write the email even if `lacnews check` finds errors.")
@root_option
def build(issues: tuple[str, ...], all_issues: bool, force: bool, root: str | None) -> None:
    """Build issues into build/<slug>/email.html and email.txt.

    Name each issue by its slug (may-2020) or the path of its file
    (issues/may-2020.yaml), or give --all for every issue and the web
    archive. The checks of `lacnews check` run too: an issue with errors is
    not written unless --force. One failing issue does not stop the others.
    """
    from lacnews.base.errors import LacnewsError, display_path
    from lacnews.base.project import find_project
    from lacnews.checks.findings import ChecksFailed, summary
    from lacnews.commands.build import build_each, failure_summary
    from lacnews.console import show_findings

    project = find_project(root)
    if all_issues:
        if issues:
            raise click.UsageError("give issue names or --all, not both")
        return _build_all(project, force)
    if not issues:
        raise click.UsageError("name the issues to build, or give --all")
    failed = 0
    shown: set[str] = set()
    for _, built in build_each(project, list(issues), force=force):
        if isinstance(built, LacnewsError):
            failed += 1
            if isinstance(built, ChecksFailed):
                show_findings(built.findings, err=True, shown=shown)
                click.echo(summary(built.findings, built.slug), err=True)
            built.show()
            continue
        for path in built.paths:
            click.echo(f"{display_path(path)}  {path.stat().st_size / 1024:.1f} KB")
        show_findings(built.findings, err=True, shown=shown)
        click.echo(summary(built.findings, built.slug))
        if built.shown:
            click.echo(built.shown.note())
    closing = failure_summary(failed, len(issues))
    if closing:
        raise LacnewsError(closing)
    if failed:
        raise click.exceptions.Exit(1)


def _build_all(project, force: bool) -> None:
    from lacnews.base.errors import LacnewsError, display_path
    from lacnews.checks.findings import ChecksFailed, summary
    from lacnews.commands.build import build_all
    from lacnews.console import note, progress_bar, show_findings

    _warn_unusable(project)
    with progress_bar(len(project.issue_slugs()), "Building issues") as bar:
        outcome = build_all(project, force=force, progress=lambda slug: bar.update(1))
    shown: set[str] = set()
    for built in outcome.built:
        show_findings(built.findings, err=True, shown=shown)
        click.echo(f"built {built.slug} ({built.html_bytes / 1024:.1f} KB): {summary(built.findings, built.slug)}")
        if built.shown:
            click.echo(f"  {built.shown.note()}")
    if outcome.unchanged:
        click.echo(f"unchanged: {len(outcome.unchanged)} issue{'s' if len(outcome.unchanged) != 1 else ''}")
    for slug, error in outcome.failed:
        click.secho(f"failed: {slug}", fg="red", err=True)
        if isinstance(error, ChecksFailed):
            show_findings(error.findings, err=True, shown=shown)
        error.show()
    if outcome.site_written:
        for path in outcome.site:
            click.echo(f"{display_path(path)}")
    elif outcome.site:
        click.echo(f"unchanged: the archive in {display_path(outcome.site[0].parent)}/")
    for text in outcome.notes:
        note(text)
    if outcome.failure():
        raise LacnewsError(outcome.failure())


@cli.command(epilog=examples(
    ("lacnews new august-2020", "dated August 2020, from the latest issue"),
    ("lacnews new july-2020 --from may-2020", "from another issue"),
    ("lacnews new summer-special --date 2020-08", "a name that holds no date")))
@click.argument("slug")
@click.option("--from", "source", metavar="SLUG", help="The issue to start from (default: the most recent).")
@click.option("--date", metavar="YYYY-MM[-DD]", help="The new issue's date, when its name does not say.")
@root_option
def new(slug: str, source: str | None, date: str | None, root: str | None) -> None:
    """Start a new issue from the last one.

    Writes issues/SLUG.yaml dated by its name (june-2020 is 2020-06) or
    --date, keeping the sections marked `recurring: true` and adding an
    example section to fill in. Never overwrites an issue.
    """
    from lacnews.base.errors import display_path
    from lacnews.base.project import find_project
    from lacnews.commands.new import start_issue

    started = start_issue(find_project(root), slug, source, date)
    click.echo(f"wrote {display_path(started.path)}"
               + (f" from {started.source_slug}" if started.source_slug else ""))
    for title in started.kept:
        click.echo(f"  kept: {title}")
    click.echo(f"Next: replace the example section with your news, then `lacnews preview {slug}`.")


@cli.command(name="list", epilog=examples(
    ("lacnews list", "a table, newest first"),
    ("lacnews list --format json", "the same, for scripts")))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json gives a list of issues for scripts.")
@root_option
def list_issues(output_format: str, root: str | None) -> None:
    """List every issue, newest first, with its build and check status."""
    import json

    from lacnews.base.project import find_project
    from lacnews.commands.listing import issue_rows, stale_lines, table
    from lacnews.console import note

    project = find_project(root)
    _warn_unusable(project)
    rows = issue_rows(project)
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif not rows:
        click.echo("no issues yet: start one with `lacnews new june-2020` (any month-year name)")
    else:
        click.echo("\n".join(table(rows)))
        for line in stale_lines(rows):  # on standard error: standard output stays the table, for scripts
            note(line)


@cli.command(epilog=examples(
    ("lacnews send june-2020 --eml proof.eml", "write the proof to a file, to open in a mail program"),
    ("lacnews send june-2020 --dry-run --to me@example.org", "show what would be sent"),
    ("LACNEWS_SMTP_HOST=smtp.example lacnews send june-2020 --to me@example.org", "send it")))
@click.argument("issue", metavar="SLUG|PATH")
@click.option("--to", "recipients", multiple=True, metavar="ADDRESS",
              help="Who gets the proof; give it again for more. Not needed with --eml (then addressed to the "
                   "sender).")
@click.option("--smtp-host", envvar="LACNEWS_SMTP_HOST", metavar="HOST",
              help="The SMTP server (or LACNEWS_SMTP_HOST), such as smtp.office365.com.")
@click.option("--smtp-port", envvar="LACNEWS_SMTP_PORT", metavar="PORT",
              help="Its port (or LACNEWS_SMTP_PORT); 587 for starttls, 465 for tls, 25 for none.")
@click.option("--smtp-security", envvar="LACNEWS_SMTP_SECURITY", metavar="starttls|tls|none",
              help="How the connection is encrypted (or LACNEWS_SMTP_SECURITY); starttls when left out.")
@click.option("--smtp-user", envvar="LACNEWS_SMTP_USER", metavar="NAME",
              help="The login (or LACNEWS_SMTP_USER); the password comes from LACNEWS_SMTP_PASSWORD, or is asked for.")
@click.option("--from", "from_address", envvar="LACNEWS_SMTP_FROM", metavar="ADDRESS",
              help="The address the proof is from (or LACNEWS_SMTP_FROM); sender.email in newsletter.yaml when left out.")
@click.option("--dry-run", is_flag=True, help="Show what would be sent, and send nothing.")
@click.option("--eml", type=click.Path(dir_okay=False), help="Write the message to this file instead of sending.")
@root_option
def send(issue: str, recipients: tuple[str, ...], smtp_host: str | None, smtp_port: str | None,
         smtp_security: str | None, smtp_user: str | None, from_address: str | None, dry_run: bool,
         eml: str | None, root: str | None) -> None:
    """Send a proof of an issue to your own inbox.

    The proof reads as subscribers will see it (merge tags filled with sample
    values), with the subject marked [Proof]. Give the SMTP server with the
    options below or the LACNEWS_SMTP_* environment variables; the password
    comes from LACNEWS_SMTP_PASSWORD, or is asked for (never an option: other
    users of the machine can read a command's options).
    """
    from pathlib import Path

    from lacnews.base.errors import display_path
    from lacnews.base.project import find_project
    from lacnews.commands.send import (
        make_proofs,
        send_proofs,
        settings_for_sending,
        what_would_be_sent,
        write_emls,
    )
    from lacnews.console import note, warn

    if dry_run and eml:
        raise click.UsageError("give --dry-run or --eml, not both")
    if not recipients and not eml:
        raise click.UsageError("give --to ADDRESS, who gets the proof (only --eml FILE, which writes it to a file, "
                               "needs none)")
    project = find_project(root)
    proofs = make_proofs(project, issue, list(recipients), from_address)
    for warning in proofs.warnings:  # also with --dry-run and --eml: a proof to look at before sending
        warn(warning)
    for text in proofs.notes:
        note(text)
    if eml:
        for path, subject in zip(write_emls(proofs, Path(eml)), proofs.subjects):
            click.echo(f"wrote {display_path(path)}: {subject}")
        if proofs.to_sender:
            note(f"no --to given, so the proof is addressed to its sender, {proofs.addressed_to}; give --to ADDRESS "
                 "for another")
        return
    if dry_run:
        described, problem = what_would_be_sent(proofs, smtp_host, smtp_port, smtp_security, smtp_user)
        if problem:
            warn(problem)
        click.echo(described)
        return
    ask = (lambda question: click.prompt(question, hide_input=True)) if sys.stdin.isatty() else None
    for line in send_proofs(proofs, settings_for_sending(smtp_host, smtp_port, smtp_security, smtp_user, ask)):
        click.echo(line)


def _warn_unusable(project) -> None:
    from lacnews.console import warn

    for warning in project.unusable_entries():
        warn(warning)


@cli.command(epilog=examples(
    ("lacnews check june-2020", "one issue, offline"),
    ("lacnews check june-2020 --fix", "repair paste damage and photos' GPS first"),
    ("lacnews check june-2020 --links", "also fetch every link (online)"),
    ("lacnews check --all --strict", "every issue; warnings fail too")))
@click.argument("issues", nargs=-1, metavar="[SLUG|PATH...]")
@click.option("--all", "all_issues", is_flag=True, help="Check every issue in issues/.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--links", is_flag=True, help="Also fetch every http(s) address to find broken links (online).")
@click.option("--timeout", type=Seconds(0.1, 120), default=10, show_default=True,
              help="With --links: seconds to wait for each address.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True,
              help="With --links: addresses fetched at once.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json gives the findings as a list for other tools.")
@click.option("--fix", is_flag=True, help="First repair paste damage in the files (pasted bullets and HTML, "
                                         "invisible characters), keeping their comments, and take GPS positions and "
                                         "other personal details out of the issue's photos, every pixel kept; say "
                                         "what changed.")
@allow_private_option
@root_option
def check(issues: tuple[str, ...], all_issues: bool, strict: bool, links: bool, timeout: float,
          concurrency: int, output_format: str, fix: bool, allow_private_network: bool, root: str | None) -> None:
    """Find what would go wrong before subscribers see it.

    Reports each finding as file:line:col: level rule-id: message, then a
    summary per issue. Exit status 1 when there are errors (or warnings,
    with --strict). Works offline unless --links is given.
    """
    from lacnews.base.project import find_project
    from lacnews.checks.findings import summary, to_json
    from lacnews.commands.check import CheckOptions, check_issues, fails
    from lacnews.console import progress_bar, show_findings

    project = find_project(root)
    if all_issues:
        _warn_unusable(project)
    names = list(issues) or (project.issue_slugs() if all_issues else [])
    if not names:
        raise click.UsageError("name the issues to check, or give --all")
    options = CheckOptions(fix, links, timeout, concurrency, allow_private_network or None)
    on_stderr = output_format == "json"
    checked = check_issues(project, names, options, progress=progress_bar)
    for one in checked:
        if one.not_written:
            click.secho(f"not fixed: {one.not_written}", fg="yellow", err=on_stderr)
        for change in one.fixed:
            click.secho(f"fixed {change}" if change.done else str(change), fg="green" if change.done else "yellow",
                        err=on_stderr)
        if fix and not one.fixed and not one.not_written:
            click.echo(f"nothing to fix in {one.slug}", err=on_stderr)
        if output_format == "text":
            show_findings(one.findings)
            click.echo(summary(one.findings, one.slug))
    if output_format == "json":
        click.echo(to_json([finding for one in checked for finding in one.findings]))
    if fails(checked, strict):
        raise click.exceptions.Exit(1)


@cli.command(short_help="Add a section to an issue from a Word document (.docx), a web article (its https:// "
                        "address) or pasted text (-).", epilog=examples(
    ("lacnews add june-2020 report.docx", "a Word document, its pictures into images/"),
    ("lacnews add june-2020 https://example.org/news/1", "a web article"),
    ("lacnews add june-2020 -", "paste the text, then press Ctrl-D"),
    ("lacnews add june-2020 - --title 'Coffee mornings' < notes.txt", "a text file, titled")))
@click.argument("issue", metavar="SLUG|PATH")
@click.argument("source", metavar="SOURCE")
@click.option("--title", help="The new section's title (default: the document's first heading, the article's "
                              "title, or the pasted text's first line).")
@click.option("--timeout", type=Seconds(0.1, 120), default=10, show_default=True,
              help="For a web address: seconds the whole fetch may take.")
@allow_private_option
@root_option
def add(issue: str, source: str, title: str | None, timeout: float, allow_private_network: bool,
        root: str | None) -> None:
    """Add a section to an issue from a Word document, a web article or pasted text.

    SOURCE is a .docx file (its headings, lists, emphasis, links and pictures;
    the pictures are copied into images/), an https:// address (the article's
    title, author, date, summary and picture, with a button to read it), or -
    for text pasted on standard input. The section goes at the end of the
    issue's sections; the file's comments and layout are kept.
    """
    from lacnews.base.project import find_project
    from lacnews.commands.add import add_section

    project = find_project(root)
    slug = project.issue_path(issue)[0]
    if source == "-" and sys.stdin.isatty():
        click.echo("Paste the text, then press Ctrl-D (Ctrl-Z then Enter on Windows):", err=True)
    added = add_section(project, issue, source, title=title, timeout=timeout,
                        allow_private=True if allow_private_network else None)
    for line in added.lines():
        click.echo(line)
    click.echo(f"Next: read it over with `lacnews preview {slug}`, then `lacnews check {slug}`.")


@cli.group(epilog=examples(
    ("lacnews words add Havercroft", "a name: it counts in every language"),
    ("lacnews words add cydgynhyrchu --language cy", "a word for Welsh only"),
    ("lacnews words list", "each word, its line and where it counts")))
def words() -> None:
    """Add words for the spelling check to accept, or list them.

    Each word goes where it counts: a name (with a capital), or any word without --language, with the words
    for every language; a word for one language in that language's section. The rest of words.txt is kept
    as it is.
    """


@words.command(name="add", epilog=examples(
    ("lacnews words add Havercroft", "a name, as `lacnews check` suggests"),
    ("lacnews words add cydgynhyrchu --language cy", "a word for Welsh only")))
@click.argument("new_words", nargs=-1, required=True, metavar="WORD...")
@click.option("--language", metavar="cy|en", help="Accept the words in this language only (not for a name).")
@root_option
def words_add(new_words: tuple[str, ...], language: str | None, root: str | None) -> None:
    """Add words to words.txt, each where the spelling check counts it."""
    from lacnews.base.project import find_project
    from lacnews.commands.words import add_words

    for line in add_words(find_project(root), list(new_words), language).report():
        click.echo(line)


@words.command(name="list", epilog=examples(("lacnews words list", "each word, its line and where it counts")))
@root_option
def words_list(root: str | None) -> None:
    """List the words of words.txt and the languages each counts in."""
    from lacnews.base.project import find_project
    from lacnews.commands.words import list_words

    for line in list_words(find_project(root)):
        click.echo(line)


@cli.command(epilog=examples(
    ("lacnews push --audiences", "check the API key; list your audiences' ids"),
    ("lacnews push june-2020", "make the draft, or update it"),
    ("lacnews push june-2020 --test me@example.org", "and have Mailchimp send you its test email")))
@click.argument("issue", required=False, metavar="[SLUG|PATH]")
@click.option("--test", "tests", multiple=True, metavar="ADDRESS",
              help="Have Mailchimp send its test email of the draft to ADDRESS; give it again for more.")
@click.option("--new", is_flag=True, help="Make a new draft, leaving the last one (or the campaign sent) as it is.")
@click.option("--force", is_flag=True, help="Push even if `lacnews check` finds errors.")
@click.option("--audiences", "show_audiences", is_flag=True,
              help="Check the API key and list your audiences with their ids, for newsletter.yaml.")
@click.option("--timeout", type=Seconds(1, 3600), default=300, show_default=True,
              help="Seconds the whole push may take.")
@root_option
def push(issue: str | None, tests: tuple[str, ...], new: bool, force: bool, show_audiences: bool,
         timeout: float, root: str | None) -> None:
    """Make an issue a draft campaign in Mailchimp; never send it.

    The issue is composed as `lacnews build` composes it (not pushed with
    check errors unless --force); its pictures are uploaded to Mailchimp's
    File Manager, once each, and the draft is made, or updated the next time
    (mailchimp.json keeps which). newsletter.yaml says for whom:
    `mailchimp: {audience: <id>}`. The API key comes from
    LACNEWS_MAILCHIMP_KEY, or is asked for: never an option.
    """
    from lacnews.base.project import find_project
    from lacnews.checks.findings import ChecksFailed, summary
    from lacnews.commands.push import list_audiences
    from lacnews.commands.push import push as push_issue
    from lacnews.console import (
        progress_bar,
        show_audience_list,
        show_findings,
        show_pushed,
    )

    api_url = os.environ.get("LACNEWS_MAILCHIMP_URL")
    if show_audiences:
        if issue or tests or new or force:
            raise click.UsageError("--audiences lists your audiences: give it alone")
        show_audience_list(list_audiences(_mailchimp_key(), min(timeout, 60.0), api_url))
        return
    if not issue:
        raise click.UsageError("name the issue to push (its slug or file), or give --audiences")
    project = find_project(root)
    try:  # the key is asked for once the issue is known to be sound, not before a mistake in it is shown
        pushed = push_issue(project, issue, _mailchimp_key, tests, new, force, timeout, api_url, progress_bar)
    except ChecksFailed as exc:
        show_findings(exc.findings, err=True)
        click.echo(summary(exc.findings, exc.slug), err=True)
        raise
    show_pushed(pushed)


def _mailchimp_key():
    """Return the API key from LACNEWS_MAILCHIMP_KEY, or asked for at a terminal: never an option."""
    from lacnews.outputs.mailchimp.client import KEY_HELP, ApiKey, MailchimpError

    text = os.environ.get("LACNEWS_MAILCHIMP_KEY", "")
    if not text.strip():
        if not sys.stdin.isatty():
            raise MailchimpError(f"no Mailchimp API key: set LACNEWS_MAILCHIMP_KEY to it ({KEY_HELP}); lacnews never "
                                 "takes it as an option, which other users of the machine could read")
        text = click.prompt("Mailchimp API key (not shown)", hide_input=True)
    return ApiKey(text)


@cli.command(epilog=examples(
    ("lacnews preview june-2020", "one issue, in your browser"),
    ("lacnews preview", "the list of every issue"),
    ("lacnews preview june-2020 --port 8000 --no-open", "at a port of your choice, no browser opened")))
@click.argument("issue", required=False, metavar="[SLUG|PATH]")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default="a free port",
              help="The port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to serve on; anything but this machine lets others read your drafts.")
@click.option("--no-open", is_flag=True, help="Do not open a browser.")
@root_option
def preview(issue: str | None, port: int, host: str, no_open: bool, root: str | None) -> None:
    """Preview an issue in the browser, rebuilding it whenever you save.

    Shows the email on a desktop and a phone and as plain text, with buttons
    that copy the HTML or the text for pasting into Mailchimp. Without an
    issue it opens the list of all issues. Ctrl-C stops it.
    """
    from urllib.parse import urlsplit

    from lacnews.commands.preview.server import (
        address,
        make_server,
        network_address,
        serve,
    )

    gc.enable()  # a long-running server
    from lacnews.base.project import find_project

    project = find_project(root)
    slug = project.issue_path(issue)[0] if issue else None
    if host not in ("127.0.0.1", "localhost", "::1", "[::1]"):
        click.secho(f"warning: serving on {host}: anyone who can reach this machine can read "
                    "your unpublished issues", fg="yellow", err=True)
    server, previewer = make_server(project, host, port)
    try:
        if slug:
            previewer.state(slug)  # build before the first page is asked for
        url = address(server, slug)
        click.echo(f"Previewing {slug or 'all issues'} at {url}")
        elsewhere = network_address(server, slug)
        if elsewhere:
            click.echo(f"Others on your network: {elsewhere}")
        if not no_open and not _browser_opened(url):
            served = urlsplit(url)
            where = f"[{served.hostname}]" if ":" in (served.hostname or "") else served.hostname
            click.echo(f"No browser could be opened here: open {url} in your browser by hand (working on this "
                       f"machine over SSH? forward the port first: ssh -L {served.port}:{where}:{served.port} "
                       "THIS-MACHINE)")
        click.echo("Save a file to see it change; press Ctrl-C to stop.")
        serve(server, previewer)
    except KeyboardInterrupt:  # Ctrl-C before the server was serving
        server.server_close()
    click.echo("Stopped.")


def _browser_opened(url: str) -> bool:
    """Open ``url`` in the user's browser; return False when there is none to open (no display, none installed,
    or $BROWSER failing)."""
    import webbrowser

    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False


def main() -> None:
    """Run the command line (the `lacnews` console script)."""
    from lacnews.console import ReaderMayLeave, flush_quietly

    sys.stdout = ReaderMayLeave(sys.stdout)
    # A run is short and frees nothing it would need again: collecting garbage during it and
    # tearing every module down at exit only cost time. The preview, which runs on, collects.
    gc.disable()
    try:
        cli(prog_name="lacnews")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    flush_quietly()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
