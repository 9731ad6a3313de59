#!/usr/bin/env bash
# Peak resident memory of `linksieve scan` as the manifest grows: the same scan over 100,000 and
# 1,000,000 rows (default; pass other sizes as arguments). Every URL points at 127.0.0.1 and the
# scan runs without --allow-private-addresses, so each row goes through the whole pipeline
# (manifest, URL stage, fetcher window, address check on the socket, state database, outputs)
# and ends as blocked-address without a single packet sent. Memory must not grow with the rows.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("${@:-100000 1000000}")
Scripts/setup.sh
if ! command -v /usr/bin/time >/dev/null; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq time >/dev/null
fi
bin="$(swift build -c release --show-bin-path)/linksieve"
work=$(mktemp -d /tmp/linksieve-memory-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
printf 'algorithm,value,label\nmd5,0123456789abcdef0123456789abcdef,demo\n' > "$work/list.csv"
for rows in ${sizes[*]}; do
    python3 - "$work/m$rows.csv" "$rows" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("url,caption\n")
    for i in range(int(sys.argv[2])):
        f.write(f"http://127.0.0.1:9/img/{i}.jpg,\"picture {i}, of a demo\"\n")
PY
    /usr/bin/time -v -o "$work/time$rows.txt" "$bin" scan "$work/m$rows.csv" --lists "$work/list.csv" \
        --out "$work/out$rows" --no-progress >/dev/null
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time$rows.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time$rows.txt")
    blocked=$(python3 -c "import json; print(json.load(open('$work/out$rows/summary.json'))['fetch_outcomes'].get('blocked-address', 0))")
    printf 'memory: %9d rows  peak RSS %5d MiB  wall %s  (%d blocked-address)\n' "$rows" $((rss / 1024)) "$wall" "$blocked"
done
