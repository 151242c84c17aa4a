"""The email and its page in the web archive from one rendering and one inlining (lacnews.pipeline.variants): each
the same, byte for byte, as rendered and inlined apart, for the repository's issues, the golden cases and generated
hostile issues; rendered apart wherever that could not be known (a project's own templates, a mark in an editor's
text, a template reading ``web`` otherwise than as a whole ``if``)."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

import jinja2
import pytest
from conftest import CASES, copy_repo_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import SLUG, Edition, dump, editions

from lacnews.base import layout
from lacnews.base.errors import LacnewsError
from lacnews.base.project import Project, builtin_templates_dir
from lacnews.compose import compose, render_email
from lacnews.compose.composed import Composed
from lacnews.outputs.archive_page import archive_page
from lacnews.pipeline import variants
from lacnews.pipeline.inline import inline_css
from lacnews.text.breaks import BREAK

EXAMPLES = settings(max_examples=40, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much, HealthCheck.large_base_example])


def assert_same_as_apart(project: Project, composed: Composed) -> None:
    """The email and the archive's pages of ``composed`` are those rendered and inlined apart."""
    if composed.page is not None:
        apart = render_email(project, composed.loaded, composed.pictures)
        assert composed.emails[""] == apart
    one_rendering = archive_page(project, composed)
    assert one_rendering == archive_page(project, dataclasses.replace(composed, page=None))


@pytest.mark.parametrize("slug", ["may-2020", "june-2020"])
def test_the_repositorys_issues_come_out_the_same_from_one_rendering(tmp_path, slug):
    project = Project(copy_repo_project(tmp_path / "lac", ("may-2020", "june-2020")).root)
    composed = compose(project, slug, page=True)
    assert composed.page is not None  # one language, the built-in templates: made with the email
    if slug == "june-2020":  # pictures prepared from the project, shown from images_url in the email
        assert composed.pictures.local and composed.pictures.base
    assert_same_as_apart(project, composed)


@pytest.mark.parametrize("case", sorted(path.name for path in CASES.iterdir() if path.is_dir()))
def test_the_golden_cases_come_out_the_same_from_one_rendering(tmp_path, case):
    root = tmp_path / case
    (root / "issues").mkdir(parents=True)
    shutil.copy(CASES / case / "newsletter.yaml", root / "newsletter.yaml")
    shutil.copy(CASES / case / "issue.yaml", root / "issues" / f"{SLUG}.yaml")
    project = Project(root)
    composed = compose(project, SLUG, page=True)
    assert composed.page is not None
    assert_same_as_apart(project, composed)


