"""Group matched sentences into claim clusters without chaining.

Single-link grouping (connected components) lets one generic sentence join unrelated claims.
Instead each connected component of the match graph is split by average linkage: two groups
merge only when at least half of the sentence pairs between them are matches.

The linkage runs on the sparse match graph itself (a heap of group pairs that share a match),
not on a dense distance matrix: generic sentences form components of thousands of members, and a
dense matrix there costs memory quadratic in the component and seconds on every scheduled run.
"""

from __future__ import annotations

import heapq
from collections import defaultdict, deque
from typing import Iterable

MIN_MATCHED_SHARE = 0.5  # share of matched pairs two groups need to merge

Edge = tuple[int, int, float]


def cluster_matches(edges: list[Edge], touching: set[int] | None = None
                    ) -> tuple[list[tuple[int, list[int]]], set[int]]:
    """Split the match graph into clusters: ([(representative id, member ids)], sentences considered).

    With `touching`, only the connected components that contain one of those sentences are
    clustered (the others stay as they were: each component is clustered on its own), and the
    sentences considered are the members of those components.
    """
    similarity: dict[int, dict[int, float]] = defaultdict(dict)
    for a, b, score in edges:
        if a != b:
            similarity[a][b] = similarity[b][a] = score
    seeds = similarity.keys() if touching is None else [s for s in touching if s in similarity]
    clusters, considered = [], set()
    for members in _components(similarity, seeds):
        considered.update(members)
        clusters.extend(_split(members, similarity))
    return clusters, considered


def _components(similarity: dict[int, dict[int, float]], seeds: Iterable[int]) -> list[list[int]]:
    """The connected components holding the seeds, each as sorted member ids."""
    seen: set[int] = set()
    components = []
    for seed in sorted(seeds):
        if seed in seen:
            continue
        seen.add(seed)
        queue, members = deque([seed]), [seed]
        while queue:
            for neighbour in similarity[queue.popleft()]:
                if neighbour not in seen:
                    seen.add(neighbour)
                    queue.append(neighbour)
                    members.append(neighbour)
        components.append(sorted(members))
    return components


def _split(members: list[int], similarity: dict[int, dict[int, float]]) -> list[tuple[int, list[int]]]:
    """Average-linkage clusters of one component: [(representative, sorted members)].

    Groups are named by their smallest member; the best-linked pair of groups merges first, ties
    broken by those names, so the result depends only on the component, not on insertion order.
    """
    size = {m: 1 for m in members}
    group_members = {m: [m] for m in members}
    links: dict[int, dict[int, int]] = {m: {n: 1 for n in similarity[m]} for m in members}
    heap = [(-1.0, a, b) for a in members for b in links[a] if a < b]
    heapq.heapify(heap)
    while heap:
        negative_share, a, b = heapq.heappop(heap)
        if a not in size or b not in size or links[a].get(b, 0) / (size[a] * size[b]) != -negative_share:
            continue  # a group merged away, or the share changed since this entry was pushed
        if -negative_share < MIN_MATCHED_SHARE:
            break
        # merge b into a (a < b): the merged group's matched counts are the sums of both
        size[a] += size.pop(b)
        group_members[a] += group_members.pop(b)
        for other, count in links.pop(b).items():
            if other == a:
                continue
            del links[other][b]
            links[a][other] = links[other][a] = links[a].get(other, 0) + count
        del links[a][b]
        for other, count in links[a].items():
            heapq.heappush(heap, (-count / (size[a] * size[other]), min(a, other), max(a, other)))
    return [(_medoid(group, similarity), sorted(group)) for group in group_members.values() if len(group) > 1]


def _medoid(group: list[int], similarity: dict[int, dict[int, float]]) -> int:
    """The member most similar to the rest of its group, the smallest id on ties."""
    inside = set(group)
    return min(group, key=lambda m: (-round(sum(s for n, s in similarity[m].items() if n in inside), 9), m))
