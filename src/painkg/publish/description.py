"""The dataset description a dump carries (W3C HCLS dataset profile, VoID, DCAT).

Every node of the description is an IRI under ``pkr:dataset/`` (no blank nodes), so a reader
can tell the description from the data by subject alone. Statistics are computed from the
data the dump holds (the description itself excluded): ``void:triples`` is the number of
distinct triples of that data, partitions count entities per class and triples per property.

Integrity (byte size and SHA-256 of each distribution) cannot sit inside the bytes it covers,
so painkg writes those statements last, as an *integrity block*, and they cover everything
before it: **``dcat:byteSize`` N and ``spdx:checksumValue`` are the size and SHA-256 of the
first N bytes of the file** (``head -c N FILE | sha256sum``). For Turtle, N-Triples and TriG
those bytes are themselves a complete dump (the dump without its size/checksum statements);
for JSON-LD they end just before the integrity nodes of the ``@graph`` array.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from painkg.namespaces import (
    DATA_BASE,
    DCAT,
    DCTERMS,
    FOAF,
    OWL,
    PK,
    PROV,
    RDF,
    RDFS,
    VOCAB_IRI,
    VOID,
    XSD,
    shorten_iri,
)
from painkg.rdfwrite import DUMP_PREFIXES

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "DATASET", "DESCRIPTION_GRAPH", "DESCRIPTION_BASE", "FormatInfo", "FORMAT_INFO",
    "DatasetMeta", "DataFacts", "example_classes", "dataset_meta",
    "distribution_iri", "is_description_term",
    "description_quads", "integrity_quads", "INTEGRITY_COMMENT", "sha256_hex",
]

DESCRIPTION_BASE = DATA_BASE + "dataset/"
DATASET = DESCRIPTION_BASE + "painkg"
DESCRIPTION_GRAPH = DATA_BASE + "graph/description"

SPDX = "http://spdx.org/rdf/terms#"

#: The terms of the data, as the source article gives them (it gives none).
DATA_RIGHTS = (
    "The data is derived from LLM-generated clinical wiki articles (the source articles are "
    "named by dcterms:source); the articles state no licence, so the terms of their text, "
    "including the sentences quoted here as pk:Claim texts, are unknown: ask the wiki's "
    "publisher before re-using them. What painkg itself authored (the ontology "
    "<https://w3id.org/painkg/vocab>, the SHACL shapes, the SPARQL queries, the identifier "
    "mappings and the software) is under the MIT licence."
)

#: How the queries read the graph, for importers (README, "Importing the dump").
UNION_NOTE = (
    "painkg's queries expect the default graph to be the union of the named graphs. The "
    "Turtle (and N-Triples, JSON-LD) dump is that union: load it into the default graph "
    "(recommended). The TriG dump keeps one named graph per article and has no default "
    "graph: query it with the union of its named graphs as the default graph (Oxigraph "
    "--union-default-graph, Fuseki tdb2:unionDefaultGraph true), or every query answers 0 "
    "rows. Both carry the graphs painkg derives when it loads the data: "
    "<https://w3id.org/painkg/id/graph/concept-scheme> (the SKOS view) and "
    "<https://w3id.org/painkg/id/graph/evidence-summaries> (one pk:EvidenceSummary per "
    "relation, which relations-best-tier and llm-only-relations read)."
)
PAV = "http://purl.org/pav/"

INTEGRITY_COMMENT = (
    "Integrity block: for each distribution, dcat:byteSize N and spdx:checksumValue are the\n"
    "size and SHA-256 of the first N bytes of that file, i.e. everything before this block.\n"
    "Check with: head -c N FILE | sha256sum"
)


@dataclass(frozen=True)
class FormatInfo:
    """How one dump format is described as a DCAT distribution."""

    name: str
    title: str
    media_type: str
    extension: str
    spec: str


FORMAT_INFO: dict[str, FormatInfo] = {
    "turtle": FormatInfo("turtle", "Turtle", "text/turtle", "ttl",
                         "http://www.w3.org/ns/formats/Turtle"),
    "ntriples": FormatInfo("ntriples", "N-Triples", "application/n-triples", "nt",
                           "http://www.w3.org/ns/formats/N-Triples"),
    "jsonld": FormatInfo("jsonld", "JSON-LD", "application/ld+json", "jsonld",
                         "http://www.w3.org/ns/formats/JSON-LD"),
    "trig": FormatInfo("trig", "TriG", "application/trig", "trig",
                       "http://www.w3.org/ns/formats/TriG"),
}


@dataclass(frozen=True)
class DatasetMeta:
    """The descriptive fields that do not come from the data's statistics."""

    title: str
    description: str
    version: str
    license: str
    creator: str
    issued: str | None = None
    sparql_endpoint: str | None = None
    base_url: str | None = None
    with_shapes: bool = False


