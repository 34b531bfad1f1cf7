"""The dump's blank-node labels: W3C RDFC-1.0, computed under a time bound.

:func:`painkg.rdfwrite.canonical_bnodes` gives every blank node its RDFC-1.0 label
(``_:c14n0``...), so anyone can reproduce the dump's canonical form with another
implementation. RDFC-1.0 is worst-case exponential (highly symmetric blank-node structures,
which a store loaded from users' files may hold), and native code cannot be interrupted in
process, so the labelling runs in painkg's forked worker with a kill timer
(:func:`painkg.query.worker.run_function`): past the bound the dump stops with exit code 3
and says why, instead of hanging. Only the quads that mention a blank node cross to the
worker and back, as N-Quads bytes (plain data).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from painkg.errors import QueryTimeoutError
from painkg.query.worker import run_function
from painkg.rdfwrite import canonical_bnodes

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["DEFAULT_TIMEOUT", "bounded_canonical_bnodes"]

#: Seconds the labelling may take (``painkg dump --timeout``); the shipped graph needs ~0.01 s.
DEFAULT_TIMEOUT = 60.0


def _is_blank(quad: ox.Quad) -> bool:
    import pyoxigraph as ox

    return (isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)
            or isinstance(quad.graph_name, ox.BlankNode))


def _canonical_nquads(data: bytes) -> bytes:
    """In the worker: N-Quads in, the same quads with RDFC-1.0 labels out, as N-Quads."""
    import pyoxigraph as ox

    quads = canonical_bnodes(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def bounded_canonical_bnodes(quads: Iterable[ox.Quad], *,
                             timeout: float = DEFAULT_TIMEOUT) -> list[ox.Quad]:
    """:func:`painkg.rdfwrite.canonical_bnodes`, stopped after ``timeout`` seconds.

    Raises QueryTimeoutError (exit code 3) naming the number of blank nodes when time runs
    out; the quads come back in no particular order.
    """
    import pyoxigraph as ox

    plain: list[ox.Quad] = []
    blank: list[ox.Quad] = []
    for quad in quads:
        (blank if _is_blank(quad) else plain).append(quad)
    if not blank:
        return plain
    data = ox.serialize(blank, format=ox.RdfFormat.N_QUADS) or b""
    try:
        labelled = run_function(_canonical_nquads, data, timeout=timeout,
                                what="Labelling the blank nodes")
    except QueryTimeoutError:
        nodes = {t.value for q in blank for t in (q.subject, q.object, q.graph_name)
                 if isinstance(t, ox.BlankNode)}
        raise QueryTimeoutError(
            f"The graph's {len(nodes)} blank nodes (in {len(blank)} statements) could not be "
            f"given their W3C RDFC-1.0 canonical labels within {timeout:g} s, so no dump was "
            f"written. RDFC-1.0 takes exponential time on highly symmetric blank-node "
            f"structures (many blank nodes with identical statements); raise --timeout, or "
            f"replace such blank nodes with IRIs in the input.") from None
    return plain + list(ox.parse(labelled, format=ox.RdfFormat.N_QUADS))
