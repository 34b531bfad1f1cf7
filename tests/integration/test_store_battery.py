"""The shared store battery: every research query, view and traversal, identical on every store.

Like oaklib's compliance tests, one battery runs against each store painkg can read:
``memory``, ``oxigraph:PATH`` (built by ``painkg.store.load.build_store`` in a temporary folder) and
``sparql:URL`` (a real ``oxigraph serve-read-only --union-default-graph`` process on
127.0.0.1, filled with ``oxigraph load``, one named graph per file). Each answer is compared
with the reference answer of the session's in-memory store (the ``kg`` fixture), so a
difference in any engine path (term typing, union default graph, result parsing) fails here.

Queries are found by glob (``queries/research/*.rq``, ``queries/views/*.rq``) and run with
the parameter defaults in their headers; traversal inputs are derived from the graph (every
problem for work, every intervention), so new queries and data are covered without edits.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from painkg.resources import queries_dir
from painkg.store import GraphStore, OxigraphStore, SparqlEndpointStore, open_store
from painkg.store.load import (
    CONCEPT_SCHEME_GRAPH,
    build_store,
    load_packaged,
    packaged_files,
)

RESEARCH = sorted(queries_dir().glob("research/*.rq"))
VIEWS = sorted(queries_dir().glob("views/*.rq"))
STORES = ["memory", "oxigraph", pytest.param("sparql", marks=pytest.mark.server)]


def _oxigraph_cli() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    assert found, "the oxigraph CLI (PyPI package 'oxigraph', in the test extra) is missing"
    return found


def _die_with_parent() -> None:
    """No orphan server if pytest itself is killed (Linux PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on 127.0.0.1 serving the packaged graph; stopped at teardown."""
    cli = _oxigraph_cli()
    location = tmp_path_factory.mktemp("endpoint") / "store"
    # The SKOS view painkg's loaders derive (painkg.store.load.add_concept_scheme) is loaded
    # as a file of its own, as another site would load it from the dump.
    derived = location.parent / "concept-scheme.nt"
    derived.write_bytes(ox.serialize(
        [q.triple for q in load_packaged().inner.quads_for_pattern(
            None, None, None, ox.NamedNode(CONCEPT_SCHEME_GRAPH))],
        format=ox.RdfFormat.N_TRIPLES) or b"")
    for path, graph in [*packaged_files(), (derived, CONCEPT_SCHEME_GRAPH)]:
        done = subprocess.run([cli, "load", "--location", str(location), "--file", str(path),
                               "--graph", graph], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    port = _free_port()
    server = subprocess.Popen(
        [cli, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph", "--timeout-s", "60"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, "the Oxigraph server exited at start"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the Oxigraph server did not start"
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def oxigraph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store built the way ``painkg load`` builds it."""
    path = tmp_path_factory.mktemp("ondisk") / "store"
    build_store(path)
    return path


@pytest.fixture(scope="session", params=STORES)
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Each store kind in turn, holding the packaged graph."""
    if request.param == "memory":
        return load_packaged()  # a store of its own, not the reference ``kg``
    if request.param == "oxigraph":
        return open_store(f"oxigraph:{request.getfixturevalue('oxigraph_dir')}")
    return open_store(f"sparql:{request.getfixturevalue('oxigraph_endpoint')}")


def _table(table: Any) -> tuple[Any, ...]:
    """A Table as comparable data: variables, ASK answer and the rows as an N3 multiset."""
    rows = sorted(tuple("" if t is None else t.n3() for t in row) for row in table.rows)
    return (table.variables, table.boolean, rows)


def _triples(graph: Any) -> list[tuple[str, str, str]]:
    """The distinct triples, blank nodes canonically relabelled (the ontology's OWL lists)."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    plain = Graph()
    for triple in graph.triples((None, None, None)):
        plain.add(triple)
    return sorted((s.n3(), p.n3(), o.n3()) for s, p, o in to_canonical_graph(plain))


# --- the store contract --------------------------------------------------------------------


def test_store_kind_and_size(store: GraphStore, kg: OxigraphStore) -> None:
    expected = {"memory": OxigraphStore, "oxigraph": OxigraphStore, "sparql": SparqlEndpointStore}
    assert isinstance(store, expected[store.spec.kind])
    assert len(kg) > 0, "the packaged graph is empty"
    assert len(store) == len(kg)


def test_union_graph_identical_through_rdflib_api(store: GraphStore, kg: OxigraphStore) -> None:
    """The rdflib view (used by traversals and exports) sees the same union of named graphs."""
    assert _triples(store.rdflib_graph()) == _triples(kg.rdflib_graph())


def test_select_ask_construct_identical(store: GraphStore, kg: OxigraphStore) -> None:
    select = ("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }")
    assert sorted(map(str, map(sorted, (r.items() for r in store.select(select))))) == sorted(
        map(str, map(sorted, (r.items() for r in kg.select(select)))))
    ask = "ASK { ?s a ?class }"
    assert store.query(ask).askAnswer is True
    assert store.query("ASK { <urn:painkg:none> ?p ?o }").askAnswer is False
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"
    assert _triples(store.construct(construct)) == _triples(kg.construct(construct))


# --- every research query and view ----------------------------------------------------------


def test_battery_found_queries() -> None:
    assert RESEARCH, "no research queries found in queries/research/*.rq"
    assert VIEWS, "no views found in queries/views/*.rq"


def _run_research(store: GraphStore, path: Path) -> tuple[Any, ...]:
    from painkg.query.catalog import read_query_file
    from painkg.query.run import run_query
    from painkg.traversal.names import name_resolver

    query = read_query_file(path, "research")
    return _table(run_query(store, query, {}, name_resolver(store)))


@pytest.mark.parametrize("path", RESEARCH, ids=[p.stem for p in RESEARCH])
def test_research_query_identical(store: GraphStore, kg: OxigraphStore, path: Path) -> None:
    assert _run_research(store, path) == _run_research(kg, path)


def _run_view(store: GraphStore, path: Path) -> list[tuple[str, str, str]]:
    from painkg.query.catalog import read_query_file
    from painkg.query.params import prepare_query

    return _triples(store.construct(prepare_query(read_query_file(path, "views"), {})))


@pytest.mark.parametrize("path", VIEWS, ids=[p.stem for p in VIEWS])
def test_view_identical(store: GraphStore, kg: OxigraphStore, path: Path) -> None:
    assert _run_view(store, path) == _run_view(kg, path)


# --- every traversal ---------------------------------------------------------------------------


def _traverse() -> Any:
    return pytest.importorskip("painkg.traversal.walks",
                               reason="painkg.traversal.walks is not written yet")


def _traversal_calls(kg: OxigraphStore) -> list[tuple[str, Callable[[GraphStore], Any]]]:
    """ask/path/neighbours for every problem for work and intervention in the graph."""
    traverse = _traverse()
    from painkg.namespaces import PK, shorten_iri
    from painkg.traversal.projection import load_entities

    entities = load_entities(kg)
    problems = sorted(shorten_iri(e.iri) for e in entities.values()
                      if str(PK.ProblemForWork) in e.classes)
    interventions = sorted(shorten_iri(e.iri) for e in entities.values()
                           if str(PK.Intervention) in e.classes)
    if not (problems and interventions):
        pytest.skip("the packaged graph has no problems for work or interventions yet (no "
                    "curated layer): ask/path/neighbours not compared")
    calls: list[tuple[str, Callable[[GraphStore], Any]]] = []
    for problem in problems:
        calls.append((f"ask {problem}", lambda s, p=problem: traverse.ask_interventions(s, p)))
        for depth in (1, 2):
            calls.append((f"neighbours {problem} {depth}",
                          lambda s, p=problem, d=depth: traverse.neighbours(s, p, d)))
        for number, intervention in enumerate(interventions):
            by = ("length", "evidence")[number % 2]  # both weightings, half the cost
            calls.append((f"path {intervention} {problem} {by}",
                          lambda s, a=intervention, b=problem, w=by:
                          traverse.paths(s, a, b, w)))
    return calls


def _jsonable(value: Any) -> Any:
    if hasattr(value, "as_dict"):
        return value.as_dict()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


_REFERENCE: dict[str, str] = {}  # traversal name -> answer on the ``kg`` store (computed once)


def _compare(store: GraphStore, kg: OxigraphStore,
             calls: list[tuple[str, Callable[[GraphStore], Any]]]) -> None:
    different = []
    for name, call in calls:
        if name not in _REFERENCE:
            _REFERENCE[name] = json.dumps(_jsonable(call(kg)), sort_keys=True)
        if json.dumps(_jsonable(call(store)), sort_keys=True) != _REFERENCE[name]:
            different.append(name)
    assert not different, f"{len(different)} of {len(calls)} traversals differ: {different}"
    print(f"{store.spec.kind}: {len(calls)} traversals identical")


def test_rank_identical(store: GraphStore, kg: OxigraphStore) -> None:
    traverse = _traverse()
    _compare(store, kg, [(f"rank {m}", lambda s, m=m: traverse.rank(s, 50, m))
                         for m in traverse.MEASURES])


def test_ask_path_neighbours_identical(store: GraphStore, kg: OxigraphStore) -> None:
    _compare(store, kg, _traversal_calls(kg))
