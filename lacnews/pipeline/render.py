"""Render an issue through the Jinja templates: the HTML (before inlining) and the text.

Templates come in layers: the project's own templates/ first, then the built-in
ones, which a project template can also reach as ``builtin/<name>`` to extend
the very template it replaces.
"""

from __future__ import annotations

import functools
import re
import threading
import traceback
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from lacnews.base.cache import cache_dir
from lacnews.base.errors import InputError, TemplateError, display_path
from lacnews.base.i18n import month_year, translations
from lacnews.base.languages import in_language, language_tag, languages_of, subject_line
from lacnews.base.limits import COLUMN_WIDTH
from lacnews.base.palette import palette_of
from lacnews.base.project import Project, builtin_templates_dir
from lacnews.base.schema import SOCIAL_NETWORKS, Issue, Newsletter
from lacnews.pipeline import variants
from lacnews.pipeline.pictures import Pictures, pictures_at
from lacnews.pipeline.template_code import TemplateCodeCache, shipped_code
from lacnews.text import markdown, plaintext
from lacnews.text.addresses import tel_href
from lacnews.yaml.source import Source

BUILTIN_PREFIX = "builtin"
EMAIL_TEMPLATE = "email.html.j2"
# Two blank lines or more: written so that it starts with a literal, which the pattern engine finds by a fast
# search rather than trying at every character (\n{3,} took eight times as long).
_BLANK_LINES = re.compile("\n\n\n+")


def _autoescape(name: str | None) -> bool:
    # Everything is HTML-escaped except the plain-text templates.
    return not (name or "").endswith(".txt.j2")


@dataclass(frozen=True)
class Edition:
    """The issue in one language, as the templates show it."""

    language: str  # cy, en, en-GB
    tag: str  # for lang="..."
    issue: Issue
    newsletter: Newsletter
    gettext: Callable[[str], str]
    strapline: str | None
    contents: list
    marked: bool  # several languages in one email: each block says which it is in
    words: str  # the language of lacnews's own words and dates

    def date(self, date) -> str:
        return month_year(date, self.words)

    @property
    def lang_attribute(self) -> Markup:
        return Markup(f' lang="{escape(self.tag)}"') if self.marked else Markup("")


@dataclass(frozen=True)
class OtherEdition:
    """The same issue in another language, for a link to it."""

    tag: str
    name: str  # the language's own name: Cymraeg, English
    address: str


@dataclass(frozen=True)
class WebPage:
    """What the issue's page in the web archive adds to the email: links to its pages in each language, and the
    address of the archive's index."""

    alternates: list[OtherEdition]
    home: str


@dataclass(frozen=True)
class SocialLink:
    label: str
    url: str
    shown: str


def social_links(newsletter: Newsletter) -> list[SocialLink]:
    """Return the newsletter's social accounts as labelled links."""
    links = []
    for network, value in newsletter.social.items():
        label, pattern = SOCIAL_NETWORKS[network]
        if "://" in value:
            links.append(SocialLink(label, value, value.split("://", 1)[1].rstrip("/")))
        else:
            handle = value.lstrip("@")
            links.append(SocialLink(label, pattern.format(handle), f"@{handle}"))
    return links


