#!/usr/bin/env python3
"""PDQ test fixtures: images plus reference hashes that linksieve never computed.

Usage: pdq-fixtures.py OUTDIR
       pdq-fixtures.py hash FILE...

The first form writes OUTDIR/images/ and two tables, OUTDIR/full.tsv and OUTDIR/reference-cli.tsv, one row per image:
image, format, width, height, quality, hash, and the 8 dihedral hashes (orig, rot90, rot180, rot270,
flipx, flipy, flipp, flipm). Every value comes from pdqhash (PyPI), which wraps Meta's C++ hashing core:

- full: pdqhash on the image as Pillow decodes it (first frame, converted to RGB: alpha dropped, 16-bit
  grey clipped at 255), which is what pdqhash, python-threatexchange and Hasher-Matcher-Actioner compute;
- reference-cli: pdqhash on the same pixels after the squash that Meta's C++ CLI applies (docs/PDQ.md):
  an image wider or taller than 512 becomes exactly 512x512, nearest neighbour, output column x taking
  input column floor(x * W / 512) and row y taking row floor(y * H / 512).

The second form prints both rows for each FILE (full first, then reference-cli, tab-separated, with the header
once), for images a test made itself.

The images are scikit-image's sample photos (the ones its wheel bundles, read from the installed package,
never downloaded), Pillow re-encodings of them in the formats and modes a scan meets, and benign
synthetic photos. OUTDIR is replaced whole; the tables are written last, so a half-made folder has none.
"""
import os
import shutil
import sys

import numpy as np
import pdqhash
import skimage.data
from PIL import Image

DIHEDRAL = ["orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flipp", "flipm"]

# Sample photos shipped inside the scikit-image wheel: (file, why it is here).
SAMPLES = [
    ("astronaut.png", "512x512 RGB photo: the largest size the reference CLI leaves as it is"),
    ("camera.png", "512x512 grey"),
    ("chelsea.png", "451x300 RGB"),
    ("coffee.png", "600x400 RGB: squashed, short side stretched"),
    ("coins.png", "384x303 grey"),
    ("motorcycle_left.png", "741x500 RGB"),
    ("logo.png", "500x500 RGBA: alpha dropped"),
    ("horse.png", "400x328 RGBA silhouette: low quality"),
    ("hubble_deep_field.jpg", "1000x872 JPEG"),
    ("retina.jpg", "1411x1411 JPEG"),
    ("rocket.jpg", "427x640 JPEG: taller than wide"),
    ("no_time_for_that_tiny.gif", "animated GIF: first frame"),
]


def synthetic_photo(seed, width, height):
    """Smooth random colour fields plus grain, so it compresses and decodes like a camera photo."""
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    picture = np.empty((height, width, 3), np.float32)
    for channel in range(3):
        field = np.full((height, width), 128, np.float32)
        for _ in range(12):
            fy, fx = rng.uniform(0.5, 12), rng.uniform(0.5, 12)
            phase, amplitude = rng.uniform(0, 6.3), rng.uniform(8, 30)
            field += amplitude * np.cos(np.pi * fy * y + phase) * np.cos(np.pi * fx * x)
        picture[:, :, channel] = field
    picture += rng.normal(0, 6, (height, width, 1)).astype(np.float32)
    return Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8))


