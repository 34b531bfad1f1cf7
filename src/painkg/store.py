"""The store seam: one interface over the places painkg's graph can live.

Every read of the graph (SPARQL, traversal projections, exports, dumps) goes through a
:class:`GraphStore`. Three kinds exist, chosen by a store spec:

``memory``          an in-memory Oxigraph store (default), reached through rdflib via oxrdflib;
``oxigraph:PATH``   a persistent on-disk Oxigraph store, loaded once with ``painkg load``;
``sparql:URL``      any SPARQL 1.1 endpoint, read-only.

SPARQL always runs on a real engine (Oxigraph, or the remote endpoint); rdflib's own SPARQL
evaluator is on no user-facing path. Queries see the union of all named graphs as their
default graph, so one article per named graph stays invisible to query authors.

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
import re
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, ServiceError, UsageError

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Dataset, Graph
    from rdflib.query import Result
    from rdflib.store import Store
    from rdflib.term import Identifier

__all__ = [
    "StoreSpec", "GraphStore", "OxigraphStore", "SparqlEndpointStore", "parse_store_spec",
    "open_store", "is_oxigraph_store", "is_empty_dir", "STORE_ENV_VAR", "LoadFormat",
    "parse_error", "ox_format",
]

#: Environment variable that sets the default store spec (a ``--store`` option overrides it).
STORE_ENV_VAR = "PAINKG_STORE"

LoadFormat = str  # "turtle" | "ntriples" | "nquads" | "trig"


def ox_format(fmt: LoadFormat) -> ox.RdfFormat:
    """pyoxigraph's format for a load format."""
    import pyoxigraph as ox

    return {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
            "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[fmt]

# A triple held in several named graphs counts once, as the union graph shows it.
_COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"

# Rebuilds the materialised union from the named graphs (see the module docstring).
_MATERIALISE_UNION = "CLEAR DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class StoreSpec:
    """A parsed ``--store`` value."""

    kind: str  # "memory" | "oxigraph" | "sparql"
    location: str | None = None

    def __str__(self) -> str:
        return self.kind if self.location is None else f"{self.kind}:{self.location}"


def parse_store_spec(text: str | None) -> StoreSpec:
    """Parse ``memory``, ``oxigraph:PATH`` or ``sparql:URL``; raise UsageError otherwise.

    With no text, the spec comes from ``$PAINKG_STORE``, then the config file
    (:mod:`painkg.config`), then ``memory``.
    """
    if not text:
        from .config import default_store_text

        text = default_store_text()
    text = text.strip()
    if text == "memory":
        return StoreSpec("memory")
    kind, sep, location = text.partition(":")
    if sep and kind == "oxigraph" and location:
        return StoreSpec("oxigraph", location)
    if sep and kind == "sparql" and location.startswith(("http://", "https://")):
        return StoreSpec("sparql", location)
    raise UsageError(
        f"Unknown store {text!r}: use 'memory', 'oxigraph:PATH' or 'sparql:URL' "
        f"(an http:// or https:// endpoint)."
    )


class GraphStore(ABC):
    """What painkg needs from a store: SPARQL on a real engine, and an rdflib view."""

    spec: StoreSpec
    writable: bool = False

    @abstractmethod
    def query(self, sparql: str) -> Result:
        """Run a SPARQL query (already screened and with parameters bound) on the engine."""

    @abstractmethod
    def rdflib_graph(self) -> Graph:
        """The whole graph (union of named graphs) as an rdflib Graph, for the rdflib API."""

    def __len__(self) -> int:
        """Number of distinct triples in the union graph (counted by the engine)."""
        rows = self.select(_COUNT_TRIPLES)
        return int(rows[0]["n"]) if rows else 0

    def select(self, sparql: str) -> list[dict[str, Identifier]]:
        """Rows of a SELECT query as dicts keyed by variable name (unbound variables absent)."""
        result = self.query(sparql)
        variables = list(result.vars or [])
        return [{str(v): term for v in variables if (term := binding.get(v)) is not None}
                for binding in result.bindings]

    def construct(self, sparql: str) -> Graph:
        """The graph a CONSTRUCT or DESCRIBE query builds."""
        result = self.query(sparql)
        assert result.graph is not None, "not a CONSTRUCT/DESCRIBE query"
        return result.graph

    def close(self) -> None:  # noqa: B027 - optional hook: a no-op unless a store holds resources
        """Release the store (an on-disk Oxigraph store flushes; the others hold nothing)."""

    def before_fork(self) -> None:  # noqa: B027 - optional hook: only Oxigraph stores need it
        """Make the store safe to use from a forked worker (done once, in the parent)."""


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
        self._settled = True  # no write since the last flush and compaction

    @property
    def dataset(self) -> Dataset:
        """An rdflib Dataset over the same Oxigraph store (no copy); its default graph is the
        union of the named graphs."""
        if self._dataset is None:
            from rdflib import Dataset

            from .namespaces import bind_prefixes

            self.sync_union()
            self._dataset = Dataset(store=_plain_literal_store(self.inner),
                                    default_union=not self.union_materialised)
            bind_prefixes(self._dataset)
        return self._dataset

    def sync_union(self) -> None:
        """Rebuild the materialised union if a load changed the named graphs since."""
        if self._union_stale:
            self.inner.update(_MATERIALISE_UNION)
            self._union_stale = False
            self._settled = False

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

    def query(self, sparql: str) -> Result:
        import pyoxigraph as ox
        from rdflib import Graph
        from rdflib.query import Result

        from .gcpause import gc_paused
        from .terms import term_converter

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
            from .namespaces import bind_prefixes

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

        quads = fmt in ("nquads", "trig")
        target = None if quads else ox.NamedNode(graph)
        if quads and _has_default_triples(self.inner):
            self.inner.update("CLEAR DEFAULT")  # the file's own default graph must show alone
        self._union_stale = True
        self._settled = False
        try:
            self.inner.load(path=str(path), format=ox_format(fmt), to_graph=target)
            if quads and _has_default_triples(self.inner):
                self.inner.update(f"ADD DEFAULT TO <{graph}> ; CLEAR DEFAULT")
        except (SyntaxError, OSError, ValueError) as exc:
            raise parse_error(exc, path, fmt) from exc

    def named_quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs (the materialised union left out)."""
        # Graph by graph: a whole-store scan also walks the default graph (the materialised
        # union: as many statements again, each decoded from RocksDB); 0.8 s -> 0.47 s at 100.
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
        import pyoxigraph as ox

        inner = self.inner
        graphs = [g for g in inner.named_graphs() if g.value not in skip]

        def read(graph: ox.NamedNode | ox.BlankNode) -> bytes:
            return inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""

        # More threads than cores: a thread waiting on the disk leaves its core to another.
        with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
            yield from pool.map(read, graphs)

    def quads_nquads(self) -> bytes:
        """Every named-graph quad as canonical, sorted N-Quads (the hand-over format)."""
        return b"".join(sorted(f"{q} .\n".encode() for q in self.named_quads()))

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


def parse_error(exc: Exception, path: str | Path, fmt: LoadFormat) -> InputError:
    """The InputError for a file pyoxigraph could not parse or read (names line and column)."""
    if isinstance(exc, SyntaxError):
        message = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "",
                         str(exc).split(" (", 1)[0] if exc.lineno else str(exc))
        return InputError(f"not valid {fmt.capitalize()}: {message}", path=str(path),
                          line=exc.lineno, column=exc.offset)
    return InputError(f"cannot be read: {exc}", path=str(path))


def _has_default_triples(inner: ox.Store) -> bool:
    """Whether the default graph itself (not the union view) holds any triple."""
    return bool(inner.query("ASK { ?s ?p ?o }"))


def _plain_literal_store(inner: ox.Store) -> Store:
    """An oxrdflib store over ``inner`` whose triples carry plain literals, not xsd:string.

    oxrdflib hands out Oxigraph's explicit ``xsd:string``; normalising here (as
    ``painkg.terms.from_ox`` does for SPARQL results) makes the rdflib view of every store,
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


