"""The one step every command stands on: an issue composed, in memory, writing nothing (``compose``, in
lacnews.compose.composition), with what a composition is (``composed``), what a build records of one
(``records``) and what several issues say together (``issues``).

The composition's names are read from lacnews.compose.composition when first asked for: reading the records
of past builds (`lacnews list`, a `build --all` with nothing changed) then imports nothing of rendering and
checking, which is most of a command's start.
"""

from __future__ import annotations

_COMPOSITION = ("compose", "load", "load_newsletter_of", "render_email", "render_emails", "render_page",
                "web_page")
__all__ = list(_COMPOSITION)


def __getattr__(name: str):
    if name in _COMPOSITION:
        from lacnews.compose import composition

        return getattr(composition, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
