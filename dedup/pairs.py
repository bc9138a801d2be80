"""Candidate pairs: sentences of different documents whose embeddings are close.

Mining runs over distinct wordings (one FAISS entry each) with a range search: every wording within
`radius` cosine of a queried one, with no top-k cut-off, so the candidates of a store never depend
on the order in which its documents arrived, and a run only needs to query the wordings of the
sentences it added. A candidate between two wordings is expanded to every cross-document pair of
sentences that carry them; a wording carried by several documents yields exact pairs directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from dedup.store import Store

SEARCH_BATCH = 2048


@dataclass(frozen=True)
class Candidate:
    """Two sentences (ids, a < b) of different documents and the cosine of their wordings."""

    sentence_a: int
    sentence_b: int
    similarity: float
    same_wording: bool


def mine_candidates(store: Store, sentence_ids: list[int], radius: float) -> list[Candidate]:
    """Every cross-document candidate pair that involves the wording of one of `sentence_ids`."""
    index_ids, vectors = store.index_entries_for(sentence_ids)
    near: dict[tuple[int, int], float] = {}
    for start in range(0, len(index_ids), SEARCH_BATCH):
        limits, cosines, hits = store.range_search(vectors[start:start + SEARCH_BATCH], radius)
        for row, query in enumerate(index_ids[start:start + SEARCH_BATCH].tolist()):
            for cosine, hit in zip(cosines[limits[row]:limits[row + 1]], hits[limits[row]:limits[row + 1]].tolist()):
                if hit != query:
                    near[(min(query, hit), max(query, hit))] = round(min(float(cosine), 1.0), 4)
    groups = store.claim_groups(set(index_ids.tolist()) | {i for pair in near for i in pair})
    candidates: dict[tuple[int, int], Candidate] = {}
    for entry in index_ids.tolist():  # verbatim copies of a queried wording
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
