"""Editors' own pictures: prepared for email, free of metadata, served, checked, and refused when bad.

Every picture here is a real file made with Pillow (tests/picture_files.py);
what lacnews writes is read back with Pillow and byte by byte.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import picture_files as made
import pytest
from conftest import MINIMAL_NEWSLETTER, TempProject
from PIL import Image

from lacnews.base.limits import PICTURE_BUDGET
from lacnews.pipeline import pictures
from lacnews.pipeline.pictures import PictureError, prepare

IMAGES_URL = "https://news.example.org/pictures/"

PICTURE_ISSUE = """\
date: 2021-03
subject: Pictures – March 2021
sections:
  - title: News
    items:
      - title: Coffee morning
        image: {src: images/coffee-morning.jpg, alt: Neighbours sharing tea at the coffee morning}
        body: A photo from a phone, held sideways.
      - title: Our partner
        image: {src: images/partner-logo.png, alt: Ystrad Community Hub, width: 200}
        body: A logo.
      - title: Volunteers' Week
        image: {src: images/badge.png, alt: "Volunteers' Week badge", width: 160}
        body: A transparent badge.
      - title: A divider
        image: {src: images/divider.png, decorative: true}
        body: Decoration only.
"""


def picture_project(root: Path, newsletter_extra: str = f"images_url: {IMAGES_URL}\n") -> TempProject:
    project = TempProject(root)
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + newsletter_extra)
    project.issue("march-2021", PICTURE_ISSUE)
    made.write_rotated(root / "images" / "coffee-morning.jpg", 6, 2400, 1800)
    made.write_logo(root / "images" / "partner-logo.png")
    made.write_transparent(root / "images" / "badge.png")
    made.write_logo(root / "images" / "divider.png", 1200, 40)
    return project


@pytest.fixture
def with_pictures(tmp_path) -> TempProject:
    return picture_project(tmp_path / "news")


def read(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def images_in(html: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'(\w+)="([^"]*)"', tag)) for tag in re.findall(r"<img\b[^>]*>", html)]


def assert_no_metadata(data: bytes) -> None:
    """Nothing but pixels: no EXIF (camera, GPS, thumbnail), XMP, comment, text or colour profile."""
    picture = read(data)
    assert not picture.getexif(), dict(picture.getexif())
    assert not set(picture.info) & {"exif", "xmp", "comment", "icc_profile", "Author", "XML:com.adobe.xmp"}
    if picture.format == "JPEG":
        assert set(made.jpeg_segments(data)) <= {"APP0", "DB", "C0", "C2", "C4", "DD", "DA"}, made.jpeg_segments(data)
    else:
        assert set(made.png_chunks(data)) <= {"IHDR", "PLTE", "tRNS", "IDAT", "IEND"}, made.png_chunks(data)
    for words in made.PRIVATE_WORDS:
        assert words not in data, words


# Preparing one picture

def test_a_phone_photo_leaves_without_its_gps_position_or_any_metadata(tmp_path):
    original = made.write_photo(tmp_path / "photo.jpg")
    assert read(original.read_bytes()).getexif().get_ifd(0x8825)[2] == made.GPS_LATITUDE  # it was there
    prepared = prepare(original.read_bytes(), "photo", None, 536)
    assert prepared.format == "JPEG"
    assert_no_metadata(prepared.data)


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_a_photo_taken_sideways_comes_out_upright(tmp_path, orientation):
    original = made.write_rotated(tmp_path / "sideways.jpg", orientation, 800, 600)
    stored = read(original.read_bytes())
    assert stored.size == ((600, 800) if orientation != 3 else (800, 600))
    prepared = prepare(original.read_bytes(), "sideways", None, 536)
    picture = read(prepared.data).convert("RGB")
    assert picture.size == (800, 600) and (prepared.width, prepared.height) == (536, 402)
    red, blue = picture.getpixel((400, 20)), picture.getpixel((400, 580))
    assert red[0] > 180 and red[2] < 80, red  # red on top, as it was taken
    assert blue[2] > 180 and blue[0] < 80, blue
    assert_no_metadata(prepared.data)


def test_a_twelve_megapixel_photo_is_scaled_to_twice_its_shown_width_and_well_under_budget(tmp_path):
    original = made.write_photo(tmp_path / "big.jpg", 4032, 3024)
    prepared = prepare(original.read_bytes(), "big", None, 536)
    assert (prepared.pixel_width, prepared.pixel_height) == (1072, 804)
    assert (prepared.width, prepared.height) == (536, 402)
    assert len(prepared.data) < PICTURE_BUDGET * 0.8, len(prepared.data)
    assert len(prepared.data) < original.stat().st_size / 10


def test_a_small_picture_is_never_scaled_up(tmp_path):
    original = made.write_logo(tmp_path / "small.png", 300, 100)
    natural = prepare(original.read_bytes(), "small", None, 536)
    assert (natural.pixel_width, natural.width) == (300, 300)  # shown at its own width
    stretched = prepare(original.read_bytes(), "small", 500, 536)
    assert (stretched.pixel_width, stretched.width) == (300, 500)  # asked for: `check` says it blurs


def test_line_art_stays_png_and_a_photo_saved_as_png_becomes_jpeg(tmp_path):
    logo = prepare(made.write_logo(tmp_path / "logo.png").read_bytes(), "logo", None, 240)
    assert logo.format == "PNG" and read(logo.data).mode in ("P", "L")
    photo_png = tmp_path / "photo.png"
    made.photo(1200, 900).save(photo_png)
    photo = prepare(photo_png.read_bytes(), "photo", None, 536)
    assert photo.format == "JPEG" and len(photo.data) < photo_png.stat().st_size / 5


def test_transparency_is_kept_as_png(tmp_path):
    prepared = prepare(made.write_transparent(tmp_path / "badge.png").read_bytes(), "badge", 160, 536)
    picture = read(prepared.data)
    assert prepared.format == "PNG" and picture.mode == "RGBA"
    assert picture.getpixel((0, 0))[3] == 0 and picture.getpixel((160, 160))[3] == 255
    assert_no_metadata(prepared.data)  # the PNG's Author text is gone too


def test_cmyk_and_broken_colour_profiles_become_plain_srgb(tmp_path):
    cyan = read(prepare(made.write_cmyk(tmp_path / "cmyk.jpg").read_bytes(), "cmyk", None, 536).data)
    assert cyan.mode == "RGB"
    red, green, blue = cyan.getpixel((10, 10))
    assert red < 30 and green > 220 and blue > 220
    broken = prepare(made.write_broken_profile(tmp_path / "odd.jpg").read_bytes(), "odd", None, 536)
    assert_no_metadata(broken.data)


def test_sixteen_bit_grey_scans_keep_their_tones(tmp_path):
    prepared = prepare(made.write_grey16(tmp_path / "scan.png").read_bytes(), "scan", None, 536)
    picture = read(prepared.data).convert("L")
    top, bottom = picture.getpixel((10, 2)), picture.getpixel((10, 61))
    assert top < 40 and bottom > 215  # a ramp, not clipped to white


def test_an_iphone_heic_photo_becomes_jpeg(tmp_path):
    prepared = prepare(made.write_heic(tmp_path / "IMG_0001.heic").read_bytes(), "IMG_0001", None, 536)
    assert prepared.format == "JPEG" and prepared.source_format == "HEIF"
    assert prepared.name.startswith("img-0001-") and prepared.name.endswith(".jpg")
    assert_no_metadata(prepared.data)


def test_an_animated_gif_keeps_its_first_frame_and_says_so(tmp_path):
    prepared = prepare(made.write_animated_gif(tmp_path / "wave.gif").read_bytes(), "wave", None, 536)
    assert prepared.animated and prepared.format == "PNG"
    assert read(prepared.data).convert("RGB").getpixel((5, 5)) == (200, 30, 30)
    assert_no_metadata(prepared.data)


def test_names_come_from_the_content(tmp_path):
    first = prepare(made.write_logo(tmp_path / "Partner Logo (final).png").read_bytes(), "Partner Logo (final)",
                    None, 536)
    assert re.fullmatch(r"partner-logo-final-[0-9a-f]{12}\.png", first.name)
    changed = prepare(made.write_logo(tmp_path / "other.png", 801, 300).read_bytes(), "Partner Logo (final)",
                      None, 536)
    assert changed.name != first.name


def test_preparing_the_same_photo_twice_costs_nothing_the_second_time(tmp_path, monkeypatch):
    data = made.write_photo(tmp_path / "again.jpg", 2000, 1500).read_bytes()
    first = prepare(data, "again", None, 536)

    def must_not_run(*args):
        raise AssertionError("prepared again")

    monkeypatch.setattr(pictures, "_prepare", must_not_run)
    second = prepare(data, "again", None, 536)
    assert second == first
    with pytest.raises(AssertionError, match="prepared again"):
        prepare(data, "again", 300, 536)  # another width is another picture


def test_a_damaged_cache_entry_is_prepared_again(tmp_path, user_cache):
    data = made.write_logo(tmp_path / "cached.png", 640, 200).read_bytes()
    first = prepare(data, "cached", None, 536)
    for entry in (user_cache / "lacnews" / "pictures").glob("*.bin"):
        if entry.read_bytes() == first.data:
            entry.write_bytes(first.data[:100])
    assert prepare(data, "cached", None, 536).data == first.data


def cached_description(user_cache: Path, prepared) -> Path:
    """Return the cache's .json describing ``prepared`` (found by its bytes, kept beside it in a .bin)."""
    [entry] = [path.with_suffix(".json") for path in (user_cache / "lacnews" / "pictures").glob("*.bin")
               if path.read_bytes() == prepared.data]
    return entry


