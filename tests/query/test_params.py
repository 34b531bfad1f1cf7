"""Parameter binding: values become RDF terms in a VALUES block, never query text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from painkg.errors import RefusedQueryError, UnknownNameError, UsageError
from painkg.query.catalog import Parameter, read_query_file
from painkg.query.params import bind_values, parse_param_args, prepare_query, to_term
from painkg.query.run import run_query
from painkg.sparql_tokens import outer_group_brace, screen, tokenize
from painkg.store import OxigraphStore, open_store

IRI = Parameter("problem", "_problem_iri", "iri", True)
LIT = Parameter("label", "_label", "literal", True)
YEAR = Parameter("year", "_year_gYear", "gYear", True)


@pytest.fixture(scope="module")
def cases(repo: Path) -> Path:
    return repo / "tests" / "cases" / "catalog"


@pytest.fixture(scope="module")
def fixture_store(cases: Path) -> OxigraphStore:
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    store.load(cases / "graph.ttl", "http://example.org/graph")
    return store


def test_param_args_split_on_first_equals() -> None:
    assert parse_param_args(["a=b=c", "x="]) == {"a": "b=c", "x": ""}
    with pytest.raises(UsageError, match="'novalue' is not written as name=value"):
        parse_param_args(["novalue"])
    with pytest.raises(UsageError, match="given twice"):
        parse_param_args(["a=1", "a=2"])


@pytest.mark.parametrize(("value", "iri"), [
    ("pkr:kinesiophobia", "https://w3id.org/painkg/id/kinesiophobia"),
    ("<https://w3id.org/painkg/id/x>", "https://w3id.org/painkg/id/x"),
    ("https://w3id.org/painkg/id/x", "https://w3id.org/painkg/id/x"),
    ("MESH:D000", "http://id.nlm.nih.gov/mesh/D000"),
    ("urn:isbn:1", "urn:isbn:1"),
])
def test_iri_values(value: str, iri: str) -> None:
    assert to_term(IRI, value) == URIRef(iri)


@pytest.mark.parametrize(("value", "message"), [
    ("kinesiophobia", "needs an IRI"),
    ("nope:kinesiophobia", "unknown prefix 'nope'"),
    ("https://x.org/a b", "not a valid IRI"),
    ("https://x.org/a>", "not a valid IRI"),
    ("https://x.org/a> } ; DROP ALL ; SELECT * {", "not a valid IRI"),
])
def test_bad_iri_values_name_the_parameter(value: str, message: str) -> None:
    with pytest.raises(UsageError, match=message) as info:
        to_term(IRI, value)
    assert "'problem'" in info.value.message and info.value.exit_code == 2


def test_names_go_through_the_resolver() -> None:
    def resolver(name: str) -> str:
        if name.lower() == "fear of movement":
            return "https://w3id.org/painkg/id/kinesiophobia"
        raise UnknownNameError(name, ["kinesiophobia"])

    assert to_term(IRI, "Fear of movement", resolver) == URIRef(
        "https://w3id.org/painkg/id/kinesiophobia")
    with pytest.raises(UnknownNameError, match="kinesiophobia"):
        to_term(IRI, "fear", resolver)


def test_literal_and_typed_values() -> None:
    assert to_term(LIT, 'a "quoted" } value') == Literal('a "quoted" } value')
    assert to_term(YEAR, "1983") == Literal("1983", datatype=XSD.gYear)
    with pytest.raises(UsageError, match="'year' needs an xsd:gYear"):
        to_term(YEAR, "nineteen")


@pytest.mark.parametrize(("query", "offset"), [
    ("SELECT * WHERE { ?s ?p ?o }", 15),
    ("SELECT * { ?s ?p ?o }", 9),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", 29),
    ('# WHERE { in a comment\nSELECT ?x WHERE { ?x ?p "WHERE {" }', 39),
    ("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }", 16),
    ('ASK { ?s ?p "{" }', 4),
])
def test_outer_group_brace(query: str, offset: int) -> None:
    tokens = tokenize(query)
    brace = tokens[outer_group_brace(tokens)]
    assert (brace.text, brace.start) == ("{", offset)


def test_values_block_sits_at_start_of_outer_group() -> None:
    bound = bind_values('SELECT ?x WHERE { ?x ?p ?_v }', {"_v": Literal('a"} b')})
    assert bound == 'SELECT ?x WHERE { VALUES (?_v) { ("a\\"} b") }  ?x ?p ?_v }'


def test_construct_binds_after_where() -> None:
    bound = bind_values("CONSTRUCT { ?s ?p ?_o_iri } WHERE { ?s ?p ?_o_iri }",
                        {"_o_iri": URIRef("http://x/o")})
    assert bound.startswith("CONSTRUCT { ?s ?p ?_o_iri } WHERE { VALUES (?_o_iri)")


def test_a_value_that_is_not_one_term_is_refused() -> None:
    class Sneaky(Literal):
        def n3(self, namespace_manager=None) -> str:  # type: ignore[no-untyped-def]
            return '"x" } ; SELECT * { "y"'

    with pytest.raises(UsageError, match="cannot be written as one RDF term"):
        bind_values("SELECT * WHERE { ?s ?p ?_v }", {"_v": Sneaky("x")})


def test_unprojected_iri_parameter_constrains_rows(fixture_store: OxigraphStore,
                                                   cases: Path) -> None:
    q = read_query_file(cases / "research" / "targets.rq")
    default = run_query(fixture_store, q)
    assert [str(r[1]) for r in default.rows] == ["cognitive behavioral therapy",
                                                 "graded exposure"]
    other = run_query(fixture_store, q, {"problem": "http://example.org/catastrophizing"})
    assert [str(r[1]) for r in other.rows] == ["cognitive behavioral therapy"]


def test_literal_and_optional_typed_parameter(fixture_store: OxigraphStore,
                                              cases: Path) -> None:
    q = read_query_file(cases / "research" / "by-label.rq")
    rows = run_query(fixture_store, q, {"label": "activity pacing"}).rows
    assert [str(r[0]) for r in rows] == ["http://example.org/pacing"]
    both = run_query(fixture_store, q, {"label": "graded exposure", "minrank": "2"}).rows
    assert both == ()
    # A value that looks like SPARQL stays a literal: it matches nothing, alters nothing.
    evil = run_query(fixture_store, q, {"label": 'x" } ?thing ?p ?o . { "'}).rows
    assert evil == ()


def test_missing_and_unknown_parameters_are_named(cases: Path) -> None:
    q = read_query_file(cases / "research" / "by-label.rq")
    with pytest.raises(UsageError, match="needs parameter 'label'"):
        prepare_query(q, {})
    with pytest.raises(UsageError, match="has no parameter 'labl'.*label, minrank"):
        prepare_query(q, {"labl": "x"})
    with pytest.raises(UsageError, match="'minrank' needs an xsd:integer"):
        prepare_query(q, {"label": "x", "minrank": "two"})


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }",
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
])
def test_screen_refuses_service_from_and_updates(text: str) -> None:
    with pytest.raises(RefusedQueryError):
        screen(text)


def test_screen_ignores_keywords_in_strings_and_comments() -> None:
    screen('# SERVICE and FROM in a comment\nSELECT * WHERE { ?s ?p "DROP SERVICE FROM" }')
