"""Search: which stored claims does a text repeat? Many queries in one run, ranked by the judge.

A query is read the way `dedup index` reads a document (its social furniture left out: `dedup.ingest.segment`),
embedded with the store's model (in batches), and its closest stored wordings are found in the FAISS
index. The `PostRanking.closest` of them are decided by the same-claim judge that `dedup index` uses,
facts step included, as `dedup index` would decide a document that carries the query and nothing else:
`same_claim` is its verdict, `confidence` the model's probability where it read the pair. Hits are ranked
by the judge's score (cosine + `PostRanking.weight` x probability, the score that picks a post's claim),
then by cosine. The model reads what that verdict needs, each query's closest wording, and the others
that could still outscore the best read one (for a query that is not a post, of those that could still be
judged the same claim); the rest are ranked by the lowest score the model could give them, their cosine (a
wording that cannot come first, or cannot match at all, is not worth the model's time: it reads about 300
pairs a second here). Queries are not added to the store.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from dedup.errors import DedupError
from dedup.ingest.corpus import Problem, _decode, csv_rows, id_text
from dedup.ingest.language import ENGLISH, detect as detect_language, script
from dedup.ingest.segment import clean_text, segment, text_key
from dedup.judge import (DEFAULT_VERIFIER, CrossEncoderVerifier, Judge, PostRanking, TranslationJudge, Verdicts,
                         make_verifier)
from dedup.judge.posts import closest_of_each, could_outscore, one_post_side
from dedup.match import mining
from dedup.match.candidates import Candidates
from dedup.match.embed import Embedder, MultilingualEmbedder
from dedup.records import MATCHED_KINDS, POST, TITLE, SentenceRef
from dedup.store import Store


@dataclass(frozen=True)
class Query:
    query_id: str
    text: str
    line: int | None = None  # where the input holds it


@dataclass(frozen=True)
class Hit:
    rank: int
    ref: SentenceRef
    similarity: float
    confidence: float | None  # the model's probability; None where it did not read the pair
    same_claim: bool


@dataclass(frozen=True)
class Answer:
    query: Query
    hits: list[Hit]


def read_queries(source: str) -> tuple[list[Query], list[Problem]]:
    """Queries from a file or standard input ('-'): JSON Lines (`id`, `text`), CSV with the same columns, or
    plain text, one query a line (its id the line number). A line that cannot be a query is a problem,
    named by its line; the rest are read."""
    name = "<stdin>" if source == "-" else source
    if source == "-":
        text = sys.stdin.buffer.read()
        if b"\x00" in text:
            return [], [Problem(name, "binary input (contains NUL bytes)")]
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return [], [Problem(name, f"not valid UTF-8 (byte {error.start})")]
        kind = "jsonl" if text.lstrip().startswith("{") else "csv" if _csv_header(text) else "text"
    else:
        path = Path(source)
        if not path.exists():  # nothing to answer at all: a user error, as `dedup index` of a missing path
            raise DedupError(f"{source}: no such file")
        if not path.is_file():
            raise DedupError(f"{source}: a folder, not a file of queries")
        text = _decode(path)
        if isinstance(text, Problem):
            return [], [text]
        suffix = path.suffix.lower()
        kind = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}.get(suffix, "text")
    queries, problems, first_line = [], [], {}
    for item in {"jsonl": _jsonl, "csv": _csv, "text": _plain}[kind](text, name):
        if isinstance(item, Problem):
            problems.append(item)
        elif item.query_id in first_line:  # answers are joined back to their queries by id
            problems.append(Problem(name, f"query id '{item.query_id}' already used by line "
                                          f"{first_line[item.query_id]}", item.line))
        else:
            first_line[item.query_id] = item.line
            queries.append(item)
    return queries, problems


def _csv_header(text: str) -> bool:
    first = text.splitlines()[0] if text else ""
    return "text" in [cell.strip() for cell in next(csv.reader([first]), [])]


def _lines(text: str) -> Iterator[tuple[int, str]]:
    lines = text.splitlines()
    while lines and not lines[-1].strip():  # a file's last line break is no empty query
        lines.pop()
    yield from enumerate(lines, start=1)


def _plain(text: str, name: str) -> Iterator[Query | Problem]:
    for number, line in _lines(text):
        yield Query(str(number), line.strip(), number) if line.strip() else Problem(name, "empty line", number)


def _jsonl(text: str, name: str) -> Iterator[Query | Problem]:
    for number, line in _lines(text):
        if not line.strip():
            yield Problem(name, "empty line", number)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Problem(name, f"not valid JSON ({error.msg})", number)
            continue
        yield _query(record, name, number)


def _csv(text: str, name: str) -> Iterator[Query | Problem]:
    for line, row in csv_rows(text, "id,text"):
        yield Problem(name, row, line) if isinstance(row, str) else _query(row, name, line)


def _query(record: object, name: str, number: int) -> Query | Problem:
    if not isinstance(record, dict):
        return Problem(name, "a line must be a JSON object", number)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Problem(name, "no 'text' (a non-empty string is required)", number)
    given = record.get("id")
    return Query(id_text(given) if given not in (None, "") else str(number), text, number)


def as_indexed(text: str) -> tuple[str, bool]:
    """(the text `dedup index` would match for a document holding only `text`, whether it is a post)."""
    segments = [s for s in segment(text) if s.kind in MATCHED_KINDS]
    if not segments:
        return " ".join(text.split()), False
    return " ".join(s.text for s in segments), any(s.kind == POST for s in segments)


def search_many(store: Store, queries: list[Query], top: int = 10, only_matches: bool = False) -> list[Answer]:
    """Each query's `top` closest stored claims (each copy of a wording listed), ranked by the judge."""

    if store.meta.model is None or not queries:
        return [Answer(q, []) for q in queries]
    read = [as_indexed(q.text) for q in queries]
    ranking = PostRanking()
    wanted = max(top, ranking.closest)
    scores = np.full((len(queries), wanted), -1.0, dtype=np.float32)
    entries = np.full((len(queries), wanted), -1, dtype=np.int64)
    multilingual = bool(store.meta.get("multilingual_model"))
    # a query not in English is searched where claims of every language are; a store of English claims only
    # has no such space, and there only a query in another script is told apart (classifying costs ~1 ms)
    languages = [detect_language(text) if multilingual or script(text) != "latin" else ENGLISH for text, _ in read]
    other = np.array([language != ENGLISH and multilingual for language in languages], dtype=bool)
    for rows, index, embedder in ((np.flatnonzero(~other), mining.open_index, lambda: Embedder(store.meta.model)),
                                  (np.flatnonzero(other), mining.open_multilingual_index, MultilingualEmbedder)):
        if len(rows):
            vectors = embedder().encode([clean_text(read[i][0]) for i in rows.tolist()])  # the model freed after
            found_scores, found = index(store).search(np.asarray(vectors, dtype=np.float32), wanted)
            width = found.shape[1]  # fewer than `wanted` where the store holds fewer wordings
            scores[rows, :width], entries[rows, :width] = found_scores, found
    carriers = store.sentences.claim_groups(set(entries[entries >= 0].tolist()))
    verdicts = _judge(store, read, languages, other, scores, entries, ranking)
    answers = []
    for row, query in enumerate(queries):
        ranked = []
        for column in range(wanted):
            entry = int(entries[row, column])
            if entry < 0:
                continue
            judged = verdicts.get((row, entry))
            cosine = float(scores[row, column]) if judged is None else judged.similarity
            confidence, same = (None, False) if judged is None else (judged.confidence, judged.same_claim)
            if confidence is not None:
                score = cosine + ranking.weight * confidence
            elif judged is not None and judged.across_languages:  # no model reads across languages: the verdict
                score = cosine + ranking.weight * same
            else:  # not read (it could not come first): the lowest score the model could give it
                score = cosine
            ranked.append((score, cosine, confidence, same, entry))
        ranked.sort(key=lambda hit: (-hit[0], -hit[1], hit[4]))
        hits = []
        for score, cosine, confidence, same, entry in ranked:
            if only_matches and not same:
                continue
            for sentence, _ in carriers.get(entry, []):
                hits.append((sentence, cosine, confidence, same))
        hits = hits[:top]
        refs = store.sentences.sentence_refs(s for s, *_ in hits)
        answers.append(Answer(query, [Hit(rank, refs[s], round(cosine, 4), None if c is None else round(c, 4), same)
                                      for rank, (s, cosine, c, same) in enumerate(hits, start=1)]))
    return answers


