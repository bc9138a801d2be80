"""The language of a document and of its sentences.

Statements travel between languages: a TASS or BelTA original in Russian, its English rewrite days later.
The language decides how a document is split into sentences (`dedup.ingest.segment`) and how a pair is judged
(`dedup.judge`). py3langid (langid.py's model, numpy only) classifies; it takes about 1 ms per 1,000
characters here, so text that is plainly English, told by its function words, skips it: an English corpus
pays almost nothing. Other Latin-script text is English unless the classifier gives English under 0.1 %
(it ranks short English text first as Pidgin or Latin now and then). A sentence takes its document's
language unless it is written in another script (a Russian quotation in an English article), then it is
classified on its own.
"""

from __future__ import annotations

import functools
import re

ENGLISH = "en"
SAMPLE_CHARS = 600  # classified from the start of a text: enough to be sure, and the cost grows with length
MIN_WORDS = 8
ENGLISH_SHARE = 0.12  # English news has 25-35 % of these words; French, German or Russian close to none
# Short English text in Latin script is often ranked first as something else (95 of the 10,375 fact-checked claims
# of CheckThat 2020: Nigerian Pidgin, Latin, Hausa, ...), yet keeps an English probability of 0.4 % or more; French,
# German, Italian, Spanish or Polish sentences get 0.005 % or less: Latin-script text is English above this.
MIN_ENGLISH_PROBABILITY = 0.001
FUNCTION_WORDS = frozenset(
    "the of and to is that for with was were by from this are has have had said which it be been their "
    "not but will would who its than they".split())
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def detect(text: str) -> str:
    """ISO 639-1 code of the text's language ("en", "ru", "uk", "be", ...)."""
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample.casefold())
    if not words:
        return ENGLISH
    if len(words) >= MIN_WORDS and sum(w in FUNCTION_WORDS for w in words) >= ENGLISH_SHARE * len(words):
        return ENGLISH
    ranked = _identifier().rank(sample)
    if script(sample) == "latin" and dict(ranked).get(ENGLISH, 0.0) >= MIN_ENGLISH_PROBABILITY:
        return ENGLISH
    return ranked[0][0]


@functools.cache
def _identifier():
    """py3langid's model with probabilities that sum to one."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def script(text: str) -> str:
    """"cyrillic" or "latin", whichever has more letters in the text."""
    return "cyrillic" if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)) else "latin"


def sentence_language(text: str, document_language: str) -> str:
    """The document's language, unless the sentence is written in another script than that language's."""
    expected = _SCRIPTS.get(document_language, "latin")
    other = _CYRILLIC if expected == "latin" else _LATIN
    if not other.search(text) or script(text) == expected:  # the first test settles almost every sentence
        return document_language
    return detect(text)


_SCRIPTS = {"ru": "cyrillic", "uk": "cyrillic", "be": "cyrillic", "bg": "cyrillic", "sr": "cyrillic",
            "mk": "cyrillic", "kk": "cyrillic", "ky": "cyrillic", "mn": "cyrillic"}


NAMES = {"en": "English", "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian", "de": "German", "fr": "French",
         "es": "Spanish", "it": "Italian", "pl": "Polish", "pt": "Portuguese", "bg": "Bulgarian", "sr": "Serbian",
         "kk": "Kazakh", "ar": "Arabic", "zh": "Chinese", "tr": "Turkish"}


def name(code: str) -> str:
    return NAMES.get(code, code)
