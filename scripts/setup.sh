#!/usr/bin/env bash
# Create .venv and install dedup with its test tools. Safe to re-run: it skips work already done.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.dedup-installed
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    echo "installing dedup into .venv (log: .venv/install.log) ..."
    {
        .venv/bin/python -m pip install --quiet --upgrade pip &&
        # The CPU build of torch first: an unpinned torch would pull several GB of CUDA packages.
        .venv/bin/python -m pip install --quiet "torch==2.13.0" &&
        .venv/bin/python -m pip install --quiet -e ".[test]"
    } > .venv/install.log 2>&1 || { cat .venv/install.log >&2; echo "installation failed" >&2; exit 1; }
    echo "$wanted" > "$stamp"
fi
