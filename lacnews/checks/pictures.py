"""Rules about the issue's pictures: what their alt text says, how wide and heavy they are, where mail
programs will fetch them from, and what the originals in the project tell of whoever took them."""

from __future__ import annotations

import re
from pathlib import Path

from lacnews.base.errors import Place
from lacnews.base.layout import NO_PICTURE_ADDRESS
from lacnews.base.limits import PICTURE_BUDGET, PICTURES_BUDGET
from lacnews.base.project import Project
from lacnews.checks.context import CheckContext, Family, fix_command
from lacnews.checks.findings import ERROR, NOTE, WARNING, Finding
from lacnews.text.prose import listed

family = Family("pictures")

ALT_LIMIT = 150  # characters: past this, alt text is a caption; put it in the body
ALT_NAMES_ITSELF = re.compile(r"(?:an?\s+)?(?:image|picture|photo|photograph|graphic|pic)\s+(?:of|showing)\b",
                              re.IGNORECASE)


@family.rule("image-http", WARNING, "images are served over https://")
def _image_http(context: CheckContext):
    for link in context.content.links:
        if link.kind == "image" and link.address.lower().startswith("http://"):
            yield link.at(), (f"the image {link.address} is on http://: some mail clients block it or warn; "
                              "use its https:// address")


@family.rule("image-width", WARNING, "images are at most 600 pixels wide")
def _image_width(context: CheckContext):
    for picture in context.pictures.all:
        image = picture.image
        if image.width and image.width > 600:
            yield picture.source.place(image.nodes["width"]), (
                f"width {image.width} is wider than the email (600): it is shown at the column's width; "
                "give its real display width, at most 600")


@family.rule("image-alt-text", WARNING,
             'alt text says briefly what the picture shows (under 150 characters, not starting "image of")')
def _image_alt(context: CheckContext):
    alts = [(picture.place(), picture.image.alt, picture.where) for picture in context.pictures.all
            if not picture.image.decorative and picture.image.alt]
    alts += [(link.at(), link.words, link.where) for link in context.content.links
             if link.kind == "image" and link.field is not None and link.words]
    for place, alt, where in alts:
        alt = alt.strip()
        if ALT_NAMES_ITSELF.match(alt):
            yield place, (f"{where}: the alt text starts '{ALT_NAMES_ITSELF.match(alt).group()}': screen readers "
                          "already say it is an image; say what it shows")
        elif len(alt) > ALT_LIMIT:
            yield place, (f"{where}: the alt text is {len(alt)} characters; keep it under {ALT_LIMIT} (what the "
                          "picture shows) and put the rest in the text, where everyone can read it")


@family.rule("image-blurry", WARNING, "a picture is not shown wider than its pixels")
def _image_blurry(context: CheckContext):
    for picture in context.pictures.local:
        prepared = picture.prepared
        if prepared.width > prepared.source_width:
            node = picture.image.nodes.get("width") or picture.image.nodes.get("src")
            yield picture.source.place(node), (
                f"{picture.image.src} is {prepared.source_width} pixels wide but shown {prepared.width} wide, so it "
                f"looks blurred; use a larger picture (at least {2 * prepared.width} pixels wide is sharp on "
                f"phones) or give width: {prepared.source_width}")


@family.rule("image-weight", WARNING, f"a prepared picture weighs at most {PICTURE_BUDGET // 1024} KB, an issue's "
                                      f"pictures {PICTURES_BUDGET // 1024 // 1024} MB together")
def _image_weight(context: CheckContext):
    for picture in context.pictures.local:
        size = len(picture.prepared.data)
        if size > PICTURE_BUDGET:
            yield picture.place(), (
                f"{picture.image.src} weighs {size // 1024} KB as prepared, over {PICTURE_BUDGET // 1024} KB: "
                "slow on a phone's data; crop it, or give it a smaller width")
    total = context.pictures.total_bytes
    if total > PICTURES_BUDGET and context.pictures.local:
        first = context.pictures.local[0]
        yield first.place(), (
            f"the issue's {len(context.pictures.files())} pictures weigh {total / 1024 / 1024:.1f} MB together, over "
            f"{PICTURES_BUDGET // 1024 // 1024} MB: many readers are on phones and metered data; use fewer or "
            "smaller ones")


