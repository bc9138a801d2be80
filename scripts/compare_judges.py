"""Compare the default judge with two ways of blending it with cheaper evidence, on held-out pairs.

The cross-encoder ranks the pairs of SMTnews, deft-news and STS-B dev worse than plain cosine does. Two
blends that could close that gap, each applied to the pairs the model reads (copies stay 1, pairs the
facts step rejects 0, as in `_common.judge_scores`):

- `hinge`: the model's logit raised by `HINGE_WEIGHT` × (cosine − 0.60), so a candidate at the candidate
  radius keeps its probability and closer wordings gain (no candidate is pulled down);
- `stack`: a logistic regression over the model's logit, the cosine and the pair model's 30 word-level
  features (`dedup/judge/pair_features.py`), fitted on STS-B train.

Every score is held out: each pair is read by the cross-encoder trained without its fold (the fold models
of `_common.py`, trained there if missing), and the stack is fitted on the other fold's STS-B train
pairs. Then the blends are applied to the shipped cross-encoder's readings of the sample corpus's four
reported pairs (the statements 003 rewrites from 002's quotation block) and of the issue's two
different-claim examples: a blend that ranks the labelled sets better but pulls the rewrites under 0.5
would leave the sample corpus with no pair (the document context starts from pairs accepted at 0.5).

    .venv/bin/python scripts/compare_judges.py     # about 2 minutes once the fold models exist
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np
from scipy import special
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402  (this checkout's dedup first on the path, models offline; what the evaluations share)

import datasets  # noqa: E402

from dedup.judge import COPY_RADIUS, EXACT, NEAR_EXACT, CrossEncoderVerifier  # noqa: E402
from dedup.match.embed import Embedder  # noqa: E402

HINGE_WEIGHT = 10.0
DIFFERENT_CLAIMS = [  # the two wrong pairs of the sample corpus
    ("Therefore we simply must work together", "Therefore, we have a lot of work to do"),
    ("Looking back on the history of our fruitful cooperation, we can say that it has reached an exceptional "
     "level.", "In recent years, we have intensified cooperation significantly in order to identify and prevent "
     "all external threats to our countries, to the Union State of Belarus and Russia."),
]


def logit(p: np.ndarray) -> np.ndarray:
    return special.logit(np.clip(p, 1e-6, 1 - 1e-6))  # a probability of exactly 0 or 1 stays finite


def hinge(probability: np.ndarray, cos: np.ndarray) -> np.ndarray:
    """The model's logit raised by how far the wordings are inside the candidate radius."""
    return logit(probability) + HINGE_WEIGHT * np.maximum(0.0, cos - COPY_RADIUS)


def held_out_readings(pairs: list[tuple[str, str, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: the cross-encoder's probability, from the model trained without the pair's fold, and the fold."""
    alone, fold = np.zeros(len(pairs)), np.zeros(len(pairs), dtype=int)
    for k, test in enumerate(datasets.two_folds(pairs)):
        alone[test] = _common.fold_verifier("cross-encoder", k).probabilities(
            [tuple(sorted(pairs[i][:2])) for i in test])
        fold[test] = k
    return alone, fold


def judged_with(routes: list[str | None], score: np.ndarray) -> np.ndarray:
    """The judge's belief with `score` (a logit) where the model decides: 1 for a copy, 0 for a rejection."""
    return np.array([special.expit(s) if route is None else float(route in (EXACT, NEAR_EXACT))
                     for route, s in zip(routes, score)])


def sample_pairs(workdir: Path) -> list[tuple[str, str]]:
    """The cross-document pairs `dedup` reports on the sample corpus, through the CLI."""
    store = workdir / "store"
    _common.run_dedup("index", str(HERE.parent / "corpus"), "--store", str(store))
    lines = _common.run_dedup("pairs", "--store", str(store), "--format", "json").splitlines()
    return [(pair["text_a"], pair["text_b"]) for pair in map(json.loads, filter(None, lines))]


def main() -> None:
    embedder, weights = Embedder(), _common.word_weights()
    sets = {"STS-B train": datasets.stsb("train"), "MRPC": [(a, b, float(y)) for a, b, y in datasets.mrpc()],
            **datasets.sts_news(), "STS-B dev": datasets.stsb("dev")}
    data = {}
    for name, pairs in sets.items():
        cos = _common.cosines(embedder, pairs)
        alone, fold = held_out_readings(pairs)
        gold = np.array([s for _, _, s in pairs]) >= (1 if name == "MRPC" else _common.SAME_CLAIM_GOLD)
        x = np.column_stack([logit(alone), _common.features(pairs, cos, weights)])
        data[name] = dict(cos=cos, routes=_common.settled_routes(pairs), alone=alone, fold=fold, gold=gold, x=x)
    train = data["STS-B train"]
    stacks = [LogisticRegression(max_iter=5000).fit(train["x"][train["fold"] != k], train["gold"][train["fold"] != k])
              for k in (0, 1)]  # stacks[k] has not seen fold k
    print("\n### ROC-AUC, same claim against another, every score held out\n")
    print("| set | pairs | cosine | default judge | hinge | stack |")
    print("|---|---|---|---|---|---|")
    for name, d in data.items():
        stack = np.zeros(len(d["gold"]))
        for k in (0, 1):
            stack[d["fold"] == k] = stacks[k].decision_function(d["x"][d["fold"] == k])
        logits = [logit(d["alone"]), hinge(d["alone"], d["cos"]), stack]  # default judge, hinge, stack
        scores = [d["cos"], *(judged_with(d["routes"], score) for score in logits)]
        print(f"| {name}{' (the stack is fitted here)' if name == 'STS-B train' else ''} | {len(d['gold'])} | "
              + " | ".join(f"{roc_auc_score(d['gold'], s):.3f}" for s in scores) + " |")

    with tempfile.TemporaryDirectory() as workdir:
        reported = sample_pairs(Path(workdir))
    shown = [(a, b, 0.0) for a, b in reported + DIFFERENT_CLAIMS]
    cos = _common.cosines(embedder, shown)
    model = CrossEncoderVerifier().probabilities([tuple(sorted(p[:2])) for p in shown])
    x = np.column_stack([logit(model), _common.features(shown, cos, weights)])
    stack = LogisticRegression(max_iter=5000).fit(train["x"], train["gold"])
    hinged = special.expit(hinge(model, cos))
    print("\n### The sample corpus, shipped cross-encoder: P(same claim)\n")
    print("| pair | cosine | model | hinge | stack |")
    print("|---|---|---|---|---|")
    for i, (a, b, _) in enumerate(shown):
        kind = "reported" if i < len(reported) else "another claim"
        print(f"| {kind}: {a[:50]}… ~ {b[:50]}… | {cos[i]:.2f} | {model[i]:.2f} | {hinged[i]:.2f} | "
              f"{stack.predict_proba(x[i:i + 1])[0, 1]:.2f} |")


if __name__ == "__main__":
    main()
