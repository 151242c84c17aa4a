"""The sizes an email must stay within, shared by the pipeline, the checks and the preview."""

GMAIL_CLIP = 102 * 1024
"""Gmail clips a message whose HTML is larger, hiding the rest and the unsubscribe link."""
SIZE_WARNING = 80 * 1024
"""Above this the HTML is close enough to Gmail's clip that `check` warns."""

MAX_FILE_BYTES = 2 * 1024 * 1024
"""An issue or newsletter file: a year of monthly issues is a few hundred KB at most."""
MAX_DEPTH = 24
"""How deeply lists and sets of fields may nest in a file; the format needs six."""
MAX_VALUES = 50_000
"""How many values a file may hold once its aliases (*name) are expanded."""
MAX_EXPANDED_BYTES = 4 * 1024 * 1024
"""How much text a file may hold once its aliases are expanded."""
ALIAS_RATIO = 4
"""Aliases may repeat a file to this many times what is written in it (or to the room below, if more),
so the work of a build stays in proportion to the file's size."""
ALIAS_ROOM_VALUES = 2_000
ALIAS_ROOM_BYTES = 256 * 1024
MAX_SLUG = 80
"""The longest issue name: it becomes a folder's and a web address's name."""
