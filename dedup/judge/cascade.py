"""The cascade that the model judges share: sure decisions by text and facts first, then the model for the rest,
all at once, weighed by what else the two documents share (`Context`) and, for a social post, among that
post's candidates (`PostRanking`)."""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

from dedup.judge.context import Context
from dedup.ingest.segment import lexical_similarity
from dedup.judge.copies import COPY_REASONS, NEAR_EXACT_LEXICAL, settle
from dedup.judge.facts import facts_of, names_differ
from dedup.judge.posts import PostRanking, one_post_side
from dedup.judge.verdicts import (EDITED_COPY_JUDGED, EXACT, JUDGED, JUDGED_ALONE, JUDGED_IN_PASSAGE, JUDGED_POST,
                                  NEAR_EXACT, PARAPHRASE, Verdicts)
from dedup.match.candidates import Candidate, Candidates


def cascade(candidates: Candidates | Iterable[Candidate], texts: dict[int, str],
            judge: Callable[[list[tuple[str, str, float]]], np.ndarray], threshold: float,
            documents: dict[int, int] | None = None, context: Context | None = None,
            judged: str = JUDGED, posts: set[int] | None = None, ranking: PostRanking | None = None,
            titles: set[int] | None = None,
            post_judge: Callable[[list[tuple[str, str, float]]], np.ndarray] | None = None) -> Verdicts:
    """The cascade: sure decisions by text and facts first, the model only for the rest, all at once (a
    model is much faster on a batch than pair by pair).

    1.-3. `settle`: copies accepted; pairs whose facts conflict, and pairs where a side states no checkable
    fact (such sentences match only as copies), rejected; 4. the model's probability against `threshold`,
    or against the threshold that what else the two documents share calls for (`Context`). A pair that
    is the only candidate between its documents is read like any other: claims travel alone. A pair with
    a social post on a side is decided among that post's candidates (`PostRanking`), read by `post_judge`
    where there is one."""
    if not isinstance(candidates, Candidates):
        candidates = Candidates.of(list(candidates))
    routes: Counter[str] = Counter()
    rows, lexicals, labels = array("q"), array("d"), []
    undecided, undecided_lexical, undecided_pairs = array("q"), array("d"), []
    title_ids = np.fromiter(titles or (), dtype=np.int64, count=len(titles or ()))
    title_side = _has_title(candidates, title_ids)
    post_side = (one_post_side(candidates, posts) if posts and ranking is not None
                 else np.zeros(len(candidates), dtype=bool))
    in_context = documents is not None and context is not None
    columns = _DocumentColumns.of(candidates, documents) if in_context else None
    too_far_anyway = _too_far_anyway(candidates, columns, context, post_side, title_side)
    first_alike = _first_with_same_texts(candidates, texts)  # syndicated copies repeat a pair of texts
    settled_lexical, settled_route, route_names = np.zeros(len(first_alike)), np.zeros(len(first_alike), np.int8), [None]
    settled, lexical_of = np.zeros(len(first_alike), dtype=bool), np.full(len(first_alike), np.nan)
    for row, candidate in enumerate(candidates):
        text_a, text_b = texts[candidate.sentence_a], texts[candidate.sentence_b]
        first = first_alike[row]
        if too_far_anyway[row]:  # unless an edited copy, rejected whatever its facts say: they are not worked out
            if np.isnan(lexical_of[first]):
                lexical_of[first] = lexical_similarity(text_a, text_b)
            if lexical_of[first] < NEAR_EXACT_LEXICAL:
                routes[TOO_FAR] += 1
                continue
        if not settled[first]:
            lexical, route = settle(candidate, text_a, text_b)
            if route not in route_names:
                route_names.append(route)
            settled_lexical[first], settled_route[first], settled[first] = lexical, route_names.index(route), True
        else:
            lexical, route = float(settled_lexical[first]), route_names[settled_route[first]]
        if route in (EXACT, NEAR_EXACT):
            rows.append(row)
            lexicals.append(lexical)
            labels.append(route)
        if route:
            routes[route] += 1
        else:
            undecided.append(row)
            undecided_lexical.append(lexical)
            # models read a pair in order; a fixed order keeps a verdict independent of sentence ids,
            # which depend on the order documents arrived in
            first, second = sorted((text_a, text_b))
            undecided_pairs.append((first, second, candidate.similarity))
    copies = len(rows)
    undecided_rows = np.frombuffer(undecided, dtype=np.int64)
    of_post = post_side[undecided_rows]
    if posts and ranking is not None:
        asked = ~of_post | ranking.read(candidates, undecided_rows, posts, of_post)
    else:
        asked = np.ones(len(undecided), dtype=bool)
    routes["a post's candidate beyond its closest, not read"] += int((~asked).sum())

    def unlike(rows_asked: np.ndarray) -> np.ndarray:
        """Which of the asked rows pair sentences that each name someone the other does not (a post's
        candidates are ranked among themselves instead); worked out only where it decides something."""
        named = np.zeros(len(undecided), dtype=bool)
        for i in np.flatnonzero(rows_asked & ~of_post).tolist():
            first, second, _ = undecided_pairs[i]
            named[i] = names_differ(facts_of(first), facts_of(second))
        return named
    of_title = title_side[undecided_rows]
    if in_context:
        only = (_only_candidate(columns, rows, undecided_rows) | of_title) & ~of_post  # a post's candidates are decided among themselves (`PostRanking`)
        # the readers cannot agree however sure the model were: cosine + weight x 1 is below the lone score
        too_far = only & ~context.readers_agree(candidates.similarity[undecided_rows])
        naming_others = unlike(only & ~too_far)
        asked &= ~(naming_others | too_far)
        routes["alone and naming others, not read"] += int(naming_others.sum())
        routes[TOO_FAR] += int(too_far.sum())
    probability = np.zeros(len(undecided))

    def read(reader, rows_read: np.ndarray) -> None:
        if rows_read.any():
            probability[rows_read] = reader([pair for pair, ask in zip(undecided_pairs, rows_read.tolist()) if ask])

    read(judge, asked & ~of_post)
    if of_post.any():  # a post's closest wording first; then only the candidates that could still outscore it
        post_reader = post_judge or judge
        first = asked & ranking.closest_read(candidates, undecided_rows, posts, asked & of_post)
        read(post_reader, first)
        rest = asked & of_post & ~first
        could_win = ranking.could_win(candidates, undecided_rows, posts, first, probability, rest)
        read(post_reader, could_win)
        asked &= ~(rest & ~could_win)
        routes["a post's candidate that cannot outscore a closer one, not read"] += int((rest & ~could_win).sum())
    alone = (probability >= threshold) & ~of_post
    accepted, lone = alone, np.zeros(len(undecided), dtype=bool)
    if in_context:
        accepted, lone = _in_context(columns, rows, undecided_rows, probability, alone, threshold, context, of_post,
                                     candidates, title_side, of_title, unlike)
    best_of_post = np.zeros(len(undecided), dtype=bool)
    if of_post.any():
        best_of_post = ranking.best(candidates, undecided_rows, posts, of_post & asked, probability)
        accepted = np.where(of_post, best_of_post, accepted)
        routes["judged a post's best match"] += int(best_of_post.sum())
        routes["judged another claim than a post's"] += int((of_post & asked & ~best_of_post).sum())
    routes["judged the same claim"] += int((alone & accepted).sum())
    routes["judged the same claim in their context"] += int((~alone & accepted & ~of_post).sum())
    routes["judged another claim in their context"] += int((alone & ~accepted).sum())
    routes["judged another claim"] += int((~alone & ~accepted & ~of_post & asked).sum())
    confidences, reasons = [1.0] * copies, [COPY_REASONS[label] for label in labels]
    for row, lexical, ok, p, by_itself, single, post in zip(undecided, undecided_lexical, accepted.tolist(),
                                                             probability.tolist(), alone.tolist(), lone.tolist(),
                                                             of_post.tolist()):
        if ok:  # an edited copy that swapped a word is still an edited copy once the judge confirms it
            rows.append(row)
            lexicals.append(lexical)
            labels.append(NEAR_EXACT if lexical >= NEAR_EXACT_LEXICAL else PARAPHRASE)
            confidences.append(round(p, 4))
            reasons.append(JUDGED_POST if post else EDITED_COPY_JUDGED if lexical >= NEAR_EXACT_LEXICAL else
                           JUDGED_ALONE if single else JUDGED_IN_PASSAGE if not by_itself else judged)
    order = np.argsort(np.frombuffer(rows, dtype=np.int64), kind="stable")
    verdicts = Verdicts.of(candidates, np.frombuffer(rows, dtype=np.int64)[order],
                           np.frombuffer(lexicals, dtype=np.float64)[order], [labels[i] for i in order.tolist()],
                           np.asarray(confidences, dtype=np.float64)[order], [reasons[i] for i in order.tolist()])
    verdicts.routes.update({route: count for route, count in routes.items() if count})
    return verdicts


