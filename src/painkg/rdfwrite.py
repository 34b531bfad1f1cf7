"""The one deterministic RDF writer (Turtle, TriG, N-Triples): the same quads give the same
bytes, run after run.

Oxigraph serialises (fast); painkg fixes what Oxigraph leaves open: the order of statements
(sorted), the prefix header (fixed, :data:`DUMP_PREFIXES` in that order) and blank-node labels
(W3C RDFC-1.0 canonical labels, :func:`canonical_bnodes`, never a parser's random ids). A
foundation module, so that both ``ingest`` (the document layer) and ``publish`` (dumps,
mappings) write through it without ingest importing publish.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from painkg.namespaces import PREFIXES, SSSOM_PREFIXES

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "DUMP_PREFIXES", "TEXT_FORMATS", "canonical_bnodes", "sort_quads", "sort_triples",
    "merge_sorted", "turtle_header", "write_body", "write_sorted", "write_quads",
]

#: Vocabularies only the dataset description uses (SPDX checksums, PAV versions).
_DESCRIPTION_PREFIXES = {
    "spdx": "http://spdx.org/rdf/terms#",
    "pav": "http://purl.org/pav/",
}

#: Every prefix a dump binds, in the order its header lists them.
DUMP_PREFIXES: dict[str, str] = {**PREFIXES, **_DESCRIPTION_PREFIXES, **SSSOM_PREFIXES}

#: The formats written here; JSON-LD is written by :mod:`painkg.publish.serialize`.
TEXT_FORMATS = ("turtle", "trig", "ntriples")

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_DEFAULT: Any = None  # pyoxigraph.DefaultGraph(), set on first use (heavy import)



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
    """The quads with every blank node relabelled by W3C RDFC-1.0 (``_:c14n0``, ``_:c14n1``, ...).

    Oxigraph's implementation of the W3C recommendation, so anyone can reproduce the labels
    with another RDFC-1.0 (or URDNA2015) implementation. Only the quads that mention a blank
    node take part: the algorithm hashes a blank node's quads alone, so the labels are those
    of the whole dataset, without copying it. Graph names count, so the same blank nodes may
    be labelled differently in a TriG file (quads) and a Turtle file (the union's triples).
    Worst-case exponential on highly symmetric blank-node structures: callers that take
    input from users bound it (:func:`painkg.publish.canonical.bounded_canonical_bnodes`).
    The quads come back in no particular order; the writers sort them.
    """
    import pyoxigraph as ox

    plain: list[ox.Quad] = []
    blank: list[ox.Quad] = []
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode) \
                or isinstance(quad.graph_name, ox.BlankNode):
            blank.append(quad)
        else:
            plain.append(quad)
    if not blank:
        return plain
    dataset = ox.Dataset(blank)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return plain + list(dataset)


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


def write_body(items: Sequence[Any], fmt: str) -> bytes:
    """Sorted ``items`` as ``fmt`` without a prefix header (Oxigraph writes, painkg fixes)."""
    data = _oxi(items, fmt)
    if fmt == "ntriples":
        return data
    return _unescape_names(memoryview(data)[_header_end(data):].tobytes())


def write_sorted(items: Sequence[Any], fmt: str) -> bytes:
    """Already sorted, distinct ``items`` (quads for TriG, triples otherwise) as a complete
    Turtle, TriG or N-Triples document."""
    if fmt in ("turtle", "trig"):
        return turtle_header().encode() + write_body(items, fmt)
    if fmt == "ntriples":
        return write_body(items, fmt)
    raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(TEXT_FORMATS)}")


def write_quads(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """``quads`` as a Turtle or N-Triples document of their union, or TriG of their graphs."""
    items = sort_quads(quads) if fmt == "trig" else sort_triples(quads)
    return write_sorted(items, fmt)
