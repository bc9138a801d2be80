"""Render pairs, clusters and search hits as a table, CSV or JSON Lines."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from typing import Iterable, TextIO

from dedup.records import Edge, Provenance
from dedup.records import Cluster, Pair, SentenceRef

PAIR_COLUMNS = (
    "cluster", "similarity", "match",
    "doc_a", "outlet_a", "published_a", "sentence_a", "text_a",
    "doc_b", "outlet_b", "published_b", "sentence_b", "text_b", "direction", "lang_a", "lang_b",
    "confidence", "reason", "kind_a", "kind_b",
)
CLUSTER_COLUMNS = ("cluster", "documents", "outlets", "representative",
                   "doc", "outlet", "published", "sentence", "text", "lang")
PROVENANCE_COLUMNS = ("cluster", "role", "source_doc", "source_sentence", "doc", "outlet", "published", "sentence",
                      "similarity", "match", "evidence", "text", "lang")
RUN_COLUMNS = ("run", "started", "finished", "status", "command", "added", "updated", "removed", "unchanged",
               "skipped", "sentences", "new_pairs", "new_clusters", "pairs", "clusters")


def pair_row(pair: Pair, direction: str = "") -> dict:
    row: dict = {"cluster": pair.cluster if pair.cluster is not None else "",
                 "similarity": pair.similarity, "match": pair.match}
    for side, ref in (("a", pair.a), ("b", pair.b)):
        row.update({f"doc_{side}": ref.doc, f"outlet_{side}": ref.outlet, f"published_{side}": ref.published,
                    f"sentence_{side}": ref.position, f"text_{side}": ref.text})
    row["direction"] = direction
    row["lang_a"], row["lang_b"] = pair.a.lang, pair.b.lang
    row["confidence"], row["reason"] = pair.confidence, pair.reason
    row["kind_a"], row["kind_b"] = pair.a.kind, pair.b.kind
    return row


def member(ref: SentenceRef) -> dict:
    return {"doc": ref.doc, "sentence": ref.position, "text": ref.text, "outlet": ref.outlet, "published": ref.published,
            "lang": ref.lang}


def cluster_record(cluster: Cluster, tree: Provenance | None = None) -> dict:
    record = {
        "cluster": cluster.cluster_id,
        "documents": len(cluster.documents),
        "outlets": len(cluster.outlets),
        "representative": member(cluster.representative),
        "members": [member(m) for m in cluster.members],
    }
    if tree is not None:
        record["origin"] = _place(tree.origin)
        record["edges"] = [edge_record(e) for e in tree.edges]
    return record


def _place(ref: SentenceRef) -> dict:
    return {"doc": ref.doc, "sentence": ref.position}


def edge_record(edge: Edge) -> dict:
    return {"source": _place(edge.source), "target": _place(edge.target), "similarity": edge.similarity,
            "match": edge.match, "evidence": list(edge.evidence)}


def provenance_record(tree: Provenance) -> dict:
    return {"cluster": tree.cluster_id, "origin": member(tree.origin), "origin_evidence": list(tree.origin_evidence),
            "edges": [edge_record(e) for e in tree.edges]}


def write_provenance(trees: list[Provenance], clusters: dict[int, Cluster], fmt: str, out: TextIO,
                     outlets: list[tuple[str, str, int]] | None = None) -> None:
    if fmt == "json":
        _write_json_lines((provenance_record(t) for t in trees), out)
        return
    if fmt == "csv":
        _write_csv((row for t in trees for row in provenance_rows(t)), PROVENANCE_COLUMNS, out)
        return
    for tree in trees:
        representative = clusters[tree.cluster_id].representative.text
        out.write(f"Cluster {tree.cluster_id}: “{textwrap.shorten(representative, 90, placeholder=' …')}”\n")
        out.write(f"  origin {_who(tree.origin)}\n")
        for note in tree.origin_evidence:
            out.write(f"      {note}\n")
        for edge in tree.edges:
            out.write(f"  {_who(edge.source)} → {_who(edge.target)}  {edge.match} {edge.similarity:.2f}\n")
            for note in edge.evidence:
                out.write(f"      {note}\n")
        out.write("\n")
    if outlets is not None:
        out.write("Who takes from whom (outlet, or document where no outlet is known):\n")
        for source, target, copies in outlets:
            out.write(f"  {source} → {target}: {copies} claim{'s' * (copies != 1)}\n")
        if not outlets:
            out.write("  no copies found\n")


def provenance_rows(tree: Provenance) -> Iterable[dict]:
    """One row for the origin, then one per edge (the target with its source), evidence joined by "; "."""
    yield {"cluster": tree.cluster_id, "role": "origin", "source_doc": "", "source_sentence": "",
           **member(tree.origin), "similarity": "", "match": "", "evidence": "; ".join(tree.origin_evidence)}
    for edge in tree.edges:
        yield {"cluster": tree.cluster_id, "role": "copy", "source_doc": edge.source.doc,
               "source_sentence": edge.source.position, **member(edge.target), "similarity": edge.similarity,
               "match": edge.match, "evidence": "; ".join(edge.evidence)}


def _who(ref: SentenceRef) -> str:
    return f"{ref.doc} #{ref.position}" + (f" ({ref.outlet})" if ref.outlet else "")


def write_pairs(pairs: list[Pair], fmt: str, out: TextIO, directions: dict[tuple[int, int], str] | None = None
                ) -> None:
    directions = directions or {}
    if fmt == "csv":
        _write_csv([], PAIR_COLUMNS, out)
        # A sentence's five columns are quoted once, however many pairs it is in: the same CSV, sooner.
        sides: dict[int, str] = {}
        for p in pairs:
            a = sides.get(p.a.sentence_id) or sides.setdefault(p.a.sentence_id, _csv_fields(p.a))
            b = sides.get(p.b.sentence_id) or sides.setdefault(p.b.sentence_id, _csv_fields(p.b))
            direction = directions.get((p.a.sentence_id, p.b.sentence_id), "")
            confidence = "" if p.confidence is None else repr(p.confidence)
            out.write(f"{'' if p.cluster is None else p.cluster},{p.similarity!r},{p.match},{a},{b},{direction},"
                      f"{p.a.lang},{p.b.lang},{confidence},{p.reason},{p.a.kind},{p.b.kind}\n")
    elif fmt == "json":
        _write_json_lines((pair_row(p, directions.get((p.a.sentence_id, p.b.sentence_id), "")) for p in pairs), out)
    else:
        for pair in pairs:
            cluster = f"cluster {pair.cluster}" if pair.cluster is not None else "no cluster"
            arrow = {"a->b": "  (first → second)", "b->a": "  (second → first)"}.get(
                directions.get((pair.a.sentence_id, pair.b.sentence_id), ""), "")
            sure = "" if pair.confidence is None else f"  confidence {pair.confidence:.2f}"
            why = f"  ({pair.reason})" if pair.reason else ""
            out.write(f"{pair.match:<10}  similarity {pair.similarity:.2f}{sure}  {cluster}{arrow}{why}\n")
            for ref in (pair.a, pair.b):
                out.write(_member_line(ref))
            out.write("\n")
        out.write(f"{len(pairs)} matched pair{'' if len(pairs) == 1 else 's'}\n")


def write_clusters(clusters: list[Cluster], fmt: str, out: TextIO, trees: dict[int, Provenance] | None = None
                   ) -> None:
    trees = trees or {}
    if fmt == "json":
        _write_json_lines((cluster_record(c, trees.get(c.cluster_id)) for c in clusters), out)
    elif fmt == "csv":
        rows = [{"cluster": c.cluster_id, "documents": len(c.documents), "outlets": len(c.outlets),
                 "representative": str(m == c.representative).lower(), **member(m)} for c in clusters
                for m in c.members]  # true/false, as JSON and the search CSV write booleans
        _write_csv(rows, CLUSTER_COLUMNS, out)
    else:
        for cluster in clusters:
            tree = trees.get(cluster.cluster_id)
            origin = f", origin {tree.origin.doc} (*)" if tree else ""
            out.write(f"Cluster {cluster.cluster_id}: {len(cluster.documents)} documents, "
                      f"{len(cluster.members)} sentences{origin}\n")
            out.write(textwrap.indent(_wrap(f"“{cluster.representative.text}”"), "  ") + "\n")
            for ref in cluster.members:
                line = _member_line(ref)
                if tree and ref == tree.origin:
                    line = "  * " + line[4:]  # the origin
                out.write(line)
            out.write("\n")
        out.write(f"{len(clusters)} claim clusters\n")


def write_runs(runs: list[dict], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        _write_json_lines(runs, out)
        return
    if fmt == "csv":
        _write_csv(({**{c: run.get(c, "") for c in RUN_COLUMNS}, "new_clusters": len(run.get("new_clusters", []))}
                    for run in runs), RUN_COLUMNS, out)
        return
    out.write(f"{'run':>4}  {'started':<25}  {'status':<11}  {'added':>5}  {'updated':>7}  {'removed':>7}  "
              f"{'skipped':>7}  {'new pairs':>9}  {'new clusters':>12}\n")
    for run in runs:
        out.write(f"{run['run']:>4}  {run['started']:<25}  {run['status']:<11}  {run.get('added', ''):>5}  "
                  f"{run.get('updated', ''):>7}  {run.get('removed', ''):>7}  {run.get('skipped', ''):>7}  "
                  f"{run.get('new_pairs', ''):>9}  {len(run.get('new_clusters', [])) if run['finished'] else '':>12}\n")


SEARCH_COLUMNS = ("query_id", "query", "rank", "doc", "sentence", "text", "outlet", "published", "similarity",
                  "confidence", "same_claim")


def write_answers(answers: list, fmt: str, out: TextIO) -> None:
    """Search results (`dedup.match.search.Answer`): a table, one CSV row per hit, or one JSON object per query."""
    if fmt == "csv":
        _write_csv(({"query_id": a.query.query_id, "query": a.query.text, "rank": h.rank, "doc": h.ref.doc,
                     "sentence": h.ref.position, "text": h.ref.text, "outlet": h.ref.outlet,
                     "published": h.ref.published, "similarity": h.similarity,
                     "confidence": "" if h.confidence is None else h.confidence, "same_claim": str(h.same_claim).lower()}
                    for a in answers for h in a.hits), SEARCH_COLUMNS, out)
    elif fmt == "json":
        _write_json_lines(({"query_id": a.query.query_id, "query": a.query.text, "matches": [
            {"rank": h.rank, "doc": h.ref.doc, "sentence": h.ref.position, "text": h.ref.text, "outlet": h.ref.outlet,
             "published": h.ref.published, "similarity": h.similarity, "confidence": h.confidence,
             "same_claim": h.same_claim} for h in a.hits]} for a in answers), out)
    else:
        for number, answer in enumerate(answers):
            if len(answers) > 1:
                out.write(("\n" if number else "") + f"{answer.query.query_id}: {_wrap(answer.query.text)}\n")
            for hit in answer.hits:
                sure = "    " if hit.confidence is None else f"{hit.confidence:.2f}"
                verdict = "same claim" if hit.same_claim else "          "
                out.write(f"{hit.similarity:.2f}  {sure}  {verdict}" + _member_line(hit.ref)[1:])
            if not answer.hits:
                out.write("no matching claims\n")


def _member_line(ref: SentenceRef) -> str:
    source = " ".join(x for x in (ref.doc, f"#{ref.position}", ref.outlet, ref.published) if x)
    width = max(40, shutil.get_terminal_size((120, 20)).columns - len(source) - 8)
    return f"    {source}  {textwrap.shorten(ref.text, width=width, placeholder=' …')}\n"


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=min(100, shutil.get_terminal_size((100, 20)).columns - 4))


def _csv_fields(ref: SentenceRef) -> str:
    """doc, outlet, published, sentence, text of one side of a pair, as CSV."""
    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow((ref.doc, ref.outlet, ref.published, ref.position, ref.text))
    return line.getvalue()


def _write_csv(rows: Iterable[dict], columns: tuple[str, ...], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _write_json_lines(records: Iterable[dict], out: TextIO) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
