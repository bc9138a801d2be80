"""Provenance: which document carried a claim first, and which earlier document each later one took it from.

For one claim cluster, every document is a node and every matched pair between two documents a
possible copy, in the direction their dates allow. Each possible copy is weighed by the evidence a
reader would use:

- text: a copy is closest to its immediate source (a copy of a copy is closer to the copy it was
  made from than to the origin), measured as character similarity over every claim the two
  documents share; and a copy can only inherit wording its source has: the share of the target's
  words found in the candidate source (what textual criticism calls shared omissions and errors)
  tells a parent from a sibling or a grandparent. A copy more often drops words than adds its own;
- attribution: the later text credits the earlier one's outlet ("according to TASS");
- quotation: a document quoting the speaker's words is closer to the source than one rewriting them;
- shared content: documents that share more claims are more likely copied one from the other;
- language: a translation renders an original; statements travel from the language they were made in
  into English (a TASS or BelTA original, its English rewrite), so a document in another language is the
  likelier source of an English one when dates do not say otherwise;
- dates: known dates forbid copying from the future; documents with unknown or partial dates may
  stand anywhere, and that uncertainty is shown.

The tree is the maximum spanning arborescence (Edmonds' algorithm, networkx) over those weights,
rooted at the likeliest origin: the earliest dated document, one that credits no other outlet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from dedup.ingest.attribution import Cue, credits_outlet, looks_like_outlet
from dedup.ingest.dates import PartialDate
from dedup.ingest.language import ENGLISH, name as language_name
from dedup.ingest.segment import clean_text, lexical_similarity
from dedup.records import Cluster, Edge, Pair, Provenance, SentenceRef

ATTRIBUTION_WEIGHT = 1.0
QUOTATION_WEIGHT = 0.2
SHARED_WEIGHT = 0.3
DIRECTION_WEIGHT = 0.5
COVERAGE_WEIGHT = 2.0
TRANSLATION_WEIGHT = 1.5
ROOT_COST = 10.0  # starting a second tree costs more than any copy is worth: one origin per claim


@dataclass(frozen=True)
class DocumentEvidence:
    doc: str
    outlet: str
    date: PartialDate | None
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class DocumentRelations:
    """Documents compared pairwise over every claim cluster both carry."""

    shared: dict[frozenset, int]  # how many clusters the two documents have in common
    likeness: dict[frozenset, float]  # mean character similarity of their sentences
    coverage: dict[tuple[str, str], float]  # (source, target) -> share of target's words found in source

    def like(self, a: str, b: str, first: dict[str, SentenceRef]) -> float:
        """How alike a and b read: over every claim they share, or this claim's sentences where not compared."""
        key = frozenset({a, b})
        return self.likeness[key] if key in self.likeness else _similarity(first[a], first[b])

    def inherited(self, source: str, target: str, first: dict[str, SentenceRef]) -> float:
        """Share of target's words that source has: over every claim they share, or this claim's sentences."""
        found = self.coverage.get((source, target))
        return found if found is not None else _coverage(first[source], first[target])

    @classmethod
    def compare(cls, clusters: list[Cluster], docs: set[str], between: set[frozenset] | None = None
                ) -> "DocumentRelations":
        """Compare the given documents over all `clusters` (each document's first member in each); with
        `between`, only those pairs of them (two documents that share no claim being traced are not asked about)."""
        likeness: dict[frozenset, list[float]] = {}
        found: dict[tuple[str, str], list[int]] = {}
        for cluster in clusters:
            first: dict[str, SentenceRef] = {}
            for member in sorted(cluster.members, key=lambda m: (m.doc, m.position)):
                if member.doc in docs:
                    first.setdefault(member.doc, member)
            names = sorted(first)
            vocabulary = {name: words(first[name].text) for name in names}
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    key = frozenset({a, b})
                    if between is not None and key not in between:
                        continue
                    likeness.setdefault(key, []).append(_similarity(first[a], first[b]))
                    for source, target in ((a, b), (b, a)):
                        counts = found.setdefault((source, target), [0, 0])
                        counts[0] += len(vocabulary[target] & vocabulary[source])
                        counts[1] += len(vocabulary[target])
        return cls({k: len(v) for k, v in likeness.items()}, {k: sum(v) / len(v) for k, v in likeness.items()},
                   {k: inherited / max(1, total) for k, (inherited, total) in found.items()})


