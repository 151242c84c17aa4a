"""The newsletter and issue format as typed classes: the code is the reference.

Each field's docstring-like ``doc`` is what the guide's format reference (docs/format.md, written by
tools/docs_pages.py) says of it. The kinds below (``Markdown``, ``LinkUrl`` …) tell ``lacnews.pipeline.validate`` how
to read and check the text an editor typed; see shared/spec/issue-format.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NewType, Union

from lacnews.base.dates import PublicationDate
from lacnews.base.limits import COLUMN_WIDTH, MIN_LOGO_WIDTH

Markdown = NewType("Markdown", str)
"""CommonMark text; merge tags are kept as they are."""
LinkUrl = NewType("LinkUrl", str)
"""An https://, http://, mailto: or tel: address, or a merge tag."""
WebUrl = NewType("WebUrl", str)
"""An https:// or http:// address."""
ImageSource = NewType("ImageSource", str)
"""A picture's path from the project folder (images/photo.jpg), or its https:// address."""
Email = NewType("Email", str)
Colour = NewType("Colour", str)
"""A hex colour: #1d5c7a or #17a."""
FontStack = NewType("FontStack", str)
"""A CSS font stack: Georgia, 'Times New Roman', serif."""
Anchor = NewType("Anchor", str)
"""Lower-case letters, digits and hyphens, starting with a letter."""
Contents = Union[str, list]
"""auto, none, or a list of lines."""


MAX_IMAGE_WIDTH = 10_000
"""The widest an image may be asked to be shown: no screen is wider (past the column, it is shown at the
column's width, and `check` warns)."""


def doc(text: str, **extra) -> dict:
    """Return a field's metadata: what the guide says of it, and ``example``, a value as YAML writes it (the example
    a message shows of a set of fields given as text, ``link: {text: Read more, url: "https://…"}``)."""
    return {"doc": text, **extra}


def _nodes():
    return field(default_factory=dict, repr=False, compare=False, metadata={"internal": True})


@dataclass
class Image:
    """An image shown in an item, or the masthead logo."""

    src: ImageSource = field(metadata=doc(
        "The picture's path from the project folder (images/coffee-morning.jpg), prepared for email by "
        "`lacnews build`; or its https:// address, used as it is.", example="images/photo.jpg"))
    alt: str | None = field(default=None, metadata=doc(
        "What the image shows, for screen readers and for mail clients that block images. "
        "Required unless `decorative: true`.", example="What the picture shows"))
    width: int | None = field(default=None, metadata=doc(
        "Display width in pixels; wider images are shown at the column's 536 (the logo at 240). "
        "A local picture is shown at its own width when this is left out.", bounds=(1, MAX_IMAGE_WIDTH)))
    decorative: bool = field(default=False, metadata=doc(
        "True for an image that adds nothing a reader needs: it is given empty alt text."))
    nodes: dict = _nodes()


@dataclass
class Quote:
    """A pull quote inside an item."""

    text: Markdown = field(metadata=doc("The quoted words, without quotation marks.", example="The words said"))
    by: str | None = field(default=None, metadata=doc("Who said it.", example="Who said them"))
    nodes: dict = _nodes()


@dataclass
class Link:
    """A call to action: shown as a button in HTML and as "text (address)" in plain text."""

    text: str = field(metadata=doc("The button's words; say where it leads, not \"click here\".", example="Read more"))
    url: LinkUrl = field(metadata=doc("Where it leads.", example='"https://…"'))
    nodes: dict = _nodes()


@dataclass
class Item:
    """One story, resource or link inside a section."""

    title: str | None = field(default=None, metadata=doc("The item's heading.", example="A story"))
    url: LinkUrl | None = field(default=None, metadata=doc("Makes the title a link."))
    byline: str | None = field(default=None, metadata=doc("Author or source."))
    date: PublicationDate | None = field(default=None, metadata=doc(
        "YYYY-MM-DD or YYYY-MM, shown as \"11 May 2020\"."))
    body: Markdown | None = field(default=None, metadata=doc("The item's text.", example="What happened"))
    image: Image | None = field(default=None, metadata=doc("An image above the body."))
    quote: Quote | None = field(default=None, metadata=doc("A pull quote after the body."))
    link: Link | None = field(default=None, metadata=doc("One call to action."))
    links: list[Link] = field(default_factory=list, metadata=doc("Several calls to action."))
    nodes: dict = _nodes()

    @property
    def calls_to_action(self) -> list[Link]:
        return ([self.link] if self.link else []) + self.links


