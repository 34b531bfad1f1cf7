"""The shared store battery: every research query, view and traversal, identical on every store.

Like oaklib's compliance tests, one battery runs against each store painkg can read:
``memory``, ``oxigraph:PATH`` (built by ``painkg.store.load.build_store`` in a temporary folder) and
``sparql:URL`` twice: a real ``oxigraph serve-read-only --union-default-graph`` process on
127.0.0.1, filled with ``oxigraph load``, one named graph per file; and a second engine, a
real Virtuoso Open Source (``virtuoso``: tests/support.virtuoso.py starts it on 127.0.0.1 with
a scratch database and loads painkg's TriG dump with Virtuoso's own bulk loader, ``ld_dir`` +
``rdf_loader_run``). Each answer is compared with the reference answer of an Oxigraph store
holding the same data: the session's in-memory store (the ``kg`` fixture), or for Virtuoso an
``oxigraph:`` store built by ``painkg load`` from the same dump (the dump adds its dataset
description). So a difference in any engine path (term typing, union default graph, result
parsing, another engine's SPARQL) fails here. Without Virtuoso installed its tests skip naming
the Debian package (and fail under ``PAINKG_REQUIRE_TOOLS=1``).

Queries are found by glob (``queries/research/*.rq``, ``queries/views/*.rq``) and run with
the parameter defaults in their headers; traversal and evidence inputs are derived from the
graph (every problem for work, every intervention), and every view is exported in every format
but SVG (Graphviz's drawing, not the store's answer), so new queries and data are covered
without edits.
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
    files_for_paths,
    load_packaged,
    packaged_files,
)
from painkg.store.summaries import EVIDENCE_SUMMARIES_GRAPH
from support.virtuoso import VirtuosoServer, binaries_or_skip

RESEARCH = sorted(queries_dir().glob("research/*.rq"))
VIEWS = sorted(queries_dir().glob("views/*.rq"))
STORES = ["memory", "oxigraph", pytest.param("sparql", marks=pytest.mark.server),
          pytest.param("virtuoso", marks=pytest.mark.server)]
#: Every export format but svg (Graphviz draws it from the dot output compared here).
EXPORT_FORMATS = ["graphml", "gexf", "cyjs", "dot", "mermaid", "csv", "html"]


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
    # So are the evidence summaries (painkg.store.summaries).
    packaged = load_packaged().inner
    derived = []
    for name, graph in (("concept-scheme", CONCEPT_SCHEME_GRAPH),
                        ("evidence-summaries", EVIDENCE_SUMMARIES_GRAPH)):
        path = location.parent / f"{name}.nt"
        path.write_bytes(ox.serialize(
            [q.triple for q in packaged.quads_for_pattern(None, None, None, ox.NamedNode(graph))],
            format=ox.RdfFormat.N_TRIPLES) or b"")
        derived.append((path, graph))
    for path, graph in [*packaged_files(), *derived]:
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


@pytest.fixture(scope="session")
def dump_file(tmp_path_factory: pytest.TempPathFactory, kg: OxigraphStore) -> Path:
    """painkg's TriG dump of the packaged graph (what ``painkg dump -f trig`` writes)."""
    from painkg.publish.dump import dump

    path = tmp_path_factory.mktemp("dump") / "painkg.trig"
    path.write_bytes(dump(kg, "trig"))
    return path


@pytest.fixture(scope="session")
def dump_store(tmp_path_factory: pytest.TempPathFactory, dump_file: Path) -> GraphStore:
    """An on-disk Oxigraph store built by ``painkg load`` from the dump: the reference for a
    store loaded from the same dump."""
    path = tmp_path_factory.mktemp("dumpstore") / "store"
    build_store(path, files_for_paths([dump_file]))
    return open_store(f"oxigraph:{path}")


@pytest.fixture(scope="session")
def virtuoso_endpoint(tmp_path_factory: pytest.TempPathFactory, dump_file: Path) -> Iterator[str]:
    """A real Virtuoso on 127.0.0.1 with a scratch database, holding painkg's dump loaded by
    Virtuoso's bulk loader; shut down at teardown. Skips naming the Debian package without it."""
    binaries = binaries_or_skip()
    with VirtuosoServer.start(tmp_path_factory.mktemp("virtuoso"), binaries=binaries) as server:
        server.bulk_load(dump_file)
        yield server.sparql_url
        assert server.alive, f"Virtuoso exited during the tests:\n{server.log_tail()}"


