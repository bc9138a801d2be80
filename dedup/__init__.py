"""dedup: find claims that news outlets repeat, copy or paraphrase.

The pipeline runs one way, one module a stage:
corpus -> segment -> embed -> store/index -> pairs -> verify -> clusters -> report.
"""

from dedup.errors import DedupError
from dedup.records import Cluster, Document, Pair, Sentence

__all__ = ["Cluster", "DedupError", "Document", "Pair", "Sentence"]
__version__ = "0.1.0"
