"""Stage by stage at 10k, 100k and 1M sentences, beside plain sentence-transformers, in one run.

The corpus is news-like syndication built from the sentences of ../shared/data (MRPC, STS, CheckThat):
an outlet publishes a ten-sentence story; half the stories are republished by 1, 2 or 4 other outlets,
verbatim (half of the copies), lightly edited (a word dropped from 30 % of the sentences) or rewritten
(sentences replaced by their labelled paraphrase partner). The public sets hold about 36k distinct
sentences, so a bigger corpus is made of rounds: every round repeats that construction with the pool
shuffled, and its wordings count as new ones whose vectors are the real vectors of round 0 under a
fixed random rotation of the space (the same neighbourhoods, not overlapping other rounds).

Per size, in a fresh process: segment (the real segmenter over every document), embed (our
`Embedder` over the distinct wordings; timed in full at 10k, on a 3,000-wording sample and
extrapolated above), index (`dedup.index.build`: exact or IVF by size), candidates (all-vs-all range
search at the mining radius, then expansion to cross-document sentence pairs), verify, clusters and
provenance (the pipeline's own functions), with the process's peak RSS after each stage. Beside them
the baselines on the same data: `SentenceTransformer.encode` with default settings over every
sentence (full at 10k, sampled above) and `util.paraphrase_mining_embeddings` over every sentence's
vector (full at 10k and 100k; quadratic extrapolation at 1M). Recall of the IVF pairs above the
radius is measured against exact search for 2,000 random queries.

Real vectors of all pool sentences and their edits are embedded once (about 6 minutes) and cached
under the dedup cache folder.

    .venv/bin/python scripts/bench.py [--sizes 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import datasets  # noqa: E402

SAMPLE = 3000
RECALL_QUERIES = 2000
SENTENCES_PER_STORY = 10


# -- the corpus --------------------------------------------------------------------------------------

def pool_and_partners() -> tuple[list[str], dict[str, str]]:
    """Distinct sentences of the public sets, and each labelled paraphrase's partner."""
    pool = datasets.sentence_pool()
    partners, known = {}, set(pool)
    for a, b, same in datasets.labelled_pairs():
        if same and a.strip() != b.strip() and a.strip() in known and b.strip() in known:
            partners.setdefault(a.strip(), b.strip())
            partners.setdefault(b.strip(), a.strip())
    return pool, partners


def edited(sentence: str) -> str:
    """A light edit: one word dropped (the same word every time for a sentence)."""
    words = sentence.split()
    drop = 1 + int(hashlib.md5(sentence.encode()).hexdigest(), 16) % (len(words) - 2)
    return " ".join(words[:drop] + words[drop + 1:])


def make_corpus(size: int, pool: list[str], partners: dict[str, str], seed: int = 0) -> list[dict]:
    """Documents ({id, outlet, day, round, sentences}) until `size` sentences are reached."""
    rng = random.Random(seed)
    documents: list[dict] = []
    count, round_number = 0, 0
    while count < size:
        order = pool[:]
        rng.shuffle(order)
        for start in range(0, len(order) - SENTENCES_PER_STORY + 1, SENTENCES_PER_STORY):
            story = order[start:start + SENTENCES_PER_STORY]
            day = rng.randrange(365)
            versions = [story]
            for _ in range(rng.choices([0, 1, 2, 4], [50, 25, 15, 10])[0]):
                kind = rng.choices(["verbatim", "edited", "rewritten"], [50, 35, 15])[0]
                if kind == "verbatim":
                    versions.append(story)
                elif kind == "edited":
                    versions.append([edited(s) if rng.random() < 0.3 else s for s in story])
                else:
                    versions.append([partners.get(s) or (edited(s) if rng.random() < 0.5 else s) for s in story])
            for number, sentences in enumerate(versions):
                documents.append({"id": f"r{round_number}-{len(documents)}", "outlet": f"Outlet {rng.randrange(40)}",
                                  "day": day + number * rng.randrange(1, 3), "round": round_number,
                                  "sentences": sentences})
                count += len(sentences)
                if count >= size:
                    return documents
        round_number += 1
    return documents


def real_vectors(pool: list[str], partners: dict[str, str]) -> dict[str, np.ndarray]:
    """Our embedding of every pool sentence and its edit, computed once and cached."""
    from dedup.embed import Embedder, cache_folder

    texts = sorted(set(pool) | {edited(s) for s in pool})
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache_folder() / "bench" / f"vectors-{digest}.npy"
    if not path.exists():
        print(f"embedding {len(texts):,} sentences once into {path} ...", file=sys.stderr, flush=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, Embedder().encode(texts, progress=True).astype(np.float16))
    return dict(zip(texts, np.load(path)))


