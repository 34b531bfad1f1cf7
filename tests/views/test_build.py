"""Views: the CONSTRUCT queries in queries/views and their projection onto nodes and edges."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from painkg.errors import UnknownNameError, UsageError
from painkg.resources import queries_dir
from painkg.store import OxigraphStore
from painkg.views.build import build_view, parse_ego, view_names
from support.views import FIXTURE, fixture_store


@pytest.fixture(scope="module")
def views_store() -> OxigraphStore:
    """The synthetic fixture graph of tests/cases/views (read-only by convention)."""
    return fixture_store()


REQUIRED = {"full", "interventions", "conditions", "lineage", "evidence"}
VIEW_FILES = sorted((queries_dir() / "views").glob("*.rq"))


def _edges(store: OxigraphStore, view: str) -> dict[tuple[str, str, str], tuple[str, int, bool]]:
    graph = build_view(store, view)
    return {(e.source, e.label, e.target): (e.best_tier, e.n_claims, e.llm_only)
            for e in graph.edges}


def test_required_views_exist() -> None:
    assert REQUIRED <= set(view_names())


@pytest.mark.parametrize("path", VIEW_FILES, ids=lambda p: p.stem)
def test_view_file_has_header_and_is_construct(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^#\+ summary: \S", text, re.M), f"{path.name}: no '#+ summary:' line"
    assert re.search(r"^#\+ description:", text, re.M), f"{path.name}: no '#+ description:'"
    assert re.search(r"^CONSTRUCT\b", text, re.M), f"{path.name} is not a CONSTRUCT view"


@pytest.mark.parametrize("view", sorted(REQUIRED))
def test_view_on_fixture_is_well_formed(views_store: OxigraphStore, view: str) -> None:
    graph = build_view(views_store, view)
    ids = [n.id for n in graph.nodes]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert graph.edges, f"{view}: no edges on the fixture"
    keys = [(e.source, e.predicate, e.target) for e in graph.edges]
    assert keys == sorted(keys)
    for edge in graph.edges:
        assert edge.source in ids and edge.target in ids
        assert edge.best_tier in ("T1", "T2", "T3", "none")
        assert all(c in graph.claims for c in edge.claims)
        assert not (edge.llm_only and edge.best_tier != "none")


def test_interventions_view_has_targets_nesting_and_evidence(views_store: OxigraphStore) -> None:
    edges = _edges(views_store, "interventions")
    assert edges == {
        # one LLM claim and one T1 table row (source 3): best tier T1, not LLM-only
        ("pkr:graded-exposure", "targets", "pkr:kinesiophobia"): ("T1", 2, False),
        ("pkr:cognitive-behavioral-therapy", "targets", "pkr:pain-catastrophizing"):
            ("none", 1, True),
        ("pkr:central-sensitization-psychoeducation", "nestedIn",
         "pkr:pain-neuroscience-education"): ("none", 1, True),
        ("pkr:pain-neuroscience-education", "nestedIn", "pkr:cognitive-behavioral-therapy"):
            ("none", 1, True),
    }
    classes = {n.id: n.cls for n in build_view(views_store, "interventions").nodes}
    assert classes["pkr:kinesiophobia"] == "ProblemForWork"
    assert classes["pkr:graded-exposure"] == "Intervention"


def test_conditions_view_tiers(views_store: OxigraphStore) -> None:
    edges = _edges(views_store, "conditions")
    cs = "pkr:central-sensitization"
    assert edges[(cs, "prototypicalCondition", "pkr:fibromyalgia")] == ("T3", 1, False)
    assert edges[(cs, "implicatedIn", "pkr:chronic-low-back-pain")] == ("T2", 1, False)
    assert edges[(cs, "hasHallmark", "pkr:allodynia")] == ("T3", 1, False)
    assert not any(label == "targets" for _, label, _ in edges)


def test_lineage_view_people_works_years(views_store: OxigraphStore) -> None:
    graph = build_view(views_store, "lineage")
    nodes = {n.id: n for n in graph.nodes}
    contribution = nodes["pkr:article/central-sensitization/contribution/clifford-woolf-originated"]
    assert contribution.attrs["year"] == "1983"
    assert contribution.attrs["contributionRole"] == "pk:Originated"
    assert nodes["pkr:source/woolf-1983"].attrs == {"issued": "1983", "tier": "T1"}
    edges = _edges(views_store, "lineage")
    assert edges[(contribution.id, "contributor", "pkr:person/clifford-woolf")] == ("T1", 1, False)
    assert edges[(contribution.id, "work", "pkr:source/woolf-1983")] == ("T1", 1, False)
    # the article does not support authorship by a claim: no evidence, drawn dotted
    assert edges[("pkr:source/woolf-1983", "creator", "pkr:person/clifford-woolf")] == (
        "none", 0, False)


def test_evidence_view_links_relations_claims_sources(views_store: OxigraphStore) -> None:
    graph = build_view(views_store, "evidence")
    classes = {n.id: n.cls for n in graph.nodes}
    assert {"Statement", "Claim", "Source", "LLMTag"} <= set(classes.values())
    markers = {(e.source, e.target, e.best_tier) for e in graph.edges if e.label == "marker"}
    assert len(markers) == 12  # one per supporting claim in the fixture
    assert all(classes[s] == "Claim" and classes[t] in ("Source", "LLMTag") for s, t, _ in markers)
    statement = "pkr:statement/graded-exposure--targets--kinesiophobia"
    supported = {e.target for e in graph.edges
                 if e.source == statement and e.label == "supportedBy"}
    assert len(supported) == 2


def test_full_view_leaves_out_the_claim_layer(views_store: OxigraphStore) -> None:
    graph = build_view(views_store, "full")
    classes = {n.cls for n in graph.nodes}
    assert not classes & {"Claim", "Source", "Statement", "LLMTag", "Section"}
    assert {"Construct", "Intervention", "ProblemForWork", "Person", "Contribution"} <= classes
    # every curated relation of the fixture is there
    assert len([e for e in graph.edges if e.n_claims]) >= 11


def test_node_evidence_lists_the_claims_about_it(views_store: OxigraphStore) -> None:
    graph = build_view(views_store, "interventions")
    node = next(n for n in graph.nodes if n.id == "pkr:kinesiophobia")
    assert [via for via, _ in node.evidence] == ["graded exposure targets kinesiophobia"]
    claims = [graph.claims[c] for c in node.evidence[0][1]]
    assert sorted(c.tier for c in claims) == ["LLM", "T1"]
    sourced = next(c for c in claims if c.tier == "T1")
    assert (sourced.marker, sourced.citation) == ("Woolf 2011", 3)
    assert sourced.section == "Treatment-Plan Suggestions & SMART Objectives"


@pytest.mark.parametrize("spec,expected", [
    ("ego:kinesiophobia", {"pkr:kinesiophobia", "pkr:graded-exposure",
                           "pkr:article/central-sensitization/objective/reduce-fear-of-movement"}),
    ("ego:fear of movement:1", None),  # a synonym names the same entity
    ("ego:pkr:kinesiophobia", None),  # so does its CURIE
])
def test_ego_view(views_store: OxigraphStore, spec: str, expected: set[str] | None) -> None:
    graph = build_view(views_store, spec)
    ids = {n.id for n in graph.nodes}
    if expected is None:
        expected = {n.id for n in build_view(views_store, "ego:kinesiophobia").nodes}
    assert ids == expected
    assert graph.title == "Neighbourhood of kinesiophobia (depth 1)"


def test_ego_depth_grows_the_neighbourhood(views_store: OxigraphStore) -> None:
    sizes = [len(build_view(views_store, f"ego:pain-neuroscience-education:{d}").nodes)
             for d in (1, 2, 3)]
    assert sizes[0] < sizes[1] <= sizes[2], sizes


def test_ego_errors(views_store: OxigraphStore) -> None:
    with pytest.raises(UnknownNameError) as info:
        build_view(views_store, "ego:kinesiofobia")
    assert info.value.suggestions == ["kinesiophobia"]
    with pytest.raises(UsageError, match="between 1 and"):
        parse_ego("ego:kinesiophobia:0")
    with pytest.raises(UsageError, match="names no entity"):
        parse_ego("ego:")
    assert parse_ego("ego:pkr:kinesiophobia") == ("pkr:kinesiophobia", 1)


def test_unknown_view_is_a_usage_error(views_store: OxigraphStore) -> None:
    with pytest.raises(UsageError, match="Views: .*interventions"):
        build_view(views_store, "nosuchview")


def test_views_are_deterministic(views_store: OxigraphStore) -> None:
    for view in sorted(REQUIRED):
        assert build_view(views_store, view) == build_view(views_store, view)


@pytest.fixture
def fixture_on_disk(tmp_path: Path) -> str:
    """The fixture in an on-disk Oxigraph store, for the CLI's --store option."""
    from painkg.namespaces import graph_iri
    from painkg.store import open_store

    spec = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(spec, create=True)
    assert isinstance(store, OxigraphStore)
    store.load(FIXTURE, graph_iri("central-sensitization"))
    store.close()
    del store
    return spec


