"""British English spelling, with the project's own words (names, places) from words.txt.

Spelling uses pyenchant over Debian's Hunspell en_GB dictionary (packages
libenchant-2-2 and hunspell-en-gb): a real dictionary with British spellings
("neighbourhood", "organisation"), loaded in a few milliseconds. Where the
dictionary is missing, the spelling rule says so once instead of guessing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lacnews.addresses import without_addresses
from lacnews.markdown import MERGE_TAG
from lacnews.yamlsource import decode_text

LANGUAGE = "en_GB"
INSTALL_HINT = "install Debian's libenchant-2-2 and hunspell-en-gb (apt-get install libenchant-2-2 hunspell-en-gb)"

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]+(?:['’][A-Za-zÀ-ÖØ-öø-ɏ]+)*")
_WORD_CHARACTERS = re.compile(r"\w+")
# No English word is longer; a longer "word" is a code or a pasted token, and costs the dictionary time.
LONGEST_WORD = 40
LONGEST_TO_SUGGEST = 30


@lru_cache(maxsize=1)
def dictionary():
    """Return the en_GB dictionary, or the reason there is none."""
    try:
        import enchant
    except ImportError:
        return None, f"the enchant library is missing: {INSTALL_HINT}"
    try:
        return enchant.Dict(LANGUAGE), None
    except enchant.errors.DictNotFoundError:
        return None, f"no {LANGUAGE} dictionary: {INSTALL_HINT}"


def project_words(root: Path) -> set[str]:
    """Return the lower-cased words of the project's words.txt (one a line, # for comments)."""
    path = root / "words.txt"
    try:
        raw = path.read_bytes() if path.is_file() else b""
    except OSError:
        raw = b""
    words = set()
    for line in decode_text(path, raw).splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word.lower().replace("’", "'"))
    return words


def words_of(text: str) -> list[str]:
    """Return the words of ``text`` worth spelling: no addresses, merge tags, hashtags, numbers or acronyms."""
    words = []
    for token in without_addresses(MERGE_TAG.sub(" ", text)).split():
        if token.startswith(("#", "@")):
            continue  # a hashtag or a handle
        if any(c.isdigit() for c in token):
            token = " ".join(run for run in _WORD_CHARACTERS.findall(token) if not any(c.isdigit() for c in run))
        for word in _WORD.findall(token):
            word = word.replace("’", "'")
            if 2 <= len(word) <= LONGEST_WORD and not word.isupper():
                words.append(word)
    return words


# The dictionary does not change while lacnews runs: what it said of a word holds for every
# issue of a `build --all` or a preview session. Bounded, as issues are written by strangers.
_IN_DICTIONARY: dict[str, bool] = {}
_REMEMBERED_WORDS = 200_000


def in_dictionary(dictionary, word: str) -> bool:
    """Whether ``word`` is in ``dictionary``, asking it once per word."""
    known = _IN_DICTIONARY.get(word)
    if known is None:
        known = dictionary.check(word)
        if len(_IN_DICTIONARY) < _REMEMBERED_WORDS:
            _IN_DICTIONARY[word] = known
    return known


class Speller:
    """Checks words against the dictionary and the project's own words."""

    def __init__(self, root: Path):
        self.dictionary, self.unavailable = dictionary()
        self.own = project_words(root)

    def known(self, word: str) -> bool:
        base = word[:-2] if word.lower().endswith("'s") else word
        return (base.lower() in self.own or word.lower() in self.own
                or any(in_dictionary(self.dictionary, candidate) for candidate in (word, base, base.lower())))

    def suggestion(self, word: str) -> str | None:
        if len(word) > LONGEST_TO_SUGGEST:
            return None
        suggestions = self.dictionary.suggest(word)
        return suggestions[0] if suggestions else None

    def misspelt(self, text: str) -> list[str]:
        """Return each unknown word of ``text`` once, in order."""
        if self.dictionary is None:
            return []
        return list(dict.fromkeys(w for w in words_of(text) if not self.known(w)))
