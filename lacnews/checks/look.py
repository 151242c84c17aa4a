"""Rules about newsletter.yaml's standing parts: the theme's colours, readable in light and dark mode, and
the contacts' phone numbers."""

from __future__ import annotations

from functools import lru_cache

from lacnews.base.palette import Palette, palette_of
from lacnews.checks.context import CheckContext, Family
from lacnews.checks.findings import WARNING
from lacnews.text.addresses import is_uk_phone

family = Family("the newsletter's look and contacts")


@family.rule("contrast", WARNING, "every colour pair of the theme has WCAG AA contrast (4.5:1 for text, 3:1 for the "
                                   "quote bar) in light and dark mode")
def _contrast(context: CheckContext):
    theme = context.loaded.newsletter.theme
    by_field: dict[str, list[str]] = {}
    for what, scheme, ratio, needed in _failing(palette_of(theme)):
        named = next((name for name in ("brand", "link", "accent") if f"theme.{name}" in what), "accent")
        field = named if getattr(theme, named) else "accent"  # brand and link are the accent when left out
        by_field.setdefault(field, []).append(f"{what.split(' (')[-1].rstrip(')')} {ratio:.1f}:1 in {scheme} mode "
                                              f"({needed:g}:1 needed)")
    for field, failures in by_field.items():
        yield context.loaded.newsletter_source.place(theme.nodes.get(field)), (
            f"theme.{field} {getattr(theme, field)} is too light to read: {'; '.join(failures)}; choose a darker "
            "colour")


@lru_cache(maxsize=16)
def _failing(palette: Palette) -> tuple[tuple[str, str, float, float], ...]:
    """Return the colour pairs of a palette under their contrast: worked out once for every issue of the run."""
    return tuple(palette.failing())


@family.rule("contact-phone", WARNING, "contacts' phone numbers look like UK numbers")
def _contact_phone(context: CheckContext):
    source = context.loaded.newsletter_source
    for contact in context.loaded.newsletter.contacts:
        if contact.phone and not is_uk_phone(contact.phone):
            yield source.place(contact.nodes["phone"]), (
                f"'{contact.phone}' does not look like a UK phone number (11 digits starting 0, or +44); "
                "write it in quotes so YAML keeps its leading zero")
