"""The email as inboxes show it, in Debian's Chromium: light and dark, desktop and phone, and Outlook's branch.

Every text's colour is read from the page as drawn and measured against the
background it is drawn on, in both schemes; the Outlook-only blocks are
switched on to see that Outlook's layout is the one everyone else gets.
"""

from __future__ import annotations

import re

import pytest
from conftest import copy_case

from lacnews.base.colour import contrast

pytestmark = pytest.mark.browser

# Every element with its own text: its colour and the background it sits on (the nearest painted one).
COLOURS = """() => {
    const rgb = s => '#' + s.match(/[\\d.]+/g).slice(0, 3).map(n => Math.round(+n).toString(16).padStart(2, '0')).join('');
    const painted = element => {
        for (let node = element; node; node = node.parentElement) {
            const style = getComputedStyle(node);
            if (style.backgroundColor && !/rgba\\(0, 0, 0, 0\\)|transparent/.test(style.backgroundColor)) {
                return rgb(style.backgroundColor);
            }
            if (node.getAttribute && node.getAttribute('bgcolor') && node !== element) return null;
        }
        return '#ffffff';
    };
    const found = [];
    for (const element of document.body.querySelectorAll('*')) {
        const own = [...element.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own || element.closest('.preheader')) continue;
        const box = element.getBoundingClientRect();
        if (!box.width || !box.height) continue;
        found.push({tag: element.tagName, cls: element.className, text: element.textContent.trim().slice(0, 40),
                    colour: rgb(getComputedStyle(element).color), background: painted(element)});
    }
    const bar = document.querySelector('.quote-bar');
    return {texts: found,
            bar: bar ? [rgb(getComputedStyle(bar).backgroundColor), painted(bar.parentElement)] : null};
}"""


def open_email(browser, path, width, scheme="light"):
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(path.as_uri())
    return page


@pytest.fixture(scope="module")
def every_field(tmp_path_factory):
    from conftest import build_issue

    return build_issue(copy_case("every-field", tmp_path_factory.mktemp("every-field"), "every-field"),
                       "every-field")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_and_the_quote_bar_are_readable_in_both_schemes(browser, may_2020, every_field, scheme, tmp_path):
    for built in (may_2020, every_field):
        page = open_email(browser, built.html_path, 600, scheme)
        found = page.evaluate(COLOURS)
        page.screenshot(path=str(tmp_path / f"{built.slug}-{scheme}.png"), full_page=True)
        page.close()
        assert len(found["texts"]) > 20
        weak = [(each["text"], each["colour"], each["background"], round(contrast(each["colour"], each["background"]), 2))
                for each in found["texts"] if each["background"]
                and contrast(each["colour"], each["background"]) < 4.5]
        assert not weak, weak
        if found["bar"]:
            bar, background = found["bar"]
            assert contrast(bar, background) >= 3, (bar, background)
        backgrounds = {each["background"] for each in found["texts"]}
        assert ("#ffffff" in backgrounds) == (scheme == "light")


def test_the_dark_scheme_is_designed_not_inverted(browser, may_2020):
    page = open_email(browser, may_2020.html_path, 600, "dark")
    heading, link, button, button_text, bar = page.evaluate("""() => {
        const c = (s, p) => getComputedStyle(document.querySelector(s))[p];
        return [c('h2', 'color'), c('td.section p a:not(.button-link)', 'color'), c('.button-cell', 'backgroundColor'),
                c('.button-link', 'color'), c('.quote-bar', 'backgroundColor')];
    }""")
    page.close()
    card = "#1e1e1e"

    def hex_of(css):
        return "#" + "".join(f"{int(n):02x}" for n in re.findall(r"\d+", css)[:3])

    assert contrast(hex_of(heading), card) >= 7 and contrast(hex_of(link), card) >= 7  # crisp, not merely legible
    assert contrast(hex_of(button_text), hex_of(button)) >= 4.5
    assert contrast(hex_of(bar), card) >= 3


@pytest.mark.parametrize("width", [800, 375])
def test_buttons_are_table_cells_and_fill_the_column_on_a_phone(browser, may_2020, width):
    page = open_email(browser, may_2020.html_path, width)
    cells = page.evaluate("""() => [...document.querySelectorAll('.button-cell')].map(cell => {
        const link = cell.querySelector('a'), c = cell.getBoundingClientRect(), l = link.getBoundingClientRect();
        const column = cell.closest('td.cell').getBoundingClientRect();
        const style = getComputedStyle(cell.closest('td.cell'));
        return {cell: [c.width, c.height], link: [l.width, l.height], bgcolor: cell.getAttribute('bgcolor'),
                mso: cell.getAttribute('style'), column: column.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)};
    })""")
    page.close()
    assert cells
    for cell in cells:
        assert cell["bgcolor"] == "#1d5c7a" and "mso-padding-alt:11px 20px" in cell["mso"]
        assert abs(cell["link"][0] - cell["cell"][0]) < 1 and abs(cell["link"][1] - cell["cell"][1]) < 1  # all link
        assert cell["cell"][1] >= 40  # a finger's height
        if width == 375:
            assert abs(cell["cell"][0] - cell["column"]) < 1  # full width on a phone
        else:
            assert cell["cell"][0] < cell["column"]


