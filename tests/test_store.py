"""The store outlives versions of dedup: a store written by an older schema is migrated when opened."""

import json
import shutil

from conftest import CORPUS, FIXTURES, run_dedup
from storecheck import snapshot

from dedup.store import SCHEMA_VERSION, Store


def test_a_store_written_by_schema_1_is_migrated_and_reads_as_before(tmp_path, sample_store):
    # tests/fixtures/store-v1: the sample corpus indexed by dedup with schema 1, before provenance was stored
    store = tmp_path / "store"
    shutil.copytree(FIXTURES / "store-v1", store)

    listed = run_dedup("provenance", "--store", store, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    trees = [json.loads(line) for line in listed.stdout.splitlines()]
    # 003 rewrites four statements of 002's quotation block: 002 is the origin of each, 003 its copy
    assert [(t["origin"]["doc"], t["origin"]["sentence"]) for t in trees] == [("002", 32), ("002", 33), ("002", 34),
                                                                                 ("002", 35)]
    assert [[(e["source"]["doc"], e["target"]["doc"]) for e in t["edges"]] for t in trees] == [[("002", "003")]] * 4
    pairs = run_dedup("pairs", "--store", store, "--format", "csv").stdout.splitlines()
    # pairs stored before the judge said why keep an empty confidence and reason
    assert len(pairs) == 5 and all(row.endswith(",a->b,en,en,,,claim,claim") for row in pairs[1:])

    opened = Store.open(store)
    assert opened.meta.get("schema_version") == str(SCHEMA_VERSION) and opened.provenance.trees() == {}
    opened.close()

    # the next index run stores the trees: the store is then what a clean build of today's dedup makes, but for
    # the fourth decimal of a cosine: the fixture's vectors were embedded in float32, and a clean build on a CPU
    # with bfloat16 (AVX512-BF16, AMX) embeds in bfloat16
    assert run_dedup("index", CORPUS, "--store", store).returncode == 0
    migrated, clean = snapshot(store), snapshot(sample_store)
    ours, theirs = migrated.pop("pairs"), clean.pop("pairs")
    similarity = 5  # (doc a, sentence a, doc b, sentence b, match, similarity, reason, confidence)
    assert [pair[:similarity] + pair[similarity + 1:] for pair in ours] == \
        [pair[:similarity] + pair[similarity + 1:] for pair in theirs]
    assert all(abs(mine[similarity] - other[similarity]) < 2e-3 for mine, other in zip(ours, theirs))
    assert migrated == clean


def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path):
    store = tmp_path / "store"
    shutil.copytree(FIXTURES / "store-v1", store)
    opened = Store.open(store)
    with opened.transaction():
        opened.meta.set("schema_version", str(SCHEMA_VERSION + 1))
    opened.close()
    refused = run_dedup("pairs", "--store", store)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (f"Error: {store}: store schema {SCHEMA_VERSION + 1} is newer than this dedup "
                                      f"({SCHEMA_VERSION}); upgrade dedup")
