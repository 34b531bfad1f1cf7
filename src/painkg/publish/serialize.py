"""The dump's RDF writers: Turtle, TriG and N-Triples through the one deterministic writer
(:mod:`painkg.rdfwrite`), and JSON-LD written here directly, compacted with the shipped context
(``data/painkg.context.jsonld``) so that every JSON-LD processor reads it without a network.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from painkg.namespaces import shorten_iri
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
    "RDF_FORMATS", "JSONLD_CONTEXT_FILE", "jsonld_context", "serialize_sorted",
    "serialize_quads", "serialize_block",
]

RDF_FORMATS = ("turtle", "ntriples", "jsonld", "trig")

JSONLD_CONTEXT_FILE = "painkg.context.jsonld"

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_GEN_DELIMS = ("/", "#", ":", "?", "[", "]", "@")

def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context painkg publishes: one entry per prefix that JSON-LD 1.1 can use.

    JSON-LD 1.1 only treats a simple term as a prefix when its IRI ends in a gen-delim
    character, so ``MONDO`` (``…/obo/MONDO_``) and the like are left out and their IRIs are
    written in full; every processor then reads the same triples.
    """
    return {"@context": {p: iri for p, iri in DUMP_PREFIXES.items() if iri.endswith(_GEN_DELIMS)}}


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

def _compactor() -> Callable[[str], str]:
    """IRI -> compact IRI over the context's prefixes (longest namespace wins)."""
    context = jsonld_context()["@context"]
    return lambda iri: shorten_iri(iri, context)


def _jsonld_nodes(triples: Sequence[ox.Triple]) -> list[str]:
    """One compact JSON object per subject, keys and values in a fixed order."""
    import pyoxigraph as ox

    compact = _compactor()

    def node_id(term: Any) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)

    def value(term: Any) -> Any:
        if isinstance(term, (ox.NamedNode, ox.BlankNode)):
            return {"@id": node_id(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == _XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": compact(term.datatype.value)}

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
        else:
            props.setdefault(compact(t.predicate.value), []).append(value(t.object))
    flush()
    return nodes
