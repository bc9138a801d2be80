#!/usr/bin/env bash
# Set up, then run the test suite (extra arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The HTML report test renders the report in headless Chromium (Debian's package).
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null; } ||
        echo "warning: could not install chromium; the HTML report test will fail" >&2
fi
export HF_HUB_OFFLINE=1
exec .venv/bin/python -m pytest "$@"
