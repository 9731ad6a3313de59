#!/usr/bin/env bash
# Re-matching speed of `linksieve rescan`: a synthetic state of ROWS scanned rows (default
# 10,000,000) re-matched, with no network, against a PDQ_ENTRIES-entry PDQ list (1,000,000) and an
# MD5_ENTRIES-entry MD5 list (16,000,000). Prints wall time, rows/s and peak memory, and checks
# the 2,000 planted rows are exactly the ones reported as newly quarantined.
#
#   Scripts/bench/rescan.sh [ROWS] [PDQ_ENTRIES] [MD5_ENTRIES]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-10000000}
pdq_entries=${2:-1000000}
md5_entries=${3:-16000000}

Scripts/setup.sh
if ! command -v /usr/bin/time >/dev/null; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq time >/dev/null
fi
bin="$(swift build -c release --show-bin-path)/linksieve"
work=$(mktemp -d /tmp/linksieve-rescan-bench.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

mkdir -p "$work/state"
# linksieve makes the empty state database, so the schema is its own; the fixture fills it.
: > "$work/state/state.sqlite"
"$bin" runs --state "$work/state" >/dev/null
python3 Scripts/bench/rescan-fixture.py "$work" "$rows" "$pdq_entries" "$md5_entries"

echo "rescan: $rows rows against $pdq_entries PDQ + $md5_entries MD5 entries" >&2
set +e
/usr/bin/time -v -o "$work/time.txt" "$bin" rescan --state "$work/state" --lists "$work/lists" --out "$work/out" >"$work/stdout.txt"
status=$?
set -e
cat "$work/stdout.txt"
[ "$status" -eq 3 ] || { echo "rescan: expected exit 3 (new matches), got $status" >&2; exit 1; }
wall=$(python3 -c "import json; print(json.load(open('$work/out/summary.json'))['run']['seconds']['total'])")
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
new=$(grep -c '"newly-quarantined"' "$work/out/changes.jsonl")
python3 - "$rows" "$wall" "$rss" "$new" <<'PY'
import sys
rows, wall, rss_kb, new = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print(f"rescan: {wall:.1f} s for {rows:,} rows ({rows / wall:,.0f} rows/s), peak RSS {rss_kb / 1024:.0f} MiB, "
      f"{new} rows newly quarantined (planted: 2000)")
sys.exit(0 if new == 2000 else 1)
PY
