#!/usr/bin/env bash
# Makes .venv with what the tests need from PyPI unless it is already there, and prints the path of its
# python: pyarrow, numpy, polars, duckdb and fastparquet (Parquet fixtures written by each of those
# writers, checks and reference timings), Pillow, pdqhash and scikit-image (PDQ fixtures: sample photos
# from scikit-image's wheel, reference hashes from pdqhash), selenium (report.html in headless Chromium, Scripts/browser-check.sh), kubernetes-validate
# (the Kubernetes manifests in Scripts/k8s, checked offline against the API schemas by Scripts/scale-check.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$PWD/.venv"
packages=(pyarrow numpy polars duckdb fastparquet pillow pdqhash scikit-image selenium kubernetes-validate)
if ! "$venv/bin/python" -c "import pyarrow, numpy, polars, duckdb, fastparquet, PIL, pdqhash, skimage, selenium, kubernetes_validate, yaml" 2>/dev/null; then
    echo "python-env: installing ${packages[*]} into $venv" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check "${packages[@]}" >&2
fi
echo "$venv/bin/python"
