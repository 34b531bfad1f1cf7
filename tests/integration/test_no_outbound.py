"""No outbound requests: queries and input files that point at a listener on 127.0.0.1 never
make painkg connect to it, and painkg says what it refused.

The listener never calls accept() while painkg runs, so any connection attempt would wait
in its backlog; afterwards a short accept() must find nothing there.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result

from painkg.errors import EXIT_INPUT, EXIT_OK, EXIT_USAGE, InputError, RefusedQueryError
from painkg.query.screen import screen_query
from painkg.store import OxigraphStore, open_store
from painkg.store.load import load_files


@dataclass
class Listener:
    sock: socket.socket
    url: str

    def assert_no_connection(self) -> None:
        self.sock.settimeout(0.5)
        try:
            conn, peer = self.sock.accept()
        except (TimeoutError, BlockingIOError):
            return
        conn.close()
        raise AssertionError(f"painkg connected to the listener at {self.url} (from {peer})")


@pytest.fixture
def listener() -> Iterator[Listener]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield Listener(sock, f"http://127.0.0.1:{sock.getsockname()[1]}")
    sock.close()


def test_the_listener_would_notice_a_connection(listener: Listener) -> None:
    """The check itself can fail: a real connection attempt is caught."""
    probe = socket.create_connection(listener.sock.getsockname(), timeout=5)
    try:
        with pytest.raises(AssertionError, match="connected"):
            listener.assert_no_connection()
    finally:
        probe.close()


def _queries(url: str) -> list[tuple[str, str]]:
    """(query, what the refusal must name) pairs aimed at ``url``."""
    return [
        (f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", f"SERVICE <{url}/sparql>"),
        (f"SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}", "SERVICE"),
        (f"PREFIX remote: <{url}/>\nSELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE remote:sparql "
         f"{{ ?s ?q ?r }} }} }}", f"SERVICE <{url}/sparql>"),
        (f"SELECT * WHERE {{ VALUES ?ep {{ <{url}/sparql> }} SERVICE ?ep {{ ?s ?p ?o }} }}",
         "SERVICE ?ep"),
        (f"LOAD <{url}/data.ttl>", "LOAD"),
        (f"LOAD <{url}/data.ttl> INTO GRAPH <https://w3id.org/painkg/id/graph/x>", "LOAD"),
        (f"SELECT * FROM <{url}/x> WHERE {{ ?s ?p ?o }}", f"<{url}/x>"),
        (f"SELECT * FROM NAMED <{url}/x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", f"<{url}/x>"),
        (f"ASK FROM <{url}/x> {{ ?s ?p ?o }}", f"<{url}/x>"),
    ]


def test_screen_refuses_every_remote_reference(listener: Listener) -> None:
    for query, named in _queries(listener.url):
        with pytest.raises(RefusedQueryError) as info:
            screen_query(query)
        assert named in info.value.message, info.value.message
    listener.assert_no_connection()


def test_query_run_refuses_every_remote_reference(
        listener: Listener, tmp_path: Path, invoke: Callable[..., Result]) -> None:
    for i, (query, named) in enumerate(_queries(listener.url)):
        path = tmp_path / f"remote-{i}.rq"
        path.write_text(query + "\n")
        result = invoke("query", "run", str(path))
        assert result.exit_code == EXIT_USAGE, result.output
        assert named in result.stderr, result.stderr
        assert result.stdout == ""
    listener.assert_no_connection()


def test_remote_jsonld_context_is_refused(listener: Listener, tmp_path: Path,
                                         invoke: Callable[..., Result]) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": f"{listener.url}/context.jsonld",
                                "@id": "http://x/a", "name": "a"}))
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    with pytest.raises(InputError, match="remote document"):
        load_files(store, [(path, "http://g/x")])
    result = invoke("validate", str(path))
    assert result.exit_code == EXIT_INPUT, result.output
    assert "JSON-LD" in result.stderr and "never fetches" in result.stderr
    listener.assert_no_connection()


def test_owl_imports_is_never_followed(listener: Listener, tmp_path: Path,
                                       invoke: Callable[..., Result]) -> None:
    path = tmp_path / "imports.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<http://x/onto> a owl:Ontology ; owl:imports <{listener.url}/onto.ttl> .\n")
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    load_files(store, [(path, "http://g/x")])
    assert len(store) == 2, "the import stays a plain triple"
    result = invoke("validate", str(path))
    assert result.exit_code == EXIT_OK, result.output
    listener.assert_no_connection()


def test_rdfxml_with_an_external_dtd_is_refused(listener: Listener, tmp_path: Path,
                                                invoke: Callable[..., Result]) -> None:
    path = tmp_path / "dtd.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "{listener.url}/evil.dtd">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n')
    result = invoke("validate", str(path))
    assert result.exit_code == EXIT_INPUT, result.output
    assert "RDF/XML" in result.stderr
    listener.assert_no_connection()
