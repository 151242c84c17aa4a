"""Spelling in each language of the newsletter, with the project's own words (names, places) from words.txt.

Spelling uses pyenchant over Debian's dictionaries, one per language:

- British English (``en``, the default): enchant's en_GB, as it always has. Debian's libenchant-2-2
  asks Aspell first for en_GB (/usr/share/enchant-2/enchant.ordering), so where aspell-en is installed
  (apt installs it with libenchant-2-2, as libaspell15 recommends it) en_GB is Aspell's; where it is
  not, Hunspell's from hunspell-en-gb. Both have British spellings ("neighbourhood", "organisation").
- Welsh (``cy``): Aspell's cy (packages libenchant-2-2 and aspell-cy; Debian has no Hunspell Welsh
  dictionary). libenchant-2-2 ships enchant's Aspell provider; aspell-cy brings Aspell itself.

Where a dictionary is missing, the speller says so (``unavailable``, naming the package) instead of
guessing; a dictionary is loaded once, in a few milliseconds.

words.txt holds the project's own words, one a line, # for comments. A word written with a capital (a
name: Wakefield, Havercroft) counts in every language wherever it is in the file, since names are names:
an editor who appends names at the end of a file whose last section is ``[cy]`` means them for every
reader, and a Welsh name is as right in English. Other words count in every language above the first
section header; below a line ``[cy]`` in Welsh only, below ``[en]`` in English only, and below ``[all]`` in
every language again. A file of an older lacnews keeps its meaning but for one widening: a capitalised
word in a language's section now counts in the others too. `lacnews words add` writes a word where it
counts, and the check says where a word it still reports is written (``Speller.listed_elsewhere``).

The UK's place names (data/places.txt, GeoNames's, made by tools/make_gazetteer.py) are known words too,
each capitalised word of them as written there (Thurrock, of "West Thurrock"); read once, on first use.

Welsh text needs three things English does not: letters with a circumflex (ŵ, ŷ) written as one
character or as a letter and a combining accent, both read alike; a word with the article or a
pronoun joined by an apostrophe (i'r, a'r, mae'n, i'w), known when the word before it is; and a
mutated name (yng Nghymru, i Gymru, i Lanfair), known when its radical form is.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from lacnews.base.languages import base_language
from lacnews.text.addresses import without_addresses
from lacnews.text.characters import decode_text
from lacnews.text.mergetags import MERGE_TAG


@dataclass(frozen=True)
class Language:
    """A language lacnews checks spelling in, and where its dictionary comes from."""

    code: str  # as newsletter.yaml writes it: en, cy
    name: str  # for messages: "British English", "Welsh"
    tag: str  # the dictionary enchant is asked for
    providers: str  # enchant providers to ask, in order; "" for enchant's own order
    package: str  # the Debian package holding the dictionary

    @property
    def install_hint(self) -> str:
        return (f"install Debian's libenchant-2-2 and {self.package} "
                f"(apt-get install libenchant-2-2 {self.package})")


LANGUAGES = {
    "en": Language("en", "British English", "en_GB", "", "hunspell-en-gb"),
    "cy": Language("cy", "Welsh", "cy", "aspell", "aspell-cy"),
}
DEFAULT_LANGUAGE = "en"

# Kept for code written before there was more than one language.
LANGUAGE = LANGUAGES["en"].tag
INSTALL_HINT = LANGUAGES["en"].install_hint

# Letters of English and Welsh (and their neighbours): Latin-1, Latin Extended-A and B (ŵ ŷ), Latin
# Extended Additional (ẁ ẃ ẅ ỳ), each perhaps followed by combining accents, as text pasted from a Mac may be.
_LETTER = "(?:[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ][\u0300-\u036f]*)"
_WORD = re.compile(f"{_LETTER}+(?:['’]{_LETTER}+)*")
_WORD_CHARACTERS = re.compile(r"\w+")
# A text of ASCII letters, spaces and punctuation that is never a digit, nor a hashtag's # or a handle's @: its
# words are found in one pass, not token by token.
_PLAIN_TEXT = re.compile(r"[A-Za-z \t\n\r'’.,;:!?()\"&/-]*")
# No English word is longer; a longer "word" is a code or a pasted token, and costs the dictionary time.
LONGEST_WORD = 40
LONGEST_TO_SUGGEST = 30

ALL_LANGUAGES = "all"


_BROKER = None


@cache
def _load(language: Language):
    global _BROKER
    try:
        import enchant
    except ImportError:
        return None, f"the enchant library is missing: {language.install_hint}"
    try:
        if _BROKER is None:
            _BROKER = enchant.Broker()
        if language.providers:
            _BROKER.set_ordering(language.tag, language.providers)
        return _BROKER.request_dict(language.tag), None
    except enchant.errors.DictNotFoundError:
        return None, f"no {language.tag} dictionary: {language.install_hint}"


def dictionary(language: str = DEFAULT_LANGUAGE):
    """Return the dictionary of ``language`` (en, cy), or None and the reason there is none."""
    known = LANGUAGES.get(base_language(language))
    if known is None:
        names = " and ".join(f"{each.name} ({code})" for code, each in LANGUAGES.items())
        return None, f"no spelling dictionary for '{language}': lacnews checks spelling in {names}"
    return _load(known)


# A line of words.txt ends as its editor's system ends it: \r\n, \n or \r; the last may have no ending.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
BLANK, COMMENT, HEADER, WORD = "blank", "comment", "header", "word"


@dataclass(frozen=True)
class WordsLine:
    """A line of words.txt as written (its ending too), what it is, and the section it is in."""

    number: int  # 1-based
    text: str  # as written, with its line ending
    kind: str  # blank, comment, header or word
    word: str  # the word, composed, ' for ’; "" on a line that holds none
    section: str  # "all", or the language of the section: en, cy
    header: int | None  # the line of the section's header (its own number on a header); None above the first
    heading: str = ""  # that header as written: [cy], [en-GB]

    @property
    def is_name(self) -> bool:
        """Whether the word is written with a capital: a name, which counts in every language."""
        return self.word[:1].isupper()

    def counts_in(self, language: str) -> bool:
        """Whether this line's word is one of the project's words in ``language`` (``all``: in every one)."""
        return self.kind == WORD and (self.is_name or self.section in (ALL_LANGUAGES, base_language(language)))

    def where(self) -> str:
        """Return "line 60, below [cy] on line 45": where the word is written, and the section it is in."""
        if self.header is None:
            return f"line {self.number}"
        return f"line {self.number}, below {self.heading} on line {self.header}"


def section_named(content: str) -> str | None:
    """Return the name a section header gives ("cy" of "[ cy ]"), or None when ``content`` is not a header: a
    bracket at each end and none between. Read without a pattern: one with \\s* beside a lazy [^\\[\\]]*?
    backtracks cubically on "[" and many spaces (5,000 froze the command for a minute)."""
    if len(content) < 2 or content[0] != "[" or content[-1] != "]":
        return None
    inside = content[1:-1]
    return None if "[" in inside or "]" in inside else inside.strip()


def words_file_lines(text: str) -> list[WordsLine]:
    """Return each line of words.txt's ``text`` (decoded, without a byte order mark), read as the check reads it.

    One word a line, # for comments. Lines above any header belong to every language; ``[cy]`` starts a
    section for Welsh, ``[en]`` (or ``[en-GB]``) for English, ``[all]`` for every language again.
    """
    lines, section, header, heading = [], ALL_LANGUAGES, None, ""
    for number, line in enumerate(_LINE.findall(text), 1):
        content = line.split("#", 1)[0].strip()
        kind, word = (COMMENT if line.strip() else BLANK), ""
        if content and (named := section_named(content)) is not None:
            kind, section, header, heading = HEADER, base_language(named) or ALL_LANGUAGES, number, content
        elif content:
            kind, word = WORD, normal_word(content)
        lines.append(WordsLine(number, line, kind, word, section, header, heading))
    return lines


def read_words_file(path: Path) -> list[WordsLine]:
    """Return the lines of the words file at ``path``: none when there is none, or it is not a file to read."""
    try:
        raw = path.read_bytes() if path.is_file() else b""
    except OSError:
        raw = b""
    return words_file_lines(decode_text(path, raw))


def word_sections(root: Path) -> dict[str, set[str]]:
    """Return the lower-cased words of the project's words.txt by the section they are written in: "all", "en",
    "cy", ... (a name in a section counts in every language all the same: see ``project_words``)."""
    sections: dict[str, set[str]] = {ALL_LANGUAGES: set()}
    for line in read_words_file(root / "words.txt"):
        if line.kind == HEADER:
            sections.setdefault(line.section, set())
        elif line.kind == WORD:
            sections.setdefault(line.section, set()).add(line.word.lower())
    return sections


def project_words(root: Path, language: str = DEFAULT_LANGUAGE) -> set[str]:
    """Return the lower-cased words of words.txt that count in ``language``: the shared ones, its section's,
    and every name wherever it is written."""
    return {line.word.lower() for line in read_words_file(root / "words.txt") if line.counts_in(language)}


PLACES = Path(__file__).resolve().parent / "data" / "places.txt"
_COMMENT_LINE = re.compile(r"^#.*$", re.MULTILINE)


@cache
def place_words() -> frozenset[str]:
    """Return each capitalised word of the UK's place names in data/places.txt (Thurrock, of "West Thurrock"),
    composed and with ' for ’: read on first use, once for the whole run."""
    names = normal_word(_COMMENT_LINE.sub("", PLACES.read_text(encoding="utf-8")))
    return frozenset(word for word in _WORD.findall(names) if word[0].isupper() and len(word) > 1)


