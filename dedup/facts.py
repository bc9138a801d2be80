"""The facts a claim states that its wording can hide: figures, polarity, names.

"will cut 2,000 jobs" and "will cut 5,000 jobs", "emergencies were declared" and "emergencies were
not declared", "Amazon is giving $200 gift cards" and "Nordstrom is giving $200 gift cards" differ in a
character or two and embed almost alike, yet they are different claims. A verifier asks `conflict`
before it accepts any pair that is not the same wording, so characters and cosines never outvote facts.

- Figures agree when equal, or when one is the other rounded ("296 people" ~ "300 people", "4.4%" ~
  "4%") or within a few percent ("about $9.95" ~ "$9.99"); years and days of the month agree only when
  equal. A figure only one side states is an added detail, not a conflict; each side stating a figure
  the other lacks is.
- Polarity: one side negated ("not", "never", "no longer", "rarely", "denied") and the other not, counted
  by parity so that a double negation affirms, where the rest of the two sentences mostly agrees.
- Names: capitalised words (people, organisations, places, days, months) that each side has and the
  other lacks, when the rest of the two sentences is alike, as in a template filled with another
  subject. Paraphrases often name a thing differently ("Microsoft" ~ "the Redmond company"), so names
  alone veto only pairs whose remaining words mostly agree.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz

from dedup.segment import clean_text

FIGURE_TOLERANCE = 0.02  # "more than 5,200" ~ "more than 5,270" infected: an update or a rounding, not another figure
NAME_SPELLING = 80  # rapidfuzz ratio at which two names are one name spelled two ways
# Paraphrases often name a thing differently or move a negation into a verb ("did not respond" ~ "declined");
# names and polarity decide only where the rest of the two sentences mostly agrees (a template, a copy)
NAME_OVERLAP = 0.8
NEGATION_OVERLAP = 0.5

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’.\-][^\W\d_]+)*\.?|\S", re.UNICODE)
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero _ two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split()) if w != "_"}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                      "ninety": 90, "hundred": 100, "dozen": 12})
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mln": 1e6, "bln": 1e9, "bn": 1e9}
# "denied" negates what it governs; verbs of refusal are left out: paraphrases swap "refused", "dismissed",
# "rejected" and "declined" freely, and listing one of them would set it against the others
NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot rarely seldom hardly barely scarcely "
                      "deny denies denied denying denial".split())
# capitalised words that are not names: sentence-initial function words, titles, pronouns
_NOT_NAMES = frozenset(
    "a an the this that these those there their they then when what which while where who whom whose why how "
    "however but and or if as at in on for of to from by with after before during since until he she we it i you "
    "his her our its my your mr mrs ms dr sen rep gov gen president minister chief prime state house senate "
    "according also meanwhile still yet so thus therefore today yesterday".split())
_STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been being has have had do does did it its this "
    "that these those with as by from he she they we you i me us them him his her their our your my said says say "
    "will would could should may might can must shall than then there here which who whom what when where also "
    "into over about after before up down out more most such so if just very really simply all some any each "
    "every other another much many lot lots one own well even only now again ever already always still together "
    "therefore thus hence however get got make made go going like".split())
MIN_FACT_WORDS = 3  # a sentence with fewer content words, and no figure or name, states no checkable fact


@dataclass(frozen=True)
class Facts:
    """What `conflict` compares: figures (as written), names (case-folded), whether it is negated, and the
    other content words."""

    figures: tuple[str, ...]
    names: frozenset[str]
    negated: bool
    words: frozenset[str]
    acronyms: dict[str, str]  # word in a run of capitalised words -> the run's initials ("bank" -> "ecb")
    opening: tuple[str, str] | None  # a capitalised first word and the word after it: ("amazon", "is")
    mentions: Counter[str]  # how often each name is mentioned


def states_a_fact(facts: Facts) -> bool:
    """Whether a sentence says something checkable: "Therefore, we have a lot of work to do" does not, and
    matches another sentence only as a verbatim copy."""
    return bool(facts.figures or facts.names or len(facts.words) >= MIN_FACT_WORDS)


@functools.lru_cache(maxsize=100_000)
def facts_of(text: str) -> Facts:
    tokens = _TOKEN.findall(clean_text(text))
    figures, names, words, negations, run = [], set(), set(), 0, []
    acronyms: dict[str, str] = {}
    mentions: Counter[str] = Counter()
    for i, token in enumerate(tokens):
        lower = token.lower().rstrip(".")
        capitalised = token[0].isupper() and lower not in _NOT_NAMES
        if capitalised:
            run.append(_name_key(lower))
        else:
            _close_run(run, acronyms)
        following = next((t for t in tokens[i + 1:i + 3] if t != "-"), "")  # "$70-million"
        if token[0].isdigit():
            figures.append(_figure(token, following))
        elif lower in _NUMBER_WORDS and lower not in ("hundred", "dozen"):
            figures.append(str(int(_NUMBER_WORDS[lower] * _scale(following))))
        elif lower in NEGATIONS or lower.endswith("n't") or (lower == "longer" and i and tokens[i - 1].lower() == "no"):
            negations += 1
        elif capitalised and (i > 0 or lower not in _common_words()):
            names.add(_name_key(lower))
            mentions[_name_key(lower)] += 1
        elif capitalised and i == 0:
            continue  # "Police", "Amazon": a common word, or a name; `opening` keeps it for templates
        elif token[0].isalpha() and lower not in _STOP and lower not in _SCALES:
            words.add(lower)
    _close_run(run, acronyms)
    opening = None
    if len(tokens) > 1 and tokens[0][0].isupper() and tokens[0].lower() not in _NOT_NAMES:
        opening = (_name_key(tokens[0].lower().rstrip(".")), tokens[1].lower())
    return Facts(tuple(figures), frozenset(names), negations % 2 == 1, frozenset(words), acronyms, opening, mentions)


@functools.cache
def _common_words() -> frozenset[str]:
    """Whole words of the default model's WordPiece vocabulary: a capitalised first word that is one of them
    ("Throughout", "Police", "Amazon") is not taken for a name, since capitals there say nothing."""
    from dedup.embed import default_model_path

    with open(default_model_path() / "vocab.txt", encoding="utf-8") as vocabulary:
        return frozenset(word for word in vocabulary.read().split() if word.isalpha())


def _close_run(run: list[str], acronyms: dict[str, str]) -> None:
    """Note the initials of a run of two or more capitalised words ("European Central Bank" -> "ecb")."""
    if len(run) >= 2:
        acronyms.update(dict.fromkeys(run, "".join(name[0] for name in run)))
    run.clear()


def _name_key(word: str) -> str:
    """"Cleveland's" -> "cleveland", "U.S." -> "us": one spelling per name."""
    return word.removesuffix("'s").removesuffix("’s").replace(".", "")


def _scale(word: str) -> float:
    return _SCALES.get(word.lower().rstrip("."), 1.0)


def _figure(token: str, following: str) -> str:
    """A figure as a plain decimal string, scaled by a following "million" / "billion"."""
    written = token.rstrip("%").replace(",", "") if _is_thousands(token) else token.rstrip("%").replace(",", ".")
    scale = _scale(following)
    if scale == 1.0:
        return written
    try:
        return format(Decimal(written) * Decimal(int(scale)), "f")
    except InvalidOperation:
        return written


def _is_thousands(token: str) -> bool:
    """"1,520" and "2,000,000" group thousands; "4,5" is a decimal comma."""
    return "," in token and all(len(group) == 3 for group in token.rstrip("%").split(",")[1:])


def conflict(first: Facts, second: Facts) -> str | None:
    """Why the two cannot carry the same claim ("figures", "polarity", "names"), or None if their facts agree."""
    unequal_first, unequal_second = _unequal(first.figures, second.figures)
    if _states_another(unequal_first, unequal_second) and _states_another(unequal_second, unequal_first):
        return "figures"
    if first.negated != second.negated and _alike(first, second, NEGATION_OVERLAP):
        return "polarity"
    if names_differ(first, second) and _alike(first, second, NAME_OVERLAP):
        return "names"
    return None


def names_differ(first: Facts, second: Facts) -> bool:
    """Whether each names someone or something the other does not mention. Alone it does not make two
    claims: paraphrases name things differently ("Saddam" ~ "Hussein"); it does with the rest alike (a
    template), or for a look-alike that nothing else ties to its counterpart (`dedup.verify.Context`)."""
    names_first, names_second = first.names, second.names
    if first.opening and second.opening and first.opening[0] != second.opening[0] and first.opening[1] == second.opening[1]:
        # the same frame opened by two capitalised words: "Amazon is giving ..." ~ "Nordstrom is giving ..."
        names_first, names_second = names_first | {first.opening[0]}, names_second | {second.opening[0]}
    return (_unmatched_names(names_first, first, names_second, second) and
            _unmatched_names(names_second, second, names_first, first))


def _unmatched_names(names: frozenset[str], facts: Facts, other_names: frozenset[str], other: Facts) -> bool:
    """Whether one of `names` is not mentioned by the other sentence (or less often), allowing for spelling ("Iraq" ~ "Iraqi",
    "Sundwell" ~ "Sundwall"), for acronyms ("ECB" ~ "European Central Bank") and for a capitalised word
    that the other writes in lower case."""
    mentioned = other_names | other.words
    spelled_out = set(other.acronyms.values())
    return any((name not in mentioned and name not in spelled_out and facts.acronyms.get(name) not in other_names
                and not any(_same_name(name, word) for word in mentioned))
               or facts.mentions[name] > other.mentions[name] > 0 for name in names)


def _same_name(first: str, second: str) -> bool:
    if min(len(first), len(second)) >= 4 and (first.startswith(second) or second.startswith(first)):
        return True
    return fuzz.ratio(first, second) >= NAME_SPELLING


def facts_conflict(text_a: str, text_b: str) -> str | None:
    return conflict(facts_of(text_a), facts_of(text_b))


def _alike(first: Facts, second: Facts, overlap: float) -> bool:
    """Whether each side has at least `overlap` of the other's content words (names, figures, negations aside)."""
    shared = len(first.words & second.words)
    return shared >= overlap * len(first.words) and shared >= overlap * len(second.words)


