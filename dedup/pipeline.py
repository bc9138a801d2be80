"""The index run: the stages in order, and nothing else.

`index_paths` runs the stages in order (ingest: read and segment -> match: embed, store, mine candidates ->
judge -> group: clusters, provenance; the folders of the same names) and returns what changed; the CLI only parses options and prints it. Every step commits
before the next starts and records what is left to do in SQLite (sentences not yet matched), so a
run killed at any point leaves a consistent store that the next run completes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import time
from pathlib import Path

import numpy as np

from dedup import faults
from dedup.errors import DedupError
from dedup.group.tracing import build_clusters, trace_provenance
from dedup.ingest.attribution import find_cues
from dedup.ingest.corpus import Problem, read_corpus
from dedup.ingest.dates import document_date
from dedup.ingest.language import detect as detect_language
from dedup.ingest.segment import SEGMENTATION, clean_text, segment, text_key
from dedup.judge import DEFAULT_VERIFIER, Judge, TranslationJudge, make_verifier
from dedup.judge.align import aligned_pairs
from dedup.judge.pair_rows import pair_rows
from dedup.judge.verdicts import judged_by
from dedup.match import index as vector_index
from dedup.match.candidates import Candidates
from dedup.match.embed import Embedder, model_id
from dedup.match.mining import (Searcher, english_pairs, mine, multilingual_candidates, open_index,
                                post_reach, within)
from dedup.records import MATCHED_KINDS, POST, TITLE, Document
from dedup.store import LOCK_TIMEOUT_S, Store
from dedup.summary import IndexSummary

DOCUMENTS_PER_TRANSACTION = 500


def index_paths(store_path: Path, paths: list[Path], model: str | None = None, progress: bool = False,
                verifier: Judge | None = None, wait: float = LOCK_TIMEOUT_S,
                ray_address: str | None = None, embedder: Embedder | None = None) -> IndexSummary:
    """Bring the store in line with the documents under `paths`.

    New and changed documents are (re)indexed, documents that disappeared from under `paths` are
    removed (unless their file could not be read this time), and only new wordings are embedded.
    With `ray_address`, embedding, mining and the cross-encoder's reading run on that Ray cluster
    (see `dedup.match.distributed`).
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
            _match_anew_if_judged_otherwise(store, verifier, summary)
            if embedder is None:
                embedder = _embedder_for(store, model)
            else:
                store.meta.check_model(embedder.name, embedder.dimension)
            searcher = vector_index.near_pairs
            if ray_address:
                from dedup.match import distributed

                embedder = distributed.RayEmbedder(embedder.name, ray_address)
                searcher = distributed.near_pairs
                verifier = distributed.on_ray(verifier, ray_address)
            summary.run = store.runs.start_run("index " + " ".join(str(p) for p in paths))
            known = store.documents.document_hashes()
            held_elsewhere = _held_by_another_file(store, corpus.documents, known)
            summary.problems += [problem for _, problem in held_elsewhere]
            summary.skipped += len(held_elsewhere)
            skipped = {doc_id for doc_id, _ in held_elsewhere}
            corpus.documents = [d for d in corpus.documents if d.doc_id not in skipped]
            hashes = {d.doc_id: content_hash(d) for d in corpus.documents}
            changed = [d for d in corpus.documents if known.get(d.doc_id) != hashes[d.doc_id]]
            edited = [d.doc_id for d in changed if d.doc_id in known]
            summary.unchanged = len(corpus.documents) - len(changed)
            summary.updated = len(edited)
            summary.added = len(changed) - summary.updated
            missing = _missing(store, paths, corpus.documents, corpus.problems)
            first_found = (edited, store.matches.first_runs(edited))  # what their unchanged pairs keep
            _match_posts_near_again(store, edited + missing, verifier, searcher)
            for start in range(0, len(changed), DOCUMENTS_PER_TRANSACTION):
                _index_batch(store, embedder, changed[start:start + DOCUMENTS_PER_TRANSACTION], hashes, summary,
                             progress)
            _remove_missing(store, missing, summary)
            del corpus, changed, embedder  # the documents' text and the embedding model: matching needs neither
            match_new_sentences(store, verifier, summary, searcher, first_found)
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
    """Hash of a document's text and metadata, and of how they are cut into segments: a change to any
    re-indexes it (an upgrade that segments otherwise re-segments every document on its next run, as a
    clean build would)."""
    metadata = [document.outlet, document.published, document.url, document.title, document.extra]
    payload = json.dumps([document.text, metadata, SEGMENTATION],
                         ensure_ascii=False, sort_keys=True, default=str)
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
        replaced = False
        for document, sentences in segmented:
            vector_ids = [known[text_key(s.text)] if s.kind in MATCHED_KINDS else None for s in sentences]
            replaced |= store.documents.put_document(document, document.path, hashes[document.doc_id], sentences,
                                                     vector_ids, summary.run, document_date(document.published, document.text),
                                                     find_cues(document.text), languages[document.doc_id])
            summary.sentences += len(sentences)
            summary.claims += sum(1 for s in sentences if s.kind in MATCHED_KINDS)
        if replaced:  # the wordings an edited document no longer has, no other has either: as a clean build
            store.vectors.remove_unused_vectors()
    faults.checkpoint("committed")


