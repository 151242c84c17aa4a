"""The one writer of the editor's YAML (lacnews.yaml.edit): every string reads back as itself, a value replaced
leaves every other value, comment and line ending as it was, an entry appended leaves the file above it byte
for byte, and what would not read back is not written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lacnews.yaml.edit import (
    CannotAppend,
    Replacement,
    appended,
    double_quoted,
    encoded,
    entry,
    literal_block,
    replaced,
    rewritten,
    scalar,
)
from lacnews.yaml.nodes import plain, value_at, walk
from lacnews.yaml.source import FAST_LOADER, Source

BOUNDED = settings(max_examples=60, deadline=None, database=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])
pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")


def reads_back(written: str) -> object:
    """Return what ``written`` holds, after checking that libyaml (lacnews's loader) and PyYAML agree on it."""
    value = yaml.load(written, Loader=FAST_LOADER)
    assert yaml.load(written, Loader=yaml.SafeLoader) == value
    return value


def source_of(text: str) -> Source:
    return Source(Path("issue.yaml"), text, yaml.compose(text, Loader=yaml.SafeLoader))


# Values

@BOUNDED
@given(text=st.text(), indent=st.integers(0, 12))
def test_every_string_is_written_so_that_it_reads_back_as_itself(text, indent):
    written = f"{' ' * indent}key: {scalar(text, indent)}\n{' ' * indent}next: 1\n"
    assert reads_back(written) == {"key": text, "next": 1}


@pytest.mark.parametrize("text", [
    "", " ", "\n", "a\n", "a\n\n", " leading\nline", "\nfirst line empty", "trailing spaces  \nx  ",
    "tab\tinside\n\tand first", "- a list\n- of items", "#not a comment\n# nor this", "key: value\n: x",
    "---\n...", "*|FNAME|*\n*|UNSUB|*", "CRLF\r\nline", "NEL\x85and LS\u2028and PS\u2029", "\ufeffBOM\nx",
    "control \x07 and \x1b[2J", "emoji 👩‍👩‍👧 and é\nsecond", "\"quotes\" and \\backslashes\\\nx",
    "   \n   \n",
    "a\n   \nb", "no", "2020-05", "1.10", "~", "null",
    "\t:\n",  # libyaml refuses a block whose line starts with a tab; PyYAML does not
])
def test_awkward_strings_read_back_as_themselves(text):
    for indent in (0, 2, 6):
        written = f"{' ' * indent}key: {scalar(text, indent)}\n"
        assert reads_back(written) == {"key": text}, written
        # plain where nothing else could be read: as text, as lacnews reads every value ("no" is "no")
        written = f"{' ' * indent}key: {scalar(text, indent, plain_if_safe=True)}\n"
        assert plain(yaml.compose(written, Loader=FAST_LOADER)) == (("key", text),), written
    assert reads_back(f"key: {double_quoted(text)}") == {"key": text}


def test_markdown_of_several_lines_is_written_as_a_block_and_plain_words_plain_when_asked():
    assert scalar("- one\n- two\n\nA *paragraph*.", 4) == "|-\n      - one\n      - two\n\n      A *paragraph*."
    assert scalar("Hello *|FNAME|*", 4) == '"Hello *|FNAME|*"'
    assert scalar("Local news – June 2020", 0, plain_if_safe=True) == "Local news – June 2020"
    assert scalar("Note: read this", 0, plain_if_safe=True) == '"Note: read this"'


@pytest.mark.parametrize("owner", [0, 2, 4, 8])
def test_a_block_whose_first_line_starts_with_a_space_says_its_indentation_from_its_field(owner):
    """The indentation indicator counts from the field's own column, however deep the field is."""
    value = "  indented first line\nsecond\n"
    lines = literal_block(value, owner, owner + 2)
    written = f"{' ' * owner}key: {lines}\n{' ' * owner}next: 1\n"
    nested = "".join(f"{' ' * level}level{level}:\n" for level in range(0, owner, 2))
    data = reads_back(nested + written)
    for level in range(0, owner, 2):
        data = data[f"level{level}"]
    assert data == {"key": value, "next": 1}


# Replacing a value

KEYS = st.text("abcdefghij", min_size=1, max_size=6)
VALUES = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\u2028\u2029\x85"),
                 max_size=30)


@st.composite
def mappings(draw) -> tuple[str, list[str], str]:
    """Return a YAML file of fields, with comments, in LF or CRLF, each value in one of YAML's styles; its keys;
    and its line break."""
    keys = draw(st.lists(KEYS, min_size=2, max_size=6, unique=True))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines = ["# the editor's file"]
    for key in keys:
        value = draw(VALUES)
        style = draw(st.sampled_from(["quoted", "block", "plain"]))
        if style == "plain" and value and value.strip() == value and value.isalnum():
            lines.append(f"{key}: {value}  # {key}'s comment")
        elif style == "block" and value.strip() and "\n" not in value:
            lines.append(f"{key}: |-{newline}  {value.strip()}")
        else:
            lines.append(f"{key}: {double_quoted(value)}")
        if draw(st.booleans()):
            lines.append(f"# between {key} and the next")
    return newline.join(lines) + newline, keys, newline