def test_cli_export_reads_the_store(invoke: Callable[..., Result], fixture_on_disk: str,
                                    tmp_path: Path) -> None:
    out = tmp_path / "ego.cyjs"
    result = invoke("--store", fixture_on_disk, "export", "ego:kinesiophobia", "-f", "cyjs",
                    "-o", str(out))
    assert result.exit_code == 0, result.output
    assert '"id": "pkr:kinesiophobia"' in out.read_text(encoding="utf-8")


def test_cli_unknown_view_and_entity_exit_2(invoke: Callable[..., Result],
                                            fixture_on_disk: str) -> None:
    result = invoke("--store", fixture_on_disk, "export", "nosuchview")
    assert result.exit_code == 2, result.output
    assert "No view is named 'nosuchview'" in result.stderr
    result = invoke("--store", fixture_on_disk, "export", "ego:kinesiofobia", "-f", "dot")
    assert result.exit_code == 2, result.output
    assert "Did you mean: 'kinesiophobia'" in result.stderr
    result = invoke("--store", fixture_on_disk, "export", "full", "-f", "pdf")
    assert result.exit_code == 2, result.output


def test_cli_help_ends_with_examples(invoke: Callable[..., Result]) -> None:
    result = invoke("export", "--help")
    assert result.exit_code == 0, result.output
    assert "Examples:" in result.stdout and "ego:kinesiophobia" in result.stdout


@pytest.mark.parametrize("store_name", ["kg", "views_store"])
@pytest.mark.parametrize("name", ["conditions", "interventions", "lineage"])
def test_views_read_the_same_evidence_as_the_whole_evidence_view(
    request: pytest.FixtureRequest, store_name: str, name: str,
) -> None:
    """A view's export reads only the evidence around its own nodes (evidence-statements.rq,
    evidence-about.rq); what it shows must equal what the whole evidence view gives."""
    from painkg.views.build import _Evidence, _project, construct_view, view_summary

    kg = request.getfixturevalue(store_name)

    whole = _project(name, view_summary(name), construct_view(kg, name),
                     _Evidence(construct_view(kg, "evidence")))
    bounded = build_view(kg, name)
    for view in (whole, bounded):
        for node in view.nodes:
            node.attrs = dict(sorted(node.attrs.items()))  # rdflib's triple order varies
    assert bounded.claims and any(node.evidence for node in bounded.nodes)
    assert repr(bounded) == repr(whole)
