"""Every id a finding of lacnews is reported under, with its level and what it checks, and the running of the
rules of `lacnews check`.

The rules live by family, each module registering its own (``lacnews.checks.context.Family``), as
yamllint keeps each rule with its id and level, and whether `check --fix` repairs what it finds
(``Rule.fixable``, for the rules' table; a test holds it to what the fix repairs). This module lists the
families, and names the ids raised elsewhere: while an issue loads (it is then not built, and `check`
reports the problem as an error), by `check --links`, by `check`'s spam filters, and by `lacnews push`. A test reads lacnews's
source for every id a problem or a finding is raised with, and fails on one not known here; another
holds the README's table to this list (docs/rules.md is written from it by tools/docs_pages.py).
"""

from __future__ import annotations

from lacnews.base.errors import Place
from lacnews.base.project import Project
from lacnews.checks import (
    content,
    dates,
    email,
    languages,
    links_in_text,
    look,
    merge_tags,
    pictures,
    words,
)
from lacnews.checks.context import CheckContext, Rule
from lacnews.checks.findings import ERROR, NOTE, WARNING, Finding, sort_findings
from lacnews.pipeline.pictures import Pictures
from lacnews.pipeline.render import Email
from lacnews.pipeline.validate import Loaded

FAMILIES = (email, merge_tags, dates, content, links_in_text, pictures, words, languages, look)
RULES: list[Rule] = [each for module in FAMILIES for each in module.family.rules]


def _raised(level: str, summaries: dict[str, str]) -> list[Rule]:
    """Return the rules whose findings another step raises, by id: they have nothing to run here."""
    return [Rule(rule_id, level, summary, lambda context: ()) for rule_id, summary in summaries.items()]


# What stops an issue loading: each an error at its place in the file, and nothing is built.
LOADING_RULES = _raised(ERROR, {
    "yaml": "the file is YAML: a mistake is shown at its place with its likely cause",
    "characters": "no characters YAML does not allow in a file, nor words left by a wrong encoding",
    "encoding": "the file is UTF-8 text",
    "size": "the file is no larger than an issue that can be sent",
    "format": "each field is one lacnews knows, given once, of its kind",
    "date": "a date is YYYY-MM or YYYY-MM-DD, a real month and day",
    "image-alt": "an image has alt text, or `decorative: true`",
    "image-file": "a picture from the project is a file lacnews can prepare for email",
    "image-address": "a picture's src is its path in the project or its https:// address",
    "link-address": "a link's address is https://, http://, mailto: or tel:, or a merge tag",
    "link-text-empty": "an item's url has a title to be the words of its link",
    "markdown-heading": "a text holds no headings: each section has its own",
    "contact-email": "an email address is one (name@example.org)",
    "duplicate-id": "no two sections have the same id",
    "layout": "a section's layout has both its templates",
    "template": "the project's templates load and render",
})
# What `check --links` finds, fetching each address.
LINK_RULES = [
    *_raised(ERROR, {"link-broken": "the address answers, and not with 4xx or 5xx"}),
    *_raised(WARNING, {"link-moved": "the address has not moved permanently (use the new one)",
                       "link-https": "an http:// address that also works as https://"}),
    *_raised(NOTE, {"link-redirect": "the address redirects for now",
                    "link-cache": "the day's results in build/.cache/links.json could be read and saved"}),
]
# What `lacnews push` reports from Mailchimp, each finding at Mailchimp's own level.
PUSH_RULES = _raised(ERROR, {"mailchimp-checklist": "Mailchimp's send checklist of the draft: its errors and warnings"})
# What `check` asks the inbox's spam filters (lacnews.checks.deliverability): never a build, which must stay fast.
SPAM_RULES = [
    *_raised(WARNING, {"spam-score": "SpamAssassin's local rules add no points to the proof (each rule that does is "
                                     "told, with what to change)"}),
    *_raised(NOTE, {"spam-check": "SpamAssassin could be consulted (it is installed, and answered in time)"}),
]


def known_ids() -> set[str]:
    """Return every id a finding or a problem may be reported under."""
    return {each.id for each in (*RULES, *LOADING_RULES, *LINK_RULES, *PUSH_RULES, *SPAM_RULES)}


def fixable_ids() -> set[str]:
    """Return the ids of the rules whose findings `check --fix` repairs."""
    return {each.id for each in RULES if each.fixable}


def level_of(rule_id: str) -> str:
    """Return the level of the findings of ``rule_id``, a rule of `check` or of `check --links`."""
    return next(each.level for each in (*RULES, *LINK_RULES) if each.id == rule_id)


def run_checks(project: Project, loaded: Loaded, emails: dict[str, Email],
               pictures: Pictures | None = None) -> list[Finding]:
    """Return every finding of every rule for one composed issue and its emails (by language), sorted."""
    context = CheckContext(project, loaded, emails, pictures or Pictures([], None))
    findings = [Finding(place, each.level, each.id, message, context.slug)
                for each in RULES for place, message in each.run(context)]
    for language in context.languages:
        speller = context.speller_for(language)
        if speller.unavailable:
            findings.append(Finding(Place(project.words_path), NOTE, "spelling",
                                    f"spelling not checked: {speller.unavailable}", context.slug))
    return sort_findings(findings)
