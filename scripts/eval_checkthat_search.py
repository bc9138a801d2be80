"""Verified claim retrieval (CLEF CheckThat! 2020 task 2) through `dedup search --input`, default settings.

Every fact-checked claim of ../shared/data/checkthat2020 is one document of a store (the claim as written
as text, the fact-check's headline as title), indexed once with `dedup index` (kept under the dedup cache); the
tweets of a split, as published, are the queries of one `dedup search --input tweets.jsonl --format json`
run. Printed: MAP@5 as the organisers' evaluate.py computes it (the mean over tweets of the average
precision of the first five distinct claims, over the tweet's gold claims), the share of tweets whose
gold claim is among the first five, how often `same_claim` is true on the gold claim's hit, the share of
`same_claim` hits that are not a gold claim (and that are not one worded as it either: the fact-checks
repeat themselves, and the qrels name one copy), the wall-clock seconds of the search run (start-up
included) and its peak memory. `dev/` was never trained or tuned on. `--throughput N` also sends N distinct
queries in one run, a morning's mix (every CheckThat tweet as published, then STS 2014 tweet-news tweets, then
sentences of the labelled news pairs), and one query alone, and prints queries a second after start-up:
(N - 1) / (the N-query run's seconds - the one-query run's).

    .venv/bin/python scripts/eval_checkthat_search.py [--split dev] [--repeat 1] [--throughput 10000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402,F401  (this checkout's dedup first on the path, models offline)
import datasets  # noqa: E402

from dedup.match.embed import cache_folder  # noqa: E402
from eval_checkthat_pairs import same_wording  # noqa: E402

DEDUP = HERE.parent / ".venv" / "bin" / "dedup"
CUT = 5


def claims_store(env: dict[str, str]) -> Path:
    """A store of every fact-checked claim, indexed once by `dedup index` and kept (under the fingerprint of
    what it was indexed from, so a change to the feed builds a new one)."""
    lines = "".join(json.dumps(record) + "\n" for record in datasets.fact_check_records())
    store = cache_folder() / "eval" / f"checkthat-claims-{hashlib.sha256(lines.encode()).hexdigest()[:12]}"
    if not (store / "dedup.sqlite").exists():
        store.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as scratch:
            feed = Path(scratch) / "claims.jsonl"
            feed.write_text(lines)
            subprocess.run([str(DEDUP), "index", str(feed), "--store", str(store)], check=True, env=env,
                           stdout=subprocess.DEVNULL)
    return store


def average_precision(ranked: list[str], gold: set[str], cut: int = CUT) -> float:
    """The organisers' AP@k: precision at each rank (up to `cut`) that holds a gold claim, over the gold claims."""
    found, total = 0, 0.0
    for rank, claim in enumerate(ranked[:cut], start=1):
        if claim in gold:
            found += 1
            total += found / rank
    return total / len(gold) if gold else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--repeat", type=int, default=1, help="send the tweets this many times")
    parser.add_argument("--throughput", type=int, default=0, metavar="N",
                        help="also time N distinct queries against one, and print queries a second after start-up")
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    store = claims_store(env)
    claims, tweets, relevant = datasets.checkthat(args.split)
    worded = same_wording(claims, relevant)
    seconds, output = timed_search(store, [(f"{tweet}#{copy}", datasets.as_published(text))
                                           for copy in range(args.repeat) for tweet, text in tweets.items()], env)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    answers = [json.loads(line) for line in output.splitlines()]
    scores, by_cosine, in_top, on_gold, on_own, same_hits, wrong_same, other_claim = [], [], 0, 0, 0, 0, 0, 0
    asked = [a for a in answers if a["query_id"].endswith("#0") and a["query_id"][:-2] in relevant]
    for answer in asked:
        gold = relevant[answer["query_id"][:-2]]
        ranked = list(dict.fromkeys(m["doc"].split("-", 1)[1] for m in answer["matches"]))
        scores.append(average_precision(ranked, gold))
        plain = sorted(answer["matches"], key=lambda m: -m["similarity"])
        by_cosine.append(average_precision(list(dict.fromkeys(m["doc"].split("-", 1)[1] for m in plain)), gold))
        in_top += bool(set(ranked[:CUT]) & gold)
        same = {m["doc"].split("-", 1)[1] for m in answer["matches"] if m["same_claim"]}
        on_gold += bool(same & gold)
        on_own += bool(same & worded[answer["query_id"][:-2]])
        same_hits += len(same)
        wrong_same += len(same - gold)
        other_claim += len(same - worded[answer["query_id"][:-2]])
    print(f"CheckThat 2020 {args.split}: {len(asked)} tweets with a gold claim, {len(answers)} queries in one run")
    print(f"MAP@{CUT}: {sum(scores) / len(scores):.4f} (the same hits ranked by cosine alone: "
          f"{sum(by_cosine) / len(by_cosine):.4f}); gold claim in the first {CUT}: {in_top / len(asked):.3f}")
    print(f"same_claim true on the gold claim: {on_gold / len(asked):.3f} (on it or a copy: {on_own / len(asked):.3f}); "
          f"same_claim hits not gold: "
          f"{wrong_same} of {same_hits} ({wrong_same / max(1, same_hits):.3f}); neither gold nor worded as it (a "
          f"fact-check stored twice): {other_claim} ({other_claim / max(1, same_hits):.3f})")
    print(f"dedup search --input: {seconds:.1f} s in all ({len(answers) / seconds:.0f} queries a second), "
          f"peak {peak_mb:.0f} MB")
    if args.throughput:
        texts = morning_mix(args.throughput)
        queries = [(str(number), text) for number, text in enumerate(texts)]
        alone, _ = timed_search(store, queries[:1], env)
        many, _ = timed_search(store, queries, env)
        print(f"{len(texts)} distinct queries (CheckThat tweets, tweet-news tweets, news sentences): {many:.1f} s; "
              f"one query: {alone:.1f} s; after start-up {(len(texts) - 1) / (many - alone):.0f} queries a second, "
              f"peak {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")


def morning_mix(count: int) -> list[str]:
    """`count` distinct queries: every CheckThat tweet as published, then STS 2014 tweet-news tweets, then
    sentences of the labelled news pairs."""
    tweets = [datasets.as_published(t) for split in ("train", "dev") for t in datasets.checkthat(split)[1].values()]
    tweet_news = [a for a, _, _ in datasets.sts_news()["STS14 tweet-news"]]
    texts = list(dict.fromkeys(tweets + tweet_news + datasets.sentence_pool()))
    if len(texts) < count:
        raise SystemExit(f"only {len(texts)} distinct queries to send")
    return texts[:count]


def timed_search(store: Path, queries: list[tuple[str, str]], env: dict[str, str]) -> tuple[float, str]:
    """(wall-clock seconds of one `dedup search --input` run of these (id, text) queries, its JSON Lines)."""
    with tempfile.TemporaryDirectory() as scratch:
        feed = Path(scratch) / "queries.jsonl"
        feed.write_text("".join(json.dumps({"id": query_id, "text": text}) + "\n" for query_id, text in queries))
        clock = time.perf_counter()
        result = subprocess.run([str(DEDUP), "search", "--input", str(feed), "--store", str(store), "--top", "10",
                                 "--format", "json"], env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - clock
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return seconds, result.stdout


if __name__ == "__main__":
    main()
