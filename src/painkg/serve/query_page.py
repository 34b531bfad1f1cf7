"""The query page of ``painkg serve`` and what the front answers besides queries.

In front of the screening app (:mod:`painkg.serve.screening_app`, which it leaves as is) sits
a thin ASGI layer that:

* answers a GET without a ``query`` parameter at ``/``, ``/query`` and ``/sparql`` by content
  negotiation: the query page for browsers (``text/html``), the SPARQL 1.1 Service
  Description (:mod:`painkg.serve.service_description`) for RDF clients; ``/`` prefers the
  page, the endpoint paths prefer Turtle;
* serves the page's own files under ``/static/`` (the vendored Yasqe editor with its
  licence, and ``query.js``): nothing is loaded from another host;
* adds CORS headers (Starlette's ``CORSMiddleware``) to every answer, queries by GET and POST
  included, and answers preflight ``OPTIONS`` requests; ``*`` by default, since the endpoint
  is read-only.

The page: the research queries (``queries/research/*.rq``, their ``#+ summary`` and
``#+ description``, parameters bound to their defaults) as an example gallery; the editor is
Yasqe (``@zazuko/yasqe``, CodeMirror 5 with a SPARQL mode: highlighting, syntax check,
autocomplete of prefixes, variables and painkg's vocabulary, no call to prefix.cc or LOV);
painkg's prefixes are predefined (declared for the query when it uses them); results as a
table whose ``https://w3id.org/painkg/`` IRIs show as CURIEs and link to their pages; the
address bar holds the query (``#query=...``), so a copied link reproduces it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from importlib.resources import files
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from painkg.namespaces import PREFIXES, VOCAB_IRI

if TYPE_CHECKING:
    from starlette.types import Receive, Scope, Send

__all__ = ["STATIC_FILES", "ENDPOINT_PATHS", "gallery", "vocabulary_terms", "render_query_page",
           "with_query_page"]

#: Files served under /static/ and their media types (nothing else is served from there).
STATIC_FILES: dict[str, str] = {
    "yasqe.min.js": "text/javascript; charset=utf-8",
    "yasqe.min.css": "text/css; charset=utf-8",
    "yasqe.LICENSE": "text/plain; charset=utf-8",
    "query.js": "text/javascript; charset=utf-8",
}
#: Paths where the endpoint answers queries, and so where it describes itself.
ENDPOINT_PATHS = ("/query", "/sparql")


def _strip_header(text: str) -> str:
    """The query without its ``#+`` header lines (the gallery shows them as prose)."""
    lines = text.splitlines()
    while lines and (lines[0].startswith("#+") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines).rstrip() + "\n"


def gallery() -> list[dict[str, Any]]:
    """The research queries as gallery entries, parameters bound to their defaults, by name."""
    from painkg.query.catalog import list_queries
    from painkg.query.params import prepare_query

    entries = []
    for query in sorted(list_queries("research"), key=lambda q: q.name):
        entries.append({
            "name": query.name,
            "summary": query.summary,
            "description": query.description,
            "tags": list(query.tags),
            "parameters": {p.name: p.default for p in query.parameters},
            "query": _strip_header(prepare_query(query, {})),
        })
    return entries


def vocabulary_terms() -> dict[str, list[str]]:
    """painkg's classes and properties (full IRIs), for the editor's autocomplete."""
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF, RDFS

    from painkg.resources import ontology_dir

    graph = Graph()
    graph.parse(ontology_dir() / "painkg.ttl", format="turtle")

    def ours(kinds: Iterable[Any]) -> list[str]:
        found = {str(s) for kind in kinds for s in graph.subjects(RDF.type, kind)}
        return sorted(iri for iri in found if iri.startswith(VOCAB_IRI))
    return {"classes": ours([OWL.Class, RDFS.Class]),
            "properties": ours([OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property,
                                OWL.AnnotationProperty])}


def _script_safe(text: str) -> str:
    return text.replace("</", "<\\/")


def render_query_page(label: str) -> str:
    """The query page for the store ``label``."""
    data = {"prefixes": PREFIXES, "gallery": gallery(), "terms": vocabulary_terms(),
            "endpoint": ENDPOINT_PATHS[0]}
    page = (files("painkg") / "static" / "serve.html").read_text("utf-8")
    return (page.replace("{{STORE}}", html.escape(label, quote=True))
            .replace("/*{{DATA}}*/", _script_safe(json.dumps(data, sort_keys=True,
                                                             ensure_ascii=False))))


def with_query_page(app: Any, *, label: str, cors_origins: Iterable[str] = ("*",)) -> Any:
    """``app`` (the screening app) behind the query page, the service description, the
    page's static files and CORS."""
    from starlette.middleware.cors import CORSMiddleware

    front = _Front(app, label)
    origins = list(cors_origins) or ["*"]
    return CORSMiddleware(front, allow_origins=origins, allow_methods=["GET", "POST"],
                          allow_headers=["Accept", "Content-Type"], max_age=600)


class _Front:
    """The ASGI layer: page, description and static files; everything else to ``inner``."""

    def __init__(self, inner: Any, label: str) -> None:
        self.inner = inner
        self.label = label
        self._page: str | None = None  # built on first use: reads every research query

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = None
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            response = await self._answer(scope)
        if response is None:
            await self.inner(scope, receive, send)
        else:
            await response(scope, receive, send)

    async def _answer(self, scope: Scope) -> Any:
        from starlette.concurrency import run_in_threadpool
        from starlette.requests import Request
        from starlette.responses import HTMLResponse, PlainTextResponse, Response

        path: str = scope["path"]
        if path.startswith("/static/"):
            name = path[len("/static/"):]
            if name not in STATIC_FILES:
                return PlainTextResponse("Not found.\n", status_code=404)
            body = (files("painkg") / "static" / name).read_bytes()
            return Response(body, media_type=STATIC_FILES[name],
                            headers={"Cache-Control": "public, max-age=3600"})
        params = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if path not in ("/", *ENDPOINT_PATHS) or "query" in params or "update" in params:
            return None
        request = Request(scope)
        from painkg.serve.service_description import RDF_MEDIA_TYPES, negotiate

        media = negotiate(request.headers.get("accept"),
                          "text/html" if path == "/" else "text/turtle")
        if media is None:
            return PlainTextResponse(
                "Ask for text/html (the query page) or an RDF format for the service "
                "description: " + ", ".join(RDF_MEDIA_TYPES) + ".\n", status_code=406)
        if media == "text/html":
            if self._page is None:
                self._page = await run_in_threadpool(render_query_page, self.label)
            return HTMLResponse(self._page, headers={"Vary": "Accept"})
        base = str(request.base_url).rstrip("/")
        endpoint = base + (path if path in ENDPOINT_PATHS else ENDPOINT_PATHS[0])
        return Response(_description(endpoint, self.label, media), media_type=media,
                        headers={"Vary": "Accept"})


def _description(endpoint: str, label: str, media: str) -> bytes:
    from painkg.serve.service_description import RDF_MEDIA_TYPES, service_description

    text = service_description(endpoint, label).serialize(format=RDF_MEDIA_TYPES[media])
    return text.encode("utf-8") if isinstance(text, str) else bytes(text)
