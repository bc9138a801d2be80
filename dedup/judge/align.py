"""Rewritten passages: the claims between two rewritten claims, in the same order in both documents.

A rewrite keeps much of its source's order. When two documents share two paraphrased claims a claim or
two apart in both, the claims between them are the rest of the rewritten passage, and the closest pair
there carries the same claim even where the rewrite shares few words with its source: the sample's
"We have certain strong sides, our Belarusian colleagues also have their strengths" ~ "He emphasized
that each side brings strengths to the partnership" (cosine 0.34) lies between the "equal footing" and
the "intensified cooperation" claims of docs 002 and 003. Only paraphrases anchor a passage: between two
verbatim copies, a sentence that differs was changed on purpose, and is another claim.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dedup.ingest.language import ENGLISH
from dedup.ingest.segment import lexical_similarity
from dedup.judge.facts import facts_conflict
from dedup.judge.pair_rows import PairRows
from dedup.judge.verdicts import ALIGNED_IN_PASSAGE, PARAPHRASE
from dedup.records import Pair, SentenceRef

if TYPE_CHECKING:
    from dedup.store import Store

MAX_GAP = 2  # claims between two anchors, on each side
MIN_COSINE = 0.30  # below this the closest pair of a gap shares nothing but the story


def passage_gaps(anchors: list[tuple[int, int]], positions_a: list[int], positions_b: list[int]
                 ) -> list[tuple[list[int], list[int]]]:
    """(claim positions in a, in b) strictly between consecutive anchors (position in a, in b) that run
    in the same order in both documents, where each side holds 1..MAX_GAP claims."""
    gaps = []
    ordered = sorted(anchors)
    for (start_a, start_b), (end_a, end_b) in zip(ordered, ordered[1:]):
        if end_b <= start_b:
            continue
        between_a = [p for p in positions_a if start_a < p < end_a]
        between_b = [p for p in positions_b if start_b < p < end_b]
        if 1 <= len(between_a) <= MAX_GAP and 1 <= len(between_b) <= MAX_GAP:
            gaps.append((between_a, between_b))
    return gaps


@dataclass(frozen=True)
class Claim:
    """A claim of a document, with its place and its wording's vector."""

    position: int
    ref: SentenceRef
    vector: np.ndarray


def _anchors(pairs: list[Pair]) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """(doc a, doc b) -> the positions of their paraphrased claims, for document pairs with two or more."""
    anchors: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for pair in pairs:
        if pair.match == PARAPHRASE:
            anchors[(pair.a.doc, pair.b.doc)].append((pair.a.position, pair.b.position))
    return {docs: spots for docs, spots in anchors.items() if len(spots) >= 2}


def anchored_documents(pairs: list[Pair]) -> set[str]:
    """The documents whose claims `passage_pairs` needs."""
    return {doc for docs in _anchors(pairs) for doc in docs}


def passage_pairs(pairs: list[Pair], claims: dict[str, list[Claim]]) -> list[Pair]:
    """New pairs (`paraphrase`) for the closest claims of each gap in the passages that `pairs` anchor;
    `claims` holds the claims of `anchored_documents(pairs)`."""
    paired = {(p.a.doc, p.a.position, p.b.doc) for p in pairs} | {(p.b.doc, p.b.position, p.a.doc) for p in pairs}
    found = []
    for (doc_a, doc_b), spots in _anchors(pairs).items():
        claim_a = {claim.position: claim for claim in claims.get(doc_a, [])}
        claim_b = {claim.position: claim for claim in claims.get(doc_b, [])}
        for between_a, between_b in passage_gaps(spots, sorted(claim_a), sorted(claim_b)):
            if any((doc_a, p, doc_b) in paired for p in between_a) or any((doc_b, p, doc_a) in paired for p in between_b):
                continue
            cosines = (np.stack([claim_a[p].vector for p in between_a]) @ np.stack([claim_b[p].vector for p in between_b]).T)
            row, column = np.unravel_index(int(np.argmax(cosines)), cosines.shape)
            cosine = float(cosines[row, column])
            first, second = claim_a[between_a[row]].ref, claim_b[between_b[column]].ref
            if cosine >= MIN_COSINE and not facts_conflict(first.text, second.text):
                found.append(Pair(first, second, round(cosine, 4), round(lexical_similarity(first.text, second.text), 4),
                                  PARAPHRASE, reason=ALIGNED_IN_PASSAGE))
    return found


# -- over a store's pairs, as `dedup index` runs it --------------------------------------------

def aligned_pairs(store: Store, pairs: PairRows) -> list[Pair]:
    """Passage alignment (`dedup.judge.align`) over the pairs between documents that share two paraphrases."""
    paraphrases = np.flatnonzero(pairs.match == PARAPHRASE)
    refs = store.sentences.sentence_refs(set(pairs.a[paraphrases].tolist()) | set(pairs.b[paraphrases].tolist()))
    anchored = anchored_documents([Pair(refs[a], refs[b], 0.0, 0.0, PARAPHRASE) for a, b in
                                         zip(pairs.a[paraphrases].tolist(), pairs.b[paraphrases].tolist())
                                         if refs[a].lang == refs[b].lang == ENGLISH])  # read by the English model
    if not anchored:
        return []
    claims = document_claims(store, anchored)
    in_anchored = {claim.ref.sentence_id for found in claims.values() for claim in found}
    rows = [row for row in pairs.rows() if row[0] in in_anchored and row[1] in in_anchored]
    refs = store.sentences.sentence_refs({row[0] for row in rows} | {row[1] for row in rows})
    return passage_pairs([Pair(refs[a], refs[b], similarity, lexical, match)
                                for a, b, similarity, lexical, match, _, _ in rows], claims)


def document_claims(store: Store, docs: set[str]) -> dict[str, list[Claim]]:
    """doc -> its claims in document order, with their vectors, for passage alignment."""
    claims = store.documents.document_claims(docs)
    rows = [row for found in claims.values() for row in found]
    refs = store.sentences.sentence_refs(sentence for _, sentence, _ in rows)
    vectors = dict(zip((sentence for _, sentence, _ in rows), store.vectors.read([vector for _, _, vector in rows])))
    return {doc: [Claim(position, refs[sentence], vectors[sentence]) for position, sentence, _ in found]
            for doc, found in claims.items()}
