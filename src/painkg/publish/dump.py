"""The dump other sites import: ontology + data (+ shapes) + a dataset description.

Byte-identical across runs: statements sorted, prefixes fixed, blank nodes (ontology lists,
shapes) labelled by W3C RDFC-1.0 (:mod:`painkg.publish.canonical`, under a time bound). The
description states the byte size and SHA-256 of each distribution the dump builds, so only
the formats asked for are built: ``painkg dump -f turtle`` describes (and builds) the Turtle
file alone, while :func:`build_dump` with every format describes all four in each file. The
store is read and its statements sorted once per dump, whatever the number of formats; see
:mod:`painkg.publish.description` for what the checksums cover.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from painkg.errors import InputError, UsageError
from painkg.gcpause import gc_paused
from painkg.namespaces import PK, PKR
from painkg.publish.canonical import DEFAULT_TIMEOUT, bounded_canonical_bnodes
from painkg.publish.description import (
    DESCRIPTION_GRAPH,
    INTEGRITY_COMMENT,
    dataset_meta,
    description_quads,
    integrity_quads,
    is_description_term,
    sha256_hex,
)
from painkg.publish.serialize import RDF_FORMATS, serialize_block, serialize_sorted
from painkg.publish.union_lines import (
    TurtleWriting,
    add_lines,
    generated_dates,
    line_facts,
    serialize_lines,
    triple_lines,
    union_lines,
)
from painkg.rdfwrite import merge_sorted, sort_quads

if TYPE_CHECKING:
    import pyoxigraph as ox

    from painkg.store import GraphStore

__all__ = ["SHAPES_GRAPH", "Dump", "dataset_quads", "default_issued", "build_dump", "dump"]

SHAPES_GRAPH = str(PKR["graph/shapes"])


@dataclass(frozen=True)
class Dump:
    """Every format of one dump: ``files[fmt]`` is the file, its first ``covered[fmt]`` bytes
    are what its size and checksum statements cover."""

    files: dict[str, bytes]
    covered: dict[str, int]
    data_triples: int
    description: list[ox.Quad] = field(default_factory=list)


def _check_store(store: GraphStore) -> None:
    from painkg.store import OxigraphStore

    if not isinstance(store, OxigraphStore):
        raise UsageError(
            f"painkg dump reads a memory or oxigraph: store, not {store.spec}: a SPARQL "
            "endpoint does not expose its named graphs reliably. Load the data into an "
            "Oxigraph store first ('painkg load --store oxigraph:PATH')."
        )


def _shapes() -> list[ox.Triple]:
    import pyoxigraph as ox

    from painkg.resources import shapes_file

    path = shapes_file()
    if not path.is_file():
        raise InputError("the SHACL shapes file is missing, so --with-shapes cannot add "
                         "it", path=str(path))
    try:
        return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    except SyntaxError as exc:
        raise InputError(f"not valid Turtle: {exc}", path=str(path)) from exc


def dataset_quads(store: GraphStore, *, with_shapes: bool = False,
                  timeout: float = DEFAULT_TIMEOUT) -> list[ox.Quad]:
    """The store's quads (any earlier description dropped), plus the shapes if asked, with
    RDFC-1.0 blank-node labels (computed within ``timeout`` seconds)."""
    import pyoxigraph as ox

    _check_store(store)
    described = ox.NamedNode(DESCRIPTION_GRAPH)
    quads = [q for q in store.named_quads()  # type: ignore[attr-defined]
             if not is_description_term(q.subject) and q.graph_name != described]
    if with_shapes:
        graph = ox.NamedNode(SHAPES_GRAPH)
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in _shapes()]
    return bounded_canonical_bnodes(quads, timeout=timeout)


def default_issued(quads: Sequence[ox.Quad] | Sequence[ox.Triple]) -> str | None:
    """``$SOURCE_DATE_EPOCH`` as a date if set, else the newest article generation date.

    Both are properties of the input, never of the clock, so dumps stay reproducible.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date().isoformat()
        except (ValueError, OverflowError) as exc:
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp.") from exc
    import pyoxigraph as ox

    generated = str(PK.generatedOn)
    dates = [q.object.value for q in quads
             if q.predicate.value == generated and isinstance(q.object, ox.Literal)]
    return max(dates) if dates else None


