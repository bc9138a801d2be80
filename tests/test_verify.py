"""The verifier stage: copies recognised by text, paraphrases by cosine, numbers checked."""

import pytest

from dedup.pairs import Candidate
from dedup.verify import EXACT, NEAR_EXACT, PARAPHRASE, CosineVerifier, copy_label

EQUAL_002 = "I would like to emphasize that our interaction stands on an equal footing, it is of equally mutual interest."
EQUAL_003 = ("Naryshkin described the interaction between the two states as not only equal but also grounded in "
             "shared interests.")


def judge(text_a: str, text_b: str, cosine: float) -> list[str]:
    verdicts = CosineVerifier().verify([Candidate(1, 2, cosine, False)], {1: text_a, 2: text_b})
    return [v.match for v in verdicts]


def test_a_paraphrased_quote_at_the_sample_cosine_is_a_paraphrase():
    assert judge(EQUAL_002, EQUAL_003, cosine=0.61) == [PARAPHRASE]
    assert judge(EQUAL_002, EQUAL_003, cosine=0.55) == []


def test_copies_are_labelled_by_text():
    assert copy_label(Candidate(1, 2, 1.0, True), "We are allies.", "“We are allies.”") == (1.0, EXACT)
    lexical, label = copy_label(Candidate(1, 2, 0.98, False),
                                "The bank kept its key rate at 16 percent on Friday.",
                                "The bank kept its key rate at 16 percent on Friday, the report said.")
    assert label == NEAR_EXACT and lexical > 0.85


def test_a_changed_number_is_a_different_claim():
    kept, raised = "The central bank kept its key rate at 16%.", "The central bank raised its key rate to 17%."
    assert copy_label(Candidate(1, 2, 0.97, False), kept, raised)[1] is None
    assert judge(kept, raised, cosine=0.9) == []


def test_the_threshold_is_validated():
    with pytest.raises(ValueError, match=r"threshold must be in \[0.0, 1.0\]"):
        CosineVerifier(threshold=1.5)
