"""Welsh and English: the repository's bilingual example built both ways, lacnews's words from the Welsh
catalogue, dates in Welsh, every block marked with its language, missing translations refused, and the
archive in each language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest
from conftest import REPO, copy_repo_project
from test_welsh_editions import ENGLISH, words

from lacnews.base.i18n import catalogue_path

SLUG = "cymru-mehefin-2020"


@pytest.fixture
def bilingual(tmp_path):
    return copy_repo_project(tmp_path / "lac", issues=("may-2020", SLUG))


def english_phrases() -> set[str]:
    """lacnews's own English phrases that Welsh translates differently, as they would show in a page."""
    from babel.messages.pofile import read_po

    with catalogue_path("cy").open("rb") as stream:
        catalogue = read_po(stream, locale="cy")
    phrases = set()
    for message in catalogue:
        if message.id and message.string and message.string != message.id:
            # the words around placeholders: "This email was sent by %(name)s." → "This email was sent by"
            phrases.update(part.strip(" .:") for part in re.split(r"%\(\w+\)s", message.id) if len(part.strip()) > 3)
    return phrases


def test_together_every_welsh_block_is_in_welsh_words_and_every_block_says_its_language(bilingual, browser, tmp_path):
    result = bilingual.run("build", SLUG)
    assert result.code == 0, result.output
    html, text = bilingual.built(SLUG)
    assert '<html lang="cy"' in html
    page = browser.new_page(viewport={"width": 600, "height": 900})
    page.goto((bilingual.root / "build" / SLUG / "email.html").as_uri())
    blocks = page.evaluate("""() => {
        const found = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const words = node.textContent.trim();
            if (!words || node.parentElement.closest('.preheader, style')) continue;
            const marked = node.parentElement.closest('[lang]');
            found.push({words, lang: marked.getAttribute('lang'), article: marked.getAttribute('role') === 'article'});
        }
        return found;
    }""")
    page.screenshot(path=str(tmp_path / "together-600.png"), full_page=True)
    page.close()
    unmarked = [b["words"] for b in blocks if b["article"] and not re.fullmatch(r"[*|A-Z_:]+|·", b["words"])]
    assert not unmarked, unmarked  # every block of words sits in an element that says its language
    welsh = " ".join(b["words"] for b in blocks if b["lang"] == "cy")
    english = " ".join(b["words"] for b in blocks if b["lang"] == "en-GB")
    for phrase in english_phrases():
        assert phrase not in welsh, phrase  # no English template phrase left in a Welsh block
    assert words(welsh) & ENGLISH == set()  # nor any English word of lacnews's, the shared block's labels included
    assert "Gwefan" in welsh and "Website" in english and "Facebook" in welsh  # the shared block in both, marked
    for welsh_phrase in ("Gweld yr e-bost hwn yn eich porwr", "Yn rhifyn y mis hwn", "Sut i gysylltu",
                         "Hawlfraint © 2020", "Dad-danysgrifio", "Anfon ymlaen at ffrind", "Mehefin 2020"):
        assert welsh_phrase in welsh, welsh_phrase
    assert "June 2020" in english and "Unsubscribe" in english
    assert welsh.index("Diolch i’n gwirfoddolwyr") < english.index("Thank you to our volunteers")  # Welsh first
    # the plain text holds both, Welsh first, with Welsh dates and words
    assert text.index("Diolch i’n gwirfoddolwyr") < text.index("Thank you to our volunteers")
    assert "Mehefin 2020 / June 2020" in text and "Dad-danysgrifio (*|UNSUB|*)" in text


def test_separate_one_email_per_language_each_linking_to_the_other(bilingual):
    path = bilingual.root / "issues" / f"{SLUG}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("languages: [cy, en]\n",
                                                              "languages: [cy, en]\nbilingual: separate\n"),
                    encoding="utf-8")
    config = bilingual.root / "newsletter.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://lacnetwork.org/bulletin/\n",
                      encoding="utf-8")
    result = bilingual.run("build", SLUG)
    assert result.code == 0, result.output
    folder = bilingual.root / "build" / SLUG
    welsh = (folder / "cy" / "email.html").read_text(encoding="utf-8")
    english = (folder / "en" / "email.html").read_text(encoding="utf-8")
    assert not (folder / "email.html").exists()
    assert '<html lang="cy"' in welsh and '<html lang="en-GB"' in english
    assert "Diolch i’n gwirfoddolwyr" in welsh and "Thank you to our volunteers" not in welsh
    assert "Thank you to our volunteers" in english and "Diolch i’n gwirfoddolwyr" not in english
    assert f'href="https://lacnetwork.org/bulletin/{SLUG}/en/" hreflang="en"' in welsh  # to the other's page
    assert f'href="https://lacnetwork.org/bulletin/{SLUG}/cy/" hreflang="cy"' in english
    assert "Mehefin 2020" in welsh and "Mehefin" not in english
    welsh_text = (folder / "cy" / "email.txt").read_text(encoding="utf-8")
    assert "Gweld yr e-bost hwn yn eich porwr (*|ARCHIVE|*)" in welsh_text and "English: https://" in welsh_text