def normal_word(word: str) -> str:
    """Return ``word`` as the dictionaries and words.txt are compared: composed (ŵ one character), ' for ’."""
    return unicodedata.normalize("NFC", word).replace("’", "'")


def words_of(text: str) -> list[str]:
    """Return the words of ``text`` worth spelling: no addresses, merge tags, hashtags, numbers or acronyms.

    Each word is as written (so it can be found in the file), but for ’ made '.
    """
    return words_in(without_addresses(MERGE_TAG.sub(" ", text)))


def words_in(text: str) -> list[str]:
    """Return the words worth spelling of ``text`` already without merge tags and addresses (see ``words_of``)."""
    if len(text) > _REMEMBERED_TEXT:
        return list(_words_in(text))
    return list(_remembered_words_in(text))


# A paragraph's words, remembered for the texts every issue of a `build --all` shares (the newsletter's own
# words, a contacts block): short texts only, so that what is kept stays small whatever an issue holds.
_REMEMBERED_TEXT = 2_000


@lru_cache(maxsize=4_096)
def _remembered_words_in(text: str) -> tuple[str, ...]:
    return _words_in(text)


def _words_in(text: str) -> tuple[str, ...]:
    if _PLAIN_TEXT.fullmatch(text):
        found = _WORD.findall(text)  # no word crosses a space, so these are the tokens' words
    else:
        found = []
        for token in text.split():
            bare = token.rstrip(".,;:!?")
            if bare.isascii() and bare.isalpha():  # most of prose: a word, perhaps with a stop or a comma after it
                found.append(bare)
                continue
            if token.startswith(("#", "@")):
                continue  # a hashtag or a handle
            if not token.isalpha() and any(map(str.isdigit, token)):
                token = " ".join(run for run in _WORD_CHARACTERS.findall(token) if not any(map(str.isdigit, run)))
            found += _WORD.findall(token)
    words = []
    for word in found:
        word = word.replace("’", "'")
        letters = len(word) if word.isascii() else len(unicodedata.normalize("NFC", word))
        if 2 <= letters <= LONGEST_WORD and not word.isupper():
            words.append(word)
    return tuple(words)