@pytest.mark.parametrize("field, value", [
    ("name", 12), ("name", None), ("width", "536"), ("width", True), ("width", -1), ("animated", "no"),
    ("format", "GIF"), ("format", ["PNG"]), ("height", 0), ("source_bytes", 1.5),
])
def test_a_cache_entry_of_the_wrong_shape_is_prepared_again(tmp_path, user_cache, field, value):
    """The user's cache is a folder other programs (and other versions of lacnews) can write: what it holds is
    read as a stranger's, each field of its type, and anything else is prepared again, never a traceback."""
    data = made.write_logo(tmp_path / "shaped.png", 630, 210).read_bytes()
    first = prepare(data, "shaped", None, 536)
    entry = cached_description(user_cache, first)
    entry.write_text(json.dumps({**json.loads(entry.read_text(encoding="utf-8")), field: value}), encoding="utf-8")
    assert prepare(data, "shaped", None, 536) == first


def test_a_cache_entry_with_a_field_too_many_or_missing_or_not_a_mapping_is_prepared_again(tmp_path, user_cache):
    data = made.write_logo(tmp_path / "odd.png", 620, 220).read_bytes()
    first = prepare(data, "odd", None, 536)
    entry = cached_description(user_cache, first)
    meta = json.loads(entry.read_text(encoding="utf-8"))
    for stored in ({**meta, "data": "x"}, {key: value for key, value in meta.items() if key != "width"}, [meta], 7,
                   "[" * 100_000):
        entry.write_text(stored if isinstance(stored, str) else json.dumps(stored), encoding="utf-8")
        assert prepare(data, "odd", None, 536) == first


