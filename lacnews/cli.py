"""The lacnews command line: a thin layer of click over the pipeline modules.

Each command imports the module doing its work inside the command function, so
``lacnews --help`` does not pay for premailer or markdown-it.
"""

from __future__ import annotations

import sys

import click

from lacnews import __version__
from lacnews.errors import LacnewsError, display_path

root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=str), default=None,
    help="The newsletter project folder (default: the nearest folder upwards with newsletter.yaml).")


class LacnewsGroup(click.Group):
    """Turns an unexpected exception into a one-line report unless --debug is given."""

    def invoke(self, ctx: click.Context):
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


@click.group(cls=LacnewsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lacnews")
@click.option("--debug", is_flag=True, help="Show the full traceback of an unexpected error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Compose a Mailchimp-ready newsletter from YAML issue files.

    Run inside a newsletter project (a folder with newsletter.yaml and issues/).
    """
    ctx.ensure_object(dict)["debug"] = debug


@cli.command()
@click.argument("issues", nargs=-1, required=True, metavar="SLUG|PATH...")
@click.option("--force", is_flag=True, help="Write the email even if `lacnews check` finds errors.")
@root_option
def build(issues: tuple[str, ...], force: bool, root: str | None) -> None:
    """Build issues into build/<slug>/email.html and email.txt.

    Name each issue by its slug (may-2020) or the path of its file
    (issues/may-2020.yaml). The checks of `lacnews check` run too: an issue
    with errors is not written unless --force. One failing issue does not
    stop the others.
    """
    from lacnews.build import ChecksFailed
    from lacnews.build import build as build_issue
    from lacnews.findings import summary
    from lacnews.project import find_project

    project = find_project(root)
    failed = 0
    for name in issues:
        try:
            built = build_issue(project, name, force=force)
        except ChecksFailed as exc:
            failed += 1
            _show_findings(exc.findings, err=True)
            click.echo(summary(exc.findings, exc.findings[0].issue), err=True)
            exc.show()
            continue
        except LacnewsError as exc:
            failed += 1
            exc.show()
            continue
        for path in built.paths:
            click.echo(f"{display_path(path)}  {path.stat().st_size / 1024:.1f} KB")
        _show_findings(built.findings, err=True)
        click.echo(summary(built.findings, built.rendered.slug))
    if failed > 0 and len(issues) > 1:
        raise LacnewsError(f"{failed} of {len(issues)} issues failed to build")
    if failed:
        raise click.exceptions.Exit(1)


def _show_findings(findings, err: bool = False) -> None:
    colours = {"error": "red", "warning": "yellow", "note": None}
    for finding in findings:
        click.secho(str(finding), fg=colours[finding.level], err=err)


@cli.command()
@click.argument("issues", nargs=-1, metavar="[SLUG|PATH...]")
@click.option("--all", "all_issues", is_flag=True, help="Check every issue in issues/.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--links", is_flag=True, help="Also fetch every http(s) address to find broken links (online).")
@click.option("--timeout", type=click.FloatRange(0.1, 120), default=10, show_default=True,
              help="With --links: seconds to wait for each address.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True,
              help="With --links: addresses fetched at once.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json gives the findings as a list for other tools.")
@root_option
def check(issues: tuple[str, ...], all_issues: bool, strict: bool, links: bool, timeout: float,
          concurrency: int, output_format: str, root: str | None) -> None:
    """Find what would go wrong before subscribers see it.

    Reports each finding as file:line:col: level rule-id: message, then a
    summary per issue. Exit status 1 when there are errors (or warnings,
    with --strict). Works offline unless --links is given.
    """
    from lacnews.checks import check_issue
    from lacnews.findings import ERROR, WARNING, summary, to_json
    from lacnews.project import find_project

    project = find_project(root)
    names = list(issues) or (project.issue_slugs() if all_issues else [])
    if not names:
        raise click.UsageError("name the issues to check, or give --all")
    everything = []
    summaries = []
    for name in names:
        slug, findings = check_issue(project, name, links=links, timeout=timeout, concurrency=concurrency)
        everything.extend(findings)
        summaries.append(summary(findings, slug))
        if output_format == "text":
            _show_findings(findings)
            click.echo(summaries[-1])
    if output_format == "json":
        click.echo(to_json(everything))
    failing = {ERROR, WARNING} if strict else {ERROR}
    if any(f.level in failing for f in everything):
        raise click.exceptions.Exit(1)


@cli.command()
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
    import webbrowser

    from lacnews.preview import make_server, serve
    from lacnews.project import find_project

    project = find_project(root)
    slug = project.issue_path(issue)[0] if issue else None
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.secho(f"warning: serving on {host}: anyone who can reach this machine can read "
                    "your unpublished issues", fg="yellow", err=True)
    server, previewer = make_server(project, host, port)
    try:
        if slug:
            previewer.state(slug)  # build before the first page is asked for
        bound_host, bound_port = server.server_address[:2]
        shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
        url = f"http://{shown_host}:{bound_port}/" + (f"issue/{slug}/" if slug else "")
        click.echo(f"Previewing {slug or 'all issues'} at {url}")
        click.echo("Save a file to see it change; press Ctrl-C to stop.")
        if not no_open:
            webbrowser.open(url)
        serve(server, previewer)
    except KeyboardInterrupt:  # Ctrl-C before the server was serving
        server.server_close()
    click.echo("Stopped.")


def main() -> None:
    """Run the command line (the `lacnews` console script)."""
    cli(prog_name="lacnews")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
