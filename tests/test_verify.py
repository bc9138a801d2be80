"""The verifier stage: copies recognised by text, facts checked, paraphrases judged by a model."""

import gc
import json
import shutil
import sqlite3
import weakref

import numpy as np
import pytest
from conftest import CORPUS, FIXTURES, run_dedup

from dedup.judge import (EXACT, NEAR_EXACT, PARAPHRASE, Context, CosineVerifier, CrossEncoderVerifier, PairModel,
                          PairModelVerifier, copy_label)
from dedup.judge.pair_features import FEATURE_NAMES
from dedup.judge.posts import PostRanking
from dedup.match.candidates import Candidate, Candidates
from dedup.match.embed import Embedder

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
    # two fact-checked claims of CheckThat 2020, quoted with single and with double quotation marks
    assert copy_label(Candidate(1, 2, 0.99, False),
                      "British pub chain JD Wetherspoon banned remembrance poppies due to 'multiculturalism'.",
                      '"British pub chain JD Wetherspoon banned remembrance poppies due to ""multiculturalism""."'
                      ) == (1.0, EXACT)
    # an apostrophe is no quotation mark: the possessive is part of the wording
    assert copy_label(Candidate(1, 2, 0.99, False), "The minister's plan was approved on Friday.",
                      "The ministers plan was approved on Friday.")[1] == NEAR_EXACT


JOBS_2000 = "The carmaker will cut 2,000 jobs in Germany by the end of next year."
JOBS_5000 = "The carmaker will cut 5,000 jobs in Germany by the end of next year."


def test_a_copy_with_another_figure_is_not_a_near_exact_copy():
    kept, raised = "The central bank kept its key rate at 16%.", "The central bank raised its key rate to 17%."
    assert copy_label(Candidate(1, 2, 0.97, False), kept, raised)[1] is None


def test_a_conflicting_figure_is_a_different_claim():
    assert judge(JOBS_2000, JOBS_5000, cosine=0.95) == []


def test_a_negated_or_renamed_copy_is_not_a_near_exact_copy():
    declared = "States of emergency were declared in three regions after the floods."
    assert copy_label(Candidate(1, 2, 0.97, False), declared, declared.replace("were", "were not"))[1] is None
    assert judge(declared, declared.replace("were", "were not"), cosine=0.97) == []
    amazon = "Amazon is giving out free $200 gift cards to Facebook users."
    assert judge(amazon, amazon.replace("Amazon", "Nordstrom"), cosine=0.9) == []


def test_the_threshold_is_validated():
    with pytest.raises(ValueError, match=r"threshold must be in \[0.0, 1.0\]"):
        CosineVerifier(threshold=1.5)


# -- the pair model (dedup/models/pair_model.json, trained by scripts/train_verifier.py) ------------------

STRATEGIC_000 = ("Strategic partnership between the Russian and Belarusian special services is characterized by an "
                 "exceptional level of cooperation, the director of Russia's Foreign Intelligence Service (SVR), "
                 "Sergey Naryshkin said in an interview with National Defense magazine.")
PRINCIPLES_004 = ("According to Naryshkin, the principles of partnership proposed by the SVR of Russia in the early "
                  "1990s, such as equality, mutual benefit, non-interference in each other's internal affairs, "
                  "confidentiality, have turned out to be universal and are actively used in everyday practice.")
STRATEGIC_REWORDED = ("Cooperation between the special services of Russia and Belarus is at an exceptional level "
                      "of strategic partnership, SVR director Sergey Naryshkin told National Defense magazine.")


@pytest.fixture(scope="module")
def pair_model_judge():
    embedder = Embedder()
    verifier = PairModelVerifier()

    def judge(text_a: str, text_b: str) -> list[str]:
        first, second = embedder.encode([text_a, text_b])
        return [v.match for v in verifier.verify([Candidate(1, 2, float(first @ second), False)],
                                                 {1: text_a, 2: text_b})]
    return judge


def test_the_pair_model_accepts_a_reworded_claim(pair_model_judge):
    assert pair_model_judge(STRATEGIC_000, STRATEGIC_REWORDED) == [PARAPHRASE]


def test_the_pair_model_rejects_another_claim_on_the_same_topic(pair_model_judge):
    # all-MiniLM-L6-v2 puts these two sample sentences at cosine 0.72, above the cosine verifier's 0.60
    assert pair_model_judge(STRATEGIC_000, PRINCIPLES_004) == []


