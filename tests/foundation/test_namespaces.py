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


def test_the_prefix_strings_need_no_rdflib() -> None:
    """PREFIXES are plain strings equal to rdflib's namespaces, and importing the module for
    them does not import rdflib (the Namespace objects are built on first use)."""
    import subprocess
    import sys
    from pathlib import Path

    from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

    assert {k: PREFIXES[k] for k in ("rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "foaf",
                                     "prov", "sh", "void", "dcat")} == {
        "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD),
        "skos": str(SKOS), "dcterms": str(DCTERMS), "foaf": str(FOAF), "prov": str(PROV),
        "sh": str(SH), "void": str(VOID), "dcat": str(DCAT)}
    assert str(PK) == PREFIXES["pk"] and str(PKR) == PREFIXES["pkr"]
    code = ("import sys, painkg.namespaces as n; n.shorten_iri(n.PREFIXES['pk'] + 'x'); "
            "print('rdflib' in sys.modules)")
    src = str(Path(__file__).resolve().parents[2] / "src")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": src}, check=True, timeout=60)
    assert done.stdout.strip() == "False"
