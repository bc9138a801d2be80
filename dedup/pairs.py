"""Candidate pairs: sentences of different documents whose embeddings are close.

Mining runs over distinct wordings (one FAISS entry each); a candidate between two wordings is
then expanded to every cross-document pair of sentences that carry them, and every wording found
in several documents yields exact pairs directly. The verifier decides which candidates match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dedup.store import Store

DEFAULT_NEIGHBOURS = 10  # nearest wordings retrieved per wording
CANDIDATE_FLOOR = 0.45  # cosine below which a neighbour is never a candidate
SEARCH_BATCH = 4096


@dataclass(frozen=True)
class Candidate:
    """Two sentences (ids, a < b) of different documents and the cosine of their wordings."""

    sentence_a: int
    sentence_b: int
    similarity: float
    same_wording: bool


def mine_candidates(store: Store, neighbours: int = DEFAULT_NEIGHBOURS, floor: float = CANDIDATE_FLOOR) -> list[Candidate]:
    """Every cross-document candidate pair in the store."""
    ids, vectors = store.index_vectors()
    near = neighbour_pairs(store, ids, vectors, neighbours, floor)
    groups = store.claim_groups()
    wording_of = {sentences[0][0]: vector_id for vector_id, sentences in groups.items()}
    candidates: dict[tuple[int, int], Candidate] = {}
    for sentences in groups.values():  # verbatim copies
        for i, (a, doc_a) in enumerate(sentences):
            for b, doc_b in sentences[i + 1:]:
                if doc_a != doc_b:
                    candidates[(a, b)] = Candidate(a, b, 1.0, True)
    for first_a, first_b, similarity in near:
        for a, doc_a in groups[wording_of[first_a]]:
            for b, doc_b in groups[wording_of[first_b]]:
                if doc_a != doc_b:
                    key = (min(a, b), max(a, b))
                    candidates.setdefault(key, Candidate(*key, similarity, False))
    return sorted(candidates.values(), key=lambda c: (c.sentence_a, c.sentence_b))


def neighbour_pairs(
    store: Store, ids: np.ndarray, vectors: np.ndarray, neighbours: int, floor: float
) -> list[tuple[int, int, float]]:
    """(id a, id b, cosine) with a < b for each id's nearest neighbours at or above `floor`."""
    found: dict[tuple[int, int], float] = {}
    for start in range(0, len(ids), SEARCH_BATCH):
        scores, hits = store.search(vectors[start:start + SEARCH_BATCH], neighbours + 1)
        for query, row_scores, row_hits in zip(ids[start:start + SEARCH_BATCH], scores, hits):
            for score, hit in zip(row_scores, row_hits):
                if hit < 0 or hit == query or score < floor:
                    continue
                found[(min(query, hit), max(query, hit))] = min(float(score), 1.0)
    return [(a, b, s) for (a, b), s in found.items()]
