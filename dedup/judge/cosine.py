"""The cosine judge: copies by text, paraphrases by embedding cosine at a threshold."""

from __future__ import annotations

from array import array
from typing import Iterable

import numpy as np

from dedup.judge.copies import COPY_RADIUS, COPY_REASONS, copy_label
from dedup.judge.facts import facts_conflict
from dedup.judge.verdicts import COSINE, PARAPHRASE, Verdicts
from dedup.match.candidates import Candidate, Candidates

DEFAULT_THRESHOLD = 0.60  # all-MiniLM-L6-v2 cosine; the sample's paraphrased "equal footing" quote scores 0.61


class CosineVerifier:
    """Copies by text; paraphrases by embedding cosine at a threshold."""

    name = "cosine"
    aligns_passages = False

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be in [0.0, 1.0], not {threshold}")
        self.threshold = threshold
        self.candidate_radius = min(threshold, COPY_RADIUS)
        self.fingerprint = f"{self.name} {threshold}"

    def verify(self, candidates: Candidates | Iterable[Candidate], texts: dict[int, str],
               documents: dict[int, int] | None = None, posts: set[int] | None = None,
               titles: set[int] | None = None, languages: dict[int, str] | None = None) -> Verdicts:
        if not isinstance(candidates, Candidates):
            candidates = Candidates.of(list(candidates))
        rows, lexicals, labels = array("q"), array("d"), []  # compact: millions of verdicts at 1M sentences
        for row, candidate in enumerate(candidates):
            text_a, text_b = texts[candidate.sentence_a], texts[candidate.sentence_b]
            lexical, label = copy_label(candidate, text_a, text_b)
            if not label and candidate.similarity >= self.threshold and not facts_conflict(text_a, text_b):
                label = PARAPHRASE
            if label:
                rows.append(row)
                lexicals.append(lexical)
                labels.append(label)
        return Verdicts.of(candidates, rows, lexicals, labels, [1.0 if label != PARAPHRASE else np.nan for label in labels],
                           [COPY_REASONS.get(label, COSINE) for label in labels])
