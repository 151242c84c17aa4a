"""The rules of `lacnews check`: what went wrong in May 2020, caught before subscribers see it.

Each rule has an id, a level and a one-line summary (the README's table lists
them) and yields the places it objects to. Content rules point into the YAML
where the text was written; rules about the email as built point into the
output, since a project's templates may have put it there.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from lacnews.base.dates import MONTH_NAMES, month_number, slug_months
from lacnews.base.errors import Place
from lacnews.base.i18n import language_name
from lacnews.base.languages import (
    base_language,
    languages_of,
    localized_fields,
    sent_separately,
)
from lacnews.base.limits import (
    GMAIL_CLIP,
    PICTURE_BUDGET,
    PICTURES_BUDGET,
    SIZE_WARNING,
)
from lacnews.base.palette import palette_of
from lacnews.base.placeholders import PLACEHOLDERS
from lacnews.base.project import Project
from lacnews.checks.findings import ERROR, NOTE, WARNING, Finding, sort_findings
from lacnews.pipeline.content import Content, LinkRef, TextField, collect_issue
from lacnews.pipeline.pictures import NO_PICTURE_ADDRESS, Pictures
from lacnews.pipeline.render import Email
from lacnews.pipeline.validate import Loaded
from lacnews.text.addresses import (
    is_email_address,
    is_tel_number,
    is_uk_phone,
    without_addresses,
)
from lacnews.text.markdown import MERGE_TAG
from lacnews.text.pastedamage import damage
from lacnews.text.spelling import Speller

# Mailchimp's documented merge tags; audience fields come from newsletter.yaml's merge_fields.
MAILCHIMP_TAGS = {
    "EMAIL", "UNSUB", "UPDATE_PROFILE", "FORWARD", "ARCHIVE", "ARCHIVE_LINK_SHORT", "ABOUT_LIST", "REWARDS",
    "REWARDS_TEXT", "UNIQID", "CAMPAIGN_UID", "CURRENT_YEAR", "EMAIL_TYPE", "MC_PREVIEW_TEXT", "MC_LANGUAGE",
    "MC_LANGUAGE_LABEL", "LIST_ADDRESS_HTML", "END:IF", "ELSE:", "END:INTERESTED", "MC:SUBJECT", "MC:DATE",
    "MC:TOC", "MC:TOC_TEXT", "MC:SHARE", "MC:TRANSLATE", "MC:VCARD", "LIST:NAME", "LIST:COMPANY",
    "LIST:DESCRIPTION", "LIST:ADDRESS", "LIST:ADDRESS_HTML", "LIST:ADDRESSLINE", "LIST:ADDRESS_VCARD",
    "LIST:PHONE", "LIST:URL", "LIST:EMAIL", "LIST:SUBSCRIBE", "LIST:SUBSCRIBERS", "LIST:RECENT", "LIST:UID",
    "HTML:LIST_ADDRESS_HTML", "USER:COMPANY", "USER:ADDRESS", "USER:ADDRESS_HTML", "USER:PHONE", "USER:URL",
    "USER:EMAIL", "USER:USERNAME",
}
# Tags whose name is followed by something of the editor's: a field, a date format, a feed.
MAILCHIMP_PREFIXES = ("IF:", "ELSEIF:", "IFNOT:", "DATE:", "INTERESTED:", "RSS", "FEED:", "SURVEY:", "POLL:",
                      "TWITTER:", "FACEBOOK:", "PRODUCT:", "PROMO_CODE:", "TRANSLATE:", "GROUPING:")
DEFAULT_AUDIENCE_FIELDS = ("FNAME", "LNAME", "ADDRESS", "PHONE", "BIRTHDAY")

VAGUE_LINK_WORDS = {"here", "click here", "read more", "more", "this", "link", "this link", "click", "go",
                    "learn more", "more info", "click this link", "tap here", "see here"}
# Words that promise a link: "Read the full paper", "Listen to the podcast here".
CALL_TO_ACTION = re.compile(
    r"\b(?:read|listen|watch|download|register|book|sign up|find out more|click)\b[^.!?:\n]{0,50}"
    r"\b(?:here|paper|report|update|article|blog|podcast|video|more|sighting|it)\s*(?:[.!:]\s*)?$", re.IGNORECASE)
HALF_TAGS = re.compile(r"\*\|[A-Za-z0-9_:]+\|(?!\*)|(?<!\*)\|[A-Z0-9_:]+\|\*|\*\|[A-Z0-9_:]+\*(?!\|)")
STRAY_STAR = re.compile(r"(?<![\w*|])\*(?=[A-Z][a-z])")
EMPHASIS_PAIR = re.compile(r"(?<![\w*])(\*\*?|__?)(?=\S)[^*_\n]+?(?<=\S)\1(?![\w*])")
RUN_TOGETHER_CASE = re.compile(r"\b[A-Z]?[a-z]{4,}[A-Z][a-z]+\b")
RUN_TOGETHER_STOP = re.compile(r"\b[a-z]{2,}\.[A-Z][a-z]+\b")
DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
RIGHTLY_DOUBLED = {"had had", "that that"}
COPYRIGHT_YEAR = re.compile(r"(?:copyright|©|\(c\))\s*(?:©\s*)?(\d{4})", re.IGNORECASE)
MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTH_NAMES[1:]) + r")\s+([0-9]{4})\b")


@dataclass
class CheckContext:
    """What the rules look at: the project, the issue as loaded, and its email."""

    project: Project
    loaded: Loaded
    email: Email
    pictures: Pictures = field(default_factory=lambda: Pictures([], None))

    @cached_property
    def languages(self) -> list[str]:
        """The languages readers of this issue read, first first (en-GB for an English newsletter)."""
        return languages_of(self.loaded.newsletter, self.loaded.issue) or [self.loaded.newsletter.language]

    @cached_property
    def content(self) -> Content:
        """The texts and links of this issue; of a text given per language, the versions in its languages."""
        loaded = self.loaded
        content = collect_issue(loaded.newsletter, loaded.issue, loaded.newsletter_source, loaded.source)
        shown = {base_language(language) for language in self.languages}

        def read(text: TextField | None) -> bool:
            return text is None or text.language is None or base_language(text.language) in shown

        return Content([text for text in content.texts if read(text)],
                       [link for link in content.links if read(link.field)])

    def speller_for(self, language: str | None) -> Speller:
        """The speller of ``language`` (of the issue's first language for a text given once)."""
        language = base_language(language or self.languages[0])
        if language not in self._spellers:
            self._spellers[language] = Speller(self.project.root, language)
        return self._spellers[language]

    @cached_property
    def _spellers(self) -> dict[str, Speller]:
        return {}

    @property
    def speller(self) -> Speller:
        return self.speller_for(None)

    @property
    def slug(self) -> str:
        return self.loaded.slug

    def output(self, name: str) -> Place:
        """Return the place of the output ``name`` (email.html, email.txt) as a build writes it."""
        return Place(self.project.build_dir / self.slug / name)

    def output_at(self, name: str, text: str, snippet: str) -> Place:
        """Return the place of ``snippet`` in the output ``name`` whose content is ``text``."""
        index = text.find(snippet)
        if index < 0:
            return self.output(name)
        line = text.count("\n", 0, index) + 1
        return Place(self.output(name).path, line, index - text.rfind("\n", 0, index))

    def outputs(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """Return (name, content) of the email's two files."""
        return ("email.html", self.email.html), ("email.txt", self.email.text)


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    summary: str
    run: Callable[[CheckContext], Iterable[tuple[Place, str]]]


RULES: list[Rule] = []


def rule(rule_id: str, level: str, summary: str):
    """Register a rule: a function yielding (place, message) pairs."""
    def register(function):
        RULES.append(Rule(rule_id, level, summary, function))
        return function
    return register


def run_checks(project: Project, loaded: Loaded, email: Email, pictures: Pictures | None = None) -> list[Finding]:
    """Return every finding of every rule for one composed issue, sorted."""
    context = CheckContext(project, loaded, email, pictures or Pictures([], None))
    findings = [Finding(place, each.level, each.id, message, context.slug)
                for each in RULES for place, message in each.run(context)]
    for language in context.languages:
        speller = context.speller_for(language)
        if speller.unavailable:
            findings.append(Finding(Place(project.words_path), NOTE, "spelling",
                                    f"spelling not checked: {speller.unavailable}", context.slug))
    return sort_findings(findings)


def _visible_texts(context: CheckContext) -> Iterator[tuple[TextField, str]]:
    """Yield each text field with each of its paragraphs' visible words."""
    for field in context.content.texts:
        for paragraph in field.paragraphs:
            yield field, paragraph.text


# Mailchimp

@rule("unsubscribe", ERROR, "the HTML and the text both hold the unsubscribe link *|UNSUB|*")
def _unsubscribe(context: CheckContext):
    for name, text in context.outputs():
        if "*|UNSUB|*" not in text:
            yield context.output(name), (
                "no *|UNSUB|* (unsubscribe) link: Mailchimp refuses to send without one; "
                "a project template has dropped the footer's")


@rule("postal-address", ERROR, "the HTML and the text both hold the sender's postal address")
def _postal_address(context: CheckContext):
    address = " ".join(context.loaded.newsletter.sender.address.split())
    for name, text in context.outputs():
        readable = html_module.unescape(re.sub(r"<[^>]+>", " ", text)) if name.endswith("html") else text
        if address not in " ".join(readable.split()):
            yield context.output(name), (
                "the postal address from newsletter.yaml is missing: the law requires it in every email")


def _known_tag(name: str, audience: set[str]) -> bool:
    if name in MAILCHIMP_TAGS or name in audience:
        return True
    if name.startswith("HTML:"):
        return name[5:] in audience
    return name.startswith(MAILCHIMP_PREFIXES)


@rule("merge-tag-unknown", ERROR,
      "every merge tag is one of Mailchimp's or an audience field listed in newsletter.yaml's merge_fields")
def _merge_tag_unknown(context: CheckContext):
    audience = set(context.loaded.newsletter.merge_fields or DEFAULT_AUDIENCE_FIELDS)
    seen = set()
    for field in context.content.texts:
        for match in MERGE_TAG.finditer(field.text):
            name = match.group(0)[2:-2]
            seen.add(match.group(0))
            if not _known_tag(name, audience):
                yield field.at(match.group(0)), (
                    f"{match.group(0)} is not a Mailchimp merge tag nor an audience field; subscribers would "
                    "see it as it is (list your audience's fields under merge_fields in newsletter.yaml)")
    for link in context.content.links:
        for match in MERGE_TAG.finditer(link.address):
            seen.add(match.group(0))
            if not _known_tag(match.group(0)[2:-2], audience):
                yield link.at(), f"{match.group(0)} is not a Mailchimp merge tag nor an audience field"
    for name, text in context.outputs():
        for match in MERGE_TAG.finditer(text):
            if match.group(0) not in seen and not _known_tag(match.group(0)[2:-2], audience):
                seen.add(match.group(0))
                yield context.output_at(name, text, match.group(0)), (
                    f"{match.group(0)} (from a template) is not a Mailchimp merge tag nor an audience field")


@rule("merge-tag-broken", ERROR, "no half merge tags (*|FNAME|, |FNAME|*) or stray asterisks (*Community)")
def _merge_tag_broken(context: CheckContext):
    for field, text in _visible_texts(context):
        whole = MERGE_TAG.sub(" ", text)
        for match in HALF_TAGS.finditer(whole):
            yield field.at(match.group(0)), (
                f"'{match.group(0)}' is a broken merge tag: write it as *|NAME|* with both ends")
        unpaired = EMPHASIS_PAIR.sub(" ", whole) if not field.is_markdown else whole
        for match in STRAY_STAR.finditer(unpaired):
            word = re.match(r"\*\w+", unpaired[match.start():]).group(0)
            yield field.at(word), (
                f"'{word}': a stray asterisk, perhaps what is left of a merge tag (*|NAME|*); "
                "remove it or finish the tag")


# Dates

@rule("date-slug", ERROR, "the issue's date agrees with the month and year its slug names")
def _date_slug(context: CheckContext):
    issue = context.loaded.issue
    years, months = slug_months(context.slug)
    wrong_year = years and issue.date.year not in years
    wrong_month = months and issue.date.month not in months
    if wrong_year or wrong_month:
        yield context.loaded.source.place(issue.nodes["date"]), (
            f"the slug '{context.slug}' names a different month than the date {issue.date.iso} "
            f"({issue.date}); correct the date, or rename the file")


@rule("stale-year", WARNING, "a copyright year, or a month and year in the subject, that is not the issue's")
def _stale_year(context: CheckContext):
    issue = context.loaded.issue
    for field, text in _visible_texts(context):
        for match in COPYRIGHT_YEAR.finditer(text):
            if int(match.group(1)) != issue.date.year:
                yield field.at(match.group(0)), (
                    f"'{match.group(0)}' but this issue is dated {issue.date}: the footer already gives the "
                    "copyright with the issue's year")
        if field.where in ("subject", "preheader"):
            for match in MONTH_YEAR.finditer(text):
                month = month_number(match.group(1))
                if (month, int(match.group(2))) != (issue.date.month, issue.date.year):
                    yield field.at(match.group(0)), (
                        f"the {field.where} says '{match.group(0)}' but the issue is dated {issue.date}")


# Links

def _content_links(context: CheckContext) -> Iterator[LinkRef]:
    """Yield the links whose words the editor wrote."""
    return (link for link in context.content.links if link.kind == "link" and link.words is not None)


@rule("link-text-empty", ERROR, "every link has words to click")
def _link_text_empty(context: CheckContext):
    for link in _content_links(context):
        if not link.words.strip():
            yield link.at(), "this link has no words: screen readers announce it as a bare address"


@rule("link-text-vague", WARNING, "link words that say where they lead, not \"here\" or \"read more\"")
def _link_text_vague(context: CheckContext):
    for link in _content_links(context):
        words = re.sub(r"[^\w\s]", "", link.words).strip().lower()
        if words in VAGUE_LINK_WORDS:
            yield link.at(), (
                f"the link words '{link.words.strip()}' say nothing out of context (screen readers list links "
                "by their words): say where it leads, e.g. 'Read the full report'")


@rule("lost-link", WARNING, "words that promise a link (\"Read the full paper\") but have none")
def _lost_link(context: CheckContext):
    for field in context.content.texts:
        if not field.is_markdown:
            continue
        for paragraph in field.paragraphs:
            if paragraph.links:
                continue
            match = CALL_TO_ACTION.search(paragraph.outside_links)
            if match:
                words = match.group(0).strip()
                yield field.at(words.split()[0]), (
                    f"'{words}' reads like a link, but there is no address: make it [{words.rstrip('.!:')}]"
                    "(https://...) or a call to action")


@rule("link-malformed", ERROR, "mailto: links hold an email address, tel: links a phone number")
def _link_malformed(context: CheckContext):
    for link in context.content.links:
        address = link.address
        if address.lower().startswith("mailto:"):
            mailbox = address[7:].split("?", 1)[0]
            if not is_email_address(mailbox):
                yield link.at(), f"'{address}' is not a valid email link (mailto:name@example.org)"
        elif address.lower().startswith("tel:"):
            if not is_tel_number(address[4:]):
                yield link.at(), f"'{address}' is not a valid phone link (tel:+441234567890)"


@rule("link-text-conflict", WARNING, "one address is not given two different link texts in the text")
def _link_text_conflict(context: CheckContext):
    first: dict[tuple, LinkRef] = {}
    for link in _content_links(context):
        # Only links in running text: a title that links to an article and a button that says "Read the
        # full article" under it (or a link in the text) point at one page with different words by design.
        if link.field is None or not link.words.strip() or MERGE_TAG.fullmatch(link.address):
            continue
        # each language's versions are compared with each other, not across languages
        key = (link.field.language, link.address.rstrip("/").lower())
        earlier = first.setdefault(key, link)
        if earlier is not link and earlier.words.strip().lower() != link.words.strip().lower():
            yield link.at(), (
                f"{link.address} is linked as '{link.words.strip()}' here and as '{earlier.words.strip()}' "
                f"at {earlier.at()}: readers expect the same words "
                "for the same place")


# Images

ALT_LIMIT = 150  # characters: past this, alt text is a caption; put it in the body
ALT_NAMES_ITSELF = re.compile(r"(?:an?\s+)?(?:image|picture|photo|photograph|graphic|pic)\s+(?:of|showing)\b",
                              re.IGNORECASE)


@rule("image-alt-text", WARNING, "alt text says briefly what the picture shows")
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


@rule("image-http", WARNING, "images are served over https://")
def _image_http(context: CheckContext):
    for link in context.content.links:
        if link.kind == "image" and link.address.lower().startswith("http://"):
            yield link.at(), (f"the image {link.address} is on http://: some mail clients block it or warn; "
                              "use its https:// address")


@rule("image-width", WARNING, "images are at most 600 pixels wide")
def _image_width(context: CheckContext):
    for picture in context.pictures.all:
        image = picture.image
        if image.width and image.width > 600:
            yield picture.source.place(image.nodes["width"]), (
                f"width {image.width} is wider than the email (600): it is shown at the column's width; "
                "give its real display width, at most 600")


@rule("image-blurry", WARNING, "a picture is not shown wider than its pixels")
def _image_blurry(context: CheckContext):
    for picture in context.pictures.local:
        prepared = picture.prepared
        if prepared.width > prepared.source_width:
            node = picture.image.nodes.get("width") or picture.image.nodes.get("src")
            yield picture.source.place(node), (
                f"{picture.image.src} is {prepared.source_width} pixels wide but shown {prepared.width} wide, so it "
                f"looks blurred; use a larger picture (at least {2 * prepared.width} pixels wide is sharp on "
                f"phones) or give width: {prepared.source_width}")


@rule("image-weight", WARNING, f"a picture weighs at most {PICTURE_BUDGET // 1024} KB, an issue's "
                               f"{PICTURES_BUDGET // 1024 // 1024} MB")
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


@rule("image-animated", NOTE, "an animated picture shows its first frame")
def _image_animated(context: CheckContext):
    for picture in context.pictures.local:
        if picture.prepared.animated:
            yield picture.place(), (f"{picture.image.src} is animated: the email shows its first frame only "
                                    "(Outlook would too); make sure that frame says what it must")


@rule("image-address", ERROR, "local pictures have an address to be served from")
def _image_address(context: CheckContext):
    if context.pictures.local and context.pictures.base is None:
        first = context.pictures.local[0]
        yield first.place(), NO_PICTURE_ADDRESS.format(src=first.image.src, slug=context.slug)


# Size

@rule("size-clip", ERROR, "email.html is under Gmail's 102 KB clip")
def _size_clip(context: CheckContext):
    if context.email.html_bytes > GMAIL_CLIP:
        yield context.output("email.html"), (
            f"email.html is {context.email.html_bytes / 1024:.1f} KB: Gmail clips messages over 102 KB, "
            "hiding the rest and the unsubscribe link; shorten the issue")


@rule("size-large", WARNING, "email.html is under 80 KB, leaving room below Gmail's clip")
def _size_large(context: CheckContext):
    if SIZE_WARNING < context.email.html_bytes <= GMAIL_CLIP:
        yield context.output("email.html"), (
            f"email.html is {context.email.html_bytes / 1024:.1f} KB, close to Gmail's 102 KB clip")


# Text

@rule("spelling", WARNING, "spelling in each language (British English, Welsh); the project's own words go in words.txt")
def _spelling(context: CheckContext):
    for field in context.content.texts:
        speller = context.speller_for(field.language)
        # a text given once (a name, an address) is read in every language: a word any of them knows is right
        others = [context.speller_for(language) for language in context.languages[1:]] if field.language is None else []
        for paragraph in field.paragraphs:
            for word in speller.misspelt(paragraph.text):
                if any(other.known(word) for other in others):
                    continue
                guess = speller.suggestion(word)
                hint = f"did you mean '{guess}'? " if guess else ""
                yield field.at(word), (f"'{word}' is not in the {speller.name} dictionary; {hint}"
                                       "(a name? add it to words.txt)")


@rule("run-together", WARNING, "no words run together (\"CatalystsSian\", \"ended.The\")")
def _run_together(context: CheckContext):
    own = set().union(*(context.speller_for(language).own for language in context.languages))
    for field, text in _visible_texts(context):
        text = without_addresses(MERGE_TAG.sub(" ", text))
        for pattern, what in ((RUN_TOGETHER_CASE, "a space is missing before the capital"),
                              (RUN_TOGETHER_STOP, "a space is missing after the full stop")):
            for match in pattern.finditer(text):
                if match.group(0).lower() not in own:
                    yield field.at(match.group(0)), f"'{match.group(0)}': {what}? (or add it to words.txt)"


@rule("unrendered-markdown", WARNING, "no Markdown left showing (** or ]( in the text)")
def _unrendered_markdown(context: CheckContext):
    for field, text in _visible_texts(context):
        for mark in ("**", "](", "__"):
            if mark in MERGE_TAG.sub(" ", text):
                where = "in a field that is not Markdown" if not field.is_markdown else "and is shown as it is"
                yield field.at(mark), f"'{mark}' is Markdown {where}: readers would see the marks"
                break


@rule("doubled-word", WARNING, "no word written twice (\"the the\")")
def _doubled_word(context: CheckContext):
    for field, text in _visible_texts(context):
        for match in DOUBLED.finditer(without_addresses(text)):
            if match.group(0).lower() not in RIGHTLY_DOUBLED:
                yield field.at(match.group(0)), f"'{match.group(0)}': a word written twice"


def _paste_damage(context: CheckContext, kind: str):
    """Yield the place and description of each piece of paste damage of ``kind``, read from the file as
    written (so each is found where it is, not only the first of its kind)."""
    seen: set[int] = set()
    for field in context.content.texts:
        if id(field.node) in seen:
            continue
        seen.add(id(field.node))
        start, end = field.node.start_mark.index, field.node.end_mark.index
        for found in damage(field.source.text[start:end], field.is_markdown):
            if found.kind == kind:
                yield field.source.place_at(start + found.index), f"{field.where}: {found.describe()}"


@rule("paste-html", ERROR, "no HTML pasted from a web page or a word processor (check --fix turns it into Markdown)")
def _paste_html(context: CheckContext):
    return _paste_damage(context, "html")


@rule("paste-bullets", WARNING, "no bullets pasted from Word or Google Docs (check --fix makes them a list)")
def _paste_bullets(context: CheckContext):
    return _paste_damage(context, "bullet")


@rule("invisible-character", WARNING,
      "no invisible characters: no-break or zero-width spaces, soft hyphens (check --fix removes them)")
def _invisible_character(context: CheckContext):
    return _paste_damage(context, "invisible")


@rule("placeholder", ERROR, "no stand-in text from `lacnews new` or `lacnews add` is left")
def _placeholder(context: CheckContext):
    for field in context.content.texts:
        for words, what in PLACEHOLDERS.items():
            if words in field.text:
                yield field.at(words), (f"{field.where}: '{words}' is {what}: replace it with your own words "
                                        "(or delete the example)")


# Languages

NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
LINK_ADDRESS = re.compile(r"\]\(([^()\s]+)\)|https?://[^\s)>\]]+")


def _localized(context: CheckContext):
    """Yield (file's source, path, Localized value) for every text given per language, in the issue and newsletter.yaml."""
    loaded = context.loaded
    for source, record in ((loaded.source, loaded.issue), (loaded.newsletter_source, loaded.newsletter)):
        for where, value in localized_fields(record):
            yield source, where, value


@rule("translation-missing", ERROR, "a text given per language is given in every language of the issue")
def _translation_missing(context: CheckContext):
    languages = languages_of(context.loaded.newsletter, context.loaded.issue)
    if not languages:
        return
    for source, where, value in _localized(context):
        given = list(value.versions)
        missing = [language for language in languages
                   if language not in value.versions and base_language(language) not in value.versions]
        place = source.place(next(iter(value.nodes.values())))
        for language in missing:
            yield place, (f"{where} is given in {', '.join(given)} but not in {language}: add {language}: with its "
                          f"{language_name(language, 'en')} version (the issue is in {', '.join(languages)})")
        for language in given:
            if language not in languages and not any(base_language(known) == language for known in languages):
                yield source.place(value.nodes[language]), (
                    f"{where}.{language}: the issue is in {', '.join(languages)}, not {language}: remove it, or add "
                    f"{language} to the issue's languages")


@rule("translation-tags", ERROR, "the versions of a text have the same merge tags")
def _translation_tags(context: CheckContext):
    for place, where, language, first_language, ours, theirs in _compared(context, MERGE_TAG):
        if ours != theirs:
            yield place, (
                f"{where}: the {language} version's merge tags ({', '.join(theirs) or 'none'}) are not the "
                f"{first_language} version's ({', '.join(ours) or 'none'}): every reader must get the same")


@rule("translation-mismatch", WARNING, "the versions of a text have the same numbers, and links to the same sites")
def _translation_mismatch(context: CheckContext):
    for place, where, language, first_language, ours, theirs in _compared(context, NUMBER):
        if ours != theirs:
            yield place, (
                f"{where}: the {language} version's numbers ({', '.join(theirs) or 'none'}) are not the "
                f"{first_language} version's ({', '.join(ours) or 'none'}): a date, time or amount may differ")
    for place, where, language, first_language, ours, theirs in _compared(context, LINK_ADDRESS):
        # a Welsh page and an English page of one site are the same link, each in its language
        if sorted(map(_site, ours)) != sorted(map(_site, theirs)):
            yield place, (
                f"{where}: the {language} version links to {', '.join(theirs) or 'nothing'}, the {first_language} "
                f"version to {', '.join(ours) or 'nothing'}: readers of each language should reach the same places")


def _compared(context: CheckContext, pattern: re.Pattern):
    """Yield, for each later version of each text given per language, where it is written and what ``pattern``
    finds in it and in the first version."""
    for source, where, value in _localized(context):
        versions = list(value.versions.items())
        first_language, first = versions[0]
        for language, version in versions[1:]:
            yield source.place(value.nodes[language]), where, language, first_language, \
                sorted(_found(pattern, first)), sorted(_found(pattern, version))


def _site(address: str) -> str:
    return address.split("://", 1)[-1].split("/", 1)[0].lower() if "://" in address else address


def _found(pattern: re.Pattern, text: str) -> list[str]:
    return [next((group for group in match.groups() if group), match.group()) if match.groups() else match.group()
            for match in pattern.finditer(text)]


@rule("edition-links", WARNING, "with `bilingual: separate`, each language's email can link to the others' (site_url)")
def _edition_links(context: CheckContext):
    loaded = context.loaded
    newsletter, issue = loaded.newsletter, loaded.issue
    if not sent_separately(newsletter, issue) or newsletter.site_url:
        return
    languages = languages_of(newsletter, issue)
    if issue.bilingual:
        place = loaded.source.place(issue.nodes.get("bilingual"))
    else:
        place = loaded.newsletter_source.place(newsletter.nodes.get("bilingual"))
    yield place, (
        f"bilingual: separate makes one email per language ({', '.join(languages)}), each linking to the others' "
        "pages in the web archive; with no site_url in newsletter.yaml there is no address to link to, so no "
        f"reader is offered the other language: add site_url: https://example.org/newsletter/ (where build/site/ "
        "is published) to newsletter.yaml, or send the languages in one email (bilingual: together)")


@rule("empty-section", WARNING, "every section has a body, items or after")
def _empty_section(context: CheckContext):
    for section in context.loaded.issue.sections:
        if not (section.body or section.items or section.after):
            yield context.loaded.source.place(section.nodes["title"]), (
                f"the section '{section.title}' is empty: give it a body or items, or remove it")


@rule("duplicate-title", WARNING, "no two sections share a title")
def _duplicate_title(context: CheckContext):
    seen: dict[str, int] = {}
    for index, section in enumerate(context.loaded.issue.sections):
        key = " ".join(section.title.lower().split())
        if key in seen:
            yield context.loaded.source.place(section.nodes["title"]), (
                f"sections[{seen[key]}] already has the title '{section.title}'")
        seen.setdefault(key, index)


# Look

@rule("contrast", WARNING, "every colour pair of the theme has WCAG AA contrast, in light and dark mode")
def _contrast(context: CheckContext):
    theme = context.loaded.newsletter.theme
    by_field: dict[str, list[str]] = {}
    for what, scheme, ratio, needed in palette_of(theme).failing():
        named = next((name for name in ("brand", "link", "accent") if f"theme.{name}" in what), "accent")
        field = named if getattr(theme, named) else "accent"  # brand and link are the accent when left out
        by_field.setdefault(field, []).append(f"{what.split(' (')[-1].rstrip(')')} {ratio:.1f}:1 in {scheme} mode "
                                              f"({needed:g}:1 needed)")
    for field, failures in by_field.items():
        yield context.loaded.newsletter_source.place(theme.nodes.get(field)), (
            f"theme.{field} {getattr(theme, field)} is too light to read: {'; '.join(failures)}; choose a darker "
            "colour")


# Contacts

@rule("contact-phone", WARNING, "contacts' phone numbers look like UK numbers (07535 381638, +44 ...)")
def _contact_phone(context: CheckContext):
    source = context.loaded.newsletter_source
    for contact in context.loaded.newsletter.contacts:
        if contact.phone and not is_uk_phone(contact.phone):
            yield source.place(contact.nodes["phone"]), (
                f"'{contact.phone}' does not look like a UK phone number (11 digits starting 0, or +44); "
                "write it in quotes so YAML keeps its leading zero")
