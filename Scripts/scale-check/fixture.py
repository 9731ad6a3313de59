"""The dataset of Scripts/scale-check.sh: benign generated images, a manifest in parts, a hash list.

    fixture.py DIR PORT [--parts N] [--rows-per-part N] [--held-part K ...]

writes DIR/www/img/* (served by server.py on 127.0.0.1:PORT), DIR/parts/part-NNNN.csv (one part in
JSONL) and DIR/lists/check.csv. The rows cover every output: images listed by MD5 and by PDQ (the
PDQ value from pdqhash, never from linksieve), a listed URL, 404s, malformed rows; for each
--held-part, the second half of that part's rows is fetched through /held/, which server.py
holds back on request.
"""

import argparse
import hashlib
import io
import json
import os

import numpy as np
import pdqhash
from PIL import Image

IMAGES = 36
MD5_LISTED = (4, 20, 33)
PDQ_LISTED = 9


def make_images(directory):
    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(20261205)
    yy, xx = np.mgrid[0:96, 0:128].astype(np.float32)
    names = []
    for index in range(IMAGES):
        fx, fy, phase = rng.uniform(0.02, 0.2, 3)
        base = np.stack([128 + 100 * np.sin(xx * fx + phase + c) * np.cos(yy * fy + 0.7 * c) for c in range(3)], axis=-1)
        pixels = np.clip(base + rng.normal(0, 6, base.shape), 0, 255).astype(np.uint8)
        kind = "PNG" if index % 5 == 0 else "JPEG"
        name = f"{index}.{'png' if kind == 'PNG' else 'jpg'}"
        buffer = io.BytesIO()
        Image.fromarray(pixels, "RGB").save(buffer, kind)
        with open(os.path.join(directory, name), "wb") as out:
            out.write(buffer.getvalue())
        names.append(name)
    return names


def pdq_hex(path):
    pixels = np.asarray(Image.open(path).convert("RGB"))
    bits, _quality = pdqhash.compute(pixels)
    value = 0
    for bit in bits:
        value = (value << 1) | int(bit)
    return f"{value:064x}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("port", type=int)
    parser.add_argument("--parts", type=int, default=6)
    parser.add_argument("--rows-per-part", type=int, default=12)
    parser.add_argument("--held-part", type=int, action="append", default=[])
    args = parser.parse_args()
    images = os.path.join(args.dir, "www", "img")
    names = make_images(images)
    base = f"http://127.0.0.1:{args.port}"

    listed_url = None
    os.makedirs(os.path.join(args.dir, "parts"), exist_ok=True)
    for part in range(args.parts):
        rows = []
        for row in range(args.rows_per_part):
            image = names[(part * args.rows_per_part + row * 7) % IMAGES]
            held = part in args.held_part and row >= args.rows_per_part // 2
            if held and row == args.rows_per_part - 1:
                image = names[MD5_LISTED[0]]  # the interrupted task's resumed half has a match
            # The query makes every row's URL its own, so the server's log tells which rows were fetched.
            url = f"{base}{'/held' if held else ''}/img/{image}?r={part}.{row}"
            if row == 3 and part % 2 == 0:
                url = f"not a url {part}"
            elif row == 5:
                url = f"{base}/missing/{part}.jpg?r={part}.{row}"
            elif row == 2 and listed_url is None:
                listed_url = url
            rows.append({"url": url, "caption": f"part {part}, row {row}: \"{image}\"", "width": 128})
        path = os.path.join(args.dir, "parts", f"part-{part:04d}")
        if part == 4 % max(args.parts, 1) and args.parts > 1:
            with open(path + ".jsonl", "w") as out:
                out.writelines(json.dumps(row) + "\n" for row in rows)
        else:
            with open(path + ".csv", "w") as out:
                out.write("url,caption,width\n")
                for row in rows:
                    caption = row["caption"].replace('"', '""')
                    out.write(f"{row['url']},\"{caption}\",{row['width']}\n")

    os.makedirs(os.path.join(args.dir, "lists"), exist_ok=True)
    with open(os.path.join(args.dir, "lists", "check.csv"), "w") as out:
        out.write("# benign generated images, for Scripts/scale-check.sh\nalgorithm,value,label\n")
        for index in MD5_LISTED:
            with open(os.path.join(images, names[index]), "rb") as image:
                out.write(f"md5,{hashlib.md5(image.read()).hexdigest()},check-md5-{index}\n")
        out.write(f"pdq,{pdq_hex(os.path.join(images, names[PDQ_LISTED]))},check-pdq-{PDQ_LISTED}\n")
        out.write(f"url,{listed_url},check-url\n")


if __name__ == "__main__":
    main()
