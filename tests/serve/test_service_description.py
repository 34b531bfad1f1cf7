"""painkg.serve.service_description and the query page's server side against a real
``painkg serve`` on 127.0.0.1 (httpx):
CORS on queries by GET and POST and on preflights, with the default ``*`` and with a
configured origin; the SPARQL 1.1 Service Description at the endpoint URL, content
negotiated and parsed with rdflib; the page and its static files."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from painkg.query.catalog import list_queries
from painkg.serve.query_page import gallery
from painkg.serve.service_description import negotiate
from support.query_page import ASK, PainkgServe

pytestmark = pytest.mark.server

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


@pytest.fixture(scope="module")
def served() -> Iterator[PainkgServe]:
    server = PainkgServe()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30, trust_env=False) as http:
        yield http


def test_cors_on_get_post_and_preflight_with_the_default_origin(
        served: PainkgServe, client: httpx.Client) -> None:
    origin = {"Origin": "https://research.example"}
    got = client.get(served.base + "/query", params={"query": ASK}, headers=origin)
    assert got.status_code == 200, got.text
    assert got.headers["access-control-allow-origin"] == "*"
    posted = client.post(served.base + "/query", data={"query": ASK},
                         headers={**origin, "Accept": "application/sparql-results+json"})
    assert posted.status_code == 200 and posted.json()["boolean"] is True
    assert posted.headers["access-control-allow-origin"] == "*"
    direct = client.post(served.base + "/query", content=ASK.encode(), headers={
        **origin, "Content-Type": "application/sparql-query"})
    assert direct.headers["access-control-allow-origin"] == "*"
    preflight = client.options(served.base + "/query", headers={
        **origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200, preflight.text
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()
    # A refusal is readable cross-origin too (the page of another site can show why).
    refused = client.post(served.base + "/query", content=b"DROP ALL", headers={
        **origin, "Content-Type": "application/sparql-update"})
    assert refused.status_code == 403
    assert refused.headers["access-control-allow-origin"] == "*"


def test_cors_origin_can_be_restricted(client: httpx.Client) -> None:
    server = PainkgServe("--cors-origin", "https://allowed.example")
    try:
        allowed = client.get(server.base + "/query", params={"query": ASK},
                             headers={"Origin": "https://allowed.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://allowed.example"
        other = client.get(server.base + "/query", params={"query": ASK},
                           headers={"Origin": "https://other.example"})
        assert other.status_code == 200  # the answer is given; the browser withholds it
        assert "access-control-allow-origin" not in other.headers
        preflight = client.options(server.base + "/query", headers={
            "Origin": "https://other.example", "Access-Control-Request-Method": "POST"})
        assert preflight.status_code == 400
        output = server.output()
    finally:
        server.stop()
    assert "CORS origin https://allowed.example" in output


def _description(client: httpx.Client, url: str, accept: str, fmt: str) -> Graph:
    answer = client.get(url, headers={"Accept": accept})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(accept)
    graph = Graph()
    graph.parse(data=answer.text, format=fmt)
    return graph


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"),
                                             ("application/ld+json", "json-ld"),
                                             ("application/n-triples", "nt")])
def test_service_description_at_the_endpoint_url(served: PainkgServe, client: httpx.Client,
                                                 accept: str, fmt: str) -> None:
    endpoint = served.base + "/query"
    graph = _description(client, endpoint, accept, fmt)
    service = URIRef(endpoint)
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, URIRef(endpoint)) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.SPARQL_Results_CSV,
            FORMATS.SPARQL_Results_TSV, FORMATS.Turtle} <= formats
    dataset = graph.value(service, SD.defaultDataset)
    assert dataset is not None and (dataset, RDF.type, SD.Dataset) in graph
    assert (graph.value(dataset, SD.defaultGraph), RDF.type, SD.Graph) in graph
    # What the description promises holds: the endpoint answers in JSON results.
    answer = client.get(endpoint, params={"query": ASK},
                        headers={"Accept": "application/sparql-results+json"})
    assert answer.json() == {"head": {}, "boolean": True}


def test_endpoint_url_negotiates_page_description_or_406(served: PainkgServe,
                                                         client: httpx.Client) -> None:
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for path in ("/", "/query", "/sparql"):
        page = client.get(served.base + path, headers={"Accept": browser_accept})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert 'id="examples"' in page.text
    # Without an Accept header: / is the page, /query the description.
    assert client.get(served.base + "/", headers={"Accept": ""}).headers[
        "content-type"].startswith("text/html")
    assert client.get(served.base + "/query", headers={"Accept": "*/*"}).headers[
        "content-type"].startswith("text/turtle")
    sparql = _description(client, served.base + "/sparql", "text/turtle", "turtle")
    assert (URIRef(served.base + "/sparql"), RDF.type, SD.Service) in sparql
    assert client.get(served.base + "/query", headers={"Accept": "image/png"}).status_code == 406


def test_page_files_are_served_locally_with_the_editor_licence(served: PainkgServe,
                                                               client: httpx.Client) -> None:
    page = client.get(served.base + "/", headers={"Accept": "text/html"}).text
    assert "/static/yasqe.min.js" in page and "/static/query.js" in page
    assert "https://" not in page.split("<script", 1)[0].replace(
        "https://w3id.org/painkg", "")  # no stylesheet or font from another host
    for name in ("yasqe.min.js", "yasqe.min.css", "query.js", "yasqe.LICENSE"):
        assert client.get(f"{served.base}/static/{name}").status_code == 200, name
    licence = client.get(served.base + "/static/yasqe.LICENSE").text
    assert "@zazuko/yasqe 4.6.2" in licence and "codemirror" in licence.lower()
    assert client.get(served.base + "/static/../pyproject.toml").status_code == 404
    assert client.get(served.base + "/static/view.js").status_code == 404


def test_gallery_holds_every_research_query_ready_to_run() -> None:
    entries = {e["name"]: e for e in gallery()}
    queries = {q.name: q for q in list_queries("research")}
    assert sorted(entries) == sorted(queries)
    for name, entry in entries.items():
        assert entry["summary"] == queries[name].summary and entry["summary"], name
        assert not entry["query"].startswith("#+"), name
        for param in queries[name].parameters:
            assert entry["parameters"][param.name] == param.default
            if param.default is not None:  # bound, so the example runs as it stands
                assert f"VALUES (?{param.variable})" in entry["query"], name


@pytest.mark.parametrize(("accept", "default", "expected"), [
    (None, "text/html", "text/html"),
    ("*/*", "text/turtle", "text/turtle"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "text/turtle", "text/html"),
    ("application/ld+json;q=0.5, text/turtle", "text/html", "text/turtle"),
    ("text/turtle;q=0, application/rdf+xml", "text/html", "application/rdf+xml"),
    ("text/*", "text/turtle", "text/turtle"),
    ("image/png", "text/turtle", None),
])
def test_negotiate(accept: str | None, default: str, expected: str | None) -> None:
    assert negotiate(accept, default) == expected
