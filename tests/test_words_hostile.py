"""`lacnews words` against a hostile words.txt and against itself: a section header read in linear time (a
line of "[" and many spaces froze list, add and check), parallel `words add` losing no word, an editor's save
between the read and the write kept, control characters shown escaped and located, arguments compared
composed (NFC), and a words.txt that is a folder or a pipe named as such.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_NEWSLETTER, TempProject, lacnews_command, lacnews_env
from hypothesis import given, settings
from hypothesis import strategies as st

from lacnews.base.project import Project
from lacnews.cli import cli
from lacnews.commands import words as words_command
from lacnews.commands.words import list_words
from lacnews.text.spelling import HEADER, section_named, words_file_lines

BOUNDED = settings(max_examples=int(os.environ.get("LACNEWS_PROPERTY_EXAMPLES", "100")), deadline=None,
                   database=None, derandomize=True)
# The pattern section headers were read with until it was found to backtrack cubically: the property's oracle.
OLD_SECTION = re.compile(r"\[\s*([^\[\]]*?)\s*\]")


@pytest.fixture
def news(tmp_path: Path, monkeypatch) -> TempProject:
    project = TempProject(tmp_path / "news")
    monkeypatch.chdir(project.root)
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER)
    return project


def words(project: TempProject, *arguments: str):
    return CliRunner().invoke(cli, ["words", *arguments, "--root", str(project.root)])


def fastest(action, times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


# 1. Section headers in linear time


def hostile_words_file(spaces: int) -> str:
    """words.txt with lines that made the old pattern backtrack: "[" then spaces and a letter, no "]"."""
    return "Kirklees\n" + ("[" + " " * spaces + "x\n") * 20 + "[ " + " " * spaces + "cy" + " " * spaces + "]\ncopro\n"


def test_reading_a_header_of_many_spaces_takes_time_in_proportion_to_its_length():
    small, large = hostile_words_file(20_000), hostile_words_file(80_000)
    took_small = fastest(lambda: words_file_lines(small), 5)
    took_large = fastest(lambda: words_file_lines(large), 5)
    # linear: 4 times the text takes about 4 times as long (the old pattern took 65 s for one line of 5,000)
    assert took_large / max(took_small, 1e-4) < 8, (took_small, took_large)
    assert took_large < 0.5, took_large
    read = words_file_lines(large)
    assert [line.kind for line in read][:2] == ["word", "word"] and read[-2].kind == HEADER
    assert read[-1].section == "cy"


def test_words_list_and_add_answer_at_once_on_such_a_file(news):
    path = news.root / "words.txt"
    path.write_text(hostile_words_file(50_000), encoding="utf-8")
    started = time.perf_counter()
    listed = words(news, "list")
    added = words(news, "add", "Havercroft")
    took = time.perf_counter() - started
    assert listed.exit_code == 0 and added.exit_code == 0, listed.output + added.output
    assert listed.output.splitlines()[0] == "words.txt:1: Kirklees (every language)"
    assert added.output.startswith("added Havercroft to words.txt (line 22)")  # after the 21 words
    assert took < 2, took


@BOUNDED
@given(st.text(alphabet="[] \t\u00a0\u2003xcy-_", max_size=12))
def test_a_header_is_read_as_the_old_pattern_read_it(content):
    found = OLD_SECTION.fullmatch(content)
    assert section_named(content) == (found.group(1) if found else None)


# 2. Parallel `words add`, and an editor saving meanwhile


def test_twelve_words_added_at_once_by_twelve_processes_are_all_kept(news):
    path = news.root / "words.txt"
    path.write_text("# ours\nKirklees\n", encoding="utf-8")
    new = [f"Conc{letter}" for letter in "abcdefghijkl"]
    processes = [subprocess.Popen([*lacnews_command(), "words", "add", word], cwd=news.root, env=lacnews_env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for word in new]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * len(new), outputs
    assert all(out.startswith(f"added {word} to words.txt") for word, (out, _) in zip(new, outputs)), outputs
    written = path.read_text(encoding="utf-8").splitlines()
    assert written[:2] == ["# ours", "Kirklees"] and sorted(written[2:]) == new, written
    assert [name for name in os.listdir(news.root) if name.startswith(".")] == []  # no lock file, no leftover


def test_an_editor_saving_between_the_read_and_the_write_keeps_their_edit(news, monkeypatch):
    path = news.root / "words.txt"
    path.write_text("Kirklees\n", encoding="utf-8")
    real, calls = words_command.with_words, []

    def with_words_while_the_editor_saves(text, new, language=None):
        calls.append(text)
        if len(calls) == 1:  # the editor saves just after lacnews has read the file
            path.write_text("Kirklees\nWorsbrough\n", encoding="utf-8")
        return real(text, new, language)

    monkeypatch.setattr(words_command, "with_words", with_words_while_the_editor_saves)
    result = words(news, "add", "Havercroft")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == "Kirklees\nWorsbrough\nHavercroft\n"
    assert calls == ["Kirklees\n", "Kirklees\nWorsbrough\n"]
    assert result.output == "added Havercroft to words.txt (line 3): it counts in every language\n"


def test_a_file_that_keeps_changing_is_left_alone_with_a_message(news, monkeypatch):
    path = news.root / "words.txt"
    path.write_text("Kirklees\n", encoding="utf-8")
    real, saves = words_command.with_words, []

    def with_words_while_a_program_writes(text, new, language=None):
        saves.append(f"Save{chr(ord('a') + len(saves))}")
        path.write_text("Kirklees\n" + "\n".join(saves) + "\n", encoding="utf-8")
        return real(text, new, language)

    monkeypatch.setattr(words_command, "with_words", with_words_while_a_program_writes)
    result = words(news, "add", "Havercroft")
    assert result.exit_code == 1
    assert "words.txt changed 3 times while the words were being added, so nothing was added" in result.output
    assert "Havercroft" not in path.read_text(encoding="utf-8")


def test_a_words_add_that_cannot_get_its_turn_says_so_and_writes_nothing(news, monkeypatch):
    import fcntl

    path = news.root / "words.txt"
    path.write_text("Kirklees\n", encoding="utf-8")
    monkeypatch.setattr(words_command, "LOCK_WAIT", 0.2)
    folder = os.open(news.root, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)  # as another `words add` holds it
        result = words(news, "add", "Havercroft")
    finally:
        os.close(folder)
    assert result.exit_code == 1
    assert result.output == ("another `lacnews words add` has been changing words.txt for 0.2 s; nothing was "
                             "added: wait for it to finish, then run this one again\n")
    assert path.read_text(encoding="utf-8") == "Kirklees\n"
    assert words(news, "add", "Havercroft").exit_code == 0  # its turn, once the other is done


# 3. Control characters shown escaped, and located


def test_list_shows_control_characters_escaped_and_says_where_they_are(news):
    (news.root / "words.txt").write_bytes(b"Kirklees\nab\x1b[2Jc\x07\n# note\x00\nco\xe2\x80\x8bpro\n")
    result = words(news, "list")
    assert result.exit_code == 0, result.output
    why = ": a character no word of an issue holds, where a terminal or an editor shows nothing or acts on it; " \
          "delete it in your editor"
    assert result.output.splitlines() == [
        "words.txt:1: Kirklees (every language)",
        r"words.txt:2: ab\x1b[2Jc\x07 (every language)",
        r"words.txt:4: co\u200bpro (every language)",
        r"words.txt:2:3: warning: U+001B ESCAPE and 1 more (shown as \x1b)" + why,
        r"words.txt:3:7: warning: U+0000 NULL (shown as \x00)" + why,
        r"words.txt:4:3: warning: U+200B ZERO WIDTH SPACE (shown as \u200b)" + why]
    assert all(character.isprintable() or character == "\n" for character in result.output)


def test_add_into_such_a_file_says_so_and_keeps_its_bytes(news):
    path = news.root / "words.txt"
    path.write_bytes(b"ab\x1bc\nKirklees\n")
    result = words(news, "add", "Havercroft")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == b"ab\x1bc\nKirklees\nHavercroft\n"
    assert result.output.splitlines()[0] == "added Havercroft to words.txt (line 3): it counts in every language"
    assert result.output.splitlines()[1].startswith(r"words.txt:1:3: warning: U+001B ESCAPE (shown as \x1b)")


@BOUNDED
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=8), max_size=6))
def test_what_list_prints_is_always_printable(tmp_path_factory, lines):
    root = tmp_path_factory.mktemp("words")
    (root / "words.txt").write_text("\n".join(lines), encoding="utf-8", newline="")
    for shown in list_words(Project(root)):
        assert shown.isprintable(), shown


# 4. Words compared composed


def test_a_word_given_decomposed_is_added_once_composed(news):
    path = news.root / "words.txt"
    path.write_text("Kirklees\n", encoding="utf-8")
    decomposed = "e\u0301clair"
    first = words(news, "add", decomposed)
    again = words(news, "add", decomposed, unicodedata.normalize("NFC", decomposed), "E\u0301clair")
    assert first.exit_code == 0 and again.exit_code == 0, first.output + again.output
    assert path.read_text(encoding="utf-8") == "Kirklees\n\u00e9clair\n"
    assert again.output.count("already in words.txt (line 2)") == 3, again.output


def test_a_decomposed_word_in_the_file_counts_for_the_composed_one(news):
    path = news.root / "words.txt"
    path.write_text("Kirklees\ne\u0301clair\n", encoding="utf-8")
    result = words(news, "add", "\u00e9clair")
    assert result.exit_code == 0 and "already in words.txt (line 2)" in result.output
    assert path.read_text(encoding="utf-8") == "Kirklees\ne\u0301clair\n"


# 5. A words.txt that is not a file


def test_list_names_a_folder_or_a_pipe_and_fails(news):
    path = news.root / "words.txt"
    path.mkdir()
    result = words(news, "list")
    assert result.exit_code == 1
    assert result.output == ("words.txt is a folder, not a file of words: words.txt must be a text file, one "
                             "word a line; move it away (`lacnews words add WORD` then makes one)\n")
    path.rmdir()
    os.mkfifo(path)  # reading it would wait for a writer for ever
    result = words(news, "list")
    assert result.exit_code == 1 and "words.txt is a named pipe (FIFO), not a file of words" in result.output
    path.unlink()
    result = words(news, "list")
    assert result.exit_code == 0 and result.output == ""  # no words.txt yet: no words