def dataset_meta(
    *, issued: str | None = None, sparql_endpoint: str | None = None,
    base_url: str | None = None, with_shapes: bool = False,
) -> DatasetMeta:
    """Title, version, license and creator from the installed package's metadata."""
    from importlib.metadata import PackageNotFoundError, metadata

    from painkg import __version__

    try:
        meta = metadata("painkg")

        def first(*names: str) -> str | None:
            # get_all, not get: PackageMetadata promises only the former.
            return next((v for n in names for v in meta.get_all(n) or [] if v), None)

        license_id = first("License-Expression", "License") or "MIT"
        creator = first("Author", "Author-email") or "painkg developers"
        summary = first("Summary") or ""
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled checkout
        license_id, creator, summary = "MIT", "painkg developers", ""
    description = (
        (summary or "A knowledge graph of pain-neuroscience concepts")
        + ", built from clinical wiki articles: every curated relation is traced to the "
        "sentences that state it and to the numbered source (tiered T1-T3) or LLM tag behind "
        "each sentence."
    )
    return DatasetMeta(
        title="painkg: a pain-neuroscience knowledge graph", description=description,
        version=__version__, license=f"https://spdx.org/licenses/{license_id.strip()}",
        creator=creator.split("<")[0].strip() or "painkg developers", issued=issued,
        sparql_endpoint=sparql_endpoint, base_url=base_url, with_shapes=with_shapes,
    )


def distribution_iri(fmt: str, with_shapes: bool = False) -> str:
    """``pkr:dataset/painkg/distribution/<format>`` (``-with-shapes`` when shapes are in)."""
    return f"{DATASET}/distribution/{fmt}{'-with-shapes' if with_shapes else ''}"


def is_description_term(term: object) -> bool:
    """True for the IRIs of the description's own nodes (all under ``pkr:dataset/``)."""
    value = getattr(term, "value", None)
    return isinstance(value, str) and value.startswith(DESCRIPTION_BASE)


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as lower-case hex."""
    return hashlib.sha256(data).hexdigest()


def _local_name(iri: str) -> str:
    """``prefix-local`` for partition IRIs (``pk-Claim``, ``rdfs-label``); else a hash."""
    short = shorten_iri(iri, DUMP_PREFIXES)
    if short != iri:
        prefix, _, local = short.partition(":")
        if all(c.isalnum() or c in "-_." for c in local):
            return f"{prefix}-{local}"
    return "iri-" + hashlib.sha256(iri.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class DataFacts:
    """What the description states about the data: VoID figures, articles, examples."""

    triples: int
    subjects: int
    objects: int
    by_property: Mapping[str, int]
    by_class: Mapping[str, int]
    articles: Sequence[str]
    examples: Sequence[str]


def example_classes() -> list[str]:
    """The main classes whose first resource the description offers as an example."""
    return [str(PK[c]) for c in ("Article", "Construct", "Condition", "Intervention",
                                 "ProblemForWork", "Source", "Claim", "Person")]


def description_quads(
    facts: DataFacts, meta: DatasetMeta, formats: Sequence[str],
) -> list[ox.Quad]:
    """The description of the data whose facts are ``facts`` (counted by
    :func:`painkg.publish.union_lines.line_facts`), integrity block excluded, in DESCRIPTION_GRAPH.

    ``formats`` are the distributions described: the ones this dump writes.
    """
    out = _Description()
    out.dataset(facts, meta)
    out.statistics(facts)
    for fmt in formats:
        out.distribution(fmt, meta)
    return out.quads


class _Description:
    """Description quads in DESCRIPTION_GRAPH, added one part at a time."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.graph = ox.NamedNode(DESCRIPTION_GRAPH)
        self.quads: list[ox.Quad] = []

    def add(self, s: str, p: str, o: str | ox.Literal) -> None:
        """A description triple; a ``str`` object is an IRI (rdflib's URIRefs are ``str``)."""
        import pyoxigraph as ox

        obj = ox.NamedNode(o) if isinstance(o, str) else o
        self.quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(str(p)), obj, self.graph))

    @staticmethod
    def lit(value: object, datatype: str | None = None) -> ox.Literal:
        import pyoxigraph as ox

        if datatype is None:
            return ox.Literal(str(value))
        return ox.Literal(str(value), datatype=ox.NamedNode(str(datatype)))

    def dataset(self, facts: DataFacts, meta: DatasetMeta) -> None:
        """The dataset node: titles, version, licence, creator, sources, examples, endpoint."""
        add, lit, ds = self.add, self.lit, DATASET
        for dataset_class in (DCAT.Dataset, VOID.Dataset):
            add(ds, RDF.type, str(dataset_class))
        add(ds, DCTERMS.title, lit(meta.title))
        add(ds, DCTERMS.description, lit(meta.description))
        add(ds, PAV + "version", lit(meta.version))
        add(ds, OWL.versionInfo, lit(meta.version))
        # The data's terms are the source article's, and it states none: say so (dcterms:rights)
        # instead of claiming the code's MIT licence for it. What painkg authored states its own
        # MIT licence (the owl:Ontology headers of ontology/painkg.ttl and shapes.ttl).
        add(ds, DCTERMS.rights, lit(DATA_RIGHTS))
        add(ds, RDFS.comment, lit(UNION_NOTE))
        creator = f"{DATASET}/creator"
        add(ds, DCTERMS.creator, creator)
        add(ds, DCTERMS.publisher, creator)
        add(creator, RDF.type, str(FOAF.Organization))
        add(creator, FOAF.name, lit(meta.creator))
        if meta.issued:
            add(ds, DCTERMS.issued, lit(meta.issued, XSD.date))
        add(ds, VOID.uriSpace, lit(DATA_BASE))
        add(ds, VOID.vocabulary, VOCAB_IRI)
        for article in facts.articles:
            add(ds, DCTERMS.source, article)
            add(ds, PROV.wasDerivedFrom, article)
        for example in facts.examples:
            add(ds, VOID.exampleResource, example)
        if meta.sparql_endpoint:
            add(ds, VOID.sparqlEndpoint, meta.sparql_endpoint)
            service = f"{DATASET}/service/sparql"
            add(service, RDF.type, str(DCAT.DataService))
            add(service, DCAT.endpointURL, meta.sparql_endpoint)
            add(service, DCAT.servesDataset, ds)
            add(service, DCTERMS.conformsTo, "https://www.w3.org/TR/sparql11-protocol/")

    def statistics(self, facts: DataFacts) -> None:
        """VoID counts, and one partition per class and per property."""
        add, lit, ds = self.add, self.lit, DATASET
        add(ds, VOID.triples, lit(facts.triples, XSD.integer))
        add(ds, VOID.distinctSubjects, lit(facts.subjects, XSD.integer))
        add(ds, VOID.distinctObjects, lit(facts.objects, XSD.integer))
        by_class, by_property = facts.by_class, facts.by_property
        add(ds, VOID.classes, lit(len(by_class), XSD.integer))
        add(ds, VOID.properties, lit(len(by_property), XSD.integer))
        for cls, count in sorted(by_class.items()):
            part = f"{DATASET}/partition/class/{_local_name(cls)}"
            add(ds, VOID.classPartition, part)
            add(part, VOID["class"], cls)
            add(part, VOID.entities, lit(count, XSD.integer))
        for prop, count in sorted(by_property.items()):
            part = f"{DATASET}/partition/property/{_local_name(prop)}"
            add(ds, VOID.propertyPartition, part)
            add(part, VOID.property, prop)
            add(part, VOID.triples, lit(count, XSD.integer))

    def distribution(self, fmt: str, meta: DatasetMeta) -> None:
        """One distribution (a dump file in ``fmt``) and, with a base URL, where to get it."""
        add, lit, ds = self.add, self.lit, DATASET
        info = FORMAT_INFO[fmt]
        dist = distribution_iri(fmt, meta.with_shapes)
        add(ds, DCAT.distribution, dist)
        add(dist, RDF.type, str(DCAT.Distribution))
        shapes = " with its SHACL shapes" if meta.with_shapes else ""
        add(dist, DCTERMS.title, lit(f"painkg {meta.version} dump{shapes} ({info.title})"))
        add(dist, DCTERMS.description, lit(
            "dcat:byteSize and the SHA-256 checksum cover the first dcat:byteSize bytes of "
            "the file: everything before its integrity block, which holds the size and "
            "checksum statements and is always written last. Check with: head -c SIZE FILE "
            "| sha256sum"))
        add(dist, DCAT.mediaType, f"https://www.iana.org/assignments/media-types/{info.media_type}")
        add(dist, DCTERMS.conformsTo, info.spec)
        if meta.base_url:
            name = "painkg-with-shapes" if meta.with_shapes else "painkg"
            url = f"{meta.base_url.rstrip('/')}/{name}.{info.extension}"
            add(dist, DCAT.downloadURL, url)
            if fmt == "turtle":
                add(ds, VOID.dataDump, url)