def build_dump(
    store: GraphStore, *, with_shapes: bool = False, sparql_endpoint: str | None = None,
    issued: str | None = None, base_url: str | None = None,
    formats: Sequence[str] = RDF_FORMATS, timeout: float = DEFAULT_TIMEOUT,
) -> Dump:
    """The dump in each of ``formats``; each file describes those distributions and ends
    with their integrity block. ``timeout`` bounds the blank-node labelling (RDFC-1.0)."""
    for fmt in formats:
        if fmt not in RDF_FORMATS:
            raise UsageError(f"Unknown dump format {fmt!r}: use one of {', '.join(RDF_FORMATS)}.")
    _check_iri("--sparql-endpoint", sparql_endpoint)
    _check_iri("--base-url", base_url)
    if issued is not None:
        try:
            datetime.strptime(issued, "%Y-%m-%d")
        except ValueError as exc:
            raise UsageError(f"--issued {issued!r} is not a date (use YYYY-MM-DD).") from exc
    if timeout <= 0:
        raise UsageError(f"--timeout must be a positive number of seconds, not {timeout:g}.")
    _check_store(store)
    with gc_paused():
        return _build(store, with_shapes=with_shapes, sparql_endpoint=sparql_endpoint,
                      issued=issued, base_url=base_url, formats=formats, timeout=timeout)


def _build(
    store: GraphStore, *, with_shapes: bool, sparql_endpoint: str | None,
    issued: str | None, base_url: str | None, formats: Sequence[str], timeout: float,
) -> Dump:
    # The union formats read the store's union graph as sorted N-Triples lines
    # (painkg.publish.union_lines); TriG alone needs the named graphs, as sorted quads. The
    # description is spliced into both.
    lines = (union_lines(store, _shapes() if with_shapes else (),  # type: ignore[arg-type]
                         timeout=timeout)
             if set(formats) - {"trig"} else None)
    graphs = (sort_quads(dataset_quads(store, with_shapes=with_shapes, timeout=timeout))
              if "trig" in formats else [])
    # The Turtle is begun first (TurtleWriting: most of it in a worker), counted meanwhile.
    begun = TurtleWriting(lines, share=0.7) if lines is not None and "turtle" in formats else None
    if lines is not None:
        facts = line_facts(lines)
        if issued is None and not os.environ.get("SOURCE_DATE_EPOCH", "").strip():
            issued = max(generated_dates(lines), default=None)
    else:
        facts = line_facts(triple_lines({q.triple for q in graphs}))
    meta = dataset_meta(issued=issued or default_issued(graphs),
                        sparql_endpoint=sparql_endpoint, base_url=base_url,
                        with_shapes=with_shapes)
    described = description_quads(facts, meta, formats)
    data_triples = facts.triples
    if "trig" in formats:
        graphs = merge_sorted(graphs, described)
    if lines is not None:
        lines = add_lines(lines, [q.triple for q in described])
    content = {fmt: serialize_sorted(graphs, fmt, open_end=True) if fmt == "trig"
               else serialize_lines(lines, fmt, open_end=True,  # type: ignore[arg-type]
                                    begun=begun)
               for fmt in formats}
    sums = {fmt: (len(body), sha256_hex(body)) for fmt, body in content.items()}
    block = integrity_quads(sums, with_shapes)
    files = {fmt: content.pop(fmt) + serialize_block(block, fmt, INTEGRITY_COMMENT)
             for fmt in formats}
    return Dump(files=files, covered={f: s for f, (s, _) in sums.items()},
                data_triples=data_triples, description=described + block)


def dump(store: GraphStore, fmt: str = "turtle", **options: object) -> bytes:
    """One format of the dump, describing that distribution alone (options: :func:`build_dump`)."""
    return build_dump(store, formats=(fmt,), **options).files[fmt]  # type: ignore[arg-type]


def _check_iri(option: str, value: str | None) -> None:
    if value is None:
        return
    if not value.startswith(("http://", "https://")) or any(c in value for c in ' <>"{}|\\^`'):
        raise UsageError(f"{option} {value!r} is not an http(s) URL.")
