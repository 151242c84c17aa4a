"""What merge tags become where a person reads the email: now in lacnews.text.mergetags, their one home.

Kept only so that the modules still importing from here (outputs/proof.py, outputs/archive_page.py,
commands/preview/watcher.py) go on working until they import from lacnews.text.mergetags; then delete it.
"""

from lacnews.text.mergetags import (
    SAMPLE_VALUES,
    WEB_VALUES,
    fill_for_web,
    fill_merge_tags,
)

__all__ = ["SAMPLE_VALUES", "WEB_VALUES", "fill_for_web", "fill_merge_tags"]
