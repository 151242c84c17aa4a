"""lacnews's own Welsh, as the catalogue holds it: no inserted name after a word that mutates it, a translator's
comment saying what fills every placeholder, and the catalogues what Babel extracts from the templates now."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import REPO

from lacnews.base.i18n import LOCALE_DIR, available, catalogue_path

# Welsh words after which a noun's first letter changes (soft, aspirate or nasal mutation): a name put in by
# %(name)s cannot change, so it must never follow one of them.
MUTATING_WORDS = ("o", "i", "gan", "â", "ag", "am", "ar", "at", "dan", "dros", "drwy", "heb", "hyd", "wrth", "yn")
AFTER_MUTATING_WORD = re.compile(rf"(?<![\w’'-])(?:{'|'.join(MUTATING_WORDS)})\s+%\(\w+\)s", re.IGNORECASE)
PLACEHOLDER = re.compile(r"%\(\w+\)s")
TRANSLATORS = "TRANSLATORS:"


def catalogue(path):
    with path.open("rb") as stream:
        return read_po(stream, locale=path.parent.parent.name if path.suffix == ".po" else None)


def messages(path) -> list:
    return [message for message in catalogue(path) if message.id]


@pytest.mark.parametrize("written", [
    "Pob rhifyn o %(name)s",  # as the archive read: "o Cydlynu" for "o Gydlynu"
    "…am i chi danysgrifio i %(newsletter)s.",
    "Cyhoeddwyd gan %(name)s.",
    "Cysylltwch â %(name)s",
    "Cysylltwch ag %(name)s",
    "Rydych chi’n cael yr e-bost hwn yn %(email)s",
    "Darllen Am %(title)s",
])
def test_the_rule_finds_a_name_after_a_mutating_word(written):
    assert AFTER_MUTATING_WORD.search(written)


@pytest.mark.parametrize("written", [
    "Holl rifynnau %(name)s",
    "…oherwydd eich bod wedi tanysgrifio i’r cylchlythyr %(newsletter)s.",
    "Cyhoeddwr: %(name)s.",
    "E-bost neu ffôn %(name)s",
    "Mae hyn %(name)s",  # "yn" inside a word is not the word
])
def test_the_rule_lets_a_name_after_other_words_be(written):
    assert not AFTER_MUTATING_WORD.search(written)


def test_no_welsh_message_puts_an_inserted_name_after_a_word_that_mutates_it():
    found = [message.string for message in messages(catalogue_path("cy")) if AFTER_MUTATING_WORD.search(message.string)]
    assert found == []


def test_every_welsh_message_is_translated_and_keeps_its_placeholders():
    for message in messages(catalogue_path("cy")):
        assert message.string, message.id
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(message.id)), message.id


@pytest.mark.parametrize("path", [LOCALE_DIR / "lacnews.pot", *(catalogue_path(language) for language in available())],
                         ids=lambda path: path.relative_to(LOCALE_DIR).as_posix())
def test_every_message_with_a_placeholder_says_what_fills_it(path):
    with_placeholders = [message for message in messages(path) if PLACEHOLDER.search(message.id)]
    assert len(with_placeholders) >= 10
    for message in with_placeholders:
        comment = " ".join(message.auto_comments)
        assert comment, f"{message.id!r} has no translator's comment"
        for placeholder in PLACEHOLDER.findall(message.id):
            assert placeholder in comment, f"{message.id!r}: the comment does not say what {placeholder} is"


def test_a_contacts_line_is_one_message_with_the_name_and_its_context():
    """"Email", "Phone" and "Email or phone" were bare words a translator could not place (noun or verb?), and the
    name came after them in the template, where Welsh mutates it: each is now a message with the name and a
    comment."""
    ids = {message.id: message for message in messages(LOCALE_DIR / "lacnews.pot")}
    assert not {"Email", "Phone", "Email or phone", "Contact"} & set(ids)
    for msgid in ("Email or phone %(name)s", "Email %(name)s", "Phone %(name)s", "Contact %(name)s"):
        assert "How to get in touch" in " ".join(ids[msgid].auto_comments) or "Email or phone %(name)s" in \
            " ".join(ids[msgid].auto_comments), msgid


def test_the_catalogues_are_what_babel_extracts_from_the_templates_now():
    """A template's new or changed phrase, or its translator's comment, reaches the .pot and every .po (babel.cfg
    says how: pybabel extract -c TRANSLATORS:, then pybabel update)."""
    config = (REPO / "babel.cfg").read_text(encoding="utf-8")
    assert f"-c {TRANSLATORS}" in config
    extracted: dict[str, list[str]] = {}
    for _file, _line, msgid, comments, _context in extract_from_dir(
            str(REPO / "templates"), method_map=[("**.j2", "jinja2")], comment_tags=(TRANSLATORS,),
            strip_comment_tags=True):
        extracted.setdefault(msgid, [])
        extracted[msgid] += [comment for comment in comments if comment not in extracted[msgid]]
    for path in [LOCALE_DIR / "lacnews.pot", *(catalogue_path(language) for language in available())]:
        # a long comment is wrapped over several lines: compare its words
        held = {message.id: " ".join(" ".join(message.auto_comments).split()) for message in messages(path)}
        assert held == {msgid: " ".join(" ".join(comments).split()) for msgid, comments in extracted.items()}, path
