"""What every part of the store shares: the store folder's file names, and `Part`, the base of the parts that
each run the SQL of one concern on the store's connection."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from dedup.store.connection import Store

DEFAULT_STORE = Path("embeddings")
STORE_ENV = "DEDUP_STORE"
DATABASE = "dedup.sqlite"
INDEX_FILE = "index.faiss"  # written by dedup.match.index.IndexFile
MULTILINGUAL_INDEX_FILE = "index-multilingual.faiss"  # the same wordings in the multilingual model's space
LOCK_FILE = "write.lock"
LOCK_TIMEOUT_S = 10.0


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def checksum_key(file: str) -> str:
    """The meta key of an index file's checksum (the first index's key predates the second index)."""
    return "index_checksum" if file == INDEX_FILE else f"{file}_checksum"


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class Part:
    """One concern of a store: runs its tables' SQL on the store's connection."""

    def __init__(self, store: "Store") -> None:
        self.store = store

    @property
    def db(self) -> sqlite3.Connection:
        return self.store.db

    def _by_ids(self, sql: str, ids: Iterable[int]) -> dict:
        return {row[0]: row[1] for row in self._rows(sql, ids)}

    def _rows(self, sql: str, ids: Iterable[int]) -> list[tuple]:
        """The rows of `sql` for these ids ("IN ({})" in `sql`), 500 ids a query (SQLite's bound on parameters)."""
        rows: list[tuple] = []
        for chunk in chunks(list(ids), 500):
            rows.extend(self.db.execute(sql.format(",".join("?" * len(chunk))), chunk))
        return rows
