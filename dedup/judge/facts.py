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
from decimal import Decimal
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from dedup.ingest.segment import clean_text
from dedup.judge.figures import (CURRENCIES, LETTER_SCALES, NUMBER_WORDS, ORDINALS, SCALES, alone, compound_number,
                                 figure_kind, figure_value, in_one_unit, scale_of, unequal)
from dedup.judge.words import (DECLINING, LACKING, NEGATING_PHRASES, NEGATING_WORDS, NEGATIONS, NOT_NAMES, REFUSALS,
                               STOP_WORDS, TIME_NAMES)

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
# thousands glued to a figure, money or not: "a poll of 25K people" ~ "25,000 voters" (a glued "M" is as often a
# unit or a name as millions: "128M bytes", "2M television"; after money it is millions, see `facts_of`)
_GLUED_THOUSANDS = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)*)[Kk]\b")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’.\-][^\W\d_]+)*\.?|\S", re.UNICODE)
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
    capitals: frozenset[str] = frozenset()  # the names written in capitals, as `names` spells them: "CEO" -> "ceo"
    initials: str = ""  # the first letter of each token of `sequence` (a space for a token without one)


def states_a_fact(facts: Facts) -> bool:
    """Whether a sentence says something checkable: "Therefore, we have a lot of work to do" does not, and
    matches another sentence only as a verbatim copy."""
    return bool(facts.figures or facts.names or len(facts.words) >= MIN_FACT_WORDS)


@functools.lru_cache(maxsize=100_000)
def facts_of(text: str) -> Facts:
    text = _SPLIT_NEGATION.sub("'t", _FRACTION.sub(_decimal_fraction, clean_text(text)))
    text = _GLUED_THOUSANDS.sub(r"\1 thousand", text)
    tokens = _TOKEN.findall(_WEB.sub(" ", _TWEET_BYLINE.sub("", text)))
    figures, names, words, negations, run, governed = [], set(), set(), [], [], []
    negating_words = 0
    acronyms: dict[str, frozenset[str]] = {}
    mentions: Counter[str] = Counter()
    capitals: set[str] = set()
    scale_letters = set()  # positions of the "M" of "$80M": part of the figure, not a name
    count, traits = len(tokens), [_traits(token) for token in tokens]
    for i, (token, trait) in enumerate(zip(tokens, traits)):
        if i in scale_letters:
            continue
        lower, capitalised, key, compound, ordinal, number_word, content, may_negate = trait
        if capitalised:
            run.append(key)
        elif run and lower in _NAME_CONNECTORS:
            run.append(lower)  # kept for the acronyms that spell it: "Heads of Government" in "CHOGM"
        elif run:
            _close_run(run, acronyms)
        # the next token but a hyphen: "$70-million" is scaled by "million"
        ahead = (i + 1 if i + 1 < count and tokens[i + 1] != "-" else
                 i + 2 if i + 2 < count and tokens[i + 2] != "-" else None)
        following = tokens[ahead] if ahead is not None else ""
        if lower in NEGATING_WORDS or ((phrase := NEGATING_PHRASES.get(lower)) and phrase == following.lower()):
            negating_words += not _negates(tokens, i, lower, negations)
        if token[0].isdigit():
            if (letters := following.rstrip(".").lower()) in LETTER_SCALES and i and tokens[i - 1].endswith(CURRENCIES):
                following = LETTER_SCALES[letters]
                scale_letters.add(ahead)
            figure = figure_value(token, following)  # "$80M" ~ "$80 million", "£2.8m" ~ "£2.8 million"
            figures.append((figure, figure_kind(figure, token, tokens, i)))
        elif compound is not None:  # "Twenty-eight people"
            figures.append((str(compound), figure_kind(str(compound), token, tokens, i)))
        elif ordinal is not None:  # "third", "second-quarter"
            figures.append((str(ordinal), "ordinal"))
        elif number_word:
            figure = str(int(NUMBER_WORDS[lower] * scale_of(following)))
            figures.append((figure, figure_kind(figure, token, tokens, i)))
        elif may_negate and _negates(tokens, i, lower, negations):
            negations.append(lower)
            governed.append(_governed(tokens, i))
        elif capitalised and (i > 0 or lower not in _common_words()):
            names.add(key)
            mentions[key] += 1
            if token.rstrip(".").isupper():
                capitals.add(key)
        elif capitalised and i == 0:  # "Police", "Amazon": a common word, or a name; `opening` keeps it for templates
            mentions[key] += 1
            continue
        elif content:
            words.add(lower)
    _close_run(run, acronyms)
    opening = None
    if len(tokens) > 1 and tokens[0][0].isupper() and tokens[0].lower() not in NOT_NAMES:
        opening = (_name_key(tokens[0].lower().rstrip(".")), tokens[1].lower())
    # a negation that governs another cancels it: "have not refused to ratify" affirms "ratify"
    scopes = [scope for k, scope in enumerate(governed) if scope is not None and (k == 0 or governed[k - 1] is not None)]
    negated_stems = frozenset(stem for scope in scopes for stem in scope)
    sequence = tuple(trait.key for trait in traits)  # interned: 100,000 are cached
    return Facts(tuple(figures), frozenset(names), len(negations) % 2 == 1, frozenset(words), acronyms, opening, mentions,
                 negated_stems, any(not scope for scope in scopes), (len(negations) + negating_words) % 2 == 1,
                 sequence, frozenset(capitals), "".join(token[:1] or " " for token in sequence))