def test_outlooks_branch_lays_the_email_out_as_everyone_else_sees_it(browser, every_field, tmp_path):
    """Outlook for Windows reads the blocks inside <!--[if mso]>: switched on here, lists, quotes, buttons and the
    column must sit where they sit without them (Chromium ignores the mso- properties, as others do)."""
    html = every_field.html
    assert "<!--[if mso]>" in html
    opened = re.sub(r"<!--\[if mso\]>|<!\[endif\]-->", "", html)
    outlook = tmp_path / "outlook.html"
    outlook.write_text(opened, encoding="utf-8")

    def layout(path):
        page = open_email(browser, path, 800)
        found = page.evaluate("""() => {
            const box = s => [...document.querySelectorAll(s)].map(e => {
                const r = e.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.width)]; });
            return {li: box('td.cell li'), quote: box('.quote-text'), bar: box('.quote-bar'),
                    button: box('.button-cell'), card: box('table.card'), h2: box('h2')};
        }""")
        page.close()
        return found

    everyone, outlook_view = layout(every_field.html_path), layout(outlook)
    assert everyone["li"] and everyone["quote"] and everyone["button"]
    for part in ("li", "quote", "bar", "button", "h2"):
        for ours, theirs in zip(everyone[part], outlook_view[part]):
            assert abs(ours[0] - theirs[0]) <= 2, (part, ours, theirs)
    assert outlook_view["card"][0][1] == 600  # the fixed 600 px table Outlook needs, in place


@pytest.mark.parametrize("width", [600, 375])
def test_may_2020_in_light_and_dark_on_desktop_and_phone(browser, may_2020, width, tmp_path):
    for scheme in ("light", "dark"):
        page = open_email(browser, may_2020.html_path, width, scheme)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        widest = page.evaluate("Math.max(...[...document.images].map(i => i.getBoundingClientRect().width), 0)")
        assert widest <= min(536, width - 32)
        page.screenshot(path=str(tmp_path / f"may-2020-{width}-{scheme}.png"), full_page=True)
        page.close()
    assert len(may_2020.html.encode()) < 40 * 1024


def test_the_footer_does_its_job(browser, may_2020):
    page = open_email(browser, may_2020.html_path, 600)
    footer = page.evaluate("""() => {
        const f = document.querySelector('td.footer'), s = getComputedStyle(f);
        return {align: s.textAlign, size: parseFloat(s.fontSize), text: f.innerText,
                links: [...f.querySelectorAll('a')].map(a => [a.textContent, a.getAttribute('href')])};
    }""")
    page.close()
    assert footer["align"] == "center" and footer["size"] >= 14
    links = dict(footer["links"])
    assert links["View this email in your browser"] == "*|ARCHIVE|*"
    assert links["Forward to a friend"] == "*|FORWARD|*"
    assert links["Update your preferences"] == "*|UPDATE_PROFILE|*"
    assert links["Unsubscribe"] == "*|UNSUB|*"
    assert links["Why did I get this?"] == "*|ABOUT_LIST|*"
    assert "York House, 10 Haywra Street" in footer["text"] and "*|REWARDS|*" in footer["text"]
    assert "mailto:*|EMAIL|*" not in may_2020.html


def test_a_logo_shows_in_the_masthead_on_a_light_plate_in_dark_mode(browser, tmp_path):
    import picture_files
    from conftest import MINIMAL_ISSUE, MINIMAL_NEWSLETTER, TempProject

    project = TempProject(tmp_path / "news")
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "images_url: https://news.example.org/i/\n"
                  "theme:\n  brand: '#6b2c91'\n  heading_font: Georgia, serif\n"
                  "  logo: {src: images/logo.png, alt: Test Network}\n  logo_width: 200\n")
    project.issue("march-2021", MINIMAL_ISSUE)
    picture_files.write_transparent(project.root / "images" / "logo.png", 400)
    assert project.run("build", "march-2021").code == 0
    folder = project.root / "build" / "march-2021"
    for scheme in ("light", "dark"):
        page = browser.new_page(viewport={"width": 600, "height": 700}, color_scheme=scheme)
        page.route("https://news.example.org/i/**",
                   lambda route: route.fulfill(path=str(folder / "images" / route.request.url.rsplit("/", 1)[1])))
        page.goto((folder / "email.html").as_uri())
        page.wait_for_load_state("load")
        shown = page.evaluate("""() => {
            const logo = document.querySelector('.masthead img'), plate = logo.closest('td');
            const h1 = getComputedStyle(document.querySelector('h1'));
            return {width: logo.getBoundingClientRect().width, loaded: logo.naturalWidth > 0,
                    plate: getComputedStyle(plate).backgroundColor, font: h1.fontFamily, colour: h1.color};
        }""")
        page.screenshot(path=str(tmp_path / f"logo-{scheme}.png"))
        page.close()
        assert shown["loaded"] and shown["width"] == 200
        assert shown["font"].startswith("Georgia")
        if scheme == "dark":
            assert shown["plate"] == "rgb(255, 255, 255)"
        else:
            assert shown["colour"] == "rgb(107, 44, 145)"  # the brand's colour
