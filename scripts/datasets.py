"""Readers for the public labelled sets in ../shared/data (see its README for formats and terms)."""

from __future__ import annotations

import csv
import functools
import hashlib
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def _tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def mrpc(data: Path = DATA) -> list[tuple[str, str, int]]:
    """MRPC train: (sentence 1, sentence 2, 1 if paraphrase)."""
    return [(row[3], row[4], int(row[0])) for row in _tsv(data / "mrpc" / "msr_paraphrase_train.txt")]


def mrpc_events(data: Path = DATA) -> list[int]:
    """For each MRPC train pair, the news event it was drawn from: pairs that share a sentence (by id or
    by wording) belong to one event, and their sentences may well carry one claim across pairs."""
    rows = _tsv(data / "mrpc" / "msr_paraphrase_train.txt")
    links = []
    for row in rows:
        ids = [f"id {row[k]}" for k in (1, 2)]
        words = [f"text {' '.join(row[k].casefold().split())}" for k in (3, 4)]
        links += [(ids[0], ids[1]), (ids[0], words[0]), (ids[1], words[1])]
    group = _groups(links)
    return [group[f"id {row[1]}"] for row in rows]


def _groups(links: list[tuple[str, str]]) -> dict[str, int]:
    """The connected group of every key that `links` (pairs of keys) link together."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    node: dict[str, int] = {}
    first, second = np.array([(node.setdefault(a, len(node)), node.setdefault(b, len(node))) for a, b in links]).T
    _, label = connected_components(coo_matrix((np.ones(len(first)), (first, second)), shape=(len(node),) * 2),
                                    directed=False)
    return {key: int(label[number]) for key, number in node.items()}


def stsb(split: str, data: Path = DATA) -> list[tuple[str, str, float]]:
    """STS Benchmark `train` or `dev`: (sentence 1, sentence 2, score 0..5)."""
    return [(row[5], row[6], float(row[4])) for row in _tsv(data / "stsb" / f"sts-{split}.csv")]


def sts_news(data: Path = DATA) -> dict[str, list[tuple[str, str, float]]]:
    """SemEval STS news subsets: name -> scored pairs (unscored lines skipped)."""
    subsets = {}
    for gold in sorted((data / "sts_news").glob("*STS.gs.*.txt")):
        inputs = gold.with_name(gold.name.replace("STS.gs.", "STS.input."))
        pairs = []
        scores = gold.read_text(encoding="utf-8").splitlines()
        for score, line in zip(scores, inputs.read_text(encoding="utf-8", errors="replace").splitlines()):
            if score.strip():
                first, second = line.split("\t")[:2]
                pairs.append((first, second, float(score)))
        year = gold.name.split("-")[0]  # STS12, STS13, STS14
        subsets[f"{year} {gold.name.split('STS.gs.')[1].removesuffix('.txt')}"] = pairs
    return subsets


def checkthat(split: str, data: Path = DATA) -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    """CheckThat 2020 task 2: (verified claims id->text, tweets id->text, tweet id -> relevant claim ids)."""
    root = data / "checkthat2020"
    claims = {row[0]: row[1] for row in _tsv(root / "verified_claims.docs.tsv")[1:] if len(row) > 1}
    tweets = {row[0]: row[1] for row in _tsv(root / split / "tweets.queries.tsv") if len(row) > 1 and row[0]}
    relevant: dict[str, set[str]] = {}
    for line in (root / split / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        tweet, _, claim, label = line.split()
        if label == "1":
            relevant.setdefault(tweet, set()).add(claim)
    return claims, tweets, relevant


def labelled_pairs(data: Path = DATA) -> list[tuple[str, str, bool]]:
    """MRPC train, STS-B train and dev, STS news: (sentence 1, sentence 2, same claim), where the same
    claim is an MRPC paraphrase or an STS score of at least 4."""
    pairs = [(a, b, label == 1) for a, b, label in mrpc(data)]
    scored = stsb("train", data) + stsb("dev", data) + [p for subset in sts_news(data).values() for p in subset]
    return pairs + [(a, b, score >= 4.0) for a, b, score in scored]


def sentence_pool(data: Path = DATA) -> list[str]:
    """Every distinct sentence of at least four words in the labelled pairs and CheckThat's dev claims."""
    pool = [s for a, b, _ in labelled_pairs(data) for s in (a, b)] + list(checkthat("dev", data)[0].values())
    return list(dict.fromkeys(s.strip() for s in pool if len(s.split()) >= 4))


def sentence_key(text: str) -> str:
    """A sentence as the sets spell it differently: case, punctuation and spacing dropped ("U.S. ," ~ "U.S.,")."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


@functools.cache
def _fold_of_sentence(data: Path = DATA) -> dict[str, int]:
    """Fold (0 or 1) of every sentence of every labelled set, by the group of pairs it is linked to.

    The sets share sentences: all 750 STS12 MSRpar pairs are MRPC train pairs, STS-B train holds 507 MRPC
    pairs, all 300 STS14 deft-news pairs and about 600 of each STS13 and STS14 headlines set, STS-B dev 122
    MRPC pairs. A split by row would train on the pairs a check scores. So pairs that share a sentence (in
    any set) form one group, as one news event's sentences do, and a whole group goes to one fold, chosen
    by a hash of its text: training on one fold never sees a sentence of the other."""
    pairs = [(a, b) for a, b, _ in mrpc(data)]
    pairs += [(a, b) for split in ("train", "dev") for a, b, _ in stsb(split, data)]
    pairs += [(a, b) for subset in sts_news(data).values() for a, b, _ in subset]
    for split in ("train", "dev"):
        claims, tweets, relevant = checkthat(split, data)
        pairs += [(tweets[t], claims[c]) for t, ids in relevant.items() if t in tweets for c in ids]
    group = _groups([(sentence_key(a), sentence_key(b)) for a, b in pairs])
    smallest: dict[int, str] = {}  # a group's first key in sorted order names it, whatever order the sets come in
    for key in sorted(group, reverse=True):
        smallest[group[key]] = key
    return {key: hashlib.sha256(smallest[number].encode()).digest()[0] & 1 for key, number in group.items()}


def fold_of(text_a: str, text_b: str) -> int:
    """The fold of a pair: its sentences' group's (a pair outside the sets, by a hash of its own text)."""
    known = _fold_of_sentence()
    for key in (sentence_key(text_a), sentence_key(text_b)):
        if key in known:
            return known[key]
    return hashlib.sha256(min(sentence_key(text_a), sentence_key(text_b)).encode()).digest()[0] & 1


def two_folds(pairs: list[tuple]) -> list[list[int]]:
    """Indices of `pairs` ((text a, text b, ...)) in fold 0 and in fold 1, for training on one and scoring on
    the other: a model trained without fold K (scripts/train_cross_encoder.py --leave-out-fold K) has seen
    no sentence of any pair of fold K, in any set."""
    folds: list[list[int]] = [[], []]
    for i, (a, b, *_) in enumerate(pairs):
        folds[fold_of(a, b)].append(i)
    return folds
