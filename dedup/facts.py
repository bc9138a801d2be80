"""The facts a claim states that its wording can hide: figures, polarity, names.

"will cut 2,000 jobs" and "will cut 5,000 jobs", "emergencies were declared" and "emergencies were
not declared", "Amazon is giving $200 gift cards" and "Nordstrom is giving $200 gift cards" differ in a
character or two and embed almost alike, yet they are different claims. A verifier asks `conflict`
before it accepts any pair that is not the same wording, so characters and cosines never outvote facts.

- Figures agree when equal, or when one is the other rounded ("296 people" ~ "300 people", "4.4%" ~
  "4%") or within a few percent ("about $9.95" ~ "$9.99"); years and days of the month agree only when
  equal; so do ordinals ("for a fourth time" ~ "the third student"). A figure only one side states is an
  added detail, not a conflict; each side stating a figure the other lacks is. Links and a tweet's byline
  state no figure; "$80M" is "$80 million", "$6.6b" "$6.6 billion"; a distance, weight or duration in two
  units is compared in one ("30 miles" ~ "48km").
- Polarity: one side negated ("not", "never", "no longer", "rarely", "denied") and the other not, counted
  by parity so that a double negation affirms, where the rest of the two sentences mostly agrees and the
  negation governs words the other side states plainly ("emergencies were not declared" ~ "were
  declared"): a tweet's aside ("not so good news ... German economy shrank") negates nothing it repeats.
- Names: capitalised words (people, organisations, places, days, months) that each side has and the
  other lacks, in one place of the two sentences, when the rest is alike, as in a template filled with
  another subject; names each side adds elsewhere are details. Paraphrases often name a thing
  differently ("Microsoft" ~ "the Redmond company"), so names alone veto only pairs whose remaining words
  mostly agree.
- Swapped words: an edited copy that puts another content word where the original had one ("open flat" ~
  "open lower", "a woman is playing" ~ "a man is playing", "tirana is the capital" ~ "abuja is ...", names
  in lower case) differs from a spelling fix by a few characters only; `swaps_a_word` tells the verifier
  to have such a copy read rather than accept it on its characters.
"""

from __future__ import annotations

import functools
import re
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from dedup.segment import clean_text

ROUNDING_SHARE = 0.10  # a rounding moves a figure a little ("296" ~ "300", "4.4" ~ "4"); "$75" ~ "$100" is another figure
FIGURE_TOLERANCE = 0.02  # "more than 5,200" ~ "more than 5,270" infected: an update or a rounding, not another figure
NAME_SPELLING = 80  # rapidfuzz ratio at which two names are one name spelled two ways
# Paraphrases often name a thing differently or move a negation into a verb ("did not respond" ~ "declined");
# names and polarity decide only where the rest of the two sentences mostly agrees (a template, a copy)
NAME_OVERLAP = 0.8
NEGATION_OVERLAP = 0.5

# a link states no figure ("https://t.co/dU20nqoveS"); an embedded tweet's byline ("- Clarion Ledger
# (@clarionledger) January 26, 2018") dates the post, not what it claims
_WEB = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*")
_TWEET_BYLINE = re.compile(r"\s-\s[^()]{0,80}\(@\w+\)\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}\W*$")
_CONTRACTION = re.compile(r"['’](re|ll|ve|d|m|s)$")  # "We're" -> "we"
# a negation a tokeniser split off ("doesn ' t", as in treebank-style corpora), or whose apostrophe a wrong
# decoding turned into "?" ("don ? t", "don?t"), joined back
_SPLIT_NEGATION = re.compile(r"(?<=\wn) ?['?] ?t\b")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’.\-][^\W\d_]+)*\.?|\S", re.UNICODE)
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero _ two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split()) if w != "_"}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                      "ninety": 90, "hundred": 100, "dozen": 12})
# "for a fourth time" ~ "the third student", "second-quarter" ~ "third-quarter"; "first" is left out: it
# is as often "at first", "first of all" or "the first to" as a count
_ORDINALS = {w: i for i, w in enumerate("_ _ second third fourth fifth sixth seventh eighth ninth tenth".split()) if w != "_"}
_CURRENCIES = ("$", "€", "£", "¥")
# after money, glued or not: "$80M", "£2.8m", "$6.6b", "$38bn"
_LETTER_SCALES = {"k": "thousand", "m": "million", "mn": "million", "b": "billion", "bn": "billion", "tn": "trillion"}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mln": 1e6, "bln": 1e9, "bn": 1e9,
           "thousands": 1e3, "millions": 1e6, "billions": 1e9}