def test_a_text_missing_in_one_language_is_refused_naming_both(bilingual):
    path = bilingual.root / "issues" / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  en: Local Area Coordination Network update – June 2020\n", ""), encoding="utf-8")
    result = bilingual.run("build", SLUG)
    assert result.code == 1
    assert re.search(rf"issues/{SLUG}\.yaml:8:\d+: error translation-missing: subject is given in cy but not in en",
                     result.err), result.err
    assert not (bilingual.root / "build" / SLUG).exists()


def test_versions_must_carry_the_same_merge_tags(bilingual):
    path = bilingual.root / "issues" / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  en: Welcome to the June update, *|FNAME|*.", "  en: Welcome to the June update."),
                    encoding="utf-8")
    result = bilingual.run("check", SLUG)
    assert result.code == 1
    assert "error translation-tags: intro: the en version's merge tags (none) are not the cy version's (*|FNAME|*)" \
        in result.out


def test_a_language_without_a_catalogue_is_refused(bilingual):
    path = bilingual.root / "issues" / f"{SLUG}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("languages: [cy, en]", "languages: [cy, en, gd]"),
                    encoding="utf-8")
    result = bilingual.run("check", SLUG)
    assert result.code == 1 and "lacnews has no words in 'gd' yet: the languages it has are cy, en" in result.out


def test_the_archive_offers_each_issue_in_each_language(bilingual):
    config = bilingual.root / "newsletter.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://lacnetwork.org/bulletin/\n",
                      encoding="utf-8")
    result = bilingual.run("build", "--all")
    assert result.code == 0, result.output
    site = bilingual.root / "build" / "site"
    welsh_page = (site / SLUG / "cy" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="cy"' in welsh_page and "Diolch i’n gwirfoddolwyr" in welsh_page
    assert '<link rel="alternate" hreflang="en" href="../en/">' in welsh_page
    assert '<link rel="alternate" hreflang="cy" href="../cy/">' in welsh_page
    assert "Holl rifynnau Cydlynu Ardal Leol yng Nghymru a Lloegr" in welsh_page
    together = (site / SLUG / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="cy" href="cy/">' in together
    welsh_index = (site / "cy" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="cy">' in welsh_index and "pob rhifyn" in welsh_index
    assert f'href="../{SLUG}/cy/index.html">Diweddariad Rhwydwaith Cydlynu Ardal Leol – Mehefin 2020' in welsh_index
    assert "may-2020" not in welsh_index  # an issue in English only is not listed in Welsh
    assert 'hreflang="en"' in welsh_index or 'hreflang="cy"' in (site / "index.html").read_text(encoding="utf-8")
    feed = ElementTree.parse(site / "cy" / "feed.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "cy"
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Diweddariad Rhwydwaith Cydlynu Ardal Leol – Mehefin 2020" in titles
    english_index = (site / "index.html").read_text(encoding="utf-8")
    assert "may-2020/index.html" in english_index
    # the English index lists the issues in English alone (the newsletter's en-GB) as well as the English half
    english_only = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert 'href="../may-2020/index.html"' in english_only and f'href="../{SLUG}/en/index.html"' in english_only
    links = [link.get("href") for link in ElementTree.parse(site / "en" / "feed.xml").iter(
        "{http://www.w3.org/2005/Atom}link")]
    assert "https://lacnetwork.org/bulletin/may-2020/" in links and "https://lacnetwork.org/bulletin/may-2020/en/" \
        not in links, links


def test_the_english_newsletter_is_unchanged_by_its_welsh_versions(may_2020):
    """newsletter.yaml gives its texts in English and Welsh; an English issue reads only the English."""
    assert "Updates on Local Area Coordination" in may_2020.html and "Newyddion" not in may_2020.html
    assert 'lang="cy"' not in may_2020.html
    assert "{cy:" in (REPO / "newsletter.yaml").read_text(encoding="utf-8") or \
        "  cy:" in (REPO / "newsletter.yaml").read_text(encoding="utf-8")
