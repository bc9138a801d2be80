"""Dates and attribution cues read from news text."""

from dedup.ingest.attribution import find_cues, looks_like_outlet
from dedup.ingest.dates import PartialDate, document_date

from conftest import CORPUS


def test_dates_come_from_metadata_else_from_datelines_and_phrases():
    assert document_date("2020-12-17", "on Thursday, December 17") == PartialDate(2020, 12, 17, "metadata")
    tass = document_date("", (CORPUS / "000.txt").read_text())
    assert (tass.year, tass.month, tass.day, tass.source) == (None, 9, 6, "MOSCOW, September 6")
    belta = document_date("", (CORPUS / "002.txt").read_text())
    assert (belta.month, belta.day) == (4, 4) and "year unknown" in str(belta)
    assert document_date("", "On Thursday, December 17, 2020 the director spoke.") == PartialDate(
        2020, 12, 17, "On Thursday, December 17, 2020")
    assert document_date("", (CORPUS / "001.txt").read_text()) is None


def test_an_embedded_post_is_dated_by_its_trailer():
    tweet = ("The CDC just quietly deleted a page that linked polio vaccines to cancer-causing viruses. "
             "On May 5 they said nothing. https://t.co/x1-y2 \u2014 Jane Roe (@janeroe) February 25, 2016")
    assert document_date("", tweet) == PartialDate(2016, 2, 25, "February 25, 2016")
    assert document_date("2016-02-26", tweet) == PartialDate(2016, 2, 26, "metadata")  # metadata first
    article = f"WASHINGTON, March 3, 2020. A tweet went round again:\n\n{tweet}\n\nThe CDC called it false."
    assert document_date("", article) == PartialDate(2020, 3, 3, "WASHINGTON, March 3, 2020")  # the quote's date is not the text's


def test_partial_dates_order_only_as_far_as_both_are_known():
    march, april = PartialDate(2024, 3, None, "metadata"), PartialDate(2024, 4, 2, "metadata")
    assert march.before(april) is True and april.before(march) is False
    assert PartialDate(2024, 4, None, "metadata").before(april) is None  # same month, day unknown
    assert PartialDate(None, 9, 6, "x").before(april) is None  # no year: cannot tell


def test_attribution_cues_of_the_sample():
    tass = {(c.kind, c.key) for c in find_cues((CORPUS / "000.txt").read_text())}
    assert ("agency", "tass") in tass and ("interview", "national defense") in tass
    dea = [c for c in find_cues((CORPUS / "003.txt").read_text()) if c.key == "dea news"]
    assert [c.words for c in dea] == ["came through DEA News", "Attributed to DEA News"]
    assert looks_like_outlet("DEA News") and not looks_like_outlet("Naryshkin")


def test_attribution_cues_in_wire_copy():
    cues = find_cues("Prices rose, Reuters reported, according to the Interfax news agency. "
                     "The minister told reporters he would stay.")
    assert [(c.kind, c.key) for c in cues] == [("credits", "reuters"), ("credits", "interfax"),
                                              ("reporters", "reporters")]


def test_iso_dates_partial_forms_and_nonsense():
    assert str(PartialDate(2024, 4, None, "metadata")) == "2024-04"
    from dedup.ingest.dates import parse_iso
    assert parse_iso("2024-04") == PartialDate(2024, 4, None, "metadata")
    assert parse_iso("2024") == PartialDate(2024, None, None, "metadata")
    assert parse_iso("2024-13") is None and parse_iso("last Tuesday") is None


def test_times_of_day_order_documents_of_one_day_across_zones():
    from dedup.ingest.dates import parse_iso, sortable
    # 23:00 in New York on the 4th is 04:00 UTC on the 5th: three hours after 01:00 UTC on the 5th
    new_york, london = parse_iso("2024-04-04T23:00:00-05:00"), parse_iso("2024-04-05T01:00:00+00:00")
    assert london.before(new_york) is True and new_york.before(london) is False
    assert str(new_york) == "2024-04-05 04:00 UTC"
    assert sortable("2024-04-05T01:00:00+00:00") < sortable("2024-04-04T23:00:00-05:00") < sortable("") == "~"
    # a time without its zone, or a day alone, orders by the day
    assert parse_iso("2024-04-05T09:00:00") == PartialDate(2024, 4, 5, "metadata")
    assert parse_iso("2024-04-05").before(london) is False and london.before(parse_iso("2024-04-05")) is False


def test_the_earlier_time_of_the_same_day_is_the_origin(tmp_path):
    import json

    from conftest import run_dedup

    text = "The city council approved a budget of 5 million dollars for new schools on Monday evening."
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "a-later", "text": text, "outlet": "Wire B", "published": "2024-04-05T17:00:00+00:00"}) + "\n"
        + json.dumps({"id": "b-earlier", "text": text, "outlet": "Wire A", "published": "2024-04-05T12:00:00+03:00"})
        + "\n")
    store = tmp_path / "store"
    assert run_dedup("index", tmp_path / "feed.jsonl", "--store", store).returncode == 0
    tree = json.loads(run_dedup("provenance", "--store", store, "--format", "json").stdout)
    pair = json.loads(run_dedup("pairs", "--store", store, "--format", "json").stdout)
    assert tree["origin"]["doc"] == "b-earlier"
    assert (pair["doc_a"], pair["direction"]) == ("b-earlier", "a->b")
