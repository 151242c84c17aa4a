"""`lacnews words add` and `lacnews words list`: the project's own words for the spelling check, in words.txt.

A word is written where it counts (lacnews.text.spelling says how words.txt is read): a name, or a word
for every language, at the end of the shared words above the first section header; a word for one
language at the end of that language's first section, which is started at the end of the file when
there is none. Every other line is kept as it was, byte for byte: comments, blank lines, each line's
ending (\r\n or \n), a byte order mark, a last line without an ending. A word that already counts
where it would go is not written again; a word the check could never read (two words, a hyphen, a
digit) is refused with the reason, and nothing is written. The file is written through
lacnews.base.write, never through a symbolic link, and read back to make sure.
"""

from __future__ import annotations

from dataclasses import dataclass

from lacnews.base.errors import LacnewsError, display_path
from lacnews.base.languages import base_language
from lacnews.base.project import Project
from lacnews.base.write import WriteError, check_project_file, write_project_file
from lacnews.text.characters import decode_text
from lacnews.text.spelling import (
    ALL_LANGUAGES,
    BLANK,
    COMMENT,
    HEADER,
    LANGUAGES,
    LONGEST_WORD,
    WORD,
    WordsLine,
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
    for word in (word.strip().replace("’", "'") for word in words):
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


@dataclass(frozen=True)
class WordsAdded:
    """What `lacnews words add` did to the project's words.txt."""

    path: str  # words.txt as the editor sees it
    edit: Edit
    created: bool

    def report(self) -> list[str]:
        """Return what to tell the editor: the words added and where, and those already there."""
        lines = [f"created {self.path}"] if self.created else []
        for word, number in zip(self.edit.added, self.edit.lines):
            counts = ("every language" if word[:1].isupper() or self.edit.section == ALL_LANGUAGES
                      else LANGUAGES[self.edit.section].name)
            lines.append(f"added {word} to {self.path} (line {number}): it counts in {counts}")
        lines += [f"{word}: {where}" for word, where in self.edit.already]
        return lines


def add_words(project: Project, words: list[str], language: str | None = None) -> WordsAdded:
    """Add ``words`` to the project's words.txt where they count (see ``with_words``), creating it if missing."""
    path = project.words_path
    check_project_file(project.root, path)  # a link or a pipe is refused before it is read
    created = not path.exists()
    raw = b"" if created else path.read_bytes()
    text = NEW_FILE if created else (BOM if raw.startswith(BOM.encode()) else "") + decode_text(path, raw)
    edit = with_words(text, words, language)
    if edit.added:
        content = edit.text.encode("utf-8")
        write_project_file(project.root, path, content)
        if path.read_bytes() != content:
            raise WriteError(f"{display_path(path)} does not read back as written: another program may be "
                             "writing it; look at it and run `lacnews words add` again")
    return WordsAdded(display_path(path), edit, created and bool(edit.added))


def list_words(project: Project) -> list[str]:
    """Return each word of words.txt with its line and the languages it counts in."""
    path = project.words_path
    listed = []
    for line in words_file_lines(decode_text(path, path.read_bytes())) if path.is_file() else []:
        if line.kind == WORD:
            counts = ("every language" if line.is_name or line.section == ALL_LANGUAGES
                      else f"{LANGUAGES[line.section].name} only" if line.section in LANGUAGES
                      else f"[{line.section}] only")
            listed.append(f"{display_path(path)}:{line.number}: {line.word} ({counts})")
    return listed
