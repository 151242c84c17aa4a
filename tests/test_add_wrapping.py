"""What `lacnews add` writes is wrapped as an editor writes it, and reads exactly as before (issue 22, point 6).

lacnews.imports.wrapping breaks each long Markdown line at spaces, to the width lacnews.yaml.edit gives
the block it is written in. What must hold for every text: the wrapped Markdown renders to the same HTML
(each soft line break read as the space it replaced) and to the same plain text; no link, merge tag,
address or code span is cut; a hard line break stays one; and where nothing stands in the way, every
line fits. Hypothesis draws the text from two mixtures: an editor's paragraphs (words, links, merge tags,
long addresses, emphasis, hard breaks, lists, quotes) and the hostile fragments of tests/strategies.py.
End to end: pasted text added with `lacnews add -` and built gives the email it gives unwrapped.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from conftest import MINIMAL_ISSUE as ISSUE
from conftest import MINIMAL_NEWSLETTER as NEWSLETTER
from conftest import TempProject, lacnews_command, lacnews_env
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token
from strategies import MARKDOWN, MERGE_TAGS

from lacnews.base.project import Project
from lacnews.compose import compose
from lacnews.imports.pasted import read_pasted
from lacnews.imports.wrapping import wrap_markdown
from lacnews.text.markdown import parse, parser
from lacnews.text.mergetags import MERGE_TAG
from lacnews.text.plaintext import from_markdown

BOUNDED = settings(max_examples=100, deadline=None, database=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")


def html_of(markdown: str) -> str:
    """Return the HTML of ``markdown`` as lacnews renders it, each soft line break written as the space a
    browser, a mail program and the plain text read it as (markdown-it writes it as a newline)."""
    md = parser()
    tokens = []
    for token in parse(markdown):
        if token.children:
            children = [Token("text", "", 0, content=" ") if child.type == "softbreak" else child
                        for child in token.children]
            token = token.copy(children=children)
        tokens.append(token)
    return md.renderer.render(tokens, md.options, {})


def assert_reads_the_same(original: str, wrapped: str) -> None:
    assert html_of(wrapped) == html_of(original), (original, wrapped)
    assert from_markdown(wrapped) == from_markdown(original), (original, wrapped)


# An editor's paragraphs

WORD = st.tuples(st.sampled_from("abcdefghijklmnopqrstuvwxyzéŵ"),
                 st.text("abcdefghijklmnopqrstuvwxyzéŵ'’,.;:?!()0123456789", max_size=11)).map("".join)
LONG_URL = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_/?=&.", min_size=40, max_size=120).map(
    lambda path: f"https://example.org/{path}")
PHRASE = st.lists(WORD, min_size=1, max_size=8).map(" ".join)
LINK = st.tuples(PHRASE, st.one_of(LONG_URL, st.sampled_from(["*|ARCHIVE|*", "https://example.org/a?b=1&c=2"]))) \
    .map(lambda pair: f"[{pair[0]}]({pair[1]})")
CODE = PHRASE.map(lambda phrase: f"`{phrase}`")
WHOLE = st.one_of(WORD, WORD, WORD, WORD, LINK, st.sampled_from(MERGE_TAGS), LONG_URL, CODE,
                  LONG_URL.map(lambda url: f"<{url}>"))
# Emphasis may wrap between its words, as an editor wraps it: its marks stay on the words they touch.
EMPHASIS = st.tuples(st.sampled_from(["*", "**", "***", "_"]), st.lists(WORD, min_size=1, max_size=6)).map(
    lambda pair: [pair[0] + pair[1][0], *pair[1][1:-1], pair[1][-1] + pair[0]] if len(pair[1]) > 1
    else [pair[0] + pair[1][0] + pair[0]])
PIECES = st.one_of(WHOLE.map(lambda whole: [whole]), WHOLE.map(lambda whole: [whole]), EMPHASIS)


@st.composite
def paragraphs(draw) -> tuple[str, list[str], list[str]]:
    """Return Markdown of a few blocks (a paragraph, a list item, a quote) of drawn tokens, some lines ended
    by a hard break; the pieces a line may break between; and what must come out whole."""
    blocks, pieces = [], []
    for _ in range(draw(st.integers(1, 3))):
        lead = draw(st.sampled_from(["", "", "- ", "1. ", "> ", "  - "]))
        lines = []
        for _ in range(draw(st.integers(1, 3))):
            line = [piece for drawn in draw(st.lists(PIECES, min_size=1, max_size=20)) for piece in drawn]
            pieces += line
            lines.append(" ".join(line))
        hard = draw(st.sampled_from(["\\\n", "  \n"]))
        continuation = "> " if lead == "> " else " " * len(lead)
        blocks.append(lead + f"{hard}{continuation}".join(lines))
    return "\n\n".join(blocks), pieces, [piece for piece in pieces if not piece.startswith(("*", "_"))
                                          and not piece.endswith(("*", "_")) or MERGE_TAG.fullmatch(piece)]


def words_of(markdown: str) -> str:
    """Return the words of Markdown's lines, each line without the quote marks and indentation it starts with."""
    return " ".join(" ".join(re.sub(r"^(?:> ?| )+", "", line) for line in markdown.split("\n")).split())