# A dictionary does not change while lacnews runs: what it said of a word holds for every
# issue of a `build --all` or a preview session. Bounded, as issues are written by strangers.
_IN_DICTIONARY: dict[tuple[str, str], bool] = {}
_REMEMBERED_WORDS = 200_000


def in_dictionary(dictionary, word: str) -> bool:
    """Whether ``word`` is in ``dictionary``, asking it once per word."""
    key = (getattr(dictionary, "tag", ""), word)
    known = _IN_DICTIONARY.get(key)
    if known is None:
        known = dictionary.check(word)
        if len(_IN_DICTIONARY) < _REMEMBERED_WORDS:
            _IN_DICTIONARY[key] = known
    return known


# Welsh: what may follow an apostrophe at the end of a word ('r the article; 'n yn; 'm 'th 'i 'w 'u 'ch
# the pronouns), after a vowel: i'r, a'r, o'r, mae'r, sy'n, mae'n, i'm, a'i, i'w, o'u, a'ch.
WELSH_CLITICS = frozenset({"r", "n", "m", "th", "i", "w", "u", "ch"})
WELSH_VOWELS = frozenset("aeiouwyâêîôûŵŷäëïöüẅÿáéíóúẃýàèìòùẁỳ")
# Welsh mutations, the mutated beginning and the radical it comes from: nasal (fy nghymuned, yng
# Nghymru), aspirate (a thŷ), soft (i Gymru, i Lanfair, o Ddinbych). The soft mutation of g drops it
# (yr ardd, gardd), and h goes before a vowel after ei, ein, eu (ei henw, enw).
WELSH_MUTATIONS = (("ngh", "c"), ("mh", "p"), ("nh", "t"), ("ng", "g"), ("ch", "c"), ("ph", "p"), ("th", "t"),
                   ("dd", "d"), ("g", "c"), ("b", "p"), ("d", "t"), ("f", "b"), ("f", "m"), ("l", "ll"),
                   ("r", "rh"), ("m", "b"), ("n", "d"))


