"""The query sandbox: answers equal the in-process ones, runaway queries are killed, rows cut."""

from __future__ import annotations

import gc
import multiprocessing
import os
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from painkg.errors import EXIT_INPUT, QueryTimeoutError, ServiceError, UsageError
from painkg.query.worker import (
    DEFAULT_LIMIT,
    DEFAULT_TIMEOUT,
    run_construct,
    run_in_worker,
    run_select,
)
from painkg.store import OxigraphStore, open_store
from support import child_pids

X = "http://x/"


def _ring(tmp_path: Path, n: int) -> Path:
    """A cycle of n nodes linked by x:next, each with a label (a runaway path's playground)."""
    lines = []
    for i in range(n):
        lines.append(f"<{X}n{i}> <{X}next> <{X}n{(i + 1) % n}> .")
        lines.append(f'<{X}n{i}> <{X}label> "node {i}" .')
    path = tmp_path / "ring.nt"
    path.write_text("\n".join(lines) + "\n")
    return path


def _ring_store(folder: Path, n: int = 400) -> OxigraphStore:
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    store.load(_ring(folder, n), X + "g", "ntriples")
    return store


@pytest.fixture(scope="module")
def ring(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    return _ring_store(tmp_path_factory.mktemp("ring"))


@pytest.fixture
def fresh_ring(tmp_path: Path) -> Iterator[OxigraphStore]:
    """A memory store of its own, so its kept worker is forked in the test (and ended after)."""
    store = _ring_store(tmp_path)
    yield store
    del store
    gc.collect()


def test_defaults_are_sane() -> None:
    assert DEFAULT_TIMEOUT == 30.0 and DEFAULT_LIMIT == 10_000


def test_select_answers_equal_the_in_process_ones(ring: OxigraphStore) -> None:
    query = f"SELECT ?s ?label WHERE {{ ?s <{X}label> ?label }} ORDER BY ?s"
    result = run_select(ring, query, timeout=20, limit=None)
    assert result.kind == "SELECT" and result.vars == ("s", "label")
    direct = [(r["s"], r["label"]) for r in ring.select(query)]
    assert result.terms() == direct
    assert not result.truncated
    assert result.terms()[0][1].datatype is None, "simple literals stay plain, as in the store"


def test_rows_cross_the_boundary_as_plain_strings(ring: OxigraphStore) -> None:
    result = run_select(ring, f'SELECT ?s ?n WHERE {{ ?s <{X}label> ?l BIND(STRLEN(?l) AS ?n) '
                              f'BIND(STRLANG("x", "en") AS ?t) }} LIMIT 1')
    for row in result.rows:
        for term in row:
            assert isinstance(term, tuple) and all(type(part) is str for part in term)


def test_a_repeated_term_crosses_the_boundary_once(ring: OxigraphStore) -> None:
    # every row repeats ?p and the datatype of ?n: one object each, so pickle sends it once
    query = (f"SELECT ?s ?p ?n WHERE {{ ?s ?p ?l FILTER(?p = <{X}label>) "
             f"BIND(STRLEN(?l) AS ?n) }} ORDER BY ?s")
    result = run_select(ring, query, timeout=20, limit=None)
    assert len(result.rows) == 400
    assert len({id(row[1]) for row in result.rows}) == 1
    assert result.rows[0][1] == ("iri", f"{X}label")
    lengths = {row[2] for row in result.rows}
    assert lengths == {("literal", str(n), "http://www.w3.org/2001/XMLSchema#integer", "")
                       for n in (6, 7, 8)}
    assert len({id(row[2]) for row in result.rows}) == 3
    assert result.terms() == [tuple(r) for r in run_select(ring, query).terms()]


def test_limit_cuts_rows_and_reports_it(ring: OxigraphStore) -> None:
    query = f"SELECT ?s WHERE {{ ?s <{X}label> ?l }}"
    cut = run_select(ring, query, limit=7)
    assert len(cut.rows) == 7 and cut.truncated
    exact = run_select(ring, query, limit=400)
    assert len(exact.rows) == 400 and not exact.truncated


def test_construct_and_ask(ring: OxigraphStore) -> None:
    built = run_construct(ring, f"CONSTRUCT WHERE {{ ?s <{X}next> ?o }}", limit=None)
    assert len(built.graph()) == 400
    assert run_select(ring, f"ASK {{ <{X}n0> <{X}next>+ <{X}n399> }}").boolean is True
    with pytest.raises(UsageError, match="CONSTRUCT"):
        run_select(ring, f"CONSTRUCT WHERE {{ ?s <{X}next> ?o }}")
    with pytest.raises(UsageError, match="SELECT"):
        run_construct(ring, "SELECT * WHERE { ?s ?p ?o }")


def test_engine_syntax_error_is_a_usage_error_with_position(ring: OxigraphStore) -> None:
    with pytest.raises(UsageError) as info:
        run_in_worker(ring, "SELECT * WHERE { ?s ?p }")
    assert "1:" in info.value.message, info.value.message


@pytest.mark.parametrize("bad", [0, -1.5])
def test_bad_timeout_is_a_usage_error(ring: OxigraphStore, bad: float) -> None:
    with pytest.raises(UsageError, match="--timeout"):
        run_in_worker(ring, "ASK {}", timeout=bad)


RUNAWAY = [
    # every pair of nodes on a 400-cycle, twice over: 400^4 path pairs
    f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{X}next>* ?b . ?c <{X}next>* ?d }}",
    # a cartesian product of four unconnected patterns: 800^4 rows
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?t ?h }",
]


