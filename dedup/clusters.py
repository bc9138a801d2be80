"""Group matched sentences into claim clusters without chaining.

Single-link grouping (connected components) lets one generic sentence join unrelated claims.
Instead each connected component of the match graph is split by average linkage: two groups
merge only when at least half of the sentence pairs between them are matches.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

MIN_MATCHED_SHARE = 0.5  # share of matched pairs two groups need to merge


def cluster_matches(edges: list[tuple[int, int, float]]) -> list[tuple[int, list[int]]]:
    """Split the match graph into clusters: [(representative id, member ids)], members sorted."""
    if not edges:
        return []
    nodes = sorted({n for a, b, _ in edges for n in (a, b)})
    position = {node: i for i, node in enumerate(nodes)}
    rows = [position[a] for a, _, _ in edges]
    cols = [position[b] for _, b, _ in edges]
    graph = coo_matrix((np.ones(len(edges)), (rows, cols)), shape=(len(nodes), len(nodes)))
    _, component_of = connected_components(graph, directed=False)
    by_component: dict[int, list[int]] = defaultdict(list)
    for node, component in zip(nodes, component_of):
        by_component[component].append(node)
    weight: dict[tuple[int, int], float] = {(min(a, b), max(a, b)): s for a, b, s in edges}
    clusters = []
    for members in by_component.values():
        for group in _split(members, weight):
            clusters.append((_representative(group, weight), sorted(group)))
    return clusters


def _split(members: list[int], weight: dict[tuple[int, int], float]) -> list[list[int]]:
    if len(members) <= 2:
        return [members]
    size = len(members)
    distance = np.ones((size, size))
    np.fill_diagonal(distance, 0.0)
    for i, a in enumerate(members):
        for j in range(i + 1, size):
            if (a, members[j]) in weight or (members[j], a) in weight:
                distance[i, j] = distance[j, i] = 0.0
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - MIN_MATCHED_SHARE, criterion="distance")
    groups: dict[int, list[int]] = defaultdict(list)
    for member, label in zip(members, labels):
        groups[label].append(member)
    return [g for g in groups.values() if len(g) > 1]


def _representative(group: list[int], weight: dict[tuple[int, int], float]) -> int:
    """The member most similar to the rest (the medoid), earliest on ties."""
    def centrality(node: int) -> float:
        return sum(weight.get((min(node, other), max(node, other)), 0.0) for other in group if other != node)
    return max(sorted(group), key=centrality)
