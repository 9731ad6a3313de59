#!/usr/bin/env bash
# End-to-end crawl: linksieve scan against img2dataset 1.47 over the same manifest and the same
# local nginx, in one run. nginx (Debian nginx-light, installed if missing) serves CRAWL_BENCH_IMAGES
# (2,000) generated 640x480 JPEGs of about 85 KB from a temporary folder on 127.0.0.1 only.
#
# linksieve runs with every stage on: fetch, MD5/SHA-1/SHA-256, decode, PDQ, and matching against a
# 1,000,000-entry PDQ list and a 1,000,000-entry MD5 list made here (random values, so nothing
# matches). img2dataset runs as LAION ran it, minus resizing: resize_mode=no, skip_reencode,
# webdataset output, 2 processes, shards of 500. Both are timed wall-clock from start to exit
# (list loading and process start-up included); linksieve's CPU time comes from /usr/bin/time.
#
# The server is a single host, so linksieve gets --per-host 64 (default 4) and
# --allow-address 127.0.0.1/32 (loopback is refused by default); the output says so.
set -euo pipefail
cd "$(dirname "$0")/../.."
images=${CRAWL_BENCH_IMAGES:-2000}
list_entries=${CRAWL_BENCH_LIST_ENTRIES:-1000000}
runs=${CRAWL_BENCH_RUNS:-1}
per_host=64
# albumentations (an img2dataset dependency) otherwise asks PyPI for updates on import.
export NO_ALBUMENTATIONS_UPDATE=1
concurrency=128

work=$(mktemp -d)
nginx_pid=""
cleanup() {
    if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -QUIT "$nginx_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"

# --- tools -------------------------------------------------------------------------------------
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "bench: installing nginx-light" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light >/dev/null
fi
nginx_binary=$(command -v nginx || echo /usr/sbin/nginx)

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

# --- fixtures ----------------------------------------------------------------------------------
mkdir -p "$work/www/img"
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "bench: generating $images JPEGs, the manifest and two lists of $list_entries entries" >&2
"$python" - "$work" "$images" "$list_entries" "$port" <<'PY'
import os, sys, random
import numpy as np
from PIL import Image

work, count, entries, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(20240601)
yy, xx = np.mgrid[0:480, 0:640].astype(np.float32)
sizes = []
for i in range(count):
    # Smooth colour fields plus fine noise: photo-like JPEG sizes (about 85 KB at quality 90).
    fx, fy, phase = rng.uniform(0.005, 0.03, 3)
    base = np.stack([
        128 + 90 * np.sin(xx * fx + phase + c) * np.cos(yy * fy + c * 0.7) for c in range(3)
    ], axis=-1)
    noise = rng.normal(0, 8, (480, 640, 3))
    pixels = np.clip(base + noise, 0, 255).astype(np.uint8)
    path = os.path.join(work, "www", "img", f"{i:05d}.jpg")
    Image.fromarray(pixels, "RGB").save(path, "JPEG", quality=90)
    sizes.append(os.path.getsize(path))
print(f"bench: images average {sum(sizes) / len(sizes) / 1000:.1f} KB", file=sys.stderr)

with open(os.path.join(work, "manifest.csv"), "w") as out:
    out.write("url,caption\n")
    for i in range(count):
        out.write(f"http://127.0.0.1:{port}/img/{i:05d}.jpg,synthetic image {i}\n")

os.makedirs(os.path.join(work, "lists"))
random.seed(7)
for algorithm, digits in (("pdq", 64), ("md5", 32)):
    with open(os.path.join(work, "lists", f"bench-{algorithm}.csv"), "w") as out:
        out.write("algorithm,value,label\n")
        for n in range(entries):
            out.write(f"{algorithm},{random.getrandbits(digits * 4):0{digits}x},bench-{n}\n")
PY

cat > "$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
daemon on;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path $work/tmp-body;
    proxy_temp_path $work/tmp-proxy;
    fastcgi_temp_path $work/tmp-fastcgi;
    uwsgi_temp_path $work/tmp-uwsgi;
    scgi_temp_path $work/tmp-scgi;
    types { image/jpeg jpg; }
    server {
        listen 127.0.0.1:$port;
        root $work/www;
    }
}
EOF
"$nginx_binary" -c "$work/nginx.conf" -p "$work"
for _ in $(seq 50); do [ -s "$work/nginx.pid" ] && break; sleep 0.1; done
nginx_pid=$(cat "$work/nginx.pid")
curl -sf -o /dev/null "http://127.0.0.1:$port/img/00000.jpg" || { echo "bench: nginx is not serving" >&2; exit 1; }
echo "bench: nginx (pid $nginx_pid) serving on 127.0.0.1:$port" >&2

# --- runs --------------------------------------------------------------------------------------
cat > "$work/img2dataset_run.py" <<'PY'
import sys
from img2dataset import download

