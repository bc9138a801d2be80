"""The Ray path: a local cluster of two worker nodes gives the same pairs as one machine."""

import pytest

from conftest import CORPUS, run_dedup

ray_cluster_utils = pytest.importorskip("ray.cluster_utils")


@pytest.fixture(scope="module")
def two_node_cluster():
    cluster = ray_cluster_utils.Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    yield cluster
    cluster.shutdown()


def test_indexing_on_a_two_node_ray_cluster_finds_the_same_pairs(two_node_cluster, sample_store, tmp_path):
    store = tmp_path / "store"
    indexed = run_dedup("index", CORPUS, "--store", store, "--ray", two_node_cluster.address)
    assert indexed.returncode == 0, indexed.stderr

    on_ray = run_dedup("pairs", "--store", store, "--format", "csv").stdout
    on_one_machine = run_dedup("pairs", "--store", sample_store, "--format", "csv").stdout
    assert on_ray == on_one_machine
    assert "equal footing" in on_ray


def test_mining_spread_over_the_cluster_equals_mining_in_process(two_node_cluster):
    import numpy as np
    import ray

    from dedup.match import distributed
    from dedup.match import index as vector_index
    from dedup.ingest.corpus import read_corpus
    from dedup.ingest.segment import segment

    texts = sorted({s.text for d in read_corpus([CORPUS]).documents for s in segment(d.text)})
    distributed.connect(two_node_cluster.address)
    try:
        assert sum(node["Alive"] for node in ray.nodes()) == 2
        vectors = distributed.RayEmbedder("all-MiniLM-L6-v2", two_node_cluster.address).encode(texts)
        ids = np.arange(len(texts), dtype=np.int64)
        index = vector_index.build(vectors, ids)
        spread = distributed.near_pairs(index, ids, vectors, 0.6)
    finally:
        ray.shutdown()
    local = vector_index.near_pairs(index, ids, vectors, 0.6)
    assert len(local[0]) > 20
    for ours, theirs in zip(spread, local):
        assert np.array_equal(ours, theirs)


def test_judging_spread_over_the_cluster_equals_judging_in_process(two_node_cluster):
    import numpy as np
    import ray

    from dedup.judge.cross_encoder import CROSS_ENCODER_PATH, default_cross_encoder
    from dedup.match import distributed

    pairs = [("I would like to emphasize that our interaction stands on an equal footing.",
              "Naryshkin described the interaction between the two states as equal."),
             ("The CDC removed a web page linking polio vaccines to cancer.",
              "Polio vaccines given in the 1950s were contaminated with a virus that causes cancer."),
             ("The mayor opened a new bridge over the river on Monday.",
              "A new bridge over the river was opened by the mayor on Monday.")] * 3
    distributed.connect(two_node_cluster.address)
    try:
        spread = distributed.RayCrossEncoder(str(CROSS_ENCODER_PATH), two_node_cluster.address).probabilities(pairs)
    finally:
        ray.shutdown()
    assert np.array_equal(spread, default_cross_encoder().probabilities(pairs))
    assert spread[2] > 0.5 > spread[1]
