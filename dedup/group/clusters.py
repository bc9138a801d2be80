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
from collections import Counter, defaultdict
from typing import Callable, Sequence

import numpy as np

MIN_MATCHED_SHARE = 0.5  # share of matched pairs two groups need to merge

Edge = tuple[int, int, float]
Edges = tuple[np.ndarray, np.ndarray, np.ndarray]  # (sentence ids a, sentence ids b, similarities)


def cluster_matches(edges: Edges | Sequence[Edge], touching: set[int] | None = None,
                    places: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None
                    ) -> tuple[list[tuple[int, list[int]]], set[int]]:
    """Split the match graph into clusters: ([(representative id, member ids)], sentences considered).

    With `touching`, only the connected components that contain one of those sentences are
    clustered (the others stay as they were: each component is clustered on its own), and the
    sentences considered are the members of those components. Components are found with numpy and
    only one component's edges are Python objects at a time: millions of matches fit in memory.

    `places` (sorted sentence ids -> (an integer sort key each, its document each), as arrays) says where
    each sentence stands. Ties (which groups merge first, which member represents a group) go to the
    member first by that key, else to the smallest id: sentence ids follow the order documents arrived in,
    so a store built in steps needs an order of its own to equal a clean build. And two sentences of one
    document, never a candidate pair, stay out of the linkage's count.
    """
    first, second, score = _columns(edges)
    keep = first != second
    first, second, score = first[keep], second[keep], score[keep]
    nodes, root = _components(first, second)
    chosen = np.unique(root if touching is None else root[np.isin(nodes, list(touching))])
    edge_order, edge_bounds = _spans(root[np.searchsorted(nodes, first)], chosen)
    node_order, node_bounds = _spans(root, chosen)
    placed = nodes[np.isin(root, chosen)]  # sorted, as `nodes` is
    keys, documents = places(placed) if places is not None else (placed, placed)
    clusters, considered = [], set()
    for (edge_start, edge_end), (node_start, node_end) in zip(edge_bounds, node_bounds):
        members = nodes[node_order[node_start:node_end]]
        considered.update(members.tolist())
        at = np.searchsorted(placed, members)
        in_order = np.lexsort((members, keys[at]))
        members, member_documents = members[in_order].tolist(), documents[at[in_order]].tolist()
        if len(members) == 2:  # one match: one cluster, both members equally central
            clusters.append((members[0], sorted(members)))
            continue
        rank = {m: i for i, m in enumerate(members)}  # the linkage runs on ranks in that order
        rows = edge_order[edge_start:edge_end]
        similarity: dict[int, dict[int, float]] = defaultdict(dict)
        for a, b, value in zip(first[rows].tolist(), second[rows].tolist(), score[rows].tolist()):
            similarity[rank[a]][rank[b]] = similarity[rank[b]][rank[a]] = value
        clusters.extend((members[representative], sorted(members[i] for i in group))
                        for representative, group in _split(list(range(len(members))), similarity, member_documents))
    return clusters, considered


def _columns(edges: Edges | Sequence[Edge]) -> Edges:
    if isinstance(edges, tuple) and len(edges) == 3 and isinstance(edges[0], np.ndarray):
        return np.asarray(edges[0], np.int64), np.asarray(edges[1], np.int64), np.asarray(edges[2], np.float64)
    if not edges:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64)
    a, b, value = zip(*edges)
    return np.array(a, np.int64), np.array(b, np.int64), np.array(value, np.float64)


def _spans(labels: np.ndarray, chosen: np.ndarray) -> tuple[np.ndarray, list[list[int]]]:
    """(an order that groups equal labels, [start, end) of each chosen label's run in that order)."""
    order = np.argsort(labels, kind="stable")
    return order, np.searchsorted(labels[order], np.stack([chosen, chosen + 1])).T.tolist()


def _components(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted node ids, each node's component named by its smallest member): union-find in numpy,
    hooking every root to the smallest root it touches, then halving paths, until nothing changes."""
    nodes = np.unique(np.concatenate([first, second]))
    a, b = np.searchsorted(nodes, first), np.searchsorted(nodes, second)
    parent = np.arange(len(nodes))
    while True:
        root_a, root_b = parent[a], parent[b]
        differ = root_a != root_b
        if not differ.any():
            break
        np.minimum.at(parent, np.maximum(root_a, root_b)[differ], np.minimum(root_a, root_b)[differ])
        while True:
            grandparent = parent[parent]
            if np.array_equal(grandparent, parent):
                break
            parent = grandparent
    return nodes, nodes[parent]


def _split(members: list[int], similarity: dict[int, dict[int, float]], document: list[int] | None = None
           ) -> list[tuple[int, list[int]]]:
    """Average-linkage clusters of one component: [(representative, sorted members)].

    Groups are named by their smallest member; the best-linked pair of groups merges first, ties
    broken by those names, so the result depends only on the component, not on insertion order. The
    share of two groups counts the pairs between them that could be matches: two sentences of one
    document (`document`: each member's) never are, so a claim a document repeats stays with the
    cluster of its other copies.
    """
    size = {m: 1 for m in members}
    group_members = {m: [m] for m in members}
    carriers = {m: Counter([m if document is None else document[m]]) for m in members}
    links: dict[int, dict[int, int]] = {m: {n: 1 for n in similarity[m]} for m in members}

    def share(a: int, b: int) -> float:
        small, large = sorted((carriers[a], carriers[b]), key=len)
        possible = size[a] * size[b] - sum(count * large.get(doc, 0) for doc, count in small.items())
        return links[a].get(b, 0) / possible if possible else 0.0

    heap = [(-1.0, a, b) for a in members for b in links[a] if a < b]
    heapq.heapify(heap)
    while heap:
        negative_share, a, b = heapq.heappop(heap)
        if a not in size or b not in size or share(a, b) != -negative_share:
            continue  # a group merged away, or the share changed since this entry was pushed
        if -negative_share < MIN_MATCHED_SHARE:
            break
        # merge b into a (a < b): the merged group's matched counts are the sums of both
        size[a] += size.pop(b)
        group_members[a] += group_members.pop(b)
        carriers[a] += carriers.pop(b)
        for other, count in links.pop(b).items():
            if other == a:
                continue
            del links[other][b]
            links[a][other] = links[other][a] = links[a].get(other, 0) + count
        del links[a][b]
        for other in links[a]:
            heapq.heappush(heap, (-share(a, other), min(a, other), max(a, other)))
    return [(_medoid(group, similarity), sorted(group)) for group in group_members.values() if len(group) > 1]


def _medoid(group: list[int], similarity: dict[int, dict[int, float]]) -> int:
    """The member most similar to the rest of its group, the smallest id on ties."""
    inside = set(group)
    return min(group, key=lambda m: (-round(sum(s for n, s in similarity[m].items() if n in inside), 9), m))
