"""Rules about the words as readers read them: spelling in each text's language, words run together or
written twice, and Markdown left showing."""

from __future__ import annotations

import re

from lacnews.checks.context import CheckContext, Family, visible_texts
from lacnews.checks.findings import WARNING
from lacnews.text.addresses import without_addresses
from lacnews.text.mergetags import MERGE_TAG

family = Family("words")

RUN_TOGETHER_CASE = re.compile(r"\b[A-Z]?[a-z]{4,}[A-Z][a-z]+\b")
RUN_TOGETHER_STOP = re.compile(r"\b[a-z]{2,}\.[A-Z][a-z]+\b")
DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
RIGHTLY_DOUBLED = {"had had", "that that"}


@family.rule("spelling", WARNING, "spelling in each language (British English, Welsh), each text in the language "
                                  "it is written in; your own words go in words.txt")
def _spelling(context: CheckContext):
    for text_field in context.content.texts:
        speller = context.speller_for(text_field.language)
        # a text given once (a name, an address) is read in every language: a word any of them knows is right
        others = [context.speller_for(language) for language in context.languages[1:]] \
            if text_field.language is None else []
        for paragraph in text_field.paragraphs:
            for word in speller.misspelt(paragraph.text):
                if any(other.known(word) for other in others):
                    continue
                guess = speller.suggestion(word)
                hint = f"did you mean '{guess}'? " if guess else ""
                yield text_field.at(word), (f"'{word}' is not in the {speller.name} dictionary; {hint}"
                                            "(a name? add it to words.txt)")


@family.rule("run-together", WARNING, 'no words run together ("CatalystsSian", "ended.The")')
def _run_together(context: CheckContext):
    own = set().union(*(context.speller_for(language).own for language in context.languages))
    for text_field, text in visible_texts(context):
        text = without_addresses(MERGE_TAG.sub(" ", text))
        for pattern, what in ((RUN_TOGETHER_CASE, "a space is missing before the capital"),
                              (RUN_TOGETHER_STOP, "a space is missing after the full stop")):
            for match in pattern.finditer(text):
                if match.group(0).lower() not in own:
                    yield text_field.at(match.group(0)), f"'{match.group(0)}': {what}? (or add it to words.txt)"


@family.rule("unrendered-markdown", WARNING, "no Markdown marks left showing (`**`, `](`)")
def _unrendered_markdown(context: CheckContext):
    for text_field, text in visible_texts(context):
        for mark in ("**", "](", "__"):
            if mark in MERGE_TAG.sub(" ", text):
                where = "in a field that is not Markdown" if not text_field.is_markdown else "and is shown as it is"
                yield text_field.at(mark), f"'{mark}' is Markdown {where}: readers would see the marks"
                break


@family.rule("doubled-word", WARNING, 'no word written twice ("the the")')
def _doubled_word(context: CheckContext):
    for text_field, text in visible_texts(context):
        for match in DOUBLED.finditer(without_addresses(text)):
            if match.group(0).lower() not in RIGHTLY_DOUBLED:
                yield text_field.at(match.group(0)), f"'{match.group(0)}': a word written twice"
