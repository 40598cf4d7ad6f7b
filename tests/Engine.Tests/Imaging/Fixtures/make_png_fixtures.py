#!/usr/bin/python3
# Writes the PNG fixtures the decoder tests read: PNGs saved by PIL (adaptive filters, palette, 1-bit,
# gray+alpha, 16-bit), and PNGs whose rows cycle through all five filter types, written here by hand
# with zlib and checked with PIL. For each readable PNG, NAME.raw holds the pixels PIL decodes
# (converted to L, RGB or RGBA) and fixtures.txt lists "name width height channels".
# Run with Debian's python3-pil:  /usr/bin/python3 make_png_fixtures.py   (deterministic output)
import random
import struct
import zlib
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
rng = random.Random(1234)


def picture(mode, width, height):
    """Smooth gradients in the top half, seeded noise and stripes below: every filter type wins somewhere."""
    bands = len(mode)
    data = []
    for y in range(height):
        for x in range(width):
            for c in range(bands):
                if y < height // 2:
                    data.append((x * 5 + y * 3 + c * 60) % 256)
                elif (x // 4 + y // 3) % 3 == 0:
                    data.append(rng.randrange(256))
                else:
                    data.append((x * x + y * 7 * (c + 1)) % 256)
    return Image.frombytes(mode, (width, height), bytes(data))


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def hand_written_png(image, path):
    """8-bit PNG whose row y uses filter y % 5 (None, Sub, Up, Average, Paeth)."""
    color_type = {"L": 0, "RGB": 2, "RGBA": 6}[image.mode]
    bpp = len(image.mode)
    width, height = image.size
    raw = image.tobytes()
    stride = width * bpp
    previous = bytes(stride)
    body = bytearray()
    for y in range(height):
        row = raw[y * stride:(y + 1) * stride]
        kind = y % 5
        body.append(kind)
        for i in range(stride):
            left = row[i - bpp] if i >= bpp else 0
            up = previous[i]
            up_left = previous[i - bpp] if i >= bpp else 0
            predictor = [0, left, up, (left + up) // 2, paeth(left, up, up_left)][kind]
            body.append((row[i] - predictor) % 256)
        previous = row

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(body), 9)) + chunk(b"IEND", b"")
    path.write_bytes(png)


def expected(name, path, mode):
    with Image.open(path) as im:
        converted = im.convert(mode)
        (HERE / f"{name}.raw").write_bytes(converted.tobytes())
        return f"{name} {converted.size[0]} {converted.size[1]} {len(mode)}"


lines = []
for mode, out_mode in [("L", "L"), ("RGB", "RGB"), ("RGBA", "RGBA")]:
    name = f"pil-{mode.lower()}"
    picture(mode, 37, 29).save(HERE / f"{name}.png")
    lines.append(expected(name, HERE / f"{name}.png", out_mode))

palette = picture("RGB", 33, 21).quantize(colors=40)
palette.save(HERE / "pil-palette.png")
lines.append(expected("pil-palette", HERE / "pil-palette.png", "RGB"))

alpha_palette = picture("RGB", 19, 17).quantize(colors=16)
alpha_palette.info["transparency"] = bytes([0, 128] + [255] * 14)
alpha_palette.save(HERE / "pil-palette-alpha.png", transparency=bytes([0, 128] + [255] * 14))
lines.append(expected("pil-palette-alpha", HERE / "pil-palette-alpha.png", "RGBA"))

picture("L", 45, 13).point(lambda v: 255 if v > 127 else 0).convert("1").save(HERE / "pil-1bit.png")
lines.append(expected("pil-1bit", HERE / "pil-1bit.png", "L"))

picture("LA", 14, 9).save(HERE / "pil-gray-alpha.png")
lines.append(expected("pil-gray-alpha", HERE / "pil-gray-alpha.png", "RGBA"))

for mode in ["L", "RGB", "RGBA"]:
    name = f"filters-{mode.lower()}"
    hand_written_png(picture(mode, 26, 15), HERE / f"{name}.png")
    lines.append(expected(name, HERE / f"{name}.png", mode))

# Unsupported on purpose: 16-bit gray (the decoder must name the bit depth).
Image.frombytes("I;16", (8, 4), bytes(range(64))).save(HERE / "pil-16bit.png")

(HERE / "fixtures.txt").write_text("\n".join(lines) + "\n")
print("\n".join(lines))
