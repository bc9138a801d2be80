"""Rewritten passages: the claims between two paraphrased claims are aligned in order."""

from conftest import CORPUS

from dedup import pipeline
from dedup.judge import make_verifier
from dedup.judge.align import passage_gaps
from dedup.store import Store


def test_the_claims_between_two_anchors_form_a_gap():
    # 002's claims 33, 34, 35 were rewritten as 003's claims 3, (4, 5), 6
    assert passage_gaps([(33, 3), (35, 6)], [32, 33, 34, 35], [3, 4, 5, 6, 7]) == [([34], [4, 5])]


def test_no_gap_where_the_anchors_run_in_opposite_orders_or_lie_far_apart():
    assert passage_gaps([(33, 6), (35, 3)], [33, 34, 35], [3, 4, 5, 6]) == []
    assert passage_gaps([(10, 3), (20, 6)], list(range(10, 21)), [3, 4, 5, 6]) == []
    assert passage_gaps([(33, 3), (34, 4)], [33, 34], [3, 4]) == []  # adjacent: nothing between


def test_the_sample_with_the_cross_encoder_keeps_the_claims_003_took_from_002(tmp_path):
    store_path = tmp_path / "store"
    pipeline.index_paths(store_path, [CORPUS], verifier=make_verifier("cross-encoder"))
    store = Store.open(store_path)
    found = {(p.a.doc, p.a.position, p.b.doc, p.b.position) for p in store.matches.pairs()}
    store.close()
    assert ("002", 33, "003", 3) in found  # "equal footing" ~ "not only equal but also grounded in shared interests"
    assert ("002", 34, "003", 4) in found  # "strong sides ... strengths" ~ "each side brings strengths", cosine 0.34
    assert ("000", 4, "004", 9) not in found  # cooperation "at an exceptional level" vs "the principles of partnership"
    assert ("000", 16, "004", 3) not in found  # two claims about pressure from the United States
    assert len(found) <= 15
