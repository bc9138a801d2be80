#!/usr/bin/env bash
# Index folders that grow every day; meant for cron or a systemd timer (see deploy/).
#
#   scripts/scheduled-index.sh FOLDER...
#
# The store is $DEDUP_STORE (default: embeddings/ in the repository). A run waits up to
# $DEDUP_WAIT seconds (default 600) for a run still in progress. Exit codes are those of
# `dedup index`: 0 all indexed, 3 indexed but some input skipped (named on stderr), 1 failed.
# After a run, `dedup pairs --since RUN` and `dedup runs --format json` give the delta to the next tool.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export DEDUP_STORE="${DEDUP_STORE:-$repo/embeddings}"
export HF_HUB_OFFLINE="${HF_HUB_OFFLINE:-1}"
[ "$#" -gt 0 ] || { echo "usage: $0 FOLDER..." >&2; exit 1; }
echo "$(date -u +%FT%TZ) dedup index $*"
exec "$repo/.venv/bin/dedup" index "$@" --wait "${DEDUP_WAIT:-600}"
