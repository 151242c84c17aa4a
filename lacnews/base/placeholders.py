"""Words lacnews writes for an editor to replace, and that must never reach subscribers.

`lacnews new` writes an example section, and `lacnews add` a stand-in for a
picture's missing description; `lacnews check` reports each while it is there,
as an error, so `build` refuses until it is replaced.
"""

from __future__ import annotations

SECTION_BODY = "The section's opening text."
ITEM_BODY = "What happened, in a paragraph or two."
PICTURE_ALT = "DESCRIBE THIS PICTURE"  # a picture whose document gave no description
SECTION_TITLE = "WRITE THIS SECTION'S TITLE"  # pasted text whose first line is not a title

EXAMPLE_SECTION = f"""\
{{dash}}title: This month's news
{{pad}}# An example section: replace it with your news, and copy it for more sections.
{{pad}}# layout: standard shows each item as a block; list shows a compact list of links.
{{pad}}body: |
{{pad}}  {SECTION_BODY} *Markdown* works here: **bold**, bullet lists
{{pad}}  (lines starting "* ") and [links with words that say where they lead](https://example.org/).
{{pad}}items:
{{pad}}  - title: A story
{{pad}}    # url: https://... makes the title a link; byline: who wrote it
{{pad}}    body: {ITEM_BODY}
{{pad}}    # image: {{{{src: images/photo.jpg, alt: "what the picture shows"}}}}  (a picture in the project, or https://...)
{{pad}}    # quote: {{{{text: "Words someone said", by: "Who said them"}}}}
{{pad}}    # link: {{{{text: Read the full story, url: "https://..."}}}}
"""

PLACEHOLDERS = {
    SECTION_BODY: "the example section's text from `lacnews new`",
    ITEM_BODY: "the example item's text from `lacnews new`",
    PICTURE_ALT: "a stand-in for a picture's description from `lacnews add`",
    SECTION_TITLE: "a stand-in for a section's title from `lacnews add`",
}
