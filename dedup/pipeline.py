"""The library API: index documents into a store, match their claims, search for a claim.

`index_paths` runs the stages in order (corpus -> segment -> embed -> store -> pairs -> verify ->
clusters -> provenance) and returns what changed; the CLI only parses options and prints it. Every step commits
before the next starts and records what is left to do in SQLite (sentences not yet matched), so a
run killed at any point leaves a consistent store that the next run completes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import resource
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from dedup import align, faults
from dedup import index as vector_index
from dedup.attribution import find_cues
from dedup.clusters import cluster_matches
from dedup.corpus import Problem, read_corpus
from dedup.dates import document_date
from dedup.embed import Embedder, MultilingualEmbedder, model_id
from dedup.errors import DedupError
from dedup.language import ENGLISH, detect as detect_language
from dedup.pairs import Candidates, Searcher, entries_involved, expand, near_wordings
from dedup.provenance import DocumentEvidence, DocumentRelations, build_provenance
from dedup.records import MATCHED_KINDS, POST, TITLE, ClusterMembers, Document, Pair, Provenance, SentenceRef
from dedup.segment import clean_text, segment, text_key
from dedup.store import INDEX_FILE, LOCK_TIMEOUT_S, MULTILINGUAL_INDEX_FILE, Store
from dedup.judge import (DEFAULT_VERIFIER, PARAPHRASE, TranslationJudge, Verdicts, Judge, make_verifier,
                          one_post_side)

DOCUMENTS_PER_TRANSACTION = 500


@dataclass
class IndexSummary:
    """What one `index` run did."""

    run: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0
    sentences: int = 0
    claims: int = 0
    embedded: int = 0  # new distinct wordings embedded in this run
    new_pairs: int = 0
    pairs: int = 0
    new_clusters: list[int] = field(default_factory=list)
    grown_clusters: dict[int, int] = field(default_factory=dict)  # cluster id -> documents before
    clusters: int = 0
    traced: int = 0  # clusters whose provenance was (re)traced
    embedded_multilingual: int = 0  # wordings embedded by the multilingual model in this run
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, summed over its steps
    peak_mb: dict[str, int] = field(default_factory=dict)  # the process's peak memory during each stage
    verdicts: dict[str, int] = field(default_factory=dict)  # candidates decided at each step of the verifier
    problems: list[Problem] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a stage (adding up its steps) and note the peak memory when it ends: the one place
        where stages are timed, read by `dedup runs` and `scripts/bench.py`."""
        clock = time.perf_counter()
        _reset_peak_memory()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - clock, 3)
            self.peak_mb[name] = max(self.peak_mb.get(name, 0), _peak_memory_mb())

    def as_dict(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "problems"}
        return {**data, "problems": [str(p) for p in self.problems]}


