"""Merge tags in a page of one language are filled without parsing its HTML (issue 24): the same bytes as when
each tag's language is read from the elements around it, for every document, whatever its lang attributes."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from lacnews.text import mergetags
from lacnews.text.markdown import MERGE_TAG

BOUNDED = settings(max_examples=int(os.environ.get("LACNEWS_PROPERTY_EXAMPLES", "200")), deadline=None,
                   database=None, derandomize=True)

LANGUAGES = ("en", "cy", "EN", "", "en-GB")
# every way of writing a language that an HTML parser reads, and text that only looks like one
ATTRIBUTES = st.sampled_from(LANGUAGES).flatmap(lambda language: st.sampled_from([
    f' lang="{language}"', f" lang='{language}'", f" LANG=\"{language}\"", f" lang = \"{language}\"",
    f' xml:lang="{language}"', f' data-lang="{language}"', f" lang={language or 'x'}", "", ' class="lang"']))
ELEMENTS = st.sampled_from(["p", "div", "span", "td", "br", "img"])
PIECES = st.one_of(
    st.tuples(ELEMENTS, ATTRIBUTES).map(lambda element: f"<{element[0]}{element[1]}>"),
    ELEMENTS.map(lambda element: f"</{element}>"),
    st.sampled_from(["*|FNAME|*", "*|UNSUB|*", "*|MC:SUBJECT|*", "*|ARCHIVE|*", "*|LIST:COMPANY|*"]),
    st.sampled_from(["Hello ", " lang=\"cy\" in prose ", "Shwmae ", "\n", "&amp;", "<!-- lang=\"cy\" -->"]),
)


def _parsed(text: str, language: str, value) -> str:
    """The fill with each tag's language read by the parser, as every document was filled before."""
    written_in = mergetags._MarkedLanguages(text, language)
    return MERGE_TAG.sub(lambda match: value(match.group(0), written_in.at(match.start())), text)


@BOUNDED
@given(pieces=st.lists(PIECES, max_size=30), language=st.sampled_from(["en", "cy"]))
def test_a_page_in_one_language_is_filled_as_when_parsed(pieces: list[str], language: str) -> None:
    document = f'<html lang="{language}"><body>' + "".join(pieces) + "</body></html>"

    def value(tag: str, where: str) -> str:
        return f"[{tag} in {where}]"

    assert mergetags._fill(document, language, True, value) == _parsed(document, language, value)


def test_a_page_marking_another_language_is_still_parsed() -> None:
    document = '<html lang="en"><p>*|FNAME|*</p><p lang="cy">*|FNAME|*</p></html>'
    assert not mergetags._all_in(document, "en")
    filled = mergetags._fill(document, "en", True, lambda tag, where: where)
    assert filled == '<html lang="en"><p>en</p><p lang="cy">cy</p></html>'
