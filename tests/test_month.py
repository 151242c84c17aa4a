"""An editor's month: new, list, build --all with the web archive and feed, and send."""

from __future__ import annotations

import calendar
import email
import email.policy
import json
import os
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from conftest import MINIMAL_NEWSLETTER, TempProject, copy_repo_project

ATOM = "{http://www.w3.org/2005/Atom}"


# lacnews new


@pytest.fixture
def lac(tmp_path) -> TempProject:
    return copy_repo_project(tmp_path / "lac")


def test_new_starts_june_from_may_keeping_the_recurring_sections(lac):
    result = lac.run("new", "june-2020")
    assert result.code == 0, result.err
    assert "wrote issues/june-2020.yaml from may-2020" in result.out
    assert "kept: Useful blogs" in result.out
    text = (lac.root / "issues" / "june-2020.yaml").read_text(encoding="utf-8")
    assert "date: 2020-06\n" in text
    assert "subject: Local Area Coordination Network update – June 2020\n" in text
    assert "#   lacnews preview june-2020" in text  # guidance for the editor
    may = (lac.root / "issues" / "may-2020.yaml").read_text(encoding="utf-8")
    blogs = may[may.index("  - title: Useful blogs"):]
    assert blogs.strip() in text  # copied exactly as written, comments and all
    assert "title: Weathering the storm - podcast" not in text  # not recurring: left behind
    assert "title: This month's news" in text  # the example section
    built = lac.run("build", "june-2020")
    assert built.code == 0 and "no problems in june-2020" in built.out, built.output
    html, _ = lac.built("june-2020")
    assert "June 2020" in html and "Valuable not vulnerable" in html


def test_new_refuses_to_overwrite_or_guess(lac):
    assert lac.run("new", "june-2020").code == 0
    again = lac.run("new", "june-2020")
    assert again.code == 1 and "issues/june-2020.yaml already exists: lacnews new never overwrites an issue" \
        in again.err
    assert lac.run("new", "../june").code == 1
    undated = lac.run("new", "summer-special")
    assert undated.code == 1 and "give the issue's date with --date YYYY-MM" in undated.err
    assert not (lac.root / "issues" / "summer-special.yaml").exists()
    unknown = lac.run("new", "july-2020", "--from", "april-2019")
    assert unknown.code == 1 and "no issue 'april-2019'" in unknown.err


def test_new_with_date_and_from(lac):
    lac.run("new", "june-2020")
    result = lac.run("new", "summer-special", "--date", "2020-08-15", "--from", "may-2020")
    assert result.code == 0, result.err
    text = (lac.root / "issues" / "summer-special.yaml").read_text(encoding="utf-8")
    assert "date: 2020-08-15\n" in text and "started from may-2020" in text
    assert lac.run("build", "summer-special").code == 0


def test_new_in_an_empty_project(project):
    (project.root / "issues" / "march-2021.yaml").unlink()
    result = project.run("new", "april-2021")
    assert result.code == 0, result.err
    text = (project.root / "issues" / "april-2021.yaml").read_text(encoding="utf-8")
    assert "subject: Test Network News – April 2021" in text
    assert project.run("build", "april-2021").code == 0


# lacnews list


def test_list_shows_every_issue_newest_first_and_which_builds_are_stale(project):
    project.issue("april-2021", "date: 2021-04\nsubject: April news\nsections:\n  - title: T\n    body: Hi.\n")
    project.issue("may-2021", "date: 2021-05\nsubject: May news\nsections:\n  - title: T\n    body: the the.\n")
    assert project.run("build", "march-2021", "april-2021").code == 0
    path = project.root / "issues" / "april-2021.yaml"
    path.write_text(path.read_text() + "preheader: changed after the build\n")
    result = project.run("list")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["ISSUE", "DATE", "SUBJECT", "SECTIONS", "BUILD", "CHECK"]
    assert [line.split()[0] for line in lines[1:]] == ["may-2021", "april-2021", "march-2021"]
    assert "not built" in lines[1] and "1 warning" in lines[1]
    assert "stale" in lines[2] and "clean" in lines[2]
    assert "up to date" in lines[3]
    rows = json.loads(project.run("list", "--format", "json").out)
    assert [(r["slug"], r["build"], r["sections"], r["warnings"]) for r in rows] == [
        ("may-2021", "not built", 1, 1), ("april-2021", "stale", 1, 0), ("march-2021", "up to date", 1, 0)]


# lacnews build --all


def make_issues(project: TempProject, count: int) -> list[str]:
    slugs = []
    for number in range(count):
        year, month = 2015 + number // 12, number % 12 + 1
        slug = f"{calendar.month_name[month].lower()}-{year}"
        project.issue(slug, f"""\
            date: {year}-{month:02d}
            subject: Test news – {calendar.month_name[month]} {year}
            preheader: Issue number {number}
            sections:
              - title: News
                body: Hello *|FNAME|*, this is issue number {number}. [Unsubscribe](*|UNSUB|*) any time.
        """)
        slugs.append(slug)
    return slugs


