#!/usr/bin/env bash
# Loads 1,000,000-entry NCMEC XML, StopNCII JSON and Tech Against Terrorism JSON lists with
# `linksieve lists check` and with Python's standard library in the same run; prints wall time,
# peak resident memory and the ratios. Usage: Scripts/bench/partner-lists.sh [work-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=${1:-$root/.build/bench-partner-lists}
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (for peak resident memory)" >&2
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

echo "building linksieve (release)" >&2
swift build -c release --product linksieve >&2
binary="$(swift build -c release --show-bin-path)/linksieve"

exec python3 Scripts/bench/partner_lists_bench.py --linksieve "$binary" --work "$work"
