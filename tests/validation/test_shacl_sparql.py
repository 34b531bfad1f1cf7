"""SHACL-SPARQL constraints on Oxigraph give exactly pyshacl's results, only faster.

The oracle is pyshacl alone with the complete shapes graph (``sparql="pyshacl"``); the fast
path is pyshacl on the core constraints plus :mod:`painkg.validation.shacl_sparql`. Both run on
the same triples for every shape case, the shipped data and a set of SHACL-SPARQL features, and
their result records must be the same multiset.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from painkg.errors import InputError
from painkg.resources import ontology_files
from painkg.store import OxigraphStore, open_store
from painkg.store.load import ONTOLOGY_GRAPH, graph_for_file, load_files
from painkg.validation.report import ValidationReport
from painkg.validation.shacl_sparql import prepare_shapes
from painkg.validation.validate import data_graph, packaged_shapes, validate_graph
from support import CASES

SHAPE_CASES = sorted((CASES / "shapes").glob("*/*.ttl"))
BASE = CASES / "shapes" / "_base.ttl"
FEATURES = CASES / "shaclsparql"
EXS = "https://example.org/shapes#"

Record = tuple[object, ...]


def _records(report: ValidationReport) -> Counter[Record]:
    return Counter((r.focus, r.path, r.value, r.severity, r.message, r.shape, r.constraint,
                    r.source_constraint, r.focus_label) for r in report.results)


def _sparql_records(report: ValidationReport) -> list[Record]:
    return [rec for rec in _records(report) if rec[6] == SH.SPARQLConstraintComponent]


def _store(files: list[Path], with_ontology: bool = True) -> OxigraphStore:
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    if with_ontology:
        load_files(store, [(p, ONTOLOGY_GRAPH) for p in ontology_files()])
    load_files(store, [(p, graph_for_file(p)) for p in files])
    return store


def _both(store: OxigraphStore, shapes: Graph | None = None
          ) -> tuple[ValidationReport, ValidationReport]:
    """(fast path, pyshacl oracle), each on its own copy of the store's triples."""
    ntriples = store.union_ntriples()
    fast = validate_graph(data_graph(ntriples), shapes, engine=store.inner)
    oracle = validate_graph(data_graph(ntriples), shapes, sparql="pyshacl")
    return fast, oracle


@cache
def _case(case: Path) -> tuple[ValidationReport, ValidationReport]:
    return _both(_store([BASE, case]))


@pytest.mark.parametrize("case", SHAPE_CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fast_path_matches_pyshacl_on_shape_case(case: Path) -> None:
    fast, oracle = _case(case)
    assert _records(fast) == _records(oracle)


def test_shape_cases_make_every_sparql_constraint_fire() -> None:
    """The comparison above is not vacuous: each constraint reports in some case."""
    fired = {rec[7] for case in SHAPE_CASES for rec in _sparql_records(_case(case)[0])}
    assert {c.node for c in packaged_shapes().constraints} <= fired


def test_fast_path_matches_pyshacl_on_the_shipped_data(kg: OxigraphStore) -> None:
    fast, oracle = _both(kg)
    assert _records(fast) == _records(oracle)
    assert _sparql_records(fast), "the shipped data has SPARQL results (e.g. source count)"
    # Without a store (e.g. a remote endpoint's triples), one is built from the data graph.
    alone = validate_graph(data_graph(kg.union_ntriples()))
    assert _records(alone) == _records(fast)


def test_every_shipped_sparql_constraint_takes_the_fast_path() -> None:
    """Fails when a constraint uses $this where a join would not bind it as pre-binding
    does (e.g. inside a nested SELECT that does not project it): see
    painkg.validation.prebinding."""
    prepared = packaged_shapes()
    assert prepared.left_to_pyshacl == (), prepared.left_to_pyshacl
    assert len(prepared.constraints) == len(set(prepared.full.objects(None, SH.sparql)))
    assert not set(prepared.core.objects(None, SH.sparql))


def test_features_match_pyshacl() -> None:
    shapes = Graph().parse(FEATURES / "shapes.ttl", format="turtle")
    fast, oracle = _both(_store([FEATURES / "data.ttl"], with_ontology=False), shapes)
    assert _records(fast) == _records(oracle)
    prepared = prepare_shapes(shapes)
    left = {shape for shape, _node, _why in prepared.left_to_pyshacl}
    assert left == {URIRef(EXS + "PerNodeCount")}, prepared.left_to_pyshacl
    shown = {(str(r.shape), r.message) for r in fast.results}
    ns = "https://example.org/ns#"
    assert (EXS + "NegativeAge", f"{ns}rex is -1 years old.") in shown
    assert (EXS + "Named", "Has no name.") in shown
    assert {str(r.focus) for r in fast.results if str(r.shape) == EXS + "Named"} == {
        ns + "rex", ns + "ghost"}
    assert (ns + "Cat", "A cat with 2 owners.") in shown
    assert (EXS + "Checked", f"Checked by {ns}inspector, not by this shape; 2 checks.") in shown
    assert (EXS + "PerNodeCount", "Likes 3 things.") in shown
    assert sum(1 for r in fast.results if str(r.shape) == EXS + "SelfLove") == 1
    assert not any("Never reported" in r.message for r in fast.results)


@pytest.mark.parametrize(("select", "words"), [
    ("SELECT $this WHERE { $this ?p ?o MINUS { $this a ?c } }", "MINUS"),
    ("SELECT $this WHERE { VALUES ?o { 1 } $this ?p ?o }", "VALUES"),
    ("SELECT $this WHERE { $this ?p $shapesGraph }", "$shapesGraph"),
    ("SELECT $this WHERE { $this ?p }", "does not parse"),
    ("SELECT $this", "WHERE"),
])
def test_bad_constraint_is_an_input_error_naming_it(select: str, words: str) -> None:
    shapes = Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:shape> a sh:NodeShape ; sh:targetNode <urn:x> ; sh:message "m" ;
            sh:sparql <urn:constraint> .
        <urn:constraint> sh:select "{select}" .""", format="turtle")
    data = Graph().parse(data="<urn:x> <urn:p> <urn:y> .", format="turtle")
    with pytest.raises(InputError) as caught:
        validate_graph(data, shapes)
    message = str(caught.value)
    assert "<urn:constraint>" in message and words.split()[0].lstrip("$") in message, message
