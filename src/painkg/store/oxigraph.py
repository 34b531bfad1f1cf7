"""The Oxigraph backend: an in-memory store (``memory``) or an on-disk one (``oxigraph:PATH``).

In an Oxigraph store that union is *materialised*: the default graph holds every triple of
the named graphs once (an RDF graph is a set), and queries read the default graph. Oxigraph's
own union view (``use_default_graph_as_union``) matches a triple once per named graph holding
it (oxigraph/oxigraph#1919, fixed upstream by PR #1920, in no pyoxigraph release yet), so a
concept that 200 articles declare multiplied every join through it: wrong row counts, and
queries that ran for minutes. The named graphs stay as they are, for ``GRAPH`` queries and
dumps; the default graph is never loaded directly (a file's default-graph triples go to the
file's own graph).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from painkg.errors import UsageError
from painkg.store.base import GraphStore, LoadFormat, StoreSpec, ox_format, parse_error

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Dataset, Graph
    from rdflib.query import Result
    from rdflib.store import Store

__all__ = ["OxigraphStore", "MATERIALISE_UNION"]

#: Rebuilds the materialised union from the named graphs (see the module docstring).
MATERIALISE_UNION = "CLEAR DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


class OxigraphStore(GraphStore):
    """An Oxigraph store, in memory or on disk, with rdflib's API on top through oxrdflib."""

    def __init__(self, spec: StoreSpec, inner: ox.Store, *, writable: bool = True) -> None:
        self.spec = spec
        self.inner = inner
        self.writable = writable
        self._dataset: Dataset | None = None
        # A writable store keeps its default graph equal to the union of its named graphs,
        # rebuilt lazily after loads; a read-only one is taken as built: if its default graph
        # is empty (a store built by another tool), queries fall back to Oxigraph's union view.
        has_union = _has_default_triples(inner)
        self.union_materialised = writable or has_union
        self._union_stale = writable and not has_union
        # The evidence summaries (painkg.store.summaries) are derived again with the union
        # whenever a load may have changed the relations, claims, sources or reviews.
        self._summaries_stale = self._union_stale
        self._settled = True  # no write since the last flush and compaction

    @property
    def dataset(self) -> Dataset:
        """An rdflib Dataset over the same Oxigraph store (no copy); its default graph is the
        union of the named graphs."""
        if self._dataset is None:
            from rdflib import Dataset

            from painkg.namespaces import bind_prefixes

            self.sync_union()
            self._dataset = Dataset(store=_plain_literal_store(self.inner),
                                    default_union=not self.union_materialised)
            bind_prefixes(self._dataset)
        return self._dataset

    def sync_union(self) -> None:
        """Rebuild the materialised union if a load changed the named graphs since, and the
        evidence summaries (:mod:`painkg.store.summaries`) with it when their inputs may have
        changed."""
        if not self._union_stale:
            return
        from painkg.store.summaries import CLEAR_SUMMARIES, derive_summaries, summary_quads

        rederive = self._summaries_stale
        # The old summaries go before the union is rebuilt, so none of them stays in it.
        if rederive:
            self.inner.update(CLEAR_SUMMARIES)
        self.inner.update(_union_text(self.inner))
        if rederive:
            quads = summary_quads(derive_summaries(self.inner))
            # In slices: one extend of all 176k quads (1,000 articles) peaked 595 MiB, slices
            # of 20k 547 MiB, for 0.1 s more.
            for start in range(0, len(quads), _QUADS_PER_EXTEND):
                self.inner.extend(quads[start:start + _QUADS_PER_EXTEND])
            self._summaries_stale = False
        self._union_stale = False
        self._settled = False
        self.generation += 1

    def before_fork(self) -> None:
        # RocksDB's background threads flush and compact after writes; a worker forked while
        # one holds a lock hangs on its first read (measured: 20 of 40 forks right after a
        # load). Flushing and compacting in the foreground leaves them nothing to hold.
        self.sync_union()
        if self.spec.kind == "oxigraph" and self.writable and not self._settled:
            self.inner.flush()
            self.inner.optimize()
            self._settled = True

    def ox_query(self, sparql: str, **options: Any) -> Any:
        """Run ``sparql`` on Oxigraph itself, against the union graph; pyoxigraph's answer."""
        self.sync_union()
        return self.inner.query(sparql, use_default_graph_as_union=not self.union_materialised,
                                **options)

    def select_values(self, sparql: str) -> list[dict[str, str]]:
        # Straight from pyoxigraph's terms (``value`` is the IRI, id or lexical form), so the
        # traversals' lookups import no rdflib on an Oxigraph store.
        import pyoxigraph as ox

        try:
            answer = self.ox_query(sparql)
        except SyntaxError as exc:
            raise UsageError(f"The SPARQL query does not parse: {exc}") from exc
        if not isinstance(answer, ox.QuerySolutions):
            return super().select_values(sparql)
        names = [v.value for v in answer.variables]
        return [{name: term.value for name, term in zip(names, solution, strict=True)
                 if term is not None} for solution in answer]

    def query(self, sparql: str) -> Result:
        import pyoxigraph as ox
        from rdflib import Graph
        from rdflib.query import Result

        from painkg.gcpause import gc_paused
        from painkg.store.terms import term_converter

        from_ox = term_converter()
        try:
            answer = self.ox_query(sparql)
        except SyntaxError as exc:
            raise UsageError(f"The SPARQL query does not parse: {exc}") from exc
        if isinstance(answer, ox.QueryBoolean):
            out = Result("ASK")
            out.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            from rdflib import Variable

            out = Result("SELECT")
            out.vars = [Variable(v.value) for v in answer.variables]
            with gc_paused():  # thousands of row dicts: no full collections while they grow
                out.bindings = [
                    {v: from_ox(val) for v, val in zip(out.vars, solution, strict=True)
                     if val is not None}
                    for solution in answer
                ]
        else:
            out = Result("CONSTRUCT")
            graph = Graph()
            from painkg.namespaces import bind_prefixes

            bind_prefixes(graph)
            for triple in answer:
                graph.add((from_ox(triple.subject), from_ox(triple.predicate),
                           from_ox(triple.object)))
            out.graph = graph
        return out

    def rdflib_graph(self) -> Graph:
        return self.dataset

    def load(
        self, path: str | Path, graph: str, fmt: LoadFormat = "turtle",
    ) -> None:
        """Parse ``path`` into named graph ``graph``; errors name line and column.

        A load is one transaction (nothing of the file stays behind on error). A TriG or
        N-Quads file's default-graph triples go to ``graph`` too: the store's default graph
        is its materialised union.
        """
        import pyoxigraph as ox

        if not self.writable:
            raise UsageError(f"The store {self.spec} is open read-only; it cannot be loaded.")

        quads = fmt in ("nquads", "trig", "jsonld")
        target = None if quads else ox.NamedNode(graph)
        if quads and _has_default_triples(self.inner):
            self.inner.update("CLEAR DEFAULT")  # the file's own default graph must show alone
        self._union_stale = self._summaries_stale = True
        self._settled = False
        self.generation += 1
        try:
            self.inner.load(path=str(path), format=ox_format(fmt), to_graph=target)
            if quads and _has_default_triples(self.inner):
                self.inner.update(f"ADD DEFAULT TO <{graph}> ; CLEAR DEFAULT")
        except (SyntaxError, OSError, ValueError, MemoryError) as exc:
            raise parse_error(exc, path, fmt) from exc

    def add_triples(self, triples: Iterable[ox.Triple], graph: str, *,
                    changes_evidence: bool = True) -> None:
        """Add ``triples`` to named graph ``graph`` (the materialised union follows, and the
        evidence summaries unless ``changes_evidence`` is false: triples derived from the
        concepts, such as the SKOS view, cannot change them)."""
        import pyoxigraph as ox

        if not self.writable:
            raise UsageError(f"The store {self.spec} is open read-only; it cannot be loaded.")
        name = ox.NamedNode(graph)
        self.inner.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        self._union_stale = True
        self._summaries_stale = self._summaries_stale or changes_evidence
        self._settled = False
        self.generation += 1

    def named_quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs (the materialised union left out)."""
        # Graph by graph: a whole-store scan also walks the default graph (the materialised
        # union: as many statements again, each decoded from RocksDB); 0.8 s -> 0.47 s at 100.
        self.sync_union()  # the derived summaries are a named graph too
        inner = self.inner
        return (q for g in inner.named_graphs()
                for q in inner.quads_for_pattern(None, None, None, g))

    def graph_ntriples(self, skip: Collection[str] = ()) -> Iterator[bytes]:
        """Each named graph's triples as one N-Triples document (graphs in ``skip`` left
        out), in no particular order, read by several threads at once.

        pyoxigraph releases the GIL while it dumps a graph, and on disk most of that time is
        RocksDB decoding terms, so threads overlap: 1,000 articles read in ~1.9 s on 2 cores,
        against ~2.6 s for one read of the materialised union.
        """
        from concurrent.futures import ThreadPoolExecutor  # with logging: only dumps need it

        import pyoxigraph as ox

        self.sync_union()  # the derived summaries are a named graph too
        inner = self.inner
        graphs = [g for g in inner.named_graphs() if g.value not in skip]

        def read(graph: ox.NamedNode | ox.BlankNode) -> bytes:
            return inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""

        # More threads than cores: a thread waiting on the disk leaves its core to another.
        with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
            yield from pool.map(read, graphs)

    def union_ntriples(self) -> bytes:
        """The union graph as sorted, de-duplicated N-Triples."""
        import pyoxigraph as ox

        self.sync_union()
        if self.union_materialised:
            data = self.inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            assert data is not None, "dump() without an output returns the bytes"
            return b"".join(sorted(line + b"\n" for line in data.splitlines() if line))
        lines = set()
        for quad in self.inner:
            lines.add(str(ox.Triple(quad.subject, quad.predicate, quad.object)) + " .\n")
        return "".join(sorted(lines)).encode("utf-8")

    def close(self) -> None:
        if self.spec.kind == "oxigraph" and self.writable:
            self.before_fork()  # syncs the union, flushes and compacts


_QUADS_PER_EXTEND = 20_000


def _union_text(inner: ox.Store) -> str:
    """The update that rebuilds the materialised union: one ``ADD`` per named graph.

    Same triples as :data:`MATERIALISE_UNION`, which Oxigraph evaluates by collecting every
    quad of every graph before inserting any: 1,000 articles' 600k quads peaked ~110 MiB above
    the store (495 MiB against 386 MiB for a graph at a time, in the same 3 s). A graph named
    by a blank node (an N-Quads or TriG file may have one) cannot be named in ``ADD``: then
    the single INSERT."""
    import pyoxigraph as ox

    graphs = list(inner.named_graphs())
    if any(not isinstance(g, ox.NamedNode) for g in graphs):
        return MATERIALISE_UNION
    return " ; ".join(["CLEAR DEFAULT", *(f"ADD SILENT {g} TO DEFAULT" for g in graphs)])


def _has_default_triples(inner: ox.Store) -> bool:
    """Whether the default graph itself (not the union view) holds any triple."""
    return bool(inner.query("ASK { ?s ?p ?o }"))


def _plain_literal_store(inner: ox.Store) -> Store:
    """An oxrdflib store over ``inner`` whose triples carry plain literals, not xsd:string.

    oxrdflib hands out Oxigraph's explicit ``xsd:string``; normalising here (as
    ``painkg.store.terms.from_ox`` does for SPARQL results) makes the rdflib view of every store,
    remote ones included, yield identical triples.
    """
    from oxrdflib import OxigraphStore as OxRdflibStore
    from rdflib import Literal
    from rdflib.namespace import XSD

    class _PlainLiteralStore(OxRdflibStore):
        def triples(self, pattern: Any, context: Any = None) -> Iterator[Any]:
            for (s, p, o), contexts in super().triples(pattern, context):
                if isinstance(o, Literal) and o.datatype == XSD.string:
                    o = Literal(str(o))
                yield (s, p, o), contexts

    return _PlainLiteralStore(store=inner)
