"""Spelling per language: British English (hunspell-en-gb) and Welsh (aspell-cy), and words.txt's sections.

A test that needs a dictionary skips, naming the Debian package to install, when it is missing; with
LACNEWS_REQUIRE_BROWSER=1 (as CI runs) it fails instead, like the browser fixture.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import REPO

from lacnews.text import spelling
from lacnews.text.spelling import (
    Language,
    Speller,
    misspelt_in_every,
    project_words,
    word_sections,
    words_of,
)

WORDS = """\
# names, in every language
Llanfair   # a place
Farquharson

[cy]   # Welsh only
cydgynhyrchu

[en-GB]
Clenton   # a name: it counts in every language all the same
mins

[all]
Ystradgynlais
"""


def require(language: str) -> None:
    """Skip (or, with LACNEWS_REQUIRE_BROWSER=1, fail) when ``language``'s dictionary is missing."""
    found, reason = spelling.dictionary(language)
    if found is None:
        if os.environ.get("LACNEWS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"LACNEWS_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "words.txt").write_text(WORDS, encoding="utf-8")
    return tmp_path


@pytest.fixture
def welsh(root: Path) -> Speller:
    require("cy")
    return Speller(root, language="cy")


@pytest.fixture
def english(root: Path) -> Speller:
    require("en")
    return Speller(root)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# Welsh

def test_welsh_accepts_circumflexes_apostrophes_and_mutations(welsh: Speller):
    assert welsh.language == "cy" and welsh.name == "Welsh" and welsh.unavailable is None
    text = ("Mae'r gwirfoddolwyr yn y gymuned yn yfed dŵr yn y tŷ, ac mae ŷd i'r ieir a'r moch o’r fferm. "
            "Croeso i Gymru, i Lanfair ac i'r Ysgol Gymraeg yng Nghaerdydd: mae'n braf, sy'n dda, i'w weld, a thŷ.")
    assert welsh.misspelt(text) == []
    for word in ("dŵr", "tŷ", "ŷd", "Llanfair", "cymuned", "gwirfoddolwyr", "i'r", "a'r", "o'r", "i’r"):
        assert welsh.known(word), word


def test_welsh_finds_a_misspelt_word_with_a_suggestion(welsh: Speller):
    text = "Diolch i'r gwirfodolwyr am eu gwaith yn y cymunedd. Mae'r ysgol'r ar agor."
    assert welsh.misspelt(text) == ["gwirfodolwyr", "cymunedd", "ysgol'r"]
    assert welsh.suggestion("gwirfodolwyr") == "gwirfoddolwyr"
    assert welsh.suggestion("cymunedd") == "cymuned"


def test_welsh_composed_and_decomposed_circumflexes_read_alike(welsh: Speller):
    sentence = "Mae dŵr yn y tŷ ac ŷd yn y cae ŵyl."
    decomposed = nfd(sentence)
    assert decomposed != sentence and "w\u0302" in decomposed
    assert words_of(decomposed) == [nfd(word) for word in words_of(sentence)]
    assert nfd("dŵr") in words_of(decomposed)  # one word, not "dw" and "r"
    assert welsh.misspelt(sentence) == welsh.misspelt(decomposed) == []
    assert welsh.known(nfd("dŵr")) and welsh.known(nfd("tŷ")) and welsh.known(nfd("ŷd"))
    # A misspelt word is returned as written, so `check` finds it in the file.
    found = welsh.misspelt(nfd("Y dŵrr a'r cymunedd."))
    assert found == [nfd("dŵrr"), "cymunedd"] and all(word in nfd("Y dŵrr a'r cymunedd.") for word in found)
    assert welsh.suggestion(found[0])


def test_the_tokeniser_keeps_welsh_letters_and_apostrophes_inside_words():
    text = "i'r a'r o’r dŵr tŷ ŷd â'r ffôn sgïo côr Pen-y-ffordd ẃ ẅyth"
    assert words_of(text) == ["i'r", "a'r", "o'r", "dŵr", "tŷ", "ŷd", "â'r", "ffôn", "sgïo", "côr", "Pen", "ffordd",
                              "ẅyth"]


# words.txt sections

def test_words_txt_sections(root: Path):
    sections = word_sections(root)
    assert sections == {"all": {"llanfair", "farquharson", "ystradgynlais"}, "cy": {"cydgynhyrchu"},
                        "en": {"clenton", "mins"}}
    # a name counts in every language wherever it is written; another word in its section's language only
    assert project_words(root, "cy") == {"llanfair", "farquharson", "ystradgynlais", "cydgynhyrchu", "clenton"}
    assert project_words(root, "en-GB") == project_words(root) == {"llanfair", "farquharson", "ystradgynlais",
                                                                  "clenton", "mins"}


def test_the_repositorys_words_txt_names_count_in_every_language_and_its_welsh_words_in_welsh():
    english, welsh = project_words(REPO, "en"), project_words(REPO, "cy")
    assert {"kirklees", "harrogate", "focussing"} <= english & welsh  # before any section: every language
    assert {"diweddariad", "cydlynwyr", "cymunedol"} <= welsh - english  # the [cy] section
    assert set(word_sections(REPO)) == {"all", "cy"}


