"""Provenance on real text: who carried a claim first, and who took it from whom."""

import csv
import io
import json
import shutil
import subprocess

import pytest

from conftest import run_dedup

EQUAL_FOOTING = "our interaction stands on an equal footing"


def test_the_equal_footing_claim_originates_in_002_and_003_took_it(sample_store):
    result = run_dedup("clusters", "--store", sample_store, "--format", "json")
    cluster, = [c for c in map(json.loads, result.stdout.splitlines())
                if any(EQUAL_FOOTING in m["text"] for m in c["members"])]
    assert cluster["origin"] == {"doc": "002", "sentence": 33}
    edge, = [e for e in cluster["edges"] if e["target"]["doc"] == "003"]
    assert edge["source"] == {"doc": "002", "sentence": 33} and edge["match"] == "paraphrase"
    assert any("attribution: 003 credits DEA News" in note for note in edge["evidence"])
    assert any("quotation: 002 quotes the words directly" in note for note in edge["evidence"])


def test_provenance_command_lists_trees_and_the_outlet_view(sample_store):
    table = run_dedup("provenance", "--store", sample_store)
    assert table.returncode == 0 and "Who takes from whom" in table.stdout and "002 → 003" in table.stdout
    trees = [json.loads(line) for line in run_dedup("provenance", "--store", sample_store, "--format", "json")
             .stdout.splitlines()]
    assert all({"cluster", "origin", "origin_evidence", "edges"} <= set(t) for t in trees)
    missing = run_dedup("provenance", "999999", "--store", sample_store)
    assert missing.returncode == 1 and "no cluster 999999" in missing.stderr


def test_every_listing_command_writes_csv_to_a_file(sample_store, tmp_path):
    for command in ("provenance", "runs", "pairs", "clusters"):
        written = tmp_path / f"{command}.csv"
        assert run_dedup(command, "--store", sample_store, "--format", "csv", "--output", written).returncode == 0
        assert list(csv.DictReader(io.StringIO(written.read_text())))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "provenance.csv").read_text())))
    origin, = [r for r in rows if EQUAL_FOOTING in r["text"]]
    copy, = [r for r in rows if r["cluster"] == origin["cluster"] and r["role"] == "copy"]
    assert (origin["role"], origin["doc"], origin["sentence"]) == ("origin", "002", "33")
    assert (copy["role"], copy["source_doc"], copy["doc"]) == ("copy", "002", "003")
    assert "attribution: 003 credits DEA News" in copy["evidence"]
    run, = csv.DictReader(io.StringIO((tmp_path / "runs.csv").read_text()))
    assert (run["status"], run["added"]) == ("finished", "5")


def test_a_copy_of_a_copy_is_traced_to_the_copy(tmp_path):
    story = ["The central bank kept its key interest rate unchanged at 16 percent on Friday.",
             "Governor Elvira Nabiullina said inflation was slowing faster than expected this spring.",
             "Analysts polled by the agency had expected the bank to hold rates until the summer."]
    copy = [s.replace("on Friday", "").replace("faster than expected ", "faster ") for s in story]
    copy_of_copy = [s.replace("Analysts polled by the agency", "Analysts").replace("unchanged ", "")
                    for s in copy]
    lines = [{"id": "wire", "outlet": "Wire", "published": "2024-04-26", "text": "\n\n".join(story)},
             {"id": "paper", "outlet": "Paper", "published": "", "text": "\n\n".join(copy)},
             {"id": "blog", "outlet": "Blog", "published": "2024-04-28",
              "text": "\n\n".join(copy_of_copy) + "\n\nThe story was first reported according to Paper."}]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    store = tmp_path / "store"
    assert run_dedup("index", tmp_path / "feed.jsonl", "--store", store).returncode == 0
    trees = [json.loads(line) for line in run_dedup("provenance", "--store", store, "--format", "json")
             .stdout.splitlines()]
    assert len(trees) == 3
    for tree in trees:
        assert tree["origin"]["doc"] == "wire"
        parents = {e["target"]["doc"]: e["source"]["doc"] for e in tree["edges"]}
        assert parents == {"paper": "wire", "blog": "paper"}
    blog_edge = next(e for e in trees[0]["edges"] if e["target"]["doc"] == "blog")
    assert any("blog credits Paper" in note for note in blog_edge["evidence"])


def test_the_html_report_renders_offline_with_the_graph_visible(sample_store, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("chromium is not installed (scripts/test.sh installs Debian's chromium package)")
    page = tmp_path / "report.html"
    result = run_dedup("report", "--html", page, "--store", sample_store)
    assert result.returncode == 0 and "report with" in result.stdout
    text = page.read_text()
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text
    assert "<mark>" in text  # differing words highlighted
    rendered = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=3000", "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert rendered.returncode == 0, rendered.stderr[-2000:]
    dom = rendered.stdout
    attributes = dict(pair.split("=", 1) for pair in
                      dom.split("<body", 1)[1].split(">", 1)[0].replace('"', "").split() if "=" in pair)
    assert int(attributes["data-graph-width"]) > 300 and int(attributes["data-graph-height"]) > 300
    # one node per sample document that shares a claim with another, 002 and 003 among them
    pairs = list(csv.DictReader(io.StringIO(run_dedup("pairs", "--store", sample_store, "--format", "csv").stdout)))
    sharing = {row["doc_a"] for row in pairs} | {row["doc_b"] for row in pairs}
    assert {"002", "003"} <= sharing
    assert int(attributes["data-graph-nodes"]) == len(sharing) and int(attributes["data-graph-links"]) >= 1
    assert "Cluster 82" in dom or "cluster-" in dom


def test_each_document_takes_its_best_source_unless_the_choices_form_a_cycle():
    import networkx as nx

    from dedup.group.provenance import _arborescence, _best_sources

    def by_networkx(roots, weights):
        graph = nx.DiGraph()
        graph.add_weighted_edges_from([("root", doc, w) for doc, w in roots.items()] +
                                      [(s, t, w) for (s, t), w in weights.items()])
        tree = nx.maximum_spanning_arborescence(graph)
        return {target: source for source, target in tree.edges if source != "root"}

    roots = {"wire": -0.2, "outlet": -0.9, "aggregator": -0.9}
    # a wire story, an outlet copying it, an aggregator rewriting the outlet: dates allow no cycle
    dated = {("wire", "outlet"): 0.8, ("wire", "aggregator"): 0.5, ("outlet", "aggregator"): 0.7}
    assert _best_sources(roots, dated) == {"outlet": "wire", "aggregator": "outlet"} == by_networkx(roots, dated)
    # undated documents that would each take the other as source: Edmonds' contraction decides
    undated = {**dated, ("outlet", "wire"): 0.9}
    assert _best_sources(roots, undated) is None
    assert _arborescence(roots, undated) == by_networkx(roots, undated)