def _held_by_another_file(store: Store, documents: list[Document], known: dict[str, str]
                          ) -> list[tuple[str, Problem]]:
    """(doc id, problem) of each document whose id, made from its file's path (none given), a stored
    document of another file holds, that file still there, not read in this run and different (two folders
    indexed apart, each with its own `a.txt`): updating it would silently replace the other. A file that
    moved or was copied updates its document; a given id names one document wherever it comes from."""
    ids = [d.doc_id for d in documents if d.id_from_path and d.doc_id in known]
    stored = store.documents.document_paths(ids) if ids else {}
    read_now = {d.path for d in documents}  # a stored file read again now is indexed under its own id
    differ = functools.lru_cache(maxsize=None)(_another_file)
    return [(d.doc_id, Problem(d.source, f"document id '{d.doc_id}' already used by {stored[d.doc_id]}, indexed "
                                         "earlier; index the two from a common folder, or give one another id in a "
                                         "manifest"))
            for d in documents if d.doc_id in stored and stored[d.doc_id] != d.path
            and stored[d.doc_id] not in read_now and differ(stored[d.doc_id], d.path)]


def _another_file(earlier: str, now: str) -> bool:
    """Whether the file a document was read from earlier is still there and not a copy of `now`."""
    try:
        return Path(earlier).is_file() and Path(earlier).read_bytes() != Path(now).read_bytes()
    except OSError:
        return False


def _missing(store: Store, paths: list[Path], documents: list[Document], problems: list[Problem]) -> list[str]:
    """Documents read from under `paths` before and gone now. A document whose file could not be read this
    time is not missing: bad input never loses what was indexed."""
    present = {d.doc_id for d in documents}
    unreadable = {p.path for p in problems}
    previous = store.documents.documents_under(str(p.resolve()) for p in paths)
    kept_back = store.documents.documents_in_files(unreadable)
    return sorted(previous - present - kept_back)


def _match_anew_if_judged_otherwise(store: Store, verifier: Judge, summary: IndexSummary) -> None:
    """A store's pairs are what its judge decided. When the judge is another (new weights or rules with an
    upgrade, other thresholds, `DEDUP_CROSS_ENCODER`), every claim is matched anew in this run, as a clean
    build with it would be; the judge is recorded in the same transaction, so a run killed later leaves the
    claims marked and the next run finishes the work."""
    fingerprint = judged_by(verifier)
    if store.meta.get("judge") == fingerprint:
        return
    with store.transaction():  # a new store has nothing to match again; one from before judges were recorded, all
        summary.matched_anew = store.matches.match_all_again()
        store.meta.set("judge", fingerprint)
    faults.checkpoint("judge-recorded")


def _match_posts_near_again(store: Store, going: list[str], verifier: Judge, searcher: Searcher) -> None:
    """Mark for matching again every post near a unit of the documents about to be changed or removed.

    A post is the claim it matches best among the closest ones the model reads (`PostRanking`): when one
    of those goes, another comes into reach and may match it better, as a clean build would find. So
    before the documents change, the posts within the ranking's radius of their units are marked, in a
    transaction of their own (a post matched again decides what it decided, so a run killed after it
    changes nothing)."""
    ranking = getattr(verifier, "post_ranking", None)
    if ranking is None or not going or not store.sentences.has_posts():
        return
    units = store.sentences.matched_units_of(going)
    if not units:
        return
    only_posts = post_reach(store, 1.0, ranking.radius)  # radius 1: only the pairs with a post's wording
    near = mine(store, open_index(store), only_posts, units, searcher)
    posts = store.sentences.of_kind(near.sentence_ids(), POST).difference(units)
    if posts:
        with store.transaction():
            store.sentences.match_again(sorted(posts))
        faults.checkpoint("posts-marked")


def _remove_missing(store: Store, missing: list[str], summary: IndexSummary) -> None:
    """Remove the documents read from under the paths before and gone now (`_missing`)."""
    if missing:
        with store.transaction():
            store.documents.remove_documents(missing)
            store.vectors.remove_unused_vectors()
    summary.removed = len(missing)


