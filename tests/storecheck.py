"""Compare stores by what a user sees: documents, sentences, pairs and clusters (ids aside)."""

from pathlib import Path

from dedup import pipeline
from dedup.store import Store


def snapshot(path: Path) -> dict:
    store = Store.open(path)
    try:
        documents = store.db.execute("SELECT doc_id, content_hash FROM documents ORDER BY doc_id").fetchall()
        sentences = store.db.execute(
            "SELECT d.doc_id, s.position, s.start, s.end, s.text, s.kind FROM sentences s"
            " JOIN documents d ON d.id = s.document_id ORDER BY d.doc_id, s.position").fetchall()
        pairs = sorted((p.a.doc, p.a.position, p.b.doc, p.b.position, p.match, p.similarity) for p in store.pairs())
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