class _Token(NamedTuple):
    """What `facts_of` asks of a token whatever surrounds it."""

    lower: str  # lower case, without a final full stop
    capitalised: bool  # and not a function word
    key: str  # as a name (`_name_key`)
    compound: int | None  # "twenty-eight" -> 28
    ordinal: int | None  # "third", "second-quarter"
    number_word: bool  # "seven", "million" (not "hundred", "dozen")
    content: bool  # a content word (`_is_content_word`)
    may_negate: bool  # `_may_negate`: only these can be a negation


@functools.lru_cache(maxsize=65536)
def _traits(token: str) -> _Token:
    """A token's `_Token`, worked out once per distinct token: the same words recur in every sentence."""
    lower = sys.intern(token.lower().rstrip("."))
    return _Token(lower, token[0].isupper() and lower not in NOT_NAMES and _CONTRACTION.sub("", lower) not in NOT_NAMES,
                  sys.intern(_name_key(lower)), compound_number(lower), ORDINALS.get(lower.split("-")[0]),
                  lower in NUMBER_WORDS and lower not in ("hundred", "dozen"), _is_content_word(token, lower),
                  _may_negate(lower))


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
    return token[0].isalpha() and _CONTRACTION.sub("", lower) not in STOP_WORDS and lower not in SCALES


def _stem(word: str) -> str:
    """"declared", "declares" and "declare" alike: crude, but comparing negations by stem errs towards a conflict."""
    return _name_key(word)[:5]


def _may_negate(lower: str) -> bool:
    """Whether `_negates` could call this word a negation in some context (the others it never does)."""
    return (lower in REFUSALS or lower in DECLINING or lower in LACKING or lower in NEGATIONS or lower.endswith("n't")
            or lower == "longer")


def _negates(tokens: list[str], i: int, lower: str, earlier: list[str]) -> bool:
    """Whether token `i` negates what follows (`earlier`: the negations before it). Not a negation: "not
    only ... but also", "nothing but", "No." before a number, an opening "No," (an answer) and the "nor" of
    "neither ... nor". A negation: "refused to", "declined to (comment)" and "lacked", which paraphrases trade
    for "would not", "did not" and "had no"."""
    following = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
    if lower in REFUSALS:
        return following == "to"  # "refused to recuse himself"; "refused the demands" ~ "dismissed the demands"
    if lower in DECLINING:
        return following in ("to", "comment")
    if lower in LACKING:
        return following != "of"  # "the lack of a health exception" names a thing
    if not _may_negate(lower) or (lower == "longer" and not (i and tokens[i - 1].lower() == "no")):
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
    from dedup.match.embed import default_model_path

    with open(default_model_path() / "vocab.txt", encoding="utf-8") as vocabulary:
        return frozenset(word for word in vocabulary.read().split() if word.isalpha())


def _close_run(run: list[str], acronyms: dict[str, frozenset[str]]) -> None:
    """Note the initials of a run of two or more capitalised words ("European Central Bank" -> "ecb"), and of
    its parts ("Centers for Disease Control and Prevention" -> "cdc", "Kenya Supreme Court" -> "sc"), and of the
    whole run with its connectors ("Commonwealth Heads of Government Meeting" -> "chogm")."""
    while run and run[-1] in _NAME_CONNECTORS:  # "... Bank of the" closed by a word in lower case
        run.pop()
    names = [word for word in run if word not in _NAME_CONNECTORS]
    if len(names) >= 2:
        initials = "".join(name[0] for name in names)
        spelled = {initials[start:end] for start in range(len(names) - 1) for end in range(start + 2, len(names) + 1)}
        if len(names) < len(run):
            spelled.add("".join(word[0] for word in run if word[0].isalpha()))
        acronyms.update(dict.fromkeys(names, frozenset(spelled)))
    run.clear()


def _spells(name: str, facts: Facts) -> int:
    """Where the words of `facts` spell out `name`, written in capitals, as an acronym of three letters or
    more, whatever their case ("CEO" ~ "chief executive officer", "CHOGM" ~ "Commonwealth Heads of Government
    meeting"): the position of the first word, or -1."""
    return facts.initials.find(name) if len(name) >= 3 and name.isalpha() else -1


def _spelled_out_by(names: frozenset[str], facts: Facts) -> set[str]:
    """The words of `facts` that an acronym among `names` (written in capitals) spells out."""
    words = set()
    for name in names:
        if (start := _spells(name, facts)) >= 0:
            words.update(facts.sequence[start:start + len(name)])
    return words


