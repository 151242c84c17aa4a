"""Turn composed YAML nodes into the typed classes of ``lacnews.base.schema``.

Every problem is collected with its line and column, and the caller raises them
together, so an editor sees all that is wrong with a file at once.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from dataclasses import dataclass
from functools import lru_cache

import yaml

from lacnews.base.dates import parse_date
from lacnews.base.errors import InputError, Problem
from lacnews.base.i18n import available
from lacnews.base.languages import (
    LANGUAGE_CODE,
    SEPARATE,
    TOGETHER,
    Localized,
    base_language,
    is_language_mapping,
)
from lacnews.base.schema import (
    SOCIAL_NETWORKS,
    Anchor,
    Colour,
    Contents,
    Email,
    FontStack,
    Image,
    ImageSource,
    Issue,
    LinkUrl,
    Markdown,
    Newsletter,
    PublicationDate,
    WebUrl,
)
from lacnews.text import markdown
from lacnews.text.addresses import (
    is_email_address,
    is_local_picture,
    picture_path_problem,
)
from lacnews.text.mergetags import MERGE_TAG
from lacnews.yaml.source import Source

INVALID = object()
"""Returned for a value that could not be converted; its problem is already recorded."""

ANCHOR = re.compile(r"[a-z][a-z0-9-]*")
# Font names of letters, digits, spaces and hyphens, quoted or not, separated by commas: nothing that could
# end the style attribute or the CSS rule they are written into.
FONT_STACK = re.compile(r"(?:[A-Za-z0-9 -]{1,40}|'[A-Za-z0-9 -]{1,40}'|\"[A-Za-z0-9 -]{1,40}\")"
                        r"(?: ?, ?(?:[A-Za-z0-9 -]{1,40}|'[A-Za-z0-9 -]{1,40}'|\"[A-Za-z0-9 -]{1,40}\")){0,7}")
# The kinds of field that may be given once per language ({cy: ..., en: ...}).
TEXT_KINDS = (str, Markdown, LinkUrl, WebUrl)
COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
TRUE, FALSE = {"true", "yes", "on"}, {"false", "no", "off"}

_KINDS = {
    yaml.ScalarNode: "text",
    yaml.SequenceNode: "a list",
    yaml.MappingNode: "a set of fields",
}


@lru_cache(maxsize=None)
def field_types(cls) -> dict[str, tuple[dataclasses.Field, object]]:
    hints = typing.get_type_hints(cls)
    return {f.name: (f, hints[f.name]) for f in dataclasses.fields(cls)
            if not f.metadata.get("internal")}


def unwrap_optional(hint) -> tuple[object, bool]:
    """Return (the inner type, whether None is allowed)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0], True
    return hint, False


def _shown(text: str, length: int = 40) -> str:
    """Return ``text`` short enough to quote in a message."""
    return text if len(text) <= length else text[:length] + "…"


def _did_you_mean(name: str, known) -> str:
    """Return "; did you mean 'x'?" for a near miss of a known name, else ""."""
    if len(name) > 40:  # no name is that long, and comparing long texts costs time
        return ""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _is_empty(node: yaml.Node) -> bool:
    """An empty value (``title:``, ``title: ""``) counts as left out."""
    return isinstance(node, yaml.ScalarNode) and not node.value.strip()


def shape_of(cls, where: str) -> str:
    """Return how the set of fields ``cls`` is written at ``where``, from the schema: its required fields and those
    with an example, each with its example (``link: {text: Read more, url: "https://…"}``), or ``- {...}`` for an
    entry of a list."""
    shown = [f"{name}: {declared.metadata.get('example', '…')}" for name, (declared, _) in field_types(cls).items()
             if _required(cls, name) or "example" in declared.metadata]
    fields = "{" + ", ".join(shown or ["…"]) + "}"
    if where.endswith("]"):
        return f"- {fields}"
    return f"{where.rsplit('.', 1)[-1]}: {fields}"


@lru_cache(maxsize=None)
def _required(cls, name: str) -> bool:
    f = field_types(cls)[name][0]
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


@lru_cache(maxsize=None)
def _kind_of(hint) -> tuple[str, object]:
    """Return how a value of type ``hint`` is read, and the type it is read as: worked out once a type."""
    hint, _ = unwrap_optional(hint)
    if hint is Contents:
        return "contents", hint
    if dataclasses.is_dataclass(hint):
        return "record", hint
    if typing.get_origin(hint) is list:
        return "list", typing.get_args(hint)[0]
    if hint is dict:
        return "social", hint
    return "other", hint


