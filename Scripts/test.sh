#!/usr/bin/env bash
# Fresh machine to green tests: installs what is missing, builds, runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
# The Parquet tests make fixtures and check rewritten files with pyarrow; without it they fail and say why.
if python=$(Scripts/python-env.sh); then
    export LINKSIEVE_PYTHON="$python"
else
    echo "test: could not set up the pyarrow venv; the Parquet tests will fail" >&2
fi
swift test "$@"
