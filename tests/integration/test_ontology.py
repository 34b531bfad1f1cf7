"""The OWL vocabulary: complete, documented, and in step with the contract and the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from painkg.namespaces import PK, VOCAB_IRI
from painkg.resources import data_dir, ontology_files

#: Local names the issue requires verbatim, plus the rest of the contract's classes.
REQUIRED_CLASSES = [
    "Construct", "Condition", "Intervention", "ProblemForWork", "Person", "Organization",
    "Source", "Claim", "Article", "Section", "Reference", "UnmarkedSentence", "Mechanism",
    "ClinicalSign", "SmartObjective", "Misconception", "Caution", "ReflectiveQuestion",
    "KeyTerm", "Resource", "IllustrativeExample", "Contribution", "EvidenceTier",
    "EvidencedProperty",
]
EVIDENCED = ["targets", "implicatedIn", "prototypicalCondition", "hasHallmark", "hasPrinciple",
             "builtOn", "nestedIn", "exemplifiedBy"]
_PK_TERM = re.compile(r"\bpk:([A-Za-z][A-Za-z0-9]*)")


@pytest.fixture(scope="module")
def onto() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


def _declared(onto: Graph) -> set[str]:
    return {str(s)[len(str(PK)):] for s in onto.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(str(PK))}


def test_ontology_header(onto: Graph) -> None:
    header = URIRef(VOCAB_IRI)
    assert (header, RDF.type, OWL.Ontology) in onto
    assert str(onto.value(header, OWL.versionInfo)) == "0.1.0"


@pytest.mark.parametrize("name", REQUIRED_CLASSES)
def test_required_class_is_declared(onto: Graph, name: str) -> None:
    assert (PK[name], RDF.type, OWL.Class) in onto, f"pk:{name} is not an owl:Class"


def test_every_term_has_label_and_definition(onto: Graph) -> None:
    kinds = [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual]
    terms = {s for k in kinds for s in onto.subjects(RDF.type, k) if isinstance(s, URIRef)}
    assert len(terms) > 60
    missing = sorted(str(t) for t in terms
                     if onto.value(t, RDFS.label) is None or onto.value(t, SKOS.definition) is None)
    assert missing == [], f"terms without rdfs:label or skos:definition: {missing}"
    several = sorted(str(t) for t in terms if len(list(onto.objects(t, RDFS.label))) != 1)
    assert several == [], f"terms without exactly one rdfs:label: {several}"


def test_object_properties_have_domain_and_range(onto: Graph) -> None:
    props = set(onto.subjects(RDF.type, OWL.ObjectProperty))
    missing = sorted(str(p) for p in props
                     if onto.value(p, RDFS.domain) is None or onto.value(p, RDFS.range) is None)
    assert missing == [], f"object properties without domain or range: {missing}"


@pytest.mark.parametrize("name", EVIDENCED)
def test_evidenced_relations_are_typed(onto: Graph, name: str) -> None:
    assert (PK[name], RDF.type, PK.EvidencedProperty) in onto
    assert (PK[name], RDF.type, OWL.ObjectProperty) in onto


def test_tiers_llm_and_roles(onto: Graph) -> None:
    ranks = {str(onto.value(PK[t], RDFS.label)): int(onto.value(PK[t], PK.tierRank))
             for t in ("T1", "T2", "T3")}
    assert ranks == {"T1 — peer-reviewed": 1, "T2 — professional body": 2, "T3 — tertiary": 3}
    assert str(onto.value(PK.LLM, RDFS.label)) == "LLM tag (no source)"
    roles = set(onto.subjects(RDF.type, PK.ContributionRole))
    assert roles == {PK[r] for r in
                     ("Originated", "Elaborated", "Translated", "Operationalized", "Popularized")}


def test_marker_range_is_source_or_llm(onto: Graph) -> None:
    rng = onto.value(PK.marker, RDFS.range)
    members = list(onto.items(onto.value(rng, OWL.unionOf)))
    assert members == [PK.Source, PK.LLMTag]
    assert (PK.LLM, RDF.type, PK.LLMTag) in onto


def test_contract_terms_are_declared(onto: Graph, repo: Path) -> None:
    """Every pk: term docs/architecture.md names exists in the ontology (contract drift)."""
    used = set(_PK_TERM.findall((repo / "docs" / "architecture.md").read_text(encoding="utf-8")))
    assert len(used) > 50
    assert sorted(used - _declared(onto)) == []


def _graph_files() -> list[Path]:
    return sorted(p for p in (data_dir() / "graph").glob("*") if p.suffix in (".ttl", ".trig"))


@pytest.mark.parametrize("path", _graph_files(), ids=lambda p: p.name)
def test_data_uses_only_declared_terms(onto: Graph, path: Path) -> None:
    """Every pk: term in the data is declared: catches drift between the data and the vocabulary."""
    data = Graph()
    if path.suffix == ".trig":  # the union of the file's graphs
        from rdflib import Dataset

        for s, p, o, _ in Dataset().parse(path, format="trig").quads():
            data.add((s, p, o))
    else:
        data.parse(path, format="turtle")
    used = {str(t)[len(str(PK)):] for triple in data for t in triple
            if isinstance(t, URIRef) and str(t).startswith(str(PK))}
    if path.name.endswith((".document.trig", ".curated.ttl")):
        assert used, f"{path.name} uses no pk: term at all"
    assert sorted(used - _declared(onto)) == [], f"undeclared pk: terms in {path.name}"


def test_undeclared_term_would_be_caught(onto: Graph) -> None:
    """The drift check itself can fail: a made-up term is not declared."""
    assert "supportedByy" not in _declared(onto)
    assert {"supportedBy", "marker", "tier"} <= _declared(onto)