class Converter:
    """Converts one file's nodes, collecting the problems it finds.

    Every name in a set of fields is text: ``read_source`` refuses a file where one is a list or a set of fields.
    """

    def __init__(self, source: Source):
        self.source = source
        self.problems: list[Problem] = []

    def fail(self, node: yaml.Node | None, where: str, message: str, rule: str = "format"):
        self.problems.append(self.source.problem(node, f"{where}: {message}" if where else message, rule))
        return INVALID

    def convert(self, node: yaml.Node, hint, where: str, bounds: tuple[int, int] | None = None):
        kind, hint = _kind_of(hint)
        if kind == "contents":
            return self.contents(node, where)
        if kind == "record":
            return self.record(node, hint, where)
        if kind == "list":
            return self.sequence(node, hint, where)
        if kind == "social":
            return self.social(node, where)
        if hint in TEXT_KINDS and isinstance(node, yaml.MappingNode) and is_language_mapping(
                [key.value for key, _ in node.value]):
            return self.localized(node, hint, where)
        if not isinstance(node, yaml.ScalarNode):
            return self.fail(node, where, f"expected {self.expected(hint)}, found {_KINDS[type(node)]}")
        return self.scalar(node, hint, where, bounds)

    def localized(self, node: yaml.MappingNode, hint, where: str):
        """A text given per language ({cy: ..., en: ...}): each version read as the field's kind."""
        versions: dict[str, str] = {}
        nodes: dict[str, yaml.Node] = {}
        ok = True
        for key_node, value_node in node.value:
            language = key_node.value
            if language in versions:
                self.fail(key_node, f"{where}.{language}", "this language is given twice; keep one")
                ok = False
                continue
            if not isinstance(value_node, yaml.ScalarNode):
                self.fail(value_node, f"{where}.{language}", f"expected text, found {_KINDS[type(value_node)]}")
                ok = False
                continue
            value = self.scalar(value_node, hint, f"{where}.{language}")
            if value is INVALID:
                ok = False
            else:
                versions[language], nodes[language] = value, value_node
        return Localized(versions, nodes) if ok else INVALID

    @staticmethod
    def expected(hint) -> str:
        if hint is int:
            return "a whole number"
        if hint is bool:
            return "true or false"
        return "text"

    def record(self, node: yaml.Node | None, cls, where: str):
        if node is None or _is_empty(node):
            needed = ", ".join(name for name in field_types(cls) if _required(cls, name))
            return self.fail(None, where, f"the file is empty: it needs at least {needed}")
        if not isinstance(node, yaml.MappingNode):
            found = f"expected a set of fields (name: value), found {_KINDS[type(node)]}"
            return self.fail(node, where, f"{found}; write it like  {shape_of(cls, where)}" if where else found)
        known = field_types(cls)
        values: dict[str, object] = {}
        nodes: dict[str, yaml.Node] = {}
        prefix = f"{where}." if where else ""
        ok = True
        for key_node, value_node in node.value:
            key = key_node.value
            if key not in known:
                hint = _did_you_mean(key, known) or f"; the fields here are: {', '.join(known)}"
                self.fail(key_node, f"{prefix}{_shown(key)}", f"unknown field{hint}")
                ok = False
                continue
            if key in nodes:
                first = self.source.place(nodes[key])
                self.fail(key_node, f"{prefix}{key}", f"this field is given twice (first at line {first.line}); "
                                                      "keep one")
                ok = False
                continue
            nodes[key] = value_node
            hint_type = known[key][1]
            if _is_empty(value_node):
                if _required(cls, key):
                    self.fail(value_node, f"{prefix}{key}", "required, but empty")
                    ok = False
                continue  # an empty optional field is the same as leaving it out
            value = self.convert(value_node, hint_type, f"{prefix}{key}", known[key][0].metadata.get("bounds"))
            if value is INVALID:
                ok = False
            else:
                values[key] = value
        for name in known:
            if name not in nodes and _required(cls, name):
                self.fail(node, f"{prefix}{name}", "required field is missing")
                ok = False
        if not ok:
            return INVALID
        record = cls(**values, nodes=nodes)
        if isinstance(record, Image) and not record.decorative and not (record.alt or "").strip():
            return self.fail(nodes.get("alt", node), f"{prefix}alt",
                             "an image needs alt text saying what it shows "
                             "(or 'decorative: true' if it adds nothing a reader needs)", "image-alt")
        return record

    def sequence(self, node: yaml.Node, hint, where: str):
        if not isinstance(node, yaml.SequenceNode):
            return self.fail(node, where, f"expected a list (each entry on a line starting with '- '), "
                                          f"found {_KINDS[type(node)]}")
        values = [self.convert(child, hint, f"{where}[{index}]") for index, child in enumerate(node.value)]
        return INVALID if any(v is INVALID for v in values) else values

    def contents(self, node: yaml.Node, where: str):
        if isinstance(node, yaml.ScalarNode):
            if node.value in ("auto", "none"):
                return node.value
            return self.fail(node, where, "expected auto, none, or a list of lines")
        return self.sequence(node, str, where)

    def social(self, node: yaml.Node, where: str):
        if not isinstance(node, yaml.MappingNode):
            return self.fail(node, where, "expected a set of fields such as 'twitter: handle'")
        accounts = {}
        given: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            network = key_node.value
            if network not in SOCIAL_NETWORKS:
                hint = _did_you_mean(network, SOCIAL_NETWORKS) or f"; use one of {', '.join(SOCIAL_NETWORKS)}"
                self.fail(key_node, f"{where}.{_shown(network)}", f"unknown network{hint}")
                continue
            if network in given:
                first = self.source.place(given[network])
                self.fail(key_node, f"{where}.{network}", f"this network is given twice (first at line "
                                                          f"{first.line}); keep one")
                continue
            given[network] = key_node
            if not isinstance(value_node, yaml.ScalarNode) or not value_node.value.strip():
                self.fail(value_node, f"{where}.{network}", "expected a handle or an https:// address")
                continue
            value = value_node.value.strip()
            if "://" in value:
                problem = markdown.link_problem(value, image=True)
                if problem:
                    self.fail(value_node, f"{where}.{network}", problem)
                    continue
            elif SOCIAL_NETWORKS[network][1] is None:
                self.fail(value_node, f"{where}.{network}", "give the full https:// address of the account")
                continue
            accounts[network] = value
        return accounts

    def scalar(self, node: yaml.ScalarNode, hint, where: str, bounds: tuple[int, int] | None = None):
        text = node.value
        if hint is str:
            return text
        if hint is Markdown:
            for snippet, message, rule in markdown.problems(text):
                self.problems.append(self.source.locate(node, snippet, f"{where}: {message}", rule))
            return text
        if hint is ImageSource:
            text = text.strip()
            if is_local_picture(text) and not MERGE_TAG.search(text):
                message = picture_path_problem(text)
            elif markdown.link_problem(text, image=True):
                message = (f"{text!r} cannot be shown in an email: give the picture's https:// address, or copy it "
                           "into the project and give its path from the project folder (images/photo.jpg)")
            else:
                message = None
            return self.fail(node, where, message, "image-address") if message else text
        if hint in (LinkUrl, WebUrl):
            message = markdown.link_problem(text, image=hint is WebUrl)
            return self.fail(node, where, message, "link-address") if message else text.strip()
        if hint is Email:
            if not is_email_address(text.strip()):
                return self.fail(node, where, f"{text!r} is not an email address (name@example.org)",
                                 "contact-email")
            return text.strip()
        if hint is Colour:
            if not COLOUR.fullmatch(text.strip()):
                return self.fail(node, where, f"{text!r} is not a colour; write it as #1d5c7a (in quotes)")
            return text.strip().lower()
        if hint is Anchor:
            if not ANCHOR.fullmatch(text):
                return self.fail(node, where, f"{text!r} is not a valid id: use lower-case letters, "
                                              "digits and hyphens, starting with a letter")
            return text
        if hint is FontStack:
            text = " ".join(text.split())
            if len(text) > 400 or not FONT_STACK.fullmatch(text):
                return self.fail(node, where, f"{_shown(text)!r} is not a font stack: font names separated by "
                                              "commas, quoted where they have spaces (Georgia, 'Times New Roman', "
                                              "serif)")
            return text
        if hint is int:
            return self.pixels(node, where, bounds)
        if hint is bool:
            if text.lower() in TRUE | FALSE:
                return text.lower() in TRUE
            return self.fail(node, where, f"expected true or false, found {text!r}")
        if hint is PublicationDate:
            return self.date(node, where)
        raise TypeError(f"no conversion for {hint!r}")  # a schema bug, not an editor's

    def pixels(self, node: yaml.ScalarNode, where: str, bounds: tuple[int, int] | None):
        """A size in pixels: a whole number within the field's ``bounds``, said in full when it is not."""
        if bounds is None:
            raise TypeError(f"{where}: a size in pixels needs its bounds in the schema")  # a schema bug
        low, high = bounds
        digits = node.value.strip()
        if not re.fullmatch(r"[0-9]+", digits):
            return self.fail(node, where, f"expected a whole number of pixels from {low} to {high}, "
                                          f"found {_shown(node.value)!r}")
        number = digits.lstrip("0") or "0"  # compared as written first: a thousand digits never become an int
        if len(number) > len(str(high)) or not low <= int(number) <= high:
            return self.fail(node, where, f"{_shown(digits)} is out of range: give a whole number of pixels from "
                                          f"{low} to {high}")
        return int(number)

    def date(self, node: yaml.ScalarNode, where: str):
        date = parse_date(node.value)
        return self.fail(node, where, date, "date") if isinstance(date, str) else date


