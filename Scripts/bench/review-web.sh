#!/usr/bin/env bash
# The review web app at scale: builds a state with ROWS quarantined rows (1,000,000 by default)
# with ReviewQueueBench (release), starts `linksieve review` (release) on it on 127.0.0.1, signs in
# with the printed one-time URL and times whole HTTP requests with curl (median of 5): the queue's
# first page of groups and of rows, each filter change, another order and the next page, each
# against the 200 ms goal. There is no reference tool for this; the goal is the yardstick.
# Exits non-zero when a page misses it.
#
#   Scripts/bench/review-web.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
goal_ms=200

Scripts/setup.sh
swift build -c release --product ReviewQueueBench >&2
swift build -c release --product linksieve >&2
bin="$(swift build -c release --show-bin-path)"
work=$(mktemp -d /tmp/linksieve-review-web-bench.XXXXXX)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

"$bin/ReviewQueueBench" "$work/state" "$rows" >"$work/queue-bench.txt"
"$bin/linksieve" review --state "$work/state" --reviewer bench >"$work/started" 2>"$work/server-errors" &
server=$!
for _ in $(seq 600); do grep -q "token=" "$work/started" && break; sleep 0.5; done
url="$(grep -o 'http://[^ ]*' "$work/started")"
base="${url%%/login*}"
curl -sf -c "$work/cookies" -o /dev/null "$url"

slow=0
time_page() {
    local name=$1 path=$2 times median
    curl -sf -b "$work/cookies" -o "$work/page.html" "$base$path"
    times=$(for _ in 1 2 3 4 5; do
        curl -sf -b "$work/cookies" -o /dev/null -w '%{time_total}\n' "$base$path"
    done | sort -n)
    median=$(echo "$times" | sed -n 3p | awk '{printf "%.1f", $1 * 1000}')
    if awk -v m="$median" -v g="$goal_ms" 'BEGIN { exit !(m < g) }'; then
        printf '%-34s %8s ms  (goal %d ms) ok\n' "$name" "$median" "$goal_ms"
    else
        printf '%-34s %8s ms  (goal %d ms) SLOW\n' "$name" "$median" "$goal_ms"
        slow=1
    fi
}

echo "linksieve review over $rows quarantined rows, HTTP on 127.0.0.1, median of 5 requests:"
time_page "first page of entry groups" "/"
next="$(grep -o 'id="next-page" href="[^"]*"' "$work/page.html" | sed 's/.*href="//; s/"$//; s/&amp;/\&/g')"
time_page "first page of rows" "/?view=rows"
domain="$(grep -oP 'href="/match/\d+">\d+</a>[^<]*</td><td>\K[^<]+' "$work/page.html" | head -1)"
time_page "filter: algorithm pdq" "/?algorithm=pdq"
time_page "filter: PDQ distance 24-31" "/?band=24-31"
time_page "filter: decision undecided" "/?state=undecided"
time_page "filter: stage bytes (rows)" "/?view=rows&stage=bytes"
time_page "filter: domain $domain (rows)" "/?view=rows&domain=$domain"
time_page "order: largest groups first" "/?order=group-size"
[ -n "$next" ] && time_page "next page of entry groups" "$next"
exit "$slow"