def written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("maker, words", [
    (made.write_svg, "rsvg-convert"),
    (made.write_truncated, "damaged or cut short"),
    (made.write_bomb, "900 megapixels"),
    (lambda path: written(path, b"%PDF-1.4\n%..."), "pdftoppm"),
    (lambda path: written(path, b"Dear editor, here is the photo"), "not a picture"),
    (lambda path: written(path, b""), "empty"),
])
def test_what_is_not_a_usable_picture_is_refused_in_words(tmp_path, maker, words):
    path = maker(tmp_path / "bad.file")
    with pytest.raises(PictureError, match=re.escape(words)):
        prepare(path.read_bytes(), "bad", None, 536)


# An issue with pictures, built as an editor builds it

def test_build_writes_prepared_pictures_and_the_email_points_at_them(with_pictures):
    result = with_pictures.run("build", "march-2021")
    assert result.code == 0, result.output
    folder = with_pictures.root / "build" / "march-2021" / "images"
    files = sorted(path.name for path in folder.iterdir())
    assert len(files) == 4 and all(re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{12}\.(jpg|png)", name) for name in files)
    assert "upload the 4 pictures in build/march-2021/images/" in result.out and IMAGES_URL in result.out
    html, text = with_pictures.built("march-2021")
    shown = {tag["alt"]: tag for tag in images_in(html)}
    photo = shown["Neighbours sharing tea at the coffee morning"]
    assert photo["src"].startswith(IMAGES_URL) and photo["src"][len(IMAGES_URL):] in files
    assert (photo["width"], photo["height"]) == ("536", "402")  # upright: 2400 × 1800 stored sideways
    assert (shown["Ystrad Community Hub"]["width"], shown["Ystrad Community Hub"]["height"]) == ("200", "75")
    assert shown[""]["src"].startswith(IMAGES_URL)  # the decorative one: empty alt
    for name in files:
        data = (folder / name).read_bytes()
        assert_no_metadata(data)
    assert read((folder / photo["src"][len(IMAGES_URL):]).read_bytes()).size == (1072, 804)
    # the text version: meaningful pictures as [alt] where they stood, the decorative one not at all
    assert "Coffee morning\n~~~~~~~~~~~~~~\n[Neighbours sharing tea at the coffee morning]\n" in text
    assert "[Volunteers' Week badge]" in text and "images/" not in text
    assert text.count("[") == 3


def test_nothing_is_prepared_or_written_again_when_nothing_changed(with_pictures):
    assert with_pictures.run("build", "--all").code == 0
    folder = with_pictures.root / "build" / "march-2021"
    before = {path: path.stat().st_mtime_ns for path in folder.rglob("*")}
    again = with_pictures.run("build", "--all")
    assert again.code == 0 and "unchanged: 1 issue" in again.out and "built march-2021" not in again.out
    assert {path: path.stat().st_mtime_ns for path in folder.rglob("*")} == before
    listed = json.loads(with_pictures.run("list", "--format", "json").out)
    assert listed[0]["build"] == "up to date"


def test_a_changed_photo_makes_its_issue_stale_and_gets_a_new_name(with_pictures):
    assert with_pictures.run("build", "march-2021").code == 0
    folder = with_pictures.root / "build" / "march-2021" / "images"
    old = {path.name for path in folder.iterdir()}
    made.write_rotated(with_pictures.root / "images" / "coffee-morning.jpg", 6, 2000, 1500)
    listed = json.loads(with_pictures.run("list", "--format", "json").out)
    assert listed[0]["build"] == "stale"
    assert with_pictures.run("build", "march-2021").code == 0
    new = {path.name for path in folder.iterdir()}
    assert len(new - old) == 1 and len(old - new) == 1  # the old photo's file went with the old email
    html, _ = with_pictures.built("march-2021")
    assert (new - old).pop() in html and (old - new).pop() not in html


def test_the_archive_publishes_the_pictures_beside_its_pages(tmp_path):
    project = picture_project(tmp_path / "news", "site_url: https://news.example.org/archive/\n")
    result = project.run("build", "--all")
    assert result.code == 0, result.output
    html, _ = project.built("march-2021")
    srcs = [tag["src"] for tag in images_in(html)]
    base = "https://news.example.org/archive/march-2021/images/"
    assert srcs and all(src.startswith(base) for src in srcs)
    page = (project.root / "build" / "site" / "march-2021" / "index.html").read_text(encoding="utf-8")
    for tag in images_in(page):
        assert tag["src"].startswith("images/")
        assert (project.root / "build" / "site" / "march-2021" / tag["src"]).is_file()
    published = sorted(p.name for p in (project.root / "build" / "site" / "march-2021" / "images").iterdir())
    assert published == sorted(src[len(base):] for src in srcs)


def test_without_an_address_for_the_pictures_the_build_stops_and_says_how_to_set_one(tmp_path):
    project = picture_project(tmp_path / "news", "")
    for args in (("build", "march-2021"), ("build", "--force", "march-2021")):
        result = project.run(*args)
        assert result.code == 1
        assert "issues/march-2021.yaml:7:" in result.err and "images_url" in result.err, result.err
        assert "Traceback" not in result.output
        assert not (project.root / "build" / "march-2021").exists()
    checked = project.run("check", "march-2021")
    assert checked.code == 1 and "error image-address" in checked.out


MAILCHIMP = "mailchimp:\n  audience: a1b2c3d4e5\n"


def hosted_by_mailchimp(project: TempProject, names_too: int | None = None) -> dict[str, str]:
    """Record in mailchimp.json, as `lacnews push` does, an address in Mailchimp for the first ``names_too`` (all
    when None) of the issue's prepared pictures; return each picture's file name → its address."""
    import hashlib

    from lacnews.base.project import Project
    from lacnews.compose import compose
    from lacnews.outputs.mailchimp.record import PushRecord

    prepared = [picture.prepared for picture in compose(Project(project.root), "march-2021").pictures.local]
    prepared = list({picture.name: picture for picture in prepared}.values())[:names_too]
    addresses = {picture.name: f"https://mcusercontent.com/abc/images/{picture.name}" for picture in prepared}
    record = PushRecord(pictures={hashlib.sha256(picture.data).hexdigest(): {
        "name": picture.name, "url": addresses[picture.name], "id": f"{number + 1}"}
        for number, picture in enumerate(prepared)})
    project.write("mailchimp.json", record.text())
    return addresses


def test_with_mailchimp_and_no_address_the_pictures_wait_for_push_and_build_says_so(tmp_path):
    project = picture_project(tmp_path / "news", MAILCHIMP)
    checked = project.run("check", "march-2021")
    assert checked.code == 0, checked.output
    assert "error image-address" not in checked.out
    assert "note image-hosting: the issue's 4 pictures from the project will be hosted by Mailchimp: " \
           "`lacnews push march-2021` uploads them" in checked.out
    result = project.run("build", "march-2021")
    assert result.code == 0, result.output
    assert "4 of its pictures are not in Mailchimp yet: run `lacnews push march-2021`" in result.out
    html, _ = project.built("march-2021")
    assert all(tag["src"].startswith("images/") for tag in images_in(html))


def test_build_shows_each_picture_from_where_push_uploaded_it(tmp_path):
    project = picture_project(tmp_path / "news", MAILCHIMP)
    addresses = hosted_by_mailchimp(project)
    result = project.run("build", "march-2021")
    assert result.code == 0, result.output
    assert "not in Mailchimp yet" not in result.out and "upload the" not in result.out
    html, _ = project.built("march-2021")
    assert sorted(tag["src"] for tag in images_in(html)) == sorted(addresses.values()) and len(addresses) == 4
    # one still to upload: the others are shown from Mailchimp, and build says which to push
    hosted_by_mailchimp(project, names_too=3)
    result = project.run("build", "march-2021")
    assert result.code == 0 and "1 of its pictures is not in Mailchimp yet" in result.out, result.output
    html, _ = project.built("march-2021")
    assert sum(tag["src"].startswith("https://mcusercontent.com/") for tag in images_in(html)) == 3


def test_a_proof_warns_of_pictures_no_mail_program_can_fetch_yet(tmp_path):
    from lacnews.base.project import Project
    from lacnews.commands.send import make_proofs

    def proofs(project):
        return make_proofs(Project(project.root), "march-2021", ["editor@example.org"], "proofs@example.org")

    nowhere = picture_project(tmp_path / "nowhere", "")
    [warning] = proofs(nowhere).warnings
    assert warning.startswith("the proof cannot show 4 of its 4 pictures from the project, which are not uploaded "
                              "anywhere yet (images/coffee-morning.jpg, ") and "add images_url" in warning
    waiting = picture_project(tmp_path / "waiting", MAILCHIMP)
    [warning] = proofs(waiting).warnings
    assert "`lacnews push march-2021` uploads them to Mailchimp" in warning
    addresses = hosted_by_mailchimp(waiting)
    hosted = proofs(waiting)
    assert hosted.warnings == []
    html = hosted.messages[""].get_body(("html",)).get_content()
    assert all(address in html for address in addresses.values()) and 'src="images/' not in html
    uploaded_by_hand = picture_project(tmp_path / "by-hand")
    [note] = proofs(uploaded_by_hand).notes  # lacnews cannot know they are there: said, not warned of
    assert note.startswith(f"the proof shows its 4 pictures from the project from {IMAGES_URL} (images_url): "
                              "they must be uploaded there first")
    published = picture_project(tmp_path / "published", "site_url: https://news.example.org/archive/\n")
    [note] = proofs(published).notes
    assert note.startswith("the proof shows its 4 pictures from the project from https://news.example.org/archive/"
                              "march-2021/images/ (site_url): the archive must be published there first")


def test_remote_images_are_used_as_they_are(project):
    project.issue("march-2021", """\
        date: 2021-03
        subject: Remote
        sections:
          - title: News
            items:
              - title: A web picture
                image: {src: "https://cdn.example.org/photo.jpg", alt: A photo on the web, width: 300}
        """)
    assert project.run("build", "march-2021").code == 0
    html, _ = project.built("march-2021")
    assert images_in(html)[0]["src"] == "https://cdn.example.org/photo.jpg"
    assert not (project.root / "build" / "march-2021" / "images").exists()


# Bad pictures are bad input

BAD_PICTURES = """\
date: 2021-03
subject: Bad pictures
sections:
  - title: News
    items:
      - title: Missing
        image: {src: images/Coffee.JPG, alt: Missing}
      - title: Vector
        image: {src: images/logo.svg, alt: A vector logo}
      - title: Cut short
        image: {src: images/cut.jpg, alt: Half a photo}
      - title: Bomb
        image: {src: images/bomb.png, alt: Claims to be huge}
      - title: Not a picture
        image: {src: images/notes.jpg, alt: A text file}
      - title: A folder
        image: {src: images, alt: The folder}
      - title: A link out
        image: {src: images/elsewhere.jpg, alt: Outside}
      - title: Too big
        image: {src: images/huge.jpg, alt: Forty-one megabytes}
"""


def test_every_bad_picture_is_refused_with_its_place_and_nothing_is_written(tmp_path):
    project = TempProject(tmp_path / "news")
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + f"images_url: {IMAGES_URL}\n")
    project.issue("march-2021", BAD_PICTURES)
    images = project.root / "images"
    made.write_logo(images / "coffee.jpg")
    made.write_svg(images / "logo.svg")
    made.write_truncated(images / "cut.jpg")
    made.write_bomb(images / "bomb.png")
    (images / "notes.jpg").write_text("Dear editor, the photo is attached", encoding="utf-8")
    outside = made.write_logo(tmp_path / "private" / "elsewhere.png")
    (images / "elsewhere.jpg").symlink_to(outside)
    with open(images / "huge.jpg", "wb") as huge:  # sparse: takes no room on the disk
        huge.truncate(41 * 1024 * 1024)
    result = project.run("build", "march-2021")
    assert result.code == 1 and "Traceback" not in result.output
    expected = {
        7: "there is no picture images/Coffee.JPG in the project folder; did you mean images/coffee.jpg?",
        9: "rsvg-convert -w 480 logo.svg -o logo.png",
        11: "damaged or cut short",
        13: "900 megapixels",
        15: "not a picture lacnews can read",
        17: "images is a folder",
        19: "leads out of the project folder",
        21: "the file is 41 MB, over the 40 MB",
    }
    for line, words in expected.items():
        assert re.search(rf"issues/march-2021\.yaml:{line}:\d+: .*{re.escape(words)}", result.err), (line, result.err)
    assert not (project.root / "build").exists()