@pytest.fixture(scope="module")
def hundred(tmp_path_factory):
    """A project of 100 issues with a site_url, built once with --all."""
    project = TempProject(tmp_path_factory.mktemp("hundred"))
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "site_url: https://news.example.org/archive\n"
                                                          "description: Our *monthly* news.\n")
    slugs = make_issues(project, 100)
    result = project.run("build", "--all")
    return project, slugs, result


def test_build_all_builds_every_issue_and_the_archive(hundred):
    project, slugs, result = hundred
    assert result.code == 0, result.err
    assert sum(line.startswith("built ") for line in result.out.splitlines()) == 100
    site = project.root / "build" / "site"
    for slug in slugs:
        assert (project.root / "build" / slug / "email.html").is_file()
        assert (site / slug / "index.html").is_file()


def test_archive_index_lists_issues_newest_first(hundred):
    project, slugs, _ = hundred
    index = (project.root / "build" / "site" / "index.html").read_text(encoding="utf-8")
    import re
    linked = re.findall(r'href="([a-z]+-\d{4})/index.html"', index)
    expected = sorted(slugs, key=lambda s: (int(s.split("-")[1]), list(calendar.month_name).index(
        s.split("-")[0].title())), reverse=True)
    assert linked == expected
    assert "Issue number 99" in index and "Test news – April 2023" in index
    assert "<script" not in index and 'href="feed.xml"' in index


def test_archive_page_has_no_subscriber_only_merge_tags(hundred):
    project, slugs, _ = hundred
    page = (project.root / "build" / "site" / slugs[0] / "index.html").read_text(encoding="utf-8")
    assert "*|" not in page and "|*" not in page
    assert "Hello reader, this is issue number 0." in page
    assert "Unsubscribe from this list" not in page and "Why did I get this?" not in page
    assert 'href="../index.html"' in page and "<script" not in page
    assert "1 High Street, York YO1 7HH" in page  # the sender's address stays


def test_feed_is_valid_atom_with_absolute_links(hundred):
    project, slugs, _ = hundred
    feed = ElementTree.parse(project.root / "build" / "site" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}id").text == "https://news.example.org/archive/"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://news.example.org/archive/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 100
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == 100 and ids[0] == "https://news.example.org/archive/april-2023/"
    for entry in entries:
        assert entry.find(f"{ATOM}title").text.startswith("Test news – ")
        updated = entry.find(f"{ATOM}updated").text
        assert time.strptime(updated, "%Y-%m-%dT%H:%M:%SZ")
        assert entry.find(f"{ATOM}link").get("href").startswith("https://news.example.org/archive/")
    assert feed.find(f"{ATOM}updated").text == entries[0].find(f"{ATOM}updated").text


def test_a_second_build_all_rebuilds_nothing(hundred):
    project, slugs, _ = hundred
    site = project.root / "build" / "site"
    before = {path: path.stat().st_mtime_ns for path in site.rglob("*.html")}
    before[site / "feed.xml"] = (site / "feed.xml").stat().st_mtime_ns
    result = project.run("build", "--all")
    assert result.code == 0
    assert "unchanged: 100 issues" in result.out and "built " not in result.out
    assert {path: path.stat().st_mtime_ns for path in before} == before


def test_a_changed_issue_alone_is_rebuilt(hundred):
    project, slugs, _ = hundred
    path = project.root / "issues" / f"{slugs[5]}.yaml"
    path.write_text(path.read_text().replace("Issue number 5", "Issue number five"))
    result = project.run("build", "--all")
    assert [line.split()[1] for line in result.out.splitlines() if line.startswith("built ")] == [slugs[5]]
    assert "Issue number five" in (project.root / "build" / "site" / "index.html").read_text()


def test_one_broken_issue_does_not_stop_the_others(project):
    make_issues(project, 3)
    project.issue("broken-2020", "date: 2020-13\nsubject: S\nsections:\n  - title: T\n")
    project.issue("tagged-2021", "date: 2021-06\nsubject: S\nsections:\n  - title: T\n    body: Hi *|NOPE|*\n")
    result = project.run("build", "--all")
    assert result.code == 1
    assert "failed: broken-2020" in result.err and "issues/broken-2020.yaml:1:7: date:" in result.err
    assert "failed: tagged-2021" in result.err and "error merge-tag-unknown" in result.err
    assert "2 of 6 issues failed to build; the others are built" in result.err
    assert sum(line.startswith("built ") for line in result.out.splitlines()) == 4
    assert not (project.root / "build" / "site" / "broken-2020").exists()


def test_without_site_url_the_feed_is_not_written_and_the_editor_is_told(project):
    result = project.run("build", "--all")
    assert result.code == 0
    assert "note: no site_url in newsletter.yaml, so build/site/feed.xml was not written" in result.err
    assert (project.root / "build" / "site" / "index.html").is_file()
    assert not (project.root / "build" / "site" / "feed.xml").exists()


def test_build_all_and_names_together_is_a_usage_error(project):
    assert project.run("build", "--all", "march-2021").code == 2


