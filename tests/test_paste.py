"""Paste damage: what Word, Google Docs and web pages leave in pasted text, caught by `check` at its place
and repaired by `check --fix` without changing a word or a comment.

The fixtures reproduce the characters real exports carry: Word's "•<tab>" and "o<tab>" bullets with
no-break spaces around dashes and soft hyphens; Google Docs' zero-width spaces between styled runs
and "●" bullets.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from lacnews.text.pastedamage import damage
from lacnews.text.pasterepair import repaired

# As Word 365 puts a bulleted list and a paragraph on the clipboard as plain text.
FROM_WORD = ("Our volunteers have:\n"
             "\u2022\tcollected shopping and prescriptions\n"
             "\u2022\tmade friendly phone calls\u00a0\u2013 over 400 of them\n"
             "o\tin Derby and Thurrock\n"
             "\u2022\tkept local groups going\n"
             "Thank you to every co\u00adordinator.")
# As Google Docs does: zero-width spaces where bold or a link began, "●" bullets.
FROM_GOOGLE_DOCS = ("Coffee\u200b mornings are back\u200b.\n"
                    "\u25cf  Tuesday at the library\n"
                    "\u25cf  Friday online")

ISSUE = """\
date: 2021-03
subject: Pasted
# Sent to everyone on the March list.
sections:
  - title: From Word  # pasted from Ann's document
    body: |
{word}
  - title: From Google Docs
    body: |
{docs}
  - title: Folded
    body: We did •\tone thing •\tanother thing *|FNAME|*
  # the end
