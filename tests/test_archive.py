"""lacnews build --all: every issue, the web archive in build/site/, the Atom feed, incremental rebuilds."""

from __future__ import annotations

import calendar
import time
import xml.etree.ElementTree as ElementTree

import pytest
from conftest import MINIMAL_NEWSLETTER, TempProject

ATOM = "{http://www.w3.org/2005/Atom}"


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


def test_a_subject_written_as_markup_is_text_in_every_archive_output(project):
    import xml.etree.ElementTree as ElementTree

    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "site_url: https://news.example.org/\n")
    project.issue("march-2021", """\
        date: 2021-03
        subject: <img src=x onerror=alert(1)> & "friends"
        preheader: <script>alert(2)</script>
        sections:
          - title: About *|MC:SUBJECT|*
            body: This issue is *|MC:SUBJECT|*, for *|FNAME|*.
        """)
    result = project.run("build", "--all", "--force")
    assert result.code == 0, result.output
    page = (project.root / "build" / "site" / "march-2021" / "index.html").read_text(encoding="utf-8")
    index = (project.root / "build" / "site" / "index.html").read_text(encoding="utf-8")
    for html in (page, index):
        assert "<img src=x" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;friends&#34;" in page \
        or "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;friends&quot;" in page
    feed = ElementTree.parse(project.root / "build" / "site" / "feed.xml").getroot()
    titles = [node.text for node in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert '<img src=x onerror=alert(1)> & "friends"' in titles


def test_a_damaged_build_record_is_rebuilt_and_said_so(project):
    assert project.run("build", "--all").code == 0
    (project.root / "build" / "march-2021" / ".build.json").write_text('{"slug": 3', encoding="utf-8")
    result = project.run("build", "--all")
    assert result.code == 0, result.output
    assert "build/march-2021/.build.json could not be read, so march-2021 was built again" in result.err
    assert "built march-2021" in result.out
