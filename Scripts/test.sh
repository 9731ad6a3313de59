#!/usr/bin/env bash
# Fresh machine to green tests: installs what is missing, builds, runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift test "$@"