@dataclass
class Section:
    """A part of the issue with its own heading, and an entry in the contents list."""

    title: str = field(metadata=doc("The section heading.", example="News"))
    id: Anchor | None = field(default=None, metadata=doc(
        "The anchor the contents list links to; made from the title when left out."))
    layout: str = field(default="standard", metadata=doc(
        "standard (each item a block), list (a compact bulleted list), or the name of a "
        "layout in the project's templates/sections/."))
    body: Markdown | None = field(default=None, metadata=doc("Text before the items."))
    items: list[Item] = field(default_factory=list, metadata=doc("The section's items."))
    after: Markdown | None = field(default=None, metadata=doc("Text after the items."))
    recurring: bool = field(default=False, metadata=doc(
        "True for a section that appears in every issue: `lacnews new` keeps it for the next one."))
    nodes: dict = _nodes()


@dataclass
class Issue:
    """One issue of the newsletter: issues/<slug>.yaml."""

    date: PublicationDate = field(metadata=doc(
        "YYYY-MM or YYYY-MM-DD; shown as \"May 2020\" and gives the copyright year."))
    subject: str = field(metadata=doc(
        "The email's subject line. In an issue of several languages it may be given per language (`{cy: ..., "
        "en: ...}`): sent together, the email's subject is then every version, the first first, joined "
        "\"Cymraeg / English\" as Welsh public bodies write theirs; sent separately, each email has its own. "
        "Written once, it is the same in every email (a subject in Welsh alone, say)."))
    sections: list[Section] = field(metadata=doc("The issue's sections, at least one."))
    preheader: str | None = field(default=None, metadata=doc(
        "The preview text an inbox shows after the subject."))
    intro: Markdown | None = field(default=None, metadata=doc(
        "This issue's opening text, after the newsletter's description."))
    contents: Contents = field(default="auto", metadata=doc(
        "auto: the section titles, linked; a list: exactly those lines; none: no contents."))
    languages: list[str] = field(default_factory=list, metadata=doc(
        "This issue's languages, when they are not the newsletter's: `[cy, en]` for a Welsh-first bilingual "
        "issue of an English newsletter.", not_in_email=True))
    bilingual: str | None = field(default=None, metadata=doc(
        "together or separate, when this issue is sent otherwise than newsletter.yaml says.", not_in_email=True))
    nodes: dict = _nodes()
    slug: str = field(default="", metadata={"internal": True})


@dataclass
class Sender:
    """Who sends the newsletter; shown in the footer."""

    name: str = field(metadata=doc("The sender's name.", example="Our Network"))
    organisation: str = field(metadata=doc("The copyright holder.", example="Our Trust"))
    address: str = field(metadata=doc("The postal address the law requires in every email.",
                                      example='"1 High Street, York YO1 7HH"'))
    email: Email | None = field(default=None, metadata=doc(
        "The address proofs are sent from (`lacnews send`)."))
    statement: Markdown | None = field(default=None, metadata=doc(
        "A paragraph about the sender (\"hosted by ...\")."))
    nodes: dict = _nodes()


@dataclass
class Contact:
    """A person readers can get in touch with."""

    name: str = field(metadata=doc("The contact's name.", example="Cat"))
    purpose: str | None = field(default=None, metadata=doc("What to contact them about."))
    email: Email | None = field(default=None, metadata=doc("Their email address.", example="cat@example.org"))
    phone: str | None = field(default=None, metadata=doc("Their phone number, as it should be shown."))
    nodes: dict = _nodes()


@dataclass
class Theme:
    """The newsletter's look: its colours, heading font and logo. The dark-mode colours are derived from
    these, and `lacnews check` computes every pair's contrast."""

    accent: Colour = field(default="#1d5c7a", metadata=doc(
        "Colour of section headings, buttons and the quote bar; buttons' white words need 4.5:1 on it.",
        example='"#1d5c7a"'))
    brand: Colour | None = field(default=None, metadata=doc(
        "The network's own colour: the masthead's title and the band above it (the accent when left out)."))
    link: Colour | None = field(default=None, metadata=doc("Colour of links (the accent when left out)."))
    heading_font: FontStack | None = field(default=None, metadata=doc(
        "Font stack for headings, such as Georgia, 'Times New Roman', serif; Arial and sans-serif are added as "
        "the fallback, and Outlook for Windows uses the first font of the stack that Windows has."))
    logo: Image | None = field(default=None, metadata=doc("An image shown in the masthead."))
    logo_width: int = field(default=240, metadata=doc(
        "The widest the masthead's logo is shown, in pixels (at most 536).", bounds=(MIN_LOGO_WIDTH, COLUMN_WIDTH)))
    nodes: dict = _nodes()


