"""`dedup search`: one claim, or a morning's batch of posts, against the store, ranked by the judge."""

import json

from conftest import CDC_POST, run_dedup

TWEET = ("Naryshkin says the SVR cooperates with almost all intelligence services of the world "
         "https://t.co/x1y2z3 — News Desk (@newsdesk) December 17, 2020")


def test_a_batch_of_queries_answers_each_with_the_judges_verdict(sample_store, tmp_path):
    queries = tmp_path / "posts.jsonl"
    queries.write_text(json.dumps({"id": "tweet-1", "text": TWEET, "source": "twitter"}) + "\n" +
                       json.dumps({"id": "tweet-2", "text": "Our interaction stands on an equal footing, "
                                                            "it is of equally mutual interest."}) + "\n")
    result = run_dedup("search", "--input", queries, "--store", sample_store, "--top", "3", "--format", "json")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["query_id"] for a in answers] == ["tweet-1", "tweet-2"]
    best = answers[0]["matches"][0]
    assert set(best) == {"rank", "doc", "sentence", "text", "outlet", "published", "similarity", "confidence",
                         "same_claim"}
    assert (best["rank"], best["doc"], best["same_claim"]) == (1, "004", True)
    assert "cooperates with almost all significant intelligence" in best["text"] and best["confidence"] >= 0.5
    assert sum(m["same_claim"] for m in answers[0]["matches"]) == 1  # a post repeats one claim, not its topic
    quote = answers[1]["matches"][0]
    assert (quote["doc"], quote["sentence"], quote["same_claim"]) == ("002", 33, True)


