"""The first run a user makes: the five sample articles, the real model."""

import csv
import io
import json

from dedup.match import search
from dedup.store import Store

from conftest import run_dedup

EQUAL_FOOTING_002 = "our interaction stands on an equal footing, it is of equally mutual interest"
EQUAL_FOOTING_003 = "not only equal but also grounded in shared interests"


def test_the_equal_footing_statement_of_002_and_003_is_one_cluster(sample_store):
    store = Store.open(sample_store)
    cluster, = [c for c in store.matches.clusters() if any(EQUAL_FOOTING_002 in m.text for m in c.members)]
    assert {"002", "003"} <= set(cluster.documents)
    assert any(m.doc == "003" and EQUAL_FOOTING_003 in m.text for m in cluster.members)


def test_the_pairs_csv_has_the_documented_columns_and_the_equal_footing_pair(sample_store):
    result = run_dedup("pairs", "--store", sample_store, "--format", "csv")
    assert result.returncode == 0, result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames == ["cluster", "similarity", "match", "doc_a", "outlet_a", "published_a", "sentence_a",
                                 "text_a", "doc_b", "outlet_b", "published_b", "sentence_b", "text_b", "direction",
                                 "lang_a", "lang_b", "confidence", "reason", "kind_a", "kind_b"]
    rows = list(reader)
    pair, = [r for r in rows if EQUAL_FOOTING_002 in r["text_a"] and EQUAL_FOOTING_003 in r["text_b"]]
    assert (pair["doc_a"], pair["doc_b"], pair["match"], pair["direction"]) == ("002", "003", "paraphrase", "a->b")
    # why: the judge read it, beside the other claims 003 took from 002's quotation block
    assert pair["reason"] == "judged beside other shared claims" and 0.5 <= float(pair["confidence"]) <= 1.0
    assert (pair["kind_a"], pair["kind_b"]) == ("claim", "claim")
    assert pair["cluster"] != "" and float(pair["similarity"]) > 0.5
    assert all(r["doc_a"] != r["doc_b"] for r in rows)


def test_speaker_labels_and_datelines_are_never_matched_nor_headlines_that_only_share_the_topic(sample_store):
    store = Store.open(sample_store)
    matched = {ref.text for p in store.matches.pairs() for ref in (p.a, p.b)}
    assert "Sergei Naryshkin, head of Russia's Foreign Intelligence Service:" not in matched
    assert "Alexander Lukashenko, President of the Republic of Belarus:" not in matched
    assert not any(text.startswith("Sergei Naryshkin about unique format") for text in matched)
    assert "MOSCOW, September 6. /TASS/." not in matched


def test_clusters_json_lines_parse_back(sample_store):
    result = run_dedup("clusters", "--store", sample_store, "--format", "json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    for record in records:
        assert record["documents"] >= 2
        assert set(record["members"][0]) == {"doc", "sentence", "text", "outlet", "published", "lang"}
    assert any(m["doc"] == "003" and EQUAL_FOOTING_003 in m["text"] for r in records for m in r["members"])


def test_clusters_csv_and_pairs_json_lines_parse_back(sample_store, tmp_path):
    out = tmp_path / "clusters.csv"
    assert run_dedup("clusters", "--store", sample_store, "--format", "csv", "--output", out).returncode == 0
    rows = list(csv.DictReader(out.open()))
    assert rows and {"cluster", "doc", "sentence", "text"} <= set(rows[0])
    result = run_dedup("pairs", "--store", sample_store, "--format", "json")
    pairs = [json.loads(line) for line in result.stdout.splitlines()]
    assert pairs and {"cluster", "similarity", "match", "doc_a", "doc_b"} <= set(pairs[0])


def test_search_finds_the_quote_from_a_paraphrase(sample_store):
    store = Store.open(sample_store)
    hits = search.search(store, "the interaction is equal and of mutual interest to both sides", top=3)
    found = {(ref.doc, ref.position) for ref, _ in hits}
    assert hits[0][0].doc == "002" and EQUAL_FOOTING_002 in hits[0][0].text
    assert ("003", 3) in found  # and its paraphrase
    assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)
    result = run_dedup("search", "relations stand on an equal footing", "--store", sample_store, "--top", "2")
    assert result.returncode == 0 and "equal footing" in result.stdout


def test_table_reports_name_documents_and_texts(sample_store):
    result = run_dedup("clusters", "--store", sample_store)
    assert result.returncode == 0
    assert "claim clusters" in result.stdout and "003 #3" in result.stdout
    stats = run_dedup("stats", "--store", sample_store)
    assert "documents:       5" in stats.stdout and "all-MiniLM-L6-v2" in stats.stdout
    assert "verifier:        cross-encoder" in stats.stdout
