"""What must hold for every issue, on generated ones (hypothesis): the "trust" properties.

Issues are drawn by tests/strategies.py: every text field a mixture of merge tags,
Markdown and HTML punctuation, Unicode, control characters and long tokens. For
each, the build either succeeds or fails with a located message. When it succeeds:

1. every merge tag written (``lacnews.text.markdown.MERGE_TAG``) is in email.html and in
   email.txt byte for byte, at least as often as it was written in fields that reach
   that output (the subject reaches only the HTML's <title>; an image's address only
   the HTML; the list layout shows no images; an item's address needs a title, except
   in the list layout's text), on top of the tags the templates write;
2. no markup from the input survives unescaped in email.html: every element, attribute
   and comment is one the templates or the Markdown renderer make, no ``on…`` attribute,
   no address other than https:, http:, mailto:, tel:, #anchors and merge tags;
3. the same of the archive page and the archive's index, and feed.xml parses (with no
   character XML forbids);
4. the time per input byte is bounded: 0.5 s + 20 µs per byte of the issue and
   newsletter.yaml (a linear build takes about 6 µs a byte here; a quadratic scan or a
   YAML alias that multiplies the email passes the bound by far);
5. when it fails, the message names the file (``path:line:column:`` or ``path:``), and
   the build writes nothing for that issue.

Everything runs in process, each example in a project of its own under pytest's
temporary folder. The examples are derandomised (the same on every run, as CI needs)
and no example database is kept; hypothesis's other files go to the system's
temporary folder (lacnews-hypothesis), never into the repository. Failures are
shrunk, except for time (see TIME_PROFILE). LACNEWS_PROPERTY_EXAMPLES=N runs N
examples per property instead of 100, for a deeper search by hand.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import hypothesis.configuration
import pytest
from hypothesis import HealthCheck, Phase, example, given, note, reject, settings
from hypothesis import strategies as st
from strategies import (
    DATE,
    SITE_URL,
    SLUG,
    Edition,
    alias_editions,
    aliased_body,
    aliased_items,
    broken_issue_files,
    dump,
    editions,
    read_yaml,
)

from lacnews.base.errors import InputError, LacnewsError, display_path
from lacnews.base.project import Project
from lacnews.checks.findings import ChecksFailed
from lacnews.commands.build import build_all
from lacnews.compose import compose
from lacnews.compose.composed import Composed
from lacnews.compose.records import IssueRecord
from lacnews.outputs.archive_page import archive_page
from lacnews.outputs.site import site_files
from lacnews.text.markdown import MERGE_TAG

settings.register_profile(
    "lacnews-properties",
    max_examples=int(os.environ.get("LACNEWS_PROPERTY_EXAMPLES", "100")),
    deadline=None,  # property 4 times the build itself, against a bound that grows with the input
    database=None,  # nothing kept between runs, in the repository or elsewhere
    derandomize=True,  # the same examples on every run, so CI is reproducible
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                           HealthCheck.large_base_example],
)
PROFILE = settings.get_profile("lacnews-properties")
# Hypothesis keeps files besides examples (Unicode tables, the patch of a failure) where conftest.py says:
# in the system's temporary folder, outside the repository.
# The time property has fewer draws to spend: a long input is slow to build even when linear. It
# is not shrunk: shrinking a slow input drives it onto the bound, where the machine's load
# decides, and hypothesis would then call the failure flaky. The first slow input found is
# reported as it is, well over the bound (each is timed up to three times; the fastest counts).
TIME_PROFILE = settings(PROFILE, max_examples=max(10, PROFILE.max_examples // 3),
                        phases=[Phase.explicit, Phase.reuse, Phase.generate])

BUDGET_BASE = 0.5  # seconds: a cold premailer run, Jinja, the spelling dictionary
BUDGET_PER_BYTE = 20e-6  # seconds a byte of input: about three times what a linear build takes here
HARD_LIMIT = 3  # a build still running at this many budgets is stopped: no need to wait for a quadratic one

ISSUE_FILE = f"issues/{SLUG}.yaml"
LOCATED = r"(?::\d+(?::\d+)?)?: \S"

# What the templates (email.html.j2, the layouts, macros) and the Markdown renderer make, and nothing else.
MARKDOWN_TAGS = {"p", "em", "strong", "a", "img", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "br"}
EMAIL_TAGS = MARKDOWN_TAGS | {"html", "head", "meta", "title", "style", "body", "div", "table", "tr", "td",
                              "h1", "h2", "h3", "span", "link"}
EMAIL_ATTRIBUTES = {"lang", "dir", "xmlns", "xmlns:v", "xmlns:o", "charset", "name", "content", "http-equiv",
                    "role", "aria-roledescription", "aria-label", "class", "width", "cellpadding",
                    "cellspacing", "border", "style", "align", "id", "href", "src", "alt", "bgcolor", "title",
                    "start", "height", "hreflang", "rel"}
INDEX_TAGS = MARKDOWN_TAGS | {"html", "head", "meta", "title", "link", "style", "body", "main", "h1", "div",
                              "span", "footer"}
INDEX_ATTRIBUTES = {"lang", "charset", "name", "content", "rel", "type", "title", "href", "class", "start", "src",
                    "alt", "style", "hreflang"}
SAFE_ADDRESSES = ("https://", "http://", "mailto:", "tel:", "#", "*|")
WEB_ADDRESSES = SAFE_ADDRESSES + ("./", "../index.html")  # an archive page's own
INDEX_ADDRESSES = SAFE_ADDRESSES + ("feed.xml", f"{SLUG}/index.html")  # the archive index's own
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# When a property fails, hypothesis's pytest plugin imports libcst to offer a patch of @example
# lines, and libcst's import warns of a deprecation: an error under the project's
# filterwarnings, which would hide the failure behind an INTERNALERROR.
pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")


@dataclass(frozen=True)
class Baseline:
    """What the templates alone write, and a folder for the examples' projects."""

    folder: Path
    html_tags: Counter
    text_tags: Counter

    def __repr__(self) -> str:  # hypothesis prints the arguments of a failing example: keep this out of them
        return "baseline"


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Baseline:
    """Compose a plain issue once: it warms the caches (Jinja, premailer) and counts the templates' own tags."""
    folder = tmp_path_factory.mktemp("properties")
    with project_of(Edition(
            "date: '2021-03'\nsubject: Plain\nsections:\n- title: First\n  body: Plain words.\n", NEWSLETTER),
            folder) as project:
        email = compose(project, SLUG).emails[""]
    return Baseline(folder, Counter(MERGE_TAG.findall(email.html)), Counter(MERGE_TAG.findall(email.text)))


