"""GEXF 1.3: the view's nodes and edges, each edge's evidence as attribute values."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from painkg.views.build import build_view
from painkg.views.formats.gexf import write_gexf
from support.views import fixture_store

NS = {"x": "http://gexf.net/1.3"}


def test_gexf_holds_the_view() -> None:
    view = build_view(fixture_store(), "interventions")
    root = ET.fromstring(write_gexf(view))
    assert root.get("version") == "1.3"
    nodes = root.findall(".//x:nodes/x:node", NS)
    edges = root.findall(".//x:edges/x:edge", NS)
    assert sorted(n.get("label") or "" for n in nodes) == sorted(n.label for n in view.nodes)
    assert len(edges) == len(view.edges)
    values = {v.get("value") for e in edges for v in e.iterfind(".//x:attvalue", NS)}
    assert {e.best_tier for e in view.edges} <= values
