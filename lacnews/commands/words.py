"""`lacnews words add` and `lacnews words list`: the project's own words for the spelling check, in words.txt.

A word is written where it counts (lacnews.text.spelling says how words.txt is read): a name, or a word
for every language, at the end of the shared words above the first section header; a word for one
language at the end of that language's first section, which is started at the end of the file when
there is none. Every other line is kept as it was, byte for byte: comments, blank lines, each line's
ending (\r\n or \n), a byte order mark, a last line without an ending. A word that already counts
where it would go is not written again; a word the check could never read (two words, a hyphen, a
digit) is refused with the reason, and nothing is written. The file is written through
lacnews.base.write, never through a symbolic link, and read back to make sure. Words are compared and
written composed (NFC), as the check reads them, so é typed as e and an accent is not added twice.

Two `lacnews words add` at once take turns: each holds a lock on the project's folder (words.txt itself is
replaced by a rename, so a lock on it would be on the file it replaced) while it reads, changes and writes
the file. An editor's program takes no lock: words.txt is read again just before it is written, and the
words are added to what the editor saved when it changed meanwhile. A character a terminal would act on
(ESC, BEL, NUL) or hide is shown escaped (\x1b) and its line:column told.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lacnews.base.errors import LacnewsError, display_path
from lacnews.base.languages import base_language
from lacnews.base.project import Project
from lacnews.base.read import NotRegular, read_regular
from lacnews.base.write import (
    WriteError,
    check_project_file,
    kind_of,
    write_project_file,
)
from lacnews.text.characters import character_name, decode_text, printable
from lacnews.text.spelling import (
    ALL_LANGUAGES,
    BLANK,
    COMMENT,
    HEADER,
    LANGUAGES,
    LONGEST_WORD,
    WORD,
    WordsLine,
    normal_word,
    place_words,
    words_file_lines,
    words_of,
)

BOM = "\ufeff"
NEW_FILE = """\
# The project's own words for the spelling check: names, places, the bulletin's vocabulary.
# One a line; case does not matter; # starts a comment. `lacnews words add WORD` adds one.
# A word with a capital (a name) counts in every language wherever it is written. Other words
# count in every language above the first section line; below [cy] in Welsh only, below [en]
# in English only, and below [all] in every language again.
"""


class WordsError(LacnewsError):
    """Words that cannot go into words.txt as they are."""


def word_problem(word: str) -> str | None:
    """Return why ``word`` cannot be one of words.txt's words, or None when it can."""
    shown = repr(word) if word.isprintable() else ascii(word)
    if not word.strip():
        return "an empty word: give the word to add"
    if not word.isprintable() or any(character.isspace() for character in word.strip()):
        parts = word.split()
        if len(parts) > 1 and all(part.isprintable() for part in parts):
            return (f"{shown} is {len(parts)} words: words.txt holds one a line, as the check reads one word at "
                    f"a time; add them one by one: `lacnews words add {' '.join(parts)}`")
        return f"{shown} holds a character that is not a letter (an invisible one, or a control character)"
    word = word.strip()
    if word.startswith("[") or "#" in word:
        return f"{shown} would be read as a section header or a comment of words.txt, not a word"
    if len(word) > LONGEST_WORD:
        return f"{shown} is longer than {LONGEST_WORD} letters: the check passes over such a word, so it needs no entry"
    read = words_of(word)
    if read == [word.replace("’", "'")]:
        return None
    if any(character.isdigit() for character in word):
        return f"{shown} holds a digit: the check passes over numbers, so it needs no entry"
    if not read:
        return (f"{shown} is a word the check passes over (a single letter or in capitals, like an acronym), "
                "so it needs no entry")
    return (f"{shown} is read by the check as {', '.join(repr(part) for part in read)}: add those it reports, "
            f"one by one: `lacnews words add {' '.join(read)}`")


@dataclass(frozen=True)
class Edit:
    """words.txt with the new words in it, and what happened to each word asked for."""

    text: str
    added: tuple[str, ...]
    lines: tuple[int, ...]  # the line each added word is on in ``text``
    already: tuple[tuple[str, str], ...]  # (word, where it already counts)
    section: str  # ALL_LANGUAGES, or the language whose section the words went into


def _newline(lines: list[WordsLine]) -> str:
    """Return the file's line ending: that of its first line that has one."""
    for line in lines:
        for ending in ("\r\n", "\n", "\r"):
            if line.text.endswith(ending):
                return ending
    return "\n"


def _already(word: str, lines: list[WordsLine], section: str) -> str | None:
    """Return where ``word`` already counts as it would once added (None if it does not yet)."""
    for line in lines:
        if line.kind == WORD and line.word.lower() == word.lower():
            counts = line.is_name or line.section == ALL_LANGUAGES if section == ALL_LANGUAGES \
                else line.counts_in(section)
            if counts:
                return f"already in words.txt ({line.where()})"
    if word[:1].isupper() and word in place_words():
        return "already known: a UK place name (lacnews/text/data/places.txt)"
    return None


