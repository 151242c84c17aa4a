"""Inline the email's CSS with premailer, keeping what mail clients need intact.

premailer's defaults are wrong for email in three ways measured here: they
strip ``!important`` from the @media rules they keep (the phone layout then
loses to the inlined desktop styles), a ``base_url`` rewrites
``href="*|UNSUB|*"`` into a broken address, and they fetch remote stylesheets.
"""

from __future__ import annotations

import logging
import re

DOCTYPE = "<!DOCTYPE html>"


def inline_css(html: str) -> str:
    """Return ``html`` with its <style> rules inlined and its @media rules kept in <style>."""
    import premailer  # imported here so that `lacnews --help` does not pay for it

    transformed = premailer.Premailer(
        html,
        base_url=None,
        disable_link_rewrites=True,
        strip_important=False,
        keep_style_tags=False,
        remove_classes=False,
        allow_network=False,
        allow_loading_external_files=False,
        disable_validation=True,
        # Outlook sizes images by their width attribute: keep the pixels we wrote.
        disable_basic_attributes=["width", "height"],
        cssutils_logging_level=logging.CRITICAL,
        cache_css_parsing=True,
    ).transform()
    # lxml writes the old HTML 4 doctype it was given none of; mail clients want the plain one.
    transformed = re.sub(r"^<!DOCTYPE[^>]*>", "", transformed.lstrip(), flags=re.IGNORECASE)
    return f"{DOCTYPE}\n{transformed.lstrip()}"