def build_provenance(cluster: Cluster, pairs: list[Pair], documents: dict[str, DocumentEvidence],
                     relations: DocumentRelations | None = None) -> Provenance:
    """The provenance tree of one cluster. `pairs` are its matched pairs; `relations` compares the
    documents over all the claims they share (this cluster alone when not given)."""
    relations = relations or DocumentRelations.compare([cluster], set(cluster.documents))
    shared = relations.shared
    first: dict[str, SentenceRef] = {}
    for member in sorted(cluster.members, key=lambda m: (m.doc, m.position)):
        first.setdefault(member.doc, member)
    best_pair: dict[frozenset, Pair] = {}
    for pair in pairs:
        key = frozenset({pair.a.doc, pair.b.doc})
        if key not in best_pair or pair.similarity > best_pair[key].similarity:
            best_pair[key] = pair
    outlets = {normalised for d in first if (normalised := _outlet_key(documents[d]))}
    most_shared = max((shared.get(frozenset({a, b}), 0) for a in first for b in first if a < b), default=1) or 1

    weights: dict[tuple[str, str], float] = {}
    for key in best_pair:
        a, b = sorted(key)
        for source, target in ((a, b), (b, a)):
            if _before(documents[target], documents[source]) is True:
                continue  # the target is known to be older: it cannot have copied
            weights[(source, target)] = _copy_score(source, target, first, documents, shared, most_shared, relations)
    roots = {doc: -ROOT_COST + _origin_score(doc, first, documents, outlets) for doc in first}
    parent_of = _arborescence(roots, weights)
    origin_doc = min((d for d in first if d not in parent_of), key=lambda d: (-_descendants(d, parent_of), d))
    order = sorted(parent_of, key=lambda d: (len(ancestors(d, parent_of)), d))
    edges = []
    for target in order:
        source = parent_of[target]
        pair = best_pair[frozenset({source, target})]
        edges.append(Edge(first[source], first[target], pair.similarity, pair.match,
                          tuple(_copy_evidence(source, target, first, documents, shared, relations, outlets))))
    return Provenance(cluster.cluster_id, first[origin_doc],
                      tuple(_origin_evidence(origin_doc, first, documents, outlets)), tuple(edges))


def _arborescence(roots: dict[str, float], weights: dict[tuple[str, str], float]) -> dict[str, str]:
    """target -> source of the maximum spanning arborescence under a virtual root (Edmonds, networkx).

    `roots[d]` is what making d a root is worth. Two documents, the common case, need no graph library.
    """
    docs = sorted(roots)
    if len(docs) == 2:
        a, b = docs
        options = [(roots[x] + weights[(x, y)], x, y) for x, y in ((a, b), (b, a)) if (x, y) in weights]
        if not options or max(options)[0] < roots[a] + roots[b]:
            return {}
        _, source, target = max(options, key=lambda o: (o[0], o[1] == a))
        return {target: source}
    greedy = _best_sources(roots, weights)
    if greedy is not None:
        return greedy
    import networkx as nx  # here, not at import time: indexing never needs it

    graph = nx.DiGraph()
    root = "\0root"
    for doc, weight in roots.items():
        graph.add_edge(root, doc, weight=weight)
    for (source, target), weight in weights.items():
        graph.add_edge(source, target, weight=weight)
    tree = nx.maximum_spanning_arborescence(graph, attr="weight", preserve_attrs=True)
    return {target: source for source, target in tree.edges if source != root}


def _best_sources(roots: dict[str, float], weights: dict[tuple[str, str], float]) -> dict[str, str] | None:
    """Each document's best source (or none, where being a root is worth more), if those choices form no cycle:
    then they are the maximum spanning arborescence (Edmonds' first step; only a cycle needs the rest of it).
    Dates usually rule cycles out, since a document cannot copy an older one; None where they do not."""
    best: dict[str, tuple[float, str | None]] = {doc: (weight, None) for doc, weight in roots.items()}
    for (source, target), weight in weights.items():
        if weight > best[target][0]:
            best[target] = (weight, source)
    parent_of = {target: source for target, (_, source) in best.items() if source is not None}
    for doc in parent_of:
        seen = {doc}
        while doc in parent_of:
            doc = parent_of[doc]
            if doc in seen:
                return None
            seen.add(doc)
    return parent_of


