#!/usr/bin/env bash
# Parquet read + filter + rewrite: linksieve (ParquetBench, release) against pyarrow on the same
# generated LAION-like files (5,000,000 rows by default; PARQUET_BENCH_ROWS overrides), in one run:
# pyarrow's defaults (snappy, dictionaries), DELTA and BYTE_STREAM_SPLIT encodings in v2 zstd pages,
# and LZ4_RAW (PARQUET_BENCH_KINDS picks some; "nested" adds lists, structs and maps beside the LAION
# columns, and is not run unless named). Prints wall time, CPU time (user + system: steadier
# than wall time when other work shares the cores) and peak RSS (/usr/bin/time -v) of each, best of
# PARQUET_BENCH_RUNS (2) by wall time, and the ratios, then checks linksieve's output with pyarrow.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${PARQUET_BENCH_ROWS:-5000000}
runs=${PARQUET_BENCH_RUNS:-2}
kinds=${PARQUET_BENCH_KINDS:-snappy delta lz4-raw}
drop_every=1000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python=$(Scripts/python-env.sh)
swift build -c release --product ParquetBench >&2
bench_binary="$(swift build -c release --show-bin-path)/ParquetBench"

cat > "$work/pyarrow_filter.py" <<'PY'
import sys
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

source, target, every = sys.argv[1], sys.argv[2], int(sys.argv[3])
codec = pq.ParquetFile(source).metadata.row_group(0).column(0).compression
table = pq.read_table(source)
table = table.filter(pa.array(np.arange(table.num_rows) % every != 0))
pq.write_table(table, target, compression=codec.lower())
print(f"rows kept: {table.num_rows}")
PY

# measure LABEL COMMAND...: best wall seconds, its peak RSS in KiB and CPU seconds, as "seconds kib cpu".
measure() {
    local label=$1
    shift
    local best=""
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        /usr/bin/time -v -o "$work/$label.time" "$@" >"$work/$label.out"
        end=$(date +%s.%N)
        local seconds rss cpu
        seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
        rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/$label.time")
        cpu=$(awk -F': ' '/User time|System time/ { sum += $2 } END { printf "%.2f", sum }' "$work/$label.time")
        if [ -z "$best" ] || awk -v s="$seconds" -v b="${best%% *}" 'BEGIN { exit !(s < b) }'; then
            best="$seconds $rss $cpu"
        fi
    done
    echo "$best"
}

dropped=$(awk -v n="$rows" -v k="$drop_every" 'BEGIN { for (i = 0; i < n; i += k) printf "%s%d", (i ? "," : ""), i }')
for kind in $kinds; do
    echo "bench: generating $rows LAION-like rows ($kind) with pyarrow" >&2
    "$python" Scripts/parquet-fixtures.py laion "$work/input.parquet" "$rows" "$kind"
    echo "bench: input $(du -h "$work/input.parquet" | cut -f1)" >&2

    read -r ls_seconds ls_rss ls_cpu < <(measure linksieve "$bench_binary" "$work/input.parquet" "$work/linksieve.parquet" "$drop_every")
    read -r pa_seconds pa_rss pa_cpu < <(measure pyarrow "$python" "$work/pyarrow_filter.py" "$work/input.parquet" "$work/pyarrow.parquet" "$drop_every")

    echo "Parquet read + filter (drop every ${drop_every}th row) + rewrite, $rows rows ($kind), best of $runs"
    printf '%-10s %10s %12s %14s %12s\n' tool seconds "CPU seconds" "peak RSS MiB" "output MiB"
    for tool in linksieve pyarrow; do
        if [ $tool = linksieve ]; then s=$ls_seconds; r=$ls_rss; c=$ls_cpu; else s=$pa_seconds; r=$pa_rss; c=$pa_cpu; fi
        printf '%-10s %10s %12s %14d %12d\n' $tool "$s" "$c" $((r / 1024)) $(($(stat -c %s "$work/$tool.parquet") / 1048576))
    done
    awk -v ls="$ls_seconds" -v ps="$pa_seconds" -v lr="$ls_rss" -v pr="$pa_rss" -v lc="$ls_cpu" -v pc="$pa_cpu" 'BEGIN {
        printf "time ratio linksieve/pyarrow: %.2f (target <= 1)\n", ls / ps
        printf "CPU time ratio linksieve/pyarrow: %.2f\n", lc / pc
        printf "peak RSS ratio linksieve/pyarrow: %.2f (target < 1)\n", lr / pr
    }'
    PARQUET_VERIFY_PYARROW_ONLY=1 "$python" Scripts/parquet-fixtures.py verify "$work/input.parquet" "$work/linksieve.parquet" "$dropped"
done
