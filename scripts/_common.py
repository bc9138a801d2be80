"""What every script here shares: this checkout's `dedup` first on the path (not an installed copy), the
models loaded offline, and what the evaluations have in common (models trained without a fold, running
`dedup` and reading its pairs back, the pair model's training, result tables).

A script imports it first (`import _common`). The public data sets, and the corpora laid out from them,
are read by `datasets.py`; contrast variants of a claim are made by `contrast.py`. Those three are the
only modules a script imports from this folder: scripts use `dedup` as a library and never import one
another."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent

for _folder in (SCRIPTS, REPO):  # the checkout first, ahead of any installed dedup
    sys.path.insert(0, str(_folder))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# -- what the evaluations share (scripts/eval_quality.py, compare_judges.py, tune_context.py) -----------------
# Imported below the path set-up above, so that `dedup` is this checkout's.

import csv  # noqa: E402
import functools  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402

import numpy as np  # noqa: E402

import datasets  # noqa: E402
from dedup.ingest.segment import clean_text, text_key  # noqa: E402
from dedup.judge import CrossEncoderVerifier, Judge, PairModel, PairModelVerifier, make_verifier, settle  # noqa: E402
from dedup.judge.cross_encoder import CrossEncoder  # noqa: E402
from dedup.judge.pair_features import FEATURE_NAMES, WordWeights, pair_features  # noqa: E402
from dedup.match.candidates import Candidate  # noqa: E402
from dedup.match.embed import Embedder, cache_folder  # noqa: E402
from dedup.store import Store  # noqa: E402

SAME_CLAIM_GOLD = 4.0  # STS: a gold score at least this is the same claim


# -- the pair model's training (scripts/train_verifier.py), also used to train it without a fold --

REGULARISATION = 0.1  # inverse strength (sklearn's C); 0.03-1.0 give the same cross-validated figures


def cosines(embedder: Embedder, pairs: list[tuple[str, str, float]]) -> np.ndarray:
    first = embedder.encode([clean_text(a) for a, _, _ in pairs])
    second = embedder.encode([clean_text(b) for _, b, _ in pairs])
    return np.einsum("ij,ij->i", first, second)


def features(pairs: list[tuple[str, str, float]], cosine: np.ndarray, weights: WordWeights) -> np.ndarray:
    return np.array([pair_features(a, b, float(c), weights) for (a, b, _), c in zip(pairs, cosine)])


def make_classifier():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=REGULARISATION, max_iter=5000))


def fit(x: np.ndarray, same: np.ndarray, weights: WordWeights) -> dict:
    """The model file's contents: scaler, coefficients, threshold, word weights."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    inner = cross_val_predict(make_classifier(), x, same, method="predict_proba",
                              cv=StratifiedKFold(5, shuffle=True, random_state=0))[:, 1]
    threshold = max(np.round(np.linspace(0.3, 0.7, 41), 2),
                    key=lambda t: accuracy_score(same, inner >= t) + f1_score(same, inner >= t))
    classifier = make_classifier().fit(x, same)
    scaler, regression = classifier.steps[0][1], classifier.steps[1][1]
    return {"features": list(FEATURE_NAMES), "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
            "coefficients": regression.coef_[0].tolist(), "intercept": float(regression.intercept_[0]),
            "threshold": float(threshold),
            "word_weights": {"sentences": weights.sentences, "document_frequency": weights.document_frequency}}


def word_weights() -> WordWeights:
    pairs = datasets.labelled_pairs()
    return WordWeights.count(list(dict.fromkeys(s for a, b, _ in pairs for s in (a, b))))


# -- models trained without a fold, and running `dedup` ----------------------------------------------

