"""The vector index: exact when small, IVF when large, and the same pairs either way."""

import numpy as np

from dedup.ingest.corpus import read_corpus
from dedup.ingest.segment import segment
from dedup.match import index as vector_index
from dedup.match.embed import Embedder
from dedup.records import CLAIM

from conftest import CORPUS


def test_an_ivf_index_finds_the_pairs_exact_search_finds():
    documents = read_corpus([CORPUS]).documents
    sentences = sorted({s.text for d in documents for s in segment(d.text) if s.kind == CLAIM})
    vectors = Embedder().encode(sentences)
    ids = np.arange(100, 100 + len(sentences), dtype=np.int64)
    exact = vector_index.build(vectors, ids)
    approximate = vector_index.build(vectors, ids, exact_up_to=len(sentences) // 2)
    assert vector_index.is_exact(exact) and not vector_index.is_exact(approximate)
    assert sorted(vector_index.ids_of(approximate).tolist()) == ids.tolist()

    truth = vector_index.near_pairs(exact, ids, vectors, 0.6)
    found = vector_index.near_pairs(approximate, ids, vectors, 0.6)
    truth_pairs = set(zip(truth[0].tolist(), truth[1].tolist()))
    found_pairs = set(zip(found[0].tolist(), found[1].tolist()))
    assert len(truth_pairs) > 20
    assert len(truth_pairs & found_pairs) >= 0.99 * len(truth_pairs)
    assert found_pairs <= truth_pairs  # IVF only misses pairs; it never invents one


def test_exact_search_in_tiles_finds_what_faiss_range_search_finds(monkeypatch):
    documents = read_corpus([CORPUS]).documents
    sentences = sorted({s.text for d in documents for s in segment(d.text) if s.kind == CLAIM})
    vectors = Embedder().encode(sentences)
    ids = np.arange(7, 7 + 3 * len(sentences), 3, dtype=np.int64)
    index = vector_index.build(vectors, ids)
    monkeypatch.setattr(vector_index, "QUERY_TILE", 16)  # several tiles each way, with ragged ends
    monkeypatch.setattr(vector_index, "STORED_TILE", 40)

    limits, cosines, hits = index.range_search(np.ascontiguousarray(vectors, dtype=np.float32), 0.5)
    expected = {(int(row), int(hit)): float(cosine) for row, hit, cosine in
                zip(np.repeat(np.arange(len(vectors)), np.diff(limits).astype(np.int64)), hits, cosines)}
    found = {(int(row), int(hit)): float(cosine) for rows, found_hits, found_cosines in
             vector_index.range_search(index, vectors, 0.5)
             for row, hit, cosine in zip(rows, found_hits, found_cosines)}
    assert len(expected) > len(sentences)  # itself and its near neighbours
    assert found.keys() == expected.keys()
    assert max(abs(found[key] - expected[key]) for key in expected) < 1e-5


def test_the_index_kind_follows_the_collection_size():
    small = vector_index.build(np.eye(4, dtype=np.float32), np.arange(4))
    assert vector_index.is_exact(small)
    assert not vector_index.needs_rebuild(small, 4)
    assert vector_index.needs_rebuild(small, vector_index.EXACT_UP_TO + 1)


def test_a_wide_reach_adds_only_the_pairs_of_the_wide_entries_further_out():
    documents = read_corpus([CORPUS]).documents
    sentences = sorted({s.text for d in documents for s in segment(d.text) if s.kind == CLAIM})
    vectors = Embedder().encode(sentences)
    ids = np.arange(len(sentences), dtype=np.int64)
    index = vector_index.build(vectors, ids)
    posts = ids[::7]  # say every seventh wording is a post's
    post_ids = set(posts.tolist())

    def pairs(reach):
        first, second, cosine = vector_index.near_pairs(index, ids, vectors, reach)
        return {(a, b): c for a, b, c in zip(first.tolist(), second.tolist(), cosine.tolist())}

    close, far = pairs(0.6), pairs(0.45)
    reached = pairs(vector_index.Reach(0.6, 0.45, posts))
    wide = {pair: c for pair, c in far.items() if pair[0] in post_ids or pair[1] in post_ids}
    assert len(close) < len(reached) < len(far)
    assert reached == close | wide
