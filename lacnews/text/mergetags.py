"""Mailchimp merge tags (``*|FNAME|*``): what one looks like, which ones Mailchimp knows, how one is held
whole through a parser, and what each becomes where a person reads the email rather than Mailchimp.

A merge tag reaches the email files byte for byte, whatever the Markdown, HTML or line wrapping around
it: every parser lacnews puts text through (markdown-it, lxml, textwrap) would otherwise read one as
something else — emphasis, a percent-encoded address, a place to break a line. ``HeldTags`` is the one
way a tag is kept from them.

The email files, and everything copied or pasted from them, keep their tags. A preview or a proof fills
them with sample values so it reads as a subscriber sees it (``fill_merge_tags``); the public web archive
fills them with neutral words and drops the subscriber's own links (``fill_for_web``). Every value is
escaped for the document it goes into, and is in the language of the text around it: in a page of Welsh
and English, that of the element the tag sits in (its lang attribute).
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable
from html.parser import HTMLParser

from lacnews.base.languages import base_language

# On one line (no character Python or a browser breaks a line at), and with no character that HTML, an
# attribute or a URL would have to escape, so that a tag is written the same everywhere.
MERGE_TAG = re.compile("\\*\\|[^|*<>&\"\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]{1,100}\\|\\*")
# A merge tag as Jinja writes it into HTML, where an apostrophe (*|IF:FNAME = 'Sian'|*) becomes &#39;.
HTML_MERGE_TAG = re.compile(r"\*\|(?:[^|*<>&\"\n]|&#39;){1,100}\|\*")
# Half a tag: its start or its end lost (*|FNAME|, |FNAME|*, *|FNAME*, *|FNAME and no end), as `check` reports
# it in text whose whole tags are taken out.
HALF_TAGS = re.compile(r"\*\|[A-Za-z0-9_:]+\|(?!\*)|(?<!\*)\|[A-Z0-9_:]+\|\*|\*\|[A-Z0-9_:]+\*(?!\|)"
                       r"|\*\|[A-Z0-9_:]+(?![A-Za-z0-9_:|*])")

# The vocabulary

# Mailchimp's documented merge tags; audience fields come from newsletter.yaml's merge_fields.
MAILCHIMP_TAGS = frozenset({
    "EMAIL", "UNSUB", "UPDATE_PROFILE", "FORWARD", "ARCHIVE", "ARCHIVE_LINK_SHORT", "ABOUT_LIST", "REWARDS",
    "REWARDS_TEXT", "UNIQID", "CAMPAIGN_UID", "CURRENT_YEAR", "EMAIL_TYPE", "MC_PREVIEW_TEXT", "MC_LANGUAGE",
    "MC_LANGUAGE_LABEL", "LIST_ADDRESS_HTML", "END:IF", "ELSE:", "END:INTERESTED", "MC:SUBJECT", "MC:DATE",
    "MC:TOC", "MC:TOC_TEXT", "MC:SHARE", "MC:TRANSLATE", "MC:VCARD", "LIST:NAME", "LIST:COMPANY",
    "LIST:DESCRIPTION", "LIST:ADDRESS", "LIST:ADDRESS_HTML", "LIST:ADDRESSLINE", "LIST:ADDRESS_VCARD",
    "LIST:PHONE", "LIST:URL", "LIST:EMAIL", "LIST:SUBSCRIBE", "LIST:SUBSCRIBERS", "LIST:RECENT", "LIST:UID",
    "HTML:LIST_ADDRESS_HTML", "USER:COMPANY", "USER:ADDRESS", "USER:ADDRESS_HTML", "USER:PHONE", "USER:URL",
    "USER:EMAIL", "USER:USERNAME",
})
# Tags whose name is followed by something of the editor's: a field, a date format, a feed.
MAILCHIMP_PREFIXES = ("IF:", "ELSEIF:", "IFNOT:", "DATE:", "INTERESTED:", "RSS", "FEED:", "SURVEY:", "POLL:",
                      "TWITTER:", "FACEBOOK:", "PRODUCT:", "PROMO_CODE:", "TRANSLATE:", "GROUPING:")
# The tags of a conditional block: a reader of a preview sees what they wrap, not the tags.
CONDITIONALS = ("IF:", "ELSEIF:", "END:IF", "ELSE:", "IFNOT:")
# An audience's fields when newsletter.yaml lists none (Mailchimp's defaults).
DEFAULT_AUDIENCE_FIELDS = ("FNAME", "LNAME", "ADDRESS", "PHONE", "BIRTHDAY")


def tag_name(tag: str) -> str:
    """Return the name inside a merge tag: "FNAME" for *|FNAME|*."""
    return tag[2:-2]


def is_known_tag(name: str, audience: set[str] | frozenset[str]) -> bool:
    """Whether ``name`` is one of Mailchimp's merge tags or a field of the ``audience``."""
    if name in MAILCHIMP_TAGS or name in audience:
        return True
    if name.startswith("HTML:"):
        return name[5:] in audience
    return name.startswith(MAILCHIMP_PREFIXES)