@pytest.fixture(scope="session", params=STORES)
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Each store kind in turn, holding the packaged graph."""
    if request.param == "memory":
        return load_packaged()  # a store of its own, not the reference ``kg``
    if request.param == "oxigraph":
        return open_store(f"oxigraph:{request.getfixturevalue('oxigraph_dir')}")
    if request.param == "virtuoso":
        return open_store(f"sparql:{request.getfixturevalue('virtuoso_endpoint')}")
    return open_store(f"sparql:{request.getfixturevalue('oxigraph_endpoint')}")


@pytest.fixture
def reference(request: pytest.FixtureRequest, kg: OxigraphStore) -> GraphStore:
    """The Oxigraph store holding the same data as ``store``: ``kg``, or for the store loaded
    from the dump (Virtuoso) an Oxigraph store built from that same dump."""
    if request.node.callspec.params.get("store") == "virtuoso":
        return request.getfixturevalue("dump_store")  # type: ignore[no-any-return]
    return kg


@pytest.fixture
def as_oxigraph(request: pytest.FixtureRequest) -> Callable[[str], str]:
    """How Oxigraph holds a term ``store`` answered, given as N3 (identity but on Virtuoso).

    The one difference between the engines that no query can remove (docs/engines.md):
    Oxigraph (0.5.13) stores a literal of a derived integer type as ``xsd:integer`` (value
    kept, datatype not), Virtuoso keeps the datatype, and painkg's dump states one such literal,
    the distribution's ``dcat:byteSize`` (``xsd:nonNegativeInteger``, as DCAT asks). Only the
    tests that read every literal use this; every other answer must match as it is.
    """
    if request.node.callspec.params.get("store") != "virtuoso":
        return lambda n3: n3
    derived = "^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>"
    return lambda n3: n3.replace(derived, "^^<http://www.w3.org/2001/XMLSchema#integer>")


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


def test_store_kind_and_size(store: GraphStore, reference: GraphStore) -> None:
    expected = {"memory": OxigraphStore, "oxigraph": OxigraphStore, "sparql": SparqlEndpointStore}
    assert isinstance(store, expected[store.spec.kind])
    assert len(reference) > 0, "the packaged graph is empty"
    assert len(store) == len(reference)


def _stored(triples: list[tuple[str, str, str]],
            as_oxigraph: Callable[[str], str]) -> list[tuple[str, str, str]]:
    return sorted((s, p, as_oxigraph(o)) for s, p, o in triples)


def test_union_graph_identical_through_rdflib_api(store: GraphStore, reference: GraphStore,
                                                  as_oxigraph: Callable[[str], str]) -> None:
    """The rdflib view (used by traversals and exports) sees the same union of named graphs."""
    assert _stored(_triples(store.rdflib_graph()), as_oxigraph) == _triples(
        reference.rdflib_graph())


def _rows(store: GraphStore, select: str,
          as_oxigraph: Callable[[str], str]) -> list[list[tuple[str, str]]]:
    return sorted(sorted((str(k), as_oxigraph(v.n3())) for k, v in row.items())
                  for row in store.select(select))


def test_select_ask_construct_identical(store: GraphStore, reference: GraphStore,
                                        as_oxigraph: Callable[[str], str]) -> None:
    select = ("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }")
    assert _rows(store, select, as_oxigraph) == _rows(reference, select, lambda n3: n3)
    ask = "ASK { ?s a ?class }"
    assert store.query(ask).askAnswer is True
    assert store.query("ASK { <urn:painkg:none> ?p ?o }").askAnswer is False
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"
    assert _stored(_triples(store.construct(construct)), as_oxigraph) == _triples(
        reference.construct(construct))


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
def test_research_query_identical(store: GraphStore, reference: GraphStore, path: Path) -> None:
    assert _run_research(store, path) == _run_research(reference, path)


def _run_view(store: GraphStore, path: Path) -> list[tuple[str, str, str]]:
    from painkg.query.catalog import read_query_file
    from painkg.query.params import prepare_query

    return _triples(store.construct(prepare_query(read_query_file(path, "views"), {})))


@pytest.mark.parametrize("path", VIEWS, ids=[p.stem for p in VIEWS])
def test_view_identical(store: GraphStore, reference: GraphStore, path: Path) -> None:
    assert _run_view(store, path) == _run_view(reference, path)


# --- every traversal ---------------------------------------------------------------------------


def _traverse() -> Any:
    return pytest.importorskip("painkg.traversal.walks",
                               reason="painkg.traversal.walks is not written yet")


def _problems_and_interventions(reference: GraphStore) -> tuple[list[str], list[str]]:
    """Every problem for work and every intervention in the graph, as CURIEs, sorted."""
    from painkg.namespaces import PK, shorten_iri
    from painkg.traversal.projection import load_entities

    entities = load_entities(reference)
    problems = sorted(shorten_iri(e.iri) for e in entities.values()
                      if str(PK.ProblemForWork) in e.classes)
    interventions = sorted(shorten_iri(e.iri) for e in entities.values()
                           if str(PK.Intervention) in e.classes)
    if not (problems and interventions):
        pytest.skip("the packaged graph has no problems for work or interventions yet (no "
                    "curated layer): traversals and evidence not compared")
    return problems, interventions


def _traversal_calls(reference: GraphStore) -> list[tuple[str, Callable[[GraphStore], Any]]]:
    """ask/path/neighbours for every problem for work and intervention in the graph."""
    traverse = _traverse()
    problems, interventions = _problems_and_interventions(reference)
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


#: (reference store, call name) -> the answer on that reference store (computed once).
_REFERENCE: dict[tuple[int, str], str] = {}


def _compare(store: GraphStore, reference: GraphStore,
             calls: list[tuple[str, Callable[[GraphStore], Any]]]) -> None:
    different = []
    for name, call in calls:
        key = (id(reference), name)
        if key not in _REFERENCE:
            _REFERENCE[key] = json.dumps(_jsonable(call(reference)), sort_keys=True)
        if json.dumps(_jsonable(call(store)), sort_keys=True) != _REFERENCE[key]:
            different.append(name)
    assert not different, f"{len(different)} of {len(calls)} answers differ: {different}"
    print(f"{store.spec}: {len(calls)} answers identical")


def test_rank_identical(store: GraphStore, reference: GraphStore) -> None:
    traverse = _traverse()
    _compare(store, reference, [(f"rank {m}", lambda s, m=m: traverse.rank(s, 50, m))
                         for m in traverse.MEASURES])


def test_ask_path_neighbours_identical(store: GraphStore, reference: GraphStore) -> None:
    _compare(store, reference, _traversal_calls(reference))


# --- evidence cards and exports ----------------------------------------------------------------


def test_evidence_identical(store: GraphStore, reference: GraphStore) -> None:
    """``painkg evidence`` (the JSON card) for every problem for work and intervention."""
    from painkg.reports.evidence_card import evidence_card, format_card_json

    problems, interventions = _problems_and_interventions(reference)
    _compare(store, reference, [(f"evidence {name}",
                                 lambda s, n=name: format_card_json(evidence_card(s, n)))
                                for name in problems + interventions])


def _exports(view: str) -> Callable[[GraphStore], dict[str, str]]:
    """Every non-SVG export of ``view`` (built once, written in each format) as text; the
    csv format is a ZIP archive, compared by its bytes in hex."""
    from painkg.views.build import build_view
    from painkg.views.formats import write_view

    def run(store: GraphStore) -> dict[str, str]:
        built = build_view(store, view)
        return {fmt: write_view(built, fmt).hex() if fmt == "csv"
                else write_view(built, fmt).decode("utf-8") for fmt in EXPORT_FORMATS}
    return run


def test_exports_identical(store: GraphStore, reference: GraphStore) -> None:
    """``painkg export`` of every view (and an ego view, and the SSSOM mappings) in every
    format but SVG."""
    from painkg.views.build import view_names
    from painkg.views.export import MAPPINGS_VIEW, export_view

    problems, _ = _problems_and_interventions(reference)
    views = [*view_names(), f"ego:{problems[0]}:2"]
    calls: list[tuple[str, Callable[[GraphStore], Any]]] = [
        (f"export {view}", _exports(view)) for view in views]
    calls.append(("export mappings",
                  lambda s: export_view(s, MAPPINGS_VIEW).decode("utf-8")))
    _compare(store, reference, calls)
