"""The project's own fidelity test: every piece of text an editor wrote reaches both outputs.

``fidelity()`` reads an issue file and newsletter.yaml (every scalar as the text
typed: yaml's BaseLoader) and walks them generically, so a new field is covered
without editing this file. Each string it meets is, by its key:

- not text: the keys in NOT_TEXT (dates, ids, layouts, widths, flags, the language,
  merge_fields, site_url), the paths in NOT_IN_EMAIL, ``contents: auto|none``, and
  the theme's colours;
- an address (``url``, ``website``, ``signup_url``, or any value that is a whole
  https://, http://, mailto: or tel: address): an ``href`` of email.html, and
  written out in email.txt (a mailto: or tel: link may show the bare address);
- an image (``src``): an ``<img src>`` of email.html (the text part shows the alt text);
- alt text (``alt``): an ``<img alt>`` of email.html, and words of email.txt;
- the subject: the ``<title>`` of email.html;
- Markdown (the fields in MARKDOWN): rendered with the project's own parser
  (``lacnews.text.markdown``), each block's visible words a piece of text, each link an
  address, each image an image;
- anything else is text: the visible words of email.html (html.parser, entities
  unescaped, whitespace folded) and the words of email.txt (whitespace folded, so
  line wrapping does not count, quote markers and "(address)" after a link left out).

A piece of text written n times must be found at least n times, so a dropped byline
is not hidden by the same name written elsewhere. Every merge tag written (``*|FNAME|*``)
must be in each output byte for byte. email.txt must hold no HTML tags or entities
(except those the editor typed as text) and no line over 78 characters other than
a single long address. Each miss names the file, the field's path and the fragment.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import BuiltIssue, build_issue, copy_case

from lacnews.base import schema
from lacnews.text import markdown

HTML, TEXT = "email.html", "email.txt"
BOTH = (HTML, TEXT)

# Keys whose values are not text a subscriber reads (or not as written: dates are shown in words).
NOT_TEXT = {"date", "id", "layout", "width", "decorative", "recurring", "language", "merge_fields", "site_url",
            "languages", "bilingual", "logo_width", "heading_font"}
# Fields that are not in the email at all, by path ([] for any list index).
NOT_IN_EMAIL = {
    "sender.email": "the From address of proofs sent with `lacnews send`",
    "images_url": "where the prepared pictures are served from: the start of each local picture's src, not text",
}
# Text that only the HTML part holds, and why.
ONLY_IN_HTML = {
    "subject": "the subject line is the HTML's <title>; the text part is sent under that subject, not with it",
    "theme.logo.alt": "the text part's masthead is the newsletter's name, not its logo",
}
ADDRESS_KEYS = {"url", "website", "signup_url"}
IMAGE_KEYS = {"src"}
ALT_KEYS = {"alt"}
# Markdown fields, as the end of their path; test_markdown_fields_agree_with_the_schema keeps this honest.
MARKDOWN = {"description", "intro", "body", "after", "statement", "correspondence", "quote.text"}

ADDRESS = re.compile(r"(?:https?://|mailto:|tel:)\S+")
MERGE_TAG = re.compile(r"\*\|[^|\n]+?\|\*")
COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
HTML_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);")
# "words (address)" in the text part, as it writes a link; left out so that the words read on.
LINKED_ADDRESS = re.compile(r" ?\((?:https?://|mailto:|tel:|\*\|)\S*?\)(?=[\s.,:;!?'\"’”]|$)")
WIDTH = 78

INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "em", "font", "i", "ins", "kbd", "mark", "q",
          "s", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
HIDDEN = {"head", "title", "style", "script", "template"}


def fold(text: str) -> str:
    return " ".join(text.split())


class Reader(HTMLParser):
    """What the fidelity test reads in HTML: visible text (whole, and block by block), links, images, title."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.hrefs: list[str] = []
        self.images: list[str] = []
        self.alts: list[str] = []
        self.title: list[str] = []
        self.hidden: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href") is not None:
            self.hrefs.append(attributes["href"])
        if tag == "img":
            self.images.append(attributes.get("src") or "")
            self.alts.append(attributes.get("alt") or "")
        if tag in HIDDEN:
            self.hidden.append(tag)
        if tag not in INLINE:
            self.blocks.append([])

    def handle_endtag(self, tag):
        if self.hidden and self.hidden[-1] == tag:
            self.hidden.pop()
        if tag not in INLINE:
            self.blocks.append([])

    def handle_data(self, data):
        if "title" in self.hidden:
            self.title.append(data)
        elif not self.hidden:
            self.blocks[-1].append(data)

    @property
    def block_texts(self) -> list[str]:
        return [text for text in (fold("".join(block)) for block in self.blocks) if text]

    @property
    def text(self) -> str:
        return " ".join(self.block_texts)


