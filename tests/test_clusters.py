import numpy as np

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


def places_from(keys: dict[int, int], documents: dict[int, int]):
    """What the store says of sentences (`Sentences.places`): a sort key and a document each."""
    return lambda ids: (np.array([keys[i] for i in ids]), np.array([documents[i] for i in ids]))


def test_a_claim_a_document_repeats_stays_in_one_cluster_with_its_copy():
    # document 10 states the claim three times (sentences 1-3), document 20 once (sentence 4): two sentences
    # of one document are never a pair, so 3 is as well linked to {1, 2, 4} as it can be
    edges = [(1, 4, 1.0), (2, 4, 1.0), (3, 4, 1.0)]
    places = places_from({1: 1, 2: 2, 3: 3, 4: 4}, {1: 10, 2: 10, 3: 10, 4: 20})
    (_, members), = cluster_matches(edges, places=places)[0]
    assert members == [1, 2, 3, 4]
    assert [m for _, m in cluster_matches(edges)[0]] == [[1, 2, 4]]  # counted as if 1, 2, 3 could pair


def test_ties_go_by_where_sentences_stand_not_by_ids():
    # 7 arrived before 3, but 3 stands first (its document is the earlier): it represents the pair
    (representative, members), = cluster_matches([(3, 7, 0.9)], places=places_from({3: 1, 7: 2}, {3: 1, 7: 2}))[0]
    assert (representative, members) == (3, [3, 7])
    (representative, _), = cluster_matches([(3, 7, 0.9)], places=places_from({3: 2, 7: 1}, {3: 1, 7: 2}))[0]
    assert representative == 7
