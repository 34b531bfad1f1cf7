"""The dump's RDF writers: Turtle, TriG and N-Triples through the one deterministic writer
(:mod:`painkg.rdfwrite`), and JSON-LD written here directly, compacted with the shipped context
(``data/painkg.context.jsonld``) so that every JSON-LD processor reads it without a network.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from painkg.namespaces import PREFIXES, shorten_iri
from painkg.rdfwrite import (
    DUMP_PREFIXES,
    TEXT_FORMATS,
    sort_quads,
    sort_triples,
    write_body,
    write_sorted,
)

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "RDF_FORMATS", "JSONLD_CONTEXT_FILE", "jsonld_context", "jsonld_terms", "serialize_sorted",
    "serialize_quads", "serialize_block",
]

RDF_FORMATS = ("turtle", "ntriples", "jsonld", "trig")

JSONLD_CONTEXT_FILE = "painkg.context.jsonld"

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_GEN_DELIMS = ("/", "#", ":", "?", "[", "]", "@")

_RDFS, _SKOS = PREFIXES["rdfs"], PREFIXES["skos"]
_DCT, _RDF = PREFIXES["dcterms"], PREFIXES["rdf"]
#: Plain names for the common properties of other vocabularies (term -> IRI, coercion).
_COMMON_TERMS: dict[str, tuple[str, str | None]] = {
    "label": (_RDFS + "label", None), "comment": (_RDFS + "comment", None),
    "prefLabel": (_SKOS + "prefLabel", None), "altLabel": (_SKOS + "altLabel", None),
    "definition": (_SKOS + "definition", None), "notation": (_SKOS + "notation", None),
    "inScheme": (_SKOS + "inScheme", "@id"), "hasTopConcept": (_SKOS + "hasTopConcept", "@id"),
    "topConceptOf": (_SKOS + "topConceptOf", "@id"),
    **{m: (_SKOS + m, "@id") for m in ("exactMatch", "closeMatch", "broadMatch",
                                        "narrowMatch", "relatedMatch")},
    "title": (_DCT + "title", None), "bibliographicCitation": (_DCT + "bibliographicCitation",
                                                               None),
    "subject": (_RDF + "subject", "@id"), "predicate": (_RDF + "predicate", "@id"),
    "object": (_RDF + "object", "@id"),
}


def _vocab_terms() -> dict[str, tuple[str, str | None]]:
    """A term per property of painkg's vocabulary (its local name), read from the ontology:
    object properties take IRIs (``@type: @id``); datatype properties whose range is a
    datatype other than xsd:string are coerced to it."""
    import pyoxigraph as ox

    from painkg.resources import ontology_files

    rdf_type, rng = ox.NamedNode(_RDF_TYPE), ox.NamedNode(_RDFS + "range")
    owl = PREFIXES["owl"]
    kinds = {owl + "ObjectProperty": "@id", owl + "DatatypeProperty": None}
    terms: dict[str, tuple[str, str | None]] = {}
    ranges: dict[str, str] = {}
    for path in ontology_files():
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            iri = t.subject.value if isinstance(t.subject, ox.NamedNode) else ""
            if not iri.startswith(PREFIXES["pk"]):
                continue
            if t.predicate == rdf_type and t.object.value in kinds:
                terms[iri[len(PREFIXES["pk"]):]] = (iri, kinds[t.object.value])
            elif t.predicate == rng and t.object.value.startswith(PREFIXES["xsd"]):
                ranges[iri] = t.object.value
    return {name: (iri, coercion or _datatype(ranges.get(iri)))
            for name, (iri, coercion) in sorted(terms.items())}


def _datatype(iri: str | None) -> str | None:
    return None if iri in (None, _XSD_STRING) else iri


def jsonld_terms() -> dict[str, tuple[str, str | None]]:
    """Every term of the context: name -> (property IRI, ``@id``, a datatype IRI or None)."""
    return {**_COMMON_TERMS, **_vocab_terms()}


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context painkg publishes: one entry per prefix that JSON-LD 1.1 can use,
    then a term per property (``"label"``, ``"targets"``, ``"supportedBy"``...) with its type
    coercion, so a web developer reads plain names.

    JSON-LD 1.1 only treats a simple term as a prefix when its IRI ends in a gen-delim
    character, so ``MONDO`` (``…/obo/MONDO_``) and the like are left out and their IRIs are
    written in full; every processor then reads the same triples.
    """
    prefixes = {p: iri for p, iri in DUMP_PREFIXES.items() if iri.endswith(_GEN_DELIMS)}
    compact = _prefix_compactor(prefixes)
    terms: dict[str, Any] = {}
    for name, (iri, coercion) in jsonld_terms().items():
        entry = {"@id": compact(iri)}
        if coercion is not None:
            entry["@type"] = coercion if coercion == "@id" else compact(coercion)
        terms[name] = entry
    return {"@context": {**prefixes, **terms}}


