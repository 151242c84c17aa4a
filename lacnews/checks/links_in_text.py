"""Rules about the links an editor wrote, read offline: words to click that say where they lead, and
addresses that can work. (Fetching them is ``lacnews.checks.links``, with `check --links`.)"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lacnews.checks.context import CheckContext, Family
from lacnews.checks.findings import ERROR, NOTE, WARNING
from lacnews.pipeline.content import LinkRef
from lacnews.text.addresses import is_email_address, is_tel_number
from lacnews.text.mergetags import MERGE_TAG

family = Family("links in the text")

VAGUE_LINK_WORDS = {"here", "click here", "read more", "more", "this", "link", "this link", "click", "go",
                    "learn more", "more info", "click this link", "tap here", "see here"}
# Words that promise a link: "Read the full paper", "Listen to the podcast here".
CALL_TO_ACTION = re.compile(
    r"\b(?:read|listen|watch|download|register|book|sign up|find out more|click)\b[^.!?:\n]{0,50}"
    r"\b(?:here|paper|report|update|article|blog|podcast|video|more|sighting|it)\s*(?:[.!:]\s*)?$", re.IGNORECASE)
# How far before the end of a paragraph's words (trailing spaces and a stop aside) such a promise can start: its
# first words (13 characters at most), 50 between, its last word (8). The pattern is tried from there only.
CALL_TO_ACTION_REACH = 100


def _content_links(context: CheckContext) -> Iterator[LinkRef]:
    """Yield the links whose words the editor wrote."""
    return (link for link in context.content.links if link.kind == "link" and link.words is not None)


@family.rule("link-text-empty", ERROR, "every link has words to click")
def _link_text_empty(context: CheckContext):
    for link in _content_links(context):
        if not link.words.strip():
            yield link.at(), "this link has no words: screen readers announce it as a bare address"


@family.rule("link-text-vague", WARNING, 'link words say where they lead, not "here", "click here" or "read more"')
def _link_text_vague(context: CheckContext):
    for link in _content_links(context):
        words = re.sub(r"[^\w\s]", "", link.words).strip().lower()
        if words in VAGUE_LINK_WORDS:
            yield link.at(), (
                f"the link words '{link.words.strip()}' say nothing out of context (screen readers list links "
                "by their words): say where it leads, e.g. 'Read the full report'")


@family.rule("lost-link", WARNING, 'words that promise a link ("Read the full paper") but have no address')
def _lost_link(context: CheckContext):
    for text_field in context.content.texts:
        if not text_field.is_markdown:
            continue
        for paragraph in text_field.paragraphs:
            if paragraph.links:
                continue
            words = paragraph.outside_links
            last = len(words.rstrip().rstrip(".!:").rstrip())  # where a promise's last word would end
            match = CALL_TO_ACTION.search(words, max(0, last - CALL_TO_ACTION_REACH))
            if match:
                words = match.group(0).strip()
                yield text_field.at(words.split()[0]), (
                    f"'{words}' reads like a link, but there is no address: make it [{words.rstrip('.!:')}]"
                    "(https://...) or a call to action")


@family.rule("link-malformed", ERROR, "`mailto:` links hold an email address, `tel:` links a phone number")
def _link_malformed(context: CheckContext):
    for link in context.content.links:
        address = link.address
        if address.lower().startswith("mailto:"):
            mailbox = address[7:].split("?", 1)[0]
            if not is_email_address(mailbox):
                yield link.at(), f"'{address}' is not a valid email link (mailto:name@example.org)"
        elif address.lower().startswith("tel:"):
            if not is_tel_number(address[4:]):
                yield link.at(), f"'{address}' is not a valid phone link (tel:+441234567890)"


@family.rule("link-http", NOTE, "an http:// link is not encrypted: use https:// where the site has it (`check "
                                "--links` tests whether it does)")
def _link_http(context: CheckContext):
    # A note, not a warning: whether the site answers on https:// takes the network to know (`link-https`
    # says so, a warning, with --links); and the merge tags in an address are kept as written in the advice.
    for link in context.content.links:
        if link.kind == "link" and link.address[:7].lower() == "http://":
            secure = "https://" + link.address[7:]
            # newsletter.yaml's links are every issue's: its finding is told once for all of them (build --all)
            which = "--all" if link.source is context.loaded.newsletter_source else context.slug
            yield link.at(), (f"{link.address} is not encrypted: use {secure} if the site has it — "
                              f"`lacnews check --links {which}` tests whether it does")


@family.rule("link-text-conflict", WARNING, "one address is not linked with two different texts in the text (a "
                                            "title or a button to the same page may word it its own way)")
def _link_text_conflict(context: CheckContext):
    first: dict[tuple, LinkRef] = {}
    for link in _content_links(context):
        # Only links in running text: a title that links to an article and a button that says "Read the
        # full article" under it (or a link in the text) point at one page with different words by design.
        if link.field is None or not link.words.strip() or MERGE_TAG.fullmatch(link.address):
            continue
        # each language's versions are compared with each other, not across languages
        key = (link.field.language, link.address.rstrip("/").lower())
        earlier = first.setdefault(key, link)
        if earlier is not link and earlier.words.strip().lower() != link.words.strip().lower():
            yield link.at(), (
                f"{link.address} is linked as '{link.words.strip()}' here and as '{earlier.words.strip()}' "
                f"at {earlier.at()}: readers expect the same words "
                "for the same place")
