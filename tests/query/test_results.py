"""Result formats: W3C SPARQL 1.1 CSV/TSV/JSON (re-read by rdflib's parsers) and the table."""

from __future__ import annotations

import io
import json

import pytest
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result

from painkg.errors import UsageError
from painkg.query.results import (
    Table,
    format_csv,
    format_json,
    format_table,
    format_tsv,
    from_result,
    term_short,
    term_tsv,
)
from painkg.store import OxigraphStore

ROWS = (
    (URIRef("https://w3id.org/painkg/id/graded-exposure"), Literal('graded "exposure"\tx\ny')),
    (URIRef("http://example.org/a"), Literal("3", datatype=XSD.integer)),
    (URIRef("http://example.org/b"), Literal("Schmerz", lang="de")),
    (URIRef("http://example.org/c"), None),
    (URIRef("http://example.org/d"), Literal("1983", datatype=XSD.gYear)),
)
TABLE = Table(("s", "o"), ROWS)


def _reread(text: str, fmt: str) -> Result:
    return Result.parse(io.StringIO(text) if fmt != "json" else io.BytesIO(text.encode()),
                        format=fmt)


@pytest.mark.parametrize("fmt", ["json", "tsv"])
def test_json_and_tsv_round_trip_through_rdflib(fmt: str) -> None:
    text = format_json(TABLE) if fmt == "json" else format_tsv(TABLE)
    back = _reread(text, fmt)
    assert [str(v) for v in back.vars] == ["s", "o"]
    assert [tuple(r) for r in back] == [tuple(r) for r in ROWS]


def test_json_is_the_w3c_shape() -> None:
    doc = json.loads(format_json(TABLE))
    assert doc["head"] == {"vars": ["s", "o"]}
    first, second, third, fourth = doc["results"]["bindings"][:4]
    assert first["s"] == {"type": "uri", "value": "https://w3id.org/painkg/id/graded-exposure"}
    assert second["o"] == {"type": "literal", "value": "3", "datatype": str(XSD.integer)}
    assert third["o"] == {"type": "literal", "value": "Schmerz", "xml:lang": "de"}
    assert "o" not in fourth, "unbound variables are absent from a binding"


def test_csv_is_plain_values_with_header() -> None:
    text = format_csv(TABLE)
    assert text.startswith("s,o\r\n")
    back = _reread(text, "csv")
    assert [str(r[1]) if r[1] is not None else None for r in back][1:3] == ["3", "Schmerz"]


def test_tsv_terms() -> None:
    assert term_tsv(Literal("3", datatype=XSD.integer)) == "3"
    assert term_tsv(Literal("03x", datatype=XSD.integer)).startswith('"03x"^^')
    assert term_tsv(Literal("1983", datatype=XSD.gYear)) == (
        '"1983"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    assert term_tsv(BNode("b1")) == "_:b1"
    assert term_tsv(None) == ""
    lines = format_tsv(TABLE).splitlines()
    assert lines[0] == "?s\t?o" and len(lines) == 1 + len(ROWS), "no raw tab/newline leaks"


def test_table_shortens_iris_and_counts_rows() -> None:
    text = format_table(TABLE)
    assert "pkr:graded-exposure" in text and text.endswith("(5 rows)\n")
    assert term_short(URIRef("https://w3id.org/painkg/vocab#targets")) == "pk:targets"
    assert term_short(URIRef("http://example.org/a")) == "<http://example.org/a>"


def test_ask_results() -> None:
    table = Table((), (), True)
    assert format_tsv(table) == "true\n" and format_table(table) == "yes\n"
    assert json.loads(format_json(table)) == {"head": {}, "boolean": True}


def test_from_result_refuses_graphs() -> None:
    result = Result("CONSTRUCT")
    with pytest.raises(UsageError, match="CONSTRUCT"):
        from_result(result)


def test_from_result_keeps_variable_order() -> None:
    result = Result("SELECT")
    result.vars = [Variable("b"), Variable("a")]
    result.bindings = [{Variable("a"): Literal("1")}]
    table = from_result(result)
    assert table.variables == ("b", "a") and table.rows == ((None, Literal("1")),)


def _ox_plain(term: object) -> tuple[str, ...] | None:
    """The worker's plain form of an rdflib term, as Oxigraph gives it (simple literals are
    xsd:string there)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    assert isinstance(term, Literal)
    datatype = str(term.datatype or XSD.string) if not term.language else ""
    return ("literal", str(term), datatype, term.language or "")


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_plain_rows_are_written_as_the_rdflib_table(fmt: str) -> None:
    """``query run`` writes the worker's plain terms without rdflib (write_rows): the same
    text as the rdflib Table gives, xsd:string literals written as simple ones."""
    from painkg.query.results import as_plain, format_results, write_rows

    plain = [[_ox_plain(t) for t in row] for row in ROWS]
    assert write_rows(TABLE.variables, plain, None, fmt) == format_results(TABLE, fmt)
    assert as_plain(ROWS[0][1]) == ("literal", 'graded "exposure"\tx\ny', "", "")
    assert as_plain(("literal", "x", str(XSD.string), "")) == ("literal", "x", "", "")
    for answer in (True, False):
        ask = Table((), (), answer)
        assert write_rows((), [], answer, fmt) == format_results(ask, fmt)


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
def test_tsv_and_csv_are_pyoxigraphs_own_bytes(fmt: str, kg: OxigraphStore) -> None:
    """painkg writes SELECT answers itself (its worker cuts rows at ``--limit``, and pyoxigraph
    cannot serialise a cut answer), so its TSV and CSV must be the bytes pyoxigraph's own
    serialiser gives for the same query, on every research query."""
    import pyoxigraph as ox

    from painkg.query.catalog import list_queries
    from painkg.query.params import prepare_query
    from painkg.query.run import answer_user_query

    library = {"tsv": ox.QueryResultsFormat.TSV, "csv": ox.QueryResultsFormat.CSV}[fmt]
    kg.sync_union()
    for query in list_queries("research"):
        mine = answer_user_query(kg, query, limit=0).render(fmt)
        answer = kg.inner.query(prepare_query(query, {}),
                                use_default_graph_as_union=not kg.union_materialised)
        assert isinstance(answer, ox.QuerySolutions)
        assert mine == answer.serialize(format=library), f"{query.name}: {fmt} differs"
