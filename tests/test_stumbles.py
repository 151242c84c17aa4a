"""The smaller stumbles of an editor's month (issue 22, points 3 and 8), each driven as a user drives lacnews:
what `build`, `push` and `send` say of the pictures (not uploaded yet, or hosted by Mailchimp, once), a proof
written to a file without --to, the help's summaries and examples, and `build --all`'s note said once."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TempProject, copy_repo_project
from fake_mailchimp import AUDIENCE, KEY, FakeMailchimp

NOT_UPLOADED = "3 of its pictures are not in Mailchimp yet: run `lacnews push june-2020`"
HOSTED = "shows its 3 pictures from the project from Mailchimp's File Manager, where `lacnews push` uploaded them"


@pytest.fixture
def fake():
    server = FakeMailchimp()
    yield server
    server.stop()


def hosted_by_mailchimp(root: Path) -> TempProject:
    """The repository's project with june-2020 (three pictures from images/), its pictures to be hosted by Mailchimp
    (mailchimp: and no images_url)."""
    project = copy_repo_project(root, issues=("june-2020",))
    config = project.root / "newsletter.yaml"
    text = re.sub(r"(?m)^images_url: .*\n", "", config.read_text(encoding="utf-8"))
    config.write_text(text + f"mailchimp:\n  audience: {AUDIENCE}\n", encoding="utf-8")
    return project


def proof_written(project: TempProject, *args: str):
    """Run `lacnews send june-2020 --eml proof.eml` (and ``args``); return what it printed and the message."""
    result = project.run("send", "june-2020", "--eml", "proof.eml", *args)
    assert result.code == 0, result.output
    return result, message_from_bytes((project.root / "proof.eml").read_bytes(), policy=policy.default)


def test_build_and_send_say_the_pictures_wait_for_push_then_that_mailchimp_hosts_them(tmp_path, fake):
    from lacnews.cli import cli

    project = hosted_by_mailchimp(tmp_path / "news")
    built = project.run("build", "june-2020")
    assert built.code == 0, built.output
    # said once: the build's note, not the check's note image-hosting beside it
    assert built.output.count(NOT_UPLOADED) == 1 and "image-hosting" not in built.output, built.output
    for args in (("--eml", "proof.eml"), ("--dry-run", "--to", "editor@example.org")):
        waiting = project.run("send", "june-2020", *args)
        assert waiting.code == 0, waiting.output
        assert waiting.err.count("warning: the proof cannot show 3 of its 3 pictures from the project, which are not "
                                 "uploaded anywhere yet") == 1, waiting.output

    pushed = CliRunner().invoke(cli, ["push", "june-2020", "--root", str(project.root)],
                                env={"LACNEWS_MAILCHIMP_KEY": KEY, "LACNEWS_MAILCHIMP_URL": fake.url})
    assert pushed.exit_code == 0, pushed.output
    assert "uploaded 3 pictures" in pushed.output and "image-hosting" not in pushed.output

    built = project.run("build", "june-2020")
    assert built.code == 0 and f"the email {HOSTED}" in built.out, built.output
    assert "not in Mailchimp yet" not in built.output and "image-hosting" not in built.output
    sent, message = proof_written(project, "--to", "editor@example.org")
    assert f"note: the proof {HOSTED}" in sent.err and "warning" not in sent.err, sent.output
    html = message.get_body(("html",)).get_content()
    assert 'src="images/' not in html
    assert len(re.findall(r'<img[^>]* src="https://mcusercontent\.com/', html)) == 3


def test_a_proof_of_pictures_served_from_images_url_says_so_even_in_a_dry_run(tmp_path):
    project = copy_repo_project(tmp_path / "lac", issues=("june-2020",))
    dry = project.run("send", "june-2020", "--dry-run", "--to", "editor@example.org")
    assert dry.code == 0 and "dry run: nothing was sent" in dry.out, dry.output
    assert ("note: the proof shows its 3 pictures from the project from https://lacnetwork.org/bulletin/images/ "
            "(images_url): they must be uploaded there first") in dry.err


def test_a_proof_written_to_a_file_needs_no_recipient_and_says_whom_it_is_addressed_to(tmp_path):
    project = copy_repo_project(tmp_path / "lac", issues=("june-2020",))
    result, message = proof_written(project)
    assert message["To"] == message["From"].addresses[0].addr_spec == "cat@lacnetwork.org"
    assert ("note: no --to given, so the proof is addressed to its sender, cat@lacnetwork.org; give --to ADDRESS "
            "for another") in result.err
    _, message = proof_written(project, "--to", "editor@example.org")
    assert message["To"] == "editor@example.org"
    for args in ((), ("--dry-run",)):  # sending, or showing what would be sent, needs someone to send to
        refused = project.run("send", "june-2020", *args)
        assert refused.code == 2 and "give --to ADDRESS, who gets the proof (only --eml FILE" in refused.err


def test_build_all_says_the_no_site_url_note_once_and_nothing_when_nothing_was_rebuilt(tmp_path):
    project = copy_repo_project(tmp_path / "lac", issues=("may-2020", "june-2020", "cymru-mehefin-2020"))
    note = "note: no site_url in newsletter.yaml, so build/site/feed.xml was not written"
    first = project.run("build", "--all")
    assert first.code == 0 and first.err.count(note) == 1, first.output
    assert "build/site/index.html" in first.out
    # a finding of newsletter.yaml belongs to every issue: said once, not once per issue
    shared = [line for line in first.err.splitlines() if line.startswith("newsletter.yaml:")]
    assert len(shared) == len(set(shared))
    again = project.run("build", "--all")
    assert again.code == 0 and "unchanged: 3 issues" in again.out, again.output
    assert note not in again.err and "built " not in again.out
    assert "unchanged: the archive in build/site/" in again.out and "build/site/index.html" not in again.out
    issue = project.root / "issues" / "may-2020.yaml"
    issue.write_text(issue.read_text(encoding="utf-8").replace("update for May 2020", "update for May 2020.", 1), encoding="utf-8")
    rebuilt = project.run("build", "--all")
    assert "built may-2020" in rebuilt.out and rebuilt.err.count(note) == 1, rebuilt.output


def preview_opening(project: TempProject, browser: str) -> tuple[list[str], str]:
    """Start `lacnews preview` (letting it open a browser) with $BROWSER set to ``browser``; return what it printed
    before serving, and, once stopped with Ctrl-C, the rest."""
    import signal
    import subprocess

    from conftest import lacnews_command, lacnews_env

    env = {key: value for key, value in lacnews_env({"BROWSER": browser}).items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    process = subprocess.Popen([*lacnews_command(), "preview", "--port", "0"], cwd=project.root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        while not lines or not lines[-1].startswith("Save a file"):
            line = process.stdout.readline()
            assert line, "".join(lines) + process.stderr.read()
            lines.append(line.rstrip("\n"))
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, out + err
    return lines, out + err


def test_preview_with_no_browser_to_open_prints_the_address_to_open_by_hand(tmp_path):
    project = copy_repo_project(tmp_path / "lac")
    lines, _ = preview_opening(project, "false")  # a browser command that fails, as where none can start
    address = re.search(r"at (http://127\.0\.0\.1:(\d+)/)", lines[0])
    assert address, lines
    assert lines[1] == (f"No browser could be opened here: open {address.group(1)} in your browser by hand (working "
                        f"on this machine over SSH? forward the port first: ssh -L {address.group(2)}:127.0.0.1:"
                        f"{address.group(2)} THIS-MACHINE)")
    opener = tmp_path / "browser.sh"
    opened = tmp_path / "opened.txt"
    opener.write_text(f"#!/bin/sh\necho \"$1\" > {opened}\n", encoding="utf-8")
    opener.chmod(0o755)
    lines, _ = preview_opening(project, f"{opener} %s")
    assert not any(line.startswith("No browser") for line in lines), lines
    assert opened.read_text(encoding="utf-8").strip() == re.search(r"at (\S+)", lines[0]).group(1)
