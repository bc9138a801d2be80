"""Matched pairs and the clusters they form.

Pairs are stored as a run finds them and marked stale until the run re-clusters them
(`clusters_stale`): a run that dies in between leaves the flag, and the next run re-clusters everything."""

from __future__ import annotations

from typing import Iterable

import numpy as np

from dedup.records import Cluster, ClusterMembers, Pair
from dedup.store.base import Part, chunks


class Matches(Part):
    """Pairs of sentences judged the same claim, and the claim clusters built from them."""

    def add_pairs(self, pairs: Iterable[tuple[int, int, float, float, str, float | None, str]], run_id: int,
                  matched: Iterable[int], rematched: Iterable[int] = (),
                  first_found: tuple[list[str], dict[tuple, int]] | None = None) -> int:
        """Store newly found pairs, (sentence a, sentence b, similarity, lexical, match, confidence, reason)
        with a's document the earlier, and mark the sentences `matched` as mined; the stored pairs of the
        sentences `rematched` (mined again, all their candidates among this run's) that `pairs` does not hold
        are deleted. `first_found`: (documents read again in this run, `first_runs` of them before): a pair of
        theirs that was there before keeps the run that first found it. Returns how many pairs were new.

        The clusters are stale from here until `replace_clusters`: a run that dies in between leaves the
        flag, and the next run re-clusters everything.
        """
        with self.store.transaction():
            pairs = list(pairs)
            if rematched:  # pairs of sentences matched again that this run's decisions no longer hold
                kept = {(a, b) for a, b, *_ in pairs}
                held = (self._rows("SELECT sentence_a, sentence_b FROM pairs WHERE sentence_a IN ({})", rematched) +
                        self._rows("SELECT sentence_a, sentence_b FROM pairs WHERE sentence_b IN ({})", rematched))
                stale = sorted({(a, b) for a, b in held} - kept)
                self.db.executemany("DELETE FROM pairs WHERE sentence_a = ? AND sentence_b = ?", stale)
                self.db.executemany("UPDATE clusters SET dirty = 1 WHERE id IN (SELECT cluster_id FROM cluster_members"
                                    " WHERE sentence_id = ?)", [(s,) for s in rematched])
            runs = self._first_runs_of(pairs, *first_found) if first_found and first_found[1] else {}
            before = self.db.total_changes
            self.db.executemany(
                "INSERT OR IGNORE INTO pairs (sentence_a, sentence_b, similarity, lexical, match, confidence, reason,"
                " run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (pair + (runs.get(pair[:2], run_id),) for pair in pairs))
            added = self.db.total_changes - before - len(runs)
            self.db.executemany("UPDATE sentences SET matched = 1 WHERE id = ?", [(s,) for s in matched])
            self.store.meta.set("clusters_stale", "1")
        return added

    def match_all_again(self) -> int:
        """Forget every pair, cluster and provenance tree and mark every matched unit to be matched again, as
        if each were new (the judge changed: pairs it decided no longer stand). Returns how many units."""
        for table in ("edges", "origins", "outlet_copies", "cluster_members", "clusters", "pairs"):
            self.db.execute(f"DELETE FROM {table}")
        self.store.meta.set("clusters_stale", "0")
        return self.db.execute("UPDATE sentences SET matched = 0 WHERE vector_id IS NOT NULL").rowcount

    def first_runs(self, doc_ids: list[str]) -> dict[tuple, int]:
        """The run that first found each pair of these documents, by its two sides' (doc id, text): a document
        edited and read again gets new sentences, and its unchanged pairs keep when they were first found."""
        rows = [row for side in ("sa", "sb") for row in self._rows(
            "SELECT p.sentence_a, p.sentence_b, p.run_id FROM pairs p JOIN sentences sa ON sa.id = p.sentence_a"
            f" JOIN sentences sb ON sb.id = p.sentence_b WHERE {side}.document_id IN"
            " (SELECT id FROM documents WHERE doc_id IN ({}))", doc_ids)]
        sides = self._sides(s for a, b, _ in rows for s in (a, b))
        return {_pair_key(sides[a], sides[b]): run for a, b, run in rows}

    def _first_runs_of(self, pairs: list[tuple], doc_ids: list[str], first: dict[tuple, int]
                       ) -> dict[tuple[int, int], int]:
        """(sentence a, sentence b) -> the earlier run that found it, for the `pairs` of the documents `doc_ids`
        whose two sides (doc id, text) `first` knows."""
        edited = {row[0] for row in self._rows("SELECT s.id FROM sentences s JOIN documents d ON d.id = s.document_id"
                                               " WHERE d.doc_id IN ({})", doc_ids)}
        touching = [(a, b) for a, b, *_ in pairs if a in edited or b in edited]
        sides = self._sides(s for pair in touching for s in pair)
        runs = {}
        for a, b in touching:
            if (run := first.get(_pair_key(sides[a], sides[b]))) is not None:
                runs[(a, b)] = run
        return runs

    def _sides(self, sentence_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """sentence id -> (doc id, text): what names a side of a pair across a document's re-reading."""
        return {row[0]: (row[1], row[2]) for row in self._rows(
            "SELECT s.id, d.doc_id, s.text FROM sentences s JOIN documents d ON d.id = s.document_id"
            " WHERE s.id IN ({})", set(sentence_ids))}

    def clusters_stale(self) -> bool:
        """A run died between storing pairs and re-clustering them."""
        return self.store.meta.get("clusters_stale") == "1"

    def needs_clustering(self) -> bool:
        return self.clusters_stale() or self.db.execute("SELECT 1 FROM clusters WHERE dirty = 1 LIMIT 1").fetchone() is not None

    def pair_edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every stored pair as columns (sentence ids a, b, similarities), read a step at a time."""
        cursor = self.db.execute("SELECT sentence_a, sentence_b, similarity FROM pairs")
        firsts, seconds, scores = [], [], []
        while rows := cursor.fetchmany(1 << 16):
            a, b, score = zip(*rows)
            firsts.append(np.array(a, np.int64)), seconds.append(np.array(b, np.int64)), scores.append(np.array(score))
        if not firsts:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64)
        return np.concatenate(firsts), np.concatenate(seconds), np.concatenate(scores)

    def dirty_cluster_members(self) -> set[int]:
        """Remaining members of clusters that lost members since they were formed."""
        return {row[0] for row in self.db.execute(
            "SELECT m.sentence_id FROM cluster_members m JOIN clusters c ON c.id = m.cluster_id WHERE c.dirty = 1")}

    def replace_clusters(self, clusters: list[ClusterMembers], run_id: int, members: set[int] | None = None
                         ) -> tuple[list[int], dict[int, int]]:
        """Replace the clusters that have a member in `members` (all when None), and dirty ones; clear
        the stale flag. Returns the ids of clusters new in this run and, for clusters that grew, how many
        documents they had before.

        The provenance of every cluster that shares a document with a replaced or new cluster is dropped
        (a tree weighs what its documents share over all clusters), for `clusters_without_provenance`.
        """
        with self.store.transaction():
            if members is None:
                old = self.db.execute("SELECT id, documents, run_id FROM clusters").fetchall()
                self.db.execute("DELETE FROM origins")
            else:
                # dirty ones asked apart: `_rows` runs no query at all when no member was considered (a
                # cluster that lost all its pairs to a deleted document has no component left to consider)
                old = self.db.execute("SELECT id, documents, run_id FROM clusters WHERE dirty = 1").fetchall()
                old += self._rows("SELECT id, documents, run_id FROM clusters WHERE id IN"
                                  " (SELECT cluster_id FROM cluster_members WHERE sentence_id IN ({}))", members)
                old = list(dict.fromkeys(old))
                touched = {row[0] for row in self._rows(
                    "SELECT DISTINCT s.document_id FROM cluster_members m JOIN sentences s ON s.id = m.sentence_id"
                    " WHERE m.cluster_id IN ({})", [cid for cid, _, _ in old])}
                touched.update(self.store.sentences.sentence_documents(m for c in clusters for m in c.members).values())
                self._forget_provenance(touched)
            before = {cid: (documents, first_run) for cid, documents, first_run in old}
            continued = self._continued(clusters, before) if members is not None else {}
            before.update({cid: before[earlier] for cid, earlier in continued.items()})
            self.db.executemany("DELETE FROM clusters WHERE id = ?", [(cid,) for cid in before])
            self.db.executemany("INSERT INTO clusters VALUES (?, ?, ?, ?, 0)", [
                (c.cluster_id, c.representative, c.documents, before.get(c.cluster_id, (0, run_id))[1])
                for c in clusters])
            self.db.executemany("INSERT INTO cluster_members VALUES (?, ?)",
                                ((m, c.cluster_id) for c in clusters for m in c.members))
            self.store.meta.set("clusters_stale", "0")
        new = [c.cluster_id for c in clusters if c.cluster_id not in before]
        grew = {c.cluster_id: before[c.cluster_id][0] for c in clusters
                if c.cluster_id in before and c.documents > before[c.cluster_id][0]}
        return new, grew

    def _continued(self, clusters: list[ClusterMembers], before: dict[int, tuple[int, int]]) -> dict[int, int]:
        """New cluster id -> the replaced cluster it continues (the earliest formed of those it shares a member
        with): a cluster whose first sentence's document was edited gets a new id, not a new claim."""
        was_in = dict(self._rows("SELECT sentence_id, cluster_id FROM cluster_members WHERE cluster_id IN ({})",
                                 list(before)))
        continued = {}
        for cluster in clusters:
            if cluster.cluster_id not in before:
                earlier = {was_in[m] for m in cluster.members if m in was_in}
                if earlier:
                    continued[cluster.cluster_id] = min(earlier, key=lambda cid: (before[cid][1], cid))
        return continued

    def _forget_provenance(self, document_rows: set[int]) -> None:
        for chunk in chunks(sorted(document_rows), 500):
            self.db.execute(
                "DELETE FROM origins WHERE cluster_id IN (SELECT m.cluster_id FROM cluster_members m JOIN sentences s"
                f" ON s.id = m.sentence_id WHERE s.document_id IN ({','.join('?' * len(chunk))}))", chunk)

    def pairs(self, min_similarity: float = 0.0, since_run: int | None = None, since_time: str | None = None
              ) -> list[Pair]:
        """Stored pairs, optionally only those first found after run `since_run` or at/after `since_time`."""
        rows = self.db.execute(
            "SELECT p.sentence_a, p.sentence_b, p.similarity, p.lexical, p.match, m.cluster_id, n.cluster_id,"
            " p.confidence, p.reason FROM pairs p JOIN runs r ON r.id = p.run_id"
            " LEFT JOIN cluster_members m ON m.sentence_id = p.sentence_a"
            " LEFT JOIN cluster_members n ON n.sentence_id = p.sentence_b"
            " WHERE p.similarity >= ? AND p.run_id > ? AND r.started >= ?",
            (min_similarity, since_run or 0, since_time or ""),
        ).fetchall()
        refs = self.store.sentences.sentence_refs({r[0] for r in rows} | {r[1] for r in rows})
        pairs = [Pair(refs[a], refs[b], similarity, lexical, match, cluster_a if cluster_a == cluster_b else None,
                      confidence, reason)
                 for a, b, similarity, lexical, match, cluster_a, cluster_b, confidence, reason in rows]
        return sorted(pairs, key=lambda p: (p.cluster is None, p.cluster or 0, -p.similarity, p.a.doc, p.a.position))

    def clusters(self, only: Iterable[int] | None = None) -> list[Cluster]:
        """All clusters (or those with the given ids), most documents first."""
        rows = (self.db.execute("SELECT cluster_id, sentence_id FROM cluster_members") if only is None else
                self._rows("SELECT cluster_id, sentence_id FROM cluster_members WHERE cluster_id IN ({})", only))
        members: dict[int, list[int]] = {}
        for cluster_id, sentence_id in rows:
            members.setdefault(cluster_id, []).append(sentence_id)
        representatives = (dict(self.db.execute("SELECT id, representative FROM clusters")) if only is None else
                           self._by_ids("SELECT id, representative FROM clusters WHERE id IN ({})", members))
        refs = self.store.sentences.sentence_refs(s for ids in members.values() for s in ids)
        clusters = []
        for cluster_id, sentence_ids in members.items():
            ordered = sorted((refs[s] for s in sentence_ids), key=lambda r: (r.published or "~", r.doc, r.position))
            clusters.append(Cluster(cluster_id, refs[representatives[cluster_id]], tuple(ordered)))
        return sorted(clusters, key=lambda c: (-len(c.documents), -len(c.members), c.cluster_id))

    def cluster_pairs(self, cluster_ids: Iterable[int]) -> dict[int, list[Pair]]:
        """cluster id -> the stored pairs between two of its members."""
        rows = self._rows(
            "SELECT p.sentence_a, p.sentence_b, p.similarity, p.lexical, p.match, m.cluster_id FROM pairs p"
            " JOIN cluster_members m ON m.sentence_id = p.sentence_a JOIN cluster_members n"
            " ON n.sentence_id = p.sentence_b AND n.cluster_id = m.cluster_id WHERE m.cluster_id IN ({})", cluster_ids)
        refs = self.store.sentences.sentence_refs({r[0] for r in rows} | {r[1] for r in rows})
        found: dict[int, list[Pair]] = {}
        for a, b, similarity, lexical, match, cluster_id in sorted(rows):
            found.setdefault(cluster_id, []).append(Pair(refs[a], refs[b], similarity, lexical, match, cluster_id))
        return found

    def clusters_among(self, doc_ids: Iterable[str]) -> list[Cluster]:
        """The clusters that two or more of these documents carry, with only those documents' members."""
        rows = self._rows("SELECT m.cluster_id, s.id, d.doc_id FROM cluster_members m JOIN sentences s"
                          " ON s.id = m.sentence_id JOIN documents d ON d.id = s.document_id WHERE d.doc_id IN ({})",
                          doc_ids)
        members: dict[int, list[tuple[int, str]]] = {}
        for cluster_id, sentence_id, doc in rows:
            members.setdefault(cluster_id, []).append((sentence_id, doc))
        shared = {c: [s for s, _ in found] for c, found in members.items() if len({d for _, d in found}) > 1}
        refs = self.store.sentences.sentence_refs(s for found in shared.values() for s in found)
        return [Cluster(c, refs[min(found)], tuple(refs[s] for s in sorted(found))) for c, found in sorted(shared.items())]


def _pair_key(side: tuple[str, str], other: tuple[str, str]) -> tuple:
    """A pair by its two sides' (doc id, text), in either order."""
    return tuple(sorted((side, other)))
