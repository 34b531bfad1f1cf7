"""Deterministic RDF writers: the same quads give the same bytes, run after run.

Oxigraph serialises (fast); painkg fixes what Oxigraph leaves open: the order of statements
(sorted), the prefix header (fixed, :data:`DUMP_PREFIXES` in that order) and blank-node labels
(derived from each blank node's surroundings by :func:`canonical_bnodes`, never from a parser's
random ids). JSON-LD is written here directly, compacted with the shipped context
(``data/painkg.context.jsonld``) so that every JSON-LD processor reads it without a network.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from painkg.namespaces import PREFIXES, SSSOM_PREFIXES

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "DUMP_PREFIXES", "RDF_FORMATS", "JSONLD_CONTEXT_FILE", "jsonld_context", "jsonld_terms",
    "canonical_bnodes",
    "sort_quads", "sort_triples", "merge_sorted", "serialize_sorted", "serialize_quads",
    "serialize_block", "turtle_header",
]

#: Vocabularies only the dataset description uses (SPDX checksums, PAV versions).
_DESCRIPTION_PREFIXES = {
    "spdx": "http://spdx.org/rdf/terms#",
    "pav": "http://purl.org/pav/",
}

#: Every prefix a dump binds, in the order its header lists them.
DUMP_PREFIXES: dict[str, str] = {**PREFIXES, **_DESCRIPTION_PREFIXES, **SSSOM_PREFIXES}

RDF_FORMATS = ("turtle", "ntriples", "jsonld", "trig")

JSONLD_CONTEXT_FILE = "painkg.context.jsonld"

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_GEN_DELIMS = ("/", "#", ":", "?", "[", "]", "@")
_DEFAULT: Any = None  # pyoxigraph.DefaultGraph(), set on first use (heavy import)


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


def turtle_header() -> str:
    """The fixed ``@prefix`` block that starts every Turtle/TriG file painkg writes."""
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in DUMP_PREFIXES.items())


def _order(term: Any) -> str:
    """Sort key: IRIs by their text (so ``x`` precedes ``x/y``), then blank nodes, literals."""
    import pyoxigraph as ox

    if type(term) is ox.NamedNode:  # noqa: E721 - exact type: the hot path of every sort
        return term.value
    return ("\U0010fffe" if isinstance(term, ox.BlankNode) else "\U0010ffff") + str(term)


def _triple_key(t: ox.Triple) -> tuple[str, bool, str, str]:
    predicate = t.predicate.value
    return (_order(t.subject), predicate != _RDF_TYPE, predicate, _order(t.object))


def _quad_key(q: ox.Quad) -> tuple[str, tuple[str, bool, str, str]]:
    graph = q.graph_name
    return ("" if graph == _DEFAULT else _order(graph), _triple_key(q.triple))


#: A prefixed name whose local part needed escapes (``pkr:article\/x``): Turtle allows it, but
#: a reader wants ``<https://w3id.org/painkg/id/article/x>``. Only names that begin a token
#: (after whitespace) and contain an escape match, so text inside literals is never touched.
_ESCAPED_NAME = re.compile(
    r"(?<![^\s(\[])(?P<prefix>[A-Za-z][\w.-]*):"
    r"(?P<local>(?:[\w\-.]|\\[/~!$&'()*+,;=?#@%.-])*\\[/~!$&'()*+,;=?#@%.-]"
    r"(?:[\w\-.]|\\[/~!$&'()*+,;=?#@%.-])*)"
)

_UNESCAPE = re.compile(r"\\(.)")


#: A line holding a backslash: the only lines :data:`_ESCAPED_NAME` can match in (it needs an
#: escape and never crosses a newline), so the rest of a large document is left unscanned.
_ESCAPED_LINE = re.compile(rb"^[^\n\\]*\\[^\n]*$", re.M)


def _unescape_names(body: bytes) -> bytes:
    done: dict[str, str] = {}  # the same names recur line after line

    def full(match: re.Match[str]) -> str:
        token = match[0]
        if token in done:
            return done[token]
        ns = DUMP_PREFIXES.get(match["prefix"])
        if ns is None:
            return token
        local = match["local"]
        trail = ""
        while local.endswith(".") and not local.endswith("\\."):
            local, trail = local[:-1], "." + trail
        local = _UNESCAPE.sub(_escaped_char, local)
        done[token] = f"<{ns}{local}>{trail}"
        return done[token]

    def line(match: re.Match[bytes]) -> bytes:
        return _ESCAPED_NAME.sub(full, match[0].decode("utf-8")).encode("utf-8")

    return _ESCAPED_LINE.sub(line, body)


def _escaped_char(match: re.Match[str]) -> str:
    return match[1]


def canonical_bnodes(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads with every blank node renamed after its surroundings (stable across parses).

    Colour refinement: a blank node's first colour hashes the statements it takes part in
    with other blank nodes masked; each round re-hashes with the neighbours' colours until
    the partition stops splitting. Nodes no round can tell apart are interchangeable in
    practice (list cells of equal lists), so numbering them in either order gives equal files.
    """
    import pyoxigraph as ox

    quads = list(quads)
    touching: dict[str, list[tuple[str, ox.Quad]]] = defaultdict(list)
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode):
            touching[quad.subject.value].append(("s", quad))
        if isinstance(quad.object, ox.BlankNode):
            touching[quad.object.value].append(("o", quad))
    if not touching:
        return quads

    def describe(node: str, colour: dict[str, str]) -> str:
        parts = []
        for role, q in touching[node]:
            other = q.object if role == "s" else q.subject
            other_key = (colour[other.value] if isinstance(other, ox.BlankNode)
                         else str(other))
            parts.append(f"{role}|{q.predicate}|{other_key}|{q.graph_name}")
        return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()

    colour = {node: "" for node in touching}
    classes = 1
    for _ in range(len(touching) + 1):
        colour = {node: describe(node, colour) for node in touching}
        new_classes = len(set(colour.values()))
        if new_classes == classes:
            break
        classes = new_classes
    names: dict[str, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for node in sorted(touching, key=lambda n: colour[n]):
        base = "b" + colour[node][:16]
        seen[base] += 1
        names[node] = base if seen[base] == 1 else f"{base}x{seen[base]}"

    def rename(term: Any) -> Any:
        return ox.BlankNode(names[term.value]) if isinstance(term, ox.BlankNode) else term

    blank = ox.BlankNode
    return [ox.Quad(rename(q.subject), q.predicate, rename(q.object), q.graph_name)
            if isinstance(q.subject, blank) or isinstance(q.object, blank) else q
            for q in quads]


def _default_graph() -> None:
    global _DEFAULT
    if _DEFAULT is None:
        import pyoxigraph as ox

        _DEFAULT = ox.DefaultGraph()


def sort_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Distinct quads by graph, subject, type-first predicate, object (default graph first)."""
    _default_graph()
    return sorted(set(quads), key=_quad_key)


def sort_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The distinct triples of the union graph, sorted (graph names dropped)."""
    return sorted({q.triple for q in quads}, key=_triple_key)


def merge_sorted(ordered: list[Any], block: Iterable[Any]) -> list[Any]:
    """``ordered`` (sorted quads or triples) with ``block`` sorted in: a new list.

    ``block`` must sort as one run (the dataset description: one graph, one IRI space), so
    it is spliced in where its first item belongs instead of sorting everything again.
    """
    from bisect import bisect_left

    import pyoxigraph as ox

    block = list(block)
    if not block:
        return list(ordered)
    _default_graph()
    key = _quad_key if isinstance(block[0], ox.Quad) else _triple_key
    block.sort(key=key)
    at = bisect_left(ordered, key(block[0]), key=key)
    return ordered[:at] + block + ordered[at:]


def _header_end(data: bytes) -> int:
    """Where the body of a Turtle/TriG document from Oxigraph starts (after its prefixes)."""
    at = 0
    while data.startswith(b"@prefix ", at):
        at = data.index(b"\n", at) + 1
    return at


def _oxi(items: Sequence[Any], fmt: str) -> bytes:
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
               "ntriples": ox.RdfFormat.N_TRIPLES}
    prefixes = None if fmt == "ntriples" else DUMP_PREFIXES
    return ox.serialize(items, format=formats[fmt], prefixes=prefixes) or b""


