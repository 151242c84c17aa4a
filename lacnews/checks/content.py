"""Rules about what the issue says and how it is put together: its sections, the stand-in text left from
`lacnews new` and `lacnews add`, and the paste damage a word processor or a web page leaves (its dates are
``lacnews.checks.dates``)."""

from __future__ import annotations

from collections import Counter

from lacnews.base.placeholders import PLACEHOLDERS
from lacnews.checks.context import CheckContext, Family, fix_command
from lacnews.checks.findings import ERROR, WARNING
from lacnews.pipeline.content import TextField
from lacnews.text.characters import INVISIBLE, character_name
from lacnews.text.pastedamage import Damage, damage
from lacnews.text.prose import listed

family = Family("content")


@family.rule("placeholder", ERROR, "no stand-in text from `lacnews new`'s example section (or a picture's "
                                   "`DESCRIBE THIS PICTURE` from `lacnews add`) is left")
def _placeholder(context: CheckContext):
    for text_field in context.content.texts:
        for words, what in PLACEHOLDERS.items():
            if words in text_field.text:
                yield text_field.at(words), (f"{text_field.where}: '{words}' is {what}: replace it with your own "
                                             "words (or delete the example)")


@family.rule("empty-section", WARNING, "every section has a body, items or after")
def _empty_section(context: CheckContext):
    for section in context.loaded.issue.sections:
        if not (section.body or section.items or section.after):
            yield context.loaded.source.place(section.nodes["title"]), (
                f"the section '{section.title}' is empty: give it a body or items, or remove it")


@family.rule("duplicate-title", WARNING, "no two sections share a title")
def _duplicate_title(context: CheckContext):
    seen: dict[str, int] = {}
    for index, section in enumerate(context.loaded.issue.sections):
        key = " ".join(section.title.lower().split())
        if key in seen:
            yield context.loaded.source.place(section.nodes["title"]), (
                f"sections[{seen[key]}] already has the title '{section.title}'")
        seen.setdefault(key, index)


# Each kind of paste damage (lacnews.text.pastedamage) and the rule that reports it; `check --fix` repairs each.
PASTE_RULES = {"html": "paste-html", "bullet": "paste-bullets", "invisible": "invisible-character"}
# What each kind does to the email, what `check --fix` makes of it, and how to mend it by hand.
_HARM = {"html": "the email would show the tags as they are",
         "bullet": "the list will merge into one paragraph",
         "invisible": "readers' searches and the spelling check stumble on {them}"}
_REPAIR = {"html": "turns it into Markdown", "bullet": "makes {them} a Markdown list",
           "invisible": "takes {them} out"}
_BY_HAND = {"html": "write it in Markdown: a blank line between paragraphs, [words](address) for a link",
            "bullet": "start each line with '- '", "invisible": "delete {them}, typing a plain space where one belongs"}


def _damaged_texts(context: CheckContext) -> list[tuple[TextField, int, list[Damage]]]:
    """Return each text with paste damage, where its value starts in its file, and the damage: each text read
    once for the three rules, from the file as written (each piece where it is)."""
    damaged, seen = [], set()
    for text_field in context.content.texts:
        if id(text_field.node) in seen:
            continue
        seen.add(id(text_field.node))
        start, end = text_field.node.start_mark.index, text_field.node.end_mark.index
        found = list(damage(text_field.source.text[start:end], text_field.is_markdown))
        if found:
            damaged.append((text_field, start, found))
    return damaged


def _paste_damage(context: CheckContext, kind: str):
    """Yield one finding for each text with paste damage of ``kind``: at the first piece, with how many there
    are and on which lines."""
    for text_field, start, damaged in context.once(_damaged_texts):
        found = [each for each in damaged if each.kind == kind]
        if found:
            source = text_field.source
            lines = [source.place_at(start + each.index).line for each in found]
            them = "it" if len(found) == 1 else "them"
            yield source.place_at(start + found[0].index), (
                f"{text_field.where}: {_what(found)}{_on_lines(lines)}: {_HARM[kind].format(them=them)}; "
                f"{_mending(text_field, found, context.slug)}")


def _mending(text_field: TextField, found: list[Damage], slug: str) -> str:
    """Return what `check --fix` does with the damage ``found`` in ``text_field``, or why it cannot, and how
    to mend it by hand."""
    # only for a text with damage: a build of sound texts does without the repair's reading of HTML
    from lacnews.text.pasterepair import repair_of

    kind, them = found[0].kind, "it" if len(found) == 1 else "them"
    by_hand = _BY_HAND[kind].format(them=them)
    repair = repair_of(text_field.text, text_field.is_markdown)
    if repair.text is None:
        return f"{fix_command(slug)} cannot repair it without losing something ({repair.lost}): fix it by hand ({by_hand})"
    spaced = any(INVISIBLE.get(each.found) == " " for each in found)  # the other characters become nothing
    return (f"{fix_command(slug)} {_REPAIR[kind].format(them=them)}"
            f"{', a no-break space made a plain one' if spaced else ''}; by hand, {by_hand}")


def _what(found: list[Damage]) -> str:
    """Return what the paste damage ``found``, all of one kind, is: "3 pasted bullets ('•', 'o')"."""
    kind, number = found[0].kind, len(found)
    if kind == "invisible":
        names = Counter(character_name(each.found) for each in found)
        if number == 1:
            return f"{next(iter(names))}, an invisible character pasted with the text"
        return (f"{number} invisible characters pasted with the text ("
                + ", ".join(name if count == 1 else f"{name} ×{count}" for name, count in names.items()) + ")")
    if kind == "bullet":
        glyphs = ", ".join(repr(glyph) for glyph in dict.fromkeys(each.found.strip() or "o" for each in found))
        return (f"a bullet pasted from a word processor ({glyphs})" if number == 1
                else f"{number} bullets pasted from a word processor ({glyphs})")
    tag = found[0].found if len(found[0].found) <= 40 else found[0].found[:37] + "..."
    return f"pasted HTML ({tag})" if number == 1 else f"pasted HTML ({tag} first)"


def _on_lines(lines: list[int]) -> str:
    """Return ", on lines 8-11 and 16" for the lines of several pieces; nothing for one piece."""
    if len(lines) < 2:
        return ""
    runs: list[list[int]] = []
    for line in sorted(set(lines)):
        if runs and line == runs[-1][-1] + 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    shown = [f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
    if len(shown) == 1 and "-" not in shown[0]:
        return f", on line {shown[0]}"
    return f", on lines {listed(shown)}"


@family.rule("paste-html", ERROR,
             "no HTML pasted from a web page or a word processor (`check --fix` turns it into Markdown)",
             fixable=True)
def _paste_html(context: CheckContext):
    return _paste_damage(context, "html")


@family.rule("paste-bullets", WARNING, "no bullets pasted from Word or Google Docs (`check --fix` makes them a list)",
             fixable=True)
def _paste_bullets(context: CheckContext):
    return _paste_damage(context, "bullet")


@family.rule("invisible-character", WARNING,
             "no invisible characters: no-break or zero-width spaces, soft hyphens (`check --fix` removes them)",
             fixable=True)
def _invisible_character(context: CheckContext):
    return _paste_damage(context, "invisible")