def test_the_pair_model_keeps_the_numbers_rule(pair_model_judge):
    assert pair_model_judge(JOBS_2000, JOBS_5000) == []


def test_the_committed_pair_model_matches_the_features_of_this_code():
    model = PairModel.load()
    assert len(model.coefficients) == len(FEATURE_NAMES) and 0.0 < model.threshold < 1.0
    assert model.weights("the") < model.weights("naryshkin")  # rarer words weigh more


def test_a_store_keeps_its_verifier(tmp_path):
    store = tmp_path / "store"
    assert run_dedup("index", CORPUS, "--store", store, "--verifier", "pair-model").returncode == 0
    refused = run_dedup("index", CORPUS, "--store", store, "--verifier", "cosine")
    assert refused.returncode == 1
    assert "verifier 'pair-model', not 'cosine'" in refused.stderr and "Traceback" not in refused.stderr
    assert run_dedup("index", CORPUS, "--store", store).returncode == 0  # the store's own verifier by default


# -- the cross-encoder (dedup/models/cross_encoder.safetensors, trained by scripts/train_cross_encoder.py) --

@pytest.fixture(scope="module")
def cross_encoder_judge():
    verifier = CrossEncoderVerifier()

    def judge(text_a: str, text_b: str, cosine: float) -> list[str]:
        return [v.match for v in verifier.verify([Candidate(1, 2, cosine, False)], {1: text_a, 2: text_b})]
    return judge


def test_the_cross_encoder_finds_the_rewritten_equal_footing_quote(cross_encoder_judge):
    assert cross_encoder_judge(EQUAL_002, EQUAL_003, cosine=0.61) == [PARAPHRASE]


def test_the_cross_encoder_rejects_another_claim_on_the_same_topic(cross_encoder_judge):
    assert cross_encoder_judge(STRATEGIC_000, PRINCIPLES_004, cosine=0.72) == []
    assert cross_encoder_judge(STRATEGIC_000, STRATEGIC_REWORDED, cosine=0.9) == [PARAPHRASE]


def test_the_cross_encoder_keeps_the_facts_rule(cross_encoder_judge):
    assert cross_encoder_judge(JOBS_2000, JOBS_5000, cosine=0.95) == []


def test_a_sentence_without_a_fact_matches_only_as_a_copy(cross_encoder_judge):
    therefore_001, therefore_002 = "Therefore we simply must work together.", "Therefore, we have a lot of work to do."
    assert cross_encoder_judge(therefore_001, therefore_002, cosine=0.62) == []
    assert cross_encoder_judge(therefore_002, "Therefore we have a lot of work to do", cosine=0.99) == [NEAR_EXACT]


def test_an_edited_copy_that_swaps_a_word_is_read_not_taken_on_its_characters(cross_encoder_judge):
    # STS headlines: one word apart, another claim
    assert cross_encoder_judge("Indian stocks open flat.", "Indian stocks open lower.", cosine=0.9) == []
    assert cross_encoder_judge("A woman is playing the guitar.", "A man is playing guitar.", cosine=0.8) == []
    # a swap the judge confirms is still an edited copy
    assert cross_encoder_judge("Syrian forces launch new attacks on Aleppo.", "Syria forces launch fresh attacks on Aleppo.",
                               cosine=0.95) == [NEAR_EXACT]


def test_the_cascade_says_what_decided_each_candidate():
    texts = {1: JOBS_2000, 2: JOBS_5000, 3: "Therefore we simply must work together.",
             4: "Therefore, we have a lot of work to do.", 5: EQUAL_002, 6: EQUAL_003}
    candidates = [Candidate(1, 2, 0.95, False), Candidate(3, 4, 0.62, False), Candidate(5, 6, 0.61, False)]
    verdicts = CrossEncoderVerifier().verify(candidates, texts)
    assert verdicts.routes == {"conflicting figures": 1, "stating no fact": 1, "judged the same claim": 1}


def test_what_else_two_documents_share_sets_how_sure_a_verdict_must_be():
    context = Context(lone=0.9, copied=0.95, rewritten=0.3)
    assert context.threshold(0.5, copies=0, paraphrases=0) == 0.9  # a lone look-alike
    assert context.threshold(0.5, copies=3, paraphrases=0) == 0.95  # a sentence changed inside a copy
    assert context.threshold(0.5, copies=0, paraphrases=2) == 0.3  # the rest of a rewritten passage
    assert context.threshold(0.5, copies=0, paraphrases=1) == 0.5


