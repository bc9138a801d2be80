"""What every judge returns: `Verdicts`, the candidates judged the same claim with their label, confidence and
reason; and `Judge`, the one interface every judge implements (same inputs, same verdicts)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Protocol, Sequence

import numpy as np

from dedup.match.candidates import Candidate, Candidates

EXACT, NEAR_EXACT, PARAPHRASE = "exact", "near-exact", "paraphrase"

# The rules around the models (copies, facts, context, posts): a code change that changes a verdict bumps it,
# so that an upgrade with new rules but the same weights still matches a store anew, as a new judge does.
RULES = 3  # 2: days and months name no one else; acronyms spelling connectors, names with an article;
# 3: an acronym in capitals is the words it spells in any case ("CEO" ~ "chief executive officer")


@dataclass(frozen=True)
class Verdict:
    """A candidate judged to be the same claim."""

    candidate: Candidate
    lexical: float
    match: str
    confidence: float | None = None
    reason: str = ""


# What decided a pair, as `dedup pairs` shows it (no commas: a CSV cell as it is)
EXACT_COPY = "exact copy"
EDITED_COPY = "edited copy"
EDITED_COPY_JUDGED = "edited copy judged the same"
JUDGED_ALONE = "judged alone"  # the only match between its two documents
JUDGED = "judged beside other shared claims"
JUDGED_IN_PASSAGE = "judged in its passage"  # below the base threshold, inside a rewritten passage
JUDGED_POST = "judged the post's best match"  # `PostRanking`
ALIGNED_IN_PASSAGE = "aligned in its passage"  # `dedup.judge.align`
COSINE = "cosine"
PAIR_MODEL = "pair model"
ACROSS_LANGUAGES = "judged across languages"
NOT_ENGLISH = "judged not in English"  # two sentences of one language other than English (`TranslationJudge`)


@dataclass(frozen=True)
class Verdicts:
    """The candidates judged the same claim, as columns; iterating yields `Verdict`s one at a time."""

    candidates: Candidates
    lexical: np.ndarray  # float64
    match: np.ndarray  # object array of EXACT / NEAR_EXACT / PARAPHRASE
    confidence: np.ndarray  # float64: the judge's probability (1 for a copy, NaN where no model spoke)
    reason: np.ndarray  # object array: what decided each pair
    routes: Counter[str] = field(default_factory=Counter)  # how many candidates each step of the cascade decided

    @classmethod
    def of(cls, candidates: Candidates, rows: Sequence[int], lexical: Sequence[float], match: list[str],
           confidence: Sequence[float] | None = None, reason: list[str] | None = None) -> "Verdicts":
        count = len(lexical)
        return cls(candidates.take(np.asarray(rows, dtype=np.int64)), np.asarray(lexical, dtype=np.float64),
                   np.array(match, dtype=object),
                   np.full(count, np.nan) if confidence is None else np.asarray(confidence, dtype=np.float64),
                   np.array(reason if reason is not None else [""] * count, dtype=object))

    def __len__(self) -> int:
        return len(self.lexical)

    def __iter__(self) -> Iterator[Verdict]:
        return (Verdict(c, lexical, match, None if confidence != confidence else confidence, reason)
                for c, lexical, match, confidence, reason in
                zip(self.candidates, self.lexical.tolist(), self.match.tolist(), self.confidence.tolist(),
                    self.reason.tolist()))


class Judge(Protocol):
    """What every judge is: the English ones (`CosineVerifier`, `PairModelVerifier`, `CrossEncoderVerifier`,
    chosen by name in `dedup.judge.verifiers`) and the one across languages (`TranslationJudge`) take the same
    inputs and return the same `Verdicts`; a judge reads what it needs of them and ignores the rest."""

    name: str  # what a store records, so that later runs judge pairs the same way
    aligns_passages: bool  # whether its paraphrases are sure enough to anchor rewritten passages (dedup.judge.align)
    candidate_radius: float  # the cosine above which mining must bring candidates to this judge
    fingerprint: str  # what its verdicts depend on (models, thresholds): a store judged by another is matched anew

    def verify(self, candidates: Candidates | Iterable[Candidate], texts: dict[int, str],
               documents: dict[int, int] | None = None, posts: set[int] | None = None,
               titles: set[int] | None = None, languages: dict[int, str] | None = None) -> Verdicts:
        """The candidates that carry the same claim. `texts`: sentence id -> text; `documents` (sentence id ->
        document id) lets a judge weigh how much else the two documents share; `posts` are the sentence ids
        of social posts, each matched to the stored claims it most likely repeats; `titles` those of titles
        (which restate their document's claim, so they do not count as another claim shared); `languages`
        (sentence id -> ISO 639-1) tells a judge across languages which pairs cross."""


def judged_by(judge: Judge) -> str:
    """What a store records of the judge that decides its pairs: its name, and a digest of its weights and
    thresholds (`Judge.fingerprint`) with the rules (`RULES`) it applies them with."""
    name, _, weights = judge.fingerprint.partition(" ")
    return f"{name} {hashlib.sha256(f'{weights} rules {RULES}'.encode()).hexdigest()[:16]}"
