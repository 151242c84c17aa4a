"""The checks cost linear time with a small constant (issue 24): one walk of the content shared by every rule,
spelling asked once per distinct word over a whole `build --all` or `check --all`, suggestions only for the
words reported.

Time on a shared machine says little, so the work is counted: the calls the checks make (cProfile counts every
Python function call, whatever the load), the words the dictionaries are asked, the Markdown read.
"""

from __future__ import annotations

import cProfile
import os
import pstats

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_NEWSLETTER
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.tree import SyntaxTreeNode

from lacnews.base.project import Project
from lacnews.checks import content as content_rules
from lacnews.checks import registry
from lacnews.cli import cli
from lacnews.compose import compose
from lacnews.pipeline import content
from lacnews.pipeline.content import Paragraph, read_markdown
from lacnews.text import markdown, spelling
from lacnews.text.spelling import Speller, words_in, words_of

BOUNDED = settings(max_examples=int(os.environ.get("LACNEWS_PROPERTY_EXAMPLES", "200")), deadline=None,
                   database=None, derandomize=True)

# One section as an editor writes one: every kind of text the rules read (Markdown with a list, a link and a
# merge tag, a title, a byline, a quote, a button, a date), with something for most rules to find.
SECTION = """\
  - title: Section {n} of the month, May 2015
    body: |
      Hello *|FNAME|*, this is section {n} with *emphasis*, **strong words**, the the
      [report {n}](https://example.org/reports/{n}) and [here](http://example.org/{n}).

      * a first point about neighbourhood {n}, written Oct 28, 2016
      * a second point about the Coronaviurs and CatalystsSian
      •\ta pasted bullet\u00a0with a no-break space
    items:
      - title: Story {n}
        byline: Reporter {n}
        date: 2014-05
        body: What happened in place {n}, in a paragraph of ordinary length. Read the full paper
        quote: {{text: "Words someone said about {n}", by: "Speaker {n}"}}
        link: {{text: Read story {n}, url: "https://example.org/stories/{n}"}}
"""


def issue_of(sections: int) -> str:
    return f"date: 2021-03\nsubject: News, {sections} sections\nsections:\n" + "".join(
        SECTION.format(n=n) for n in range(sections))


@pytest.fixture
def fresh_spellers(monkeypatch):
    """Spellers that have asked nothing yet: the run's are shared by every test in this process."""
    monkeypatch.setattr(spelling, "_SHARED", {})


def checks_calls(project, slug: str) -> tuple[dict[tuple, int], list]:
    """Return how many times the checks of ``slug``, as compose runs them, call each function, and the findings."""
    import lacnews.compose.composition as composing

    calls: dict[tuple, int] = {}

    def counted(*args, **kwargs):
        profile = cProfile.Profile()
        found = profile.runcall(registry.run_checks, *args, **kwargs)
        calls.update({function: row[1] for function, row in pstats.Stats(profile).stats.items()})
        return found

    composing.run_checks = counted
    try:
        found = compose(project, slug).findings
    finally:
        composing.run_checks = registry.run_checks
    return calls, found


def test_the_checks_work_grows_with_the_issue_and_no_faster(project, fresh_spellers):
    """From 40 sections to 160 no function the checks call is called more than four times as often (a rule that
    looked through every text for each text, as stale-date's search for a text's item once did, had a string
    method called ten times as often)."""
    project.issue("march-2021", issue_of(40))
    small, small_found = checks_calls(Project(project.root), "march-2021")
    spelling._SHARED.clear()  # each size as a first issue: its words asked for the first time
    project.issue("march-2021", issue_of(160))
    large, large_found = checks_calls(Project(project.root), "march-2021")
    rules = {finding.rule for finding in large_found}
    assert {"stale-date", "spelling", "doubled-word", "run-together", "link-text-vague", "link-http",
            "paste-bullets", "invisible-character", "lost-link"} <= rules, rules
    assert len(large_found) > 3 * len(small_found)
    faster = {function: (small.get(function, 0), times) for function, times in large.items()
              if times > 4 * 1.1 * small.get(function, 0) + 1000}
    assert not faster, f"called more than four times as often at four times the size: {faster}"
    assert sum(large.values()) < 4 * 1.1 * sum(small.values())


def test_each_markdown_text_is_read_once_and_paste_damage_scanned_once_for_every_rule(project, monkeypatch):
    project.issue("march-2021", issue_of(5))
    read, scanned = [], []
    real_read, real_damage = content.read_markdown, content_rules.damage
    monkeypatch.setattr(content, "read_markdown", lambda text: read.append(text) or real_read(text))
    monkeypatch.setattr(content_rules, "damage", lambda text, *more: scanned.append(text) or real_damage(text, *more))
    found = compose(Project(project.root), "march-2021").findings
    assert {"paste-bullets", "invisible-character"} <= {finding.rule for finding in found}
    assert len(read) == len(set(read)) and any("report 4" in text for text in read)
    assert len(scanned) == len(set(scanned)) and any("report 4" in text for text in scanned)


