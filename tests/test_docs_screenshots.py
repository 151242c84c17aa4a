"""The guide's pictures of the preview are screenshots of the real preview, taken by the browser tests.

They are taken on every run (into a temporary folder) from `lacnews preview june-2020` in a copy of the
repository's project, in the session's one Chromium; with ``LACNEWS_UPDATE_SCREENSHOTS=1`` they are written
into docs/images/ instead, to be committed. Without it, the committed pictures must be whole PNG files of the
size the shots are taken at, as the guide's pages name them.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from conftest import REPO, copy_repo_project
from PIL import Image

IMAGES = REPO / "docs" / "images"
VIEWPORT = {"width": 1280, "height": 800}
SHOTS = ("preview-desktop.png", "preview-phone.png", "preview-findings.png", "preview-error.png")
UPDATE = os.environ.get("LACNEWS_UPDATE_SCREENSHOTS") == "1"


def pictures_named_by_the_guide() -> set[str]:
    named = set()
    for page in (REPO / "docs").rglob("*.md"):
        named |= set(re.findall(r"\]\(images/([\w-]+\.png)\)", page.read_text(encoding="utf-8")))
    return named


def test_the_guide_shows_only_committed_screenshots_and_each_is_a_sound_png():
    assert pictures_named_by_the_guide() <= set(SHOTS), "a page names a picture no test takes"
    for name in SHOTS:
        path = IMAGES / name
        assert path.is_file(), f"docs/images/{name} is missing: LACNEWS_UPDATE_SCREENSHOTS=1 pytest {__file__}"
        assert 10_000 < path.stat().st_size < 600_000, f"{name}: {path.stat().st_size} bytes"
        with Image.open(path) as picture:
            picture.verify()  # a whole PNG, not a cut-short one
        with Image.open(path) as picture:
            assert picture.format == "PNG" and picture.size == (VIEWPORT["width"], VIEWPORT["height"]), name


def wait_until(page, expression: str, timeout: float = 10) -> None:
    """Wait for ``expression`` to hold on ``page`` (the preview's Content-Security-Policy forbids eval)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        time.sleep(0.05)


def wait_for_pictures(page) -> None:
    """Wait until the email has drawn every picture it shows."""
    email = page.frame(url=re.compile(r"/email"))
    deadline = time.monotonic() + 10
    while not email.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"):
        assert time.monotonic() < deadline, "the email's pictures did not load"
        time.sleep(0.05)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.browser
def test_screenshots_of_the_preview(browser, tmp_path):
    from test_preview import RunningPreview

    folder = IMAGES if UPDATE else tmp_path
    project = copy_repo_project(tmp_path / "project", ("june-2020",))
    issue = project.root / "issues" / "june-2020.yaml"
    preview = RunningPreview(project, "june-2020")
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(preview.url)
        page.frame_locator("#frame").locator("h1").wait_for(timeout=10_000)
        wait_for_pictures(page)
        page.screenshot(path=str(folder / "preview-desktop.png"))

        page.click("button[data-view=phone]")
        wait_until(page, "document.getElementById('frame').getBoundingClientRect().width < 400")
        wait_for_pictures(page)
        page.screenshot(path=str(folder / "preview-phone.png"))
        page.click("button[data-view=desktop]")

        edit(issue, "title: Coffee mornings", "title: Coffee mornings in Haywra Streeet")
        page.locator("#findings li").first.wait_for(timeout=10_000)
        wait_for_pictures(page)
        page.screenshot(path=str(folder / "preview-findings.png"))

        edit(issue, "date: 2020-06", "date: 2020-16")
        page.locator("#error").wait_for(state="visible", timeout=10_000)
        page.screenshot(path=str(folder / "preview-error.png"))
    finally:
        context.close()
        code, _, err = preview.stop()
    assert code == 0 and "Traceback" not in err, err
    for name in SHOTS:
        with Image.open(folder / name) as taken:
            assert taken.size == (VIEWPORT["width"], VIEWPORT["height"]), name
