"""What merge tags become where a person reads the email: now in lacnews.text.mergetags, their one home.

Kept only so that what still imports from here (tests/test_preview.py) goes on working until it imports
from lacnews.text.mergetags; then delete it.
"""

from lacnews.text.mergetags import (
    SAMPLE_VALUES,
    WEB_VALUES,
    fill_for_web,
    fill_merge_tags,
)

__all__ = ["SAMPLE_VALUES", "WEB_VALUES", "fill_for_web", "fill_merge_tags"]