# "denied" negates what it governs; verbs of refusal are left out: paraphrases swap "refused", "dismissed",
# "rejected" and "declined" freely, and listing one of them would set it against the others
NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot rarely seldom hardly barely scarcely "
                      "deny denies denied denying denial unless dont doesnt didnt isnt wasnt arent werent cant "
                      "couldnt wouldnt shouldnt havent hasnt hadnt wont".split())
# capitalised words that are not names: sentence-initial function words, titles, pronouns
_NOT_NAMES = frozenset(
    "a an the this that these those there their they then when what which while where who whom whose why how "
    "however but and or if as at in on for of to from by with after before during since until he she we it i you "
    "his her our its my your mr mrs ms dr sen rep gov gen president minister chief prime state house senate "
    "sgt sergeant lt lieutenant col colonel capt captain maj major cpl corporal adm admiral cmdr commander det "
    "detective insp inspector supt superintendent "
    "according also meanwhile still yet so thus therefore today yesterday".split())
_STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been being has have had do does did it its this "
    "that these those with as by from he she they we you i me us them him his her their our your my said says say "
    "will would could should may might can must shall than then there here which who whom what when where also "
    "into over about after before up down out more most such so if just very really simply all some any each "
    "every other another much many lot lots one own well even only now again ever already always still together "
    "therefore thus hence however get got make made go going like".split())
MIN_FACT_WORDS = 3  # a sentence with fewer content words, and no figure or name, states no checkable fact
# words inside a name that its initials skip: "Securities and Exchange Commission" -> "SEC"
_NAME_CONNECTORS = frozenset("of and for & the".split())
# a country named by its people or its initials: "American troops" ~ "U.S. troops", "British" ~ "UK"
_DEMONYMS = {"american": "us", "americans": "us", "america": "us", "british": "uk", "britain": "uk",
             "briton": "uk", "britons": "uk", "european": "eu", "europe": "eu"}


@dataclass(frozen=True)
class Facts:
    """What `conflict` compares: figures (as written), names (case-folded), whether it is negated, and the
    other content words."""

    figures: tuple[tuple[str, str], ...]  # (value, kind): "$2.9 billion" -> ("2900000000", "money")
    names: frozenset[str]
    negated: bool
    words: frozenset[str]
    acronyms: dict[str, frozenset[str]]  # word in a run of capitalised words -> the initials of the run and of its
    # beginnings ("control" in "Centers for Disease Control and Prevention" -> "cd", "cdc", "cdcp")
    opening: tuple[str, str] | None  # a capitalised first word and the word after it: ("amazon", "is")
    mentions: Counter[str]  # how often each name (or a capitalised first word) is mentioned
    negated_stems: frozenset[str] = frozenset()  # stems of the words negations govern: "not declared" -> "decla"
    bare_negation: bool = False  # a negation that governs no word of its own ("Bernanke is not."): it negates the whole
    negated_in_meaning: bool = False  # the parity with "failed to", "prohibits", "rather than" counted as negations
    sequence: tuple[str, ...] = ()  # the tokens in order, case-folded, names as `names` spells them


def states_a_fact(facts: Facts) -> bool:
    """Whether a sentence says something checkable: "Therefore, we have a lot of work to do" does not, and
    matches another sentence only as a verbatim copy."""
    return bool(facts.figures or facts.names or len(facts.words) >= MIN_FACT_WORDS)


