"""Inlining the CSS: premailer's result, whether it comes from premailer, from the user's cache or from the seed
shipped with lacnews (premailer's work on the built-in templates, proved current here)."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CASES, REPO, TempProject, copy_repo_project
from hypothesis import given, settings
from hypothesis import strategies as st

from lacnews.base.limits import COLUMN_WIDTH
from lacnews.base.project import Project
import lacnews.compose.composition as composing
from lacnews.commands import build as building
from lacnews.compose import compose, load
from lacnews.pipeline import inline
from lacnews.pipeline.render import Renderer

UPDATE_SEED = os.environ.get("LACNEWS_UPDATE_SEED") == "1"


def premailer_reference(html: str) -> str:
    """Return what premailer itself makes of ``html`` with lacnews's options: the result to match."""
    import premailer

    transformed = premailer.Premailer(
        html, base_url=None, disable_link_rewrites=True, strip_important=False, keep_style_tags=False,
        remove_classes=False, allow_network=False, allow_loading_external_files=False, disable_validation=True,
        disable_basic_attributes=["width", "height"], cssutils_logging_level=logging.CRITICAL,
    ).transform()
    transformed = re.sub(r"^<!DOCTYPE[^>]*>", "", transformed.lstrip(), flags=re.IGNORECASE)
    return f"<!DOCTYPE html>\n{transformed.lstrip()}"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty user cache folder, and no results remembered in this process."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(inline._Plan, "_memory", {})
    return tmp_path / "cache" / "lacnews" / "inline"


@pytest.fixture
def no_seed(monkeypatch) -> None:
    """Nothing known before premailer runs: as where the seed was made under other versions."""
    monkeypatch.setattr(inline, "SEED", inline.SEED.with_name("no-such-seed.json"))


def raw_html(root: Path, slug: str) -> str:
    """Return an issue's HTML as the templates write it, before inlining."""
    project = Project(root)
    loaded = load(project, slug)
    renderer = Renderer(project)
    return renderer.html(renderer.context(loaded.newsletter, loaded.issue))


def repo_and_cases(tmp_path: Path) -> list[str]:
    documents = [raw_html(REPO, "may-2020")]
    for case in sorted((REPO / "tests" / "cases").iterdir()):
        folder = tmp_path / case.name
        (folder / "issues").mkdir(parents=True)
        shutil.copy(case / "newsletter.yaml", folder / "newsletter.yaml")
        shutil.copy(case / "issue.yaml", folder / "issues" / "golden.yaml")
        documents.append(raw_html(folder, "golden"))
    return documents


def test_from_premailer_and_from_the_cache_the_email_is_byte_for_byte_premailers(tmp_path, cache, no_seed):
    documents = repo_and_cases(tmp_path)
    expected = [premailer_reference(document) for document in documents]
    assert [inline.inline_css(document) for document in documents] == expected  # cold: premailer runs
    assert list(cache.glob("*.json")), "nothing was kept for the next build"
    inline._Plan._memory.clear()  # as a new process finds it
    assert [inline.inline_css(document) for document in documents] == expected  # warm: from the cache


def build_reporting_premailer(root: Path, cache_home: Path) -> tuple[str, bool]:
    """Run `lacnews build may-2020` in a new process; return its output and whether premailer was imported."""
    script = ("import sys, lacnews.cli\n"
              "try:\n    lacnews.cli.cli(['build', 'may-2020'], prog_name='lacnews')\nexcept SystemExit:\n    pass\n"
              "print('premailer' in sys.modules, file=sys.stderr)\n")
    process = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60,
                             env={**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(cache_home)})
    assert process.returncode == 0, process.stderr
    return process.stdout, process.stderr.strip().endswith("True")


def test_a_build_from_the_cache_does_not_import_premailer(tmp_path):
    project = copy_repo_project(tmp_path / "lac")
    newsletter = project.root / "newsletter.yaml"  # colours of its own: the seed does not know its stylesheet
    newsletter.write_text(newsletter.read_text(encoding="utf-8").replace('accent: "#1d5c7a"', 'accent: "#7a1d2e"'),
                          encoding="utf-8")
    first, imported_first = build_reporting_premailer(project.root, tmp_path / "cache")
    html = (project.root / "build" / "may-2020" / "email.html").read_bytes()
    again, imported_again = build_reporting_premailer(project.root, tmp_path / "cache")
    assert (imported_first, imported_again) == (True, False)
    assert first == again and (project.root / "build" / "may-2020" / "email.html").read_bytes() == html


