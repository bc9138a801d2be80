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

import numpy as np

from dedup.records import Pair
from dedup.store import Store
from dedup.facts import facts_conflict
from dedup.verify import PARAPHRASE, lexical_similarity

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


def passage_pairs(store: Store, pairs: list[Pair]) -> list[Pair]:
    """New pairs (`paraphrase`) for the closest claims of each gap in the passages that `pairs` anchor."""
    anchors: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for pair in pairs:
        if pair.match == PARAPHRASE:
            anchors[(pair.a.doc, pair.b.doc)].append((pair.a.position, pair.b.position))
    passages = {docs: spots for docs, spots in anchors.items() if len(spots) >= 2}
    if not passages:
        return []
    claims = store.document_claims({doc for docs in passages for doc in docs})
    paired = {(p.a.doc, p.a.position, p.b.doc) for p in pairs} | {(p.b.doc, p.b.position, p.a.doc) for p in pairs}
    found = []
    for (doc_a, doc_b), spots in passages.items():
        claim_a = {position: (sentence, vector) for position, sentence, vector in claims.get(doc_a, [])}
        claim_b = {position: (sentence, vector) for position, sentence, vector in claims.get(doc_b, [])}
        for between_a, between_b in passage_gaps(spots, sorted(claim_a), sorted(claim_b)):
            if any((doc_a, p, doc_b) in paired for p in between_a) or any((doc_b, p, doc_a) in paired for p in between_b):
                continue
            cosines = (store.vectors([claim_a[p][1] for p in between_a])
                       @ store.vectors([claim_b[p][1] for p in between_b]).T)
            row, column = np.unravel_index(int(np.argmax(cosines)), cosines.shape)
            cosine = float(cosines[row, column])
            first, second = claim_a[between_a[row]][0], claim_b[between_b[column]][0]
            refs = store.sentence_refs([first, second])
            if cosine >= MIN_COSINE and not facts_conflict(refs[first].text, refs[second].text):
                found.append(Pair(refs[first], refs[second], round(cosine, 4),
                                  round(lexical_similarity(refs[first].text, refs[second].text), 4), PARAPHRASE))
    return found
