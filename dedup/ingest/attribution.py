"""Attribution cues: where a text says its content came from.

"according to TASS", "по данным ТАСС", "Attributed to DEA News", "The disclosure came through DEA News", "said in an
interview with National Defense magazine", "told reporters", "MOSCOW, September 6. /TASS/.". Each
cue names a source (an outlet, agency, publication or person), normalised so that "the TASS news
agency" and "TASS" compare equal, and keeps the words it was read from as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_NAME = r"(?P<name>(?:the\s+)?[A-Z][\w’'&.-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w’'&.-]*){0,5})"
_NAME_RU = (r"(?P<name>(?:(?:агентств[оау]|газет[аыу]|журнал[ау]?|телеканал[ау]?|издани[яею])\s+)?"
            r"(?:«[^»\n]{1,60}»|[А-ЯЁA-Z][\w’'&.-]*(?:\s+[А-ЯЁA-Z][\w’'&.-]*){0,4}))")
PATTERNS = [  # the cue words in any case; the name must start with a capital
    ("credits", re.compile(r"\b(?i:according to)\s+" + _NAME)),
    ("credits", re.compile(r"\b(?i:attributed to)\s+" + _NAME)),
    ("credits", re.compile(r"\b(?i:came through)\s+" + _NAME)),
    ("credits", re.compile(r"\b(?i:(?:reported|cited|quoted|published) by)\s+" + _NAME)),
    ("credits", re.compile(r"\b(?i:citing)\s+" + _NAME)),
    ("credits", re.compile(r"\b(?i:via|source:)\s+" + _NAME)),
    ("credits", re.compile(_NAME + r"\s+(?:reported|reports)\b")),
    ("interview", re.compile(r"\b(?i:in an interview (?:with|to))\s+" + _NAME)),
    ("publication", re.compile(r"\b(?i:in (?:his|her|their|an) (?:article|column|op-ed) in)\s+" + _NAME)),
    ("agency", re.compile(r"^[A-Z][A-Z .'’-]+,[^/\n]{0,40}/(?P<name>[A-Za-z][\w .-]{1,30})/", re.M)),
    ("reporters", re.compile(r"\b(?i:told) (?P<name>(?i:reporters|journalists|the press))\b")),
    # Russian: "по данным ТАСС", "сообщает БелТА", "со ссылкой на «Интерфакс»", "МОСКВА, 6 сентября. /ТАСС/."
    ("credits", re.compile(r"(?<!\w)(?i:по данным|по сообщению|по информации|со ссылкой на|как передает|как сообщает|"
                           r"сообщает|сообщают|пишет)\s+" + _NAME_RU)),
    ("interview", re.compile(r"(?<!\w)(?i:в интервью)\s+" + _NAME_RU)),
    ("agency", re.compile(r"^[А-ЯЁ][А-ЯЁ .'’-]+,[^/\n]{0,40}/(?P<name>[А-ЯЁA-Za-z][\w .-]{1,30})/", re.M)),
]
_GENERIC = {"he", "she", "they", "it", "him", "her", "them", "sources", "the official", "officials", "data", "the"}
_TRAILING = re.compile(r"\s+(?:news agency|agency|magazine|newspaper|website|portal|channel)$", re.I)
_LEADING_RU = re.compile(r"^(?:агентств[оау]|газет[аыу]|журнал[ау]?|телеканал[ау]?|издани[яею])\s+", re.I)


@dataclass(frozen=True)
class Cue:
    """One attribution in a text: what kind, to whom (normalised), and the words it was read from."""

    kind: str  # credits | interview | publication | agency | reporters
    name: str
    words: str

    @property
    def key(self) -> str:
        return normalise(self.name)

    def __str__(self) -> str:
        return f"“{self.words}”"


def find_cues(text: str) -> list[Cue]:
    """Every attribution cue in `text`, in order; the same words are listed once."""
    cues: dict[tuple[str, str, str], tuple[int, Cue]] = {}
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            name = match.group("name").strip(" .,;:")
            if normalise(name) in _GENERIC or not name:
                continue
            words = " ".join(match.group(0).split()).strip(" ,;:.")
            cues.setdefault((kind, normalise(name), words.casefold()), (match.start(), Cue(kind, name, words)))
    return [cue for _, cue in sorted(cues.values(), key=lambda item: item[0])]


@lru_cache(maxsize=65536)  # provenance asks about the same few outlet names for every edge of every tree
def normalise(name: str) -> str:
    """'the TASS news agency' -> 'tass'; 'National Defense magazine' -> 'national defense'."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    name = _LEADING_RU.sub("", _TRAILING.sub("", name)).strip("«»\"")
    return " ".join(name.casefold().split())


_MEDIA = re.compile(r"\b(?:news|agency|press|times|post|daily|tv|radio|magazine|journal|gazette|herald|tribune|"
                    r"wire|media|broadcasting|television)\b|агентств|газет|журнал|телеканал|новост|ТАСС|БелТА|"
                    r"Интерфакс|РИА", re.I)


def looks_like_outlet(name: str, known_outlets: set[str] = frozenset()) -> bool:
    """A credited name that is a news outlet rather than a person: a known outlet, or a name with
    a media word in it ("DEA News", "Interfax news agency")."""
    return normalise(name) in known_outlets or bool(_MEDIA.search(name))


def credits_outlet(cues: list[Cue], outlet: str) -> Cue | None:
    """The cue by which a text credits `outlet` (an outlet or agency name), if any."""
    key = normalise(outlet)
    if not key:
        return None
    for cue in cues:
        if cue.kind in ("credits", "agency", "publication") and (cue.key == key or key in cue.key.split()):
            return cue
    return None