@pytest.mark.parametrize("src, words", [
    ("../photos/tea.jpg", "leaves the project folder"),
    ("/home/ann/Pictures/tea.jpg", "is a path on this computer"),
    ("C:\\\\Users\\\\Ann\\\\tea.jpg", "is a path on this computer"),
    ("images\\\\tea.jpg", "write the path with / between folders: images/tea.jpg"),
    ("*|PHOTO|*", "give the picture's https:// address, or copy it into the project"),
    ("ftp://example.org/tea.jpg", "give the picture's https:// address, or copy it into the project"),
])
def test_a_picture_path_that_cannot_work_is_refused_where_it_is_written(project, src, words):
    project.issue("march-2021", f"""\
        date: 2021-03
        subject: Paths
        sections:
          - title: News
            items:
              - title: Tea
                image: {{src: "{src}", alt: Tea}}
        """)
    result = project.run("check", "march-2021")
    assert result.code == 1
    assert re.search(rf"issues/march-2021\.yaml:7:\d+: error image-address: .*{re.escape(words)}", result.out), \
        result.out


# `check` for pictures

def test_check_reports_weak_alt_text_blurry_and_heavy_pictures(tmp_path):
    project = TempProject(tmp_path / "news")
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + f"images_url: {IMAGES_URL}\n")
    images = project.root / "images"
    made.write_logo(images / "small.png", 300, 100)
    for index in range(4):
        made.write_heavy_transparent(images / f"heavy-{index}.png", seed=index)
    made.write_animated_gif(images / "wave.gif")
    long_alt = "A long description " * 10
    project.issue("march-2021", f"""\
        date: 2021-03
        subject: Checks
        sections:
          - title: News
            items:
              - title: Named itself
                image: {{src: images/small.png, alt: Image of our logo}}
              - title: Long
                image: {{src: images/small.png, alt: {long_alt.strip()}}}
              - title: Stretched
                image: {{src: images/small.png, alt: Our logo, width: 500}}
              - title: Heavy
                image: {{src: images/heavy-0.png, alt: Noise}}
              - title: Heavy too
                image: {{src: images/heavy-1.png, alt: Noise}}
              - title: Heavy three
                image: {{src: images/heavy-2.png, alt: Noise}}
              - title: Heavy four
                image: {{src: images/heavy-3.png, alt: Noise}}
              - title: Animated
                image: {{src: images/wave.gif, alt: A wave}}
        """)
    result = project.run("check", "march-2021")
    out = result.out
    assert re.search(r"march-2021\.yaml:7:\d+: warning image-alt-text: .*starts 'Image of'", out), out
    assert re.search(r"march-2021\.yaml:9:\d+: warning image-alt-text: .*is 189 characters", out), out
    assert re.search(r"march-2021\.yaml:11:\d+: warning image-blurry: images/small\.png is 300 pixels wide but shown "
                     r"500 wide", out), out
    assert len(re.findall(r"warning image-weight: images/heavy-\d\.png weighs \d+ KB", out)) == 4, out
    assert re.search(r"warning image-weight: the issue's 6 pictures weigh \d\.\d MB together", out), out
    assert re.search(r"march-2021\.yaml:21:\d+: note image-animated: images/wave\.gif is animated", out), out


