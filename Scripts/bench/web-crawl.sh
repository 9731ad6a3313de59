#!/usr/bin/env bash
# Crawl at the speed of the real web: linksieve with its defaults against a web-shaped workload,
# against its own run with the delays set to zero, against the former fixed limits, and against
# img2dataset 1.47, all on the same URLs and the same server, in one run.
#
# Scripts/bench/web_server.py serves WEB_BENCH_URLS (24,000) URLs from WEB_BENCH_HOSTS (300) hosts,
# each on its own loopback address (127.1.x.y, bound on loopback only), with a Zipf share of URLs
# per host, a log-normal delay per answer (median 400 ms, sigma 0.8, at most 8 s), 5% of URLs
# never answering and 10% answering 404; the WEB_BENCH_STRICT_RANK-th largest host (10th) answers
# 429 to any request beyond WEB_BENCH_STRICT_LIMIT (8) in progress. The images are 100 generated
# 640x480 JPEGs of about 85 KB. The server stops with the script (and by itself after 30 minutes).
#
# linksieve runs with its defaults plus --allow-address 127.1.0.0/16 (loopback is refused by
# default) and --timeout 3 (the hanging URLs end after 3 s, for every tool), every stage on,
# matched against a 1,000-entry MD5 list. img2dataset runs as in crawl.sh (no resize, skip
# re-encode, webdataset) with 2 processes x 128 threads, timeout 3, no retries.
set -euo pipefail
cd "$(dirname "$0")/../.."
# A run pays a few seconds whatever its size: hosts start at 4 in flight and earn 64 over a few
# round trips, and the last hanging URLs hold the end for the 3 s timeout. With 6,000 URLs that is
# half the zero-delay time; with 24,000 (the default) it is a tenth.
urls=${WEB_BENCH_URLS:-24000}
hosts=${WEB_BENCH_HOSTS:-300}
# In progress at once before the strict host answers 429, and that host's rank by share of the
# URLs. Its share, served at most that many at a time, sets a floor under any polite run (printed at
# the end): with the 10th host at 8 the floor is about the zero-delay time, so the strict host must
# be kept at its limit for the whole run; with the 2nd host (WEB_BENCH_STRICT_RANK=2) it is three
# times the zero-delay time, and politeness, not latency, sets the pace.
strict_limit=${WEB_BENCH_STRICT_LIMIT:-8}
strict_rank=${WEB_BENCH_STRICT_RANK:-10}
export NO_ALBUMENTATIONS_UPDATE=1

work=$(mktemp -d)
server_pid=""
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
cleanup() {
    stop_server
    rm -rf "$work"
}
trap cleanup EXIT

venv="$PWD/.venv-bench"
if ! "$venv/bin/python" -c "import img2dataset, PIL, numpy" 2>/dev/null ||
    [ "$("$venv/bin/pip" show img2dataset 2>/dev/null | awk '/^Version:/ { print $2 }')" != "1.47.0" ]; then
    echo "bench: installing img2dataset 1.47.0 into $venv" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check "img2dataset==1.47.0" pillow numpy >&2
fi
python="$venv/bin/python"

echo "bench: building linksieve (release)" >&2
swift build -c release --product linksieve >&2
linksieve="$(swift build -c release --show-bin-path)/linksieve"

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.1.0.1", 0)); print(s.getsockname()[1])')
"$python" Scripts/bench/web_server.py plan --out "$work" --port "$port" --urls "$urls" --hosts "$hosts" \
    --strict-limit "$strict_limit" --strict-rank "$strict_rank"
"$python" - "$work/lists.csv" <<'PY'
import random, sys
random.seed(11)
with open(sys.argv[1], "w") as out:
    out.write("algorithm,value,label\n")
    for n in range(1000):
        out.write(f"md5,{random.getrandbits(128):032x},bench-{n}\n")
PY