def _judge(store: Store, read: list[tuple[str, bool]], languages: list[str], searched_multilingual: np.ndarray,
           scores: np.ndarray, entries: np.ndarray, ranking: PostRanking) -> dict[tuple[int, int], "Judged"]:
    """(query row, index entry) -> how the `ranking.closest` wordings of each query were judged, each query a
    document of its own. As in indexing, a pair with a side not in English goes to the judge across
    languages, which reads the multilingual cosine; the others to the store's verifier."""
    rows, columns = np.nonzero(entries[:, :ranking.closest] >= 0)
    if not len(rows):
        return {}
    entry_ids = entries[rows, columns]
    stored_texts = store.sentences.sentence_texts(set(entry_ids.tolist()))
    stored_documents = store.sentences.sentence_documents(set(entry_ids.tolist()))
    first_query = max(stored_texts) + 1  # queries get sentence and document ids no stored one has
    first_document = max(stored_documents.values()) + 1
    query_ids = first_query + rows
    candidates = Candidates(entry_ids, query_ids, scores[rows, columns].astype(np.float64),
                            np.array([text_key(stored_texts[e]) == text_key(read[r][0])
                                      for r, e in zip(rows.tolist(), entry_ids.tolist())], dtype=bool))
    texts = {**stored_texts, **{first_query + r: read[r][0] for r in set(rows.tolist())}}
    documents = {**stored_documents, **{first_query + r: first_document + r for r in set(rows.tolist())}}
    sentence_languages = {**store.sentences.sentence_languages(set(entry_ids.tolist())),
                          **{first_query + r: languages[r] for r in set(rows.tolist())}}
    across = np.array([sentence_languages[e] != ENGLISH or sentence_languages[q] != ENGLISH
                       for e, q in zip(entry_ids.tolist(), query_ids.tolist())], dtype=bool)
    across &= ~candidates.same_wording  # one wording: a copy, as the English cascade tells it (`english_pairs`)
    probability = np.full(len(rows), np.nan)
    accepted: dict[tuple[int, int], float | None] = {}  # (query id, entry) -> the verdict's confidence
    if (~across).any():
        english = np.flatnonzero(~across)
        in_reach = _in_reach(store, candidates.take(english), [read[r][1] for r in rows[english].tolist()])
        probability[english], verdicts = _judge_english(store, candidates.take(english), texts, documents, read,
                                                        first_query, in_reach, ranking)
        accepted.update({(int(v.candidate.sentence_b), int(v.candidate.sentence_a)): v.confidence for v in verdicts})
    similarity = candidates.similarity.copy()
    if across.any():
        crossing = np.flatnonzero(across)
        measured = _multilingual_cosines(store, candidates.take(crossing), read, searched_multilingual, texts,
                                         first_query)
        similarity[crossing] = measured.similarity
        verdicts = TranslationJudge().verify(measured, texts, documents, languages=sentence_languages)
        accepted.update({(int(v.candidate.sentence_b), int(v.candidate.sentence_a)): v.confidence for v in verdicts})
    decided = {}
    for at, (row, query, entry) in enumerate(zip(rows.tolist(), query_ids.tolist(), entry_ids.tolist())):
        same = (query, entry) in accepted
        confidence = accepted.get((query, entry))
        if confidence is None or confidence != confidence:  # no model spoke for a verdict: the probability read
            confidence = None if probability[at] != probability[at] else float(probability[at])
        decided[(row, entry)] = Judged(confidence, same, bool(across[at]), float(similarity[at]))
    return decided


