#!/usr/bin/env bash
# Fresh machine to a finished demo: installs what is missing, builds, runs `linksieve demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
exec "$(swift build -c release --show-bin-path)/linksieve" demo "$@"
