"""Ingest: read documents and split them into sentences, with what each says about itself.

corpus.py reads files (.txt/.md + manifest.csv, .jsonl, .csv: a new input format goes there);
language.py tells the language; segment.py splits sentences and marks what is not a claim (social.py:
a post's links, handles and trailer); dates.py and attribution.py read a document's date and who it
credits, the evidence provenance weighs.
"""
