"""Full build of N documents beside the cost of adding 1 % more, through the real CLI.

Documents are made of ten sentences each from the public sets in ../shared/data (MRPC, STS-B, STS
news, CheckThat claims). Prints wall times (process start and model load included) and the stage
times `dedup runs` records.

    .venv/bin/python scripts/bench_incremental.py [--documents 3000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402,F401  (this checkout's dedup first on the path, models offline)

import datasets  # noqa: E402

SENTENCES_PER_DOCUMENT = 10


def write_documents(path: Path, sentences: list[str], first: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(len(sentences) // SENTENCES_PER_DOCUMENT):
            chunk = sentences[number * SENTENCES_PER_DOCUMENT:(number + 1) * SENTENCES_PER_DOCUMENT]
            handle.write(json.dumps({"id": f"doc{first + number:06d}", "outlet": f"Outlet {number % 7}",
                                     "text": "\n\n".join(chunk)}) + "\n")


def index(folder: Path, store: Path) -> tuple[float, dict]:
    clock = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "dedup", "index", str(folder), "--store", str(store)],
                            capture_output=True, text=True)
    seconds = time.perf_counter() - clock
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    runs = subprocess.run([sys.executable, "-m", "dedup", "runs", "--store", str(store), "--format", "json"],
                          capture_output=True, text=True).stdout.splitlines()
    return seconds, json.loads(runs[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (for profiling)")
    args = parser.parse_args()
    pool = datasets.sentence_pool()
    needed = int(args.documents * 1.01 + 1) * SENTENCES_PER_DOCUMENT
    if len(pool) < needed:
        raise SystemExit(f"only {len(pool)} distinct sentences available; need {needed}")
    base = args.documents * SENTENCES_PER_DOCUMENT
    extra = max(1, args.documents // 100)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        folder, store = work / "inbox", work / "store"
        folder.mkdir(parents=True)
        write_documents(folder / "day1.jsonl", pool[:base], 0)
        full_s, full = index(folder, store)
        write_documents(folder / "day2.jsonl", pool[base:base + extra * SENTENCES_PER_DOCUMENT], args.documents)
        more_s, more = index(folder, store)
    stages = lambda run: ", ".join(f"{k} {v:.1f} s" for k, v in run["seconds"].items())  # noqa: E731
    print(f"full build: {full['added']} documents ({full['sentences']} sentences) in {full_s:.1f} s  [{stages(full)}]")
    print(f"add 1 %:    {more['added']} documents ({more['sentences']} sentences) in {more_s:.1f} s  [{stages(more)}]")
    print(f"increment / full build: {100 * more_s / full_s:.1f} % (wall time, process start and model load included)")


if __name__ == "__main__":
    main()
