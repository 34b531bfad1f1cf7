"""The engine behind ``painkg serve``: a real ``oxigraph serve-read-only`` child on a
loopback port, answering SPARQL, and gone when stopped."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx

from painkg.serve.engine import EngineProcess, free_port, oxigraph_executable
from painkg.store.load import build_store


def test_free_port_is_bindable() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_an_engine_answers_and_stops(tmp_path: Path) -> None:
    assert Path(oxigraph_executable()).is_file()
    data = tmp_path / "g.nt"
    data.write_text('<http://x/a> <http://x/p> "kept" .\n')
    build_store(tmp_path / "store", [(data, "http://x/graph")])
    engine = EngineProcess(tmp_path / "store", timeout_s=30)
    engine.start()
    child = engine.process
    assert child is not None and child.poll() is None
    try:
        # An isolated engine is reached only through its Unix socket (serve/private_engine.py);
        # one that could not be isolated listens on 127.0.0.1.
        transport = (httpx.HTTPTransport(uds=engine.socket_path) if engine.socket_path
                     else httpx.HTTPTransport())
        with httpx.Client(transport=transport, timeout=30) as client:
            answer = client.get(engine.query_url,
                                params={"query": "SELECT ?o WHERE { ?s ?p ?o }"},
                                headers={"Accept": "application/sparql-results+json"})
        rows = answer.json()["results"]["bindings"]
        assert {r["o"]["value"] for r in rows} == {"kept"}
    finally:
        engine.stop()
    assert engine.process is None and child.poll() is not None, "the child was reaped"
