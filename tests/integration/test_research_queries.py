"""Research queries: each runs through ``painkg query run`` and matches its golden result
(sorted SPARQL TSV, checked against the article); a second engine path agrees row for row."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from painkg.query.catalog import QueryFile, find_query, list_queries
from painkg.query.params import prepare_query
from painkg.query.run import run_query
from painkg.store import OxigraphStore
from painkg.store.load import load_packaged
from painkg.store.summaries import EVIDENCE_SUMMARIES_GRAPH
from painkg.traversal.names import name_resolver
from support import GOLDEN

sys.path.insert(0, str(GOLDEN))
from regenerate import golden_text  # noqa: E402

RESEARCH = list_queries("research")


def _golden_cases() -> list[tuple[str, list[str], Path]]:
    cases = []
    for path in sorted(GOLDEN.glob("*.tsv")):
        name, _, variant = path.name[: -len(".tsv")].partition(".")
        cases.append((name, variant.split(",") if variant else [], path))
    return cases


CASES = _golden_cases()


def test_every_research_query_has_a_golden_result() -> None:
    assert len(RESEARCH) >= 12
    with_golden = {name for name, _, _ in CASES}
    missing = sorted(q.name for q in RESEARCH if q.name not in with_golden)
    assert not missing, f"no golden result for {missing}: see tests/golden/regenerate.py"
    assert with_golden <= {q.name for q in RESEARCH}, "golden file for an unknown query"


@pytest.mark.parametrize(("name", "params", "golden"), CASES, ids=[p.name for *_, p in CASES])
def test_query_run_matches_golden(invoke: Callable[..., Result], name: str, params: list[str],
                                  golden: Path) -> None:
    args = ["query", "run", name, "-f", "tsv"]
    for param in params:
        args += ["-p", param]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert golden_text(result.stdout) == golden.read_text(encoding="utf-8"), (
        f"{name} {params} differs from {golden.name}; if the article supports the new rows, "
        f"regenerate with: python tests/golden/regenerate.py {name} {' '.join(params)}")


@pytest.mark.parametrize("query", RESEARCH, ids=lambda q: q.name)
def test_output_order_is_deterministic(kg: OxigraphStore, query: QueryFile) -> None:
    first = run_query(kg, query, {}, name_resolver(kg))
    assert first.rows == run_query(kg, query, {}, name_resolver(kg)).rows
    assert len(set(first.rows)) == len(first.rows), f"{query.name} repeats rows"


# --- a second engine path ------------------------------------------------------------------

def _ox_term(term: object) -> str:
    """N-Triples-like text of a pyoxigraph term, written independently of painkg.store.terms."""
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    assert isinstance(term, ox.Literal), term
    if term.language:
        return f"{term.value!r}@{term.language}"
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return repr(term.value)
    return f"{term.value!r}^^<{term.datatype.value}>"


def _rdflib_term(term: object) -> str:
    from rdflib import Literal, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    assert isinstance(term, Literal)
    if term.language:
        return f"{str(term)!r}@{term.language}"
    if term.datatype is None:
        return repr(str(term))
    return f"{str(term)!r}^^<{term.datatype}>"


@pytest.fixture(scope="module")
def plain_oxigraph(repo: Path) -> object:
    """The shipped files loaded straight into a pyoxigraph Store (not through painkg.store)."""
    import pyoxigraph as ox

    store = ox.Store()
    for path in sorted((repo / "ontology").glob("*.ttl")):
        if path.name != "shapes.ttl":
            store.load(path=str(path), format=ox.RdfFormat.TURTLE,
                       to_graph=ox.NamedNode("urn:x-test:ontology"))
    for path in sorted((repo / "data" / "graph").glob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE,
                   to_graph=ox.NamedNode(f"urn:x-test:{path.name}"))
    for path in sorted((repo / "data" / "graph").glob("*.trig")):  # keeps its own graph names
        store.load(path=str(path), format=ox.RdfFormat.TRIG)
    # The evidence summaries painkg's loaders derive (painkg.store.summaries), copied in as
    # another site gets them from the dump.
    summaries = ox.NamedNode(EVIDENCE_SUMMARIES_GRAPH)
    store.extend(load_packaged().inner.quads_for_pattern(None, None, None, summaries))
    return store


@pytest.mark.parametrize(("name", "params", "golden"), CASES, ids=[p.name for *_, p in CASES])
def test_second_engine_path_returns_the_same_rows(kg: OxigraphStore, plain_oxigraph: object,
                                                  name: str, params: list[str],
                                                  golden: Path) -> None:
    query = find_query(name)
    values = dict(p.split("=", 1) for p in params)
    ours = run_query(kg, query, values, name_resolver(kg))
    text = prepare_query(query, values, name_resolver(kg))
    theirs = plain_oxigraph.query(  # type: ignore[attr-defined]
        text, use_default_graph_as_union=True)
    assert [v.value for v in theirs.variables] == list(ours.variables)
    their_rows = sorted(tuple(_ox_term(t) for t in row) for row in theirs)
    our_rows = sorted(tuple(_rdflib_term(t) for t in row) for row in ours.rows)
    assert our_rows == their_rows
    assert len(our_rows) == len(golden.read_text(encoding="utf-8").splitlines()) - 1
