"""Decide whether a candidate pair carries the same claim, and label the match.

Labels: `exact` (same wording once quotation marks, spacing and case are normalised),
`near-exact` (a lightly edited copy: character similarity >= NEAR_EXACT_LEXICAL) and
`paraphrase` (different wording, same claim).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from dedup.pairs import Candidate
from dedup.segment import clean_text

EXACT, NEAR_EXACT, PARAPHRASE = "exact", "near-exact", "paraphrase"
MATCHES = (EXACT, NEAR_EXACT, PARAPHRASE)
NEAR_EXACT_LEXICAL = 0.85
DEFAULT_THRESHOLD = 0.60  # cosine at or above which two claims are judged the same


def lexical_similarity(text_a: str, text_b: str) -> float:
    """Normalised Indel similarity (0..1) of the cleaned, case-folded texts."""
    return fuzz.ratio(clean_text(text_a).casefold(), clean_text(text_b).casefold()) / 100.0


def label(candidate: Candidate, lexical: float) -> str:
    if candidate.same_wording:
        return EXACT
    return NEAR_EXACT if lexical >= NEAR_EXACT_LEXICAL else PARAPHRASE


def verify(
    candidates: list[Candidate], texts: dict[int, str], threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[Candidate, float, str]]:
    """The candidates judged the same claim, each with its lexical similarity and match label."""
    verified = []
    for candidate in candidates:
        lexical = 1.0 if candidate.same_wording else lexical_similarity(
            texts[candidate.sentence_a], texts[candidate.sentence_b])
        if candidate.same_wording or lexical >= NEAR_EXACT_LEXICAL or candidate.similarity >= threshold:
            verified.append((candidate, lexical, label(candidate, lexical)))
    return verified
