#!/usr/bin/env bash
# Save a screenshot of the HTML report: scripts/screenshot_report.sh [STORE] [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:-embeddings}"
out="${2:-report.png}"
page="$(mktemp -d)/report.html"
.venv/bin/dedup report --html "$page" --store "$store"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$(mktemp -d)" --window-size=1200,1600 \
    --screenshot="$(realpath -m "$out")" "file://$page" 2>/dev/null
echo "screenshot written to $out"