def test_a_first_build_with_an_empty_cache_writes_premailers_email_without_importing_it(tmp_path, cache, no_seed):
    project = copy_repo_project(tmp_path / "lac")
    _, imported = build_reporting_premailer(project.root, tmp_path / "empty-cache")
    assert not imported, "the seed did not cover may-2020 with the built-in templates and the default colours"
    written = (project.root / "build" / "may-2020" / "email.html").read_text(encoding="utf-8")
    assert written == compose(Project(project.root), "may-2020").emails[""].html  # here premailer inlines it
    assert list(cache.glob("*.json")), "premailer did not run in this process"


def test_a_stylesheet_that_looks_at_siblings_always_goes_through_premailer(project, cache):
    project.write("templates/email.html.j2",
                  '{% extends "builtin/email.html.j2" %}{% block style %}{{ super() }}\n'
                  'p:first-child { color: #c00; }\n.cell + .cell { color: #0c0; }{% endblock %}')
    document = raw_html(project.root, "march-2021")
    assert inline.inline_css(document) == premailer_reference(document)
    assert not cache.exists() or not list(cache.glob("*.json"))  # nothing to replay


def test_a_damaged_cache_entry_is_ignored(tmp_path, cache):
    document = raw_html(REPO, "may-2020")
    expected = premailer_reference(document)
    assert inline.inline_css(document) == expected
    for entry in cache.glob("*.json"):
        entry.write_text('{"leftover": [1, 2, 3], "elements": "no"}', encoding="utf-8")
    inline._Plan._memory.clear()
    assert inline.inline_css(document) == expected


# --- the seed: premailer's work on the built-in templates, known before any build --------------------------------

# Every kind of text Markdown makes, for every place an issue shows Markdown: each element the built-in templates can
# hold is seen by premailer once, so that the seed knows it.
EVERY_KIND = """\
A paragraph with *emphasis*, **strong words**, ***both***, `code`, a [link](https://example.org/a "its title"), a
**[strong link](https://example.org/b)**, an ![image](https://example.org/a.png) and *|FNAME|*.
A hard break after this  
line, and <https://example.org/an-autolink>.

* a point with a [link](https://example.org/c), *emphasis* and **strong** words
* a point
  1. a numbered point inside, with `code`
  2. and a [link](https://example.org/d)

> A quote with a [link](https://example.org/e) and **strong** words.
>
> * a point inside the quote

---

    a block of code

```
fenced code
```
"""


def _indented(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(keepends=True))


def every_kind_issue() -> str:
    """An issue with every kind of Markdown in every field that takes it, in both built-in layouts."""
    text = _indented(EVERY_KIND, 6)
    return f"""\
date: 2021-05
subject: Every kind of text
preheader: Every kind of text, for the seed
intro: |
{_indented(EVERY_KIND, 2)}contents: auto
sections:
  - title: Standard
    body: |
{text}    items:
      - title: An item
        url: https://example.org/item
        byline: Someone
        date: 2021-05-01
        body: |
{_indented(EVERY_KIND, 10)}        image: {{src: "https://example.org/one.jpg", alt: A picture, width: 900}}
        quote:
          by: Someone else
          text: |
{_indented(EVERY_KIND, 12)}        link: {{text: Read more, url: "https://example.org/more"}}
        links:
          - {{text: Write to us, url: "mailto:someone@example.org"}}
      - title: An item without a link
        body: Plain words.
        image: {{src: "https://example.org/two.jpg", alt: Another picture}}
    after: |
{text}  - title: A list
    layout: list
    items:
      - title: A blog
        url: https://blog.example.org/post
        byline: A writer
        date: 2021-05
        body: |
{_indented(EVERY_KIND, 10)}      - title: A title alone
"""


