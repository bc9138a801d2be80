"""Candidate pairs: wording pairs expanded to sentence pairs across documents."""

import numpy as np

from dedup.match.candidates import Candidate
from dedup.match.mining import expand


def test_a_shared_wording_gives_exact_pairs_and_near_wordings_give_cross_pairs_never_within_a_document():
    groups = {  # index entry -> (sentence id, document) of the sentences with that wording
        10: [(1, 100), (2, 101), (3, 101)],  # one wording carried by two documents, twice by the second
        20: [(4, 100), (5, 102)],
        30: [(6, 103)],  # near nothing queried
    }
    near = (np.array([10]), np.array([20]), np.array([0.83]))

    candidates = expand(np.array([10, 20]), near, groups)

    assert list(candidates) == [
        Candidate(1, 2, 1.0, True), Candidate(1, 3, 1.0, True),  # 2 and 3 share document 101: no pair
        Candidate(1, 5, 0.83, False),  # 1 and 4 share document 100: no pair
        Candidate(2, 4, 0.83, False), Candidate(2, 5, 0.83, False),
        Candidate(3, 4, 0.83, False), Candidate(3, 5, 0.83, False),
        Candidate(4, 5, 1.0, True),
    ]
    assert candidates.sentence_ids() == {1, 2, 3, 4, 5}


def test_nothing_near_and_nothing_shared_gives_no_candidates():
    empty = np.zeros(0, dtype=np.int64)
    assert len(expand(np.array([30]), (empty, empty, np.zeros(0)), {30: [(6, 103)]})) == 0
