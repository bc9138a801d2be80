"""Figures: what number a sentence states, of what kind, and when two figures are one.

"$80M" is "$80 million", "30 miles" is "48km", "296" rounds to "300"; a year or a day of the month agrees
only with itself. Read by `dedup.judge.facts`, which compares the figures of two sentences.
"""

from __future__ import annotations

import functools

from collections import Counter
from decimal import Decimal, InvalidOperation

ROUNDING_SHARE = 0.10  # a rounding moves a figure a little ("296" ~ "300", "4.4" ~ "4"); "$75" ~ "$100" is another figure
FIGURE_TOLERANCE = 0.02  # "more than 5,200" ~ "more than 5,270" infected: an update or a rounding, not another figure

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero _ two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split()) if w != "_"}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                      "ninety": 90, "hundred": 100, "dozen": 12})
# "for a fourth time" ~ "the third student", "second-quarter" ~ "third-quarter"; "first" is left out: it
# is as often "at first", "first of all" or "the first to" as a count
ORDINALS = {w: i for i, w in enumerate("_ _ second third fourth fifth sixth seventh eighth ninth tenth".split()) if w != "_"}
CURRENCIES = ("$", "€", "£", "¥")
# after money, glued or not: "$80M", "£2.8m", "$6.6b", "$38bn"
LETTER_SCALES = {"k": "thousand", "m": "million", "mn": "million", "b": "billion", "bn": "billion", "tn": "trillion"}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mln": 1e6, "bln": 1e9, "bn": 1e9,
           "thousands": 1e3, "millions": 1e6, "billions": 1e9}

_PERCENT = frozenset("percent pct % percentage points point".split())  # and "per cent", not "per barrel"
_MONEY_AFTER = frozenset("dollars dollar cents cent euros euro pounds yen rubles roubles yuan".split())
_AGE = frozenset("year-old years-old yrs".split())
_BEFORE_YEARS = frozenset("a an the in since from until till by of to before after during through , jan feb mar apr may jun "
                          "jul aug sep sept oct nov dec january february march april june july august september "
                          "october november december".split())


# a measure and what one of its units is in the measure's base unit: "30 miles" ~ "48km", "two days" ~ "48 hours"
_UNITS = {unit: (measure, Decimal(factor)) for measure, factor, units in (
    ("distance", "1", "km kms kilometre kilometres kilometer kilometers"),
    ("distance", "1.609344", "mile miles mi"),
    ("distance", "0.001", "metre metres meter meters"),
    ("distance", "0.0003048", "foot feet ft"),
    ("weight", "1", "kg kgs kilogram kilograms kilo kilos"),
    ("weight", "0.45359237", "lb lbs"),
    ("duration", "1", "hour hours hr hrs"),
    ("duration", "24", "day days"),
    ("duration", "168", "week weeks"),
    ("duration", "0.0166666667", "minute minutes min mins")) for unit in units.split()}


