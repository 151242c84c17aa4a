"""Rules about the email as built, read in every edition: what Mailchimp and the law require in it, and its size.

These point into the output (build/<slug>/email.html, or <language>/email.html for each language's email),
since a project's templates may have put the fault there.
"""

from __future__ import annotations

import html as html_module
import re

from lacnews.base.languages import in_language
from lacnews.base.limits import GMAIL_CLIP, SIZE_WARNING
from lacnews.checks.context import CheckContext, Family
from lacnews.checks.findings import ERROR, WARNING

family = Family("the email as built")


@family.rule("unsubscribe", ERROR, "the HTML and the text both hold the unsubscribe link `*|UNSUB|*`")
def _unsubscribe(context: CheckContext):
    for output in context.outputs():
        if "*|UNSUB|*" not in output.text:
            yield context.output(output.name), (
                "no *|UNSUB|* (unsubscribe) link: Mailchimp refuses to send without one; "
                "a project template has dropped the footer's")


@family.rule("postal-address", ERROR, "the HTML and the text both hold the sender's postal address")
def _postal_address(context: CheckContext):
    for output in context.outputs():
        written = context.loaded.newsletter.sender.address
        words = (in_language(written, output.language) if output.language else written).split()
        text = output.text
        readable = html_module.unescape(re.sub(r"<[^>]+>", " ", text)) if output.is_html else text
        # its words in order, any white space between them, as however a template wraps the address
        if re.search(r"\s+".join(map(re.escape, words)), readable) is None:
            yield context.output(output.name), (
                "the postal address from newsletter.yaml is missing: the law requires it in every email")


def _html_sizes(context: CheckContext):
    """Yield each email's HTML file name and size in bytes."""
    for output in context.outputs():
        if output.is_html:
            yield output.name, context.emails[output.language].html_bytes


@family.rule("size-clip", ERROR, "each email.html (each language's, where each has its own) is under Gmail's "
                                 "102 KB clip")
def _size_clip(context: CheckContext):
    for name, size in _html_sizes(context):
        if size > GMAIL_CLIP:
            yield context.output(name), (
                f"{name} is {size / 1024:.1f} KB: Gmail clips messages over 102 KB, "
                "hiding the rest and the unsubscribe link; shorten the issue")


@family.rule("size-large", WARNING, "email.html is under 80 KB")
def _size_large(context: CheckContext):
    for name, size in _html_sizes(context):
        if SIZE_WARNING < size <= GMAIL_CLIP:
            yield context.output(name), f"{name} is {size / 1024:.1f} KB, close to Gmail's 102 KB clip"
