"""Train the pair model of the `pair-model` verifier, from the labelled pairs in ../shared/data.

    .venv/bin/python scripts/train_verifier.py

Logistic regression over `dedup.judge.pair_features` (the embedding cosine and word-level features) on the
4,076 MRPC train pairs; the decision threshold is the one that maximises accuracy + F1 in a 5-fold
cross-validation on the same pairs. Word weights (inverse document frequencies) are counted over the
sentences of MRPC, STS-B and the STS news subsets. Writes dedup/models/pair_model.json and prints the
cross-validated figures. Data terms: dedup/models/README.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import datasets  # noqa: E402

from dedup.match.embed import Embedder  # noqa: E402
from dedup.judge.pair_features import FEATURE_NAMES, WordWeights, pair_features  # noqa: E402
from dedup.ingest.segment import clean_text  # noqa: E402
from dedup.judge import MODEL_PATH  # noqa: E402

REGULARISATION = 0.1  # inverse strength (sklearn's C); 0.03-1.0 give the same cross-validated figures


def cosines(embedder: Embedder, pairs: list[tuple[str, str, float]]) -> np.ndarray:
    first = embedder.encode([clean_text(a) for a, _, _ in pairs])
    second = embedder.encode([clean_text(b) for _, b, _ in pairs])
    return np.einsum("ij,ij->i", first, second)


def features(pairs: list[tuple[str, str, float]], cosine: np.ndarray, weights: WordWeights) -> np.ndarray:
    return np.array([pair_features(a, b, float(c), weights) for (a, b, _), c in zip(pairs, cosine)])


def _classifier():
    return make_pipeline(StandardScaler(), LogisticRegression(C=REGULARISATION, max_iter=5000))


def fit(x: np.ndarray, same: np.ndarray, weights: WordWeights) -> dict:
    """The model file's contents: scaler, coefficients, threshold, word weights."""
    inner = cross_val_predict(_classifier(), x, same, method="predict_proba",
                              cv=StratifiedKFold(5, shuffle=True, random_state=0))[:, 1]
    threshold = max(np.round(np.linspace(0.3, 0.7, 41), 2),
                    key=lambda t: accuracy_score(same, inner >= t) + f1_score(same, inner >= t))
    classifier = _classifier().fit(x, same)
    scaler, regression = classifier.steps[0][1], classifier.steps[1][1]
    return {"features": list(FEATURE_NAMES), "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
            "coefficients": regression.coef_[0].tolist(), "intercept": float(regression.intercept_[0]),
            "threshold": float(threshold),
            "word_weights": {"sentences": weights.sentences, "document_frequency": weights.document_frequency}}


def word_weights() -> WordWeights:
    pairs = datasets.labelled_pairs()
    return WordWeights.count(list(dict.fromkeys(s for a, b, _ in pairs for s in (a, b))))


def main() -> None:
    pairs = [(a, b, float(y)) for a, b, y in datasets.mrpc()]
    same = np.array([y == 1 for _, _, y in pairs])
    weights = word_weights()
    x = features(pairs, cosines(Embedder(), pairs), weights)
    model = fit(x, same, weights)
    model["trained_on"] = ("MRPC train (4,076 pairs; Microsoft Research Paraphrase Corpus, research use); word "
                           "weights from MRPC, STS-B and SemEval STS 2012-2014 news sentences. See README.md here.")
    MODEL_PATH.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n")
    predicted = cross_val_predict(_classifier(), x, same, method="predict_proba",
                                  cv=StratifiedKFold(5, shuffle=True, random_state=1))[:, 1] >= model["threshold"]
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB), threshold {model['threshold']:.2f}; "
          f"MRPC 5-fold: accuracy {accuracy_score(same, predicted):.3f}, F1 {f1_score(same, predicted):.3f}")


if __name__ == "__main__":
    main()
