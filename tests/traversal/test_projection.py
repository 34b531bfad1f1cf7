"""The networkx projection: entities as nodes, evidenced relations as edges with evidence."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from painkg.namespaces import PK, PKR, RDF, shorten_iri
from painkg.resources import queries_dir
from painkg.store import OxigraphStore
from painkg.traversal.projection import (
    Evidence,
    best_tier,
    internal_query,
    iri_terms,
    literal_term,
    load_entities,
    project,
    project_interventions,
    tier_rank,
    weakest_tier,
)
from support import TRAVERSE_GRAPH, traverse_store


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return traverse_store()


@pytest.fixture(scope="module")
def graph(store: OxigraphStore) -> nx.MultiDiGraph:
    return project(store)


def test_nodes_are_entities_with_iri_label_and_class(graph: nx.MultiDiGraph) -> None:
    node = graph.nodes[str(PKR["test-phobia"])]
    assert node["iri"] == str(PKR["test-phobia"])
    assert node["label"] == "test phobia"
    assert node["class"] == "pk:ProblemForWork"
    assert node["alt_labels"] == ("fear of testing", "shared synonym")
    assert graph.nodes[str(PKR["person/ada-example"])]["class"] == "pk:Person"


def test_claims_sources_classes_and_literals_are_never_nodes(
        store: OxigraphStore, graph: nx.MultiDiGraph) -> None:
    entities = load_entities(store)
    assert set(graph.nodes) == set(entities), "every node is an entity and vice versa"
    for iri in graph.nodes:
        assert "/claim/" not in iri and "/source/" not in iri and not iri.startswith(str(PK))
    assert graph.number_of_nodes() == 11


def test_every_reified_statement_is_one_typed_edge(store: OxigraphStore,
                                                   graph: nx.MultiDiGraph) -> None:
    rdf = store.rdflib_graph()  # an independent path to the same data (rdflib API)
    expected = sorted(
        (str(rdf.value(st, RDF.subject)), str(rdf.value(st, RDF.object)),
         str(rdf.value(st, RDF.predicate))) for st in rdf.subjects(RDF.type, RDF.Statement))
    assert sorted(graph.edges(keys=True)) == expected
    assert len(expected) == 9


def test_edges_carry_claims_sources_and_best_tier(graph: nx.MultiDiGraph) -> None:
    edge = graph.edges[str(PKR["stepwise-exposure"]), str(PKR["test-phobia"]), str(PK.targets)]
    assert edge["relation"] == "pk:targets"
    assert edge["best_tier"] == "T1"
    assert [c["marker"] for c in edge["claims"]] == [str(PKR["source/alpha-2001"]), str(PK.LLM)]
    first = edge["claims"][0]
    assert first["text"] == "Synthetic claim: stepwise exposure reduces test phobia."
    assert first["section"] == "Fixture problems"
    assert first["iri"].startswith(str(PKR["article/synthetic-fixture/claim/fixture-problems-"]))
    assert [(s.label, s.tier) for s in edge["sources"]] == [("Alpha 2001", "T1")]
    assert [e.tier for e in edge["evidence"]] == ["T1", "LLM"], "strongest evidence first"
    llm_only = graph.edges[str(PKR["umbrella-therapy"]), str(PKR["test-phobia"]), str(PK.targets)]
    assert llm_only["best_tier"] == "LLM" and llm_only["sources"] == ()


def test_a_restricted_projection_fetches_only_its_subgraph(store: OxigraphStore) -> None:
    small = project(store, [str(PK.targets), str(PK.nestedIn)])
    assert {k for _, _, k in small.edges(keys=True)} == {str(PK.targets), str(PK.nestedIn)}
    assert str(PKR["model-construct"]) not in small, "end nodes of other relations stay out"
    assert str(PKR["isolated-problem"]) not in small
    assert small.number_of_edges() == 6


def test_restriction_is_a_values_block_in_the_outer_where(store: OxigraphStore) -> None:
    text = internal_query("evidenced-edges", ["_property_iri"], iri_terms([str(PK.targets)]))
    head, _, rest = text.partition("WHERE {")
    assert "SELECT DISTINCT" in head
    assert rest.lstrip().startswith(f"VALUES (?_property_iri) {{ (<{PK.targets}>) }}")
    assert {str(r["_property_iri"]) for r in store.select(text)} == {str(PK.targets)}
    assert internal_query("evidenced-edges") == (
        queries_dir() / "internal" / "evidenced-edges.rq").read_text(encoding="utf-8")


def test_a_literal_parameter_cannot_break_out_of_its_term(store: OxigraphStore) -> None:
    hostile = 'x" } ?s ?p ?o { "'
    text = internal_query("name-lookup", ["_key"], [(literal_term(hostile),)])
    assert store.select(text) == []


def test_the_interventions_projection_is_the_problems_subgraph(store: OxigraphStore) -> None:
    small = project_interventions(store, str(PKR["test-phobia"]))
    assert small.number_of_edges() == 6
    assert str(PKR["model-construct"]) not in small
    lonely = project_interventions(store, str(PKR["isolated-problem"]))
    assert list(lonely.nodes) == [str(PKR["isolated-problem"])]
    assert lonely.nodes[str(PKR["isolated-problem"])]["label"] == "isolated problem"


@pytest.mark.parametrize("path", sorted((queries_dir() / "internal").glob("*.rq")),
                         ids=lambda p: p.name)
def test_internal_queries_have_a_grlc_header(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#+ summary: ")
    assert any(line.startswith("#+ description:") for line in lines)
    assert any(line.startswith("#+ tags:") for line in lines)


def test_an_evidenced_triple_without_statement_is_an_edge_without_evidence(
        tmp_path: Path) -> None:
    store = traverse_store()
    extra = tmp_path / "extra.nt"
    extra.write_text(f"<{PKR['paced-training']}> <{PK.builtOn}> <{PKR['model-construct']}> .\n")
    store.load(extra, TRAVERSE_GRAPH, "ntriples")
    edge = project(store).edges[str(PKR["paced-training"]), str(PKR["model-construct"]),
                                str(PK.builtOn)]
    assert edge["best_tier"] == "none" and edge["evidence"] == ()
    assert (edge["stated_tier"], edge["implied_tier"]) == ("none", "none")


def test_projection_is_deterministic(store: OxigraphStore) -> None:
    first, second = project(store), project(traverse_store())
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))


def test_tier_order_is_t1_t2_t3_llm() -> None:
    assert sorted(["LLM", "T3", None, "T1", "T2"], key=tier_rank) == ["T1", "T2", "T3", "LLM",
                                                                        None]
    assert best_tier(["LLM", "T2", None]) == "T2"
    assert best_tier([]) == "none"  # painkg.tiers.NO_EVIDENCE, the one "no evidence" value
    assert weakest_tier(["T1", "LLM"]) == "LLM"
    assert weakest_tier(["T1", None]) == "none"


def test_evidence_json_names_claim_text_and_iri() -> None:
    item = Evidence("http://x/claim", "Text.", "Section", 3, str(PK.LLM), None)
    assert item.as_dict() == {"claim": "Text.", "claim_iri": "http://x/claim",
                              "section": "Section", "marker": "pk:LLM", "tier": "LLM",
                              "source": None, "role": "states", "review": "unreviewed",
                              "counts": True}


def test_curie_uses_the_longest_namespace() -> None:
    assert shorten_iri(str(PKR["graded-exposure"])) == "pkr:graded-exposure"
    assert shorten_iri(str(PK.targets)) == "pk:targets"
    assert shorten_iri("http://example.org/x") == "http://example.org/x"


def _paths_key(found: list) -> list:
    return [(p.weight, [(h.start["iri"], h.end["iri"],
                         [(r.subject, r.predicate, r.object, r.best_tier, r.evidence)
                          for r in h.relations]) for h in p.hops]) for p in found]


@pytest.mark.parametrize("which", ["traverse fixture", "shipped graph"])
def test_paths_between_two_ends_equal_the_full_projections(which: str, kg: OxigraphStore,
                                                           store: OxigraphStore) -> None:
    """`path` projects only the shortest paths' relations; its answers are those of the
    whole evidenced graph, for every pair of entities."""
    from itertools import combinations

    from painkg.traversal.projection import project_between
    from painkg.traversal.walks import paths_in

    source = store if which == "traverse fixture" else kg
    full = project(source)
    nodes = sorted(full.nodes)
    pairs = list(combinations(nodes, 2))[:: max(1, len(nodes) * len(nodes) // 2 // 300)]
    assert len(pairs) >= 40
    connected = 0
    for start, end in pairs:
        small = project_between(source, start, end)
        want = paths_in(full, start, end, "length", 1000)
        got = paths_in(small, start, end, "length", 1000)
        assert _paths_key(got) == _paths_key(want), (start, end)
        connected += bool(want)
        if want:
            assert small.number_of_edges() <= full.number_of_edges()
    assert connected >= 10


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_neighbourhood_projection_gives_the_full_projections_answer(
        kg: OxigraphStore, depth: int) -> None:
    """`neighbours` reads only the relations within DEPTH hops; for every entity of the
    shipped graph its answer equals the one computed on the whole projection."""
    from painkg.traversal.projection import load_entities, project, project_neighbourhood
    from painkg.traversal.walks import neighbours_in

    entities = load_entities(kg)
    full = project(kg, entities=entities)
    assert len(entities) > 50, "the shipped graph has its entities"
    for iri in sorted(entities):
        whole = neighbours_in(full, iri, depth).as_dict()
        bounded = neighbours_in(project_neighbourhood(kg, iri, depth, entities), iri,
                                depth).as_dict()
        assert bounded == whole, iri
