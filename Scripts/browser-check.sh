#!/usr/bin/env bash
# report.html and `linksieve review` in a real browser: scans the demo dataset with the debug
# binary, records a review decision and applies it, then opens both report.html files in headless
# Chromium (Debian's chromium and chromium-driver, installed here if missing, driven by Selenium
# from the venv) and checks them; then drives the review app over a copy of the scan's state
# (sign-in, filters, keyboard decisions, audit, refused requests, export, apply, tamper check).
# Screenshots go to $LINKSIEVE_SCREENSHOTS (default .build/screenshots).
# Everything runs on 127.0.0.1; the closing line is "N passed, N failed" over both checks.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for p in chromium chromium-driver; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "browser-check: installing ${missing[*]}" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python="${LINKSIEVE_PYTHON:-$(Scripts/python-env.sh)}"
binary=.build/debug/linksieve
[ -x "$binary" ] || swift build --product linksieve >&2

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$binary" demo --dir "$work/demo" >&2
# The review check works on a rescan that adds near PDQ matches (entries a few bits from the PDQ
# hashes of rows the demo kept), so the bit grids have differences to show.
"$python" - "$work/demo/out/state.sqlite" "$work/near.csv" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT row, pdq FROM rows WHERE verdict = 'kept' AND pdq IS NOT NULL ORDER BY row LIMIT 3").fetchall()
with open(sys.argv[2], "w") as out:
    out.write("algorithm,value,label,category\n")
    for (row, pdq), flips in zip(rows, (27, 12, 5)):
        value = int(pdq, 16) ^ ((1 << flips) - 1) << 100
        out.write(f"pdq,{value:064x},near-{row},near-demo\n")
PY
"$binary" rescan --state "$work/demo/out" --lists "$work/demo/lists" "$work/near.csv" --out "$work/review-state" >&2 \
    || [ $? -eq 3 ]
row="$(head -1 "$work/demo/out/quarantine.jsonl" | "$python" -c 'import json, sys; print(json.load(sys.stdin)["row"])')"
"$binary" decide --state "$work/demo/out" --reviewer browser-check --decision false-positive --row "$row" >&2
"$binary" apply --state "$work/demo/out" --out "$work/applied" >&2
grep -q "\"returned-by-review\": 1" "$work/applied/summary.json"

screenshots="${LINKSIEVE_SCREENSHOTS:-.build/screenshots}"
status=0
"$python" Scripts/browser/report_check.py "$screenshots" \
    "$work/demo/out/report.html" "$work/applied/report.html" | tee "$work/report-check.log" || status=1
"$python" Scripts/browser/review_check.py "$binary" "$work/review-state" "$work" "$screenshots" \
    | tee "$work/review-check.log" || status=1
# One closing line for both scripts.
cat "$work/report-check.log" "$work/review-check.log" | awk '
    /^[0-9]+ passed, [0-9]+ failed$/ { passed += $1; failed += $3; next }
    END { printf "browser-check: %d passed, %d failed\n", passed, failed }'
exit "$status"