def _reset_peak_memory() -> None:
    """Start a new peak-memory reading (Linux: clear the process's high-water mark; elsewhere the
    peaks are the process's so far)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def _peak_memory_mb() -> int:
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def index_paths(store_path: Path, paths: list[Path], model: str | None = None, progress: bool = False,
                verifier: Judge | None = None, wait: float = LOCK_TIMEOUT_S,
                ray_address: str | None = None, embedder: Embedder | None = None) -> IndexSummary:
    """Bring the store in line with the documents under `paths`.

    New and changed documents are (re)indexed, documents that disappeared from under `paths` are
    removed (unless their file could not be read this time), and only new wordings are embedded.
    With `ray_address`, embedding and mining run on that Ray cluster (see `dedup.distributed`).
    `embedder` stands in for the model named by `model` (anything with `name`, `dimension` and
    `encode`; `scripts/bench.py` serves vectors embedded beforehand).
    """
    summary = IndexSummary()
    started = time.perf_counter()
    with summary.stage("read"):
        corpus = read_corpus(paths)
    summary.problems, summary.skipped = corpus.problems, len(corpus.problems)
    store = Store.create(store_path)
    try:
        with store.writing(wait):
            verifier = verifier or make_verifier(store.meta.get("verifier") or DEFAULT_VERIFIER)
            store.meta.check_verifier(verifier.name)
            if embedder is None:
                embedder = _embedder_for(store, model)
            else:
                store.meta.check_model(embedder.name, embedder.dimension)
            searcher = vector_index.near_pairs
            if ray_address:
                from dedup import distributed

                embedder = distributed.RayEmbedder(embedder.name, ray_address)
                searcher = distributed.near_pairs
            summary.run = store.runs.start_run("index " + " ".join(str(p) for p in paths))
            known = store.documents.document_hashes()
            hashes = {d.doc_id: content_hash(d) for d in corpus.documents}
            changed = [d for d in corpus.documents if known.get(d.doc_id) != hashes[d.doc_id]]
            summary.unchanged = len(corpus.documents) - len(changed)
            summary.updated = sum(1 for d in changed if d.doc_id in known)
            summary.added = len(changed) - summary.updated
            for start in range(0, len(changed), DOCUMENTS_PER_TRANSACTION):
                _index_batch(store, embedder, changed[start:start + DOCUMENTS_PER_TRANSACTION], hashes, summary,
                             progress)
            _remove_missing(store, paths, corpus.documents, corpus.problems, summary)
            del corpus, changed, embedder  # the documents' text and the embedding model: matching needs neither
            match_new_sentences(store, verifier, summary, searcher)
            summary.seconds["total"] = round(time.perf_counter() - started, 3)
            store.runs.finish_run(summary.run, summary.as_dict())
    except sqlite3.Error as error:  # a full disk, a damaged file: the last transaction was rolled back
        raise DedupError(f"{store_path}: storage error, nothing half-written was kept ({error})") from error
    except OSError as error:
        raise DedupError(f"{store_path}: {error.strerror or error} ({getattr(error, 'filename', '') or ''})") from error
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
    if store.meta.model is not None:
        store.meta.check_model(model_id(model) if model else store.meta.model)
        return Embedder(store.meta.model)
    embedder = Embedder(model)
    store.meta.check_model(embedder.name, embedder.dimension)
    return embedder


def _index_batch(store: Store, embedder: Embedder, documents: list[Document], hashes: dict[str, str],
                 summary: IndexSummary, progress: bool) -> None:
    with summary.stage("segment"):
        languages = {d.doc_id: detect_language(d.text) for d in documents}
        segmented = [(d, segment(d.text, languages[d.doc_id], d.title)) for d in documents]
        keys = {text_key(s.text): clean_text(s.text) for _, sentences in segmented for s in sentences
                if s.kind in MATCHED_KINDS}
    with summary.stage("embed"):
        known = store.vectors.vector_ids(keys)
        new_keys = [k for k in keys if k not in known]
        vectors = embedder.encode([keys[k] for k in new_keys], progress=progress)
        faults.checkpoint("embedded")
        summary.embedded += len(new_keys)
    with summary.stage("store"), store.transaction():
        known.update(store.vectors.add_vectors(new_keys, vectors))
        for document, sentences in segmented:
            vector_ids = [known[text_key(s.text)] if s.kind in MATCHED_KINDS else None for s in sentences]
            store.documents.put_document(document, document.path, hashes[document.doc_id], sentences, vector_ids, summary.run,
                               document_date(document.published, document.text), find_cues(document.text),
                               languages[document.doc_id])
            summary.sentences += len(sentences)
            summary.claims += sum(1 for s in sentences if s.kind in MATCHED_KINDS)
    faults.checkpoint("committed")


def _remove_missing(store: Store, paths: list[Path], documents: list[Document], problems: list[Problem],
                    summary: IndexSummary) -> None:
    """Remove documents that were read from under `paths` before and are gone now.

    A document whose file could not be read this time is kept: bad input never loses what was indexed.
    """
    present = {d.doc_id for d in documents}
    unreadable = {p.path for p in problems}
    previous = store.documents.documents_under(str(p.resolve()) for p in paths)
    kept_back = store.documents.documents_in_files(unreadable)
    missing = sorted(previous - present - kept_back)
    if missing:
        with store.transaction():
            store.documents.remove_documents(missing)
            store.vectors.remove_unused_vectors()
    summary.removed = len(missing)


def match_new_sentences(store: Store, verifier: Judge, summary: IndexSummary | None = None,
                        searcher: Searcher = vector_index.near_pairs) -> None:
    """Mine and verify the pairs of every sentence not matched yet, re-cluster, then trace provenance."""
    summary = summary or IndexSummary(run=store.runs.start_run("match"))
    with summary.stage("index"):
        index = open_index(store)
        checksum = index.save()
        if checksum:
            store.vectors.index_saved(checksum)
    pending = store.sentences.sentences_to_match()
    rematched: list[int] = []
    posts: set[int] = set()
    if pending or store.matches.needs_clustering():
        with summary.stage("candidates"):
            ranking = getattr(verifier, "post_ranking", None)
            if ranking is None:
                candidates = _candidates(store, index, verifier.candidate_radius, pending, searcher)
            else:
                # a post is matched among every claim near it (`verify.PostRanking`), so a post that new
                # sentences came near is matched again, with all its candidates
                candidates = _candidates(store, index, ranking.radius, pending, searcher)
                posts = store.sentences.of_kind(candidates.sentence_ids(), POST)
                again = sorted(posts.difference(pending))
                if again:
                    candidates = candidates.union(_candidates(store, index, ranking.radius, again, searcher))
                    posts = store.sentences.of_kind(candidates.sentence_ids(), POST)
                # every post whose candidates were all mined in this run: its stored pairs are decided anew (a
                # pending one may be an old post that lost its match to a removed or changed document)
                rematched = sorted(set(again) | store.sentences.of_kind(pending, POST))
                candidates = _within(candidates, verifier.candidate_radius, posts)
        del index  # the largest thing in memory, not needed past mining
        crossing = None
        if store.vectors.has_other_languages():
            with summary.stage("languages"):
                crossing = _multilingual_candidates(store, pending, searcher, summary)
                candidates = _english_pairs(store, candidates)
        _match(store, candidates, crossing, verifier, pending, summary, posts, rematched)
    else:
        del index
    with summary.stage("provenance"):
        for trees in trace_provenance(store, store.provenance.clusters_without_provenance()):
            store.provenance.put_provenance(trees)
            summary.traced += len(trees)
        if summary.traced:
            store.provenance.count_outlet_copies()
    counts = store.meta.counts()
    summary.pairs, summary.clusters = counts["pairs"], counts["clusters"]


SENTENCES_PER_QUERY = 100_000  # mined a step at a time: their vectors are fetched per step


def _candidates(store: Store, index: vector_index.IndexFile, radius: float, pending: list[int],
                searcher: Searcher, multilingual: bool = False) -> Candidates:
    """Candidate pairs of the pending sentences: their wordings' near wordings, expanded to sentences."""
    queried, firsts, seconds, scores = [], [], [], []
    for start in range(0, len(pending), SENTENCES_PER_QUERY):
        index_ids, vectors = store.vectors.index_entries_for(pending[start:start + SENTENCES_PER_QUERY], multilingual)
        near = near_wordings(index.index, index_ids, vectors, radius, searcher)
        queried.append(index_ids)
        firsts.append(near[0]), seconds.append(near[1]), scores.append(near[2])
        del vectors
    index_ids = np.unique(np.concatenate(queried)) if queried else np.zeros(0, dtype=np.int64)
    near = vector_index.unique_pairs(*(np.concatenate(column) if column else np.zeros(0, dtype=dtype)
                                       for column, dtype in ((firsts, np.int64), (seconds, np.int64),
                                                             (scores, np.float64))))
    return expand(index_ids, near, store.sentences.claim_groups(entries_involved(index_ids, near)))


