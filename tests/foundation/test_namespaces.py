"""The namespaces painkg mints and the prefix map every serialisation binds."""

from __future__ import annotations

from rdflib import Graph

from painkg.namespaces import PK, PKR, PREFIXES, bind_prefixes, graph_iri


def test_minted_iris_live_under_w3id() -> None:
    assert str(PKR["kinesiophobia"]) == "https://w3id.org/painkg/id/kinesiophobia"
    assert str(PK["Intervention"]).startswith("https://w3id.org/painkg/")
    assert graph_iri("central-sensitization") == str(PKR["graph/central-sensitization"])


def test_bound_prefixes_are_the_prefix_map() -> None:
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    assert bound["pk"] == str(PK) and bound["pkr"] == str(PKR)
    assert {p: bound[p] for p in PREFIXES} == {p: str(ns) for p, ns in PREFIXES.items()}