# start_server [--zero-delay]
start_server() {
    rm -f "$work/ready"
    "$python" Scripts/bench/web_server.py serve --plan "$work/plan.json" --ready "$work/ready" "$@" \
        2>>"$work/server.log" &
    server_pid=$!
    for _ in $(seq 300); do [ -s "$work/ready" ] && break; sleep 0.1; done
    [ -s "$work/ready" ] || { echo "bench: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
}
stats() { curl -s --max-time 5 "http://127.1.0.1:$port/__stats"; }
reset_stats() { curl -s --max-time 5 -o /dev/null "http://127.1.0.1:$port/__reset"; }

cat > "$work/img2dataset_run.py" <<'PY'
import sys
from img2dataset import download

if __name__ == "__main__":
    download(
        url_list=sys.argv[1], input_format="csv", url_col="url", caption_col="caption",
        output_folder=sys.argv[2], output_format="webdataset", processes_count=2, thread_count=128,
        number_sample_per_shard=1000, resize_mode="no", skip_reencode=True, timeout=3, retries=0,
        enable_wandb=False, distributor="multiprocessing",
    )
PY

# run_linksieve NAME [extra options...]: wall seconds, then the figures, into $work/NAME.*
run_linksieve() {
    local name=$1
    shift
    rm -rf "$work/$name-out"
    reset_stats
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -v -o "$work/$name.time" "$linksieve" scan "$work/manifest.csv" --lists "$work/lists.csv" \
        --out "$work/$name-out" --allow-address 127.1.0.0/16 --timeout 3 --no-progress "$@" \
        >"$work/$name.log" 2>&1 || { echo "bench: linksieve ($name) failed" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }' >"$work/$name.seconds"
    stats >"$work/$name.stats"
}

cut -d' ' -f1-3 /proc/loadavg >"$work/load-start"
echo "bench: linksieve, defaults" >&2
start_server
run_linksieve defaults
echo "bench: linksieve, the former fixed limits (--concurrency 256 --per-host 4 --max-per-host 4)" >&2
run_linksieve fixed --concurrency 256 --per-host 4 --max-per-host 4
echo "bench: img2dataset" >&2
reset_stats
start=$(date +%s.%N)
/usr/bin/time -v -o "$work/img2dataset.time" "$python" "$work/img2dataset_run.py" "$work/manifest.csv" \
    "$work/img2dataset-out" >"$work/img2dataset.log" 2>&1 || { echo "bench: img2dataset failed" >&2; tail -20 "$work/img2dataset.log" >&2; exit 1; }
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }' >"$work/img2dataset.seconds"
stats >"$work/img2dataset.stats"
stop_server
echo "bench: linksieve, defaults, every delay zero" >&2
start_server --zero-delay
run_linksieve zero
stop_server
cut -d' ' -f1-3 /proc/loadavg >"$work/load-end"

"$python" - "$work" "$urls" "$hosts" <<'PY'
import glob, json, re, sys
work, urls, hosts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def seconds(name):
    return float(open(f"{work}/{name}.seconds").read())

def peak_mib(name):
    text = open(f"{work}/{name}.time").read()
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024

def cpu(name):
    text = open(f"{work}/{name}.time").read()
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", text).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", text).group(1))
    return user + system

def linksieve(name):
    summary = json.load(open(f"{work}/{name}-out/summary.json"))
    stats = json.load(open(f"{work}/{name}.stats"))
    return summary, stats

print()
print(f"Web-shaped crawl: {urls} URLs, {hosts} hosts on 127.1.x.y (Zipf shares), log-normal delays "
      "(median 400 ms, sigma 0.8), 5% hanging (3 s timeout), 10% 404, "
      f"one host answering 429 beyond {json.load(open(f'{work}/plan.json'))['strict_limit']} in progress")
print(f"{'run':<34} {'seconds':>8} {'images':>7} {'img/s':>6} {'peak MiB':>9} {'CPU s':>6} {'strict 429s':>12} {'strict peak':>12}")
rows = {}
for name, label in (("defaults", "linksieve, defaults"), ("zero", "linksieve, defaults, zero delay"),
                    ("fixed", "linksieve, former fixed limits")):
    summary, stats = linksieve(name)
    images = summary["image_outcomes"].get("hashed", 0)
    rows[name] = (seconds(name), images)
    print(f"{label:<34} {seconds(name):>8.2f} {images:>7} {images / seconds(name):>6.0f} {peak_mib(name):>9.0f} "
          f"{cpu(name):>6.1f} {stats['strict_429']:>6} of {stats['strict_requests']:<5} {stats['strict_peak_in_progress']:>5}")