"""


def indented(text: str) -> str:
    return "\n".join("      " + line for line in text.split("\n"))


def pasted_issue(project) -> str:
    text = ISSUE.format(word=indented(FROM_WORD), docs=indented(FROM_GOOGLE_DOCS))
    project.issue("march-2021", text)
    return text


def test_check_names_paste_damage_once_per_kind_per_text_with_its_count_and_lines(project):
    pasted_issue(project)
    result = project.run("check", "march-2021")
    out = result.out
    bullets = re.findall(r"issues/march-2021\.yaml:(\d+):(\d+): warning paste-bullets: ([^:]+): (\d+) bullets", out)
    assert bullets == [("8", "7", "sections[0].body", "4"), ("16", "7", "sections[1].body", "2"),
                       ("19", "18", "sections[2].body", "2")], out
    assert "sections[0].body: 4 bullets pasted from a word processor ('•', 'o'), on lines 8-11: the list will " \
           "merge into one paragraph; `lacnews check --fix march-2021` makes them a Markdown list" in out
    assert "issues/march-2021.yaml:9:34: warning invisible-character: sections[0].body: 2 invisible characters " \
           "pasted with the text (U+00A0 NO-BREAK SPACE, U+00AD SOFT HYPHEN), on lines 9 and 12" in out
    assert "issues/march-2021.yaml:15:13: warning invisible-character: sections[1].body: 2 invisible characters " \
           "pasted with the text (U+200B ZERO WIDTH SPACE ×2), on line 15" in out
    assert out.count("invisible-character") == 2 and out.count("paste-bullets") == 3
    assert result.code == 0  # warnings: the words all reach the email, but not as the editor meant


def test_check_fix_repairs_pasted_lists_keeping_every_word_and_comment(project):
    before = pasted_issue(project)
    result = project.run("check", "--fix", "march-2021")
    assert result.code == 0, result.output
    assert "fixed issues/march-2021.yaml:6:11: sections[0].body: pasted bullets made a Markdown list, invisible " \
           "characters removed" in result.out
    assert "fixed issues/march-2021.yaml:19:11: sections[2].body: pasted bullets made a Markdown list" in result.out
    assert "paste-bullets" not in result.out and "invisible-character" not in result.out
    after = (project.root / "issues" / "march-2021.yaml").read_text(encoding="utf-8")
    for comment in re.findall(r"#.*", before):
        assert comment in after
    assert "      - collected shopping and prescriptions\n      - made friendly phone calls – over 400 of them\n" \
           "        - in Derby and Thurrock\n      - kept local groups going\n\n      Thank you to every " \
           "coordinator." in after
    assert "    body: |-\n      We did\n      - one thing\n      - another thing *|FNAME|*\n" in after
    assert project.run("build", "march-2021").code == 0
    _, text = project.built("march-2021")
    assert "* collected shopping and prescriptions\n* made friendly phone calls – over 400 of them\n" in text
    assert "* Tuesday at the library\n* Friday online" in text
    assert "* another thing *|FNAME|*" in text
    again = project.run("check", "--fix", "march-2021")
    assert "fixed" not in again.out  # nothing left to repair
    assert (project.root / "issues" / "march-2021.yaml").read_text(encoding="utf-8") == after


def test_check_fix_leaves_a_file_that_does_not_load_to_the_check(project):
    project.issue("march-2021", "date: 2021-03\nsubject: [unclosed\nsections: []\n")
    before = (project.root / "issues" / "march-2021.yaml").read_bytes()
    result = project.run("check", "--fix", "march-2021")
    assert result.code == 1 and "Traceback" not in result.output
    assert (project.root / "issues" / "march-2021.yaml").read_bytes() == before


WORDS = st.text(st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=8)
PIECES = st.one_of(WORDS, st.sampled_from(["*|FNAME|*", "*|ARCHIVE|*", "[a link](https://example.org/)"]))
DAMAGE = st.sampled_from(["\u00a0", "\u200b", "\u00ad", "\ufeff", "\n\u2022\t", "\n\u25cf  ", "\no\t", " \u2022\t"])


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(PIECES, st.one_of(st.just(" "), st.just("\n"), DAMAGE)), min_size=1, max_size=30))
def test_repair_keeps_every_word_link_and_merge_tag_and_leaves_no_damage(pieces):
    text = "".join(piece + gap for piece, gap in pieces)
    fixed = repaired(text)
    assert not list(damage(fixed))
    assert _words(fixed) == _words(text)
    for tag in re.findall(r"\*\|[A-Z]+\|\*", text):
        assert fixed.count(tag) == text.count(tag)


def _words(text: str) -> list[str]:
    """The words as a reader reads them: without list markers, bullets or invisible characters."""
    text = re.sub(r"(?m)^[ \t]*(?:- |o\t|[\u2022\u25cf][ \t])[ \t]*", " ", text)
    text = re.sub(r" \u2022\t", " ", text).replace("\u00a0", " ")
    return re.sub("[\u00ad\u200b\ufeff]", "", text).split()


def test_check_fix_turns_html_pasted_from_google_docs_into_markdown(project):
    project.issue("march-2021", """\
        date: 2021-03
        subject: Pasted HTML
        # from the page's source
        sections:
          - title: News
            body: |
              <p dir="ltr"><b id="docs-internal-guid-1a2b">Coffee mornings</b> are back on <span style="font-weight:400">Tuesdays</span>.</p><p>Book at <a href="https://example.org/book">our page</a>, *|FNAME|*.</p>
        """)
    refused = project.run("build", "march-2021")
    assert refused.code == 1 and "error paste-html: sections[0].body: pasted HTML (<p dir=\"ltr\">)" in refused.err
    fixed = project.run("check", "--fix", "march-2021")
    assert "fixed issues/march-2021.yaml:6:11: sections[0].body: pasted HTML made Markdown" in fixed.out
    text = (project.root / "issues" / "march-2021.yaml").read_text(encoding="utf-8")
    assert "# from the page's source" in text
    assert "      **Coffee mornings** are back on Tuesdays.\n\n      Book at [our page](https://example.org/book), " \
           "*|FNAME|*." in text
    assert project.run("build", "march-2021").code == 0
    html, _ = project.built("march-2021")
    assert "<strong>Coffee mornings</strong>" in html and 'href="https://example.org/book"' in html
    assert "&lt;p" not in html


def test_add_says_when_it_takes_invisible_characters_out_of_a_paste(lac):
    """`add -` cleans what `check` would flag, and says so, as `check --fix` says its repairs."""
    import subprocess

    from conftest import lacnews_command, lacnews_env

    process = subprocess.run([*lacnews_command(), "add", "may-2020", "-"], cwd=lac.root, capture_output=True,
                             text=True, env=lacnews_env(None), timeout=120,
                             input="Summer gatherings\n\nJoin us\u200e for tea\u00a0time.\n")
    assert process.returncode == 0, process.stderr
    assert "2 invisible characters pasted with the text" in process.stdout
