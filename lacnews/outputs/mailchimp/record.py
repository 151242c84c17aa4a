"""What `lacnews push` made in Mailchimp, kept beside newsletter.yaml in mailchimp.json for git to keep
(lacnews.base.layout.push_record_path).

The record holds ids and addresses, never the key: each issue's draft campaign (one per language with
``bilingual: separate``), the File Manager folder, and each picture uploaded, by a digest of its bytes.
It saves looking things up; when it is lost, push finds the drafts again by their titles and the
pictures by their names, which hold the same digest. `build` and `send` show the pictures from the
addresses it holds (``at_hosted_addresses``), so that what is pasted or proofed is what was pushed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lacnews.base import layout
from lacnews.base.errors import Place
from lacnews.outputs.mailchimp.client import MailchimpError, is_id
from lacnews.outputs.mailchimp.files import HOSTED, Hosted

if TYPE_CHECKING:
    from lacnews.base.project import Project
    from lacnews.compose.composed import Composed
    from lacnews.pipeline.pictures import Picture

MAX_BYTES = 1024 * 1024
ABOUT = ("What `lacnews push` made in Mailchimp: each issue's draft campaign and each picture uploaded. Keep it with "
         "the project; it holds no key. Lost, it is found again by the drafts' titles and the pictures' names.")


@dataclass
class PushRecord:
    campaigns: dict[str, str] = field(default_factory=dict)  # "june-2020" or "june-2020/cy" → campaign id
    folder: dict[str, str] = field(default_factory=dict)  # name, id
    pictures: dict[str, dict[str, str]] = field(default_factory=dict)  # sha256 → name, url, id

    def keep(self, digest: str, hosted: Hosted) -> None:
        """Keep where Mailchimp holds the picture whose prepared bytes have the sha256 ``digest``."""
        self.pictures[digest] = {"name": hosted.name, "url": hosted.url, "id": hosted.id}

    def text(self) -> str:
        return json.dumps({"about": ABOUT, "campaigns": dict(sorted(self.campaigns.items())), "folder": self.folder,
                           "pictures": dict(sorted(self.pictures.items()))}, indent=1, ensure_ascii=False) + "\n"


def at_hosted_addresses(composed: Composed, record: PushRecord) -> tuple[Composed, list[Picture]]:
    """Return the issue with each picture from the project shown from the address Mailchimp keeps it at, where the
    record holds one (a plain https:// one), and the pictures it holds none for: not uploaded yet."""
    addresses, missing = composed.pictures.hosted(
        {digest: entry["url"] for digest, entry in record.pictures.items() if HOSTED.fullmatch(entry["url"])})
    return composed.with_pictures_at(addresses), missing


def as_pushed(project: Project, composed: Composed) -> tuple[Composed, list[Picture]]:
    """Return the issue with its pictures where the project's pushes left them (``at_hosted_addresses`` with its
    mailchimp.json), and the pictures not uploaded yet: what `build` writes and `send` proofs."""
    return at_hosted_addresses(composed, read_record(layout.push_record_path(project)))


def edition_key(slug: str, language: str) -> str:
    return f"{slug}/{language}" if language else slug


def read_record(path: Path) -> PushRecord:
    """Return the record at ``path``: empty when there is none; a record that cannot be read is refused rather
    than written over."""
    fix = "fix it, or move it away and push again (lacnews then finds the drafts and pictures in Mailchimp)"
    if path.is_symlink():
        raise MailchimpError(f"{Place(path)}: is a symbolic link; lacnews keeps its record in the project itself: "
                             "put the file in place of the link")
    if path.exists() and not path.is_file():  # a pipe would be waited on for ever, a device read without end
        raise MailchimpError(f"{Place(path)}: is not a regular file; lacnews keeps its record of pushes in one: "
                             "move it away and push again")
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return PushRecord()
    except OSError as exc:
        raise MailchimpError(f"{Place(path)}: cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise MailchimpError(f"{Place(path)}: is larger than {MAX_BYTES // 1024} KB, more than a record of pushes "
                             f"needs: {fix}")
    try:
        stored = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise MailchimpError(f"{Place(path)}: is not UTF-8 text: {fix}") from None
    except json.JSONDecodeError as exc:
        raise MailchimpError(f"{Place(path, exc.lineno, exc.colno)}: is not valid JSON ({exc.msg}): {fix}") from None
    except RecursionError:
        raise MailchimpError(f"{Place(path)}: nests too deeply to be a record of pushes: {fix}") from None
    record = _record_of(stored)
    if record is None:
        raise MailchimpError(f"{Place(path)}: is not a record of pushes as lacnews writes it: {fix}")
    return record


def _record_of(stored: object) -> PushRecord | None:
    if not isinstance(stored, dict):
        return None
    campaigns, folder, pictures = (stored.get(name, {}) for name in ("campaigns", "folder", "pictures"))
    if not (isinstance(campaigns, dict) and isinstance(folder, dict) and isinstance(pictures, dict)):
        return None
    if not all(isinstance(key, str) and is_id(value) for key, value in campaigns.items()):
        return None
    if folder and not (isinstance(folder.get("name"), str) and is_id(folder.get("id"))):
        return None
    for entry in pictures.values():
        if not (isinstance(entry, dict) and all(isinstance(entry.get(name), str) for name in ("name", "url", "id"))):
            return None
    return PushRecord({key: str(value) for key, value in campaigns.items()},
                      {"name": folder["name"], "id": str(folder["id"])} if folder else {},
                      {digest: {name: entry[name] for name in ("name", "url", "id")}
                       for digest, entry in pictures.items()})
