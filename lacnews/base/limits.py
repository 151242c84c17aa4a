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
MAX_PICTURE_DECODED_BYTES = 256 * 1024 * 1024
"""The most memory a picture may take to prepare, known from its header before it is decoded: its pixels as
Pillow holds them (4 bytes a pixel in colour, 1 in grey), the decoder's own copy for HEIC, AVIF and WebP,
and the working copies for a change of mode, turning it upright, and transparency. A 48-megapixel phone
JPEG is decoded at a fraction of its size and passes; a small PNG claiming 80 megapixels with transparency
does not."""
MAX_PICTURE_SIDE = 30_000
"""The most pixels a picture may have across or down (a phone's panorama has about 16,000): decoding
takes a step for every row, so a 1-pixel-wide strip 79 million rows tall is slow even though it is small."""
MAX_PICTURE_SHOWN_HEIGHT = 10_000
"""The tallest a picture may be shown in the email, in pixels, at its own width or the column's, whichever
is less (a long infographic across the column is about 6,000): a taller one is a strip longer than any
screen."""

MAX_DOCX_BYTES = 100 * 1024 * 1024
"""The largest Word document `lacnews add` opens: a long report full of photos is tens of MB."""
MAX_DOCX_PARTS = 1_000
"""The most files a Word document's zip may hold: one with fifty pictures holds about seventy."""
MAX_DOCX_UNPACKED_BYTES = 256 * 1024 * 1024
"""All of a Word document's parts unpacked, as its zip's directory declares them and as they are read."""
MAX_DOCX_XML_BYTES = 16 * 1024 * 1024
"""One XML part of a Word document unpacked (its text, styles, numbering, notes): the text of a 400-page
report is a few MB."""
MAX_DOCX_RATIO = 500
"""A part of more than DOCX_RATIO_FROM bytes that unpacks to more than this many times its packed size is
built to fill the memory: Word's XML packs 5 to 30 times, and Deflate cannot pack beyond about 1,000."""
DOCX_RATIO_FROM = 1024 * 1024
MAX_DOCX_XML_NODES = 150_000
"""Elements, attributes, pieces of text, comments and namespaces in the XML lacnews reads from one Word
document, counted as it is read: a 400-page report has about as many, and converting them takes a few seconds."""
MAX_DOCX_DEPTH = 200
"""How deeply a Word document's XML may nest: tables inside tables ten deep need about eighty (lxml
stops at 256)."""
MAX_DOCX_TEXT_RUN = 1024 * 1024
"""The longest stretch of characters between two XML tags: Word writes a paragraph's text in pieces of a
few KB, and one huge stretch is slow to read."""
MAX_DOCX_PARAGRAPHS = 10_000
"""Paragraphs in a Word document (empty ones too): ten thousand is several hundred pages, and an issue
file of more than 2 MB could not hold them."""
MAX_DOCX_PICTURES = 50
"""Pictures in a Word document `lacnews add` adds: each is written to images/, and an email of more than
a few is slow to arrive."""
MAX_DOCX_HEADINGS = 300
"""Headings in a Word document: each but the title starts an item of the new section."""