# -- one size, in its own process --------------------------------------------------------------------

def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def run_size(size: int) -> dict:
    from dedup.clusters import cluster_matches
    from dedup.dates import PartialDate
    from dedup.embed import Embedder
    from dedup import index as vector_index
    from dedup.pairs import expand
    from dedup.provenance import DocumentEvidence, DocumentRelations, build_provenance
    from dedup.records import Cluster, Pair, SentenceRef
    from dedup.segment import segment, text_key
    from dedup.verify import DEFAULT_VERIFIER, make_verifier

    pool, partners = pool_and_partners()
    cached = real_vectors(pool, partners)
    documents = make_corpus(size, pool, partners)
    result: dict = {"size": size, "documents": len(documents), "seconds": {}, "peak_mb": {}, "notes": []}
    seconds, peaks = result["seconds"], result["peak_mb"]

    clock = time.perf_counter()
    for document in documents:
        segment("\n\n".join(document["sentences"]))
    seconds["segment"] = time.perf_counter() - clock
    peaks["segment"] = peak_mb()

    # Sentences and their wordings (round, normalised text): exact duplicates share one wording.
    wording_of: dict[tuple[int, str], int] = {}
    wording_text: list[str] = []
    wording_round: list[int] = []
    sentence_wording, sentence_doc, sentence_text = [], [], []
    for doc_number, document in enumerate(documents):
        for text in document["sentences"]:
            key = (document["round"], text_key(text))
            if key not in wording_of:
                wording_of[key] = len(wording_text)
                wording_text.append(text)
                wording_round.append(document["round"])
            sentence_wording.append(wording_of[key])
            sentence_doc.append(doc_number)
            sentence_text.append(text)
    del wording_of
    sentences, wordings = len(sentence_text), len(wording_text)
    result.update(sentences=sentences, wordings=wordings, rounds=max(wording_round) + 1)

    embedder = Embedder()
    embedder.encode(wording_text[:64])  # load the model outside the timing
    rng = np.random.default_rng(1)
    if size <= 10_000:
        clock = time.perf_counter()
        embedder.encode(wording_text)
        seconds["embed"] = time.perf_counter() - clock
    else:
        sample = rng.choice(wordings, SAMPLE, replace=False)
        clock = time.perf_counter()
        embedder.encode([wording_text[i] for i in sample])
        seconds["embed"] = (time.perf_counter() - clock) * wordings / SAMPLE
        result["notes"].append(f"embed timed on {SAMPLE:,} wordings, extrapolated")
    peaks["embed"] = peak_mb()
    del embedder  # mining needs no model
    vectors = np.stack([cached[text] for text in wording_text])
    rounds = np.array(wording_round)
    for round_number in range(1, result["rounds"]):
        rows = np.flatnonzero(rounds == round_number)
        rotation, _ = np.linalg.qr(np.random.default_rng(100 + round_number).standard_normal((vectors.shape[1],) * 2))
        vectors[rows] = (vectors[rows].astype(np.float32) @ rotation.astype(np.float32)).astype(np.float16)

    clock = time.perf_counter()
    ids = np.arange(wordings, dtype=np.int64)
    index = vector_index.build(vectors, ids)
    seconds["index"] = time.perf_counter() - clock
    peaks["index"] = peak_mb()
    result["index"] = "exact" if vector_index.is_exact(index) else (
        f"IVF {vector_index.faiss.extract_index_ivf(index).nlist} lists, nprobe {vector_index.NPROBE}, float16")

    verifier = make_verifier(DEFAULT_VERIFIER)
    clock = time.perf_counter()
    near = vector_index.near_pairs(index, ids, vectors, verifier.candidate_radius)
    seconds["mining"] = time.perf_counter() - clock
    groups: dict[int, list[tuple[int, int]]] = {}
    for sentence, (wording, doc) in enumerate(zip(sentence_wording, sentence_doc)):
        groups.setdefault(wording, []).append((sentence, doc))
    candidates = expand(ids, near, groups)
    seconds["candidates"] = time.perf_counter() - clock
    peaks["candidates"] = peak_mb()
    result.update(wording_pairs=len(near[0]), candidates=len(candidates))
    del near, groups

    clock = time.perf_counter()
    texts = dict(enumerate(sentence_text))
    verdicts = verifier.verify(candidates, texts, dict(enumerate(sentence_doc)))
    result["verdicts"] = dict(verdicts.routes)
    seconds["verify"] = time.perf_counter() - clock
    peaks["verify"] = peak_mb()
    result["pairs"] = len(verdicts)
    del candidates, texts

    clock = time.perf_counter()
    matched = verdicts.candidates
    groups_found, _ = cluster_matches((matched.sentence_a, matched.sentence_b, matched.similarity))
    seconds["clusters"] = time.perf_counter() - clock
    peaks["clusters"] = peak_mb()
    result["clusters"] = len(groups_found)

    # Provenance as a report builds it: document relations over every cluster, then one cluster's
    # pairs at a time (trees are not kept: a report writes each out).
    clock = time.perf_counter()
    dates = {d["id"]: (1 + d["day"] // 28 % 12, 1 + d["day"] % 28) for d in documents}

    def ref(s: int) -> SentenceRef:
        document = documents[sentence_doc[s]]
        month, day = dates[document["id"]]
        return SentenceRef(s, document["id"], s, sentence_text[s], document["outlet"], f"2020-{month:02d}-{day:02d}")

    clusters = [Cluster(min(group), ref(representative), tuple(ref(m) for m in group))
                for representative, group in groups_found]
    del groups_found
    cluster_of = np.full(sentences, -1, dtype=np.int64)
    for number, cluster in enumerate(clusters):
        cluster_of[[m.sentence_id for m in cluster.members]] = number
    pair_cluster = cluster_of[matched.sentence_a]
    rows = np.flatnonzero((pair_cluster >= 0) & (pair_cluster == cluster_of[matched.sentence_b]))
    rows = rows[np.argsort(pair_cluster[rows], kind="stable")]
    bounds = np.searchsorted(pair_cluster[rows], np.arange(len(clusters) + 1))
    docs = {doc for cluster in clusters for doc in cluster.documents}
    evidence = {d["id"]: DocumentEvidence(d["id"], d["outlet"], PartialDate(2020, *dates[d["id"]], "metadata"), ())
                for d in documents if d["id"] in docs}
    relations = DocumentRelations.compare(clusters, docs)
    for number, cluster in enumerate(clusters):
        refs = {m.sentence_id: m for m in cluster.members}
        chosen = rows[bounds[number]:bounds[number + 1]]
        pairs = [Pair(refs[a], refs[b], similarity, lexical, match, cluster.cluster_id) for a, b, similarity, lexical, match
                 in zip(matched.sentence_a[chosen].tolist(), matched.sentence_b[chosen].tolist(),
                        matched.similarity[chosen].tolist(), verdicts.lexical[chosen].tolist(),
                        verdicts.match[chosen].tolist())]
        build_provenance(cluster, pairs, {d: evidence[d] for d in cluster.documents}, relations)
    seconds["provenance"] = time.perf_counter() - clock
    peaks["provenance"] = peak_mb()

    del clusters, relations, verdicts, matched
    if not vector_index.is_exact(index):
        result["recall"] = recall(index, vectors, verifier.candidate_radius, rng)
    baselines(result, sentence_text, sentence_wording, vectors, rng)
    return result


def recall(index, vectors: np.ndarray, radius: float, rng: np.random.Generator) -> float:
    """Share of the exact above-radius pairs of random queries that the index finds (from either end)."""
    import faiss

    queries = rng.choice(len(vectors), RECALL_QUERIES, replace=False)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    for start in range(0, len(vectors), 100_000):
        exact.add(np.ascontiguousarray(vectors[start:start + 100_000], dtype=np.float32))
    truth = _pairs(exact, vectors, queries, radius)
    ends = np.array(sorted({b for _, b in truth}), dtype=np.int64)
    found = _pairs(index, vectors, queries, radius) | {(b, a) for a, b in _pairs(index, vectors, ends, radius)}
    return len(truth & found) / max(1, len(truth))


def _pairs(index, vectors: np.ndarray, queries: np.ndarray, radius: float) -> set[tuple[int, int]]:
    """Directed (query, hit) pairs above the radius, the query itself left out."""
    from dedup import index as vector_index

    found: set[tuple[int, int]] = set()
    for rows, hits, _ in vector_index.range_search(index, vectors[queries], radius):
        asked = queries[rows]
        keep = hits != asked
        found.update(zip(asked[keep].tolist(), hits[keep].tolist()))
    return found


def baselines(result: dict, sentence_text: list[str], sentence_wording: list[int], vectors: np.ndarray,
              rng: np.random.Generator) -> None:
    import torch
    from sentence_transformers import SentenceTransformer, util

    from dedup.embed import default_model_path

    model = SentenceTransformer(str(default_model_path()), device="cpu")
    model.encode(sentence_text[:64])
    sentences = len(sentence_text)
    chosen = list(range(sentences)) if sentences <= 10_000 else rng.choice(sentences, SAMPLE, replace=False).tolist()
    clock = time.perf_counter()
    model.encode([sentence_text[i] for i in chosen])
    result["baseline_encode"] = (time.perf_counter() - clock) * sentences / len(chosen)
    every = torch.from_numpy(vectors[np.array(sentence_wording)].astype(np.float32)) if sentences <= 100_000 else None
    if every is not None:
        clock = time.perf_counter()
        util.paraphrase_mining_embeddings(every)
        result["baseline_mining"] = time.perf_counter() - clock
    result["peak_mb_baselines"] = peak_mb()


# -- the table ---------------------------------------------------------------------------------------

STAGES = ["segment", "embed", "index", "candidates", "verify", "clusters", "provenance"]


def table(results: list[dict]) -> str:
    by_size = {r["size"]: r for r in results}
    mining_100k = by_size.get(100_000, {}).get("baseline_mining")
    lines = ["| | " + " | ".join(f"{r['sentences']:,} sentences" for r in results) + " |",
             "|---|" + "---|" * len(results)]

    def row(name: str, cells: list[str]) -> None:
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    row("documents / distinct wordings", [f"{r['documents']:,} / {r['wordings']:,}" for r in results])
    row("exact duplicates skipped", [f"{1 - r['wordings'] / r['sentences']:.0%}" for r in results])
    row("index", [r["index"] for r in results])
    for stage in STAGES:
        row(f"{stage} (s)", [f"{r['seconds'][stage]:.1f}" + (" *" if stage == "embed" and r["size"] > 10_000 else "")
                             for r in results])
    row("of which range search (s)", [f"{r['seconds']['mining']:.1f}" for r in results])
    row("wording pairs / candidates / matched pairs",
        [f"{r['wording_pairs']:,} / {r['candidates']:,} / {r['pairs']:,}" for r in results])
    row("recall of pairs above the radius vs exact", [f"{r['recall']:.4f}" if "recall" in r else "1 (exact)" for r in results])
    row("peak RSS (MB) after embed / index / candidates / all", [
        f"{r['peak_mb']['embed']:,} / {r['peak_mb']['index']:,} / {r['peak_mb']['candidates']:,} / {r['peak_mb']['provenance']:,}"
        for r in results])
    row("baseline `SentenceTransformer.encode` (s)",
        [f"{r['baseline_encode']:.1f}" + (" *" if r["size"] > 10_000 else "") for r in results])
    row("embedding speed-up (baseline / ours)", [f"{r['baseline_encode'] / r['seconds']['embed']:.2f}x" for r in results])
    cells = []
    for r in results:
        if "baseline_mining" in r:
            cells.append(f"{r['baseline_mining']:.1f}")
        elif mining_100k:
            cells.append(f"{mining_100k * (r['sentences'] / by_size[100_000]['sentences']) ** 2:,.0f} **")
        else:
            cells.append("—")
    row("baseline `util.paraphrase_mining_embeddings` (s)", cells)
    row("mining speed-up (baseline / our candidates)", [
        (f"{float(c.rstrip(' *').replace(',', '')) / r['seconds']['candidates']:.1f}x" if c != "—" else "—")
        for c, r in zip(cells, results)])
    lines.append("")
    lines.append("\\* timed on a 3,000-item sample and extrapolated; ** extrapolated quadratically from 100k.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one)))
        return
    pool, partners = pool_and_partners()
    real_vectors(pool, partners)  # fill the cache before any timing
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        clock = time.perf_counter()
        output = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True)
        if output.returncode != 0:
            raise SystemExit(output.stderr)
        results.append(json.loads(output.stdout.splitlines()[-1]))
        print(f"{size:,}: done in {time.perf_counter() - clock:.0f} s", file=sys.stderr, flush=True)
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    print(table(results))


if __name__ == "__main__":
    main()
