"""The store's schema, and the numbered migrations that bring an older store up to date on open.

`MIGRATIONS[n - 1]` brings a store from schema n - 1 to n; a store records its number under the meta key
`schema_version`. A migration is never edited once released: a change to the schema is a new migration
(tests/fixtures/store-v1 is a store of schema 1 that every release must open).
"""

from __future__ import annotations

import sqlite3

from dedup.ingest.language import ENGLISH, SAMPLE_CHARS, detect, sentence_language

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
    if meta_value(db, "model") is not None and meta_value(db, "verifier") is None:
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


def meta_value(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def _execute_script(db: sqlite3.Connection, script: str) -> None:
    """Run a schema script statement by statement (`executescript` would commit the open transaction)."""
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


def has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None
