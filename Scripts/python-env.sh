#!/usr/bin/env bash
# Makes .venv with pyarrow, numpy, polars, duckdb and fastparquet from PyPI (fixtures written by
# each of those writers, reference timings for the Parquet tests and benchmark) unless it is
# already there, and prints the path of its python.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$PWD/.venv"
if ! "$venv/bin/python" -c "import pyarrow, numpy, polars, duckdb, fastparquet" 2>/dev/null; then
    echo "python-env: installing pyarrow, numpy, polars, duckdb and fastparquet into $venv" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check pyarrow numpy polars duckdb fastparquet >&2
fi
echo "$venv/bin/python"