def _convert_root(source: Source, cls):
    converter = Converter(source)
    value = converter.convert(source.root, cls, "")
    return value, converter


def load_newsletter(source: Source) -> Newsletter:
    """Return the newsletter of ``source``; raise ``InputError`` with every problem found."""
    newsletter, converter = _convert_root(source, Newsletter)
    if newsletter is not INVALID:
        _check_languages(newsletter, converter)
    if converter.problems:
        raise InputError(converter.problems)
    return newsletter


def _check_languages(record: Newsletter | Issue, converter: Converter) -> None:
    """Each language needs lacnews's words in it (a catalogue), once; two ways to send them."""
    known = available()
    seen: dict[str, tuple[str, yaml.Node]] = {}
    nodes = record.nodes.get("languages")
    children = nodes.value if isinstance(nodes, yaml.SequenceNode) else []
    for language, node in zip(record.languages, children):
        # en-GB, en-gb and en_GB are one language, and their editions' folders one folder on Windows and macOS
        same = language.lower().replace("_", "-")
        if same in seen:
            first, first_node = seen[same]
            written = "" if first == language else f" (as {first})"
            place = converter.source.place(first_node)
            converter.fail(node, "languages", f"{language} is given twice{written}, first at line {place.line}, "
                                              f"column {place.column}: a language code is the same in capitals or "
                                              "small letters, with - or _; keep one")
        elif not LANGUAGE_CODE.fullmatch(language):
            converter.fail(node, "languages", f"{language!r} is not a language code: use cy, en or en-GB")
        elif base_language(language) not in known:
            converter.fail(node, "languages", f"lacnews has no words in {language!r} yet: the languages it has are "
                                              f"{', '.join(known)} (a new one is a catalogue in lacnews/locale/)")
        seen.setdefault(same, (language, node))
    if record.bilingual not in (TOGETHER, SEPARATE, None):
        converter.fail(record.nodes.get("bilingual"), "bilingual",
                       f"{record.bilingual!r}: use together (one email with every language) or separate "
                       "(one email per language)")


