"""The command line end to end: input formats, re-indexing, and user errors."""

import json

from conftest import CORPUS, run_dedup


def test_jsonl_csv_and_text_inputs_index_and_match(tmp_path):
    claim = "The central bank kept its key interest rate unchanged at 16 percent on Friday."
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "j1", "text": claim, "outlet": "Wire"}) + "\n")
    (tmp_path / "table.csv").write_text(f'id,text,outlet\nc1,"{claim}",Paper\n')
    (tmp_path / "notes.txt").write_text("“" + claim + "”\n")
    store = tmp_path / "store"
    result = run_dedup("index", tmp_path / "feed.jsonl", tmp_path / "table.csv", tmp_path / "notes.txt",
                       "--store", store)
    assert result.returncode == 0, result.stderr
    assert "3 added" in result.stdout
    pairs = [json.loads(line) for line in run_dedup("pairs", "--store", store, "--format", "json").stdout.splitlines()]
    assert {(p["doc_a"], p["doc_b"], p["match"]) for p in pairs} == {
        ("c1", "j1", "exact"), ("c1", "notes.txt", "exact"), ("j1", "notes.txt", "exact")}


def test_indexing_the_same_input_twice_adds_nothing(tmp_path):
    store = tmp_path / "store"
    first = run_dedup("index", CORPUS, "--store", store)
    assert first.returncode == 0, first.stderr
    before = run_dedup("pairs", "--store", store, "--format", "csv").stdout
    second = run_dedup("index", CORPUS, "--store", store)
    assert second.returncode == 0
    assert "0 added, 0 updated, 0 removed, 5 unchanged" in second.stdout
    assert "0 new wordings embedded" in second.stdout
    assert run_dedup("pairs", "--store", store, "--format", "csv").stdout == before


def test_a_file_named_twice_is_read_once(tmp_path):
    result = run_dedup("index", CORPUS, CORPUS / "000.txt", CORPUS, "--store", tmp_path / "store")
    assert result.returncode == 0, result.stderr
    assert "5 added" in result.stdout and "0 skipped" in result.stdout


def test_a_file_of_another_folder_with_a_stored_documents_name_does_not_replace_it(tmp_path):
    """Daily folders indexed apart, each with an `a.txt`: the second is skipped with the reason, the first kept;
    a file that moved updates its document."""
    for folder, text in (("monday", "The city council approved a budget of 5 million dollars on Monday."),
                         ("tuesday", "Critics called the council's budget of 5 million dollars wasteful.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(text)
    store = tmp_path / "store"
    assert run_dedup("index", tmp_path / "monday", "--store", store).returncode == 0
    second = run_dedup("index", tmp_path / "tuesday", "--store", store)
    assert second.returncode == 3 and "1 skipped" in second.stdout
    assert second.stderr.strip() == (f"skipped {tmp_path / 'tuesday' / 'a.txt'}: document id 'a.txt' already used by "
                                     f"{tmp_path / 'monday' / 'a.txt'}, indexed earlier; index the two from a common "
                                     "folder, or give one another id in a manifest")
    (tmp_path / "copy").mkdir()  # a copy of the same file is the same document
    (tmp_path / "copy" / "a.txt").write_bytes((tmp_path / "monday" / "a.txt").read_bytes())
    assert "0 skipped" in run_dedup("index", tmp_path / "copy", "--store", store).stdout
    (tmp_path / "copy" / "a.txt").unlink()
    (tmp_path / "monday" / "a.txt").unlink()  # moved: the id is free
    moved = run_dedup("index", tmp_path / "tuesday", "--store", store)
    assert moved.returncode == 0 and "1 updated" in moved.stdout
    # a given id names one document wherever it comes from: today's export updates yesterday's
    for day, text in (("day1", "The council approved the budget."), ("day2", "The council approved the budget, 7-2.")):
        (tmp_path / f"{day}.jsonl").write_text(json.dumps({"id": "story-1", "text": text}) + "\n")
    assert run_dedup("index", tmp_path / "day1.jsonl", "--store", store).returncode == 0
    assert "1 updated" in run_dedup("index", tmp_path / "day2.jsonl", "--store", store).stdout


def test_output_dash_is_standard_output(sample_store, tmp_path):
    pairs = run_dedup("pairs", "--store", sample_store, "--format", "csv", "--output", "-", cwd=tmp_path)
    assert pairs.stdout.startswith("cluster,similarity,match,") and pairs.stdout.count("\n") == 5  # header, 4 pairs
    page = run_dedup("report", "--html", "-", "--store", sample_store, cwd=tmp_path)
    assert page.stdout.startswith("<!doctype html>") and page.stdout.rstrip().endswith("</html>")
    assert not (tmp_path / "-").exists()


def test_a_different_model_is_refused(tmp_path):
    store = tmp_path / "store"
    assert run_dedup("index", CORPUS / "002.txt", "--store", store).returncode == 0
    result = run_dedup("index", CORPUS / "003.txt", "--store", store, "--model", "paraphrase-MiniLM-L3-v2")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "built with model 'all-MiniLM-L6-v2'" in result.stderr


def test_user_errors_are_one_line_and_exit_1(tmp_path):
    missing_store = run_dedup("pairs", "--store", tmp_path / "nothing")
    assert missing_store.returncode == 1
    assert missing_store.stderr.strip() == (
        f"Error: {tmp_path / 'nothing'}: no dedup store here (run 'dedup index PATH --store {tmp_path / 'nothing'}' first)")
    for args in (["pairs", "--format", "xml"], ["clusters", "--min-docs", "zero"], ["index", tmp_path / "nope.txt"]):
        result = run_dedup(*args, "--store", tmp_path / "store")
        assert result.returncode == 1, args
        assert result.stderr.startswith("Error: ") and result.stderr.strip().count("\n") == 0, result.stderr
        assert "Traceback" not in result.stderr


def test_a_store_that_is_a_file_is_named_as_such(tmp_path):
    (tmp_path / "notes").write_text("not a store")
    for args in (["pairs"], ["index", CORPUS / "000.txt"]):
        result = run_dedup(*args, "--store", tmp_path / "notes")
        assert (result.returncode, result.stderr.strip()) == (1, f"Error: {tmp_path / 'notes'}: a file, not a store folder")


def test_unreadable_files_are_skipped_with_a_message_and_exit_3(tmp_path):
    (tmp_path / "good.txt").write_text("The minister resigned on Friday after losing the vote.")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    result = run_dedup("index", tmp_path, "--store", tmp_path / "store")
    assert result.returncode == 3
    assert "bad.txt: binary file" in result.stderr
    assert "1 added" in result.stdout


def test_every_command_has_help_with_an_example():
    for command in ("index", "pairs", "clusters", "search", "stats", "runs"):
        result = run_dedup(command, "--help")
        assert result.returncode == 0 and "Example: dedup " + command in result.stdout


def test_read_commands_load_no_model_and_no_index_library(sample_store):
    """`dedup pairs` and the other read commands answer from the store: importing the CLI and running them
    loads neither FAISS nor a model runtime, so they start in a fraction of a second."""
    import subprocess
    import sys

    heavy = ("faiss", "openvino", "torch", "sentence_transformers", "transformers")
    script = ("import sys; from typer.testing import CliRunner; from dedup.cli import app; "
              f"codes = [CliRunner().invoke(app, [c, '--store', {str(sample_store)!r}]).exit_code for c in ('pairs', "
              "'clusters', 'provenance', 'runs', 'stats')]; "
              f"print(codes, sorted(m for m in {heavy!r} if m in sys.modules))")
    printed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert printed.strip() == "[0, 0, 0, 0, 0] []"
