"""Readers for the public labelled sets in ../shared/data (see its README for formats and terms)."""

from __future__ import annotations

import csv
import random
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


def as_published(text: str) -> str:
    """A tweet or a fact-checked claim as its author wrote it: the TSVs store some wrapped in quotation
    marks, with the quotation marks inside doubled."""
    if len(text) > 1 and text.startswith('"') and text.endswith('"'):
        return text[1:-1].replace('""', '"')
    return text


def fact_checks(data: Path = DATA) -> list[tuple[str, str, str]]:
    """CheckThat 2020's fact-checks as written: (id, claim, headline). `checkthat` keeps the claims as the
    TSV stores them, which the judges were trained on and the folds are drawn from."""
    rows = _tsv(data / "checkthat2020" / "verified_claims.docs.tsv")[1:]
    return [(row[0], as_published(row[1]), as_published(row[2]) if len(row) > 2 else "") for row in rows if len(row) > 1]


def fact_check_records(without: set[str] = frozenset()) -> list[dict[str, str]]:
    """The fact-checks (but those `without`) as documents to index: id "claim-ID", the claim as text, the
    headline as title."""
    return [{"id": f"claim-{claim_id}", "text": claim, "title": headline}
            for claim_id, claim, headline in fact_checks() if claim_id not in without]


# -- corpora laid out from the sets --------------------------------------------------------------------

HELD_OUT = 0  # the corpus-level check is built from this fold of MRPC, scored by models trained without it


def build_corpus(stories: int, seed: int, held_out: int = HELD_OUT
                 ) -> tuple[list[dict], dict[tuple[str, int], str], set[frozenset]]:
    """Documents, gold claim id of each (doc, paragraph), and the hard-negative paragraph pairs, from the
    held-out half of MRPC: one pair per news event, and no event of the other half, so that no two stories
    (nor a story and the judge's training data) share a sentence or an event's sentences."""
    rng = random.Random(seed)
    labelled, events = mrpc(), mrpc_events()
    folds = two_folds(labelled)
    trained_on = {events[i] for i in folds[1 - held_out]}
    one_per_event = {events[i]: i for i in reversed(folds[held_out]) if events[i] not in trained_on}
    chosen_pairs = [labelled[i] for i in sorted(one_per_event.values())]
    positives = [pair for pair in chosen_pairs if pair[2] == 1]
    negatives = [pair for pair in chosen_pairs if pair[2] == 0]
    rng.shuffle(positives)
    rng.shuffle(negatives)
    documents, gold, hard = [], {}, set()
    outlets = [f"Outlet {c}" for c in "ABCDEFGH"]

    def add(doc_id: str, outlet: str, day: int, paragraphs: list[tuple[str, str]]) -> None:
        documents.append({"id": doc_id, "outlet": outlet, "published": f"2024-03-{day:02d}",
                          "text": "\n\n".join(text for text, _ in paragraphs)})
        for number, (_, claim) in enumerate(paragraphs):
            gold[(doc_id, number)] = claim

    per_story = 5
    for s in range(stories):
        chosen = positives[s * per_story:(s + 1) * per_story]
        negative = negatives[s % len(negatives)]
        slot = rng.randrange(per_story + 1)
        original = [(a, f"s{s}c{k}") for k, (a, _, _) in enumerate(chosen)]
        original.insert(slot, (negative[0], f"s{s}neg-original"))
        outlet_order = rng.sample(outlets, 4)
        add(f"s{s}-original", outlet_order[0], 1 + s % 20, original)
        copies = {
            "verbatim": [(a, c) for a, c in original],
            "edited": [(edit(a, rng), c) for a, c in original],
            "paraphrase": [(b, f"s{s}c{k}") for k, (_, b, _) in enumerate(chosen)],
        }
        copies["paraphrase"].insert(slot, (negative[1], f"s{s}neg-copy"))
        for kind in ("verbatim", "edited"):  # hard negative: the copy carries the other, different claim
            copies[kind][slot] = (negative[1], f"s{s}neg-copy")
        for number, (kind, paragraphs) in enumerate(copies.items(), start=1):
            doc_id = f"s{s}-{kind}"
            add(doc_id, outlet_order[number], 2 + s % 20 + number, paragraphs)
            hard.add(frozenset({(f"s{s}-original", slot), (doc_id, slot)}))
    leftover = positives[stories * per_story:] + negatives[stories:]
    for d in range(0, min(len(leftover), stories * per_story), per_story):
        chunk = leftover[d:d + per_story]
        add(f"distractor{d // per_story}", rng.choice(outlets), 1 + d % 27,
            [(a, f"d{d}x{k}") for k, (a, _, _) in enumerate(chunk)])
    return documents, gold, hard


def edit(sentence: str, rng: random.Random) -> str:
    """A light copy edit that keeps the claim: quotes, a dropped comma, an attribution tag."""
    choice = rng.randrange(3)
    if choice == 0:
        return sentence.replace('"', "“", 1).replace('"', "”", 1).replace(" , ", ", ")
    if choice == 1:
        return sentence.replace(",", "", 1)
    return sentence.rstrip(".") + ", the report said."


DEFAULT_MRPC = DATA / "mrpc" / "msr_paraphrase_train.txt"
SENTENCES_PER_DOCUMENT = 10


def mrpc_documents(path: Path) -> list[dict]:
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    documents = []
    for start in range(0, len(rows), SENTENCES_PER_DOCUMENT):
        chunk = rows[start:start + SENTENCES_PER_DOCUMENT]
        for side, outlet in ((3, "Outlet A"), (4, "Outlet B")):
            documents.append({"id": f"{outlet[-1]}{start // SENTENCES_PER_DOCUMENT:04d}", "outlet": outlet,
                              "text": "\n\n".join(row[side] for row in chunk)})
    return documents


def pool_and_partners() -> tuple[list[str], dict[str, str]]:
    """Distinct sentences of the public sets, and each labelled paraphrase's partner."""
    pool = sentence_pool()
    partners, known = {}, set(pool)
    for a, b, same in labelled_pairs():
        if same and a.strip() != b.strip() and a.strip() in known and b.strip() in known:
            partners.setdefault(a.strip(), b.strip())
            partners.setdefault(b.strip(), a.strip())
    return pool, partners


def edited(sentence: str) -> str:
    """A light edit: one word dropped (the same word every time for a sentence)."""
    words = sentence.split()
    drop = 1 + int(hashlib.md5(sentence.encode()).hexdigest(), 16) % (len(words) - 2)
    return " ".join(words[:drop] + words[drop + 1:])
