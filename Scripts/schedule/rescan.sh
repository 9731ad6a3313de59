#!/usr/bin/env bash
# One scheduled rescan: re-matches the newest run's state against the lists in $LINKSIEVE_LISTS
# (refreshing rows older than $LINKSIEVE_REFRESH, if set) into a new run directory under
# $LINKSIEVE_RUNS, and points $LINKSIEVE_RUNS/latest at it.
# Exit status is linksieve's: 0 no new matches, 3 new matches found, 1 failed.
#
# cron instead of systemd (every Monday 03:00):
#   0 3 * * 1  LINKSIEVE_RUNS=/var/lib/linksieve/runs LINKSIEVE_LISTS=/var/lib/linksieve/lists LINKSIEVE_BIN=/opt/linksieve/.build/release/linksieve /opt/linksieve/Scripts/schedule/rescan.sh || mail -s "linksieve: new matches or failure ($?)" safety@example.org < /dev/null
set -uo pipefail
runs="${LINKSIEVE_RUNS:?set LINKSIEVE_RUNS to the directory holding one folder per run}"
lists="${LINKSIEVE_LISTS:?set LINKSIEVE_LISTS to the hash-list folder}"
linksieve="${LINKSIEVE_BIN:-linksieve}"
previous="$(readlink -e "$runs/latest")" || { echo "rescan: $runs/latest does not point at a run" >&2; exit 1; }
next="$runs/$(date -u +%Y%m%dT%H%M%SZ)"
refresh=()
[ -n "${LINKSIEVE_REFRESH:-}" ] && refresh=(--refresh-older-than "$LINKSIEVE_REFRESH")
"$linksieve" rescan --state "$previous" --lists "$lists" --out "$next" "${refresh[@]}"
status=$?
# A failed rescan leaves latest where it was; otherwise the new run becomes the base of the next one.
if [ "$status" -eq 0 ] || [ "$status" -eq 3 ]; then ln -sfn "$next" "$runs/latest"; fi
exit "$status"
