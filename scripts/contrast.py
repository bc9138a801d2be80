"""Contrast variants: a sentence with one fact changed, which is no longer the same claim.

A fact-checker calls "will cut 2,000 jobs" and "will cut 5,000 jobs", "emergencies were declared" and
"emergencies were not declared", "Amazon is giving $200 gift cards" and "Nordstrom is giving $200 gift
cards" different claims, however alike the words. These variants are negatives for training the
cross-encoder (scripts/train_cross_encoder.py) and the contrast check of scripts/eval_quality.py.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from typing import Callable

_FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_AUXILIARY = re.compile(r"\b(is|are|was|were|has|have|had|will|would|can|could|should|did|does|do|may|might|must)\b")
_CONTRACTED = {"won't": "will", "can't": "can", "cannot": "can", "don't": "do", "doesn't": "does", "didn't": "did",
               "isn't": "is", "aren't": "are", "wasn't": "was", "weren't": "were", "hasn't": "has",
               "haven't": "have", "hadn't": "had", "wouldn't": "would", "couldn't": "could", "shouldn't": "should"}
_NEGATION = re.compile(r"\b(" + "|".join(map(re.escape, _CONTRACTED)) + r"|not|never)\b ?", re.IGNORECASE)
_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})*")
_NOT_NAMES = frozenset("The This That These Those There Their They Then When What Which While Where Who However But And "
                       "Mr Mrs Ms Dr He She We It In On At For".split())


def change_figure(sentence: str, rng: random.Random) -> str | None:
    """Another figure in place of one the sentence states: a year moved by 1-3, other figures by half or more."""
    found = list(_FIGURE.finditer(sentence))
    if not found:
        return None
    spot = rng.choice(found)
    written = spot.group()
    digits = written.replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    if "." not in digits and 1900 <= value <= 2100:
        replacement = str(int(value) + rng.choice([-3, -2, -1, 1, 2, 3]))
    else:
        changed = value * rng.choice([0.4, 0.5, 1.6, 2.0, 3.0]) if value else rng.randint(1, 9)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        replacement = f"{changed:,.{decimals}f}" if "," in written else f"{changed:.{decimals}f}"
    if replacement == written:
        return None
    return sentence[:spot.start()] + replacement + sentence[spot.end():]


def swap_name(sentence: str, rng: random.Random, names: list[str]) -> str | None:
    """Another name (from `names`) in place of one the sentence mentions."""
    found = [m for m in _NAME.finditer(sentence) if m.group().split()[0] not in _NOT_NAMES]
    if not found:
        return None
    spot = rng.choice(found)
    words = len(spot.group().split())
    others = [n for n in names if len(n.split()) == words and n not in sentence]
    if not others:
        return None
    return sentence[:spot.start()] + rng.choice(others) + sentence[spot.end():]


def flip_polarity(sentence: str, rng: random.Random) -> str | None:
    """The sentence negated ("was" -> "was not"), or a negated sentence affirmed."""
    negation = _NEGATION.search(sentence)
    if negation:
        word = negation.group(1)
        affirmed = _CONTRACTED.get(word.lower(), "")
        return sentence[:negation.start()] + (affirmed + " " if affirmed else "") + sentence[negation.end():]
    auxiliary = _AUXILIARY.search(sentence)
    if not auxiliary:
        return None
    return sentence[:auxiliary.end()] + " not" + sentence[auxiliary.end():]


def names_in(sentences: list[str], min_count: int = 2) -> list[str]:
    """Names mentioned mid-sentence at least `min_count` times, to swap one for another."""
    counts = Counter(m.group() for s in sentences for m in _NAME.finditer(s) if m.group().split()[0] not in _NOT_NAMES)
    return sorted(n for n, c in counts.items() if c >= min_count)


def variant(sentence: str, rng: random.Random, names: list[str]) -> tuple[str, str] | None:
    """(kind, the sentence with one fact changed), trying the kinds in random order; None if none applies."""
    changes: dict[str, Callable[[], str | None]] = {
        "figure": lambda: change_figure(sentence, rng), "name": lambda: swap_name(sentence, rng, names),
        "negation": lambda: flip_polarity(sentence, rng)}
    for kind in rng.sample(sorted(changes), len(changes)):
        changed = changes[kind]()
        if changed and changed != sentence:
            return kind, changed
    return None
