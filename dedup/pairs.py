"""Candidate pairs: sentences of different documents whose embeddings are close.

Mining runs over distinct wordings (one FAISS entry each) with a range search: every wording within
`radius` cosine of a queried one, with no top-k cut-off, so the candidates of a store never depend
on the order in which its documents arrived, and a run only needs to query the wordings of the
sentences it added. A candidate between two wordings is expanded to every cross-document pair of
sentences that carry them; a wording carried by several documents yields exact pairs directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

import faiss
import numpy as np

from dedup import index as vector_index

# (index, query ids, query vectors, radius) -> (ids a, ids b, cosines): in process, or on a cluster
Searcher = Callable[[faiss.Index, np.ndarray, np.ndarray, float], tuple[np.ndarray, np.ndarray, np.ndarray]]


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
NearPairs = tuple[np.ndarray, np.ndarray, np.ndarray]  # (index ids a, index ids b, cosines), a < b


def near_wordings(index: faiss.Index, index_ids: np.ndarray, vectors: np.ndarray, radius: float,
                  searcher: Searcher = vector_index.near_pairs) -> NearPairs:
    """Every pair of indexed wordings within `radius` cosine that involves one of the queried ones."""
    return searcher(index, index_ids, vectors, radius)


def entries_involved(queried: np.ndarray, near: NearPairs) -> set[int]:
    """The index entries whose carriers `expand` needs: the queried ones and their near wordings."""
    return set(queried.tolist()) | set(near[0].tolist()) | set(near[1].tolist())


def expand(queried: np.ndarray | list[int], near: NearPairs, groups: dict[int, list[tuple[int, int]]]
           ) -> Candidates:
    """Sentence pairs of different documents from wording pairs, with numpy.

    `groups` maps an index entry to the (sentence id, document) pairs carrying its wording: every
    cross-document pair of one queried wording is an exact candidate, and every cross-document pair
    across two near wordings a candidate at their cosine.
    """
    entries = np.array(sorted(groups), dtype=np.int64)
    sizes = np.array([len(groups[e]) for e in entries.tolist()], dtype=np.int64)
    starts = np.cumsum(sizes) - sizes
    carriers = np.array([pair for e in entries.tolist() for pair in groups[e]], dtype=np.int64).reshape(-1, 2)
    sentence, document = carriers[:, 0], carriers[:, 1]

    def across_documents(carrier_a: np.ndarray, carrier_b: np.ndarray, similarity: np.ndarray | float,
                          same_wording: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The pairs of carriers in different documents, as (low sentence id, high, similarity, same wording)."""
        keep = document[carrier_a] != document[carrier_b]
        a, b = sentence[carrier_a[keep]], sentence[carrier_b[keep]]
        scores = np.broadcast_to(np.asarray(similarity, dtype=np.float64), keep.shape)[keep]
        return np.minimum(a, b), np.maximum(a, b), scores, np.full(len(a), same_wording)

    def crossed(rows_a: np.ndarray, rows_b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every (carrier of entry row a, carrier of entry row b): (pair number, carrier a, carrier b)."""
        counts = sizes[rows_a] * sizes[rows_b]
        pair = np.repeat(np.arange(len(rows_a), dtype=np.int64), counts)
        within = np.arange(len(pair), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        return pair, starts[rows_a][pair] + within // sizes[rows_b][pair], starts[rows_b][pair] + within % sizes[rows_b][pair]

    same = np.searchsorted(entries, np.unique(np.asarray(queried, dtype=np.int64)))
    _, exact_a, exact_b = crossed(same, same)
    keep = exact_a < exact_b
    parts = [across_documents(exact_a[keep], exact_b[keep], 1.0, True)]
    rows_a, rows_b = np.searchsorted(entries, near[0]), np.searchsorted(entries, near[1])
    similarity = np.asarray(near[2], dtype=np.float64)
    # a step of wording pairs at a time, so the temporary arrays stay small next to the result
    pairs_before = np.concatenate([[0], np.cumsum(sizes[rows_a] * sizes[rows_b])])
    bounds = np.unique(np.searchsorted(pairs_before, np.arange(0, pairs_before[-1], 16 * ROWS_PER_STEP)))
    for start, end in zip(bounds.tolist(), bounds[1:].tolist() + [len(rows_a)]):
        pair, near_a, near_b = crossed(rows_a[start:end], rows_b[start:end])
        parts.append(across_documents(near_a, near_b, similarity[start:end][pair], False))
    # Each sentence pair comes from one wording pair, so only the (a, b) order is left to make, a
    # column at a time: at a million sentences the parts and their concatenation are 200 MB each.
    a_parts, b_parts, score_parts, same_parts = (list(column) for column in zip(*parts))
    del parts
    first, second = np.concatenate(a_parts), np.concatenate(b_parts)
    del a_parts, b_parts
    order = np.argsort((first << 32) | second, kind="stable")
    return Candidates(first[order], second[order], np.concatenate(score_parts)[order], np.concatenate(same_parts)[order])
