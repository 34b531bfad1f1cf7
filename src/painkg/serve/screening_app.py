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

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qs

from painkg.errors import RefusedQueryError, ServiceError, UsageError
from painkg.resources import static_text

if TYPE_CHECKING:
    import httpx
    from starlette.requests import Request
    from starlette.responses import Response

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
    from starlette.applications import Starlette
    from starlette.routing import Route

    try:
        from painkg.query.screen import screen_query  # the same screen as `painkg query run`
    except ImportError as exc:  # fail closed: never serve unscreened queries
        raise ServiceError(
            "painkg serve cannot start: its query screen (painkg.query.screen.screen_query) is "
            "missing from this installation."
        ) from exc

    front = _Front(
        engines=FixedUpstream(upstream) if isinstance(upstream, str) else upstream,
        screen=screen_query, timeout_s=timeout_s, max_body=max_body, max_response=max_response,
        page=static_text("serve.html").replace("{{STORE}}", _html_escape(label)))
    query_methods = ["GET", "POST"]
    any_method = ["GET", "POST", "PUT", "DELETE", "PATCH"]
    routes = [
        Route("/", front.endpoint, methods=query_methods),
        Route("/query", front.endpoint, methods=query_methods),
        Route("/sparql", front.endpoint, methods=query_methods),
        Route("/update", _refuse_update, methods=any_method),
        Route("/store", _refuse_update, methods=any_method),
    ]
    return Starlette(routes=routes, lifespan=front.lifespan)


async def _refuse_update(request: Request) -> Response:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(_READ_ONLY + "\n", status_code=405,
                             headers={"Allow": ""})  # no method may change the graph


@dataclass(frozen=True)
class _Front:
    """The endpoint's settings and its request handling, one step per method."""

    engines: Upstream
    screen: Callable[[str], object]
    timeout_s: float
    max_body: int
    max_response: int
    page: str

    @asynccontextmanager
    async def lifespan(self, app: Any) -> AsyncIterator[None]:
        """One HTTP client to the engines for the app's lifetime."""
        import httpx

        limits = httpx.Limits(max_connections=64, max_keepalive_connections=16)
        make_transport = getattr(self.engines, "transport", None)  # engines behind sockets
        transport = make_transport(limits) if make_transport is not None else None
        async with httpx.AsyncClient(timeout=self.timeout_s + 1, trust_env=False,
                                     limits=limits, transport=transport) as client:
            app.state.client = client
            yield

    async def endpoint(self, request: Request) -> Response:
        """A query forwarded and its answer, the start page, or a refusal as plain text."""
        from starlette.responses import HTMLResponse, PlainTextResponse, Response

        try:
            query = await self.extract_query(request)
            if query is None:
                if request.url.path == "/" and request.method == "GET":
                    return HTMLResponse(self.page)
                raise _Refusal(400, "Missing the 'query' parameter.")
            accept = await self.screened_accept(request, query)
            status, ctype, content = await self.forward(request.app.state.client, query, accept)
        except _Refusal as refusal:
            return PlainTextResponse(refusal.message + "\n", status_code=refusal.status)
        headers = {"Cache-Control": "no-store"}
        return Response(content, status_code=status, headers=headers, media_type=ctype)

    async def screened_accept(self, request: Request, query: str) -> str:
        """The Accept header to forward, once the screen has passed the query."""
        from starlette.concurrency import run_in_threadpool

        try:
            await run_in_threadpool(self.screen, query)
            return accept_for(request.state.format, request.headers.get("accept"))
        except RefusedQueryError as exc:
            unparsable = "does not parse" in exc.message  # a bad query, not a forbidden one
            raise _Refusal(400 if unparsable else 403, exc.message) from exc
        except UsageError as exc:
            raise _Refusal(400, exc.message) from exc

    async def read_body(self, request: Request) -> bytes:
        """The request body; a 413 refusal as soon as it passes the size limit."""
        declared = request.headers.get("content-length")
        too_big = _Refusal(413, f"Request body over {self.max_body} bytes.")
        if declared and declared.isdigit() and int(declared) > self.max_body:
            raise too_big
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > self.max_body:
                raise too_big
        return bytes(body)

    async def extract_query(self, request: Request) -> str | None:
        """The one query of a request (URL and body parameters), checked against the protocol
        rules; ``None`` when there is none. Sets ``request.state.format``."""
        params = parse_qs(request.url.query, keep_blank_values=True)
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            _add_body_params(params, ctype, await self.read_body(request))
        if "update" in params:
            raise _Refusal(403, _READ_ONLY)
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise _Refusal(400, "default-graph-uri and named-graph-uri are not supported: "
                                "queries see the union of painkg's graphs.")
        queries = params.get("query", [])
        if len(queries) > 1:
            raise _Refusal(400, "Send exactly one 'query' parameter.")
        if queries and len(queries[0].encode("utf-8")) > self.max_body:
            raise _Refusal(413, f"Query over {self.max_body} bytes.")
        formats = params.get("format")
        request.state.format = formats[0] if formats else None
        return queries[0] if queries else None

    async def forward(self, client: httpx.AsyncClient, query: str, accept: str
                      ) -> tuple[int, str, bytes]:
        """The engine's status, content type and answer; a _Refusal past the deadline or cap."""
        import anyio
        import httpx

        engine = self.engines.acquire()  # a lock and a counter: never blocks for long
        overran = False
        try:
            with anyio.fail_after(self.timeout_s):
                return await self._answer(client, engine.query_url, query, accept)
        except (TimeoutError, httpx.TimeoutException) as exc:
            overran = True
            self.engines.release(engine, overran=True)  # the engine may still be running it
            raise _Refusal(504, f"The query ran longer than {self.timeout_s:g} s and was "
                                f"stopped; narrow it (fewer unbound patterns, a bounded "
                                f"property path, a LIMIT).") from exc
        except httpx.HTTPError as exc:
            raise _Refusal(502, f"The engine could not be reached: {exc}.") from exc
        finally:
            # synchronous, so a cancelled request (client gone) still gives its engine back
            if not overran:
                self.engines.release(engine)

    async def _answer(self, client: httpx.AsyncClient, url: str, query: str, accept: str
                      ) -> tuple[int, str, bytes]:
        """POST the query and read the answer up to the size cap (a 507 refusal past it)."""
        async with client.stream(
                "POST", url, content=query.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query",
                         "Accept": accept}) as answer:
            body = bytearray()
            async for chunk in answer.aiter_bytes():
                body.extend(chunk)
                if len(body) > self.max_response:
                    raise _Refusal(507, f"The answer is over {self.max_response} bytes; "
                                        f"add a LIMIT to the query.")
            return (answer.status_code, answer.headers.get("content-type", "text/plain"),
                    bytes(body))


def _add_body_params(params: dict[str, list[str]], ctype: str, body: bytes) -> None:
    """Add a POST body's query or form fields to ``params``; refuse other content types."""
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


def _html_escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)
