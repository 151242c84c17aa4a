"""Pictures within bounds known from their header: the memory they take decoded, their sides, and how tall
the email would show them; and a picture found whatever the Unicode normalisation of its name.

The bombs are real files made here (tests/picture_files.py): a 307 KB PNG 1 pixel wide and 79 million
tall, a 300 KB transparent PNG of 79 megapixels, a HEIC claiming 64 megapixels. `lacnews build` and
`lacnews add` run as an editor runs them, in a process of their own whose time and peak memory are
measured (tests/measured.py).
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import docx_files
import picture_files as made
import pytest
from conftest import MINIMAL_NEWSLETTER, TempProject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from measured import run_measured
from PIL import Image

from lacnews.base.limits import (
    MAX_PICTURE_DECODED_BYTES,
    MAX_PICTURE_SHOWN_HEIGHT,
    MAX_PICTURE_SIDE,
)
from lacnews.pipeline.pictures import PictureError, decoded_bytes, prepare

MAX_SECONDS = 10
MAX_PEAK_MB = 250
MB = 1024 * 1024
ISSUE = """\
date: 2021-03
subject: Pictures
sections:
  - title: News
    items:
      - title: A picture
        image: {{src: "{src}", alt: Volunteers at the coffee morning}}
        body: Everyone came.
"""


def picture_project(root: Path, src: str) -> TempProject:
    project = TempProject(root)
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "images_url: https://news.example.org/pictures/\n")
    project.issue("march-2021", ISSUE.format(src=src))
    return project


def sideways_strip(path: Path) -> Path:
    """A phone photo held sideways: stored 12,000 × 20, shown upright 20 wide and 12,000 tall."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (12_000, 20), (200, 60, 60)).save(path, "JPEG", exif=made.camera_exif(6).tobytes())
    return path


BAD_PICTURES = {
    "a strip 1 pixel wide and 79 million tall": (
        lambda path: made.write_plain_png(path.with_suffix(".png"), 1, 79_000_000),
        f"the picture is 1 × 79,000,000 pixels, more than the {MAX_PICTURE_SIDE:,} lacnews opens on a side: "
        "resize it in a photo program"),
    "a strip shown 12,000 pixels tall": (
        lambda path: made.write_plain_png(path.with_suffix(".png"), 20, 12_000),
        f"the picture is 20 × 12,000 pixels upright: shown 20 pixels wide, it would be 12,000 pixels tall, a strip "
        f"longer than any screen (at most {MAX_PICTURE_SHOWN_HEIGHT:,}); crop it, or resize it"),
    "a sideways photo that is a strip upright": (
        lambda path: sideways_strip(path.with_suffix(".jpg")),
        "the picture is 20 × 12,000 pixels upright"),
    "79 megapixels with transparency in 300 KB": (
        lambda path: made.write_plain_png(path.with_suffix(".png"), 8_900, 8_900, colour_type=6),
        "the picture is 8,900 × 8,900 pixels with transparency, which takes 604 MB of memory to prepare, over the "
        "256 MB lacnews uses for one picture"),
    "49 megapixels of palette with a transparent colour": (
        lambda path: made.write_plain_png(path.with_suffix(".png"), 7_000, 7_000, colour_type=3),
        "the picture is 7,000 × 7,000 pixels with transparency, which takes 421 MB of memory"),
    "a HEIC claiming 64 megapixels": (
        lambda path: made.write_heic_claiming(path.with_suffix(".heic"), 8_000, 8_000),
        "the picture is 8,000 × 8,000 pixels, which takes 427 MB of memory to prepare"),
}


@pytest.mark.parametrize("case", list(BAD_PICTURES))
def test_a_picture_bomb_is_refused_from_its_header_where_it_is_written(tmp_path, case):
    maker, words = BAD_PICTURES[case]
    picture = maker(tmp_path / "news" / "images" / "photo")
    assert picture.stat().st_size < 400 * 1024
    project = picture_project(tmp_path / "news", f"images/{picture.name}")
    result = run_measured("build", "march-2021", cwd=project.root)
    assert result.code == 1, result.output
    assert f"issues/march-2021.yaml:7:22: sections[0].items[0].image.src: {words}" in result.err, result.err
    assert "resize it in a photo program (2000 pixels wide is plenty for an email)" in result.err
    assert not (project.root / "build").exists()
    assert result.seconds < MAX_SECONDS, f"{case}: {result.seconds:.1f} s"
    assert result.peak_mb < MAX_PEAK_MB, f"{case}: {result.peak_mb:.0f} MB"


