"""A proof of an issue as an e-mail message: what a subscriber will read, marked [Proof].

Merge tags are filled with sample values, the text part comes first and the
HTML after (multipart/alternative). An issue sent one email per language has a
proof of each, its subject naming the language.
"""

from __future__ import annotations

import html
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from lacnews.base.i18n import language_name
from lacnews.base.languages import in_language
from lacnews.compose.composed import Composed
from lacnews.text.mergetags import fill_merge_tags

# A header ends at a line break, so text holding one could add headers of its own (a Bcc:, another
# Subject:): every character str.splitlines() breaks at, which is what the email package folds on.
LINE_BREAK = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def header_problem(what: str, value: str) -> str | None:
    """Return why ``value`` cannot go into an e-mail header, in plain words, or None if it can."""
    if LINE_BREAK.search(value):
        return f"{what} contains a line break, which would let it add e-mail headers; remove it"
    found = CONTROL.search(value)
    if found:
        return (f"{what} contains a control character (U+{ord(found.group()):04X}), which has no place in an "
                "e-mail header; remove it")
    return None


def proof_subject(composed: Composed, language: str = "", subject: str | None = None) -> str:
    """Return the proof's subject: the issue's (in ``language``, for an issue sent one email per language), merge
    tags filled, marked [Proof] (and with the language's name, where each language has its own email)."""
    subject = _subject(composed, language) if subject is None else subject
    return f"[Proof, {language_name(language)}] {subject}" if language else f"[Proof] {subject}"


def _subject(composed: Composed, language: str) -> str:
    # in_language("") is a text's first version, as the one email of an issue shows it
    return fill_merge_tags(in_language(composed.loaded.issue.subject, language))


def proof_message(composed: Composed, recipients: list[str], from_address: str, language: str = "") -> EmailMessage:
    """Return the proof of the email of ``composed`` in ``language`` ("": the issue's one email), from
    ``from_address`` to ``recipients``.

    The addresses, the subject and the sender's name must have been checked with
    ``header_problem``: the email package refuses a line break in a header with a ValueError.
    """
    issue, newsletter = composed.loaded.issue, composed.loaded.newsletter
    email = composed.emails[language]
    subject = _subject(composed, language)
    message = EmailMessage()
    message["Subject"] = proof_subject(composed, language, subject)
    username, domain = from_address.rsplit("@", 1)
    message["From"] = Address(in_language(newsletter.sender.name, language), username, domain)
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=domain)
    message["X-Lacnews-Issue"] = issue.slug
    message.set_content(fill_merge_tags(email.text, subject=subject), cte="quoted-printable")
    message.add_alternative(fill_merge_tags(email.html, subject=subject, escape=html.escape),
                            subtype="html", cte="quoted-printable")
    if language:  # after the parts: setting content clears the Content- headers
        message["Content-Language"] = language
    return message