@pytest.mark.parametrize("query", RUNAWAY, ids=["property-path", "cartesian-product"])
def test_runaway_query_is_stopped_and_its_worker_is_gone(fresh_ring: OxigraphStore,
                                                         query: str) -> None:
    before = child_pids()
    with pytest.raises(QueryTimeoutError) as info:
        run_in_worker(fresh_ring, query, timeout=1)
    assert info.value.exit_code == EXIT_INPUT
    assert "longer than 1 s" in info.value.message and "--timeout" in info.value.message
    assert child_pids() == before, "the killed worker must be reaped"
    assert multiprocessing.active_children() == []
    assert len(fresh_ring) == 800, "the parent's store is untouched and still answers"


def test_on_disk_store_runs_in_the_worker_and_stays_usable(tmp_path: Path) -> None:
    location = tmp_path / "db"
    store = open_store(f"oxigraph:{location}", create=True)
    assert isinstance(store, OxigraphStore)
    store.load(_ring(tmp_path, 50), X + "g", "ntriples")
    store.close()
    result = run_select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{X}next> ?o }}")
    assert int(result.terms()[0][0]) == 50
    with pytest.raises(QueryTimeoutError):
        run_in_worker(store, RUNAWAY[1], timeout=1)
    assert len(store) == 100, "the store still answers in the parent after a kill"
    store.close()
    del store
    reopened = open_store(f"oxigraph:{location}")
    assert len(reopened) == 100