def test_a_word_document_carrying_a_picture_bomb_is_added_without_it(lac, tmp_path):
    bomb = made.write_plain_png(tmp_path / "bomb.png", 8_900, 8_900, colour_type=6)
    document = docx_files.picture_docx(tmp_path / "Coffee morning.docx", bomb.read_bytes())
    assert document.stat().st_size < 400 * 1024
    images = sorted(path.name for path in (lac.root / "images").iterdir())
    result = run_measured("add", "may-2020", str(document), cwd=lac.root)
    assert result.code == 0, result.output
    assert ("note: picture 1 cannot go in an email (the picture is 8,900 × 8,900 pixels with transparency, which "
            "takes 604 MB of memory to prepare") in result.out
    assert "resize it in a photo program" in result.out
    assert sorted(path.name for path in (lac.root / "images").iterdir()) == images
    assert "Everyone came." in (lac.root / "issues" / "may-2020.yaml").read_text(encoding="utf-8")
    assert result.seconds < MAX_SECONDS and result.peak_mb < MAX_PEAK_MB, result


def test_a_wide_thin_divider_and_a_long_infographic_are_fine(tmp_path):
    divider = prepare(made.write_plain_png(tmp_path / "divider.png", 2_500, 4).read_bytes(), "divider", None, 536)
    assert (divider.width, divider.height) == (536, 1)
    tall = prepare(made.write_plain_png(tmp_path / "tall.png", 800, 14_000).read_bytes(), "tall", None, 536)
    assert (tall.width, tall.height) == (536, 9_380)  # under the 10,000 the email shows at most


def header(data: bytes):
    """Return the picture in ``data`` opened, not decoded, whatever size it claims."""
    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        return Image.open(io.BytesIO(data))
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def test_the_memory_a_picture_takes_is_known_from_its_header():
    pixels = 8_000 * 8_000
    assert decoded_bytes(header(made.png_claiming(8_000, 8_000, 2)), "PNG") == 4 * pixels  # RGB: 4 bytes a pixel
    assert decoded_bytes(header(made.png_claiming(8_000, 8_000, 0)), "PNG") == pixels  # grey: 1
    assert decoded_bytes(header(made.png_claiming(8_000, 8_000, 6)), "PNG") == 8 * pixels  # and a premultiplied copy
    assert decoded_bytes(header(made.png_claiming(8_000, 8_000, 3)), "PNG") == 9 * pixels  # to RGBA, premultiplied
    assert decoded_bytes(header(made.png_claiming(8_000, 8_000, 2)), "PNG", orientation=6) == 8 * pixels
    assert 4 * pixels <= MAX_PICTURE_DECODED_BYTES < 8 * pixels  # colour, yes; with transparency, no


def test_a_big_phone_photo_is_decoded_at_a_fraction_of_its_size_and_passes(tmp_path):
    photo = made.write_photo(tmp_path / "photo.jpg", 4_000, 3_000)
    prepared = prepare(photo.read_bytes(), "photo", None, 536)
    assert (prepared.width, prepared.pixel_width) == (536, 1072)


SIDES = st.one_of(st.integers(1, 64), st.integers(1, 200_000), st.sampled_from([MAX_PICTURE_SIDE,
                                                                                 MAX_PICTURE_SIDE + 1]))


@settings(max_examples=20, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(width=SIDES, height=SIDES, colour_type=st.sampled_from([0, 2, 3, 4, 6]))
def test_a_picture_over_any_bound_is_refused_in_words_before_it_is_decoded(width, height, colour_type):
    """Each file holds one row of pixels after its header: decoded, it would be "cut short"; so a message
    about a bound shows the picture was refused from its header, before any memory was taken for it."""
    picture = header(made.png_claiming(width, height, colour_type))
    over = (max(width, height) > MAX_PICTURE_SIDE or round(min(width, 536) * height / width) > MAX_PICTURE_SHOWN_HEIGHT
            or decoded_bytes(picture, "PNG") > MAX_PICTURE_DECODED_BYTES or width * height > 80_000_000)
    if not over and width * height > 250_000:
        return  # within the bounds, and too large to decode here for nothing
    try:
        prepared = prepare(made.png_claiming(width, height, colour_type), "claim", None, 536)
    except PictureError as exc:
        words = str(exc)
        assert ("resize it" in words or "save a smaller copy" in words) == over, words
        assert ("cut short" in words or "cannot be read" in words) != over, words
    else:
        assert not over and prepared.height <= MAX_PICTURE_SHOWN_HEIGHT


# Names whose accents are written two ways

@pytest.mark.parametrize("typed, on_disk", [("NFC", "NFD"), ("NFD", "NFC")])
def test_a_picture_is_found_whatever_the_unicode_normalisation_of_its_name(tmp_path, typed, on_disk):
    name = "Caffi'r Hafod/café.png"
    folder, file = (unicodedata.normalize(on_disk, part) for part in name.split("/"))
    made.write_logo(tmp_path / "news" / "images" / folder / file)
    project = picture_project(tmp_path / "news", "images/" + unicodedata.normalize(typed, name))
    assert not (project.root / "images" / unicodedata.normalize(typed, name)).exists()  # two names on this disk
    result = project.run("build", "march-2021")
    assert result.code == 0, result.output
    html, _ = project.built("march-2021")
    assert "https://news.example.org/pictures/caf" in html
    assert [path.suffix for path in (project.root / "build" / "march-2021" / "images").iterdir()] == [".png"]