def load_issue(source: Source, slug: str) -> Issue:
    """Return the issue of ``source``; raise ``InputError`` with every problem found."""
    issue, converter = _convert_root(source, Issue)
    if issue is not INVALID:
        _check_issue(issue, converter)
        _check_languages(issue, converter)
    if converter.problems:
        raise InputError(converter.problems)
    issue.slug = slug
    return issue


def anchor_for(title: str) -> str:
    """Return an anchor made from a section title."""
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    anchor = words[:48].rstrip("-") or "section"
    return anchor if anchor[0].isalpha() else f"s-{anchor}"


def _check_issue(issue: Issue, converter: Converter) -> None:
    if not issue.sections:
        converter.fail(issue.nodes["sections"], "sections", "an issue needs at least one section")
    for index, section in enumerate(issue.sections):
        for number, item in enumerate(section.items):
            if item.url and not item.title:
                converter.fail(item.nodes["url"], f"sections[{index}].items[{number}].url",
                               "an address needs words to click: give the item a title (the address makes it a "
                               "link), or make it a call to action with link: {text: ..., url: ...}", "link-text-empty")
    taken: dict[str, int] = {}
    for index, section in enumerate(issue.sections):
        if section.id:
            if section.id in taken:
                converter.fail(section.nodes["id"], f"sections[{index}].id",
                               f"'{section.id}' is already the id of sections[{taken[section.id]}]; "
                               "ids must be unique", "duplicate-id")
            taken.setdefault(section.id, index)
    for section in issue.sections:
        if not section.id:
            base = anchor_for(section.title)
            candidate, number = base, 2
            while candidate in taken:
                candidate, number = f"{base}-{number}", number + 1
            section.id = candidate
            taken[candidate] = -1


@dataclass(frozen=True)
class Loaded:
    """An issue and its newsletter, validated, with the sources that locate every value."""

    newsletter: Newsletter
    issue: Issue
    source: Source
    newsletter_source: Source

    @property
    def slug(self) -> str:
        return self.issue.slug
