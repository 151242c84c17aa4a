"""What merge tags become where a person reads the email rather than Mailchimp.

The email files, and everything copied or pasted from them, keep their tags. A
preview or a proof fills them with sample values so it reads as a subscriber
sees it; the public web archive fills them with neutral words and drops the
subscriber's own links. Every value is escaped for the document it goes into.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from lacnews.text.markdown import MERGE_TAG

SAMPLE_VALUES = {
    "FNAME": "Alex",
    "LNAME": "Taylor",
    "EMAIL": "alex.taylor@example.org",
    "UNSUB": "#",
    "UPDATE_PROFILE": "#",
    "ABOUT_LIST": "#",
    "ARCHIVE": "#",
    "FORWARD": "#",
    "REWARDS": "",
    "REWARDS_TEXT": "",
    "LIST:NAME": "the newsletter's audience",
    "LIST:COMPANY": "the sender",
}
# On the public archive page nobody is a subscriber: no names, no personal links.
WEB_VALUES = {"FNAME": "reader"}
CONDITIONALS = ("IF:", "ELSEIF:", "END:IF", "ELSE:", "IFNOT:")


def _no_escape(text: str) -> str:
    return text


def fill_merge_tags(text: str, subject: str = "", escape: Callable[[str], str] = _no_escape) -> str:
    """Return ``text`` with each merge tag replaced by a sample value (an unknown tag by its name)."""
    values = {**SAMPLE_VALUES, "MC:SUBJECT": subject, "CURRENT_YEAR": str(datetime.date.today().year)}

    def sample(match) -> str:
        name = match.group(0)[2:-2].strip()
        if name in values:
            return escape(values[name])
        if name.startswith(CONDITIONALS):
            return ""  # conditional blocks: show what they wrap
        return escape(f"[{name}]")

    return MERGE_TAG.sub(sample, text)


def fill_for_web(text: str, subject: str, escape: Callable[[str], str] = _no_escape) -> str:
    """Return ``text`` with merge tags made neutral for the public archive: the subject, or nothing."""
    values = {**WEB_VALUES, "MC:SUBJECT": subject}
    return MERGE_TAG.sub(lambda match: escape(values.get(match.group(0)[2:-2], "")), text)
