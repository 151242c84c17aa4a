"""The archive's pages are made without rendering a text again (issue 24): each text's HTML and plain text is made
once, for the email and for every archive page of its issue (and the newsletter's own texts, and any text that
comes again, once for a whole `build --all`), and every page is byte for byte the page lacnews made before, when
every page rendered each of its texts anew: over the repository's issues (one language, pictures, Welsh and
English in one email and, made here, one email per language) and the golden cases.
"""

from __future__ import annotations

import pytest
from conftest import CASES, copy_case, copy_repo_project
from markupsafe import Markup

from lacnews.base.project import Project
from lacnews.compose import compose
from lacnews.outputs.archive_page import archive_files
from lacnews.pipeline import render
from lacnews.text import markdown

SITE_URL = "site_url: https://news.example.org/archive/\n"


def with_site_url(project) -> None:
    newsletter = project.root / "newsletter.yaml"
    newsletter.write_text(newsletter.read_text(encoding="utf-8") + "\n" + SITE_URL, encoding="utf-8")


def as_made_before(project: Project, composed, monkeypatch) -> dict[str, str | bytes]:
    """Return the issue's archive files as lacnews made them before: every text of each page rendered anew (a
    Jinja environment whose filters remember nothing, Markdown parsed again)."""
    plain = render._make_environment(project.templates_dir)
    for name, made in plain.filters.items():
        plain.filters[name] = getattr(made, "__wrapped__", made)
    assert not any(isinstance(made, render._Remembered) for made in plain.filters.values())
    with monkeypatch.context() as patched:
        patched.setattr(render, "environment", lambda templates: plain)
        markdown._parse.cache_clear()
        return archive_files(project, composed)


def repository_projects(tmp_path):
    """The repository's issues as `build --all` publishes them (with a site_url), and the bilingual issue sent as
    one email per language."""
    project = copy_repo_project(tmp_path / "lac", issues=("may-2020", "june-2020", "cymru-mehefin-2020"))
    with_site_url(project)
    yield project, "may-2020"
    yield project, "june-2020"
    yield project, "cymru-mehefin-2020"
    separate = copy_repo_project(tmp_path / "separate", issues=("cymru-mehefin-2020",))
    with_site_url(separate)
    issue = separate.root / "issues" / "cymru-mehefin-2020.yaml"
    issue.write_text("bilingual: separate\n" + issue.read_text(encoding="utf-8"), encoding="utf-8")
    yield separate, "cymru-mehefin-2020"


def test_every_archive_page_of_the_repositorys_issues_is_the_page_made_before(tmp_path, monkeypatch):
    pages = 0
    for project, slug in repository_projects(tmp_path):
        project = Project(project.root)
        composed = compose(project, slug)
        now = archive_files(project, composed)  # as build does: after the email, its texts already made
        assert now == as_made_before(project, composed, monkeypatch), slug
        assert now == archive_files(project, composed)  # and again, every text remembered
        pages += sum(name.endswith("index.html") for name in now)
    assert pages == 1 + 1 + 3 + 3


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_the_golden_cases_archive_pages_are_the_pages_made_before(case, tmp_path, monkeypatch):
    project = Project(copy_case(case, tmp_path, "golden").root)
    composed = compose(project, "golden")
    now = archive_files(project, composed)
    assert now == as_made_before(project, composed, monkeypatch)
    assert any(name.endswith("index.html") for name in now)


def test_a_text_is_made_once_for_the_email_and_its_archive_page(tmp_path, monkeypatch):
    project = copy_repo_project(tmp_path / "lac")
    with_site_url(project)
    made: list[str] = []
    to_html = markdown.to_html
    monkeypatch.setattr(markdown, "to_html", lambda text: made.append(text) or to_html(text))
    render.environment.cache_clear()  # its filters made again, around the counting one
    try:
        project = Project(project.root)
        archive_files(project, compose(project, "may-2020"))
    finally:
        render.environment.cache_clear()
    assert made and len(made) == len(set(made)), [text[:40] for text in made if made.count(text) > 1]


def test_a_remembered_filter_tells_markup_from_text_and_forgets_the_oldest(monkeypatch):
    calls: list[object] = []
    upper = render._Remembered(lambda text, width=10: calls.append(text) or type(text)(text.upper()))
    assert upper("a <b>") == "A <B>" and upper(Markup("a <b>")) == Markup("A <B>")
    assert isinstance(upper(Markup("a <b>")), Markup) and not isinstance(upper("a <b>"), Markup)
    assert upper("a <b>", width=3) == "A <B>" and len(calls) == 3  # each kind of argument made once
    joined = render._Remembered(lambda words: " ".join(words))
    assert joined(["a", "list"]) == "a list" and not joined.known  # an argument that is no key: made anew
    monkeypatch.setattr(render, "REMEMBERED_CHARACTERS", 50)
    for number in range(20):
        upper(f"text number {number:02d}")
    assert upper.characters <= 50 and len(upper.known) <= 3
    assert upper("text number 19") == "TEXT NUMBER 19"
    render.forget_rendered_texts()  # as a benchmark does, to time a composition as the first of its texts
    assert not upper.known and upper.characters == 0
