"""Split a document into sentences (claims) and mark what is not a claim.

Sentence boundaries come from `razdel` for Russian, Ukrainian and Belarusian (it knows "т.е.", "г." and
initials such as "С.Е. Нарышкин", which sentencex's Russian rules cut) and from `sentencex` for every
other language, run with quotation marks masked out so that each sentence inside a long quotation
becomes its own claim. News furniture is kept but marked:
headlines and bylines (lines without sentence punctuation), speaker labels ("Name, title:"),
datelines ("MOSCOW, September 6. /TASS/.") and fragments ("• 4:48").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterator

import razdel
import sentencex

from dedup.language import ENGLISH, sentence_language
from dedup.records import CLAIM, DATELINE, FRAGMENT, HEADLINE, LABEL, Sentence

QUOTES = "\"“”„«»‟"
_QUOTE_MASK = str.maketrans({q: " " for q in QUOTES})
_TERMINAL = tuple(".!?…") + tuple(QUOTES) + ("'", "’", ")")
_WORD = re.compile(r"[^\W\d_]{2,}|[^\W\d_]+\d*", re.UNICODE)
MIN_CLAIM_WORDS = 3
MAX_HEADLINE_WORDS = 40
MAX_LABEL_WORDS = 15

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
DATELINE_PATTERN = re.compile(
    r"(?P<place>[A-Z][A-Z'’.\-]*(?:\s+[A-Z][A-Z'’.\-]*)*)"  # MOSCOW, NEW YORK
    r"(?:,\s+(?!" + _MONTH + r"\s+\d)[A-Z][a-z]+\.?)*"  # , Calif.
    r"(?:,?\s+(?P<date>" + _MONTH + r"\s+\d{1,2}(?:,\s*\d{4})?)\.?)?"  # , September 6.
    r"(?:\s*(?P<agency>/[^/\n]{2,30}/|\([^)\n]{2,30}\))\.?)?"  # /TASS/. or (Reuters)
    r"\s*[-—–]*\s*"
)


# wire ticker codes: "<.SPX>", "<MSFT.O>"; without brackets, ".SPX" and "HPQ.N" before a comma or a lower-case word
_TICKER = re.compile(r"<[^<>\s]{1,15}>|(?:(?<=\s)\.[A-Z]{2,6}|\b[A-Z]{2,5}\.[A-Z]{1,2})(?=\s*[,)]|\s+[a-z])")


RAZDEL_LANGUAGES = frozenset({"ru", "uk", "be"})


def segment(text: str, language: str = ENGLISH) -> list[Sentence]:
    """Segments of `text` (written in `language`) in order, with character offsets into `text`, a kind and
    each one's language."""
    segments: list[Sentence] = []
    for start, end in _blocks(text):
        for s_start, s_end, kind in _segment_block(text, start, end, language):
            quoted = _inside_quotation(text, start, s_start)
            words = collapse_space(text[s_start:s_end])
            segments.append(Sentence(len(segments), s_start, s_end, words, kind, quoted,
                                     sentence_language(words, language)))
    return segments


def _inside_quotation(text: str, block_start: int, start: int) -> bool:
    """Whether a sentence is someone's quoted words: it opens a quotation or continues an open one."""
    return text[start] in QUOTES or sum(text.count(q, block_start, start) for q in QUOTES) % 2 == 1


def collapse_space(text: str) -> str:
    return " ".join(text.split())


def clean_text(text: str) -> str:
    """The text a claim is embedded and compared by: NFKC, no quotation marks, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_MASK)
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return collapse_space(text)


def text_key(text: str) -> str:
    """Identity of a claim's wording: texts with the same key are verbatim copies."""
    return hashlib.sha1(clean_text(text).casefold().encode("utf-8")).hexdigest()


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph spans: one per line, with hard-wrapped lines joined back together."""
    block: tuple[int, int] | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        start = offset + len(line) - len(line.lstrip())
        end = start + len(stripped)
        offset += len(line)
        if not stripped:
            if block:
                yield block
            block = None
            continue
        if block and not text[block[1] - 1].endswith(_TERMINAL) and stripped[0].islower():
            block = (block[0], end)  # a hard-wrapped sentence continues on this line
            continue
        if block:
            yield block
        block = (start, end)
    if block:
        yield block


def _segment_block(text: str, start: int, end: int, language: str) -> Iterator[tuple[int, int, str]]:
    block = text[start:end]
    if block.startswith("#"):  # a Markdown heading
        yield start, end, HEADLINE
        return
    words = word_count(block)
    if words < MIN_CLAIM_WORDS:
        yield start, end, FRAGMENT
    elif block.endswith(":") and words <= MAX_LABEL_WORDS:
        yield start, end, LABEL
    elif not block.endswith(_TERMINAL) and words <= MAX_HEADLINE_WORDS:
        yield start, end, HEADLINE
    else:
        yield from _sentences(text, start, end, language)


def _boundaries(language: str, text: str) -> Iterator[tuple[int, int]]:
    if language in RAZDEL_LANGUAGES:
        return ((piece.start, piece.stop) for piece in razdel.sentenize(text))
    return ((b["start_index"], b["end_index"]) for b in sentencex.get_sentence_boundaries(language, text))


def _sentences(text: str, start: int, end: int, language: str) -> Iterator[tuple[int, int, str]]:
    dateline = _dateline_length(text[start:end])
    if dateline:
        yield start, start + len(text[start:start + dateline].rstrip()), DATELINE
        start += dateline
    masked = _mask_tickers(text[start:end].translate(_QUOTE_MASK))
    for piece_start, piece_end in _boundaries(language, masked):
        piece = masked[piece_start:piece_end]
        if not piece.strip():
            continue
        lead = len(piece) - len(piece.lstrip())
        s_start = start + piece_start
        s_end = s_start + len(piece.rstrip())
        # Quotation marks were masked for splitting; keep the opening one with its sentence.
        s_start += lead
        if s_start > start and text[s_start - 1] in QUOTES and masked[s_start - 1 - start] == " ":
            s_start -= 1
        if s_end < end and text[s_end] in QUOTES:
            s_end += 1
        kind = CLAIM if word_count(text[s_start:s_end]) >= MIN_CLAIM_WORDS else FRAGMENT
        yield s_start, s_end, kind


def _mask_tickers(block: str) -> str:
    """The block with the full stops of wire ticker codes ("<.SPX>", "Index .SPX rose", "HPQ.N ,") blanked
    (same length), so that the splitter does not cut a sentence there."""
    return _TICKER.sub(lambda code: code.group().replace(".", "_"), block)


RUSSIAN_DATELINE_PATTERN = re.compile(  # МОСКВА, 6 сентября. /ТАСС/.
    r"(?P<place>[А-ЯЁ][А-ЯЁ\-]+(?:\s+[А-ЯЁ][А-ЯЁ\-]+)*)"
    r"(?:,\s+(?P<date>\d{1,2}\s+[а-яё]+(?:\s+\d{4})?)\.?)?"
    r"(?:\s*(?P<agency>/[^/\n]{2,30}/|\([^)\n]{2,30}\))\.?)?"
    r"\s*[-—–]*\s*"
)


def _dateline_length(block: str) -> int:
    """Length of a leading dateline such as "MOSCOW, September 6. /TASS/. ", else 0."""
    match = DATELINE_PATTERN.match(block) or RUSSIAN_DATELINE_PATTERN.match(block)
    if not match or not (match.group("date") or match.group("agency")):
        return 0
    if not any(c.islower() for c in block[match.end():match.end() + 40]):
        return 0  # an all-caps sentence, not a dateline
    return match.end()
