"""The vector index: which FAISS index a collection of wordings gets, and range search over it.

Small collections get an exact index (inner product over every vector). From EXACT_UP_TO vectors
on, all-vs-all exact search grows quadratically (about an hour at a million), so the index becomes
an inverted file (IVF, about 4·√n lists, NPROBE lists searched per query) over float16 vectors:
the search visits about 0.3 % of the collection per query, storage is half of float32, and the
pairs above the mining radius are found with recall above 0.99 (`scripts/bench.py` measures it
against exact search). Both kinds keep caller-chosen ids and support removal, so a store can add
and delete wordings in place.

`IndexFile` is the index's life as a file beside the store's SQLite: derived data, written
atomically, trusted only when its checksum matches the one SQLite recorded, rebuilt from the stored
vectors (no re-embedding) when missing or damaged, and brought up to date in memory when stale.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import faiss
import numpy as np

from dedup import faults

EXACT_UP_TO = 200_000  # vectors; above this the index is IVF
NPROBE = 12
TRAINING_POINTS_PER_LIST = 40
SEARCH_BATCH = 4096
QUERY_TILE, STORED_TILE = 1024, 16384  # an exact search's scores, 64 MB at a time
FILE_BLOCK = 1 << 22  # bytes read or written at a time
RESAVE_SHARE = 0.05  # rewrite the file once this share of its entries changed since it was saved


def is_exact(index: faiss.Index) -> bool:
    return isinstance(index, faiss.IndexIDMap)


def needs_rebuild(index: faiss.Index, size: int) -> bool:
    """The index kind no longer fits the collection: exact past EXACT_UP_TO, or an IVF whose lists
    were trained for a collection a quarter of the size (its lists would be too long to search fast)."""
    if is_exact(index):
        return size > EXACT_UP_TO
    trained_for = (faiss.extract_index_ivf(index).nlist / 4) ** 2
    return size > 4 * trained_for or size <= EXACT_UP_TO // 2


Fetch = Callable[[np.ndarray], np.ndarray]  # row numbers -> those rows' vectors


def new_index(dimension: int, size: int, fetch: Fetch, exact_up_to: int = EXACT_UP_TO) -> faiss.Index:
    """An empty index suited to a collection of `size` vectors (IVF lists are trained on a sample of
    them, fetched by row number)."""
    if size <= exact_up_to:
        return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
    lists = int(4 * math.sqrt(size))
    index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dimension), dimension, lists,
                                          faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
    sample = np.random.default_rng(0).choice(size, min(size, TRAINING_POINTS_PER_LIST * lists), replace=False)
    index.train(np.ascontiguousarray(fetch(np.sort(sample)), dtype=np.float32))
    index.nprobe = NPROBE
    return index


def build(vectors: np.ndarray, ids: np.ndarray, exact_up_to: int = EXACT_UP_TO) -> faiss.Index:
    """An index of the right kind holding `vectors` under `ids`."""
    return build_from(lambda rows: vectors[rows], ids, vectors.shape[1], exact_up_to)


def build_from(fetch: Fetch, ids: np.ndarray, dimension: int, exact_up_to: int = EXACT_UP_TO,
               chunk: int = 100_000) -> faiss.Index:
    """An index of the right kind holding the vectors of rows 0..len(ids)-1 under `ids`, fetched and
    added a chunk at a time: a million vectors never sit in memory as a whole float32 copy."""
    index = new_index(dimension, len(ids), fetch, exact_up_to)
    for start in range(0, len(ids), chunk):
        rows = np.arange(start, min(start + chunk, len(ids)))
        index.add_with_ids(np.ascontiguousarray(fetch(rows), dtype=np.float32),
                           np.ascontiguousarray(ids[rows], dtype=np.int64))
    return index


def range_search(index: faiss.Index, vectors: np.ndarray, radius: float
                 ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(query rows, hit ids, cosines): every indexed entry with cosine above `radius` of each query,
    as flat arrays, a batch of queries at a time."""
    if index.ntotal == 0:
        return
    if is_exact(index):
        yield from _exact_range_search(index, vectors, radius)
        return
    for start in range(0, len(vectors), SEARCH_BATCH):
        batch = np.ascontiguousarray(vectors[start:start + SEARCH_BATCH], dtype=np.float32)
        limits, cosines, hits = index.range_search(batch, radius)
        rows = np.repeat(np.arange(start, start + len(batch), dtype=np.int64), np.diff(limits).astype(np.int64))
        yield rows, hits, cosines