def welsh_radicals(word: str) -> list[str]:
    """Return the words ``word`` may be a mutation of, written with its capital if it has one.

    Debian's Welsh dictionary lists the mutated forms of common words (gymuned, nghymuned, ardd) but not of
    names (Gymru, Nghymru, Lanfair), nor every one (thŷ): those are known by their radical.
    """
    lower = word.lower()
    found = [radical + lower[len(mutated):] for mutated, radical in WELSH_MUTATIONS if lower.startswith(mutated)]
    if word[:1].isupper() and (lower[:1] in WELSH_VOWELS or lower[:1] in ("l", "r")):
        found.append("g" + lower)  # only for names: the dictionary has common words' (ardd, wraig), and a typo
        # that drops a word's first letter would too often pass for one (yngor, cyngor)
    if lower[:1] == "h" and lower[1:2] in WELSH_VOWELS:
        found.append(lower[1:])
    if word[:1].isupper():
        found = [candidate[:1].upper() + candidate[1:] for candidate in found]
    return list(dict.fromkeys(found))


class Speller:
    """Checks words of one language against its dictionary, the UK's place names and the project's own words.

    What it said of a word holds while it lives: each distinct word is asked once, and a word's suggestion
    is asked for once, when a finding reports it. ``shared_speller`` keeps one alive for a whole run.
    """

    def __init__(self, root: Path, language: str = DEFAULT_LANGUAGE, words_file: list[WordsLine] | None = None):
        self.language = base_language(language)
        known = LANGUAGES.get(self.language)
        self.name = known.name if known else language
        self.dictionary, self.unavailable = dictionary(language)
        self.words_file = read_words_file(root / "words.txt") if words_file is None else words_file
        self.own = {line.word.lower() for line in self.words_file if line.counts_in(self.language)}
        self._answers: dict[str, bool] = {}
        self._suggestions: dict[str, str | None] = {}

    @property
    def provider(self) -> str | None:
        """The enchant provider the dictionary comes from (hunspell, aspell), None without one."""
        return self.dictionary.provider.name if self.dictionary is not None else None

    def known(self, word: str) -> bool:
        """Whether ``word`` is right in this language: asked once per distinct word."""
        answer = self._answers.get(word)
        if answer is None:
            answer = self._ask(normal_word(word))
            if len(self._answers) < _REMEMBERED_WORDS:
                self._answers[word] = answer
        return answer

    def unknown_among(self, words: Iterable[str]) -> list[str]:
        """Return the words of ``words`` that are not right in this language, each asked once (``known``): those
        already known right are passed over without a call."""
        answers, known = self._answers, self.known
        return [word for word in words if not (answers.get(word) or known(word))]

    def _ask(self, word: str) -> bool:
        if self._known(word):
            return True
        if self.language != "cy":
            return False
        if any(self._known(radical) for radical in welsh_radicals(word)):
            return True
        stem, apostrophe, clitic = word.rpartition("'")
        return (bool(apostrophe) and clitic.lower() in WELSH_CLITICS and stem[-1:].lower() in WELSH_VOWELS
                and (self._known(stem) or any(self._known(radical) for radical in welsh_radicals(stem))))

    def _known(self, word: str) -> bool:
        """Whether ``word`` (composed) is the project's, a UK place's or in the dictionary, as written or in lower
        case (a place's only as written: "Grays" is a town, "grays" is not British English)."""
        base = self._without_possessive(word)
        if base.lower() in self.own or word.lower() in self.own:
            return True
        if self.dictionary is not None and any(
                in_dictionary(self.dictionary, candidate) for candidate in dict.fromkeys((word, base, base.lower()))):
            return True
        places = place_words()  # last: an issue whose every word the dictionary knows never reads them
        return word in places or base in places

    def _without_possessive(self, word: str) -> str:
        return word[:-2] if self.language == "en" and len(word) > 3 and word.lower().endswith("'s") else word

    def word_to_add(self, word: str) -> str:
        """Return the form of ``word`` words.txt needs for it to be known: "Havercroft" for "Havercroft’s"."""
        return self._without_possessive(normal_word(word))

    def listed_elsewhere(self, word: str) -> WordsLine | None:
        """Return the line of words.txt holding ``word`` for another language only (why it is still unknown)."""
        wanted = {normal_word(word).lower(), self.word_to_add(word).lower()}
        return next((line for line in self.words_file
                     if line.kind == WORD and line.word.lower() in wanted and not line.counts_in(self.language)), None)

    def suggestion(self, word: str) -> str | None:
        """Return the dictionary's first suggestion for ``word``, asked for once per word."""
        if self.dictionary is None or len(word) > LONGEST_TO_SUGGEST:
            return None
        if word not in self._suggestions:
            suggestions = self.dictionary.suggest(normal_word(word))
            self._suggestions[word] = suggestions[0] if suggestions else None
        return self._suggestions[word]

    def unknown(self, text: str) -> list[str]:
        """Return each unknown word of ``text``, as often as it is written, in order."""
        if self.dictionary is None:
            return []
        return self.unknown_among(words_of(text))

    def misspelt(self, text: str) -> list[str]:
        """Return each unknown word of ``text`` once, in order."""
        return list(dict.fromkeys(self.unknown(text)))


