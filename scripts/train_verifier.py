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
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402  (this checkout's dedup first on the path, models offline)

import datasets  # noqa: E402

from dedup.judge import MODEL_PATH  # noqa: E402
from dedup.match.embed import Embedder  # noqa: E402

def main() -> None:
    pairs = [(a, b, float(y)) for a, b, y in datasets.mrpc()]
    same = np.array([y == 1 for _, _, y in pairs])
    weights = _common.word_weights()
    x = _common.features(pairs, _common.cosines(Embedder(), pairs), weights)
    model = _common.fit(x, same, weights)
    model["trained_on"] = ("MRPC train (4,076 pairs; Microsoft Research Paraphrase Corpus, research use); word "
                           "weights from MRPC, STS-B and SemEval STS 2012-2014 news sentences. See README.md here.")
    MODEL_PATH.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n")
    predicted = cross_val_predict(_common.make_classifier(), x, same, method="predict_proba",
                                  cv=StratifiedKFold(5, shuffle=True, random_state=1))[:, 1] >= model["threshold"]
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB), threshold {model['threshold']:.2f}; "
          f"MRPC 5-fold: accuracy {accuracy_score(same, predicted):.3f}, F1 {f1_score(same, predicted):.3f}")


if __name__ == "__main__":
    main()
