"""Compare stores by what a user sees: documents, sentences, pairs and clusters (ids aside)."""

from pathlib import Path

from dedup.match import mining
from dedup.store import Store


def snapshot(path: Path) -> dict:
    store = Store.open(path)
    try:
        documents = sorted(store.documents.document_hashes().items())
        sentences = store.sentences.sentence_spans()
        pairs = sorted((p.a.doc, p.a.position, p.b.doc, p.b.position, p.match, p.similarity, p.reason,
                        None if p.confidence is None else round(p.confidence, 2)) for p in store.matches.pairs())
        clusters = sorted((sorted((m.doc, m.position) for m in c.members), _place(c.representative))
                          for c in store.matches.clusters())
        trees = sorted((_place(t.origin), t.origin_evidence, [(_place(e.source), _place(e.target), e.match, e.evidence)
                                                               for e in t.edges]) for t in store.provenance.trees().values())
        outlets = store.provenance.outlet_copies()
        unmatched = store.sentences.sentences_to_match()
        index_size = mining.open_index(store).index.ntotal
        distinct = store.meta.counts()["distinct_claims"]
        vectors = store.meta.counts()["vectors"]
    finally:
        store.close()
    assert len(trees) == len(clusters), "every cluster's provenance is stored"
    return {"documents": documents, "sentences": sentences, "pairs": pairs, "clusters": clusters, "provenance": trees, "outlets": outlets,
            "unmatched": unmatched, "index matches wordings": index_size == distinct, "vectors": vectors}


def _place(ref) -> tuple[str, int]:
    return ref.doc, ref.position
