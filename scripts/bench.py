"""`dedup index` at 10k, 100k and 1M sentences, stage by stage, beside plain sentence-transformers, in one run.

The corpus is news-like syndication built from the sentences of ../shared/data (MRPC, STS, CheckThat):
an outlet publishes a ten-sentence story; half the stories are republished by 1, 2 or 4 other outlets,
verbatim (half of the copies), lightly edited (a word dropped from 30 % of the sentences) or rewritten
(sentences replaced by their labelled paraphrase partner). The public sets hold about 36k distinct
sentences, so a bigger corpus is made of rounds: every round repeats that construction with the pool
shuffled and worded anew (`Rounds`: every word of four letters or more through a permutation of the
pool's vocabulary of the round's own, case kept, figures and short words untouched; and a tag word before
the closing punctuation, "zzb" for round 1, that names the round). To the model a round is new text with
the lengths, word frequencies, figures and copy structure of the first; with a tag alone, each round was an
edited copy of every other, and the candidates grew with the square of the rounds (a run at 1M was killed
out of memory at 24 GB).

Per size, in a fresh process, the corpus is written as JSON Lines and indexed by the product:
`dedup.pipeline.index_paths`, the function behind `dedup index`, with the default verifier, into a new
store (SQLite writes, FAISS life cycle, provenance and run log included), embedding with the model as
`dedup index` does. The seconds and peak RSS of each stage are the pipeline's own (`IndexSummary.stage`).
Beside it, plain `SentenceTransformer.encode` of the same distinct wordings (in full up to 10k, on a
3,000-wording sample above, extrapolated).

`--cached-vectors` serves the vectors instead, for runs that study the later stages: our model's real
vectors of every pool sentence and its edit are embedded once (about 6 minutes, cached under the dedup
cache folder), and round r's wordings get round 0's vector under a fixed random rotation (the same
neighbourhoods, not overlapping other rounds; the round's wording is mapped back to the pool's); a
wording outside the pool is embedded by the model. The pool's vectors stay in memory beside the run
(float16, about 60 MB), so the peaks overstate the product's by that much. The table then says so, and adds what the model takes to embed the distinct
wordings, timed after the run.

`--ray-workers N` indexes with `--ray` on a local Ray cluster of N worker nodes of one CPU each
(`ray.cluster_utils`, `pip install 'dedup[ray]'`): embedding, mining and judging run on the workers.

    .venv/bin/python scripts/bench.py [--sizes 10000,100000,1000000] [--verifier cosine] [--cached-vectors]
                                      [--ray-workers 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402,F401  (this checkout's dedup first on the path, models offline)

import datasets  # noqa: E402

SAMPLE = 3000
SENTENCES_PER_STORY = 10


# -- the corpus --------------------------------------------------------------------------------------

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
                    versions.append([datasets.edited(s) if rng.random() < 0.3 else s for s in story])
                else:
                    versions.append([partners.get(s) or (datasets.edited(s) if rng.random() < 0.5 else s) for s in story])
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
    from dedup.match.embed import Embedder, cache_folder

    texts = sorted(set(pool) | {datasets.edited(s) for s in pool})
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache_folder() / "bench" / f"vectors-{digest}.npy"
    if not path.exists():
        print(f"embedding {len(texts):,} sentences once into {path} ...", file=sys.stderr, flush=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, Embedder().encode(texts, progress=True).astype(np.float16))
    return dict(zip(texts, np.load(path)))


# -- one size, in its own process --------------------------------------------------------------------

ROUND_TAG = re.compile(r" zz([a-z]+)(\W*)$")
WORD = re.compile(r"\b[A-Za-z]{4,}\b")


def round_tag(number: int) -> str:
    """A word no sentence has, added to the sentences of round `number` (0: none): "zzb", "zzc", ..."""
    letters = ""
    while number:
        number, digit = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
    return f"zz{letters}" if letters else ""


def round_of(tag_letters: str) -> int:
    return sum("abcdefghijklmnopqrstuvwxyz".index(c) * 26 ** i for i, c in enumerate(tag_letters[::-1]))


class Rounds:
    """How round `number` words the pool: every word of four letters or more through a permutation of the
    pool's vocabulary of its own (case kept; figures, short words and punctuation untouched), and the
    round's tag before the closing punctuation. So a round is new text to the model, as another month of
    news would be, with the same lengths, word frequencies, names-as-names and figures, and the same
    copies, edits and rewrites within it; a tag alone made each round an edited copy of every other."""

    def __init__(self, pool: list[str]) -> None:
        self.vocabulary = sorted({w.casefold() for s in pool for w in WORD.findall(s)})
        self.forward: dict[int, dict[str, str]] = {}
        self.backward: dict[int, dict[str, str]] = {}

    def _maps(self, number: int) -> tuple[dict[str, str], dict[str, str]]:
        if number not in self.forward:
            images = self.vocabulary[:]
            random.Random(1000 + number).shuffle(images)
            self.forward[number] = dict(zip(self.vocabulary, images))
            self.backward[number] = dict(zip(images, self.vocabulary))
        return self.forward[number], self.backward[number]

    @staticmethod
    def _through(mapping: dict[str, str], text: str) -> str:
        def swap(match: re.Match) -> str:
            word = match.group()
            image = mapping.get(word.casefold())
            if image is None or not (word.islower() or word.isupper() or word == word.capitalize()):
                return word  # "McDonald" stays: its case could not be given back
            if word.isupper():
                return image.upper()
            return image.capitalize() if word[0].isupper() else image
        return WORD.sub(swap, text)

    def worded(self, sentence: str, number: int) -> str:
        """The sentence as round `number` carries it."""
        if not number:
            return sentence
        body = sentence.rstrip(".!?\"'” ")
        return f"{self._through(self._maps(number)[0], body)} {round_tag(number)}{sentence[len(body):]}"

    def original(self, text: str) -> tuple[str, int]:
        """(the pool's wording, round number) of a round's wording."""
        found = ROUND_TAG.search(text)
        if not found:
            return text, 0
        number = round_of(found.group(1))
        return self._through(self._maps(number)[1], text[:found.start()]) + found.group(2), number


class PrecomputedEmbedder:
    """Serves our model's real vectors of the pool (computed once, `real_vectors`) to `dedup index`:
    round r's wordings get round 0's vector under a fixed random rotation. A wording not in the pool
    (the segmenter split a pool sentence) is embedded by the model, and counted."""

    def __init__(self, cached: dict[str, np.ndarray], rounds: Rounds) -> None:
        from dedup.match.embed import Embedder
        from dedup.ingest.segment import clean_text

        self.model: Embedder | None = None  # loaded for the first wording outside the pool
        self.name, self.dimension = Embedder().name, 384
        self.rows = {clean_text(text): row for row, text in enumerate(cached)}
        self.matrix = np.stack(list(cached.values()))  # float16: what the bench holds beside the run, small
        self.rotations: dict[int, np.ndarray] = {}
        self.rounds = rounds
        self.embedded_by_model = 0

    def rotation(self, number: int) -> np.ndarray:
        if number not in self.rotations:
            random = np.random.default_rng(100 + number).standard_normal((self.dimension,) * 2)
            self.rotations[number] = np.linalg.qr(random)[0].astype(np.float32)
        return self.rotations[number]

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        missing = []
        for row, text in enumerate(texts):
            text, number = self.rounds.original(text)
            found_row = self.rows.get(text)
            if found_row is None:
                missing.append(row)
                continue
            vector = self.matrix[found_row].astype(np.float32)
            out[row] = vector @ self.rotation(number) if number else vector
        if missing:
            from dedup.match.embed import Embedder

            self.model = self.model or Embedder()
            out[missing] = self.model.encode([texts[row] for row in missing])
            self.embedded_by_model += len(missing)
        return out


DOCUMENTS_PER_FILE = 5000  # a feed file stays well under dedup's 20 MB a file


def publish(documents: list[dict], folder: Path, rounds: Rounds) -> None:
    """The corpus as `dedup index` reads it: JSON Lines feeds, a paragraph per sentence, dated by day."""
    folder.mkdir()
    for start in range(0, len(documents), DOCUMENTS_PER_FILE):
        with open(folder / f"feed-{start // DOCUMENTS_PER_FILE:04d}.jsonl", "w") as out:
            for document in documents[start:start + DOCUMENTS_PER_FILE]:
                day = document["day"]
                out.write(json.dumps({
                    "id": document["id"], "outlet": document["outlet"],
                    "published": f"{2000 + day // 336}-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}",
                    "text": "\n\n".join(rounds.worded(s, document["round"]) for s in document["sentences"])}) + "\n")


def run_size(size: int, verifier: str | None = None, cached_vectors: bool = False, ray_workers: int = 0) -> dict:
    """`dedup index` (the library's `index_paths`) over a corpus of `size` sentences, stage by stage, with
    the default verifier or the one named; the model embeds, or with `cached_vectors` the pool's vectors
    are served."""
    from dedup import pipeline
    from dedup.judge import make_verifier
    from dedup.match.embed import Embedder
    from dedup.store import Store

    pool, partners = datasets.pool_and_partners()
    rounds = Rounds(pool)
    embedder = PrecomputedEmbedder(real_vectors(pool, partners), rounds) if cached_vectors else None
    documents = make_corpus(size, pool, partners)
    del pool, partners
    folder = Path(tempfile.mkdtemp(prefix="dedup-bench-"))
    publish(documents, folder / "corpus", rounds)
    del documents
    cluster = None
    if ray_workers:
        from ray.cluster_utils import Cluster

        cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 0})
        for _ in range(ray_workers):
            cluster.add_node(num_cpus=1)
        cluster.wait_for_nodes()
    summary = pipeline.index_paths(folder / "store", [folder / "corpus"], embedder=embedder,
                                   verifier=make_verifier(verifier) if verifier else None,
                                   ray_address=cluster.address if cluster else None)
    if cluster:
        import ray

        ray.shutdown()
        cluster.shutdown()
    if summary.problems:
        raise SystemExit("the corpus was not read whole: " + "; ".join(map(str, summary.problems[:3])))
    result: dict = {"size": size, "documents": summary.added, "sentences": summary.sentences,
                    "claims": summary.claims, "wordings": summary.embedded, "pairs": summary.pairs,
                    "clusters": summary.clusters, "verdicts": summary.verdicts, "seconds": summary.seconds,
                    "peak_mb": summary.peak_mb, "cached_vectors": cached_vectors and not ray_workers,
                    "ray_workers": ray_workers,
                    "embedded_by_model": embedder.embedded_by_model if embedder else summary.embedded}
    del embedder

    # What the model itself takes to embed the distinct wordings (the run above looked most of them up).
    store = Store.open(folder / "store")
    texts = [ref.text for ref in store.sentences.sentence_refs(store.vectors.index_entries()).values()]
    store.close()
    rng = np.random.default_rng(1)
    if cached_vectors:  # the run looked most vectors up: what the model itself takes to embed them
        chosen = texts if len(texts) <= 10_000 else [texts[i] for i in rng.choice(len(texts), SAMPLE, replace=False)]
        model = Embedder()
        model.encode(chosen[:64])
        clock = time.perf_counter()
        model.encode(chosen)
        result["model_embed"] = (time.perf_counter() - clock) * len(texts) / len(chosen)
    baselines(result, texts, rng)
    shutil.rmtree(folder)
    return result


def baselines(result: dict, texts: list[str], rng: np.random.Generator) -> None:
    """Plain sentence-transformers on the same wordings: `SentenceTransformer.encode` with its defaults."""
    from sentence_transformers import SentenceTransformer

    from dedup.match.embed import default_model_path

    model = SentenceTransformer(str(default_model_path()), device="cpu")
    model.encode(texts[:64])
    chosen = texts if len(texts) <= 10_000 else [texts[i] for i in rng.choice(len(texts), SAMPLE, replace=False)]
    clock = time.perf_counter()
    model.encode(chosen)
    result["baseline_encode"] = (time.perf_counter() - clock) * len(texts) / len(chosen)


# -- the table ---------------------------------------------------------------------------------------

STAGES = ["read", "segment", "embed", "store", "index", "candidates", "verify", "clusters", "provenance"]


def table(results: list[dict]) -> str:
    lines = ["| | " + " | ".join(f"{r['sentences']:,} sentences" + (f", Ray: {r['ray_workers']} workers" if r.get("ray_workers")
                                                                    else "") for r in results) + " |",
             "|---|" + "---|" * len(results)]

    def row(name: str, cells: list[str]) -> None:
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    row("documents / distinct wordings", [f"{r['documents']:,} / {r['wordings']:,}" for r in results])
    for stage in STAGES:
        row(f"{stage} (s)", [f"{r['seconds'].get(stage, 0):.1f}" + (" †" if stage == "embed" and r["cached_vectors"] else "")
                             for r in results])
    row("**`dedup index` in all (s)**", [f"**{r['seconds']['total']:.0f}**" for r in results])
    row("peak RSS (MB) during embed / candidates / verify / provenance", [
        " / ".join(f"{r['peak_mb'].get(stage, 0):,}" for stage in ("embed", "candidates", "verify", "provenance"))
        for r in results])
    row("**peak RSS of the whole run (MB)**", [f"**{max(r['peak_mb'].values()):,}**" for r in results])
    row("verifier: candidates / reaching the model / matched pairs", [
        f"{sum(r['verdicts'].values()):,} / {sum(n for k, n in r['verdicts'].items() if k.startswith('judged')):,}"
        f" / {r['pairs']:,}" for r in results])
    row("clusters", [f"{r['clusters']:,}" for r in results])
    if any(r["cached_vectors"] for r in results):
        row("our model embedding the distinct wordings (s)",
            [f"{r['model_embed']:.1f}" + (" *" if r["wordings"] > 10_000 else "") if r["cached_vectors"] else "in the run"
             for r in results])
    row("baseline `SentenceTransformer.encode` of them (s)",
        [f"{r['baseline_encode']:.1f}" + (" *" if r["wordings"] > 10_000 else "") for r in results])
    lines.append("")
    if any(r["cached_vectors"] for r in results):
        lines.append("† --cached-vectors: the pool's vectors looked up, not embedded (see the script's docstring); the "
                     "model's own time is the row below.")
    lines.append("\\* timed on a 3,000-wording sample and extrapolated.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--verifier", help="a verifier other than the default (e.g. cosine)")
    parser.add_argument("--cached-vectors", action="store_true",
                        help="serve the pool's cached vectors instead of embedding (the later stages only)")
    parser.add_argument("--ray-workers", type=int, default=0,
                        help="index with --ray on a local cluster of this many one-CPU worker nodes")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, args.verifier, args.cached_vectors, args.ray_workers)))
        return
    if args.cached_vectors:
        pool, partners = datasets.pool_and_partners()
        real_vectors(pool, partners)  # fill the cache before any timing
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        clock = time.perf_counter()
        output = subprocess.run([sys.executable, __file__, "--one", str(size)] +
                                (["--verifier", args.verifier] if args.verifier else []) +
                                (["--cached-vectors"] if args.cached_vectors else []) +
                                (["--ray-workers", str(args.ray_workers)] if args.ray_workers else []),
                                capture_output=True, text=True)
        if output.returncode != 0:
            raise SystemExit(output.stderr)
        results.append(json.loads(output.stdout.splitlines()[-1]))
        print(f"{size:,}: done in {time.perf_counter() - clock:.0f} s", file=sys.stderr, flush=True)
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    print(table(results))


if __name__ == "__main__":
    main()