def test_a_sentence_is_rewritten_once_in_another_document():
    texts = {1: EQUAL_002, 2: EQUAL_003, 3: "Naryshkin described relations between the two states as equal and based "
                                            "on shared interests."}
    candidates = [Candidate(1, 2, 0.61, False), Candidate(1, 3, 0.65, False)]
    verifier = CrossEncoderVerifier(context=Context(lone=0.0, copied=0.0, rewritten=0.0))
    verdicts = verifier.verify(candidates, texts, documents={1: 10, 2: 20, 3: 20})
    assert len(verdicts) == 1  # both rewrite 002's quote; only the likelier one is its rewrite in document 20


def test_a_lone_look_alike_with_other_names_is_another_claim():
    # two fact-checked claims of CheckThat 2020: the same frame, another hurricane
    harvey, katrina = ("A series of photographs show the impact of Hurricane Harvey.",
                       "Photograph shows a storm surge created by Hurricane Katrina.")
    verifier = CrossEncoderVerifier(context=Context(lone=0.0, copied=0.0, rewritten=0.0))
    verdicts = verifier.verify([Candidate(1, 2, 0.75, False)], {1: harvey, 2: katrina}, documents={1: 10, 2: 20})
    assert len(verdicts) == 0 and verdicts.routes["alone and naming others, not read"] == 1


def test_a_lone_rewrite_that_drops_the_day_and_names_the_speaker_is_the_same_claim():
    # MRPC: the rewrite drops "on Monday" and names the president in full; a day is when, not who
    monday = ('"The death of al-Ghozi signals that terrorists will never get far in the Philippines," Arroyo said '
              'in a statement on Monday.')
    named = '"The death of Ghozi signals that terrorists will never get far in the Philippines," President Gloria Arroyo said.'
    verdicts = CrossEncoderVerifier().verify([Candidate(1, 2, 0.94, False)], {1: monday, 2: named},
                                             documents={1: 10, 2: 20})
    assert "alone and naming others, not read" not in verdicts.routes
    assert [verdict.reason for verdict in verdicts] == ["judged alone"]


def test_a_lone_look_alike_is_judged_on_its_own_merit():
    # 000 and 002 of the sample share no other claim: the model reads the pair and says another claim
    looking_back_000 = ("Looking back on the history of our fruitful cooperation, we can confidently discuss the "
                        "prospects for its further development.")
    intensified_002 = ("In recent years, we have intensified cooperation significantly in order to identify and prevent "
                       "all external threats to our countries, to the Union State of Belarus and Russia.")
    verifier = CrossEncoderVerifier()
    probability, = verifier.probabilities([tuple(sorted((looking_back_000, intensified_002)))])
    verdicts = verifier.verify([Candidate(1, 2, 0.72, False)], {1: looking_back_000, 2: intensified_002},
                               documents={1: 10, 2: 20})
    assert len(verdicts) == 0 and probability < verifier.context.lone


def test_a_claim_that_travels_alone_is_found_and_says_why():
    # two fact-checked claims of CheckThat 2020, each its own document and nothing else shared
    sandler, sandler_again = "Actor/comedian Adam Sandler has died at the age of 52.", "Adam Sandler has died at age 52."
    verdict, = CrossEncoderVerifier().verify([Candidate(3, 4, 0.953, False)], {3: sandler, 4: sandler_again},
                                             documents={3: 30, 4: 40})
    assert (verdict.match, verdict.reason) == (PARAPHRASE, "judged alone") and verdict.confidence >= 0.5


def test_a_lone_claim_the_model_doubts_stands_where_the_wordings_are_close():
    # two fact-checked claims of CheckThat 2020, one claim worded twice: the model says a little under 0.5,
    # the cosine is high, and together the two readers agree; it is a lone pair, and says so
    houston = ("President Obama did not mention the death of Chris Kyle or Nancy Reagan, but ordered flags flown at "
               "half-staff for Whitney Houston.")
    houston_again = ("President Obama ordered flags be flown at half-staff to mark the death of singer Whitney Houston, "
                     "but he did not extend that honor to former first lady Nancy Reagan.")
    verifier = CrossEncoderVerifier()
    verdict, = verifier.verify([Candidate(1, 2, 0.851, False)], {1: houston, 2: houston_again}, documents={1: 10, 2: 20})
    assert verifier.context.lone <= verdict.confidence < verifier.threshold
    assert verdict.reason == "judged alone"