def ancestors(doc: str, parent_of: dict[str, str]) -> list[str]:
    """The documents `doc` descends from, nearest first."""
    found = []
    while doc in parent_of:
        doc = parent_of[doc]
        found.append(doc)
    return found


def pair_directions(pairs: list[Pair], parents: dict[int, dict[str, str]]) -> dict[tuple[int, int], str]:
    """(sentence a, sentence b) -> "a->b" or "b->a" where the provenance tree of their cluster orders
    their documents (one descends from the other); pairs it does not order are left out. `parents`
    maps a cluster to its tree's target doc -> source doc."""
    lineages = {cluster: {doc: set(ancestors(doc, parent_of)) for doc in parent_of}
                for cluster, parent_of in parents.items()}
    directions = {}
    for pair in pairs:
        lineage = lineages.get(pair.cluster) if pair.cluster is not None else None
        if not lineage:
            continue
        if pair.a.doc in lineage.get(pair.b.doc, ()):
            directions[(pair.a.sentence_id, pair.b.sentence_id)] = "a->b"
        elif pair.b.doc in lineage.get(pair.a.doc, ()):
            directions[(pair.a.sentence_id, pair.b.sentence_id)] = "b->a"
    return directions


def _descendants(doc: str, parent_of: dict[str, str]) -> int:
    return sum(1 for d in parent_of if doc in ancestors(d, parent_of))


def outlet_view(provenances: list[Provenance]) -> list[tuple[str, str, int]]:
    """(source outlet, target outlet, copies) across all clusters, most first; a document without an
    outlet stands for itself."""
    counts = Counter((_label(e.source), _label(e.target)) for p in provenances for e in p.edges)
    return [(source, target, n) for (source, target), n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]


def _label(ref: SentenceRef) -> str:
    return ref.outlet or ref.doc


def _outlet_key(document: DocumentEvidence) -> str:
    agency = next((c.key for c in document.cues if c.kind == "agency"), "")
    return (document.outlet or agency).casefold()


def _before(a: DocumentEvidence, b: DocumentEvidence) -> bool | None:
    if a.date is None or b.date is None:
        return None
    return a.date.before(b.date)


def _credited(target: DocumentEvidence, source: DocumentEvidence) -> Cue | None:
    for name in (source.outlet, *(c.name for c in source.cues if c.kind == "agency")):
        cue = credits_outlet(list(target.cues), name) if name else None
        if cue:
            return cue
    return None


def _foreign_credits(doc: DocumentEvidence, outlets: set[str]) -> list[Cue]:
    """Cues crediting an outlet that carries the claim nowhere in this cluster: second-hand."""
    return [c for c in doc.cues if c.kind == "credits" and looks_like_outlet(c.name) and c.key not in outlets]


def _similarity(a: SentenceRef, b: SentenceRef) -> float:
    return _text_similarity(*sorted((a.text, b.text)))


# the cascade's character similarity, cached: syndicated copies repeat a pair of wordings across clusters
_text_similarity = lru_cache(maxsize=65536)(lexical_similarity)


def _origin_score(doc: str, first: dict[str, SentenceRef], documents: dict[str, DocumentEvidence],
                  outlets: set[str]) -> float:
    evidence = documents[doc]
    score = 0.0  # known dates already forbid every later document from being the origin of earlier ones
    if _foreign_credits(evidence, outlets):
        score -= 1.0
    if first[doc].quoted:
        score += QUOTATION_WEIGHT
    return score


