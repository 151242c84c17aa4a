"""Words put together as a sentence of lacnews's messages writes them."""

from __future__ import annotations


def listed(items: list[str]) -> str:
    """Return ``items`` as prose lists them: "a", "a and b", "a, b and c" ("" for none)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