@pytest.fixture
def silent_server() -> Iterator[socket.socket]:
    """A listener on 127.0.0.1 that accepts connections and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock
    sock.close()


def test_endpoint_store_that_never_answers_is_bounded(silent_server: socket.socket) -> None:
    port = silent_server.getsockname()[1]
    store = open_store(f"sparql:http://127.0.0.1:{port}/sparql")
    before = child_pids()
    with pytest.raises(QueryTimeoutError):
        run_in_worker(store, "SELECT * WHERE { ?s ?p ?o }", timeout=1)
    assert child_pids() == before


def test_worker_that_dies_is_reported_not_hung(fresh_ring: OxigraphStore,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import painkg.query.worker as sandbox

    def crash(*args: object) -> None:
        os._exit(9)  # stands in for a worker killed by the kernel (out of memory)

    before = child_pids()
    monkeypatch.setattr(sandbox, "_answer", crash)  # the store's worker is forked after this
    with pytest.raises(ServiceError, match="exit code 9"):
        run_in_worker(fresh_ring, "ASK {}", timeout=20)
    assert child_pids() == before, "the dead worker is reaped"
    monkeypatch.undo()
    assert run_select(fresh_ring, f"ASK {{ <{X}n0> <{X}next> <{X}n1> }}").boolean is True


# --- the kept worker of a memory store ------------------------------------------------------

COUNT_NEXT = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{X}next> ?o }}"


def test_memory_store_keeps_one_worker_until_the_store_is_gone(tmp_path: Path) -> None:
    before = set(child_pids())
    store = _ring_store(tmp_path)
    first = run_select(store, COUNT_NEXT)
    workers = set(child_pids()) - before
    assert len(workers) == 1, "the query ran in a child process"
    for _ in range(3):
        assert run_select(store, COUNT_NEXT) == first
    assert set(child_pids()) - before == workers, "the same worker answered every query"
    del store
    gc.collect()
    assert set(child_pids()) == before, "the worker ends, and is reaped, with its store"


def test_next_query_answers_after_a_timeout(fresh_ring: OxigraphStore) -> None:
    query = f"SELECT ?s ?label WHERE {{ ?s <{X}label> ?label }} ORDER BY ?s"
    expected = [(r["s"], r["label"]) for r in fresh_ring.select(query)]
    assert run_select(fresh_ring, query, limit=None).terms() == expected
    with pytest.raises(QueryTimeoutError):
        run_in_worker(fresh_ring, RUNAWAY[1], timeout=1)
    with pytest.raises(QueryTimeoutError):  # and its replacement is bounded the same way
        run_in_worker(fresh_ring, RUNAWAY[0], timeout=1)
    assert run_select(fresh_ring, query, limit=None).terms() == expected


def test_a_load_after_a_query_is_seen_by_the_next_one(fresh_ring: OxigraphStore,
                                                      tmp_path: Path) -> None:
    assert int(run_select(fresh_ring, COUNT_NEXT).terms()[0][0]) == 400
    extra = tmp_path / "extra.nt"
    extra.write_text(f"<{X}a> <{X}next> <{X}b> .\n")
    fresh_ring.load(extra, X + "extra", "ntriples")
    assert int(run_select(fresh_ring, COUNT_NEXT).terms()[0][0]) == 401


def test_a_worker_that_died_while_idle_is_replaced(fresh_ring: OxigraphStore) -> None:
    import signal

    before = set(child_pids())
    assert run_select(fresh_ring, COUNT_NEXT).rows
    (worker,) = set(child_pids()) - before
    os.kill(worker, signal.SIGKILL)  # stands in for the OOM killer choosing the idle worker
    stat = Path(f"/proc/{worker}/stat")
    while stat.read_text().rsplit(")", 1)[1].split()[0] != "Z":  # until it has ended
        time.sleep(0.01)
    assert int(run_select(fresh_ring, COUNT_NEXT).terms()[0][0]) == 400
    assert worker not in child_pids(), "the dead worker is reaped"


def test_memory_and_on_disk_stores_answer_the_same(fresh_ring: OxigraphStore,
                                                   tmp_path: Path) -> None:
    # the memory store's kept worker against the on-disk store's worker per query
    disk = open_store(f"oxigraph:{tmp_path / 'db'}", create=True)
    assert isinstance(disk, OxigraphStore)
    disk.load(_ring(tmp_path, 400), X + "g", "ntriples")
    queries = [f"SELECT ?s ?o ?l WHERE {{ ?s <{X}next> ?o . ?o <{X}label> ?l }} ORDER BY ?s",
               f"CONSTRUCT WHERE {{ ?s <{X}label> ?l }}",
               f"ASK {{ <{X}n0> <{X}next>+ <{X}n399> }}"]
    for query in queries:
        mine, theirs = run_in_worker(fresh_ring, query), run_in_worker(disk, query)
        assert (mine.kind, mine.vars, mine.boolean) == (theirs.kind, theirs.vars, theirs.boolean)
        assert sorted(mine.rows) == sorted(theirs.rows) and (mine.rows or mine.boolean)
    disk.close()


# --- through `painkg query run` -----------------------------------------------------------


def test_query_run_stops_a_runaway_query(tmp_path: Path,
        invoke: Callable[..., Result]) -> None:
    path = tmp_path / "cartesian.rq"
    path.write_text(RUNAWAY[1] + "\n")
    before = child_pids()
    result = invoke("query", "run", str(path), "--timeout", "1")
    assert result.exit_code == EXIT_INPUT, result.output
    assert "ran longer than 1 s and was stopped" in result.stderr
    assert child_pids() == before


def test_query_run_cuts_at_limit_and_says_so(tmp_path: Path,
        invoke: Callable[..., Result]) -> None:
    path = tmp_path / "all.rq"
    path.write_text("SELECT ?s ?p ?o WHERE { ?s ?p ?o }\n")
    result = invoke("query", "run", str(path), "--limit", "2", "-f", "tsv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3, "a header and two rows"
    assert "cut at --limit 2" in result.stderr
    whole = invoke("query", "run", str(path), "--limit", "0", "-f", "tsv")
    assert whole.exit_code == 0, whole.output
    assert len(whole.stdout.splitlines()) > 3 and "cut at" not in whole.stderr


@pytest.mark.parametrize("option", [("--timeout", "0"), ("--timeout", "-1"), ("--limit", "-5")])
def test_query_run_rejects_bad_bounds(tmp_path: Path, invoke: Callable[..., Result],
                                      option: tuple[str, str]) -> None:
    path = tmp_path / "q.rq"
    path.write_text("ASK { ?s ?p ?o }\n")
    result = invoke("query", "run", str(path), *option)
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
    "CREATE GRAPH <http://x/g>",
    "LOAD <http://127.0.0.1:9/x.ttl>",
])
def test_updates_leave_an_on_disk_store_unchanged(tmp_path: Path, invoke: Callable[..., Result],
                                              update: str) -> None:
    import hashlib

    data = _ring(tmp_path, 20)
    location = tmp_path / "db"
    loaded = invoke("load", "--store", f"oxigraph:{location}", str(data))
    assert loaded.exit_code == 0, loaded.output

    def fingerprint() -> tuple[int, str]:
        store = open_store(f"oxigraph:{location}")
        assert isinstance(store, OxigraphStore)
        nquads = b"".join(sorted(f"{q} .\n".encode() for q in store.named_quads()))
        count = len(store)
        store.close()
        return count, hashlib.sha256(nquads).hexdigest()

    before = fingerprint()
    path = tmp_path / "update.rq"
    path.write_text(update + "\n")
    result = invoke("--store", f"oxigraph:{location}", "query", "run", str(path))
    assert result.exit_code == 2, result.output
    assert "SPARQL Update" in result.stderr
    assert fingerprint() == before == (40, before[1])


def _count_in_worker(store: OxigraphStore) -> int:
    return int(run_select(store, COUNT_NEXT).terms()[0][0])


def test_a_forked_process_gets_a_worker_of_its_own(fresh_ring: OxigraphStore) -> None:
    from painkg.query.worker import run_function

    before = set(child_pids())
    assert _count_in_worker(fresh_ring) == 400
    workers = set(child_pids()) - before
    # a traversal's worker querying the same store must not talk to its parent's worker
    assert run_function(_count_in_worker, fresh_ring, timeout=20) == 400
    assert set(child_pids()) - before == workers, "the parent's worker is the same, alone"
    assert _count_in_worker(fresh_ring) == 400
