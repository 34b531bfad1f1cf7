"""The union graph as sorted N-Triples lines: how painkg dump writes Turtle, N-Triples, JSON-LD.

The union is read once from the store's materialised union (its default graph,
:mod:`painkg.store.oxigraph`), split and sorted block by block while Oxigraph is still reading;
a store whose union is not materialised is read graph by graph and de-duplicated as lines.
Counting and writing go batch by batch (:data:`BATCH`), so memory holds the lines and little more.
Statements are sorted as N-Triples bytes (subject first, so a
subject's statements stay together; ``rdf:type`` first within each subject), which costs a
fraction of sorting terms in Python and depends neither on the store kind nor on load order.
Blank nodes (ontology lists, shapes: few) are relabelled by
W3C RDFC-1.0 (:mod:`painkg.publish.canonical`) before the sort. Statistics for the
description are counted on the same lines (:func:`line_facts`).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from painkg.namespaces import DATA_BASE, PK
from painkg.publish.canonical import DEFAULT_TIMEOUT, bounded_canonical_bnodes
from painkg.publish.description import (
    DESCRIPTION_BASE,
    DESCRIPTION_GRAPH,
    DataFacts,
    example_classes,
)
from painkg.publish.serialize import serialize_sorted
from painkg.rdfwrite import DUMP_PREFIXES, turtle_header

if TYPE_CHECKING:
    from concurrent.futures import Future

    import pyoxigraph as ox

    from painkg.store import OxigraphStore

__all__ = ["SortedLines", "TurtleWriting", "union_lines", "triple_lines", "add_lines", "line_facts",
           "generated_dates", "ntriples_bytes", "turtle_body", "line_triples", "serialize_lines"]

_RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_TYPE = b" " + _RDF_TYPE + b" "
# While sorting, rdf:type reads as an IRI that sorts before every other (NT escapes control
# characters, so \x01 never occurs in real N-Triples and the swap back is exact).
_TYPE_KEY = b" <\x01> "
_TYPE_PRED = b"<\x01>"

#: A placeholder scheme: an IRI written ``<urn:painkg-full:IRI>`` matches no dump prefix, so
#: Oxigraph writes it whole; removing the scheme afterwards leaves the full IRI.
_FULL = b"urn:painkg-full:"

def _alternation(words: list[bytes]) -> bytes:
    """A regex matching any of ``words``, factored by common prefixes (a trie): sre tries
    alternatives one by one, and every namespace starts with ``http``."""
    if b"" in words:
        rest = [w for w in words if w]
        return b"(?:" + _alternation(rest) + b")?" if rest else b""
    groups: dict[int, list[bytes]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    branches = [re.escape(bytes([first])) + _alternation(tails)
                for first, tails in sorted(groups.items())]
    return branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"


# An IRI under a dump prefix whose local name Oxigraph would write with backslash escapes
# (``pkr:article\/x``): it goes out as a full IRI instead, readable by every parser. The dump
# prefixes' namespaces do not nest, so each IRI has at most one candidate prefix.
_NEEDS_ESCAPE = re.compile(
    b"<(?=" + _alternation(sorted({ns.encode() for ns in DUMP_PREFIXES.values()}))
    + rb"(?:[-.]|[^>\n/~!$&'()*+,;=?#@%]*+(?:[/~!$&'()*+,;=?#@%]|(?<=\.)>)))"
)

_DESCRIPTION_START = b"<" + DESCRIPTION_BASE.encode()

SortedLines = list[bytes]  #: sorted, distinct N-Triples lines without newline, type keyed

#: Lines handled per batch when counting and writing: batches keep the transient copies (the
#: split terms, the joined bytes, the Turtle) small and cache-warm. Measured at 1,000 articles
#: (600,000 lines): Turtle in 2.5 s instead of 3.9 s, peak memory 389 MiB instead of 776 MiB.
BATCH = 20_000

#: From this many lines on, part of the Turtle is written by a forked worker (1,000 articles:
#: ~600,000 lines, 2.5-3.5 s of Turtle on one core; the packaged graph, ~7,000 lines, is not
#: worth a fork).
PARALLEL_LINES = 100_000
#: The worker's time bound: writing is linear in the lines, so this only stops a worker that
#: hangs.
_TURTLE_BOUND = 3600.0


def _batches(lines: Sequence[bytes], size: int | None = None) -> Iterator[Sequence[bytes]]:
    """``lines`` in consecutive batches of about ``size``, each ending where a subject ends
    (sorted lines hold a subject's statements side by side), so that each batch's Turtle is
    whole subject blocks and the batches' Turtle joined is the Turtle of all the lines."""
    size = size or BATCH
    start = 0
    while start < len(lines):
        end = min(start + size, len(lines))
        if end < len(lines):
            last = lines[end - 1]
            subject = last[:last.index(b" ") + 1]
            while end < len(lines) and lines[end].startswith(subject):
                end += 1
        yield lines[start:end]
        start = end


def _to_lines(data: bytes) -> list[bytes]:
    lines = data.replace(_TYPE, _TYPE_KEY).split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _nt(triples: Iterable[ox.Triple] | Iterable[ox.Quad]) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def triple_lines(triples: Iterable[ox.Triple]) -> list[bytes]:
    """``triples`` as N-Triples lines in the form :func:`line_facts` counts (unsorted)."""
    return _to_lines(_nt(triples))


def union_lines(store: OxigraphStore, extra: Sequence[ox.Triple] = (), *,
                timeout: float = DEFAULT_TIMEOUT) -> SortedLines:
    """The store's union graph (plus ``extra``), description statements dropped, as sorted
    lines with RDFC-1.0 blank-node labels (computed within ``timeout`` seconds)."""
    import pyoxigraph as ox

    # Duplicates (a triple in several graphs) sit side by side once sorted.
    plain: list[bytes] = []
    blank: set[bytes] = set()

    def take(part: bytes) -> None:
        lines = _to_lines(part)
        if b"_:" in part:  # few statements have blank nodes (ontology lists, shapes)
            blank.update(line for line in lines if b"_:" in line)
            lines = [line for line in lines if b"_:" not in line]
        # Sorted runs, sorted here while the store is read, make the final sort a merge.
        lines.sort()
        plain.extend(lines)

    for part in _union_parts(store):
        take(part)
    if extra:
        take(_nt(extra))
    if blank:
        quads = ox.parse(b"\n".join(sorted(blank)).replace(_TYPE_KEY, _TYPE) + b"\n",
                         format=ox.RdfFormat.N_TRIPLES)
        plain += _to_lines(_nt(q.triple for q in bounded_canonical_bnodes(quads,
                                                                          timeout=timeout)))
    plain.sort()
    lines = [line for line, _ in groupby(plain)]
    start = _DESCRIPTION_START
    del lines[bisect_left(lines, start):bisect_left(lines, start[:-1] + b"0")]
    return lines


def _union_parts(store: OxigraphStore) -> Iterator[bytes]:
    """N-Triples documents that hold the union's statements between them (some statements
    more than once), and those of the description graph only where its subjects are the
    description's own (``pkr:dataset/...``, dropped from the lines afterwards)."""
    store.sync_union()
    if store.union_materialised and not _foreign_description(store):
        # The default graph holds the union once (painkg.store.oxigraph): one read of it
        # takes ~30% less CPU than reading the ~1,000 graphs of 1,000 articles one by one,
        # and reading those on threads took another ~25% (measured on 2 busy cores).
        yield from _default_graph_blocks(store.inner)
    else:
        yield from store.graph_ntriples(skip={DESCRIPTION_GRAPH})


def _default_graph_blocks(inner: ox.Store, size: int = 1 << 22) -> Iterator[bytes]:
    """The default graph as N-Triples in blocks of whole lines, handed out while Oxigraph is
    still writing them.

    Oxigraph writes to a temporary file on a thread of its own (it releases the GIL while it
    reads the store and writes; a Python sink would take the GIL back on each of ~15,000
    writes), and the file is read behind it, so the caller splits and sorts one block while
    the next is read from the store, on another core. Only the lines made from the blocks
    stay in memory, not also a copy of all of their bytes.
    """
    import threading

    import pyoxigraph as ox

    failed: list[BaseException] = []

    def write(path: str) -> None:
        try:
            inner.dump(path, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        except BaseException as exc:  # raised again in the caller's thread below
            failed.append(exc)

    with tempfile.TemporaryDirectory(prefix="painkg-dump-") as folder:
        path = os.path.join(folder, "union.nt")
        open(path, "wb").close()  # the reader opens it before Oxigraph has
        writer = threading.Thread(target=write, args=(path,), name="painkg-dump-read",
                                  daemon=True)
        writer.start()
        with open(path, "rb") as stream:
            rest = b""
            while True:
                finished = not writer.is_alive()  # then all it wrote is read below
                block = stream.read(size)
                if not block:
                    if finished:
                        break
                    time.sleep(0.005)
                    continue
                block = rest + block
                cut = block.rfind(b"\n") + 1
                rest = block[cut:]
                if cut:
                    yield block[:cut]
        writer.join()
        if failed:
            raise failed[0]
        if rest:
            yield rest


def _foreign_description(store: OxigraphStore) -> bool:
    """Whether the description graph holds a statement about anything but the description's
    own nodes (then the union read graph by graph leaves that graph out instead)."""
    return bool(store.inner.query(
        f"ASK {{ GRAPH <{DESCRIPTION_GRAPH}> {{ ?s ?p ?o "
        f"FILTER(!isIRI(?s) || !STRSTARTS(STR(?s), \"{DESCRIPTION_BASE}\")) }} }}"))


def add_lines(lines: SortedLines, triples: Iterable[ox.Triple]) -> SortedLines:
    """``lines`` with ``triples`` (IRIs only, one subject space: the description) spliced in."""
    block = sorted(_to_lines(_nt(triples)))
    if not block:
        return list(lines)
    at = bisect_left(lines, block[0])
    return lines[:at] + block + lines[at:]


def line_facts(lines: Sequence[bytes]) -> DataFacts:
    """The description's statistics, counted on distinct lines (in any order)."""
    by_property: Counter[bytes] = Counter()
    subject_set: set[bytes] = set()
    object_set: set[bytes] = set()
    typed: list[tuple[bytes, bytes]] = []
    for batch in _batches(lines):  # the split terms of one batch at a time
        parts = [line.split(b" ", 2) for line in batch]
        by_property.update(p for _, p, _ in parts)
        subject_set.update(s for s, _, _ in parts)
        object_set.update(o for _, _, o in parts)
        typed += [(s, o) for s, p, o in parts if p == _TYPE_PRED and o.startswith(b"<")]
    subjects, objects = len(subject_set), len(object_set)
    del subject_set, object_set
    by_class = Counter(o for _, o in typed)

    def iri(term: bytes) -> str:
        if term.startswith(_TYPE_PRED):  # rdf:type as an object (see _TYPE_KEY)
            return _RDF_TYPE[1:-1].decode()
        return term[1:term.index(b">")].decode("utf-8")

    article = f"<{PK.Article}> .".encode()
    articles = sorted(iri(s) for s, o in typed if o == article and s.startswith(b"<"))
    wanted = {f"<{c}> .".encode(): c for c in example_classes()}
    base = b"<" + DATA_BASE.encode()
    first: dict[str, str] = {}
    for s, o in typed:
        cls = wanted.get(o)
        if cls is not None and s.startswith(base):
            value = iri(s)
            if cls not in first or value < first[cls]:
                first[cls] = value
    return DataFacts(
        triples=len(lines), subjects=subjects, objects=objects,
        by_property={(_RDF_TYPE if p == _TYPE_PRED else p)[1:-1].decode("utf-8"): n
                     for p, n in by_property.items()},
        by_class={iri(o): n for o, n in by_class.items()},
        articles=articles, examples=[first[c] for c in example_classes() if c in first])


def generated_dates(lines: SortedLines) -> list[str]:
    """The ``pk:generatedOn`` values on the lines."""
    import pyoxigraph as ox

    needle = f" <{PK.generatedOn}> \"".encode()
    # Few lines hold it: search each batch joined (one C-level scan) before looking at lines.
    found = [line for batch in _batches(lines) if needle in b"\n".join(batch)
             for line in batch if needle in line]
    if not found:
        return []
    return [t.object.value for t in ox.parse(b"\n".join(found) + b"\n",
                                              format=ox.RdfFormat.N_TRIPLES)]


def ntriples_bytes(lines: Sequence[bytes]) -> bytes:
    """The lines as an N-Triples document."""
    if not lines:
        return b""
    return (b"\n".join(lines) + b"\n").replace(_TYPE_KEY, _TYPE)


def line_triples(lines: SortedLines) -> list[ox.Triple]:
    """The lines as pyoxigraph triples, in order."""
    import pyoxigraph as ox

    return [q.triple for q in ox.parse(ntriples_bytes(lines), format=ox.RdfFormat.N_TRIPLES)]


def turtle_body(lines: SortedLines) -> bytes | None:
    """The lines as Turtle statements (no prefix header); None if the data holds the
    placeholder scheme itself (the caller then takes the slow path).

    Written batch by batch (:func:`_batches`): Oxigraph's Turtle writer starts a statement at
    each new subject and carries nothing else from one subject to the next, so whole subject
    blocks written apart and joined are the bytes of the whole written at once.
    """
    return TurtleWriting(lines).body(lines)


class TurtleWriting:
    """The Turtle of sorted lines (:func:`turtle_body`), begun at once: from
    :data:`PARALLEL_LINES` lines on, a forked worker writes the first ``share`` of the batches
    while the caller goes on (the dump counts the lines meanwhile), and :meth:`body` writes
    the rest here. The Turtle is the dump's largest piece of work after reading the store,
    and the dump has no other work for a second core.
    """

    def __init__(self, lines: SortedLines, share: float = 0.5) -> None:
        self._lines, self._count = lines, len(lines)
        # Where the description's lines go (add_lines): a batch boundary, so that they are
        # written here, later, between the batches before and after them.
        self._at = bisect_left(lines, _DESCRIPTION_START)
        before = list(_batches(lines[:self._at]))
        self._batches = before + list(_batches(lines[self._at:]))
        self._split = len(before)
        self._theirs = (round(len(self._batches) * share) if self._count >= PARALLEL_LINES
                        else 0)
        self._future: Future[list[bytes | None]] | None = None
        if self._theirs:
            from concurrent.futures import ThreadPoolExecutor

            from painkg.query.worker import run_function

            pool = ThreadPoolExecutor(max_workers=1)  # a thread waits for the worker
            self._future = pool.submit(run_function, _turtle_pieces,
                                       self._batches[:self._theirs], timeout=_TURTLE_BOUND,
                                       what="Writing the Turtle dump")
            pool.shutdown(wait=False)

    def body(self, lines: SortedLines) -> bytes | None:
        """The Turtle of ``lines``: the lines begun with, with any lines spliced in since at
        the description's place; None as :func:`turtle_body`."""
        added = lines[self._at:self._at + len(lines) - self._count]
        if not self._spliced(lines, added):
            raise ValueError("the lines changed elsewhere than at the description's place")
        pieces = self._future.result() if self._future is not None else []
        pieces += _turtle_pieces(self._batches[self._theirs:])
        pieces.insert(self._split, _turtle_piece(added) if added else b"")
        if any(piece is None for piece in pieces):
            return None
        return b"".join(pieces)  # type: ignore[arg-type]  # no None left

    def _spliced(self, lines: SortedLines, added: SortedLines) -> bool:
        """Whether ``lines`` are the lines begun with, ``added`` at the description's place
        (list equality compares the same line objects by identity first: milliseconds)."""
        after = self._at + len(added)
        return (lines[:self._at] == self._lines[:self._at]
                and lines[after:] == self._lines[self._at:])


def _turtle_pieces(batches: Sequence[Sequence[bytes]]) -> list[bytes | None]:
    return [_turtle_piece(batch) for batch in batches]


def _turtle_piece(lines: Sequence[bytes]) -> bytes | None:
    import pyoxigraph as ox

    data = ntriples_bytes(lines)
    if _FULL in data:
        return None
    data = _NEEDS_ESCAPE.sub(b"<" + _FULL, data)
    out = ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES),
                       format=ox.RdfFormat.TURTLE, prefixes=DUMP_PREFIXES) or b""
    del data
    at = 0
    while out.startswith(b"@prefix ", at):
        at = out.index(b"\n", at) + 1
    return out[at:].replace(b"<" + _FULL, b"<")


def serialize_lines(lines: SortedLines, fmt: str, *, open_end: bool = False,
                    begun: TurtleWriting | None = None) -> bytes:
    """Sorted N-Triples lines as a complete document of a union format (turtle, ntriples,
    jsonld): N-Triples and Turtle straight from the lines (with ``begun``, the Turtle begun
    before lines were spliced in at the description's place), JSON-LD through triples."""
    if fmt == "ntriples":
        return ntriples_bytes(lines)
    if fmt == "turtle":
        body = (begun or TurtleWriting(lines)).body(lines)
        if body is not None:
            return turtle_header().encode() + body
    return serialize_sorted(line_triples(lines), fmt, open_end=open_end)
