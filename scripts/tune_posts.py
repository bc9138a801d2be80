"""The post ranking's weight and threshold (`dedup.judge.posts.PostRanking`) on CheckThat 2020 train tweets,
each fold judged by a cross-encoder trained without it: what each setting finds, and what it pairs wrongly.

A model scores the tweets it learnt from higher than new ones, so the shipped model read on its own
training tweets overstates what a setting does on tweets it never saw. Here the tweets of each fold
(`datasets.fold_of`) are the queries of one `dedup search --input` run over every fact-checked claim
(the store `eval_checkthat_search.py` keeps), with the models trained without that fold
(`_common.fold_models`: the news judge and the post judge, trained here if missing, about 25 minutes a
fold). Each tweet's five closest wordings come back with their cosine and the post judge's probability;
those the facts step settles are decided as `dedup index` decides them (a copy is the match, conflicting
facts are not), and of the rest the one with the best cosine + weight x probability is the tweet's match
where that reaches the threshold. Printed for each weight and threshold, in each fold: the share of
tweets matched to their own fact-check (the qrels' one or a copy worded as it), the share of matches
that are, and the share of tweets matched to another claim when their own is not stored. Three readings
of the table follow it, for the weight in use: the lowest threshold that keeps precision at 0.90 in both
folds; the threshold with the most right matches less wrong ones, where a tweet matched to another claim
when its own is not stored counts as wrong (a desk's feed holds both kinds); and the lowest threshold
that matches no more tweets to another claim than the ranking did before the post judge (the news
judge at 0.70: 0.139 of the tweets, both folds averaged), the rule the shipped threshold follows.
`dev/` is never read.

    .venv/bin/python scripts/tune_posts.py
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402  (this checkout's dedup first on the path, models offline)
import datasets  # noqa: E402
from eval_checkthat_pairs import same_wording, split_tweets  # noqa: E402
from eval_checkthat_search import DEDUP, claims_store  # noqa: E402

from dedup.judge.copies import settle  # noqa: E402
from dedup.judge.posts import PostRanking  # noqa: E402
from dedup.match.candidates import Candidate  # noqa: E402
from dedup.match.search import as_indexed  # noqa: E402

WEIGHTS = (0.2, 0.3, 0.5, 1.0)
THRESHOLDS = np.round(np.arange(0.56, 1.01, 0.02), 2)
LEAST_PRECISION = 0.90
NEIGHBOURS_BEFORE = 0.139  # tweets matched to another claim, the news judge's ranking at 0.70 (0.124 and 0.154)


def fold_hits(fold: int, store: Path) -> list[tuple[bool | None, list[tuple[float, float, bool]]]]:
    """Per tweet of `fold`: (whether a copy settles it rightly (None: no copy), its read candidates left to
    the model as (cosine, probability, its own)). A tweet's own claims are its gold ones and the
    fact-checks worded as one of them: the fact-checks repeat themselves, and the qrels name one copy."""
    claims, tweets, relevant = split_tweets("train", fold)
    worded = same_wording(claims, relevant)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", **_common.fold_models(fold)}
    with tempfile.TemporaryDirectory() as scratch:
        queries = Path(scratch) / "tweets.jsonl"
        queries.write_text("".join(json.dumps({"id": t, "text": datasets.as_published(tweets[t])}) + "\n"
                                   for t in relevant))
        listing = subprocess.run([str(DEDUP), "search", "--input", str(queries), "--store", str(store), "--top", "50",
                                  "--format", "json"], env=env, check=True,
                                 capture_output=True, text=True).stdout
    found = []
    for line in listing.splitlines():
        answer = json.loads(line)
        read = as_indexed(answer["query"])[0]
        copy, left = None, []
        for hit in answer["matches"]:
            if hit["confidence"] is None:
                continue
            claim, own = hit["doc"].split("-", 1)[1], worded[answer["query_id"]]
            _, route = settle(Candidate(0, 1, hit["similarity"], False), hit["text"], read)
            if route in ("exact", "near-exact"):
                copy = claim in own if copy is None else copy
            elif route is None:
                left.append((hit["similarity"], hit["confidence"], claim in own))
        found.append((copy, left))
    return found


def scores(found: list, weight: float, threshold: float) -> tuple[float, float, float]:
    """(share of tweets matched to their own claim, share of matches that are, and share of tweets the
    rule would match to another claim if their own (and its copies) were not stored: the best of their
    other candidates as read with it, a lower bound)."""
    right = wrong = elsewhere = 0
    for copy, left in found:
        if copy is not None:
            right, wrong = right + copy, wrong + (not copy)
        elif left:
            cosine, probability, own = max(left, key=lambda hit: hit[0] + weight * hit[1])
            if cosine + weight * probability >= threshold:
                right, wrong = right + own, wrong + (not own)
        others = [hit for hit in left if not hit[2]]
        elsewhere += bool(others) and max(c + weight * p for c, p, _ in others) >= threshold
    return right / len(found), right / max(1, right + wrong), elsewhere / len(found)


def main() -> None:
    store = claims_store({**os.environ, "HF_HUB_OFFLINE": "1"})
    folds = [fold_hits(fold, store) for fold in (0, 1)]
    print("weight threshold  matched to their own / precision / matched elsewhere: fold 0, fold 1")
    for weight in WEIGHTS:
        for threshold in THRESHOLDS:
            measured = [scores(found, weight, threshold) for found in folds]
            print(f"{weight:6.1f} {threshold:9.2f}  " + "   ".join(" / ".join(f"{x:.3f}" for x in m) for m in measured))
    by_threshold = {t: [scores(found, PostRanking.weight, t) for found in folds] for t in THRESHOLDS}
    lowest = min((t for t, m in by_threshold.items() if all(p >= LEAST_PRECISION for _, p, _ in m)), default=None)
    net = {t: sum(r - (r / p - r if p else 0) - e for r, p, e in m) / 2 for t, m in by_threshold.items()}
    print(f"\nweight {PostRanking.weight}, threshold in use {PostRanking.threshold}:")
    print(f"  the lowest threshold with precision >= {LEAST_PRECISION} in both folds: {lowest}")
    print(f"  the threshold with the most right matches less wrong ones, a tweet matched elsewhere counted "
          f"wrong: {max(net, key=net.get)} (net {max(net.values()):.3f}; in use: {net[PostRanking.threshold]:.3f})")
    no_more = min((t for t, m in by_threshold.items() if sum(e for *_, e in m) / 2 <= NEIGHBOURS_BEFORE), default=None)
    print(f"  the lowest threshold matching no more tweets elsewhere than before the post judge "
          f"({NEIGHBOURS_BEFORE}): {no_more}")


if __name__ == "__main__":
    main()
