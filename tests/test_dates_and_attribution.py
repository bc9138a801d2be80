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
