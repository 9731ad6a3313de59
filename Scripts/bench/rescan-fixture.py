"""Builds a synthetic scanned dataset for Scripts/bench/rescan.sh: a manifest, a state database
filled as if every row had been fetched and hashed, and partner-sized lists that newly match a
known set of rows.

usage: rescan-fixture.py DIR ROWS PDQ_ENTRIES MD5_ENTRIES

DIR/state/state.sqlite must already exist with linksieve's schema (the script lets linksieve
create it). Planted: 1,000 rows whose MD5 is in the MD5 list and 1,000 rows whose PDQ is within
1-30 bits of a PDQ entry; the rest match nothing.
"""
import hashlib
import os
import random
import sqlite3
import sys
import time

out, rows, pdq_entries, md5_entries = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(20261122)
planted = 1000


def flip(hex_hash, bits):
    value = int(hex_hash, 16)
    for bit in rng.sample(range(256), bits):
        value ^= 1 << bit
    return f"{value:064x}"


start = time.time()
manifest = os.path.join(out, "manifest.csv")
with open(manifest, "w") as f:
    f.write("url,caption\n")
    for i in range(rows):
        f.write(f"http://host{i % 5000}.example/img/{i}.jpg,picture {i}\n")

# The fingerprint linksieve binds a state to: absolute path, size, SHA-256 of the first and last MiB.
size = os.path.getsize(manifest)
window = 1 << 20
with open(manifest, "rb") as f:
    sample = f.read(window)
    if size > window:
        f.seek(max(window, size - window))
        sample += f.read(window)
identity = f"{os.path.abspath(manifest)} size={size} sample-sha256={hashlib.sha256(sample).hexdigest()}"

pdq_list = [f"{rng.getrandbits(256):064x}" for _ in range(pdq_entries)]
md5_rows = set(rng.sample(range(rows), planted))
pdq_rows = dict(zip(rng.sample(sorted(set(range(rows)) - md5_rows), planted), rng.sample(range(pdq_entries), planted)))

db = sqlite3.connect(os.path.join(out, "state", "state.sqlite"))
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
               [("manifest", identity), ("manifest_path", os.path.abspath(manifest))])
now = time.time()
planted_md5 = []


def generate():
    for i in range(rows):
        digest = os.urandom(52).hex()
        md5, sha1, sha256 = digest[:32], digest[32:72], hashlib.sha256(digest.encode()).hexdigest()
        if i in md5_rows:
            planted_md5.append(md5)
        pdq = flip(pdq_list[pdq_rows[i]], rng.randint(1, 30)) if i in pdq_rows else f"{rng.getrandbits(256):064x}"
        url = f"http://host{i % 5000}.example/img/{i}.jpg"
        yield (i, "kept", url, url, "ok", 200, "image/jpeg", 85000, now - 86400, md5, sha1, sha256,
               "hashed", "jpeg", 640, 480, pdq, 90)


db.executemany(
    "INSERT INTO rows (row, verdict, url, normalized_url, fetch_outcome, http_status, content_type, bytes, "
    "fetched_at, md5, sha1, sha256, image_outcome, format, width, height, pdq, pdq_quality) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", generate())
db.commit()
db.close()

os.makedirs(os.path.join(out, "lists"), exist_ok=True)
with open(os.path.join(out, "lists", "partner-pdq.csv"), "w") as f:
    f.write("algorithm,value,label\n")
    f.writelines(f"pdq,{h},p{n}\n" for n, h in enumerate(pdq_list))
with open(os.path.join(out, "lists", "partner-md5.csv"), "w") as f:
    f.write("algorithm,value,label\n")
    f.writelines(f"md5,{h},known\n" for h in planted_md5)
    for _ in range(md5_entries - len(planted_md5)):
        f.write(f"md5,{os.urandom(16).hex()},known\n")
print(f"fixture: {rows} rows, {pdq_entries} PDQ and {md5_entries} MD5 entries, "
      f"{2 * planted} planted matches, {time.time() - start:.0f} s", file=sys.stderr)
