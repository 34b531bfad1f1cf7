"""The dumps loaded into a plain Oxigraph store exactly as the README's "Importing the dump"
says give the same rows as `painkg query run` for every research query (issue 18).

Turtle: loaded into the default graph, queried as is. TriG: loaded with its named graphs,
queried with the union of the named graphs as the default graph (``oxigraph serve-read-only
--union-default-graph``); without that setting every query answers nothing, which is what the
README warns about. Virtuoso: the Turtle dump loaded with its bulk loader into the graph the
README names, queried through ``--store sparql:URL`` (the TriG dump in Virtuoso is the store
battery's, tests/integration/test_store_battery.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

import pyoxigraph as ox
import pytest
from click.testing import Result

from painkg.publish.dump import build_dump
from painkg.query.catalog import QueryFile, list_queries
from painkg.query.params import prepare_query
from painkg.store import OxigraphStore
from support.virtuoso import VirtuosoServer, binaries_or_skip

RESEARCH = list_queries("research")


@pytest.fixture(scope="module")
def imported(kg: OxigraphStore) -> dict[str, ox.Store]:
    dump = build_dump(kg, formats=("turtle", "trig"))
    stores = {}
    for fmt, rdf in (("turtle", ox.RdfFormat.TURTLE), ("trig", ox.RdfFormat.TRIG)):
        store = ox.Store()
        store.load(dump.files[fmt], format=rdf)  # as `oxigraph load --file painkg.<ext>`
        stores[fmt] = store
    return stores


@pytest.mark.parametrize("query", RESEARCH, ids=[q.name for q in RESEARCH])
def test_imported_dumps_answer_like_painkg(query: QueryFile, imported: dict[str, ox.Store],
                                           invoke: Callable[..., Result]) -> None:
    result = invoke("query", "run", query.name, "-f", "tsv", "--limit", "0")
    assert result.exit_code == 0, result.output
    expected = Counter(tuple(line.split("\t")) for line in result.stdout.splitlines()[1:])
    assert expected, f"{query.name} answers nothing on the packaged graph: nothing to compare"
    text = prepare_query(query, {})
    turtle = imported["turtle"].query(text)
    trig = imported["trig"].query(text, use_default_graph_as_union=True)
    assert isinstance(turtle, ox.QuerySolutions) and isinstance(trig, ox.QuerySolutions)
    for fmt, got in (("turtle", _tsv(turtle)), ("trig", _tsv(trig))):
        assert got == expected, f"{fmt} dump answers {query.name} differently"


def _tsv(solutions: ox.QuerySolutions) -> Counter[tuple[str, ...]]:
    """Rows as SPARQL TSV cells, the form `painkg query run -f tsv` writes."""
    from painkg.query.results import term_tsv
    from painkg.query.worker import _plain_ox, to_rdflib

    rows: Counter[tuple[str, ...]] = Counter()
    for row in solutions:
        cells = []
        for value in row:
            plain = _plain_ox(value)
            cells.append(term_tsv(None if plain is None else to_rdflib(plain)))
        rows[tuple(cells)] += 1
    return rows


def test_trig_without_the_union_setting_answers_nothing(imported: dict[str, ox.Store]) -> None:
    query = next(q for q in RESEARCH if q.name == "sources-by-tier")
    assert not list(imported["trig"].query(prepare_query(query, {})))  # type: ignore[arg-type]


#: The graph the README's Virtuoso line loads the Turtle dump into.
README_GRAPH = "https://w3id.org/painkg/id/dataset/painkg"


@pytest.fixture(scope="module")
def virtuoso_turtle(kg: OxigraphStore, tmp_path_factory: pytest.TempPathFactory
                    ) -> Iterator[str]:
    """A real Virtuoso on 127.0.0.1 holding the Turtle dump, loaded as the README says
    (``ld_dir(..., 'painkg.ttl', README_GRAPH); rdf_loader_run(); checkpoint;``)."""
    binaries = binaries_or_skip()
    folder = tmp_path_factory.mktemp("virtuoso-turtle")
    dump = folder / "painkg.ttl"
    dump.write_bytes(build_dump(kg, formats=("turtle",)).files["turtle"])
    with VirtuosoServer.start(folder / "db", binaries=binaries) as server:
        server.bulk_load(dump, graph=README_GRAPH)
        yield server.sparql_url
        assert server.alive, f"Virtuoso exited during the tests:\n{server.log_tail()}"


def _rows(result: Result) -> Counter[tuple[str, ...]]:
    assert result.exit_code == 0, result.output
    return Counter(tuple(line.split("\t")) for line in result.stdout.splitlines()[1:])


@pytest.mark.server
@pytest.mark.parametrize("query", RESEARCH, ids=[q.name for q in RESEARCH])
def test_turtle_dump_in_virtuoso_answers_like_painkg(
        query: QueryFile, virtuoso_turtle: str, invoke: Callable[..., Result]) -> None:
    expected = _rows(invoke("query", "run", query.name, "-f", "tsv", "--limit", "0"))
    assert expected, f"{query.name} answers nothing on the packaged graph: nothing to compare"
    got = _rows(invoke("--store", f"sparql:{virtuoso_turtle}", "query", "run", query.name,
                       "-f", "tsv", "--limit", "0"))
    assert got == expected, f"Virtuoso, Turtle dump: {query.name} answers differently"
