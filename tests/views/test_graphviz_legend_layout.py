"""The Graphviz drawing: entities without a relation sit in small grids by class (not in
one column), and the legend draws its line styles and class shapes (Graphviz really runs)."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import Counter

from painkg.store import OxigraphStore
from painkg.views.build import build_view
from painkg.views.formats import write_view
from painkg.views.formats.style import LEGEND_EDGES

NS = {"s": "http://www.w3.org/2000/svg"}


def _groups(svg: bytes, kind: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.findtext("s:title", "", NS): g for g in root.iterfind(".//s:g", NS)
            if g.get("class", "").split(" ")[0] == kind}


def test_unconnected_entities_are_grouped_by_class_not_parked_in_a_column(
        kg: OxigraphStore) -> None:
    graph = build_view(kg, "interventions")  # the README's picture
    svg = write_view(graph, "svg")
    linked = {e.source for e in graph.edges} | {e.target for e in graph.edges}
    isolated = {n.id: n.cls for n in graph.nodes if n.id not in linked}
    assert len(isolated) >= 4, "the README's view is expected to hold unconnected entities"
    clusters = {t: g for t, g in _groups(svg, "cluster").items()}
    nodes = _groups(svg, "node")
    for cls in set(isolated.values()):
        assert f"cluster_unconnected_{cls}" in clusters, sorted(clusters)
    # Per class: two classes' grids may stand one above the other and share an x.
    columns = Counter((cls, round(float(nodes[i].find(".//s:ellipse", NS).get("cx", "0"))))  # type: ignore[union-attr]
                      for i, cls in isolated.items())
    largest = max(Counter(isolated.values()).values())
    assert max(columns.values()) <= math.ceil(math.sqrt(largest)), columns
    # Every entity of the view is still drawn, with its class's shape.
    assert set(n.id for n in graph.nodes) <= set(nodes)


def test_the_legend_draws_its_line_styles_and_classes(kg: OxigraphStore) -> None:
    graph = build_view(kg, "interventions")
    svg = write_view(graph, "svg")
    assert "cluster_legend" in _groups(svg, "cluster")
    legend = [g for g in ET.fromstring(svg).iterfind(".//s:g", NS)
              if g.get("class") == "edge legend"]
    assert len(legend) == len(LEGEND_EDGES)
    texts = [" ".join(t.text or "" for t in g.iterfind(".//s:text", NS)) for g in legend]
    assert sorted(texts) == sorted(text for text, _, _, _ in LEGEND_EDGES)
    dashes = [g.find("s:path", NS).get("stroke-dasharray") for g in legend]  # type: ignore[union-attr]
    widths = [float(g.find("s:path", NS).get("stroke-width") or 1) for g in legend]  # type: ignore[union-attr]
    assert sum(1 for d in dashes if d) == 3  # LLM-only and implied-only dashed, one dotted
    assert widths[0] > widths[2], widths  # T1 drawn thicker than T3
    classes = [g.findtext(".//s:text", "", NS) for g in ET.fromstring(svg).iterfind(".//s:g", NS)
               if g.get("class") == "node legend"
               and not g.findtext("s:title", "", NS).startswith("_legend_edge")]
    assert sorted(classes) == sorted({n.cls for n in graph.nodes})
