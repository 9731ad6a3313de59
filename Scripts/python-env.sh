#!/usr/bin/env bash
# Makes .venv with pyarrow and numpy from PyPI (fixtures and reference timings for the Parquet
# tests and benchmark) and selenium (Scripts/browser-check.sh) unless it is already there, and
# prints the path of its python.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$PWD/.venv"
if ! "$venv/bin/python" -c "import pyarrow, numpy, selenium" 2>/dev/null; then
    echo "python-env: installing pyarrow, numpy and selenium into $venv" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check pyarrow numpy selenium >&2
fi
echo "$venv/bin/python"