def _copy_score(source: str, target: str, first: dict[str, SentenceRef], documents: dict[str, DocumentEvidence],
                shared: dict[frozenset, int], most_shared: int, relations: DocumentRelations) -> float:
    score = relations.like(source, target, first)
    score += COVERAGE_WEIGHT * relations.inherited(source, target, first)
    score += DIRECTION_WEIGHT * _dropped_share(first[source], first[target])
    if _credited(documents[target], documents[source]):
        score += ATTRIBUTION_WEIGHT
    if first[source].quoted and not first[target].quoted:
        score += QUOTATION_WEIGHT
    if _translated(first[source], first[target]):
        score += TRANSLATION_WEIGHT
    score += SHARED_WEIGHT * shared.get(frozenset({source, target}), 0) / most_shared
    return score


@lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    return clean_text(text).casefold()


@lru_cache(maxsize=65536)
def words(text: str) -> frozenset[str]:
    return frozenset(_folded(text).split())


def _coverage(source: SentenceRef, target: SentenceRef) -> float:
    """Share of the target's words that the source has."""
    target_words = words(target.text)
    return len(target_words & words(source.text)) / (len(target_words) or 1)


def _dropped_share(source: SentenceRef, target: SentenceRef) -> float:
    """How much more of the source's wording the target lacks than it adds (-1..1): copies trim."""
    words_source, words_target = words(source.text), words(target.text)
    union = len(words_source | words_target) or 1
    return (len(words_source - words_target) - len(words_target - words_source)) / union


def _translated(source: SentenceRef, target: SentenceRef) -> bool:
    """An English sentence rendering one in another language."""
    return source.lang != ENGLISH and target.lang == ENGLISH


def _date_text(doc: DocumentEvidence) -> str:
    return f"{doc.doc} {doc.date}" if doc.date else f"{doc.doc} undated"


def _copy_evidence(source: str, target: str, first: dict[str, SentenceRef], documents: dict[str, DocumentEvidence],
                   shared: dict[frozenset, int], relations: DocumentRelations, outlets: set[str]) -> list[str]:
    s, t = documents[source], documents[target]
    evidence = []
    order = _before(s, t)
    if order:
        evidence.append(f"dates: {_date_text(s)} is before {_date_text(t)}")
    else:
        evidence.append(f"dates: cannot order {_date_text(s)} and {_date_text(t)}")
    def like(doc: str) -> float:
        return relations.like(doc, target, first)

    closest = max((d for d in first if d != target), key=like)
    evidence.append(f"text: character similarity {_similarity(first[source], first[target]):.2f}"
                    + (f" ({like(source):.2f} over all shared claims)" if frozenset({source, target})
                       in relations.likeness else "")
                    + (f", the closest version in {source}" if closest == source else ""))
    coverage = relations.inherited(source, target, first)
    evidence.append(f"inheritance: {coverage:.0%} of {target}'s words are in {source}")
    if _dropped_share(first[source], first[target]) > 0:
        evidence.append(f"wording: {target} drops words of {source}, as an edited copy does")
    cue = _credited(t, s)
    if cue:
        evidence.append(f"attribution: {target} credits {cue.name}: {cue}")
    for foreign in _foreign_credits(t, outlets):
        evidence.append(f"attribution: {target} credits {foreign.name}: {foreign}")
    if first[source].quoted and not first[target].quoted:
        evidence.append(f"quotation: {source} quotes the words directly, {target} rewrites them")
    if _translated(first[source], first[target]):
        evidence.append(f"translation: {target} rewrites {source} in English ({source} is in "
                        f"{language_name(first[source].lang)})")
    common = shared.get(frozenset({source, target}), 0)
    if common > 1:
        evidence.append(f"shared: {source} and {target} carry {common} claims in common")
    return evidence


def _origin_evidence(doc: str, first: dict[str, SentenceRef], documents: dict[str, DocumentEvidence],
                     outlets: set[str]) -> list[str]:
    evidence = documents[doc]
    notes = [f"dates: {_date_text(evidence)}"]
    undated = [d for d in first if documents[d].date is None or documents[d].date.year is None]
    if undated:
        notes.append("uncertain: no full date for " + ", ".join(sorted(undated)))
    if not _foreign_credits(evidence, outlets):
        notes.append(f"attribution: {doc} credits no other outlet for it")
    if first[doc].quoted:
        notes.append(f"quotation: {doc} quotes the words directly")
    return notes
