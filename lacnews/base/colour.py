"""Colour arithmetic for readable links: WCAG contrast, and an accent for dark mode."""

from __future__ import annotations

from functools import lru_cache

WHITE = "#ffffff"
DARK_CARD = "#1e1e1e"
AA_NORMAL_TEXT = 4.5


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(255, max(0, c))):02x}" for c in rgb)


def luminance(hex_colour: str) -> float:
    """Return the WCAG relative luminance of a colour."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@lru_cache(maxsize=64)  # pure, and asked for the same few colours many times a render
def lighten_until_readable(hex_colour: str, background: str = DARK_CARD,
                           ratio: float = AA_NORMAL_TEXT) -> str:
    """Return ``hex_colour`` mixed with white just enough to reach ``ratio`` on ``background``."""
    rgb = _rgb(hex_colour)
    for step in range(0, 101, 5):
        mix = step / 100
        candidate = _hex(tuple(c + (255 - c) * mix for c in rgb))
        if contrast(candidate, background) >= ratio:
            return candidate
    return WHITE
