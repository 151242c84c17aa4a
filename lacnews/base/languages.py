"""Text in more than one language: a field written once per language, and an issue seen in one of them.

A newsletter names its languages in order (``languages: [cy, en]``, Welsh first). Any text field of an
issue may then be a mapping, ``{cy: ..., en: ...}``; a field written once (a name, an address, a link) is
the same in every language. Validation keeps such a field as a ``Localized`` value: a string holding
the text in the first language given, so every rule that reads one language reads it unchanged, with
every version beside it. ``in_language`` gives the issue as a reader of one language sees it.
"""

from __future__ import annotations

import dataclasses
import re

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?")
TOGETHER, SEPARATE = "together", "separate"
SUBJECT_JOIN = " / "  # between the versions of a subject in an email of several languages: "Cymraeg / English"


def base_language(code: str) -> str:
    """Return the language of a code however it is written (en-GB, en_GB, EN → en): the one rule by which a
    text in ``en`` serves a newsletter in ``en-GB``, a catalogue is chosen and a dictionary is named."""
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


class Localized(str):
    """A text given in several languages: as a string, the first of them."""

    versions: dict[str, str]
    nodes: dict  # language → the YAML node its version is written in

    def __new__(cls, versions: dict[str, str], nodes: dict):
        first = next(iter(versions.values()))
        value = super().__new__(cls, first)
        value.versions = versions
        value.nodes = nodes
        return value

    def __getnewargs__(self):  # copied (deepcopy, pickle to a build worker) as what it is
        return self.versions, self.nodes

    def in_language(self, language: str) -> str:
        """Return the version in ``language`` (en for en-GB), or the first one given (a missing one is a `check`
        error)."""
        found = self.versions.get(language)
        if found is None:
            found = self.versions.get(base_language(language), str(self))
        return found


def is_language_mapping(keys: list[str]) -> bool:
    """Whether a mapping's keys are language codes (cy, en, en-GB): a text given per language."""
    return bool(keys) and all(LANGUAGE_CODE.fullmatch(key) for key in keys)


def in_language(record, language: str):
    """Return ``record`` (an Issue, a Newsletter, or any part of one) with every text in ``language``: ``record``
    itself where it holds no text given per language."""
    if type(record) is str or record is None:  # most of a record: nothing to look into
        return record
    if isinstance(record, Localized):
        return record.in_language(language)
    if isinstance(record, list):
        items = [in_language(item, language) for item in record]
        return record if all(item is old for item, old in zip(items, record)) else items
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        changes = {}
        for name in _texts_of(type(record)):
            value = getattr(record, name)
            local = in_language(value, language)
            if local is not value:
                changes[name] = local
        return dataclasses.replace(record, **changes) if changes else record
    return record


_TEXTS_OF: dict[type, tuple[str, ...]] = {}


def _texts_of(kind: type) -> tuple[str, ...]:
    """Return the names of the fields of the dataclass ``kind`` that may hold text (all but its YAML nodes)."""
    names = _TEXTS_OF.get(kind)
    if names is None:
        names = _TEXTS_OF[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.name != "nodes")
    return names


def localized_fields(record, where: str = ""):
    """Yield (path, Localized value) for every text given per language below ``record``."""
    if type(record) is str or record is None:
        return
    if isinstance(record, Localized):
        yield where, record
    elif isinstance(record, list):
        for index, item in enumerate(record):
            yield from localized_fields(item, f"{where}[{index}]")
    elif dataclasses.is_dataclass(record) and not isinstance(record, type):
        for name in _texts_of(type(record)):
            yield from localized_fields(getattr(record, name), f"{where}.{name}" if where else name)


def languages_of(newsletter, issue) -> list[str]:
    """Return the languages an issue is written in, first first: its own, else its newsletter's (maybe none)."""
    return list(issue.languages or newsletter.languages)


def sent_separately(newsletter, issue) -> bool:
    """Whether each language of the issue is an email of its own."""
    return len(languages_of(newsletter, issue)) > 1 and (issue.bilingual or newsletter.bilingual) == SEPARATE


def language_tag(language: str, newsletter) -> str:
    """Return the value of a lang attribute for ``language``: the newsletter's own (en-GB) for a language it names
    that way (en)."""
    return newsletter.language if base_language(newsletter.language) == language else language


def subject_line(newsletter, issue, languages: list[str] | None = None) -> str:
    """Return the subject of the email holding ``languages`` (every language of the issue when None).

    A subject given per language is, in an email of several languages, every version, the first first, joined
    "Cymraeg / English" as Welsh public bodies write theirs (one where they are the same); in an email of one
    language, that language's. A subject written once is the same in every email.
    """
    shown = languages or languages_of(newsletter, issue)
    subject = issue.subject
    if not isinstance(subject, Localized) or not shown:
        return str(subject)
    return SUBJECT_JOIN.join(dict.fromkeys(subject.in_language(language) for language in shown))
