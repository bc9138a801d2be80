"""The judge across languages: pairs with a side not in English, which the cross-encoder cannot read."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

import numpy as np

from dedup.judge.cascade import document_pair, sides
from dedup.judge.copies import COPY_REASONS, copy_label
from dedup.judge.verdicts import ACROSS_LANGUAGES, EXACT, NEAR_EXACT, NOT_ENGLISH, PARAPHRASE, Verdicts
from dedup.judge.words import CROSS_LANGUAGE_NEGATIONS, CROSS_LANGUAGE_NEGATIONS_CYRILLIC
from dedup.match.candidates import Candidate, Candidates

TRANSLATION = "translation"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATION = re.compile(r"\b(?:" + "|".join(sorted(CROSS_LANGUAGE_NEGATIONS)) + r")\b|n't|"
                       r"(?<!\w)(?:" + "|".join(CROSS_LANGUAGE_NEGATIONS_CYRILLIC) + r")(?!\w)", re.IGNORECASE)


def figures(text: str) -> set[str]:
    """The numbers a sentence states, as written in digits (they survive translation): "4", "30", "2016"."""
    return {number.replace(",", ".").rstrip(".") for number in _NUMBER.findall(text)}


def facts_conflict_across_languages(text_a: str, text_b: str) -> str | None:
    """What tells a translation from another claim without reading both languages: figures (both state
    numbers, and neither's are among the other's) and polarity (one negates, the other does not)."""
    figures_a, figures_b = figures(text_a), figures(text_b)
    if figures_a and figures_b and not (figures_a <= figures_b or figures_b <= figures_a):
        return "figures"
    if bool(_NEGATION.search(text_a)) != bool(_NEGATION.search(text_b)):
        return "polarity"
    return None


class TranslationJudge:
    """Pairs with a side not in English, which the cross-encoder cannot read: candidates come from the
    multilingual model's space (`dedup.match.embed.MultilingualEmbedder`).

    Copies are recognised by text as in English; otherwise the pair is the same claim when the facts that
    survive translation agree (figures, polarity) and its multilingual cosine reaches `threshold`, or
    `lone` where it would be the only match between its two documents (an outlet that translates one claim
    of a story translates others with it; a lone look-alike is usually the same topic). Of two sentences of
    one document that both seem to render one sentence of another, only the closer does. The thresholds
    are the multilingual cosine's on English STS-B dev (same claim: gold 4 and up; another: 2.5 and down):
    recall 0.955 at 0.60, precision 0.845 at 0.75. A pair across languages is labelled `translation`,
    one within a language `paraphrase`."""

    threshold = 0.60
    lone = 0.75
    candidate_radius = 0.55

    name = "translation"  # not a store's choice: every store with claims not in English uses it for those
    aligns_passages = False

    def verify(self, candidates: Candidates | Iterable[Candidate], texts: dict[int, str],
               documents: dict[int, int] | None = None, posts: set[int] | None = None,
               titles: set[int] | None = None, languages: dict[int, str] | None = None) -> Verdicts:
        """As every `Judge`; this one needs `documents` and `languages` (posts and titles it reads as claims)."""
        if documents is None or languages is None:
            raise ValueError("TranslationJudge.verify needs the documents and languages of the sentences")
        if not isinstance(candidates, Candidates):
            candidates = Candidates.of(list(candidates))
        routes: Counter[str] = Counter()
        accepted: list[tuple[int, float, str, float]] = []  # (row, lexical, label, cosine)
        for row, candidate in enumerate(candidates):
            text_a, text_b = texts[candidate.sentence_a], texts[candidate.sentence_b]
            crossing = languages[candidate.sentence_a] != languages[candidate.sentence_b]
            lexical, label = (0.0, None) if crossing else copy_label(candidate, text_a, text_b)
            if label is None:
                if conflict := facts_conflict_across_languages(text_a, text_b):
                    routes[f"conflicting {conflict} across languages"] += 1
                    continue
                if candidate.similarity < self.threshold:
                    routes["judged another claim across languages"] += 1
                    continue
                label = TRANSLATION if crossing else PARAPHRASE
            accepted.append((row, lexical, label, 2.0 if label in (EXACT, NEAR_EXACT) else candidate.similarity))
        shared = Counter(document_pair(candidates, row, documents) for row, _, _, _ in accepted)
        best: dict[tuple[int, int], float] = {}
        for row, _, _, cosine in accepted:
            for side in sides(candidates, row, documents):
                best[side] = max(best.get(side, -1.0), cosine)
        rows, lexicals, labels = [], [], []
        for row, lexical, label, cosine in accepted:
            if shared[document_pair(candidates, row, documents)] == 1 and cosine < self.lone:
                routes["judged another claim across languages (lone look-alike)"] += 1
            elif any(best[side] > cosine for side in sides(candidates, row, documents)):
                routes["judged another claim across languages (a closer one)"] += 1
            else:
                routes[label if label == TRANSLATION else f"{label} (not English)"] += 1
                rows.append(row)
                lexicals.append(lexical)
                labels.append(label)
        verdicts = Verdicts.of(candidates, rows, lexicals, labels, [1.0 if label in COPY_REASONS else np.nan
                                                                    for label in labels],
                               [COPY_REASONS.get(label, ACROSS_LANGUAGES if label == TRANSLATION else NOT_ENGLISH)
                                for label in labels])
        verdicts.routes.update(routes)
        return verdicts
