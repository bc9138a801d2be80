"""Mining: the candidate pairs of the sentences a run added, from the store's FAISS indexes.

Mining runs over distinct wordings (one FAISS entry each) with a range search: every wording within
`radius` cosine of a queried one, with no top-k cut-off, so the candidates of a store never depend
on the order in which its documents arrived, and a run only needs to query the wordings of the
sentences it added. A candidate between two wordings is expanded to every cross-document pair of
sentences that carry them; a wording carried by several documents yields exact pairs directly.
Pairs with a side not in English are mined in the multilingual model's space.
"""

from __future__ import annotations

from typing import Callable

import faiss
import numpy as np

from dedup.errors import DedupError
from dedup.ingest.language import ENGLISH
from dedup.judge import TranslationJudge, one_post_side
from dedup.match import index as vector_index
from dedup.match.candidates import ROWS_PER_STEP, Candidates
from dedup.match.embed import MultilingualEmbedder
from dedup.store import INDEX_FILE, MULTILINGUAL_INDEX_FILE, Store
from dedup.summary import IndexSummary

# (index, query ids, query vectors, reach) -> (ids a, ids b, cosines): in process, or on a cluster
Searcher = Callable[[faiss.Index, np.ndarray, np.ndarray, vector_index.Reach | float],
                    tuple[np.ndarray, np.ndarray, np.ndarray]]
NearPairs = tuple[np.ndarray, np.ndarray, np.ndarray]  # (index ids a, index ids b, cosines), a < b


def near_wordings(index: faiss.Index, index_ids: np.ndarray, vectors: np.ndarray, reach: vector_index.Reach | float,
                  searcher: Searcher = vector_index.near_pairs) -> NearPairs:
    """Every pair of indexed wordings within `reach` (a cosine, or `Reach`) that involves a queried one."""
    return searcher(index, index_ids, vectors, reach)


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


SENTENCES_PER_QUERY = 100_000  # mined a step at a time: their vectors are fetched per step


def mine(store: Store, index: vector_index.IndexFile, reach: vector_index.Reach | float, pending: list[int],
                searcher: Searcher, multilingual: bool = False) -> Candidates:
    """Candidate pairs of the pending sentences: their wordings' near wordings, expanded to sentences."""
    queried, firsts, seconds, scores = [], [], [], []
    for start in range(0, len(pending), SENTENCES_PER_QUERY):
        index_ids, vectors = store.vectors.index_entries_for(pending[start:start + SENTENCES_PER_QUERY], multilingual)
        near = near_wordings(index.index, index_ids, vectors, reach, searcher)
        queried.append(index_ids)
        firsts.append(near[0]), seconds.append(near[1]), scores.append(near[2])
        del vectors
    index_ids = np.unique(np.concatenate(queried)) if queried else np.zeros(0, dtype=np.int64)
    near = vector_index.unique_pairs(*(np.concatenate(column) if column else np.zeros(0, dtype=dtype)
                                       for column, dtype in ((firsts, np.int64), (seconds, np.int64),
                                                             (scores, np.float64))))
    return expand(index_ids, near, store.sentences.claim_groups(entries_involved(index_ids, near)))


def post_reach(store: Store, radius: float, post_radius: float) -> vector_index.Reach:
    """Every wording within `radius`, and within `post_radius` of a wording a post carries."""
    return vector_index.Reach(radius, post_radius, store.vectors.post_entries())


def within(candidates: Candidates, radius: float, posts: set[int]) -> Candidates:
    """The candidates at `radius` or closer, and those further away that have one post on a side."""
    return candidates.take(np.flatnonzero((candidates.similarity >= radius) | one_post_side(candidates, posts)))


def multilingual_candidates(store: Store, pending: list[int], searcher: Searcher, summary: IndexSummary) -> Candidates:
    """Candidate pairs with a side not in English, mined in the multilingual model's space: every wording
    is embedded there too (once), and the pending sentences' wordings are queried against all of them."""
    embedder = MultilingualEmbedder()
    recorded = store.meta.get("multilingual_model")
    if recorded not in (None, embedder.name):
        raise DedupError(f"{store.root}: the store's multilingual vectors are {recorded}'s, this dedup embeds with "
                         f"{embedder.name}; index into a new store")
    missing = store.vectors.wordings_without_multilingual_vectors()
    if missing:
        vectors = embedder.encode([text for _, text in missing])
        with store.transaction():
            store.vectors.add_multilingual_vectors([vector_id for vector_id, _ in missing], vectors)
            store.meta.set("multilingual_model", embedder.name)
        summary.embedded_multilingual = len(missing)
    index = open_multilingual_index(store)
    if checksum := index.save():
        store.vectors.index_saved(checksum, MULTILINGUAL_INDEX_FILE)
    candidates = mine(store, index, TranslationJudge.candidate_radius, pending, searcher, multilingual=True)
    return candidates.take(np.flatnonzero(~both_english(store, candidates) & ~candidates.same_wording))


def english_pairs(store: Store, candidates: Candidates) -> Candidates:
    """The candidates the English judge can read: both sentences in English, or the same wording."""
    return candidates.take(np.flatnonzero(both_english(store, candidates) | candidates.same_wording))


def both_english(store: Store, candidates: Candidates) -> np.ndarray:
    """For each candidate, whether both its sentences are in English."""
    languages = store.sentences.sentence_languages(candidates.sentence_ids())
    return np.array([languages[a] == ENGLISH and languages[b] == ENGLISH for a, b in
                     zip(candidates.sentence_a.tolist(), candidates.sentence_b.tolist())], dtype=bool)


def open_index(store: Store) -> vector_index.IndexFile:
    """The store's FAISS index, as its file holds it brought up to date with SQLite."""
    return vector_index.IndexFile(store.root / INDEX_FILE, store.vectors.index_checksum(), store.vectors.index_entries(), store.vectors.read,
                                  store.meta.dimension)


def open_multilingual_index(store: Store) -> vector_index.IndexFile:
    """The same wordings in the multilingual model's space (a store that holds claims not in English)."""
    return vector_index.IndexFile(store.root / MULTILINGUAL_INDEX_FILE, store.vectors.index_checksum(MULTILINGUAL_INDEX_FILE),
                                  store.vectors.index_entries(), store.vectors.read_multilingual, MultilingualEmbedder.dimension)
