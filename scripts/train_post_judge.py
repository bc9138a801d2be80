"""Fine-tune the post judge: the cross-encoder, read further on social posts and the claims they repeat (CPU,
about 20 minutes).

    .venv/bin/python scripts/train_post_judge.py                        # dedup/models/post_judge.safetensors
    .venv/bin/python scripts/train_post_judge.py --leave-out-fold 0 --start FOLD0_CROSS_ENCODER --output /tmp/p0.safetensors

A post is not a sentence of news: it wraps its claim in comment, hashtags and names ("... Unbelievable."),
and the stored claim it repeats has look-alikes (the same frame, another name, place or figure). The
news judge (`train_cross_encoder.py`) learnt from one look-alike per tweet, and more of them in its own
training shifts its calibration on news. So posts get a judge of their own, used only where one side of
a pair is a post (`dedup.judge.cross_encoder.CrossEncoderVerifier`): the cross-encoder (`--start`) trained
two more epochs on CheckThat 2020 train tweets as `dedup` reads them (social furniture left out), each
with its fact-check's claim and headline (the same claim) and the `--negatives` closest other wordings
of the fact-checks by cosine (another claim; a fact-check worded as the gold one, lexical similarity
0.9 or more, is neither), beside as many of the news judge's own pairs (MRPC, STS-B train) read again.
Without those, it learnt that a post and a claim sharing their words are one claim ("Drinking two cups
of coffee a day lowers the risk of heart disease" ~ "A new study says most people drink two cups of
coffee a day": 0.98; with them 0.21). Every weight but the frozen word embeddings is trained and kept
(float16, about 22 MB).

`--leave-out-fold K` leaves out the tweets and news pairs of fold K (`datasets.fold_of`), which
scripts/tune_posts.py and eval_checkthat_pairs.py then score; start it from the cross-encoder trained
without fold K. CheckThat `dev/` is never trained on. Data terms: dedup/models/README.md.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402,F401  (this checkout's dedup first on the path, models offline)
import datasets  # noqa: E402
from eval_checkthat_pairs import same_wording, split_tweets  # noqa: E402
from train_cross_encoder import OTHER_CLAIM_SCORE, SAME_CLAIM_SCORE, train  # noqa: E402

from dedup.judge.cross_encoder import CROSS_ENCODER_PATH, POST_JUDGE_PATH  # noqa: E402
from dedup.match.embed import Embedder  # noqa: E402
from dedup.match.search import as_indexed  # noqa: E402

LEARNING_RATE, NEGATIVES, NEWS_SHARE = 2e-5, 6, 1.0  # two epochs in batches of 16, as the news judge


def training_pairs(leave_out_fold: int | None, negatives: int = NEGATIVES) -> list[tuple[str, str, float]]:
    """(post as dedup reads it, wording of a fact-check, 1 the same claim / 0 another) for the train tweets,
    but those of fold `leave_out_fold`."""
    claims, tweets, relevant = split_tweets("train")
    if leave_out_fold is not None:
        _, tweets, relevant = split_tweets("train", 1 - leave_out_fold)
    worded = same_wording(claims, relevant)
    ids, wordings = [], []
    for claim_id, claim, headline in datasets.fact_checks():
        for text in (claim, headline):
            if text:
                ids.append(claim_id)
                wordings.append(text)
    embedder = Embedder()
    vectors = embedder.encode(wordings)
    asked = [t for t in relevant if t in tweets]
    posts = [as_indexed(datasets.as_published(tweets[t]))[0] for t in asked]
    nearest = np.argsort(-(embedder.encode(posts) @ vectors.T), axis=1)[:, :negatives + 20]
    pairs = []
    for tweet, post, ranked in zip(asked, posts, nearest.tolist()):
        pairs += [(post, text, 1.0) for claim_id, text in zip(ids, wordings) if claim_id in relevant[tweet]]
        others = [i for i in ranked if ids[i] not in worded[tweet]][:negatives]
        pairs += [(post, wordings[i], 0.0) for i in others]
    return pairs


def news_pairs(leave_out_fold: int | None, count: int, seed: int = 0) -> list[tuple[str, str, float]]:
    """`count` of the news judge's own pairs (MRPC; STS-B train at 4 or more, or 2.5 or less), but those of
    fold `leave_out_fold`: read again beside the tweets, they keep the judge telling two claims of one frame
    apart ("... lowers the risk of heart disease" ~ "... makes people sleep less")."""
    pairs = [(a, b, float(y)) for a, b, y in datasets.mrpc()]
    pairs += [(a, b, float(score >= SAME_CLAIM_SCORE)) for a, b, score in datasets.stsb("train")
              if score >= SAME_CLAIM_SCORE or score <= OTHER_CLAIM_SCORE]
    if leave_out_fold is not None:
        pairs = [pairs[i] for i in datasets.two_folds(pairs)[1 - leave_out_fold]]
    return random.Random(seed).sample(pairs, min(count, len(pairs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leave-out-fold", type=int, choices=[0, 1])
    parser.add_argument("--start", type=Path, default=CROSS_ENCODER_PATH, help="the cross-encoder to start from")
    parser.add_argument("--output", type=Path, default=POST_JUDGE_PATH)
    parser.add_argument("--negatives", type=int, default=NEGATIVES,
                        help="closest wordings a tweet does not repeat, each a 'different' pair")
    parser.add_argument("--news-share", type=float, default=NEWS_SHARE,
                        help="news pairs read again, per tweet pair")
    args = parser.parse_args()
    if args.leave_out_fold is not None and args.start == CROSS_ENCODER_PATH:
        parser.error("--leave-out-fold needs --start: the shipped cross-encoder learnt from every fold")
    pairs = training_pairs(args.leave_out_fold, args.negatives)
    pairs += news_pairs(args.leave_out_fold, round(args.news_share * len(pairs)))
    print(f"{len(pairs)} pairs, {int(sum(y for *_, y in pairs))} of one claim", flush=True)
    train(pairs, args.output, start=args.start, learning_rate=LEARNING_RATE)


if __name__ == "__main__":
    main()
