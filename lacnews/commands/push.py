"""`lacnews push`: an issue becomes a draft campaign in Mailchimp, its pictures hosted there; nothing is sent.

The issue is composed as `build` composes it, and refused on check errors unless forced. Its local pictures
are uploaded to Mailchimp's File Manager once per content, and the email points at the addresses Mailchimp
gives them; then each email (one, or one per language with ``bilingual: separate``) becomes a draft
regular campaign, made the first time and updated after. What was made is kept in mailchimp.json as it
happens, so a push cut short is taken up again, not repeated. build/<slug>/ is then written as `build`
writes it, with the hosted addresses, so that pasting email.html sends what the draft holds.

The API key comes from LACNEWS_MAILCHIMP_KEY or a prompt, never an option, and is never written or shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lacnews.base.errors import LacnewsError, Place
from lacnews.base.progress import Progress, no_progress

if TYPE_CHECKING:
    from lacnews.base.project import Project
    from lacnews.base.schema import Newsletter
    from lacnews.checks.findings import Finding
    from lacnews.compose.composed import Composed
    from lacnews.outputs.mailchimp.campaigns import Audience, AudienceInfo, Draft
    from lacnews.outputs.mailchimp.client import ApiKey, Client
    from lacnews.outputs.mailchimp.record import PushRecord
    from lacnews.yaml.source import Source

DEFAULT_TIMEOUT = 300.0
CHECKLIST_RULE = "mailchimp-checklist"


def audience_of(newsletter: Newsletter, source: Source) -> Audience:
    """Return who the drafts are for, from newsletter.yaml's ``mailchimp:``, checked; raise saying what to add
    where it is not given."""
    from lacnews.outputs.mailchimp.campaigns import Audience
    from lacnews.outputs.mailchimp.client import is_id

    given = getattr(newsletter, "mailchimp", None)
    audience = str(getattr(given, "audience", None) or "").strip()
    if not audience:
        raise LacnewsError(f"{Place(source.path)}: say which Mailchimp audience the drafts are for: add\n"
                           "mailchimp:\n  audience: <its id>\n`lacnews push --audiences` lists your audiences "
                           "with their ids")
    nodes = getattr(given, "nodes", {})
    segment, tag = (str(getattr(given, name, None) or "").strip() or None for name in ("segment", "tag"))

    def refuse(name: str, problem: str) -> LacnewsError:
        return LacnewsError(f"{source.place(nodes.get(name))}: mailchimp.{name}: {problem}")

    if not is_id(audience):
        raise refuse("audience", "an audience's id is letters and digits, such as a1b2c3d4e5 (`lacnews push "
                                 "--audiences` lists them)")
    if segment and not (segment.isascii() and segment.isdigit() and len(segment) <= 20):
        raise refuse("segment", "a saved segment's id is a number (`lacnews push --audiences` lists them)")
    if tag and (len(tag) > 100 or not tag.isprintable()):
        raise refuse("tag", "give the tag's name as Mailchimp shows it, on one line")
    if segment and tag:
        raise refuse("tag", "give a segment or a tag, not both")
    return Audience(audience, segment, tag)


@dataclass
class PushedEmail:
    """One email as a draft campaign."""

    language: str
    title: str
    campaign_id: str
    web_id: int | None
    made: bool
    tested: list[str] = field(default_factory=list)
    checklist: list[Finding] = field(default_factory=list)


@dataclass
class Pushed:
    """What `lacnews push` did."""

    slug: str
    findings: list[Finding]
    audience: str
    emails: list[PushedEmail] = field(default_factory=list)
    uploaded: list[tuple[str, int]] = field(default_factory=list)  # picture, bytes
    already_hosted: int = 0
    folder: str = ""
    paths: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    requests: int = 0
    sent_bytes: int = 0
    datacenter: str = ""

    def edit_address(self, email: PushedEmail) -> str | None:
        if email.web_id is None:
            return None
        return f"https://{self.datacenter}.admin.mailchimp.com/campaigns/edit?id={email.web_id}"


def push(project: Project, name: str, key: ApiKey | Callable[[], ApiKey], tests: tuple[str, ...] = (),
         new: bool = False, force: bool = False, seconds: float = DEFAULT_TIMEOUT, api_url: str | None = None,
         progress_bar: Progress = no_progress) -> Pushed:
    """Compose the issue ``name`` and make or update its draft campaign(s) in Mailchimp; send nothing but the test
    emails asked for (``tests``) and write build/<slug>/ with the hosted pictures' addresses. ``key`` may be a
    function that asks for it: it is called only once the issue and newsletter.yaml are known to be sound."""
    from lacnews.base import layout
    from lacnews.checks.findings import ChecksFailed
    from lacnews.compose import compose
    from lacnews.console import PicturesShown
    from lacnews.outputs.email_files import write_email
    from lacnews.outputs.mailchimp.campaigns import MAX_TEST_ADDRESSES
    from lacnews.outputs.mailchimp.client import Client, endpoint
    from lacnews.outputs.mailchimp.files import too_large
    from lacnews.outputs.mailchimp.record import read_record
    from lacnews.text.addresses import is_email_address

    # Everything that can be refused is refused before the first request.
    bad = [address for address in tests if not is_email_address(address)]
    if bad:
        raise LacnewsError(f"--test {bad[0]!r} is not an email address (name@example.org)")
    if len(tests) > MAX_TEST_ADDRESSES:
        raise LacnewsError(f"--test is given {len(tests)} times; Mailchimp sends a test email to at most "
                           f"{MAX_TEST_ADDRESSES} addresses at once (6 on free plans)")
    composed = compose(project, name)
    loaded = composed.loaded
    audience = audience_of(loaded.newsletter, loaded.newsletter_source)
    if composed.errors and not force:
        raise ChecksFailed(composed.slug, composed.findings, verb="push")
    hosting = composed.pictures.base is None  # no images_url or site_url: Mailchimp hosts the pictures
    for picture in composed.pictures.local if hosting else []:
        problem = too_large(picture.prepared.name, len(picture.prepared.data))
        if problem:
            raise LacnewsError(f"{picture.place()}: {problem}")
    record_path = layout.push_record_path(project)
    record = read_record(record_path)
    if callable(key):
        key = key()
    # that Mailchimp will host the pictures, as check notes, is what this push does and says
    findings = [finding for finding in composed.findings
                if not (hosting and finding.rule in PicturesShown.SAYS_INSTEAD_OF)]
    pushed = Pushed(composed.slug, findings, audience.list_id, datacenter=key.datacenter)
    with Client(key, endpoint(key, api_url), seconds) as client:
        recipients = audience.recipients(client)
        if hosting:
            composed = _host_pictures(client, composed, record, record_path, pushed, progress_bar)
        elif shown := PicturesShown.of(project, composed):
            pushed.notes.append(shown.note())
        for draft in _drafts(composed):
            pushed.emails.append(_push_draft(client, draft, recipients, composed, record, record_path, new,
                                             list(tests), pushed))
        pushed.requests, pushed.sent_bytes = client.requests, client.sent_bytes
    # build/<slug>/ as `build` writes it, the email as pushed
    pushed.paths = [path for path in write_email(project, composed) if not layout.is_picture_file(path)]
    return pushed


def _save(record: PushRecord, path: Path) -> None:
    from lacnews.base.write import write_files

    text = record.text()
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    write_files(path.parent, {path.name: text}, inside=path.parent)


def _host_pictures(client: Client, composed: Composed, record: PushRecord, record_path: Path, pushed: Pushed,
                   progress_bar: Progress) -> Composed:
    """Return the issue with its pictures shown from Mailchimp's File Manager, uploading those Mailchimp does not
    have yet (found by name first); mailchimp.json keeps each as it is found or uploaded."""
    import hashlib
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from lacnews.outputs.mailchimp.client import CONNECTIONS, MailchimpError
    from lacnews.outputs.mailchimp.files import folder, upload, with_names
    from lacnews.outputs.mailchimp.record import at_hosted_addresses

    every = {hashlib.sha256(picture.prepared.data).hexdigest() for picture in composed.pictures.local}
    _, not_recorded = at_hosted_addresses(composed, record)
    missing = {hashlib.sha256(picture.prepared.data).hexdigest(): picture.prepared for picture in not_recorded}
    if missing:
        found = with_names(client, {prepared.name for prepared in missing.values()})
        for digest, prepared in list(missing.items()):
            if prepared.name in found:
                record.keep(digest, found[prepared.name])
                del missing[digest]
        _save(record, record_path)
    pushed.already_hosted = len(every) - len(missing)
    folder_name = " ".join(str(composed.loaded.newsletter.name).split())[:100] or "lacnews"
    pushed.folder = folder_name
    if missing:
        if record.folder.get("name") != folder_name:
            record.folder = {"name": folder_name, "id": folder(client, folder_name)}
            _save(record, record_path)
        failure: MailchimpError | None = None
        with ThreadPoolExecutor(max_workers=CONNECTIONS) as pool, \
                progress_bar(len(missing), "Uploading pictures to Mailchimp") as bar:
            running = {pool.submit(upload, client, prepared.name, prepared.data, record.folder["id"]): digest
                       for digest, prepared in missing.items()}
            for done in as_completed(running):
                digest = running[done]
                bar.update(1)
                try:
                    uploaded = done.result()
                except MailchimpError as exc:
                    failure = failure or exc
                    continue
                record.keep(digest, uploaded)
                pushed.uploaded.append((uploaded.name, len(missing[digest].data)))
        _save(record, record_path)  # what was uploaded is not uploaded again, even when another upload failed
        if failure is not None:
            raise failure
    hosted, _ = at_hosted_addresses(composed, record)
    return hosted


def _drafts(composed: Composed) -> list[Draft]:
    """Return each email of the issue as a draft, its settings as the email shows them."""
    from lacnews.base.languages import in_language, languages_of, subject_line
    from lacnews.outputs.mailchimp.campaigns import Draft

    newsletter, issue = composed.loaded.newsletter, composed.loaded.issue
    drafts = []
    for language, email in composed.emails.items():
        shown = [language] if language else languages_of(newsletter, issue)
        first = shown[0] if shown else newsletter.language
        local_issue, local_newsletter = in_language(issue, first), in_language(newsletter, first)
        # the preview text as the email's own preheader shows it: each language's, first first
        preheaders = [str(in_language(issue, other).preheader or "") for other in shown] or [str(issue.preheader or "")]
        title = f"{' '.join(str(local_newsletter.name).split())} – {composed.slug}" + (f" ({language})" if language
                                                                                          else "")
        drafts.append(Draft(language, title, subject_line(newsletter, issue, shown),
                            " / ".join(preheaders) if local_issue.preheader else "",
                            str(local_newsletter.sender.name), newsletter.sender.email, email.html, email.text))
    return drafts


def _push_draft(client: Client, draft: Draft, recipients: dict, composed: Composed, record: PushRecord,
                record_path: Path, new: bool, tests: list[str], pushed: Pushed) -> PushedEmail:
    """Make or update the draft of one email, put the email in it, and have it tested and checked."""
    from lacnews.checks.findings import ERROR, WARNING, Finding
    from lacnews.outputs.mailchimp.campaigns import (
        campaign,
        checklist,
        chosen,
        make,
        not_a_draft,
        put_content,
        send_test,
        update,
        with_title,
    )
    from lacnews.outputs.mailchimp.record import edition_key

    slug = composed.slug
    key = edition_key(slug, draft.language)
    found = None
    if not new and key in record.campaigns:
        found = campaign(client, record.campaigns[key])
        if found is None:
            pushed.notes.append(f"the draft {record.campaigns[key]} that mailchimp.json kept for {key} is no longer in "
                                "Mailchimp (deleted there?), so a new one was made")
        elif found.title != draft.title:  # a record merged or copied wrongly: another issue's (or newsletter's) draft
            pushed.notes.append(f"the campaign {found.id} that mailchimp.json kept for {key} is titled "
                                f"“{client.said(found.title, 200)}”, not “{draft.title}”: it is left as it is, and "
                                "the draft is found by its title")
            found = None
    known: set[str] = set()
    if found is None:
        same_title = with_title(client, draft.title)
        known = {other.id for other in same_title}
        found = None if new else chosen(same_title)
    if found is not None and not found.is_draft:
        raise not_a_draft(found, slug, client)
    if found is None:
        found = make(client, draft, recipients, known)
    else:
        update(client, found.id, draft, recipients)
    if record.campaigns.get(key) != found.id:
        record.campaigns[key] = found.id
        _save(record, record_path)
    put_content(client, found.id, draft)
    pushed_email = PushedEmail(draft.language, draft.title, found.id, found.web_id, found.made)
    if tests:
        send_test(client, found.id, draft.title, tests)
        pushed_email.tested = list(tests)
    levels = {"error": ERROR, "warning": WARNING}
    where = Place(composed.loaded.source.path)  # Mailchimp's findings are about the issue as pushed
    pushed_email.checklist = [Finding(where, levels[level], CHECKLIST_RULE,
                                      f"Mailchimp's checklist of “{draft.title}”: {message}", slug)
                              for level, message in checklist(client, found.id, draft.title)]
    return pushed_email


def list_audiences(key: ApiKey, seconds: float = 60.0, api_url: str | None = None) -> list[AudienceInfo]:
    """Check the key and return the account's audiences, for newsletter.yaml's mailchimp.audience."""
    from lacnews.outputs.mailchimp.campaigns import audiences
    from lacnews.outputs.mailchimp.client import Client, endpoint

    with Client(key, endpoint(key, api_url), seconds) as client:
        return audiences(client)
