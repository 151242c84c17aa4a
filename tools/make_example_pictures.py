"""Draw the example pictures in images/ that issues/june-2020.yaml shows, with Pillow only.

    python tools/make_example_pictures.py [--out DIR]

Three pictures, each of a kind an editor brings to an issue, drawn here so that the repository holds
no one's photo and needs nothing downloaded:

- ``coffee-morning.jpg``: a photo-like scene (sky, hills, a table with cups and a teapot, a little
  gaussian grain so it compresses like a photo), 2400 x 1800 as seen, saved the way a phone saves
  one: JPEG quality 90 with camera EXIF (Make, Model, DateTimeOriginal), a GPS position (made up, near
  Ystradgynlais, Wales) and Orientation 6, its pixels stored turned a quarter to the left, so it looks
  upright only where the orientation is honoured. `lacnews build` turns it upright and removes all of
  that metadata.
- ``partner-logo.png``: a flat-colour line-art logo for a fictional partner, "Ystrad Community Hub",
  RGB on white, 800 x 300.
- ``badge.png``: a round "Volunteers' Week" badge, RGBA 600 x 600, transparent around the circle and
  half transparent in its shadow.

The output is the same on every run (a fixed random seed; no clock, no fonts from the system: the text
is in Pillow's own font), so running it again leaves git with nothing to commit. The pictures are
part of the project, under the same terms as the rest of it.
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path
from statistics import NormalDist

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
from PIL.ExifTags import GPS, IFD, Base
from PIL.TiffImagePlugin import IFDRational

SEED = 20200601  # the first day of Volunteers' Week 2020
OUT = Path(__file__).resolve().parent.parent / "images"

# The photo's camera metadata: a made-up camera, and a made-up place a little outside Ystradgynlais.
CAMERA_MAKE = "Example Camera Co."
CAMERA_MODEL = "EC-12"
TAKEN = "2019:08:17 10:42:17"
LATITUDE = (51, 46, 52.3)  # N
LONGITUDE = (3, 45, 3.1)  # W
ALTITUDE = 92.0  # metres


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="the folder to write to (default: images/)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    for name, write in (("coffee-morning.jpg", write_photo), ("partner-logo.png", write_logo),
                        ("badge.png", write_badge)):
        path = args.out / name
        write(path, rng)
        with Image.open(path) as picture:
            print(f"{path}  {picture.format} {picture.mode} {picture.width}x{picture.height}  "
                  f"{path.stat().st_size / 1024:.0f} KB")


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)  # Pillow's own font: the same on every machine


def lerp(a: tuple[int, ...], b: tuple[int, ...], t: float) -> tuple[int, ...]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


# The photo

def write_photo(path: Path, rng: random.Random) -> None:
    scene = draw_scene(2400, 1800, rng)
    stored = scene.transpose(Image.Transpose.ROTATE_90)  # a quarter to the left: Orientation 6 turns it back
    stored.save(path, format="JPEG", quality=90, exif=camera_exif(), subsampling="4:2:0")


def draw_scene(width: int, height: int, rng: random.Random) -> Image.Image:
    horizon = int(height * 0.46)
    # The sky: deep blue overhead to a hazy pale blue at the hills.
    sky = Image.new("RGB", (1, height))
    for y in range(height):
        sky.putpixel((0, y), lerp((78, 128, 186), (206, 224, 236), min(1.0, y / horizon)))
    scene = sky.resize((width, height))
    draw = ImageDraw.Draw(scene)

    # A few soft clouds.
    clouds = Image.new("L", (width, height), 0)
    cloud_draw = ImageDraw.Draw(clouds)
    for _ in range(7):
        cx, cy = rng.uniform(0, width), rng.uniform(height * 0.05, height * 0.3)
        for _ in range(9):
            rx, ry = rng.uniform(90, 220), rng.uniform(40, 90)
            x, y = cx + rng.uniform(-260, 260), cy + rng.uniform(-50, 50)
            cloud_draw.ellipse((x - rx, y - ry, x + rx, y + ry), fill=rng.randint(120, 200))
    clouds = clouds.filter(ImageFilter.GaussianBlur(40))
    scene.paste((250, 251, 252), mask=clouds)

    # Three ranges of hills, further ones paler and bluer.
    ranges = [((122, 150, 138), 0.40, 60, 0.0040), ((86, 128, 82), 0.50, 80, 0.0027),
              ((64, 112, 56), 0.62, 60, 0.0019)]
    for colour, level, amplitude, frequency in ranges:
        phase_a, phase_b = rng.uniform(0, math.tau), rng.uniform(0, math.tau)
        outline = [(x, height * level - amplitude * math.sin(x * frequency + phase_a)
                    - amplitude * 0.45 * math.sin(x * frequency * 2.7 + phase_b)) for x in range(0, width + 40, 40)]
        draw.polygon(outline + [(width, height), (0, height)], fill=colour)
    # Field boundaries on the nearest hill: hedges as darker lines.
    for _ in range(9):
        x0 = rng.uniform(0, width)
        y0 = rng.uniform(height * 0.64, height * 0.72)
        draw.line((x0, y0, x0 + rng.uniform(300, 700), y0 + rng.uniform(-40, 40)), fill=(48, 88, 44), width=9)

    # The table: a white cloth in the foreground, in perspective.
    top, bottom = int(height * 0.70), height
    draw.polygon([(width * 0.08, top), (width * 0.92, top), (width * 1.05, bottom), (-width * 0.05, bottom)],
                 fill=(238, 236, 228))
    for i in range(1, 12):  # a faint check in the cloth
        t = i / 12
        draw.line((width * (0.08 + 0.84 * t), top, width * (-0.05 + 1.10 * t), bottom), fill=(214, 206, 196), width=6)
    draw.rectangle((0, top - 8, width, top + 4), fill=(208, 202, 192))  # the table's far edge

    # Cups on saucers, and a teapot, each with a soft shadow cast to the right by the morning sun.
    cups = [(0.22, 0.80, 1.0, (196, 64, 52)), (0.45, 0.88, 1.25, (248, 248, 244)),
            (0.70, 0.79, 0.95, (60, 110, 160)), (0.84, 0.91, 1.3, (232, 186, 60))]
    shadows = Image.new("L", (width, height), 0)
    shadow_draw = ImageDraw.Draw(shadows)
    for cx, cy, scale, _ in cups:
        x, y, size = width * cx, height * cy, 120 * scale
        shadow_draw.ellipse((x - size * 0.9, y - size * 0.1, x + size * 2.2, y + size * 0.45), fill=120)
    shadow_draw.ellipse((width * 0.58 - 190, height * 0.74 - 60, width * 0.58 + 480, height * 0.74 + 70), fill=120)
    scene.paste((120, 112, 100), mask=shadows.filter(ImageFilter.GaussianBlur(28)))
    draw = ImageDraw.Draw(scene)
    for cx, cy, scale, colour in cups:
        draw_cup(draw, width * cx, height * cy, 120 * scale, colour)
    draw_teapot(draw, width * 0.58, height * 0.74, 190)

    # Light from the upper left, and the corners a little darker, as a phone's lens leaves them.
    scene = ImageChops.multiply(scene, vignette((width, height)))
    # A little softness, as a lens gives, then gaussian grain as a sensor gives.
    scene = scene.filter(ImageFilter.GaussianBlur(1.2))
    return ImageChops.add(scene, grain((width, height), rng, sigma=3.5), scale=1.0, offset=-128)


def vignette(size: tuple[int, int]) -> Image.Image:
    """Return an RGB picture to multiply by: white where the light falls, darker towards the corners."""
    small = Image.new("L", (64, 48))
    for y in range(48):
        for x in range(64):
            dx, dy = (x - 24) / 40, (y - 18) / 34  # brightest a little above and left of the middle
            small.putpixel((x, y), round(255 - 70 * min(1.0, dx * dx + dy * dy) ** 1.5))
    return Image.merge("RGB", [small.resize(size, Image.Resampling.BICUBIC)] * 3)


def draw_cup(draw: ImageDraw.ImageDraw, x: float, y: float, size: float, colour: tuple[int, int, int]) -> None:
    shade = lerp(colour, (0, 0, 0), 0.25)
    draw.ellipse((x - size * 1.3, y - size * 0.30, x + size * 1.3, y + size * 0.30), fill=(250, 250, 248),
                 outline=(200, 198, 192), width=4)  # the saucer
    draw.ellipse((x - size * 1.35, y + size * 0.05, x + size * 1.35, y + size * 0.42), fill=(206, 200, 190))
    draw.ellipse((x - size * 1.3, y - size * 0.30, x + size * 1.3, y + size * 0.30), fill=(250, 250, 248))
    draw.polygon([(x - size, y - size * 1.3), (x + size, y - size * 1.3), (x + size * 0.8, y),
                  (x - size * 0.8, y)], fill=colour)  # the cup
    draw.polygon([(x + size * 0.45, y - size * 1.3), (x + size * 0.8, y - size * 1.3),
                  (x + size * 0.62, y - size * 0.1), (x + size * 0.35, y - size * 0.1)], fill=shade)  # shaded side
    draw.polygon([(x - size * 0.7, y - size * 1.3), (x - size * 0.5, y - size * 1.3),
                  (x - size * 0.42, y - size * 0.15), (x - size * 0.58, y - size * 0.15)],
                 fill=lerp(colour, (255, 255, 255), 0.35))  # a highlight
    draw.ellipse((x - size * 0.8, y - size * 0.2, x + size * 0.8, y + size * 0.2), fill=colour)
    draw.arc((x + size * 0.7, y - size * 1.1, x + size * 1.45, y - size * 0.35), -90, 90, fill=shade,
             width=int(size * 0.16))  # the handle
    draw.ellipse((x - size, y - size * 1.55, x + size, y - size * 1.05), fill=lerp(colour, (255, 255, 255), 0.3))
    draw.ellipse((x - size * 0.88, y - size * 1.5, x + size * 0.88, y - size * 1.1), fill=(111, 72, 44))  # tea


def draw_teapot(draw: ImageDraw.ImageDraw, x: float, y: float, size: float) -> None:
    body, dark = (42, 92, 110), (28, 66, 80)
    draw.polygon([(x - size * 1.05, y - size * 0.35), (x - size * 1.75, y - size * 1.05),
                  (x - size * 1.6, y - size * 1.12), (x - size * 0.9, y - size * 0.6)], fill=dark)  # the spout
    draw.arc((x + size * 0.6, y - size * 1.1, x + size * 1.5, y - size * 0.05), -100, 100, fill=dark,
             width=int(size * 0.16))  # the handle
    draw.ellipse((x - size * 1.1, y - size * 1.4, x + size * 1.1, y + size * 0.15), fill=body)
    draw.ellipse((x - size * 0.55, y - size * 1.55, x + size * 0.55, y - size * 1.2), fill=dark)  # the lid
    draw.ellipse((x - size * 0.14, y - size * 1.78, x + size * 0.14, y - size * 1.46), fill=dark)
    draw.ellipse((x - size * 0.75, y - size * 1.1, x - size * 0.35, y - size * 0.7), fill=(92, 150, 168))  # shine


def grain(size: tuple[int, int], rng: random.Random, sigma: float) -> Image.Image:
    """Return RGB gaussian noise around 128 with standard deviation ``sigma``, from ``rng`` alone."""
    normal = NormalDist(128, sigma)
    to_gaussian = [max(0, min(255, round(normal.inv_cdf((i + 0.5) / 256)))) for i in range(256)]
    bands = [Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).point(to_gaussian) for _ in range(3)]
    return Image.merge("RGB", bands)


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Make] = CAMERA_MAKE
    exif[Base.Model] = CAMERA_MODEL
    exif[Base.Orientation] = 6  # the camera was held turned: show the pixels turned a quarter to the right
    exif[Base.DateTime] = TAKEN
    exif[Base.Software] = "tools/make_example_pictures.py"
    details = exif.get_ifd(IFD.Exif)
    details[Base.DateTimeOriginal] = TAKEN
    details[Base.DateTimeDigitized] = TAKEN
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSVersionID] = b"\x02\x03\x00\x00"
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = tuple(IFDRational(value) for value in LATITUDE)
    gps[GPS.GPSLongitudeRef] = "W"
    gps[GPS.GPSLongitude] = tuple(IFDRational(value) for value in LONGITUDE)
    gps[GPS.GPSAltitudeRef] = b"\x00"
    gps[GPS.GPSAltitude] = IFDRational(ALTITUDE)
    return exif


# The partner's logo

HUB_GREEN, HUB_SLATE = (30, 122, 92), (44, 62, 80)


def write_logo(path: Path, rng: random.Random) -> None:
    scale = 4  # drawn four times over and scaled down, for smooth edges as a design program exports them
    width, height = 800, 300
    logo = Image.new("RGB", (width * scale, height * scale), "white")
    draw = ImageDraw.Draw(logo)
    s = scale
    line = 9 * s
    # The mark: a house, its doorway open, and three people around it in a ring.
    cx, cy, r = 150 * s, 150 * s, 105 * s
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=HUB_GREEN, width=line)
    draw.line([(cx - 52 * s, cy - 2 * s), (cx, cy - 50 * s), (cx + 52 * s, cy - 2 * s)], fill=HUB_SLATE,
              width=line, joint="curve")
    draw.line([(cx - 38 * s, cy - 14 * s), (cx - 38 * s, cy + 48 * s), (cx + 38 * s, cy + 48 * s),
               (cx + 38 * s, cy - 14 * s)], fill=HUB_SLATE, width=line, joint="curve")
    draw.rectangle((cx - 12 * s, cy + 8 * s, cx + 12 * s, cy + 48 * s), fill=HUB_GREEN)
    for angle in (-90, 30, 150):
        px = cx + r * math.cos(math.radians(angle))
        py = cy + r * math.sin(math.radians(angle))
        draw.ellipse((px - 20 * s, py - 20 * s, px + 20 * s, py + 20 * s), fill="white", outline=HUB_GREEN,
                     width=line)
    # The name, in two lines, with a rule between.
    draw.text((290 * s, 72 * s), "Ystrad", font=font(84 * s), fill=HUB_SLATE)
    draw.line((294 * s, 170 * s, 760 * s, 170 * s), fill=HUB_GREEN, width=5 * s)
    draw.text((292 * s, 184 * s), "Community Hub", font=font(56 * s), fill=HUB_GREEN)
    logo.resize((width, height), Image.Resampling.LANCZOS).save(path, format="PNG", optimize=True)


# The badge

BADGE_RED, BADGE_GOLD, BADGE_CREAM = (178, 34, 52), (240, 180, 40), (255, 250, 236)


def write_badge(path: Path, rng: random.Random) -> None:
    scale = 4
    size = 600
    big = size * scale
    s = scale
    badge = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    # A soft shadow below the disc: half-transparent pixels, not just on and off.
    shadow = Image.new("L", (big, big), 0)
    ImageDraw.Draw(shadow).ellipse((58 * s, 74 * s, 558 * s, 574 * s), fill=110)
    shadow = shadow.filter(ImageFilter.GaussianBlur(14 * s))
    badge.paste((20, 20, 30, 255), mask=shadow)
    badge.putalpha(shadow)

    disc = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(disc)
    draw.ellipse((40 * s, 40 * s, 560 * s, 560 * s), fill=BADGE_RED)
    draw.ellipse((85 * s, 85 * s, 515 * s, 515 * s), outline=BADGE_GOLD, width=8 * s)
    draw.ellipse((105 * s, 105 * s, 495 * s, 495 * s), fill=BADGE_CREAM)
    # Stars around the rim, outside the gold ring.
    for i in range(16):
        angle = math.radians(i * 360 / 16 + 11.25)
        star(draw, 300 * s + 238 * s * math.cos(angle), 300 * s + 238 * s * math.sin(angle), 11 * s, BADGE_GOLD)
    # A heart between two stars, then the words.
    heart(draw, 300 * s, 196 * s, 58 * s, BADGE_RED)
    star(draw, 205 * s, 190 * s, 18 * s, BADGE_GOLD)
    star(draw, 395 * s, 190 * s, 18 * s, BADGE_GOLD)
    centred(draw, "Volunteers'", 300 * s, 282 * s, font(58 * s), (80, 24, 32))
    centred(draw, "Week", 300 * s, 346 * s, font(58 * s), (80, 24, 32))
    centred(draw, "1-7 June 2020", 300 * s, 426 * s, font(30 * s), BADGE_RED)
    badge = Image.alpha_composite(badge, disc)
    badge.resize((size, size), Image.Resampling.LANCZOS).save(path, format="PNG", optimize=True)


def star(draw: ImageDraw.ImageDraw, x: float, y: float, r: float, colour) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = math.radians(-90 + i * 36)
        points.append((x + radius * math.cos(angle), y + radius * math.sin(angle)))
    draw.polygon(points, fill=colour)


def heart(draw: ImageDraw.ImageDraw, x: float, y: float, r: float, colour) -> None:
    draw.ellipse((x - r, y - r * 0.75, x, y + r * 0.25), fill=colour)
    draw.ellipse((x, y - r * 0.75, x + r, y + r * 0.25), fill=colour)
    draw.polygon([(x - r * 0.97, y - r * 0.1), (x + r * 0.97, y - r * 0.1), (x, y + r * 1.05)], fill=colour)


def centred(draw: ImageDraw.ImageDraw, text: str, middle: float, y: float, face, colour) -> None:
    left, _, right, _ = draw.textbbox((0, 0), text, font=face)
    draw.text((middle - (right - left) / 2, y), text, font=face, fill=colour)


if __name__ == "__main__":
    main()
