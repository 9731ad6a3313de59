#!/usr/bin/env bash
# Memory of one task of a sharded scan: every task loads the full lists. Generates a 16,000,000-
# entry MD5 list and a 1,000,000-entry PDQ list (random values, as Scripts/bench/match_bench.py
# does), then reports the peak resident memory and time of
#   1. `linksieve lists check` on both lists (loading and indexing alone), and
#   2. `linksieve scan --shard 0/4` of a 1,000-row manifest against them: a whole task, whose
#      rows all point at 127.0.0.1:9 and end as blocked-address without a packet sent.
# Usage: Scripts/bench/shard-memory.sh [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=${1:-$root/.build/bench-shard-memory}
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (for peak resident memory)" >&2
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
echo "building linksieve (release)" >&2
swift build -c release --product linksieve >&2
binary="$(swift build -c release --show-bin-path)/linksieve"

python3 - "$work" <<'PY'
import os, random, sys
work = sys.argv[1]
rng = random.Random(16)
md5 = os.path.join(work, "md5-16m.txt")
if not os.path.exists(md5):
    with open(md5, "w") as out:
        out.write("# algorithm: md5\n# label: benchmark\n")
        for _ in range(16):
            out.write("\n".join(f"{rng.getrandbits(128):032x}" for _ in range(1_000_000)) + "\n")
pdq = os.path.join(work, "pdq-1m.txt")
if not os.path.exists(pdq):
    with open(pdq, "w") as out:
        out.write("# 1,000,000 random PDQ hashes\n")
        for _ in range(1_000_000):
            out.write(f"{rng.getrandbits(256):064x},{rng.randint(50, 100)}\n")
with open(os.path.join(work, "m.csv"), "w") as out:
    out.write("url,caption\n")
    for i in range(1000):
        out.write(f"http://127.0.0.1:9/img/{i}.jpg,picture {i}\n")
PY

measure() {
    local label=$1; shift
    /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null || true
    local rss wall
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
    printf '%-44s peak RSS %5d MiB  wall %s\n' "$label" $((rss / 1024)) "$wall"
}
rm -rf "$work/out"
measure "lists check (16M MD5 + 1M PDQ)" "$binary" lists check "$work/md5-16m.txt" "$work/pdq-1m.txt"
measure "scan --shard 0/4, 250 rows, same lists" "$binary" scan "$work/m.csv" --lists "$work/md5-16m.txt" "$work/pdq-1m.txt" \
    --out "$work/out" --shard 0/4 --no-progress