class SparqlEndpointStore(GraphStore):
    """A remote SPARQL 1.1 endpoint, read-only.

    Queries see the endpoint's default graph; painkg's queries expect it to be the union of
    the named graphs (for the Oxigraph server: ``--union-default-graph``). Requests go through
    :mod:`painkg.sparql_client` (timeout, clear errors); the rdflib API view is rdflib's
    ``SPARQLStore`` with its transport replaced by the same client.
    """

    def __init__(self, spec: StoreSpec, timeout: float = 30.0) -> None:
        self.spec = spec
        self.timeout = timeout
        self._graph: Graph | None = None

    @property
    def url(self) -> str:
        """The endpoint's URL."""
        return self.spec.location or ""

    def rdflib_graph(self) -> Graph:
        if self._graph is None:
            from rdflib import Graph
            from rdflib.plugins.stores.sparqlstore import SPARQLStore

            from .namespaces import bind_prefixes
            from .sparql_client import endpoint_query

            url, timeout = self.url, self.timeout

            class _ClientStore(SPARQLStore):
                def _query(self, query: str, default_graph: str | None = None) -> Result:
                    return endpoint_query(url, query, timeout)

            self._graph = Graph(store=_ClientStore(url, returnFormat="json"))
            bind_prefixes(self._graph)
        return self._graph

    def query(self, sparql: str) -> Result:
        from .sparql_client import endpoint_query

        return endpoint_query(self.url, sparql, self.timeout)

    def ping(self) -> None:
        """Raise ServiceError unless the endpoint answers a trivial ASK like a SPARQL endpoint."""
        if self.query("ASK { }").type != "ASK":
            raise ServiceError(f"{self.url} did not answer ASK {{ }} with a boolean result.")