def test_a_words_txt_without_sections_or_at_all(tmp_path: Path):
    assert project_words(tmp_path, "cy") == set()
    (tmp_path / "words.txt").write_text("\ufeff# only comments\n\n  Kirklees  \nSt David’s\n", encoding="utf-8")
    assert project_words(tmp_path, "cy") == project_words(tmp_path, "en") == {"kirklees", "st david's"}


def test_a_section_word_counts_only_in_its_language_but_a_name_in_every_one(english: Speller, welsh: Speller):
    assert welsh.known("cydgynhyrchu") and not english.known("cydgynhyrchu")
    assert english.known("mins") and not welsh.known("mins")
    for name in ("Llanfair", "Farquharson", "Ystradgynlais", "Clenton"):
        assert english.known(name) and welsh.known(name), name
    assert welsh.misspelt("Diolch i Clenton a Farquharson, 5 mins.") == ["mins"]
    assert english.misspelt("Thanks to Clenton and Farquharson in Llanfair, 5 mins.") == []
    # why a word is still unknown: where words.txt has it
    listed = welsh.listed_elsewhere("mins")
    assert (listed.number, listed.section, listed.where()) == (10, "en", "line 10, below [en-GB] on line 8")
    assert english.listed_elsewhere("mins") is None and welsh.listed_elsewhere("Clenton") is None


# English, as before

def test_english_is_british_english_as_before(english: Speller):
    import enchant

    assert english.language == "en" and english.name == "British English" and english.unavailable is None
    # The en_GB enchant gives (Aspell's where aspell-en is installed, else hunspell-en-gb's), as before.
    assert english.provider == enchant.Dict("en_GB").provider.name
    assert english.dictionary.tag == "en_GB"
    assert english.misspelt("Our neighbourhood organisation's co-production in Llanfair.") == []
    assert english.misspelt("The Coronaviurs pandemic.") == ["Coronaviurs"]
    assert english.suggestion("Coronaviurs") == "Coronavirus"
    assert english.misspelt("Buerkli's team.") == ["Buerkli's"]  # Buerkli is in the repository's words.txt only
    assert Speller(REPO).misspelt("Buerkli's team, Kirklees.") == []


def test_each_language_has_its_own_answers(english: Speller, welsh: Speller):
    # Asked in English first, a word is still asked again in Welsh (and back), not taken from the other's answer.
    assert not english.known("gwirfoddolwyr") and welsh.known("gwirfoddolwyr")
    assert welsh.misspelt("neighbourhood") == ["neighbourhood"] and english.known("neighbourhood")
    # Mutations and joined words are Welsh only.
    assert not english.known("Nghymru") and not english.known("mae'r")


def test_a_text_written_once_may_be_in_any_language(english: Speller, welsh: Speller):
    assert misspelt_in_every([welsh, english], "Croeso, welcome to the cymuned and the Coronaviurs.") == [
        "Coronaviurs"]


# Without a dictionary

def test_a_missing_dictionary_is_said_not_crashed(root: Path, monkeypatch):
    monkeypatch.setitem(spelling.LANGUAGES, "cy", Language("cy", "Welsh", "zz_ZZ", "aspell", "aspell-cy"))
    speller = Speller(root, language="cy")
    assert speller.dictionary is None and speller.provider is None
    assert speller.unavailable == ("no zz_ZZ dictionary: install Debian's libenchant-2-2 and aspell-cy "
                                   "(apt-get install libenchant-2-2 aspell-cy)")
    assert speller.misspelt("Y cymunedd.") == [] and speller.suggestion("cymunedd") is None
    assert not speller.known("cymunedd") and speller.known("Llanfair")


def test_a_missing_enchant_library_is_said_not_crashed(root: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "enchant", None)  # import enchant raises ImportError
    monkeypatch.setitem(spelling.LANGUAGES, "cy", Language("cy", "Welsh", "zz_NO_ENCHANT", "aspell", "aspell-cy"))
    speller = Speller(root, language="cy")
    assert speller.unavailable == ("the enchant library is missing: install Debian's libenchant-2-2 and aspell-cy "
                                   "(apt-get install libenchant-2-2 aspell-cy)")
    assert speller.misspelt("Y cymunedd.") == []


def test_a_language_without_a_dictionary(root: Path):
    speller = Speller(root, language="fr")
    assert speller.unavailable == ("no spelling dictionary for 'fr': lacnews checks spelling in "
                                   "British English (en) and Welsh (cy)")
    assert speller.misspelt("Bonjour") == [] and speller.suggestion("Bonjuor") is None
    assert misspelt_in_every([speller], "Bonjuor") == []


def test_the_english_install_hint_is_unchanged():
    assert spelling.LANGUAGE == "en_GB"
    assert spelling.INSTALL_HINT == ("install Debian's libenchant-2-2 and hunspell-en-gb "
                                     "(apt-get install libenchant-2-2 hunspell-en-gb)")
    assert spelling.LANGUAGES["cy"].install_hint == (
        "install Debian's libenchant-2-2 and aspell-cy (apt-get install libenchant-2-2 aspell-cy)")