def test_each_distinct_word_is_asked_once_over_every_issue_of_build_all(project, fresh_spellers, monkeypatch):
    """Three issues of `build --all` (built in one process below four) share their words: each is asked once,
    and an unknown word's suggestion once, though each issue reports it."""
    asked: list[tuple[str, str]] = []
    suggested: list[str] = []
    ask, suggest = Speller._ask, Speller.suggestion
    monkeypatch.setattr(Speller, "_ask", lambda self, word: asked.append((self.language, word)) or ask(self, word))

    def suggestion(self, word):
        if word not in self._suggestions:  # the dictionary is asked
            suggested.append(word)
        return suggest(self, word)

    monkeypatch.setattr(Speller, "suggestion", suggestion)
    for slug, month in (("january-2021", "01"), ("february-2021", "02"), ("march-2021", "03")):
        project.issue(slug, issue_of(2).replace("date: 2021-03", f"date: 2021-{month}"))
    result = CliRunner().invoke(cli, ["build", "--all", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    assert result.output.count("'Coronaviurs'") == 3  # reported in each issue
    assert len(asked) == len(set(asked)), [word for word in asked if asked.count(word) > 1]
    assert ("en", "neighbourhood") in asked and ("en", "Coronaviurs") in asked
    assert sorted(suggested) == ["CatalystsSian", "Coronaviurs"]  # the words reported, each once


def test_a_word_added_to_words_txt_is_known_at_the_next_check_in_the_same_process(project):
    """The shared speller is the words file's: a preview session or a second check sees the word added."""
    project.issue("march-2021", issue_of(1))
    runner = CliRunner()
    before = runner.invoke(cli, ["check", "march-2021", "--root", str(project.root)])
    assert "'Coronaviurs'" in before.output
    added = runner.invoke(cli, ["words", "add", "Coronaviurs", "--root", str(project.root)])
    assert added.exit_code == 0, added.output
    after = runner.invoke(cli, ["check", "march-2021", "--root", str(project.root)])
    assert "'Coronaviurs'" not in after.output and "'CatalystsSian'" in after.output


def test_a_speller_is_shared_while_its_words_file_and_language_are_the_same(tmp_path, fresh_spellers):
    (tmp_path / "words.txt").write_text("Havercroft\n", encoding="utf-8")
    english = spelling.shared_speller(tmp_path, "en")
    assert spelling.shared_speller(tmp_path, "en") is english and english.known("Havercroft")
    assert spelling.shared_speller(tmp_path, "cy") is not english
    (tmp_path / "words.txt").write_text("Havercroft\nOkonkwo\n", encoding="utf-8")
    again = spelling.shared_speller(tmp_path, "en")
    assert again is not english and again.known("Okonkwo")
    for number in range(20):  # a session editing words.txt keeps a few spellers, not one for each edit
        (tmp_path / "words.txt").write_text(f"Word{number}\n", encoding="utf-8")
        spelling.shared_speller(tmp_path, "en")
    assert len(spelling._SHARED) <= spelling._SHARED_AT_MOST


# What the one walk reads is what the rules read before it: the same paragraphs, links and images.

def _paragraphs_by_tree(text: str) -> tuple[list[Paragraph], list[tuple[str, str]]]:
    """The paragraphs and images of ``text`` as lacnews read them before: through markdown-it's syntax tree."""
    def paragraph(node) -> Paragraph:
        visible, outside, links = [], [], []

        def walk(children, in_link: bool) -> None:
            for child in children:
                if child.type in ("text", "code_inline"):
                    visible.append(child.content)
                    if not in_link:
                        outside.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    visible.append(" ")
                    outside.append(" ")
                elif child.type == "link":
                    start = len(visible)
                    walk(child.children, True)
                    links.append(("".join(visible[start:]), child.attrs.get("href", "")))
                    outside.append(" ")
                elif child.children:
                    walk(child.children, in_link)

        walk(node.children, False)
        return Paragraph("".join(visible), "".join(outside), tuple(links))

    tree = SyntaxTreeNode(markdown.parse(text))
    return ([paragraph(node) for node in tree.walk() if node.type == "inline"],
            [(node.content, node.attrs.get("src", "")) for node in tree.walk() if node.type == "image"])


MARKDOWN_PIECES = ["word", "two words", " ", "\n", "\n\n", "*", "**", "_", "[", "]", "(", ")", "![", "](https://e.org/a)",
                   "](a b)", "`", "- ", "1. ", "> ", "# ", "*|FNAME|*", "<b>", "\\", "  \n", "    code\n", "```\n",
                   "<https://e.org>", "é", "\u00a0"]


@BOUNDED
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40).map("".join))
def test_one_walk_of_the_tokens_reads_what_the_syntax_tree_read(text):
    assert read_markdown(text) == _paragraphs_by_tree(text)


def _words_token_by_token(text: str) -> list[str]:
    """The words worth spelling as lacnews found them before, token by token."""
    import re
    import unicodedata

    words = []
    for token in text.split():
        if token.startswith(("#", "@")):
            continue
        if any(c.isdigit() for c in token):
            token = " ".join(run for run in re.findall(r"\w+", token) if not any(c.isdigit() for c in run))
        for word in spelling._WORD.findall(token):
            word = word.replace("’", "'")
            if 2 <= len(unicodedata.normalize("NFC", word)) <= spelling.LONGEST_WORD and not word.isupper():
                words.append(word)
    return words


WORD_PIECES = ["end.", "a,", "Word!?", "..."] + list("abcXYZ '’.,;:!?()\"&/-#@1²\t\n_٣") + ["e\u0301", "ŵ", "Havercroft's", "word" * 12, "AB", "é"]


@BOUNDED
@given(st.lists(st.sampled_from(WORD_PIECES), max_size=40).map("".join))
def test_the_words_to_spell_are_found_alike_in_one_pass_and_token_by_token(text):
    assert words_in(text) == _words_token_by_token(text)
    assert words_of(text) == words_in(text) or "*|" in text or "@" in text or "://" in text


def test_a_project_without_words_txt_has_a_shared_speller_too(tmp_path, fresh_spellers):
    (tmp_path / "newsletter.yaml").write_text(MINIMAL_NEWSLETTER, encoding="utf-8")
    speller = spelling.shared_speller(tmp_path, "en")
    assert speller.own == set() and speller is spelling.shared_speller(tmp_path, "en")