# lacnews send


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(tmp_path):
    """A real SMTP server (aiosmtpd) on 127.0.0.1, delivering into a Maildir."""
    port = free_port()
    maildir = tmp_path / "maildir"
    server = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                               "-c", "aiosmtpd.handlers.Mailbox", str(maildir)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.05)
    yield port, maildir
    server.terminate()
    server.wait(timeout=10)


def smtp_env(port: int, **extra) -> dict:
    return {"LACNEWS_SMTP_HOST": "127.0.0.1", "LACNEWS_SMTP_PORT": str(port), "LACNEWS_SMTP_SECURITY": "none",
            **extra}


@pytest.fixture
def sending(lac):
    config = lac.root / "newsletter.yaml"
    config.write_text(config.read_text().replace("  organisation: Community Catalysts CIC\n",
                                                 "  organisation: Community Catalysts CIC\n"
                                                 "  email: cat@lacnetwork.org\n"))
    return lac


def test_send_delivers_a_proof_to_a_real_smtp_server(sending, smtp_server):
    port, maildir = smtp_server
    result = sending.run("send", "may-2020", "--to", "editor@example.org", "--to", "second@example.org",
                         env=smtp_env(port))
    assert result.code == 0, result.err
    assert "sent '[Proof] Local Area Coordination Network update – May 2020' to editor@example.org" in result.out
    (received,) = list((maildir / "new").iterdir())
    message = email.message_from_bytes(received.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "[Proof] Local Area Coordination Network update – May 2020"
    assert message["From"] == "Local Area Coordination Network <cat@lacnetwork.org>"
    assert message["To"] == "editor@example.org, second@example.org"
    assert message["X-RcptTo"] == "editor@example.org, second@example.org"
    assert message.get_content_type() == "multipart/alternative"
    text_part, html_part = message.iter_parts()
    assert text_part.get_content_type() == "text/plain" and html_part.get_content_type() == "text/html"
    text, html = text_part.get_content(), html_part.get_content()
    assert "*|" not in text and "*|" not in html  # merge tags filled as subscribers will see them
    assert "This email was sent to alex.taylor@example.org" in text
    assert 'href="#"' in html and "alex.taylor@example.org" in html
    assert "Jennie Cox, Senior Coordinator at City of York Council" in text and "Kirklees" in html


def test_a_refused_login_is_a_clear_error(sending):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    class Refuse:
        def __call__(self, server, session, envelope, mechanism, auth_data):
            return AuthResult(success=False, handled=False)

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    port = free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port, authenticator=Refuse(),
                            auth_require_tls=False)
    controller.start()
    try:
        result = sending.run("send", "may-2020", "--to", "editor@example.org",
                             env=smtp_env(port, LACNEWS_SMTP_USER="cat", LACNEWS_SMTP_PASSWORD="s3cret-pw"))
    finally:
        controller.stop()
    assert result.code == 1 and "Traceback" not in result.err
    assert f"the SMTP server 127.0.0.1:{port} refused the login for 'cat': check LACNEWS_SMTP_USER and " \
           "LACNEWS_SMTP_PASSWORD" in result.err
    assert "s3cret-pw" not in result.output


def test_unreachable_server_missing_settings_and_bad_address(sending):
    port = free_port()
    unreachable = sending.run("send", "may-2020", "--to", "editor@example.org", env=smtp_env(port))
    assert unreachable.code == 1 and f"cannot reach the SMTP server 127.0.0.1:{port}" in unreachable.err
    env = {key: "" for key in os.environ if key.startswith("LACNEWS_SMTP_")}
    unset = sending.run("send", "may-2020", "--to", "editor@example.org", env={**env, "LACNEWS_SMTP_HOST": ""})
    assert unset.code == 1 and "no SMTP server: set LACNEWS_SMTP_HOST" in unset.err
    bad = sending.run("send", "may-2020", "--to", "not-an-address", env=smtp_env(port))
    assert bad.code == 1 and "--to 'not-an-address' is not an email address" in bad.err
    assert "Traceback" not in unreachable.err + unset.err + bad.err


def test_eml_and_dry_run(sending, tmp_path):
    eml = tmp_path / "proof.eml"
    written = sending.run("send", "may-2020", "--to", "editor@example.org", "--eml", str(eml))
    assert written.code == 0, written.err
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"].startswith("[Proof] ") and message.is_multipart()
    dry = sending.run("send", "may-2020", "--to", "editor@example.org", "--dry-run",
                      env=smtp_env(2525, LACNEWS_SMTP_USER="cat", LACNEWS_SMTP_PASSWORD="s3cret-pw"))
    assert dry.code == 0
    assert "To: editor@example.org" in dry.out and "Parts: text/plain, then text/html" in dry.out
    assert "Server: 127.0.0.1:2525 (none) as cat" in dry.out and "dry run: nothing was sent" in dry.out
    assert "s3cret-pw" not in dry.output


def test_send_needs_a_from_address(lac):
    result = lac.run("send", "may-2020", "--to", "editor@example.org", "--dry-run")
    assert result.code == 1 and "add sender.email to newsletter.yaml" in result.err


def test_paths_in_messages_are_relative(lac):
    assert not Path(lac.run("new", "june-2020").out.split()[1]).is_absolute()