def _unequal(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The figures of each side left once the figures both state are set aside, mention by mention: "$645
    million, up from $600 million" ~ "$1,290 million, up from $600 million" leaves 645 against 1,290, not
    645 against 600; "revised to 1.2 % from 0.6 %" ~ "revised to 1.2 % from 1.2 %" leaves 0.6 against 1.2."""
    first_left, second_left = Counter(first) - Counter(second), Counter(second) - Counter(first)
    return tuple(first_left.elements()), tuple(second_left.elements())


def _states_another(figures: tuple[str, ...], others: tuple[str, ...]) -> bool:
    """Whether one of `figures` agrees with none of `others`."""
    return any(not any(figures_agree(x, y) for y in others) for x in figures)


def figures_agree(x: str, y: str) -> bool:
    """Equal; or one is the other rounded ("296" -> "300", "4.4" -> "4"); or within FIGURE_TOLERANCE. Years
    and small whole numbers (days of the month, counts of people) agree only when equal."""
    if x == y:
        return True
    try:
        a, b = Decimal(x), Decimal(y)
    except InvalidOperation:  # "2.6.0" is a version, not a figure
        return False
    if a == b:
        return True
    if _is_year(a) or _is_year(b) or (_whole(a) and _whole(b) and max(abs(a), abs(b)) < 32):
        return False
    if _rounds_to(a, b) or _rounds_to(b, a):
        return True
    return abs(a - b) <= Decimal(str(FIGURE_TOLERANCE)) * max(abs(a), abs(b))


def _whole(value: Decimal) -> bool:
    return value == value.to_integral()


def _is_year(value: Decimal) -> bool:
    return _whole(value) and 1800 <= value <= 2100


def _step(value: Decimal) -> Decimal:
    """The precision a figure is written to: 300 -> 100, 4 -> 1, 4.4 -> 0.1."""
    return Decimal(1).scaleb(value.normalize().as_tuple().exponent)


def _rounds_to(precise: Decimal, rounded: Decimal) -> bool:
    """Whether `rounded` is `precise` written less precisely."""
    step = _step(rounded)
    return step > _step(precise) and abs(precise - rounded) <= step / 2
