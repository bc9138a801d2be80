"""Candidate pairs: two sentences of different documents whose wordings are close, and the cosine between them.

What mining (`mining.py`) finds and every judge (`dedup.judge`) reads: columns, so that millions of
candidates cost arrays, not Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np


@dataclass(frozen=True)
class Candidate:
    """Two sentences (ids, a < b) of different documents and the cosine of their wordings."""

    sentence_a: int
    sentence_b: int
    similarity: float
    same_wording: bool


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs as columns, in (a, b) order: a million wordings give millions of candidates,
    which as Python objects would take gigabytes. Iterating yields `Candidate`s one at a time."""

    sentence_a: np.ndarray  # int64, a < b
    sentence_b: np.ndarray  # int64
    similarity: np.ndarray  # float64 cosine of the two wordings (1.0 for the same wording)
    same_wording: np.ndarray  # bool

    @classmethod
    def of(cls, candidates: list[Candidate]) -> "Candidates":
        return cls(np.array([c.sentence_a for c in candidates], dtype=np.int64),
                   np.array([c.sentence_b for c in candidates], dtype=np.int64),
                   np.array([c.similarity for c in candidates], dtype=np.float64),
                   np.array([c.same_wording for c in candidates], dtype=bool))

    def __len__(self) -> int:
        return len(self.sentence_a)

    def __iter__(self) -> Iterator[Candidate]:
        for start in range(0, len(self), ROWS_PER_STEP):  # a step at a time: Python objects cost 10x the columns
            step = slice(start, start + ROWS_PER_STEP)
            yield from (Candidate(*row) for row in zip(self.sentence_a[step].tolist(), self.sentence_b[step].tolist(),
                                                        self.similarity[step].tolist(), self.same_wording[step].tolist()))

    def take(self, rows: np.ndarray) -> "Candidates":
        return Candidates(self.sentence_a[rows], self.sentence_b[rows], self.similarity[rows], self.same_wording[rows])

    def sentence_ids(self) -> set[int]:
        return set(np.union1d(self.sentence_a, self.sentence_b).tolist())

    def union(self, other: "Candidates") -> "Candidates":
        """Both sets' candidates, each pair once, in (a, b) order."""
        first, second = np.concatenate([self.sentence_a, other.sentence_a]), np.concatenate([self.sentence_b, other.sentence_b])
        _, rows = np.unique((first << 32) | second, return_index=True)
        return Candidates(first[rows], second[rows], np.concatenate([self.similarity, other.similarity])[rows],
                          np.concatenate([self.same_wording, other.same_wording])[rows])


ROWS_PER_STEP = 1 << 16