def text_part_words(text: str) -> str:
    """The words of a text part: quote markers and link addresses left out, whitespace folded."""
    lines = [re.sub(r"^\s*(?:>\s?)+", " ", line) for line in text.splitlines()]
    return LINKED_ADDRESS.sub("", fold(" ".join(lines)))


@dataclass(frozen=True)
class Piece:
    """One thing the editor wrote that must reach ``outputs``: ``kind`` is text, title, address, image or alt."""

    file: str
    path: str
    kind: str
    value: str
    outputs: tuple[str, ...]


@dataclass(frozen=True)
class Miss:
    file: str
    path: str
    output: str
    fragment: str
    why: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.fragment!r} {self.why} in {self.output}"


def general(path: str) -> str:
    """``sections[2].items[0].body`` -> ``sections[].items[].body``."""
    return re.sub(r"\[\d+\]", "[]", path)


def ends_with(path: str, names: set[str]) -> bool:
    plain = general(path).replace("[]", "")
    return any(plain == name or plain.endswith("." + name) for name in names)


LANGUAGE_KEY = re.compile(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?")


def scalars(node, path: str = "", languages: tuple[str, ...] = ("en",)):
    """Yield ``(path, text)`` for every string in a YAML document read with BaseLoader; of a text given per
    language ({cy: ..., en: ...}), the versions in ``languages`` (those the issue is in)."""
    if isinstance(node, dict) and node and all(LANGUAGE_KEY.fullmatch(key) and isinstance(value, str)
                                                for key, value in node.items()):
        for key, value in node.items():
            if key in languages and value.strip():
                yield path, value
        return
    if isinstance(node, dict):
        for key, value in node.items():
            yield from scalars(value, f"{path}.{key}" if path else str(key), languages)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from scalars(value, f"{path}[{index}]", languages)
    elif isinstance(node, str) and node.strip():
        yield path, node


def pieces(file: str, path: str, value: str) -> list[Piece]:
    """What the field at ``path`` holding ``value`` must put in the outputs."""
    key = general(path).replace("[]", "").rsplit(".", 1)[-1]
    if key in NOT_TEXT or general(path) in NOT_IN_EMAIL:
        return []
    if general(path) == "contents" and value.strip() in ("auto", "none"):
        return []
    if path.startswith("theme.") and COLOUR.fullmatch(value.strip()):
        return []
    outputs = (HTML,) if general(path) in ONLY_IN_HTML else BOTH
    value = value.strip()
    if general(path) == "subject":
        return [Piece(file, path, "title", fold(value), outputs)]
    if key in IMAGE_KEYS:
        return [Piece(file, path, "image", value, (HTML,))]
    if key in ADDRESS_KEYS or ADDRESS.fullmatch(value):
        return [Piece(file, path, "address", value, outputs)]
    if key in ALT_KEYS:
        return [Piece(file, path, "alt", fold(value), outputs)]
    if ends_with(path, MARKDOWN):
        rendered = Reader(markdown.to_html(value))
        return ([Piece(file, path, "text", block, outputs) for block in rendered.block_texts]
                + [Piece(file, path, "address", href, outputs) for href in rendered.hrefs]
                + [Piece(file, path, "image", src, (HTML,)) for src in rendered.images]
                + [Piece(file, path, "alt", fold(alt), outputs) for alt in rendered.alts if alt.strip()])
    return [Piece(file, path, "text", fold(value), outputs)]


def shows_image(src: str, images: list[str]) -> bool:
    """Whether ``src`` is one of the page's images: a web address as written, a picture from the project as
    its prepared file (its name, then a digest of its content)."""
    if "://" in src:
        return src in images
    words = re.sub(r"[^a-z0-9]+", "-", Path(src).stem.lower()).strip("-")
    prepared = re.compile(rf"(?:.*/)?{re.escape(words)}-[0-9a-f]{{12}}\.(?:jpg|png)")
    return any(prepared.fullmatch(image) for image in images)


def fidelity(issue_file: Path, newsletter_file: Path, html: str, text: str) -> list[Miss]:
    """Return what of ``issue_file`` and ``newsletter_file`` is missing from ``html`` and ``text``."""
    fields = []
    documents = [yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
                 for file in (issue_file, newsletter_file)]
    # the issue's languages, else the newsletter's, else the newsletter's one language (en-GB: en)
    languages = tuple(documents[0].get("languages") or documents[1].get("languages")
                      or [documents[1].get("language", "en-GB").split("-")[0]])
    for file, document in zip((issue_file, newsletter_file), documents):
        fields += [(file.name if file == newsletter_file else f"issues/{file.name}", path, value)
                   for path, value in scalars(document, languages=languages)]
    of_field = {(file, path): pieces(file, path, value) for file, path, value in fields}
    written = [piece for each in of_field.values() for piece in each]

    page = Reader(html)
    shown = {HTML: page.text, TEXT: text_part_words(text)}
    misses: list[Miss] = []

    def linked(address: str, output: str) -> bool:
        if output == HTML:
            return address in page.hrefs
        # the text part writes a link whose words are its address once, without mailto: or tel:
        return address in text or (address.startswith(("mailto:", "tel:")) and address.split(":", 1)[1] in text)

    def words(piece: Piece, output: str) -> str:
        return LINKED_ADDRESS.sub("", piece.value) if output == TEXT else piece.value

    for output in BOTH:
        # alt text is words of the text part, but only an attribute of the HTML
        readable = [p for p in written if output in p.outputs and (p.kind == "text" or
                                                                    (p.kind == "alt" and output == TEXT))]
        for piece in readable:
            fragment = words(piece, output)
            if not fragment:
                continue
            needed = sum(words(other, output).count(fragment) for other in readable)
            count = shown[output].count(fragment)
            if count < needed:
                why = "is missing" if count == 0 else f"is written {needed} times but found {count}"
                misses.append(Miss(piece.file, piece.path, output, fragment, why))
        for piece in written:
            if output not in piece.outputs:
                continue
            if piece.kind == "address" and not linked(piece.value, output):
                why = "is not a link (href)" if output == HTML else "is missing"
                misses.append(Miss(piece.file, piece.path, output, piece.value, why))
            elif piece.kind == "image" and not shows_image(piece.value, page.images):
                misses.append(Miss(piece.file, piece.path, output, piece.value, "is not an image (img src)"))
            elif piece.kind == "alt" and output == HTML and piece.value not in map(fold, page.alts):
                misses.append(Miss(piece.file, piece.path, output, piece.value, "is not an image's alt text"))
            elif piece.kind == "title" and piece.value not in fold("".join(page.title)):
                misses.append(Miss(piece.file, piece.path, output, piece.value, "is not in the <title>"))

    for file, path, value in fields:
        outputs = {output for piece in of_field[file, path] for output in piece.outputs}
        for tag in MERGE_TAG.findall(value):
            for output in sorted(outputs):
                if tag not in (html if output == HTML else text):
                    misses.append(Miss(file, path, output, tag, "(a merge tag) is not there byte for byte"))

    typed = "\n".join(value for _, _, value in fields)
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{TEXT}:{number}"
        for tag in HTML_TAG.findall(line):
            if tag not in typed:
                misses.append(Miss(where, "", TEXT, tag, "is an HTML tag"))
        for entity in HTML_ENTITY.findall(line):
            if entity not in typed:
                misses.append(Miss(where, "", TEXT, entity, "is an HTML entity"))
        if len(line) > WIDTH and not is_one_address(line):
            misses.append(Miss(where, "", TEXT, line, f"is {len(line)} characters long, over {WIDTH}"))
    return misses


def is_one_address(line: str) -> bool:
    """True for a line that is a single address, perhaps in brackets, bulleted or quoted."""
    word = re.sub(r"^\s*(?:(?:[*>]|\d+\.)\s+)*", "", line).strip()
    return " " not in word and ADDRESS.fullmatch(word.lstrip("(<").rstrip(")>.,:;")) is not None


def fidelity_of(built: BuiltIssue) -> list[Miss]:
    root = built.project.root
    return fidelity(root / "issues" / f"{built.slug}.yaml", root / "newsletter.yaml", built.html, built.text)


def assert_faithful(built: BuiltIssue) -> None:
    misses = fidelity_of(built)
    assert not misses, f"{len(misses)} things written for {built.slug} are not in its outputs:\n" + \
        "\n".join(map(str, misses))


TAGGED_ISSUE = """\
date: 2021-03
subject: News for *|FNAME|*
preheader: Hello *|FNAME|*, this is March
intro: Dear *|FNAME|* *|LNAME|*, *welcome*.
sections:
  - title: For *|FNAME|*
    body: |
      See [your profile](*|UPDATE_PROFILE|*) or
      [this page](https://example.org/p?id=*|EMAIL|*&x=1).

      Write to [ann@example.org](mailto:ann@example.org).
      ![A chart of March](https://example.org/chart.png)
    items:
      - title: The archive
        url: "*|ARCHIVE|*"
        byline: Sent to *|EMAIL|*
        body: Hello *|FNAME|*.
        quote: {text: "Thanks, *|FNAME|*", by: The team}
        link: {text: "Change *|FNAME|*'s details", url: "*|UPDATE_PROFILE|*"}
  - title: Reading for *|LNAME|*
    layout: list
    items:
      - title: A post
        url: https://example.org/post?for=*|UNIQID|*
        byline: "*|LNAME|*"
        body: One line for *|FNAME|*, *|IF:LNAME|*and *|LNAME|**|END:IF|*.
"""


@pytest.fixture(scope="module")
def every_field(tmp_path_factory) -> BuiltIssue:
    return build_issue(copy_case("every-field", tmp_path_factory.mktemp("every-field"), "every-field"),
                       "every-field")


def tagged_project(project):
    project.issue("march-2021", TAGGED_ISSUE)
    return project


def test_may_2020_reaches_both_outputs(may_2020):
    assert_faithful(may_2020)


def test_every_field_reaches_both_outputs(every_field):
    assert_faithful(every_field)


def test_merge_tags_in_every_kind_of_field_reach_both_outputs(project):
    assert_faithful(build_issue(tagged_project(project), "march-2021"))


def test_pictures_from_the_project_reach_both_outputs(tmp_path):
    from test_pictures import picture_project

    assert_faithful(build_issue(picture_project(tmp_path / "news"), "march-2021"))


def test_the_walk_covers_what_it_should(every_field, may_2020):
    """Guard against a test that passes by reading nothing: count what each case is checked for."""
    def kinds(built):
        root = built.project.root
        found = {}
        for file in (root / "issues" / f"{built.slug}.yaml", root / "newsletter.yaml"):
            for path, value in scalars(yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)):
                for piece in pieces(file.name, path, value):
                    found.setdefault(piece.kind, set()).add(general(piece.path))
        return found

    every = kinds(every_field)
    assert {"sections[].items[].byline", "sections[].items[].quote.by", "sections[].items[].link.text",
            "sections[].items[].links[].text", "sections[].items[].quote.text", "contacts[].phone",
            "sender.statement", "share_text", "social.twitter", "preheader", "intro"} <= every["text"]
    assert {"sections[].items[].url", "sections[].items[].links[].url", "website", "signup_url",
            "social.mastodon", "sender.statement"} <= every["address"]
    assert every["title"] == {"subject"} and "theme.logo.src" in every["image"]
    may = kinds(may_2020)
    assert {"contents[]", "sections[].after", "sections[].items[].quote.by"} <= may["text"]
    checked = set().union(*every.values(), *may.values())
    assert not checked & {"date", "sections[].items[].date", "sections[].id", "sections[].layout", "contents",
                          "sections[].recurring", "language", "theme.accent", "theme.logo.width"}


