"""The pair-model judge: copies by text, paraphrases by a logistic regression over the cosine and word-level
features (`dedup.judge.pair_features`), as scripts/train_verifier.py writes it."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from dedup.judge.cascade import cascade
from dedup.judge.copies import COPY_RADIUS
from dedup.judge.pair_features import FEATURE_NAMES, WordWeights, pair_features
from dedup.judge.verdicts import PAIR_MODEL, Verdicts
from dedup.match.candidates import Candidate, Candidates

# DEDUP_PAIR_MODEL points at another model file, e.g. one trained without the pairs an evaluation scores
MODEL_PATH = Path(os.environ.get("DEDUP_PAIR_MODEL") or Path(__file__).resolve().parent.parent / "models" / "pair_model.json")


@dataclass(frozen=True)
class PairModel:
    """A logistic regression over `pair_features`, as scripts/train_verifier.py writes it."""

    mean: np.ndarray
    scale: np.ndarray
    coefficients: np.ndarray
    intercept: float
    threshold: float
    weights: WordWeights

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "PairModel":
        model = json.loads(path.read_text(encoding="utf-8"))
        if tuple(model["features"]) != FEATURE_NAMES:
            raise ValueError(f"{path}: trained on other features; rebuild it with scripts/train_verifier.py")
        return cls.of(model)

    @classmethod
    def of(cls, model: dict) -> "PairModel":
        counts = model["word_weights"]
        return cls(np.array(model["mean"]), np.array(model["scale"]), np.array(model["coefficients"]),
                   float(model["intercept"]), float(model["threshold"]),
                   WordWeights(counts["document_frequency"], counts["sentences"]))

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """P(same claim) of each row of features."""
        logits = ((features - self.mean) / self.scale) @ self.coefficients + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))


@functools.cache
def default_pair_model() -> PairModel:
    return PairModel.load()


class PairModelVerifier:
    """Copies by text; paraphrases by a pair model trained on labelled news sentence pairs, unless the
    sentences state conflicting figures."""

    name = "pair-model"
    aligns_passages = False
    candidate_radius = COPY_RADIUS

    def __init__(self, model: PairModel | None = None, threshold: float | None = None) -> None:
        self.model = model or default_pair_model()
        self.threshold = self.model.threshold if threshold is None else threshold
        fitted = [self.model.mean.tolist(), self.model.scale.tolist(), self.model.coefficients.tolist(),
                  self.model.intercept, self.threshold, self.model.weights.document_frequency,
                  self.model.weights.sentences]
        self.fingerprint = f"{self.name} {hashlib.sha256(json.dumps(fitted).encode()).hexdigest()[:16]}"

    def probabilities(self, pairs: list[tuple[str, str, float]]) -> np.ndarray:
        """P(same claim) of (text a, text b, cosine) pairs."""
        if not pairs:
            return np.zeros(0)
        return self.model.probabilities(np.array([pair_features(a, b, c, self.model.weights) for a, b, c in pairs]))

    def verify(self, candidates: Candidates | Iterable[Candidate], texts: dict[int, str],
               documents: dict[int, int] | None = None, posts: set[int] | None = None,
               titles: set[int] | None = None, languages: dict[int, str] | None = None) -> Verdicts:
        return cascade(candidates, texts, self.probabilities, self.threshold, judged=PAIR_MODEL)
