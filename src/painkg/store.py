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

import os
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, ServiceError, UsageError

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Dataset, Graph
    from rdflib.query import Result
    from rdflib.term import Identifier

__all__ = [
    "StoreSpec", "GraphStore", "OxigraphStore", "SparqlEndpointStore", "parse_store_spec",
    "open_store", "STORE_ENV_VAR", "LoadFormat",
]

#: Environment variable that sets the default store spec (a ``--store`` option overrides it).
STORE_ENV_VAR = "PAINKG_STORE"

LoadFormat = str  # "turtle" | "ntriples" | "nquads" | "trig"


@dataclass(frozen=True)
class StoreSpec:
    """A parsed ``--store`` value."""

    kind: str  # "memory" | "oxigraph" | "sparql"
    location: str | None = None

    def __str__(self) -> str:
        return self.kind if self.location is None else f"{self.kind}:{self.location}"


def parse_store_spec(text: str | None) -> StoreSpec:
    """Parse ``memory``, ``oxigraph:PATH`` or ``sparql:URL``; raise UsageError otherwise."""
    text = (text or os.environ.get(STORE_ENV_VAR) or "memory").strip()
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

    @abstractmethod
    def __len__(self) -> int:
        """Number of distinct triples in the union graph."""

    def select(self, sparql: str) -> list[dict[str, Identifier]]:
        """Rows of a SELECT query as dicts keyed by variable name (unbound variables absent)."""
        result = self.query(sparql)
        names = [str(v) for v in result.vars or []]
        return [
            {n: row[i] for i, n in enumerate(names) if row[i] is not None}
            for row in result  # type: ignore[union-attr]
        ]

    def construct(self, sparql: str) -> Graph:
        """The graph a CONSTRUCT or DESCRIBE query builds."""
        result = self.query(sparql)
        assert result.graph is not None, "not a CONSTRUCT/DESCRIBE query"
        return result.graph

    def close(self) -> None:
        """Release the store (flushes an on-disk store)."""


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
            from oxrdflib import OxigraphStore as OxRdflibStore
            from rdflib import Dataset

            from .namespaces import bind_prefixes

            self._dataset = Dataset(store=OxRdflibStore(store=self.inner), default_union=True)
            bind_prefixes(self._dataset)
        return self._dataset

    def query(self, sparql: str) -> Result:
        from rdflib import Graph
        from rdflib.query import Result

        import pyoxigraph as ox

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
                {v: from_ox(val) for v, val in zip(out.vars, solution) if val is not None}
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

    def __len__(self) -> int:
        answer = self.inner.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
            use_default_graph_as_union=True,
        )
        return int(next(iter(answer))[0].value)

    def load(self, path: str | Path, graph: str, fmt: LoadFormat = "turtle") -> None:
        """Parse ``path`` into named graph ``graph``; transactional, errors name line/column."""
        import pyoxigraph as ox

        formats = {
            "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
            "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
        }
        target = None if fmt in ("nquads", "trig") else ox.NamedNode(graph)
        try:
            self.inner.load(path=str(path), format=formats[fmt], to_graph=target)
        except SyntaxError as exc:
            message = str(exc).split(" (", 1)[0] if exc.lineno else str(exc)
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
        return b"".join(sorted(line + b"\n" for line in data.splitlines() if line))

    def union_ntriples(self) -> bytes:
        """The union graph as sorted, de-duplicated N-Triples."""
        import pyoxigraph as ox

        lines = set()
        for quad in self.inner:
            lines.add(str(ox.Triple(quad.subject, quad.predicate, quad.object)) + " .\n")
        return "".join(sorted(lines)).encode("utf-8")

    def close(self) -> None:
        if self.spec.kind == "oxigraph":
            self.inner.flush()


class SparqlEndpointStore(GraphStore):
    """A remote SPARQL 1.1 endpoint, read-only. Its default graph is whatever it serves."""

    def __init__(self, spec: StoreSpec, timeout: float = 30.0) -> None:
        self.spec = spec
        self.timeout = timeout
        self._graph: Graph | None = None

    def rdflib_graph(self) -> Graph:
        if self._graph is None:
            from rdflib import Graph
            from rdflib.plugins.stores.sparqlstore import SPARQLStore

            from .namespaces import bind_prefixes

            store = SPARQLStore(self.spec.location, returnFormat="json", timeout=self.timeout)
            self._graph = Graph(store=store)
            bind_prefixes(self._graph)
        return self._graph

    def query(self, sparql: str) -> Result:
        try:
            return self.rdflib_graph().query(sparql)
        except Exception as exc:  # urllib, SPARQLWrapper and parser errors differ by server
            raise ServiceError(
                f"The SPARQL endpoint {self.spec.location} could not answer: "
                f"{type(exc).__name__}: {exc}".strip()
            ) from exc

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"]) if rows else 0


def open_store(spec: StoreSpec | str | None = None, *, create: bool = False) -> GraphStore:
    """Open the store a spec names. ``memory`` starts empty; callers load what they need."""
    if not isinstance(spec, StoreSpec):
        spec = parse_store_spec(spec)
    if spec.kind == "sparql":
        return SparqlEndpointStore(spec)
    import pyoxigraph as ox

    if spec.kind == "memory":
        return OxigraphStore(spec, ox.Store())
    path = Path(spec.location or "")
    if not create and not path.is_dir():
        raise ServiceError(
            f"No Oxigraph store at {path}: run 'painkg load --store oxigraph:{path}' first."
        )
    try:
        return OxigraphStore(spec, ox.Store(str(path)))
    except OSError as exc:
        raise ServiceError(f"{path} is not a usable Oxigraph store: {exc}") from exc


def iter_union_triples(store: GraphStore) -> Iterator[tuple[Identifier, Identifier, Identifier]]:
    """Every triple of the union graph, through the rdflib API (works for every store)."""
    yield from store.rdflib_graph().triples((None, None, None))  # type: ignore[misc]


def bindings_dict(row: Mapping[str, Identifier]) -> dict[str, str]:
    """A result row as plain strings (for tables and tests)."""
    return {k: str(v) for k, v in row.items()}
