"""The endpoint backend (``sparql:URL``): any SPARQL 1.1 endpoint, read-only, and its protocol
client, with a timeout and clear errors.

rdflib's own connector hides the cause of a failure behind "You did something wrong
formulating either the URI or your SPARQL query" and never times out, so painkg asks the
endpoint itself (httpx, already painkg's HTTP client for ``painkg serve``; a POST of
``application/x-www-form-urlencoded`` as the protocol defines) and parses only formats whose
rdflib parsers fetch nothing and expand no entities: SPARQL JSON results for SELECT/ASK,
N-Triples or Turtle for CONSTRUCT/DESCRIBE.
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

from painkg.errors import ServiceError, UsageError
from painkg.store.base import GraphStore, StoreSpec

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result

__all__ = ["ACCEPT", "SparqlEndpointStore", "endpoint_query", "normalise_result"]

#: What painkg asks an endpoint for: results as JSON, graphs as N-Triples (then Turtle).
ACCEPT = ("application/sparql-results+json, application/n-triples, "
          "text/turtle;q=0.9, application/json;q=0.8")

_GRAPH_FORMATS = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle"}
_MAX_ERROR_TEXT = 300


def endpoint_query(url: str, sparql: str, timeout: float = 30.0) -> Result:
    """Send ``sparql`` to the endpoint at ``url``; return an rdflib Result with plain literals.

    Raises ServiceError (exit 3) when the endpoint is unreachable, times out or does not
    answer like a SPARQL endpoint, and UsageError (exit 2) when it rejects the query (400).
    """
    import httpx

    try:
        # Redirects are followed as urllib did, so a moved endpoint keeps working.
        response = httpx.post(
            url, data={"query": sparql}, timeout=timeout, follow_redirects=True,
            headers={"Accept": ACCEPT, "User-Agent": "painkg"},
        )
    except httpx.TimeoutException as exc:
        raise ServiceError(
            f"The SPARQL endpoint {url} did not answer within {timeout:g} s."
        ) from exc
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
        raise ServiceError(
            f"The SPARQL endpoint {url} could not be reached ({exc}). Check the URL and "
            f"that the server is running."
        ) from exc
    if response.status_code >= 400:
        detail = _error_text(response.content)
        if response.status_code == 400:
            raise UsageError(f"The SPARQL endpoint {url} rejected the query: {detail}")
        raise ServiceError(f"The SPARQL endpoint {url} answered HTTP {response.status_code} "
                           f"{response.reason_phrase}: {detail}")
    body = response.content
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    return normalise_result(_parse(url, body, content_type))


def _parse(url: str, body: bytes, content_type: str) -> Result:
    from rdflib import Graph
    from rdflib.query import Result

    from painkg.namespaces import bind_prefixes

    try:
        if content_type in ("application/sparql-results+json", "application/json"):
            return Result.parse(BytesIO(body), format="json")
        if content_type in _GRAPH_FORMATS:
            graph = Graph()
            bind_prefixes(graph)
            graph.parse(data=body.decode("utf-8"), format=_GRAPH_FORMATS[content_type])
            out = Result("CONSTRUCT")
            out.graph = graph
            return out
    except Exception as exc:  # parsers raise many types; all mean the same to a user
        raise ServiceError(
            f"The SPARQL endpoint {url} sent a {content_type} answer painkg could not read: "
            f"{type(exc).__name__}: {_error_text(str(exc).encode())}"
        ) from exc
    raise ServiceError(
        f"{url} does not look like a SPARQL endpoint: it answered a query with "
        f"{content_type or 'no content type'} ({_error_text(body)!r}) instead of SPARQL results."
    )


def normalise_result(result: Result) -> Result:
    """Make ``xsd:string`` literals plain, as painkg.store.terms.from_ox does for Oxigraph."""
    from rdflib import Graph, Literal
    from rdflib.namespace import XSD

    def typed_string(term: object) -> bool:
        return isinstance(term, Literal) and term.datatype == XSD.string

    if result.type == "SELECT" and result.bindings:
        result.bindings = [{k: Literal(str(v)) if typed_string(v) else v for k, v in row.items()}
                           for row in result.bindings]
    elif result.graph is not None and any(typed_string(o) for o in result.graph.objects()):
        graph = Graph(namespace_manager=result.graph.namespace_manager)
        for s, p, o in result.graph:
            graph.add((s, p, Literal(str(o)) if typed_string(o) else o))
        result.graph = graph
    return result


def _error_text(body: bytes) -> str:
    text = " ".join(body.decode("utf-8", "replace").split())
    return text if len(text) <= _MAX_ERROR_TEXT else text[:_MAX_ERROR_TEXT] + "…"


class SparqlEndpointStore(GraphStore):
    """A remote SPARQL 1.1 endpoint, read-only.

    Queries see the endpoint's default graph; painkg's queries expect it to be the union of
    the named graphs (for the Oxigraph server: ``--union-default-graph``). Requests go through
    :mod:`painkg.store.endpoint` (timeout, clear errors); the rdflib API view is rdflib's
    ``SPARQLStore`` with its transport replaced by the same client.
    """

    def __init__(self, spec: StoreSpec, timeout: float = 30.0) -> None:
        self.spec = spec
        self.timeout = timeout
        self._graph: Graph | None = None

    @property
    def url(self) -> str:
        """The endpoint's URL."""
        return self.spec.location or ""

    def rdflib_graph(self) -> Graph:
        if self._graph is None:
            from rdflib import Graph
            from rdflib.plugins.stores.sparqlstore import SPARQLStore

            from painkg.namespaces import bind_prefixes
            url, timeout = self.url, self.timeout

            class _ClientStore(SPARQLStore):
                def _query(self, query: str, default_graph: str | None = None) -> Result:
                    return endpoint_query(url, query, timeout)

            self._graph = Graph(store=_ClientStore(url, returnFormat="json"))
            bind_prefixes(self._graph)
        return self._graph

    def query(self, sparql: str) -> Result:
        return endpoint_query(self.url, sparql, self.timeout)

    def ping(self) -> None:
        """Raise ServiceError unless the endpoint answers a trivial ASK like a SPARQL endpoint."""
        if self.query("ASK { }").type != "ASK":
            raise ServiceError(f"{self.url} did not answer ASK {{ }} with a boolean result.")
