"""Traversals on the synthetic fixture: interventions with nesting, paths, neighbours, rank."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from painkg.errors import UnknownNameError, UsageError
from painkg.namespaces import PK, PKR, RDF
from painkg.store import OxigraphStore
from painkg.traversal.projection import project
from painkg.traversal.walks import (
    ask_interventions,
    interventions_in,
    neighbours,
    paths,
    paths_in,
    rank,
    rank_in,
)
from support import traverse_store


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return traverse_store()


def _routes(store: OxigraphStore, name: str) -> list[tuple[str, str, str | None]]:
    return [(r.label, r.via, r.best_tier) for r in ask_interventions(store, name)[1]]


def test_interventions_direct_and_nested_strongest_first(store: OxigraphStore) -> None:
    assert _routes(store, "test phobia") == [
        ("stepwise exposure", "direct", "T1"),
        ("paced training", "direct", "T3"),
        ("bridge education", "framing module", "LLM"),
        ("framing module", "direct", "LLM"),
        ("umbrella therapy", "direct", "LLM"),
        ("umbrella therapy", "bridge education", "LLM"),
    ]


def test_label_synonym_and_curie_give_the_same_answer(store: OxigraphStore) -> None:
    answers = [[r.as_dict() for r in ask_interventions(store, name)[1]]
               for name in ("test phobia", "FEAR of testing", "pkr:test-phobia")]
    assert answers[0] == answers[1] == answers[2]


def test_route_json_shape_and_evidence(store: OxigraphStore) -> None:
    first = ask_interventions(store, "test phobia")[1][0].as_dict()
    assert sorted(first) == ["best_tier", "evidence", "implied_tier", "iri", "label",
                             "review", "stated_tier", "via", "via_iri"]
    assert first["iri"] == str(PKR["stepwise-exposure"]) and first["via_iri"] is None
    assert first["evidence"][0]["source"] == {
        "iri": str(PKR["source/alpha-2001"]), "label": "Alpha 2001", "tier": "T1", "kind": None}
    assert first["evidence"][0]["section"] == "Fixture problems"
    assert first["evidence"][1]["source"] is None and first["evidence"][1]["marker"] == "pk:LLM"


def test_a_nested_route_carries_nesting_and_targeting_evidence(store: OxigraphStore) -> None:
    routes = ask_interventions(store, "test phobia")[1]
    umbrella = [r for r in routes if r.via == "bridge education"][0]
    texts = [e.text for e in umbrella.evidence]
    assert texts[0] == "Synthetic claim: bridge education is delivered within umbrella therapy."
    assert "framing module sits within bridge education" in texts[1]
    # The chain runs umbrella <- bridge <- framing -> test phobia; its weakest link is LLM.
    assert umbrella.chain == (str(PKR["umbrella-therapy"]), str(PKR["bridge-education"]),
                              str(PKR["framing-module"]))
    assert umbrella.best_tier == "LLM"


def test_a_nesting_cycle_terminates(tmp_path: Path) -> None:
    cycle = tmp_path / "cycle.nt"
    cycle.write_text(f"<{PKR['umbrella-therapy']}> <{PK.nestedIn}> <{PKR['framing-module']}> .\n")
    routes = interventions_in(project(traverse_store(cycle)), str(PKR["test-phobia"]))
    pairs = [(r.label, r.via) for r in routes]
    assert len(pairs) == len(set(pairs))
    assert ("framing module", "umbrella therapy") in pairs


def test_asking_about_a_non_problem_is_a_usage_error(store: OxigraphStore) -> None:
    with pytest.raises(UsageError, match="not a problem for work.*test phobia"):
        ask_interventions(store, "model construct")
    with pytest.raises(UnknownNameError):
        ask_interventions(store, "no such problem")


def test_an_untargeted_problem_has_no_interventions(store: OxigraphStore) -> None:
    entity, routes = ask_interventions(store, "isolated problem")
    assert entity.label == "isolated problem" and routes == []


def test_shortest_paths_by_length_and_by_evidence(store: OxigraphStore) -> None:
    _, _, by_length = paths(store, "stepwise exposure", "example sign")
    assert [(p.length, p.weight) for p in by_length] == [(5, 12), (5, 15)]
    assert [h.end["label"] for h in by_length[1].hops] == [
        "test phobia", "framing module", "bridge education", "model construct", "example sign"]
    _, _, by_evidence = paths(store, "stepwise exposure", "example sign", by="evidence")
    assert len(by_evidence) == 1
    assert [h.end["label"] for h in by_evidence[0].hops] == [
        "test phobia", "umbrella therapy", "bridge education", "model construct", "example sign"]


def test_evidence_weighting_prefers_a_longer_better_evidenced_path(tmp_path: Path) -> None:
    # An LLM-only shortcut (weight 5) beats two hops by length, loses to T1 + T3 (weight 4).
    subject, prop, obj = PKR["bridge-education"], PK.exemplifiedBy, PKR["example-sign"]
    llm_claim = PKR["article/synthetic-fixture/claim/fixture-problems-d1033c7c"]
    statement = PKR["statement/bridge-education--exemplifiedBy--example-sign"]
    shortcut = tmp_path / "shortcut.nt"
    shortcut.write_text(
        f"<{subject}> <{prop}> <{obj}> .\n<{statement}> <{RDF.subject}> <{subject}> .\n"
        f"<{statement}> <{RDF.predicate}> <{prop}> .\n<{statement}> <{RDF.object}> <{obj}> .\n"
        f"<{statement}> <{PK.supportedBy}> <{llm_claim}> .\n")
    graph = project(traverse_store(shortcut))
    by_length = paths_in(graph, str(subject), str(obj), by="length")
    assert [(p.length, p.weight) for p in by_length] == [(1, 5)]
    by_evidence = paths_in(graph, str(subject), str(obj), by="evidence")
    assert [(p.length, p.weight) for p in by_evidence] == [(2, 4)]
    assert [h.end["label"] for h in by_evidence[0].hops] == ["model construct", "example sign"]


def test_hops_report_true_direction(store: OxigraphStore) -> None:
    _, _, found = paths(store, "test phobia", "umbrella therapy")
    (hop,) = found[0].hops
    (relation,) = hop.relations
    assert relation.direction == "backward"
    assert relation.subject == str(PKR["umbrella-therapy"])
    assert relation.as_dict()["predicate"] == "pk:targets"


def test_no_path_is_an_empty_answer_and_same_ends_a_usage_error(store: OxigraphStore) -> None:
    assert paths(store, "isolated problem", "test phobia")[2] == []
    with pytest.raises(UsageError, match="both name"):
        paths(store, "test phobia", "fear of testing")
    with pytest.raises(UsageError, match="length.*evidence"):
        paths_in(project(store), str(PKR["test-phobia"]), str(PKR["model-construct"]), by="x")


def test_neighbours_by_depth(store: OxigraphStore) -> None:
    one = neighbours(store, "model construct", 1)
    assert [(n["label"], n["distance"]) for n in one.nodes] == [
        ("bridge education", 1), ("example sign", 1), ("sample condition", 1)]
    assert [(r["subject"]["label"], r["predicate"], r["object"]["label"]) for r in one.relations
            ] == [("bridge education", "pk:builtOn", "model construct"),
                  ("model construct", "pk:hasHallmark", "example sign"),
                  ("model construct", "pk:implicatedIn", "sample condition")]
    two = neighbours(store, "model construct", 2)
    assert {n["label"] for n in two.nodes} - {n["label"] for n in one.nodes} == {
        "framing module", "umbrella therapy"}
    assert max(r["distance"] for r in two.relations) == 2
    assert neighbours(store, "isolated problem").relations == ()
    with pytest.raises(UsageError):
        neighbours(store, "model construct", 0)


def test_rank_by_degree_with_label_tie_break(store: OxigraphStore) -> None:
    ranked = rank(store, top=5)
    assert [(r.entity["label"], r.score) for r in ranked] == [
        ("test phobia", 4.0), ("bridge education", 3.0), ("model construct", 3.0),
        ("framing module", 2.0), ("umbrella therapy", 2.0)]
    assert [r.position for r in ranked] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("top", [1, 2, 3, 5, 8, 100])
def test_rank_by_degree_from_edges_equals_the_projection(store: OxigraphStore, top: int) -> None:
    # rank() by degree reads only the edge list and the names it needs; the answer must be
    # the whole projection's, ties at the cut and isolated entities (top=100) included.
    assert rank(store, top=top) == rank_in(project(store), top=top)


def test_rank_by_degree_on_the_shipped_graph_equals_the_projection(kg: OxigraphStore) -> None:
    for top in (1, 10, 40, 10_000):
        assert rank(kg, top=top) == rank_in(project(kg), top=top)


def test_rank_by_betweenness_and_limits(store: OxigraphStore) -> None:
    graph = project(store)
    ranked = rank_in(graph, top=3, measure="betweenness")
    assert ranked[0].entity["label"] == "bridge education"
    assert ranked[0].score == pytest.approx(nx.betweenness_centrality(
        nx.Graph(graph.to_undirected()))[str(PKR["bridge-education"])], abs=1e-6)
    assert len(rank_in(graph, top=100)) == graph.number_of_nodes()
    with pytest.raises(UsageError):
        rank_in(graph, top=0)
    with pytest.raises(UsageError):
        rank_in(graph, measure="pagerank")


def test_answers_are_identical_across_fresh_stores() -> None:
    one, two = traverse_store(), traverse_store()
    assert ([r.as_dict() for r in ask_interventions(one, "test phobia")[1]]
            == [r.as_dict() for r in ask_interventions(two, "test phobia")[1]])
    assert ([p.as_dict() for p in paths(one, "stepwise exposure", "example sign")[2]]
            == [p.as_dict() for p in paths(two, "stepwise exposure", "example sign")[2]])


@pytest.mark.parametrize("problem", ["test-phobia", "isolated-problem"])
def test_the_interventions_walk_agrees_on_both_projections(store: OxigraphStore,
                                                           problem: str) -> None:
    """ask walks a RouteGraph of the problem's subgraph (no networkx); the same walk on the
    networkx projection of the whole graph gives the same routes."""
    from painkg.traversal.projection import RouteGraph, project_interventions

    small = project_interventions(store, str(PKR[problem]))
    assert isinstance(small, RouteGraph)
    whole = project(store)
    assert isinstance(whole, nx.MultiDiGraph)
    assert interventions_in(small, str(PKR[problem])) == interventions_in(
        whole, str(PKR[problem]))
    if problem == "test-phobia":
        assert interventions_in(small, str(PKR[problem])), "the check can fail: routes exist"
