"""A merge tag filled where nobody is a subscriber (the archive, a preview, a proof) reads as a word of the language
around it: in a page of Welsh and English blocks, each tag takes the word of the block it is written in, whatever
the nesting, and every other byte stays as it was."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from lacnews.text.mergetags import fill_for_web, fill_merge_tags

WORD_FOR = {"cy": "ddarllenydd", "en": "reader"}
LANGUAGES = [None, "cy", "cy-GB", "en", "en-GB"]
PROFILE = settings(max_examples=100, derandomize=True, database=None, deadline=None)

texts = st.lists(st.sampled_from(["Croeso, ", "Hello ", "*|FNAME|*", " &amp; ", "*|UNSUB|*", "<br>", "\n", "ŵ",
                                  "*|IF:FNAME|*", "*|FNAME|*, "]), max_size=6).map("".join)


def blocks(depth: int = 3):
    """A tree of blocks: (element, lang or None, children), a child being text or a block."""
    children = texts if depth == 0 else st.one_of(texts, st.deferred(lambda: blocks(depth - 1)))
    return st.tuples(st.sampled_from(["div", "p", "span", "td", "strong"]), st.sampled_from(LANGUAGES),
                     st.lists(children, max_size=4))


def written(block, language: str, fill: bool) -> str:
    """Return ``block`` as HTML; with ``fill``, each tag as the archive fills it in ``language`` (its block's)."""
    element, marked, children = block
    language = marked or language
    parts = []
    for child in children:
        if isinstance(child, str):
            if fill:
                word = WORD_FOR[language.split("-")[0]]
                child = child.replace("*|FNAME|*", word).replace("*|UNSUB|*", "").replace("*|IF:FNAME|*", "")
            parts.append(child)
        else:
            parts.append(written(child, language, fill))
    attribute = f' lang="{marked}"' if marked else ""
    return f"<{element}{attribute}>{''.join(parts)}</{element}>"


@PROFILE
@given(page_language=st.sampled_from(["cy", "en-GB"]), body=st.lists(blocks(), max_size=4))
def test_each_tag_is_filled_in_the_language_of_its_block(page_language, body):
    def page(fill: bool) -> str:
        inner = "".join(written(block, page_language, fill) for block in body)
        return f'<!DOCTYPE html>\n<html lang="{page_language}">\n<body>\n<div lang="{page_language}">{inner}</div>\n</body>\n</html>\n'

    assert fill_for_web(page(False), "S", escape=html.escape, language=page_language) == page(True)


def test_a_tag_in_an_attribute_or_outside_every_mark_takes_the_pages_language():
    page = '<p lang="cy"><img alt="*|FNAME|*"> *|FNAME|*</p><p lang="en-GB">*|FNAME|*</p> *|FNAME|*'
    assert fill_for_web(page, "S", escape=html.escape, language="en") == \
        '<p lang="cy"><img alt="reader"> ddarllenydd</p><p lang="en-GB">reader</p> reader'
    assert fill_for_web(page, "S", escape=html.escape, language="cy").endswith("</p> ddarllenydd")


def test_plain_text_takes_the_language_it_is_given():
    assert fill_for_web("Croeso, *|FNAME|*.", "S", language="cy") == "Croeso, ddarllenydd."
    assert fill_for_web("Welcome, *|FNAME|*.", "S") == "Welcome, reader."
    assert fill_merge_tags("*|LIST:NAME|* / *|LIST:COMPANY|*", language="cy-GB") == "cynulleidfa’r cylchlythyr / yr anfonwr"
    assert fill_merge_tags("*|LIST:NAME|*, *|FNAME|*") == "the newsletter's audience, Alex"


def test_a_preview_of_a_welsh_block_is_filled_in_welsh_and_escaped():
    page = '<div lang="cy"><p>*|LIST:COMPANY|* – *|LIST:NAME|*</p></div><div lang="en"><p>*|LIST:NAME|*</p></div>'
    assert fill_merge_tags(page, escape=html.escape) == (
        '<div lang="cy"><p>yr anfonwr – cynulleidfa’r cylchlythyr</p></div>'
        '<div lang="en"><p>the newsletter&#x27;s audience</p></div>')