@BOUNDED
@given(paragraphs(), st.integers(40, 78))
@example((("Costs rose - 5% and 1. not a list, # not a heading, > not a quote, == and --- stay *in* the "
           "middle of the line as they were written"), [], ["-", "1.", "#", ">", "==", "---"]), 40)
@example((("a hard break at the end of a long line of words that goes on and on past the width\\\n"
           "and a second line"), [], []), 40)
def test_wrapped_paragraphs_render_as_they_were_and_fit(drawn, width):
    markdown, pieces, whole = drawn
    wrapped = wrap_markdown(markdown, width)

    assert_reads_the_same(markdown, wrapped)
    assert words_of(wrapped) == words_of(markdown)  # only spaces became line breaks
    lines = wrapped.split("\n")
    for token in whole:  # a link, a merge tag, an address or a code span is never cut
        assert any(token in line for line in lines), token
    for line in lines:  # a line is longer only where it is one piece that cannot be cut (and its line's start)
        piece = re.sub(r"^(?:> ?|[-+*] |[0-9]{1,9}[.)] | )+|\\$|  $", "", line)
        assert len(line) <= width or piece in pieces, (line, wrapped)
    hard_breaks = len(re.findall(r"\\\n|  \n", markdown))
    assert len(re.findall(r"\\\n|  \n", wrapped)) == hard_breaks


# Hostile text: whatever it is, it reads the same

HOSTILE = st.lists(st.one_of(st.sampled_from(MARKDOWN), st.sampled_from(MERGE_TAGS), WORD, LONG_URL,
                             st.just(" "), st.just("\n")), min_size=1, max_size=60).map("".join)


@BOUNDED
@given(HOSTILE, st.integers(20, 78))
def test_any_markdown_reads_the_same_wrapped(markdown, width):
    wrapped = wrap_markdown(markdown, width)
    assert_reads_the_same(markdown, wrapped)
    assert MERGE_TAG.findall(wrapped) == MERGE_TAG.findall(markdown)


@pytest.mark.parametrize(("markdown", "kept"), [
    ("some words before a [link whose words are long enough to pass the width](https://example.org/page) after",
     "[link whose words are long enough to pass the width](https://example.org/page)"),
    ("some words before *|DATE:d/m Y|* and *|IF:FNAME = 'Sian'|* and more words after them", "*|IF:FNAME = 'Sian'|*"),
    ("words and then `a code span with spaces in it` and then more words to pass", "`a code span with spaces in it`"),
    ("an address <https://example.org/a/very/long/path/that/goes/on> and more", "<https://example.org/a/very/long"),
    ("escaped \\[not a link\\] and an ![image of words](https://example.org/p.png) too",
     "![image of words](https://example.org/p.png)"),
])
def test_what_a_break_must_not_cut_stays_on_one_line(markdown, kept):
    wrapped = wrap_markdown(markdown, 24)
    assert "\n" in wrapped and any(kept in line for line in wrapped.split("\n")), wrapped
    assert_reads_the_same(markdown, wrapped)


