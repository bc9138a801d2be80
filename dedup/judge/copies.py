"""Copies, recognised by text before any model reads a pair: the same wording (`exact`), or a lightly edited
copy whose facts agree (`near-exact`); and what settles a pair without a model (`settle`)."""

from __future__ import annotations

import re

from dedup.ingest.segment import clean_text, lexical_similarity
from dedup.judge.facts import facts_conflict, facts_of, states_a_fact, swaps_a_word
from dedup.judge.verdicts import EDITED_COPY, EXACT, EXACT_COPY, NEAR_EXACT
from dedup.match.candidates import Candidate

NEAR_EXACT_LEXICAL = 0.85
COPY_RADIUS = 0.60  # lightly edited copies score far above this cosine


_SINGLE_QUOTATION = re.compile(r"(?<!\w)'|'(?!\w)")  # a single quote that opens or closes, not an apostrophe


def same_words(text_a: str, text_b: str) -> bool:
    """Whether two texts differ at most in their quotation marks ("banned poppies due to 'multiculturalism'" ~
    'banned poppies due to ""multiculturalism""'): `clean_text` drops double quotation marks but keeps single
    ones, which it cannot tell from apostrophes; outside a word they are quotation marks."""
    def words(text: str) -> str:
        return " ".join(_SINGLE_QUOTATION.sub(" ", clean_text(text).casefold()).split())
    return words(text_a) == words(text_b)


def _one_wording(candidate: Candidate, text_a: str, text_b: str) -> tuple[float, bool]:
    """(lexical similarity, whether the two are one wording: the same text, or the same words in other
    quotation marks)."""
    if candidate.same_wording:
        return 1.0, True
    lexical = lexical_similarity(text_a, text_b)
    if lexical >= NEAR_EXACT_LEXICAL and same_words(text_a, text_b):
        return 1.0, True
    return lexical, False


def copy_label(candidate: Candidate, text_a: str, text_b: str) -> tuple[float, str | None]:
    """(lexical similarity, `exact`/`near-exact` or None): copies need no model to be recognised. An edited
    copy whose facts were changed ("were declared" -> "were not declared") is not a copy."""
    lexical, exact = _one_wording(candidate, text_a, text_b)
    if exact:
        return lexical, EXACT
    if lexical >= NEAR_EXACT_LEXICAL and not facts_conflict(text_a, text_b):
        return lexical, NEAR_EXACT
    return lexical, None


def settle(candidate: Candidate, text_a: str, text_b: str) -> tuple[float, str | None]:
    """(lexical similarity, what settles the pair without a model): `exact` or `near-exact` for a copy,
    "conflicting figures/polarity/names" or "stating no fact" for a pair that is not the same claim, or
    None for a pair only a judge of paraphrases can decide, an edited copy that swaps a word included
    ("stocks open flat" ~ "stocks open lower": characters cannot tell that from a spelling fix)."""
    lexical, exact = _one_wording(candidate, text_a, text_b)
    if exact:
        return lexical, EXACT
    if reason := facts_conflict(text_a, text_b):
        return lexical, f"conflicting {reason}"
    if lexical >= NEAR_EXACT_LEXICAL and not swaps_a_word(text_a, text_b):
        return lexical, NEAR_EXACT
    if not (states_a_fact(facts_of(text_a)) and states_a_fact(facts_of(text_b))):
        return lexical, "stating no fact"
    return lexical, None


COPY_REASONS = {EXACT: EXACT_COPY, NEAR_EXACT: EDITED_COPY}