def every_width_issue() -> str:
    """An issue showing a picture at every width a column holds: a picture's own width is in its style."""
    items = "".join(f'      - {{title: Picture {width}, image: {{src: "https://example.org/{width}.jpg", alt: Picture '
                    f'{width}, width: {width}}}}}\n' for width in range(1, COLUMN_WIDTH + 1))
    return f"date: 2021-05\nsubject: Every width\nsections:\n  - title: Pictures\n    items:\n{items}"


def default_colours(case: str, root: Path) -> TempProject:
    """Copy a golden case into ``root`` with the default accent colour: the stylesheet the seed is for."""
    project = TempProject(root)
    newsletter = (CASES / case / "newsletter.yaml").read_text(encoding="utf-8")
    project.write("newsletter.yaml", re.sub(r'(?m)^  accent: .*$', '  accent: "#1d5c7a"', newsletter))
    project.write("issues/golden.yaml", (CASES / case / "issue.yaml").read_text(encoding="utf-8"))
    return project


def seed_documents(tmp_path: Path, monkeypatch) -> list[str]:
    """The HTML premailer is given for the seed: whatever `lacnews build --all` inlines (each email, each archive
    page, or both in one) for the repository's issues, every kind of Markdown, a picture at every width, and the golden cases with
    the default colours, all through the built-in templates."""
    repo = copy_repo_project(tmp_path / "repo", ("may-2020", "june-2020", "cymru-mehefin-2020"))
    every_kind = copy_repo_project(tmp_path / "every-kind", ())
    every_kind.write("issues/every-kind.yaml", every_kind_issue())
    every_kind.write("issues/every-width.yaml", every_width_issue())
    projects = [repo, every_kind, default_colours("every-field", tmp_path / "every-field"),
                default_colours("minimal", tmp_path / "minimal")]
    documents: list[str] = []
    inline_css, inline_both_ways = composing.inline_css, composing.inline_both_ways
    monkeypatch.setattr(composing, "inline_css", lambda html: documents.append(html) or inline_css(html))
    # an email and its page in one document, between marks (lacnews.pipeline.variants): the elements of both
    monkeypatch.setattr(composing, "inline_both_ways",
                        lambda html: documents.append(html) or inline_both_ways(html))
    monkeypatch.setattr(building, "PARALLEL_FROM", sys.maxsize)  # in this process, where they are recorded
    for project in projects:
        building.build_all(Project(project.root), force=True)
    return documents


def test_the_seed_is_premailers_work_on_the_built_in_templates_as_they_are(tmp_path, cache, no_seed, monkeypatch):
    """The shipped seed is what the installed premailer makes of the built-in templates now: regenerate it with
    LACNEWS_UPDATE_SEED=1 pytest tests/test_inline.py -k seed after a change to the templates or the colours."""
    seed = {"made_with": inline.seed_identity(), "stylesheets": inline.learned(seed_documents(tmp_path, monkeypatch))}
    written = json.dumps(seed, indent=0, sort_keys=True) + "\n"
    if UPDATE_SEED:
        inline.SEED.with_name("inline_seed.json").write_text(written, encoding="utf-8")
    assert inline.SEED.with_name("inline_seed.json").read_text(encoding="utf-8") == written, (
        "lacnews/pipeline/inline_seed.json is not premailer's work on the built-in templates as they are now: "
        "regenerate it with LACNEWS_UPDATE_SEED=1 pytest tests/test_inline.py -k seed")


# --- the keys: which rules match an element, worked out as premailer's selectors do --------------------------------

TAGS = ("div", "span", "p", "a", "em", "ul", "li", "blockquote", "table", "tr", "td")
CLASSES = ("x", "y", "z")
DECLARATIONS = ("color: #c00", "margin: 0 0 4px", "text-align: center", "vertical-align: top", "background-color: #abc",
                "padding: 1px 2px", "font-weight: bold !important", "width: 10px", "color: #00c !important")


@st.composite
def compounds(draw) -> str:
    tag = draw(st.sampled_from(("", "*", *TAGS)))
    names = "".join(f".{name}" for name in draw(st.lists(st.sampled_from(CLASSES), max_size=2, unique=True)))
    names += "#i" if draw(st.booleans()) and draw(st.booleans()) else ""
    return (tag + names) or "div"