def _place(lines: list[WordsLine], section: str) -> tuple[int, list[str], list[str]]:
    """Return where the words of ``section`` go: the index of the line they go before, and the lines to put
    before and after them (a blank line, a header)."""
    if section == ALL_LANGUAGES:
        region = [line for line in lines if line.header is None]
    else:
        first = next((line.number for line in lines if line.kind == HEADER and line.section == section), None)
        region = [line for line in lines if first is not None and line.header == first]
    words = [line for line in region if line.kind == WORD]
    if words:
        return words[-1].number, [], []
    if section != ALL_LANGUAGES:
        if region:
            return region[0].number, [], []  # just below the section's header
        apart = [""] if lines and lines[-1].kind != BLANK else []
        return len(lines), [*apart, f"[{section}]"], []
    headers = [line for line in lines if line.kind == HEADER]
    if not headers:
        return len(lines), ([""] if lines and lines[-1].kind == COMMENT else []), []
    index = headers[0].number - 1  # above the first header, and above the comment lines that belong to it
    while index > 0 and lines[index - 1].kind == COMMENT:
        index -= 1
    return index, ([""] if index > 0 and lines[index - 1].kind != BLANK else []), [""]


def with_words(text: str, words: list[str], language: str | None = None) -> Edit:
    """Return words.txt's ``text`` (decoded) with ``words`` in the section where they count: a name, or any
    word without ``language``, among the shared words; another word in ``language``'s section."""
    words = [normal_word(word) for word in words]  # as words.txt's are read: é one character, ' for ’
    problems = [problem for problem in map(word_problem, words) if problem]
    if problems:
        raise WordsError("nothing was added to words.txt:\n" + "\n".join(f"  {problem}" for problem in problems))
    section = ALL_LANGUAGES if language is None else base_language(language)
    if section != ALL_LANGUAGES and section not in LANGUAGES:
        names = ", ".join(f"{code} ({each.name})" for code, each in LANGUAGES.items())
        raise WordsError(f"no spelling dictionary for '{language}': words.txt has sections for {names}")
    bom = BOM if text.startswith(BOM) else ""
    lines = words_file_lines(text[len(bom):])
    new: dict[str, dict[str, str]] = {ALL_LANGUAGES: {}, section: {}}  # section → lower-cased word → word
    already = []
    for word in (word.strip() for word in words):
        goes = ALL_LANGUAGES if word[:1].isupper() else section  # a name counts everywhere: with the shared words
        where = _already(word, lines, goes)
        if where is not None:
            already.append((word, where))
        elif word.lower() not in new[ALL_LANGUAGES]:
            if goes == ALL_LANGUAGES:
                new[section].pop(word.lower(), None)  # given as a name too: it counts everywhere
            new[goes].setdefault(word.lower(), word)
    newline = _newline(lines)
    texts: list[tuple[str, str | None]] = [(line.text, None) for line in lines]  # each line, and its new word
    # the later place first, so that an earlier index still holds; at one place, the shared words above
    placed = sorted((_place(lines, goes) + (goes,) for goes, added in new.items() if added),
                    key=lambda place: (-place[0], place[3] == ALL_LANGUAGES))
    for index, before, after, goes in placed:
        block = [(line, None) for line in before] + [(word, word) for word in new[goes].values()]
        block += [(line, None) for line in after]
        if index == len(texts) and texts and not texts[-1][0].endswith(("\n", "\r")):
            texts[-1] = (texts[-1][0] + newline, None)  # the old last line gets an ending; the new one has none
            texts += [(line + newline, word) for line, word in block[:-1]] + [block[-1]]
        else:
            texts[index:index] = [(line + newline, word) for line, word in block]
    added = [(number, word) for number, (_, word) in enumerate(texts, 1) if word is not None]
    return Edit(bom + "".join(text for text, _ in texts), tuple(word for _, word in added),
                tuple(number for number, _ in added), tuple(already), section)


def odd_characters(path: Path, lines: list[WordsLine]) -> list[str]:
    """Return a warning, at its line and column, for each line of words.txt holding a character that has no
    place in a list of words: a control character (ESC, BEL, NUL) or an invisible one."""
    warnings = []
    for line in lines:
        text = line.text.rstrip("\r\n")
        odd = [(column, character) for column, character in enumerate(text, 1)
               if not character.isprintable() and character != "\t"]
        if odd:
            column, character = odd[0]
            more = f" and {len(odd) - 1} more" if len(odd) > 1 else ""
            warnings.append(f"{display_path(path)}:{line.number}:{column}: warning: {character_name(character)}"
                            f"{more} (shown as {printable(character)}): a character no word of an issue holds, "
                            "where a terminal or an editor shows nothing or acts on it; delete it in your editor")
    return warnings


