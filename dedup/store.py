"""The store: one folder holding SQLite (the source of truth) and a FAISS index built from it.

SQLite keeps documents, their sentences, one vector per distinct claim wording, the matched
pairs, clusters and their provenance trees, and a log of runs; its schema is brought up to date
on open by numbered migrations. The FAISS index (`index.faiss`, see `dedup.index.IndexFile`)
holds one entry per distinct claim wording, ID-mapped to the first sentence that carries it: the
store says which entries it should hold and records the checksum of the file last written.
No other module runs SQL.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import astuple
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
from filelock import FileLock, Timeout

from dedup.errors import DedupError
from dedup.language import ENGLISH, SAMPLE_CHARS, detect, sentence_language
from dedup.attribution import Cue
from dedup.dates import PartialDate
from dedup.records import POST, TITLE, Cluster, ClusterMembers, Document, Edge, Pair, Provenance, Sentence, SentenceRef

DEFAULT_STORE = Path("embeddings")
STORE_ENV = "DEDUP_STORE"
DATABASE = "dedup.sqlite"
INDEX_FILE = "index.faiss"  # written by dedup.index.IndexFile
MULTILINGUAL_INDEX_FILE = "index-multilingual.faiss"  # the same wordings in the multilingual model's space
LOCK_FILE = "write.lock"
LOCK_TIMEOUT_S = 10.0

SCHEMA_1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    command TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '{}',
    content_hash TEXT NOT NULL,
    date TEXT NOT NULL DEFAULT '',  -- JSON [year, month, day, source] from metadata or text, '' if none
    cues TEXT NOT NULL DEFAULT '[]',  -- JSON attribution cues [[kind, name, words], ...]
    run_id INTEGER
);
CREATE INDEX IF NOT EXISTS documents_by_path ON documents(path);
CREATE TABLE IF NOT EXISTS vectors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    text_key TEXT NOT NULL UNIQUE,
    vector BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    quoted INTEGER NOT NULL DEFAULT 0,
    vector_id INTEGER REFERENCES vectors(id),
    matched INTEGER NOT NULL DEFAULT 0  -- 1 once its pairs have been mined and stored
);
CREATE INDEX IF NOT EXISTS sentences_by_document ON sentences(document_id, position);
CREATE INDEX IF NOT EXISTS sentences_by_vector ON sentences(vector_id);
CREATE INDEX IF NOT EXISTS sentences_to_match ON sentences(matched) WHERE matched = 0;
CREATE TABLE IF NOT EXISTS pairs (
    sentence_a INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    sentence_b INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    lexical REAL NOT NULL,
    match TEXT NOT NULL,
    run_id INTEGER NOT NULL,  -- the run that first found the pair
    PRIMARY KEY (sentence_a, sentence_b)
);
CREATE INDEX IF NOT EXISTS pairs_by_b ON pairs(sentence_b);
CREATE TABLE IF NOT EXISTS clusters (
    id INTEGER PRIMARY KEY,
    representative INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    run_id INTEGER NOT NULL,  -- the run that first formed the cluster
    dirty INTEGER NOT NULL DEFAULT 0  -- lost members to a removed or edited document
);
CREATE TABLE IF NOT EXISTS cluster_members (
    sentence_id INTEGER PRIMARY KEY REFERENCES sentences(id) ON DELETE CASCADE,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS members_by_cluster ON cluster_members(cluster_id);
"""

SCHEMA_2 = """
CREATE TABLE origins (  -- a cluster's provenance tree: where the claim first appeared ...
    cluster_id INTEGER PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
    sentence_id INTEGER NOT NULL,
    evidence TEXT NOT NULL  -- JSON list of notes
);
CREATE TABLE edges (  -- ... and which earlier sentence each later one took it from
    cluster_id INTEGER NOT NULL REFERENCES origins(cluster_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,  -- order in the tree: nearer the origin first
    source INTEGER NOT NULL,
    target INTEGER NOT NULL,
    similarity REAL NOT NULL,
    match TEXT NOT NULL,
    evidence TEXT NOT NULL,  -- JSON list of notes
    PRIMARY KEY (cluster_id, position)
);
CREATE TABLE outlet_copies (  -- edges counted by (source outlet, target outlet), a document standing for itself
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    copies INTEGER NOT NULL,
    PRIMARY KEY (source, target)
);
"""


