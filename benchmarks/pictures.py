"""How long lacnews takes to prepare editors' pictures, cold and from the cache, and what it does to a build.

usage: python benchmarks/pictures.py [--repeat N]

Generates its pictures with Pillow (nothing is downloaded): a 12-megapixel (4032 × 3024) camera-like JPEG
(gradients, shapes, mild gaussian noise, quality 92, EXIF with a GPS position and orientation 6), a
12-megapixel PNG with soft-edged transparency (a rendered graphic: gradients and shapes) and an 800 × 300
flat logo PNG. Every figure is a median of N runs (default 5), all measured in this one process run, with
XDG_CACHE_HOME in a temporary folder, so the user's own cache is never read or written:
  - for each picture, lacnews.pipeline.pictures.prepare as an item's image (at most 536 px shown, so 1072 px made):
    bytes before and after, the prepared size and format, the time cold (each run with a fresh empty cache
    folder) and warm (the cache filled), and warm/cold;
  - as a baseline, Pillow alone on the 12 MP JPEG without draft mode: open + load (the full decode), turn
    upright, resize to 1072 px wide and save as lacnews does; and the decode alone, full beside draft, which
    is what lacnews's draft-mode decode saves;
  - `lacnews build` of a small project (newsletter.yaml, images_url, one issue with the photo and the logo):
    the first build with the cache empty, the same with only the picture cache empty, then again after
    deleting build/ (every cache warm), and beside it the same issue without its pictures;
  - `lacnews build --all` after deleting build/ (caches warm), and again with nothing changed.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

from build import lacnews  # noqa: E402  (the sibling benchmark's helper)

WIDTH, HEIGHT = 4032, 3024
SLUG = "photos"
ISSUE = """\
date: 2020-06
subject: Benchmark pictures – June 2020
preheader: A phone photo and a partner's logo
sections:
  - title: Pictures
    body: Hello *|FNAME|*, two pictures from the project folder follow.
    items:
      - title: The coffee morning
        body: A photo straight from a phone, 12 megapixels.
{photo}      - title: Our partner
        body: A partner's logo, saved from their website.
{logo}"""
PHOTO_IMAGE = "        image: {src: images/photo.jpg, alt: People around a table at the coffee morning}\n"
LOGO_IMAGE = "        image: {src: images/logo.png, alt: The partner's logo}\n"


# The pictures

def camera_photo() -> bytes:
    """A 12 MP JPEG as a phone saves it: soft shapes on a sky-to-ground gradient, sensor noise, EXIF."""
    from PIL import ExifTags, Image, ImageChops

    scene = _scene()  # drawn small and scaled up: edges as soft as a lens makes them
    noise = Image.effect_noise((WIDTH, HEIGHT), 6)  # mild gaussian noise around 128, one channel
    noise = Image.merge("RGB", [noise, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
                                noise.transpose(Image.Transpose.FLIP_TOP_BOTTOM)])
    photo = ImageChops.add(scene, noise, 1.0, -128)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Benchcam"
    exif[ExifTags.Base.Model] = "BC-12"
    exif[ExifTags.Base.Software] = "lacnews benchmark"
    exif[ExifTags.Base.Orientation] = 6  # held sideways: the upright picture is 3024 × 4032
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2020:06:11 10:21:33"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (53.0, 59.0, 30.12)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (1.0, 5.0, 12.5)
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=92, exif=exif)
    return out.getvalue()


def transparent_png() -> bytes:
    """A 12 MP RGBA PNG: the same scene, noiseless, cut out in a soft-edged oval."""
    from PIL import Image, ImageDraw

    picture = _scene()
    small = (WIDTH // 8, HEIGHT // 8)
    alpha = Image.new("L", small, 0)
    ImageDraw.Draw(alpha).ellipse([40, 30, small[0] - 40, small[1] - 30], fill=255)
    picture.putalpha(alpha.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def flat_logo() -> bytes:
    """An 800 × 300 logo in four flat colours, without anti-aliasing, as an RGB PNG."""
    from PIL import Image, ImageDraw

    logo = Image.new("RGB", (800, 300), (255, 255, 255))
    draw = ImageDraw.Draw(logo)
    draw.fontmode = "1"
    draw.ellipse([30, 30, 270, 270], fill=(29, 92, 122))
    draw.rectangle([110, 110, 190, 190], fill=(255, 255, 255))
    draw.polygon([(300, 250), (380, 60), (460, 250)], fill=(232, 121, 35))
    draw.rectangle([490, 60, 770, 110], fill=(29, 92, 122))
    draw.rectangle([490, 140, 700, 175], fill=(60, 60, 60))
    draw.rectangle([490, 205, 740, 240], fill=(60, 60, 60))
    out = io.BytesIO()
    logo.save(out, format="PNG")
    return out.getvalue()


def _scene():
    """Gradients and shapes, drawn at an eighth of the size and scaled up (soft edges, cheap to make)."""
    from PIL import Image, ImageDraw

    small_size = (WIDTH // 8, HEIGHT // 8)
    sky = Image.linear_gradient("L").resize(small_size)
    scene = Image.merge("RGB", [sky.point(lambda v: 90 + v * 120 // 255), sky.point(lambda v: 140 + v * 70 // 255),
                                sky.point(lambda v: 210 - v * 120 // 255)])
    draw = ImageDraw.Draw(scene)
    chance = random.Random(2020)
    for _ in range(60):
        x, y, size = chance.randrange(small_size[0]), chance.randrange(small_size[1]), chance.randrange(5, 75)
        box = [x, y, x + size, y + size * chance.uniform(0.3, 1.5)]
        colour = tuple(chance.randrange(256) for _ in range(3))
        (draw.ellipse if chance.random() < 0.5 else draw.rectangle)(box, fill=colour)
    return scene.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)


# Timing

def median_time(run, repeat: int, before=None) -> float:
    """Return the median seconds of ``run()`` over ``repeat`` runs, ``before()`` untimed ahead of each."""
    times = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


class FreshCache:
    """Points XDG_CACHE_HOME at a new empty folder each time it is called."""

    def __init__(self, root: Path):
        self.root = root
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        os.environ["XDG_CACHE_HOME"] = str(self.root / f"cache-{self.count}")


def pillow_alone(data: bytes) -> None:
    """The 12 MP JPEG through Pillow without draft mode: full decode, upright, 1072 px wide, saved as lacnews saves."""
    from PIL import Image, ImageOps

    picture = Image.open(io.BytesIO(data))
    picture.load()
    picture = ImageOps.exif_transpose(picture)
    target = (1072, round(1072 * picture.height / picture.width))
    picture = picture.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    picture.save(io.BytesIO(), format="JPEG", quality=82, optimize=True, progressive=True, subsampling="4:2:0")


def decode(data: bytes, draft: bool) -> None:
    from PIL import Image

    picture = Image.open(io.BytesIO(data))
    if draft:  # as lacnews asks: the smallest scale still at least 1429 × 1072 (upright 1072 × 1429)
        picture.draft("RGB", (1429, 1072))
    picture.load()


def run_lacnews(arguments: list[str], cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run([*lacnews(), *arguments], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        raise SystemExit(f"lacnews {' '.join(arguments)} failed in {cwd}:\n{result.stdout}")


def make_project(root: Path, files: dict[str, bytes], with_pictures: bool = True) -> Path:
    (root / "issues").mkdir(parents=True)
    (root / "images").mkdir()
    newsletter = (REPO / "newsletter.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    newsletter = [line for line in newsletter if not line.startswith("images_url:")]  # the repository's may have one
    (root / "newsletter.yaml").write_text("".join(newsletter) + "images_url: https://example.org/images/\n",
                                          encoding="utf-8")
    shutil.copy(REPO / "words.txt", root / "words.txt")
    for name, data in files.items():
        (root / "images" / name).write_bytes(data)
    issue = ISSUE.format(photo=PHOTO_IMAGE if with_pictures else "", logo=LOGO_IMAGE if with_pictures else "")
    (root / "issues" / f"{SLUG}.yaml").write_text(issue, encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory(prefix="lacnews-pictures-") as folder:
        scratch = Path(folder)
        fresh = FreshCache(scratch / "caches")
        fresh()  # before lacnews is imported: nothing here ever sees the user's cache
        from lacnews.base.limits import COLUMN_WIDTH
        from lacnews.pipeline.pictures import prepare

        started = time.perf_counter()
        pictures = {"photo.jpg": camera_photo(), "cutout.png": transparent_png(), "logo.png": flat_logo()}
        made = time.perf_counter() - started

        rows = []
        for name, data in pictures.items():
            stem = name.rsplit(".", 1)[0]
            cold = median_time(lambda: prepare(data, stem, None, COLUMN_WIDTH), repeat, before=fresh)
            prepared = prepare(data, stem, None, COLUMN_WIDTH)  # the last cold run filled this cache
            warm = median_time(lambda: prepare(data, stem, None, COLUMN_WIDTH), repeat)
            rows.append((name, prepared, cold, warm))
        photo = pictures["photo.jpg"]
        alone = median_time(lambda: pillow_alone(photo), repeat)
        full_decode = median_time(lambda: decode(photo, draft=False), repeat)
        draft_decode = median_time(lambda: decode(photo, draft=True), repeat)

        project = make_project(scratch / "project", {"photo.jpg": photo, "logo.png": pictures["logo.png"]})
        bare = make_project(scratch / "bare", {}, with_pictures=False)
        env = lambda: dict(os.environ)  # noqa: E731  (XDG_CACHE_HOME as it is at the call)
        build = ["build", SLUG]
        first = median_time(lambda: run_lacnews(build, project, env()), repeat,
                            before=lambda: (fresh(), shutil.rmtree(project / "build", ignore_errors=True)))
        cache = Path(os.environ["XDG_CACHE_HOME"]) / "lacnews"

        def pictures_cold() -> None:
            shutil.rmtree(cache / "pictures", ignore_errors=True)
            shutil.rmtree(project / "build", ignore_errors=True)

        cold_pictures = median_time(lambda: run_lacnews(build, project, env()), repeat, before=pictures_cold)
        warm_build = median_time(lambda: run_lacnews(build, project, env()), repeat,
                                 before=lambda: shutil.rmtree(project / "build", ignore_errors=True))
        written = sorted((project / "build" / SLUG / "images").iterdir())
        without = median_time(lambda: run_lacnews(build, bare, env()), repeat,
                              before=lambda: shutil.rmtree(bare / "build", ignore_errors=True))
        all_first, all_again = [], []
        for _ in range(repeat):
            shutil.rmtree(project / "build", ignore_errors=True)
            for times in (all_first, all_again):
                started = time.perf_counter()
                run_lacnews(["build", "--all"], project, env())
                times.append(time.perf_counter() - started)
        all_first_median, all_again_median = statistics.median(all_first), statistics.median(all_again)

    ms = lambda seconds: f"{seconds * 1000:7.1f} ms"  # noqa: E731
    kb = lambda count: f"{count / 1024:8.1f} KB"  # noqa: E731
    print(f"medians of {repeat} runs; pictures generated in {made:.1f} s; command: {' '.join(lacnews())}")
    print(f"prepare(data, stem, None, {COLUMN_WIDTH}) as an item's image:")
    print(f"  {'picture':<11} {'source':>8} {'':>11} {'prepared':>11} {'pixels':>11} {'format':<6} "
          f"{'cold':>10} {'warm':>10} {'warm/cold':>9}")
    for name, prepared, cold, warm in rows:
        source = f"{prepared.source_width}x{prepared.source_height}"
        print(f"  {name:<11} {source:>9} {kb(prepared.source_bytes)} {kb(len(prepared.data))} "
              f"{prepared.pixel_width:>5}x{prepared.pixel_height:<5} {prepared.format:<6} "
              f"{ms(cold)} {ms(warm)} {warm / cold:9.4f}x")
    photo_cold = rows[0][2]
    print(f"Pillow alone on photo.jpg, no draft (open+load, upright, 1072 px, save JPEG q82): {ms(alone).strip()}; "
          f"lacnews cold is {photo_cold / alone:.2f}x that")
    print(f"  decode only: full {ms(full_decode).strip()}, draft {ms(draft_decode).strip()} "
          f"({draft_decode / full_decode:.2f}x, saves {ms(full_decode - draft_decode).strip()})")
    print(f"lacnews build {SLUG} (photo.jpg + logo.png; writes {', '.join(path.name for path in written)}):")
    print(f"  first, every cache empty    {ms(first)}")
    print(f"  picture cache empty         {ms(cold_pictures)}")
    print(f"  build/ deleted, caches warm {ms(warm_build)}   {warm_build / cold_pictures:.2f}x the line above")
    print(f"  same issue without pictures {ms(without)}   (the pictures, warm, add {ms(warm_build - without).strip()})")
    print(f"lacnews build --all: build/ deleted, caches warm {ms(all_first_median)}; "
          f"again, nothing changed {ms(all_again_median)}")


if __name__ == "__main__":
    main()