# In a browser, as a reader sees them

@pytest.mark.browser
@pytest.mark.parametrize("width", [600, 375])
def test_pictures_show_upright_and_sharp_on_desktop_and_phone(browser, with_pictures, width, tmp_path):
    assert with_pictures.run("build", "march-2021").code == 0
    folder = with_pictures.root / "build" / "march-2021"
    page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=2)
    served = []

    def from_the_upload_folder(route):  # as if build/march-2021/images/ had been uploaded to images_url
        name = route.request.url[len(IMAGES_URL):]
        served.append(name)
        route.fulfill(path=str(folder / "images" / name))

    page.route(f"{IMAGES_URL}**", from_the_upload_folder)
    page.goto((folder / "email.html").as_uri())
    page.wait_for_load_state("load")
    shown = page.evaluate("""[...document.images].map(image => {
        const box = image.getBoundingClientRect();
        return {alt: image.alt, complete: image.complete, natural: [image.naturalWidth, image.naturalHeight],
                box: [box.x, box.y, box.width, box.height]};
    })""")
    assert len(shown) == 4 and len(served) == 4
    column = min(536, width - 32)
    for image in shown:
        natural_width, natural_height = image["natural"]
        x, y, box_width, box_height = image["box"]
        assert image["complete"] and natural_width > 0, image
        assert box_width <= column + 0.5, image
        # drawn with at least as many pixels as the screen has for it (2 per CSS pixel here) where it has them
        assert natural_width >= min(2 * box_width, natural_width) - 1
        assert abs(box_height - box_width * natural_height / natural_width) < 1.5, image  # not squashed
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    photo = next(image for image in shown if image["alt"].startswith("Neighbours"))
    x, y, box_width, box_height = photo["box"]
    page.evaluate(f"window.scrollTo(0, {y - 20})")
    picture = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    scale = picture.width / width
    top = picture.getpixel((int((x + box_width / 2) * scale), int(25 * scale)))
    bottom = picture.getpixel((int((x + box_width / 2) * scale), int((20 + box_height - 10) * scale)))
    assert top[0] > 180 and top[2] < 90, top  # red above
    assert bottom[2] > 180 and bottom[0] < 90, bottom  # blue below: upright, as it was taken
    page.screenshot(path=str(tmp_path / f"pictures-{width}.png"), full_page=True)
    page.close()


