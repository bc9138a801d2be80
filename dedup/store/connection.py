"""The store's connection: one SQLite database per store folder, its writer lock and its transactions.

`Store` owns the connection and hands it to its parts, one per concern, each a small class that runs
the SQL of its tables: `store.meta`, `store.documents`, `store.sentences`, `store.vectors`,
`store.matches`, `store.provenance`, `store.runs`. A part never commits on its own account except
through `Store.transaction`, so what the caller groups in one transaction is written whole or not at all
(a run killed at any point leaves a consistent store: tests/test_crash_safety.py).
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from dedup.errors import DedupError
from dedup.store.base import DATABASE, LOCK_FILE, LOCK_TIMEOUT_S
from dedup.store.documents import Documents, Sentences
from dedup.store.matches import Matches
from dedup.store.meta import Meta
from dedup.store.provenance import Trees
from dedup.store.runs import Runs
from dedup.store.schema import MIGRATIONS, SCHEMA_VERSION, has_table, meta_value
from dedup.store.vectors import Vectors


class Store:
    """A dedup store folder. Open with `Store.open(path)` (reading) or `Store.create(path)` (indexing)."""

    def __init__(self, root: Path, db: sqlite3.Connection) -> None:
        self.root = root
        self.db = db
        self.meta = Meta(self)
        self.documents = Documents(self)
        self.sentences = Sentences(self)
        self.vectors = Vectors(self)
        self.matches = Matches(self)
        self.provenance = Trees(self)
        self.runs = Runs(self)

    @classmethod
    def open(cls, root: Path) -> "Store":
        """Open an existing store; a missing one is a user error that says how to make it."""
        if root.is_file():
            raise DedupError(f"{root}: a file, not a store folder")
        if not (root / DATABASE).exists():
            raise DedupError(f"{root}: no dedup store here (run 'dedup index PATH --store {root}' first)")
        return cls._connect(root)

    @classmethod
    def create(cls, root: Path) -> "Store":
        """Open a store for writing, creating the folder and schema if needed."""
        if root.is_file():
            raise DedupError(f"{root}: a file, not a store folder")
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
            version = meta_value(db, "schema_version") if has_table(db, "meta") else None
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
            version = int(meta_value(self.db, "schema_version") or 0) if has_table(self.db, "meta") else 0
            for migration in MIGRATIONS[version:]:
                migration(self.db)
            if version < SCHEMA_VERSION:
                self.meta.set("schema_version", str(SCHEMA_VERSION))

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
        self.vectors.forget()
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
