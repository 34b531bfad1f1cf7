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
from typing import TYPE_CHECKING, TypeVar, cast

from painkg.errors import ServiceError, UsageError
from painkg.store.base import GraphStore, StoreSpec

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result
    from rdflib.term import Node

#: An rdflib term (a result binding or a graph's object) that normalising gives back in kind.
_N = TypeVar("_N", bound="Node")

__all__ = ["ACCEPT", "SparqlEndpointStore", "endpoint_query", "normalise_result"]

#: What painkg asks an endpoint for: results as JSON, graphs as N-Triples (then Turtle).
ACCEPT = ("application/sparql-results+json, application/n-triples, "
          "text/turtle;q=0.9, application/json;q=0.8")
#: The Accept header for each query form. One header for all is not enough: Virtuoso answers
#: a CONSTRUCT with a JSON result set of ?s ?p ?o rows when JSON is acceptable, and a SELECT
#: with an RDF encoding of the result set when N-Triples is.
_ACCEPT_BY_FORM = {
    "SELECT": "application/sparql-results+json, application/json;q=0.8",
    "ASK": "application/sparql-results+json, application/json;q=0.8",
    "CONSTRUCT": "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8",
    "DESCRIBE": "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8",
}

_GRAPH_FORMATS = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle"}
_MAX_ERROR_TEXT = 300


def endpoint_query(url: str, sparql: str, timeout: float = 30.0) -> Result:
    """Send ``sparql`` to the endpoint at ``url``; return an rdflib Result with plain literals.

    Raises ServiceError (exit 3) when the endpoint is unreachable, times out, does not answer
    like a SPARQL endpoint, or cannot run the query (an HTTP error page: its message is kept).
    """
    import httpx

    try:
        # Redirects are followed as urllib did, so a moved endpoint keeps working.
        response = httpx.post(
            url, data={"query": sparql}, timeout=timeout, follow_redirects=True,
            headers={"Accept": _accept(sparql), "User-Agent": "painkg"},
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
            # painkg checks that every query parses before sending it, so an endpoint that
            # refuses one cannot run this SPARQL 1.1 (e.g. Virtuoso's "SP031" compiler errors).
            raise ServiceError(
                f"The SPARQL endpoint {url} could not run the query (HTTP 400): {detail}")
        raise ServiceError(f"The SPARQL endpoint {url} answered HTTP {response.status_code} "
                           f"{response.reason_phrase}: {detail}")
    body = response.content
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    return normalise_result(_parse(url, body, content_type))


def _accept(sparql: str) -> str:
    """The Accept header for the form of ``sparql`` (:data:`ACCEPT` if it cannot be told)."""
    from painkg.sparql_tokens import query_form, tokenize

    try:
        return _ACCEPT_BY_FORM[query_form(tokenize(sparql))]
    except UsageError:  # not a query painkg would send: let the endpoint say what it is
        return ACCEPT


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
    """Write literals as Oxigraph's results do: ``xsd:string`` literals plain (as
    painkg.store.terms.from_ox does), ``xsd:boolean`` in its canonical form ``true``/``false``
    (Virtuoso writes ``"1"^^xsd:boolean``: the same value, another lexical form)."""
    from rdflib import Graph

    if result.type == "SELECT" and result.bindings:
        if any(_needs_normalising(v) for row in result.bindings for v in row.values()):
            result.bindings = [{k: _normalised(v) for k, v in row.items()}
                               for row in result.bindings]
    elif result.graph is not None and any(_needs_normalising(o) for o in result.graph.objects()):
        graph = Graph(namespace_manager=result.graph.namespace_manager)
        for s, p, o in result.graph:
            graph.add((s, p, _normalised(o)))
        result.graph = graph
    return result


def _needs_normalising(term: object) -> bool:
    from rdflib import Literal
    from rdflib.namespace import XSD

    return isinstance(term, Literal) and (
        term.datatype == XSD.string
        or (term.datatype == XSD.boolean and str(term) not in ("true", "false")))


def _normalised(term: _N) -> _N:
    from rdflib import Literal
    from rdflib.namespace import XSD

    if not _needs_normalising(term):
        return term
    assert isinstance(term, Literal)
    if term.datatype == XSD.string:
        return cast("_N", Literal(str(term)))
    lexical = str(term).strip()
    if lexical in ("1", "0"):
        return cast("_N", Literal("true" if lexical == "1" else "false", datatype=XSD.boolean))
    return term  # not a valid boolean: pass it on as the endpoint wrote it


def _error_text(body: bytes) -> str:
    """The endpoint's message on one line, without the query Virtuoso echoes after it."""
    text = body.decode("utf-8", "replace").split("\nSPARQL query:", 1)[0]
    text = " ".join(text.split())
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
