"""The email's pictures hosted in Mailchimp's File Manager (Content Studio), each uploaded once per content.

A prepared picture's name holds a digest of its bytes (coffee-morning-8e6da2cf7b04.jpg), so the name
finds it again in the File Manager when mailchimp.json has lost it; the File Manager cannot be asked by
name, so its newest files are listed, a bounded number of pages. Each picture becomes the address
Mailchimp gives it (``full_size_url``), put in place of the picture's address in the email's ``src``
attributes, and nowhere else.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from lacnews.outputs.mailchimp.client import (
    Client,
    MailchimpError,
    is_id,
    may_have_happened,
)

MAX_UPLOAD = 10 * 1024 * 1024  # Mailchimp's limit for one file
PAGE = 1000
MAX_PAGES = 5  # the 5,000 newest pictures are looked through for names
# An address Mailchimp gives goes into an attribute of the email: nothing that could end it, or start another.
HOSTED = re.compile(r"https://[^\s\"'<>&\\`]{1,2000}")
_IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')


@dataclass(frozen=True)
class Hosted:
    """A picture in the File Manager."""

    name: str
    url: str
    id: str

    @classmethod
    def of(cls, answer: object) -> "Hosted":
        if not (isinstance(answer, dict) and is_id(answer.get("id")) and isinstance(answer.get("name"), str)):
            raise MailchimpError("Mailchimp described a file in a way lacnews does not know; try again")
        url = answer.get("full_size_url")
        if not isinstance(url, str) or HOSTED.fullmatch(url) is None:
            raise MailchimpError(f"Mailchimp gave {answer['name'][:80]} an address that is not a plain https:// one, "
                                 "so it is not put in the email; try again, and report it if it stays so")
        return cls(answer["name"], url, str(answer["id"]))


def too_large(name: str, size: int) -> str | None:
    """Return why a prepared picture of ``size`` bytes cannot be uploaded, or None if it can."""
    if size <= MAX_UPLOAD:
        return None
    return (f"the picture {name} is {size / 1024 / 1024:.1f} MB as prepared, over the {MAX_UPLOAD // 1024 // 1024} MB "
            "Mailchimp takes for one file: save a smaller copy (2000 pixels wide is plenty) or show it narrower")


def folder(client: Client, name: str) -> str:
    """Return the id of the File Manager folder ``name``, made if there is none."""
    found = _folder_named(client, name)
    if found is not None:
        return found
    for attempt in range(2):
        try:
            answer = client.call("POST", "/file-manager/folders", f"making the folder “{name}” for pictures",
                                 body={"name": name})
        except MailchimpError as exc:
            if attempt or not may_have_happened(exc):
                raise
            try:
                found = _folder_named(client, name)
            except MailchimpError:
                raise exc from None
            if found is not None:
                return found
            continue
        if not isinstance(answer, dict) or not is_id(answer.get("id")):
            raise MailchimpError("Mailchimp described a new folder in a way lacnews does not know; try again")
        return str(answer["id"])
    raise AssertionError("unreachable")


def _folder_named(client: Client, name: str) -> str | None:
    for page in range(MAX_PAGES):
        answer = client.call("GET", "/file-manager/folders", "looking for the pictures' folder", {
            "fields": "folders.id,folders.name,total_items", "count": PAGE, "offset": page * PAGE})
        listed = answer.get("folders") if isinstance(answer, dict) else None
        if not isinstance(listed, list):
            raise MailchimpError("Mailchimp's list of folders was not what lacnews expects; try again")
        for item in listed:
            if isinstance(item, dict) and item.get("name") == name and is_id(item.get("id")):
                return str(item["id"])
        total = answer.get("total_items")
        if len(listed) < PAGE or not isinstance(total, int) or (page + 1) * PAGE >= total:
            return None
    return None


def with_names(client: Client, names: set[str]) -> dict[str, Hosted]:
    """Return the pictures among the File Manager's newest whose name is one of ``names``."""
    found: dict[str, Hosted] = {}
    for page in range(MAX_PAGES):
        answer = client.call("GET", "/file-manager/files", "looking for pictures uploaded before", {
            "type": "image", "sort_field": "added_date", "sort_dir": "DESC", "count": PAGE, "offset": page * PAGE,
            "fields": "files.id,files.name,files.full_size_url,total_items"})
        listed = answer.get("files") if isinstance(answer, dict) else None
        if not isinstance(listed, list):
            raise MailchimpError("Mailchimp's list of files was not what lacnews expects; try again")
        for item in listed:
            if isinstance(item, dict) and item.get("name") in names and item["name"] not in found:
                found[item["name"]] = Hosted.of(item)
        total = answer.get("total_items")
        if found.keys() >= names or len(listed) < PAGE or not isinstance(total, int) or (page + 1) * PAGE >= total:
            break
    return found


def upload(client: Client, name: str, data: bytes, folder_id: str) -> Hosted:
    """Upload one picture; after a failure that may have uploaded it anyway, look for it before trying again, once."""
    problem = too_large(name, len(data))
    if problem:
        raise MailchimpError(problem)
    body = {"name": name, "file_data": base64.b64encode(data).decode("ascii"), "folder_id": int(folder_id)
            if folder_id.isdigit() else folder_id}
    for attempt in range(2):
        try:
            return Hosted.of(client.call("POST", "/file-manager/files", f"uploading the picture {name}", body=body))
        except MailchimpError as exc:
            if attempt or not may_have_happened(exc):
                raise
            try:
                found = with_names(client, {name}).get(name)
            except MailchimpError:
                raise exc from None
            if found is not None:
                return found
    raise AssertionError("unreachable")


def with_hosted_pictures(html: str, addresses: dict[str, str]) -> str:
    """Return ``html`` with each picture's ``src`` whose value is a key of ``addresses`` given its value instead;
    every other byte as it was."""
    if not addresses:
        return html
    return _IMG_SRC.sub(lambda found: found.group(1) + addresses.get(found.group(2), found.group(2)) + found.group(3),
                    html)
