"""The newsletter's colours, light and dark, from its theme: one palette for the email, the archive and the checks.

An editor gives the brand, accent and link colours in newsletter.yaml; the rest
is fixed, chosen for contrast. The dark scheme is derived, never typed: each
colour an editor gives is lightened just enough to be read on the dark card, so
every text reaches WCAG AA (4.5:1) in both schemes and the quote bar 3:1. What
an editor gives is checked, not assumed (``pairs``): `lacnews check` and the
tests compute the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

from lacnews.base.colour import AA_NORMAL_TEXT, contrast, lighten_until_readable
from lacnews.base.schema import Theme

AA_GRAPHICS = 3.0  # WCAG 1.4.11: a bar, a rule that carries meaning
# The dark scheme's colours are lightened further than AA asks: at 4.5:1 on a dark card a brand's blue
# reads as dim grey-blue; 7:1 (AAA) keeps it the brand's colour and crisp.
DARK_TEXT = 7.0
DARK_BAR = 4.5
SAFE_FONTS = "Arial, Helvetica, sans-serif"
# Fonts every Windows has, which Outlook's Word engine may use; for any other, it falls back to Times.
WINDOWS_FONTS = {"arial", "helvetica", "verdana", "tahoma", "trebuchet ms", "georgia", "times new roman",
                 "segoe ui", "calibri", "cambria", "candara", "corbel", "consolas", "courier new", "palatino linotype",
                 "book antiqua", "lucida sans unicode", "century gothic", "garamond"}
GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}


@dataclass(frozen=True)
class Palette:
    """Every colour the templates use, in the light scheme and the dark one."""

    brand: str  # the masthead: the newsletter's name and the band above it
    accent: str  # section headings, buttons, the quote bar
    link: str
    heading_font: str
    heading_font_outlook: str
    page: str = "#f3f4f6"
    card: str = "#ffffff"
    text: str = "#1f2933"
    muted: str = "#4b5563"
    rule: str = "#d9dee4"
    button_text: str = "#ffffff"
    plate: str = "#ffffff"  # behind the logo, so a dark logo stays visible in dark mode
    page_dark: str = "#121212"
    card_dark: str = "#1e1e1e"
    text_dark: str = "#e6e8eb"
    muted_dark: str = "#b4bcc6"
    rule_dark: str = "#3a3f45"

    @property
    def brand_dark(self) -> str:
        return lighten_until_readable(self.brand, self.card_dark, DARK_TEXT)

    @property
    def accent_dark(self) -> str:
        return lighten_until_readable(self.accent, self.card_dark, DARK_TEXT)

    @property
    def link_dark(self) -> str:
        return lighten_until_readable(self.link, self.card_dark, DARK_TEXT)

    @property
    def bar_dark(self) -> str:
        return lighten_until_readable(self.accent, self.card_dark, DARK_BAR)

    def pairs(self) -> list[tuple[str, str, str, str, float]]:
        """Return every pair of colours a reader must tell apart: (what, scheme, foreground, background, needed)."""
        return [
            ("text", "light", self.text, self.card, AA_NORMAL_TEXT),
            ("quieter text (dates, bylines)", "light", self.muted, self.card, AA_NORMAL_TEXT),
            ("the footer's text and links", "light", self.muted, self.page, AA_NORMAL_TEXT),
            ("theme.brand (the masthead)", "light", self.brand, self.card, AA_NORMAL_TEXT),
            ("theme.accent (section headings)", "light", self.accent, self.card, AA_NORMAL_TEXT),
            ("theme.link (links)", "light", self.link, self.card, AA_NORMAL_TEXT),
            ("a button's words on theme.accent", "light", self.button_text, self.accent, AA_NORMAL_TEXT),
            ("the quote bar (theme.accent)", "light", self.accent, self.card, AA_GRAPHICS),
            ("text", "dark", self.text_dark, self.card_dark, AA_NORMAL_TEXT),
            ("quieter text (dates, bylines)", "dark", self.muted_dark, self.card_dark, AA_NORMAL_TEXT),
            ("the footer's text and links", "dark", self.muted_dark, self.page_dark, AA_NORMAL_TEXT),
            ("theme.brand (the masthead)", "dark", self.brand_dark, self.card_dark, AA_NORMAL_TEXT),
            ("theme.accent (section headings)", "dark", self.accent_dark, self.card_dark, AA_NORMAL_TEXT),
            ("theme.link (links)", "dark", self.link_dark, self.card_dark, AA_NORMAL_TEXT),
            ("a button's words on theme.accent", "dark", self.button_text, self.accent, AA_NORMAL_TEXT),
            ("the quote bar (theme.accent)", "dark", self.bar_dark, self.card_dark, AA_GRAPHICS),
        ]

    def failing(self) -> list[tuple[str, str, float, float]]:
        """Return (what, scheme, ratio, needed) for each pair under its contrast."""
        return [(what, scheme, contrast(fore, back), needed) for what, scheme, fore, back, needed in self.pairs()
                if contrast(fore, back) < needed]


def font_stack(fonts: str | None) -> str:
    """Return a heading font stack that ends in fonts every reader has."""
    if not fonts:
        return SAFE_FONTS
    families = [family.strip() for family in fonts.split(",") if family.strip()]
    if families[-1].strip("'\"").lower() in GENERIC_FAMILIES:
        return ", ".join(families)
    return ", ".join(families + [SAFE_FONTS])


def outlook_font(stack: str) -> str:
    """Return the font Outlook for Windows uses for headings: the first of the stack it has, else Arial."""
    for family in stack.split(","):
        name = family.strip().strip("'\"")
        if name.lower() in WINDOWS_FONTS:
            return f"'{name}'" if " " in name else name
    return "Arial"


def palette_of(theme: Theme) -> Palette:
    """Return the palette of a newsletter's theme."""
    stack = font_stack(theme.heading_font)
    return Palette(brand=theme.brand or theme.accent, accent=theme.accent, link=theme.link or theme.accent,
                   heading_font=stack, heading_font_outlook=outlook_font(stack))
