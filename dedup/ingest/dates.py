"""Publication dates: from metadata, else from the text (datelines, "on 4 April"), partial dates kept.

A news text often states its date without the year ("MOSCOW, September 6. /TASS/.", "on Thursday,
December 17"). Such a date still orders documents of the same year, but not across years, so dates
are kept as partial dates and compared only as far as both are known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

from dedup.ingest.social import posted_on

MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
TEXT_DATES = [
    ("dateline", re.compile(r"^[A-Z][A-Z .'’-]+,\s+" + _MONTH + r"\s+(?P<day>\d{1,2})" + _YEAR, re.I | re.M)),
    ("text", re.compile(r"\bon\s+" + _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})\b" + _YEAR, re.I)),
    ("text", re.compile(r"\bon\s+" + _WEEKDAY + r"(?P<day>\d{1,2})\s+" + _MONTH + _YEAR, re.I)),
    ("text", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<monthnum>\d\d)-(?P<day>\d\d)\b")),
]
HEAD_CHARACTERS = 1500  # a document's own date is stated near its top


@dataclass(frozen=True)
class PartialDate:
    """A date known to year, month or day precision, or a month and day without the year."""

    year: int | None
    month: int | None
    day: int | None
    source: str  # "metadata", or the words of the text it was read from
    moment: str | None = None  # the time too, in UTC (ISO 8601), where the metadata gives one with its zone

    def __str__(self) -> str:
        if self.moment:
            text = f"{self.moment[:16].replace('T', ' ')} UTC"
        elif self.year and self.month and self.day:
            text = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        elif self.year and self.month:
            text = f"{self.year:04d}-{self.month:02d}"
        elif self.year:
            text = f"{self.year:04d}"
        else:
            text = f"{date(2000, self.month or 1, self.day or 1):%B} {self.day or ''}".strip() + " (year unknown)"
        return text if self.source == "metadata" else f"{text}, from the text “{self.source}”"

    def before(self, other: "PartialDate") -> bool | None:
        """True or False where the two dates order the documents, None where they cannot tell. Two times of
        day order documents of the same day (and across zones: "23:00-05:00" is after "01:00+00:00" the
        next day); a day against a time, by the day."""
        if self.moment and other.moment:
            return self.moment < other.moment
        if self.year is None or other.year is None:
            return None
        mine, theirs = (self.year, self.month, self.day), (other.year, other.month, other.day)
        for a, b in zip(mine, theirs):
            if a is None or b is None:
                return None
            if a != b:
                return a < b
        return False  # the same day: neither is before the other


def document_date(published: str, text: str) -> PartialDate | None:
    """The document's date: metadata first, else the first date its head states, else None."""
    if published:
        parsed = parse_iso(published)
        if parsed:
            return parsed
    if posted := posted_on(text):  # an embedded post says when it was posted: "— Name (@x) February 25, 2016"
        month, day, year = posted.replace(",", "").split()
        return PartialDate(int(year), MONTHS[month.lower()], int(day), posted)
    head = text[:HEAD_CHARACTERS]
    found = []
    for source, pattern in TEXT_DATES:
        match = pattern.search(head)
        if match:
            found.append((match.start(), source, match))
    if not found:
        return None
    _, source, match = min(found, key=lambda item: item[0])
    groups = match.groupdict()
    month = int(groups["monthnum"]) if groups.get("monthnum") else MONTHS[groups["month"].lower().rstrip(".")]
    year = int(groups["year"]) if groups.get("year") else None
    return PartialDate(year, month, int(groups["day"]), " ".join(match.group(0).split()).rstrip(".,"))


def sortable(published: str | None) -> str:
    """`published` as a key that sorts in time: a time with its zone as UTC ("2024-04-04T23:00-05:00" after
    "2024-04-05T01:00+00:00"), else as written; "~" (after every date) where unknown."""
    if not published:
        return "~"
    parsed = parse_iso(published)
    return parsed.moment if parsed is not None and parsed.moment else published


def parse_iso(value: str) -> PartialDate | None:
    """ISO 8601 date, datetime, or the partial YYYY-MM and YYYY."""
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:  # a time without its zone cannot order documents of other zones: the day only
            return PartialDate(moment.year, moment.month, moment.day, "metadata")
        utc = moment.astimezone(timezone.utc)  # the day in UTC too, so a day and a time compare alike
        return PartialDate(utc.year, utc.month, utc.day, "metadata", utc.strftime("%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{4})(?:-(0[1-9]|1[0-2]))?", value.strip())
    if match:
        return PartialDate(int(match.group(1)), int(match.group(2)) if match.group(2) else None, None, "metadata")
    return None
