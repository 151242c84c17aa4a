"""Render an issue through the Jinja templates: the HTML (before inlining) and the text.

Templates come in layers: the project's own templates/ first, then the built-in
ones, which a project template can also reach as ``builtin/<name>`` to extend
the very template it replaces.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from lacnews import markdown, plaintext
from lacnews.addresses import tel_href
from lacnews.cache import cache_dir
from lacnews.errors import InputError, TemplateError, display_path
from lacnews.limits import COLUMN_WIDTH
from lacnews.palette import palette_of
from lacnews.pictures import Pictures
from lacnews.project import Project, builtin_templates_dir
from lacnews.schema import SOCIAL_NETWORKS, Issue, Newsletter
from lacnews.yamlsource import Source

BUILTIN_PREFIX = "builtin"


def _autoescape(name: str | None) -> bool:
    # Everything is HTML-escaped except the plain-text templates.
    return not (name or "").endswith(".txt.j2")


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


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    folder = cache_dir("jinja")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder else None


def _make_environment(project_templates: Path | None) -> jinja2.Environment:
    builtin = jinja2.FileSystemLoader(str(builtin_templates_dir()))
    loaders: list[jinja2.BaseLoader] = []
    if project_templates is not None and project_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(project_templates)))
    loaders += [builtin, jinja2.PrefixLoader({BUILTIN_PREFIX: builtin})]
    env = jinja2.Environment(
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
    env.filters.update(
        markdown=markdown.to_html,
        markdown_inline=markdown.to_inline_html,
        text_markdown=plaintext.from_markdown,
        text_inline=plaintext.inline_from_markdown,
        wrap=plaintext.wrap,
        tel=tel_href,
    )
    env.globals.update(text_link=plaintext.link, text_heading=plaintext.heading)
    return env


@lru_cache(maxsize=8)
def environment(project_templates: Path | None) -> jinja2.Environment:
    """Return the (cached) template environment for a project's templates folder."""
    return _make_environment(project_templates)


class Renderer:
    """Renders issues of one project."""

    def __init__(self, project: Project):
        self.project = project
        self.env = environment(project.templates_dir)

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

    def context(self, newsletter: Newsletter, issue: Issue, web: bool = False,
                pictures: Pictures | None = None) -> dict:
        """Return what the templates see; ``web`` for the archive's page rather than the email, ``pictures``
        for the issue's local pictures as prepared (without them, every image is taken as a web address)."""
        pictures = pictures or Pictures([], None)
        return {
            "newsletter": newsletter,
            "issue": issue,
            "sender": newsletter.sender,
            # The description is the standing strapline of every issue; an issue's own
            # intro follows it (without one, the strapline is the whole introduction).
            "strapline": newsletter.description,
            "intro": issue.intro,
            "contents": self._contents(issue),
            "social": social_links(newsletter),
            "palette": palette_of(newsletter.theme),
            "copyright_year": issue.date.year,
            "web": web,
            # picture(image, max_width) → src, alt, width, height: how a template shows an image
            "picture": pictures.shown,
            "widths": {"column": COLUMN_WIDTH, "logo": newsletter.theme.logo_width},
        }

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
        return self.render("email.html.j2", context)

    def text(self, context: dict) -> str:
        """Return the email's plain text: tidy blank lines, no trailing spaces."""
        text = self.render("email.txt.j2", context)
        lines = [line.rstrip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
