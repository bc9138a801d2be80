"""Candidate pairs: sentences of different documents whose embeddings are close.

Mining runs over distinct wordings (one FAISS entry each) with a range search: every wording within
`radius` cosine of a queried one, with no top-k cut-off, so the candidates of a store never depend
on the order in which its documents arrived, and a run only needs to query the wordings of the
sentences it added. A candidate between two wordings is expanded to every cross-document pair of
sentences that carry them; a wording carried by several documents yields exact pairs directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import faiss
import numpy as np

from dedup import index as vector_index
from dedup.store import Store

# (index, query ids, query vectors, radius) -> (ids a, ids b, cosines): in process, or on a cluster
Searcher = Callable[[faiss.Index, np.ndarray, np.ndarray, float], tuple[np.ndarray, np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Candidate:
    """Two sentences (ids, a < b) of different documents and the cosine of their wordings."""

    sentence_a: int
    sentence_b: int
    similarity: float
    same_wording: bool


def mine_candidates(store: Store, sentence_ids: list[int], radius: float,
                    searcher: Searcher = vector_index.near_pairs) -> list[Candidate]:
    """Every cross-document candidate pair that involves the wording of one of `sentence_ids`."""
    index_ids, vectors = store.index_entries_for(sentence_ids)
    first, second, cosines = searcher(store.index, index_ids, vectors, radius)
    near = dict(zip(zip(first.tolist(), second.tolist()), cosines.tolist()))
    groups = store.claim_groups(set(index_ids.tolist()) | {i for pair in near for i in pair})
    return expand(index_ids.tolist(), near, groups)


def expand(queried: list[int], near: dict[tuple[int, int], float], groups: dict[int, list[tuple[int, int]]]
           ) -> list[Candidate]:
    """Sentence pairs of different documents from wording pairs.

    `groups` maps an index entry to the (sentence id, document) pairs carrying its wording: every
    cross-document pair of one queried wording is an exact candidate, and every cross-document pair
    across two near wordings a candidate at their cosine.
    """
    candidates: dict[tuple[int, int], Candidate] = {}
    for entry in queried:
        sentences = groups[entry]
        for i, (a, doc_a) in enumerate(sentences):
            for b, doc_b in sentences[i + 1:]:
                if doc_a != doc_b:
                    candidates[(a, b)] = Candidate(a, b, 1.0, True)
    for (entry_a, entry_b), similarity in near.items():
        for a, doc_a in groups[entry_a]:
            for b, doc_b in groups[entry_b]:
                if doc_a != doc_b:
                    key = (min(a, b), max(a, b))
                    candidates.setdefault(key, Candidate(*key, similarity, False))
    return sorted(candidates.values(), key=lambda c: (c.sentence_a, c.sentence_b))
