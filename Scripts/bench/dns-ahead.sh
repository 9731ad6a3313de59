#!/usr/bin/env bash
# Does resolving host names ahead of the window pay when names are slow to resolve?
# DNS_BENCH_HOSTS (1,000) hosts, each its own loopback address (127.1.x.y, bound on loopback only,
# served by Scripts/bench/web_server.py) and named h<N>.bench.test, DNS_BENCH_URLS (4,000) URLs
# spread evenly over them, every answer after a log-normal delay (median 100 ms), 1 KB bodies.
# Every name is answered by Scripts/bench/slow_dns.py on 127.0.0.153:53 after DNS_BENCH_DELAY
# seconds (1). linksieve sees that server alone: it runs in a mount namespace of its own
# (unshare) whose /etc/resolv.conf names it, so no query leaves the machine. Needs root.
#
# linksieve runs three times on the same URLs with --concurrency DNS_BENCH_WINDOW (64: a window that is
# the bound, as a descriptor limit makes it): names
# left to libcurl as each transfer starts (--resolve-ahead 0), and resolved ahead with the
# default bound on lookups at once and with a bound of 32. Printed: seconds, DNS queries the server answered, the
# most outstanding at once and the most for one name.
set -euo pipefail
cd "$(dirname "$0")/../.."
urls=${DNS_BENCH_URLS:-4000}
hosts=${DNS_BENCH_HOSTS:-1000}
delay=${DNS_BENCH_DELAY:-1}
window=${DNS_BENCH_WINDOW:-64}
dns_address=127.0.0.153
python=${LINKSIEVE_PYTHON:-python3}

if [ "$(id -u)" != 0 ] || ! unshare --mount true 2>/dev/null; then
    echo "bench: needs root and unshare(1) to give linksieve its own /etc/resolv.conf" >&2
    exit 1
fi

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    done
    rm -rf "$work"
}
trap cleanup EXIT

echo "bench: building linksieve (release)" >&2
swift build -c release --product linksieve >&2
linksieve="$(swift build -c release --show-bin-path)/linksieve"
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.1.0.1", 0)); print(s.getsockname()[1])')
printf 'algorithm,value,label\nmd5,00000000000000000000000000000000,none\n' >"$work/lists.csv"
printf 'nameserver %s\noptions timeout:5 attempts:1\n' "$dns_address" >"$work/resolv.conf"

"$python" Scripts/bench/web_server.py plan --out "$work" --port "$port" --urls "$urls" --hosts "$hosts" \
    --names bench.test --zipf 0 --images 4 --tiny-bodies --median-delay 0.1 --sigma 0.5 --hang-share 0 \
    --missing-share 0 --strict-limit 1000000 2>/dev/null
"$python" Scripts/bench/web_server.py serve --plan "$work/plan.json" --ready "$work/web-ready" --lifetime 900 \
    2>>"$work/server.log" &
pids+=($!)
for _ in $(seq 300); do [ -s "$work/web-ready" ] && break; sleep 0.1; done
[ -s "$work/web-ready" ] || { echo "bench: the web server did not start" >&2; exit 1; }

# run NAME [linksieve options...]
run() {
    local name=$1
    shift
    rm -f "$work/dns-ready"
    (cd Scripts/bench && exec "$python" slow_dns.py --address "$dns_address" --delay "$delay" \
        --ready "$work/dns-ready" --stats "$work/$name.dns" --lifetime 900) 2>>"$work/dns.log" &
    local dns_pid=$!
    pids+=("$dns_pid")
    for _ in $(seq 300); do [ -s "$work/dns-ready" ] && break; sleep 0.1; done
    [ -s "$work/dns-ready" ] || { echo "bench: the DNS server did not start" >&2; cat "$work/dns.log" >&2; exit 1; }
    local start end
    start=$(date +%s.%N)
    unshare --mount sh -c 'mount --bind "$0" /etc/resolv.conf && exec "$@"' "$work/resolv.conf" \
        "$linksieve" scan "$work/manifest.csv" --lists "$work/lists.csv" --out "$work/$name-out" \
        --allow-address 127.1.0.0/16 --concurrency "$window" --no-progress "$@" \
        >"$work/$name.log" 2>&1 || { echo "bench: linksieve ($name) failed" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    end=$(date +%s.%N)
    kill "$dns_pid"; wait "$dns_pid" 2>/dev/null || true
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }' >"$work/$name.seconds"
}

echo "bench: names resolved by libcurl as transfers start" >&2
run libcurl --resolve-ahead 0
echo "bench: names resolved ahead (default)" >&2
run ahead-default
echo "bench: names resolved ahead, 32 at once" >&2
run ahead-32 --resolve-ahead 32

"$python" - "$work" "$urls" "$hosts" "$delay" "$window" <<'PY'
import json, sys
work, urls, hosts, delay, window = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print()
print(f"Slow DNS: {urls} URLs over {hosts} distinct names, each answered after {delay * 1000:.0f} ms; "
      f"HTTP answers after a median 100 ms; window {window}")
print(f"{'run':<38} {'seconds':>8} {'ok':>6} {'DNS queries':>12} {'peak outstanding':>17} {'most for a name':>16}")
rows = {}
for name, label in (("libcurl", "libcurl resolves as transfers start"), ("ahead-default", "resolved ahead (default)"),
                    ("ahead-32", "resolved ahead, 32 at once")):
    seconds = float(open(f"{work}/{name}.seconds").read())
    dns = json.load(open(f"{work}/{name}.dns"))
    summary = json.load(open(f"{work}/{name}-out/summary.json"))
    ok = summary["fetch_outcomes"].get("ok", 0)
    rows[name] = seconds
    print(f"{label:<38} {seconds:>8.2f} {ok:>6} {dns['queries']:>12} {dns['peak_outstanding']:>17} "
          f"{dns['most_queries_for_one_name']:>16}")
print()
print(f"resolving ahead (default) against libcurl's own lookups: {rows['libcurl'] / rows['ahead-default']:.2f}x faster; "
      f"32 at once: {rows['libcurl'] / rows['ahead-32']:.2f}x")
PY
