"""The built email in a real browser (Debian's Chromium): phone width, desktop width, dark mode."""

from __future__ import annotations

import pytest

from lacnews.base.colour import contrast

pytestmark = pytest.mark.browser

LONG_WORDS_ISSUE = """\
date: 2021-03
subject: Long words
sections:
  - title: A section with a very long address in it
    body: |
      See https://example.org/a/very/long/address/that/has/no/spaces/at/all/and/goes/on/and/on/forever
      and [a link](https://example.org/).
    items:
      - title: Wide image
        image: {src: "https://example.org/wide.png", alt: A wide image, width: 1200}
        link: {text: A call to action with quite a lot of words on its button, url: "https://example.org/"}
"""


def open_page(browser, path, width, scheme="light"):
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page.goto(path.as_uri())
    return page


def test_phone_width_has_no_sideways_scroll(browser, may_2020, tmp_path):
    page = open_page(browser, may_2020.html_path, 375)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # the phone rules from the kept media query apply: narrower side padding
    padding = page.evaluate("getComputedStyle(document.querySelector('td.section')).paddingLeft")
    assert padding == "16px"
    page.screenshot(path=str(tmp_path / "may-2020-phone.png"), full_page=True)
    page.close()


def test_long_addresses_and_wide_images_do_not_overflow_a_phone(browser, project):
    project.issue("march-2021", LONG_WORDS_ISSUE)
    assert project.run("build", "march-2021").code == 0
    page = open_page(browser, project.root / "build" / "march-2021" / "email.html", 320)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()


def test_desktop_shows_a_600px_column(browser, may_2020):
    page = open_page(browser, may_2020.html_path, 1024)
    width = page.evaluate("document.querySelector('table.card').getBoundingClientRect().width")
    assert width == 600
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    page.close()


def test_links_are_readable_in_light_and_dark_mode(browser, may_2020):
    def colours(scheme):
        page = open_page(browser, may_2020.html_path, 1024, scheme)
        found = page.evaluate("""() => {
            const link = document.querySelector('td.section a[href^="http"]:not(.button-link)');
            const card = document.querySelector('table.card');
            const rgb = s => '#' + s.match(/\\d+/g).slice(0, 3).map(n => (+n).toString(16).padStart(2, '0')).join('');
            return [rgb(getComputedStyle(link).color), rgb(getComputedStyle(card).backgroundColor)];
        }""")
        page.close()
        return found
    light_link, light_background = colours("light")
    dark_link, dark_background = colours("dark")
    assert light_background == "#ffffff" and dark_background != "#ffffff"
    assert contrast(light_link, light_background) >= 4.5
    assert contrast(dark_link, dark_background) >= 4.5


def test_contents_links_jump_to_their_sections(browser, project):
    project.issue("march-2021", "date: 2021-03\nsubject: S\nsections:\n"
                  + "".join(f"  - title: Section {n}\n    body: {'Words. ' * 200}\n" for n in range(1, 4)))
    assert project.run("build", "march-2021").code == 0
    page = open_page(browser, project.root / "build" / "march-2021" / "email.html", 1024)
    page.click("text=Section 3")
    top = page.evaluate("document.getElementById('section-3').getBoundingClientRect().top")
    assert -1 < top < 50
    page.close()
