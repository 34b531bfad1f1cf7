"""The namespaces painkg mints and reuses, the prefix map every serialisation binds, and the
one CURIE shortener (:func:`shorten_iri`) and expander (:func:`expand_curie`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # The rdflib Namespace objects are built on first use (module __getattr__ below), so a
    # command that needs only the strings (query run, ask on Oxigraph) never imports rdflib.
    from rdflib import Namespace
    from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

    PK: Namespace
    PKR: Namespace
    BIBO: Namespace
    FABIO: Namespace
    CITO: Namespace
    SCHEMA: Namespace

__all__ = [
    "PK", "PKR", "BIBO", "FABIO", "SCHEMA", "CITO", "SSSOM_PREFIXES", "PREFIXES",
    "RDF", "RDFS", "OWL", "XSD", "SKOS", "DCTERMS", "FOAF", "PROV", "SH", "VOID", "DCAT",
    "VOCAB_IRI", "PK_IRI", "DATA_BASE", "graph_iri", "bind_prefixes", "shorten_iri", "expand_curie",
]

VOCAB_IRI = "https://w3id.org/painkg/vocab"
#: The vocabulary (classes and properties), a hash namespace so the ontology is one document.
PK_IRI = VOCAB_IRI + "#"
DATA_BASE = "https://w3id.org/painkg/id/"

#: Prefixes bound in every file painkg writes; fixed so dumps are byte-identical across runs.
#: Plain strings (the same IRIs rdflib's namespace objects hold), so reading them imports
#: nothing.
PREFIXES: dict[str, str] = {
    "pk": PK_IRI,
    "pkr": DATA_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "bibo": "http://purl.org/ontology/bibo/",
    "fabio": "http://purl.org/spar/fabio/",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}

#: painkg's own namespaces and the reused ones rdflib does not define, by exported name.
_OWN = {"PK": PK_IRI, "PKR": DATA_BASE, "BIBO": PREFIXES["bibo"], "FABIO": PREFIXES["fabio"],
        "CITO": "http://purl.org/spar/cito/", "SCHEMA": PREFIXES["schema"]}
#: The reused vocabularies rdflib defines (closed namespaces), re-exported by name.
_RDFLIB = ("RDF", "RDFS", "OWL", "XSD", "SKOS", "DCTERMS", "FOAF", "PROV", "SH", "VOID", "DCAT")


def __getattr__(name: str) -> Any:
    """The rdflib namespace objects (``PK``, ``RDFS``...), built on first use and kept."""
    if name in _OWN:
        from rdflib import Namespace

        value: Any = Namespace(_OWN[name])
    elif name in _RDFLIB:
        import rdflib.namespace

        value = getattr(rdflib.namespace, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


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


def shorten_iri(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """``iri`` as a CURIE over ``prefixes`` (the longest namespace wins), else ``iri`` itself.

    The local part must be non-empty and must not start with ``//`` (``p://x`` would read as
    an absolute IRI), so every CURIE this returns expands back to ``iri``.

    >>> shorten_iri("https://w3id.org/painkg/id/graded-exposure")
    'pkr:graded-exposure'
    >>> shorten_iri("http://example.org/x")
    'http://example.org/x'
    """
    best, found = "", ""
    for prefix, ns in prefixes.items():
        if (len(ns) > len(best) and iri.startswith(ns) and len(iri) > len(ns)
                and not iri.startswith("//", len(ns))):
            best, found = ns, prefix
    return f"{found}:{iri[len(best):]}" if best else iri


_CURIE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.\-]*):(\S*)$")


def expand_curie(text: str, prefixes: Mapping[str, str] = PREFIXES) -> str | None:
    """The IRI of a CURIE whose prefix is in ``prefixes``, else ``None``.

    >>> expand_curie("pkr:graded-exposure")
    'https://w3id.org/painkg/id/graded-exposure'
    >>> expand_curie("MESH:D000001") is None
    True
    """
    match = _CURIE.match(text)
    if match is None:
        return None
    base = prefixes.get(match[1])
    return None if base is None else base + match[2]
