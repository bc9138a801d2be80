"""Output: what the read commands print. report.py renders pairs, clusters, provenance, runs and search
answers as a table, CSV or JSON Lines (columns and keys named there); html_report.py writes the HTML report.
"""
