"""Every piece of text and every link an editor wrote, with where it was written.

The checks look at content through this module: each text field of the issue
and of newsletter.yaml, split into paragraphs of visible text, and each link
with its words and address, each tied to the YAML node it came from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from markdown_it.token import Token

from lacnews.base.cached import cached_property
from lacnews.base.errors import Place
from lacnews.base.languages import Localized
from lacnews.base.schema import Email, Image, ImageSource, LinkUrl, Markdown, WebUrl
from lacnews.pipeline.validate import field_types, unwrap_optional
from lacnews.text import markdown
from lacnews.yaml.source import Source


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (or list item) as readers see it."""

    text: str  # every visible word, link text included
    outside_links: str  # the words that are not part of a link
    links: tuple[tuple[str, str], ...] = ()  # (words, address)


@dataclass(frozen=True)
class TextField:
    """One text value the editor typed."""

    source: Source
    node: yaml.Node
    where: str  # sections[2].items[0].body
    name: str  # body
    text: str
    is_markdown: bool
    language: str | None = None  # the version's language, for a text given per language

    def at(self, snippet: str | None = None) -> Place:
        """Return the place of ``snippet`` in this field (or of the field itself)."""
        return self.source.place_of(self.node, snippet) if snippet else self.source.place(self.node)

    @cached_property  # every rule reads them: parse the Markdown once
    def paragraphs(self) -> list[Paragraph]:
        return self._read[0]

    @cached_property
    def images(self) -> list[tuple[str, str]]:
        """Return the (description, address) of each image written in the Markdown, in order."""
        return self._read[1]

    @cached_property
    def _read(self) -> tuple[list[Paragraph], list[tuple[str, str]]]:
        if not self.is_markdown:
            return [Paragraph(self.text, self.text)], []
        return read_markdown(self.text)


@dataclass(frozen=True)
class LinkRef:
    """A link or image address and the words that go with it."""

    field: TextField | None  # the text field it sits in (markdown), if any
    source: Source
    node: yaml.Node
    where: str
    words: str | None  # None: the template words it (the website, the sign-up link)
    address: str
    kind: str = "link"  # link | image | email

    def at(self) -> Place:
        return self.source.place_of(self.node, self.address)


@dataclass
class Content:
    """The texts and links of one issue and its newsletter."""

    texts: list[TextField] = field(default_factory=list)
    links: list[LinkRef] = field(default_factory=list)


def collect_issue(newsletter, issue, newsletter_source: Source, issue_source: Source) -> Content:
    """Return every text and link of an issue, then of its newsletter."""
    content = collect(issue, issue_source)
    return collect(newsletter, newsletter_source, content=content)


def collect(record, source: Source, where: str = "", content: Content | None = None) -> Content:
    """Return every text field and link below ``record`` (an Issue or a Newsletter)."""
    content = content if content is not None else Content()
    prefix = f"{where}." if where else ""
    for name, hint in _read_fields(type(record)):
        value = getattr(record, name)
        node = record.nodes.get(name)
        if value is None or node is None:
            continue
        path = f"{prefix}{name}"
        if isinstance(value, str):  # most values: told apart by their type, before asking for a dataclass
            if isinstance(value, Localized) and hint in (str, Markdown, LinkUrl, WebUrl):
                for language, version in value.versions.items():  # each where it is written, in its language
                    where, version_node = f"{path}.{language}", value.nodes[language]
                    if hint in (LinkUrl, WebUrl):
                        content.links.append(LinkRef(None, source, version_node, where, _words_for(record), version))
                        continue
                    text = TextField(source, version_node, where, name, version, hint is Markdown, language)
                    content.texts.append(text)
                    if text.is_markdown:
                        _collect_links(text, source, version_node, where, content)
            elif hint in (str, Markdown):
                text = TextField(source, node, path, name, value, hint is Markdown)
                content.texts.append(text)
                if text.is_markdown:
                    _collect_links(text, source, node, path, content)
            elif hint in (LinkUrl, WebUrl, ImageSource):
                kind = "image" if isinstance(record, Image) else "link"
                words = _words_for(record)
                content.links.append(LinkRef(None, source, node, path, words, value, kind))
            elif hint is Email:
                content.links.append(LinkRef(None, source, node, path, value, f"mailto:{value}", "email"))
        elif dataclasses.is_dataclass(value):
            collect(value, source, path, content)
        elif isinstance(value, list):
            children = node.value if isinstance(node, yaml.SequenceNode) else []
            for index, (item, child) in enumerate(zip(value, children)):
                if isinstance(item, str):
                    content.texts.append(TextField(source, child, f"{path}[{index}]", name, item, False))
                elif dataclasses.is_dataclass(item):
                    collect(item, source, f"{path}[{index}]", content)
    return content


@lru_cache(maxsize=None)
def _read_fields(cls) -> list[tuple[str, object]]:
    """Return the name and type of each field of ``cls`` that subscribers read: worked out once per class."""
    return [(name, unwrap_optional(hint)[0]) for name, (declared, hint) in field_types(cls).items()
            if not declared.metadata.get("not_in_email")]


def _collect_links(text: TextField, source: Source, node, path: str, content: Content) -> None:
    for paragraph in text.paragraphs:
        for words, address in paragraph.links:
            content.links.append(LinkRef(text, source, node, path, words, address))
    for alt, src in text.images:
        content.links.append(LinkRef(text, source, node, path, alt, src, "image"))


def _words_for(record) -> str | None:
    """Return the words a record's address is linked from; None where a template supplies them."""
    for name in ("text", "title", "alt"):
        if hasattr(record, name):
            return getattr(record, name) or ""
    return None


def read_markdown(text: str) -> tuple[list[Paragraph], list[tuple[str, str]]]:
    """Return the paragraphs of the Markdown ``text`` (each paragraph, list item or heading as readers see it)
    and its images' (description, address), in one walk of its tokens."""
    paragraphs: list[Paragraph] = []
    images: list[tuple[str, str]] = []
    for token in markdown.parse(text):
        if token.type == "inline":
            paragraphs.append(_inline_paragraph(token.children or (), images))
    return paragraphs, images


def _inline_paragraph(tokens: list[Token] | tuple, images: list[tuple[str, str]]) -> Paragraph:
    visible: list[str] = []
    outside: list[str] = []
    links: list[tuple[str, str]] = []
    open_links: list[tuple[int, str]] = []  # where each open link's words start, and its address

    def walk(tokens) -> None:
        for token in tokens:
            kind = token.type
            if kind == "text" or kind == "code_inline":
                visible.append(token.content)
                if not open_links:
                    outside.append(token.content)
            elif kind == "softbreak" or kind == "hardbreak":
                visible.append(" ")
                outside.append(" ")
            elif kind == "link_open":
                open_links.append((len(visible), token.attrs.get("href", "")))
            elif kind == "link_close":
                start, address = open_links.pop()
                links.append(("".join(visible[start:]), address))
                outside.append(" ")
            elif kind == "image":  # its description is read as words, as a reader without pictures gets it
                images.append((token.content, token.attrs.get("src", "")))
                walk(token.children or ())

    walk(tokens)
    return Paragraph("".join(visible), "".join(outside), tuple(links))
