"""GraphML: well-formed XML whose nodes, edges and typed keys are the view's."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from painkg.views.build import build_view
from painkg.views.formats.attributes import edge_columns, node_columns
from painkg.views.formats.graphml import write_graphml
from support.views import fixture_store

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


def test_graphml_holds_the_view() -> None:
    view = build_view(fixture_store(), "full")
    root = ET.fromstring(write_graphml(view))
    graph = root.find("g:graph", NS)
    assert graph is not None and graph.get("edgedefault") == "directed"
    assert sorted(n.get("id") or "" for n in graph.iterfind("g:node", NS)) == sorted(
        n.id for n in view.nodes)
    edges = sorted((e.get("source"), e.get("target")) for e in graph.iterfind("g:edge", NS))
    assert edges == sorted((e.source, e.target) for e in view.edges)
    keys = {(k.get("for"), k.get("attr.name")) for k in root.iterfind("g:key", NS)}
    assert {("node", name) for name, _ in node_columns(view)} <= keys
    assert {("edge", name) for name, _ in edge_columns()} <= keys


def test_networkx_reads_back_every_node_edge_and_typed_value() -> None:
    import networkx as nx

    view = build_view(fixture_store(), "full")
    graph = nx.parse_graphml(write_graphml(view).decode(), force_multigraph=True,
                             edge_key_type=str)
    assert graph.is_directed()
    assert sorted(graph.nodes) == sorted(n.id for n in view.nodes)
    assert sorted(k for _, _, k in graph.edges(keys=True)) == sorted(e.id for e in view.edges)
    edge = next(e for e in view.edges if e.n_claims)
    data = graph.edges[edge.source, edge.target, edge.id]
    assert (data["best_tier"], data["n_claims"], data["llm_only"]) == (
        edge.best_tier, edge.n_claims, edge.llm_only)
    assert isinstance(data["weight"], float) and isinstance(data["llm_only"], bool)
    node = view.nodes[0]
    assert graph.nodes[node.id]["label"] == node.label
