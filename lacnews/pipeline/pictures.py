"""Editors' own pictures, prepared for email: upright, sRGB, at most twice the width they are shown at, and
carrying nothing but pixels.

An image's ``src`` is a web address (shown as it is, never fetched here) or a path from the project
folder: a phone photo, a partner's logo, a scanned flyer. Each local one is read, turned upright from
the camera's orientation, converted to sRGB, scaled down (never up) and saved afresh as JPEG (photos)
or PNG (transparency, line art) with no metadata at all: no camera EXIF, no GPS position, no author,
no thumbnail, no colour profile. Its name is made from what it holds, so a changed photo gets a new
name and no inbox shows a stale one.

Preparing is the slow part of a build with photos, so the result is kept in the user's cache under a
digest of the file's bytes and the width asked for: preparing the same photo again only reads it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from markupsafe import escape

from lacnews.base import layout
from lacnews.base.cache import cache_dir
from lacnews.base.errors import InputError, Problem
from lacnews.base.limits import (
    COLUMN_WIDTH,
    MAX_PICTURE_BYTES,
    MAX_PICTURE_DECODED_BYTES,
    MAX_PICTURE_PIXELS,
    MAX_PICTURE_SHOWN_HEIGHT,
    MAX_PICTURE_SIDE,
)
from lacnews.base.project import Project
from lacnews.base.schema import Image, Issue, Newsletter
from lacnews.pipeline.picture_files import PictureError, located, resolve
from lacnews.text.addresses import is_local_picture, picture_path_problem
from lacnews.yaml.source import Source

PREPARATION = 2  # part of every cache key: raise it when preparing changes what comes out
JPEG_QUALITIES = (82, 76, 70, 62)  # from the first, the lower ones only while a photo is over JPEG_TARGET
JPEG_TARGET = 160 * 1024  # a 12-megapixel photo comes out well under the 200 KB budget
LOSSY_FORMATS = ("JPEG", "MPO", "HEIF", "AVIF", "WEBP")  # photographs already: they go out as JPEG
QUANTIZE_TOLERANCE = 1.5  # mean difference per channel, of 255, below which 256 colours look the same
LOSSLESS_SLACK = 1.5  # a picture of many colours stays PNG (sharp edges, text) unless JPEG is this much smaller
MAX_CACHED = 2000  # prepared pictures kept in the user cache; the oldest go first
CONVERT_SVG = ("mail programs do not show SVG pictures (Gmail and Outlook block them): save it as a PNG at twice "
               "the width it is shown at, for example `rsvg-convert -w 480 {name} -o {stem}.png` (Debian's "
               "librsvg2-bin) or Inkscape's Export PNG, and use that")
CONVERT_PDF = ("a PDF is a document, not a picture: export the page as a PNG or JPEG (`pdftoppm -png -r 150 {name} "
               "{stem}` from Debian's poppler-utils), and use that")
NAME_PART = re.compile(r"[^a-z0-9]+")
# Bytes a pixel takes as Pillow holds it: colour, with or without transparency, takes four.
PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2, "BGR;15": 2, "BGR;16": 2,
               "BGR;24": 3}
OWN_BUFFER_FORMATS = ("HEIF", "AVIF", "WEBP")  # decoded whole by their own library, then copied into Pillow
PLAIN_MODES = ("RGB", "RGBA", "L", "CMYK")
RESIZE_IT = "resize it in a photo program (2000 pixels wide is plenty for an email) and use that copy"


# Preparing one picture

@dataclass(frozen=True)
class Prepared:
    """One picture as it goes out: its file, and the sizes it is shown at."""

    name: str  # coffee-morning-3fa29b0c51d2.jpg: made from its content
    data: bytes
    format: str  # JPEG or PNG
    pixel_width: int  # of the prepared file
    pixel_height: int
    width: int  # as shown in the email
    height: int
    source_format: str
    source_bytes: int
    source_width: int  # upright
    source_height: int
    animated: bool = False  # only the first frame of an animation is kept

    def meta(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if key != "data"}


def prepare(data: bytes, stem: str, asked_width: int | None, max_width: int) -> Prepared:
    """Return the picture in ``data`` prepared to be shown ``asked_width`` wide (its own width when None),
    at most ``max_width``; raise ``PictureError`` for what is not a usable picture."""
    folder = cache_dir("pictures")
    key = hashlib.sha256(f"pictures {PREPARATION}\x00{asked_width}\x00{max_width}\x00".encode()
                         + hashlib.sha256(data).digest()).hexdigest()
    known = _cached(folder, key)
    if known is not None:
        return replace(known, name=_name(stem, known.data, known.format))
    prepared = _prepare(data, stem, asked_width, max_width)
    _store(folder, key, prepared)
    return prepared


def _prepare(data: bytes, stem: str, asked_width: int | None, max_width: int) -> Prepared:
    from PIL import Image as PILImage  # Pillow only when there is a picture to prepare
    from PIL import ImageOps

    picture = open_picture(data, stem)
    source_format = picture.format or "unknown"
    width, height = picture.size
    orientation = _orientation(picture)
    upright = (height, width) if orientation in (5, 6, 7, 8) else (width, height)
    shown_width = min(asked_width or upright[0], max_width)
    shown_height = max(1, round(shown_width * upright[1] / upright[0]))
    _check_shape(width, height, upright, max_width)
    target = min(2 * shown_width, upright[0])
    target_size = (target, max(1, round(target * upright[1] / upright[0])))
    animated = bool(getattr(picture, "is_animated", False))
    if source_format in ("JPEG", "MPO"):  # decode at a fraction of the size where that is still enough: 4x faster
        wanted = target_size[::-1] if orientation in (5, 6, 7, 8) else target_size
        picture.draft(picture.mode if picture.mode in ("RGB", "L", "CMYK") else None, wanted)
    _check_memory(picture, source_format, orientation, (width, height))
    try:
        picture.load()
        if orientation in range(2, 9):  # exif_transpose copies even a picture it leaves as it is
            picture = ImageOps.exif_transpose(picture) or picture
        picture = _plain_mode(picture)
        # drawn in few colours (a logo, a chart): kept to them once resized, where Lanczos adds in-between ones
        line_art = source_format not in LOSSY_FORMATS and picture.getcolors(256) is not None
        if picture.size != target_size:
            picture = picture.resize(target_size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)
        picture = _srgb(picture)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PictureError(f"the picture is damaged or cut short ({_pillow_words(exc)}); "
                           "open it in a photo program and save it again") from None
    encoded, out_format = _encode(picture, source_format, line_art)
    return Prepared(_name(stem, encoded, out_format), encoded, out_format, picture.width, picture.height,
                    shown_width, shown_height, source_format, len(data), upright[0], upright[1], animated)


def open_picture(data: bytes, stem: str):
    """Return the picture in ``data`` opened, its pixels not yet decoded; raise ``PictureError`` for what is not a
    picture, or claims more pixels than lacnews opens."""
    from PIL import Image as PILImage

    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            picture = PILImage.open(io.BytesIO(data))
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        claimed = re.search(r"\((\d+) pixels\)", str(exc))
        raise PictureError(_too_many_pixels(int(claimed.group(1)) if claimed else None)) from None
    except PILImage.UnidentifiedImageError:
        raise PictureError(_not_a_picture(data, stem)) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PictureError(f"the picture cannot be read ({_pillow_words(exc)}); open it in a photo program and "
                           "save it again as JPEG or PNG") from None
    width, height = picture.size
    if width * height > MAX_PICTURE_PIXELS:
        raise PictureError(_too_many_pixels(width * height, f"{width} × {height} pixels, "))
    if width < 1 or height < 1:
        raise PictureError("the picture has no pixels")
    return picture


def _check_shape(width: int, height: int, upright: tuple[int, int], max_width: int) -> None:
    """Refuse a picture too long on a side (decoding takes a step a row), or so tall for its width that the
    email would show a strip longer than any screen."""
    if max(width, height) > MAX_PICTURE_SIDE:
        raise PictureError(f"the picture is {width:,} × {height:,} pixels, more than the {MAX_PICTURE_SIDE:,} "
                           f"lacnews opens on a side: {RESIZE_IT}")
    natural = min(upright[0], max_width)  # the width it is shown at unless the issue asks for another
    tall = round(natural * upright[1] / upright[0])
    if tall > MAX_PICTURE_SHOWN_HEIGHT:
        raise PictureError(f"the picture is {upright[0]:,} × {upright[1]:,} pixels upright: shown {natural:,} "
                           f"pixels wide, it would be {tall:,} pixels tall, a strip longer than any screen (at "
                           f"most {MAX_PICTURE_SHOWN_HEIGHT:,}); crop it, or {RESIZE_IT}")


def decoded_bytes(picture, source_format: str, orientation: int = 1) -> int:
    """Return the memory preparing ``picture`` takes, from its header alone: its pixels as Pillow holds them
    (after a JPEG's draft), what the decoder holds meanwhile for formats decoded by their own library, a
    working copy where the picture is changed to another mode or turned upright, and another where it has
    transparency (Pillow resizes a premultiplied copy)."""
    pixels = picture.width * picture.height
    held = pixels * PIXEL_BYTES.get(picture.mode, 4)
    if source_format in OWN_BUFFER_FORMATS:
        held += pixels * len(picture.getbands())
    transparent = _transparent(picture)
    converted = picture.mode not in PLAIN_MODES or (transparent and picture.mode != "RGBA")
    copies = (converted or orientation in range(2, 9)) + transparent
    return held + copies * pixels * 4


def _transparent(picture) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info


def _check_memory(picture, source_format: str, orientation: int, size: tuple[int, int]) -> None:
    needed = decoded_bytes(picture, source_format, orientation)
    if needed > MAX_PICTURE_DECODED_BYTES:
        transparency = " with transparency" if _transparent(picture) else ""
        raise PictureError(f"the picture is {size[0]:,} × {size[1]:,} pixels{transparency}, which takes "
                           f"{needed / 1024 / 1024:,.0f} MB of memory to prepare, over the "
                           f"{MAX_PICTURE_DECODED_BYTES // 1024 // 1024} MB lacnews uses for one picture (a small "
                           f"file that claims more may be built to fill the memory); if it is a real picture, "
                           f"{RESIZE_IT}")


def _too_many_pixels(pixels: int | None, size: str = "") -> str:
    claimed = f"{size}{pixels / 1_000_000:,.0f} megapixels" if pixels else "more pixels than that"
    return (f"the picture claims to be {claimed}, over the {MAX_PICTURE_PIXELS // 1_000_000} megapixels lacnews "
            "opens (a small file that claims more may be built to fill the memory); if it is a real picture, save "
            "a smaller copy: 2000 pixels wide is plenty")


def _not_a_picture(data: bytes, stem: str) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head:
        return CONVERT_SVG.format(name=f"{stem}.svg", stem=stem)
    if head.startswith(b"%pdf"):
        return CONVERT_PDF.format(name=f"{stem}.pdf", stem=stem)
    if not data:
        return "the file is empty"
    return "this is not a picture lacnews can read; save it as JPEG (photos) or PNG (logos, drawings)"


def _pillow_words(exc: BaseException) -> str:
    words = str(exc).strip() or type(exc).__name__
    return words if len(words) <= 80 else words[:77] + "..."


def _register_heif() -> None:
    """Let Pillow open iPhones' HEIC photos, where pillow-heif is installed."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return
    register_heif_opener()


def _orientation(picture) -> int:
    if picture.format == "PNG" and "exif" not in picture.info:
        return 1  # Pillow looks for a PNG's EXIF after its pixels by decoding them: before any bound is checked
    try:
        return int(picture.getexif().get(0x0112, 1))
    except Exception:  # a damaged EXIF block is common and harmless: it is not copied out
        return 1


def _plain_mode(picture):
    """Return ``picture`` in a mode that resizes well and saves as JPEG or PNG: RGB(A), L(A) or CMYK."""
    mode = picture.mode
    if mode in PLAIN_MODES:
        if "transparency" in picture.info and mode in ("RGB", "L"):
            return picture.convert("RGBA")
        return picture
    if mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit grey from scanners: scale, do not clip
        return picture.point(lambda value: value * (1 / 256)).convert("L")
    if mode == "LA" or mode == "PA" or (mode == "P" and "transparency" in picture.info):
        return picture.convert("RGBA")
    return picture.convert("RGB")


def _srgb(picture):
    """Return ``picture`` in sRGB: colours from its embedded profile where it has one (a camera's Adobe RGB,
    a printer's CMYK), else as they are."""
    from PIL import ImageCms

    icc = picture.info.get("icc_profile")
    if icc and picture.mode in ("RGB", "RGBA", "CMYK"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in (ImageCms.getProfileDescription(profile) or "").lower():
                output = "RGBA" if picture.mode == "RGBA" else "RGB"
                picture = ImageCms.profileToProfile(picture, profile, ImageCms.createProfile("sRGB"),
                                                    outputMode=output)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: the colours as they are, rather than no picture
    if picture.mode == "CMYK":
        picture = picture.convert("RGB")
    return picture


def _encode(picture, source_format: str, line_art: bool) -> tuple[bytes, str]:
    """Return the picture saved afresh, and its format: PNG where it has transparency or few colours or where
    JPEG would blur its edges for little gain, JPEG for photographs."""
    picture.info = {}  # Pillow would copy a profile or a comment left here into the file
    if picture.mode == "RGBA":
        if picture.getchannel("A").getextrema()[0] == 255:
            picture = picture.convert("RGB")
        else:
            return _transparent_png(picture), "PNG"
    if source_format in LOSSY_FORMATS:
        return _jpeg(picture), "JPEG"
    if line_art or picture.getcolors(256) is not None:
        from PIL import Image as PILImage

        few = picture if picture.mode == "L" else picture.convert("P", palette=PILImage.Palette.ADAPTIVE, colors=256)
        return _png(few), "PNG"
    lossless, photo = _png(picture), _jpeg(picture)
    if len(lossless) <= LOSSLESS_SLACK * len(photo):
        return lossless, "PNG"
    # A drawing with smooth edges (a logo's lettering) has more than 256 colours, yet 256 show it
    # without a visible change, and without the smudges JPEG leaves around sharp edges.
    fewer = _fewer_colours(picture)
    if fewer is not None:
        reduced = _png(fewer)
        if len(reduced) <= LOSSLESS_SLACK * len(photo):
            return reduced, "PNG"
    return photo, "JPEG"


def _fewer_colours(picture):
    """Return ``picture`` in 256 colours, or None where that changes it visibly (a photograph's gradients)."""
    from PIL import Image as PILImage
    from PIL import ImageChops, ImageStat

    rgb = picture.convert("RGB")
    fewer = rgb.quantize(256, method=PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE)
    difference = ImageStat.Stat(ImageChops.difference(rgb, fewer.convert("RGB"))).mean
    return fewer if max(difference) <= QUANTIZE_TOLERANCE else None


def _transparent_png(picture) -> bytes:
    """Return a picture with transparency as PNG: lossless, or in 256 colours where lossless is too heavy
    (a photo cut out of its background) and that is lighter."""
    from PIL import Image as PILImage

    lossless = _png(picture)
    if len(lossless) <= JPEG_TARGET:
        return lossless
    fewer = _png(picture.quantize(256, method=PILImage.Quantize.FASTOCTREE))
    return fewer if len(fewer) < len(lossless) else lossless


def _png(picture) -> bytes:
    out = io.BytesIO()
    picture.info = {}
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _jpeg(picture) -> bytes:
    if picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    picture.info = {}
    for quality in JPEG_QUALITIES:
        out = io.BytesIO()
        picture.save(out, format="JPEG", quality=quality, optimize=True, progressive=True, subsampling="4:2:0")
        if out.tell() <= JPEG_TARGET:
            break
    return out.getvalue()


def _name(stem: str, data: bytes, out_format: str) -> str:
    words = NAME_PART.sub("-", stem.lower()).strip("-")[:40].strip("-") or "picture"
    return f"{words}-{hashlib.sha256(data).hexdigest()[:12]}.{'jpg' if out_format == 'JPEG' else 'png'}"


def _cached(folder: Path | None, key: str) -> Prepared | None:
    """Return the picture prepared before under ``key``; None when there is none, or when what the cache holds is
    not a picture as lacnews stores it (another program's file, a damaged one): it is then prepared again."""
    if folder is None:
        return None
    try:
        meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        data = (folder / f"{key}.bin").read_bytes()
    except (OSError, ValueError, RecursionError):
        return None
    if not _well_formed(meta):
        return None
    prepared = Prepared(data=data, **meta)
    # the name holds a digest of the bytes: a file damaged in the cache is prepared again
    if not prepared.name.endswith(f"-{hashlib.sha256(data).hexdigest()[:12]}.{prepared.name.rsplit('.', 1)[-1]}"):
        return None
    return prepared


CACHED_FIELDS = {each.name: each.type for each in fields(Prepared) if each.name != "data"}


def _well_formed(meta: object) -> bool:
    """Whether ``meta`` is a prepared picture's description as ``_store`` writes it: every field, of its type."""
    if not isinstance(meta, dict) or set(meta) != set(CACHED_FIELDS):
        return False
    for name, kind in CACHED_FIELDS.items():
        value = meta[name]
        wanted = {"str": str, "int": int, "bool": bool}[kind]
        if type(value) is not wanted or (wanted is int and value < 0):
            return False
    return meta["format"] in ("JPEG", "PNG") and meta["width"] > 0 and meta["height"] > 0


def _store(folder: Path | None, key: str, prepared: Prepared) -> None:
    if folder is None:
        return
    try:
        for suffix, content in ((".bin", prepared.data), (".json", json.dumps(prepared.meta()).encode())):
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, folder / f"{key}{suffix}")
        _trim(folder)
    except OSError:
        pass  # a cache that cannot be written costs time, not correctness


def _trim(folder: Path) -> None:
    entries = [entry for entry in os.scandir(folder) if entry.name.endswith(".json")]
    if len(entries) <= MAX_CACHED:
        return
    entries.sort(key=lambda entry: entry.stat().st_mtime)
    for entry in entries[:len(entries) - MAX_CACHED]:
        for suffix in (".json", ".bin"):
            Path(folder, entry.name[:-5] + suffix).unlink(missing_ok=True)


# An issue's pictures

@dataclass(frozen=True)
class Shown:
    """An image as a template writes it."""

    src: str
    alt: str
    width: int
    height: int | None  # None for a web image: its height is not known without fetching it


@dataclass(frozen=True)
class Picture:
    """One image of an issue (or the newsletter's logo): where it is written, and its prepared file if local."""

    image: Image
    source: Source
    where: str  # sections[1].items[0].image
    max_width: int
    path: Path | None = None  # the local file
    prepared: Prepared | None = None

    def place(self):
        return self.source.place(self.image.nodes.get("src"))


class Pictures:
    """The pictures of one issue, and the address their prepared files are served from."""

    def __init__(self, pictures: list[Picture], base: str | None):
        self.all = pictures
        self.base = base  # None: nowhere yet, so the email points at its own images/ folder
        # by what an image says, not by which object it is: an issue seen in one of its languages is a copy
        self._by_image = {(picture.image.src, picture.image.width, picture.max_width): picture for picture in pictures}

    @property
    def local(self) -> list[Picture]:
        return [picture for picture in self.all if picture.prepared is not None]

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(dict.fromkeys(picture.path for picture in self.all if picture.path is not None))

    def files(self) -> dict[str, bytes]:
        """Return the prepared files by name."""
        return {picture.prepared.name: picture.prepared.data for picture in self.local}

    @property
    def total_bytes(self) -> int:
        return sum(len(data) for data in self.files().values())

    def served_from(self, base: str) -> Pictures:
        """Return these pictures served from ``base`` instead (the archive's page, the preview)."""
        return Pictures(self.all, base)

    def url(self, prepared: Prepared) -> str:
        return f"{self.base or layout.LOCAL_PICTURES}{prepared.name}"

    def hosted(self, addresses: Mapping[str, str]) -> tuple[dict[str, str], list[Picture]]:
        """Return each local picture's address in the email → where a host keeps it (``addresses``: by the sha256
        of its prepared bytes, as `lacnews push` records them), and the local pictures it does not keep yet."""
        found: dict[str, str] = {}
        missing = []
        for picture in self.local:
            address = addresses.get(hashlib.sha256(picture.prepared.data).hexdigest())
            if address is None:
                missing.append(picture)
            else:
                found[self.url(picture.prepared)] = address
        return found, missing

    def shown(self, image: Image, max_width: int = COLUMN_WIDTH) -> Shown:
        """Return how the template shows ``image``, at most ``max_width`` wide."""
        alt = "" if image.decorative else (image.alt or "")
        picture = self._by_image.get((image.src, image.width, max_width)) or next(
            (known for (src, width, _), known in self._by_image.items() if (src, width) == (image.src, image.width)),
            None)
        if picture is None or picture.prepared is None:
            return Shown(image.src, alt, min(image.width or max_width, max_width), None)
        prepared = picture.prepared
        width = min(prepared.width, max_width)
        height = max(1, round(prepared.height * width / prepared.width))
        return Shown(self.url(prepared), alt, width, height)


def images_of(newsletter: Newsletter, issue: Issue) -> list[tuple[Image, str, int, bool]]:
    """Return every image with its place's name, the widest it is shown, and whether newsletter.yaml holds it."""
    found = []
    if newsletter.theme.logo:
        found.append((newsletter.theme.logo, "theme.logo", newsletter.theme.logo_width, True))
    for s, section in enumerate(issue.sections):
        for i, item in enumerate(section.items):
            if item.image:
                found.append((item.image, f"sections[{s}].items[{i}].image", COLUMN_WIDTH, False))
    return found


def pictures_at(html: str, addresses: Mapping[str, str]) -> str:
    """Return ``html`` with each picture whose address (its ``src``) is a key of ``addresses`` shown from its value
    instead, every other byte as it was."""
    for address, instead in addresses.items():
        # as the template wrote it: escaped as Jinja escapes, in double quotes
        html = html.replace(f'src="{escape(address)}"', f'src="{escape(instead)}"')
    return html


def local_files(project: Project, newsletter: Newsletter, issue: Issue) -> list[Path]:
    """Return the local picture files an issue names (those inside the project), for its list of inputs."""
    paths = []
    root = project.root.resolve()
    for image, *_ in images_of(newsletter, issue):
        if is_local_picture(image.src) and picture_path_problem(image.src) is None:
            path = located(root, image.src).resolve()
            if path.is_relative_to(root):
                paths.append(path)
    return list(dict.fromkeys(paths))


def prepare_pictures(project: Project, newsletter: Newsletter, issue: Issue, newsletter_source: Source,
                     issue_source: Source) -> Pictures:
    """Return every image of the issue, the local ones prepared; raise ``InputError`` naming each bad one."""
    problems: list[Problem] = []
    pictures = []
    for image, where, max_width, in_newsletter in images_of(newsletter, issue):
        source = newsletter_source if in_newsletter else issue_source
        if not is_local_picture(image.src):
            pictures.append(Picture(image, source, where, max_width))
            continue
        try:
            path = resolve(project, image.src)
            size = path.stat().st_size
            if size > MAX_PICTURE_BYTES:
                raise PictureError(f"the file is {size / 1024 / 1024:.0f} MB, over the "
                                   f"{MAX_PICTURE_BYTES // 1024 // 1024} MB lacnews opens; save a smaller copy")
            prepared = prepare(path.read_bytes(), path.stem, image.width, max_width)
        except PictureError as exc:
            problems.append(source.problem(image.nodes.get("src"), f"{where}.src: {exc}", "image-file"))
            continue
        except OSError as exc:
            problems.append(source.problem(image.nodes.get("src"), f"{where}.src: {image.src} cannot be read: "
                                                                   f"{exc.strerror or exc}", "image-file"))
            continue
        pictures.append(Picture(image, source, where, max_width, path, prepared))
    if problems:
        raise InputError(problems)
    return Pictures(pictures, layout.picture_base(newsletter, issue.slug))