SOCIAL_NETWORKS = {
    "facebook": ("Facebook", "https://www.facebook.com/{}"),
    "twitter": ("Twitter", "https://twitter.com/{}"),
    "x": ("X", "https://x.com/{}"),
    "instagram": ("Instagram", "https://www.instagram.com/{}"),
    "linkedin": ("LinkedIn", "https://www.linkedin.com/company/{}"),
    "youtube": ("YouTube", "https://www.youtube.com/@{}"),
    "bluesky": ("Bluesky", "https://bsky.app/profile/{}"),
    "threads": ("Threads", "https://www.threads.net/@{}"),
    "mastodon": ("Mastodon", None),
}


@dataclass
class Mailchimp:
    """Where `lacnews push` makes an issue's draft campaign: newsletter.yaml's `mailchimp:`."""

    audience: str = field(metadata=doc(
        "The id of the Mailchimp audience (list) the drafts are for, such as a1b2c3d4e5; `lacnews push "
        "--audiences` lists them.", example="a1b2c3d4e5"))
    segment: str | None = field(default=None, metadata=doc(
        "To send to part of the audience: a saved segment's id (`lacnews push --audiences` lists them)."))
    tag: str | None = field(default=None, metadata=doc(
        "Or the contacts with a tag: its name as Mailchimp shows it. Not with segment."))
    nodes: dict = _nodes()


@dataclass
class Newsletter:
    """The publication: newsletter.yaml."""

    name: str = field(metadata=doc("The masthead title."))
    sender: Sender = field(metadata=doc("Who sends it."))
    description: Markdown | None = field(default=None, metadata=doc(
        "The standing strapline that opens every issue."))
    language: str = field(default="en-GB", metadata=doc("The language of the text, for <html lang>."))
    languages: list[str] = field(default_factory=list, metadata=doc(
        "For a newsletter in more than one language: their codes in order, the first first (`[cy, en]` for "
        "Welsh first). Any text of an issue may then be given per language (`{cy: ..., en: ...}`); a text "
        "given once is the same in every language.", not_in_email=True))
    bilingual: str = field(default="together", metadata=doc(
        "With `languages`: together (one email, each part in every language, the first first) or separate "
        "(one email per language, build/<issue>/<language>/, each linking to the other).", not_in_email=True))
    website: WebUrl | None = field(default=None, metadata=doc("The newsletter's website."))
    site_url: WebUrl | None = field(default=None, metadata=doc(
        "Where the web archive (build/site/) is published, for the feed's absolute links.",
        not_in_email=True))
    images_url: WebUrl | None = field(default=None, metadata=doc(
        "Where the issues' prepared pictures will be served from: the web folder you upload "
        "build/<issue>/images/ to. Without it, pictures are served from the archive, under site_url.",
        not_in_email=True))
    signup_url: WebUrl | None = field(default=None, metadata=doc(
        "Where a reader who was forwarded the email can sign up."))
    share_text: str | None = field(default=None, metadata=doc("A line asking readers to share."))
    contacts: list[Contact] = field(default_factory=list, metadata=doc(
        "People to contact, under \"How to get in touch\"."))
    correspondence: Markdown | None = field(default=None, metadata=doc(
        "The languages readers may write to you in, said in the footer of every email and archive page: a "
        "public body in Wales says it welcomes correspondence in Welsh. Give it per language like any text, "
        "`{cy: Croesawir gohebiaeth yn Gymraeg a Saesneg., en: We welcome correspondence in Welsh and "
        "English.}`; each edition shows its own."))
    social: dict = field(default_factory=dict, metadata=doc(
        "Social accounts: facebook, twitter, x, instagram, linkedin, youtube, bluesky, threads "
        "or mastodon, each a handle or a full https:// address."))
    theme: Theme = field(default_factory=Theme, metadata=doc("Colours and logo."))
    merge_fields: list[str] | None = field(default=None, metadata=doc(
        "Your Mailchimp audience's merge fields (FNAME, LNAME, COMPANY ...), so that `lacnews check` "
        "knows your tags; Mailchimp's defaults (FNAME, LNAME, ADDRESS, PHONE, BIRTHDAY) when left out."))
    mailchimp: Mailchimp | None = field(default=None, metadata=doc(
        "For `lacnews push`: the audience its draft campaigns are for (`audience:`, and optionally a saved "
        "`segment:` or a `tag:`). With it and no images_url or site_url, push hosts the pictures in Mailchimp.",
        not_in_email=True))
    nodes: dict = _nodes()