NEWSLETTER = ("name: News\nsender: {name: Sender, organisation: Trust, address: 1 High Street}\n"
              f"site_url: {SITE_URL}\n")


def issue_with(**fields) -> Edition:
    """A one-section issue with ``fields`` set (``body`` is the section's, ``item`` its one item), as YAML."""
    section = {"title": "News"}
    if "body" in fields:
        section["body"] = fields.pop("body")
    if "item" in fields:
        section["items"] = [fields.pop("item")]
    return Edition(dump({"date": DATE, "subject": "News", "sections": [section], **fields}), NEWSLETTER)


@contextmanager
def project_of(edition: Edition, folder: Path, issue_bytes: bytes | None = None):
    """A project holding ``edition`` (or ``issue_bytes`` as its issue file), removed afterwards."""
    root = Path(tempfile.mkdtemp(dir=folder))
    try:
        (root / "issues").mkdir()
        (root / "newsletter.yaml").write_text(edition.newsletter_yaml, encoding="utf-8")
        (root / ISSUE_FILE).write_bytes(issue_bytes if issue_bytes is not None
                                        else edition.issue_yaml.encode("utf-8"))
        yield Project(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------- time


class _OverTime(BaseException):
    """Raised into a build that ran past its hard limit (a BaseException: nothing in lacnews may catch it)."""


class TooSlow(Exception):
    def __init__(self, seconds: float, budget: float, size: int):
        self.seconds, self.budget, self.size = seconds, budget, size
        super().__init__(f"the build of {size} bytes took {'over ' if seconds >= budget * HARD_LIMIT else ''}"
                         f"{seconds:.2f} s; the bound is {budget:.2f} s (0.5 s + 20 µs a byte)")


def budget(size: int) -> float:
    return BUDGET_BASE + BUDGET_PER_BYTE * size


_HYPOTHESIS = os.path.dirname(hypothesis.__file__)


@contextmanager
def time_limit(seconds: float):
    """Stop the block after ``seconds`` (with SIGALRM; the regex engine checks for signals too)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum, frame):
        # Not inside hypothesis's own callbacks (it times garbage collection), nor a finaliser,
        # where an exception would be printed and swallowed: a moment later instead.
        while frame is not None and frame.f_code is not timed.__code__:
            if frame.f_code.co_filename.startswith(_HYPOTHESIS) or frame.f_code.co_name == "__del__":
                signal.setitimer(signal.ITIMER_REAL, 0.01)
                return
            frame = frame.f_back
        raise _OverTime()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(work, size: int, attempts: int = 3):
    """Return ``work()`` and its time; raise TooSlow past the budget for ``size`` bytes.

    A build over the budget is timed again, up to ``attempts`` times, and the fastest
    counts, so that a busy machine, or premailer meeting a new kind of element, does not
    fail it alone. One stopped at the hard limit fails at once.
    """
    allowed = budget(size)
    best = float("inf")
    for _ in range(attempts):
        start = time.perf_counter()
        try:
            with time_limit(allowed * HARD_LIMIT):
                result = work()
        except _OverTime:
            raise TooSlow(allowed * HARD_LIMIT, allowed, size) from None
        best = min(best, time.perf_counter() - start)
        if best <= allowed:
            return result, best
    raise TooSlow(best, allowed, size)


# ---------------------------------------------------------------- building


@dataclass
class Built:
    composed: Composed
    archive: str  # build/site/<slug>/index.html
    index: str  # build/site/index.html
    feed: str  # build/site/feed.xml


def assert_located(error: LacnewsError, project: Project) -> None:
    """A failure must name the file it is about: "path:line:column: ..." or "path: ...", nothing else."""
    message = error.format_message()
    files = [display_path(project.root / ISSUE_FILE), display_path(project.config_path)]
    first = message.split("\n", 1)[0]
    assert any(re.match(re.escape(name) + LOCATED, first) for name in files), \
        f"{type(error).__name__} without a location: {message!r}"
    if isinstance(error, InputError):
        for problem in error.problems:
            assert display_path(problem.place.path) in files, f"a problem placed elsewhere: {problem}"
            assert re.match(re.escape(display_path(problem.place.path)) + LOCATED, str(problem)), str(problem)


def build_in_process(project: Project, size: int, archive: bool = False) -> Built | None:
    """Compose the issue (and with ``archive`` its archive page, index and feed) within the time bound.

    Returns None for a failure, once it is checked to be located; any exception that
    is not a LacnewsError is left to fail the test. Raises TooSlow past the bound.
    """
    def work():
        composed = compose(project, SLUG)
        if not archive:
            return Built(composed, "", "", "")
        newsletter = composed.loaded.newsletter
        files, _ = site_files(project, newsletter, [IssueRecord.of(project, composed)])
        return Built(composed, archive_page(project, composed), files["index.html"], files.get("feed.xml", ""))

    try:
        built, _ = timed(work, size)
    except LacnewsError as error:
        note(f"failed: {error.format_message()}")
        assert_located(error, project)
        built = None
    assert not project.build_dir.exists(), "composing wrote into build/"
    return built


def build_or_reject(project: Project, size: int, archive: bool = False) -> Built | None:
    """As ``build_in_process``, for the properties other than time: a build too slow to wait for is skipped."""
    try:
        return build_in_process(project, size, archive)
    except TooSlow as slow:
        note(str(slow))
        reject()  # property 4 reports it


# ---------------------------------------------------------------- property 1: merge tags


def _count(counter: Counter, text: str | None) -> None:
    if isinstance(text, str):
        counter.update(MERGE_TAG.findall(text))


def written_tags(issue: dict, newsletter: dict) -> tuple[Counter, Counter]:
    """Return the merge tags written in fields that reach email.html, and in those that reach email.txt."""
    html, text = Counter(), Counter()

    def both(value):
        _count(html, value)
        _count(text, value)

    _count(html, issue.get("subject"))  # the <title> only: the text part is sent under it
    both(issue.get("preheader"))
    both(issue.get("intro"))
    for section in issue.get("sections") or []:
        for key in ("title", "body", "after"):
            both(section.get(key))
        standard = section.get("layout", "standard") == "standard"  # the list layout shows no images
        for item in section.get("items") or []:
            for key in ("title", "byline", "body"):
                both(item.get(key))
            # An item's address makes its title a link; without a title only the list layout's text shows it.
            if (item.get("title") or "").strip():
                both(item.get("url"))
            elif not standard:
                _count(text, item.get("url"))
            for quote_key in ("text", "by"):
                both((item.get("quote") or {}).get(quote_key))
            for link in ([item["link"]] if item.get("link") else []) + (item.get("links") or []):
                both(link.get("text"))
                both(link.get("url"))
            image = item.get("image") or {}
            if standard:
                _count(html, image.get("src"))
                if str(image.get("decorative", "")).lower() not in ("true", "yes", "on"):
                    both(image.get("alt"))
    for key in ("name", "description", "share_text"):
        both(newsletter.get(key))
    for key in ("name", "organisation", "address", "statement"):
        both((newsletter.get("sender") or {}).get(key))
    return html, text


def assert_merge_tags_kept(issue: dict, newsletter: dict, composed: Composed, baseline: Baseline) -> None:
    html_written, text_written = written_tags(issue, newsletter)
    for tag, times in html_written.items():
        found, own = composed.emails[""].html.count(tag), baseline.html_tags[tag]
        assert found >= own + times, (f"email.html holds {tag!r} {found} times; it was written {times} times "
                                      f"(and the templates write it {own} times)")
    for tag, times in text_written.items():
        found, own = composed.emails[""].text.count(tag), baseline.text_tags[tag]
        assert found >= own + times, (f"email.txt holds {tag!r} {found} times; it was written {times} times "
                                      f"(and the templates write it {own} times)")


# The smallest failures found so far, kept as examples: each run tries them first.
@PROFILE
@given(edition=editions())
@example(edition=issue_with(body="***|FNAME|***"))  # emphasis took the tag's asterisks
@example(edition=issue_with(body="![*|FNAME|*](https://example.org/photo.png)"))  # lost from <img alt>
@example(edition=issue_with(body='[the paper](https://example.org/paper "for *|LNAME|*")'))  # a link's title
@example(edition=issue_with(body="```*|FNAME|*\ncode\n```"))  # a code block's info string
@example(edition=issue_with(item={"title": "Dates", "url": "https://example.org/?d=*|DATE:j F Y|*"}))  # %20
@example(edition=issue_with(item={"title": "Go", "link": {"text": "Go",  # a quote and a space: %20
                                                        "url": "https://example.org/*|IF:FNAME = 'Sian'|*"}}))
@example(edition=issue_with(  # the text part wrapped the line inside the tag
    body="Our members met online again this month, and meet next on the day: *|DATE:j F Y|*"))
@example(edition=issue_with(body="*|IF:FNAME\t= Sian|*"))  # the text part's wrapping turned the tab into spaces
@example(edition=issue_with(item={"title": "Said", "quote": {"text": "*|F\u2028NAME|*"}}))  # Jinja's indent
def test_merge_tags_reach_both_outputs_byte_for_byte(baseline, edition):
    """Property 1: merge tags byte for byte in email.html and email.txt."""
    with project_of(edition, baseline.folder) as project:
        built = build_or_reject(project, edition.size)
        if built is not None:
            assert_merge_tags_kept(edition.issue, edition.newsletter, built.composed, baseline)


# ---------------------------------------------------------------- properties 2 and 3: no markup from the input


class Markup(HTMLParser):
    """Every element, attribute, comment and declaration of an HTML document."""

    def __init__(self, document: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []
        self.declarations: list[str] = []
        self.feed(document)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_decl(self, decl):
        self.declarations.append(decl)

    def unknown_decl(self, data):
        self.declarations.append(data)

    def handle_pi(self, data):
        self.declarations.append(f"?{data}")


def _address(value: str) -> str:
    """An address as a browser reads its scheme: leading controls and spaces, and tabs and newlines, ignored."""
    return re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(0x21)))).lower()


def assert_no_foreign_markup(name: str, document: str, tags: set[str], attributes: set[str],
                             addresses: tuple[str, ...], comments: tuple[str, ...] = ()) -> None:
    """Every element and attribute of ``document`` is one its templates make; no script can run."""
    markup = Markup(document)
    for tag, attrs in markup.elements:
        assert tag != "script", f"{name}: a <script> element: {attrs}"
        assert tag in tags, f"{name}: an element the templates do not make: <{tag} {attrs}>"
        for attribute, value in attrs:
            assert not attribute.startswith("on"), f"{name}: an event handler: <{tag} {attribute}={value!r}>"
            assert attribute in attributes, f"{name}: an attribute the templates do not make: <{tag} {attribute}>"
            if attribute in ("href", "src") and value:
                assert _address(value).startswith(addresses), f"{name}: <{tag} {attribute}={value!r}>"
    for comment in markup.comments:
        assert comment.startswith(comments) if comments else False, f"{name}: a comment: <!--{comment}-->"
    for declaration in markup.declarations:
        assert declaration.lower() == "doctype html", f"{name}: a declaration: <!{declaration}>"


def assert_email_has_no_foreign_markup(composed: Composed) -> None:
    assert_no_foreign_markup("email.html", composed.emails[""].html, EMAIL_TAGS, EMAIL_ATTRIBUTES, SAFE_ADDRESSES,
                             comments=("[if mso]",))


def assert_feed_parses(feed: str) -> None:
    forbidden = XML_FORBIDDEN.search(feed)
    assert forbidden is None, f"feed.xml holds {forbidden.group(0)!r}, which XML does not allow"
    try:
        ElementTree.fromstring(feed.encode("utf-8"))
    except ElementTree.ParseError as error:
        raise AssertionError(f"feed.xml does not parse: {error}") from None


@PROFILE
@given(edition=editions())
def test_no_markup_from_the_input_in_the_email(baseline, edition):
    """Property 2: email.html holds no element, attribute or address but the templates' and Markdown's."""
    with project_of(edition, baseline.folder) as project:
        built = build_or_reject(project, edition.size)
        if built is not None:
            assert_email_has_no_foreign_markup(built.composed)


@PROFILE
@given(edition=editions())
# A tag's replacement on the archive page removed the quotes between two attributes:
# <img src="https://example.org/x.png?a=" onerror="alert(1)' width="536">
@example(edition=issue_with(item={"title": "Photo", "image": {"src": "https://example.org/x.png?a=*|",
                                                      "alt": '|*" onerror="alert(1)'}}))
@example(edition=issue_with(subject="News\x1b"))  # written into feed.xml, which then does not parse
def test_archive_page_and_index_have_no_markup_from_the_input_and_the_feed_parses(baseline, edition):
    """Property 3: the archive page and index hold no markup from the input; feed.xml parses."""
    with project_of(edition, baseline.folder) as project:
        built = build_or_reject(project, edition.size, archive=True)
        if built is not None:
            assert_no_foreign_markup("build/site/<slug>/index.html", built.archive, EMAIL_TAGS, EMAIL_ATTRIBUTES,
                                     WEB_ADDRESSES, comments=("[if mso]",))
            assert_no_foreign_markup("build/site/index.html", built.index, INDEX_TAGS, INDEX_ATTRIBUTES,
                                     INDEX_ADDRESSES)
            assert_feed_parses(built.feed)


# ---------------------------------------------------------------- property 4: time


@TIME_PROFILE
@given(edition=editions(long=st.integers(1, 2)))
@example(edition=issue_with(body="x" * 10_000))  # the checks' patterns tried every start in a long word
def test_time_per_input_byte_is_bounded(baseline, edition):
    """Property 4: at most 0.5 s + 20 µs a byte of input, long tokens included."""
    with project_of(edition, baseline.folder) as project:
        build_in_process(project, edition.size, archive=True)


@TIME_PROFILE
@given(edition=alias_editions())
@example(edition=aliased_items(20, 100))  # 8.7 KB of YAML, 2,000 items: 1.6 s before aliases were bounded
@example(edition=aliased_body(2_000, 200))  # 8.1 KB of YAML, 400 KB of text
def test_time_per_input_byte_is_bounded_when_yaml_aliases_repeat_a_list(baseline, edition):
    """Property 4 for YAML aliases: a file that repeats itself is refused, located, or built within the bound."""
    with project_of(edition, baseline.folder) as project:
        build_in_process(project, edition.size)


# ---------------------------------------------------------------- the build succeeds or fails located


@PROFILE
@given(broken=broken_issue_files())
@example(broken=(b"date: 2021-03\nsubject: S\nsections: &s [*s]\n", None))
@example(broken=(b"date: 2021-03\nsubject: \x01\nsections:\n- title: T\n", None))
@example(broken=(b"date: 2021-03\nsubject: S\nsections:\n- title: \xff\n", None))
def test_a_broken_issue_file_fails_with_a_located_message(baseline, broken):
    """A file that is not valid YAML, or not an issue, fails located; one that builds keeps properties 1 and 2."""
    data, edition = broken
    edition = edition or Edition(data.decode("utf-8", "replace"),
                                 "name: News\nsender: {name: S, organisation: T, address: 1 High Street}\n")
    with project_of(edition, baseline.folder, issue_bytes=data) as project:
        built = build_or_reject(project, len(data) + len(edition.newsletter_yaml.encode("utf-8")))
        if built is not None:
            assert_email_has_no_foreign_markup(built.composed)
            assert_merge_tags_kept(read_yaml(data.decode("utf-8-sig")), edition.newsletter, built.composed, baseline)


# ---------------------------------------------------------------- property 5: a failure writes nothing


def _files_below(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@PROFILE
@given(source=st.one_of(editions(long=st.just(0)).map(lambda e: (e.issue_yaml.encode("utf-8"), e)),
                        broken_issue_files()),
       force=st.booleans())
def test_a_failed_build_is_located_and_writes_nothing(baseline, source, force):
    """Property 5, through `build --all` in process: a failure is located and writes nothing of the issue."""
    data, edition = source
    with project_of(edition, baseline.folder, issue_bytes=data) as project:
        site = project.build_dir / "site"
        try:
            outcome = build_all(project, force=force)
        except LacnewsError as error:  # newsletter.yaml itself: the whole build stops, located
            note(f"build --all failed: {error.format_message()}")
            assert_located(error, project)
            outcome = None
            failed = {SLUG: None}
        else:
            failed = dict(outcome.failed)
        if SLUG in failed:
            error = failed[SLUG]
            if isinstance(error, ChecksFailed):
                note(f"not built: {[str(f) for f in error.findings if f.level == 'error']}")
                assert not force, "--force builds an issue despite its check errors"
                assert any(f.level == "error" for f in error.findings), "not built, yet no error found"
                files = {project.root / ISSUE_FILE, project.config_path, project.words_path,
                         project.build_dir / SLUG / "email.html", project.build_dir / SLUG / "email.txt"}
                for finding in error.findings:
                    assert finding.place.path in files, f"a finding placed elsewhere: {finding}"
            elif error is not None:
                note(f"failed: {error.format_message()}")
                assert_located(error, project)
            assert _files_below(project.build_dir / SLUG) == [], "a failed build wrote its email"
            assert _files_below(site / SLUG) == [], "a failed build wrote its archive page"
            if (site / "index.html").exists():
                assert f'href="{SLUG}/index.html"' not in (site / "index.html").read_text(encoding="utf-8")
        else:
            assert [b.slug for b in outcome.built] == [SLUG], outcome
            assert {"email.html", "email.txt", ".build.json"} <= set(_files_below(project.build_dir / SLUG))
            assert_no_foreign_markup("build/site/index.html", (site / "index.html").read_text(encoding="utf-8"),
                                     INDEX_TAGS, INDEX_ATTRIBUTES, INDEX_ADDRESSES)
        if (site / "feed.xml").exists():
            assert_feed_parses((site / "feed.xml").read_text(encoding="utf-8"))


# Pictures: whatever an editor brings that opens, what leaves is pixels only, upright, never enlarged

PICTURE_MODES = {"JPEG": ["RGB", "L", "CMYK"], "PNG": ["RGB", "RGBA", "L", "LA", "P", "I;16"],
                 "GIF": ["P", "L"], "WEBP": ["RGB", "RGBA"], "TIFF": ["RGB", "CMYK", "L"], "BMP": ["RGB", "L"]}


@st.composite
def picture_files(draw) -> tuple[bytes, int, int]:
    """A picture file of any common kind, with a phone's EXIF and orientation where its format holds EXIF."""
    import picture_files as made
    from PIL import Image

    kind = draw(st.sampled_from(sorted(PICTURE_MODES)))
    mode = draw(st.sampled_from(PICTURE_MODES[kind]))
    width, height = draw(st.integers(1, 400)), draw(st.integers(1, 400))
    seed = draw(st.integers(0, 2**16))
    picture = Image.effect_noise((width, height), draw(st.sampled_from([0, 30, 120]))).convert("RGB")
    picture = Image.blend(picture, Image.new("RGB", (width, height), (seed % 256, 90, 200)), 0.5)
    if mode in ("RGBA", "LA"):
        alpha = Image.new("L", (width, height), draw(st.sampled_from([0, 128, 255])))
        picture = picture.convert("RGBA")
        picture.putalpha(alpha)
    picture = picture.convert(mode) if mode != "I;16" else picture.convert("L").point(lambda v: v * 257, "I")
    if mode == "I;16":
        picture = picture.convert("I;16")
    orientation = draw(st.integers(1, 8))
    out = io.BytesIO()
    extra = {"exif": made.camera_exif(orientation).tobytes()} if kind in ("JPEG", "PNG", "WEBP", "TIFF") else {}
    picture.save(out, kind, **extra)
    return out.getvalue(), orientation, kind


@settings(PROFILE, max_examples=max(10, PROFILE.max_examples // 2))
@given(picture_files(), st.one_of(st.none(), st.integers(1, 700)), st.sampled_from([240, 536]))
def test_every_picture_leaves_as_pixels_only_upright_and_never_enlarged(file, asked, max_width):
    from PIL import Image
    from test_pictures import assert_no_metadata

    from lacnews.pipeline.pictures import prepare

    data, orientation, kind = file
    source = Image.open(io.BytesIO(data))
    holds_exif = kind in ("JPEG", "PNG", "WEBP", "TIFF")
    upright = source.size[::-1] if orientation in (5, 6, 7, 8) and holds_exif else source.size
    note(f"{kind} {source.mode} {source.size} orientation {orientation}, asked {asked}, at most {max_width}")
    prepared = prepare(data, "picture", asked, max_width)
    out = Image.open(io.BytesIO(prepared.data))
    assert out.format == prepared.format in ("JPEG", "PNG")
    assert out.size == (prepared.pixel_width, prepared.pixel_height)
    assert prepared.width == min(asked or upright[0], max_width)
    assert prepared.pixel_width == min(2 * prepared.width, upright[0])  # sharp, and never enlarged
    assert abs(prepared.pixel_height - prepared.pixel_width * upright[1] / upright[0]) <= 1
    assert abs(prepared.height - prepared.width * upright[1] / upright[0]) <= 1
    assert_no_metadata(prepared.data)
