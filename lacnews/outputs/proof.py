"""A proof of a composed issue as an e-mail message: what a subscriber will read, marked [Proof].

The message itself is made in ``lacnews.pipeline.message``, below the checks, so that the spam
filters `lacnews check` consults score the very message `lacnews send` sends and `send --eml` writes.
"""

from __future__ import annotations

from email.message import EmailMessage

from lacnews.compose.composed import Composed
from lacnews.pipeline import message
from lacnews.pipeline.message import header_problem, header_problems

__all__ = ["header_problem", "header_problems", "proof_message", "proof_subject"]


def proof_subject(composed: Composed, language: str = "", subject: str | None = None) -> str:
    """Return the proof's subject: the issue's (in ``language``, for an issue sent one email per language), merge
    tags filled, marked [Proof] (and with the language's name, where each language has its own email)."""
    return message.proof_subject(composed.loaded, language, subject)


def proof_message(composed: Composed, recipients: list[str], from_address: str, language: str = "") -> EmailMessage:
    """Return the proof of the email of ``composed`` in ``language`` ("": the issue's one email), from
    ``from_address`` to ``recipients`` (checked first with ``header_problem``)."""
    return message.proof_message(composed.loaded, composed.emails[language], recipients, from_address, language)
