"""Rules about the words as readers read them: spelling in each text's language, words run together or
written twice, and Markdown left showing."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

from lacnews.base.languages import base_language
from lacnews.checks.context import CheckContext, Family
from lacnews.checks.findings import WARNING
from lacnews.pipeline.content import TextField
from lacnews.text.addresses import without_addresses
from lacnews.text.spelling import LANGUAGES, Speller

family = Family("words")

# Each run of letters possessive where Python reads it (3.11 on; 3.10 reads the same patterns without): giving
# letters back could never lead to a match, as a shorter run is followed by a letter, not the capital, space or
# word's end wanted next, and not trying spares a quarter of the scan. The matches are the same.
_KEPT = "+" if sys.version_info >= (3, 11) else ""
RUN_TOGETHER_CASE = re.compile(rf"\b[A-Z]?{_KEPT}[a-z]{{4,}}{_KEPT}[A-Z][a-z]+{_KEPT}\b")
RUN_TOGETHER_STOP = re.compile(rf"\b[a-z]{{2,}}{_KEPT}\.[A-Z][a-z]+{_KEPT}\b")
DOUBLED = re.compile(rf"\b([A-Za-z]+{_KEPT})\s+{_KEPT}\1\b", re.IGNORECASE)
RIGHTLY_DOUBLED = {"had had", "that that"}
SHOWN_PLACES = 3  # of an unknown word's places, the fields named in its finding


@family.rule("spelling", WARNING, "spelling in each language (British English, Welsh), each text in the language "
                                  "it is written in; your own words go in words.txt")
def _spelling(context: CheckContext):
    unknown: dict[str, UnknownWord] = {}  # by the word words.txt needs, in lower case: one finding each
    spellers: dict[str | None, tuple[Speller, list[Speller]]] = {}  # by a text's language
    wrong: dict[str | None, set[str]] = {}  # by a text's language: its words no speller of it knows
    readings = context.readings
    for reading in readings:
        language = reading.text_field.language
        if language not in spellers:
            # a text given once (a name, an address) is read in every language: a word any of them knows is right
            spellers[language] = (context.speller_for(language), [
                context.speller_for(other) for other in context.languages[1:]
            ] if language is None else [])
    for language, (speller, others) in spellers.items():
        if speller.dictionary is not None:  # each distinct word asked once: an issue writes most words many times
            written = set().union(*(reading.spelt for reading in readings if reading.text_field.language == language))
            wrong[language] = {word for word in speller.unknown_among(written)
                               if not any(other.known(word) for other in others)}
    for reading in readings:
        text_field = reading.text_field
        misspelt = wrong.get(text_field.language)
        if not misspelt or misspelt.isdisjoint(reading.spelt):
            continue
        speller = spellers[text_field.language][0]
        for word in reading.spelt:
            if word in misspelt:
                to_add = speller.word_to_add(word)
                found = unknown.setdefault(to_add.lower(), UnknownWord(to_add, text_field, word))
                found.seen(to_add, text_field, speller)
    languages = {base_language(language) for language in context.languages}
    for found in unknown.values():
        yield found.first.at(found.written), found.message(several_languages=len(languages) > 1)


@dataclass
class UnknownWord:
    """A word no dictionary of its texts knows: where it was first written, and how often and where in all."""

    word: str  # as words.txt needs it: "Havercroft" for "Havercroft's"; a name's capital if it is ever written so
    first: TextField
    written: str  # as the first place writes it
    count: int = 0
    wheres: list[str] = field(default_factory=list)  # each field it is written in, once, in order
    spellers: list[Speller] = field(default_factory=list)  # each language it is unknown in, once

    def seen(self, word: str, text_field: TextField, speller: Speller) -> None:
        self.count += 1
        if word[:1].isupper():
            self.word = word
        where = text_field.where if text_field.source.path == self.first.source.path \
            else f"{text_field.source.path.name} {text_field.where}"
        for items, item in ((self.wheres, where), (self.spellers, speller)):
            if item not in items:
                items.append(item)

    def message(self, several_languages: bool) -> str:
        """Return what is wrong and the command that fixes it (or why words.txt has not fixed it yet)."""
        times = ""
        if self.count > 1:
            shown = self.wheres[:SHOWN_PLACES] + (["…"] if len(self.wheres) > SHOWN_PLACES else [])
            times = f" ({self.count} times: {', '.join(shown)})"
        names = [speller.name for speller in self.spellers]
        dictionaries = (f"the {names[0]} dictionary" if len(names) == 1
                        else f"the {', '.join(names[:-1])} or {names[-1]} dictionaries")
        speller = self.spellers[0]
        add = "lacnews words add " + (f'"{self.word}"' if "'" in self.word else self.word)
        if several_languages and len(self.spellers) == 1 and not self.word[:1].isupper():
            add += f" --language {speller.language}"
        listed = speller.listed_elsewhere(self.word)
        if listed is not None:
            return (f"'{self.word}'{times} is not in {dictionaries}, and words.txt has it only for "
                    f"{LANGUAGES[listed.section].name if listed.section in LANGUAGES else listed.section} "
                    f"({listed.where()}): a word in lower case below {listed.heading} counts only in that "
                    f"language; for {speller.name} too: `{add}`")
        guess = speller.suggestion(self.written)
        if guess is None:
            advice = f"a name? `{add}`" if self.word[:1].isupper() else f"if it is right: `{add}`"
        else:
            advice = f"did you mean '{guess}'? " + ("If it is a name" if self.word[:1].isupper() else "If it is right")
            advice += f": `{add}`"
        return f"'{self.word}'{times} is not in {dictionaries}; {advice}"


@family.rule("run-together", WARNING, 'no words run together ("CatalystsSian", "ended.The")')
def _run_together(context: CheckContext):
    own = set().union(*(context.speller_for(language).own for language in context.languages))
    for reading in context.readings:
        text_field, text = reading.text_field, reading.words
        for pattern, needs, what, otherwise in (  # ``needs``: what every match holds ("" for none)
                (RUN_TOGETHER_CASE, "", "a space is missing before the capital", "`lacnews words add {}`"),
                (RUN_TOGETHER_STOP, ".", "a space is missing after the full stop", "add it to words.txt")):
            if needs not in text:
                continue
            for match in pattern.finditer(text):
                if match.group(0).lower() not in own:
                    yield text_field.at(match.group(0)), (f"'{match.group(0)}': {what}? (if it is written so: "
                                                          f"{otherwise.format(match.group(0))})")


@family.rule("unrendered-markdown", WARNING, "no Markdown marks left showing (`**`, `](`)")
def _unrendered_markdown(context: CheckContext):
    for reading in context.readings:
        text_field = reading.text_field
        for mark in ("**", "](", "__"):
            if mark in reading.without_tags:
                where = "in a field that is not Markdown" if not text_field.is_markdown else "and is shown as it is"
                yield text_field.at(mark), f"'{mark}' is Markdown {where}: readers would see the marks"
                break


@family.rule("doubled-word", WARNING, 'no word written twice ("the the")')
def _doubled_word(context: CheckContext):
    for reading in context.readings:
        text_field = reading.text_field
        for match in DOUBLED.finditer(without_addresses(reading.text)):
            if match.group(0).lower() not in RIGHTLY_DOUBLED:
                yield text_field.at(match.group(0)), f"'{match.group(0)}': a word written twice"
