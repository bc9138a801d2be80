"""dedup: find claims that news outlets repeat, copy or paraphrase.

The pipeline runs one way, a folder a stage, and `pipeline.py` only sequences them:
ingest (read, segment) -> match (embed, index, mine candidates) -> judge (same claim or not) ->
group (clusters, provenance) -> store (SQLite and the FAISS files) -> output (tables, CSV, JSON, HTML).
`api.py` is the library's read side, `cli.py` the command line, `records.py` what flows between stages.
"""

from dedup.errors import DedupError
from dedup.records import Cluster, Document, Pair, Sentence

__all__ = ["Cluster", "DedupError", "Document", "Pair", "Sentence"]
__version__ = "0.1.0"
