"""Generated newsletter issues for tests/test_properties.py: hostile text, as an editor could type it.

Every text field is drawn from one mixture: Mailchimp merge tags (Mailchimp's own,
tags with spaces and colons, and tags of any characters the merge-tag pattern
allows), Markdown and HTML punctuation, Unicode (right-to-left text and overrides,
combining marks, emoji with zero-width joiners, Welsh ŵ ŷ), control characters
(which YAML forbids raw, so the dumper writes them as escapes) and long tokens of
10–50 KB without a space. Each example draws a ``Palette``, the kinds of fragment
its text is made of ("swarm testing"): control characters, which a correct build
refuses with a located message, and hostile addresses are in a quarter of the
examples, so that most examples build and their outputs are checked.

Issues are drawn as Python structures and written with yaml.dump (libyaml's safe
dumper), so they are valid YAML; ``broken_issue_files`` mutates that text, or its
bytes, into files that may not be; ``alias_editions`` are small files whose YAML
aliases repeat a list of items into a large email.

A draw is an ``Edition``: the issue's YAML and newsletter.yaml's. ``Edition.issue``
and ``Edition.newsletter`` read them back as lacnews reads them (every scalar the
text written), so that a test knows what the editor wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml
from hypothesis import strategies as st

SLUG = "march-2021"
DATE = "2021-03"
SITE_URL = "https://news.example.org/archive/"

MERGE_TAGS = [
    "*|FNAME|*", "*|LNAME|*", "*|EMAIL|*", "*|DATE:d/m/Y|*", "*|DATE:j F Y|*", "*|MC:SUBJECT|*",
    "*|MC:DATE|*", "*|IF:FNAME|*", "*|ELSE:|*", "*|END:IF|*", "*|IFNOT:LNAME|*", "*|UNSUB|*",
    "*|ARCHIVE|*", "*|FORWARD|*", "*|LIST:COMPANY|*", "*|CURRENT_YEAR|*", "*|IF:FNAME = Sian|*",
    "*| FNAME |*", "*|FEED:https://example.org/feed.xml|*", "*|RSSITEMS:[$count=5,$columns=1]|*",
    "*|MC_PREVIEW_TEXT|*", "*|INTERESTED:Groups:Walks,Talks|*",
]
# Half tags and near misses: not merge tags, but text that lies next to them.
NEAR_TAGS = ["*|", "|*", "*|FNAME|", "|FNAME|*", "*|FNAME*", "*Community", "**|FNAME|**", "*||*", "|"]
MARKDOWN = [
    "*", "**", "***", "_", "__", "`", "``", "```", "~~~", "[", "]", "](", ")", "![", "!", ">", "> ",
    "#", "# ", "-", "- ", "+ ", "1.", "1. ", "2) ", "\\", "---", "===", "    ", "\n> ", "\n- ", "\n1. ",
    "[a link](https://example.org/page)", "[a link](*|ARCHIVE|*)", "[*|FNAME|*](https://example.org/?u=*|EMAIL|*)",
    "![a picture](https://example.org/picture.png)", "![*|FNAME|*](https://example.org/p.png)",
    "[titled](https://example.org/t \"*|LNAME|* title\")", "<https://example.org/auto>",
    "[ref]\n\n[ref]: https://example.org/ref", "`*|FNAME|*`", "**bold *|FNAME|***", "_*|FNAME|*_",
    "\n```\n*|FNAME|*\n```\n", "  \n", "\\*|FNAME|*",
]
HTML = [
    "<", ">", "&", '"', "'", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&amp;",
    "&#x3c;", "&lt;b&gt;", "&nbsp;", "</p>", "</td></tr></table>", "<!--", "-->", "<![CDATA[x]]>",
    "<a href=\"javascript:alert(1)\">x</a>", "javascript:alert(1)", "<style>body{}</style>",
    "\" onmouseover=\"alert(1)", "' onfocus='alert(1)", "<svg onload=alert(1)>", "<b>", "</b>",
    "<iframe src=//x>", "<?xml version=\"1.0\"?>", "]]>", "<!DOCTYPE html>",
]
UNICODE = [
    "مرحبا بكم", "שָׁלוֹם", "\u202e", "\u202d", "\u202b", "\u2066", "\u2069", "\u200f", "\u200e",
    "e\u0301", "a\u0300\u0301\u0302\u0303", "\u0301", "\u0651", "👩\u200d👩\u200d👧", "👍🏽",
    "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f",  # the flag of Wales
    "ŵ", "ŷ", "Ŵ", "Ŷ", "Gŵyl Dewi", "Ynys Môn a'r ŷd", "\u00a0", "\u2028", "\u2029", "\ufeff", "\u200b",
    "\u200d", "\ufffd", "\U0010fffd", "ﷺ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "İ", "ß", "ﬁ",
]
CONTROL = [chr(code) for code in range(0x20) if code != 0x0A] + ["\x7f", "\x85", "\x9f"]
WORDS = [
    " ", " ", "  ", "\n", "\n\n", "\r\n", "\t", "Hello", "news", "York", "the", "Coronaviurs", "Streeet",
    "Local Area Coordination",
    "Our members met online again this month to share what they have learned since the spring.",
    "Read the full paper", "click here", "the the",
]


# What each kind of fragment is drawn from. A tag's name: anything the merge-tag pattern could
# allow (lacnews.text.markdown.MERGE_TAG decides what counts as a tag), control characters only
# when the example's palette has them.
@lru_cache(maxsize=None)
def _tag_names(control: bool):
    excluded = ("Cs",) if control else ("Cs", "Cc")
    return st.text(st.characters(exclude_categories=excluded, exclude_characters="|*<>&\n"), min_size=1, max_size=20)


@lru_cache(maxsize=None)
def merge_tags(control: bool = False):
    return st.sampled_from(MERGE_TAGS) | _tag_names(control).map(lambda name: f"*|{name}|*")


@lru_cache(maxsize=None)
def _random_text(control: bool):
    excluded = ("Cs",) if control else ("Cs", "Cc")
    return st.text(st.characters(exclude_categories=excluded, exclude_characters="\ufffe\uffff"), max_size=8)


KINDS = ("tags", "near", "markdown", "html", "unicode", "control", "words", "random")
# Control characters and non-characters are refused by a correct build, with a located message:
# the palette has them in a quarter of the examples, so that most examples build and are checked.
CONTROL_CHANCE = 4


@dataclass(frozen=True)
class Palette:
    """The kinds of fragment one example's text is made of ("swarm testing"), and whether URLs are hostile."""

    kinds: frozenset
    hostile_urls: bool

    @lru_cache(maxsize=None)  # building strategies costs more than drawing from them
    def fragments(self):
        control = "control" in self.kinds
        choices = {
            "tags": merge_tags(control),
            "near": st.sampled_from(NEAR_TAGS),
            "markdown": st.sampled_from(MARKDOWN),
            "html": st.sampled_from(HTML),
            "unicode": st.sampled_from(UNICODE),
            "control": st.sampled_from(CONTROL + ["\ufffe", "\uffff"]),
            "words": st.sampled_from(WORDS),
            "random": _random_text(control),
        }
        return st.one_of([choices[kind] for kind in KINDS if kind in self.kinds])

    @lru_cache(maxsize=None)  # building strategies costs more than drawing from them
    def texts(self):
        return st.lists(self.fragments(), max_size=8).map("".join)

    @lru_cache(maxsize=None)  # building strategies costs more than drawing from them
    def required_texts(self):
        # YAML's empty string, or only spaces, would be "required, but empty": not what is tested here.
        return self.texts().map(lambda text: text if text.strip() else text + "Words")

    @lru_cache(maxsize=None)  # building strategies costs more than drawing from them
    def url_tails(self):
        return st.lists(merge_tags("control" in self.kinds) | st.sampled_from(
            ["a", "b/c", "?q=1&r=2", "#top", " ", "ŵ", "%20", "<", ">", '"', "'", "\u202e", "(", ")"])
            | _random_text("control" in self.kinds).map(lambda text: text[:4]), min_size=1, max_size=4).map("".join)

    @lru_cache(maxsize=None)  # building strategies costs more than drawing from them
    def link_urls(self):
        urls = [st.sampled_from(["*|ARCHIVE|*", "*|UNSUB|*", "*|FORWARD|*", "*|UPDATE_PROFILE|*"]),
                st.builds(str.__add__, st.sampled_from(_URL_STARTS), self.url_tails())]
        return st.one_of(urls + ([st.sampled_from(_HOSTILE_URLS)] if self.hostile_urls else []))

    @lru_cache(maxsize=None)  # building strategies costs more than drawing from them
    def image_urls(self):
        urls = [st.builds(str.__add__, st.sampled_from(["https://example.org/", "http://example.org/i/"]),
                          self.url_tails())]
        return st.one_of(urls + ([st.sampled_from(_HOSTILE_IMAGES)] if self.hostile_urls else []))


