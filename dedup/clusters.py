"""Group matched sentences into claim clusters without chaining.

Single-link grouping (connected components) lets one generic sentence join unrelated claims.
Instead each connected component of the match graph is split by average linkage: two groups
merge only when at least half of the sentence pairs between them are matches.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

MIN_MATCHED_SHARE = 0.5  # share of matched pairs two groups need to merge


def cluster_matches(edges: list[tuple[int, int, float]], touching: set[int] | None = None
                    ) -> tuple[list[tuple[int, list[int]]], set[int]]:
    """Split the match graph into clusters: ([(representative id, member ids)], sentences considered).

    With `touching`, only the connected components that contain one of those sentences are
    clustered (the others stay as they were: each component is clustered on its own), and the
    sentences considered are the members of those components.
    """
    if not edges:
        return [], set()
    from scipy.sparse import coo_matrix  # imported here: commands that only read clusters never pay for it
    from scipy.sparse.csgraph import connected_components

    ends = np.array([(a, b) for a, b, _ in edges], dtype=np.int64)
    nodes, index = np.unique(ends, return_inverse=True)
    index = index.reshape(-1, 2)
    graph = coo_matrix((np.ones(len(edges)), (index[:, 0], index[:, 1])), shape=(len(nodes), len(nodes)))
    _, component_of = connected_components(graph, directed=False)
    if touching is not None:
        wanted = np.unique(component_of[np.isin(nodes, np.fromiter(touching, dtype=np.int64))])
    else:
        wanted = np.unique(component_of)
    chosen_edges = np.flatnonzero(np.isin(component_of[index[:, 0]], wanted))
    by_component: dict[int, list[int]] = defaultdict(list)
    for node, component in zip(nodes.tolist(), component_of.tolist()):
        by_component[component].append(node)
    edges_of: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for i in chosen_edges.tolist():
        edges_of[int(component_of[index[i, 0]])].append(edges[i])
    clusters, considered = [], set()
    for component in wanted.tolist():
        members = by_component[component]
        considered.update(members)
        clusters.extend(_split(members, edges_of[component]))
    return clusters, considered


def _split(members: list[int], edges: list[tuple[int, int, float]]) -> list[tuple[int, list[int]]]:
    """Average-linkage clusters of one component: [(representative, sorted members)]."""
    size = len(members)
    index = {member: i for i, member in enumerate(members)}
    rows = np.array([index[a] for a, _, _ in edges])
    cols = np.array([index[b] for _, b, _ in edges])
    similarity = np.zeros((size, size))
    similarity[rows, cols] = similarity[cols, rows] = [s for _, _, s in edges]
    if size * (size - 1) // 2 == len({(min(a, b), max(a, b)) for a, b, _ in edges}):
        labels = np.ones(size, dtype=int)  # every pair matched: one cluster, nothing to split
    else:
        from scipy.cluster.hierarchy import fcluster, linkage  # a slow import, needed only here
        from scipy.spatial.distance import squareform

        distance = np.ones((size, size))
        distance[rows, cols] = distance[cols, rows] = 0.0
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method="average")
        labels = fcluster(tree, t=1.0 - MIN_MATCHED_SHARE, criterion="distance")
    groups = []
    for label in np.unique(labels):
        chosen = np.flatnonzero(labels == label)
        if len(chosen) < 2:
            continue
        # The representative is the member most similar to the rest (the medoid), earliest on ties.
        centrality = similarity[np.ix_(chosen, chosen)].sum(axis=1)
        best = chosen[int(np.argmax(np.round(centrality, 9)))]
        groups.append((members[best], sorted(members[i] for i in chosen)))
    return groups
