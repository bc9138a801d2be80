"""Match: embed claims, index them in FAISS, and mine the candidate pairs a judge then reads.

embed.py (the models), index.py (the FAISS index file), candidates.py (the pairs found, as columns),
mining.py (candidates of a run's new sentences, in English and across languages), distributed.py (the
same on a Ray cluster), search.py (`dedup search`: queries against the store, judged as a run would).
"""
