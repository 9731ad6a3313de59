#!/usr/bin/env bash
# Fresh machine to green tests: installs what is missing, builds, runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# A debug build: the one `swift test` uses, so nothing is compiled twice.
LINKSIEVE_CONFIGURATION=debug Scripts/setup.sh
# The Parquet tests make fixtures and check rewritten files with pyarrow, from a venv made here.
LINKSIEVE_PYTHON="$(Scripts/python-env.sh)"
export LINKSIEVE_PYTHON
# report.html in headless Chromium (installs chromium and chromium-driver if missing). It runs
# first so that the suite's own closing lines stay last.
Scripts/browser-check.sh
swift test "$@"