@functools.lru_cache(maxsize=100_000)
def facts_of(text: str) -> Facts:
    text = _SPLIT_NEGATION.sub("'t", _FRACTION.sub(_decimal_fraction, clean_text(text)))
    tokens = _TOKEN.findall(_WEB.sub(" ", _TWEET_BYLINE.sub("", text)))
    figures, names, words, negations, run, governed = [], set(), set(), [], [], []
    negating_words = 0
    acronyms: dict[str, frozenset[str]] = {}
    mentions: Counter[str] = Counter()
    scale_letters = set()  # positions of the "M" of "$80M": part of the figure, not a name
    for i, token in enumerate(tokens):
        if i in scale_letters:
            continue
        lower = token.lower().rstrip(".")
        capitalised = token[0].isupper() and lower not in _NOT_NAMES and _CONTRACTION.sub("", lower) not in _NOT_NAMES
        if capitalised:
            run.append(_name_key(lower))
        elif not (run and lower in _NAME_CONNECTORS):
            _close_run(run, acronyms)
        ahead = next((j for j in range(i + 1, min(i + 3, len(tokens))) if tokens[j] != "-"), None)  # "$70-million"
        following = tokens[ahead] if ahead is not None else ""
        negating_words += (lower in _NEGATING_WORDS or _NEGATING_PHRASES.get(lower) == following.lower()) and not (
            _negates(tokens, i, lower, negations))
        if token[0].isdigit():
            if (letters := following.rstrip(".").lower()) in _LETTER_SCALES and i and tokens[i - 1].endswith(_CURRENCIES):
                following = _LETTER_SCALES[letters]
                scale_letters.add(ahead)
            figure = _figure(token, following)  # "$80M" ~ "$80 million", "£2.8m" ~ "£2.8 million"
            figures.append((figure, _kind(figure, token, tokens, i)))
        elif (ordinal := _ORDINALS.get(lower.split("-")[0])) is not None:  # "third", "second-quarter"
            figures.append((str(ordinal), "ordinal"))
        elif lower in _NUMBER_WORDS and lower not in ("hundred", "dozen"):
            figure = str(int(_NUMBER_WORDS[lower] * _scale(following)))
            figures.append((figure, _kind(figure, token, tokens, i)))
        elif _negates(tokens, i, lower, negations):
            negations.append(lower)
            governed.append(_governed(tokens, i))
        elif capitalised and (i > 0 or lower not in _common_words()):
            names.add(_name_key(lower))
            mentions[_name_key(lower)] += 1
        elif capitalised and i == 0:  # "Police", "Amazon": a common word, or a name; `opening` keeps it for templates
            mentions[_name_key(lower)] += 1
            continue
        elif _is_content_word(token, lower):
            words.add(sys.intern(lower))
    _close_run(run, acronyms)
    opening = None
    if len(tokens) > 1 and tokens[0][0].isupper() and tokens[0].lower() not in _NOT_NAMES:
        opening = (_name_key(tokens[0].lower().rstrip(".")), tokens[1].lower())
    # a negation that governs another cancels it: "have not refused to ratify" affirms "ratify"
    scopes = [scope for k, scope in enumerate(governed) if scope is not None and (k == 0 or governed[k - 1] is not None)]
    negated_stems = frozenset(stem for scope in scopes for stem in scope)
    return Facts(tuple(figures), frozenset(names), len(negations) % 2 == 1, frozenset(words), acronyms, opening, mentions,
                 negated_stems, any(not scope for scope in scopes), (len(negations) + negating_words) % 2 == 1,
                 tuple(sys.intern(_name_key(token.lower().rstrip("."))) for token in tokens))  # shared: 100,000 are cached


_FRACTION = re.compile(r"(?:(\d+) ?)?(\d+)\u2044(\d+)")  # "2 ½", after NFKC "2 1⁄2" (the fraction slash)