def _name_key(word: str) -> str:
    """"Cleveland's" -> "cleveland", "U.S." -> "us": one spelling per name."""
    return word.removesuffix("'s").removesuffix("’s").replace(".", "")


def conflict(first: Facts, second: Facts) -> str | None:
    """Why the two cannot carry the same claim ("figures", "polarity", "names"), or None if their facts agree."""
    unequal_first, unequal_second = unequal(*in_one_unit(first.figures, second.figures))
    if alone(unequal_first, unequal_second) & alone(unequal_second, unequal_first):
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
    claims: paraphrases name things differently ("Saddam" ~ "Hussein"); it does for a look-alike that nothing
    else ties to its counterpart (`dedup.judge.Context`). A day or a month is when, not who: a rewrite drops
    "on Monday" and credits a speaker ("Mr. Kuo said") without naming anyone else (a date that changes is a
    figure or a swapped name, which the facts step weighs)."""
    only_first, only_second = _names_each_lacks(first, second)
    return any(_names_someone(name) for name in only_first) and any(_names_someone(name) for name in only_second)


def _names_someone(name: str) -> bool:
    """An initial ("William H. Rehnquist") names no one else, nor does a day or a month."""
    return len(name) > 1 and name not in TIME_NAMES


def _names_each_lacks(first: Facts, second: Facts) -> tuple[set[str], set[str]]:
    """The names each side has that the other does not mention (or less often: "Visual C# and Visual Basic" ~
    "Forrester C# and Visual Basic" swaps one of two mentions)."""
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
    mentioned = other_names | other.words | set(other.mentions) | _spelled_out_by(other.capitals, facts)
    spelled_out = set().union(*other.acronyms.values()) | {name for name in facts.capitals & names
                                                            if _spells(name, other) >= 0}
    countries = {_DEMONYMS.get(word, word) for word in mentioned} | spelled_out
    return {name for name in names
            if (name not in mentioned and name not in spelled_out and not facts.acronyms.get(name, set()) & other_names
                and _DEMONYMS.get(name, name) not in countries and not _same_name_as_any(name, mentioned))
            or facts.mentions[name] > other.mentions[name] > 0}


def _same_name(first: str, second: str) -> bool:
    """One name: spelled two ways, one is the other cut short ("Colo." ~ "Colorado", "Ala." ~ "Alabama"), or one
    carries an article ("Al-Qaida" ~ "Qaeda", "al-Ghozi" ~ "Ghozi"; not "Vice-President" ~ "President")."""
    return _same_name_as_any(first, {second})


def _same_name_as_any(name: str, words: set[str]) -> bool:
    """Whether one of `words` is `name` (`_same_name`): tested against all of them at once (the spelling in
    rapidfuzz, the rest with set lookups), a name is asked about every word of the other sentence."""
    if process.extractOne(name, words, scorer=fuzz.ratio, score_cutoff=NAME_SPELLING) is not None:
        return True
    if len(name) >= 3 and (any(name[:end] in words for end in range(3, len(name)))
                           or any(word.startswith(name) for word in words)):
        return True
    if "-" in name:
        return any(_with_article(name, word) for word in words)
    return any(_with_article(word, name) for word in words if "-" in word)


def _with_article(long: str, short: str) -> bool:
    """"Al-Qaida" ~ "Qaeda": `long` is `short` (spelled alike) after an article of one or two letters."""
    article, _, rest = long.partition("-")
    return len(article) <= 2 and "-" not in short and len(rest) >= 3 and fuzz.ratio(rest, short) >= NAME_SPELLING


def facts_conflict(text_a: str, text_b: str) -> str | None:
    return conflict(facts_of(text_a), facts_of(text_b))


def _alike(first: Facts, second: Facts, overlap: float) -> bool:
    """Whether each side has at least `overlap` of the other's content words (names, figures, negations aside)."""
    shared = len(first.words & second.words)
    return shared >= overlap * len(first.words) and shared >= overlap * len(second.words)


_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")


def swaps_a_word(text_a: str, text_b: str) -> bool:
    """Whether one text puts a content word where the other has another that is not the same word spelled
    differently ("Monday" -> "Thursday", "woman" -> "man"; not "Syrian" -> "Syria"). Words added or
    dropped are not swaps: an edited copy adds a detail or an attribution."""
    first, second = (_WORD.findall(clean_text(text).casefold()) for text in (text_a, text_b))
    for edit in Levenshtein.opcodes(first, second):
        if edit.tag != "replace":
            continue
        before = [w for w in first[edit.src_start:edit.src_end] if w[0].isalpha() and w not in STOP_WORDS]
        after = [w for w in second[edit.dest_start:edit.dest_end] if w[0].isalpha() and w not in STOP_WORDS]
        if before and after and not all(any(_same_name(old, new) for new in after) for old in before):
            return True
    return False