def _migrate_to_1(db: sqlite3.Connection) -> None:
    """Documents, sentences, vectors, pairs, clusters and runs."""
    _execute_script(db, SCHEMA_1)


def _migrate_to_2(db: sqlite3.Connection) -> None:
    """Provenance is stored when clusters change (reads only read). Clusters of a migrated store get
    theirs at its next index run, and reads work them out meanwhile. A store from before stores recorded
    their verifier was built with the cosine verifier: record that."""
    _execute_script(db, SCHEMA_2)
    if _meta(db, "model") is not None and _meta(db, "verifier") is None:
        db.execute("INSERT INTO meta VALUES ('verifier', 'cosine')")


def _migrate_to_3(db: sqlite3.Connection) -> None:
    """Languages: each document's and sentence's, detected from the stored sentences (a document's text
    is not stored; its sentences are). Documents were split with the English rules; a changed document
    is split by its language's at the next index run."""
    db.execute("CREATE TABLE multilingual_vectors (vector_id INTEGER PRIMARY KEY REFERENCES vectors(id)"
               " ON DELETE CASCADE, vector BLOB NOT NULL)")  # filled once the store holds a claim not in English
    db.execute("ALTER TABLE documents ADD COLUMN lang TEXT NOT NULL DEFAULT 'en'")
    db.execute("ALTER TABLE sentences ADD COLUMN lang TEXT NOT NULL DEFAULT 'en'")
    texts: dict[int, list[tuple[int, str]]] = {}
    for sentence_id, document_id, text in db.execute("SELECT id, document_id, text FROM sentences ORDER BY id"):
        texts.setdefault(document_id, []).append((sentence_id, text))
    for document_id, sentences in texts.items():
        language = detect(" ".join(text for _, text in sentences)[:SAMPLE_CHARS])
        db.execute("UPDATE documents SET lang = ? WHERE id = ?", (language, document_id))
        db.executemany("UPDATE sentences SET lang = ? WHERE id = ?",
                       [(lang, sentence_id) for sentence_id, text in sentences
                        if (lang := sentence_language(text, language)) != ENGLISH])


def _migrate_to_4(db: sqlite3.Connection) -> None:
    """Why, per pair: the judge's confidence and what decided it; and headlines, titles and posts matched
    like claims. Pairs stored before keep neither (NULL and '') until the next index run, which re-segments
    and re-matches every document it is given (their content hashes are cleared): the store is then what a
    clean build makes."""
    db.execute("ALTER TABLE pairs ADD COLUMN confidence REAL")
    db.execute("ALTER TABLE pairs ADD COLUMN reason TEXT NOT NULL DEFAULT ''")
    db.execute("UPDATE documents SET content_hash = ''")


MIGRATIONS = (_migrate_to_1, _migrate_to_2, _migrate_to_3, _migrate_to_4)  # MIGRATIONS[n - 1] brings a store from schema n - 1 to n
SCHEMA_VERSION = len(MIGRATIONS)

