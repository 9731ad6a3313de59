#!/usr/bin/env bash
# Installs the Debian packages linksieve builds against (only those missing), then builds it.
# Idempotent: on a machine that has everything it only runs `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(pkg-config zlib1g-dev libcurl4-openssl-dev libssl-dev libsqlite3-dev
          libjpeg62-turbo-dev libpng-dev libwebp-dev libgif-dev
          libsnappy-dev libzstd-dev liblz4-dev libbrotli-dev libidn2-dev libxml2)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

swift build -c "${LINKSIEVE_CONFIGURATION:-release}" --product linksieve >&2
