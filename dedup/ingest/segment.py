"""Split a document into sentences (claims) and mark what is not a claim.

Sentence boundaries come from `razdel` for Russian, Ukrainian and Belarusian (it knows "т.е.", "г." and
initials such as "С.Е. Нарышкин", which sentencex's Russian rules cut) and from `sentencex` for every
other language, run with quotation marks masked out so that each sentence inside a long quotation
becomes its own claim. News furniture is kept but marked:
headlines and bylines (lines without sentence punctuation), speaker labels ("Name, title:"),
datelines ("MOSCOW, September 6. /TASS/.") and fragments ("• 4:48").

Headlines (lines without sentence punctuation), a title from the metadata that the text does not
carry, and social posts are matched like claims; bylines, credits and captions, speaker labels,
datelines and fragments are furniture, kept but never matched. Social furniture (links, the embed
trailer of a tweet, handles and hashtags: `dedup.ingest.social`) is left out of every segment's text, and a
short document that had some is a post, one segment.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterator

import razdel
import sentencex
from rapidfuzz import fuzz

from dedup.ingest import social
from dedup.ingest.language import ENGLISH, sentence_language
from dedup.records import BYLINE, CLAIM, DATELINE, FRAGMENT, HEADLINE, LABEL, POST, TITLE, Sentence

# how documents are cut into segments, counted: a store re-segments a document indexed under another count
# (`dedup.pipeline.content_hash`). 2: what follows a closed quotation in lower case stays in its sentence
SEGMENTATION = 2
QUOTES = "\"“”„«»‟"
_QUOTE_MASK = str.maketrans({q: " " for q in QUOTES})
_TERMINAL = tuple(".!?…") + tuple(QUOTES) + ("'", "’", ")")
_WORD = re.compile(r"[^\W\d_]{2,}|[^\W\d_]+\d*", re.UNICODE)
MIN_CLAIM_WORDS = 3
MAX_HEADLINE_WORDS = 40
MAX_LABEL_WORDS = 15
MIN_HEADLINE_WORDS = 4
# a line without sentence punctuation that credits, captions or signs rather than states
_BYLINE = re.compile(r"(?:by|photo|photos|photograph|image|images|picture|pictures|video|credit|credits|source|"
                     r"file|getty|ap|afp|reuters|epa|©|copyright|posted|updated|published|read more|related|"
                     r"share|watch|listen|advertisement|subscribe|follow us|click|see also)\b|©",
                     re.IGNORECASE)

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


def segment(text: str, language: str = ENGLISH, title: str = "") -> list[Sentence]:
    """Segments of `text` (written in `language`) in order, with character offsets into `text`, a kind and
    each one's language; then the `title`, where the text does not carry it (offsets 0, 0)."""
    tidied, social_furniture = social.tidy(text)
    segments: list[Sentence] = []
    post = collapse_space(tidied)
    if social_furniture and post and len(post) <= social.POST_MAX_CHARS:
        start = len(tidied) - len(tidied.lstrip())
        end = len(tidied.rstrip())
        kind = POST if word_count(post) >= MIN_CLAIM_WORDS else FRAGMENT
        segments.append(Sentence(0, start, end, post, kind, False, sentence_language(post, language)))
    else:
        for start, end in _blocks(tidied):
            for s_start, s_end, kind in _segment_block(tidied, start, end, language):
                quoted = _inside_quotation(text, start, s_start)
                words = collapse_space(tidied[s_start:s_end])
                segments.append(Sentence(len(segments), s_start, s_end, words, kind, quoted,
                                         sentence_language(words, language)))
    title = collapse_space(social.tidy(title)[0])
    if word_count(title) >= MIN_HEADLINE_WORDS and not any(_same_line(title, s.text) for s in segments):
        segments.append(Sentence(len(segments), 0, 0, title, TITLE, False, sentence_language(title, language)))
    return segments


def _same_line(title: str, text: str) -> bool:
    """Whether a title is one of the text's lines, up to a comma or a quotation mark."""
    return lexical_similarity(title, text) >= 0.9


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


def lexical_similarity(text_a: str, text_b: str) -> float:
    """Normalised Indel similarity (0..1) of the cleaned, case-folded texts."""
    return fuzz.ratio(clean_text(text_a).casefold(), clean_text(text_b).casefold()) / 100.0


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
        yield start, end, HEADLINE if words >= MIN_HEADLINE_WORDS and not _BYLINE.match(block) else BYLINE
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
    spans: list[tuple[int, int]] = []
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
        if spans and _goes_on_after_quotation(text, spans[-1][1], s_start):
            spans[-1] = (spans[-1][0], s_end)
        else:
            spans.append((s_start, s_end))
    for s_start, s_end in spans:
        kind = CLAIM if word_count(text[s_start:s_end]) >= MIN_CLAIM_WORDS else FRAGMENT
        yield s_start, s_end, kind


def _goes_on_after_quotation(text: str, previous_end: int, start: int) -> bool:
    """Whether the piece at `start` goes on with the sentence of a quotation closed just before it ('"We will
    win." he said.', 'asked "Lido Deck or Promenade Deck?" was fired'): the splitter ends a sentence at the
    quotation's own full stop, question or exclamation mark, but a sentence does not begin with a lower-case
    word, and the attribution alone ("he told reporters.") is no claim."""
    return (text[previous_end - 1:previous_end] in QUOTES and text[previous_end - 2:previous_end - 1] in ".!?…"
            and text[start:start + 1].islower())


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