def _in_reach(store: Store, candidates: Candidates, of_post: list[bool]) -> np.ndarray:
    """Which (stored wording, query) candidates `dedup index` would bring its judge (`mining.post_reach`): those
    above the judge's candidate radius, and where the query is a post or a post carries the stored wording, above
    the post ranking's radius. The others no judge reads, and none is the same claim."""
    verifier = make_verifier(store.meta.get("verifier") or DEFAULT_VERIFIER)
    reach = candidates.similarity > verifier.candidate_radius
    ranking = getattr(verifier, "post_ranking", None)
    if ranking is not None:
        posts = np.array(of_post, dtype=bool) | np.isin(candidates.sentence_a, store.vectors.post_entries())
        reach |= posts & (candidates.similarity > ranking.radius)
    return reach


@dataclass(frozen=True)
class Judged:
    confidence: float | None  # the model's probability (1 for a copy); None where no model read the pair
    same_claim: bool  # the verdict `dedup index` would give
    across_languages: bool  # judged by the multilingual cosine, not a model
    similarity: float  # the cosine the judge read


def _judge_english(store: Store, candidates: Candidates, texts: dict[int, str], documents: dict[int, int],
                   read: list[tuple[str, bool]], first_query: int, in_reach: np.ndarray, ranking: PostRanking
                   ) -> tuple[np.ndarray, Verdicts]:
    """(the model's probability of each candidate, NaN where none reads it; the verifier's verdicts on those
    `in_reach`: the others `dedup index` never judges, and their probability only ranks them)."""
    verifier: Judge = make_verifier(store.meta.get("verifier") or DEFAULT_VERIFIER)
    entry_ids, query_ids = candidates.sentence_a, candidates.sentence_b
    # the posts among both sides, as `dedup index` tells them: a post query and a stored post are two posts,
    # judged as two sentences, not as a post and its stored claim
    posts = {q for q in set(query_ids.tolist()) if read[q - first_query][1]} | store.sentences.of_kind(
        set(entry_ids.tolist()), POST)
    probability = np.full(len(candidates), np.nan)
    judged = candidates.take(np.flatnonzero(in_reach))
    if not isinstance(verifier, CrossEncoderVerifier):
        return probability, verifier.verify(judged, texts, documents, posts=posts,
                                            titles=store.sentences.of_kind(set(judged.sentence_a.tolist()), TITLE))
    from dedup.judge.cross_encoder import Remembering

    pairs = [tuple(sorted((texts[e], texts[q]))) for e, q in zip(entry_ids.tolist(), query_ids.tolist())]
    of_post = one_post_side(candidates, posts)  # as the cascade tells them: those the post judge reads
    # each pair is read once, by whichever asks first: the verifier, then the ranking; a judge no query needs
    # is not loaded, and each is loaded when it reads, so the two never sit in memory together
    news = Remembering(load=lambda: verifier.cross_encoder)
    post = Remembering(load=lambda: verifier.post_judge)
    verdicts = CrossEncoderVerifier(news, verifier.context, post).verify(
        judged, texts, documents, posts=posts, titles=store.sentences.of_kind(set(judged.sentence_a.tolist()), TITLE))

    def read(rows: np.ndarray, post_first: bool = False) -> None:
        readers = ((news, rows & ~of_post), (post, rows & of_post))
        for judge, chosen in readers[::-1] if post_first else readers:
            if chosen.any():
                probability[chosen] = judge.probabilities([pair for pair, c in zip(pairs, chosen.tolist()) if c])

    read(np.array([pair in (post if p else news).known for pair, p in zip(pairs, of_post.tolist())], dtype=bool))
    # a query that is not a post is a lone sentence to the judge: a hit below the lone score's reach could not
    # be judged the same claim, and is not read to rank it (a post's are: the post judge lifts its fact-check
    # above look-alikes, MAP@5 0.855 against 0.847 on CheckThat train without those reads)
    context = verifier.context
    could_match = of_post | context.readers_agree(candidates.similarity)
    # the judge that read last reads first (the cascade reads the news pairs first): one load fewer each time
    # as `PostRanking` reads a post's candidates: each query's closest first, then those that could still come first
    unread = np.isnan(probability)
    read(closest_of_each(query_ids, candidates.similarity) & unread & could_match, post_first=True)
    read(could_outscore(query_ids, candidates.similarity, probability, ~np.isnan(probability), ranking.weight)
         & could_match)
    return probability, verdicts


