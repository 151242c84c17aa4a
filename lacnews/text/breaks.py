"""Places where a long word may wrap: a web address shown as text must not push a phone's screen sideways.

CSS that lets any word wrap (``overflow-wrap``, ``word-break``) is not supported by Gmail or Outlook,
and neither is ``<wbr>`` by Gmail's iPhone app; a zero-width space is read by every mail program. So
the email's text marks the places itself: after the slashes, dots, hyphens and the like of a word
longer than ``LONG`` characters, a zero-width space (U+200B), which shows nothing. A word with none of
them is given one every ``LONG`` characters. Only the text people read changes: never an address in
an ``href``, never a merge tag, never the plain-text part.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

LONG = 30  # characters: a word this long still fits the narrowest phone's column at the email's sizes
BREAK = "\u200b"
# From a word's start only (the look-behind): tried at every letter of a word, a match failed as often as the
# word had letters over again. The matches are the same, the leftmost match of a run being at its start.
_SPACES = r"\s\u200b"  # what ends a word
_WORD = "(?<![^{ends}])[^{ends}]{{%d,}}" % (LONG + 1)
LONG_WORD = re.compile(_WORD.format(ends=_SPACES))
AFTER = re.compile(r"(?<=[/.\-_?&=@#~,;:])(?=[^/.\-_?&=@#~,;:])")
SKIPPED = {"style", "title", "head", "script", "textarea", "pre"}


def breakable(tree, whole: str | None = None, between: str = "") -> None:
    """Add break opportunities to the long words of ``tree``'s text, in place; a word holding ``whole``
    (what stands in for a merge tag) is cut only at its punctuation, never inside a run of letters. The
    characters of ``between`` end a word as a space does (``lacnews.pipeline.variants``' marks)."""
    long_word = _long_word(between)
    for element in tree.iter(etree.Element):
        if element.tag in SKIPPED:
            continue
        text, tail = element.text, element.tail
        # most texts are short: told so here, without a call
        if text and len(text) > LONG and _has_long_word(text, long_word) \
                and not any(parent.tag in SKIPPED for parent in element.iterancestors()):
            element.text = with_breaks(text, whole, long_word)
        if tail and len(tail) > LONG and _has_long_word(tail, long_word):
            parent = element.getparent()
            if parent is not None and parent.tag not in SKIPPED:
                element.tail = with_breaks(element.tail, whole, long_word)


@lru_cache(maxsize=4)
def _long_word(between: str) -> re.Pattern:
    if not between:
        return LONG_WORD
    return re.compile(_WORD.format(ends=_SPACES + re.escape(between)))


def _has_long_word(text: str, long_word: re.Pattern = LONG_WORD) -> bool:
    # str.split parts at the very characters \s matches, so a text none of whose parts is long has no long word:
    # most texts are told so without the pattern.
    return max(map(len, text.split()), default=0) > LONG and long_word.search(text) is not None


def with_breaks(text: str, whole: str | None = None, long_word: re.Pattern = LONG_WORD) -> str:
    """Return ``text`` with a zero-width space at each place its long words may wrap (the words ``long_word``
    finds)."""
    def cut(word: re.Match) -> str:
        word = word.group()
        if "*|" in word:
            return word  # a merge tag is written as it is, always
        if AFTER.search(word):
            return AFTER.sub(BREAK, word)
        if whole and whole in word:
            return word
        return BREAK.join(word[i:i + LONG] for i in range(0, len(word), LONG))

    return long_word.sub(cut, text)
