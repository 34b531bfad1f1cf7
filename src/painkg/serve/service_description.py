"""The SPARQL 1.1 Service Description of ``painkg serve``, returned at the endpoint URL.

A GET on the endpoint without a ``query`` parameter gets this description (W3C SPARQL 1.1
Service Description, section 2: "the service description ... at the service endpoint
URL"): an ``sd:Service`` naming its ``sd:endpoint``, the query language it speaks
(``sd:SPARQL11Query``: updates are refused), the result formats it can return, the
``sd:UnionDefaultGraph`` feature (the default graph is the union of painkg's named graphs)
and that default dataset. Content negotiated: Turtle, N-Triples, JSON-LD or RDF/XML by
``Accept``; browsers asking for HTML get the query page instead (see ``query_page``).
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

__all__ = ["SD", "FORMATS_NS", "RDF_MEDIA_TYPES", "RESULT_FORMATS", "service_description",
           "negotiate"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
#: W3C's unique URIs for formats (https://www.w3.org/ns/formats/).
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")

#: The formats the endpoint returns (screening_app.FORMATS, as the engine answers them).
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")

#: Media types the description can be written in, and rdflib's serializer for each.
RDF_MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def service_description(endpoint: str, label: str) -> Graph:
    """The description of the endpoint at ``endpoint`` (an absolute URL) serving ``label``."""
    graph = Graph(bind_namespaces="none")
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS_NS)
    graph.bind("dcterms", DCTERMS)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS_NS[name]))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    graph.add((service, DCTERMS.title, Literal(f"painkg read-only SPARQL endpoint ({label})")))
    dataset, default = BNode("dataset"), BNode("default")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, DCTERMS.description, Literal(
        "The union of painkg's named graphs (ontology, shapes, tiers, and one graph per "
        "article): queries see every triple without naming a graph.")))
    return graph


def _accepted(accept: str) -> list[tuple[float, int, str]]:
    """``Accept`` as (quality, -position, media type), best first."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if fields[0]:
            ranked.append((quality, -position, fields[0].lower()))
    return sorted(ranked, reverse=True)


def negotiate(accept: str | None, default: str) -> str | None:
    """The media type to answer with: ``text/html`` or one of :data:`RDF_MEDIA_TYPES`;
    ``default`` when the client takes anything; None when it takes none of these."""
    offered = ["text/html", *RDF_MEDIA_TYPES]
    if not accept:
        return default
    for quality, _, media in _accepted(accept):
        if quality <= 0:
            continue
        if media in offered:
            return media
        if media == "*/*" or (media.endswith("/*") and default.startswith(media[:-1])):
            return default
        if media == "text/*":
            return "text/turtle"
        if media == "application/*":
            return "application/ld+json"
    return None