# Holding tags through a parser

# Private-use characters, which no text means anything by: the Basic Multilingual Plane's, then plane 15's.
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE))
ASCII_DIGITS = 4  # an ascii stand-in's number is written in as many digits at least: 10,000 tags a document
_BASE = 64  # digits of a stand-in's number: a tag of five characters has room for three, 262,144 tags


class HeldTags:
    """The merge tags of a text, each replaced by a stand-in that a parser reads as part of a word, and put
    back by ``restore`` into whatever the parser made of the text.

    A stand-in is made of characters the text does not contain: an opening mark, the tag's number and a
    closing mark. By default they are private-use characters, which Markdown reads as letters. ``ascii``
    makes them letters and digits ("lacnewstag", the number in at least four digits, "z"), as lxml
    percent-encodes anything else in an address; being all of one length, whatever a tag's number, a word
    holding one is measured alike wherever it falls (``lacnews.text.breaks``), in a document with many tags or
    few. ``keep_width`` pads each stand-in to its tag's length, so that wrapping measures it as the tag.
    ``html`` finds the tags as Jinja escaped them in HTML (``&#39;`` for an apostrophe); ``holds`` chooses the
    tags worth holding, the others staying as they are.
    """

    def __init__(self, text: str, *, ascii: bool = False, keep_width: bool = False, html: bool = False,
                 holds: Callable[[str], bool] | None = None):
        self.tags: list[str] = []  # by number: each tag as often as it is written, in order
        self._choose_marks(text, ascii)

        def hold(match: re.Match) -> str:
            tag = _unescaped(match.group(0)) if html else match.group(0)
            if not MERGE_TAG.fullmatch(tag) or (holds is not None and not holds(tag)):
                return match.group(0)
            self.tags.append(tag)
            return self._stand_in(len(self.tags) - 1, len(tag) if keep_width else 0)

        self.text = (HTML_MERGE_TAG if html else MERGE_TAG).sub(hold, text) if "*|" in text else text
        digits = "".join(map(re.escape, self.digits))
        padding = f"{re.escape(self.pad)}*" if self.pad else ""
        self.pattern = re.compile(f"{re.escape(self.open)}([{digits}]+){padding}{re.escape(self.close)}")

    def _choose_marks(self, text: str, ascii: bool) -> None:
        """Choose the characters of the stand-ins: none of them in ``text`` (the number's, as a whole)."""
        if ascii:
            self.open, self.close, self.pad, self.digits = "lacnewstag", "z", "", "0123456789"
            self.least_digits = ASCII_DIGITS
            while self.open in text:
                self.open += "x"
        else:
            present = set(text)
            free = (chr(code) for codes in _PRIVATE_USE for code in codes if chr(code) not in present)
            self.open, self.close, self.pad = next(free), next(free), next(free)
            self.digits = "".join(next(free) for _ in range(_BASE))
            self.least_digits = 1
        self._values = {digit: value for value, digit in enumerate(self.digits)}

    def _stand_in(self, number: int, width: int) -> str:
        base = len(self.digits)
        written = self.digits[number % base]
        while number >= base:
            number //= base
            written = self.digits[number % base] + written
        written = written.rjust(self.least_digits, self.digits[0])
        return f"{self.open}{written}{self.pad * (width - len(written) - 2)}{self.close}"

    def restore(self, text: str) -> str:
        """Return ``text`` with each stand-in made its tag again."""
        if not self.tags:
            return text
        return self.pattern.sub(lambda match: self.tags[self._number(match.group(1))], text)

    def _number(self, written: str) -> int:
        number = 0
        for digit in written:
            number = number * len(self.digits) + self._values[digit]
        return number

    def outside(self, text: str, change: Callable[[str], str]) -> str:
        """Return ``text`` with ``change`` made to each stretch between stand-ins, the stand-ins as they are."""
        out, last = [], 0
        for match in self.pattern.finditer(text) if self.tags else ():
            out += [change(text[last:match.start()]) if match.start() > last else "", match.group(0)]
            last = match.end()
        out.append(change(text[last:]) if last < len(text) else "")
        return "".join(out)


def _unescaped(written: str) -> str:
    return written.replace("&#39;", "'")


# What tags become for a reader