def _within(candidates: Candidates, radius: float, posts: set[int]) -> Candidates:
    """The candidates at `radius` or closer, and those further away that have one post on a side."""
    return candidates.take(np.flatnonzero((candidates.similarity >= radius) | one_post_side(candidates, posts)))


def _multilingual_candidates(store: Store, pending: list[int], searcher: Searcher, summary: IndexSummary) -> Candidates:
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
    candidates = _candidates(store, index, TranslationJudge.candidate_radius, pending, searcher, multilingual=True)
    return candidates.take(np.flatnonzero(~_both_english(store, candidates) & ~candidates.same_wording))


def _english_pairs(store: Store, candidates: Candidates) -> Candidates:
    """The candidates the English judge can read: both sentences in English, or the same wording."""
    return candidates.take(np.flatnonzero(_both_english(store, candidates) | candidates.same_wording))


def _both_english(store: Store, candidates: Candidates) -> np.ndarray:
    """For each candidate, whether both its sentences are in English."""
    languages = store.sentences.sentence_languages(candidates.sentence_ids())
    return np.array([languages[a] == ENGLISH and languages[b] == ENGLISH for a, b in
                     zip(candidates.sentence_a.tolist(), candidates.sentence_b.tolist())], dtype=bool)


def _match(store: Store, candidates: Candidates, crossing: Candidates | None, verifier: Judge, pending: list[int],
           summary: IndexSummary, posts: set[int], rematched: list[int]) -> None:
    with summary.stage("verify"):
        sentence_ids = candidates.sentence_ids()
        documents = store.sentences.sentence_documents(sentence_ids)
        verdicts = verifier.verify(candidates, store.sentences.sentence_texts(sentence_ids), documents, posts=posts,
                                   titles=store.sentences.of_kind(sentence_ids, TITLE))
        del candidates, sentence_ids
        summary.verdicts = dict(verdicts.routes)
        pairs = _pair_rows(verdicts, documents, store.documents.document_order(set(documents.values())))
        del verdicts, documents
        if crossing is not None and len(crossing):
            sentence_ids = crossing.sentence_ids()
            documents = store.sentences.sentence_documents(sentence_ids)
            verdicts = TranslationJudge().verify(crossing, store.sentences.sentence_texts(sentence_ids), documents,
                                                 languages=store.sentences.sentence_languages(sentence_ids))
            for route, count in verdicts.routes.items():
                summary.verdicts[route] = summary.verdicts.get(route, 0) + count
            pairs = pairs.extend_rows(_pair_rows(verdicts, documents, store.documents.document_order(set(documents.values()))))
        matched = set(np.union1d(pairs.a, pairs.b).tolist())
        if verifier.aligns_passages:
            aligned = _aligned_pairs(store, pairs)
            pairs = pairs.extend(aligned)
            matched |= {ref.sentence_id for pair in aligned for ref in (pair.a, pair.b)}
    with summary.stage("clusters"):
        # Only the match graph's components that gained pairs or lost members (or pairs: a post matched
        # again) are re-clustered, unless an interrupted run left the clusters stale: then all of them are.
        stale = store.matches.clusters_stale()
        summary.new_pairs = store.matches.add_pairs(pairs.rows(), summary.run, pending, rematched)
        touching = None if stale else matched | store.matches.dirty_cluster_members()
        del pairs
        faults.checkpoint("paired")
        clusters, considered = build_clusters(store, touching)
        summary.new_clusters, summary.grown_clusters = store.matches.replace_clusters(
            clusters, summary.run, None if touching is None else considered)
        faults.checkpoint("clustered")