# The test can fail: a project template for the list layout that loses something is caught.


def list_html(url: str = "item.url", byline: bool = True) -> str:
    """A list layout's HTML template for items with a title, address, byline and body, as the cases have."""
    return ("<ul>{% for item in section.items %}\n"
            f'<li><strong><a href="{{{{ {url} }}}}">{{{{ item.title }}}}</a></strong>'
            + (" by {{ item.byline }}" if byline else "")
            + ": {{ item.body|markdown_inline }}</li>\n{% endfor %}</ul>\n")


def list_text(byline: bool = True, bold: bool = False) -> str:
    """The same for the text part."""
    title = "'<b>' ~ item.title ~ '</b>'" if bold else "item.title"
    by = ' ~ " by " ~ item.byline' if byline else ""
    return ("{% for item in section.items %}\n"
            f'{{{{ ({title}{by} ~ " (" ~ item.url ~ "): " ~ item.body|text_inline)|wrap(first="* ", rest="  ") }}}}\n'
            "{% endfor %}\n")


BREAKAGES = {
    "byline dropped from the text": ("every-field", {"list.txt.j2": list_text(byline=False)},
                                     {("sections[1].items[0].byline", TEXT, "Cee Writer")}),
    "byline dropped from the HTML": ("every-field", {"list.html.j2": list_html(byline=False)},
                                     {("sections[1].items[0].byline", HTML, "Cee Writer")}),
    "address percent-encoded in the HTML": ("tagged", {"list.html.j2": list_html(url="item.url|urlencode")},
                                            {("sections[1].items[0].url", HTML,
                                              "https://example.org/post?for=*|UNIQID|*"),
                                             ("sections[1].items[0].url", HTML, "*|UNIQID|*")}),
    "HTML left in the text": ("every-field", {"list.txt.j2": list_text(bold=True)},
                              {("", TEXT, "<b>"), ("", TEXT, "</b>")}),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_template_that_loses_something_is_caught(breakage, project, tmp_path):
    case, templates, expected = BREAKAGES[breakage]
    if case == "tagged":
        broken, slug = tagged_project(project), "march-2021"
    else:
        broken, slug = copy_case(case, tmp_path / case, case), case
    for name, source in templates.items():
        broken.write(f"templates/sections/{name}", source)
    misses = fidelity_of(build_issue(broken, slug))
    assert {(miss.path, miss.output, miss.fragment) for miss in misses} == expected, "\n".join(map(str, misses))


def test_the_list_templates_of_these_tests_lose_nothing(project, tmp_path):
    """So that each breakage above is the one thing lost."""
    for case, slug in (("every-field", "every-field"), ("tagged", "march-2021")):
        built = tagged_project(project) if case == "tagged" else copy_case(case, tmp_path / case, case)
        built.write("templates/sections/list.html.j2", list_html())
        built.write("templates/sections/list.txt.j2", list_text())
        assert_faithful(build_issue(built, slug))


def test_a_miss_names_the_file_the_field_and_the_fragment(may_2020):
    root = may_2020.project.root
    text = may_2020.text.replace("Charlene Novak, who runs a Mutual Aid Group", "Charlene Novak")
    misses = fidelity(root / "issues" / "may-2020.yaml", root / "newsletter.yaml", may_2020.html, text)
    assert [str(miss) for miss in misses] == [
        "issues/may-2020.yaml: sections[2].items[1].quote.by: 'Charlene Novak, who runs a Mutual Aid Group' "
        "is missing in email.txt"]


def schema_paths(cls, prefix: str = ""):
    """Yield ``(general path, type)`` for every field of the format, from the schema's classes down."""
    for each in dataclasses.fields(cls):
        if each.metadata.get("internal"):
            continue
        kind = typing.get_type_hints(cls)[each.name]
        args = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        if typing.get_origin(kind) in (typing.Union, types.UnionType) and len(args) == 1:
            kind = args[0]
        path = f"{prefix}{each.name}"
        if typing.get_origin(kind) is list and typing.get_args(kind) and \
                dataclasses.is_dataclass(typing.get_args(kind)[0]):
            yield from schema_paths(typing.get_args(kind)[0], f"{path}[].")
        elif dataclasses.is_dataclass(kind):
            yield from schema_paths(kind, f"{path}.")
        else:
            yield path, kind


def test_markdown_fields_agree_with_the_schema():
    """A new Markdown field must be read as Markdown here, or its words would be compared with their markup."""
    paths = list(schema_paths(schema.Issue)) + list(schema_paths(schema.Newsletter))
    assert len(paths) > 30
    for path, kind in paths:
        assert ends_with(path, MARKDOWN) == (kind is schema.Markdown), path