def _decimal_fraction(match: re.Match) -> str:
    """"2 1⁄2" -> "2.5", "3⁄4" -> "0.75": the figure a paraphrase writes in decimals."""
    whole, numerator, denominator = match.group(1), int(match.group(2)), int(match.group(3))
    if not denominator:
        return match.group()
    value = Decimal(int(whole or 0)) + Decimal(numerator) / Decimal(denominator)
    return format(value.quantize(Decimal("0.001")).normalize(), "f")


# a negation governs the next content words of its clause: "did not respond to requests for comment"
SCOPE_WORDS = 3
_CLAUSE_END = frozenset(',.;:!?"()[]…—–“”\'‘’-*|')
_DETERMINERS = frozenset(("no", "without"))  # govern a noun: "without a shirt", not what the man does
_CLAUSE_WORDS = frozenset("but and while whereas although though because if whether that".split())


def _governed(tokens: list[str], i: int) -> list[str] | None:
    """Stems of the content words negation `i` governs: the next SCOPE_WORDS ones in its clause ("not X but
    Y" negates X), one after "no" and "without". None where it governs another negation ("not refused to
    ratify", "not no weapons"): the two cancel."""
    governed: list[str] = []
    most = 1 if tokens[i].lower() in _DETERMINERS else SCOPE_WORDS
    for j in range(i + 1, len(tokens)):
        token, lower = tokens[j], tokens[j].lower().rstrip(".")
        if token in _CLAUSE_END or lower in _CLAUSE_WORDS or len(governed) == most:
            break
        if not governed and _negates(tokens, j, lower, []):
            return None
        if _is_content_word(token, lower) and lower not in NEGATIONS:
            governed.append(_stem(lower))
    return governed


def _is_content_word(token: str, lower: str) -> bool:
    """A word that says what a sentence is about: not a stop word (nor its contraction, "I'm"), not a scale."""
    return token[0].isalpha() and _CONTRACTION.sub("", lower) not in _STOP and lower not in _SCALES


def _stem(word: str) -> str:
    """"declared", "declares" and "declare" alike: crude, but comparing negations by stem errs towards a conflict."""
    return _name_key(word)[:5]


_REFUSALS = frozenset("refused refuses refusing refusal".split())  # "refused to recuse himself" ~ "would not recuse"
_DECLINING = frozenset("declined declines declining".split())  # "declined to comment", not "shares declined 3%"
_LACKING = frozenset("lack lacks lacked lacking".split())  # "lacked the authority" ~ "had no authority"
# Words that negate by their meaning: "for failing to address" ~ "for not addressing", "unwilling to subordinate" ~
# "not willing to", "prohibits supply" ~ "no equipment should be supplied", "based on trust rather than on arms" ~
# "on trust and not on arms", "acquitted" ~ "found not guilty". They answer a negation on the other side but do
# not conflict with a plain verb: "failed to get" ~ "their failure, three times in a row, to get"; "failing to
# meet targets" ~ "missing targets"; "unable to reach" ~ "yet to reach"; "banned" ~ "outlawed"; "opposed the tax" ~
# 'said "no" to the tax'.
_NEGATING_WORDS = _REFUSALS | frozenset(
    "refuse fail fails failed failing failure unable unwilling prohibit prohibits prohibited prohibiting prohibition "
    "ban bans banned banning forbid forbids forbade forbidden bar bars barred barring acquit acquits acquitted "
    "acquittal oppose opposes opposed opposing".split())  # a refusal not followed by "to" ("refused permission") counts here
_NEGATING_PHRASES = {"rather": "than", "instead": "of"}