# The spellers of the run, by what decides their every answer: the words file's bytes and the language (with
# where its dictionary comes from). Every issue of a `build --all`, a `check --all` or a preview session asks
# each distinct word once; an edit to words.txt makes a new one. A few at most: a session edits words.txt.
_SHARED: dict[tuple[bytes, str, Language | None], Speller] = {}
_SHARED_AT_MOST = 8


def shared_speller(root: Path, language: str = DEFAULT_LANGUAGE) -> Speller:
    """Return the speller of ``language`` for the project at ``root``, made once for the whole run while its
    words.txt is unchanged: what it learnt of a word in one issue holds in the next."""
    path = root / "words.txt"
    try:
        raw = path.read_bytes() if path.is_file() else b""
    except OSError:
        raw = b""
    key = (hashlib.sha256(raw).digest(), language, LANGUAGES.get(base_language(language)))
    speller = _SHARED.get(key)
    if speller is None:
        if len(_SHARED) >= _SHARED_AT_MOST:
            del _SHARED[next(iter(_SHARED))]  # the oldest
        speller = _SHARED[key] = Speller(root, language, words_file_lines(decode_text(path, raw)))
    return speller


def misspelt_in_every(spellers: list[Speller], text: str) -> list[str]:
    """Return each word of ``text`` that no speller with a dictionary knows: for a text written once in a
    newsletter of several languages (a name, an address), which may be in any of them."""
    ready = [speller for speller in spellers if speller.dictionary is not None]
    if not ready:
        return []
    return list(dict.fromkeys(w for w in words_of(text) if not any(speller.known(w) for speller in ready)))
