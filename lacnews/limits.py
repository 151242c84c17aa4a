"""The sizes an email must stay within, shared by the pipeline, the checks and the preview."""

GMAIL_CLIP = 102 * 1024
"""Gmail clips a message whose HTML is larger, hiding the rest and the unsubscribe link."""
SIZE_WARNING = 80 * 1024
"""Above this the HTML is close enough to Gmail's clip that `check` warns."""
