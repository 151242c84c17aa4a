"""CommonMark for the *markdown* fields, with Mailchimp merge tags kept intact.

A merge tag such as ``*|FNAME|*`` looks like emphasis to a Markdown parser and
its ``|`` would be percent-encoded in a link address. An inline rule turns each
tag into a token of its own before emphasis runs, and link normalisation leaves
tags alone, so a tag reaches both outputs byte for byte. Raw HTML is disabled:
an editor's ``<b>`` is shown as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import Markup

MERGE_TAG = re.compile(r"\*\|[^|*\n<>&]{1,100}\|\*")
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
    allowed = ", ".join(schemes) + ("" if image else " or a merge tag such as *|ARCHIVE|*")
    return f"the address {url!r} is not allowed: it must start with {allowed}"


def _merge_tag_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("*|", state.pos):
        return False
    match = MERGE_TAG.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("merge_tag", "", 0)
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _normalize_link(url: str) -> str:
    """Normalise a link address, leaving any merge tags in it untouched."""
    pieces = MERGE_TAG.split(url)
    tags = MERGE_TAG.findall(url)
    out = [normalizeLink(pieces[0]) if pieces[0] else ""]
    for tag, piece in zip(tags, pieces[1:]):
        out.append(tag)
        out.append(normalizeLink(piece) if piece else "")
    return "".join(out)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """Return the shared CommonMark parser used for every markdown field."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.inline.ruler.before("emphasis", "merge_tag", _merge_tag_rule)
    md.add_render_rule("merge_tag", lambda self, tokens, idx, options, env: tokens[idx].content)
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


@lru_cache(maxsize=256)
def _parse(text: str) -> tuple[Token, ...]:
    return tuple(parser().parse(text))


def parse(text: str) -> list[Token]:
    """Return the block token stream of ``text``."""
    parsed = _composition.get()
    if parsed is None:
        return list(_parse(text))
    tokens = parsed.get(text)
    if tokens is None:
        tokens = parsed[text] = tuple(parser().parse(text))
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
    for token in parse(text):
        if token.type == "heading_open":
            line = text.splitlines()[token.map[0]].strip() if token.map else token.markup
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
