"""A proof of an issue as an e-mail message: what a subscriber will read, marked [Proof].

Merge tags are filled with sample values, the text part comes first and the
HTML after (multipart/alternative).
"""

from __future__ import annotations

import html
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from lacnews.composed import Composed
from lacnews.samples import fill_merge_tags


def proof_message(composed: Composed, recipients: list[str], from_address: str) -> EmailMessage:
    """Return the proof of ``composed`` from ``from_address`` to ``recipients`` (addresses already checked)."""
    issue, newsletter = composed.loaded.issue, composed.loaded.newsletter
    subject = fill_merge_tags(issue.subject)
    message = EmailMessage()
    message["Subject"] = f"[Proof] {subject}"
    username, domain = from_address.rsplit("@", 1)
    message["From"] = Address(newsletter.sender.name, username, domain)
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=domain)
    message["X-Lacnews-Issue"] = issue.slug
    message.set_content(fill_merge_tags(composed.email.text, subject=subject), cte="quoted-printable")
    message.add_alternative(fill_merge_tags(composed.email.html, subject=subject, escape=html.escape),
                            subtype="html", cte="quoted-printable")
    return message
