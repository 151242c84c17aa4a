"""E-mail addresses and telephone numbers: what counts as one, and how it becomes a link."""

from __future__ import annotations

import re

# One address pattern for the whole program: newsletter.yaml, the checks and `lacnews send` agree.
# Its parts cannot overlap, so a match fails in time linear in the text.
EMAIL_ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
UK_PHONE = re.compile(r"(?:0[0-9]{9,10}|\+44[0-9]{9,10})")
TEL_LINK = re.compile(r"\+?[0-9]{6,15}")
_PHONE_PUNCTUATION = re.compile(r"[\s().-]")
_SPACES = re.compile(r"(\s+)")


def is_email_address(text: str) -> bool:
    return EMAIL_ADDRESS.fullmatch(text) is not None


def phone_digits(phone: str) -> str:
    """Return a phone number without its spaces, brackets, dots and hyphens."""
    return _PHONE_PUNCTUATION.sub("", phone)


def tel_href(phone: str) -> str:
    """Return the tel: address of a phone number as it is written for readers."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


def is_uk_phone(phone: str) -> bool:
    return UK_PHONE.fullmatch(phone_digits(phone)) is not None


def is_tel_number(number: str) -> bool:
    """Whether the part of a tel: link after the colon is a phone number."""
    return TEL_LINK.fullmatch(phone_digits(number)) is not None


def without_addresses(text: str) -> str:
    """Return ``text`` with every web or e-mail address (a word holding :// or @) made a space.

    Word by word, so the time is linear however long a word is (a pattern such as \\S+@\\S+ tries
    every starting point of a long word, and takes quadratic time).
    """
    if "://" not in text and "@" not in text:  # most paragraphs: nothing to take out
        return text
    return "".join(" " if "://" in part or "@" in part else part for part in _SPACES.split(text))


# Pictures: an image's src is a web address, or a path from the project folder.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")  # C:\Users\... is a path, not a scheme


def is_local_picture(src: str) -> bool:
    """Whether an image's ``src`` names a file in the project rather than a web address."""
    return not _SCHEME.match(src) or bool(_DRIVE.match(src))


def picture_path_problem(src: str) -> str | None:
    """Return why ``src`` cannot be a picture's path from the project folder, or None when it can."""
    if _DRIVE.match(src) or src.startswith(("/", "\\", "~")):
        return (f"{src!r} is a path on this computer; give the picture's path from the project folder, "
                "such as images/coffee-morning.jpg (copy the picture into the project first)")
    if "\\" in src:
        return f"write the path with / between folders: {src.replace(chr(92), '/')}"
    if ".." in src.split("/"):
        return f"{src!r} leaves the project folder; copy the picture into the project (for example into images/)"
    return None
