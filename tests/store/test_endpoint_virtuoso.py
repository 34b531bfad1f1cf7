"""A Virtuoso error page through ``--store sparql:URL``: exit 3 naming the endpoint and
Virtuoso's message, never a traceback, a usage error or the query Virtuoso echoes back.

The server is real (tests/support.virtuoso.py: a scratch database on 127.0.0.1, empty: the
error comes from Virtuoso's SPARQL compiler before any data is read). The query is plain
SPARQL 1.1 that painkg's screen and parser accept and Oxigraph answers, but Virtuoso 7.2 cannot
compile (docs/engines.md, difference 2: a UNION branch holding both a FILTER and a BIND).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from painkg.errors import ServiceError
from painkg.store import open_store
from painkg.store.endpoint import endpoint_query
from support.virtuoso import VirtuosoServer, binaries_or_skip

pytestmark = pytest.mark.server

#: Virtuoso's SP031 "sparp_gp_deprecate()" internal error (engines.md, difference 2).
UNCOMPILABLE = """\
SELECT ?s ?d WHERE {
  { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?e FILTER(isIRI(?s))
    BIND("s" AS ?d) }
  UNION { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?e BIND("o" AS ?d) }
}
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    binaries = binaries_or_skip()
    with VirtuosoServer.start(tmp_path_factory.mktemp("virtuoso-errors"),
                              binaries=binaries) as server:
        yield server


def test_oxigraph_answers_the_query() -> None:
    """The query is valid SPARQL 1.1: the in-memory store runs it (no rows, no error)."""
    assert open_store("memory").select(UNCOMPILABLE) == []


def test_error_page_is_a_service_error(virtuoso: VirtuosoServer) -> None:
    with pytest.raises(ServiceError) as raised:
        endpoint_query(virtuoso.sparql_url, UNCOMPILABLE)
    message = str(raised.value)
    assert raised.value.exit_code == 3
    assert virtuoso.sparql_url in message
    assert "SP031" in message and "sparp_gp_deprecate" in message, message
    assert "SPARQL query:" not in message and "rdf-syntax-ns#object" not in message, (
        "the query Virtuoso echoes after its message is left out")
    assert virtuoso.alive


def test_error_page_through_the_cli(virtuoso: VirtuosoServer, tmp_path: Path,
                                    invoke: Callable[..., Result]) -> None:
    query = tmp_path / "uncompilable.rq"
    query.write_text(UNCOMPILABLE, encoding="utf-8")
    result = invoke("--store", f"sparql:{virtuoso.sparql_url}", "query", "run", str(query))
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    assert f"The SPARQL endpoint {virtuoso.sparql_url} could not run the query" in result.stderr
    assert "SP031" in result.stderr
    assert "Traceback" not in result.stderr