def _template_frame(exc: BaseException) -> str | None:
    """Return "template:line" of the innermost template in a rendering traceback."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return None
    return f"{display_path(Path(frames[-1].filename))}:{frames[-1].lineno}"


def _bytecode_cache() -> jinja2.BytecodeCache:
    return TemplateCodeCache(cache_dir("jinja"))


# A text's HTML or plain text is a function of the text alone: an issue's texts are made once for its email and
# its archive pages, and the newsletter's own (its statement, its contacts) once for every issue of the run.
# Bounded by the characters kept, as a preview session makes a new text at every save.
REMEMBERED_CHARACTERS = 8_000_000


_REMEMBERING: weakref.WeakSet[_Remembered] = weakref.WeakSet()


def forget_rendered_texts() -> None:
    """Forget the HTML and plain text remembered of every text: for timing a composition as the first of its
    texts."""
    for remembered in list(_REMEMBERING):
        with remembered.lock:
            remembered.known.clear()
            remembered.characters = 0


class _Remembered:
    """A filter remembering what it returned for the arguments it was given lately (told apart by their type as
    well: Markup is not str), the least recently used forgotten first."""

    def __init__(self, function: Callable[..., str]):
        self.function = function
        self.known: OrderedDict[tuple, str] = OrderedDict()
        self.characters = 0
        self.lock = threading.Lock()
        functools.update_wrapper(self, function)
        _REMEMBERING.add(self)

    def __call__(self, *args, **kwargs):
        key = (args, tuple(map(type, args)), tuple(sorted(kwargs.items())) if kwargs else ())
        try:
            hash(key)
        except TypeError:  # a project template's argument that cannot be a key (a list): made anew each time
            return self.function(*args, **kwargs)
        with self.lock:  # the preview's server may render while a rebuild does
            made = self.known.get(key)
            if made is not None:
                self.known.move_to_end(key)
                return made
        made = self.function(*args, **kwargs)
        with self.lock:
            if key not in self.known:
                self.known[key] = made
                self.characters += _characters(key, made)
            while self.characters > REMEMBERED_CHARACTERS and len(self.known) > 1:
                self.characters -= _characters(*self.known.popitem(last=False))
        return made


def _characters(key: tuple, made: str) -> int:
    return len(made) + sum(len(each) for each in key[0] if isinstance(each, str))


class _Rounds:
    """Counts renderings: a template's file is looked at once in each (``_TemplateFolder``)."""

    def __init__(self) -> None:
        self.number = 0


class _TemplateFolder(jinja2.FileSystemLoader):
    """A folder of templates whose files are looked at again once a rendering, not at each use.

    Jinja asks whether a template's file changed every time the template is used, each include and import
    of it, which was a stat call for each: a few dozen an issue. Once a rendering still sees an edit made
    between two of them, which is when a preview renders again."""

    def __init__(self, folder: Path, rounds: _Rounds):
        super().__init__(str(folder))
        self.rounds = rounds

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        rounds, seen = self.rounds, [self.rounds.number, True]  # just read: current in this rendering

        def current() -> bool:
            if seen[0] != rounds.number:
                seen[0], seen[1] = rounds.number, bool(uptodate())
            return seen[1]

        return source, filename, current


class _Environment(jinja2.Environment):
    """Jinja's environment, with the renderings its template folders count (``_TemplateFolder``), and the email's
    template rendering both ways where it can (``Renderer.both_ways``)."""

    rounds: _Rounds
    own_templates: bool  # a project's templates/ comes first: the built-in ones alone are known to render both ways
    both_ways: tuple[jinja2.Template, jinja2.Template | None] | None  # the email's template, and it both ways


def _make_environment(project_templates: Path | None) -> _Environment:
    rounds = _Rounds()
    builtin = _TemplateFolder(builtin_templates_dir(), rounds)
    loaders: list[jinja2.BaseLoader] = []
    folder = project_templates is not None and project_templates.is_dir()
    if folder:
        loaders.append(_TemplateFolder(project_templates, rounds))
    # A checkout's own project has the built-in templates for its templates/: its own only in name.
    own = folder and project_templates.resolve() != builtin_templates_dir().resolve()
    loaders += [builtin, jinja2.PrefixLoader({BUILTIN_PREFIX: builtin})]
    env = _Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Compiling the templates is a third of a one-off build's own time; Jinja keys
        # its bytecode by each template's name and source, so an edit is never missed.
        bytecode_cache=_bytecode_cache(),
    )
    env.rounds = rounds
    env.own_templates = own
    env.both_ways = None
    env.filters.update(
        markdown=_Remembered(markdown.to_html),
        markdown_inline=_Remembered(markdown.to_inline_html),
        text_markdown=_Remembered(plaintext.from_markdown),
        text_inline=_Remembered(plaintext.inline_from_markdown),
        wrap=_Remembered(plaintext.wrap),
        tel=tel_href,
    )
    env.globals.update(text_link=plaintext.link, text_heading=plaintext.heading)
    return env


