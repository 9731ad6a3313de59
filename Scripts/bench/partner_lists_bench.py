"""Times `linksieve lists check` on 1,000,000-entry partner feeds (NCMEC XML, StopNCII JSON, Tech Against
Terrorism JSON) against Python's standard library reading the same files the way python-threatexchange's
clients do (ElementTree on the whole page, json.load on the whole page), each as its own process, and
prints wall time, peak resident memory and the ratios. Fixtures are generated here: random digests only."""
import argparse
import json
import os
import random
import subprocess
import sys
import time

ENTRIES = 1_000_000


def write_ncmec(path, n):
    rng = random.Random(1)
    with open(path, "w") as out:
        out.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
        out.write('<queryResult xmlns="https://hashsharing.ncmec.org/hashsharing/v2">\n')
        out.write(f'<images count="{n}" maxTimestamp="2024-01-01T00:00:00Z">\n')
        for i in range(n):
            out.write(
                f'<image><member id="{i % 50}">Member {i % 50}</member><timestamp>2024-01-01T00:00:{i % 60:02d}Z</timestamp>'
                f"<id>e{i}</id><classification>A{i % 2 + 1}</classification><fingerprints>"
                f"<md5>{rng.getrandbits(128):032x}</md5><sha1>{rng.getrandbits(160):040x}</sha1>"
                f"<pdq>{rng.getrandbits(256):064x}</pdq></fingerprints></image>\n")
        out.write("</images>\n</queryResult>\n")


def write_stopncii(path, n):
    rng = random.Random(2)
    with open(path, "w") as out:
        out.write('{"count": %d, "nextPageToken": "t", "hasMoreRecords": false, "hashRecords": [\n' % n)
        for i in range(n):
            sep = ",\n" if i else ""
            record = {"lastModtimestamp": 1700000000 + i, "signalType": "ImagePDQ",
                      "hashValue": f"{rng.getrandbits(256):064x}", "hashStatus": "Active",
                      "caseNumbers": {f"c{i}": "Active"}, "CSPFeedbacks": []}
            out.write(sep + json.dumps(record))
        out.write("\n]}\n")


def write_tat(path, n):
    rng = random.Random(3)
    with open(path, "w") as out:
        out.write('{"count": %d, "next": null, "results": [\n' % n)
        for i in range(n):
            sep = ",\n" if i else ""
            pdq = i % 2 == 0
            record = {"id": i, "hash_digest": f"{rng.getrandbits(256 if pdq else 128):0{64 if pdq else 32}x}",
                      "algorithm": "PDQ" if pdq else "MD5", "ideology": "islamist", "file_type": "mp4",
                      "deleted": False, "updated_on": 1704901040.0 + i}
            out.write(sep + json.dumps(record))
        out.write("\n]}\n")


REFERENCE = {
    "ncmec": """
import sys, xml.etree.ElementTree as ET
ns = '{https://hashsharing.ncmec.org/hashsharing/v2}'
root = ET.parse(sys.argv[1]).getroot()
entries = {}
for image in root.iter(ns + 'image'):
    key = (image.find(ns + 'member').get('id'), image.find(ns + 'id').text)
    entries[key] = [(fp.tag, fp.text) for fp in image.find(ns + 'fingerprints')]
print(len(entries))
""",
    "stopncii": """
import sys, json
page = json.load(open(sys.argv[1]))
entries = {(r['signalType'], r['hashValue']): r for r in page['hashRecords'] if r['hashStatus'] not in ('Withdrawn', 'Deleted')}
print(len(entries))
""",
    "tat": """
import sys, json
page = json.load(open(sys.argv[1]))
entries = {(r['algorithm'], r['hash_digest']): r for r in page['results'] if not r['deleted']}
print(len(entries))
""",
}


def timed(command):
    """Wall seconds, CPU seconds (user + system: what a shared machine's load does not inflate), peak MiB."""
    started = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-f", "%M %U %S"] + command, capture_output=True, text=True, check=True)
    wall = time.monotonic() - started
    peak_kib, user, system = result.stderr.strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(peak_kib) / 1024, result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--linksieve", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--entries", type=int, default=ENTRIES)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    files = {"ncmec": ("ncmec.xml", write_ncmec), "stopncii": ("stopncii.json", write_stopncii), "tat": ("tat.json", write_tat)}
    print(f"{'feed':<10} {'MB':>6} {'linksieve wall/cpu s':>21} {'MiB':>6} {'python wall/cpu s':>18} {'MiB':>6} "
          f"{'cpu ratio':>10} {'memory ratio':>13}")
    for name, (file, writer) in files.items():
        path = os.path.join(args.work, f"{args.entries}-{file}")
        if not os.path.exists(path):
            writer(path + ".tmp", args.entries)
            os.rename(path + ".tmp", path)
        wall, cpu, peak, out = timed([args.linksieve, "lists", "check", path])
        entries = json.loads(out.splitlines()[0])["entries"]
        ref_wall, ref_cpu, ref_peak, ref_out = timed([sys.executable, "-c", REFERENCE[name], path])
        size = os.path.getsize(path) / 1e6
        print(f"{name:<10} {size:>6.0f} {wall:>10.2f}/{cpu:<10.2f} {peak:>6.0f} {ref_wall:>9.2f}/{ref_cpu:<8.2f} {ref_peak:>6.0f} "
              f"{ref_cpu / cpu:>9.2f}x {ref_peak / peak:>12.2f}x   ({entries} entries; python kept {ref_out.strip()} records)",
              flush=True)


if __name__ == "__main__":
    main()