@st.composite
def palettes(draw) -> Palette:
    kinds = {kind for kind in KINDS if kind != "control" and draw(st.integers(0, 2)) > 0}
    if draw(st.integers(0, CONTROL_CHANCE - 1)) == 0:
        kinds.add("control")
    return Palette(frozenset(kinds | {"words"}), hostile_urls=draw(st.integers(0, 3)) == 0)


# 10–50 KB without a space: one short unit repeated, so that a failure shrinks in a few steps.
_LONG_UNITS = st.sampled_from(["x", "Streeet", "*|FNAME|*", "ŵŷ", "👩\u200d👧", "&lt;", "<b>", "**", "[](",
                               "https://example.org/", "\u202e", "e\u0301"]) \
    | st.text(st.characters(exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1, max_size=6)
long_tokens = st.builds(lambda unit, size: (unit * (size // len(unit) + 1))[:size],
                        _LONG_UNITS, st.integers(10_000, 50_000))

_URL_STARTS = ["https://example.org/", "http://example.org/a?b=", "HTTPS://example.org/", "mailto:", "tel:",
               "https://example.org/?name=*|FNAME|*&u=", "mailto:*|EMAIL|*"]
_HOSTILE_URLS = ["javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
                 "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example.org/",
                 "https://example.org/\" onmouseover=\"alert(1)", "https://example.org/<script>"]
_HOSTILE_IMAGES = ["javascript:alert(1)", "*|ARCHIVE|*", "data:image/png;base64,AAAA"]


@dataclass(frozen=True)
class Edition:
    """One generated issue and its newsletter: the YAML files, and what they say."""

    issue_yaml: str
    newsletter_yaml: str

    @property
    def issue(self) -> dict:
        return read_yaml(self.issue_yaml)

    @property
    def newsletter(self) -> dict:
        return read_yaml(self.newsletter_yaml)

    @property
    def size(self) -> int:
        """The input's size in bytes: both files."""
        return len(self.issue_yaml.encode("utf-8")) + len(self.newsletter_yaml.encode("utf-8"))


def read_yaml(text: str):
    """Return the YAML document as lacnews reads it: every scalar the text written (no booleans, no numbers)."""
    return yaml.load(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))


def _maybe(draw, record: dict, key: str, strategy) -> None:
    if draw(st.booleans()):
        record[key] = draw(strategy)


def _item(draw, palette: Palette) -> dict:
    texts, required, link_urls = palette.texts(), palette.required_texts(), palette.link_urls()
    item: dict = {}
    _maybe(draw, item, "title", required)
    _maybe(draw, item, "url", link_urls)
    _maybe(draw, item, "byline", required)
    _maybe(draw, item, "body", texts)
    if draw(st.booleans()):
        image = {"src": draw(palette.image_urls())}
        if draw(st.integers(0, 5)) == 0:
            image["decorative"] = True
        else:
            image["alt"] = draw(required)
        item["image"] = image
    if draw(st.booleans()):
        item["quote"] = {"text": draw(required)}
        _maybe(draw, item["quote"], "by", required)
    if draw(st.booleans()):
        item["link"] = {"text": draw(required), "url": draw(link_urls)}
    if draw(st.integers(0, 3)) == 0:
        item["links"] = [{"text": draw(required), "url": draw(link_urls)} for _ in range(draw(st.integers(1, 2)))]
    return item or {"title": "An item"}


def _section(draw, palette: Palette) -> dict:
    section: dict = {"title": draw(palette.required_texts()),
                     "layout": draw(st.sampled_from(["standard", "list"]))}
    _maybe(draw, section, "body", palette.texts())
    items = [_item(draw, palette) for _ in range(draw(st.integers(0, 3)))]
    if items:
        section["items"] = items
    _maybe(draw, section, "after", palette.texts())
    return section


def _text_slots(value, slots: list) -> None:
    """Collect (container, key) for every text value below ``value``, for long tokens to go into."""
    pairs = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in pairs:
        if isinstance(child, str) and key not in ("date", "layout", "url", "src", "site_url"):
            slots.append((value, key))
        else:
            _text_slots(child, slots)


def dump(document, draw=None) -> str:
    """Write ``document`` as YAML, in one of the styles yaml.safe_dump offers."""
    allow_unicode = draw(st.booleans()) if draw else True
    width = draw(st.sampled_from([80, 40, 10 ** 6])) if draw else 80
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: the pure-Python one is slow on long texts
    return yaml.dump(document, Dumper=dumper, allow_unicode=allow_unicode, width=width, sort_keys=False)


@st.composite
def editions(draw, long: st.SearchStrategy[int] = st.sampled_from([0] * 9 + [1])) -> Edition:
    """An issue of 1–3 sections of 0–3 items, every field hostile; ``long`` says how many long tokens go in."""
    palette = draw(palettes())
    texts, required = palette.texts(), palette.required_texts()
    issue: dict = {"date": DATE, "subject": draw(required)}
    _maybe(draw, issue, "preheader", required)
    _maybe(draw, issue, "intro", texts)
    issue["sections"] = [_section(draw, palette) for _ in range(draw(st.integers(1, 3)))]
    newsletter: dict = {
        "name": draw(required),
        "sender": {"name": draw(required), "organisation": draw(required), "address": draw(required)},
        "site_url": SITE_URL,
    }
    _maybe(draw, newsletter, "description", texts)
    _maybe(draw, newsletter, "share_text", required)
    _maybe(draw, newsletter["sender"], "statement", texts)
    slots: list = []
    _text_slots(issue, slots)
    _text_slots(newsletter, slots)
    for _ in range(draw(long)):
        container, key = draw(st.sampled_from(slots))
        text = container[key]
        at = draw(st.integers(0, len(text)))
        container[key] = text[:at] + draw(long_tokens) + text[at:]
    return Edition(dump(issue, draw), dump(newsletter, draw))


# Raw text put into a YAML file as it is, not escaped: what YAML forbids, and what it gives a meaning to.
_RAW = [chr(code) for code in range(0x20) if code not in (0x0A,)] + [
    "\x7f", "\x85", "\ufeff", "\ufffe", "\uffff", "\u2028", '"', "'", ":", ": ", "- ", "-", "[", "]", "{", "}",
    "#", "&a ", "*a", "*b ", "!!binary ", "!!int ", "!!python/object/apply:os.system ", "!custom ", "? ",
    "|", ">", "%YAML 1.1\n", "---\n", "...\n", "<<: *a\n", "\n  ", "\n\t", "@", "`", "*|FNAME|*",
]
_BAD_BYTES = [b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf", b"\xef\xbb\xbf", b"\x00"]


@st.composite
def broken_issue_files(draw) -> tuple[bytes, Edition]:
    """An issue file mutated as raw text or bytes (mostly no longer valid YAML), with its newsletter."""
    edition = draw(editions(long=st.just(0)))
    data = edition.issue_yaml.encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        at = len(data[:at].decode("utf-8", "ignore").encode("utf-8"))  # at a character boundary
        kind = draw(st.sampled_from(["insert", "insert", "bytes", "delete", "truncate", "indent", "duplicate"]))
        if kind == "insert":
            data = data[:at] + draw(st.sampled_from(_RAW)).encode("utf-8") + data[at:]
        elif kind == "bytes":
            data = data[:at] + draw(st.sampled_from(_BAD_BYTES)) + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 20)):]
        elif kind == "truncate":
            data = data[:at]
        else:
            lines = data.split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            if kind == "indent":
                lines[index] = draw(st.sampled_from([b"\t", b" ", b"   "])) + lines[index]
            else:
                lines.insert(index, lines[index])
            data = b"\n".join(lines)
    return data, edition


