"""Documents and their sentences: what was read, where from, and each sentence's wording, kind and language."""

from __future__ import annotations

import json
from dataclasses import astuple
from typing import Iterable

import numpy as np

from dedup.ingest.attribution import Cue
from dedup.ingest.dates import PartialDate, sortable
from dedup.ingest.language import ENGLISH
from dedup.records import POST, TITLE, Document, Sentence, SentenceRef
from dedup.store.base import Part

_REF_COLUMNS = "s.id, d.doc_id, s.position, s.text, d.outlet, d.published, s.quoted, s.lang, s.kind"


class Documents(Part):
    """One row per document: replacing or removing one drops its sentences, and marks what they touched
    (clusters, posts paired with them) to be worked out again."""

    def document_hashes(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT doc_id, content_hash FROM documents"))

    def documents_under(self, paths: Iterable[str]) -> set[str]:
        """Ids of stored documents read from these files, or from files under these folders."""
        found: set[str] = set()
        for path in paths:
            found.update(row[0] for row in self.db.execute(
                "SELECT doc_id FROM documents WHERE path = ? OR substr(path, 1, ?) = ?",
                (path, len(path) + 1, path.rstrip("/") + "/")))
        return found

    def put_document(self, document: Document, path: str, content_hash: str, sentences: list[Sentence],
                     vector_ids: list[int | None], run_id: int, date: PartialDate | None = None,
                     cues: list[Cue] = (), language: str = ENGLISH) -> bool:
        """Insert or replace a document with its sentences (inside the caller's transaction); whether it
        replaced one.

        A replaced document's sentences go, and with them their pairs and cluster memberships.
        """
        self._mark_clusters_dirty([document.doc_id])
        self._rematch_posts_paired_with([document.doc_id])
        replaced = self.db.execute("DELETE FROM documents WHERE doc_id=?", (document.doc_id,)).rowcount > 0
        cursor = self.db.execute(
            "INSERT INTO documents (doc_id, path, source, outlet, published, url, title, extra, content_hash, date,"
            " cues, run_id, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (document.doc_id, path, document.source, document.outlet, document.published, document.url,
             document.title, json.dumps(document.extra, ensure_ascii=False, default=str), content_hash,
             json.dumps(astuple(date), ensure_ascii=False) if date else "",
             json.dumps([astuple(c) for c in cues], ensure_ascii=False), run_id, language),
        )
        self.db.executemany(
            "INSERT INTO sentences (document_id, position, start, end, text, kind, quoted, vector_id, matched, lang)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(cursor.lastrowid, s.position, s.start, s.end, s.text, s.kind, int(s.quoted), v, int(v is None),
              s.lang) for s, v in zip(sentences, vector_ids)],
        )
        return replaced

    def document_outlets(self, doc_ids: Iterable[str]) -> dict[str, str]:
        return self._by_ids("SELECT doc_id, outlet FROM documents WHERE doc_id IN ({})", doc_ids)

    def document_evidence(self, doc_ids: Iterable[str]) -> dict[str, tuple[PartialDate | None, list[Cue]]]:
        """doc id -> (date, attribution cues), as read at indexing time."""
        rows = self._rows("SELECT doc_id, date, cues FROM documents WHERE doc_id IN ({})", doc_ids)
        return {doc: (PartialDate(*json.loads(date)) if date else None, [Cue(*c) for c in json.loads(cues)])
                for doc, date, cues in rows}

    def document_paths(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """doc id -> the file it was read from."""
        return dict(self._rows("SELECT doc_id, path FROM documents WHERE doc_id IN ({})", doc_ids))

    def documents_in_files(self, paths: Iterable[str]) -> set[str]:
        return {row[0] for path in paths for row in self.db.execute("SELECT doc_id FROM documents WHERE path=?", (path,))}

    def remove_documents(self, doc_ids: Iterable[str]) -> None:
        """Delete documents with their sentences, pairs and memberships (inside the caller's transaction)."""
        doc_ids = list(doc_ids)
        self._mark_clusters_dirty(doc_ids)
        self._rematch_posts_paired_with(doc_ids)
        self.db.executemany("DELETE FROM documents WHERE doc_id=?", [(d,) for d in doc_ids])

    def _rematch_posts_paired_with(self, doc_ids: list[str]) -> None:
        """Mark the posts of other documents paired with these documents' sentences as not matched: a post is
        the claim it matches best, and that may now be another one (`dedup.judge.PostRanking`)."""
        for side, other in (("sentence_a", "sentence_b"), ("sentence_b", "sentence_a")):
            self.db.executemany(
                f"UPDATE sentences SET matched = 0 WHERE kind = '{POST}' AND id IN (SELECT p.{other} FROM pairs p"
                f" JOIN sentences s ON s.id = p.{side} JOIN documents d ON d.id = s.document_id WHERE d.doc_id = ?)",
                [(d,) for d in doc_ids])

    def _mark_clusters_dirty(self, doc_ids: list[str]) -> None:
        self.db.executemany(
            "UPDATE clusters SET dirty = 1 WHERE id IN (SELECT m.cluster_id FROM cluster_members m"
            " JOIN sentences s ON s.id = m.sentence_id JOIN documents d ON d.id = s.document_id WHERE d.doc_id = ?)",
            [(d,) for d in doc_ids])

    def document_order(self, document_rows: Iterable[int]) -> dict[int, tuple[str, str]]:
        """document row id -> (publication date, in UTC where its zone is known, or "~" when unknown, doc id):
        what orders a pair's sides."""
        return {row: (sortable(published), doc) for row, published, doc in
                self._rows("SELECT id, published, doc_id FROM documents WHERE id IN ({})", document_rows)}

    def document_languages(self) -> list[tuple[str, int]]:
        """(language, documents) for every language the store holds, most documents first."""
        return self.db.execute("SELECT lang, COUNT(*) FROM documents GROUP BY lang ORDER BY COUNT(*) DESC, lang").fetchall()

    def document_claims(self, doc_ids: Iterable[str]) -> dict[str, list[tuple[int, int, int]]]:
        """doc id -> [(position, sentence id, vector id)] of its claims, in document order."""
        claims: dict[str, list[tuple[int, int, int]]] = {}
        for doc_id, position, sentence_id, vector_id in self._rows(
                f"SELECT d.doc_id, s.position, s.id, s.vector_id FROM sentences s JOIN documents d"
                f" ON d.id = s.document_id WHERE s.vector_id IS NOT NULL AND s.kind != '{TITLE}' AND d.doc_id IN ({{}})"
                " ORDER BY s.position",
                doc_ids):
            claims.setdefault(doc_id, []).append((position, sentence_id, vector_id))
        return claims


class Sentences(Part):
    """Sentences by id: their text, kind, language, document and wording (vector id)."""

    def sentence_texts(self, sentence_ids: Iterable[int]) -> dict[int, str]:
        return self._by_ids("SELECT id, text FROM sentences WHERE id IN ({})", sentence_ids)

    def sentence_spans(self) -> list[tuple[str, int, int, int, str, str]]:
        """Every sentence as (document id, position, start, end, text, kind), in document order."""
        return self.db.execute("SELECT d.doc_id, s.position, s.start, s.end, s.text, s.kind FROM sentences s"
                               " JOIN documents d ON d.id = s.document_id ORDER BY d.doc_id, s.position").fetchall()

    def of_kind(self, sentence_ids: Iterable[int], kind: str) -> set[int]:
        """Which of these sentences are of this kind (`dedup.records`: a post, a title, ...)."""
        return {row[0] for row in self._rows(f"SELECT id FROM sentences WHERE kind = '{kind}' AND id IN ({{}})",
                                             sentence_ids)}

    def sentence_documents(self, sentence_ids: Iterable[int]) -> dict[int, int]:
        """sentence id -> the row id of its document."""
        return self._by_ids("SELECT id, document_id FROM sentences WHERE id IN ({})", sentence_ids)

    def sentence_refs(self, sentence_ids: Iterable[int]) -> dict[int, SentenceRef]:
        rows = self._rows(
            f"SELECT {_REF_COLUMNS} FROM sentences s JOIN documents d ON d.id = s.document_id WHERE s.id IN ({{}})",
            sentence_ids,
        )
        return {row[0]: SentenceRef(*row) for row in rows}

    def places(self, sentence_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each of these (sorted) sentence ids: an integer key that orders sentences by where they stand
        (their document's publication date, in UTC where its zone is known, unknown last; doc id; position),
        never by when they arrived; and its document's row id. Arrays, not tuples: a clean build of a
        million sentences asks for all of them."""
        rows = np.array(self._rows("SELECT s.id, s.document_id, s.position FROM sentences s WHERE s.id IN ({})",
                                   sentence_ids.tolist()), dtype=np.int64).reshape(-1, 3)
        rows = rows[np.argsort(rows[:, 0])]
        documents = np.unique(rows[:, 1])
        described = self.store.documents.document_order(documents.tolist())  # as a pair's sides are ordered
        ranked = sorted(documents.tolist(), key=described.__getitem__)
        document_rank = np.empty(len(documents), dtype=np.int64)
        document_rank[np.searchsorted(documents, ranked)] = np.arange(len(ranked))
        keys = document_rank[np.searchsorted(documents, rows[:, 1])] * (1 << 32) + rows[:, 2]
        return keys, rows[:, 1]

    def sentence_languages(self, sentence_ids: Iterable[int]) -> dict[int, str]:
        return self._by_ids("SELECT id, lang FROM sentences WHERE id IN ({})", sentence_ids)

    def copies(self, sentence_id: int) -> list[int]:
        """Every claim sentence with the same wording as `sentence_id` (itself included)."""
        return [row[0] for row in self.db.execute(
            "SELECT id FROM sentences WHERE vector_id=(SELECT vector_id FROM sentences WHERE id=?) ORDER BY id",
            (sentence_id,),
        )]

    def claim_groups(self, index_ids: Iterable[int]) -> dict[int, list[tuple[int, int]]]:
        """index id -> [(sentence id, document row id)] of every claim with that entry's wording."""
        rows = self._rows(
            "SELECT id, document_id, vector_id FROM sentences WHERE vector_id IN"
            " (SELECT vector_id FROM sentences WHERE id IN ({})) ORDER BY id",
            index_ids,
        )
        by_vector: dict[int, list[tuple[int, int]]] = {}
        for sentence_id, document_id, vector_id in rows:
            by_vector.setdefault(vector_id, []).append((sentence_id, document_id))
        return {sentences[0][0]: sentences for sentences in by_vector.values()}

    def matched_units_of(self, doc_ids: Iterable[str]) -> list[int]:
        """The matched units (claims, headlines, titles, posts) of these documents."""
        return sorted(row[0] for row in self._rows(
            "SELECT s.id FROM sentences s JOIN documents d ON d.id = s.document_id"
            " WHERE s.vector_id IS NOT NULL AND d.doc_id IN ({})", doc_ids))

    def has_posts(self) -> bool:
        return self.db.execute(f"SELECT 1 FROM sentences WHERE kind = '{POST}' LIMIT 1").fetchone() is not None

    def match_again(self, sentence_ids: Iterable[int]) -> None:
        """Mark these sentences as not matched: the next matching mines and decides them anew."""
        self.db.executemany("UPDATE sentences SET matched = 0 WHERE id = ?", [(s,) for s in sentence_ids])

    def sentences_to_match(self) -> list[int]:
        """Claims whose pairs have not been mined yet: new ones, or those of an interrupted run."""
        return [row[0] for row in self.db.execute("SELECT id FROM sentences WHERE matched = 0 ORDER BY id")]