def _negates(tokens: list[str], i: int, lower: str, earlier: list[str]) -> bool:
    """Whether token `i` negates what follows (`earlier`: the negations before it). Not a negation: "not
    only ... but also", "nothing but", "No." before a number, an opening "No," (an answer) and the "nor" of
    "neither ... nor". A negation: "refused to", "declined to (comment)" and "lacked", which paraphrases trade
    for "would not", "did not" and "had no"."""
    following = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
    if lower in _REFUSALS:
        return following == "to"  # "refused to recuse himself"; "refused the demands" ~ "dismissed the demands"
    if lower in _DECLINING:
        return following in ("to", "comment")
    if lower in _LACKING:
        return following != "of"  # "the lack of a health exception" names a thing
    if not (lower in NEGATIONS or lower.endswith("n't") or (lower == "longer" and i and tokens[i - 1].lower() == "no")):
        return False
    if lower == "nothing" and following == "but":  # "had nothing but praise"
        return False
    if lower == "not" and following in ("only", "just", "merely") and any(t.lower() in ("but", "also") for t in tokens[i + 2:]):
        return False  # "not only X but also Y" ~ "X and Y"; "not only for X" ~ "only for X" is another claim
    if lower == "no" and (following[:1].isdigit() or following == "longer"):  # "No. 1 Intermediate Court"; "no
        return False  # longer" negates once, at "longer"
    if lower == "nor" and "neither" in earlier:
        return False
    return not (lower == "no" and following == "," and all(not t[0].isalnum() for t in tokens[:i]))


@functools.cache
def _common_words() -> frozenset[str]:
    """Whole words of the default model's WordPiece vocabulary: a capitalised first word that is one of them
    ("Throughout", "Police", "Amazon") is not taken for a name, since capitals there say nothing."""
    from dedup.embed import default_model_path

    with open(default_model_path() / "vocab.txt", encoding="utf-8") as vocabulary:
        return frozenset(word for word in vocabulary.read().split() if word.isalpha())


def _close_run(run: list[str], acronyms: dict[str, frozenset[str]]) -> None:
    """Note the initials of a run of two or more capitalised words ("European Central Bank" -> "ecb"), and of
    its parts ("Centers for Disease Control and Prevention" -> "cdc", "Kenya Supreme Court" -> "sc")."""
    if len(run) >= 2:
        initials = "".join(name[0] for name in run)
        acronyms.update(dict.fromkeys(run, frozenset(initials[start:end] for start in range(len(run) - 1)
                                                     for end in range(start + 2, len(run) + 1))))
    run.clear()


def _name_key(word: str) -> str:
    """"Cleveland's" -> "cleveland", "U.S." -> "us": one spelling per name."""
    return word.removesuffix("'s").removesuffix("’s").replace(".", "")


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