def make_images(images):
    sample_dir = os.path.dirname(skimage.data.__file__)
    os.makedirs(f"{images}/photos")
    os.makedirs(f"{images}/derived")
    os.makedirs(f"{images}/synthetic")
    for name, _ in SAMPLES:
        shutil.copyfile(os.path.join(sample_dir, name), f"{images}/photos/{name}")

    astronaut = Image.open(f"{images}/photos/astronaut.png").convert("RGB")
    small = astronaut.resize((256, 256), Image.LANCZOS)
    grey = small.convert("L")
    derived = f"{images}/derived"
    small.save(f"{derived}/astronaut-256-q90.jpg", quality=90)
    small.save(f"{derived}/astronaut-256-q20.jpg", quality=20)
    small.save(f"{derived}/astronaut-256-progressive.jpg", quality=85, progressive=True)
    small.save(f"{derived}/astronaut-256-420.jpg", quality=90, subsampling=2)
    grey.save(f"{derived}/astronaut-256-grey.jpg", quality=90)
    small.convert("CMYK").save(f"{derived}/astronaut-256-cmyk.jpg", quality=90)
    small.resize((34, 42), Image.LANCZOS).save(f"{derived}/astronaut-34x42.jpg", quality=90)
    small.save(f"{derived}/astronaut-256.png")
    grey.save(f"{derived}/astronaut-256-grey.png")
    grey.convert("1").save(f"{derived}/astronaut-256-1bit.png")
    small.quantize(64).save(f"{derived}/astronaut-256-palette.png")
    # Grey plus an alpha that varies across the image: the hash must ignore it.
    alpha = Image.fromarray(np.tile(np.linspace(10, 250, 256, dtype=np.uint8), (256, 1)))
    Image.merge("LA", (grey, alpha)).save(f"{derived}/astronaut-256-la.png")
    rgba = small.copy()
    rgba.putalpha(alpha)
    rgba.save(f"{derived}/astronaut-256-rgba.png")
    # 16-bit grey spanning 0..1023: Pillow clips everything over 255.
    sixteen = (np.asarray(grey, dtype=np.uint16) * 4).astype(np.uint16)
    Image.fromarray(sixteen).save(f"{derived}/astronaut-256-i16.png")
    small.save(f"{derived}/astronaut-256-lossy.webp", quality=80)
    small.save(f"{derived}/astronaut-256-lossless.webp", lossless=True)
    rgba.save(f"{derived}/astronaut-256-alpha.webp", quality=80)
    small.save(f"{derived}/astronaut-256.gif")
    # Low contrast and nearly flat: PDQ qualities around and far below the matching threshold (50).
    small.point(lambda value: 112 + value // 8).save(f"{derived}/astronaut-256-contrast-8.png")
    small.point(lambda value: 112 + value // 16).save(f"{derived}/astronaut-256-contrast-16.png")
    flat = np.full((200, 300), 120, np.uint8) + (np.arange(300, dtype=np.uint8) // 100)[None, :]
    Image.fromarray(flat).save(f"{derived}/flat-300x200.png")
    # Large JPEGs: --fast-decode reduces these (shorter side at least 1024).
    Image.open(f"{images}/photos/coffee.png").convert("RGB").resize((2000, 1400), Image.BICUBIC) \
        .save(f"{derived}/coffee-2000x1400.jpg", quality=90)
    Image.open(f"{images}/photos/retina.jpg").convert("RGB").resize((2822, 2822), Image.BICUBIC) \
        .save(f"{derived}/retina-2822x2822.jpg", quality=90)

    synthetic = f"{images}/synthetic"
    synthetic_photo(1, 640, 480).save(f"{synthetic}/photo-640x480.jpg", quality=90)
    synthetic_photo(2, 1200, 900).save(f"{synthetic}/photo-1200x900.png")
    synthetic_photo(3, 4000, 3000).save(f"{synthetic}/photo-4000x3000.jpg", quality=90)


def hex_of(bits):
    """pdqhash's bit vector (most significant bit first) as the 64 hex digits everyone prints."""
    return np.packbits(np.asarray(bits, dtype=np.uint8)).tobytes().hex()


def squashed(pixels):
    height, width = pixels.shape[:2]
    if height <= 512 and width <= 512:
        return pixels
    rows = (np.arange(512) * height) // 512
    columns = (np.arange(512) * width) // 512
    return np.ascontiguousarray(pixels[rows][:, columns])


def reference_row(image, fmt, width, height, pixels):
    bits, quality = pdqhash.compute(pixels)
    variants, dihedral_quality = pdqhash.compute_dihedral(pixels)
    if dihedral_quality != quality:
        raise SystemExit(f"{image}: pdqhash gave quality {quality} and dihedral quality {dihedral_quality}")
    return [image, fmt, str(width), str(height), str(quality), hex_of(bits)] + [hex_of(v) for v in variants]


def decoded(path):
    """The format and the pixels pdqhash is given: Pillow's first frame, converted to RGB."""
    with Image.open(path) as opened:
        fmt = opened.format.lower()
        opened.seek(0)
        return fmt, np.ascontiguousarray(np.asarray(opened.convert("RGB")))


def both_rows(image, path):
    fmt, pixels = decoded(path)
    height, width = pixels.shape[:2]
    return (reference_row(image, fmt, width, height, pixels),
            reference_row(image, fmt, width, height, squashed(pixels)))


HEADER = ["image", "format", "width", "height", "quality", "hash"] + DIHEDRAL


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "hash":
        print("\t".join(HEADER))
        for path in sys.argv[2:]:
            for row in both_rows(path, path):
                print("\t".join(row))
        return
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    out = sys.argv[1]
    building = out.rstrip("/") + ".partial"
    shutil.rmtree(building, ignore_errors=True)
    images = f"{building}/images"
    make_images(images)

    full, cli = [HEADER], [HEADER]
    for folder, _, files in sorted(os.walk(images)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            full_row, cli_row = both_rows(os.path.relpath(path, images), path)
            full.append(full_row)
            cli.append(cli_row)
    for name, rows in [("full.tsv", full), ("reference-cli.tsv", cli)]:
        with open(f"{building}/{name}", "w") as table:
            table.write("# made by Scripts/pdq-fixtures.py: pdqhash " + pdqhash.__version__ + "\n")
            table.writelines("\t".join(row) + "\n" for row in rows)
    shutil.rmtree(out, ignore_errors=True)
    os.rename(building, out)
    print(f"{len(full) - 1} images")


if __name__ == "__main__":
    main()
