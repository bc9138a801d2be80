"""The store: one folder holding SQLite (the source of truth) and a FAISS index built from it.

SQLite keeps documents, their sentences, one vector per distinct claim wording, the matched
pairs, clusters and their provenance trees, and a log of runs; its schema is brought up to date
on open by numbered migrations (`schema.py`). The FAISS index (`index.faiss`, see `dedup.match.index.IndexFile`)
holds one entry per distinct claim wording, ID-mapped to the first sentence that carries it: the
store says which entries it should hold and records the checksum of the file last written.
No module outside this folder runs SQL.

`Store` (`connection.py`) owns the connection, the writer lock and transactions; one part per concern
(`base.Part`) runs the SQL: `meta.py`, `documents.py` (documents and sentences), `vectors.py`, `matches.py` (pairs and
clusters), `provenance.py`, `runs.py`.
"""

from dedup.store.base import (DATABASE, DEFAULT_STORE, INDEX_FILE, LOCK_FILE, LOCK_TIMEOUT_S, MULTILINGUAL_INDEX_FILE,
                              STORE_ENV, now)
from dedup.store.connection import Store
from dedup.store.schema import SCHEMA_VERSION

__all__ = ["DATABASE", "DEFAULT_STORE", "INDEX_FILE", "LOCK_FILE", "LOCK_TIMEOUT_S", "MULTILINGUAL_INDEX_FILE",
           "SCHEMA_VERSION", "STORE_ENV", "Store", "now"]