@pytest.fixture(scope="module")
def examples_folder():
    folder = Path(tempfile.mkdtemp(prefix="lacnews-variants-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@EXAMPLES
@given(edition=editions())
def test_a_generated_issue_comes_out_the_same_from_one_rendering(examples_folder, edition: Edition):
    root = Path(tempfile.mkdtemp(dir=examples_folder))
    try:
        (root / "issues").mkdir()
        (root / "newsletter.yaml").write_text(edition.newsletter_yaml, encoding="utf-8")
        (root / "issues" / f"{SLUG}.yaml").write_text(edition.issue_yaml, encoding="utf-8")
        project = Project(root)
        try:
            composed = compose(project, SLUG, page=True)
        except LacnewsError:
            return  # refused with a located message: the properties' own test says so
        assert composed.page is not None
        assert_same_as_apart(project, composed)
    finally:
        shutil.rmtree(root, ignore_errors=True)


# What the page and the email write differently, around the newsletter's own words: its names, sign-up address,
# statement and correspondence, drawn of the words, punctuation, merge tags and long words near the length at which
# a word is given break opportunities (lacnews.text.breaks.LONG).
_PIECES = st.sampled_from(["Ystrad", "Hub", "ŵyl", "*|FNAME|*", "*|LIST:COMPANY|*", "/", ".", "-", "&", "'", "?",
                           "a" * 29, "b" * 30, "c" * 31, "reports/2021/", "https://example.org/a-long/address"])
_WORDS = st.lists(st.tuples(_PIECES, st.sampled_from(["", " ", " ", "\n"])), min_size=1, max_size=8).map(
    lambda pieces: "".join(piece + after for piece, after in pieces).strip() or "Hub")


@st.composite
def footers(draw) -> Edition:
    newsletter: dict = {"name": draw(_WORDS), "sender": {"name": draw(_WORDS), "organisation": draw(_WORDS),
                                                         "address": draw(_WORDS)}}
    for field in ("description", "share_text", "correspondence"):
        if draw(st.booleans()):
            newsletter[field] = draw(_WORDS)
    if draw(st.booleans()):
        newsletter["sender"]["statement"] = draw(_WORDS)
    if draw(st.booleans()):
        newsletter["signup_url"] = "https://example.org/" + draw(st.sampled_from(["join", "a" * 40, "x?y=*|FNAME|*"]))
    if draw(st.booleans()):
        newsletter["site_url"] = "https://news.example.org/archive/"
    issue = {"date": "2021-03", "subject": draw(_WORDS), "sections": [{"title": draw(_WORDS), "body": draw(_WORDS)}]}
    return Edition(dump(issue), dump(newsletter))


@EXAMPLES
@given(edition=footers())
def test_the_newsletters_own_words_come_out_the_same_from_one_rendering(examples_folder, edition: Edition):
    test_a_generated_issue_comes_out_the_same_from_one_rendering.hypothesis.inner_test(examples_folder, edition)


def test_a_mark_in_an_editors_text_has_the_page_rendered_apart_and_kept_in_the_email(project):
    project.issue("march-2021", f"""\
        date: 2021-03
        subject: March
        sections:
          - title: News
            body: "Before{variants.EMAIL}between{variants.PAGE}and{variants.END}after"
        """)
    composed = compose(Project(project.root), "march-2021", page=True)
    assert composed.page is None
    assert f"Before{variants.EMAIL}between{variants.PAGE}and{variants.END}after" in composed.emails[""].html
    page = archive_page(Project(project.root), composed)
    assert f"Before{variants.EMAIL}between{variants.PAGE}and{variants.END}after" in page
    assert "Published by" in page and "Unsubscribe" not in page


def test_a_projects_own_templates_are_rendered_apart(project):
    shutil.copytree(builtin_templates_dir(), project.root / "templates")
    footer = project.root / "templates" / "email.html.j2"
    footer.write_text(footer.read_text(encoding="utf-8").replace(
        "{% if not web %}", "{% if web is not defined or not web %}", 1), encoding="utf-8")
    composed = compose(Project(project.root), "march-2021", page=True)
    assert composed.page is None
    page = archive_page(Project(project.root), composed)
    assert "Published by" in page and "Unsubscribe" not in page and "Unsubscribe" in composed.emails[""].html


@pytest.mark.parametrize("source", [
    "{% if web %}a{% elif other %}b{% endif %}",  # an elif: which way is the email's?
    "{% if web %}{% if web %}a{% endif %}{% endif %}",  # one level of marks only
    "{{ web }}",
    "{{ 'page' if web else 'email' }}",
    "{% if web and other %}a{% endif %}",
    # a way setting what follows reads: both ways done, the email would read the page's
    '<p>{% if web %}{% set label = "Published" %}{% else %}{% set label = "Sent" %}{% endif %}{{ label }}</p>',
    "{% if not web %}{% macro sign() %}x{% endmacro %}{% endif %}",
    "no web at all",
])
def test_a_template_reading_web_otherwise_is_not_rendered_both_ways(source):
    environment = jinja2.Environment()
    assert variants.both_ways(environment.parse(source)) is None


def test_both_ways_writes_each_way_between_marks_and_split_keeps_one_for_each():
    environment = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
    source = ("<p>{% if web %}Like it?{% else %}Forwarded?{% endif %} Sign up</p>\n"
              "{% for n in [1, 2] %}{% if not web %}<a>{{ n }}</a>{% endif %}{% endfor %}\n")
    tree = variants.both_ways(environment.parse(source))
    template = environment.template_class.from_code(environment, environment.compile(tree), {}, None)
    marks = variants.Marks()
    both = template.render({variants.MARK: marks})
    assert marks.written == 9
    apart = jinja2.Environment(trim_blocks=True, lstrip_blocks=True).from_string(source)
    assert variants.split(both, marks.written) == (apart.render(web=False), apart.render(web=True))


@pytest.mark.parametrize("text", [
    f"a{variants.EMAIL}b{variants.PAGE}c",  # unfinished
    f"a{variants.PAGE}b{variants.EMAIL}c{variants.END}",  # out of order
    f"a{variants.EMAIL}b{variants.PAGE}c{variants.END}{variants.END}",  # one more than written
])
def test_marks_out_of_place_split_nothing(text):
    assert variants.split(text, 3) is None


def test_a_word_holding_a_merge_tag_breaks_alike_whatever_the_tags_number():
    # With its tag held as a stand-in of the number's length, this word measured 30 characters as a document's
    # first ten tags, and was not cut; 31 after ten more, and cut: the archive page, with fewer tags before it
    # than the email, cut it where the email did not.
    word = "reports/*|FNAME|*/2021-abcd"
    made = []
    for before in (0, 9, 99, 999):
        html = ("<!DOCTYPE html><html><head><style>p { color: red; }</style></head><body>"
                + "<p>*|LNAME|*</p>" * before + f"<p>{word}</p></body></html>")
        paragraph = inline_css(html).rsplit("<p", 1)[1].split("</p>")[0]
        made.append(paragraph)
    assert len(set(made)) == 1, made
    assert BREAK in made[0] and "*|FNAME|*" in made[0]


def test_the_archive_page_is_told_by_its_own_address_not_the_emails(tmp_path):
    lac = copy_repo_project(tmp_path / "lac", ("june-2020",))
    project = Project(lac.root)
    composed = compose(project, "june-2020", page=True)
    page = archive_page(project, composed)
    for picture in composed.pictures.local:
        assert f'src="{layout.archive_pictures(None)}{picture.prepared.name}"' in page
        assert composed.pictures.url(picture.prepared) not in page


def test_build_all_makes_each_page_with_its_email_and_other_commands_make_none(tmp_path, monkeypatch):
    from lacnews.commands import build
    from lacnews.compose import composition

    project = Project(copy_repo_project(tmp_path / "lac", ("may-2020", "june-2020")).root)
    assert compose(project, "may-2020").page is None  # `build may-2020`, `check`, the preview: no page wanted
    rendered_apart = []
    monkeypatch.setattr(composition, "render_page", lambda *args, **kwargs: rendered_apart.append(args))
    monkeypatch.setattr(build, "PARALLEL_FROM", 10**6)  # in this process, where render_page is watched
    outcome = build.build_all(project)
    assert not outcome.failed and len(outcome.built) == 2
    assert rendered_apart == []


def test_a_picture_an_editor_shows_from_the_emails_own_address_stays_there_on_the_page(tmp_path):
    lac = copy_repo_project(tmp_path / "lac", ("june-2020",))
    project = Project(lac.root)
    local = compose(project, "june-2020").pictures
    address = local.url(local.local[0].prepared)  # where the email shows its first prepared picture from
    issue = lac.root / "issues" / "june-2020.yaml"
    issue.write_text(issue.read_text(encoding="utf-8") + f"""\
  - title: The same picture, from where it is uploaded
    items:
      - title: Again
        image: {{src: "{address}", alt: The coffee morning again}}
""", encoding="utf-8")
    composed = compose(project, "june-2020", page=True)
    page = archive_page(project, composed)
    assert page == archive_page(project, dataclasses.replace(composed, page=None))
    assert f'src="{address}"' in page