def fold_models(fold: int) -> dict[str, str]:
    """Environment pointing `dedup` at models trained without `fold` (`datasets.two_folds`: no sentence of a
    pair of that fold, in any labelled set), trained here if missing: the pair model in seconds, the
    cross-encoder in about 15 minutes, kept in the dedup cache under the fingerprint of the scripts that
    train them."""
    folder = cache_folder() / "eval"
    folder.mkdir(parents=True, exist_ok=True)
    pair_recipe = hashlib.sha256(b"".join((SCRIPTS / name).read_bytes() for name in
                                          ("_common.py", "datasets.py"))).hexdigest()[:12]
    pair_model = folder / f"pair_model_without_fold{fold}-{pair_recipe}.json"
    if not pair_model.exists():
        pairs = [(a, b, float(y)) for a, b, y in datasets.mrpc()]
        train = datasets.two_folds(pairs)[1 - fold]
        weights = word_weights()
        chosen = [pairs[i] for i in train]
        x = features(chosen, cosines(Embedder(), chosen), weights)
        fitted = fit(x, np.array([y == 1 for _, _, y in chosen]), weights)
        pair_model.write_text(json.dumps(fitted))
    recipe = hashlib.sha256(b"".join((SCRIPTS / name).read_bytes() for name in
                                     ("train_cross_encoder.py", "contrast.py", "datasets.py"))).hexdigest()[:12]
    cross_encoder = folder / f"cross_encoder_without_fold{fold}-{recipe}.safetensors"
    if not cross_encoder.exists():
        print(f"training the cross-encoder without fold {fold} (about 15 minutes) ...", flush=True)
        subprocess.run([sys.executable, str(SCRIPTS / "train_cross_encoder.py"), "--leave-out-fold", str(fold),
                        "--output", str(cross_encoder)], check=True, stdout=subprocess.DEVNULL)
    post_scripts = b"".join((SCRIPTS / name).read_bytes() for name in ("train_post_judge.py", "eval_checkthat_pairs.py"))
    post_recipe = hashlib.sha256(recipe.encode() + post_scripts).hexdigest()[:12]
    post_judge = folder / f"post_judge_without_fold{fold}-{post_recipe}.safetensors"
    if not post_judge.exists():
        print(f"training the post judge without fold {fold} (about 10 minutes) ...", flush=True)
        subprocess.run([sys.executable, str(SCRIPTS / "train_post_judge.py"), "--leave-out-fold", str(fold),
                        "--start", str(cross_encoder), "--output", str(post_judge)],
                       check=True, stdout=subprocess.DEVNULL)
    return {"DEDUP_PAIR_MODEL": str(pair_model), "DEDUP_CROSS_ENCODER": str(cross_encoder),
            "DEDUP_POST_JUDGE": str(post_judge)}


@functools.cache
def fold_verifier(name: str, fold: int) -> Judge:
    """Verifier `name` as `dedup index --verifier NAME` runs it, with the models trained without `fold`."""
    models = fold_models(fold)
    if name == "pair-model":
        return PairModelVerifier(PairModel.load(Path(models["DEDUP_PAIR_MODEL"])))
    if name == "cross-encoder":
        return CrossEncoderVerifier(CrossEncoder(Path(models["DEDUP_CROSS_ENCODER"])),
                                    post_judge=CrossEncoder(Path(models["DEDUP_POST_JUDGE"])))
    return make_verifier(name)


def table(title: str, header: list[str], rows: list[list]) -> None:
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(f"{x:.3f}" if isinstance(x, float) else str(x) for x in row) + " |")


def settled_routes(pairs: list[tuple[str, str, float]]) -> list[str | None]:
    """Each pair's route through the cascade's sure steps (`settle`): a copy, a rejection, or None where the
    model decides."""
    return [settle(Candidate(0, 1, 0.0, text_key(a) == text_key(b)), a, b)[1]
            for a, b, _ in pairs]


def run_dedup(*args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([sys.executable, "-m", "dedup", *args], capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    if result.returncode not in (0, 3):
        raise SystemExit(result.stderr)
    return result.stdout


def gold_pairs_of(gold: dict[tuple[str, int], str]) -> set[frozenset]:
    """Every cross-document pair of places (doc, paragraph) that carry one gold claim."""
    by_claim: dict[str, list[tuple[str, int]]] = {}
    for place, claim in gold.items():
        by_claim.setdefault(claim, []).append(place)
    return {frozenset({a, b}) for places in by_claim.values() for i, a in enumerate(places) for b in places[i + 1:]
            if a[0] != b[0]}


def read_back(documents: list[dict], store_path: Path) -> tuple[set[frozenset], dict[tuple[str, int], int]]:
    """(pairs of places (doc, paragraph), cluster of each place) as `dedup pairs` and `dedup clusters` report them."""
    text_of = {d["id"]: d["text"] for d in documents}
    store = Store.open(store_path)
    starts = {(doc, position): start for doc, position, start, *_ in store.sentences.sentence_spans()}
    store.close()

    def place(doc: str, position: int) -> tuple[str, int]:
        return doc, text_of[doc][:starts[(doc, position)]].count("\n\n")

    out = run_dedup("pairs", "--store", str(store_path), "--format", "csv")
    predicted = {frozenset({place(r["doc_a"], int(r["sentence_a"])), place(r["doc_b"], int(r["sentence_b"]))})
                 for r in csv.DictReader(io.StringIO(out))}
    clusters = [json.loads(line) for line in run_dedup("clusters", "--store", str(store_path),
                                                       "--format", "json").splitlines()]
    cluster_of = {place(m["doc"], m["sentence"]): c["cluster"] for c in clusters for m in c["members"]}
    return {p for p in predicted if len(p) == 2}, cluster_of
