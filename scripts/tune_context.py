"""Choose the cross-encoder verifier's context thresholds (`dedup.verify.Context`) on data the evaluation never scores.

scripts/eval_quality.py builds its corpus-level check from MRPC fold 0 and judges it with the model
trained without that fold. This script builds the same kind of corpus from the other fold (1), judges
it with the model trained without fold 1, and prints precision and recall of `dedup index` for each
setting of the thresholds, so that the defaults are chosen on the mirror image of the check.

With `--lone-cosine` it prints instead how often the pairs of STS-B dev that the model is sure of (at
least `Context.lone`, facts agreeing) are the same claim (gold >= 4) above each cosine, and the lowest
cosine at which they are at least 80 % of the time: the floor a lone pair must reach. No model learns from
STS-B dev, and each of its pairs is judged by the model trained without its fold (`datasets.two_folds`),
since some of its sentences are in MRPC and STS-B train.

    .venv/bin/python scripts/tune_context.py [--stories 120]
    .venv/bin/python scripts/tune_context.py --lone-cosine
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import eval_quality  # noqa: E402
import numpy as np  # noqa: E402

from dedup import pipeline  # noqa: E402
from dedup.cross_encoder import CrossEncoder  # noqa: E402
from dedup.verify import Context, CrossEncoderVerifier  # noqa: E402

TUNED_ON = 1
LONE_PRECISION = 0.8  # the share of same-claim pairs the fact-checked-claims check asks for


class RememberingCrossEncoder(CrossEncoder):
    """Reads each pair once however many settings are tried: the thresholds change, the probabilities do not."""

    def __init__(self, weights: Path) -> None:
        super().__init__(weights)
        self.known: dict[tuple[str, str], float] = {}

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        new = [pair for pair in dict.fromkeys(pairs) if pair not in self.known]
        if new:
            self.known.update(zip(new, super().probabilities(new).tolist()))
        return np.array([self.known[pair] for pair in pairs])


def lone_cosine() -> None:
    import datasets
    import train_verifier

    from dedup.embed import Embedder
    from dedup.facts import facts_of, names_differ
    from dedup.pairs import Candidate
    from dedup.segment import clean_text
    from dedup.verify import settle

    pairs = datasets.stsb("dev")
    cosine = train_verifier.cosines(Embedder(), pairs)
    probability = np.zeros(len(pairs))
    for fold, test in enumerate(datasets.two_folds(pairs)):
        probability[test] = eval_quality.fold_verifier("cross-encoder", fold).probabilities(
            [tuple(sorted(pairs[i][:2])) for i in test])
    lone = CrossEncoderVerifier.context.lone
    asked = np.array([settle(Candidate(0, 1, float(c), clean_text(a).casefold() == clean_text(b).casefold()), a, b)[1]
                      is None and not names_differ(facts_of(a), facts_of(b)) for (a, b, _), c in zip(pairs, cosine)])
    same = np.array([score >= eval_quality.SAME_CLAIM_GOLD for *_, score in pairs])
    sure = asked & (probability >= lone)
    rows, chosen = [], None
    for floor in np.round(np.arange(0.60, 0.951, 0.01), 2):
        kept = sure & (cosine >= floor)
        precision = float(same[kept].mean()) if kept.any() else 0.0
        rows.append([float(floor), int(kept.sum()), precision, int((kept & same).sum())])
        if chosen is None and precision >= LONE_PRECISION:
            chosen = float(floor)
    eval_quality.table(f"STS-B dev pairs the model is sure of (>= {lone}), above each cosine",
                       ["cosine floor", "pairs", "same claim", "same-claim pairs kept"], rows)
    print(f"\nlowest floor with at least {LONE_PRECISION:.0%} the same claim: {chosen}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lone", default="0.5,0.8,0.9,0.95")
    parser.add_argument("--copied", default="0.5,0.9,0.97")
    parser.add_argument("--rewritten", default="0.2,0.35,0.5")
    parser.add_argument("--lone-cosine", action="store_true", help="choose the cosine floor of lone pairs instead")
    args = parser.parse_args()
    if args.lone_cosine:
        return lone_cosine()
    documents, gold, hard = eval_quality.build_corpus(args.stories, args.seed, held_out=TUNED_ON)
    gold_pairs = eval_quality.gold_pairs_of(gold)
    model = Path(eval_quality.fold_models(TUNED_ON)["DEDUP_CROSS_ENCODER"])
    cross_encoder = RememberingCrossEncoder(model)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "stories.jsonl"
        feed.write_text("".join(eval_quality.json.dumps(d) + "\n" for d in documents))
        for number, (lone, copied, rewritten) in enumerate(itertools.product(
                *(map(float, values.split(",")) for values in (args.lone, args.copied, args.rewritten)))):
            store = Path(tmp) / f"store{number}"
            verifier = CrossEncoderVerifier(cross_encoder, Context(
                lone, copied, rewritten, lone_cosine=CrossEncoderVerifier.context.lone_cosine))
            pipeline.index_paths(store, [feed], verifier=verifier)
            predicted, _ = eval_quality.read_back(documents, store)
            true_positive = len(predicted & gold_pairs)
            precision, recall = true_positive / max(1, len(predicted)), true_positive / len(gold_pairs)
            rows.append([lone, copied, rewritten, len(predicted), precision, recall,
                         2 * precision * recall / max(1e-9, precision + recall), len(predicted & hard) / len(hard)])
            print(rows[-1], flush=True)
    eval_quality.table(f"Context thresholds on MRPC fold {TUNED_ON} ({args.stories} stories)",
                       ["lone", "copied", "rewritten", "pairs", "precision", "recall", "F1", "hard-negative FP"], rows)


if __name__ == "__main__":
    main()