@dataclass(frozen=True)
class PairRows:
    """Verified pairs as columns, the earlier-published (else lower) document's sentence first: at a
    million sentences there are millions, which as `Pair` objects would take gigabytes."""

    a: np.ndarray  # sentence ids, int64
    b: np.ndarray
    similarity: np.ndarray  # float64
    lexical: np.ndarray
    match: np.ndarray  # object array of labels
    confidence: np.ndarray  # float64, NaN where no model spoke
    reason: np.ndarray  # object array: what decided each pair

    def rows(self) -> Iterator[tuple[int, int, float, float, str, float | None, str]]:
        """(sentence a, sentence b, similarity, lexical, match, confidence, reason), similarities rounded to
        4 places."""
        for start in range(0, len(self.a), 1 << 16):
            step = slice(start, start + (1 << 16))
            for a, b, similarity, lexical, match, confidence, reason in zip(
                    self.a[step].tolist(), self.b[step].tolist(), self.similarity[step].tolist(),
                    self.lexical[step].tolist(), self.match[step].tolist(), self.confidence[step].tolist(),
                    self.reason[step].tolist()):
                yield (a, b, round(similarity, 4), round(lexical, 4), match,
                       None if confidence != confidence else round(confidence, 4), reason)

    def _columns(self) -> tuple[np.ndarray, ...]:
        return self.a, self.b, self.similarity, self.lexical, self.match, self.confidence, self.reason

    def extend_rows(self, other: "PairRows") -> "PairRows":
        return PairRows(*(np.concatenate([mine, theirs]) for mine, theirs in zip(self._columns(), other._columns())))

    def extend(self, pairs: list[Pair]) -> "PairRows":
        if not pairs:
            return self
        return self.extend_rows(PairRows(np.array([p.a.sentence_id for p in pairs], dtype=np.int64),
                                         np.array([p.b.sentence_id for p in pairs], dtype=np.int64),
                                         np.array([p.similarity for p in pairs], dtype=np.float64),
                                         np.array([p.lexical for p in pairs], dtype=np.float64),
                                         np.array([p.match for p in pairs], dtype=object),
                                         np.array([np.nan if p.confidence is None else p.confidence for p in pairs],
                                                  dtype=np.float64),
                                         np.array([p.reason for p in pairs], dtype=object)))