@family.rule("image-animated", NOTE, "an animated picture shows its first frame only")
def _image_animated(context: CheckContext):
    for picture in context.pictures.local:
        if picture.prepared.animated:
            yield picture.place(), (f"{picture.image.src} is animated: the email shows its first frame only "
                                    "(Outlook would too); make sure that frame says what it must")


def _unaddressed(context: CheckContext):
    """Return the issue's pictures from the project when nothing says where they will be served from."""
    return context.pictures.local if context.pictures.base is None else []


@family.rule("image-address", ERROR, "pictures from the project have an address to be served from (`images_url` or "
                                     "`site_url`, or Mailchimp's with `mailchimp:`)")
def _image_address(context: CheckContext):
    local = _unaddressed(context)
    if local and context.loaded.newsletter.mailchimp is None:
        yield local[0].place(), NO_PICTURE_ADDRESS.format(src=local[0].image.src, slug=context.slug)


@family.rule("image-hosting", NOTE, "with `mailchimp:` and no `images_url` or `site_url`, `lacnews push` hosts the "
                                    "pictures from the project in Mailchimp")
def _image_hosting(context: CheckContext):
    local = _unaddressed(context)
    if local and context.loaded.newsletter.mailchimp is not None:
        count = f"{len(local)} picture{'s' if len(local) != 1 else ''}"
        yield local[0].place(), (
            f"the issue's {count} from the project will be hosted by Mailchimp: `lacnews push {context.slug}` "
            f"uploads them (newsletter.yaml has mailchimp: and no images_url or site_url), and `lacnews build "
            f"{context.slug}` then writes email.html with their addresses")


PERSONAL_DATA = "image-personal-data"


@family.rule(PERSONAL_DATA, WARNING, "an original picture in the project keeps no GPS position, camera serial number "
                                     "or owner's name", fixable=True)
def _image_personal_data(context: CheckContext):
    seen: set[Path] = set()
    for picture in context.pictures.local:
        if picture.path is None or picture.path in seen:
            continue
        seen.add(picture.path)
        message = personal_data_message(picture.image.src, picture.path, context.slug)
        if message:
            yield picture.place(), message


def personal_data_message(name: str, path: Path, slug: str = "") -> str | None:
    """Return what the original picture ``name`` (at ``path``) tells of whoever took it, and how to take it out;
    None when it tells nothing."""
    # read only where the issue has a picture of its own: a build of one with none imports none of this
    from lacnews.pipeline.photo_privacy import BY_HAND, personal_data_of

    kinds, can_take_out = personal_data_of(path)
    if not kinds:
        return None
    fix = (f"{fix_command(slug)} takes it out of the file and leaves every pixel as it is" if can_take_out
           else f"lacnews cannot take it out of this file itself: {BY_HAND}")
    return (f"{name} holds {listed(kinds)}: the email's copy is made without it, but this original goes "
            f"wherever the project goes (a shared repository, a colleague's computer); {fix}")


def folder_findings(project: Project, reported: set[Path], slug: str = "") -> list[Finding]:
    """Return a finding for each picture in the project's images/ folder that holds personal data and is not among
    ``reported`` (the issues' own pictures, already found by the rule above; resolved paths)."""
    findings = []
    from lacnews.pipeline.photo_privacy import project_originals

    for path in project_originals(project):
        if path.resolve() in reported:
            continue
        message = personal_data_message(path.relative_to(project.root).as_posix(), path, slug)
        if message:
            findings.append(Finding(Place(path), WARNING, PERSONAL_DATA, message, slug))
    return findings
