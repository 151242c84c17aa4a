"""The email's pictures hosted in Mailchimp's File Manager (Content Studio), each uploaded once per content.

A prepared picture's name holds a digest of its bytes (coffee-morning-8e6da2cf7b04.jpg), so the name
finds it again in the File Manager when mailchimp.json has lost it; the File Manager cannot be asked by
name, so its newest files are listed, a bounded number of pages. Each picture becomes the address
Mailchimp gives it (``full_size_url``), which mailchimp.json keeps and the email shows it from
(lacnews.outputs.mailchimp.record.at_hosted_addresses).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from lacnews.outputs.mailchimp.client import Client, MailchimpError, is_id

MAX_UPLOAD = 10 * 1024 * 1024  # Mailchimp's limit for one file
MAX_PAGES = 5  # the 5,000 newest pictures are looked through for names
# An address Mailchimp gives goes into an attribute of the email: nothing that could end it, or start another.
# A picture's address as it may go into the email: https, and nothing that could end the attribute, hide in
# it (control characters), or be read by Mailchimp as a merge tag (|) or by a template ({ }).
HOSTED = re.compile(r"https://[^\s\"'<>&\\`|{}\x00-\x1f\x7f-\x9f]{1,2000}")


@dataclass(frozen=True)
class Hosted:
    """A picture in the File Manager."""

    name: str
    url: str
    id: str

    @classmethod
    def of(cls, answer: object, client: Client) -> "Hosted":
        if not (isinstance(answer, dict) and is_id(answer.get("id")) and isinstance(answer.get("name"), str)):
            raise MailchimpError("Mailchimp described a file in a way lacnews does not know; try again")
        url = answer.get("full_size_url")
        if not isinstance(url, str) or HOSTED.fullmatch(url) is None or client.hide(url) != url:
            raise MailchimpError(f"Mailchimp gave {client.said(answer['name'], 80)} an address that is not a plain "
                                 "https:// one, so it is not put in the email; try again, and report it if it stays so")
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

    def made(answer: object) -> str:
        if not isinstance(answer, dict) or not is_id(answer.get("id")):
            raise MailchimpError("Mailchimp described a new folder in a way lacnews does not know; try again")
        return str(answer["id"])

    return client.create("/file-manager/folders", f"making the folder “{name}” for pictures", {"name": name}, made,
                         lambda: _folder_named(client, name))


def _folder_named(client: Client, name: str) -> str | None:
    folders = client.each("/file-manager/folders", "looking for the pictures' folder", "folders",
                          {"fields": "folders.id,folders.name,total_items"}, MAX_PAGES)
    return next((str(item["id"]) for item in folders if item.get("name") == name and is_id(item.get("id"))), None)


def with_names(client: Client, names: set[str]) -> dict[str, Hosted]:
    """Return the pictures among the File Manager's newest whose name is one of ``names``."""
    found: dict[str, Hosted] = {}
    for item in client.each("/file-manager/files", "looking for pictures uploaded before", "files", {
            "type": "image", "sort_field": "added_date", "sort_dir": "DESC",
            "fields": "files.id,files.name,files.full_size_url,total_items"}, MAX_PAGES):
        name = item.get("name")
        if isinstance(name, str) and name in names and name not in found:
            found[name] = Hosted.of(item, client)
            if found.keys() >= names:
                break
    return found


def upload(client: Client, name: str, data: bytes, folder_id: str) -> Hosted:
    """Upload one picture; after a failure that may have uploaded it anyway, look for it before trying again, once."""
    problem = too_large(name, len(data))
    if problem:
        raise MailchimpError(problem)
    body = {"name": name, "file_data": base64.b64encode(data).decode("ascii"), "folder_id": int(folder_id)
            if folder_id.isdigit() else folder_id}
    return client.create("/file-manager/files", f"uploading the picture {name}", body,
                         lambda answer: Hosted.of(answer, client), lambda: with_names(client, {name}).get(name))
