"""What languages cost: `dedup index` on an English corpus before and after, and on the same corpus with Russian.

The English corpus is MRPC laid out as news documents (as in scripts/bench_index.py: 816 documents, 8,228
sentences). It is indexed, each time into a fresh store through the CLI with default settings:

1. by this checkout, English only: what an English user runs; the segment stage now includes language
   detection;
2. by another checkout given with `--baseline` (e.g. a worktree of the commit before languages), English
   only: the same run without languages, for the comparison;
3. by this checkout, with corpus-ru/ beside it: the first claim not in English makes every wording be
   embedded by the multilingual model too and mined in its space (the `languages` stage).

Prints each run's stages (the run log's seconds) and, for run 3, the multilingual path's cost per wording
beside the English embedding's.

    .venv/bin/python scripts/bench_languages.py [--baseline ../dedup-before]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
import _common  # noqa: E402,F401  (this checkout's dedup first on the path, models offline)

from datasets import DEFAULT_MRPC, mrpc_documents  # noqa: E402


def index(checkout: Path, store: Path, *inputs: Path) -> tuple[float, dict]:
    """Wall seconds of `dedup index` run by `checkout`'s package, and its run log entry."""
    clock = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "dedup", "index", *map(str, inputs), "--store", str(store)],
                            capture_output=True, text=True, cwd=checkout, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    seconds = time.perf_counter() - clock
    if result.returncode not in (0, 3):
        raise SystemExit(result.stderr)
    runs = subprocess.run([sys.executable, "-m", "dedup", "runs", "--store", str(store), "--format", "json"],
                          capture_output=True, text=True, cwd=checkout, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    return seconds, json.loads(runs.stdout.splitlines()[-1])


def show(name: str, seconds: float, run: dict) -> None:
    print(f"\n## {name}: {run['sentences']} sentences, {run['pairs']} pairs, {run['clusters']} clusters")
    print(f"dedup index, fresh store, process start and model loads included: {seconds:.1f} s")
    print("  stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in run["seconds"].items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout of dedup to run on the English corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        feed = workdir / "mrpc.jsonl"
        feed.write_text("\n".join(json.dumps(d) for d in mrpc_documents(DEFAULT_MRPC)) + "\n")
        english_s, english = index(REPO, workdir / "english", feed)
        show("English, this checkout", english_s, english)
        if args.baseline:
            before_s, before = index(args.baseline.resolve(), workdir / "before", feed)
            show(f"English, {args.baseline}", before_s, before)
            print(f"\nthis checkout / baseline, whole run: {english_s / before_s:.3f}; segment stage: "
                  f"{english['seconds']['segment']:.2f} s vs {before['seconds']['segment']:.2f} s")
        mixed_s, mixed = index(REPO, workdir / "mixed", feed, REPO / "corpus-ru")
        show("English with corpus-ru/, this checkout", mixed_s, mixed)
        wordings = mixed["embedded_multilingual"]
        print(f"\nmultilingual path: {wordings} wordings embedded by the multilingual model and mined in its space "
              f"in {mixed['seconds']['languages']:.2f} s, {1000 * mixed['seconds']['languages'] / max(1, wordings):.2f} ms "
              f"a wording (model load included); English embedding: {mixed['embedded']} wordings in "
              f"{mixed['seconds']['embed']:.2f} s, {1000 * mixed['seconds']['embed'] / max(1, mixed['embedded']):.2f} ms "
              f"a wording (model load included)")
        translations = mixed["verdicts"].get("translation", 0)
        print(f"translation pairs: {translations}; verdicts: {mixed['verdicts']}")


if __name__ == "__main__":
    main()
