"""The store seam: one interface over the places painkg's graph can live.

Every read of the graph (SPARQL, traversal projections, exports, dumps) goes through a
:class:`GraphStore`. Three kinds exist, chosen by a store spec:

``memory``          an in-memory Oxigraph store (default), reached through rdflib via oxrdflib;
``oxigraph:PATH``   a persistent on-disk Oxigraph store, loaded once with ``painkg load``;
``sparql:URL``      any SPARQL 1.1 endpoint, read-only.

SPARQL always runs on a real engine (Oxigraph, or the remote endpoint); rdflib's own SPARQL
evaluator is on no user-facing path. Queries see the union of all named graphs as their
default graph, so one article per named graph stays invisible to query authors.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
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
]

#: Environment variable that sets the default store spec (a ``--store`` option overrides it).
STORE_ENV_VAR = "PAINKG_STORE"

LoadFormat = str  # "turtle" | "ntriples" | "nquads" | "trig"

# A triple held in several named graphs counts once, as the union graph shows it.
_COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


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


class OxigraphStore(GraphStore):
    """An Oxigraph store, in memory or on disk, with rdflib's API on top through oxrdflib."""

    def __init__(self, spec: StoreSpec, inner: ox.Store) -> None:
        self.spec = spec
        self.inner = inner
        self.writable = True
        self._dataset: Dataset | None = None

    @property
    def dataset(self) -> Dataset:
        """An rdflib Dataset over the same Oxigraph store (no copy)."""
        if self._dataset is None:
            from rdflib import Dataset

            from .namespaces import bind_prefixes

            self._dataset = Dataset(store=_plain_literal_store(self.inner), default_union=True)
            bind_prefixes(self._dataset)
        return self._dataset

    def query(self, sparql: str) -> Result:
        import pyoxigraph as ox
        from rdflib import Graph
        from rdflib.query import Result

        from .terms import from_ox

        try:
            answer = self.inner.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise UsageError(f"The SPARQL query does not parse: {exc}") from exc
        if isinstance(answer, ox.QueryBoolean):
            out = Result("ASK")
            out.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            from rdflib import Variable

            out = Result("SELECT")
            out.vars = [Variable(v.value) for v in answer.variables]
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
        self, path: str | Path, graph: str, fmt: LoadFormat = "turtle", *, bulk: bool = False,
    ) -> None:
        """Parse ``path`` into named graph ``graph``; errors name line and column.

        A plain load is one transaction (nothing stays behind on error). ``bulk`` uses
        Oxigraph's faster, non-transactional bulk loader: only for a scratch store that is
        thrown away on error (``painkg.load.build_store``).
        """
        import pyoxigraph as ox

        if not self.writable:
            raise UsageError(f"The store {self.spec} is open read-only; it cannot be loaded.")

        formats = {
            "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
            "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
        }
        target = None if fmt in ("nquads", "trig") else ox.NamedNode(graph)
        try:
            loader = self.inner.bulk_load if bulk else self.inner.load
            loader(path=str(path), format=formats[fmt], to_graph=target)
        except SyntaxError as exc:
            message = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "",
                             str(exc).split(" (", 1)[0] if exc.lineno else str(exc))
            raise InputError(
                f"not valid {fmt.capitalize()}: {message}", path=str(path), line=exc.lineno,
                column=exc.offset,
            ) from exc
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot be read: {exc}", path=str(path)) from exc

    def quads_nquads(self) -> bytes:
        """Every quad as canonical, sorted N-Quads (the hand-over format between engines)."""
        import pyoxigraph as ox

        data = self.inner.dump(format=ox.RdfFormat.N_QUADS)
        assert data is not None, "dump() without an output returns the bytes"
        return b"".join(sorted(line + b"\n" for line in data.splitlines() if line))

    def union_ntriples(self) -> bytes:
        """The union graph as sorted, de-duplicated N-Triples."""
        import pyoxigraph as ox

        lines = set()
        for quad in self.inner:
            lines.add(str(ox.Triple(quad.subject, quad.predicate, quad.object)) + " .\n")
        return "".join(sorted(lines)).encode("utf-8")

    def close(self) -> None:
        if self.spec.kind == "oxigraph" and self.writable:
            self.inner.flush()


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
    store = OxigraphStore(spec, inner)
    store.writable = not read_only
    return store


def is_oxigraph_store(path: Path) -> bool:
    """Whether ``path`` is a folder holding an Oxigraph (RocksDB) store; reads, never writes."""
    return path.is_dir() and (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def is_empty_dir(path: Path) -> bool:
    """Whether ``path`` is a folder with nothing in it (a store may be created there)."""
    return path.is_dir() and not any(path.iterdir())