def _body(items: Sequence[Any], fmt: str) -> bytes:
    """Sorted ``items`` as ``fmt`` without a prefix header (Oxigraph writes, painkg fixes)."""
    data = _oxi(items, fmt)
    if fmt == "ntriples":
        return data
    return _unescape_names(memoryview(data)[_header_end(data):].tobytes())


def serialize_sorted(items: Sequence[Any], fmt: str, *, open_end: bool = False) -> bytes:
    """Already sorted, distinct ``items`` as a complete ``fmt`` document.

    ``items`` are quads (:func:`sort_quads`) for TriG and, for the union formats, triples
    (:func:`sort_triples`); sorted N-Triples lines are written by
    :func:`painkg.publish.union_lines.serialize_lines`.
    With ``open_end`` a JSON-LD document is left open after its last node (``,\\n``) so
    that :func:`serialize_block` can append more nodes.
    """
    if fmt in ("turtle", "trig"):
        return turtle_header().encode() + _body(items, fmt)
    if fmt == "ntriples":
        return _body(items, fmt)
    if fmt == "jsonld":
        head = json.dumps(jsonld_context()["@context"], indent=2, sort_keys=False,
                          ensure_ascii=False)
        head = "{\n\"@context\": " + head + ",\n\"@graph\": [\n"
        nodes = ",\n".join(_jsonld_nodes(items))  # type: ignore[arg-type]  # union: triples
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
    return note + _body(items, fmt)


# --- JSON-LD -------------------------------------------------------------------------------

def _prefix_compactor(prefixes: dict[str, str]) -> Any:
    """IRI -> compact IRI over ``prefixes`` (longest namespace wins)."""
    context = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def compact(iri: str) -> str:
        for prefix, ns in context:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns):]
                # "p://x" would read as an absolute IRI; keep such IRIs whole.
                if not local.startswith("//"):
                    return f"{prefix}:{local}"
        return iri

    return compact


def _compactor() -> Any:
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
