"""The repository's bilingual issue as a Welsh reader gets it: no English word of lacnews's own outside a block marked
English (its phrases, its stand-ins for a subscriber's name, the website label), in the Welsh email, the Welsh page
of the archive and the Welsh index; each block and each index entry saying its language; the subject in both
languages where one email holds both; and newsletter.yaml's statement of the languages a reader may write in."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import lxml.html
import pytest
from babel.messages.pofile import read_po
from conftest import copy_repo_project

from lacnews.base.i18n import catalogue_path
from lacnews.text.mergetags import MERGE_TAG, SAMPLE_VALUES, WEB_VALUES

SLUG = "cymru-mehefin-2020"
SITE_URL = "site_url: https://lacnetwork.org/bulletin/\n"
CORRESPONDENCE = ("correspondence:\n  cy: Croesawir gohebiaeth yn Gymraeg a Saesneg.\n"
                  "  en: We welcome correspondence in Welsh and English.\n")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
PLACEHOLDER = re.compile(r"%\(\w+\)s")
PERSONAL = ("FNAME", "LNAME", "EMAIL")  # a sample subscriber's name and address are no language's words


def words(text: str) -> set[str]:
    """Return the words of ``text`` longer than two letters, in small letters; a merge tag is no word."""
    return {word.lower() for word in WORD.findall(MERGE_TAG.sub(" ", text)) if len(word) > 2}


def english_words() -> frozenset[str]:
    """The English words lacnews itself may put in an email or a page: its catalogue's, and its stand-ins for merge
    tags in a preview, a proof and the archive; less those its Welsh uses too (Atom, post)."""
    with catalogue_path("cy").open("rb") as stream:
        catalogue = read_po(stream, locale="cy")
    english, welsh = set(), set()
    for message in catalogue:
        if message.id:
            english |= words(PLACEHOLDER.sub(" ", message.id))
            welsh |= words(PLACEHOLDER.sub(" ", message.string))
    samples = [value for name, value in SAMPLE_VALUES.items() if name not in PERSONAL]
    for value in (*samples, *WEB_VALUES.values()):
        english |= words(value)
    return frozenset(english - welsh)


ENGLISH = english_words()


def texts_by_language(html: str, skip: tuple[str, ...] = ()):
    """Yield (language, text) for every text of a page a reader sees or hears: each element's words, its alt,
    title and aria-label, each in the language of the nearest element that says one. The preheader's own text
    (the filler that keeps the body out of an inbox's list) is left out; each language's preheader is read, in
    the span that marks its language."""
    root = lxml.html.document_fromstring(html)
    for element in root.iter():
        if not isinstance(element.tag, str) or "preheader" in (element.get("class") or "").split():
            continue  # a comment (its tail is its parent's text), or the hidden preheader
        language = next((e.get("lang") for e in (element, *element.iterancestors()) if e.get("lang")), "")
        if element.text and element.tag not in ("style", "script", *skip):
            yield language, element.text
        for name in ("alt", "title", "aria-label"):
            if element.get(name):
                yield language, element.get(name)
        for child in element:
            if child.tail:
                yield language, child.tail


def english_outside_english_blocks(html: str, skip: tuple[str, ...] = ()) -> set[str]:
    return {word for language, text in texts_by_language(html, skip) if not language.lower().startswith("en")
            for word in words(text) & ENGLISH}


@pytest.fixture(scope="module")
def together(tmp_path_factory):
    """The repository's project with the bilingual issue as it is (one email, Welsh first), a site_url and a
    statement of the languages readers may write in, after `lacnews build --all`."""
    project = copy_repo_project(tmp_path_factory.mktemp("together") / "lac", issues=("may-2020", SLUG))
    config = project.root / "newsletter.yaml"
    config.write_text(config.read_text(encoding="utf-8") + SITE_URL + CORRESPONDENCE, encoding="utf-8")
    result = project.run("build", "--all")
    assert result.code == 0, result.output
    return project


@pytest.fixture(scope="module")
def separate(tmp_path_factory):
    """The same, the issue sent one email per language, and its intro naming the audience."""
    project = copy_repo_project(tmp_path_factory.mktemp("separate") / "lac", issues=(SLUG,))
    config = project.root / "newsletter.yaml"
    config.write_text(config.read_text(encoding="utf-8") + SITE_URL + CORRESPONDENCE, encoding="utf-8")
    path = project.root / "issues" / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8").replace("languages: [cy, en]\n", "languages: [cy, en]\nbilingual: separate\n")
    text = text.replace("mis Mehefin, *|FNAME|*.", "mis Mehefin, *|FNAME|* (*|LIST:NAME|*).")
    path.write_text(text.replace("June update, *|FNAME|*.", "June update, *|FNAME|* (*|LIST:NAME|*)."),
                    encoding="utf-8")
    result = project.run("build", "--all")
    assert result.code == 0, result.output
    return project


def read(project, *parts: str) -> str:
    return project.root.joinpath("build", *parts).read_text(encoding="utf-8")


def test_the_detector_finds_lacnews_english():
    assert {"unsubscribe", "website", "phone", "reader", "audience", "published"} <= ENGLISH
    assert not {"atom", "post", "alex"} & ENGLISH
    page = '<html lang="cy"><body><p>Croeso, reader. <span lang="en-GB">Website</span></p><img alt="Phone"></body></html>'
    assert english_outside_english_blocks(page) == {"reader", "phone"}


def test_the_welsh_email_has_no_english_word_of_lacnews(separate):
    html, text = read(separate, SLUG, "cy", "email.html"), read(separate, SLUG, "cy", "email.txt")
    assert english_outside_english_blocks(html) == set()
    assert words(text) & ENGLISH == set()
    for welsh in ("Sut i gysylltu", "E-bost neu ffôn Cat am ymholiadau", "Gwefan: ", "Anfonwr yr e-bost hwn: ",
                  "i’r cyfeiriad *|EMAIL|* oherwydd eich bod wedi tanysgrifio i’r cylchlythyr Cydlynu Ardal Leol",
                  "Croesawir gohebiaeth yn Gymraeg a Saesneg.", "Wythnos Gwirfoddolwyr"):
        assert welsh in html and welsh in text.replace("\n", " "), welsh
    assert "Wythnos y Gwirfoddolwyr" not in html
    # and the English email is all English, the detector finding its words
    english = read(separate, SLUG, "en", "email.txt")
    assert {"unsubscribe", "website", "phone"} <= words(english) & ENGLISH
    assert "We welcome correspondence in Welsh and English." in english and "Croesawir" not in english


def test_the_welsh_page_and_index_of_the_archive_have_no_english_word_of_lacnews(together):
    page = read(together, "site", SLUG, "cy", "index.html")
    index = read(together, "site", "cy", "index.html")
    assert english_outside_english_blocks(page) == set()
    assert english_outside_english_blocks(index) == set()
    assert "Croeso i ddiweddariad mis Mehefin, ddarllenydd." in page  # the first name's stand-in, in Welsh
    assert "Holl rifynnau Cydlynu Ardal Leol yng Nghymru a Lloegr" in page and "Cyhoeddwr: " in page
    assert 'lang="en"' in page and ">English</a>" in page  # the link to the English page says its language


def test_the_page_of_both_languages_fills_a_first_name_in_the_language_around_it(together):
    page = read(together, "site", SLUG, "index.html")
    # the <title> holds the subject in both languages (no part of a title can say its language)
    assert english_outside_english_blocks(page, skip=("title",)) == set()
    assert "Croeso i ddiweddariad mis Mehefin, ddarllenydd." in page
    assert "Welcome to the June update, reader." in page


def test_the_website_and_social_accounts_are_shown_once_labelled_in_both_languages(together):
    html, text = together.built(SLUG)
    root = lxml.html.document_fromstring(html)
    [shared] = [p for p in root.iter("p") if "lacnetwork.org/" in p.text_content() and "Facebook" in p.text_content()]
    assert shared.get("lang") == "cy"
    assert shared.text_content().startswith("\nGwefan / Website: http://lacnetwork.org/")
    [english_label] = shared.findall("span")
    assert (english_label.get("lang"), english_label.text) == ("en-GB", "Website")
    # after both languages' contacts, in neither language's block
    assert html.index("Email or phone Nick") < html.index("Gwefan / <span")
    assert shared.getparent().tag == "td"
    assert text.count("Website") == 1 and "Gwefan / Website: http://lacnetwork.org/" in text
    assert text.index("Email or phone Nick") < text.index("Gwefan / Website")


def test_the_archive_index_marks_each_entrys_language(together):
    root = lxml.html.document_fromstring(read(together, "site", "index.html"))
    assert root.get("lang") == "en-GB"
    entries = {item.find("a").get("href"): item for item in root.iter("li")}
    assert {href: item.get("lang") for href, item in entries.items()} == {
        f"{SLUG}/index.html": "cy", "may-2020/index.html": "en-GB"}
    welsh = entries[f"{SLUG}/index.html"].text_content()
    assert "Mehefin 2020" in welsh and "Wythnos Gwirfoddolwyr" in welsh and "June" not in welsh
    welsh_index = lxml.html.document_fromstring(read(together, "site", "cy", "index.html"))
    assert [item.get("lang") for item in welsh_index.iter("li")] == ["cy"]
    # the feed of the whole archive says which entry is in Welsh
    feed = ElementTree.parse(together.root / "build" / "site" / "feed.xml").getroot()
    languages = {entry.find("{http://www.w3.org/2005/Atom}title").text: entry.get(
        "{http://www.w3.org/XML/1998/namespace}lang") for entry in feed.iter("{http://www.w3.org/2005/Atom}entry")}
    assert languages == {"Diweddariad Rhwydwaith Cydlynu Ardal Leol – Mehefin 2020": "cy",
                         "Local Area Coordination Network update – May 2020": None}


def test_one_email_of_both_languages_has_both_subjects_and_each_edition_its_own(together, separate):
    from lacnews.base.project import Project
    from lacnews.commands.preview.watcher import Previewer

    both = "Diweddariad Rhwydwaith Cydlynu Ardal Leol – Mehefin 2020 / Local Area Coordination Network update – June 2020"
    html, _ = together.built(SLUG)
    assert f"<title>{both}</title>" in html
    assert Previewer(Project(together.root)).state(SLUG).edition().subject == both
    assert "<title>Diweddariad Rhwydwaith Cydlynu Ardal Leol – Mehefin 2020</title>" in read(
        separate, SLUG, "cy", "email.html")
    assert "<title>Local Area Coordination Network update – June 2020</title>" in read(
        separate, SLUG, "en", "email.html")


def test_a_subject_written_once_is_the_subject_of_the_email_of_both_languages(tmp_path):
    project = copy_repo_project(tmp_path / "lac", issues=(SLUG,))
    path = project.root / "issues" / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  en: Local Area Coordination Network update – June 2020\n", "").replace(
        "subject:  # in one email", "subject: Diweddariad Mehefin 2020  # in one email").replace(
        "  cy: Diweddariad Rhwydwaith Cydlynu Ardal Leol – Mehefin 2020\n", ""), encoding="utf-8")
    result = project.run("build", SLUG)
    assert result.code == 0, result.output
    assert "<title>Diweddariad Mehefin 2020</title>" in project.built(SLUG)[0]


def test_each_edition_states_the_languages_readers_may_write_in(together):
    html, text = together.built(SLUG)
    root = lxml.html.document_fromstring(html)
    statements = {p.text_content(): next(e.get("lang") for e in p.iterancestors() if e.get("lang"))
                  for p in root.iter("p") if "orrespondence" in p.text_content() or "ohebiaeth" in p.text_content()}
    assert statements == {"Croesawir gohebiaeth yn Gymraeg a Saesneg.": "cy",
                          "We welcome correspondence in Welsh and English.": "en-GB"}
    assert text.index("Croesawir gohebiaeth") < text.index("Hawlfraint ©")
    english, english_text = together.built("may-2020")
    assert "We welcome correspondence in Welsh and English." in english_text and "Croesawir" not in english
    checked = together.run("check", SLUG)
    assert checked.code == 0 and "gohebiaeth" not in checked.output, checked.output


def test_a_statement_missing_in_one_language_is_refused(tmp_path):
    project = copy_repo_project(tmp_path / "lac", issues=(SLUG,))
    config = project.root / "newsletter.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "correspondence: {en: We welcome letters in Welsh.}\n",
                      encoding="utf-8")
    result = project.run("check", SLUG)
    assert result.code == 1
    assert re.search(r"newsletter\.yaml:\d+:\d+: error translation-missing: correspondence is given in en but not in "
                     r"cy", result.out), result.out


def test_a_proof_of_the_welsh_edition_fills_its_tags_in_welsh(separate):
    from lacnews.base.project import Project
    from lacnews.commands.send import make_proofs

    proofs = make_proofs(Project(separate.root), SLUG, ["editor@example.org"], "proofs@example.org")
    welsh = proofs.messages["cy"].get_body(("html",)).get_content()
    assert "Croeso i ddiweddariad mis Mehefin, Alex (cynulleidfa’r cylchlythyr)." in welsh
    assert english_outside_english_blocks(welsh) == set()
    english = proofs.messages["en"].get_body(("html",)).get_content()
    assert "Welcome to the June update, Alex (the newsletter&#x27;s audience)." in english


def test_an_archive_in_welsh_with_no_issues_yet_says_so_in_welsh(tmp_path):
    from conftest import TempProject

    project = TempProject(tmp_path / "newydd")
    project.write("newsletter.yaml", "name: Newyddion y Rhwydwaith\nlanguage: cy\nsender: {name: Y Rhwydwaith, "
                                     "organisation: Yr Ymddiriedolaeth, address: \"1 Stryd Fawr, Caerdydd\"}\n")
    result = project.run("build", "--all")
    assert result.code == 0, result.output
    index = read(project, "site", "index.html")
    assert "<p>Does dim rhifynnau eto.</p>" in index and "<title>Newyddion y Rhwydwaith: pob rhifyn</title>" in index
