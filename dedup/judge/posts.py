"""Social posts: a post repeats one claim, so it is matched to the stored claim it most likely repeats."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dedup.match.candidates import Candidates


def one_post_side(candidates: Candidates, posts: set[int]) -> np.ndarray:
    """Which candidates pair a post with a claim that is not a post (two posts are judged as a pair of
    sentences: neither is the other's stored claim)."""
    post_ids = np.fromiter(posts, dtype=np.int64, count=len(posts))
    return np.isin(candidates.sentence_a, post_ids) != np.isin(candidates.sentence_b, post_ids)


@dataclass(frozen=True)
class PostRanking:
    """A social post repeats one claim, usually reworded and wrapped in comment ("... Unbelievable."): of all
    the stored claims near it (cosine `radius` and up, lower than between sentences: a post carries more
    than its claim), the model reads the `closest` ones, and the post is the same claim as the one that
    scores best, cosine plus `weight` x the model's probability, where that score reaches `threshold`
    (the model alone ranks claims of one topic poorly, the cosine alone cannot tell a claim from its
    look-alike; a wording at cosine `threshold` or closer passes whatever the model says, one further away
    needs the model's word). Chosen on CheckThat 2020 train tweets (`dev/` held out); what
    other thresholds find and pair wrongly, each half of the tweets judged by a model trained without it:
    scripts/tune_posts.py.

    The decision depends on every claim near the post, so a post that a later run brings a new
    neighbour is matched again (`dedup.pipeline.match_new_sentences`), and an incremental build still
    equals a clean one."""

    radius: float = 0.45
    closest: int = 5
    weight: float = 0.3
    threshold: float = 0.7

    def _sides(self, candidates: Candidates, rows: np.ndarray, posts: set[int], mask: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
        """(post sentence id, position in `rows`) of the masked rows, each of which has one post side."""
        post_ids = np.fromiter(posts, dtype=np.int64, count=len(posts))
        at = np.flatnonzero(mask)
        sides, where = [], []
        for column in (candidates.sentence_a, candidates.sentence_b):
            ids = column[rows[at]]
            keep = np.isin(ids, post_ids)
            sides.append(ids[keep])
            where.append(at[keep])
        return np.concatenate(sides), np.concatenate(where)

    def _ranked(self, candidates: Candidates, rows: np.ndarray, posts: set[int], mask: np.ndarray,
                score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(post, position in `rows`, rank among that post's rows by `score`, 0 first). Rows that score alike
        share a rank: the copies of one stored wording (one cosine, one reading) are one candidate."""
        post, where = self._sides(candidates, rows, posts, mask)
        order = np.lexsort((-score[where], post))  # by post, then best first
        post, where = post[order], where[order]
        new_post = _first_of_each(post)
        lower = new_post | np.r_[True, score[where][1:] != score[where][:-1]]
        steps = np.cumsum(lower)  # distinct scores so far; a post's first row starts its count again
        rank = steps - np.maximum.accumulate(np.where(new_post, steps, 0))
        return post, where, rank

    def read(self, candidates: Candidates, rows: np.ndarray, posts: set[int], of_post: np.ndarray) -> np.ndarray:
        """Which post rows the model reads: the `closest` wordings by cosine of a post's candidates (every copy
        of each: a pair of texts is read once however many documents carry it)."""
        _, where, rank = self._ranked(candidates, rows, posts, of_post, candidates.similarity[rows])
        chosen = np.zeros(len(rows), dtype=bool)
        chosen[where[rank < self.closest]] = True
        return chosen

    def closest_read(self, candidates: Candidates, rows: np.ndarray, posts: set[int], chosen: np.ndarray
                     ) -> np.ndarray:
        """Which of the `chosen` post rows hold their post's closest wording (every copy of it): read first,
        they set the score the rest must be able to beat."""
        post, where = self._sides(candidates, rows, posts, chosen)
        first = np.zeros(len(rows), dtype=bool)
        first[where[closest_of_each(post, candidates.similarity[rows[where]])]] = True
        return first

    def could_win(self, candidates: Candidates, rows: np.ndarray, posts: set[int], read: np.ndarray,
                  probability: np.ndarray, unread: np.ndarray) -> np.ndarray:
        """Which `unread` post rows could still outscore their post's best `read` row however sure the model
        were (cosine + `weight` reaches that score): the others cannot be the post's match, so reading them
        would change no decision."""
        post, where = self._sides(candidates, rows, posts, read | unread)
        wins = np.zeros(len(rows), dtype=bool)
        wins[where[could_outscore(post, candidates.similarity[rows[where]], probability[where], read[where],
                                  self.weight)]] = True
        return wins & unread

    def best(self, candidates: Candidates, rows: np.ndarray, posts: set[int], read: np.ndarray,
             probability: np.ndarray) -> np.ndarray:
        """Which read post rows are their post's best match, with a score at the threshold or above (one of the
        copies of a wording stored several times: the copies are paired with each other as copies)."""
        score = candidates.similarity[rows] + self.weight * probability
        post, where, _ = self._ranked(candidates, rows, posts, read, score)
        best = np.zeros(len(rows), dtype=bool)
        top = where[_first_of_each(post)]  # copies of the best wording score alike: the first in row order stands for them
        best[top[score[top] >= self.threshold]] = True
        return best


def closest_of_each(group: np.ndarray, similarity: np.ndarray) -> np.ndarray:
    """Which rows hold their group's (a post's, a query's) highest cosine, every row that ties with it: the
    copies of one stored wording are one candidate."""
    return similarity == _group_max(group, similarity)


def could_outscore(group: np.ndarray, similarity: np.ndarray, probability: np.ndarray, read: np.ndarray,
                   weight: float) -> np.ndarray:
    """Which rows not `read` could still outscore their group's best read row however sure the model were
    (cosine + `weight` reaches its cosine + `weight` x probability): the others cannot come first, so reading
    them would change no decision. A group with nothing read yet has every row in reach."""
    best_read = _group_max(group, np.where(read, similarity + weight * probability, -np.inf))
    return ~read & (similarity + weight >= best_read)


def _group_max(group: np.ndarray, values: np.ndarray) -> np.ndarray:
    """For each row, the largest of `values` among the rows of its group."""
    keys, at = np.unique(group, return_inverse=True)
    best = np.full(len(keys), -np.inf)
    np.maximum.at(best, at.ravel(), values)
    return best[at.ravel()]


def _first_of_each(post: np.ndarray) -> np.ndarray:
    """Which rows of a post-sorted column are their post's first."""
    return np.r_[True, post[1:] != post[:-1]] if len(post) else np.zeros(0, dtype=bool)
