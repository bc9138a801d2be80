#!/usr/bin/env bash
# Set up, index the sample corpus into embeddings/, print the claim clusters, write pairs.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1
.venv/bin/dedup index corpus/
echo
.venv/bin/dedup clusters
.venv/bin/dedup pairs --format csv --output pairs.csv
echo "matched claim pairs written to pairs.csv"