_ALIAS_NEWSLETTER = yaml.safe_dump({"name": "News", "site_url": SITE_URL, "sender": {
    "name": "Sender", "organisation": "Trust", "address": "1 High Street, York"}}, sort_keys=False)


def aliased_items(items: int, repeats: int) -> Edition:
    """An issue whose first section's ``items`` items are aliased into ``repeats`` more sections."""
    written = [{"title": f"Story {number} for *|FNAME|*", "body": "Our members met **online** again. " * 3,
                "link": {"text": "Read the story", "url": f"https://example.org/{number}"}}
               for number in range(items)]
    lines = [f"date: {DATE}", "subject: Aliases", "sections:", "  - title: Stories", "    items: &items"]
    lines += ["      " + line for line in yaml.safe_dump(written, sort_keys=False, width=10 ** 6).splitlines()]
    lines += [f"  - {{title: Again {number}, items: *items}}" for number in range(repeats)]
    return Edition("\n".join(lines) + "\n", _ALIAS_NEWSLETTER)


def aliased_body(size: int, repeats: int) -> Edition:
    """An issue whose first section's body of ``size`` characters is aliased into ``repeats`` more sections."""
    unit = "Our members met **online** again, *|FNAME|*: [the paper](https://example.org/paper). "
    lines = [f"date: {DATE}", "subject: Aliases", "sections:", "  - title: Stories",
             f"    body: &body '{(unit * (size // len(unit) + 1))[:size]}'"]
    lines += [f"  - {{title: Again {number}, body: *body}}" for number in range(repeats)]
    return Edition("\n".join(lines) + "\n", _ALIAS_NEWSLETTER)


@st.composite
def alias_editions(draw) -> Edition:
    """A small issue whose YAML aliases repeat one list of items (2,000–3,750 items), or one body (0.3–1.2 MB
    of text), into many sections: little input, a large email, hundreds of times what is written.

    (Repeating a file a few times over stays within the bound's 0.5 s only up to a size: a 9 KB file
    repeating a 1 KB body 250 times builds in about 0.8–1.1 s here. Too close to the bound to test
    without failing by chance, so not drawn.)
    """
    if draw(st.booleans()):
        return aliased_items(draw(st.integers(20, 25)), draw(st.integers(100, 150)))
    return aliased_body(draw(st.integers(2_000, 4_000)), draw(st.integers(150, 300)))