@BOUNDED
@given(mapping=mappings(), data=st.data())
def test_replacing_one_value_keeps_every_other_value_comment_and_line_ending(mapping, data):
    text, keys, newline = mapping
    source = source_of(text)
    key = data.draw(st.sampled_from(keys))
    new_value = data.draw(VALUES)
    node = value_at(source.root, key)
    edited, made = replaced(source, [Replacement(node, (rewritten(source, node, new_value),), new_value)])
    assert made, edited
    before, after = plain(source.root), plain(yaml.compose(edited, Loader=FAST_LOADER))
    assert after == tuple((name, new_value if name == key else value) for name, value in before)
    start, end = node.start_mark.index, node.end_mark.index
    assert edited.startswith(text[:start]) and edited.endswith(text[end:])  # comments and all, byte for byte
    if newline == "\r\n":
        assert edited.count("\n") == edited.count("\r\n")


def test_a_replacement_that_would_read_otherwise_is_not_made_and_holds_back_no_other():
    source = source_of("a: one\nb: two  # kept\nc: three\n")
    bad = Replacement(value_at(source.root, "a"), ("[not, text]",), "uno")
    good = Replacement(value_at(source.root, "c"), ('"tres"',), "tres")
    edited, made = replaced(source, [bad, good])
    assert made == [good] and edited == 'a: one\nb: two  # kept\nc: "tres"\n'


def test_an_aliased_value_replaced_is_replaced_wherever_it_is_used():
    source = source_of("a: &shared one\nb: *shared\n")
    node = value_at(source.root, "a")
    edited, made = replaced(source, [Replacement(node, ("&shared uno",), "uno")])
    assert made and reads_back(edited) == {"a": "uno", "b": "uno"}


def test_the_byte_order_mark_stays():
    assert encoded("a: b\n", b"\xef\xbb\xbfa: c\n") == b"\xef\xbb\xbfa: b\n"
    assert encoded("a: b\n", b"a: c\n") == b"a: b\n"


# Appending to a list

ISSUE = """\
date: 2021-03  # the month
sections:
  - title: One
    body: |
      Words.
    # a comment under the last section
contact: x
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_an_entry_appended_leaves_the_file_as_it_was_around_it(newline):
    text = ISSUE.replace("\n", newline)
    section = (("title", "Two"), ("body", "Line one\nline two"),
               ("items", [(("title", "A"), ("image", (("src", "images/a.png"), ("alt", "A picture"))))]))
    new_text, line = appended(source_of(text), "sections", section, "Added by a test")
    assert new_text.startswith(text[:text.index("contact:")])
    assert new_text.endswith(f"contact: x{newline}")
    assert new_text.split(newline)[line - 1] == '  - title: "Two"'
    assert new_text.split(newline)[line - 2] == "  # Added by a test"
    assert reads_back(new_text)["sections"][1] == {"title": "Two", "body": "Line one\nline two",
                                                   "items": [{"title": "A", "image": {"src": "images/a.png",
                                                                                      "alt": "A picture"}}]}
    if newline == "\r\n":
        assert new_text.count("\n") == new_text.count("\r\n")


@pytest.mark.parametrize("text, why", [
    ("sections: [{title: One}]\n", "flow"),
    ("[a, b]\n", "layout"),
    ("date: 2021-03\n", "missing"),
])
def test_a_list_text_cannot_be_appended_to_is_refused(text, why):
    with pytest.raises(CannotAppend) as refused:
        appended(source_of(text), "sections", (("title", "Two"),), "note")
    assert refused.value.why == why


def test_an_entry_is_written_with_its_lists_below_it_and_its_sets_of_fields_in_braces():
    assert entry((("title", "T"), ("items", [(("title", "A"),), (("body", "b\nc"),)]), ("image", (("src", "x"),))), 2) \
        == '  - title: "T"\n    items:\n      - title: "A"\n      - body: |-\n          b\n          c\n' \
           '    image: {src: "x"}\n'


def test_the_walk_visits_an_aliased_node_once():
    root = yaml.compose("a: &x [1, 2]\nb: *x\nc: *x\n", Loader=yaml.SafeLoader)
    nodes = list(walk(root))
    assert len(nodes) == len({id(node) for node in nodes}) == 1 + 3 + 1 + 2  # the file, a b c, the list, 1 2