# In English, and in each other language what differs from it: a Welsh preview or archive has no English words.
SAMPLE_VALUES = {
    "FNAME": "Alex",
    "LNAME": "Taylor",
    "EMAIL": "alex.taylor@example.org",
    "UNSUB": "#",
    "UPDATE_PROFILE": "#",
    "ABOUT_LIST": "#",
    "ARCHIVE": "#",
    "FORWARD": "#",
    "REWARDS": "",
    "REWARDS_TEXT": "",
    "LIST:NAME": "the newsletter's audience",
    "LIST:COMPANY": "the sender",
}
LOCAL_SAMPLE_VALUES = {
    "cy": {"LIST:NAME": "cynulleidfa’r cylchlythyr", "LIST:COMPANY": "yr anfonwr"},
}
# On the public archive page nobody is a subscriber: no names, no personal links. A first name usually follows a
# greeting ("Croeso, *|FNAME|*"), where Welsh mutates the word that stands for it (darllenydd → ddarllenydd).
WEB_VALUES = {"FNAME": "reader"}
LOCAL_WEB_VALUES = {
    "cy": {"FNAME": "ddarllenydd"},
}
SOURCE_LANGUAGE = "en"


def values_in(language: str, values: dict[str, str], local: dict[str, dict[str, str]]) -> dict[str, str]:
    """Return ``values`` as readers of ``language`` (cy, cy-GB, en-GB) read them."""
    return {**values, **local.get(base_language(language), {})}


def _no_escape(text: str) -> str:
    return text


def fill_merge_tags(text: str, subject: str = "", escape: Callable[[str], str] = _no_escape,
                    language: str = SOURCE_LANGUAGE) -> str:
    """Return ``text`` with each merge tag replaced by a sample value (an unknown tag by its name), in
    ``language``; in HTML (``escape`` given), in the language of the element the tag is written in."""
    extra = {"MC:SUBJECT": subject, "CURRENT_YEAR": str(datetime.date.today().year)}

    def sample(name: str, values: dict[str, str]) -> str:
        if name in values:
            return escape(values[name])
        if name.startswith(CONDITIONALS):
            return ""  # conditional blocks: show what they wrap
        return escape(f"[{name}]")

    return _fill(text, language, escape is not _no_escape,
                 lambda tag, where: sample(tag_name(tag).strip(),
                                           {**values_in(where, SAMPLE_VALUES, LOCAL_SAMPLE_VALUES), **extra}))


def fill_for_web(text: str, subject: str, escape: Callable[[str], str] = _no_escape,
                 language: str = SOURCE_LANGUAGE) -> str:
    """Return ``text`` with merge tags made neutral for the public archive: the subject, a word in ``language`` (in
    HTML, ``escape`` given, in the language of the element the tag is written in), or nothing."""
    return _fill(text, language, escape is not _no_escape,
                 lambda tag, where: escape({**values_in(where, WEB_VALUES, LOCAL_WEB_VALUES),
                                            "MC:SUBJECT": subject}.get(tag_name(tag), "")))


def _fill(text: str, language: str, is_html: bool, value: Callable[[str, str], str]) -> str:
    """Return ``text`` with each merge tag replaced by ``value(tag, language it is written in)``."""
    if "*|" not in text:
        return text
    if not is_html or ' lang="' not in text or _all_in(text, language):
        return MERGE_TAG.sub(lambda match: value(match.group(0), language), text)
    written_in = _MarkedLanguages(text, language)
    return MERGE_TAG.sub(lambda match: value(match.group(0), written_in.at(match.start())), text)


_LANG_ATTRIBUTE = re.compile(r"\blang\s*=", re.IGNORECASE)


def _all_in(document: str, language: str) -> bool:
    """Whether every lang attribute of ``document`` is ``language``, written lang="language": then every stretch of
    its text is in ``language``, with no need to parse it (a page in one language)."""
    marked = f'lang="{language}"'
    return all(document.startswith(marked, found.start()) for found in _LANG_ATTRIBUTE.finditer(document))


class _MarkedLanguages(HTMLParser):
    """The language of each stretch of an HTML document's text: the lang of the nearest element that marks one
    (a page holding Welsh and English marks each block), ``language`` outside them and in attributes."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                      "track", "wbr"})

    def __init__(self, document: str, language: str):
        super().__init__(convert_charrefs=False)  # so that each stretch of text is where the document has it
        self.language = language
        self._open: list[tuple[str, str]] = []  # (element, its language)
        self._line_starts = [0] + [found.end() for found in re.finditer("\n", document)]
        self._starts: list[int] = []
        self._stretches: list[tuple[int, int, str]] = []  # (start, end, language) of each stretch holding a tag
        self.feed(document)
        self.close()

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.VOID:
            return
        marked = dict(attrs).get("lang")
        self._open.append((tag, marked or (self._open[-1][1] if self._open else self.language)))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth][0] == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if "*|" in data:
            line, column = self.getpos()
            start = self._line_starts[line - 1] + column
            self._starts.append(start)
            self._stretches.append((start, start + len(data), self._open[-1][1] if self._open else self.language))

    def at(self, offset: int) -> str:
        """Return the language of the text at ``offset`` of the document."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self._stretches[index][1]:
            return self._stretches[index][2]
        return self.language
