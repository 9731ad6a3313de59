#!/usr/bin/env bash
# Fresh machine to green tests: installs what is missing, builds, runs the whole suite.
# Meta's published PDQ vectors are an extra suite, run when LINKSIEVE_PDQ_VECTORS names their folder.
set -euo pipefail
cd "$(dirname "$0")/.."
# A debug build: the one `swift test` uses, so nothing is compiled twice.
LINKSIEVE_CONFIGURATION=debug Scripts/setup.sh
# The Parquet and PDQ tests make fixtures and check results with Python packages, from a venv made here.
LINKSIEVE_PYTHON="$(Scripts/python-env.sh)"
export LINKSIEVE_PYTHON
# PDQ fixtures: images, and reference hashes from pdqhash (never from linksieve).
LINKSIEVE_PDQ_FIXTURES="$PWD/.build/pdq-fixtures"
export LINKSIEVE_PDQ_FIXTURES
echo "test: PDQ fixtures: $("$LINKSIEVE_PYTHON" Scripts/pdq-fixtures.py "$LINKSIEVE_PDQ_FIXTURES") in $LINKSIEVE_PDQ_FIXTURES"
if [ -n "${LINKSIEVE_PDQ_VECTORS:-}" ]; then
    echo "test: Meta's PDQ vectors from $LINKSIEVE_PDQ_VECTORS"
else
    echo "test: LINKSIEVE_PDQ_VECTORS is not set: the suite \"Meta's PDQ vectors\" is skipped"
fi
# report.html in headless Chromium (installs chromium and chromium-driver if missing). It runs
# first so that the suite's own closing lines stay last.
Scripts/browser-check.sh
# The Slurm and Kubernetes launchers on a single-node Slurm cluster and locally run Jobs (installs
# slurmctld, slurmd, slurm-client and munge if missing).
Scripts/scale-check.sh
swift test "$@"
