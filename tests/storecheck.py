"""Compare stores by what a user sees: documents, sentences, pairs and clusters (ids aside)."""

from pathlib import Path

from dedup import pipeline
from dedup.store import Store


def snapshot(path: Path) -> dict:
    store = Store.open(path)
    try:
        documents = sorted(store.document_hashes().items())
        sentences = store.sentence_spans()
        pairs = sorted((p.a.doc, p.a.position, p.b.doc, p.b.position, p.match, p.similarity, p.reason,
                        None if p.confidence is None else round(p.confidence, 2)) for p in store.pairs())
        clusters = sorted(sorted((m.doc, m.position) for m in c.members) for c in store.clusters())
        trees = sorted((_place(t.origin), t.origin_evidence, [(_place(e.source), _place(e.target), e.match, e.evidence)
                                                               for e in t.edges]) for t in store.provenance().values())
        outlets = store.outlet_copies()
        unmatched = store.sentences_to_match()
        index_size = pipeline.open_index(store).index.ntotal
        distinct = store.counts()["distinct_claims"]
        vectors = store.counts()["vectors"]
    finally:
        store.close()
    assert len(trees) == len(clusters), "every cluster's provenance is stored"
    return {"documents": documents, "sentences": sentences, "pairs": pairs, "clusters": clusters, "provenance": trees, "outlets": outlets,
            "unmatched": unmatched, "index matches wordings": index_size == distinct, "vectors": vectors}


def _place(ref) -> tuple[str, int]:
    return ref.doc, ref.position
