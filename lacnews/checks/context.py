"""What a rule of `lacnews check` is, and what it looks at.

A rule has an id, a level and a summary (the README's table says the same) and yields the places it
objects to, each with a message. Content rules point into the YAML where the text was written; rules
about the email as built point into the output, since a project's templates may have put it there,
and they read every edition: the one email, or each language's where each has its own. A rule whose
findings `check --fix` repairs is ``fixable``, and its messages say so.

A rule may let the editor keep deliberately what it warns about (an old date in a look back) with a
YAML comment on the value, ``# lacnews: allow <rule>``, read by ``allowed``: a comment, since it says
something about the file for lacnews and nothing to readers, and stays with the value when it moves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import yaml

from lacnews.base import layout
from lacnews.base.cached import cached_property
from lacnews.base.errors import Place
from lacnews.base.languages import base_language, languages_of
from lacnews.base.project import Project
from lacnews.pipeline.content import Content, TextField, collect_issue
from lacnews.pipeline.pictures import Pictures
from lacnews.pipeline.render import Email
from lacnews.pipeline.validate import Loaded
from lacnews.text.addresses import without_addresses
from lacnews.text.mergetags import MERGE_TAG
from lacnews.text.spelling import Speller, shared_speller, words_in
from lacnews.yaml.source import Source

T = TypeVar("T")


def fix_command(slug: str) -> str:
    """Return the command that repairs an issue's findings, as the editor can type it."""
    return f"`lacnews check --fix {slug}`" if slug else "`lacnews check --fix`"


# The comment that keeps a rule's warning away from one value: `# lacnews: allow stale-date`
ALLOW_COMMENT = re.compile(r"#[ \t]*lacnews:[ \t]*allow[ \t]+([a-z0-9-]+(?:[ \t]*,[ \t]*[a-z0-9-]+)*)")


@dataclass(frozen=True)
class Output:
    """One file of the email as a build writes it: email.html or email.txt, of one edition."""

    language: str  # "" for the one email of an issue
    name: str  # inside build/<slug>/: email.html, or en/email.txt
    text: str

    @property
    def is_html(self) -> bool:
        return self.name.endswith(layout.EMAIL_HTML)


@dataclass(frozen=True)
class Reading:
    """One paragraph of a text as the rules read it: what several of them make of it is made once."""

    text_field: TextField
    text: str  # every visible word of the paragraph

    @cached_property
    def without_tags(self) -> str:
        """The words with each merge tag made a space: a tag's name is not the editor's word."""
        return MERGE_TAG.sub(" ", self.text)

    @cached_property
    def words(self) -> str:
        """The words without merge tags or web and email addresses: what is spelt, and read for words run
        together."""
        return without_addresses(self.without_tags)

    @cached_property
    def spelt(self) -> list[str]:
        """The words worth spelling, each as written (``lacnews.text.spelling.words_of``)."""
        return words_in(self.words)


@dataclass
class CheckContext:
    """What the rules look at: the project, the issue as loaded, and its emails.

    The content is walked once for every rule (``readings``), and what several rules of a family read is made
    once (``once``): the time of the checks grows with the size of the issue, and no faster.
    """

    project: Project
    loaded: Loaded
    emails: dict[str, Email]  # by language; {"": the email} for an issue sent as one
    pictures: Pictures = field(default_factory=lambda: Pictures([], None))
    _spellers: dict[str, Speller] = field(default_factory=dict, init=False, repr=False)  # by language, made once
    _made: dict[Callable, object] = field(default_factory=dict, init=False, repr=False)  # by ``once``

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

    @cached_property
    def readings(self) -> list[Reading]:
        """Each paragraph of each text, in order: the one walk of the content every rule reads."""
        return [Reading(text_field, paragraph.text) for text_field in self.content.texts
                for paragraph in text_field.paragraphs]

    def once(self, make: Callable[[CheckContext], T]) -> T:
        """Return ``make(self)``, made the first time it is asked for: what several rules read."""
        if make not in self._made:
            self._made[make] = make(self)
        return self._made[make]  # type: ignore[return-value]

    def speller_for(self, language: str | None) -> Speller:
        """The speller of ``language`` (of the issue's first language for a text given once): the run's own, so
        that each distinct word is asked once over every issue (``lacnews.text.spelling.shared_speller``)."""
        language = base_language(language or self.languages[0])
        if language not in self._spellers:
            self._spellers[language] = shared_speller(self.project.root, language)
        return self._spellers[language]

    @property
    def slug(self) -> str:
        return self.loaded.slug

    def output(self, name: str) -> Place:
        """Return the place of the output ``name`` (email.html, cy/email.txt) as a build writes it."""
        return Place(layout.issue_dir(self.project, self.slug) / name)

    def output_at(self, output: Output, snippet: str) -> Place:
        """Return the place of ``snippet`` in ``output``."""
        text = output.text
        index = text.find(snippet)
        if index < 0:
            return self.output(output.name)
        line = text.count("\n", 0, index) + 1
        return Place(self.output(output.name).path, line, index - text.rfind("\n", 0, index))

    def outputs(self) -> Iterator[Output]:
        """Yield each edition's two files: its HTML, then its text."""
        for language, email in self.emails.items():
            yield Output(language, layout.email_name(language), email.html)
            yield Output(language, layout.email_name(language, text=True), email.text)


def visible_texts(context: CheckContext) -> Iterator[tuple[TextField, str]]:
    """Yield each text field with each of its paragraphs' visible words."""
    for reading in context.readings:
        yield reading.text_field, reading.text


@dataclass(frozen=True)
class Rule:
    """A rule: its id, level and summary, and a function yielding (place, message) for what it objects to."""

    id: str
    level: str
    summary: str  # what it checks, as the README's table says it
    run: Callable[[CheckContext], Iterable[tuple[Place, str]]]
    fixable: bool = False  # `check --fix` repairs what it finds (lacnews.commands.check.fix)


class Family:
    """The rules of one module, registered as they are defined (see ``lacnews.checks.registry``)."""

    def __init__(self, name: str):
        self.name = name
        self.rules: list[Rule] = []

    def rule(self, rule_id: str, level: str, summary: str, fixable: bool = False):
        """Register a rule: a function yielding (place, message) pairs; ``fixable`` when `check --fix`
        repairs what it finds (its messages then say so)."""
        def register(function):
            self.rules.append(Rule(rule_id, level, summary, function, fixable))
            return function
        return register


def allowed(source: Source, node: yaml.Node, rule_id: str) -> bool:
    """Whether the value ``node`` carries the comment ``# lacnews: allow <rule_id>``: after the value on its
    last line, or, for a block (``|`` or ``>``), after the indicator that opens it, where YAML allows one."""
    text = source.text
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    start = node.start_mark.index if block else node.end_mark.index
    line_end = text.find("\n", start)
    after = text[start:line_end if line_end >= 0 else len(text)]
    return any(rule_id in re.split(r"[ \t]*,[ \t]*", match.group(1)) for match in ALLOW_COMMENT.finditer(after))


def allow_hint(rule_id: str, node: yaml.Node) -> str:
    """Return where to put the comment ``allowed`` reads to keep a deliberate case of ``rule_id`` in ``node``."""
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    where = f"after the `{node.style}` that opens it" if block else "at the end of its line"
    return f"put `# lacnews: allow {rule_id}` {where}"
