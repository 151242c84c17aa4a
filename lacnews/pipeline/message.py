"""An issue's email as one e-mail message, marked [Proof]: what `lacnews send` sends and `send --eml` writes,
and what `lacnews check` hands to the spam filters.

Merge tags are filled with sample values, the text part comes first and the HTML after
(multipart/alternative). An issue sent one email per language has a message of each, its subject
naming the language. It lives below the checks so that the message a check scores is the very one
a proof is.
"""

from __future__ import annotations

import html
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from lacnews.base.i18n import language_name
from lacnews.base.languages import in_language
from lacnews.pipeline.render import Email
from lacnews.pipeline.validate import Loaded
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


def issue_subject(loaded: Loaded, language: str = "") -> str:
    """Return the issue's subject in ``language`` ("": as the issue's one email shows it), merge tags filled."""
    # in_language("") is a text's first version, as the one email of an issue shows it
    return fill_merge_tags(in_language(loaded.issue.subject, language))


def proof_subject(loaded: Loaded, language: str = "", subject: str | None = None) -> str:
    """Return the proof's subject: the issue's (see ``issue_subject``), marked [Proof] (and with the language's
    name, where each language has its own email)."""
    subject = issue_subject(loaded, language) if subject is None else subject
    return f"[Proof, {language_name(language)}] {subject}" if language else f"[Proof] {subject}"


def header_problems(loaded: Loaded, languages: list[str]) -> list[tuple[str, str]]:
    """Return what keeps the issue's own headers out of a message, in each of ``languages``: (field, problem)."""
    problems = []
    for language in languages:
        for field, what, value in (
                ("subject", "the subject", proof_subject(loaded, language)),
                ("sender.name", "the sender's name (sender.name)",
                 in_language(loaded.newsletter.sender.name, language))):
            problem = header_problem(what, value)
            if problem:
                problems.append((field, problem))
    return problems


def proof_message(loaded: Loaded, email: Email, recipients: list[str], from_address: str,
                  language: str = "", marked: bool = True) -> EmailMessage:
    """Return the proof of ``email``, the issue's email in ``language`` ("": its one email), from
    ``from_address`` to ``recipients``; without ``marked``, under the subject subscribers see (no [Proof]).

    The addresses, the subject and the sender's name must have been checked with
    ``header_problem``: the email package refuses a line break in a header with a ValueError.
    """
    subject = issue_subject(loaded, language)
    message = EmailMessage()
    message["Subject"] = proof_subject(loaded, language, subject) if marked else subject
    username, domain = from_address.rsplit("@", 1)
    message["From"] = Address(in_language(loaded.newsletter.sender.name, language), username, domain)
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=domain)
    message["X-Lacnews-Issue"] = loaded.issue.slug
    message.set_content(fill_merge_tags(email.text, subject=subject), cte="quoted-printable")
    message.add_alternative(fill_merge_tags(email.html, subject=subject, escape=html.escape),
                            subtype="html", cte="quoted-printable")
    if language:  # after the parts: setting content clears the Content- headers
        message["Content-Language"] = language
    return message
