"""Runs the match benchmark for Scripts/bench/match.sh.

Generates 1,000,000 random PDQ entries (as `hex,quality` lines) and 10,000 queries, 1,000 of them
planted within 1-30 bits of an entry, the rest random. Runs `linksieve match --timing` (three
times; the run with the median query phase counts) and faiss (IndexBinaryFlat, and
IndexBinaryMultiHash(256, 16, 16) with nflip 1 and with the default nflip 0; range search at
radius 31), each as its own process on the same files, and prints load and build time,
query-phase queries/s, end-to-end wall time, recall of the planted queries, whether the matches
equal the flat index's, and ratios. Then generates a 16,000,000-entry MD5 list and reports the
time and peak resident memory of `linksieve lists check` on it.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import time

ENTRIES = 1_000_000
QUERIES = 10_000
PLANTED = 1_000
THRESHOLD = 31
MD5_ENTRIES = 16_000_000
SEED = 20240601


def generate(work):
    rng = random.Random(SEED)
    list_path = os.path.join(work, "pdq-1m.txt")
    query_path = os.path.join(work, "queries.txt")
    planted_path = os.path.join(work, "planted.json")
    if all(os.path.exists(p) for p in (list_path, query_path, planted_path)):
        return list_path, query_path, planted_path
    entries = [rng.getrandbits(256) for _ in range(ENTRIES)]
    with open(list_path, "w") as out:
        out.write("# 1,000,000 random PDQ hashes for the match benchmark\n")
        for value in entries:
            out.write(f"{value:064x},{rng.randint(50, 100)}\n")
    queries, planted = [], {}
    for index in range(QUERIES):
        if index < PLANTED:
            source = rng.randrange(ENTRIES)
            flipped = 0
            for bit in rng.sample(range(256), rng.randint(1, 30)):
                flipped |= 1 << bit
            queries.append(entries[source] ^ flipped)
            planted[f"{queries[-1]:064x}"] = f"{entries[source]:064x}"
        else:
            queries.append(rng.getrandbits(256))
    order = list(range(QUERIES))
    rng.shuffle(order)
    with open(query_path, "w") as out:
        for index in order:
            out.write(f"pdq:{queries[index]:064x}\n")
    with open(planted_path, "w") as out:
        json.dump(planted, out)
    return list_path, query_path, planted_path


def generate_md5(work):
    path = os.path.join(work, "md5-16m.txt")
    if os.path.exists(path):
        return path
    rng = random.Random(SEED + 1)
    with open(path + ".part", "w") as out:
        out.write("# algorithm: md5\n# label: benchmark\n")
        left = MD5_ENTRIES
        while left:
            n = min(left, 1_000_000)
            out.write("\n".join(f"{rng.getrandbits(128):032x}" for _ in range(n)) + "\n")
            left -= n
    os.rename(path + ".part", path)
    return path


def faiss_worker(kind, list_path, query_path, nflip):
    """One faiss run in its own process: load the same files, build, range search, print JSON."""
    start = time.perf_counter()
    import numpy as np
    import faiss
    with open(list_path) as f:
        rows = [line.split(",", 1)[0] for line in f if line and not line.startswith("#")]
    database = np.frombuffer(bytes.fromhex("".join(rows)), dtype=np.uint8).reshape(-1, 32)
    with open(query_path) as f:
        texts = [line.strip()[4:] for line in f if line.startswith("pdq:")]
    queries = np.frombuffer(bytes.fromhex("".join(texts)), dtype=np.uint8).reshape(-1, 32)
    loaded = time.perf_counter()
    if kind == "flat":
        index = faiss.IndexBinaryFlat(256)
    else:
        index = faiss.IndexBinaryMultiHash(256, 16, 16)
        index.nflip = nflip
    index.add(database)
    built = time.perf_counter()
    # faiss's binary range search keeps distances strictly below the radius.
    lims, distances, labels = index.range_search(queries, THRESHOLD + 1)
    searched = time.perf_counter()
    matches = []
    for q in range(len(texts)):
        for k in range(lims[q], lims[q + 1]):
            matches.append([texts[q], rows[labels[k]].lower(), int(distances[k])])
    print(json.dumps({
        "load": loaded - start, "build": built - loaded, "query": searched - built, "queries": len(texts),
        "threads": faiss.omp_get_max_threads(), "matches": matches,
    }))


def run_linksieve(binary, list_path, query_path):
    start = time.perf_counter()
    done = subprocess.run(
        [binary, "match", "--lists", list_path, "--pdq-threshold", str(THRESHOLD), "--timing", query_path],
        capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    timing = {}
    for name, seconds in re.findall(r"timing: (\w+) ([0-9.]+) s", done.stderr):
        timing[name] = float(seconds)
    qps = float(re.search(r"([0-9.]+) queries/s", done.stderr).group(1))
    matches = []
    for line in done.stdout.splitlines():
        record = json.loads(line)
        matches.append([record["query"][4:], record["entry"], record["distance"]])
    sys.stderr.write(done.stderr)
    return {"load": timing["load"], "build": timing["index"], "query": timing["queries"], "qps": qps,
            "wall": wall, "matches": matches}


def run_faiss(kind, list_path, query_path, nflip=0):
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--faiss", kind, "--list", list_path, "--queries", query_path, "--nflip", str(nflip)],
        capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    result = json.loads(done.stdout)
    result["wall"] = wall
    result["qps"] = result["queries"] / result["query"]
    return result


def recall(result, planted):
    found = {(q, e) for q, e, _ in result["matches"]}
    return sum((q, e) in found for q, e in planted.items()) / len(planted)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--linksieve")
    parser.add_argument("--work")
    parser.add_argument("--faiss")
    parser.add_argument("--list")
    parser.add_argument("--queries")
    parser.add_argument("--nflip", type=int, default=0)
    args = parser.parse_args()
    if args.faiss:
        return faiss_worker(args.faiss, args.list, args.queries, args.nflip)

    sys.stderr.write("generating data in %s\n" % args.work)
    list_path, query_path, planted_path = generate(args.work)
    with open(planted_path) as f:
        planted = json.load(f)

    runs = {}
    # linksieve's query phase lasts a fraction of a second, so one run is at the mercy of whatever else the
    # machine does at that moment; the run with the median query phase of three is reported.
    sys.stderr.write("running linksieve match (3 times)\n")
    tries = sorted((run_linksieve(args.linksieve, list_path, query_path) for _ in range(3)), key=lambda r: r["query"])
    runs["linksieve"] = tries[1]
    sys.stderr.write("running faiss IndexBinaryFlat\n")
    runs["faiss-flat"] = run_faiss("flat", list_path, query_path)
    # nflip=1 makes the multi-hash index exact at radius 31 (some 16-bit slot is within 1 bit).
    sys.stderr.write("running faiss IndexBinaryMultiHash nflip=1\n")
    runs["faiss-mih"] = run_faiss("mih", list_path, query_path, nflip=1)
    # faiss's default nflip=0 only probes exact slot values: faster, but it misses matches beyond 15 bits.
    sys.stderr.write("running faiss IndexBinaryMultiHash nflip=0 (default, inexact)\n")
    runs["faiss-mih-nflip0"] = run_faiss("mih", list_path, query_path, nflip=0)

    reference = {(q, e) for q, e, _ in runs["faiss-flat"]["matches"]}
    print("linksieve query phases (queries/s) of the three runs: " + ", ".join(f"{r['qps']:.0f}" for r in tries))
    print(f"PDQ: {ENTRIES:,} entries, {QUERIES:,} queries ({PLANTED:,} planted within 1-30 bits), radius {THRESHOLD}, "
          f"{os.cpu_count()} cores")
    print(f"{'':22} {'load s':>8} {'build s':>8} {'query s':>8} {'queries/s':>11} {'wall s':>8} {'recall':>7} "
          f"{'matches':>8}  same as flat")
    for name, run in runs.items():
        pairs = {(q, e) for q, e, _ in run["matches"]}
        print(f"{name:22} {run['load']:8.3f} {run['build']:8.3f} {run['query']:8.3f} {run['qps']:11.0f} "
              f"{run['wall']:8.3f} {recall(run, planted):7.4f} {len(pairs):8d}  {pairs == reference}")
    ours = runs["linksieve"]
    for name in ("faiss-flat", "faiss-mih", "faiss-mih-nflip0"):
        other = runs[name]
        print(f"linksieve vs {name:17} query-phase throughput x{ours['qps'] / other['qps']:.1f}, "
              f"end-to-end wall x{other['wall'] / ours['wall']:.1f} shorter, "
              f"build {ours['build']:.3f} s vs {other['build']:.3f} s")

    md5_path = generate_md5(args.work)
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", args.linksieve, "lists", "check", md5_path],
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    rss_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    entries = json.loads(done.stdout.splitlines()[0])["entries"]
    print(f"MD5 list: {entries:,} entries ({os.path.getsize(md5_path) / 1e6:.0f} MB), `linksieve lists check` "
          f"{wall:.2f} s, peak resident {rss_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
