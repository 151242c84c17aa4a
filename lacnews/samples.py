"""Sample values for Mailchimp merge tags, so a preview or a proof reads as subscribers see it.

The copied or pasted email always keeps the tags; only what a person looks at
is filled in.
"""

from __future__ import annotations

import datetime

from lacnews.markdown import MERGE_TAG

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


def fill_merge_tags(text: str, subject: str = "", overrides: dict[str, str] | None = None) -> str:
    """Return ``text`` with each merge tag replaced by a sample value (unknown tags by their name)."""
    values = {**SAMPLE_VALUES, "MC:SUBJECT": subject, "CURRENT_YEAR": str(datetime.date.today().year),
              **(overrides or {})}

    def sample(match) -> str:
        name = match.group(0)[2:-2].strip()
        if name in values:
            return values[name]
        if name.startswith(("IF:", "ELSEIF:", "END:IF", "ELSE:", "IFNOT:")):
            return ""  # conditional blocks: show what they wrap
        return f"[{name}]"

    return MERGE_TAG.sub(sample, text)
