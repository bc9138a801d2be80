"""Group: claim clusters from the matched pairs, and each cluster's provenance tree (who carried it first).

clusters.py and provenance.py are the algorithms, on records; tracing.py feeds them from the store.
"""