def test_no_line_is_made_to_start_a_list_a_heading_a_quote_or_a_rule():
    markdown = ("Costs rose - 5% and + 2, 1. not a list, 2) nor this, # not a heading, ## nor this, > not a quote, "
                "== and --- and *** stay in the middle of the line as they were written")
    for width in range(12, 60):
        wrapped = wrap_markdown(markdown, width)
        assert wrapped.count("\n") >= len(markdown) // width - 1, wrapped
        assert not [line for line in wrapped.split("\n")
                    if re.match(r"(?:[-+*=_#]+|[0-9]+[.)]|>)(?: |$)", line)], wrapped
        assert_reads_the_same(markdown, wrapped)


def test_nothing_changes_where_every_line_fits_or_in_code():
    fenced = "```\n" + "code " * 30 + "\n```"
    assert wrap_markdown(fenced, 40) == fenced
    assert wrap_markdown("short line\nanother", 40) == "short line\nanother"


def test_a_list_item_and_a_quote_keep_their_lines_together():
    item = "- " + " ".join(["word"] * 30)
    assert wrap_markdown(item, 40).split("\n")[1].startswith("  word")
    quote = "> 1. " + " ".join(["word"] * 30)
    assert all(line.startswith(">    ") for line in wrap_markdown(quote, 40).split("\n")[1:])


def test_a_long_token_of_100_kb_is_read_in_linear_time():
    import time

    for token in ("[" * 100_000, "` " * 50_000, "<" * 100_000, "[a](b " * 20_000, "word " * 20_000):
        started = time.perf_counter()
        wrap_markdown(token, 70)
        assert time.perf_counter() - started < 10, token[:10]


# End to end: pasted text

PASTED = """News from the allotment

Dear *|FNAME|*, the allotment on Mill Lane opened its gates this month to anyone who wanted a bed of their own, \
and forty neighbours came on the first morning with spades and seedlings (see https://example.org/allotments/mill-lane/opening-day-2021/photographs-and-plans).

•\tBring your own spade, your own gloves and a flask of tea, as the shed has only a kettle and four cups
•\tChildren are welcome, with a grown-up, on Saturday mornings from nine until twelve o'clock
"""


def test_pasted_text_is_written_wrapped_and_builds_the_email_it_builds_unwrapped(tmp_path):
    project = TempProject(tmp_path / "news")
    project.write("newsletter.yaml", NEWSLETTER)
    project.issue("march-2021", ISSUE)
    added = subprocess.run([*lacnews_command(), "add", "march-2021", "-"], cwd=project.root, input=PASTED.encode(),
                           capture_output=True, env=lacnews_env(), timeout=120, check=False)
    assert added.returncode == 0, added.stderr.decode()

    written = (project.root / "issues" / "march-2021.yaml").read_text(encoding="utf-8")
    added = written[written.index("# Added by lacnews add"):].splitlines()
    assert max(len(line) for line in added[1:] if "https://" not in line) <= 80, added  # [0]: the comment
    assert "      - Bring your own spade, your own gloves and a flask of tea, as the shed\n" \
           "        has only a kettle and four cups\n" in written
    body = yaml.safe_load(written)["sections"][-1]["body"]
    as_read = read_pasted(PASTED).body  # what add wrapped
    assert body != as_read and words_of(body) == words_of(as_read)

    unwrapped = TempProject(tmp_path / "unwrapped")
    shutil.copy(project.root / "newsletter.yaml", unwrapped.root / "newsletter.yaml")
    issue = yaml.safe_load(ISSUE)
    issue["sections"].append({"title": "News from the allotment", "body": as_read})
    (unwrapped.root / "issues" / "march-2021.yaml").write_text(
        yaml.safe_dump(issue, allow_unicode=True, width=1_000_000, sort_keys=False), encoding="utf-8")

    email = compose(Project(project.root), "march-2021").emails[""]
    as_it_was = compose(Project(unwrapped.root), "march-2021").emails[""]
    assert email.text == as_it_was.text
    assert email.html.replace("\n", " ") == as_it_was.html.replace("\n", " ")  # a soft break, a space
    assert "opening-day-2021/photographs-and-plans" in " ".join(email.text.split())