if __name__ == "__main__":
    download(
        url_list=sys.argv[1],
        input_format="csv",
        url_col="url",
        caption_col="caption",
        output_folder=sys.argv[2],
        output_format="webdataset",
        processes_count=2,
        thread_count=64,
        number_sample_per_shard=500,
        resize_mode="no",
        skip_reencode=True,
        timeout=10,
        retries=0,
        enable_wandb=False,
        distributor="multiprocessing",
    )
PY

run_linksieve() {
    rm -rf "$work/linksieve-out"
    /usr/bin/time -v -o "$work/linksieve.time" "$linksieve" scan "$work/manifest.csv" \
        --lists "$work/lists/bench-pdq.csv" "$work/lists/bench-md5.csv" --out "$work/linksieve-out" \
        --allow-address 127.0.0.1/32 --per-host "$per_host" --concurrency "$concurrency" \
        --no-progress >"$work/linksieve.log" 2>&1
}
run_img2dataset() {
    rm -rf "$work/img2dataset-out"
    /usr/bin/time -v -o "$work/img2dataset.time" "$python" "$work/img2dataset_run.py" \
        "$work/manifest.csv" "$work/img2dataset-out" >"$work/img2dataset.log" 2>&1
}
# best_of FUNCTION: the best wall seconds over $runs runs.
best_of() {
    local best=""
    for _ in $(seq "$runs"); do
        local start end seconds
        start=$(date +%s.%N)
        "$1" || { echo "bench: $1 failed:" >&2; tail -20 "$work/${1#run_}.log" >&2; exit 1; }
        end=$(date +%s.%N)
        seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
        if [ -z "$best" ] || awk -v s="$seconds" -v b="$best" 'BEGIN { exit !(s < b) }'; then best=$seconds; fi
    done
    echo "$best"
}

echo "bench: linksieve scan" >&2
ls_seconds=$(best_of run_linksieve)
echo "bench: img2dataset" >&2
i2d_seconds=$(best_of run_img2dataset)

# --- checks and figures ------------------------------------------------------------------------
ls_ok=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["image_outcomes"].get("hashed", 0))' \
    "$work/linksieve-out/summary.json")
i2d_ok=$("$python" - "$work/img2dataset-out" <<'PY'
import glob, json, sys
print(sum(json.load(open(p)).get("successes", 0) for p in glob.glob(sys.argv[1] + "/*_stats.json")))
PY
)
ls_cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$work/linksieve.time")
ls_rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/linksieve.time")
i2d_cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$work/img2dataset.time")

echo
echo "Crawl of $images JPEGs (640x480) from nginx on 127.0.0.1, one host, best of $runs run(s)"
echo "linksieve: scan with digests, decode, PDQ, matching against $list_entries PDQ + $list_entries MD5 entries;"
echo "           --allow-address 127.0.0.1/32 --per-host $per_host --concurrency $concurrency (single-host bench; defaults are refuse-loopback and 4 per host)"
echo "img2dataset 1.47: resize_mode=no, skip_reencode, webdataset, 2 processes x 64 threads, shards of 500"
printf '%-12s %9s %10s %9s %12s\n' tool seconds images/s "images" "CPU s"
ls_rate=$(awk -v n="$ls_ok" -v s="$ls_seconds" 'BEGIN { printf "%.0f", n / s }')
i2d_rate=$(awk -v n="$i2d_ok" -v s="$i2d_seconds" 'BEGIN { printf "%.0f", n / s }')
printf '%-12s %9s %10s %9s %12s\n' linksieve "$ls_seconds" "$ls_rate" "$ls_ok" "$ls_cpu"
printf '%-12s %9s %10s %9s %12s\n' img2dataset "$i2d_seconds" "$i2d_rate" "$i2d_ok" "$i2d_cpu"
awk -v a="$ls_rate" -v b="$i2d_rate" 'BEGIN { printf "ratio linksieve / img2dataset (images/s): %.2fx\n", a / b }'
awk -v c="$ls_cpu" -v n="$ls_ok" 'BEGIN { printf "linksieve CPU per image: %.2f ms (user + system over the whole run, list loading included)\n", c * 1000 / n }'
echo "linksieve peak RSS: $ls_rss MiB"
# Where linksieve's time went: loading and indexing the lists, then fetch + hash + match.
"$python" - "$work/linksieve-out/summary.json" "$ls_ok" <<'PY'
import json, sys
seconds = json.load(open(sys.argv[1]))["run"]["seconds"]
images = int(sys.argv[2])
print(f"linksieve phases: lists {seconds['lists']:.2f} s, scan {seconds['scan']:.2f} s "
      f"({images / seconds['scan']:.0f} images/s fetched, hashed and matched), outputs {seconds['outputs']:.2f} s")
PY
[ "$ls_ok" -eq "$images" ] || echo "bench: warning: linksieve hashed $ls_ok of $images images" >&2
[ "$i2d_ok" -eq "$images" ] || echo "bench: warning: img2dataset downloaded $i2d_ok of $images images" >&2