def test_a_local_logo_is_prepared_for_the_masthead_and_is_an_input_of_every_issue(tmp_path):
    project = TempProject(tmp_path / "news")
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + f"""\
images_url: {IMAGES_URL}
theme:
  logo: {{src: images/logo.png, alt: Test Network}}
""")
    project.issue("march-2021", "date: 2021-03\nsubject: One\nsections:\n  - title: News\n    body: Hello.\n")
    project.issue("april-2021", "date: 2021-04\nsubject: Two\nsections:\n  - title: News\n    body: Hello.\n")
    made.write_logo(project.root / "images" / "logo.png", 1600, 600)
    assert project.run("build", "--all").code == 0
    html, text = project.built("march-2021")
    logo = images_in(html)[0]
    assert (logo["alt"], logo["width"], logo["height"]) == ("Test Network", "240", "90")
    assert read((project.root / "build" / "march-2021" / "images" / logo["src"][len(IMAGES_URL):]).read_bytes()
                ).size == (480, 180)
    assert "\n\n[Test Network]\nTest Network News\n=================\n" in text
    made.write_logo(project.root / "images" / "logo.png", 1600, 500)
    listed = json.loads(project.run("list", "--format", "json").out)
    assert [issue["build"] for issue in listed] == ["stale", "stale"]
    rebuilt = project.run("build", "--all")
    assert "built march-2021" in rebuilt.out and "built april-2021" in rebuilt.out


