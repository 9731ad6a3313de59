#!/usr/bin/env bash
# report.html in a real browser: scans the demo dataset with the debug binary, records a review
# decision and applies it, then opens both report.html files in headless Chromium (Debian's
# chromium and chromium-driver, installed here if missing, driven by Selenium from the venv) and
# checks them. Screenshots go to $LINKSIEVE_SCREENSHOTS (default .build/screenshots).
# Everything runs on 127.0.0.1; the closing line is "N passed, N failed".
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
row="$(head -1 "$work/demo/out/quarantine.jsonl" | "$python" -c 'import json, sys; print(json.load(sys.stdin)["row"])')"
"$binary" decide --state "$work/demo/out" --reviewer browser-check --decision false-positive --row "$row" >&2
"$binary" apply --state "$work/demo/out" --out "$work/applied" >&2
grep -q "\"returned-by-review\": 1" "$work/applied/summary.json"

"$python" Scripts/browser/report_check.py "${LINKSIEVE_SCREENSHOTS:-.build/screenshots}" \
    "$work/demo/out/report.html" "$work/applied/report.html"
