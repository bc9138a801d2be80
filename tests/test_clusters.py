from dedup.group.clusters import cluster_matches


def test_a_generic_sentence_does_not_chain_two_claims_together():
    # Claim A is sentences 1-3, claim B is 5-7; generic sentence 4 matches one sentence of each.
    a = [(1, 2, 0.9), (1, 3, 0.9), (2, 3, 0.9)]
    b = [(5, 6, 0.9), (5, 7, 0.9), (6, 7, 0.9)]
    bridge = [(3, 4, 0.7), (4, 5, 0.7)]
    clusters = sorted(members for _, members in cluster_matches(a + b + bridge)[0])
    assert [1, 2, 3] in [m[:3] for m in clusters]
    assert not any({1, 5} <= set(m) for m in clusters)


def test_a_triangle_with_one_missing_edge_stays_one_cluster():
    (representative, members), = cluster_matches([(1, 2, 0.8), (2, 3, 0.7)])[0]
    assert members == [1, 2, 3]
    assert representative == 2  # the member matched to both others


def test_no_matches_no_clusters():
    assert cluster_matches([]) == ([], set())


def test_only_the_components_touching_given_sentences_are_reclustered():
    edges = [(1, 2, 0.9), (5, 6, 0.9)]
    clusters, considered = cluster_matches(edges, touching={6})
    assert [members for _, members in clusters] == [[5, 6]] and considered == {5, 6}
