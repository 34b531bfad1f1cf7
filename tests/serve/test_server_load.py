"""``painkg serve`` under load on loopback, and while a runaway query is being stopped.

Times are printed (``-s``) and written to ``test-artifacts/serve-load.txt``, never asserted:
the assertions are that every answer is correct and that nothing fails.
"""

from __future__ import annotations

import http.client
import json
import re
import statistics
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from painkg.store import OxigraphStore
from painkg.store.load import build_store
from support import REPO
from support.server import Served, free_port

pytestmark = [pytest.mark.server, pytest.mark.slow]

REQUESTS = 2_000
CLIENTS = 8
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT_S = 3


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    path = tmp_path_factory.mktemp("serve-load") / "store"
    build_store(path)
    server = Served(["--store", f"oxigraph:{path}", "--timeout", str(TIMEOUT_S)], free_port())
    yield server
    code, log = server.stop()
    assert code == 0 and "Traceback" not in log, log[-3000:]


Case = tuple[str, str, str, object]  # kind, query, Accept, expected answer


def _nt_set(data: bytes) -> frozenset[str]:
    """The triples of an N-Triples answer, one canonical line each (read by pyoxigraph),
    blank-node labels masked: they are local to each store (the served one is built by
    build_store, the reference is ``kg``), so only the rest can be compared."""

    import pyoxigraph as ox

    return frozenset(re.sub(r"_:\S+", "_:b", str(t))
                     for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


@pytest.fixture(scope="module")
def cases(kg: OxigraphStore) -> list[Case]:
    """SELECT, ASK and CONSTRUCT queries about 40 labelled nodes, with their answers from
    the in-process store."""
    import pyoxigraph as ox

    rows = kg.select(f"SELECT DISTINCT ?s WHERE {{ ?s <{RDFS}label> ?l }} ORDER BY ?s")
    subjects = [str(r["s"]) for r in rows]
    picked = subjects[:: max(1, len(subjects) // 40)][:40]
    assert len(picked) == 40
    out: list[Case] = []
    for iri in picked:
        select = f"SELECT ?l WHERE {{ <{iri}> <{RDFS}label> ?l }}"
        want = sorted(r["l"].value for r in kg.ox_query(select))
        out.append(("select", select, "application/sparql-results+json", want))
        ask = f"ASK {{ <{iri}> <{RDFS}label> ?l ; a ?type FILTER(?type = <{OWL_CLASS}>) }}"
        out.append(("ask", ask, "application/sparql-results+json",
                    bool(kg.ox_query(ask))))
        construct = f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}"
        triples = kg.ox_query(construct)
        want_nt = _nt_set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        out.append(("construct", construct, "application/n-triples", want_nt))
    assert any(c[3] is True for c in out) and any(c[3] is False for c in out)
    return out


def _ask(conn: http.client.HTTPConnection, case: Case) -> tuple[int, bytes]:
    kind, query, accept, _ = case
    body = urllib.parse.urlencode({"query": query})
    conn.request("POST", "/query", body, {"Content-Type": "application/x-www-form-urlencoded",
                                          "Accept": accept})
    response = conn.getresponse()
    return response.status, response.read()


def _check(case: Case, status: int, body: bytes) -> str | None:
    """None if the answer is right, else what is wrong."""
    kind, query, _, want = case
    if status != 200:
        return f"{query}: HTTP {status}: {body[:200]!r}"
    if kind == "select":
        got = sorted(b["l"]["value"] for b in json.loads(body)["results"]["bindings"])
    elif kind == "ask":
        got = json.loads(body)["boolean"]
    else:
        got = _nt_set(body)
    return None if got == want else f"{query}: got {got!r}, want {want!r}"


def _client(port: int, work: list[Case], latencies: list[float], errors: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        for case in work:
            start = time.perf_counter()
            try:
                status, body = _ask(conn, case)
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{case[1]}: {type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            latencies.append(time.perf_counter() - start)
            problem = _check(case, status, body)
            if problem:
                errors.append(problem)
    finally:
        conn.close()


def _report(name: str, text: str) -> None:
    print(text)
    out = REPO / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / name).write_text(text + "\n")


def test_load_2000_requests_from_8_clients_all_correct(served: Served, cases: list[Case]) -> None:
    work = [cases[i % len(cases)] for i in range(REQUESTS)]
    shares = [work[i::CLIENTS] for i in range(CLIENTS)]
    latencies: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        for future in [pool.submit(_client, served.port, share, latencies, errors)
                       for share in shares]:
            future.result()
    elapsed = time.perf_counter() - start
    assert errors == [], f"{len(errors)} wrong answers or errors, first: {errors[:3]}"
    assert len(latencies) == REQUESTS
    kinds = {c[0] for c in work}
    assert kinds == {"select", "ask", "construct"}
    cuts = statistics.quantiles(latencies, n=100)
    _report("serve-load.txt",
            f"painkg serve load test: {REQUESTS} requests ({', '.join(sorted(kinds))}) from "
            f"{CLIENTS} concurrent keep-alive clients on loopback, 0 errors, every answer "
            f"checked: {REQUESTS / elapsed:.0f} requests/s, p50 {cuts[49] * 1000:.1f} ms, "
            f"p99 {cuts[98] * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms "
            f"(wall {elapsed:.2f} s)")


def test_endpoint_keeps_answering_while_a_runaway_is_stopped(served: Served,
                                                            cases: list[Case]) -> None:
    engines_before = served.children()
    assert len(engines_before) == 1
    runaway: dict[str, object] = {}

    def run_away() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
        started = time.perf_counter()
        try:
            runaway["status"], runaway["body"] = _ask(
                conn, ("select", RUNAWAY, "application/sparql-results+json", None))
        finally:
            runaway["seconds"] = time.perf_counter() - started
            conn.close()

    thread = threading.Thread(target=run_away)
    thread.start()
    latencies: list[float] = []
    errors: list[str] = []
    answered_during = 0
    try:
        while thread.is_alive():  # normal queries, for as long as the runaway is running
            batch = cases[: CLIENTS * 3]
            with ThreadPoolExecutor(CLIENTS) as pool:
                for future in [pool.submit(_client, served.port, batch[i::CLIENTS], latencies,
                                           errors) for i in range(CLIENTS)]:
                    future.result()
            answered_during += len(batch)
    finally:
        thread.join(60)
    assert errors == [], errors[:3]
    assert answered_during >= CLIENTS * 3, "normal queries were answered meanwhile"
    assert runaway["status"] == 504, runaway
    assert b"ran longer than 3 s and was stopped" in runaway["body"]  # type: ignore[operator]
    # The engine that ran the runaway is replaced and stopped; a new one answers.
    deadline = time.monotonic() + 30

    def replaced() -> bool:
        now = served.children()
        return len(now) == 1 and now != engines_before

    while not replaced() and time.monotonic() < deadline:
        time.sleep(0.1)
    now = served.children()
    assert len(now) == 1 and now != engines_before, (engines_before, now)
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    try:
        status, body = _ask(conn, cases[0])
    finally:
        conn.close()
    assert _check(cases[0], status, body) is None
    _report("serve-runaway.txt",
            f"painkg serve runaway: a cartesian COUNT(*) got HTTP 504 after "
            f"{runaway['seconds']:.2f} s (--timeout {TIMEOUT_S}); meanwhile {answered_during} "
            f"normal queries were all answered correctly (median "
            f"{statistics.median(latencies) * 1000:.1f} ms); the engine that ran it was "
            f"replaced and stopped")
