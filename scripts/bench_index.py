"""Time `dedup index` and `dedup pairs` on the sample corpus and on MRPC laid out as news documents.

MRPC (../shared/data/mrpc/msr_paraphrase_train.txt) is laid out as two outlets: outlet A's documents
hold the first sentence of ten consecutive pairs, outlet B's the second; so every labelled pair is a
cross-document candidate. Prints wall times per stage and in total.

    .venv/bin/python scripts/bench_index.py [--mrpc PATH]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
import _common  # noqa: E402,F401  (this checkout's dedup first on the path, models offline)

from datasets import DEFAULT_MRPC, mrpc_documents  # noqa: E402

from dedup.store import Store  # noqa: E402


def timed(*args: str) -> tuple[float, str]:
    clock = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "dedup", *args], capture_output=True, text=True)
    if result.returncode not in (0, 3):
        raise SystemExit(result.stderr)
    return time.perf_counter() - clock, result.stdout


def bench(name: str, inputs: Path, workdir: Path) -> None:
    store = workdir / f"store-{name}"
    index_s, out = timed("index", str(inputs), "--store", str(store))
    opened = Store.open(store)
    stages = opened.runs.last_run()["seconds"]
    counts = opened.meta.counts()
    opened.close()
    pairs_s, _ = timed("pairs", "--store", str(store), "--format", "csv", "--output", str(workdir / f"{name}.csv"))
    again_s, _ = timed("index", str(inputs), "--store", str(store))
    print(f"\n## {name}: {counts['documents']} documents, {counts['sentences']} sentences "
          f"({counts['claims']} claims), {counts['pairs']} pairs, {counts['clusters']} clusters")
    print(f"dedup index (fresh store, incl. process start and model load): {index_s:7.2f} s")
    print("  stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))
    print(f"dedup index again (nothing new):                                {again_s:7.2f} s")
    print(f"dedup pairs --format csv:                                       {pairs_s:7.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mrpc", type=Path, default=DEFAULT_MRPC)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        bench("sample corpus", REPO / "corpus", workdir)
        if args.mrpc.exists():
            feed = workdir / "mrpc.jsonl"
            feed.write_text("\n".join(json.dumps(d) for d in mrpc_documents(args.mrpc)) + "\n")
            bench("MRPC as documents", feed, workdir)
        else:
            print(f"\n(MRPC not found at {args.mrpc}; skipped)")


if __name__ == "__main__":
    main()
