#!/usr/bin/env bash
# Does the fetch loop's cost per transfer stay flat as the window grows to thousands in flight?
# linksieve fetches from 64 loopback hosts (127.1.0.x, bound on loopback only, served by
# Scripts/bench/web_server.py) answering every request after exactly 1 s with a 1 KB body that is
# no image (so hashing costs next to nothing), once with a window of 250 transfers and once with
# 4,000, and prints linksieve's CPU time per URL (user + system, /usr/bin/time) for each. A loop
# whose cost per wake-up grows with the transfers in flight (curl_multi_perform + curl_multi_poll
# walk every one) would show CPU per URL growing with the window; the socket-driven loop
# (curl_multi_socket_action on epoll) should not.
set -euo pipefail
cd "$(dirname "$0")/../.."
small_urls=${SCALING_SMALL_URLS:-5000}
large_urls=${SCALING_LARGE_URLS:-40000}

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
python=${LINKSIEVE_PYTHON:-python3}

echo "bench: building linksieve (release)" >&2
swift build -c release --product linksieve >&2
linksieve="$(swift build -c release --show-bin-path)/linksieve"
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.1.0.1", 0)); print(s.getsockname()[1])')
printf 'algorithm,value,label\nmd5,00000000000000000000000000000000,none\n' >"$work/lists.csv"

# run NAME URLS CONCURRENCY
run() {
    local name=$1 urls=$2 concurrency=$3
    mkdir -p "$work/$name"
    "$python" Scripts/bench/web_server.py plan --out "$work/$name" --port "$port" --urls "$urls" --hosts 64 \
        --zipf 0 --images 4 --tiny-bodies --median-delay 1 --sigma 0 --hang-share 0 --missing-share 0 \
        --strict-limit 1000000 2>/dev/null
    "$python" Scripts/bench/web_server.py serve --plan "$work/$name/plan.json" --ready "$work/$name/ready" \
        --lifetime 600 2>>"$work/server.log" &
    server_pid=$!
    for _ in $(seq 300); do [ -s "$work/$name/ready" ] && break; sleep 0.1; done
    /usr/bin/time -v -o "$work/$name.time" "$linksieve" scan "$work/$name/manifest.csv" --lists "$work/lists.csv" \
        --out "$work/$name/out" --allow-address 127.1.0.0/16 --concurrency "$concurrency" --per-host 64 \
        --max-per-host 64 --no-progress >"$work/$name.log" 2>&1
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
    "$python" - "$work/$name" "$urls" "$concurrency" <<'PY'
import json, re, sys
folder, urls, concurrency = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
summary = json.load(open(folder + "/out/summary.json"))
timing = open(folder + ".time").read()
cpu = sum(float(re.search(label + r" \(seconds\): ([\d.]+)", timing).group(1)) for label in ("User time", "System time"))
fetched = summary["run"]["fetched_this_run"]
ok = summary["fetch_outcomes"].get("ok", 0)
scan = summary["run"]["seconds"]["scan"]
print(f"window {concurrency:>5}: {urls} URLs ({ok} ok) in {scan:.1f} s, {fetched / scan:.0f} fetches/s, "
      f"peak in flight {summary['run']['fetch']['peak_in_flight']}, CPU {cpu:.2f} s = {cpu * 1e6 / urls:.0f} us per URL")
PY
}
run small "$small_urls" 250
run large "$large_urls" 4000