_REF_COLUMNS = "s.id, d.doc_id, s.position, s.text, d.outlet, d.published, s.quoted, s.lang, s.kind"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A dedup store folder. Open with `Store.open(path)` (reading) or `Store.create(path)` (indexing)."""

    def __init__(self, root: Path, db: sqlite3.Connection) -> None:
        self.root = root
        self.db = db
        self._wanted: dict[int, int] | None = None  # cache of index_entries, dropped on every write

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path) -> "Store":
        """Open an existing store; a missing one is a user error that says how to make it."""
        if not (root / DATABASE).exists():
            raise DedupError(f"{root}: no dedup store here (run 'dedup index PATH --store {root}' first)")
        return cls._connect(root)

    @classmethod
    def create(cls, root: Path) -> "Store":
        """Open a store for writing, creating the folder and schema if needed."""
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DedupError(f"{root}: cannot create store folder ({error.strerror})") from error
        return cls._connect(root, new=True)

    @classmethod
    def _connect(cls, root: Path, new: bool = False) -> "Store":
        try:
            db = sqlite3.connect(root / DATABASE, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA synchronous=NORMAL")
            version = _meta(db, "schema_version") if _has_table(db, "meta") else None
        except sqlite3.DatabaseError as error:
            raise DedupError(f"{root / DATABASE}: not a readable dedup store ({error})") from error
        schema = int(version or 0)
        if schema > SCHEMA_VERSION:
            raise DedupError(f"{root}: store schema {schema} is newer than this dedup ({SCHEMA_VERSION}); upgrade dedup")
        store = cls(root, db)
        if schema < SCHEMA_VERSION and (schema or new):
            store._migrate()
        return store

    def _migrate(self) -> None:
        """Bring the schema up to date, one numbered migration after another, in one transaction."""
        with self.transaction():
            version = int(_meta(self.db, "schema_version") or 0) if _has_table(self.db, "meta") else 0
            for migration in MIGRATIONS[version:]:
                migration(self.db)
            if version < SCHEMA_VERSION:
                self.set_meta("schema_version", str(SCHEMA_VERSION))

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def writing(self, wait: float = LOCK_TIMEOUT_S) -> Iterator["Store"]:
        """Hold the store's writer lock: one indexer at a time, readers carry on."""
        lock = FileLock(str(self.root / LOCK_FILE))
        try:
            lock.acquire(timeout=wait)
        except Timeout as error:
            raise DedupError(
                f"{self.root}: another dedup process is writing to this store (waited {wait:g} s); try again later"
            ) from error
        try:
            yield self
        finally:
            lock.release()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        self._wanted = None
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- metadata ------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        return _meta(self.db, key)

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def model(self) -> str | None:
        return self.meta("model")

    def check_model(self, model: str, dimension: int | None = None) -> None:
        """Record the model on first use; refuse a different one afterwards."""
        stored = self.model
        if stored is None:
            with self.transaction():
                self.set_meta("model", model)
                if dimension is not None:
                    self.set_meta("dimension", str(dimension))
        elif stored != model:
            raise DedupError(
                f"{self.root}: store was built with model '{stored}', not '{model}'; "
                f"use --model {stored} or another --store"
            )

    def check_verifier(self, name: str) -> None:
        """Record the verifier on first use; refuse a different one afterwards (stored pairs would mix)."""
        stored = self.meta("verifier")
        if stored is None:
            with self.transaction():
                self.set_meta("verifier", name)
        elif stored != name:
            raise DedupError(f"{self.root}: store matches claims with verifier '{stored}', not '{name}'; "
                             f"use --verifier {stored} or another --store")

    # -- documents and sentences ----------------------------------------------------------------

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

    def vector_ids(self, keys: Iterable[str]) -> dict[str, int]:
        """Stored vector ids of the given text keys (those already embedded)."""
        found: dict[str, int] = {}
        keys = list(keys)
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT text_key, id FROM vectors WHERE text_key IN ({marks})", chunk))
        return found

    def add_vectors(self, keys: list[str], vectors: np.ndarray) -> dict[str, int]:
        """Store new vectors (inside the caller's transaction); returns key -> vector id."""
        rows = ((key, vector.astype(np.float32).tobytes()) for key, vector in zip(keys, vectors))
        self.db.executemany("INSERT OR IGNORE INTO vectors (text_key, vector) VALUES (?, ?)", rows)
        return self.vector_ids(keys)

    def put_document(self, document: Document, path: str, content_hash: str, sentences: list[Sentence],
                     vector_ids: list[int | None], run_id: int, date: PartialDate | None = None,
                     cues: list[Cue] = (), language: str = ENGLISH) -> None:
        """Insert or replace a document with its sentences (inside the caller's transaction).

        A replaced document's sentences go, and with them their pairs and cluster memberships.
        """
        self._mark_clusters_dirty([document.doc_id])
        self._rematch_posts_paired_with([document.doc_id])
        self.db.execute("DELETE FROM documents WHERE doc_id=?", (document.doc_id,))
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

    def document_outlets(self, doc_ids: Iterable[str]) -> dict[str, str]:
        return self._by_ids("SELECT doc_id, outlet FROM documents WHERE doc_id IN ({})", doc_ids)

    def document_evidence(self, doc_ids: Iterable[str]) -> dict[str, tuple[PartialDate | None, list[Cue]]]:
        """doc id -> (date, attribution cues), as read at indexing time."""
        rows = self._rows("SELECT doc_id, date, cues FROM documents WHERE doc_id IN ({})", doc_ids)
        return {doc: (PartialDate(*json.loads(date)) if date else None, [Cue(*c) for c in json.loads(cues)])
                for doc, date, cues in rows}

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
        the claim it matches best, and that may now be another one (`dedup.verify.PostRanking`)."""
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

    def remove_unused_vectors(self) -> None:
        self.db.execute("DELETE FROM vectors WHERE id NOT IN (SELECT vector_id FROM sentences WHERE vector_id IS NOT NULL)")

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

    def copies(self, sentence_id: int) -> list[int]:
        """Every claim sentence with the same wording as `sentence_id` (itself included)."""
        return [row[0] for row in self.db.execute(
            "SELECT id FROM sentences WHERE vector_id=(SELECT vector_id FROM sentences WHERE id=?) ORDER BY id",
            (sentence_id,),
        )]

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

    def sentence_texts(self, sentence_ids: Iterable[int]) -> dict[int, str]:
        return self._by_ids("SELECT id, text FROM sentences WHERE id IN ({})", sentence_ids)

    def sentence_spans(self) -> list[tuple[str, int, int, int, str, str]]:
        """Every sentence as (document id, position, start, end, text, kind), in document order."""
        return self.db.execute("SELECT d.doc_id, s.position, s.start, s.end, s.text, s.kind FROM sentences s"
                               " JOIN documents d ON d.id = s.document_id ORDER BY d.doc_id, s.position").fetchall()

    def document_order(self, document_rows: Iterable[int]) -> dict[int, tuple[str, str]]:
        """document row id -> (publication date or "~" when unknown, doc id): what orders a pair's sides."""
        return {row: (published or "~", doc) for row, published, doc in
                self._rows("SELECT id, published, doc_id FROM documents WHERE id IN ({})", document_rows)}

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

    def _by_ids(self, sql: str, ids: Iterable[int]) -> dict:
        return {row[0]: row[1] for row in self._rows(sql, ids)}

    def _rows(self, sql: str, ids: Iterable[int]) -> list[tuple]:
        rows: list[tuple] = []
        for chunk in _chunks(list(ids), 500):
            rows.extend(self.db.execute(sql.format(",".join("?" * len(chunk))), chunk))
        return rows

    # -- what the FAISS index holds (its file's life cycle is `dedup.index.IndexFile`) ------------

    def index_entries(self) -> dict[int, int]:
        """sentence id -> vector id: the first claim sentence of each distinct wording, the index's entries."""
        if self._wanted is None:
            self._wanted = dict(self.db.execute(
                "SELECT MIN(id), vector_id FROM sentences WHERE vector_id IS NOT NULL GROUP BY vector_id"))
        return self._wanted

    @property
    def dimension(self) -> int:
        return int(self.meta("dimension") or 0)

    def vectors(self, vector_ids: list[int]) -> np.ndarray:
        """The stored embeddings with these vector ids, row by row (filled a chunk at a time, so a
        million vectors cost their array and no more)."""
        return self._vectors_of("vectors", "id", vector_ids)

    def _vectors_of(self, table: str, key: str, vector_ids: list[int]) -> np.ndarray:
        found = None
        for start in range(0, len(vector_ids), 10_000):
            chunk = vector_ids[start:start + 10_000]
            blobs = self._by_ids(f"SELECT {key}, vector FROM {table} WHERE {key} IN ({{}})", chunk)
            for row, vector_id in enumerate(chunk, start):
                vector = np.frombuffer(blobs[vector_id], dtype=np.float32)
                if found is None:
                    found = np.zeros((len(vector_ids), len(vector)), dtype=np.float32)
                found[row] = vector
        return found if found is not None else np.zeros((0, self.dimension), dtype=np.float32)

    def index_entries_for(self, sentence_ids: Iterable[int], multilingual: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(index ids, vectors) of the wordings that these sentences carry, in vector id order."""
        vector_ids = set(self._by_ids("SELECT id, vector_id FROM sentences WHERE id IN ({})", sentence_ids).values())
        vector_ids.discard(None)
        entries = self._by_ids("SELECT vector_id, MIN(id) FROM sentences WHERE vector_id IN ({})"
                               " GROUP BY vector_id", sorted(vector_ids))
        order = sorted(entries)
        vectors = self.multilingual_vectors(order) if multilingual else self.vectors(order)
        return np.array([entries[v] for v in order], dtype=np.int64), vectors

    def index_checksum(self, file: str = INDEX_FILE) -> str | None:
        """The checksum of the last index file written whole: a file that does not match is not trusted."""
        return self.meta(_checksum_key(file))

    def index_saved(self, checksum: str, file: str = INDEX_FILE) -> None:
        with self.transaction():
            self.set_meta(_checksum_key(file), checksum)
            self.set_meta("index_generation", str(int(self.meta("index_generation") or 0) + 1))

    # -- languages: a second vector space for claims not in English -----------------------------

    def has_other_languages(self) -> bool:
        """Whether any claim is not in English (then wordings are also embedded by the multilingual model)."""
        return self.db.execute(f"SELECT 1 FROM sentences WHERE lang != '{ENGLISH}' AND vector_id IS NOT NULL LIMIT 1"
                               ).fetchone() is not None

    def wordings_without_multilingual_vectors(self) -> list[tuple[int, str]]:
        """(vector id, a sentence's text) of every wording not yet embedded by the multilingual model."""
        return self.db.execute(
            "SELECT v.id, (SELECT text FROM sentences WHERE vector_id = v.id LIMIT 1) FROM vectors v"
            " WHERE v.id NOT IN (SELECT vector_id FROM multilingual_vectors) ORDER BY v.id").fetchall()

    def add_multilingual_vectors(self, vector_ids: list[int], vectors: np.ndarray) -> None:
        self.db.executemany("INSERT OR REPLACE INTO multilingual_vectors VALUES (?, ?)",
                            ((v, row.astype(np.float32).tobytes()) for v, row in zip(vector_ids, vectors)))

    def multilingual_vectors(self, vector_ids: list[int]) -> np.ndarray:
        return self._vectors_of("multilingual_vectors", "vector_id", vector_ids)

    def document_languages(self) -> list[tuple[str, int]]:
        """(language, documents) for every language the store holds, most documents first."""
        return self.db.execute("SELECT lang, COUNT(*) FROM documents GROUP BY lang ORDER BY COUNT(*) DESC, lang").fetchall()

    def sentence_languages(self, sentence_ids: Iterable[int]) -> dict[int, str]:
        return self._by_ids("SELECT id, lang FROM sentences WHERE id IN ({})", sentence_ids)

    # -- pairs and clusters -------------------------------------------------------------------------

    def sentences_to_match(self) -> list[int]:
        """Claims whose pairs have not been mined yet: new ones, or those of an interrupted run."""
        return [row[0] for row in self.db.execute("SELECT id FROM sentences WHERE matched = 0 ORDER BY id")]

    def add_pairs(self, pairs: Iterable[tuple[int, int, float, float, str, float | None, str]], run_id: int,
                  matched: Iterable[int], rematched: Iterable[int] = ()) -> int:
        """Store newly found pairs, (sentence a, sentence b, similarity, lexical, match, confidence, reason)
        with a's document the earlier, and mark the sentences `matched` as mined; the stored pairs of the
        sentences `rematched` (mined again, all their candidates among this run's) that `pairs` does not hold
        are deleted. Returns how many pairs were new.

        The clusters are stale from here until `replace_clusters`: a run that dies in between leaves the
        flag, and the next run re-clusters everything.
        """
        with self.transaction():
            pairs = list(pairs)
            if rematched:  # pairs of sentences matched again that this run's decisions no longer hold
                kept = {(a, b) for a, b, *_ in pairs}
                held = (self._rows("SELECT sentence_a, sentence_b FROM pairs WHERE sentence_a IN ({})", rematched) +
                        self._rows("SELECT sentence_a, sentence_b FROM pairs WHERE sentence_b IN ({})", rematched))
                stale = sorted({(a, b) for a, b in held} - kept)
                self.db.executemany("DELETE FROM pairs WHERE sentence_a = ? AND sentence_b = ?", stale)
                self.db.executemany("UPDATE clusters SET dirty = 1 WHERE id IN (SELECT cluster_id FROM cluster_members"
                                    " WHERE sentence_id = ?)", [(s,) for s in rematched])
            before = self.db.total_changes
            self.db.executemany(
                "INSERT OR IGNORE INTO pairs (sentence_a, sentence_b, similarity, lexical, match, confidence, reason,"
                " run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (pair + (run_id,) for pair in pairs))
            added = self.db.total_changes - before
            self.db.executemany("UPDATE sentences SET matched = 1 WHERE id = ?", [(s,) for s in matched])
            self.set_meta("clusters_stale", "1")
        return added

    def clusters_stale(self) -> bool:
        """A run died between storing pairs and re-clustering them."""
        return self.meta("clusters_stale") == "1"

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
        with self.transaction():
            if members is None:
                old = self.db.execute("SELECT id, documents, run_id FROM clusters").fetchall()
                self.db.execute("DELETE FROM origins")
            else:
                old = self._rows("SELECT id, documents, run_id FROM clusters WHERE dirty = 1 OR id IN"
                                 " (SELECT cluster_id FROM cluster_members WHERE sentence_id IN ({}))", members)
                old = list(dict.fromkeys(old))
                touched = {row[0] for row in self._rows(
                    "SELECT DISTINCT s.document_id FROM cluster_members m JOIN sentences s ON s.id = m.sentence_id"
                    " WHERE m.cluster_id IN ({})", [cid for cid, _, _ in old])}
                touched.update(self.sentence_documents(m for c in clusters for m in c.members).values())
                self._forget_provenance(touched)
            before = {cid: (documents, first_run) for cid, documents, first_run in old}
            self.db.executemany("DELETE FROM clusters WHERE id = ?", [(cid,) for cid in before])
            self.db.executemany("INSERT INTO clusters VALUES (?, ?, ?, ?, 0)", [
                (c.cluster_id, c.representative, c.documents, before.get(c.cluster_id, (0, run_id))[1])
                for c in clusters])
            self.db.executemany("INSERT INTO cluster_members VALUES (?, ?)",
                                ((m, c.cluster_id) for c in clusters for m in c.members))
            self.set_meta("clusters_stale", "0")
        new = [c.cluster_id for c in clusters if c.cluster_id not in before]
        grew = {c.cluster_id: before[c.cluster_id][0] for c in clusters
                if c.cluster_id in before and c.documents > before[c.cluster_id][0]}
        return new, grew

    def _forget_provenance(self, document_rows: set[int]) -> None:
        for chunk in _chunks(sorted(document_rows), 500):
            self.db.execute(
                "DELETE FROM origins WHERE cluster_id IN (SELECT m.cluster_id FROM cluster_members m JOIN sentences s"
                f" ON s.id = m.sentence_id WHERE s.document_id IN ({','.join('?' * len(chunk))}))", chunk)

    # -- provenance ---------------------------------------------------------------------------------

    def clusters_without_provenance(self) -> list[int]:
        return [row[0] for row in self.db.execute(
            "SELECT id FROM clusters WHERE id NOT IN (SELECT cluster_id FROM origins) ORDER BY id")]

    def put_provenance(self, trees: list[Provenance]) -> None:
        """Store provenance trees, replacing those of the same clusters."""
        with self.transaction():
            self.db.executemany("DELETE FROM origins WHERE cluster_id = ?", [(t.cluster_id,) for t in trees])
            self.db.executemany("INSERT INTO origins VALUES (?, ?, ?)", [
                (t.cluster_id, t.origin.sentence_id, json.dumps(t.origin_evidence, ensure_ascii=False)) for t in trees])
            self.db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?, ?)", [
                (t.cluster_id, number, e.source.sentence_id, e.target.sentence_id, e.similarity, e.match,
                 json.dumps(e.evidence, ensure_ascii=False)) for t in trees for number, e in enumerate(t.edges)])

    def count_outlet_copies(self) -> None:
        """Recount the copies between outlets over every stored tree."""
        with self.transaction():
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

    def provenance(self, cluster_ids: Iterable[int] | None = None) -> dict[int, Provenance]:
        """The stored provenance trees (of the given clusters)."""
        if cluster_ids is None:
            origins = self.db.execute("SELECT cluster_id, sentence_id, evidence FROM origins").fetchall()
            edges = self.db.execute("SELECT * FROM edges ORDER BY cluster_id, position").fetchall()
        else:
            cluster_ids = sorted(set(cluster_ids))
            origins = self._rows("SELECT cluster_id, sentence_id, evidence FROM origins WHERE cluster_id IN ({})",
                                 cluster_ids)
            edges = sorted(self._rows("SELECT * FROM edges WHERE cluster_id IN ({})", cluster_ids))
        refs = self.sentence_refs({row[1] for row in origins} | {s for row in edges for s in row[2:4]})
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

    def cluster_pairs(self, cluster_ids: Iterable[int]) -> dict[int, list[Pair]]:
        """cluster id -> the stored pairs between two of its members."""
        rows = self._rows(
            "SELECT p.sentence_a, p.sentence_b, p.similarity, p.lexical, p.match, m.cluster_id FROM pairs p"
            " JOIN cluster_members m ON m.sentence_id = p.sentence_a JOIN cluster_members n"
            " ON n.sentence_id = p.sentence_b AND n.cluster_id = m.cluster_id WHERE m.cluster_id IN ({})", cluster_ids)
        refs = self.sentence_refs({r[0] for r in rows} | {r[1] for r in rows})
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
        refs = self.sentence_refs(s for found in shared.values() for s in found)
        return [Cluster(c, refs[min(found)], tuple(refs[s] for s in sorted(found))) for c, found in sorted(shared.items())]

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
        refs = self.sentence_refs({r[0] for r in rows} | {r[1] for r in rows})
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
        refs = self.sentence_refs(s for ids in members.values() for s in ids)
        clusters = []
        for cluster_id, sentence_ids in members.items():
            ordered = sorted((refs[s] for s in sentence_ids), key=lambda r: (r.published or "~", r.doc, r.position))
            clusters.append(Cluster(cluster_id, refs[representatives[cluster_id]], tuple(ordered)))
        return sorted(clusters, key=lambda c: (-len(c.documents), -len(c.members), c.cluster_id))

    # -- runs and counts --------------------------------------------------------------------------

    def start_run(self, command: str) -> int:
        with self.transaction():
            return self.db.execute("INSERT INTO runs (started, command) VALUES (?, ?)", (now(), command)).lastrowid

    def finish_run(self, run_id: int, summary: dict) -> None:
        with self.transaction():
            self.db.execute("UPDATE runs SET finished=?, summary=? WHERE id=?", (now(), json.dumps(summary), run_id))

    def counts(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT COUNT(*) FROM documents"),
            "sentences": one("SELECT COUNT(*) FROM sentences"),
            "claims": one("SELECT COUNT(*) FROM sentences WHERE vector_id IS NOT NULL"),
            "distinct_claims": one("SELECT COUNT(DISTINCT vector_id) FROM sentences WHERE vector_id IS NOT NULL"),
            "vectors": one("SELECT COUNT(*) FROM vectors"),
            "pairs": one("SELECT COUNT(*) FROM pairs"),
            "clusters": one("SELECT COUNT(*) FROM clusters"),
            "runs": one("SELECT COUNT(*) FROM runs"),
        }

    def runs(self, newest: int | None = None) -> list[dict]:
        """Every run (or the `newest` few), oldest first; a run with no end time was interrupted."""
        rows = self.db.execute("SELECT id, started, finished, command, summary FROM runs ORDER BY id DESC LIMIT ?",
                               (-1 if newest is None else newest,)).fetchall()
        return [{"run": run_id, "started": started, "finished": finished, "command": command,
                 "status": "finished" if finished else "interrupted", **json.loads(summary)}
                for run_id, started, finished, command, summary in reversed(rows)]

    def last_run(self) -> dict | None:
        runs = self.runs(newest=1)
        return runs[0] if runs else None


def _checksum_key(file: str) -> str:
    """The meta key of an index file's checksum (the first index's key predates the second index)."""
    return "index_checksum" if file == INDEX_FILE else f"{file}_checksum"


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def _execute_script(db: sqlite3.Connection, script: str) -> None:
    """Run a schema script statement by statement (`executescript` would commit the open transaction)."""
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