def _pair_rows(verdicts: Verdicts, documents: dict[int, int], order: dict[int, tuple[str, str]]) -> PairRows:
    """The verdicts as pair rows, oriented by their documents' (publication date, doc id)."""
    candidates = verdicts.candidates
    ranked = sorted(order, key=order.__getitem__)
    rank = {row: place for place, row in enumerate(ranked)}
    rank_a = np.array([rank[documents[s]] for s in candidates.sentence_a.tolist()], dtype=np.int64)
    rank_b = np.array([rank[documents[s]] for s in candidates.sentence_b.tolist()], dtype=np.int64)
    swap = rank_b < rank_a
    return PairRows(np.where(swap, candidates.sentence_b, candidates.sentence_a),
                    np.where(swap, candidates.sentence_a, candidates.sentence_b),
                    candidates.similarity, verdicts.lexical, verdicts.match, verdicts.confidence, verdicts.reason)


def _aligned_pairs(store: Store, pairs: PairRows) -> list[Pair]:
    """Passage alignment (`dedup.judge.align`) over the pairs between documents that share two paraphrases."""
    paraphrases = np.flatnonzero(pairs.match == PARAPHRASE)
    refs = store.sentences.sentence_refs(set(pairs.a[paraphrases].tolist()) | set(pairs.b[paraphrases].tolist()))
    anchored = align.anchored_documents([Pair(refs[a], refs[b], 0.0, 0.0, PARAPHRASE) for a, b in
                                         zip(pairs.a[paraphrases].tolist(), pairs.b[paraphrases].tolist())
                                         if refs[a].lang == refs[b].lang == ENGLISH])  # read by the English model
    if not anchored:
        return []
    claims = _document_claims(store, anchored)
    in_anchored = {claim.ref.sentence_id for found in claims.values() for claim in found}
    rows = [row for row in pairs.rows() if row[0] in in_anchored and row[1] in in_anchored]
    refs = store.sentences.sentence_refs({row[0] for row in rows} | {row[1] for row in rows})
    return align.passage_pairs([Pair(refs[a], refs[b], similarity, lexical, match)
                                for a, b, similarity, lexical, match, _, _ in rows], claims)


