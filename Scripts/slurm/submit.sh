#!/usr/bin/env bash
# Submits a sharded linksieve scan to Slurm: a job array of N tasks (scan-array.sbatch), then the
# merge (merge.sbatch) as a job that starts only when every task has succeeded
# (--dependency=afterok:<array job>). Prints the two job ids.
#
#   Scripts/slurm/submit.sh --shards 64 --lists /lists/ --out /scratch/scan [options] MANIFEST... [-- SCAN OPTIONS]
#
# Options (defaults in brackets):
#   --shards N          tasks in the array, shards of the input (required)
#   --lists PATH        hash-list file or folder; repeatable (required)
#   --out DIR           the tasks' output folder, on storage every node sees (required)
#   --final DIR         where the merge writes the result [OUT-merged]
#   --policy FILE       list-policy file for --list-policy [none]
#   --partition NAME    Slurm partition [the cluster's default]
#   --time T            time limit per task [24:00:00]
#   --cpus N            CPUs per task, = hash workers [8]
#   --mem M             memory per task; lists, fetch window and bodies must fit [8G]
#   --max-running N     tasks running at once, the array's %N throttle [no limit]
#   --merge-time T      time limit of the merge [04:00:00]
#   --logs DIR          Slurm log files [OUT-logs]
#   --linksieve PATH    the linksieve program on the nodes [linksieve on PATH]
#   --sbatch OPTION     passed to both sbatch calls, e.g. --sbatch=--account=proj; repeatable
# Everything after `--` is passed to every task's `linksieve scan`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 64; }
need() { [ $# -ge 2 ] || { echo "submit.sh: $1 needs a value" >&2; exit 64; }; }

shards="" out="" final="" policy="" partition="" time_limit="24:00:00" cpus=8 mem=8G
max_running="" merge_time="04:00:00" logs="" linksieve="linksieve"
lists=() manifests=() extra=() sbatch_options=()
while (($#)); do
    case "$1" in
        --shards) need "$@"; shards="$2"; shift 2 ;;
        --lists) need "$@"; lists+=("$2"); shift 2 ;;
        --out) need "$@"; out="$2"; shift 2 ;;
        --final) need "$@"; final="$2"; shift 2 ;;
        --policy) need "$@"; policy="$2"; shift 2 ;;
        --partition) need "$@"; partition="$2"; shift 2 ;;
        --time) need "$@"; time_limit="$2"; shift 2 ;;
        --cpus) need "$@"; cpus="$2"; shift 2 ;;
        --mem) need "$@"; mem="$2"; shift 2 ;;
        --max-running) need "$@"; max_running="$2"; shift 2 ;;
        --merge-time) need "$@"; merge_time="$2"; shift 2 ;;
        --logs) need "$@"; logs="$2"; shift 2 ;;
        --linksieve) need "$@"; linksieve="$2"; shift 2 ;;
        --sbatch=*) sbatch_options+=("${1#--sbatch=}"); shift ;;
        --sbatch) need "$@"; sbatch_options+=("$2"); shift 2 ;;
        -h|--help) usage ;;
        --) shift; extra=("$@"); break ;;
        -*) echo "submit.sh: unknown option $1" >&2; usage ;;
        *) manifests+=("$1"); shift ;;
    esac
done
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: --shards wants a positive number" >&2; exit 64; }
[ -n "$out" ] || { echo "submit.sh: --out is required" >&2; exit 64; }
((${#lists[@]})) || { echo "submit.sh: --lists is required" >&2; exit 64; }
((${#manifests[@]})) || { echo "submit.sh: no manifests given" >&2; exit 64; }

# Tasks run in other working directories, on other nodes: every path is made absolute here.
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
out="$(absolute "${out%/}")"
final="$(absolute "${final:-$out-merged}")"
logs="$(absolute "${logs:-$out-logs}")"
for i in "${!lists[@]}"; do lists[i]="$(absolute "${lists[i]}")"; done
for i in "${!manifests[@]}"; do manifests[i]="$(absolute "${manifests[i]}")"; done
[ -z "$policy" ] || policy="$(absolute "$policy")"
case "$linksieve" in */*) linksieve="$(absolute "$linksieve")" ;; esac
mkdir -p "$logs"

common=("${sbatch_options[@]}")
[ -z "$partition" ] || common+=(--partition="$partition")
export LINKSIEVE="$linksieve" LINKSIEVE_OUT="$out" LINKSIEVE_FINAL="$final" LINKSIEVE_SHARDS="$shards" \
    LINKSIEVE_POLICY="$policy" LINKSIEVE_LISTS
LINKSIEVE_LISTS="$(IFS=:; echo "${lists[*]}")"

array="0-$((shards - 1))${max_running:+%$max_running}"
array_job="$(sbatch --parsable "${common[@]}" --array="$array" --time="$time_limit" \
    --cpus-per-task="$cpus" --mem="$mem" --output="$logs/scan-%A_%a.log" \
    "$here/scan-array.sbatch" "${manifests[@]}" -- "${extra[@]}")"
array_job="${array_job%%;*}"
merge_job="$(sbatch --parsable "${common[@]}" --dependency="afterok:$array_job" --time="$merge_time" \
    --cpus-per-task=1 --mem="$mem" --output="$logs/merge-%j.log" "$here/merge.sbatch")"
merge_job="${merge_job%%;*}"
echo "array job $array_job"
echo "merge job $merge_job"