def integrity_quads(
    sums: Mapping[str, tuple[int, str]], with_shapes: bool = False,
) -> list[ox.Quad]:
    """The integrity block: ``format -> (covered byte count, SHA-256 hex)`` as triples."""
    import pyoxigraph as ox

    graph = ox.NamedNode(DESCRIPTION_GRAPH)
    out: list[ox.Quad] = []
    for fmt, (size, digest) in sorted(sums.items()):
        dist = ox.NamedNode(distribution_iri(fmt, with_shapes))
        checksum = ox.NamedNode(distribution_iri(fmt, with_shapes) + "/checksum")
        out += [
            ox.Quad(dist, ox.NamedNode(str(DCAT.byteSize)),
                    ox.Literal(str(size), datatype=ox.NamedNode(str(XSD.nonNegativeInteger))),
                    graph),
            ox.Quad(dist, ox.NamedNode(SPDX + "checksum"), checksum, graph),
            ox.Quad(checksum, ox.NamedNode(str(RDF.type)), ox.NamedNode(SPDX + "Checksum"),
                    graph),
            ox.Quad(checksum, ox.NamedNode(SPDX + "algorithm"),
                    ox.NamedNode(SPDX + "checksumAlgorithm_sha256"), graph),
            ox.Quad(checksum, ox.NamedNode(SPDX + "checksumValue"),
                    ox.Literal(digest, datatype=ox.NamedNode(str(XSD.hexBinary))), graph),
        ]
    return out