def _multilingual_cosines(store: Store, candidates: Candidates, read: list[tuple[str, bool]],
                          searched_multilingual: np.ndarray, texts: dict[int, str], first_query: int) -> Candidates:
    """The candidates with their cosine in the multilingual model's space, which the judge across languages
    reads: a query searched in the English model's space has its pairs measured again there (a wording the
    store has not embedded there is embedded now)."""
    rows = candidates.sentence_b - first_query
    again = ~searched_multilingual[rows]
    if not again.any():
        return candidates
    model = MultilingualEmbedder()
    asked = sorted(set(rows[again].tolist()))
    queries = dict(zip(asked, model.encode([clean_text(read[r][0]) for r in asked])))
    entries = set(candidates.sentence_a[again].tolist())
    stored = store.vectors.multilingual_vectors_of(entries) if store.meta.get("multilingual_model") else {}
    missing = sorted(entries - set(stored))
    stored.update(zip(missing, model.encode([texts[e] for e in missing])))
    similarity = candidates.similarity.copy()
    for at in np.flatnonzero(again).tolist():
        similarity[at] = float(np.dot(queries[int(rows[at])], stored[int(candidates.sentence_a[at])]))
    return Candidates(candidates.sentence_a, candidates.sentence_b, similarity, candidates.same_wording)


def search(store: Store, text: str, top: int = 10) -> list[tuple[SentenceRef, float]]:
    """Stored claims closest to `text`, each copy of a wording listed, best first."""
    if store.meta.model is None:
        return []
    # a query in another language is searched in the multilingual space, where claims of every language are
    # (a store without one never classifies the query)
    if store.meta.get("multilingual_model") and detect_language(text) != ENGLISH:
        scores, hits = mining.open_multilingual_index(store).search(MultilingualEmbedder().encode([text]), top)
    else:
        scores, hits = mining.open_index(store).search(Embedder(store.meta.model).encode([clean_text(text)]), top)
    ranked = [(sentence_id, float(score)) for score, hit in zip(scores[0], hits[0]) if hit >= 0
              for sentence_id in store.sentences.copies(int(hit))][:top]
    refs = store.sentences.sentence_refs(s for s, _ in ranked)
    return [(refs[s], round(score, 4)) for s, score in ranked]
