"""The library API behind each read command: one call opens the store, reads, and returns records.

Reads only read: provenance trees were traced and stored by `dedup index`. The one exception is a
store whose latest run was interrupted, or one migrated from an older schema, before its trees were
traced: those clusters' trees are worked out in memory (and stored by the next index run).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from dedup.errors import DedupError
from dedup.group.provenance import outlet_view, pair_directions
from dedup.group.tracing import trace_provenance
from dedup.ingest.corpus import Problem
from dedup.records import Cluster, Pair, Provenance, SentenceRef
from dedup.store import Store

if TYPE_CHECKING:
    from dedup.match.search import Answer


@dataclass(frozen=True)
class ProvenanceReport:
    """Provenance trees, the clusters they belong to, and who takes from whom (outlet, copies)."""

    trees: list[Provenance]
    clusters: dict[int, Cluster]
    outlets: list[tuple[str, str, int]]


@contextlib.contextmanager
def opened(path: Path) -> Iterator[Store]:
    store = Store.open(path)
    try:
        yield store
    finally:
        store.close()


def pairs(path: Path, min_similarity: float = 0.0, since: str | None = None
          ) -> tuple[list[Pair], dict[tuple[int, int], str]]:
    """Matched pairs (first found after run N or at/after an ISO 8601 time, if `since`), and the
    direction their cluster's provenance tree gives each pair it orders."""
    since_run, since_time = parse_since(since)
    with opened(path) as store:
        found = store.matches.pairs(min_similarity, since_run, since_time)
        clusters = {p.cluster for p in found} - {None}
        parents = store.provenance.tree_parents(clusters)
        untraced = clusters - set(store.provenance.provenance_traced(clusters))
        for traced in _trace(store, sorted(untraced)):
            parents.update((t.cluster_id, t.parents()) for t in traced)
    return found, pair_directions(found, parents)


def clusters(path: Path, min_docs: int = 2) -> tuple[list[Cluster], dict[int, Provenance]]:
    """Clusters spanning at least `min_docs` documents, most documents first, with their trees."""
    with opened(path) as store:
        found = [c for c in store.matches.clusters() if len(c.documents) >= min_docs]
        return found, _trees(store, [c.cluster_id for c in found])


def provenance(path: Path, cluster: int | None = None) -> ProvenanceReport:
    """The provenance tree of one cluster, or of every cluster with the outlet-level counts."""
    with opened(path) as store:
        every = {c.cluster_id: c for c in store.matches.clusters()}
        if cluster is not None and cluster not in every:
            raise DedupError(f"{path}: no cluster {cluster} (see 'dedup clusters')")
        chosen = [cluster] if cluster is not None else list(every)
        stored = store.provenance.trees(chosen)
        trees = _trees(store, chosen, stored)
        ordered = [trees[c] for c in chosen]
        if cluster is not None:
            return ProvenanceReport(ordered, {cluster: every[cluster]}, [])
        outlets = store.provenance.outlet_copies() if len(stored) == len(trees) else outlet_view(ordered)
        return ProvenanceReport(ordered, every, outlets)


def report(path: Path, min_docs: int = 2) -> ProvenanceReport:
    """What the HTML report shows: clusters spanning at least `min_docs` documents, their trees, and who
    takes from whom among them."""
    found, trees = clusters(path, min_docs)
    ordered = [trees[c.cluster_id] for c in found]
    return ProvenanceReport(ordered, {c.cluster_id: c for c in found}, outlet_view(ordered))


def grown_clusters(path: Path, grown: dict[int, int]) -> list[tuple[Cluster, int]]:
    """(cluster, documents it gained) for the clusters an index run grew (`IndexSummary.grown_clusters`)."""
    with opened(path) as store:
        by_id = {c.cluster_id: c for c in store.matches.clusters(grown)}
    return [(by_id[c], len(by_id[c].documents) - before) for c, before in grown.items()]


def runs(path: Path) -> list[dict]:
    with opened(path) as store:
        return store.runs.all()


def stats(path: Path) -> dict[str, str]:
    """What the store holds, as (label, value) lines."""
    with opened(path) as store:
        judge = store.meta.get("judge")  # what decided its pairs: another judge matches every claim anew
        model = f"{store.meta.model} ({store.meta.get('dimension')} dimensions)" if store.meta.model else "none yet"
        rows = {"store": str(path), "model": model,
                "verifier": store.meta.get("verifier") or "", **({"judge": judge.split()[-1]} if judge else {}),
                **{name.replace("_", " "): str(count) for name, count in store.meta.counts().items()},
                "languages": ", ".join(f"{language} {count}" for language, count in store.documents.document_languages())}
        if store.meta.get("multilingual_model"):
            rows["multilingual"] = store.meta.get("multilingual_model")
        last = store.runs.last_run()
    if last:
        rows["last run"] = f"{last['run']} ({last['status']}) {last['started']} {last['command']}"
    return rows


def search_many(path: Path, source: str | None, top: int = 10, only_matches: bool = False, text: str | None = None
                ) -> tuple[list["Answer"], list[Problem]]:
    """Answers to many queries at once (`dedup.match.search`): those of the file `source` ('-': standard input),
    or the one `text`; and the lines that could not be read as queries."""
    from dedup.match import search  # the models and FAISS: only search needs them

    queries, problems = search.read_queries(source) if source is not None else ([search.Query("1", text or "")], [])
    with opened(path) as store:
        return search.search_many(store, queries, top, only_matches), problems


def search(path: Path, text: str, top: int = 10) -> list[tuple[SentenceRef, float]]:
    from dedup.match import search as searching  # the model and the index: only search needs them

    with opened(path) as store:
        return searching.search(store, text, top)


def parse_since(since: str | None) -> tuple[int | None, str | None]:
    """`--since`: a run number, or an ISO 8601 time (local time when it names no zone) -> (run, UTC time)."""
    if since is None:
        return None, None
    if since.isdigit():
        return int(since), None
    try:
        moment = datetime.fromisoformat(since)
    except ValueError:
        raise DedupError(f"--since '{since}' is neither a run number nor an ISO 8601 time") from None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # local time, as a user typing a time means it
    return None, moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _trees(store: Store, cluster_ids, stored: dict[int, Provenance] | None = None) -> dict[int, Provenance]:
    """Stored trees of these clusters; any not traced yet are worked out in memory."""
    trees = dict(stored if stored is not None else store.provenance.trees(cluster_ids))
    missing = sorted(set(cluster_ids) - set(trees))
    for traced in _trace(store, missing):
        trees.update((t.cluster_id, t) for t in traced)
    return trees


def _trace(store: Store, cluster_ids: list[int]) -> Iterator[list[Provenance]]:
    """Trees worked out in memory: only for stores whose trees are not all stored."""
    return trace_provenance(store, cluster_ids)
