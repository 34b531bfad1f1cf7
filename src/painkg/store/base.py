"""The store contract: what painkg needs from any place its graph can live.

Every read of the graph (SPARQL, traversal projections, exports, dumps) goes through a
:class:`GraphStore`. The backends are one module each: :mod:`painkg.store.oxigraph` (in memory
or on disk) and :mod:`painkg.store.endpoint` (any SPARQL 1.1 endpoint, read-only);
:mod:`painkg.store.open` turns a ``--store`` spec into one of them.

SPARQL always runs on a real engine (Oxigraph, or the remote endpoint); rdflib's own SPARQL
evaluator is on no user-facing path. Queries see the union of all named graphs as their
default graph, so one article per named graph stays invisible to query authors.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from painkg.errors import InputError

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.query import Result
    from rdflib.term import Identifier

__all__ = ["StoreSpec", "GraphStore", "STORE_ENV_VAR", "LoadFormat", "parse_error", "ox_format"]

#: Environment variable that sets the default store spec (a ``--store`` option overrides it).
STORE_ENV_VAR = "PAINKG_STORE"

LoadFormat = str  # "turtle" | "ntriples" | "nquads" | "trig" | "jsonld" (inline contexts)


def ox_format(fmt: LoadFormat) -> ox.RdfFormat:
    """pyoxigraph's format for a load format."""
    import pyoxigraph as ox

    return {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
            "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
            "jsonld": ox.RdfFormat.JSON_LD}[fmt]

# A triple held in several named graphs counts once, as the union graph shows it.
_COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"

@dataclass(frozen=True)
class StoreSpec:
    """A parsed ``--store`` value."""

    kind: str  # "memory" | "oxigraph" | "sparql"
    location: str | None = None

    def __str__(self) -> str:
        return self.kind if self.location is None else f"{self.kind}:{self.location}"


class GraphStore(ABC):
    """What painkg needs from a store: SPARQL on a real engine, and an rdflib view."""

    spec: StoreSpec
    writable: bool = False
    #: Counts the changes made through the store's own methods (loads, added triples, the
    #: union rebuilt): a worker forked before a change holds the store as it was, so a worker
    #: kept across queries (:mod:`painkg.query.worker`) is replaced when this moves.
    generation: int = 0

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

    def select_values(self, sparql: str) -> list[dict[str, str]]:
        """Rows of a SELECT query as text: each bound cell's IRI, blank-node id or lexical
        form (what ``str()`` of the :meth:`select` cell gives). For callers that need no
        term objects; an Oxigraph store answers it without rdflib."""
        return [{name: str(term) for name, term in row.items()} for row in self.select(sparql)]

    def construct(self, sparql: str) -> Graph:
        """The graph a CONSTRUCT or DESCRIBE query builds."""
        result = self.query(sparql)
        assert result.graph is not None, "not a CONSTRUCT/DESCRIBE query"
        return result.graph

    def close(self) -> None:  # noqa: B027 - optional hook: a no-op unless a store holds resources
        """Release the store (an on-disk Oxigraph store flushes; the others hold nothing)."""

    def before_fork(self) -> None:  # noqa: B027 - optional hook: only Oxigraph stores need it
        """Make the store safe to use from a forked worker (done once, in the parent)."""


def parse_error(exc: Exception, path: str | Path, fmt: LoadFormat) -> InputError:
    """The InputError for a file pyoxigraph could not parse or read (names line and column)."""
    if isinstance(exc, SyntaxError):
        message = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "",
                         str(exc).split(" (", 1)[0] if exc.lineno else str(exc))
        return InputError(f"not valid {fmt.capitalize()}: {message}", path=str(path),
                          line=exc.lineno, column=exc.offset)
    if isinstance(exc, MemoryError):
        return _limit_error(exc, path, fmt)
    return InputError(f"cannot be read: {exc}", path=str(path))


#: The parser reads one token (an IRI, a literal, a name) into a buffer of at most this
#: many bytes; a longer one stops the parse with ``MemoryError: Reached the buffer maximal size``.
TOKEN_LIMIT = 16 * 1024 * 1024


def _limit_error(exc: MemoryError, path: str | Path, fmt: LoadFormat) -> InputError:
    """The InputError for an engine limit: where the over-long line starts, when one is."""
    line = _first_long_line(Path(path), TOKEN_LIMIT) if "buffer" in str(exc) else None
    what = (f"a token (IRI or literal) longer than {TOKEN_LIMIT // (1024 * 1024)} MiB, the "
            f"most the {fmt.capitalize()} parser reads at once" if "buffer" in str(exc)
            else f"the parser ran out of memory ({exc})")
    return InputError(f"cannot be loaded: {what}. Split or shorten it (long texts belong "
                      f"in files the graph links to).", path=str(path), line=line)


def _first_long_line(path: Path, limit: int) -> int | None:
    """The number of the first line longer than ``limit`` bytes, read in bounded pieces."""
    number, length = 1, 0
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                start = 0
                while (end := chunk.find(b"\n", start)) != -1:
                    if length + end - start > limit:
                        return number
                    number, length, start = number + 1, 0, end + 1
                length += len(chunk) - start
                if length > limit:
                    return number
    except OSError:
        return None
    return None
    return None
