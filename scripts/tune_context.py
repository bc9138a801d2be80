"""Choose the cross-encoder verifier's context thresholds (`dedup.judge.Context`) on data the evaluation never scores.

scripts/_common.py builds its corpus-level check from MRPC fold 0 and judges it with the model
trained without that fold. This script builds the same kind of corpus from the other fold (1), judges
it with the model trained without fold 1, and prints precision and recall of `dedup index` for each
setting of the thresholds, so that the defaults are chosen on the mirror image of the check.

    .venv/bin/python scripts/tune_context.py [--stories 120]

`--contrast` builds eval_quality.py's contrast check from fold 1 instead (laid out as stories and as one claim
apiece among fact-checked claims) and prints, for each lone score and each probability a lone pair needs (`--lone`,
the shipped one unless given), how many variants are kept apart from the original and its copies and from the
paraphrase, and the recall and precision of the copies and paraphrases:

    .venv/bin/python scripts/tune_context.py --contrast [--lone-score 0.95,0.9] [--lone 0.5,0.4,0.3]
        [--lone-cosine 0,0.68,0.7]

`--lone-reads` shows what reading lone pairs of low cosine buys: over the labelled sets (STS-B dev, MRPC, the STS
news sets; each pair read by the cross-encoder trained without its fold, after the facts step), for each band of
cosine, how many pairs the model would read as lone pairs and how many the lone rules accept, of one claim (gold
>= 4; MRPC paraphrases) and of another (<= 2.5; MRPC non-paraphrases).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import itertools
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402  (this checkout's dedup first on the path, models offline; what the evaluations share)

import datasets  # noqa: E402

from dedup import pipeline  # noqa: E402
from dedup.judge import Context, CrossEncoderVerifier  # noqa: E402
from dedup.judge.cross_encoder import CrossEncoder, Remembering  # noqa: E402

TUNED_ON = 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lone", default=None, help="the probabilities a lone pair needs to try "
                        "(default: 0.4,0.5,0.8,0.9,0.95; with --contrast, the shipped one)")
    parser.add_argument("--copied", default="0.5,0.9,0.97")
    parser.add_argument("--rewritten", default="0.2,0.35,0.5")
    parser.add_argument("--contrast", action="store_true", help="the contrast check of eval_quality.py, on fold 1")
    parser.add_argument("--lone-score", default="0.95")
    parser.add_argument("--lone-cosine", default=None, help="with --contrast: the cosines a lone pair needs to try")
    parser.add_argument("--lone-reads", action="store_true", help="lone pairs read and accepted by cosine, labelled sets")
    args = parser.parse_args()
    if args.lone_reads:
        return lone_reads()
    if args.contrast:
        lone = [float(value) for value in args.lone.split(",")] if args.lone else [CrossEncoderVerifier.context.lone]
        cosines = ([float(value) for value in args.lone_cosine.split(",")] if args.lone_cosine
                   else [CrossEncoderVerifier.context.lone_cosine])
        return contrast(args.stories, args.seed, [float(value) for value in args.lone_score.split(",")], lone, cosines)
    args.lone = args.lone or "0.4,0.5,0.8,0.9,0.95"
    documents, gold, hard = datasets.build_corpus(args.stories, args.seed, held_out=TUNED_ON)
    gold_pairs = _common.gold_pairs_of(gold)
    model = Path(_common.fold_models(TUNED_ON)["DEDUP_CROSS_ENCODER"])
    cross_encoder = Remembering(CrossEncoder(model))  # each pair read once however many settings are tried
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "stories.jsonl"
        feed.write_text("".join(json.dumps(d) + "\n" for d in documents))
        for number, (lone, copied, rewritten) in enumerate(itertools.product(
                *(map(float, values.split(",")) for values in (args.lone, args.copied, args.rewritten)))):
            store = Path(tmp) / f"store{number}"
            verifier = CrossEncoderVerifier(cross_encoder, Context(lone, copied, rewritten))
            pipeline.index_paths(store, [feed], verifier=verifier)
            predicted, _ = _common.read_back(documents, store)
            true_positive = len(predicted & gold_pairs)
            precision, recall = true_positive / max(1, len(predicted)), true_positive / len(gold_pairs)
            rows.append([lone, copied, rewritten, len(predicted), precision, recall,
                         2 * precision * recall / max(1e-9, precision + recall), len(predicted & hard) / len(hard)])
            print(rows[-1], flush=True)
    _common.table(f"Context thresholds on MRPC fold {TUNED_ON} ({args.stories} stories)",
                       ["lone", "copied", "rewritten", "pairs", "precision", "recall", "F1", "hard-negative FP"], rows)


def contrast(stories: int, seed: int, lone_scores: list[float], lone: list[float], cosines: list[float]) -> None:
    """The contrast check of eval_quality.py built from fold 1 and judged by the model trained without it."""
    import eval_quality

    datasets.HELD_OUT = TUNED_ON  # what build_contrast_corpus draws its stories from
    default = CrossEncoderVerifier.context
    cross_encoder = Remembering(CrossEncoder(Path(_common.fold_models(TUNED_ON)["DEDUP_CROSS_ENCODER"])))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for layout, documents, gold, changed in eval_quality.contrast_layouts(stories, seed):
            gold_pairs = _common.gold_pairs_of(gold)
            feed = Path(tmp) / f"{layout.replace(' ', '-')}.jsonl"
            feed.write_text("".join(json.dumps(d) + "\n" for d in documents))
            for number, (lone_score, needed, cosine) in enumerate(itertools.product(lone_scores, lone, cosines)):
                store = Path(tmp) / f"{feed.stem}-{number}"
                context = Context(needed, default.copied, default.rewritten, lone_score=lone_score, lone_cosine=cosine)
                pipeline.index_paths(store, [feed], verifier=CrossEncoderVerifier(cross_encoder, context))
                predicted, _ = _common.read_back(documents, store)
                matched = [m for kinds in eval_quality.variants_matched(gold, changed, predicted).values() for m in kinds]
                kept_apart = [1 - float(np.mean([m[side] for m in matched])) for side in (0, 1)]
                true_positive = len(predicted & gold_pairs)
                rows.append([layout, lone_score, needed, cosine, *kept_apart, true_positive / len(gold_pairs),
                             true_positive / max(1, len(predicted))])
                print(rows[-1], flush=True)
    _common.table(f"Contrast check on MRPC fold {TUNED_ON} ({stories} stories)",
                  ["layout", "lone score", "lone probability", "lone cosine",
                   "variants kept apart from the original and copies", "from the paraphrase", "recall", "precision"], rows)


def lone_reads(bands: tuple[float, ...] = (0.65, 0.68, 0.70, 0.72, 0.75)) -> None:
    """Lone pairs of the labelled sets the model would read, and those the lone rules accept, by band of cosine."""
    from compare_judges import held_out_readings
    from dedup.judge.facts import facts_of, names_differ
    from dedup.match.embed import Embedder

    # the shipped lone rules but the cosine floor, whose place this table is for
    context, embedder = dataclasses.replace(CrossEncoderVerifier.context, lone_cosine=0.0), Embedder()
    sets = {"STS-B dev": datasets.stsb("dev"), "MRPC": [(a, b, float(y)) for a, b, y in datasets.mrpc()],
            **datasets.sts_news()}
    rows, totals = [], np.zeros((len(bands) - 1, 4), dtype=int)
    for name, pairs in sets.items():
        cosine = _common.cosines(embedder, pairs)
        probability, _ = held_out_readings(pairs)
        score = np.array([s for _, _, s in pairs])
        same, other = ((score == 1, score == 0) if name == "MRPC"
                       else (score >= _common.SAME_CLAIM_GOLD, score <= 2.5))
        undecided = np.array([route is None for route in _common.settled_routes(pairs)])
        naming_others = np.array([u and names_differ(facts_of(min(a, b)), facts_of(max(a, b)))
                                  for u, (a, b, _) in zip(undecided, pairs)])
        read = undecided & ~naming_others
        accepted = read & (probability >= context.lone) & context.readers_agree(cosine, probability)
        for k, (low, high) in enumerate(zip(bands, bands[1:])):
            band = (cosine >= low) & (cosine < high)
            counts = [int((read & band).sum()), int((accepted & band).sum()), int((accepted & band & same).sum()),
                      int((accepted & band & other).sum())]
            totals[k] += counts
            rows.append([name, f"{low:.2f}-{high:.2f}", *counts])
    rows += [["all", f"{low:.2f}-{high:.2f}", *map(int, counts)]
             for (low, high), counts in zip(zip(bands, bands[1:]), totals)]
    _common.table("Lone pairs of the labelled sets by cosine (lone probability and score as shipped)",
                  ["set", "cosine", "read", "accepted", "of one claim", "of another"], rows)


if __name__ == "__main__":
    main()