def _in_context(columns: "_DocumentColumns", rows: array, undecided_rows: np.ndarray, probability: np.ndarray,
                alone: np.ndarray, threshold: float, context: Context, of_post: np.ndarray,
                candidates: Candidates, title_side: np.ndarray, of_title: np.ndarray,
                unlike: Callable[[np.ndarray], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(which paraphrases reach the threshold that their documents' other matches call for, which are
    the only match between their documents). A lone pair whose sentences each name others (`unlike`, asked
    about the rows it would reject) is another claim. Those judged the same claim at the base threshold
    count as the documents' paraphrases; a title neither counts nor is vouched for (it restates its
    document's claim: two fact-checks whose claims and titles read alike share one claim, not two). Columns
    throughout: at a million sentences there are millions of copies to count."""
    copy_rows = np.frombuffer(rows, dtype=np.int64)
    vouching_copies = copy_rows[~title_side[copy_rows]]
    copies = _others_between(columns, vouching_copies, undecided_rows, np.zeros(len(undecided_rows), dtype=bool))
    copies *= ~of_title
    counted = alone & ~of_title
    paraphrases = _others_between(columns, undecided_rows[counted], undecided_rows, counted) * ~of_title
    lone = (copies + paraphrases) == 0  # a title is judged on its own merit, whatever else is shared
    accepted = (probability >= context.threshold(threshold, copies, paraphrases)) & ~of_post  # posts: `PostRanking`
    accepted &= ~lone | context.readers_agree(candidates.similarity[undecided_rows], probability)
    accepted &= ~unlike(lone & accepted)  # before the closest is chosen: a pair rejected here displaces no other reading
    return accepted & _closest_only(columns, copy_rows, undecided_rows, probability, accepted), lone


def _others_between(columns: "_DocumentColumns", matched: np.ndarray, rows: np.ndarray, among: np.ndarray
                    ) -> np.ndarray:
    """For each of `rows`, how many `matched` rows pair two other sentences of the same two documents
    (`among`: whether the row itself is one of `matched`). A pair that shares a sentence with it is another
    reading of that sentence, not another claim the documents share, so it does not vouch for it."""
    ends = np.concatenate([columns.side_a[matched], columns.side_b[matched]])
    with_a, with_b = _count_in(ends, columns.side_a[rows]), _count_in(ends, columns.side_b[rows])
    return _count_in(columns.pair[matched], columns.pair[rows]) - with_a - with_b + among


TOO_FAR = "alone and too far apart, not read"


def _too_far_anyway(candidates: Candidates, columns: "_DocumentColumns | None", context: Context | None,
                    post_side: np.ndarray, title_side: np.ndarray) -> np.ndarray:
    """Which candidates the readers could not accept whatever the facts step said: the only candidate between
    their two documents but those sharing a sentence (fewer still once copies and conflicts are told apart),
    or a title's, with no post side, and a cosine that even a sure model cannot lift to the lone score. Only
    an edited copy among them could still match (the caller checks); at a million sentences they are
    millions, and working out their facts cost more than deciding the rest."""
    if columns is None or context is None:
        return np.zeros(len(candidates), dtype=bool)
    every = np.arange(len(candidates))
    alone = _others_between(columns, every, every, np.ones(len(candidates), dtype=bool)) == 0
    far = (alone | title_side) & ~post_side & ~candidates.same_wording
    return far & ~context.readers_agree(candidates.similarity)


def _first_with_same_texts(candidates: Candidates, texts: dict[int, str]) -> np.ndarray:
    """For each candidate, the first candidate with the same two texts (and `same_wording`): what settles a pair
    depends on nothing else, so it is worked out once per pair of texts."""
    sentences = np.unique(np.concatenate([candidates.sentence_a, candidates.sentence_b]))
    wordings: dict[str, int] = {}
    wording = np.fromiter((wordings.setdefault(texts[s], len(wordings)) for s in sentences.tolist()), dtype=np.int64,
                          count=len(sentences))
    wording_a = wording[np.searchsorted(sentences, candidates.sentence_a)]
    wording_b = wording[np.searchsorted(sentences, candidates.sentence_b)]
    keys = (wording_a * len(wordings) + wording_b) * 2 + candidates.same_wording.astype(np.int64)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return first[inverse.ravel()]


def _has_title(candidates: Candidates, titles: np.ndarray) -> np.ndarray:
    """Which candidates have a title on a side."""
    return np.isin(candidates.sentence_a, titles) | np.isin(candidates.sentence_b, titles)


def _only_candidate(columns: "_DocumentColumns", rows: array, undecided_rows: np.ndarray) -> np.ndarray:
    """Which undecided candidates have no other candidate between their two documents but those sharing a
    sentence with them (no copy, no other pair to judge): nothing else the documents share can vouch for
    them, whatever the model says (`_others_between`)."""
    every = np.concatenate([undecided_rows, np.frombuffer(rows, dtype=np.int64)])
    return _others_between(columns, every, undecided_rows, np.ones(len(undecided_rows), dtype=bool)) == 0


def _closest_only(columns: "_DocumentColumns", copy_rows: np.ndarray, undecided_rows: np.ndarray,
                  probability: np.ndarray, accepted: np.ndarray) -> np.ndarray:
    """Whether each paraphrase is its sentences' closest match in the other document: a sentence is copied
    or rewritten once by another outlet, so of two sentences of one document that both seem to say what one
    sentence of another says, only the likelier one does (a copy beats any paraphrase)."""
    matched = np.concatenate([copy_rows, undecided_rows[accepted]])
    likelihood = np.concatenate([np.full(len(copy_rows), 2.0), probability[accepted]])
    sides = np.concatenate([columns.side_a[matched], columns.side_b[matched]])
    order = np.argsort(sides, kind="stable")
    sides, best = sides[order], np.tile(likelihood, 2)[order]
    starts = np.flatnonzero(np.r_[True, sides[1:] != sides[:-1]]) if len(sides) else np.zeros(0, dtype=np.int64)
    keys, best = sides[starts], np.maximum.reduceat(best, starts) if len(sides) else best

    def best_at(side: np.ndarray) -> np.ndarray:
        return best[np.searchsorted(keys, side)]

    rows, p = undecided_rows[accepted], probability[accepted]
    closest = np.ones(len(undecided_rows), dtype=bool)
    closest[accepted] = (best_at(columns.side_a[rows]) <= p) & (best_at(columns.side_b[rows]) <= p)
    return closest


@dataclass(frozen=True)
class _DocumentColumns:
    """Per candidate: its unordered pair of documents, and each sentence with the other's document, as
    int64 keys (what `_document_pair` and `_sides` give one candidate at a time)."""

    pair: np.ndarray
    side_a: np.ndarray  # sentence a in document b
    side_b: np.ndarray  # sentence b in document a

    @classmethod
    def of(cls, candidates: Candidates, documents: dict[int, int]) -> "_DocumentColumns":
        sentence_ids = np.fromiter(documents.keys(), dtype=np.int64, count=len(documents))
        document_ids = np.fromiter(documents.values(), dtype=np.int64, count=len(documents))
        order = np.argsort(sentence_ids)
        sentence_ids, document_ids = sentence_ids[order], document_ids[order]
        doc_a = document_ids[np.searchsorted(sentence_ids, candidates.sentence_a)]
        doc_b = document_ids[np.searchsorted(sentence_ids, candidates.sentence_b)]
        span = int(document_ids.max()) + 1 if len(document_ids) else 1
        return cls(np.minimum(doc_a, doc_b) * span + np.maximum(doc_a, doc_b),
                   candidates.sentence_a * span + doc_b, candidates.sentence_b * span + doc_a)


def _count_in(population: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """How often each of `keys` occurs in `population`."""
    values, counts = np.unique(population, return_counts=True)
    if not len(values):
        return np.zeros(len(keys), dtype=np.int64)
    at = np.minimum(np.searchsorted(values, keys), len(values) - 1)
    return np.where(values[at] == keys, counts[at], 0)


def sides(candidates: Candidates, row: int, documents: dict[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """(sentence, the other document) for both ends of a candidate."""
    a, b = int(candidates.sentence_a[row]), int(candidates.sentence_b[row])
    return (a, documents[b]), (b, documents[a])


def document_pair(candidates: Candidates, row: int, documents: dict[int, int]) -> tuple[int, int]:
    first, second = documents[int(candidates.sentence_a[row])], documents[int(candidates.sentence_b[row])]
    return (first, second) if first <= second else (second, first)
