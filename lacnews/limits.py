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

COLUMN_WIDTH = 536
"""The email's text column in pixels (600 less its padding): the widest an image is shown."""
MIN_LOGO_WIDTH = 40
"""The narrowest a masthead logo may be asked to be (theme.logo_width; 240 when left out)."""
PICTURE_BUDGET = 200 * 1024
"""One prepared picture: more than this is slow to arrive on a phone, so `check` warns."""
PICTURES_BUDGET = 1024 * 1024
"""All of one issue's prepared pictures together, for readers on metered data."""
MAX_PICTURE_BYTES = 40 * 1024 * 1024
"""The largest picture file lacnews opens: a camera's largest JPEG is a fraction of it."""
MAX_PICTURE_PIXELS = 80_000_000
"""The most pixels a picture may have (a 48-megapixel phone photo has 48 million): a file that says it
has more is refused before it is decoded, so a small file cannot fill the memory (a decompression bomb)."""
