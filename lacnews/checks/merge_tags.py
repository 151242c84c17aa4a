"""Rules about Mailchimp's merge tags: each one known to Mailchimp or the audience, and none broken."""

from __future__ import annotations

import re

from lacnews.checks.context import CheckContext, Family
from lacnews.checks.findings import ERROR
from lacnews.text.mergetags import (
    DEFAULT_AUDIENCE_FIELDS,
    HALF_TAGS,
    MERGE_TAG,
    is_known_tag,
    tag_name,
)

family = Family("merge tags")

STRAY_STAR = re.compile(r"(?<![\w*|])\*(?=[A-Z][a-z])")
EMPHASIS_PAIR = re.compile(r"(?<![\w*])(\*\*?|__?)(?=\S)[^*_\n]+?(?<=\S)\1(?![\w*])")


@family.rule("merge-tag-unknown", ERROR,
             "every merge tag is one of Mailchimp's, or an audience field from `merge_fields`")
def _merge_tag_unknown(context: CheckContext):
    audience = set(context.loaded.newsletter.merge_fields or DEFAULT_AUDIENCE_FIELDS)
    seen = set()
    for text_field in context.content.texts:
        for match in MERGE_TAG.finditer(text_field.text):
            seen.add(match.group(0))
            if not is_known_tag(tag_name(match.group(0)), audience):
                yield text_field.at(match.group(0)), (
                    f"{match.group(0)} is not a Mailchimp merge tag nor an audience field; subscribers would "
                    "see it as it is (list your audience's fields under merge_fields in newsletter.yaml)")
    for link in context.content.links:
        for match in MERGE_TAG.finditer(link.address):
            seen.add(match.group(0))
            if not is_known_tag(tag_name(match.group(0)), audience):
                yield link.at(), f"{match.group(0)} is not a Mailchimp merge tag nor an audience field"
    for output in context.outputs():
        for match in MERGE_TAG.finditer(output.text):
            if match.group(0) not in seen and not is_known_tag(tag_name(match.group(0)), audience):
                seen.add(match.group(0))
                yield context.output_at(output, match.group(0)), (
                    f"{match.group(0)} (from a template) is not a Mailchimp merge tag nor an audience field")


@family.rule("merge-tag-broken", ERROR,
             "no half merge tags (`*|FNAME|`, `|FNAME|*`) or stray asterisks (`*Community`)")
def _merge_tag_broken(context: CheckContext):
    for reading in context.readings:
        text_field, whole = reading.text_field, reading.without_tags
        if "*" not in whole:  # every half tag and stray asterisk has one: most paragraphs are passed at once
            continue
        for match in HALF_TAGS.finditer(whole):
            yield text_field.at(match.group(0)), (
                f"'{match.group(0)}' is a broken merge tag: write it as *|NAME|* with both ends")
        unpaired = EMPHASIS_PAIR.sub(" ", whole) if not text_field.is_markdown else whole
        for match in STRAY_STAR.finditer(unpaired):
            word = re.match(r"\*\w+", unpaired[match.start():]).group(0)
            yield text_field.at(word), (
                f"'{word}': a stray asterisk, perhaps what is left of a merge tag (*|NAME|*); "
                "remove it or finish the tag")