@lru_cache(maxsize=8)
def environment(project_templates: Path | None) -> _Environment:
    """Return the (cached) template environment for a project's templates folder."""
    return _make_environment(project_templates)


class Renderer:
    """Renders issues of one project."""

    def __init__(self, project: Project):
        self.project = project
        self.env = environment(project.templates_dir)
        self.env.rounds.number += 1  # a new rendering: each template's file is looked at again

    def make_ready(self) -> None:
        """Compile every template now, the email's both ways too: once for the worker processes forked after."""
        env = self.env
        for name in env.list_templates(filter_func=lambda name: name.endswith(".j2")):
            if not name.startswith(f"{BUILTIN_PREFIX}/"):
                env.get_template(name)
        self._both_ways_template()

    def layouts(self) -> list[str]:
        """Return the names of the layouts with both an HTML and a text template."""
        names = set(self.env.list_templates())
        return sorted(n[len("sections/"):-len(".html.j2")] for n in names
                      if n.startswith("sections/") and n.endswith(".html.j2")
                      and n.replace(".html.j2", ".txt.j2") in names)

    def check_layouts(self, issue: Issue, source: Source) -> None:
        """Raise ``InputError`` for each section whose layout has no template pair."""
        available = self.layouts()
        problems = []
        for index, section in enumerate(issue.sections):
            if section.layout not in available:
                node = section.nodes.get("layout")
                problems.append(source.problem(node, (
                    f"sections[{index}].layout: unknown layout '{section.layout}'; the layouts are "
                    f"{', '.join(available)} (a project adds one with templates/sections/"
                    f"{section.layout}.html.j2 and {section.layout}.txt.j2)"), "layout"))
        if problems:
            raise InputError(problems)

    def context(self, newsletter: Newsletter, issue: Issue, pictures: Pictures | None = None,
                languages: list[str] | None = None, other_editions: list[OtherEdition] | None = None,
                page: WebPage | None = None) -> dict:
        """Return what the templates see; ``pictures`` for the issue's local pictures as prepared (without them,
        every image is taken as a web address), ``languages`` for the editions shown (all of the newsletter's
        when None, or its one language), ``other_editions`` for links to the same issue in other languages, and
        ``page`` for the archive's page rather than the email."""
        pictures = pictures or Pictures([], None)
        editions = self.editions(newsletter, issue, languages)
        first = editions[0]
        context = {
            "newsletter": first.newsletter,
            "issue": first.issue,
            # every language's, "Cymraeg / English", where one email holds several and the subject is given in each
            "subject": subject_line(newsletter, issue, languages),
            "sender": first.newsletter.sender,
            # The description is the standing strapline of every issue; an issue's own
            # intro follows it (without one, the strapline is the whole introduction).
            "strapline": first.strapline,
            "intro": first.issue.intro,
            "contents": first.contents,
            "editions": editions,
            "other_editions": other_editions or [],
            "social": social_links(newsletter),
            "palette": palette_of(newsletter.theme),
            "copyright_year": issue.date.year,
            "web": False,
            # picture(image, max_width) → src, alt, width, height: how a template shows an image
            "picture": pictures.shown,
            "widths": {"column": COLUMN_WIDTH, "logo": newsletter.theme.logo_width},
        }
        return self.as_page(context, page) if page is not None else context

    @staticmethod
    def as_page(context: dict, page: WebPage) -> dict:
        """Return the templates' ``context`` of the email made the archive page's ``page``."""
        return {**context, "web": True, "alternates": page.alternates, "home": page.home}

    def editions(self, newsletter: Newsletter, issue: Issue, languages: list[str] | None = None) -> list[Edition]:
        """Return the issue as readers of each language shown see it, with lacnews's words in that language."""
        shown = languages or languages_of(newsletter, issue)
        if not shown:  # a newsletter of one language, as before there were several: lacnews's words in English
            local_newsletter = in_language(newsletter, newsletter.language)
            return [Edition(newsletter.language, newsletter.language, in_language(issue, newsletter.language),
                            local_newsletter, translations("en").gettext, local_newsletter.description,
                            self._contents(issue), False, "en")]
        several = len(shown) > 1
        found = []
        for language in shown:
            local_issue, local_newsletter = in_language(issue, language), in_language(newsletter, language)
            found.append(Edition(language, language_tag(language, newsletter), local_issue, local_newsletter,
                                 translations(language).gettext, local_newsletter.description,
                                 self._contents(local_issue), several, language))
        return found

    @staticmethod
    def _contents(issue: Issue) -> list[tuple[str, str | None]]:
        if issue.contents == "none":
            return []
        if issue.contents == "auto":
            return [(section.title, f"#{section.id}") for section in issue.sections]
        return [(line, None) for line in issue.contents]

    def render(self, template_name: str, context: dict) -> str:
        """Render one template, turning template faults into ``TemplateError``."""
        try:
            return self.env.get_template(template_name).render(context)
        except jinja2.TemplateSyntaxError as exc:
            where = display_path(Path(exc.filename)) if exc.filename else exc.name
            raise TemplateError(f"{where}:{exc.lineno}: template syntax error: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"template not found: {exc.name}") from None
        except jinja2.TemplateError as exc:
            raise TemplateError(f"{_template_frame(exc) or template_name}: {exc.message}") from None

    def html(self, context: dict) -> str:
        """Return the email's HTML, before its CSS is inlined."""
        return self.render(EMAIL_TEMPLATE, context)

    def both_ways(self, context: dict) -> tuple[str, variants.Marks] | None:
        """Return the HTML, before its CSS is inlined, of the email and of its page in the archive in one
        rendering, and the marks it wrote (``lacnews.pipeline.variants``), from ``context``, the page's; None where
        the templates cannot render both ways (a project's own), or fail (``html`` says how)."""
        template = self._both_ways_template()
        if template is None:
            return None
        marks = variants.Marks()
        both = {name: value for name, value in context.items() if name != variants.WEB}
        both[variants.MARK] = marks
        try:
            return template.render(both), marks
        except jinja2.TemplateError:
            return None

    def _both_ways_template(self) -> jinja2.Template | None:
        env = self.env
        if env.own_templates:
            return None
        try:
            email = env.get_template(EMAIL_TEMPLATE)  # Jinja's, looked at again once a rendering
        except jinja2.TemplateError:
            return None
        made = env.both_ways
        if made is None or made[0] is not email:  # made anew when the template's file changed
            made = env.both_ways = (email, _made_both_ways(env))
        return made[1]

    def text(self, context: dict) -> str:
        """Return the email's plain text: tidy blank lines, no trailing spaces."""
        text = self.render("email.txt.j2", context)
        lines = [line.rstrip() for line in text.split("\n")]
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"


@dataclass(frozen=True)
class Email:
    """The email as it goes to the mailing tool: HTML with its CSS inlined, and plain text."""

    html: str
    text: str

    def with_pictures_at(self, addresses: Mapping[str, str]) -> Email:
        """Return the email with each picture whose address (its ``src``) is a key of ``addresses`` shown from its
        value instead: every other byte as it was, and the text as it was (it shows no pictures)."""
        return Email(pictures_at(self.html, addresses), self.text)

    @property
    def html_bytes(self) -> int:
        return len(self.html.encode("utf-8"))

    @property
    def text_bytes(self) -> int:
        return len(self.text.encode("utf-8"))


def _made_both_ways(env: _Environment) -> jinja2.Template | None:
    """Return the email's template rendering both ways (``lacnews.pipeline.variants``): from the code shipped with
    lacnews, else made now; None where it reads ``web`` in a way it cannot."""
    source, filename, _ = env.loader.get_source(env, EMAIL_TEMPLATE)
    code = shipped_code(env, variants.both_ways_name(EMAIL_TEMPLATE), source, filename)
    if code is None:
        template = variants.both_ways(env.parse(source, EMAIL_TEMPLATE, filename))
        if template is None:
            return None
        code = env.compile(template, EMAIL_TEMPLATE, filename)
    return env.template_class.from_code(env, code, env.make_globals(None))
