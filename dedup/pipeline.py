"""The library API: index documents into a store, refresh matches, search for a claim.

Each function runs the stages in order (corpus -> segment -> embed -> store -> pairs -> verify ->
clusters) and returns plain records; the CLI only parses options and prints them.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from dedup.clusters import cluster_matches
from dedup.corpus import Problem, read_corpus
from dedup.embed import Embedder, model_id
from dedup.pairs import mine_candidates
from dedup.records import CLAIM, Cluster, Document, Pair, SentenceRef
from dedup.segment import clean_text, segment, text_key
from dedup.store import Store
from dedup.verify import CosineVerifier, Verifier

DOCUMENTS_PER_TRANSACTION = 500
MAX_ALIGNMENT_STEPS = 20
RERANK_POOL = 20  # wordings re-read by the verifier in `search --rerank`  # how far matches grow along two documents


@dataclass
class IndexSummary:
    """What one `index` run did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    sentences: int = 0
    claims: int = 0
    embedded: int = 0  # new distinct wordings embedded in this run
    pairs: int = 0
    clusters: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "problems"}
        return {**data, "problems": [str(p) for p in self.problems]}


def index_paths(store_path: Path, paths: list[Path], model: str | None = None, progress: bool = False,
                verifier: Verifier | None = None) -> IndexSummary:
    """Index the documents under `paths` into the store; unchanged documents cost nothing."""
    summary = IndexSummary()
    started = time.perf_counter()
    corpus = read_corpus(paths)
    summary.problems, summary.skipped = corpus.problems, len(corpus.problems)
    summary.seconds["read"] = time.perf_counter() - started
    store = Store.create(store_path)
    try:
        with store.writing():
            embedder = _embedder_for(store, model)
            run_id = store.start_run("index " + " ".join(str(p) for p in paths))
            known = store.document_hashes()
            changed = [d for d in corpus.documents if known.get(d.doc_id) != content_hash(d)]
            summary.unchanged = len(corpus.documents) - len(changed)
            summary.updated = sum(1 for d in changed if d.doc_id in known)
            summary.added = len(changed) - summary.updated
            for start in range(0, len(changed), DOCUMENTS_PER_TRANSACTION):
                _index_batch(store, embedder, changed[start:start + DOCUMENTS_PER_TRANSACTION], run_id, summary, progress)
            if changed or store.meta("index_checksum") is None:
                clock = time.perf_counter()
                store.sync_index()
                summary.seconds["index"] = time.perf_counter() - clock
                refresh_matches(store, verifier, summary)
            else:
                summary.pairs, summary.clusters = store.counts()["pairs"], store.counts()["clusters"]
            summary.seconds["total"] = time.perf_counter() - started
            store.finish_run(run_id, summary.as_dict())
    finally:
        store.close()
    return summary


def content_hash(document: Document) -> str:
    """Hash of a document's text and metadata: a change to either re-indexes it."""
    metadata = [document.outlet, document.published, document.url, document.title, document.extra]
    payload = json.dumps([document.text, metadata], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _embedder_for(store: Store, model: str | None) -> Embedder:
    """The model to embed with: the store's own unless another is asked for (then refused)."""
    if store.model is not None:
        store.check_model(model_id(model) if model else store.model)
        return Embedder(store.model)
    embedder = Embedder(model)
    store.check_model(embedder.name, embedder.dimension)
    return embedder


def _index_batch(store: Store, embedder: Embedder, documents: list[Document], run_id: int,
                 summary: IndexSummary, progress: bool) -> None:
    clock = time.perf_counter()
    segmented = [(d, segment(d.text)) for d in documents]
    keys = {text_key(s.text): clean_text(s.text) for _, sentences in segmented for s in sentences if s.kind == CLAIM}
    summary.seconds["segment"] = summary.seconds.get("segment", 0.0) + time.perf_counter() - clock
    clock = time.perf_counter()
    known = store.vector_ids(keys)
    new_keys = [k for k in keys if k not in known]
    vectors = embedder.encode([keys[k] for k in new_keys], progress=progress)
    summary.embedded += len(new_keys)
    summary.seconds["embed"] = summary.seconds.get("embed", 0.0) + time.perf_counter() - clock
    clock = time.perf_counter()
    with store.transaction():
        known.update(store.add_vectors(new_keys, vectors))
        for document, sentences in segmented:
            vector_ids = [known[text_key(s.text)] if s.kind == CLAIM else None for s in sentences]
            store.put_document(document, content_hash(document), sentences, vector_ids, run_id)
            summary.sentences += len(sentences)
            summary.claims += sum(1 for s in sentences if s.kind == CLAIM)
    summary.seconds["store"] = summary.seconds.get("store", 0.0) + time.perf_counter() - clock


def refresh_matches(store: Store, verifier: Verifier | None = None, summary: IndexSummary | None = None) -> None:
    """Recompute the matched pairs and clusters of the whole store."""
    verifier = verifier or CosineVerifier()
    summary = summary or IndexSummary()
    clock = time.perf_counter()
    candidates = mine_candidates(store)
    summary.seconds["candidates"] = time.perf_counter() - clock
    clock = time.perf_counter()
    texts = store.sentence_texts({c.sentence_a for c in candidates} | {c.sentence_b for c in candidates})
    verdicts = verifier.verify(candidates, texts)
    summary.seconds["verify"] = time.perf_counter() - clock
    clock = time.perf_counter()
    ids = {v.candidate.sentence_a for v in verdicts} | {v.candidate.sentence_b for v in verdicts}
    refs = store.sentence_refs(ids)
    groups = cluster_matches([(v.candidate.sentence_a, v.candidate.sentence_b, v.candidate.similarity)
                             for v in verdicts])
    clusters = []
    for representative, members in groups:
        cluster = Cluster(min(members), refs[representative], tuple(refs[m] for m in members))
        if len(cluster.documents) > 1:
            clusters.append(cluster)
    pairs = [_oriented(refs[v.candidate.sentence_a], refs[v.candidate.sentence_b], v.candidate.similarity,
                       v.lexical, v.match) for v in verdicts]
    store.replace_matches(pairs, clusters)
    summary.seconds["clusters"] = time.perf_counter() - clock
    summary.pairs, summary.clusters = len(pairs), len(clusters)


def _oriented(a: SentenceRef, b: SentenceRef, similarity: float, lexical: float, match: str) -> Pair:
    """A pair with the earlier-published (else lower) document first."""
    if (b.published or "~", b.doc) < (a.published or "~", a.doc):
        a, b = b, a
    return Pair(a, b, round(similarity, 4), round(lexical, 4), match)


def search(store: Store, text: str, top: int = 10) -> list[tuple[SentenceRef, float]]:
    """Stored claims closest to `text`, each copy of a wording listed, best first."""
    if store.model is None:
        return []
    scores, hits = store.search(Embedder(store.model).encode([clean_text(text)]), top)
    ranked = [(sentence_id, float(score)) for score, hit in zip(scores[0], hits[0]) if hit >= 0
              for sentence_id in store.copies(int(hit))][:top]
    refs = store.sentence_refs(s for s, _ in ranked)
    return [(refs[s], round(score, 4)) for s, score in ranked]