def in_one_unit(figures: tuple[tuple[str, str], ...], others: tuple[tuple[str, str], ...]
                 ) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """Both sides' figures with a measure's kind ("distance"), in the measure's base unit where the two write
    it in more than one unit ("30 miles" -> 48.28 km), and as written where they share one ("4.4 miles" ~
    "4 miles" stays a rounding)."""
    units: dict[str, set[str]] = {}
    for _, kind in figures + others:
        measure, _, unit = kind.partition(":")
        if unit:
            units.setdefault(measure, set()).add(unit)

    def one_unit(side: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        converted = []
        for value, kind in side:
            measure, _, unit = kind.partition(":")
            if unit and len(units[measure]) > 1:
                try:
                    value = format((Decimal(value) * _UNITS[unit][1]).normalize(), "f")
                except InvalidOperation:
                    pass
            converted.append((value, measure))
        return tuple(converted)
    return one_unit(figures), one_unit(others)


def figure_kind(figure: str, token: str, tokens: list[str], i: int) -> str:
    """What a figure counts, from the words around it: a percentage, money, an age, a year, or a number.
    Two figures of different kinds are two details ("charged with two counts" ~ "Peterson, 31, is
    charged"), not a conflict."""
    after = [t.lower().rstrip(".") for t in tokens[i + 1:i + 4] if t != "-"]
    before = tokens[i - 1] if i else ""
    unit = next((t for t in after if t not in SCALES), "")
    if token.endswith("%") or unit in _PERCENT or after[:2] == ["per", "cent"]:
        return "percent"
    if before.endswith(CURRENCIES) or unit in _MONEY_AFTER:
        return "money"
    if unit in _UNITS:
        return f"{_UNITS[unit][0]}:{unit}"  # "30 miles" -> "distance:miles"; `in_one_unit` compares across units
    if unit in _AGE or (before == "," and after[:1] == [","] and i > 1 and tokens[i - 2][:1].isupper()):
        return "age"  # "27-year-old", "Peterson, 31, is"
    if len(token) == 4 and token.isdigit() and _is_year(Decimal(token)) and (
            before.lower() in _BEFORE_YEARS or not after or not after[0].isalpha()):
        return "year"  # "in 1991", "May 4, 2003.", not "2,000" nor "1999 acres"
    return "number"


def compound_number(word: str) -> int | None:
    """"twenty-eight" -> 28, "Fifty-seven" -> 57; None for anything else."""
    tens, _, unit = word.lower().partition("-")
    units = 1 if unit == "one" else NUMBER_WORDS.get(unit, 0)  # NUMBER_WORDS leaves "one" out
    if NUMBER_WORDS.get(tens, 0) in (20, 30, 40, 50, 60, 70, 80, 90) and 1 <= units <= 9:
        return NUMBER_WORDS[tens] + units
    return None


def scale_of(word: str) -> float:
    """What a word after a figure multiplies it by: "million", "bn", "billion-pound" (a compound)."""
    return SCALES.get(word.lower().rstrip(".").split("-")[0], 1.0)


def figure_value(token: str, following: str) -> str:
    """A figure as a plain decimal string, scaled by a following "million" / "billion"."""
    written = token.rstrip("%").replace(",", "") if _is_thousands(token) else token.rstrip("%").replace(",", ".")
    scale = scale_of(following)
    if scale == 1.0:
        return written
    try:
        return format(Decimal(written) * Decimal(int(scale)), "f")
    except InvalidOperation:
        return written


def _is_thousands(token: str) -> bool:
    """"1,520", "2,000,000" and "9,191.09" group thousands; "4,5" is a decimal comma."""
    groups = token.rstrip("%").split(",")[1:]
    return bool(groups) and all(len(group) == 3 for group in groups[:-1]) and len(groups[-1].split(".")[0]) == 3


def unequal(first: tuple[tuple[str, str], ...], second: tuple[tuple[str, str], ...]
             ) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The figures of each side left once the figures both state are set aside, mention by mention: "$645
    million, up from $600 million" ~ "$1,290 million, up from $600 million" leaves 645 against 1,290, not
    645 against 600; "revised to 1.2 % from 0.6 %" ~ "revised to 1.2 % from 1.2 %" leaves 0.6 against 1.2."""
    first_values, second_values = Counter(v for v, _ in first), Counter(v for v, _ in second)
    first_left, second_left = first_values - second_values, second_values - first_values
    return (tuple(f for f in first if f[0] in first_left and _take(first_left, f[0])),
            tuple(f for f in second if f[0] in second_left and _take(second_left, f[0])))


def _take(left: Counter[str], value: str) -> bool:
    if left[value] <= 0:
        return False
    left[value] -= 1
    return True


def alone(figures: tuple[tuple[str, str], ...], others: tuple[tuple[str, str], ...]) -> set[str]:
    """The kinds of those `figures` that agree with none of `others`: a conflict needs each side to state
    a figure of one kind that the other contradicts."""
    return {kind for value, kind in figures if not any(figures_agree(value, other) for other, _ in others)}


@functools.lru_cache(maxsize=65_536)  # a corpus states the same few figures over and over
def figures_agree(x: str, y: str) -> bool:
    """Equal; or one is the other rounded, by at most ROUNDING_SHARE ("296" -> "300", "4.4" -> "4"); or within
    FIGURE_TOLERANCE. Years and small whole numbers (days of the month, counts of people) agree only when
    equal."""
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
    if (_rounds_to(a, b) or _rounds_to(b, a)) and abs(a - b) <= Decimal(str(ROUNDING_SHARE)) * max(abs(a), abs(b)):
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


