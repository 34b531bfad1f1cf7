"""The dataset description: HCLS/VoID/DCAT fields, statistics recomputed here by SPARQL."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import painkg
from painkg.publish.description import (
    DATASET,
    DESCRIPTION_BASE,
    DESCRIPTION_GRAPH,
    FORMAT_INFO,
    distribution_iri,
)
from painkg.publish.dump import build_dump
from painkg.store.load import load_packaged

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def dumped() -> ox.Store:
    """The Turtle dump of a fresh packaged store, re-read into its own Oxigraph store."""
    store = ox.Store()
    data = build_dump(load_packaged(), sparql_endpoint="http://127.0.0.1:7878/query").files
    store.load(data["trig"], format=ox.RdfFormat.TRIG)
    return store


def _one(store: ox.Store, query: str) -> str:
    rows = list(store.query(query, use_default_graph_as_union=True))
    assert len(rows) == 1, (query, rows)
    return rows[0][0].value


def _data_filter() -> str:
    return f'FILTER(isBlank(?s) || !STRSTARTS(STR(?s), "{DESCRIPTION_BASE}"))'


def test_core_fields(dumped: ox.Store) -> None:
    ds = f"<{DATASET}>"
    assert _one(dumped, f"SELECT ?t WHERE {{ {ds} <{DCT}title> ?t }}")
    assert _one(dumped, f"SELECT ?t WHERE {{ {ds} <{DCT}description> ?t }}")
    assert _one(dumped, f"SELECT ?v WHERE {{ {ds} <http://purl.org/pav/version> ?v }}") == \
        painkg.__version__
    # The data's terms are unknown (the article states none); MIT covers what painkg
    # authored, such as the ontology (issue 18).
    assert not list(dumped.quads_for_pattern(ox.NamedNode(DATASET),
                                             ox.NamedNode(f"{DCT}license"), None))
    assert "state no licence" in _one(dumped, f"SELECT ?r WHERE {{ {ds} <{DCT}rights> ?r }}")
    vocab = "<https://w3id.org/painkg/vocab>"
    assert _one(dumped, f"SELECT ?l WHERE {{ {vocab} <{DCT}license> ?l }}") == \
        "https://spdx.org/licenses/MIT"
    rdfs_comment = "<http://www.w3.org/2000/01/rdf-schema#comment>"
    comment = _one(dumped, f"SELECT ?c WHERE {{ {ds} {rdfs_comment} ?c }}")
    assert "union of the named graphs" in comment
    foaf_name = "<http://xmlns.com/foaf/0.1/name>"
    assert _one(dumped, f"SELECT ?n WHERE {{ {ds} <{DCT}creator>/{foaf_name} ?n }}")
    newest = _one(dumped, "SELECT (MAX(STR(?d)) AS ?m) WHERE { ?a "
                          "<https://w3id.org/painkg/vocab#generatedOn> ?d }")
    assert _one(dumped, f"SELECT ?d WHERE {{ {ds} <{DCT}issued> ?d }}") == newest
    assert _one(dumped, f"SELECT ?e WHERE {{ {ds} <{VOID}sparqlEndpoint> ?e }}") == \
        "http://127.0.0.1:7878/query"


def test_source_articles_and_examples(dumped: ox.Store) -> None:
    articles = {r[0].value for r in dumped.query(
        "SELECT ?a WHERE { ?a a <https://w3id.org/painkg/vocab#Article> }",
        use_default_graph_as_union=True)}
    sources = {r[0].value for r in dumped.query(
        f"SELECT ?a WHERE {{ <{DATASET}> <{DCT}source> ?a }}", use_default_graph_as_union=True)}
    assert sources == articles and articles
    examples = [r[0].value for r in dumped.query(
        f"SELECT ?e WHERE {{ <{DATASET}> <{VOID}exampleResource> ?e }}",
        use_default_graph_as_union=True)]
    assert examples
    for example in examples:  # each example is a described resource of the data
        assert _one(dumped, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ <{example}> ?p ?o }} "
                            f"FILTER(?g != <{DESCRIPTION_GRAPH}>) }}") != "0"


def test_one_distribution_per_format(dumped: ox.Store) -> None:
    found = {r[0].value for r in dumped.query(
        f"SELECT ?d WHERE {{ <{DATASET}> <{DCAT}distribution> ?d . ?d a <{DCAT}Distribution> ; "
        f"<{DCAT}byteSize> ?b ; <{DCAT}mediaType> ?m }}", use_default_graph_as_union=True)}
    assert found == {distribution_iri(f) for f in FORMAT_INFO}


def test_partitions_match_the_data(dumped: ox.Store) -> None:
    """Class and property partitions equal counts made here by SPARQL over the data graphs."""
    classes = {r[0].value: int(r[1].value) for r in dumped.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c " + _data_filter() + " } GROUP BY ?c",
        use_default_graph_as_union=True)}
    stated = {r[0].value: int(r[1].value) for r in dumped.query(
        f"SELECT ?c ?n WHERE {{ <{DATASET}> <{VOID}classPartition> ?p . "
        f"?p <{VOID}class> ?c ; <{VOID}entities> ?n }}", use_default_graph_as_union=True)}
    assert stated == classes and classes
    props = {r[0].value: int(r[1].value) for r in dumped.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o "
        + _data_filter() + " } } GROUP BY ?p", use_default_graph_as_union=True)}
    stated = {r[0].value: int(r[1].value) for r in dumped.query(
        f"SELECT ?q ?n WHERE {{ <{DATASET}> <{VOID}propertyPartition> ?p . "
        f"?p <{VOID}property> ?q ; <{VOID}triples> ?n }}", use_default_graph_as_union=True)}
    assert stated == props
    total = _one(dumped, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
                         "{ ?s ?p ?o " + _data_filter() + " } }")
    assert _one(dumped, f"SELECT ?n WHERE {{ <{DATASET}> <{VOID}triples> ?n }}") == total
    assert int(total) == sum(props.values())


def test_description_has_no_blank_nodes(dumped: ox.Store) -> None:
    quads = list(dumped.quads_for_pattern(None, None, None, ox.NamedNode(DESCRIPTION_GRAPH)))
    assert quads
    for q in quads:
        assert not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
        assert q.subject.value.startswith(DESCRIPTION_BASE)


def test_endpoint_is_optional() -> None:
    plain = build_dump(load_packaged(), formats=("ntriples",)).files["ntriples"]
    assert b"sparqlEndpoint" not in plain
    assert b"<http://rdfs.org/ns/void#triples>" in plain


def test_source_date_epoch_sets_issued(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = build_dump(load_packaged(), formats=("ntriples",)).files["ntriples"]
    assert b'"2023-11-14"^^<http://www.w3.org/2001/XMLSchema#date>' in data