def _document_claims(store: Store, docs: set[str]) -> dict[str, list[align.Claim]]:
    """doc -> its claims in document order, with their vectors, for passage alignment."""
    claims = store.documents.document_claims(docs)
    rows = [row for found in claims.values() for row in found]
    refs = store.sentences.sentence_refs(sentence for _, sentence, _ in rows)
    vectors = dict(zip((sentence for _, sentence, _ in rows), store.vectors.read([vector for _, _, vector in rows])))
    return {doc: [align.Claim(position, refs[sentence], vectors[sentence]) for position, sentence, _ in found]
            for doc, found in claims.items()}


CLUSTERS_PER_STEP = 2000


def trace_provenance(store: Store, cluster_ids: list[int]) -> Iterator[list[Provenance]]:
    """Provenance trees of these clusters, a step of clusters at a time (memory stays flat at any size),
    from the store's pairs, dates and attribution cues. Documents are compared over every cluster they share."""
    for start in range(0, len(cluster_ids), CLUSTERS_PER_STEP):
        clusters = store.matches.clusters(cluster_ids[start:start + CLUSTERS_PER_STEP])
        docs = {doc for c in clusters for doc in c.documents}
        evidence = store.documents.document_evidence(docs)
        outlets = store.documents.document_outlets(docs)
        pairs = store.matches.cluster_pairs(c.cluster_id for c in clusters)
        relations = DocumentRelations.compare(store.matches.clusters_among(docs), docs)
        trees = []
        for cluster in clusters:
            documents = {d: DocumentEvidence(d, outlets.get(d, ""), evidence[d][0], tuple(evidence[d][1]))
                         for d in cluster.documents}
            trees.append(build_provenance(cluster, pairs.get(cluster.cluster_id, []), documents, relations))
        yield trees


def build_clusters(store: Store, touching: set[int] | None = None) -> tuple[list[ClusterMembers], set[int]]:
    """Claim clusters from the stored pairs (those of components `touching` these sentences, if given),
    and the sentences whose clustering was recomputed.

    A cluster's id is its first sentence's id, so a cluster keeps its id as it grows.
    """
    groups, considered = cluster_matches(store.matches.pair_edges(), touching)
    documents = store.sentences.sentence_documents(s for _, members in groups for s in members)
    clusters = []
    for representative, members in groups:
        carriers = len({documents[m] for m in members})
        if carriers > 1:
            clusters.append(ClusterMembers(min(members), representative, tuple(members), carriers))
    return clusters, considered


def open_index(store: Store) -> vector_index.IndexFile:
    """The store's FAISS index, as its file holds it brought up to date with SQLite."""
    return vector_index.IndexFile(store.root / INDEX_FILE, store.vectors.index_checksum(), store.vectors.index_entries(), store.vectors.read,
                                  store.meta.dimension)


def open_multilingual_index(store: Store) -> vector_index.IndexFile:
    """The same wordings in the multilingual model's space (a store that holds claims not in English)."""
    return vector_index.IndexFile(store.root / MULTILINGUAL_INDEX_FILE, store.vectors.index_checksum(MULTILINGUAL_INDEX_FILE),
                                  store.vectors.index_entries(), store.vectors.read_multilingual, MultilingualEmbedder.dimension)


def search(store: Store, text: str, top: int = 10) -> list[tuple[SentenceRef, float]]:
    """Stored claims closest to `text`, each copy of a wording listed, best first."""
    if store.meta.model is None:
        return []
    # a query in another language is searched in the multilingual space, where claims of every language are
    # (a store without one never classifies the query)
    if store.meta.get("multilingual_model") and detect_language(text) != ENGLISH:
        scores, hits = open_multilingual_index(store).search(MultilingualEmbedder().encode([text]), top)
    else:
        scores, hits = open_index(store).search(Embedder(store.meta.model).encode([clean_text(text)]), top)
    ranked = [(sentence_id, float(score)) for score, hit in zip(scores[0], hits[0]) if hit >= 0
              for sentence_id in store.sentences.copies(int(hit))][:top]
    refs = store.sentences.sentence_refs(s for s, _ in ranked)
    return [(refs[s], round(score, 4)) for s, score in ranked]
