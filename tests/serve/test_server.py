"""``painkg serve`` as a real subprocess on 127.0.0.1, queried with SPARQLWrapper."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from painkg.serve.server import is_loopback
from painkg.store import OxigraphStore
from painkg.store.load import build_store
from support.server import PAINKG, Served, free_port

pytestmark = pytest.mark.server

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
LABELS = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label")
CONSTRUCT = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "CONSTRUCT { ?s rdfs:label ?label } WHERE { ?s rdfs:label ?label }")




@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "store"
    build_store(path)
    return path


@pytest.fixture(scope="module")
def served(store_dir: Path) -> Iterator[Served]:
    server = Served(["--store", f"oxigraph:{store_dir}", "--timeout", "2",
                     "--max-body", "4096"], free_port())
    yield server
    code, log = server.stop()
    assert code == 0 and "Traceback" not in log, log[-3000:]


def _wrapper(url: str, query: str, fmt: str, method: str = "GET") -> object:
    client = SPARQLWrapper.SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query()


def _http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None
          ) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def test_select_json_get_and_post(served: Served, kg: OxigraphStore) -> None:
    want = [(str(r["s"]), str(r["label"])) for r in kg.select(LABELS)]
    assert want
    for method in ("GET", "POST"):
        doc = _wrapper(served.url, LABELS, SPARQLWrapper.JSON, method).convert()
        got = [(b["s"]["value"], b["label"]["value"]) for b in doc["results"]["bindings"]]
        assert got == want, method
    doc = _wrapper(served.url, COUNT, SPARQLWrapper.JSON).convert()
    assert int(doc["results"]["bindings"][0]["n"]["value"]) == len(kg)


def test_post_directly_as_sparql_query(served: Served, kg: OxigraphStore) -> None:
    client = SPARQLWrapper.SPARQLWrapper(served.url)
    client.setQuery(COUNT)
    client.setReturnFormat(SPARQLWrapper.JSON)
    client.setMethod(SPARQLWrapper.POST)
    client.setRequestMethod(SPARQLWrapper.POSTDIRECTLY)
    doc = client.query().convert()
    assert int(doc["results"]["bindings"][0]["n"]["value"]) == len(kg)


def test_select_xml_csv_tsv(served: Served, kg: OxigraphStore) -> None:
    xml = _wrapper(served.url, COUNT, SPARQLWrapper.XML).convert()
    assert xml.getElementsByTagName("literal")[0].firstChild.data == str(len(kg))
    csv = _wrapper(served.url, COUNT, SPARQLWrapper.CSV).convert().decode()
    assert csv.split() == ["n", str(len(kg))]
    tsv = _wrapper(served.url, COUNT, SPARQLWrapper.TSV).convert().decode()
    assert tsv.splitlines()[0] == "?n" and str(len(kg)) in tsv.splitlines()[1]


def test_ask(served: Served) -> None:
    assert _wrapper(served.url, "ASK { ?s ?p ?o }", SPARQLWrapper.JSON).convert()["boolean"]


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("json-ld", "json-ld")])
def test_construct_graph_formats(served: Served, kg: OxigraphStore, fmt: str,
                                 parser: str) -> None:
    answer = _wrapper(served.url, CONSTRUCT, fmt)
    body = answer.response.read()  # raw: convert() would build a deprecated ConjunctiveGraph
    graph = Graph().parse(data=body.decode(), format=parser)
    assert len(graph) == len(kg.construct(CONSTRUCT)) > 0
    assert set(graph) == set(kg.construct(CONSTRUCT))


def test_format_parameter_and_accept(served: Served, kg: OxigraphStore) -> None:
    query = urllib.parse.quote(CONSTRUCT)
    status, ctype, body = _http(f"{served.url}?format=ntriples&query={query}")
    assert status == 200 and ctype.startswith("application/n-triples"), body
    assert len(Graph().parse(data=body.decode(), format="nt")) == len(kg.construct(CONSTRUCT))
    status, ctype, body = _http(f"{served.url}?query={urllib.parse.quote(COUNT)}",
                                headers={"Accept": "text/csv"})
    assert status == 200 and ctype.startswith("text/csv") and body.split() == [
        b"n", str(len(kg)).encode()]
    status, _, body = _http(f"{served.url}?format=yaml&query={urllib.parse.quote(COUNT)}")
    assert status == 400 and b"Unknown format" in body


def test_query_page(served: Served) -> None:
    status, ctype, body = _http(f"http://127.0.0.1:{served.port}/")
    assert status == 200 and ctype.startswith("text/html")
    # The gallery and the editor; nothing in the head comes from another host.
    assert b'id="examples"' in body and b'id="editor"' in body
    assert b"http" not in body.split(b"<body>")[0]


@pytest.mark.parametrize(("data", "headers"), [
    (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-update"}),
    (urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
     {"Content-Type": "application/x-www-form-urlencoded"}),
    (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-query"}),
])
def test_updates_are_refused(served: Served, kg: OxigraphStore, data: bytes,
                             headers: dict[str, str]) -> None:
    status, _, body = _http(served.url, data, headers)
    assert status == 403 and (b"read-only" in body or b"Update" in body), body
    status, _, body = _http(f"http://127.0.0.1:{served.port}/update", data, headers)
    assert status == 405 and b"read-only" in body
    doc = _wrapper(served.url, COUNT, SPARQLWrapper.JSON).convert()
    assert int(doc["results"]["bindings"][0]["n"]["value"]) == len(kg), "nothing was written"


def test_sparqlwrapper_update_fails(served: Served) -> None:
    client = SPARQLWrapper.SPARQLWrapper(served.url)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    client.setMethod(SPARQLWrapper.POST)
    with pytest.raises(urllib.error.HTTPError) as info:
        client.query()
    info.value.close()
    assert info.value.code == 403


def test_service_is_refused_before_any_engine(served: Served) -> None:
    """A SERVICE to a listener on loopback: refused with 403, and no connection ever arrives."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(1.0)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
        status, _, body = _http(served.url, urllib.parse.urlencode({"query": query}).encode(),
                                {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 403 and b"SERVICE" in body, body
        with pytest.raises(TimeoutError):
            listener.accept()


def test_bad_requests(served: Served) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 8000
    status, _, body = _http(served.url, big.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 413, body
    status, _, _ = _http(served.url, b"{}", {"Content-Type": "application/json"})
    assert status == 415
    status, _, body = _http(served.url, b"SELEC nothing", {"Content-Type":
                                                           "application/sparql-query"})
    assert status == 400 and b"parse" in body
    # A GET without a query is answered with the service description; a POST without one
    # is still a bad request.
    status, ctype, _ = _http(served.url)
    assert status == 200 and ctype.startswith("text/turtle")
    status, _, body = _http(served.url, b"format=json",
                            {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and b"query" in body


def test_timeout_stops_a_runaway_query(served: Served, kg: OxigraphStore) -> None:
    """504 at the deadline; the engine still running it is replaced by one that answers."""
    before = served.children()
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, _, body = _http(served.url, query.encode(),
                            {"Content-Type": "application/sparql-query"})
    assert status == 504 and b"ran longer than 2 s and was stopped" in body, body
    deadline = time.monotonic() + 30

    def replaced() -> bool:
        now = served.children()
        return len(now) == 1 and now != before

    while not replaced() and time.monotonic() < deadline:
        time.sleep(0.1)
    after = served.children()
    assert len(after) == 1 and after != before, (before, after, served.output()[-2000:])
    time.sleep(0.5)  # an engine killed with its starting thread would be gone by now
    assert served.children() == after
    doc = _wrapper(served.url, COUNT, SPARQLWrapper.JSON).convert()
    assert int(doc["results"]["bindings"][0]["n"]["value"]) == len(kg)


def test_port_in_use_is_exit_3(served: Served) -> None:
    done = subprocess.run([*PAINKG, "serve", "--port", str(served.port)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert "already in use" in done.stderr and "Traceback" not in done.stderr


def test_not_a_store_and_unreachable_endpoint_are_exit_3(tmp_path: Path) -> None:
    for spec in (f"oxigraph:{tmp_path}", f"sparql:http://127.0.0.1:{free_port()}/query"):
        done = subprocess.run([*PAINKG, "serve", "--store", spec, "--port", str(free_port())],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 3, done.stderr
        assert "Traceback" not in done.stderr and "painkg: error:" in done.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_clean_shutdown_stops_the_engine(sig: int) -> None:
    """The memory store is served from a scratch copy; a signal removes it and the engine."""
    server = Served([], free_port())
    try:
        engines = server.children()
        assert len(engines) == 1
        cmdline = Path(f"/proc/{engines[0]}/cmdline").read_bytes().split(b"\0")
        scratch = Path(cmdline[cmdline.index(b"--location") + 1].decode())
        assert scratch.is_dir()
        code, err = server.stop(sig)
    finally:
        server.kill()
    assert code == 0, err
    assert "stopped" in err and "Traceback" not in err
    with pytest.raises(ProcessLookupError):
        os.kill(engines[0], 0)
    assert not scratch.exists(), "the scratch store of a memory serve is removed"


def test_serve_a_remote_endpoint_through_the_screen(served: Served, kg: OxigraphStore) -> None:
    """--store sparql:URL forwards screened queries to that endpoint."""
    front = Served(["--store", f"sparql:{served.url}"], free_port())
    try:
        doc = _wrapper(front.url, COUNT, SPARQLWrapper.JSON).convert()
        assert int(doc["results"]["bindings"][0]["n"]["value"]) == len(kg)
        assert front.children() == [], "no engine is started for a remote endpoint"
    finally:
        code, err = front.stop()
        front.kill()
    assert code == 0, err


def test_is_loopback() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.0.0.2", "::1", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.0.2.1", "::", "example.org"]))


def test_json_results_are_json(served: Served) -> None:
    status, ctype, body = _http(f"{served.url}?format=json&query={urllib.parse.quote(COUNT)}")
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    assert json.loads(body)["head"]["vars"] == ["n"]