def match_new_sentences(store: Store, verifier: Judge, summary: IndexSummary | None = None,
                        searcher: Searcher = vector_index.near_pairs,
                        first_found: tuple[list[str], dict[tuple, int]] | None = None) -> None:
    """Mine and verify the pairs of every sentence not matched yet, re-cluster, then trace provenance.
    `first_found`: documents read again in this run and when their pairs were first found
    (`Matches.add_pairs`): a correction does not make the pairs it left as they were new."""
    summary = summary or IndexSummary(run=store.runs.start_run("match"))
    with summary.stage("index"):
        index = open_index(store)
        checksum = index.save()
        if checksum:
            store.vectors.index_saved(checksum)
    pending = store.sentences.sentences_to_match()
    rematched: list[int] = []
    posts: set[int] = set()
    reclustered = bool(pending) or store.matches.needs_clustering()
    if reclustered:
        with summary.stage("candidates"):
            ranking = getattr(verifier, "post_ranking", None)
            if ranking is None:
                candidates = mine(store, index, verifier.candidate_radius, pending, searcher)
            else:
                # a post is matched among every claim near it (`dedup.judge.posts.PostRanking`), so a post that new
                # sentences came near is matched again, with all its candidates
                reach = post_reach(store, verifier.candidate_radius, ranking.radius)
                candidates = mine(store, index, reach, pending, searcher)
                posts = store.sentences.of_kind(candidates.sentence_ids(), POST)
                again = sorted(posts.difference(pending))
                if again:
                    candidates = candidates.union(mine(store, index, reach, again, searcher))
                    posts = store.sentences.of_kind(candidates.sentence_ids(), POST)
                # every post whose candidates were all mined in this run: its stored pairs are decided anew (a
                # pending one may be an old post that lost its match to a removed or changed document)
                rematched = sorted(set(again) | store.sentences.of_kind(pending, POST))
                candidates = within(candidates, verifier.candidate_radius, posts)
        del index  # the largest thing in memory, not needed past mining
        crossing = None
        if store.vectors.has_other_languages():
            with summary.stage("languages"):
                crossing = multilingual_candidates(store, pending, searcher, summary)
                candidates = english_pairs(store, candidates)
        _match(store, candidates, crossing, verifier, pending, summary, posts, rematched, first_found)
    else:
        del index
    with summary.stage("provenance"):
        for trees in trace_provenance(store, store.provenance.clusters_without_provenance()):
            store.provenance.put_provenance(trees)
            summary.traced += len(trees)
        if summary.traced or reclustered:  # a cluster that dissolved takes its copies with it
            store.provenance.count_outlet_copies()
    counts = store.meta.counts()
    summary.pairs, summary.clusters = counts["pairs"], counts["clusters"]


def _match(store: Store, candidates: Candidates, crossing: Candidates | None, verifier: Judge, pending: list[int],
           summary: IndexSummary, posts: set[int], rematched: list[int],
           first_found: tuple[list[str], dict[tuple, int]] | None) -> None:
    with summary.stage("verify"):
        sentence_ids = candidates.sentence_ids()
        documents = store.sentences.sentence_documents(sentence_ids)
        verdicts = verifier.verify(candidates, store.sentences.sentence_texts(sentence_ids), documents, posts=posts,
                                   titles=store.sentences.of_kind(sentence_ids, TITLE))
        del candidates, sentence_ids
        summary.verdicts = dict(verdicts.routes)
        pairs = pair_rows(verdicts, documents, store.documents.document_order(set(documents.values())))
        del verdicts, documents
        if crossing is not None and len(crossing):
            sentence_ids = crossing.sentence_ids()
            documents = store.sentences.sentence_documents(sentence_ids)
            verdicts = TranslationJudge().verify(crossing, store.sentences.sentence_texts(sentence_ids), documents,
                                                 languages=store.sentences.sentence_languages(sentence_ids))
            for route, count in verdicts.routes.items():
                summary.verdicts[route] = summary.verdicts.get(route, 0) + count
            pairs = pairs.extend_rows(pair_rows(verdicts, documents, store.documents.document_order(set(documents.values()))))
        matched = set(np.union1d(pairs.a, pairs.b).tolist())
        if verifier.aligns_passages:
            aligned = aligned_pairs(store, pairs)
            pairs = pairs.extend(aligned)
            matched |= {ref.sentence_id for pair in aligned for ref in (pair.a, pair.b)}
    with summary.stage("clusters"):
        # Only the match graph's components that gained pairs or lost members (or pairs: a post matched
        # again) are re-clustered, unless an interrupted run left the clusters stale: then all of them are.
        stale = store.matches.clusters_stale()
        summary.new_pairs = store.matches.add_pairs(pairs.rows(), summary.run, pending, rematched, first_found)
        touching = None if stale else matched | store.matches.dirty_cluster_members()
        del pairs
        faults.checkpoint("paired")
        clusters, considered = build_clusters(store, touching)
        summary.new_clusters, summary.grown_clusters = store.matches.replace_clusters(
            clusters, summary.run, None if touching is None else considered)
        faults.checkpoint("clustered")


