"""The namespaces painkg mints and reuses, and the prefix map every serialisation binds."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

__all__ = [
    "PK", "PKR", "BIBO", "FABIO", "SCHEMA", "CITO", "SSSOM_PREFIXES", "PREFIXES",
    "RDF", "RDFS", "OWL", "XSD", "SKOS", "DCTERMS", "FOAF", "PROV", "SH", "VOID", "DCAT",
    "VOCAB_IRI", "DATA_BASE", "graph_iri", "bind_prefixes",
]

VOCAB_IRI = "https://w3id.org/painkg/vocab"
#: The vocabulary (classes and properties), a hash namespace so the ontology is one document.
PK = Namespace(VOCAB_IRI + "#")
DATA_BASE = "https://w3id.org/painkg/id/"
#: Resources described by the data (concepts, people, sources, claims, statements).
PKR = Namespace(DATA_BASE)

BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
SCHEMA = Namespace("https://schema.org/")

#: Prefixes bound in every file painkg writes; fixed so dumps are byte-identical across runs.
PREFIXES: dict[str, str] = {
    "pk": str(PK),
    "pkr": str(PKR),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "bibo": str(BIBO),
    "fabio": str(FABIO),
    "schema": str(SCHEMA),
    "sh": str(SH),
    "void": str(VOID),
    "dcat": str(DCAT),
}

#: CURIE prefixes of the external identifier schemes used in mappings (SSSOM/Bioregistry style).
SSSOM_PREFIXES: dict[str, str] = {
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "HP": "http://purl.obolibrary.org/obo/HP_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "GO": "http://purl.obolibrary.org/obo/GO_",
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_",
    "EFO": "http://www.ebi.ac.uk/efo/EFO_",
    "SCTID": "http://snomed.info/id/",
    "UMLS": "https://uts.nlm.nih.gov/uts/umls/concept/",
    "wikidata": "http://www.wikidata.org/entity/",
    "Orphanet": "http://www.orpha.net/ORDO/Orphanet_",
    "icd11.code": "https://icd.who.int/browse/2024-01/mms/en#",
    "icd11": "http://id.who.int/icd/entity/",
    "doi": "https://doi.org/",
    "pubmed": "https://pubmed.ncbi.nlm.nih.gov/",
    "pmc": "https://www.ncbi.nlm.nih.gov/pmc/articles/",
}


def graph_iri(article_slug: str) -> str:
    """The named graph that holds one article's document layer and curated layer."""
    return f"{DATA_BASE}graph/{article_slug}"


def bind_prefixes(graph: object) -> None:
    """Bind painkg's fixed prefix map on an rdflib graph (replacing rdflib's defaults)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)  # type: ignore[attr-defined]
