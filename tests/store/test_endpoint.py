"""``sparql:URL`` stores (painkg.store.endpoint): unreachable and non-SPARQL endpoints are
clear errors (exit 3)."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from painkg.errors import ServiceError
from painkg.store import open_store


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _HtmlPage(http.server.BaseHTTPRequestHandler):
    def _page(self) -> None:
        body = b"<html><body>Not a SPARQL endpoint</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _page

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def html_server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 that answers every request with an HTML page."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HtmlPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()
    thread.join()


def test_unreachable_endpoint(invoke: Callable[..., Result], tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/query"
    with pytest.raises(ServiceError, match="could not be reached"):
        open_store(f"sparql:{url}").select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    query = tmp_path / "any.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1\n")
    result = invoke("--store", f"sparql:{url}", "query", "run", str(query))
    assert result.exit_code == 3, result.output
    assert "could not be reached" in result.stderr and "Traceback" not in result.output


def test_non_sparql_endpoint(html_server: str) -> None:
    store = open_store(f"sparql:{html_server}")
    with pytest.raises(ServiceError, match="does not look like a SPARQL endpoint.*text/html"):
        store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    with pytest.raises(ServiceError, match="does not look like a SPARQL endpoint"):
        list(store.rdflib_graph().triples((None, None, None)))