@st.composite
def stylesheets(draw) -> str:
    rules = []
    for _ in range(draw(st.integers(1, 6))):
        selectors = []
        for _ in range(draw(st.integers(1, 2))):
            steps = draw(st.lists(compounds(), min_size=1, max_size=3))
            joins = draw(st.lists(st.sampled_from((" ", " > ", ">")), min_size=len(steps) - 1, max_size=len(steps) - 1))
            selectors.append(steps[0] + "".join(join + step for join, step in zip(joins, steps[1:])))
        declarations = draw(st.lists(st.sampled_from(DECLARATIONS), min_size=1, max_size=3, unique=True))
        comment = "/* a comment, { not a rule } */ " if draw(st.integers(0, 3)) == 0 else ""
        rules.append(f"{comment}{', '.join(selectors)} {{ {'; '.join(declarations)} }}")
    return "\n".join(rules) + "\n@media screen and (max-width: 620px) { .x { color: #0c0 !important; } }"


@st.composite
def elements(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attributes = ""
    if classes := draw(st.lists(st.sampled_from(CLASSES), max_size=3, unique=True)):
        attributes += f' class="{" ".join(classes)}"'
    if draw(st.integers(0, 4)) == 0:
        attributes += ' id="i"'
    if draw(st.integers(0, 3)) == 0:
        attributes += f' style="{draw(st.sampled_from(("color: red", "text-align: left", "margin: 2px;")))}"'
    if draw(st.integers(0, 5)) == 0:
        attributes += ' bgcolor="#aabbcc"'
    children = draw(st.lists(elements(depth + 1), max_size=3)) if depth < 3 else []
    return f"<{tag}{attributes}>t{''.join(children)}</{tag}>"


def document(css: str, body: str) -> str:
    return f"<!DOCTYPE html>\n<html><head><title>t</title><style>\n{css}\n</style></head><body>{body}</body></html>"


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(stylesheets(), st.lists(elements(), min_size=1, max_size=3), st.lists(elements(), min_size=1, max_size=3))
def test_premailers_work_replayed_by_key_is_premailers_for_every_document(tmp_path_factory, css, first, second):
    """Whatever the selectors (tags, classes, ids, descendant and child) and the document, an email styled from what
    premailer did to other elements of the same keys is byte for byte premailer's."""
    folder = tmp_path_factory.mktemp("cache")
    remembered, previous = inline._Plan._memory, os.environ.get("XDG_CACHE_HOME")
    inline._Plan._memory, os.environ["XDG_CACHE_HOME"] = {}, str(folder)
    try:
        first, second = "".join(first), "".join(second)
        taught = document(css, f'{first}{second}<div class="y">{first}{second}</div>')
        # the same elements arranged anew, and nested deeper: styled from the cache wherever every key is known
        # (most examples), else by premailer; byte for byte premailer's either way
        for html in (taught, document(css, f'<div class="y">{second}</div>{first}'),
                     document(css, f'<div class="y"><div class="y">{second}{first}</div></div>'),
                     document(css, f'<div>{second}</div><span class="y">{first}</span>')):
            assert inline.inline_css(html) == premailer_reference(html)
    finally:
        inline._Plan._memory = remembered
        if previous is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = previous


def test_an_issue_nesting_its_text_anew_is_styled_from_what_is_known(tmp_path, cache, no_seed, monkeypatch):
    """Keys follow the rules that match, not the path to an element: text nested in a way never built before (a
    link in strong words in a list in a quote) needs no premailer when its rules were all seen."""
    project = copy_repo_project(tmp_path / "lac")
    inline.inline_css(raw_html(project.root, "may-2020"))  # premailer teaches the cache may-2020's keys
    project.issue("nested", """\
        date: 2020-07
        subject: Nested
        sections:
          - title: Nested
            body: |
              > * **[a link](https://example.org/) in strong words**
              >   * in a list in a list
        """)
    document = raw_html(project.root, "nested")
    ran = []
    monkeypatch.setattr(inline, "_premailer", lambda tree: ran.append(tree))
    styled = inline.inline_css(document)
    monkeypatch.undo()
    assert not ran and styled == premailer_reference(document)
