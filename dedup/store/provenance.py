"""Provenance trees as stored: each cluster's origin and copy edges, and copies counted between outlets."""

from __future__ import annotations

import json
from typing import Iterable

from dedup.records import Edge, Provenance
from dedup.store.base import Part


class Trees(Part):
    """Stored provenance trees; traced by `dedup index` (`dedup.group.tracing`), read by every read command."""

    def clusters_without_provenance(self) -> list[int]:
        return [row[0] for row in self.db.execute(
            "SELECT id FROM clusters WHERE id NOT IN (SELECT cluster_id FROM origins) ORDER BY id")]

    def put_provenance(self, trees: list[Provenance]) -> None:
        """Store provenance trees, replacing those of the same clusters."""
        with self.store.transaction():
            self.db.executemany("DELETE FROM origins WHERE cluster_id = ?", [(t.cluster_id,) for t in trees])
            self.db.executemany("INSERT INTO origins VALUES (?, ?, ?)", [
                (t.cluster_id, t.origin.sentence_id, json.dumps(t.origin_evidence, ensure_ascii=False)) for t in trees])
            self.db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?, ?)", [
                (t.cluster_id, number, e.source.sentence_id, e.target.sentence_id, e.similarity, e.match,
                 json.dumps(e.evidence, ensure_ascii=False)) for t in trees for number, e in enumerate(t.edges)])

    def count_outlet_copies(self) -> None:
        """Recount the copies between outlets over every stored tree."""
        with self.store.transaction():
            self.db.execute("DELETE FROM outlet_copies")
            self.db.execute(
                "INSERT INTO outlet_copies SELECT COALESCE(NULLIF(a.outlet, ''), a.doc_id),"
                " COALESCE(NULLIF(b.outlet, ''), b.doc_id), COUNT(*) FROM edges e"
                " JOIN sentences s ON s.id = e.source JOIN documents a ON a.id = s.document_id"
                " JOIN sentences t ON t.id = e.target JOIN documents b ON b.id = t.document_id GROUP BY 1, 2")

    def outlet_copies(self) -> list[tuple[str, str, int]]:
        """(source outlet, target outlet, copies), most first."""
        rows = self.db.execute("SELECT source, target, copies FROM outlet_copies").fetchall()
        return sorted(rows, key=lambda row: (-row[2], row[0], row[1]))

    def trees(self, cluster_ids: Iterable[int] | None = None) -> dict[int, Provenance]:
        """The stored provenance trees (of the given clusters)."""
        if cluster_ids is None:
            origins = self.db.execute("SELECT cluster_id, sentence_id, evidence FROM origins").fetchall()
            edges = self.db.execute("SELECT * FROM edges ORDER BY cluster_id, position").fetchall()
        else:
            cluster_ids = sorted(set(cluster_ids))
            origins = self._rows("SELECT cluster_id, sentence_id, evidence FROM origins WHERE cluster_id IN ({})",
                                 cluster_ids)
            edges = sorted(self._rows("SELECT * FROM edges WHERE cluster_id IN ({})", cluster_ids))
        refs = self.store.sentences.sentence_refs({row[1] for row in origins} | {s for row in edges for s in row[2:4]})
        by_cluster: dict[int, list[Edge]] = {}
        for cluster_id, _, source, target, similarity, match, evidence in edges:
            by_cluster.setdefault(cluster_id, []).append(
                Edge(refs[source], refs[target], similarity, match, tuple(json.loads(evidence))))
        return {cluster_id: Provenance(cluster_id, refs[origin], tuple(json.loads(evidence)),
                                       tuple(by_cluster.get(cluster_id, ())))
                for cluster_id, origin, evidence in origins}

    def provenance_traced(self, cluster_ids: Iterable[int]) -> list[int]:
        """Those of the given clusters whose tree is stored."""
        return [row[0] for row in self._rows("SELECT cluster_id FROM origins WHERE cluster_id IN ({})", cluster_ids)]

    def tree_parents(self, cluster_ids: Iterable[int]) -> dict[int, dict[str, str]]:
        """cluster id -> its stored tree as target doc -> source doc (what orders a pair)."""
        rows = self._rows("SELECT e.cluster_id, b.doc_id, a.doc_id FROM edges e"
                          " JOIN sentences s ON s.id = e.source JOIN documents a ON a.id = s.document_id"
                          " JOIN sentences t ON t.id = e.target JOIN documents b ON b.id = t.document_id"
                          " WHERE e.cluster_id IN ({})", cluster_ids)
        parents: dict[int, dict[str, str]] = {}
        for cluster_id, target, source in rows:
            parents.setdefault(cluster_id, {})[target] = source
        return parents
