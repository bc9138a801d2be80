"""Small typed records that flow between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """One news document as read from the corpus, before segmentation."""

    doc_id: str
    text: str
    source: str = ""  # file the document came from, as given (with a line number for JSONL/CSV)
    path: str = ""  # absolute path of that file: what a later run compares against
    outlet: str = ""
    published: str = ""  # ISO 8601 date or datetime, "" when unknown
    url: str = ""
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    id_from_path: bool = False  # no id given: the id is the file's path (and line), so another folder's file
    # of the same name is another document, not this one again


# Sentence kinds. Claims, headlines, titles and posts are embedded, indexed and matched (a headline is
# very often *the* claim); the rest is furniture, kept for context.
CLAIM = "claim"
HEADLINE = "headline"  # a line without sentence punctuation: a headline or a lede
TITLE = "title"  # the document's title from its metadata, where its text does not carry it
POST = "post"  # a social post, matched whole once its links, trailer, handles and hashtags are left out
BYLINE = "byline"  # a byline, credit or caption: "By admin", "Photo of author", "Getty Images"
LABEL = "label"  # a speaker label such as "Sergei Naryshkin, head of the SVR:"
DATELINE = "dateline"  # "MOSCOW, September 6. /TASS/."
FRAGMENT = "fragment"  # too short to be a statement: "• 7", "All news"
MATCHED_KINDS = frozenset({CLAIM, HEADLINE, TITLE, POST})


@dataclass(frozen=True)
class Sentence:
    """A segment of a document with its place in it: `position` counts segments from 0."""

    position: int
    start: int
    end: int
    text: str
    kind: str = CLAIM
    quoted: bool = False  # inside a quotation: the speaker's own words
    lang: str = "en"  # ISO 639-1 (`dedup.ingest.language`)


@dataclass(frozen=True)
class SentenceRef:
    """A stored sentence together with the metadata of its document, as reports show it."""

    sentence_id: int
    doc: str
    position: int
    text: str
    outlet: str
    published: str
    quoted: bool = False
    lang: str = "en"
    kind: str = CLAIM


@dataclass(frozen=True)
class Pair:
    """Two sentences of different documents judged to carry the same claim."""

    a: SentenceRef
    b: SentenceRef
    similarity: float  # cosine of the two sentence embeddings
    lexical: float  # 0..1 character-level similarity of the normalised texts
    match: str  # exact | near-exact | paraphrase
    cluster: int | None = None
    confidence: float | None = None  # the judge's probability that the two carry one claim (1 for a copy)
    reason: str = ""  # what decided it: the verifier's route ("exact copy", "judged alone", ...)


@dataclass(frozen=True)
class Cluster:
    """Sentences that carry one claim, across documents."""

    cluster_id: int
    representative: SentenceRef
    members: tuple[SentenceRef, ...]

    @property
    def documents(self) -> list[str]:
        return sorted({m.doc for m in self.members})

    @property
    def outlets(self) -> list[str]:
        return sorted({m.outlet or m.doc for m in self.members})


@dataclass(frozen=True)
class ClusterMembers:
    """A claim cluster as an index run stores it: sentence ids, and how many documents carry them."""

    cluster_id: int  # its first sentence's id
    representative: int
    members: tuple[int, ...]
    documents: int


@dataclass(frozen=True)
class Edge:
    """`target` most likely took the claim from `source`."""

    source: SentenceRef
    target: SentenceRef
    similarity: float
    match: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Provenance:
    cluster_id: int
    origin: SentenceRef
    origin_evidence: tuple[str, ...]
    edges: tuple[Edge, ...]

    def parents(self) -> dict[str, str]:
        """target doc -> the doc it took the claim from, for every edge of the tree."""
        return {e.target.doc: e.source.doc for e in self.edges}

