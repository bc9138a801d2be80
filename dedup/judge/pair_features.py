"""What a trained verifier sees of a sentence pair, besides the cosine of its embeddings.

Embeddings blur the details that make two sentences on one topic different claims: a name, a number,
a negation, a clause only one of them has. These features measure them from the words: how much of
each sentence's rarer vocabulary the other lacks (weighted by inverse document frequency, so that
sharing "the" counts for nothing), n-gram and longest-common-subsequence overlap, and whether
numbers, capitalised names or negation disagree.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from dedup.ingest.segment import clean_text
from dedup.judge.words import PAIR_MODEL_NEGATIONS, PAIR_MODEL_STOP_WORDS

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d+(?:[.,]\d+)*")

FEATURE_NAMES = (
    "cosine", "char_ratio", "token_set_ratio", "token_sort_ratio", "partial_ratio",
    "unshared_weight_sum", "unshared_weight_max", "unshared_weight_min", "content_jaccard", "weighted_cosine",
    "numbers_conflict", "numbers_one_side", "numbers_equal", "names_unshared_max", "names_unshared_sum",
    "negation_mismatch", "length_ratio", "log_length", "length_difference",
    "unigram_min", "unigram_max", "unigram_f1", "bigram_min", "bigram_max", "bigram_f1",
    "trigram_min", "trigram_max", "trigram_f1", "lcs_a", "lcs_b", "lcs_longer",
)


@dataclass(frozen=True)
class WordWeights:
    """Inverse document frequencies of lower-cased words, from a reference collection of sentences."""

    document_frequency: dict[str, int]
    sentences: int

    def __call__(self, word: str) -> float:
        return math.log((self.sentences + 1) / (self.document_frequency.get(word, 0) + 1))

    @classmethod
    def count(cls, sentences: list[str], min_frequency: int = 2) -> "WordWeights":
        frequency: Counter[str] = Counter()
        for sentence in sentences:
            frequency.update({word.lower() for word in _TOKEN.findall(clean_text(sentence))})
        return cls({w: n for w, n in frequency.items() if n >= min_frequency}, len(sentences))


def pair_features(text_a: str, text_b: str, cosine: float, weights: WordWeights) -> list[float]:
    """The values of FEATURE_NAMES for one pair, in that order."""
    a, b = clean_text(text_a), clean_text(text_b)
    tokens_a, tokens_b = _TOKEN.findall(a), _TOKEN.findall(b)
    words_a, words_b = [t.lower() for t in tokens_a], [t.lower() for t in tokens_b]
    content_a = {w for w in words_a if w not in PAIR_MODEL_STOP_WORDS}
    content_b = {w for w in words_b if w not in PAIR_MODEL_STOP_WORDS}
    unshared_a = _share(content_a - content_b, content_a, weights)
    unshared_b = _share(content_b - content_a, content_b, weights)
    numbers_a, numbers_b = _numbers(tokens_a), _numbers(tokens_b)
    names_a, names_b = _names(tokens_a), _names(tokens_b)
    names_unshared_a, names_unshared_b = len(names_a - set(words_b)), len(names_b - set(words_a))
    lcs = LCSseq.similarity(words_a, words_b)
    longer = max(1, len(words_a), len(words_b))
    folded_a, folded_b = a.casefold(), b.casefold()
    return [
        cosine,
        fuzz.ratio(folded_a, folded_b) / 100, fuzz.token_set_ratio(folded_a, folded_b) / 100,
        fuzz.token_sort_ratio(folded_a, folded_b) / 100, fuzz.partial_ratio(folded_a, folded_b) / 100,
        unshared_a + unshared_b, max(unshared_a, unshared_b), min(unshared_a, unshared_b),
        len(content_a & content_b) / max(1, len(content_a | content_b)), _weighted_cosine(content_a, content_b, weights),
        float(bool(numbers_a and numbers_b and numbers_a != numbers_b)), float(bool(numbers_a) != bool(numbers_b)),
        float(bool(numbers_a) and numbers_a == numbers_b),
        float(max(names_unshared_a, names_unshared_b)), float(names_unshared_a + names_unshared_b),
        float(_negated(words_a) != _negated(words_b)),
        min(len(words_a), len(words_b)) / longer, math.log1p(len(words_a) + len(words_b)),
        float(abs(len(words_a) - len(words_b))),
        *_ngram_overlap(words_a, words_b, 1), *_ngram_overlap(words_a, words_b, 2), *_ngram_overlap(words_a, words_b, 3),
        lcs / max(1, len(words_a)), lcs / max(1, len(words_b)), lcs / longer,
    ]


def _share(part: set[str], whole: set[str], weights: WordWeights) -> float:
    return sum(map(weights, part)) / (sum(map(weights, whole)) or 1e-9)


def _weighted_cosine(first: set[str], second: set[str], weights: WordWeights) -> float:
    norm = math.sqrt(sum(weights(w) ** 2 for w in first)) * math.sqrt(sum(weights(w) ** 2 for w in second))
    return sum(weights(w) ** 2 for w in first & second) / norm if norm else 0.0


def _numbers(tokens: list[str]) -> list[str]:
    return sorted(t.replace(",", "") for t in tokens if t[0].isdigit())


def _names(tokens: list[str]) -> set[str]:
    """Capitalised words after the first: names, places, organisations."""
    return {t.lower() for t in tokens[1:] if t[0].isupper()}


def _negated(words: list[str]) -> bool:
    return any(w in PAIR_MODEL_NEGATIONS or w.endswith("n't") for w in words)


def _ngram_overlap(first: list[str], second: list[str], n: int) -> tuple[float, float, float]:
    """(lower, higher, harmonic mean) of the two sides' shares of n-grams found in the other."""
    grams_a = {tuple(first[i:i + n]) for i in range(len(first) - n + 1)}
    grams_b = {tuple(second[i:i + n]) for i in range(len(second) - n + 1)}
    shared = len(grams_a & grams_b)
    share_a, share_b = shared / max(1, len(grams_a)), shared / max(1, len(grams_b))
    return (min(share_a, share_b), max(share_a, share_b),
            2 * share_a * share_b / (share_a + share_b) if shared else 0.0)