i2d_stats = json.load(open(f"{work}/img2dataset.stats"))
i2d_images = sum(json.load(open(p)).get("successes", 0) for p in glob.glob(f"{work}/img2dataset-out/*_stats.json"))
i2d_seconds = seconds("img2dataset")
print(f"{'img2dataset 1.47, 2 x 128 threads':<34} {i2d_seconds:>8.2f} {i2d_images:>7} {i2d_images / i2d_seconds:>6.0f} "
      f"{peak_mib('img2dataset'):>9.0f} {cpu('img2dataset'):>6.1f} {i2d_stats['strict_429']:>6} of {i2d_stats['strict_requests']:<5} "
      f"{i2d_stats['strict_peak_in_progress']:>5}")
print("(img2dataset's peak memory is its parent process only; its workers are further processes)")
print()
defaults, zero = rows["defaults"][0], rows["zero"][0]
print(f"efficiency, linksieve zero-delay time / web-shaped time: {zero / defaults:.2f} (goal >= 0.8)")
# No crawler that keeps within a host's limit can finish before that host's answers have been
# served, at most that many at a time (a hanging URL holds its slot for the 3 s timeout): the
# strict host's own limit, and linksieve's --max-per-host (64) for every other host.
plan = json.load(open(f"{work}/plan.json"))
busy, count = {}, {}
for url, (kind, delay, _) in plan["entries"].items():
    host = url.split("/")[0]
    busy[host] = busy.get(host, 0) + (3.0 if kind == "hang" else delay)
    count[host] = count.get(host, 0) + 1
limit_of = lambda host: plan["strict_limit"] if host == plan["strict_host"] else 64
strict, largest = plan["strict_host"], max(count, key=count.get)
floor = max(max(busy[host] / limit_of(host) for host in busy), zero)
print(f"politeness floor: the strict host's {count[strict]} URLs hold {busy[strict]:.0f} s of answers, at most "
      f"{plan['strict_limit']} at a time ({busy[strict] / plan['strict_limit']:.1f} s); the largest host's {count[largest]} "
      f"hold {busy[largest]:.0f} s, at most 64 at a time ({busy[largest] / 64:.1f} s): no polite run ends before "
      f"{floor:.1f} s; linksieve took {defaults / floor:.2f}x that, and the efficiency above can reach at most {zero / floor:.2f}")
print(f"linksieve against img2dataset, images per second: {rows['defaults'][1] / defaults / (i2d_images / i2d_seconds):.2f}x "
      f"(goal >= 3x); time: {i2d_seconds / defaults:.2f}x")
print(f"defaults against the former fixed limits: {rows['fixed'][0] / defaults:.2f}x faster")
summary, _ = linksieve("defaults")
fetch, secs = summary["run"]["fetch"], summary["run"]["seconds"]
print(f"linksieve defaults: window {fetch['window']} (descriptor limit {fetch['descriptor_limit']}), peak in flight "
      f"{fetch['peak_in_flight']}, {fetch['hosts']} hosts, {fetch['hosts_throttled']} throttled, "
      f"{fetch['host_limit_cuts']} limit cuts, peak host limit {fetch['peak_host_limit']}, "
      f"{fetch['overload_responses']} overload responses")
print(f"linksieve defaults: scan phase {secs['scan']:.2f} s; hash workers hashing {secs['hashing']:.1f} s, "
      f"waiting for the network {secs['hash_workers_waiting_for_network']:.1f} s; fetch loop waiting for hash workers "
      f"{secs['fetch_waiting_for_hash_workers']:.1f} s")
print("fetch outcomes (defaults):", json.dumps(summary["fetch_outcomes"], sort_keys=True))
print(f"machine load (1, 5, 15 min averages): {open(work + '/load-start').read().strip()} at the start, "
      f"{open(work + '/load-end').read().strip()} at the end; {__import__('os').cpu_count()} cores")
PY
