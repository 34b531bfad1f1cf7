"""Support roles: a relation's stated tier counts only the claims that state it.

The fixture ``tests/cases/roles/implied-only.ttl`` gives one relation whose only support is
a T1 sentence that implies it (pk:impliedBy): every surface that shows a tier must report
T1 as the implied tier and "none" as the stated tier, never a merged T1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from painkg.namespaces import graph_iri
from painkg.query.catalog import find_query
from painkg.query.run import run_query
from painkg.reports.evidence_card import evidence_card, format_card_text
from painkg.resources import data_dir, ontology_files
from painkg.store import OxigraphStore, open_store
from painkg.store.load import ONTOLOGY_GRAPH
from painkg.tiers import split_tiers
from painkg.traversal.projection import project
from painkg.views.build import build_view

FIXTURE = Path(__file__).resolve().parents[1] / "cases" / "roles" / "implied-only.ttl"
ACT = "https://w3id.org/painkg/id/acceptance-and-commitment-therapy"
CS = "https://w3id.org/painkg/id/central-sensitization"
BUILT_ON = "https://w3id.org/painkg/vocab#builtOn"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    found = open_store("memory")
    assert isinstance(found, OxigraphStore)
    for path in ontology_files():
        found.load(path, ONTOLOGY_GRAPH)
    graph = graph_iri("central-sensitization")
    found.load(data_dir() / "graph" / "central-sensitization.document.trig", graph, "trig")
    found.load(FIXTURE, graph)
    return found


def test_split_tiers_never_merges_roles() -> None:
    assert split_tiers([("T1", "implies")]) == ("none", "T1")
    assert split_tiers([("T1", "implies"), ("T3", "states")]) == ("T3", "T1")
    assert split_tiers([]) == ("none", "none")


def test_evidence_card_reports_t1_as_implied_not_stated(store: OxigraphStore) -> None:
    card = evidence_card(store, "acceptance and commitment therapy")
    [relation] = card.relations
    assert (relation.stated_tier, relation.implied_tier) == ("none", "T1")
    assert [c.support for c in relation.claims] == ["implies"]
    assert "stated: none    implied: T1" in format_card_text(card)


def test_projection_edge_carries_both_tiers(store: OxigraphStore) -> None:
    data = project(store).edges[ACT, CS, BUILT_ON]
    assert (data["stated_tier"], data["implied_tier"]) == ("none", "T1")
    assert [e.role for e in data["evidence"]] == ["implies"]


def test_relations_best_tier_query_has_both_columns(store: OxigraphStore) -> None:
    table = run_query(store, find_query("research/relations-best-tier"), {})
    [row] = [r for r in table.records() if str(r["statement"]).endswith(
        "acceptance-and-commitment-therapy--builtOn--central-sensitization")]
    assert (str(row["statedTier"]), str(row["impliedTier"])) == ("none", "T1")


def test_view_edge_is_implied_only(store: OxigraphStore) -> None:
    view = build_view(store, "full")
    [edge] = [e for e in view.edges if e.label == "builtOn"]
    assert (edge.stated_tier, edge.implied_tier, edge.implied_only) == ("none", "T1", True)


def test_docs_stated_and_implied_query_runs(store: OxigraphStore) -> None:
    """The second SPARQL block of docs/evidence.md gives the same tiers as the library."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "evidence.md").read_text("utf-8")
    query = doc.split("```sparql\n")[2].split("```", 1)[0]
    rows = {str(r["statement"]): (str(r["statedTier"]), str(r["impliedTier"]))
            for r in store.select(query)}
    assert rows == {
        "https://w3id.org/painkg/id/statement/"
        "acceptance-and-commitment-therapy--builtOn--central-sensitization": ("none", "T1")}
