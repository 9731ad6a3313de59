#!/usr/bin/env bash
# What the whole-manifest fingerprint (streamed SHA-256 of every byte, taken by every scan and
# rescan) costs next to a scan. A LAION-like CSV (default 1,000,000 rows with 300-character
# captions; pass another row count) is scanned once, every URL pointing at 127.0.0.1 without
# --allow-private-addresses, so each row goes through the whole pipeline and ends as
# blocked-address without a packet sent. The same command is then rerun: a resume that fetches
# nothing, i.e. the fingerprint plus the two passes over the manifest. Reference: sha256sum of
# the same file, the floor of what hashing every byte costs, measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows="${1:-1000000}"
Scripts/setup.sh
swift build -c release --product linksieve >/dev/null
bin="$(swift build -c release --show-bin-path)/linksieve"
work=$(mktemp -d /tmp/linksieve-fingerprint-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
printf 'algorithm,value,label\nmd5,0123456789abcdef0123456789abcdef,demo\n' > "$work/list.csv"
python3 - "$work/m.csv" "$rows" <<'PY'
import sys
caption = ("a photograph of a demo scene " * 11)[:300]
with open(sys.argv[1], "w") as f:
    f.write("url,caption\n")
    for i in range(int(sys.argv[2])):
        f.write(f"http://127.0.0.1:9/img/{i}.jpg,\"{caption} {i}\"\n")
PY
seconds() {
    local start end
    start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N)
    python3 -c "print(f'{($end - $start) / 1e9:.3f}')"
}
size=$(stat -c %s "$work/m.csv")
scan=$(seconds "$bin" scan "$work/m.csv" --lists "$work/list.csv" --out "$work/out" --no-progress)
resume=$(seconds "$bin" scan "$work/m.csv" --lists "$work/list.csv" --out "$work/out" --no-progress)
digest=$(seconds sha256sum "$work/m.csv")
python3 - "$rows" "$size" "$scan" "$resume" "$digest" <<'PY'
import sys
rows, size = int(sys.argv[1]), int(sys.argv[2])
scan, resume, digest = map(float, sys.argv[3:6])
print(f"fingerprint: {rows:,} rows, {size / 2**20:.0f} MiB manifest")
print(f"  scan                                         {scan:7.2f} s")
print(f"  resume (no fetch: fingerprint + both passes) {resume:7.2f} s")
print(f"  sha256sum                                    {digest:7.2f} s ({size / 2**20 / digest:.0f} MiB/s)")
print(f"  sha256sum / scan = {digest / scan:.3f}")
PY
