"""Tweets that repeat fact-checked claims, found by `dedup index` + `dedup pairs` (the CLI, default settings).

Every fact-checked claim of CheckThat 2020 (../shared/data/checkthat2020, `verified_claims.docs.tsv`: the
claim as text, the fact-check's headline as title) is one document, and every tweet of a split one more,
as published: links, "pic.twitter.com/...", the embed trailer "— Name (@handle) Month D, YYYY" and all.
Both files are indexed into a new store in one run, and the pairs between a tweet and a claim are
scored against the split's qrels: recall over the (tweet, claim) pairs of the qrels, precision over
the tweet-claim pairs reported. `dev/` is held out (the judge's thresholds were chosen on `train/`).

The fact-checks repeat themselves: a claim is often stored twice, in one wording with other quotation
marks ("Rep. Darrell Issa ""hid"" on the roof ..." and "Rep. Darrell Issa 'hid' on the roof ..."), and
the qrels name one of them. So the figures are printed twice: against the qrels as they are, and counting
a fact-check whose wording is that of the gold one (lexical similarity 0.9 or more) as the gold one.
`--without-gold` stores every fact-check but the tweets' gold ones (and their same-wording copies): every
tweet-claim pair reported then pairs a tweet with a claim that is not its own, and the share of tweets
so paired is what a desk would see for posts about claims it never checked.

    .venv/bin/python scripts/eval_checkthat_pairs.py [--split dev] [--fold 0] [--without-gold] [--show 30]
                                                     [--missed 30] [--store DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402  (this checkout's dedup first on the path, models offline)
import datasets  # noqa: E402

DEDUP = HERE.parent / ".venv" / "bin" / "dedup"


def same_wording(claims: dict[str, str], relevant: dict[str, set[str]]) -> dict[str, set[str]]:
    """Tweet id -> its gold claims and every claim worded as one of them (lexical similarity >= 0.9)."""
    from rapidfuzz import fuzz, process

    from dedup.ingest.segment import clean_text

    ids = list(claims)
    keys = [clean_text(claims[c]).casefold() for c in ids]
    worded = {}
    for claim in {c for ids_ in relevant.values() for c in ids_ if c in claims}:
        found = process.extract(clean_text(claims[claim]).casefold(), keys, scorer=fuzz.ratio, score_cutoff=90,
                                limit=None)
        worded[claim] = {ids[i] for _, _, i in found} | {claim}
    return {t: set().union(*(worded.get(c, {c}) for c in ids_)) for t, ids_ in relevant.items()}


def split_tweets(split: str, fold: int | None = None) -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    """(claims, tweets, qrels: tweet id -> claim ids) of a split. With `fold`, only the tweets of that fold
    (`datasets.fold_of`), which a judge trained with `--leave-out-fold` never saw."""
    claims, tweets, relevant = datasets.checkthat(split)
    if fold is not None:
        relevant = {t: ids for t, ids in relevant.items()
                    if t in tweets and datasets.fold_of(tweets[t], claims[min(ids)]) == fold}
        tweets = {t: text for t, text in tweets.items() if t in relevant}
    return claims, tweets, relevant


def write_corpus(folder: Path, tweets: dict[str, str], without: set[str] = frozenset()) -> None:
    """claims.jsonl (every fact-check but those `without`, with its headline as title) and tweets.jsonl in
    `folder`."""
    with open(folder / "claims.jsonl", "w", encoding="utf-8") as out:
        for record in datasets.fact_check_records(without):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with open(folder / "tweets.jsonl", "w", encoding="utf-8") as out:
        for tweet_id, text in tweets.items():
            out.write(json.dumps({"id": f"tweet-{tweet_id}", "text": datasets.as_published(text)}, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--store", type=Path, help="index into this folder (kept) instead of a temporary one")
    parser.add_argument("--show", type=int, default=0, help="print this many tweet-claim and other pairs, drawn at random")
    parser.add_argument("--missed", type=int, default=0, help="print this many gold pairs not reported, drawn at random")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fold", type=int, choices=(0, 1),
                        help="only the tweets of this fold, judged by models trained without it "
                             "(scripts/_common.fold_models), e.g. --split train --fold 0 to choose settings")
    parser.add_argument("--without-gold", action="store_true",
                        help="store every fact-check but the tweets' own: how many tweets are paired anyway")
    args = parser.parse_args()
    claims, tweets, relevant = split_tweets(args.split, args.fold)
    worded = same_wording(claims, relevant)
    without = set().union(*worded.values()) if args.without_gold else set()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", **(_common.fold_models(args.fold) if args.fold is not None else {})}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        write_corpus(folder, tweets, without)
        store = args.store or folder / "store"
        shutil.rmtree(store, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([str(DEDUP), "index", str(folder / "claims.jsonl"), str(folder / "tweets.jsonl"),
                        "--store", str(store)], check=True, env=env, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        listing = subprocess.run([str(DEDUP), "pairs", "--store", str(store), "--format", "json"], check=True,
                                 env=env, capture_output=True, text=True).stdout
    pairs = [json.loads(line) for line in listing.splitlines() if line]
    gold = {(tweet, claim) for tweet, claims in relevant.items() for claim in claims}
    found, other, reasons = {}, [], {}
    for pair in pairs:
        ends = {pair["doc_a"].split("-", 1)[0]: pair["doc_a"].split("-", 1)[1],
                pair["doc_b"].split("-", 1)[0]: pair["doc_b"].split("-", 1)[1]}
        if set(ends) == {"tweet", "claim"}:
            found[(ends["tweet"], ends["claim"])] = pair
        else:
            other.append(pair)
    right = set(found) & gold
    recall = len(right) / len(gold) if gold else 0.0
    precision = len(right) / len(found) if found else 0.0
    own = {(t, c) for t, c in found if c in worded.get(t, ())}  # the gold claim or one worded as it
    tweets_own = {t for t, _ in own}
    for key, pair in found.items():
        verdict = "right" if key in gold else "wrong"
        reasons.setdefault(pair["reason"], {"right": 0, "wrong": 0})[verdict] += 1
    print(f"CheckThat 2020 {args.split}{'' if args.fold is None else f' fold {args.fold}'}: {len(relevant)} tweets with {len(gold)} gold claims, "
          f"{sum(1 for _ in open(datasets.DATA / 'checkthat2020' / 'verified_claims.docs.tsv'))-1} claim rows")
    print(f"dedup index: {seconds:.1f} s")
    if args.without_gold:
        print(f"fact-checks left out: {len(without)} (the tweets' gold claims and their same-wording copies)")
        print(f"tweets paired with a claim anyway: {len({t for t, _ in found})} of {len(relevant)} "
              f"({len({t for t, _ in found}) / len(relevant):.3f}); tweet-claim pairs: {len(found)}")
    else:
        print(f"tweet-claim pairs reported: {len(found)}, right {len(right)}: recall {recall:.3f}, "
              f"precision {precision:.3f}")
        print(f"counting same-wording fact-checks as the gold one: tweets matched to their fact-check "
              f"{len(tweets_own)} of {len(relevant)} ({len(tweets_own) / len(relevant):.3f}), precision "
              f"{len(own) / max(1, len(found)):.3f}")
    print(f"tweets with at least one pair: {len({t for t, _ in found})}; other pairs: {len(other)} "
          f"({sum(1 for p in other if p['doc_a'].startswith('tweet') and p['doc_b'].startswith('tweet'))} tweet-tweet)")
    for reason, counts in sorted(reasons.items()):
        print(f"  {reason or '(none)'}: {counts['right']} right, {counts['wrong']} wrong")
    if args.missed:
        paired = {}
        for (tweet, claim), pair in found.items():
            paired.setdefault(tweet, pair["text_a"] if pair["doc_a"].startswith("claim") else pair["text_b"])
        missed = sorted(gold - set(found))
        print(f"\ngold pairs not reported ({len(missed)}; seed {args.seed}):")
        for tweet, claim in random.Random(args.seed).sample(missed, min(args.missed, len(missed))):
            print(f"- tweet {tweet}: {datasets.as_published(tweets[tweet])}\n    gold claim {claim}: {claims[claim]}\n"
                  f"    paired instead: {paired.get(tweet, '-')}")
    if args.show:
        rng = random.Random(args.seed)
        for title, chosen in (("tweet-claim pairs", rng.sample(sorted(found.items()), min(args.show, len(found)))),
                              ("other pairs", [(None, p) for p in rng.sample(other, min(args.show, len(other)))])):
            print(f"\n{title} (seed {args.seed}):")
            for key, pair in chosen:
                mark = "" if key is None else (" [qrels: right]" if key in gold else " [qrels: not listed]")
                print(f"- {pair['match']} {pair['similarity']:.2f} conf {pair['confidence']} ({pair['reason']}){mark}\n"
                      f"    {pair['doc_a']} #{pair['sentence_a']} [{pair['kind_a']}]: {pair['text_a']}\n"
                      f"    {pair['doc_b']} #{pair['sentence_b']} [{pair['kind_b']}]: {pair['text_b']}")


if __name__ == "__main__":
    main()
