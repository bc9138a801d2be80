"""Verified pairs as stored: columns, each pair oriented earlier document first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np

from dedup.judge.verdicts import Verdicts
from dedup.records import Pair


@dataclass(frozen=True)
class PairRows:
    """Verified pairs as columns, the earlier-published (else lower) document's sentence first: at a
    million sentences there are millions, which as `Pair` objects would take gigabytes."""

    a: np.ndarray  # sentence ids, int64
    b: np.ndarray
    similarity: np.ndarray  # float64
    lexical: np.ndarray
    match: np.ndarray  # object array of labels
    confidence: np.ndarray  # float64, NaN where no model spoke
    reason: np.ndarray  # object array: what decided each pair

    def rows(self) -> Iterator[tuple[int, int, float, float, str, float | None, str]]:
        """(sentence a, sentence b, similarity, lexical, match, confidence, reason), similarities rounded to
        4 places."""
        for start in range(0, len(self.a), 1 << 16):
            step = slice(start, start + (1 << 16))
            for a, b, similarity, lexical, match, confidence, reason in zip(
                    self.a[step].tolist(), self.b[step].tolist(), self.similarity[step].tolist(),
                    self.lexical[step].tolist(), self.match[step].tolist(), self.confidence[step].tolist(),
                    self.reason[step].tolist()):
                yield (a, b, round(similarity, 4), round(lexical, 4), match,
                       None if confidence != confidence else round(confidence, 4), reason)

    def _columns(self) -> tuple[np.ndarray, ...]:
        return self.a, self.b, self.similarity, self.lexical, self.match, self.confidence, self.reason

    def extend_rows(self, other: "PairRows") -> "PairRows":
        return PairRows(*(np.concatenate([mine, theirs]) for mine, theirs in zip(self._columns(), other._columns())))

    def extend(self, pairs: list[Pair]) -> "PairRows":
        if not pairs:
            return self
        return self.extend_rows(PairRows(np.array([p.a.sentence_id for p in pairs], dtype=np.int64),
                                         np.array([p.b.sentence_id for p in pairs], dtype=np.int64),
                                         np.array([p.similarity for p in pairs], dtype=np.float64),
                                         np.array([p.lexical for p in pairs], dtype=np.float64),
                                         np.array([p.match for p in pairs], dtype=object),
                                         np.array([np.nan if p.confidence is None else p.confidence for p in pairs],
                                                  dtype=np.float64),
                                         np.array([p.reason for p in pairs], dtype=object)))


def pair_rows(verdicts: Verdicts, documents: dict[int, int], order: dict[int, tuple[str, str]]) -> PairRows:
    """The verdicts as pair rows, oriented by their documents' (publication date, doc id)."""
    candidates = verdicts.candidates
    ranked = sorted(order, key=order.__getitem__)
    rank = {row: place for place, row in enumerate(ranked)}
    rank_a = np.array([rank[documents[s]] for s in candidates.sentence_a.tolist()], dtype=np.int64)
    rank_b = np.array([rank[documents[s]] for s in candidates.sentence_b.tolist()], dtype=np.int64)
    swap = rank_b < rank_a
    return PairRows(np.where(swap, candidates.sentence_b, candidates.sentence_a),
                    np.where(swap, candidates.sentence_a, candidates.sentence_b),
                    candidates.similarity, verdicts.lexical, verdicts.match, verdicts.confidence, verdicts.reason)