def test_a_lone_pair_the_readers_could_not_agree_on_is_not_read():
    # the Sandler claims again, as if their wordings were at cosine 0.67: the model would have to be 93 % sure,
    # which lone pairs that far apart nearly never earn (`tune_context.py --lone-reads`), so it is not asked
    sandler, sandler_again = "Actor/comedian Adam Sandler has died at the age of 52.", "Adam Sandler has died at age 52."
    verifier = CrossEncoderVerifier()
    assert not verifier.context.readers_agree(0.67, probability=1.0)
    verdicts = verifier.verify([Candidate(3, 4, 0.67, False)], {3: sandler, 4: sandler_again}, documents={3: 30, 4: 40})
    assert len(verdicts) == 0 and verdicts.routes["alone and too far apart, not read"] == 1


def test_a_post_is_the_claim_it_matches_best_not_every_claim_of_its_topic():
    post = ("The CDC just quietly deleted a page that linked polio vaccines to cancer-causing viruses. "
            "What are they hiding?")
    texts = {1: post,
             2: "The CDC removed a web page linking polio vaccines to cancer.",
             3: "The CDC has proposed a new rule enabling the agency to apprehend and detain anyone.",
             4: "Polio vaccines given in the 1950s and 1960s were contaminated with a virus that causes cancer."}
    candidates = [Candidate(1, 2, 0.78, False), Candidate(1, 3, 0.52, False), Candidate(1, 4, 0.70, False)]
    verdicts = CrossEncoderVerifier().verify(candidates, texts, documents={1: 10, 2: 20, 3: 30, 4: 40}, posts={1})
    assert [(v.candidate.sentence_b, v.reason) for v in verdicts] == [(2, "judged the post's best match")]


def test_a_post_is_read_by_the_post_judge_and_a_sentence_by_the_news_judge():
    post = ("The CDC just quietly deleted a page that linked polio vaccines to cancer-causing viruses. "
            "What are they hiding?")
    checked = "The CDC removed a web page linking polio vaccines to cancer."
    verifier, pair = CrossEncoderVerifier(), tuple(sorted((post, checked)))
    as_post, = verifier.verify([Candidate(1, 2, 0.78, False)], {1: post, 2: checked}, documents={1: 10, 2: 20},
                               posts={1})
    assert as_post.confidence == round(float(verifier.post_probabilities([pair])[0]), 4)
    # the same two texts, neither a post: the news judge reads them, and it is less sure that a post's
    # wording ("just quietly deleted ... What are they hiding?") carries the claim
    news, post_judge = verifier.probabilities([pair])[0], verifier.post_probabilities([pair])[0]
    assert news < post_judge and post_judge >= 0.9


def test_the_news_judge_is_freed_while_the_post_judge_reads():
    # a run reads its news pairs, then its posts' pairs: one model in memory at a time (each about 150 MB)
    from dedup.judge.cross_encoder import default_cross_encoder, default_post_judge

    news_judge = weakref.ref(default_cross_encoder())
    default_post_judge().probabilities([("The CDC removed a web page.", "The CDC deleted a page.")])
    gc.collect()
    assert news_judge() is None
    assert default_cross_encoder().probabilities([("a claim", "a claim")]).shape == (1,)  # loaded again when asked


def test_copies_of_a_stored_claim_take_one_place_among_a_posts_closest():
    post = ("The CDC just quietly deleted a page that linked polio vaccines to cancer-causing viruses. "
            "What are they hiding?")
    checked = "The CDC removed a web page linking polio vaccines to cancer."
    texts = {1: post, 2: checked, 3: checked, 4: checked,  # one fact-check stored by three desks
             5: "Polio vaccines given in the 1950s and 1960s were contaminated with a virus that causes cancer."}
    candidates = [Candidate(1, k, 0.78, False) for k in (2, 3, 4)] + [Candidate(1, 5, 0.70, False)]
    ranking = PostRanking(closest=2)  # the three copies are one wording: the look-alike is read too
    rows = np.arange(len(candidates))
    assert ranking.read(Candidates.of(candidates), rows, {1}, np.ones(len(rows), dtype=bool)).all()
    # the post is paired with one copy, and the copies with each other as copies
    verdict, = CrossEncoderVerifier().verify(candidates, texts, documents={k: 10 * k for k in texts}, posts={1})
    assert verdict.candidate.sentence_b in (2, 3, 4) and verdict.reason == "judged the post's best match"


