#!/usr/bin/env bash
# Decode + PDQ throughput: `linksieve hash` against Pillow + pdqhash (PyPI) on the same files, in the same run.
#
# Sets: the shared PDQ vectors (../shared/pdq-vectors/images) when they are there, and benign synthetic photos generated here
# as JPEG (quality 90): SMALL_COUNT at 640x480 and LARGE_COUNT at 4000x3000 (12 MP). Prints images/s for
# each tool and the ratio, then --fast-decode against the default on the 12 MP set.
# Both sides run on one thread: `linksieve hash` hashes its files one after another, and the Python loop
# calls pdqhash (single-threaded C++) once per file. Rates are images per CPU second (user + sys), the best
# of RUNS runs, so that other work on a shared machine skews them less than wall-clock time would.
# A last section gives wall-clock rates with `linksieve hash --jobs $(nproc)` beside the single-threaded loop.
#
# Usage: Scripts/bench/pdq.sh            (env: SMALL_COUNT=200 LARGE_COUNT=12 RUNS=3 SHARED=../shared)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
small_count=${SMALL_COUNT:-200}
large_count=${LARGE_COUNT:-12}
runs=${RUNS:-3}
shared=${SHARED:-$root/../shared}

swift build -c release --product linksieve >&2
linksieve="$(swift build -c release --show-bin-path)/linksieve"

venv="$root/.venv-bench"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import PIL, pdqhash, numpy" 2>/dev/null; then
    echo "bench: making $venv with Pillow, numpy and pdqhash from PyPI" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet Pillow numpy pdqhash
fi
python="$venv/bin/python"

work=$(mktemp -d "${TMPDIR:-/tmp}/linksieve-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Benign synthetic "photos": smooth random colour fields plus fine grain, so they compress and decode like
# camera JPEGs (a few MB at 12 MP) rather than like flat test cards.
"$python" - "$work" "$small_count" "$large_count" <<'PY'
import sys, numpy as np
from PIL import Image
out, small, large = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def photo(seed, w, h):
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    img = np.empty((h, w, 3), np.float32)
    for c in range(3):
        field = np.full((h, w), 128, np.float32)
        for _ in range(12):
            fy, fx, phase, amp = rng.uniform(0.5, 12), rng.uniform(0.5, 12), rng.uniform(0, 6.3), rng.uniform(8, 30)
            field += amp * np.cos(np.pi * fy * y + phase) * np.cos(np.pi * fx * x)
        img[:, :, c] = field
    img += rng.normal(0, 6, (h, w, 1)).astype(np.float32)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
import os
for name, count, w, h in [("small", small, 640, 480), ("large", large, 4000, 3000)]:
    os.makedirs(f"{out}/{name}", exist_ok=True)
    for i in range(count):
        photo(1000 * (w // 100) + i, w, h).save(f"{out}/{name}/{i:04d}.jpg", quality=90)
PY

cat > "$work/pillow_pdqhash.py" <<'PY'
import sys, time
import numpy as np, pdqhash
from PIL import Image
paths = [line.rstrip("\n") for line in open(sys.argv[1])]
clock = time.perf_counter if sys.argv[2:] == ["wall"] else time.process_time
start = clock()
for path in paths:
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB"))
    pdqhash.compute(pixels)
print(clock() - start)
PY

# CPU seconds (user + sys) of `linksieve hash [flags] FILES`, process start-up included. An undecodable file
# makes the exit status 1, which is expected on the vectors.
cpu_linksieve() {
    local list=$1; shift
    local TIMEFORMAT='%3U %3S'
    { time xargs -d '\n' -a "$list" "$linksieve" hash "$@" >/dev/null 2>&1 || true; } 2>&1 | awk '{print $1 + $2}'
}

# Wall-clock seconds of `linksieve hash [flags] FILES`.
wall_linksieve() {
    local list=$1; shift
    local TIMEFORMAT='%3R'
    { time xargs -d '\n' -a "$list" "$linksieve" hash "$@" >/dev/null 2>&1 || true; } 2>&1
}

# CPU seconds of the Pillow + pdqhash loop alone (interpreter start-up and imports excluded); with "wall",
# wall-clock seconds instead.
cpu_pillow() {
    "$python" "$work/pillow_pdqhash.py" "$@"
}

# The smaller of two numbers, or the first when the second is empty.
smaller() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }

# Meta's vectors are not part of the repository: that set is timed only when they are there.
sets="small large"
if [ -d "$shared/pdq-vectors/images" ]; then
    find "$shared/pdq-vectors/images" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.webp' \) \
        | sort > "$work/vectors.txt"
    sets="vectors $sets"
else
    echo "bench: no $shared/pdq-vectors/images: the shared vectors set is left out" >&2
fi
find "$work/small" -name '*.jpg' | sort > "$work/small.txt"
find "$work/large" -name '*.jpg' | sort > "$work/large.txt"

echo "linksieve $(git describe --always --dirty 2>/dev/null || echo unknown); $(nproc) cores; images per CPU second, best of $runs runs, one thread each"
printf '%-26s %6s %14s %14s %8s\n' "set" "files" "linksieve" "pillow+pdqhash" "ratio"
for set in $sets; do
    list="$work/$set.txt"
    n=$(wc -l < "$list")
    ours="" theirs=""
    # Alternate the two tools so that load from elsewhere on the machine falls on both alike.
    for _ in $(seq "$runs"); do
        ours=$(smaller "$(cpu_linksieve "$list")" "$ours")
        theirs=$(smaller "$(cpu_pillow "$list")" "$theirs")
    done
    case $set in
        vectors) label="shared vectors (mixed)" ;;
        small) label="640x480 JPEG q90" ;;
        large) label="4000x3000 JPEG q90" ;;
    esac
    awk -v label="$label" -v n="$n" -v ours="$ours" -v theirs="$theirs" \
        'BEGIN { printf "%-26s %6d %14.1f %14.1f %7.2fx\n", label, n, n / ours, n / theirs, theirs / ours }'
done

exact="" fast=""
for _ in $(seq "$runs"); do
    exact=$(smaller "$(cpu_linksieve "$work/large.txt")" "$exact")
    fast=$(smaller "$(cpu_linksieve "$work/large.txt" --fast-decode)" "$fast")
done
n=$(wc -l < "$work/large.txt")
awk -v n="$n" -v exact="$exact" -v fast="$fast" \
    'BEGIN { printf "12 MP --fast-decode: %.1f images/s vs default %.1f images/s: %.2fx\n", n / fast, n / exact, exact / fast }'

jobs=$(nproc)
echo "wall clock, linksieve hash --jobs $jobs against the single-threaded Python loop:"
for set in small large; do
    list="$work/$set.txt"
    n=$(wc -l < "$list")
    ours="" theirs=""
    for _ in $(seq "$runs"); do
        ours=$(smaller "$(wall_linksieve "$list" --jobs "$jobs")" "$ours")
        theirs=$(smaller "$(cpu_pillow "$list" wall)" "$theirs")
    done
    label=$([ "$set" = small ] && echo "640x480 JPEG q90" || echo "4000x3000 JPEG q90")
    awk -v label="$label" -v n="$n" -v ours="$ours" -v theirs="$theirs" \
        'BEGIN { printf "%-26s %6d %14.1f %14.1f %7.2fx\n", label, n, n / ours, n / theirs, theirs / ours }'
done
