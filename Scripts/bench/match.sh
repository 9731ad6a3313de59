#!/usr/bin/env bash
# Benchmarks `linksieve match` against faiss's binary indexes on the same data in the same run, and
# the load of a 16-million-entry MD5 list. Usage: Scripts/bench/match.sh [work-dir]
# Needs python3 (with venv) and network access to PyPI the first time (faiss-cpu, numpy in .venv-bench/).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=${1:-$root/.build/bench-match}
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (for peak resident memory)" >&2
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
if ! .venv-bench/bin/python -c 'import faiss, numpy' 2>/dev/null; then
    python3 -m venv .venv-bench
    .venv-bench/bin/pip install --quiet faiss-cpu numpy
fi

echo "building linksieve (release)" >&2
swift build -c release --product linksieve >&2
binary="$(swift build -c release --show-bin-path)/linksieve"

exec .venv-bench/bin/python Scripts/bench/match_bench.py --linksieve "$binary" --work "$work"