def test_a_posts_candidates_that_cannot_outscore_its_closest_match_are_not_read():
    from dedup.judge.cross_encoder import default_post_judge

    class Reading:  # the post judge, noting what it reads
        def __init__(self):
            self.read = []

        def probabilities(self, pairs):
            self.read += pairs
            return default_post_judge().probabilities(pairs)

    post = ("The CDC just quietly deleted a page that linked polio vaccines to cancer-causing viruses. "
            "What are they hiding?")
    texts = {1: post, 2: "The CDC removed a web page linking polio vaccines to cancer.",
             3: "Polio vaccines given in the 1950s and 1960s were contaminated with a virus that causes cancer.",
             4: "The CDC recommends that every child receive four doses of the polio vaccine."}
    # the look-alike is the closest: it scores 0.78 + 0.3 x its probability (about 0.99); the fact-check at
    # 0.76 could beat that (0.76 + 0.3 x 1) and does; the one at 0.52 could not (0.52 + 0.3 x 1), so it is not read
    candidates = [Candidate(1, 3, 0.78, False), Candidate(1, 2, 0.76, False), Candidate(1, 4, 0.52, False)]
    judge = Reading()
    verdict, = CrossEncoderVerifier(post_judge=judge).verify(candidates, texts, documents={k: 10 * k for k in texts},
                                                            posts={1})
    assert verdict.candidate.sentence_b == 2 and verdict.reason == "judged the post's best match"
    assert {text for pair in judge.read for text in pair} == {post, texts[2], texts[3]}
    everything = CrossEncoderVerifier().post_probabilities([(post, texts[k]) for k in (3, 2, 4)])
    assert 0.52 + 0.3 < 0.78 + 0.3 * everything[0] < 0.76 + 0.3 * everything[1]  # reading all three: the same match


def test_a_store_that_predates_recorded_verifiers_is_taken_as_cosine(tmp_path):
    store_path = tmp_path / "store"
    shutil.copytree(FIXTURES / "store-v1", store_path)
    with sqlite3.connect(store_path / "dedup.sqlite") as db:  # as stores were before they recorded a verifier
        db.execute("DELETE FROM meta WHERE key = 'verifier'")
    refused = run_dedup("index", CORPUS, "--store", store_path, "--verifier", "cross-encoder")
    assert refused.returncode == 1 and "verifier 'cosine', not 'cross-encoder'" in refused.stderr


def test_a_verdict_does_not_depend_on_which_sentence_came_first(cross_encoder_judge):
    # the cross-encoder reads a pair once, in a fixed order: sentence ids depend on the order documents arrived in
    issues_001, issues_002 = "Today we have a possibility to discuss these issues.", "This can give rise to certain issues."
    assert cross_encoder_judge(issues_001, issues_002, 0.62) == cross_encoder_judge(issues_002, issues_001, 0.62)


def test_the_cross_encoder_was_trained_on_both_orders():
    quote_002, rewrite_003 = EQUAL_002, EQUAL_003
    one_way, other_way = CrossEncoderVerifier().probabilities([(quote_002, rewrite_003), (rewrite_003, quote_002)])
    assert one_way == pytest.approx(other_way, abs=0.15)


def test_a_one_sentence_document_is_judged_alone_however_many_sentences_it_is_near(tmp_path):
    """A one-line document near several sentences of an article has one claim in common with it at most: its
    other candidates are other readings of the same sentence, not other shared claims, so they do not vouch
    for it. Its negation stays apart; the statement itself is matched on its own merit."""
    def pairs_of(name: str, line: str) -> list[dict]:
        inbox = tmp_path / name
        shutil.copytree(CORPUS, inbox)
        (inbox / "feed.jsonl").write_text(json.dumps({"id": "line", "text": line}) + "\n")
        store = tmp_path / f"{name}-store"
        assert run_dedup("index", inbox, "--store", store).returncode == 0
        found = map(json.loads, run_dedup("pairs", "--store", store, "--format", "json").stdout.splitlines())
        return [p for p in found if "line" in (p["doc_a"], p["doc_b"])]

    assert pairs_of("negated", "Naryshkin says the SVR does not cooperate with any intelligence services") == []
    said, = pairs_of("stated", "Naryshkin says the SVR cooperates with almost all intelligence services.")
    assert (said["doc_a"], said["sentence_a"], said["reason"]) == ("004", 0, "judged alone")