def open_store(
    spec: StoreSpec | str | None = None, *, create: bool = False, read_only: bool | None = None,
) -> GraphStore:
    """Open the store a spec names. ``memory`` starts empty; callers load what they need.

    An ``oxigraph:PATH`` store must already exist (``painkg load`` builds it) unless
    ``create``; it is opened read-only unless ``create`` or ``read_only=False``, so that many
    readers (and ``painkg serve``'s engine) can share it. A folder that is not an Oxigraph
    store is a ServiceError (exit 3), and is never written to.
    """
    if not isinstance(spec, StoreSpec):
        spec = parse_store_spec(spec)
    if spec.kind == "sparql":
        return SparqlEndpointStore(spec)
    import pyoxigraph as ox

    if spec.kind == "memory":
        return OxigraphStore(spec, ox.Store())
    path = Path(spec.location or "")
    if read_only is None:
        read_only = not create
    if not path.exists() and not create:
        raise ServiceError(
            f"No Oxigraph store at {path}: run 'painkg load --store oxigraph:{path}' first."
        )
    if path.exists() and not is_oxigraph_store(path) and not (create and is_empty_dir(path)):
        raise ServiceError(
            f"{path} is not an Oxigraph store (no RocksDB files in it). Point --store at a "
            f"folder built by 'painkg load', or at a new path for 'painkg load' to create."
        )
    try:
        inner = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        raise ServiceError(f"{path} is not a usable Oxigraph store: {exc}") from exc
    return OxigraphStore(spec, inner, writable=not read_only)


def is_oxigraph_store(path: Path) -> bool:
    """Whether ``path`` is a folder holding an Oxigraph (RocksDB) store; reads, never writes."""
    return path.is_dir() and (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def is_empty_dir(path: Path) -> bool:
    """Whether ``path`` is a folder with nothing in it (a store may be created there)."""
    return path.is_dir() and not any(path.iterdir())
