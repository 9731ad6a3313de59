#!/usr/bin/env bash
# Scanning at scale on the real engines, on this machine: the launchers in Scripts/slurm and
# Scripts/k8s, each ending in `linksieve merge`, must give byte for byte what one process gives.
#
# Slurm: a single-node cluster from Debian's slurmctld, slurmd, slurm-client and munge (installed
# here with --no-install-recommends if missing), configured and run under a temporary folder and
# stopped by PID. Scripts/slurm/submit.sh submits a 4-task array over a manifest of 6 parts and
# the merge behind it; while the image server holds their fetches, one task is requeued as a
# preempted task would be and another is cancelled and then requeued by hand; both resume without
# fetching again what they had finished.
# Kubernetes (which cannot run here): the manifests are validated offline with
# kubernetes-validate --strict, then each Job's command, read from the YAML, is run here once per
# index with JOB_COMPLETION_INDEX set, and the merge Job after them.
# Images come from a server on 127.0.0.1 started here; it stops by itself after a few minutes.
# The closing line is "scale-check: N passed, N failed"; the exit status is non-zero on a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
python="${LINKSIEVE_PYTHON:-$(Scripts/python-env.sh)}"
binary="$repo/.build/debug/linksieve"
[ -x "$binary" ] || swift build --product linksieve >&2

