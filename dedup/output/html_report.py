"""A self-contained HTML report: the provenance graph and every cluster side by side.

One file, no network: styles and the SVG graph are inline. Outlets (or documents, where no outlet is
known) are the graph's nodes and copies its arrows, thicker for more claims. Each cluster shows its
members side by side with the words that differ from the origin's highlighted, and the evidence for
each copy.
"""

from __future__ import annotations

import difflib
import html
import math
import re

from dedup.ingest.language import ENGLISH, name as language_name
from dedup.records import Cluster, Provenance, SentenceRef

_WORD = re.compile(r"\S+")

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.15em; margin-top: 2em; }
.graph { border: 1px solid #ddd; border-radius: 6px; background: #fafafa; }
.node circle { fill: #1f6feb; } .node text { font-size: 13px; fill: #111; }
.link { stroke: #d1242f; fill: none; opacity: .75; } .count { font-size: 12px; fill: #d1242f; }
.members { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: .8em; }
.member { border: 1px solid #ddd; border-radius: 6px; padding: .6em .8em; background: #fff; }
.member.origin { border: 2px solid #1f6feb; }
.who { font-size: .85em; color: #555; margin-bottom: .3em; }
mark { background: #fff3b0; } .evidence { font-size: .85em; color: #444; }
.evidence li { margin: .1em 0; }
"""

SCRIPT = """
// Record what the browser actually laid out, so that a headless test can check the graph is visible.
window.addEventListener('load', function () {
  var svg = document.querySelector('svg.graph'), box = svg ? svg.getBoundingClientRect() : null;
  document.body.dataset.graphWidth = box ? Math.round(box.width) : 0;
  document.body.dataset.graphHeight = box ? Math.round(box.height) : 0;
  document.body.dataset.graphNodes = svg ? svg.querySelectorAll('.node').length : 0;
  document.body.dataset.graphLinks = svg ? svg.querySelectorAll('.link').length : 0;
});
"""


def render(clusters: list[Cluster], trees: list[Provenance], view: list[tuple[str, str, int]],
           title: str = "dedup report") -> str:
    """The report page: `view` is who takes from whom, (source outlet, target outlet, copies)."""
    trees = {t.cluster_id: t for t in trees}
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             f"<style>{STYLE}</style><script>{SCRIPT}</script></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             f"<p>{len(clusters)} claim clusters across "
             f"{len({m.doc for c in clusters for m in c.members})} documents.</p>",
             "<h2>Who takes from whom</h2>", provenance_graph(view, clusters)]
    for cluster in clusters:
        parts.append(_cluster_section(cluster, trees.get(cluster.cluster_id)))
    parts.append("</body></html>")
    return "\n".join(parts)


def provenance_graph(view: list[tuple[str, str, int]], clusters: list[Cluster], size: int = 560) -> str:
    """Outlets on a circle, an arrow per copying relation, labelled with its number of claims."""
    names = sorted({m.outlet or m.doc for c in clusters for m in c.members})
    if not names:
        return "<p>No clusters yet.</p>"
    centre, radius = size / 2, size / 2 - 90
    place = {name: (centre + radius * math.cos(2 * math.pi * i / len(names) - math.pi / 2),
                    centre + radius * math.sin(2 * math.pi * i / len(names) - math.pi / 2))
             for i, name in enumerate(names)}
    most = max((n for _, _, n in view), default=1)
    svg = [f"<svg class='graph' xmlns='http://www.w3.org/2000/svg' width='{size}' height='{size}' "
           f"viewBox='0 0 {size} {size}' role='img' aria-label='provenance graph'>",
           "<defs><marker id='arrow' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' markerHeight='7' "
           "orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' fill='#d1242f'/></marker></defs>"]
    for source, target, copies in view:
        (x1, y1), (x2, y2) = place[source], place[target]
        # Bend each arrow to one side so that A -> B and B -> A do not overlap.
        mx, my = (x1 + x2) / 2 + (y2 - y1) * 0.15, (y1 + y2) / 2 - (x2 - x1) * 0.15
        length = math.hypot(x2 - mx, y2 - my) or 1
        ex, ey = x2 - (x2 - mx) / length * 16, y2 - (y2 - my) / length * 16  # stop at the node's edge
        width = 1.5 + 4 * copies / most
        svg.append(f"<path class='link' d='M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}' "
                   f"stroke-width='{width:.1f}' marker-end='url(#arrow)'><title>{html.escape(source)} → "
                   f"{html.escape(target)}: {copies} claims</title></path>")
        svg.append(f"<text class='count' x='{mx:.1f}' y='{my:.1f}'>{copies}</text>")
    for name, (x, y) in place.items():
        svg.append(f"<g class='node'><circle cx='{x:.1f}' cy='{y:.1f}' r='14'/>"
                   f"<text x='{x:.1f}' y='{y + 30:.1f}' text-anchor='middle'>{html.escape(name)}</text></g>")
    svg.append("</svg>")
    return "".join(svg)


def highlight_differences(text: str, reference: str) -> str:
    """`text` as HTML with the words that are not in `reference` marked."""
    words, base = _WORD.findall(text), _WORD.findall(reference)
    matcher = difflib.SequenceMatcher(a=[w.casefold() for w in base], b=[w.casefold() for w in words],
                                      autojunk=False)
    out = []
    for tag, _, _, start, end in matcher.get_opcodes():
        chunk = html.escape(" ".join(words[start:end]))
        if chunk:
            out.append(chunk if tag == "equal" else f"<mark>{chunk}</mark>")
    return " ".join(out)


def _cluster_section(cluster: Cluster, tree: Provenance | None) -> str:
    origin = tree.origin if tree else cluster.representative
    parts = [f"<section class='cluster' id='cluster-{cluster.cluster_id}'>",
             f"<h2>Cluster {cluster.cluster_id}: {len(cluster.documents)} documents</h2><div class='members'>"]
    for ref in cluster.members:
        is_origin = ref == origin
        # words that differ are marked within a language; a translation is shown as it is, with its language
        plain = is_origin or ref.lang != origin.lang
        text = html.escape(ref.text) if plain else highlight_differences(ref.text, origin.text)
        language = f" · {language_name(ref.lang)}" if ref.lang != origin.lang or origin.lang != ENGLISH else ""
        parts.append(f"<div class='member{' origin' if is_origin else ''}' lang='{html.escape(ref.lang)}'>"
                     f"<div class='who'>{_who(ref)}{' · origin' if is_origin else ''}{language}</div>{text}</div>")
    parts.append("</div>")
    if tree and tree.edges:
        parts.append("<ul class='evidence'>")
        for edge in tree.edges:
            notes = "".join(f"<li>{html.escape(note)}</li>" for note in edge.evidence)
            parts.append(f"<li><b>{_who(edge.source)} → {_who(edge.target)}</b> ({edge.match}, "
                         f"similarity {edge.similarity:.2f})<ul>{notes}</ul></li>")
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def _who(ref: SentenceRef) -> str:
    details = " · ".join(x for x in (ref.outlet, ref.published) if x)
    return html.escape(f"{ref.doc} #{ref.position}" + (f" · {details}" if details else ""))
