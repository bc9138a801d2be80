"""Scheduled re-indexing: only what changed is done, and the store always equals a clean build."""

import json
import shutil

from dedup import pipeline
from dedup.ingest import segment
from dedup.judge import CrossEncoderVerifier, PostRanking
from dedup.match import mining, search
from dedup.store import Store

from conftest import CDC_PAGE_CHECK, CDC_POST, CORPUS, DETAIN_CHECK, POLIO_CHECK, run_dedup
from storecheck import snapshot

EQUAL_FOOTING = ("I would like to emphasize that our interaction stands on an equal footing, "
                 "it is of equally mutual interest.")


def test_adding_editing_and_deleting_documents_equals_a_clean_build(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(CORPUS, inbox)
    (inbox / "manifest.csv").unlink()
    store = tmp_path / "store"
    first = pipeline.index_paths(store, [inbox])
    assert first.added == 5
    # A day later: one article deleted, one edited, one new outlet repeating the quote.
    (inbox / "001.txt").unlink()
    (inbox / "004.txt").write_text((inbox / "004.txt").read_text() + "\nThe SVR declined to comment further.\n")
    (inbox / "005.txt").write_text(f"Naryshkin told reporters: “{EQUAL_FOOTING}”\n")
    second = pipeline.index_paths(store, [inbox])
    assert (second.added, second.updated, second.removed, second.unchanged) == (1, 1, 1, 3)
    assert second.embedded <= 3  # only new wordings: the repeated quote is already embedded
    assert second.grown_clusters  # the equal-footing cluster gained an outlet
    clean = tmp_path / "clean"
    pipeline.index_paths(clean, [inbox])
    assert snapshot(store) == snapshot(clean)


def test_pairs_since_a_run_lists_only_what_that_run_found(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(CORPUS / "002.txt", inbox)
    store = tmp_path / "store"
    assert run_dedup("index", inbox, "--store", store).returncode == 0
    (inbox / "009.txt").write_text(f"“{EQUAL_FOOTING}” Naryshkin said on Thursday.\n")
    second = run_dedup("index", inbox, "--store", store)
    assert "1 added" in second.stdout and "run 2" in second.stdout
    new = run_dedup("pairs", "--store", store, "--since", "1", "--format", "csv").stdout.splitlines()
    assert len(new) == 2 and "009.txt" in new[1]
    runs = run_dedup("runs", "--store", store, "--format", "json").stdout.splitlines()
    assert len(runs) == 2 and '"status": "finished"' in runs[1] and '"new_pairs": 1' in runs[1]


def test_a_damaged_faiss_file_is_rebuilt_from_sqlite_without_re_embedding(sample_store, tmp_path):
    store_path = tmp_path / "store"
    shutil.copytree(sample_store, store_path)
    (store_path / "index.faiss").write_bytes(b"not a faiss index")
    store = Store.open(store_path)
    hits = search.search(store, "our interaction stands on an equal footing", top=1)
    assert hits[0][0].doc == "002"
    store.close()
    again = pipeline.index_paths(store_path, [CORPUS])
    assert again.embedded == 0 and again.unchanged == 5
    assert snapshot(store_path) == snapshot(sample_store)


def test_a_small_run_leaves_the_faiss_file_and_search_still_sees_the_new_claims(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(CORPUS, inbox)
    store_path = tmp_path / "store"
    pipeline.index_paths(store_path, [inbox])
    generation = Store.open(store_path).meta.get("index_generation")
    (inbox / "006.txt").write_text("The central bank of Belarus cut its refinancing rate to 9.5 percent on Wednesday.")
    pipeline.index_paths(store_path, [inbox])
    store = Store.open(store_path)
    assert store.meta.get("index_generation") == generation  # one new wording: index.faiss not rewritten
    (best, score), = search.search(store, "Belarus central bank lowers its refinancing rate", top=1)
    assert best.doc == "006.txt" and score > 0.7
    assert mining.open_index(store).index.ntotal == store.meta.counts()["distinct_claims"]


ORIGINAL = ("Chief Justice William Rehnquist and Justices Antonin Scalia and Anthony Kennedy agreed with Thomas "
            "that the law was constitutional.")
REWRITE = ("He was joined by Chief Justice William H. Rehnquist and Justices Antonin Scalia and Anthony Kennedy, "
           "who agreed the law was constitutional.")


def test_one_sentence_rewritten_in_several_later_documents_equals_a_clean_build(tmp_path):
    """A claim travels alone: one sentence of a court story is rewritten, word for word the same, in two later
    articles about other things. Indexing the first two, then all three, gives what one run over all three
    gives: the original is paired with both rewrites, which are copies of each other."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(
        "The Supreme Court upheld the Texas statute on Monday in a 5-4 decision written by Justice Clarence Thomas. "
        f"{ORIGINAL} Justice John Paul Stevens wrote the dissent.\n")
    (inbox / "b.txt").write_text(
        "Lawmakers in Austin opened the spring session with a debate over the state budget and school funding. "
        f"{REWRITE} The governor said he would sign a new budget before the end of May.\n")
    store = tmp_path / "store"
    pipeline.index_paths(store, [inbox])
    (inbox / "c.txt").write_text(
        "The Senate Judiciary Committee will question the nominee about her rulings on immigration next week. "
        f"{REWRITE} Committee members received more than 3,000 pages of her opinions.\n")
    pipeline.index_paths(store, [inbox])
    clean = tmp_path / "clean"
    pipeline.index_paths(clean, [inbox])
    assert snapshot(store) == snapshot(clean)
    pairs = {(a, b) for a, _, b, _, *_ in snapshot(clean)["pairs"]}
    assert {("a.txt", "b.txt"), ("a.txt", "c.txt"), ("b.txt", "c.txt")} <= pairs


def test_a_store_segmented_by_an_older_dedup_is_segmented_anew_on_its_next_run(tmp_path, monkeypatch):
    """An upgrade that cuts documents otherwise (here: an attribution after a closed quotation stays with it)
    re-segments what the store holds on the next run, unchanged files included, as a clean build would."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, outlet in (("a.txt", "Reuters"), ("b.txt", "AP")):
        (inbox / name).write_text(f'"We will not allow this blockade to happen again." he told {outlet} on Monday.\n'
                                  "The port of Odessa reopened after six weeks of talks.\n")
    store = tmp_path / "store"
    with monkeypatch.context() as older:  # the segmentation before the attribution rule
        older.setattr(pipeline, "SEGMENTATION", 1)
        older.setattr(segment, "_goes_on_after_quotation", lambda *_: False)
        pipeline.index_paths(store, [inbox])
    assert "he told Reuters on Monday." in {text for *_, text, _ in snapshot(store)["sentences"]}
    rerun = pipeline.index_paths(store, [inbox])
    assert rerun.updated == 2
    clean = tmp_path / "clean"
    pipeline.index_paths(clean, [inbox])
    assert snapshot(store) == snapshot(clean)
    assert '"We will not allow this blockade to happen again." he told Reuters on Monday.' in \
        {text for *_, text, _ in snapshot(store)["sentences"]}


def test_a_post_is_matched_again_when_a_claim_it_repeats_better_arrives(tmp_path):
    """A post is the claim it matches best among everything stored: indexing the fact-checks one day and a
    closer one the next gives what one run over all of them gives."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "checks.jsonl").write_text(POLIO_CHECK + DETAIN_CHECK)
    (inbox / "posts.jsonl").write_text(CDC_POST)
    store = tmp_path / "store"
    pipeline.index_paths(store, [inbox])
    (inbox / "more.jsonl").write_text(CDC_PAGE_CHECK)
    pipeline.index_paths(store, [inbox])
    clean = tmp_path / "clean"
    pipeline.index_paths(clean, [inbox])
    assert snapshot(store) == snapshot(clean)
    posts = [(a, b, reason) for a, _, b, _, _, _, reason, _ in snapshot(clean)["pairs"] if "post-1" in (a, b)]
    assert posts == [("check-3", "post-1", "judged the post's best match")] or \
        posts == [("post-1", "check-3", "judged the post's best match")]


def test_a_post_whose_claim_is_deleted_is_matched_to_the_next_best_as_a_clean_build_would(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "checks.jsonl").write_text(DETAIN_CHECK + POLIO_CHECK)
    (inbox / "best.jsonl").write_text(CDC_PAGE_CHECK)
    (inbox / "posts.jsonl").write_text(CDC_POST)
    store = tmp_path / "store"
    pipeline.index_paths(store, [inbox])
    assert any("check-3" in (a, b) for a, _, b, *_ in snapshot(store)["pairs"])
    (inbox / "best.jsonl").unlink()
    pipeline.index_paths(store, [inbox])
    clean = tmp_path / "clean"
    pipeline.index_paths(clean, [inbox])
    assert snapshot(store) == snapshot(clean)


COFFEE_POST = ('{"id": "post-1", "text": "Drinking two cups of coffee a day lowers the risk of heart disease, a new '
               'study says https://t.co/abc123 \\u2014 Dr Bean (@drbean) March 3, 2020"}\n')
COFFEE_HABIT = '{"id": "habit", "text": "Researchers found that a daily coffee habit protects against heart disease."}\n'
FEWER_ATTACKS = ('{"id": "attacks", "text": "Scientists report that people who have a couple of coffees each day '
                 'suffer fewer heart attacks."}\n')


def test_a_post_whose_closest_claim_goes_is_matched_again_as_a_clean_build_would(tmp_path):
    """The model reads only a post's closest claims (here the closest one, with a strict score, to keep the
    example small): the post is not matched to the coffee-habit claim it reads first, and once that claim's
    document is deleted, the next claim comes into reach and matches it, as a clean build finds."""
    def judge():
        verifier = CrossEncoderVerifier()
        verifier.post_ranking = PostRanking(closest=1, threshold=0.99)
        return verifier

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "posts.jsonl").write_text(COFFEE_POST)
    (inbox / "habit.jsonl").write_text(COFFEE_HABIT)
    (inbox / "attacks.jsonl").write_text(FEWER_ATTACKS)
    store = tmp_path / "store"
    pipeline.index_paths(store, [inbox], verifier=judge())
    assert not any("post-1" in (a, b) for a, _, b, *_ in snapshot(store)["pairs"])
    (inbox / "habit.jsonl").unlink()
    pipeline.index_paths(store, [inbox], verifier=judge())
    clean = tmp_path / "clean"
    pipeline.index_paths(clean, [inbox], verifier=judge())
    assert snapshot(store) == snapshot(clean)
    assert [(a, b) for a, _, b, *_ in snapshot(clean)["pairs"]] in ([("attacks", "post-1")], [("post-1", "attacks")])


def test_deleting_one_of_two_copies_leaves_no_cluster_as_a_clean_build_would(tmp_path):
    """A claim carried by two documents is a cluster with a provenance tree; once one of them is deleted,
    the claim is carried by one document, and neither the cluster nor its tree stays behind."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(f"{EQUAL_FOOTING}\nThe mayor opened a new bridge over the river on Monday.\n")
    (inbox / "b.txt").write_text(f"Naryshkin told reporters: “{EQUAL_FOOTING}”\n")
    store = tmp_path / "store"
    pipeline.index_paths(store, [inbox])
    assert len(snapshot(store)["clusters"]) == 1
    (inbox / "b.txt").unlink()
    pipeline.index_paths(store, [inbox])
    clean = tmp_path / "clean"
    pipeline.index_paths(clean, [inbox])
    assert snapshot(store) == snapshot(clean)
    assert snapshot(store)["clusters"] == [] and run_dedup("provenance", "--store", str(store)).returncode == 0


def test_a_cluster_keeps_the_representative_of_a_clean_build_when_a_document_is_edited(tmp_path):
    """Editing 002 gives its sentences new ids, later than 003's: the clusters they share still take the
    representative a clean build of the edited folder takes, not the one that arrived first."""
    inbox = tmp_path / "inbox"
    shutil.copytree(CORPUS, inbox)
    store = tmp_path / "store"
    pipeline.index_paths(store, [inbox])
    text = (inbox / "002.txt").read_text()
    assert "We have certain strong sides" in text
    (inbox / "002.txt").write_text(text.replace("We have certain strong sides", "We have many strong sides"))
    pipeline.index_paths(store, [inbox])
    clean = tmp_path / "clean"
    pipeline.index_paths(clean, [inbox])
    assert snapshot(store)["clusters"] == snapshot(clean)["clusters"]
    assert {c[1][0] for c in snapshot(clean)["clusters"]} == {"002"}  # the four statements as 002 quotes them


def test_an_edited_documents_unchanged_pairs_keep_the_run_that_found_them(tmp_path):
    """A correction to one sentence of 002: `dedup pairs --since` lists the pair of that sentence, not the
    three the edit left as they were, and the four clusters (new ids: their first sentence was 002's) are
    the claims they were, not new ones."""
    inbox = tmp_path / "inbox"
    shutil.copytree(CORPUS, inbox)
    store = tmp_path / "store"
    assert run_dedup("index", inbox, "--store", store).returncode == 0
    text = (inbox / "002.txt").read_text()
    (inbox / "002.txt").write_text(text.replace("We have certain strong sides", "We have many strong sides"))
    second = run_dedup("index", inbox, "--store", store)
    assert "1 updated" in second.stdout and "1 new pairs, 0 new clusters" in second.stdout
    since = [json.loads(line) for line in run_dedup("pairs", "--since", "1", "--store", store, "--format",
                                                     "json").stdout.splitlines()]
    assert [(p["doc_a"], p["text_a"][:25]) for p in since] == [("002", "We have many strong sides")]
    assert len(run_dedup("pairs", "--store", store, "--format", "json").stdout.splitlines()) == 4
