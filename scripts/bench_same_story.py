"""`dedup index` on real same-story text beside plain `SentenceTransformer.encode` of the same sentences.

Same-story text is where a claim judge costs most: most candidate pairs are two outlets on one event,
and every one that is not a copy needs a verdict. The corpus is the SemEval STS news subsets (headlines
of different outlets on one event, MSRpar, SMTnews, deft-news, tweet-news), STS-B dev and the CheckThat
2020 tweets with the fact-checked claims they repeat (../shared/data), laid out as two outlets: outlet
A's documents hold the first sentence of consecutive pairs, outlet B's the second, so every labelled
pair is a cross-document candidate. Prints both wall times, their ratio, the peak memory of the index
run, the stage times and what decided the candidates (the verifier's cascade).

    .venv/bin/python scripts/bench_same_story.py [--verifier cosine]

`--verifier cosine` indexes with the verifier that reads no model: what the run costs without the judge,
the most a faster judge alone could give.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402,F401  (this checkout's dedup first on the path, models offline)

import datasets  # noqa: E402

SENTENCES_PER_DOCUMENT = 6


def same_story_pairs() -> list[tuple[str, str]]:
    pairs = [(a, b) for subset in datasets.sts_news().values() for a, b, _ in subset]
    pairs += [(a, b) for a, b, _ in datasets.stsb("dev")]
    for split in ("train", "dev"):
        claims, tweets, relevant = datasets.checkthat(split)
        pairs += [(tweets[t], claims[c]) for t, ids in relevant.items() if t in tweets for c in sorted(ids)]
    return pairs


def documents(pairs: list[tuple[str, str]]) -> list[dict]:
    laid_out = []
    for start in range(0, len(pairs), SENTENCES_PER_DOCUMENT):
        chunk = pairs[start:start + SENTENCES_PER_DOCUMENT]
        for side, outlet in ((0, "A"), (1, "B")):
            laid_out.append({"id": f"{outlet}{start // SENTENCES_PER_DOCUMENT:05d}", "outlet": f"Outlet {outlet}",
                             "text": "\n\n".join(" ".join(pair[side].split()) for pair in chunk)})
    return laid_out


def run_index(feed: Path, store: Path, verifier: str | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of `dedup index` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    clock = time.perf_counter()
    options = ["--verifier", verifier] if verifier else []
    result = subprocess.run([sys.executable, "-m", "dedup", "index", str(feed), "--store", str(store), *options],
                            capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    seconds = time.perf_counter() - clock
    if result.returncode not in (0, 3):
        raise SystemExit(result.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def plain_encode(sentences: list[str]) -> float:
    """Seconds `SentenceTransformer.encode` takes for the sentences (the model already loaded)."""
    from sentence_transformers import SentenceTransformer

    from dedup.match.embed import default_model_path

    model = SentenceTransformer(str(default_model_path()), device="cpu")
    clock = time.perf_counter()
    model.encode(sentences, batch_size=32)
    return time.perf_counter() - clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=0, help="use only the first N pairs (0: all)")
    parser.add_argument("--verifier", help="index with this verifier instead of the default (e.g. cosine)")
    args = parser.parse_args()
    pairs = same_story_pairs()
    pairs = pairs[:args.pairs] if args.pairs else pairs
    laid_out = documents(pairs)
    from dedup.ingest.segment import segment
    from dedup.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        warm = workdir / "warm.jsonl"  # the first run exports the models to ONNX: not what is measured
        warm.write_text(json.dumps({"id": "w", "text": "One claim here. " * 3}) + "\n")
        run_index(warm, workdir / "warm-store", args.verifier)
        feed = workdir / "same-story.jsonl"
        feed.write_text("".join(json.dumps(d) + "\n" for d in laid_out))
        index_s, peak_mb = run_index(feed, workdir / "store", args.verifier)
        store = Store.open(workdir / "store")
        run, counts = store.runs.last_run(), store.meta.counts()
        store.close()
        sentences = [s.text for d in laid_out for s in segment(d["text"])]
        encode_s = plain_encode(sentences)
    print(f"same-story corpus: {len(pairs)} pairs as {len(laid_out)} documents, {len(sentences)} sentences; "
          f"{counts['pairs']} matched pairs in {counts['clusters']} clusters")
    print(f"dedup index (fresh store, incl. process start and model load): {index_s:7.1f} s, peak RSS {peak_mb:,.0f} MB")
    print(f"SentenceTransformer.encode of the same sentences (model loaded): {encode_s:7.1f} s")
    print(f"ratio encode / index: {encode_s / index_s:.2f}")
    print("stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in run.get("seconds", {}).items()))
    routes = run.get("verdicts", {})
    total = sum(routes.values())
    print(f"verifier, {total} candidates: " + ", ".join(f"{k} {v}" for k, v in routes.items()))
    judged = sum(v for k, v in routes.items() if k.startswith("judged"))
    if total:
        print(f"share of candidates read by the model: {judged / total:.1%}")


if __name__ == "__main__":
    main()
