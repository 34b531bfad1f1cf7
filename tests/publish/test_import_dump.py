"""The dumps loaded into a plain Oxigraph store exactly as the README's "Importing the dump"
says give the same rows as `painkg query run` for every research query (issue 18).

Turtle: loaded into the default graph, queried as is. TriG: loaded with its named graphs,
queried with the union of the named graphs as the default graph (``oxigraph serve-read-only
--union-default-graph``); without that setting every query answers nothing, which is what the
README warns about."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from click.testing import Result

from painkg.publish.dump import build_dump
from painkg.query.catalog import QueryFile, list_queries
from painkg.query.params import prepare_query
from painkg.store import OxigraphStore

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
