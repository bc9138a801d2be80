"""Property-based fuzzing of ingestion: whatever bytes arrive, no traceback, a clear reason for each bad input."""

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedup.ingest.corpus import read_corpus
from dedup.ingest.segment import segment

from conftest import run_dedup

NAMES = st.sampled_from(["a.txt", "b.md", "c.jsonl", "d.csv", "manifest.csv", "e.txt"])
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1251"])
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
RECORD = st.dictionaries(st.sampled_from(["id", "text", "outlet", "published", "url", "title", "extra"]),
                         st.one_of(TEXT, st.integers(), st.none(), st.lists(st.integers(), max_size=3)), max_size=6)
JSONL_LINE = st.one_of(RECORD.map(json.dumps), TEXT, st.just("{"), st.just("[1, 2]"), st.just("null"))
CONTENT = st.one_of(
    st.binary(max_size=500),
    st.tuples(TEXT, ENCODINGS).map(lambda t: t[0].encode(t[1], errors="replace")),
    st.lists(JSONL_LINE, max_size=6).map(lambda lines: "\n".join(lines).encode()),
    st.lists(st.lists(st.text(alphabet=string.printable, max_size=30), max_size=7), max_size=6).map(
        lambda rows: "\n".join(",".join(r) for r in rows).encode()),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.dictionaries(NAMES, CONTENT, min_size=1, max_size=4))
def test_reading_any_bytes_never_raises_and_names_each_problem(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    for name, content in files.items():
        (folder / name).write_bytes(content)
    corpus = read_corpus([folder])
    for problem in corpus.problems:
        assert problem.source.startswith(str(folder)) and problem.reason
        assert "\n" not in str(problem)
    for document in corpus.documents:
        assert document.text.strip() and document.doc_id
        for sentence in segment(document.text):  # and every document segments
            assert 0 <= sentence.start <= sentence.end <= len(document.text)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=CONTENT, name=NAMES)
def test_the_command_line_reports_bad_input_in_one_line_each(tmp_path_factory, content, name):
    folder = tmp_path_factory.mktemp("cli")
    (folder / name).write_bytes(content)
    (folder / "good.txt").write_text("The ministry confirmed the figures on Monday.")
    result = run_dedup("index", folder, "--store", folder / "store")
    assert result.returncode in (0, 3), result.stderr
    assert "Traceback" not in result.stderr
    for line in result.stderr.splitlines():
        assert line.startswith("skipped ") and ": " in line
