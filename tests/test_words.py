"""`lacnews words add` and `lacnews words list` (issue 22, point 1): each word written where it counts, every
other byte of words.txt kept (line endings, comments, a byte order mark, a last line without an ending),
no word twice, no link written through, a clear message for what cannot be a word; and a property: for
every words.txt and every word, the file's other lines and their meaning stay as they were.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_ISSUE, MINIMAL_NEWSLETTER, REPO, TempProject
from hypothesis import given, settings
from hypothesis import strategies as st

from lacnews.cli import cli
from lacnews.commands.words import NEW_FILE, WordsError, with_words
from lacnews.text.spelling import WORD, place_words, words_file_lines, words_of

BOUNDED = settings(max_examples=int(os.environ.get("LACNEWS_PROPERTY_EXAMPLES", "100")), deadline=None,
                   database=None, derandomize=True)


@pytest.fixture
def news(tmp_path: Path, monkeypatch) -> TempProject:
    """A minimal project whose issue has a name and a word the dictionary does not know; lacnews runs in it."""
    project = TempProject(tmp_path / "news")
    monkeypatch.chdir(project.root)
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER)
    project.issue("march-2021", MINIMAL_ISSUE.replace("this is the first section", "Havercroft and copro"))
    return project


def words(project: TempProject, *arguments: str):
    return CliRunner().invoke(cli, ["words", *arguments, "--root", str(project.root)])


def spelling_of(project: TempProject) -> list[str]:
    return [line for line in project.run("check", "march-2021").out.splitlines() if " spelling: " in line]


def test_add_puts_a_name_with_the_shared_words_of_the_repositorys_file_and_keeps_every_other_byte(news):
    original = (REPO / "words.txt").read_bytes()
    (news.root / "words.txt").write_bytes(original)
    result = words(news, "add", "Havercroft")
    assert result.exit_code == 0, result.output
    after = (news.root / "words.txt").read_bytes()
    lines = original.split(b"\n")
    shared_end = lines.index(b"mins") + 1  # the last word above [cy]
    assert after == b"\n".join([*lines[:shared_end], b"Havercroft", *lines[shared_end:]])
    assert result.output == f"added Havercroft to words.txt (line {shared_end + 1}): it counts in every language\n"
    assert [line for line in spelling_of(news) if "Havercroft" in line] == []


def test_crlf_comments_a_byte_order_mark_and_no_last_line_ending_are_kept(news):
    path = news.root / "words.txt"
    path.write_bytes(b"\xef\xbb\xbf# ours\r\nKirklees  # a place\r\n\r\n[cy]\r\n# Welsh\r\ncymunedol")
    result = words(news, "add", "Havercroft", "copro", "--language", "cy")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == (b"\xef\xbb\xbf# ours\r\nKirklees  # a place\r\nHavercroft\r\n\r\n[cy]\r\n# Welsh\r\n"
                                 b"cymunedol\r\ncopro")
    assert result.output.splitlines() == [
        "added Havercroft to words.txt (line 3): it counts in every language",
        "added copro to words.txt (line 8): it counts in Welsh"]
    assert [line for line in spelling_of(news) if "Havercroft" in line] == []
    assert any("'copro'" in line for line in spelling_of(news))  # Welsh only: the English issue still asks


def test_a_language_without_a_section_gets_one_at_the_end(news):
    path = news.root / "words.txt"
    path.write_bytes(b"Kirklees\n")
    assert words(news, "add", "copro", "--language", "en").exit_code == 0
    assert path.read_bytes() == b"Kirklees\n\n[en]\ncopro\n"
    assert [line for line in spelling_of(news) if "copro" in line] == []


def test_a_missing_words_txt_is_made_with_a_header_that_says_how_it_is_read(news):
    path = news.root / "words.txt"
    assert not path.exists()
    result = words(news, "add", "Havercroft", "copro")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "created words.txt"
    assert path.read_text(encoding="utf-8") == NEW_FILE + "\nHavercroft\ncopro\n"
    assert spelling_of(news) == []


def test_no_word_twice(news):
    path = news.root / "words.txt"
    path.write_text("Kirklees\n\n[cy]\nHavercroft\ncopro\n", encoding="utf-8")
    before = path.read_bytes()
    result = words(news, "add", "kirklees", "HAVERCROFT".title(), "Wakefield")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before  # nothing new: a name below [cy] counts everywhere; Wakefield is a town
    assert result.output.splitlines() == [
        "kirklees: already in words.txt (line 1)",
        "Havercroft: already in words.txt (line 4, below [cy] on line 3)",
        "Wakefield: already known: a UK place name (lacnews/text/data/places.txt)"]
    # a lower-case word for Welsh only is not there for English: it is added, once however often it is given
    result = words(news, "add", "copro", "Copro", "copro")
    assert path.read_bytes() == b"Kirklees\ncopro\n\n[cy]\nHavercroft\ncopro\n", result.output


@pytest.mark.parametrize("word, message", [
    ("St Davids", ("'St Davids' is 2 words: words.txt holds one a line, as the check reads one word at a time; "
                   "add them one by one: `lacnews words add St Davids`")),
    ("Weston-super-Mare", ("'Weston-super-Mare' is read by the check as 'Weston', 'super', 'Mare': add those it "
                           "reports, one by one: `lacnews words add Weston super Mare`")),
    ("covid19", "'covid19' holds a digit: the check passes over numbers, so it needs no entry"),
    ("NHS", "'NHS' is a word the check passes over (a single letter or in capitals, like an acronym)"),
    ("[cy]", "'[cy]' would be read as a section header or a comment of words.txt, not a word"),
    ("co\u200bpro", "holds a character that is not a letter (an invisible one, or a control character)"),
])
def test_what_cannot_be_a_word_is_refused_with_the_reason_and_nothing_is_written(news, word, message):
    path = news.root / "words.txt"
    path.write_bytes(b"Kirklees\n")
    result = words(news, "add", "Havercroft", word)
    assert result.exit_code == 1
    assert "nothing was added to words.txt" in result.output and message in result.output, result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == b"Kirklees\n"


def test_a_words_txt_that_is_a_link_is_refused_and_its_target_left_alone(news, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"Kirklees\n")
    (news.root / "words.txt").symlink_to(elsewhere)
    result = words(news, "add", "Havercroft")
    assert result.exit_code == 1
    assert "words.txt is a symbolic link" in result.output and "does not write through links" in result.output
    assert elsewhere.read_bytes() == b"Kirklees\n" and (news.root / "words.txt").is_symlink()


def test_a_words_txt_that_is_not_a_regular_file_is_refused_at_once(news):
    os.mkfifo(news.root / "words.txt")  # reading it would wait for a writer for ever
    result = words(news, "add", "Havercroft")
    assert result.exit_code == 1 and "is a named pipe (FIFO), not a regular file" in result.output


def test_a_words_txt_that_is_not_utf8_is_located_and_left_alone(news):
    path = news.root / "words.txt"
    path.write_bytes(b"Kirklees\ncaf\xe9\n")
    result = words(news, "add", "Havercroft")
    assert result.exit_code == 1 and "words.txt:2:4: the file is not UTF-8" in result.output
    assert path.read_bytes() == b"Kirklees\ncaf\xe9\n"


def test_list_says_where_each_word_counts(news):
    (news.root / "words.txt").write_text("# ours\nKirklees\n[cy]\ncopro\nHavercroft\n[en-GB]\nmins\n",
                                         encoding="utf-8")
    result = words(news, "list")
    assert result.exit_code == 0, result.output
    assert [re.sub(r"^.*words.txt", "words.txt", line) for line in result.output.splitlines()] == [
        "words.txt:2: Kirklees (every language)", "words.txt:4: copro (Welsh only)",
        "words.txt:5: Havercroft (every language)", "words.txt:7: mins (British English only)"]


# The property: any words.txt, any words, any language

LINES = st.one_of(
    st.sampled_from(["", "   ", "# a comment", "#", "[cy]", "[en]", "[all]", "[en-GB]", " [cy]  # Welsh", "[]",
                     "Kirklees", "kirklees", "copro  # ours", "Havercroft", "cymunedol", "mins"]),
    st.from_regex(r"[A-Za-z]{2,9}", fullmatch=True),
)
NEW_WORDS = st.lists(st.from_regex(r"[A-Za-z]{2,9}", fullmatch=True).filter(lambda word: words_of(word) == [word]),
                     min_size=1, max_size=4)


def split_lines(text: str) -> list[str]:
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z", text)


def counts(lines, number: int) -> tuple[bool, bool]:
    line = lines[number - 1]
    return line.counts_in("en"), line.counts_in("cy")


@BOUNDED
@given(lines=st.lists(LINES, max_size=12), endings=st.lists(st.sampled_from(["\n", "\r\n"]), min_size=1, max_size=12),
       last_ending=st.booleans(), bom=st.booleans(), new=NEW_WORDS, language=st.sampled_from([None, "en", "cy"]))
def test_adding_keeps_every_other_line_and_its_meaning(lines, endings, last_ending, bom, new, language):
    text = "".join(line + endings[index % len(endings)] for index, line in enumerate(lines))
    if text and not last_ending:
        text = text[:-len(endings[(len(lines) - 1) % len(endings)])]
    text = ("\ufeff" if bom else "") + text
    edit = with_words(text, new, language)
    assert edit.text.startswith("\ufeff") == bom
    old, now = split_lines(text.removeprefix("\ufeff")), split_lines(edit.text.removeprefix("\ufeff"))
    old_read, now_read = words_file_lines(text.removeprefix("\ufeff")), words_file_lines(edit.text.removeprefix("\ufeff"))
    # every old line is there, in order, byte for byte (the last may have gained an ending), and means the same
    position, matched = 0, {}
    for number, line in enumerate(old, 1):
        while not (now[position] == line or (number == len(old) and now[position].rstrip("\r\n") == line
                                              and not line.endswith(("\n", "\r")))):
            position += 1
        matched[number] = position + 1
        assert counts(old_read, number) == counts(now_read, position + 1), (line, text, edit.text)
        position += 1
    # the lines that are new: each added word, blank lines and a section header
    new_lines = [now_read[index] for index in range(len(now)) if index + 1 not in matched.values()]
    assert [line.word for line in new_lines if line.kind == WORD] == list(edit.added)
    assert all(line.kind in ("blank", "header", "word") for line in new_lines)
    assert not old or text.endswith(("\n", "\r")) == edit.text.endswith(("\n", "\r"))
    # each added word counts where it was meant to, and every word asked for counts there now
    for word in (word for word in new if word not in place_words()):  # a UK place is known without a line
        wanted = ("en", "cy") if word[0].isupper() or language is None else (language,)
        holding = [line for line in now_read if line.kind == WORD and line.word.lower() == word.lower()]
        assert all(any(line.counts_in(each) for line in holding) for each in wanted), (word, edit.text)
    # and nothing is added twice
    again = with_words(edit.text, new, language)
    assert again.text == edit.text and again.added == ()


def test_the_property_holds_for_a_word_that_is_not_one():
    with pytest.raises(WordsError, match="is 2 words"):
        with_words("Kirklees\n", ["St Davids"])