missing=()
for p in slurmctld slurmd slurm-client munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "scale-check: installing ${missing[*]}" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work="$(mktemp -d /tmp/linksieve-scale-check.XXXXXX)"
pids=()
stop() {
    local pid_file pid
    if [ -n "${SLURM_CONF:-}" ] && [ -s "$work/cluster/slurmctld.pid" ]; then
        # Jobs still queued or running on this cluster (after a failure) end before the daemons do.
        squeue -h -o %A 2>/dev/null | xargs -r scancel 2>/dev/null || true
        for _ in $(seq 30); do [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break; sleep 0.5; done
    fi
    for pid_file in "$work"/cluster/slurmd.pid "$work"/cluster/slurmctld.pid "$work"/cluster/munged.pid; do
        [ -s "$pid_file" ] && pids+=("$(cat "$pid_file")")
    done
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$work"
}
trap stop EXIT
trap 'echo "scale-check: FAILED: stopped at line $LINENO"' ERR

passed=0 failed=0
check() {
    local name="$1"; shift
    if "$@"; then
        echo "scale-check: ok: $name"; passed=$((passed + 1))
    else
        echo "scale-check: FAILED: $name"; failed=$((failed + 1))
    fi
}
wait_for() {
    local seconds="$1"; shift
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
}

# --- the image server and the datasets ---
mkdir -p "$work/data/www"
"$python" Scripts/scale-check/server.py "$work/data/www" "$work/port" --hold "$work/hold" --lifetime 280 &
pids+=($!)
wait_for 30 test -s "$work/port"
port="$(cat "$work/port")"
"$python" Scripts/scale-check/fixture.py "$work/data" "$port" --held-part 2 --held-part 3 >&2
"$python" Scripts/scale-check/fixture.py "$work/k8s-fixture" "$port" --parts 1 --rows-per-part 30 >&2

# The reference: one process scanning everything.
"$binary" scan "$work/data/parts" --lists "$work/data/lists" --out "$work/single" \
    --allow-private-addresses --no-progress >/dev/null
rm "$work/data/requests.log" "$work/data/held-requests.log"

# --- Slurm ---
cluster="$work/cluster"
mkdir -p "$cluster/state" "$cluster/spool"
mungekey -c -k "$cluster/munge.key" 2>/dev/null || head -c 1024 /dev/urandom >"$cluster/munge.key"
chmod 600 "$cluster/munge.key"
# --force: munged refuses a socket folder under world-writable /tmp otherwise.
/usr/sbin/munged --force --socket="$cluster/munge.sock" --key-file="$cluster/munge.key" \
    --pid-file="$cluster/munged.pid" --log-file="$cluster/munged.log" --seed-file="$cluster/munged.seed"
free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cat >"$cluster/slurm.conf" <<CONF
ClusterName=linksieve-check
SlurmctldHost=$(hostname)(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# A requeued task waits cred_expire seconds before it starts again (120 by default).
AuthInfo=socket=$cluster/munge.sock,cred_expire=5
StateSaveLocation=$cluster/state
SlurmdSpoolDir=$cluster/spool
SlurmctldPidFile=$cluster/slurmctld.pid
SlurmdPidFile=$cluster/slurmd.pid
SlurmctldLogFile=$cluster/slurmctld.log
SlurmdLogFile=$cluster/slurmd.log
# No cgroups: processes are tracked through /proc and tasks are not bound to CPUs.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
ReturnToService=2
KillWait=10
$(slurmd -C | head -1) NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=check Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$cluster/slurm.conf"
slurmctld -i -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
node_idle() { sinfo -h -o %t 2>/dev/null | grep -qx idle; }
check "single-node Slurm cluster up" wait_for 30 node_idle

touch "$work/hold"
submitted="$(Scripts/slurm/submit.sh --shards 4 --lists "$work/data/lists" --out "$work/slurm/scan" \
    --final "$work/slurm/merged" --logs "$work/slurm/logs" --cpus 1 --mem 256M --time 10:00 \
    --merge-time 10:00 --linksieve "$binary" "$work/data/parts" -- --allow-private-addresses)"
array_job="$(awk '/^array job/ {print $3}' <<<"$submitted")"
merge_job="$(awk '/^merge job/ {print $3}' <<<"$submitted")"
echo "scale-check: array job $array_job, merge job $merge_job" >&2
job_state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1; }
merge_reason() { squeue -h -j "$merge_job" -o %r; }
# Parts 2 and 3 are tasks 2 and 3 (part i goes to task i mod 4); the server holds half their rows.
held_requests() { grep -qs "r=2\." "$work/data/held-requests.log" && grep -qs "r=3\." "$work/data/held-requests.log"; }
check "tasks 2 and 3 fetching behind the held server" wait_for 60 held_requests
sleep 2
# Task 3 is preempted: requeued while it runs (what --requeue allows), so the merge keeps waiting.
scontrol requeue "${array_job}_3"
task_requeued() { [ "$(job_state "${array_job}_3")" = PENDING ]; }
check "task 3 requeued mid-run" wait_for 30 task_requeued
check "merge still waiting on the array after the requeue" test "$(merge_reason)" = Dependency
# Task 2 is cancelled, then requeued by hand.
scancel "${array_job}_2"
task_cancelled() { [ "$(job_state "${array_job}_2")" = CANCELLED ]; }
check "task 2 cancelled mid-run" wait_for 30 task_cancelled
rm "$work/hold"
scontrol requeue "${array_job}_2"
# A cancelled task leaves afterok on the whole array unsatisfiable for good (Slurm keeps the
# array's failure), so the merge is re-armed on the tasks one by one, as README says.
scontrol update JobId="$merge_job" Dependency="afterok:${array_job}_0:${array_job}_1:${array_job}_2:${array_job}_3"
queue_empty() { [ -z "$(squeue -h -o %i)" ]; }
check "array and merge finished" wait_for 150 queue_empty
check "merge job completed" test "$(job_state "$merge_job")" = COMPLETED
for task in 0 1 2 3; do
    check "array task $task completed" test "$(job_state "${array_job}_$task")" = COMPLETED
done
check "requeued tasks resumed: finished rows not fetched again" "$python" Scripts/scale-check/requests.py \
    "$work/data/requests.log" "$work/data/held-requests.log"
check "Slurm merge equals a single-process scan" "$python" Scripts/scale-check/compare.py "$work/single" "$work/slurm/merged"

# --- Kubernetes ---
check "Kubernetes manifests valid (kubernetes-validate --strict)" \
    "$python" -m kubernetes_validate --strict --quiet Scripts/k8s/scan-indexed-job.yaml Scripts/k8s/merge-job.yaml
mkdir -p "$work/k8s/data" "$work/k8s/lists"
mv "$work/k8s-fixture/parts" "$work/k8s/data/manifests"
cp "$work/k8s-fixture/lists/check.csv" "$work/k8s/lists/"
"$binary" scan "$work/k8s/data/manifests" --lists "$work/k8s/lists" --out "$work/k8s-single" \
    --allow-private-addresses --no-progress >/dev/null
check "Kubernetes Jobs run per index" "$python" Scripts/scale-check/k8s_local_run.py --linksieve "$binary" \
    --mount /data="$work/k8s/data" --mount /lists="$work/k8s/lists" --scan-arg=--allow-private-addresses \
    Scripts/k8s/scan-indexed-job.yaml Scripts/k8s/merge-job.yaml
check "Kubernetes merge equals a single-process scan" "$python" Scripts/scale-check/compare.py "$work/k8s-single" "$work/k8s/data/merged"

echo "scale-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || exit 1