def _exact_range_search(index: faiss.IndexIDMap, vectors: np.ndarray, radius: float
                        ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """`range_search` over an exact index as matrix products of tiles of queries and stored vectors into one
    reused buffer (BLAS): FAISS's own range search over a flat index took six times as long here (55,000
    wordings against themselves: 92 s against 16 s on 2 cores), for the same hits."""
    flat = faiss.downcast_index(index.index)
    stored = faiss.rev_swig_ptr(flat.get_xb(), flat.ntotal * flat.d).reshape(flat.ntotal, flat.d)  # a view
    ids = faiss.vector_to_array(index.id_map)
    buffer = np.empty(QUERY_TILE * STORED_TILE, dtype=np.float32)
    for start in range(0, len(vectors), QUERY_TILE):
        batch = np.ascontiguousarray(vectors[start:start + QUERY_TILE], dtype=np.float32)
        rows, hits, cosines = [], [], []
        for first in range(0, len(stored), STORED_TILE):
            block = stored[first:first + STORED_TILE]
            scores = buffer[:len(batch) * len(block)].reshape(len(batch), len(block))
            np.matmul(batch, block.T, out=scores)
            found = np.flatnonzero(scores > radius)
            row, column = np.divmod(found, len(block))
            rows.append(start + row)
            hits.append(ids[first + column])
            cosines.append(scores.reshape(-1)[found])
        yield np.concatenate(rows), np.concatenate(hits), np.concatenate(cosines)


@dataclass(frozen=True)
class Reach:
    """How far a range search reaches: every entry with cosine above `radius`, and above `wide_radius`
    where the query or the hit is one of `wide_ids`. A post is ranked among claims further away than two
    sentences are paired (`dedup.judge.posts.PostRanking`); searching the whole store that far and
    dropping the rest afterwards held every same-topic pair of sentences in memory at once."""

    radius: float
    wide_radius: float = 1.0
    wide_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # sorted

    @property
    def outermost(self) -> float:
        return min(self.radius, self.wide_radius) if len(self.wide_ids) else self.radius

    def keep(self, queries: np.ndarray, hits: np.ndarray, cosines: np.ndarray) -> np.ndarray:
        """Which hits are within reach: above `radius`, or within `wide_radius` of a wide entry."""
        keep = cosines > self.radius
        if len(self.wide_ids) and self.wide_radius < self.radius:
            wide = _member(queries, self.wide_ids) | _member(hits, self.wide_ids)
            keep |= wide & (cosines > self.wide_radius)
        return keep


def _member(ids: np.ndarray, sorted_ids: np.ndarray) -> np.ndarray:
    """`np.isin(ids, sorted_ids)` without sorting `sorted_ids` again for every batch of hits."""
    at = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
    return sorted_ids[at] == ids


def near_pairs(index: faiss.Index, query_ids: np.ndarray, vectors: np.ndarray, reach: Reach | float
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids a, ids b, cosines), a < b, each pair once: every entry within `reach` of a queried one
    (itself excluded). Arrays, not Python objects: a million queries yield millions of pairs."""
    reach = reach if isinstance(reach, Reach) else Reach(reach)
    firsts, seconds, scores = [], [], []
    for rows, hits, cosines in range_search(index, vectors, reach.outermost):
        queries = query_ids[rows]
        keep = (hits != queries) & reach.keep(queries, hits, cosines)
        firsts.append(np.minimum(queries, hits)[keep])
        seconds.append(np.maximum(queries, hits)[keep])
        scores.append(np.minimum(cosines[keep], 1.0))
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    first, second, score = unique_pairs(np.concatenate(firsts), np.concatenate(seconds), np.concatenate(scores))
    return first, second, np.round(score.astype(np.float64), 4)


def unique_pairs(first: np.ndarray, second: np.ndarray, score: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each (a, b) once, in id order, keeping its first score: a pair is found from both ends."""
    _, once = np.unique((first << 32) | second, return_index=True)
    return first[once], second[once], score[once]


def ids_of(index: faiss.Index) -> np.ndarray:
    """Every id held by the index."""
    if is_exact(index):
        return faiss.vector_to_array(index.id_map)
    lists = faiss.extract_index_ivf(index).invlists
    parts = [faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
             for i in range(lists.nlist) if lists.list_size(i)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


class IndexFile:
    """The FAISS index of a store, loaded from its file and kept equal to the entries SQLite says it holds.

    Small changes stay in memory: every open applies them to the saved file, so a run that adds a few
    documents does not rewrite an index of millions of entries; `save` rewrites the file once enough
    changed. `entries` maps index id -> vector id; `vectors` fetches stored vectors by vector id.
    """

    def __init__(self, path: Path, checksum: str | None, entries: dict[int, int],
                 vectors: Callable[[list[int]], np.ndarray], dimension: int) -> None:
        self.path = path
        self._vectors = vectors
        self._dimension = dimension
        loaded = self._read(checksum)
        self.unsaved: int | None = 0 if loaded is not None else None  # entries changed since saved; None: not on disk
        if loaded is None:
            self.index = self._build(entries)  # holds `entries` already
        else:
            self.index = loaded
            self.update(entries)

    def _read(self, checksum: str | None) -> faiss.Index | None:
        """The saved index if its checksum holds, read through one open handle (hashed first, then
        parsed from the same file, in chunks: no copy of the whole file is held beside the index)."""
        try:
            handle = open(self.path, "rb")
        except FileNotFoundError:
            return None
        with handle:
            digest = hashlib.sha256()
            while block := handle.read(FILE_BLOCK):
                digest.update(block)
            if checksum != digest.hexdigest():
                return None  # damaged, or replaced by a run that died before recording it
            handle.seek(0)
            return faiss.read_index(faiss.PyCallbackIOReader(handle.read, FILE_BLOCK))

    def _build(self, entries: dict[int, int]) -> faiss.Index:
        """A fresh index of the kind the collection's size calls for, holding every entry."""
        ids = np.array(sorted(entries), dtype=np.int64)
        vector_ids = np.array([entries[i] for i in ids.tolist()], dtype=np.int64)
        return build_from(lambda rows: self._vectors(vector_ids[rows].tolist()), ids, self._dimension)

    def update(self, entries: dict[int, int]) -> None:
        """Add and remove entries so that the index in memory holds exactly `entries`."""
        current = set(ids_of(self.index).tolist()) if self.index.ntotal else set()
        stale = np.array(sorted(current - set(entries)), dtype=np.int64)
        if len(stale):
            self.index.remove_ids(stale)
        new = sorted(set(entries) - current)
        if new:
            self.index.add_with_ids(self._vectors([entries[i] for i in new]), np.array(new, dtype=np.int64))
        if self.unsaved is not None:
            self.unsaved += len(stale) + len(new)
        if needs_rebuild(self.index, self.index.ntotal):
            self.index, self.unsaved = self._build(entries), None

    def save(self) -> str | None:
        """Rewrite the file if it is missing or enough changed; returns the new file's checksum, for the
        store to record (a file written by a run that dies before recording it is not trusted)."""
        if self.unsaved is not None and self.unsaved <= RESAVE_SHARE * max(1, self.index.ntotal):
            return None
        temporary = self.path.with_suffix(".faiss.tmp")
        digest = hashlib.sha256()
        with open(temporary, "wb") as handle:

            def write(block: bytes) -> None:
                digest.update(block)
                handle.write(block)

            faiss.write_index(self.index, faiss.PyCallbackIOWriter(write, FILE_BLOCK))
            handle.flush()
            os.fsync(handle.fileno())
        faults.checkpoint("index-written")
        os.replace(temporary, self.path)
        self.unsaved = 0
        return digest.hexdigest()

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (cosines, ids) for each query vector; ids are -1 past the index size."""
        if self.index.ntotal == 0:
            return np.zeros((len(vectors), 0), dtype=np.float32), np.zeros((len(vectors), 0), dtype=np.int64)
        return self.index.search(np.ascontiguousarray(vectors, dtype=np.float32), max(1, min(k, self.index.ntotal)))