def _in_one_unit(figures: tuple[tuple[str, str], ...], others: tuple[tuple[str, str], ...]
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


def _kind(figure: str, token: str, tokens: list[str], i: int) -> str:
    """What a figure counts, from the words around it: a percentage, money, an age, a year, or a number.
    Two figures of different kinds are two details ("charged with two counts" ~ "Peterson, 31, is
    charged"), not a conflict."""
    after = [t.lower().rstrip(".") for t in tokens[i + 1:i + 4] if t != "-"]
    before = tokens[i - 1] if i else ""
    unit = next((t for t in after if t not in _SCALES), "")
    if token.endswith("%") or unit in _PERCENT or after[:2] == ["per", "cent"]:
        return "percent"
    if before.endswith(_CURRENCIES) or unit in _MONEY_AFTER:
        return "money"
    if unit in _UNITS:
        return f"{_UNITS[unit][0]}:{unit}"  # "30 miles" -> "distance:miles"; `_in_one_unit` compares across units
    if unit in _AGE or (before == "," and after[:1] == [","] and i > 1 and tokens[i - 2][:1].isupper()):
        return "age"  # "27-year-old", "Peterson, 31, is"
    if len(token) == 4 and token.isdigit() and _is_year(Decimal(token)) and (
            before.lower() in _BEFORE_YEARS or not after or not after[0].isalpha()):
        return "year"  # "in 1991", "May 4, 2003.", not "2,000" nor "1999 acres"
    return "number"


def _scale(word: str) -> float:
    """What a word after a figure multiplies it by: "million", "bn", "billion-pound" (a compound)."""
    return _SCALES.get(word.lower().rstrip(".").split("-")[0], 1.0)


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
    """"1,520", "2,000,000" and "9,191.09" group thousands; "4,5" is a decimal comma."""
    groups = token.rstrip("%").split(",")[1:]
    return bool(groups) and all(len(group) == 3 for group in groups[:-1]) and len(groups[-1].split(".")[0]) == 3


def conflict(first: Facts, second: Facts) -> str | None:
    """Why the two cannot carry the same claim ("figures", "polarity", "names"), or None if their facts agree."""
    unequal_first, unequal_second = _unequal(*_in_one_unit(first.figures, second.figures))
    if _alone(unequal_first, unequal_second) & _alone(unequal_second, unequal_first):
        return "figures"
    if (first.negated != second.negated and first.negated_in_meaning != second.negated_in_meaning
            and _alike(first, second, NEGATION_OVERLAP) and _negates_what_other_states(first, second)):
        return "polarity"
    if _alike(first, second, NAME_OVERLAP) and _names_swapped(first, second):
        return "names"
    return None


def _names_swapped(first: Facts, second: Facts) -> bool:
    """Whether a name that one side has and the other lacks stands where the other has such a name ("Amazon is
    giving $200 gift cards" ~ "Nordstrom is giving ..."), rather than each side adding a detail of its own
    elsewhere ("On Monday, Abbey trotted on stage" ~ "Abbey trotted on stage ... at the Anaheim Convention
    Center")."""
    only_first, only_second = _names_each_lacks(first, second)
    if not (only_first and only_second):
        return False
    for a_start, a_end, b_start, b_end in _changed_spans(first.sequence, second.sequence):
        here_first = only_first.intersection(first.sequence[a_start:a_end])
        here_second = only_second.intersection(second.sequence[b_start:b_end])
        if _unabbreviated(here_first, here_second) and _unabbreviated(here_second, here_first):
            return True
    return False


def _unabbreviated(names: set[str], others: set[str]) -> set[str]:
    """Those of `names` that are neither an initial of one of `others` nor spelled out by one: an initial in
    the place of a name it begins is that name ("S. Korean" ~ "South Korean")."""
    def initial_of(short: str, long: str) -> bool:
        return len(short) == 1 < len(long) and long.startswith(short)
    return {name for name in names if not any(initial_of(name, other) or initial_of(other, name) for other in others)}


def _changed_spans(first: tuple[str, ...], second: tuple[str, ...]) -> list[tuple[int, int, int, int]]:
    """The spans between the runs both sequences share, as (start, end) in the first and in the second: a
    word replaced by two is one change ("on Saturday ," ~ "on Aug. 16 ,"), not an insertion and a replacement."""
    spans, start = [], None
    for edit in [*Levenshtein.opcodes(first, second), None]:
        if edit is not None and edit.tag != "equal":
            start = start or (edit.src_start, edit.dest_start)
            end = (edit.src_end, edit.dest_end)
        elif start is not None:
            spans.append((start[0], end[0], start[1], end[1]))
            start = None
    return spans


def _negates_what_other_states(first: Facts, second: Facts) -> bool:
    """Whether one side negates a word that the other states without a negation, or negates the whole."""
    if first.bare_negation or second.bare_negation:
        return True

    def plain(facts: Facts) -> set[str]:
        return {_stem(w) for w in facts.words | facts.names} - facts.negated_stems
    return bool(first.negated_stems & plain(second) or second.negated_stems & plain(first))


def names_differ(first: Facts, second: Facts) -> bool:
    """Whether each names someone or something the other does not mention. Alone it does not make two
    claims: paraphrases name things differently ("Saddam" ~ "Hussein"); it does with the rest alike (a
    template), or for a look-alike that nothing else ties to its counterpart (`dedup.verify.Context`)."""
    only_first, only_second = _names_each_lacks(first, second)
    return any(len(name) > 1 for name in only_first) and any(len(name) > 1 for name in only_second)  # an initial
    # ("William H. Rehnquist") names no one else


def _names_each_lacks(first: Facts, second: Facts) -> tuple[set[str], set[str]]:
    """The names each side has that the other does not mention."""
    names_first, names_second = first.names, second.names
    if first.opening and second.opening and first.opening[0] != second.opening[0] and first.opening[1] == second.opening[1]:
        # the same frame opened by two capitalised words: "Amazon is giving ..." ~ "Nordstrom is giving ..."
        names_first, names_second = names_first | {first.opening[0]}, names_second | {second.opening[0]}
    return (_unmatched_names(names_first, first, names_second, second),
            _unmatched_names(names_second, second, names_first, first))


def _unmatched_names(names: frozenset[str], facts: Facts, other_names: frozenset[str], other: Facts) -> set[str]:
    """Those of `names` that the other sentence does not mention (or less often), allowing for spelling ("Iraq" ~ "Iraqi",
    "Sundwell" ~ "Sundwall"), for acronyms ("ECB" ~ "European Central Bank"), for a capitalised word
    that the other writes in lower case, and for the other's first word ("Byrne says ..." mentions Byrne)."""
    mentioned = other_names | other.words | set(other.mentions)
    spelled_out = set().union(*other.acronyms.values())
    countries = {_DEMONYMS.get(word, word) for word in mentioned} | spelled_out
    return {name for name in names
            if (name not in mentioned and name not in spelled_out and not facts.acronyms.get(name, set()) & other_names
                and _DEMONYMS.get(name, name) not in countries and not any(_same_name(name, word) for word in mentioned))
            or facts.mentions[name] > other.mentions[name] > 0}


def _same_name(first: str, second: str) -> bool:
    """One name: spelled two ways, or one is the other cut short ("Colo." ~ "Colorado", "Ala." ~ "Alabama")."""
    if min(len(first), len(second)) >= 3 and (first.startswith(second) or second.startswith(first)):
        return True
    return fuzz.ratio(first, second) >= NAME_SPELLING


def facts_conflict(text_a: str, text_b: str) -> str | None:
    return conflict(facts_of(text_a), facts_of(text_b))


def _alike(first: Facts, second: Facts, overlap: float) -> bool:
    """Whether each side has at least `overlap` of the other's content words (names, figures, negations aside)."""
    shared = len(first.words & second.words)
    return shared >= overlap * len(first.words) and shared >= overlap * len(second.words)


def _unequal(first: tuple[tuple[str, str], ...], second: tuple[tuple[str, str], ...]
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


def _alone(figures: tuple[tuple[str, str], ...], others: tuple[tuple[str, str], ...]) -> set[str]:
    """The kinds of those `figures` that agree with none of `others`: a conflict needs each side to state
    a figure of one kind that the other contradicts."""
    return {kind for value, kind in figures if not any(figures_agree(value, other) for other, _ in others)}


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


_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")


def swaps_a_word(text_a: str, text_b: str) -> bool:
    """Whether one text puts a content word where the other has another that is not the same word spelled
    differently ("Monday" -> "Thursday", "woman" -> "man"; not "Syrian" -> "Syria"). Words added or
    dropped are not swaps: an edited copy adds a detail or an attribution."""
    first, second = (_WORD.findall(clean_text(text).casefold()) for text in (text_a, text_b))
    for edit in Levenshtein.opcodes(first, second):
        if edit.tag != "replace":
            continue
        before = [w for w in first[edit.src_start:edit.src_end] if w[0].isalpha() and w not in _STOP]
        after = [w for w in second[edit.dest_start:edit.dest_end] if w[0].isalpha() and w not in _STOP]
        if before and after and not all(any(_same_name(old, new) for new in after) for old in before):
            return True
    return False
