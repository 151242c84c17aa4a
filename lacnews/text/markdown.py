"""CommonMark for the *markdown* fields, with Mailchimp merge tags kept intact.

A merge tag such as ``*|FNAME|*`` looks like emphasis to a Markdown parser, its
``|`` would be percent-encoded in a link address, and a space inside one
(``*|DATE:d/m Y|*``) would end a link's address. So before parsing, each tag is
held (lacnews.text.mergetags.HeldTags): replaced by a stand-in the parser treats
as an ordinary word, and after parsing each stand-in becomes its tag again in
every token — text, link words, addresses, image descriptions, code. Whatever
the Markdown around it (``***|FNAME|***`` is a bold tag), a tag reaches both
outputs byte for byte. Raw HTML is disabled: an editor's ``<b>`` is shown as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.token import Token
from markupsafe import Markup

from lacnews.text.addresses import is_local_picture
from lacnews.text.mergetags import MERGE_TAG, HeldTags

LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")
IMAGE_SCHEMES = ("https://", "http://")


def link_problem(url: str, *, image: bool = False) -> str | None:
    """Return why ``url`` cannot be a link (or image) address, or None when it can."""
    url = url.strip()
    if not url:
        return "the link has no address"
    if MERGE_TAG.fullmatch(url):
        return None if not image else "an image address must start with https:// or http://"
    schemes = IMAGE_SCHEMES if image else LINK_SCHEMES
    if url.lower().startswith(schemes):
        rest = url.split(":", 1)[1].lstrip("/")
        if not rest:
            return f"the address {url!r} is incomplete"
        return None
    if image and is_local_picture(url):
        return (f"{url!r} is a picture in the project: give it an item's image field (image: {{src: {url}, alt: ...}}), "
                "where it is prepared for email; an image inside the text needs its https:// address")
    allowed = ", ".join(schemes) + ("" if image else " or a merge tag such as *|ARCHIVE|*")
    return f"the address {url!r} is not allowed: it must start with {allowed}"


# The tags of the text being parsed (lacnews.text.mergetags.HeldTags), for ``_normalize_link``.
_held: ContextVar[HeldTags | None] = ContextVar("markdown_held_tags", default=None)


def _normalize_link(url: str) -> str:
    """Normalise a link address, leaving the stand-ins of merge tags in it untouched."""
    held = _held.get()
    return held.outside(url, normalizeLink) if held is not None else normalizeLink(url)


def _restore_tokens(held: HeldTags, tokens) -> None:
    """Put the merge tags back in every token: text, link words, addresses, image descriptions, code."""
    for token in tokens:
        token.content = held.restore(token.content)
        token.info = held.restore(token.info)
        if token.attrs:
            token.attrs = {name: held.restore(value) if isinstance(value, str) else value
                           for name, value in token.attrs.items()}
        if token.children:
            _restore_tokens(held, token.children)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """Return the shared CommonMark parser used for every markdown field."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # Addresses are checked by ``problems`` with messages an editor can act on; the
    # parser must see every link so that a bad one is reported, not left as text.
    md.validateLink = lambda url: True
    md.normalizeLink = _normalize_link
    return md


# Validation, rendering, the text part and the checks each walk every field: within one
# composition a field is parsed once, however large the issue, and forgotten afterwards.
_composition: ContextVar[dict[str, tuple[Token, ...]] | None] = ContextVar("markdown_composition", default=None)


@contextmanager
def parsed_once() -> Iterator[None]:
    """Within this block, parse each distinct text once."""
    token = _composition.set({})
    try:
        yield
    finally:
        _composition.reset(token)


def _parse_text(text: str) -> tuple[Token, ...]:
    if "*|" not in text:
        return tuple(parser().parse(text))
    held = HeldTags(text)
    reset = _held.set(held)
    try:
        tokens = parser().parse(held.text)
    finally:
        _held.reset(reset)
    _restore_tokens(held, tokens)
    return tuple(tokens)


@lru_cache(maxsize=1024)
def _parse(text: str) -> tuple[Token, ...]:
    return _parse_text(text)


def parse_anew(text: str) -> list[Token]:
    """Return the block token stream of ``text`` as tokens of its own, remembered nowhere: for a text tried once
    (a trial wrapping), which may change them."""
    return list(_parse_text(text))


def parse(text: str) -> list[Token]:
    """Return the block token stream of ``text`` (shared with every other reading of it: not to be changed)."""
    parsed = _composition.get()
    if parsed is None:
        return list(_parse(text))
    tokens = parsed.get(text)
    if tokens is None:
        # the process's recent texts first: the newsletter's own words come again in every issue of a build --all
        tokens = parsed[text] = _parse(text)
    return list(tokens)


def _render(text: str) -> str:
    md = parser()
    return md.renderer.render(parse(text), md.options, {})


def to_html(text: str) -> Markup:
    """Render markdown to HTML that Jinja may insert as it is."""
    return Markup(_render(text))


def to_inline_html(text: str) -> Markup:
    """Render markdown without the wrapping paragraph, for one-line places."""
    html = _render(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def problems(text: str) -> list[tuple[str, str, str]]:
    """Return ``(snippet, message, rule)`` for each thing not allowed in ``text``."""
    found: list[tuple[str, str, str]] = []
    lines: list[str] | None = None
    for token in parse(text):
        if token.type == "heading_open":
            lines = text.splitlines() if lines is None else lines
            line = lines[token.map[0]].strip() if token.map else token.markup
            found.append((line[:40], "headings are not allowed in a body (they would break the "
                                     "outline): start a new section, or use **bold** text", "markdown-heading"))
        for child in token.children or ():
            if child.type == "link_open":
                href = child.attrGet("href") or ""
                message = link_problem(href)
                if message:
                    found.append((href or "]()", message, "link-address"))
            elif child.type == "image":
                src = child.attrGet("src") or ""
                message = link_problem(src, image=True)
                if message:
                    found.append((src or "![", message, "link-address"))
                if not child.content.strip():
                    found.append((f"]({src}", "an image needs alt text: ![what it shows](address)", "image-alt"))
    return found
