"""GEXF 1.3: the view's nodes and edges, each edge's evidence as attribute values."""

from __future__ import annotations

import io
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


def test_networkx_reads_back_the_view_and_its_evidence() -> None:
    import networkx as nx

    view = build_view(fixture_store(), "interventions")
    graph = nx.read_gexf(io.BytesIO(write_gexf(view)), version="1.3")
    assert graph.is_directed()
    assert sorted(graph.nodes) == sorted(n.id for n in view.nodes)
    assert sorted(d["id"] for _, _, d in graph.edges(data=True)) == sorted(
        e.id for e in view.edges)
    edge = view.edges[0]
    data = next(d for _, _, d in graph.edges(data=True) if d["id"] == edge.id)
    assert (data["best_tier"], data["n_claims"], data["llm_only"]) == (
        edge.best_tier, edge.n_claims, edge.llm_only)
    assert "networkx_key" not in data  # the edge id again, dropped


def test_the_header_is_schema_correct_and_carries_no_date() -> None:
    # networkx stamps today's date and misspells the XSI namespace for GEXF 1.3; painkg
    # drops the one (same bytes any day) and corrects the other.
    root = ET.fromstring(write_gexf(build_view(fixture_store(), "interventions")))
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == \
        "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    meta = root.find("x:meta", NS)
    assert meta is not None and meta.get("lastmodifieddate") is None
    assert meta.findtext("x:creator", namespaces=NS) == "painkg"