def test_only_matches_as_csv_and_a_bad_line_named_while_the_rest_is_answered(sample_store, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text("Our interaction stands on an equal footing, it is of equally mutual interest.\n\n"
                       "The weather in Minsk was sunny and warm all week.\n")
    result = run_dedup("search", "--input", queries, "--store", sample_store, "--only-matches", "--format", "csv")
    assert result.returncode == 3
    assert result.stderr.strip() == f"skipped {queries}:2: empty line"
    lines = result.stdout.splitlines()
    assert lines[0] == "query_id,query,rank,doc,sentence,text,outlet,published,similarity,confidence,same_claim"
    assert all(line.startswith("1,") and line.endswith(",true") for line in lines[1:]) and len(lines) >= 2


def test_a_binary_input_is_one_line_error(sample_store, tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_bytes(b"\x00\x01binary")
    result = run_dedup("search", "--input", queries, "--store", sample_store)
    assert result.returncode == 3 and result.stderr.strip() == f"skipped {queries}: binary file (contains NUL bytes)"


def test_a_post_searched_among_stored_posts_gets_the_verdict_dedup_index_would_give(tmp_path):
    """Two posts are two posts to `dedup index` (neither is the other's stored claim), so `same_claim` is what
    indexing both would decide: here no pair (one names the CDC, the other no one). A store of one wording
    lists it once."""
    second = ("Polio vaccines from the 1950s carried a cancer virus and nobody talks about it https://t.co/q9 "
              "\u2014 John Doe (@jdoe) March 1, 2016")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "posts.jsonl").write_text(CDC_POST)
    store = tmp_path / "store"
    assert run_dedup("index", inbox, "--store", store).returncode == 0
    answer = json.loads(run_dedup("search", second, "--store", store, "--format", "json").stdout)
    hit, = answer["matches"]
    assert hit["doc"] == "post-1" and hit["same_claim"] is False
    (inbox / "more.jsonl").write_text(json.dumps({"id": "post-2", "text": second}) + "\n")
    assert run_dedup("index", inbox, "--store", store).returncode == 0
    assert "0 matched pairs" in run_dedup("pairs", "--store", store).stdout


def test_nothing_to_ask_is_a_one_line_error_and_exit_1(sample_store, tmp_path):
    for args, message in ((["   "], "Error: the query TEXT is empty"),
                          (["--input", tmp_path / "nope.jsonl"], f"Error: {tmp_path / 'nope.jsonl'}: no such file"),
                          (["--input", tmp_path], f"Error: {tmp_path}: a folder, not a file of queries")):
        result = run_dedup("search", *args, "--store", sample_store)
        assert (result.returncode, result.stderr.strip(), result.stdout) == (1, message, ""), args


def test_a_second_query_with_an_id_already_used_is_named_and_skipped(sample_store, tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text(json.dumps({"id": 7, "text": TWEET}) + "\n" +
                       json.dumps({"id": 7, "text": "Our interaction stands on an equal footing."}) + "\n")
    result = run_dedup("search", "--input", queries, "--store", sample_store, "--format", "json")
    assert result.returncode == 3 and result.stderr.strip() == f"skipped {queries}:2: query id '7' already used by line 1"
    assert [json.loads(line)["query_id"] for line in result.stdout.splitlines()] == ["7"]


def test_a_claim_too_far_from_a_post_for_indexing_to_judge_is_never_its_match(tmp_path):
    """`dedup index` brings a post its stored claims down to the post ranking's radius (cosine 0.45), so a claim
    further away is never its match there, however sure the judge would be; search reads it to rank it, and
    says the same as indexing."""
    post = ("@glennbeck your Friday show you were discussing sexual predators in Congress. Don\u2019t forget Schumer "
            "was in Heidi Fleiss\u2019 little black book several times \u2014 The Patriot (@raiderjim40) December 9, 2017")
    claim = ("Sen. Chuck Schumer's name and/or phone number were found in \"Hollywood Madam\" Heidi Fleiss's black "
             "book of clients.")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "checks.jsonl").write_text(json.dumps({"id": "check", "text": claim}) + "\n")
    store = tmp_path / "store"
    assert run_dedup("index", inbox, "--store", store).returncode == 0
    hit = json.loads(run_dedup("search", post, "--store", store, "--format", "json").stdout)["matches"][0]
    assert hit["similarity"] < 0.45 and hit["similarity"] + 0.3 * hit["confidence"] >= 0.7  # the ranking would pass it
    assert hit["same_claim"] is False
    (inbox / "posts.jsonl").write_text(json.dumps({"id": "post", "text": post}) + "\n")
    assert run_dedup("index", inbox, "--store", store).returncode == 0
    assert run_dedup("pairs", "--store", store, "--format", "json").stdout.strip() in ("", "[]")


def test_the_model_reads_the_hits_that_could_come_first_and_ranks_the_rest_by_cosine(sample_store, monkeypatch):
    """A hit whose cosine + `PostRanking.weight` cannot reach the best read score cannot come first whatever the
    model would say: it is not read (the model is the slow part of a search) and ranks by its cosine, the
    lowest score the model could give it."""
    from dedup import api
    from dedup.judge.cross_encoder import CrossEncoder

    read = []
    probabilities = CrossEncoder.probabilities
    monkeypatch.setattr(CrossEncoder, "probabilities", lambda model, pairs: read.extend(pairs) or probabilities(model, pairs))
    (answer,), _ = api.search_many(sample_store, None, top=5, text=TWEET)
    first = answer.hits[0]
    assert "cooperates with almost all significant intelligence" in first.ref.text and first.confidence >= 0.5
    assert 1 <= len(read) < len(answer.hits)
    unread = [hit for hit in answer.hits if hit.confidence is None]
    assert unread and all(hit.similarity + 0.3 < first.similarity + 0.3 * first.confidence for hit in unread)
    scores = [hit.similarity + 0.3 * (hit.confidence or 0.0) for hit in answer.hits]
    assert scores == sorted(scores, reverse=True)


def test_a_hit_that_could_not_be_judged_the_same_claim_is_ranked_unread(sample_store):
    """A query that is not a post is a lone sentence to the judge: below cosine 0.65 (0.95 - 0.3) no verdict
    could make a stored claim its match, so the model does not read such a hit to rank it."""
    weather = json.loads(run_dedup("search", "The weather in Minsk was sunny and warm all week.", "--store",
                                   sample_store, "--top", "5", "--format", "json").stdout)["matches"]
    assert len(weather) == 5 and weather[0]["text"].startswith("Today Minsk hosted the meeting")
    assert all(hit["similarity"] < 0.65 and hit["confidence"] is None and not hit["same_claim"] for hit in weather)
    assert [hit["similarity"] for hit in weather] == sorted((hit["similarity"] for hit in weather), reverse=True)
