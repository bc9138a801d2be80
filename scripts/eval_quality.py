"""Measure how well dedup tells "the same claim" from "the same topic", side by side with plain cosine.

Reads the public labelled sets in ../shared/data (terms in their SOURCE.md files):

- MRPC train: accuracy, F1, ROC-AUC (plain cosine's threshold chosen on the other of two folds).
- STS news subsets and STS-B dev: Spearman; precision and recall with gold >= 4 as "same claim".
- The facts step alone: how many pairs of one claim it rejects, how many contrast variants, and how many
  paraphrases and non-paraphrases of each MRPC fold.
- CheckThat 2020 dev: MAP@5 for finding the fact-checked claim a tweet repeats (the search path).
- A corpus-level check through the real CLI: stories built from MRPC pairs, copied verbatim, edited
  and paraphrased across outlets, with hard negatives and distractors:
  pair precision, recall, F1, hard-negative false positives and cluster ARI.
- A contrast check through the CLI: the same kind of stories, copied once more with one fact of one
  claim changed (scripts/contrast.py); how many changed claims are kept apart from their original; laid
  out as stories and again as one claim apiece among claims of other stories (claims that travel alone).
- Same-story tweets through the CLI: STS 2014 tweet-news pairs, each document a few unrelated items.
- CheckThat's fact-checked claims indexed one per document: `paraphrase` pairs drawn at random, for review.
- The sample corpus: every cross-document pair, for review.

    .venv/bin/python scripts/eval_quality.py [--skip checkthat] [--stories 120]

"plain cosine" is the best single cosine threshold; each verifier of dedup.judge is run the way
`dedup index --verifier NAME` runs it (a pair below the candidate radius never reaches a verifier).
Every model is scored on pairs whose sentences it never saw: the sets share pairs (STS12 MSRpar is MRPC;
STS-B train holds MRPC, deft-news and headline pairs), so `datasets.two_folds` splits them into two folds
by groups of pairs that share a sentence in any set, and MRPC, the STS sets and STS-B dev are scored pair
by pair by the models trained without the pair's fold; the corpus-level and contrast checks are built from
fold 0 of MRPC and judged by the models trained without it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Iterator

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import accuracy_score, adjusted_rand_score, f1_score, precision_score, recall_score, roc_auc_score

HERE = Path(__file__).resolve().parent
import _common  # noqa: E402  (this checkout's dedup first on the path, models offline; what the evaluations share)

import contrast  # noqa: E402
import datasets  # noqa: E402

from dedup import pipeline  # noqa: E402
from dedup.ingest.segment import text_key  # noqa: E402
from dedup.judge import (DEFAULT_VERIFIER, EXACT, NEAR_EXACT, VERIFIERS, CrossEncoderVerifier,  # noqa: E402
                          Judge, make_verifier)
from dedup.judge.facts import facts_conflict  # noqa: E402
from dedup.match import search  # noqa: E402
from dedup.match.candidates import Candidate  # noqa: E402
from dedup.match.embed import Embedder  # noqa: E402
from dedup.store import Store  # noqa: E402

CONTRAST_CLAIMS = 4  # claims per story of the contrast check


def verifier_decisions(verifier: Judge, pairs: list[tuple[str, str, float]], cos: np.ndarray) -> np.ndarray:
    """A verifier's decision on isolated pairs, of which it only sees those mining would propose."""
    candidates = [Candidate(2 * i, 2 * i + 1, float(c), text_key(a) == text_key(b))
                  for i, ((a, b, _), c) in enumerate(zip(pairs, cos)) if c >= verifier.candidate_radius]
    texts = {2 * i + k: text for i, (a, b, _) in enumerate(pairs) for k, text in enumerate((a, b))}
    accepted = {v.candidate.sentence_a // 2 for v in verifier.verify(candidates, texts)}
    return np.array([i in accepted for i in range(len(pairs))])


def eval_mrpc(embedder: Embedder) -> None:
    pairs = [(a, b, float(y)) for a, b, y in datasets.mrpc()]
    gold = np.array([int(y) for _, _, y in pairs])
    cos = _common.cosines(embedder, pairs)
    folds = datasets.two_folds(pairs)
    predicted = np.zeros(len(pairs), dtype=bool)
    for test, train in ((folds[0], folds[1]), (folds[1], folds[0])):
        best = max(np.linspace(0.3, 0.95, 131), key=lambda t: accuracy_score(gold[train], cos[train] >= t))
        predicted[test] = cos[test] >= best
    rows = [["plain cosine, threshold tuned on the other fold", accuracy_score(gold, predicted),
             f1_score(gold, predicted), roc_auc_score(gold, cos)]]
    cosine_verifier = verifier_decisions(make_verifier("cosine"), pairs, cos)
    rows.append(["verifier cosine (threshold 0.60)", accuracy_score(gold, cosine_verifier),
                 f1_score(gold, cosine_verifier), "—"])
    weights = _common.word_weights()
    x = _common.features(pairs, cos, weights)
    judged: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # verifier -> (its decisions, its probabilities)
    for name in ("pair-model", "cross-encoder"):
        probability, decided = np.zeros(len(pairs)), np.zeros(len(pairs), dtype=bool)
        for fold, test in enumerate(folds):
            verifier = _common.fold_verifier(name, fold)
            if name == "pair-model":
                probability[test] = verifier.model.probabilities(x[test])
            else:
                probability[test] = judge_scores(verifier, [pairs[i] for i in test])
            decided[test] = verifier_decisions(verifier, [pairs[i] for i in test], cos[test])
        rows.append([f"verifier {name}, trained on the other fold", accuracy_score(gold, decided),
                     f1_score(gold, decided), roc_auc_score(gold, probability)])
        judged[name] = decided, probability
    # MRPC calls many pairs with another figure or name a paraphrase ("12 cents" ~ "14 cents a share"); the
    # default's decisions scored with those counted as two claims, as a fact-checker would (dedup.judge.facts decides)
    decided, probability = judged[DEFAULT_VERIFIER]
    conflicting = np.array([facts_conflict(a, b) is not None for a, b, _ in pairs])
    facts_gold = gold & ~conflicting
    rows.append([f"verifier {DEFAULT_VERIFIER}, with the {int((gold & conflicting).sum())} MRPC paraphrases whose "
                 f"facts conflict counted as two claims", accuracy_score(facts_gold, decided),
                 f1_score(facts_gold, decided), roc_auc_score(facts_gold, probability)])
    alone = np.zeros(len(pairs))
    for fold, test in enumerate(folds):
        alone[test] = _common.fold_verifier(DEFAULT_VERIFIER, fold).probabilities([tuple(sorted(pairs[i][:2])) for i in test])
    rows.append(["the cross-encoder alone at 0.5 (no facts step, no candidate radius)", accuracy_score(gold, alone >= 0.5),
                 f1_score(gold, alone >= 0.5), roc_auc_score(gold, alone)])
    _common.table("MRPC train (4,076 pairs)", ["method", "accuracy", "F1", "ROC-AUC"], rows)


def judge_scores(verifier: CrossEncoderVerifier, pairs: list[tuple[str, str, float]]) -> np.ndarray:
    """The default judge's belief that each pair is one claim, for ROC curves: 1 for a copy, 0 where the facts
    conflict or a side states none, else the cross-encoder's probability."""
    routes = _common.settled_routes(pairs)
    scores = np.array([1.0 if route in (EXACT, NEAR_EXACT) else 0.0 for route in routes])
    asked = [i for i, route in enumerate(routes) if route is None]
    scores[asked] = verifier.probabilities([tuple(sorted(pairs[i][:2])) for i in asked])
    return scores


def eval_sts(embedder: Embedder) -> None:
    """Each pair scored by the models trained without its fold: the shipped cross-encoder learns from MRPC and
    STS-B train, which hold most of the pairs of MSRpar, the headline sets and deft-news."""
    subsets = {**datasets.sts_news(), "STS-B dev": datasets.stsb("dev")}
    rows = []
    for name, pairs in subsets.items():
        gold = np.array([s for _, _, s in pairs])
        same = gold >= _common.SAME_CLAIM_GOLD
        cos = _common.cosines(embedder, pairs)
        judged, alone = np.zeros(len(pairs)), np.zeros(len(pairs))
        ours = {verifier: np.zeros(len(pairs), dtype=bool) for verifier in VERIFIERS}
        for fold, test in enumerate(datasets.two_folds(pairs)):
            held_out = [pairs[i] for i in test]
            judge = _common.fold_verifier("cross-encoder", fold)
            judged[test] = judge_scores(judge, held_out)
            alone[test] = judge.probabilities([tuple(sorted(pair[:2])) for pair in held_out])
            for verifier in VERIFIERS:
                ours[verifier][test] = verifier_decisions(_common.fold_verifier(verifier, fold), held_out, cos[test])
        row = [name, len(pairs), spearmanr(cos, gold).statistic, roc_auc_score(same, cos),
               roc_auc_score(same, judged), roc_auc_score(same, alone)]
        for verifier in VERIFIERS:
            row += [precision_score(same, ours[verifier], zero_division=0), recall_score(same, ours[verifier])]
        rows.append(row)
    _common.table(f"STS news subsets and STS-B dev (same claim = gold >= {_common.SAME_CLAIM_GOLD:g}), each pair judged by the "
          f"models trained without its fold",
          ["set", "pairs", "Spearman cosine", "ROC-AUC cosine", f"ROC-AUC {DEFAULT_VERIFIER}",
           "ROC-AUC the cross-encoder alone",
           *(f"{m} {v}" for v in VERIFIERS for m in ("precision", "recall"))], rows)


def eval_facts() -> None:
    """The facts step alone on pairs of one claim (it should reject few) and on their contrast variants (it
    should reject all): STS pairs scored 4 or more, CheckThat tweets with the claim they repeat; and on each
    fold of MRPC (fold 0 is held out from the rules' design)."""
    same = [(a, b) for split in ("train", "dev") for a, b, s in datasets.stsb(split) if s >= _common.SAME_CLAIM_GOLD]
    same += [(a, b) for subset in datasets.sts_news().values() for a, b, s in subset if s >= _common.SAME_CLAIM_GOLD]
    same = list(dict.fromkeys(same))
    rows = [["STS pairs of one claim (STS-B train and dev, STS news; gold >= 4)", len(same),
             sum(facts_conflict(a, b) is not None for a, b in same)]]
    for split in ("train", "dev"):
        claims, tweets, relevant = datasets.checkthat(split)
        repeats = [(tweets[t], claims[c]) for t, ids in relevant.items() if t in tweets for c in ids]
        rows.append([f"CheckThat {split} tweets and the fact-checked claim each repeats", len(repeats),
                     sum(facts_conflict(a, b) is not None for a, b in repeats)])
    mrpc = datasets.mrpc()
    for fold, members in enumerate(datasets.two_folds(mrpc)):
        for label, kind in ((1, "paraphrases"), (0, "non-paraphrases")):
            chosen = [mrpc[i] for i in members if mrpc[i][2] == label]
            rows.append([f"MRPC fold {fold} {kind}", len(chosen),
                         sum(facts_conflict(a, b) is not None for a, b, _ in chosen)])
    rng = random.Random(11)
    names = contrast.names_in([s for pair in same for s in pair])
    variants = [(a, found[1]) for a, _ in same if (found := contrast.variant(a, rng, names))]
    rows.append(["contrast variants of those STS pairs (`contrast.variant`, seed 11): a figure, a name or the polarity changed",
                 len(variants), sum(facts_conflict(a, v) is not None for a, v in variants)])
    _common.table("The facts step alone", ["pairs", "count", "rejected as conflicting"], rows)


def eval_checkthat(workdir: Path) -> None:
    claims, tweets, relevant = datasets.checkthat("dev")
    feed = workdir / "claims.jsonl"
    feed.write_text("".join(json.dumps({"id": cid, "text": text}) + "\n" for cid, text in claims.items()))
    store_path = workdir / "checkthat"
    pipeline.index_paths(store_path, [feed], verifier=make_verifier("cosine"))
    store = Store.open(store_path)
    average_precisions = []
    for tweet_id, claim_ids in relevant.items():
        hits = search.search(store, tweets[tweet_id], top=5)
        found, precision_sum = 0, 0.0
        for rank, (ref, _) in enumerate(hits, start=1):
            if ref.doc in claim_ids:
                found += 1
                precision_sum += found / rank
        average_precisions.append(precision_sum / min(len(claim_ids), 5))
    store.close()
    _common.table("CheckThat 2020 dev: find the fact-checked claim a tweet repeats", ["method", "tweets", "MAP@5"],
          [["dedup search (cosine)", len(average_precisions), float(np.mean(average_precisions))]])


# -- the corpus-level check ------------------------------------------------------------------------

def index_through_cli(documents: list[dict], store_path: Path, verifier: str, env: dict[str, str]
                      ) -> tuple[set[frozenset], dict[tuple[str, int], int], float]:
    """Index `documents` with `dedup index`, read `dedup pairs` and `dedup clusters` back: (pairs of places
    (doc, paragraph), cluster of each place, seconds the index took)."""
    feed = store_path.with_suffix(".jsonl")
    feed.write_text("".join(json.dumps(d) + "\n" for d in documents))
    clock = time.perf_counter()
    _common.run_dedup("index", str(feed), "--store", str(store_path), "--verifier", verifier, env=env)
    seconds = time.perf_counter() - clock
    return (*_common.read_back(documents, store_path), seconds)


def corpus_check(workdir: Path, stories: int, seed: int) -> None:
    documents, gold, hard = datasets.build_corpus(stories, seed)
    gold_pairs = _common.gold_pairs_of(gold)
    rows = []
    held_out_models = _common.fold_models(datasets.HELD_OUT)
    for name in VERIFIERS:
        predicted, cluster_of, seconds = index_through_cli(documents, workdir / f"stories-{name}", name, held_out_models)
        places = sorted(gold)
        truth = [gold[p] for p in places]
        labels = [str(cluster_of.get(p, f"single{i}")) for i, p in enumerate(places)]
        true_positive = len(predicted & gold_pairs)
        precision = true_positive / max(1, len(predicted))
        recall = true_positive / len(gold_pairs)
        rows.append([name, len(predicted), precision, recall, 2 * precision * recall / max(1e-9, precision + recall),
                     len(predicted & hard) / len(hard), adjusted_rand_score(truth, labels), f"{seconds:.0f} s"])
    _common.table(f"Corpus-level check: {stories} stories x 4 outlets (original, verbatim, edited, paraphrase) + "
          f"{len(documents) - 4 * stories} distractors, {len(gold_pairs)} gold pairs, {len(hard)} hard negatives",
          ["verifier", "pairs", "precision", "recall", "F1", "hard-negative FP", "cluster ARI", "index time"], rows)


def build_contrast_corpus(stories: int, seed: int) -> tuple[list[dict], dict[tuple[str, int], str],
                                                             dict[tuple[str, int], tuple[str, int, str]]]:
    """Stories of CONTRAST_CLAIMS held-out MRPC paraphrase pairs, each published by four outlets (original,
    verbatim copy, edited copy, MRPC paraphrase) and by two more that copy it with one fact of one claim
    changed (`contrast.variant`: a figure, a name, the polarity). Returns the documents, the gold claim of
    each place (doc, paragraph), and for each changed place (story, paragraph, kind of change)."""
    rng = random.Random(seed)
    mrpc, events = datasets.mrpc(), datasets.mrpc_events()
    folds = datasets.two_folds(mrpc)
    trained_on = {events[i] for i in folds[1 - datasets.HELD_OUT]}
    one_per_event = {events[i]: i for i in reversed(folds[datasets.HELD_OUT]) if events[i] not in trained_on}
    positives = [mrpc[i] for i in sorted(one_per_event.values()) if mrpc[i][2] == 1]
    rng.shuffle(positives)
    names = contrast.names_in([s for a, b, _ in datasets.mrpc() for s in (a, b)])
    documents, gold, changed = [], {}, {}

    def add(doc_id: str, day: int, paragraphs: list[tuple[str, str]]) -> None:
        documents.append({"id": doc_id, "outlet": doc_id.split("-")[-1], "published": f"2024-05-{day:02d}",
                          "text": "\n\n".join(text for text, _ in paragraphs)})
        for number, (_, claim) in enumerate(paragraphs):
            gold[(doc_id, number)] = claim

    used = 0
    for s in range(stories):
        chosen, variants = [], []
        while len(variants) < 2 and used < len(positives):  # two claims of the story get a changed copy
            a, b, _ = positives[used]
            used += 1
            found = contrast.variant(a, rng, names)
            if len(chosen) < CONTRAST_CLAIMS - 2 or found:
                chosen.append((a, b))
                if found and len(variants) < 2 and len(chosen) > CONTRAST_CLAIMS - 2:
                    variants.append((len(chosen) - 1, *found))
        original = [(a, f"s{s}c{k}") for k, (a, _) in enumerate(chosen)]
        add(f"s{s}-original", 1 + s % 20, original)
        add(f"s{s}-verbatim", 2 + s % 20, original)
        add(f"s{s}-edited", 3 + s % 20, [(datasets.edit(a, rng), c) for a, c in original])
        add(f"s{s}-paraphrase", 4 + s % 20, [(b, f"s{s}c{k}") for k, (_, b) in enumerate(chosen)])
        for number, (k, kind, text) in enumerate(variants):
            paragraphs = list(original)
            paragraphs[k] = (text, f"s{s}c{k}-{kind}")
            add(f"s{s}-changed{number}", 5 + number + s % 20, paragraphs)
            changed[(f"s{s}-changed{number}", k)] = (f"s{s}", k, kind)
    return documents, gold, changed


def one_claim_apiece(documents: list[dict], gold: dict[tuple[str, int], str], changed: dict, seed: int
                     ) -> tuple[list[dict], dict[tuple[str, int], str], dict]:
    """The contrast corpus laid out the way claims travel alone: each (document, claim) becomes a document
    of its own that carries that one claim among three claims of other stories (CheckThat 2020's
    fact-checked claims, each used once), so that the claim is the only thing it shares with any other."""
    rng = random.Random(seed)
    fillers = sorted({claim for _, claim, _ in datasets.fact_checks()})
    rng.shuffle(fillers)
    laid_out, placed, moved = [], {}, {}
    for document in documents:
        for number, text in enumerate(document["text"].split("\n\n")):
            doc_id, slot = f"{document['id']}-{number}", rng.randrange(4)
            paragraphs = [fillers.pop() for _ in range(3)]
            paragraphs.insert(slot, text)
            laid_out.append({**document, "id": doc_id, "text": "\n\n".join(paragraphs)})
            for k, paragraph in enumerate(paragraphs):
                placed[(doc_id, k)] = gold[(document["id"], number)] if k == slot else f"{doc_id}-filler{k}"
            if (document["id"], number) in changed:
                moved[(doc_id, slot)] = changed[(document["id"], number)]
    return laid_out, placed, moved


def contrast_layouts(stories: int, seed: int) -> Iterator[tuple[str, list[dict], dict[tuple[str, int], str], dict]]:
    """(layout, documents, gold, changed) of the contrast corpus (`build_contrast_corpus`, from fold
    `datasets.HELD_OUT`) in each of its layouts."""
    for layout in ("stories", "one claim apiece"):
        documents, gold, changed = build_contrast_corpus(stories, seed)
        if layout == "one claim apiece":
            documents, gold, changed = one_claim_apiece(documents, gold, changed, seed)
        yield layout, documents, gold, changed


def variants_matched(gold: dict[tuple[str, int], str], changed: dict, predicted: set[frozenset]
                     ) -> dict[str, list[tuple[bool, bool]]]:
    """Kind of change -> for each variant, (matched to the original or one of its copies, matched to its paraphrase)."""
    where = {_contrast_place(place): place for place, claim in gold.items() if "filler" not in claim}
    matched: dict[str, list[tuple[bool, bool]]] = {}
    for place, (story, k, kind) in changed.items():
        copies = {where[(story, k, outlet)] for outlet in ("original", "verbatim", "edited")}
        matched.setdefault(kind, []).append((any(frozenset({place, o}) in predicted for o in copies),
                                             frozenset({place, where[(story, k, "paraphrase")]}) in predicted))
    return matched


def contrast_check(workdir: Path, stories: int, seed: int) -> None:
    for layout, documents, gold, changed in contrast_layouts(stories, seed):
        contrast_layout(workdir / layout.replace(" ", "-"), layout, documents, gold, changed, stories)


def contrast_layout(workdir: Path, layout: str, documents: list[dict], gold: dict[tuple[str, int], str],
                    changed: dict, stories: int) -> None:
    gold_pairs = _common.gold_pairs_of(gold)
    predicted, _, _ = index_through_cli(documents, workdir, DEFAULT_VERIFIER, _common.fold_models(datasets.HELD_OUT))
    matched = variants_matched(gold, changed, predicted)
    every = [m for kinds in matched.values() for m in kinds]
    rows = [[kind, len(m), 1 - float(np.mean([c for c, _ in m])), 1 - float(np.mean([p for _, p in m]))]
            for kind, m in [*sorted(matched.items()), ("all", every)]]
    _common.table(f"Contrast check ({DEFAULT_VERIFIER}, laid out as {layout}): {stories} stories of {CONTRAST_CLAIMS} claims, "
          f"each published by an original, a verbatim copy, an edited copy and a paraphrase, and copied twice with "
          f"one fact of one claim changed", ["changed", "variants", "not matched to the original or its copies",
                                             "not matched to its paraphrase"], rows)
    true_positive = len(predicted & gold_pairs)
    print(f"\nThe copies and paraphrases: recall {true_positive / len(gold_pairs):.3f} "
          f"({true_positive} of {len(gold_pairs)} gold pairs), precision {true_positive / max(1, len(predicted)):.3f}")


def _contrast_place(place: tuple[str, int]) -> tuple[str, int, str]:
    """(story, claim number, outlet) of a place of the contrast corpus that carries a story's claim, in
    either layout."""
    doc, paragraph = place
    parts = doc.split("-")
    if len(parts) == 3:  # one claim apiece: "s3-verbatim-2" holds claim 2 of story 3 among fillers
        return parts[0], int(parts[2]), parts[1]
    return parts[0], paragraph, parts[1]


def tweets_check(workdir: Path, seed: int, per_document: int = 3) -> None:
    """Same-story tweets: STS 2014 tweet-news (a news headline and a tweet on it, scored 0-5; never trained on)
    laid out as documents of a few unrelated items, the headlines in some and the tweets in others, so that
    each labelled pair is the only thing its two documents share. The set repeats itself (one headline
    stands in several pairs, several tweets quote it word for word), so the claims are the groups of items
    joined by the same words or a pair scored 4 or more. Recall: the gold pairs of those groups found.
    Precision: a reported pair within a group is right, one scored 2.5 or less wrong; a pair of two items
    that no labelled pair relates is counted apart (strictly, as wrong too)."""
    pairs = [(a, b, score) for a, b, score in datasets.sts_news()["STS14 tweet-news"]]
    texts = sorted({text for a, b, _ in pairs for text in (a, b)})
    group = {text: text for text in texts}

    def root(text: str) -> str:
        while group[text] != text:
            group[text] = group[group[text]]
            text = group[text]
        return text

    for a, b, score in pairs:
        if score >= _common.SAME_CLAIM_GOLD:
            group[root(a)] = root(b)
    scored = {frozenset((a, b)): score for a, b, score in pairs}
    rng = random.Random(seed)
    order = list(range(len(pairs)))
    rng.shuffle(order)
    documents, place = [], {}
    for side in (0, 1):
        sequence = order if side == 0 else rng.sample(order, len(order))
        for start in range(0, len(sequence), per_document):
            doc_id = f"{'ab'[side]}{start // per_document}"
            chunk = sequence[start:start + per_document]
            documents.append({"id": doc_id, "text": "\n\n".join(pairs[i][side] for i in chunk)})
            for k, i in enumerate(chunk):
                place[(doc_id, k)] = pairs[i][side]
    gold = {frozenset((p, q)) for p in place for q in place
            if p[0] < q[0] and root(place[p]) == root(place[q])}
    predicted, _, _ = index_through_cli(documents, workdir / "tweets", DEFAULT_VERIFIER, {})
    right = wrong = unrelated = 0
    for found in predicted:
        first, second = (place[p] for p in found)
        if root(first) == root(second):
            right += 1
        elif scored.get(frozenset((first, second)), 5.0) <= 2.5:
            wrong += 1
        elif frozenset((first, second)) not in scored:
            unrelated += 1
    print(f"Same-story tweets (STS14 tweet-news, {len(documents)} documents of {per_document} unrelated items, "
          f"{len(gold)} gold pairs): {len(predicted)} pairs reported; recall {len(predicted & gold) / len(gold):.3f}; "
          f"precision {right / max(1, right + wrong):.3f} over the pairs the labels decide ({right} right, {wrong} "
          f"scored 2.5 or less), {right / max(1, right + wrong + unrelated):.3f} counting the {unrelated} pairs no "
          f"label relates as wrong")


def claims_review(workdir: Path, seed: int, shown: int = 30) -> None:
    """Index CheckThat's fact-checked claims (one document each) with the default verifier and print
    `shown` of its `paraphrase` pairs drawn at random, for a reader to judge: one claim, or two?"""
    claims = {claim_id: claim for claim_id, claim, _ in datasets.fact_checks()}
    feed = workdir / "verified-claims.jsonl"
    feed.write_text("".join(json.dumps({"id": cid, "text": text}) + "\n" for cid, text in claims.items()))
    store = workdir / "verified-claims"
    clock = time.perf_counter()
    _common.run_dedup("index", str(feed), "--store", str(store))
    seconds = time.perf_counter() - clock
    rows = list(csv.DictReader(io.StringIO(_common.run_dedup("pairs", "--store", str(store), "--format", "csv"))))
    by_match: dict[str, int] = {}
    for row in rows:
        by_match[row["match"]] = by_match.get(row["match"], 0) + 1
    print(f"\n### CheckThat 2020 fact-checked claims, {len(claims)} documents, {DEFAULT_VERIFIER}: "
          f"{len(rows)} pairs ({', '.join(f'{n} {m}' for m, n in sorted(by_match.items()))}) in {seconds:.0f} s\n")
    paraphrases = [r for r in rows if r["match"] == "paraphrase"]
    for number, r in enumerate(random.Random(seed).sample(paraphrases, min(shown, len(paraphrases))), start=1):
        print(f"{number}. {r['doc_a']} ~ {r['doc_b']} (cosine {float(r['similarity']):.2f}): \"{r['text_a']}\" ~ "
              f"\"{r['text_b']}\"")


def sample_review(workdir: Path) -> None:
    for verifier in VERIFIERS:
        store = workdir / f"sample-{verifier}"
        _common.run_dedup("index", str(HERE.parent / "corpus"), "--store", str(store), "--verifier", verifier)
        out = _common.run_dedup("pairs", "--store", str(store), "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        print(f"\n### Sample corpus, verifier {verifier}: {len(rows)} cross-document pairs\n")
        for r in rows:
            print(f"- {r['doc_a']}#{r['sentence_a']} ~ {r['doc_b']}#{r['sentence_b']} ({r['match']}, cosine "
                  f"{float(r['similarity']):.2f}): \"{r['text_a'][:90]}\" ~ \"{r['text_b'][:90]}\"")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", action="append", default=[],
                        choices=["mrpc", "sts", "facts", "checkthat", "corpus", "contrast", "tweets", "claims",
                                 "sample"])
    parser.add_argument("--stories", type=int, default=120)
    parser.add_argument("--contrast-stories", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    embedder = Embedder()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        steps = {"mrpc": lambda: eval_mrpc(embedder), "sts": lambda: eval_sts(embedder), "facts": eval_facts,
                 "checkthat": lambda: eval_checkthat(workdir),
                 "corpus": lambda: corpus_check(workdir, args.stories, args.seed),
                 "contrast": lambda: contrast_check(workdir, args.contrast_stories, args.seed),
                 "tweets": lambda: tweets_check(workdir, args.seed),
                 "claims": lambda: claims_review(workdir, args.seed), "sample": lambda: sample_review(workdir)}
        for name, step in steps.items():
            if name not in args.skip:
                clock = time.perf_counter()
                step()
                print(f"\n({name}: {time.perf_counter() - clock:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
