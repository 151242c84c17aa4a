"""An issue's email as a draft regular campaign: found again, made or brought up to date, tested, never sent.

A draft is found by the id kept in mailchimp.json, or else by its title, which stays the same from push to
push ("<newsletter> – <slug>"). Only a campaign whose status is ``save`` (a draft) is ever changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from lacnews.outputs.mailchimp.client import (
    PAGE,
    Client,
    MailchimpError,
    NoAnswer,
    Refused,
    is_id,
)

DRAFT = "save"
STATUS_WORDS = {
    "sending": "is being sent", "sent": "has been sent", "schedule": "is scheduled to be sent",
    "paused": "is paused", "canceled": "was canceled", "canceling": "is being canceled",
    "archived": "is archived",
}
MAX_PAGES = 10  # campaigns looked through for a title: the 10,000 newest
MAX_TEST_ADDRESSES = 20  # per test email on paid plans (6 on free ones)
TEST_LIMITS = ("Mailchimp allows 12 test emails per campaign and 24 a day, to at most 6 addresses at once, on free "
               "plans (70, 200 and 20 on paid plans)")


@dataclass(frozen=True)
class Audience:
    """Who the campaign is for (newsletter.yaml's ``mailchimp:``): an audience (list), and optionally a saved
    segment of it or its contacts with a tag."""

    list_id: str
    segment: str | None = None  # a saved segment's id
    tag: str | None = None

    def recipients(self, client: Client) -> dict:
        """Return the campaign's ``recipients``; a tag is looked up by its name."""
        recipients: dict = {"list_id": self.list_id}
        if self.segment:
            recipients["segment_opts"] = {"saved_segment_id": int(self.segment)}
        elif self.tag:
            recipients["segment_opts"] = tag_segment(client, self.list_id, self.tag)
        return recipients


@dataclass(frozen=True)
class Draft:
    """What one email of an issue becomes in Mailchimp."""

    language: str  # "" for an issue sent as one email
    title: str
    subject: str
    preview_text: str
    from_name: str
    reply_to: str | None
    html: str
    text: str

    def settings(self) -> dict:
        settings = {"subject_line": self.subject, "preview_text": self.preview_text, "title": self.title,
                    "from_name": self.from_name,
                    # the email carries its own footer, and its CSS is inlined already
                    "auto_footer": False, "inline_css": False}
        if self.reply_to:
            settings["reply_to"] = self.reply_to
        return settings


@dataclass
class Campaign:
    """A campaign as Mailchimp describes it."""

    id: str
    status: str
    title: str
    web_id: int | None = None
    made: bool = False  # by this push

    @classmethod
    def of(cls, answer: object) -> "Campaign":
        if not isinstance(answer, dict) or not is_id(answer.get("id")) or not isinstance(answer.get("status"), str):
            raise MailchimpError("Mailchimp described a campaign in a way lacnews does not know; try again, and "
                                 "report it if it stays so")
        settings = answer.get("settings") if isinstance(answer.get("settings"), dict) else {}
        web_id = answer.get("web_id")
        title = settings.get("title") if isinstance(settings.get("title"), str) else ""
        return cls(str(answer["id"]), answer["status"], title, web_id if isinstance(web_id, int) else None)

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT


class NotADraft(MailchimpError):
    """The campaign is no longer a draft, so it is left as it is."""


def not_a_draft(campaign: Campaign, slug: str, client: Client) -> NotADraft:
    """Return the refusal to change ``campaign``; what Mailchimp said of it is shown fit to print (control
    characters escaped, the key hidden), as Mailchimp's words always are."""
    words = STATUS_WORDS.get(campaign.status, f"is no longer a draft ({client.said(campaign.status, 40)})")
    return NotADraft(f"the campaign “{client.said(campaign.title, 200)}” ({campaign.id}) {words} in Mailchimp, so "
                     f"lacnews leaves it as it is; to push {slug} again as a new draft, run `lacnews push {slug} --new`")


_FIELDS = "id,web_id,status,settings.title"


def campaign(client: Client, campaign_id: str) -> Campaign | None:
    """Return the campaign ``campaign_id``, or None if Mailchimp has none by that id (it was deleted)."""
    try:
        return Campaign.of(client.call("GET", f"/campaigns/{campaign_id}", "reading the draft",
                                       {"fields": _FIELDS}))
    except Refused as exc:
        if exc.status == 404:
            return None
        raise


def with_title(client: Client, title: str) -> list[Campaign]:
    """Return the campaigns titled ``title``, newest first (among the newest ``PAGE * MAX_PAGES``)."""
    listed = client.each("/campaigns", "looking for the draft by its title", "campaigns", {
        "fields": ",".join(f"campaigns.{name}" for name in _FIELDS.split(",")) + ",total_items",
        "sort_field": "create_time", "sort_dir": "DESC"}, MAX_PAGES)
    return [Campaign.of(item) for item in listed
            if isinstance(item.get("settings"), dict) and item["settings"].get("title") == title]


def chosen(found: list[Campaign]) -> Campaign | None:
    """Return the newest draft among campaigns of one title, else the newest of them (to refuse to change it)."""
    return next((campaign for campaign in found if campaign.is_draft), found[0] if found else None)


def make(client: Client, draft: Draft, recipients: dict, known: set[str]) -> Campaign:
    """Make ``draft`` a new draft campaign; after a failure that may have made it anyway, look for it by its
    title (a draft not among ``known``) before asking again, once."""

    def made(campaign: Campaign | None) -> Campaign | None:
        if campaign is not None:
            campaign.made = True
        return campaign

    def appeared() -> Campaign | None:
        return next((found for found in with_title(client, draft.title) if found.is_draft and found.id not in known),
                    None)

    return client.create("/campaigns", f"making the draft “{draft.title}”",
                         {"type": "regular", "recipients": recipients, "settings": draft.settings()},
                         lambda answer: made(Campaign.of(answer)), lambda: made(appeared()))


def update(client: Client, campaign_id: str, draft: Draft, recipients: dict) -> None:
    """Bring the draft's audience and settings up to date."""
    client.call("PATCH", f"/campaigns/{campaign_id}", f"updating the draft “{draft.title}”",
                {"fields": "id"}, body={"recipients": recipients, "settings": draft.settings()})


def put_content(client: Client, campaign_id: str, draft: Draft) -> None:
    """Give the draft its HTML and plain text, as they are."""
    client.call("PUT", f"/campaigns/{campaign_id}/content", f"putting the email into “{draft.title}”",
                {"fields": "html"}, body={"html": draft.html, "plain_text": draft.text})


def send_test(client: Client, campaign_id: str, title: str, addresses: list[str]) -> None:
    """Ask Mailchimp to send its test email of the draft (never to the audience); never asked twice."""
    try:
        client.call("POST", f"/campaigns/{campaign_id}/actions/test", f"sending the test email of “{title}”",
                    body={"test_emails": addresses, "send_type": "html"})
    except Refused as exc:
        if exc.status in (400, 403, 429):
            said = f" ({exc.said})" if exc.said else ""
            raise MailchimpError(f"Mailchimp did not send the test email of “{title}”{said}: {TEST_LIMITS}; send "
                                 "to fewer addresses, or wait until tomorrow") from None
        raise
    except NoAnswer as exc:
        raise MailchimpError(f"{exc.format_message().split(';')[0]}; the test email may or may not have been sent: "
                             "look in the inbox before asking again") from None


def checklist(client: Client, campaign_id: str, title: str) -> list[tuple[str, str]]:
    """Return Mailchimp's checklist of the draft: (error or warning, what it says), its successes left out."""
    answer = client.call("GET", f"/campaigns/{campaign_id}/send-checklist", f"reading the checklist of “{title}”")
    items = answer.get("items") if isinstance(answer, dict) else None
    found = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("type") in ("error", "warning"):
            heading, details = (client.said(item.get(name), 300) for name in ("heading", "details"))
            found.append((item["type"], f"{heading}: {details}" if heading and details else heading or details))
    return found


def tag_segment(client: Client, list_id: str, tag: str) -> dict:
    """Return the segment options for the contacts of ``list_id`` tagged ``tag``."""
    answer = client.call("GET", f"/lists/{list_id}/segments", f"looking for the tag “{tag}”",
                         {"type": "static", "count": PAGE, "fields": "segments.id,segments.name,total_items"})
    segments = answer.get("segments") if isinstance(answer, dict) else None
    for segment in segments if isinstance(segments, list) else []:
        if isinstance(segment, dict) and segment.get("name") == tag and isinstance(segment.get("id"), int):
            return {"match": "all", "conditions": [{"condition_type": "StaticSegment", "field": "static_segment",
                                                    "op": "static_is", "value": segment["id"]}]}
    raise MailchimpError(f"the audience {list_id} has no tag “{tag}” (mailchimp.tag in newsletter.yaml): check its "
                         "spelling in Mailchimp's Audience → Tags")


@dataclass(frozen=True)
class AudienceInfo:
    """An audience as `lacnews push --audiences` lists it, with its saved segments and tags."""

    id: str
    name: str
    members: int | None
    segments: tuple[tuple[str, str, str], ...] = ()  # kind (saved or static: a tag), id, name


MAX_AUDIENCES = 20  # whose segments are listed


def audiences(client: Client) -> list[AudienceInfo]:
    """Check the key (GET /ping), then return the account's audiences, each with its segments and tags."""
    ping = client.call("GET", "/ping", "checking the API key")
    if not isinstance(ping, dict) or "health_status" not in ping:
        raise MailchimpError("Mailchimp's answer to a ping was not what lacnews expects; try again")
    answer = client.call("GET", "/lists", "listing the audiences", {
        "count": PAGE, "fields": "lists.id,lists.name,lists.stats.member_count,total_items"})
    listed = answer.get("lists") if isinstance(answer, dict) else None
    found = []
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, dict) and is_id(item.get("id")):
            stats = item.get("stats") if isinstance(item.get("stats"), dict) else {}
            members = stats.get("member_count")
            segments = _segments(client, str(item["id"])) if len(found) < MAX_AUDIENCES else ()
            found.append(AudienceInfo(str(item["id"]), client.said(item.get("name"), 100),
                                      members if isinstance(members, int) else None, segments))
    return found


def _segments(client: Client, list_id: str) -> tuple[tuple[str, str, str], ...]:
    answer = client.call("GET", f"/lists/{list_id}/segments", "listing the audience's segments and tags", {
        "count": PAGE, "fields": "segments.id,segments.name,segments.type,total_items"})
    listed = answer.get("segments") if isinstance(answer, dict) else None
    return tuple((segment["type"], str(segment["id"]), client.said(segment.get("name"), 100))
                 for segment in (listed if isinstance(listed, list) else [])
                 if isinstance(segment, dict) and segment.get("type") in ("saved", "static")
                 and isinstance(segment.get("id"), int))
