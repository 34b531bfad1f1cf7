"""The screening front of ``painkg serve``: a Starlette app that forwards screened queries.

It speaks the query half of the SPARQL 1.1 Protocol (GET ``?query=``, POST
``application/sparql-query`` and POST form ``query=``) and refuses the rest before anything
reaches the engine: updates (403), queries the screen refuses (403), dataset parameters
(400), bodies over the size limit (413), other content types (415). Results come back as the
engine negotiates them (``Accept``), or as a ``format=`` parameter asks: ``json``, ``xml``,
``csv``, ``tsv`` for SELECT/ASK; ``turtle``, ``ntriples``, ``jsonld`` for CONSTRUCT/DESCRIBE.

Bounds: the screen (CPU-bound parsing) runs in the thread pool so one long query text never
stalls other requests; each forwarded query has a hard deadline of ``timeout_s`` for the
whole answer (504 when it passes, and the engine that ran it is replaced, see
:class:`painkg.serve.engine.EngineRotation`) and a cap on the answer's size (507).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any, Protocol
from urllib.parse import parse_qs

from painkg.errors import RefusedQueryError, ServiceError, UsageError

__all__ = ["FORMATS", "MAX_RESPONSE_BYTES", "Upstream", "FixedUpstream", "create_app",
           "accept_for"]

#: ``format=`` values and the Accept header each becomes. A name that means a results format
#: for SELECT and an RDF format for CONSTRUCT (as SPARQLWrapper sends them) lists both.
FORMATS = {
    "json": "application/sparql-results+json, application/ld+json;q=0.9",
    "xml": "application/sparql-results+xml, application/rdf+xml;q=0.9",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle", "ttl": "text/turtle", "n3": "text/turtle",
    "ntriples": "application/n-triples", "nt": "application/n-triples",
    "jsonld": "application/ld+json", "json-ld": "application/ld+json",
    "rdf+xml": "application/rdf+xml",
}

#: Largest answer forwarded; a query whose answer is longer gets 507 (add a LIMIT).
MAX_RESPONSE_BYTES = 256 * 1024 * 1024


class _Engine(Protocol):
    @property
    def query_url(self) -> str: ...


class Upstream(Protocol):
    """Where queries go: one engine handle per request, given back (``overran`` when the
    query passed its deadline, so an engine still running it can be replaced)."""

    def acquire(self) -> _Engine: ...

    def release(self, engine: Any, overran: bool = False) -> None: ...


class FixedUpstream:
    """A SPARQL endpoint painkg does not run (``--store sparql:URL``): nothing to replace."""

    def __init__(self, url: str) -> None:
        self.query_url = url

    def acquire(self) -> FixedUpstream:
        """This endpoint."""
        return self

    def release(self, engine: Any, overran: bool = False) -> None:
        """Nothing to give back."""


_READ_ONLY = ("This endpoint is read-only: SPARQL updates are refused. Send queries (SELECT, "
              "ASK, CONSTRUCT, DESCRIBE) to /query.")


def accept_for(fmt: str | None, accept: str | None) -> str:
    """The Accept header to send the engine; UsageError for an unknown ``format``."""
    if fmt:
        key = fmt.strip().lower()
        if key in FORMATS:
            return FORMATS[key]
        if "/" in key:  # a media type given as the format, as some clients do
            return key
        raise UsageError(f"Unknown format {fmt!r}: use one of {', '.join(sorted(FORMATS))}.")
    return accept or "*/*"


class _Refusal(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def create_app(upstream: str | Upstream, *, timeout_s: float, max_body: int, label: str,
               max_response: int = MAX_RESPONSE_BYTES) -> Any:
    """The ASGI app forwarding screened queries to ``upstream`` (a SPARQL query URL, or
    engines handed out per request)."""
    import anyio
    import httpx
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    try:
        from painkg.query.screen import screen_query  # the same screen as `painkg query run`
    except ImportError as exc:  # fail closed: never serve unscreened queries
        raise ServiceError(
            "painkg serve cannot start: its query screen (painkg.query.screen.screen_query) is "
            "missing from this installation."
        ) from exc

    page = (files("painkg") / "static" / "serve.html").read_text("utf-8").replace(
        "{{STORE}}", _html_escape(label))

    engines: Upstream = FixedUpstream(upstream) if isinstance(upstream, str) else upstream

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=16)
        make_transport = getattr(engines, "transport", None)  # engines behind Unix sockets
        transport = make_transport(limits) if make_transport is not None else None
        async with httpx.AsyncClient(timeout=timeout_s + 1, trust_env=False, limits=limits,
                                     transport=transport) as client:
            app.state.client = client
            yield

    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_body:
            raise _Refusal(413, f"Request body over {max_body} bytes.")
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > max_body:
                raise _Refusal(413, f"Request body over {max_body} bytes.")
        return bytes(body)

    async def extract_query(request: Request) -> str | None:
        params = parse_qs(request.url.query, keep_blank_values=True)
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await read_body(request)
            if ctype == "application/sparql-update":
                raise _Refusal(403, _READ_ONLY)
            if ctype == "application/sparql-query":
                params.setdefault("query", []).append(body.decode("utf-8", "replace"))
            elif ctype == "application/x-www-form-urlencoded":
                for key, values in parse_qs(body.decode("utf-8", "replace"),
                                            keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            else:
                raise _Refusal(415, "Send a query as application/sparql-query or as the "
                                    "form field 'query' (application/x-www-form-urlencoded).")
        if "update" in params:
            raise _Refusal(403, _READ_ONLY)
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise _Refusal(400, "default-graph-uri and named-graph-uri are not supported: "
                                "queries see the union of painkg's graphs.")
        queries = params.get("query", [])
        if len(queries) > 1:
            raise _Refusal(400, "Send exactly one 'query' parameter.")
        if queries and len(queries[0].encode("utf-8")) > max_body:
            raise _Refusal(413, f"Query over {max_body} bytes.")
        formats = params.get("format")
        request.state.format = formats[0] if formats else None
        return queries[0] if queries else None

    async def endpoint(request: Request) -> Response:
        try:
            query = await extract_query(request)
            if query is None:
                if request.url.path == "/" and request.method == "GET":
                    return HTMLResponse(page)
                raise _Refusal(400, "Missing the 'query' parameter.")
            try:
                await run_in_threadpool(screen_query, query)
                accept = accept_for(request.state.format, request.headers.get("accept"))
            except RefusedQueryError as exc:
                unparsable = "does not parse" in exc.message  # a bad query, not a forbidden one
                raise _Refusal(400 if unparsable else 403, exc.message) from exc
            except UsageError as exc:
                raise _Refusal(400, exc.message) from exc
            status, ctype, content = await forward(request.app.state.client, query, accept)
        except _Refusal as refusal:
            return PlainTextResponse(refusal.message + "\n", status_code=refusal.status)
        headers = {"Cache-Control": "no-store"}
        return Response(content, status_code=status, headers=headers, media_type=ctype)

    async def forward(client: httpx.AsyncClient, query: str, accept: str
                      ) -> tuple[int, str, bytes]:
        """The engine's status, content type and answer; a _Refusal past the deadline or cap."""
        engine = engines.acquire()  # a lock and a counter: never blocks for long
        overran = False
        try:
            with anyio.fail_after(timeout_s):
                async with client.stream(
                        "POST", engine.query_url, content=query.encode("utf-8"),
                        headers={"Content-Type": "application/sparql-query",
                                 "Accept": accept}) as answer:
                    body = bytearray()
                    async for chunk in answer.aiter_bytes():
                        body.extend(chunk)
                        if len(body) > max_response:
                            raise _Refusal(507, f"The answer is over {max_response} bytes; "
                                                f"add a LIMIT to the query.")
                    return (answer.status_code, answer.headers.get("content-type", "text/plain"),
                            bytes(body))
        except (TimeoutError, httpx.TimeoutException) as exc:
            overran = True
            engines.release(engine, overran=True)  # the engine may still be running it
            raise _Refusal(504, f"The query ran longer than {timeout_s:g} s and was stopped; "
                                f"narrow it (fewer unbound patterns, a bounded property path, "
                                f"a LIMIT).") from exc
        except httpx.HTTPError as exc:
            raise _Refusal(502, f"The engine could not be reached: {exc}.") from exc
        finally:
            # synchronous, so a cancelled request (client gone) still gives its engine back
            if not overran:
                engines.release(engine)

    async def update(request: Request) -> Response:
        return PlainTextResponse(_READ_ONLY + "\n", status_code=405,
                                 headers={"Allow": ""})  # no method may change the graph

    routes = [
        Route("/", endpoint, methods=["GET", "POST"]),
        Route("/query", endpoint, methods=["GET", "POST"]),
        Route("/sparql", endpoint, methods=["GET", "POST"]),
        Route("/update", update, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/store", update, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def _html_escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)