def serialize_sorted(items: Sequence[Any], fmt: str, *, open_end: bool = False) -> bytes:
    """Already sorted, distinct ``items`` as a complete ``fmt`` document.

    ``items`` are quads (:func:`painkg.rdfwrite.sort_quads`) for TriG and, for the union
    formats, triples (:func:`painkg.rdfwrite.sort_triples`); sorted N-Triples lines are written by
    :func:`painkg.publish.union_lines.serialize_lines`.
    With ``open_end`` a JSON-LD document is left open after its last node (``,\\n``) so
    that :func:`serialize_block` can append more nodes.
    """
    if fmt in TEXT_FORMATS:
        return write_sorted(items, fmt)
    if fmt == "jsonld":
        head = json.dumps(jsonld_context()["@context"], indent=2, sort_keys=False,
                          ensure_ascii=False)
        head = "{\n\"@context\": " + head + ",\n\"@graph\": [\n"
        nodes = ",\n".join(_jsonld_nodes(items))
        tail = ",\n" if open_end else "\n]\n}\n"
        return (head + nodes + tail).encode("utf-8")
    raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")


def serialize_quads(quads: Iterable[ox.Quad], fmt: str, *, open_end: bool = False) -> bytes:
    """``quads`` as ``fmt`` bytes: turtle/ntriples/jsonld hold the union, trig the graphs."""
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
    items = sort_quads(quads) if fmt == "trig" else sort_triples(quads)
    return serialize_sorted(items, fmt, open_end=open_end)


def serialize_block(quads: Iterable[ox.Quad], fmt: str, comment: str) -> bytes:
    """Statements appended after a complete (or, JSON-LD, open-ended) document of ``fmt``."""
    quads = list(quads)
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
    items = sort_quads(quads) if fmt == "trig" else sort_triples(quads)
    if fmt == "jsonld":
        return (",\n".join(_jsonld_nodes(items)) + "\n]\n}\n").encode("utf-8")  # type: ignore[arg-type]
    note = "".join(f"# {line}\n" for line in comment.splitlines()).encode()
    return note + write_body(items, fmt)


# --- JSON-LD -------------------------------------------------------------------------------

def _prefix_compactor(prefixes: dict[str, str]) -> Callable[[str], str]:
    """IRI -> compact IRI over ``prefixes`` (longest namespace wins)."""
    return lambda iri: shorten_iri(iri, prefixes)


def _compactor() -> Callable[[str], str]:
    """IRI -> compact IRI over the context's prefixes (longest namespace wins)."""
    return _prefix_compactor({k: v for k, v in jsonld_context()["@context"].items()
                              if isinstance(v, str)})


def _jsonld_nodes(triples: Sequence[ox.Triple]) -> list[str]:
    """One compact JSON object per subject, keys and values in a fixed order; properties
    with a term are written by it, values in the term's coerced form where they fit it."""
    import pyoxigraph as ox

    compact = _compactor()
    by_iri = {iri: (name, coercion) for name, (iri, coercion) in jsonld_terms().items()}

    def node_id(term: Any) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)

    def value(term: Any, coercion: str | None) -> Any:
        if isinstance(term, (ox.NamedNode, ox.BlankNode)):
            return node_id(term) if coercion == "@id" else {"@id": node_id(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if coercion is not None and datatype == coercion:
            return term.value  # the term's @type makes it typed
        if datatype == _XSD_STRING:
            # under a coerced term a bare string would take the coercion
            return term.value if coercion is None else {"@value": term.value}
        return {"@value": term.value, "@type": compact(datatype)}

    nodes: list[str] = []
    current: Any = None
    props: dict[str, list[Any]] = {}

    def flush() -> None:
        if current is None:
            return
        obj: dict[str, Any] = {"@id": node_id(current)}
        for key in sorted(props):
            obj[key] = props[key] if len(props[key]) > 1 else props[key][0]
        nodes.append(json.dumps(obj, ensure_ascii=False, separators=(", ", ": ")))

    for t in triples:  # sorted by subject, so each subject's statements are contiguous
        if t.subject != current:
            flush()
            current, props = t.subject, {}
        if t.predicate.value == _RDF_TYPE and isinstance(t.object, ox.NamedNode):
            props.setdefault("@type", []).append(compact(t.object.value))
            continue
        name, coercion = by_iri.get(t.predicate.value, (compact(t.predicate.value), None))
        props.setdefault(name, []).append(value(t.object, coercion))
    flush()
    return nodes
