"""Measure provenance on a corpus whose copying history is known, beside the naive rule.

Stories of four sentences from ../shared/data (MRPC) are copied outlet to outlet in a known order:
each copy takes an earlier document of its story (the origin or another copy) and edits it a little
more, so a copy of a copy drifts further from the origin. Copies are dated after their source; some
documents (origins too) are undated, and some copies credit their source's outlet. Unrelated stories
are indexed alongside. Through the real CLI (`dedup index`, `dedup provenance --format json`) it
reports, per claim cluster, how often the origin is right and how often each copy's immediate
source is right, beside the naive rule "the earliest dated document is the source of every copy".

    .venv/bin/python scripts/eval_provenance.py [--stories 150] [--seed 3]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402,F401  (this checkout's dedup first on the path, models offline)

import datasets  # noqa: E402

SENTENCES = 4
SYNONYMS = {"said": "stated", "says": "states", "announced": "declared", "percent": "per cent", "big": "large",
            "expected": "anticipated", "company": "firm", "shares": "stock", "government": "administration",
            "officials": "authorities", "about": "around", "also": "additionally", "but": "however",
            "told": "informed", "people": "individuals", "before": "prior to", "after": "following"}
KEEP = {"not", "no", "never", "n't"}


def edit(sentence: str, rng: random.Random) -> str:
    """One more light edit: a synonym where there is one, else one word dropped (never a number or 'not')."""
    words = sentence.split()
    swappable = [i for i, w in enumerate(words) if w.lower().strip(",.") in SYNONYMS]
    if swappable and rng.random() < 0.6:
        i = rng.choice(swappable)
        bare = words[i].lower().strip(",.")
        words[i] = words[i].lower().replace(bare, SYNONYMS[bare])
    else:
        droppable = [i for i, w in enumerate(words[1:-1], start=1)
                     if not any(c.isdigit() for c in w) and w.lower() not in KEEP and len(w) > 3]
        if droppable:
            del words[rng.choice(droppable)]
    return " ".join(words)


def build(stories: int, seed: int) -> tuple[list[dict], dict[str, dict]]:
    """Documents, and for each document its story, origin and parent (None for an origin)."""
    rng = random.Random(seed)
    pool = [a for a, _, label in datasets.mrpc()]
    rng.shuffle(pool)
    outlets = [f"Outlet {name}" for name in "ABCDEFGHIJKLMNOP"]
    documents, truth = [], {}
    for s in range(stories):
        sentences = pool[s * SENTENCES:(s + 1) * SENTENCES]
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(300))
        names = rng.sample(outlets, 6)
        origin = f"s{s:03d}-0"
        docs = {origin: (sentences, start, names[0])}
        truth[origin] = {"story": s, "origin": origin, "parent": None}
        for copy in range(1, rng.randint(3, 5) + 1):
            parent = rng.choice(list(docs))
            parent_sentences, parent_day, parent_outlet = docs[parent]
            text = [edit(edit(x, rng), rng) for x in parent_sentences]
            docs[f"s{s:03d}-{copy}"] = (text, parent_day + timedelta(days=rng.randint(1, 3)), names[copy])
            truth[f"s{s:03d}-{copy}"] = {"story": s, "origin": origin, "parent": parent}
        for doc_id, (text, day, outlet) in docs.items():
            paragraphs = list(text)
            parent = truth[doc_id]["parent"]
            if parent and rng.random() < 0.3:
                paragraphs.append(f"The report was first published according to {docs[parent][2]}.")
            undated = rng.random() < 0.25
            documents.append({"id": doc_id, "outlet": outlet, "published": "" if undated else day.isoformat(),
                              "text": "\n\n".join(paragraphs)})
    return documents, truth


def nearest_present(doc: str, present: set[str], truth: dict[str, dict]) -> str | None:
    parent = truth[doc]["parent"]
    while parent is not None and parent not in present:
        parent = truth[parent]["parent"]
    return parent


def score(trees: list[dict], truth: dict[str, dict], dates: dict[str, str]) -> dict[str, tuple[int, int]]:
    results = {"origin": [0, 0], "source": [0, 0], "naive origin": [0, 0], "naive source": [0, 0]}
    for tree in trees:
        docs = {tree["origin"]["doc"]} | {e["target"]["doc"] for e in tree["edges"]}
        stories = {truth[d]["story"] for d in docs}
        if len(stories) != 1:
            continue  # a cluster mixing stories has no single true history
        gold_origin = truth[next(iter(docs))]["origin"]
        if gold_origin not in docs:
            continue
        dated = sorted((dates[d], d) for d in docs if dates[d])
        naive = dated[0][1] if dated else sorted(docs)[0]
        results["origin"][0] += tree["origin"]["doc"] == gold_origin
        results["naive origin"][0] += naive == gold_origin
        results["origin"][1] += 1
        results["naive origin"][1] += 1
        for edge in tree["edges"]:
            target = edge["target"]["doc"]
            gold = nearest_present(target, docs, truth)
            results["source"][0] += edge["source"]["doc"] == gold
            results["source"][1] += 1
        for target in docs - {gold_origin}:
            results["naive source"][0] += naive == nearest_present(target, docs, truth)
            results["naive source"][1] += 1
    return {k: tuple(v) for k, v in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=150)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    documents, truth = build(args.stories, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        feed, store = Path(tmp) / "copies.jsonl", Path(tmp) / "store"
        feed.write_text("".join(json.dumps(d) + "\n" for d in documents))
        run = lambda *a: subprocess.run([sys.executable, "-m", "dedup", *a], capture_output=True, text=True)  # noqa
        indexed = run("index", str(feed), "--store", str(store))
        if indexed.returncode != 0:
            raise SystemExit(indexed.stderr)
        trees = [json.loads(line) for line in run("provenance", "--store", str(store), "--format", "json").stdout.splitlines()]
    dates = {d["id"]: d["published"] for d in documents}
    results = score(trees, truth, dates)
    undated = sum(1 for d in documents if not d["published"])
    print(f"{args.stories} stories, {len(documents)} documents ({undated} undated), {len(trees)} claim clusters\n")
    print("| rule | origin right | immediate source right |")
    print("|---|---|---|")
    for name, origin, source in (("dedup provenance", "origin", "source"),
                                 ("naive: earliest dated document is the source of every copy",
                                  "naive origin", "naive source")):
        (o, on), (s, sn) = results[origin], results[source]
        print(f"| {name} | {o / on:.3f} ({o}/{on}) | {s / sn:.3f} ({s}/{sn}) |")


if __name__ == "__main__":
    main()
