"""Grouping over the store: claim clusters from the stored pairs, and provenance trees from the stored clusters,
pairs, dates and attribution cues (the algorithms are `clusters.py` and `provenance.py`; this reads their input)."""

from __future__ import annotations

from itertools import combinations
from typing import Iterator

from dedup.group.clusters import cluster_matches
from dedup.group.provenance import DocumentEvidence, DocumentRelations, build_provenance
from dedup.records import ClusterMembers, Provenance
from dedup.store import Store


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
        traced = {frozenset(pair) for c in clusters for pair in combinations(c.documents, 2)}
        relations = DocumentRelations.compare(store.matches.clusters_among(docs), docs, traced)
        trees = []
        for cluster in clusters:
            documents = {d: DocumentEvidence(d, outlets.get(d, ""), evidence[d][0], tuple(evidence[d][1]))
                         for d in cluster.documents}
            trees.append(build_provenance(cluster, pairs.get(cluster.cluster_id, []), documents, relations))
        yield trees


def build_clusters(store: Store, touching: set[int] | None = None) -> tuple[list[ClusterMembers], set[int]]:
    """Claim clusters from the stored pairs (those of components `touching` these sentences, if given),
    and the sentences whose clustering was recomputed.

    A cluster's id is its first sentence's id, so a cluster keeps its id as it grows. Ties are broken by
    where the sentences stand (publication date, document id, position), never by when they arrived.
    """
    groups, considered = cluster_matches(store.matches.pair_edges(), touching, store.sentences.places)
    documents = store.sentences.sentence_documents(s for _, members in groups for s in members)
    clusters = []
    for representative, members in groups:
        carriers = len({documents[m] for m in members})
        if carriers > 1:
            clusters.append(ClusterMembers(min(members), representative, tuple(members), carriers))
    return clusters, considered
