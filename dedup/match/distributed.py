"""Embedding, mining and judging on a Ray cluster, for corpora one machine cannot index in time.

Ray, not Spark: it installs from PyPI with no JVM, its workers run the same Python, numpy, FAISS
and OpenVINO code as a single machine, and arrays travel through its shared-memory object store
without serialising to rows. The three heavy stages split cleanly: embedding is one task per shard of
texts; mining broadcasts the index once (`ray.put`) and range-searches one shard of queries per
task; judging sends the cross-encoder one shard of distinct sentence pairs per task (a pair's
probability does not depend on what it is batched with). The cascade around the model, storage,
clustering and provenance stay on the driver, so the store and its results are the same as a
single-machine run's.

Address: "local" starts Ray on this machine; "auto" joins the cluster this machine belongs to
(started with `ray start`); "ray://HOST:10001" reaches a remote cluster's client server.
"""

from __future__ import annotations

import functools

import numpy as np

from dedup.match import index as vector_index

TEXTS_PER_TASK = 2048
QUERIES_PER_TASK = 8192
PAIRS_PER_TASK = 4096


def connect(address: str) -> None:
    import ray

    if not ray.is_initialized():
        ray.init(address=None if address == "local" else address, log_to_driver=False,
                 logging_level="ERROR", configure_logging=False)


def _shards(count: int, most: int) -> list[slice]:
    """Slices of at most `most` items, and at least one per CPU of the cluster so every worker gets work."""
    import ray

    tasks = max(-(-count // most), int(ray.cluster_resources().get("CPU", 1)))
    size = max(1, -(-count // tasks))
    return [slice(start, min(count, start + size)) for start in range(0, count, size)]


class RayEmbedder:
    """An Embedder whose `encode` runs on the cluster, one task per shard of texts."""

    def __init__(self, model: str, address: str) -> None:
        from dedup.match.embed import Embedder

        connect(address)
        self.local = Embedder(model)
        self.name = self.local.name

    @property
    def dimension(self) -> int:
        return self.local.dimension

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        import ray

        if not texts:
            return self.local.encode(texts)
        task = ray.remote(_encode_shard)
        parts = [task.remote(self.name, texts[part]) for part in _shards(len(texts), TEXTS_PER_TASK)]
        return np.concatenate(ray.get(parts))


def _encode_shard(model: str, texts: list[str]) -> np.ndarray:
    from dedup.match.embed import Embedder

    return Embedder(model).encode(texts)


def near_pairs(index, query_ids: np.ndarray, vectors: np.ndarray, reach: "vector_index.Reach | float"
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`dedup.match.index.near_pairs` with the queries spread over the cluster (the index sent once)."""
    import faiss
    import ray

    if index.ntotal == 0 or not len(query_ids):
        return vector_index.near_pairs(index, query_ids, vectors, reach)
    shared = ray.put(faiss.serialize_index(index))
    task = ray.remote(_search_shard)
    parts = ray.get([task.remote(shared, query_ids[part], vectors[part], reach)
                     for part in _shards(len(query_ids), QUERIES_PER_TASK)])
    return vector_index.unique_pairs(*(np.concatenate([p[i] for p in parts]) for i in range(3)))


def _search_shard(serialized: np.ndarray, query_ids: np.ndarray, vectors: np.ndarray,
                  reach: "vector_index.Reach | float") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    import faiss

    return vector_index.near_pairs(faiss.deserialize_index(serialized), query_ids, vectors, reach)


class RayCrossEncoder:
    """The cross-encoder (`dedup.judge.cross_encoder.CrossEncoder`, the weights file at `weights`) with
    `probabilities` run on the cluster, one task per shard of pairs; each worker loads the model once."""

    def __init__(self, weights: str, address: str) -> None:
        connect(address)
        self.weights = weights

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        import ray

        if not pairs:
            return np.zeros(0)
        task = ray.remote(_judge_shard)
        parts = [task.remote(self.weights, pairs[part]) for part in _shards(len(pairs), PAIRS_PER_TASK)]
        return np.concatenate(ray.get(parts))


def on_ray(verifier, address: str):
    """`verifier` with its cross-encoder (if it has one) reading on the cluster."""
    from dedup.judge.cross_encoder import CROSS_ENCODER_PATH, POST_JUDGE_PATH, CrossEncoderVerifier

    if not isinstance(verifier, CrossEncoderVerifier):
        return verifier
    distributed = CrossEncoderVerifier(RayCrossEncoder(str(CROSS_ENCODER_PATH), address), verifier.context,
                                       RayCrossEncoder(str(POST_JUDGE_PATH), address))
    distributed.post_ranking = verifier.post_ranking
    return distributed


def _judge_shard(weights: str, pairs: list[tuple[str, str]]) -> np.ndarray:
    return _cross_encoder(weights).probabilities(pairs)


@functools.cache
def _cross_encoder(weights: str):
    """The worker's cross-encoder, loaded by its first task (a worker process runs many)."""
    from pathlib import Path

    from dedup.judge.cross_encoder import CrossEncoder

    return CrossEncoder(Path(weights))