def test_the_repositorys_example_issue_builds_with_clean_upright_pictures(tmp_path):
    from conftest import copy_repo_project

    project = copy_repo_project(tmp_path / "lac", issues=("may-2020", "june-2020"))
    checked = project.run("check", "june-2020")
    # notes only: the repository's newsletter.yaml links its website on http:// (link-http)
    assert checked.code == 0 and checked.out.strip().endswith("2 notes in june-2020"), checked.output
    result = project.run("build", "june-2020")
    assert result.code == 0 and "upload the 3 pictures in build/june-2020/images/" in result.out, result.output
    html, text = project.built("june-2020")
    folder = project.root / "build" / "june-2020" / "images"
    for tag in images_in(html):
        name = tag["src"].rsplit("/", 1)[-1]
        data = (folder / name).read_bytes()
        assert_no_metadata(data)
        assert len(data) < PICTURE_BUDGET
        picture = read(data)
        assert abs(picture.height / picture.width - int(tag["height"]) / int(tag["width"])) < 0.01
    photo = read(next(folder.glob("coffee-morning-*.jpg")).read_bytes())
    assert photo.size == (1072, 804)  # stored sideways (1800 × 2400), upright here
    assert next(folder.glob("partner-logo-*")).suffix == ".png"  # lettering stays sharp
