"""Vectors: one embedding per distinct claim wording (and its multilingual twin), and what the FAISS index holds.

The index file's life cycle is `dedup.match.index.IndexFile`; the store says which entries it should hold
(`index_entries`) and records the checksum of the file last written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import numpy as np

from dedup.ingest.language import ENGLISH
from dedup.records import POST
from dedup.store.base import INDEX_FILE, Part, checksum_key, chunks

if TYPE_CHECKING:
    from dedup.store.connection import Store


class Vectors(Part):
    """Embeddings by vector id, and the index entries (first sentence of each wording)."""

    def __init__(self, store: "Store") -> None:
        super().__init__(store)
        self._wanted: dict[int, int] | None = None  # cache of index_entries, dropped on every write

    def forget(self) -> None:
        """Drop what was read before a write."""
        self._wanted = None

    def vector_ids(self, keys: Iterable[str]) -> dict[str, int]:
        """Stored vector ids of the given text keys (those already embedded)."""
        found: dict[str, int] = {}
        keys = list(keys)
        for chunk in chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT text_key, id FROM vectors WHERE text_key IN ({marks})", chunk))
        return found

    def add_vectors(self, keys: list[str], vectors: np.ndarray) -> dict[str, int]:
        """Store new vectors (inside the caller's transaction); returns key -> vector id."""
        rows = ((key, vector.astype(np.float32).tobytes()) for key, vector in zip(keys, vectors))
        self.db.executemany("INSERT OR IGNORE INTO vectors (text_key, vector) VALUES (?, ?)", rows)
        return self.vector_ids(keys)

    def remove_unused_vectors(self) -> None:
        self.db.execute("DELETE FROM vectors WHERE id NOT IN (SELECT vector_id FROM sentences WHERE vector_id IS NOT NULL)")

    def index_entries(self) -> dict[int, int]:
        """sentence id -> vector id: the first claim sentence of each distinct wording, the index's entries."""
        if self._wanted is None:
            self._wanted = dict(self.db.execute(
                "SELECT MIN(id), vector_id FROM sentences WHERE vector_id IS NOT NULL GROUP BY vector_id"))
        return self._wanted

    def post_entries(self) -> np.ndarray:
        """The index ids (sorted) of the wordings that posts carry."""
        return np.array([row[0] for row in self.db.execute(
            "SELECT MIN(id) FROM sentences WHERE vector_id IN"
            f" (SELECT vector_id FROM sentences WHERE kind = '{POST}' AND vector_id IS NOT NULL)"
            " GROUP BY vector_id ORDER BY 1")], dtype=np.int64)

    def read(self, vector_ids: list[int]) -> np.ndarray:
        """The stored embeddings with these vector ids, row by row (filled a chunk at a time, so a
        million vectors cost their array and no more)."""
        return self._read("vectors", "id", vector_ids)

    def _read(self, table: str, key: str, vector_ids: list[int]) -> np.ndarray:
        found = None
        for start in range(0, len(vector_ids), 10_000):
            chunk = vector_ids[start:start + 10_000]
            blobs = self._by_ids(f"SELECT {key}, vector FROM {table} WHERE {key} IN ({{}})", chunk)
            for row, vector_id in enumerate(chunk, start):
                vector = np.frombuffer(blobs[vector_id], dtype=np.float32)
                if found is None:
                    found = np.zeros((len(vector_ids), len(vector)), dtype=np.float32)
                found[row] = vector
        return found if found is not None else np.zeros((0, self.store.meta.dimension), dtype=np.float32)

    def index_entries_for(self, sentence_ids: Iterable[int], multilingual: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(index ids, vectors) of the wordings that these sentences carry, in vector id order."""
        vector_ids = set(self._by_ids("SELECT id, vector_id FROM sentences WHERE id IN ({})", sentence_ids).values())
        vector_ids.discard(None)
        entries = self._by_ids("SELECT vector_id, MIN(id) FROM sentences WHERE vector_id IN ({})"
                               " GROUP BY vector_id", sorted(vector_ids))
        order = sorted(entries)
        vectors = self.read_multilingual(order) if multilingual else self.read(order)
        return np.array([entries[v] for v in order], dtype=np.int64), vectors

    def index_checksum(self, file: str = INDEX_FILE) -> str | None:
        """The checksum of the last index file written whole: a file that does not match is not trusted."""
        return self.store.meta.get(checksum_key(file))

    def index_saved(self, checksum: str, file: str = INDEX_FILE) -> None:
        with self.store.transaction():
            self.store.meta.set(checksum_key(file), checksum)
            self.store.meta.set("index_generation", str(int(self.store.meta.get("index_generation") or 0) + 1))

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

    def multilingual_vectors_of(self, sentence_ids: Iterable[int]) -> dict[int, np.ndarray]:
        """sentence id -> its wording's vector in the multilingual model's space, for the wordings embedded
        there so far (none in a store that never held a claim not in English)."""
        return {sentence: np.frombuffer(blob, dtype=np.float32) for sentence, blob in self._rows(
            "SELECT s.id, m.vector FROM sentences s JOIN multilingual_vectors m ON m.vector_id = s.vector_id"
            " WHERE s.id IN ({})", sentence_ids)}

    def read_multilingual(self, vector_ids: list[int]) -> np.ndarray:
        return self._read("multilingual_vectors", "vector_id", vector_ids)
