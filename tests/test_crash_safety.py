"""kill -9 at the worst moments, a second writer, bad bytes: the store survives and the next run finishes."""

import os
import shutil
import subprocess
import sys
import time

import pytest
from filelock import FileLock

from dedup import pipeline
from dedup.faults import KILL_AT

from conftest import CDC_PAGE_CHECK, CDC_POST, CORPUS, POLIO_CHECK, REPO, run_dedup
from storecheck import snapshot


def index_killed_at(point: str, inbox, store) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dedup", "index", str(inbox), "--store", str(store)],
                          capture_output=True, text=True, env={**os.environ, KILL_AT: point})


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory):
    """The reference: the sample corpus indexed in one uninterrupted run."""
    store = tmp_path_factory.mktemp("clean") / "store"
    pipeline.index_paths(store, [CORPUS])
    return snapshot(store)


@pytest.mark.parametrize("point", ["embedded", "committed", "index-written", "paired", "clustered"])
def test_killed_mid_run_the_next_run_completes_the_store(point, tmp_path, clean_build):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("000.txt", "001.txt", "manifest.csv"):
        shutil.copy(CORPUS / name, inbox)
    store = tmp_path / "store"
    assert run_dedup("index", inbox, "--store", store).returncode == 3  # manifest rows for files not here yet
    for name in ("002.txt", "003.txt", "004.txt"):
        shutil.copy(CORPUS / name, inbox)
    killed = index_killed_at(point, inbox, store)
    assert killed.returncode == -9, killed.stderr
    after = run_dedup("index", inbox, "--store", store)
    assert after.returncode == 0, after.stderr
    assert snapshot(store) == clean_build
    runs = run_dedup("runs", "--store", store, "--format", "json").stdout
    assert '"status": "interrupted"' in runs


def test_killed_in_the_very_first_run(tmp_path, clean_build):
    store = tmp_path / "store"
    assert index_killed_at("committed", CORPUS, store).returncode == -9
    assert run_dedup("index", CORPUS, "--store", store).returncode == 0
    assert snapshot(store) == clean_build


def test_a_second_writer_waits_or_says_why_it_cannot(tmp_path, clean_build):
    store = tmp_path / "store"
    store.mkdir()
    with FileLock(str(store / "write.lock")):
        blocked = run_dedup("index", CORPUS, "--store", store, "--wait", "1")
    assert blocked.returncode == 1
    assert blocked.stderr.strip() == (f"Error: {store}: another dedup process is writing to this store "
                                      "(waited 1 s); try again later")
    # Two indexers started together: the second waits for the first; the store ends complete.
    command = [sys.executable, "-m", "dedup", "index", str(CORPUS), "--store", str(store), "--wait", "120"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [process.communicate(timeout=300) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert sum("5 added" in out for out, _ in outputs) == 1
    assert sum("5 unchanged" in out for out, _ in outputs) == 1
    assert snapshot(store) == clean_build


def test_one_broken_file_among_good_ones_keeps_what_was_indexed(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(CORPUS, inbox)
    store = tmp_path / "store"
    assert run_dedup("index", inbox, "--store", store).returncode == 0
    before = snapshot(store)
    (inbox / "003.txt").write_bytes(b"\xff\xfe broken \x00 bytes")  # the file is damaged in place
    (inbox / "feed.jsonl").write_text('{"id": "x", "text": "A fine new claim about the weather today."}\n{"id":\n')
    result = run_dedup("index", inbox, "--store", store)
    assert result.returncode == 3
    assert "003.txt: binary file" in result.stderr and "feed.jsonl:2: not valid JSON" in result.stderr
    after = snapshot(store)
    assert [d for d, _ in after["documents"]] == [d for d, _ in before["documents"]] + ["x"]
    assert set(before["pairs"]) <= set(after["pairs"])  # 003 kept as it was


@pytest.mark.parametrize("change, point", [("arrives", "committed"), ("arrives", "paired"), ("arrives", "clustered"),
                                           ("goes", "posts-marked")])
def test_killed_while_a_post_is_matched_again_the_next_run_equals_a_clean_build(change, point, tmp_path):
    """A post matched again because a better claim arrived, or because a claim near it went (killed once
    the posts near the deleted document are marked): the next run finishes what the killed one began."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "checks.jsonl").write_text(POLIO_CHECK)
    (inbox / "posts.jsonl").write_text(CDC_POST)
    if change == "goes":
        (inbox / "best.jsonl").write_text(CDC_PAGE_CHECK)  # the post's match
    store = tmp_path / "store"
    assert run_dedup("index", inbox, "--store", store).returncode == 0
    if change == "arrives":
        (inbox / "more.jsonl").write_text(CDC_PAGE_CHECK)
    else:
        (inbox / "checks.jsonl").unlink()  # near the post, not its match
    assert index_killed_at(point, inbox, store).returncode == -9
    assert run_dedup("index", inbox, "--store", store).returncode == 0
    clean = tmp_path / "clean"
    pipeline.index_paths(clean, [inbox])
    assert snapshot(store) == snapshot(clean)


def test_a_store_judged_by_another_judge_is_matched_anew_even_when_killed(tmp_path, clean_build):
    """An upgrade that ships new weights (here the post judge standing in for the news judge) re-decides every
    claim: killed once the new judge is recorded, the next run still ends equal to a clean build with it."""
    other_judge = {**os.environ, "DEDUP_CROSS_ENCODER": str(REPO / "dedup" / "models" / "post_judge.safetensors")}
    index = [sys.executable, "-m", "dedup", "index", str(CORPUS), "--store"]
    clean = tmp_path / "clean"
    subprocess.run(index + [str(clean)], env=other_judge, check=True, capture_output=True)
    assert snapshot(clean)["pairs"] != clean_build["pairs"]  # the two judges disagree on the sample corpus

    store = tmp_path / "store"
    pipeline.index_paths(store, [CORPUS])  # judged by the shipped news judge
    killed = subprocess.run(index + [str(store)], env={**other_judge, KILL_AT: "judge-recorded"}, capture_output=True)
    assert killed.returncode == -9
    rerun = subprocess.run(index + [str(store)], env=other_judge, capture_output=True, text=True)
    assert rerun.returncode == 0 and "5 unchanged" in rerun.stdout
    assert snapshot(store) == snapshot(clean)
    again = subprocess.run(index + [str(store)], env=other_judge, capture_output=True, text=True)
    assert "matched anew" not in again.stdout and "0 new pairs" in again.stdout  # the judge is recorded: nothing to redo


def test_new_rules_with_the_same_weights_match_a_store_anew(tmp_path, clean_build, monkeypatch):
    """An upgrade that changes how the judge's rules decide, weights unchanged, bumps `RULES`: the store it finds
    is matched anew once, and ends equal to a clean build."""
    from dedup.judge import verdicts

    store = tmp_path / "store"
    pipeline.index_paths(store, [CORPUS])
    monkeypatch.setattr(verdicts, "RULES", verdicts.RULES + 1)
    upgraded = pipeline.index_paths(store, [CORPUS])
    assert upgraded.matched_anew > 0
    assert snapshot(store) == clean_build
    assert pipeline.index_paths(store, [CORPUS]).matched_anew == 0

