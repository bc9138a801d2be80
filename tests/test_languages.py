"""Across languages: the Russian originals of the sample's statements and their English versions are one claim."""

import csv
import io
import json
import shutil

import pytest

from dedup.ingest.language import detect, sentence_language
from dedup.ingest.segment import segment
from dedup.judge import facts_conflict_across_languages

from conftest import CORPUS, FIXTURES, REPO, run_dedup

GOLD = json.loads((FIXTURES / "cross_lingual.json").read_text(encoding="utf-8"))
CORPUS_RU = REPO / "corpus-ru"


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory):
    """The five English sample articles and three Russian ones, indexed through the CLI."""
    store = tmp_path_factory.mktemp("mixed") / "store"
    result = run_dedup("index", CORPUS, CORPUS_RU, "--store", store)
    assert result.returncode == 0, result.stderr
    return store


def _clusters(store) -> list[dict]:
    result = run_dedup("clusters", "--store", store, "--format", "json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _cluster_of(clusters: list[dict], doc: str, words: str) -> dict | None:
    return next((c for c in clusters for m in c["members"] if m["doc"] == doc and words in m["text"]), None)


def test_translated_claims_land_in_the_cluster_of_their_english_original(mixed_store):
    clusters = _clusters(mixed_store)
    found = []
    for ru_doc, ru_words, en_doc, en_words in GOLD["translations"]:
        cluster = _cluster_of(clusters, ru_doc, ru_words)
        found.append(cluster is not None and any(m["doc"] == en_doc and en_words in m["text"]
                                                 for m in cluster["members"]))
    assert len(found) >= 20
    assert sum(found) >= 0.9 * len(found), [g[1] for g, ok in zip(GOLD["translations"], found) if not ok]


def test_other_claims_on_the_same_story_stay_apart(mixed_store):
    clusters = _clusters(mixed_store)
    english = {path.stem for path in CORPUS.glob("*.txt")}
    joined = [words for doc, words in GOLD["different"]
              if (cluster := _cluster_of(clusters, doc, words)) and any(m["doc"] in english for m in cluster["members"])]
    assert len(joined) <= 0.05 * len(GOLD["different"]), joined


def test_english_pairs_are_those_of_the_english_sample(mixed_store, sample_store):
    def english_pairs(store):
        result = run_dedup("pairs", "--store", store, "--format", "csv")
        assert result.returncode == 0, result.stderr
        return sorted((r["doc_a"], r["text_a"], r["doc_b"], r["text_b"], r["match"])
                      for r in csv.DictReader(io.StringIO(result.stdout)) if r["lang_a"] == r["lang_b"] == "en")

    assert english_pairs(mixed_store) == english_pairs(sample_store)


def test_pairs_across_languages_are_labelled_translation_with_their_languages(mixed_store):
    result = run_dedup("pairs", "--store", mixed_store, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    crossing = [r for r in rows if r["lang_a"] != r["lang_b"]]
    assert crossing and all(r["match"] == "translation" for r in crossing)
    assert {frozenset((r["lang_a"], r["lang_b"])) for r in crossing} == {frozenset(("en", "ru"))}


def test_provenance_puts_the_russian_original_first(mixed_store):
    result = run_dedup("provenance", "--store", mixed_store, "--format", "json")
    trees = [json.loads(line) for line in result.stdout.splitlines()]
    equal_footing, = [t for t in trees if "на равноправной основе" in t["origin"]["text"]]
    assert equal_footing["origin"]["doc"] == "ru-002" and equal_footing["origin"]["lang"] == "ru"
    first_edge = equal_footing["edges"][0]
    assert (first_edge["source"]["doc"], first_edge["target"]["doc"], first_edge["match"]) == ("ru-002", "002", "translation")
    assert "translation: 002 rewrites ru-002 in English (ru-002 is in Russian)" in first_edge["evidence"]


def test_languages_are_detected_per_document_and_per_sentence():
    assert detect((CORPUS / "002.txt").read_text()) == "en"
    assert detect((CORPUS_RU / "ru-002.txt").read_text(encoding="utf-8")) == "ru"
    assert detect("Der Präsident sagte, dass die Zusammenarbeit der Geheimdienste Früchte trägt.") == "de"
    assert detect("La policía detuvo a tres personas en Madrid.") == "es"
    # short English claims that the classifier ranks first as Nigerian Pidgin (CheckThat 2020 verified claims)
    assert detect("Singer Billy Ocean passed away in October 2016.") == "en"
    assert detect("A video shows television actress Bella Ramsey break-dancing.") == "en"
    assert sentence_language("«Мы не боги», — отметил он.", "en") == "ru"
    assert sentence_language("He said so in Minsk on Tuesday.", "en") == "en"


def test_russian_abbreviations_and_initials_do_not_split_sentences():
    text = ("Он сказал, т.е. намекнул, что в 2020 г. СВР возглавлял С.Е. Нарышкин. Встреча прошла в г. Минске и др. "
            "городах. «Мы не боги. Мы не можем всё предвидеть», — отметил он.")
    assert [s.text for s in segment(text, "ru")] == [
        "Он сказал, т.е. намекнул, что в 2020 г. СВР возглавлял С.Е. Нарышкин.",
        "Встреча прошла в г. Минске и др. городах.",
        "«Мы не боги.",
        "Мы не можем всё предвидеть», — отметил он.",
    ]
    assert [s.kind for s in segment("МОСКВА, 6 сентября. /ТАСС/. Партнерство спецслужб находится на высоком уровне.", "ru")
            ] == ["dateline", "claim"]


@pytest.mark.parametrize("english, russian, conflict", [
    ("We have already detained more than 30 accomplices.", "Мы уже задержали более 50 пособников.", "figures"),
    ("Cooperation is bearing fruit.", "Сотрудничество пока не приносит плодов.", "polarity"),
    ("It is hardly possible to get information without technology.", "Без техники вряд ли можно получить информацию.",
     None),
    ("The meeting was held on 4 April 2024.", "Встреча прошла 4 апреля.", None),
])
def test_facts_that_survive_translation_decide(english, russian, conflict):
    assert facts_conflict_across_languages(english, russian) == conflict


def test_russian_then_english_or_english_then_russian_equals_a_clean_build(tmp_path):
    from dedup import pipeline
    from storecheck import snapshot

    clean = tmp_path / "clean"
    pipeline.index_paths(clean, [CORPUS, CORPUS_RU])
    for first, second in ((CORPUS, CORPUS_RU), (CORPUS_RU, CORPUS)):
        store = tmp_path / f"from-{first.name}"
        pipeline.index_paths(store, [first])
        pipeline.index_paths(store, [first, second])
        assert snapshot(store) == snapshot(clean)


def test_russian_attribution_cues_are_read_like_english_ones():
    from dedup.ingest.attribution import find_cues

    assert [(c.kind, c.key) for c in find_cues("МОСКВА, 6 сентября. /ТАСС/. Партнерство на высоком уровне.")] == [
        ("agency", "тасс")]
    assert [(c.kind, c.key) for c in find_cues("По данным агентства «Интерфакс», встреча прошла в Минске.")] == [
        ("credits", "интерфакс")]
    assert [(c.kind, c.key) for c in find_cues("заявил он в интервью журналу «Национальная оборона».")] == [
        ("interview", "национальная оборона")]


def test_a_russian_query_finds_the_russian_original_and_its_english_rendering(mixed_store):
    result = run_dedup("search", "Наше взаимодействие строится на равноправной основе", "--store", mixed_store,
                       "--top", "5")
    assert result.returncode == 0, result.stderr
    hits = result.stdout.splitlines()
    assert "ru-002 #15" in hits[0]
    assert any("002 #33" in hit and "equal footing" in hit for hit in hits)


def test_a_query_gets_the_verdict_dedup_index_would_give_across_languages(mixed_store, tmp_path):
    """Pairs with a side not in English are judged as indexing judges them (figures, polarity and the
    multilingual cosine), not by the English cross-encoder: a Russian look-alike on Lukashenko is no match,
    a copy and a near-copy are."""
    queries = tmp_path / "queries.jsonl"
    queries.write_text("".join(json.dumps({"id": key, "text": text}, ensure_ascii=False) + "\n" for key, text in (
        ("q-tractor", "Лукашенко купил новый трактор за 5 миллионов рублей"),
        ("q-contacts", "Нарышкин заявил, что СВР прекратила контакты с западными разведками."),
        ("q-footing", "Нарышкин подчеркнул, что взаимодействие строится на равноправной основе и представляет "
                      "взаимный интерес."),
        ("q-english", "Naryshkin said the SVR had stopped its contacts with Western intelligence services."))),
        encoding="utf-8")
    result = run_dedup("search", "--input", queries, "--store", mixed_store, "--top", "5", "--format", "json")
    assert result.returncode == 0, result.stderr
    said = {(a["query_id"], m["doc"], m["sentence"]) for line in result.stdout.splitlines()
            for a in [json.loads(line)] for m in a["matches"] if m["same_claim"]}
    indexed = tmp_path / "indexed"
    shutil.copytree(mixed_store, indexed)
    assert run_dedup("index", CORPUS, CORPUS_RU, queries, "--store", indexed).returncode == 0
    paired = {(p["doc_b"], p["doc_a"], p["sentence_a"]) if p["doc_b"].startswith("q-") else
              (p["doc_a"], p["doc_b"], p["sentence_b"])
              for p in map(json.loads, run_dedup("pairs", "--store", indexed, "--format", "json").stdout.splitlines())
              if "q-" in p["doc_a"] + p["doc_b"]}
    assert said == paired == {("q-contacts", "ru-100", 8), ("q-footing", "ru-002", 15)}


def test_a_pair_within_russian_says_so(tmp_path):
    (tmp_path / "rates.jsonl").write_text("".join(json.dumps({"id": key, "text": text}, ensure_ascii=False) + "\n"
                                                  for key, text in (
        ("r1", "Центробанк повысил ключевую ставку до 16 процентов в пятницу."),
        ("r2", "В пятницу Центральный банк поднял ключевую ставку до 16 процентов."),
        ("e1", "The central bank raised its key rate to 16 percent on Friday."))), encoding="utf-8")
    store = tmp_path / "store"
    assert run_dedup("index", tmp_path / "rates.jsonl", "--store", store).returncode == 0
    found = map(json.loads, run_dedup("pairs", "--store", store, "--format", "json").stdout.splitlines())
    assert sorted((p["doc_a"], p["doc_b"], p["match"], p["reason"]) for p in found) == [
        ("e1", "r1", "translation", "judged across languages"), ("e1", "r2", "translation", "judged across languages"),
        ("r1", "r2", "paraphrase", "judged not in English")]


def test_a_russian_query_on_an_english_store_is_not_read_by_the_english_judge(sample_store):
    """The store holds no claim in another language, so no multilingual index: the query is searched in the
    English space, and its hits are judged across languages (multilingual cosine, no probability), as
    `dedup index` would judge a Russian document beside them."""
    result = run_dedup("search", "Нарышкин: СВР сотрудничает почти со всеми спецслужбами мира", "--store",
                       sample_store, "--format", "json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)["matches"]
    assert hits and all(hit["confidence"] is None for hit in hits[:5])
    assert not any(hit["same_claim"] for hit in hits)