@dataclass(frozen=True)
class WordsAdded:
    """What `lacnews words add` did to the project's words.txt."""

    path: str  # words.txt as the editor sees it
    edit: Edit
    created: bool
    warnings: tuple[str, ...] = ()  # the file's lines holding a control or invisible character

    def report(self) -> list[str]:
        """Return what to tell the editor: the words added and where, those already there, and the lines of
        the file holding a character that has no place in it."""
        lines = [f"created {self.path}"] if self.created else []
        for word, number in zip(self.edit.added, self.edit.lines):
            counts = ("every language" if word[:1].isupper() or self.edit.section == ALL_LANGUAGES
                      else LANGUAGES[self.edit.section].name)
            lines.append(f"added {word} to {self.path} (line {number}): it counts in {counts}")
        lines += [f"{word}: {where}" for word, where in self.edit.already]
        return lines + list(self.warnings)


LOCK_WAIT = 10.0  # seconds one `words add` waits for another to finish: each takes a few hundredths
SAVES_AT_MOST = 3  # times words.txt may change under one `words add` before it gives up


def read_words_bytes(path: Path, follow: bool = True) -> bytes | None:
    """Return the bytes of words.txt at ``path``, None when there is none; raise WordsError when it is not a
    regular file (a folder, a pipe: reading a pipe would wait for a writer for ever)."""
    try:
        return read_regular(path, follow=follow)
    except FileNotFoundError:
        return None
    except NotRegular as exc:
        raise WordsError(f"{display_path(path)} is {kind_of(exc.mode)}, not a file of words: words.txt must be a "
                         "text file, one word a line; move it away (`lacnews words add WORD` then makes one)") from None
    except OSError as exc:
        raise WordsError(f"cannot read {display_path(path)}: {exc.strerror or exc}; words.txt must be a text "
                         "file, one word a line") from None


@contextmanager
def project_words_lock(folder: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the lock of the project's words (on ``folder``, which holds words.txt) for the block, waiting at
    most ``wait`` seconds for another `lacnews words add` to let it go."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): reading the file again before writing still guards it
        yield
        return
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    words_file = display_path(folder / "words.txt")
                    raise WordsError(f"another `lacnews words add` has been changing {words_file} for "
                                     f"{LOCK_WAIT if wait is None else wait:g} s; nothing was added: wait for it "
                                     "to finish, then run this one again") from None
                time.sleep(0.02)
            except OSError:  # a file system without locks: the comparison before writing still guards it
                break
        yield
    finally:
        os.close(handle)  # lets the lock go


def _decoded(path: Path, raw: bytes | None) -> str:
    """Return words.txt's text with its byte order mark, or the header of a new file when there is none."""
    if raw is None:
        return NEW_FILE
    return (BOM if raw.startswith(BOM.encode()) else "") + decode_text(path, raw)


def add_words(project: Project, words: list[str], language: str | None = None) -> WordsAdded:
    """Add ``words`` to the project's words.txt where they count (see ``with_words``), creating it if missing."""
    path = project.words_path
    check_project_file(project.root, path)  # a link or a pipe is refused before it is read
    with project_words_lock(path.parent):
        raw = read_words_bytes(path, follow=False)
        for _ in range(SAVES_AT_MOST):
            edit = with_words(_decoded(path, raw), words, language)
            if not edit.added:
                break
            now = read_words_bytes(path, follow=False)
            if now == raw:  # nobody saved it meanwhile: the words go into what is there
                content = edit.text.encode("utf-8")
                write_project_file(project.root, path, content)
                if read_words_bytes(path, follow=False) != content:
                    raise WriteError(f"{display_path(path)} does not read back as written: another program may be "
                                     "writing it; look at it and run `lacnews words add` again")
                break
            raw = now  # an editor saved it: add the words to what they saved
        else:
            raise WordsError(f"{display_path(path)} changed {SAVES_AT_MOST} times while the words were being added, "
                             "so nothing was added: another program is writing it; close it, then run "
                             "`lacnews words add` again")
    lines = words_file_lines(edit.text.removeprefix(BOM))
    return WordsAdded(display_path(path), edit, raw is None and bool(edit.added),
                      tuple(odd_characters(path, lines)))


def list_words(project: Project) -> list[str]:
    """Return each word of words.txt with its line and the languages it counts in, shown escaped where it holds a
    control or invisible character, then a warning for each line holding one."""
    path = project.words_path
    raw = read_words_bytes(path)
    lines = words_file_lines(decode_text(path, raw)) if raw is not None else []
    listed = []
    for line in lines:
        if line.kind == WORD:
            counts = ("every language" if line.is_name or line.section == ALL_LANGUAGES
                      else f"{LANGUAGES[line.section].name} only" if line.section in LANGUAGES
                      else f"[{printable(line.section)}] only")
            listed.append(f"{display_path(path)}:{line.number}: {printable(line.word)} ({counts})")
    return listed + odd_characters(path, lines)
