import json

import pytest

from dedup.errors import DedupError
from dedup.ingest.corpus import read_corpus

from conftest import CORPUS


def test_text_files_take_ids_and_metadata_from_the_manifest():
    corpus = read_corpus([CORPUS])
    assert [d.doc_id for d in corpus.documents] == ["000", "001", "002", "003", "004"]
    tass = corpus.documents[0]
    assert tass.outlet == "TASS" and tass.title.startswith("Partnership between special services")
    assert corpus.documents[4].published == "2020-12-17"
    assert corpus.problems == []


def test_without_a_manifest_the_id_is_the_path_relative_to_the_folder(tmp_path):
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "a.txt").write_text("Prices rose sharply in March, the ministry said.")
    (tmp_path / "b.md").write_text("# Title\n\nThe minister resigned on Friday after the vote.")
    assert [d.doc_id for d in read_corpus([tmp_path]).documents] == ["b.md", "wire/a.txt"]


def test_jsonl_documents_keep_their_metadata_and_extra_fields(tmp_path):
    lines = [
        {"id": "r1", "text": "The central bank kept its key rate at 16%.", "outlet": "Reuters",
         "published": "2024-04-04T10:00:00+00:00", "section": "markets"},
        {"text": "No id given here, so the line number names it."},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in lines))
    first, second = read_corpus([tmp_path / "feed.jsonl"]).documents
    assert (first.doc_id, first.outlet, first.published, first.extra) == (
        "r1", "Reuters", "2024-04-04T10:00:00+00:00", {"section": "markets"})
    assert second.doc_id == "feed.jsonl:2"


def test_csv_documents_use_the_same_columns(tmp_path):
    (tmp_path / "docs.csv").write_text(
        'id,text,outlet,published,url,title\n'
        'c1,"The rate was kept at 16%, the bank said.",AP,2024-04-05,https://example.org/1,Rates\n')
    doc, = read_corpus([tmp_path / "docs.csv"]).documents
    assert (doc.doc_id, doc.outlet, doc.published, doc.url, doc.title) == (
        "c1", "AP", "2024-04-05", "https://example.org/1", "Rates")


def test_bad_records_are_reported_with_file_and_line_and_the_rest_is_read(tmp_path):
    (tmp_path / "feed.jsonl").write_text(
        '{"id": "ok", "text": "A fine document with a claim in it."}\n'
        '{"id": "broken", "text": \n'
        '{"id": "dated", "text": "Another claim here.", "published": "last Tuesday"}\n')
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners protested.".encode("latin-1"))
    corpus = read_corpus([tmp_path])
    assert [d.doc_id for d in corpus.documents] == ["ok"]
    messages = sorted(str(p) for p in corpus.problems)
    assert any("binary.txt: binary file" in m for m in messages)
    assert any("feed.jsonl:2: not valid JSON" in m for m in messages)
    assert any("feed.jsonl:3: published 'last Tuesday' is not an ISO 8601 date" in m for m in messages)
    assert any("latin1.txt: not valid UTF-8" in m for m in messages)


def test_a_problem_is_one_line_whatever_the_value_it_quotes(tmp_path):
    (tmp_path / "feed.jsonl").write_text('{"text": "A claim.", "published": "2024-04-05\\nlater"}\n')
    (problem,) = read_corpus([tmp_path]).problems
    assert str(problem).endswith("feed.jsonl:1: published '2024-04-05\\nlater' is not an ISO 8601 date")


def test_a_missing_path_is_an_error_naming_it(tmp_path):
    with pytest.raises(DedupError, match="nowhere: no such file or folder"):
        read_corpus([tmp_path / "nowhere"])


def test_a_csv_record_is_named_by_the_line_it_starts_on_and_an_unclosed_quote_by_its_line(tmp_path):
    (tmp_path / "multi.csv").write_text('text,outlet\n"The council approved\na budget of 5 million dollars.",AP\n'
                                        "The mayor resigned on Tuesday.,AP\n")
    assert [d.doc_id for d in read_corpus([tmp_path / "multi.csv"]).documents] == ["multi.csv:2", "multi.csv:4"]
    (tmp_path / "gaps.csv").write_text("text\nThe council approved a budget.\n\n\nThe mayor resigned on Tuesday.\n")
    assert [d.doc_id for d in read_corpus([tmp_path / "gaps.csv"]).documents] == ["gaps.csv:2", "gaps.csv:5"]
    (tmp_path / "bad.csv").write_text('id,text\nr1,The council approved a budget.\nr2,"Never closed\n'
                                      "r3,The mayor resigned on Tuesday.\n")
    corpus = read_corpus([tmp_path / "bad.csv"])
    assert [d.doc_id for d in corpus.documents] == ["r1"]
    assert [str(p) for p in corpus.problems] == [f"{tmp_path / 'bad.csv'}:3: malformed CSV (a quoted cell opened "
                                                  "here is never closed); the rows after it were not read"]


def test_a_manifest_names_files_of_its_subfolders_and_its_bad_rows_by_line(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "b.txt", "sub/c.txt"):
        (tmp_path / name).write_text(f"The minister resigned on Friday, the {name} report said.")
    (tmp_path / "manifest.csv").write_text("id,path,outlet\nA,a.txt,AP\nB,b.txt,Reuters\nB2,b.txt,dup\n"
                                           "C,sub/c.txt,TASS\nG,gone.txt,X\n")
    corpus = read_corpus([tmp_path])
    assert [(d.doc_id, d.outlet) for d in corpus.documents] == [("A", "AP"), ("B", "Reuters"), ("C", "TASS")]
    manifest = tmp_path / "manifest.csv"
    assert [str(p) for p in corpus.problems] == [
        f"{manifest}:4: a second row for 'b.txt' (the row of line 3 is used)",
        f"{manifest}:6: row for 'gone.txt' points to no file"]


def test_ids_given_as_json_numbers_or_booleans_are_spelled_as_json(tmp_path):
    (tmp_path / "feed.jsonl").write_text('{"id": 7, "text": "The council approved the budget."}\n'
                                         '{"id": true, "text": "The mayor resigned on Tuesday."}\n')
    assert [d.doc_id for d in read_corpus([tmp_path / "feed.jsonl"]).documents] == ["7", "true"]
