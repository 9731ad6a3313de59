#!/usr/bin/env bash
# Review queue speed at scale: builds a state with ROWS quarantined rows (1,000,000 by default)
# through linksieve's own StateStore (ReviewQueueBench, release), then times the review queue's
# one-time table build, the first page of groups and of rows, every filter change, the other
# orders, a page half-way down and decisions, each against the 200 ms goal. Exits non-zero when
# a query misses it. KEEP=1 keeps the state directory (its path is printed).
#
#   Scripts/bench/review-queue.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}

Scripts/setup.sh
swift build -c release --product ReviewQueueBench >&2
bench="$(swift build -c release --show-bin-path)/ReviewQueueBench"
work=$(mktemp -d /tmp/linksieve-review-bench.XXXXXX)
trap '[ -n "${KEEP:-}" ] && echo "kept: $work" >&2 || rm -rf "$work"' EXIT

"$bench" "$work/state" "$rows"
ls -l "$work/state/state.sqlite" | awk '{printf "state.sqlite: %.0f MiB\n", $5 / 1048576}'
