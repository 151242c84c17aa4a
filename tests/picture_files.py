"""Real picture files of every kind an editor brings, made with Pillow (and pillow-heif) for the tests.

Each maker writes a file and returns its path. The photos carry what a phone
puts in them: camera EXIF, a GPS position, an orientation, XMP, a comment.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

# A position that must never reach an inbox: 51° 47' N, 3° 45' W.
GPS_LATITUDE = (51.0, 47.0, 12.34)
GPS_LONGITUDE = (3.0, 45.0, 43.21)
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Ann Author</dc:creator>'
       b'</rdf:Description></rdf:RDF></x:xmpmeta>')
PRIVATE_WORDS = (b"Ann Author", b"Pixel 7", b"GPS", b"Exif", b"xmpmeta", b"Secret comment", b"ICC_PROFILE")


def camera_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: make, model, artist, time, orientation and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "Google"  # Make
    exif[0x0110] = "Pixel 7"  # Model
    exif[0x013B] = "Ann Author"  # Artist
    exif[0x0132] = "2020:06:12 10:31:02"  # DateTime
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: GPS_LATITUDE, 3: "W", 4: GPS_LONGITUDE})
    return exif


def photo(width: int = 1600, height: int = 1200, seed: int = 1) -> Image.Image:
    """A picture that compresses like a photograph: sky, hills, shapes, sensor noise."""
    generator = random.Random(seed)
    picture = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    sky = Image.new("RGB", (width, height), (120, 170, 220))
    picture = Image.blend(picture, sky, 0.6)
    draw = ImageDraw.Draw(picture)
    for _ in range(40):
        x, y = generator.randrange(width), generator.randrange(height // 3, height)
        r = generator.randrange(width // 40, width // 8)
        draw.ellipse((x - r, y - r, x + r, y + r),
                     fill=(generator.randrange(40, 200), generator.randrange(80, 200), generator.randrange(20, 120)))
    picture = picture.filter(ImageFilter.GaussianBlur(2))
    noise = Image.effect_noise((width, height), 18).convert("RGB")
    return Image.blend(picture, noise, 0.08)


def write_photo(path: Path, width: int = 1600, height: int = 1200, orientation: int = 1, **extra) -> Path:
    """A JPEG as a phone saves it: EXIF with GPS, XMP, a comment, an sRGB profile."""
    from PIL import ImageCms

    path.parent.mkdir(parents=True, exist_ok=True)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo(width, height).save(path, "JPEG", quality=92, exif=camera_exif(orientation).tobytes(), xmp=XMP,
                              comment=b"Secret comment", icc_profile=srgb, **extra)
    return path


def halves(width: int, height: int, first=(220, 30, 30), second=(30, 30, 220)) -> Image.Image:
    """Top half ``first``, bottom half ``second``: which way up it is shows at a glance."""
    picture = Image.new("RGB", (width, height), second)
    ImageDraw.Draw(picture).rectangle((0, 0, width, height // 2 - 1), fill=first)
    return picture


# EXIF orientation n: the stored pixels are the upright picture transformed by STORED[n].
STORED = {
    3: lambda picture: picture.transpose(Image.Transpose.ROTATE_180),
    6: lambda picture: picture.transpose(Image.Transpose.ROTATE_90),  # shown turned 90° clockwise
    8: lambda picture: picture.transpose(Image.Transpose.ROTATE_270),
}


def write_rotated(path: Path, orientation: int, width: int = 800, height: int = 600) -> Path:
    """A phone photo held sideways: upright it is red above blue, but its pixels are stored turned."""
    path.parent.mkdir(parents=True, exist_ok=True)
    STORED[orientation](halves(width, height)).save(path, "JPEG", quality=95,
                                                    exif=camera_exif(orientation).tobytes())
    return path


def write_logo(path: Path, width: int = 800, height: int = 300) -> Path:
    """Flat-colour line art on white, as a partner's logo comes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    logo = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(logo)
    draw.ellipse((20, 20, height - 20, height - 20), fill=(29, 92, 122))
    draw.rectangle((height, height // 3, width - 20, height // 3 + 40), fill=(240, 140, 0))
    draw.rectangle((height, height // 2 + 10, width - 120, height // 2 + 40), fill=(29, 92, 122))
    logo.save(path, "PNG")
    return path


def write_transparent(path: Path, size: int = 600) -> Path:
    """A round badge on a transparent background, with a text chunk naming its author."""
    from PIL import PngImagePlugin

    path.parent.mkdir(parents=True, exist_ok=True)
    badge = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(badge).ellipse((10, 10, size - 10, size - 10), fill=(200, 40, 90, 255), outline=(255, 255, 255, 255),
                                  width=12)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Ann Author")
    badge.save(path, "PNG", pnginfo=info)
    return path


def write_heavy_transparent(path: Path, size: int = 1200, seed: int = 2) -> Path:
    """A transparent PNG full of noise: it stays PNG (transparency) and weighs far more than 200 KB."""
    path.parent.mkdir(parents=True, exist_ok=True)
    noise = Image.effect_noise((size, size), 90).convert("RGB")
    alpha = Image.new("L", (size, size), 255)
    ImageDraw.Draw(alpha).ellipse((0, 0, size // 4, size // 4), fill=0)
    picture = noise.convert("RGBA")
    picture.putalpha(alpha)
    picture.save(path, "PNG")
    return path


def write_cmyk(path: Path, width: int = 400, height: int = 300) -> Path:
    """A printer's CMYK JPEG of pure cyan."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("CMYK", (width, height), (255, 0, 0, 0)).save(path, "JPEG", quality=95)
    return path


def write_broken_profile(path: Path) -> Path:
    """An RGB JPEG whose embedded colour profile is nonsense."""
    path.parent.mkdir(parents=True, exist_ok=True)
    photo(400, 300).save(path, "JPEG", icc_profile=b"not a profile at all" * 10)
    return path


def write_grey16(path: Path) -> Path:
    """A 16-bit greyscale scan: a ramp from black to white."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ramp = Image.linear_gradient("L").resize((256, 64)).point(lambda value: value * 257, mode="I")
    ramp.convert("I;16").save(path, "PNG")
    return path


def write_animated_gif(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = [Image.new("P", (120, 80), colour) for colour in (1, 2, 3)]
    for frame in frames:
        frame.putpalette([0, 0, 0, 200, 30, 30, 30, 200, 30, 30, 30, 200] + [0] * 756)
    frames[0].save(path, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0,
                   comment=b"Secret comment")
    return path


def write_heic(path: Path, width: int = 640, height: int = 480) -> Path:
    """An iPhone's HEIC photo, with its EXIF."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    path.parent.mkdir(parents=True, exist_ok=True)
    photo(width, height).save(path, "HEIF", exif=camera_exif().tobytes())
    return path


def write_svg(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                    '<rect width="10" height="10"/></svg>\n', encoding="utf-8")
    return path


def write_truncated(path: Path) -> Path:
    """A photo cut off half way, as an interrupted download leaves it."""
    data = io.BytesIO()
    photo(800, 600).save(data, "JPEG", quality=90)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.getvalue()[: len(data.getvalue()) // 2])
    return path


def write_bomb(path: Path, side: int = 30_000) -> Path:
    """A tiny PNG whose header claims ``side`` × ``side`` pixels: decoded, it would fill the memory."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = zlib.compress(b"\x00" * (side * 3 + 1) * 4, 9)  # a few rows; the rest is never reached
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def jpeg_segments(data: bytes) -> list[str]:
    """Return the names of a JPEG's marker segments up to the image data: APP0, APP1 (EXIF, XMP), COM ..."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    names, index = [], 2
    while index < len(data) and data[index] == 0xFF:
        marker = data[index + 1]
        length = struct.unpack(">H", data[index + 2:index + 4])[0]
        names.append(f"APP{marker - 0xE0}" if 0xE0 <= marker <= 0xEF else "COM" if marker == 0xFE else f"{marker:02X}")
        if marker == 0xDA:  # start of scan: the pixels follow
            break
        index += 2 + length
    return names


def png_chunks(data: bytes) -> list[str]:
    """Return the kinds of a PNG's chunks: IHDR, PLTE, tRNS, IDAT, tEXt, eXIf, iCCP ..."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    kinds, index = [], 8
    while index < len(data):
        length = struct.unpack(">I", data[index:index + 4])[0]
        kinds.append(data[index + 4:index + 8].decode("ascii"))
        index += 12 + length
    return kinds


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


PNG_BANDS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # PNG's colour types: grey, RGB, palette, grey and alpha, RGBA


def _png_header(width: int, height: int, colour_type: int) -> bytes:
    header = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
    if colour_type == 3:  # a palette of 256 colours, the first one transparent
        header += _png_chunk(b"PLTE", bytes(c for i in range(256) for c in (i, 255 - i, 128)))
        header += _png_chunk(b"tRNS", bytes([0] + [255] * 255))
    return b"\x89PNG\r\n\x1a\n" + header


def write_plain_png(path: Path, width: int, height: int, colour_type: int = 2) -> Path:
    """A real PNG of one colour, any size, packed row by row: a few hundred KB can hold 80 megapixels.
    ``colour_type``: 0 grey, 2 RGB, 3 palette with a transparent colour, 4 grey with alpha, 6 RGBA."""
    row = b"\x00" + bytes(width * PNG_BANDS[colour_type])
    rows_at_once = max(1, (1 << 20) // len(row))
    packer = zlib.compressobj(9)
    packed = []
    for start in range(0, height, rows_at_once):
        packed.append(packer.compress(row * min(rows_at_once, height - start)))
    packed.append(packer.flush())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_png_header(width, height, colour_type) + _png_chunk(b"IDAT", b"".join(packed))
                     + _png_chunk(b"IEND", b""))
    return path


def png_claiming(width: int, height: int, colour_type: int = 2) -> bytes:
    """Return a PNG whose header claims ``width`` × ``height`` pixels and whose data stops after a row: read
    whole, it is "cut short"; refused from its header, it is never read."""
    row = zlib.compress(b"\x00" + bytes(width * PNG_BANDS[colour_type]))
    return _png_header(width, height, colour_type) + _png_chunk(b"IDAT", row) + _png_chunk(b"IEND", b"")


def write_heic_claiming(path: Path, width: int, height: int) -> Path:
    """A small HEIC whose header (its ispe box) claims ``width`` × ``height`` pixels: encoding a real one of
    64 megapixels takes longer than the whole test (it is 15 KB, and decoded takes 550 MB)."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    stream = io.BytesIO()
    Image.new("RGB", (64, 64), (40, 90, 160)).save(stream, "HEIF", quality=10)
    data = stream.getvalue()
    at = data.index(b"ispe") + 8  # after the box's type, its version and flags: width, then height
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data[:at] + struct.pack(">II", width, height) + data[at + 8:])
    return path
