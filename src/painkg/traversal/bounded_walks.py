"""The graph traversals with a time bound and a row limit (``--timeout``, ``--limit``).

Each function resolves and walks in a forked worker (:func:`painkg.query.worker.run_function`)
that is killed when its time is up, and cuts what it reports at ``limit`` rows, saying so
with a ``truncated`` flag the CLI turns into a note on stderr. The store is opened by the
caller before the fork, so the worker inherits it and loading it is not part of the bound.
A ``limit`` of ``None`` means no limit.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from painkg.query.worker import DEFAULT_LIMIT, DEFAULT_TIMEOUT, check_bounds, run_function
from painkg.traversal import walks as traverse  # in the parent: see below

if TYPE_CHECKING:
    from painkg.store import GraphStore
    from painkg.traversal.projection import Entity
    from painkg.traversal.walks import InterventionRoute, Neighbourhood, Path, Ranked

__all__ = ["DEFAULT_TIMEOUT", "DEFAULT_LIMIT", "bounded_interventions", "bounded_paths",
           "bounded_neighbours", "bounded_rank"]


# ``walks`` is imported above, in the parent, not inside each worker function: the worker
# would import it, and then the parent again to unpickle the answer's classes (twice the
# import time of a cold command).


def _cut(items: list[Any], limit: int | None) -> tuple[list[Any], bool]:
    if limit is None or len(items) <= limit:
        return items, False
    return items[:limit], True


def _interventions(store: GraphStore, problem: str, limit: int | None
                   ) -> tuple[Entity, list[InterventionRoute], bool]:
    entity, routes = traverse.ask_interventions(store, problem)
    cut, truncated = _cut(routes, limit)
    return entity, cut, truncated


def bounded_interventions(store: GraphStore, problem: str, *, timeout: float = DEFAULT_TIMEOUT,
                          limit: int | None = DEFAULT_LIMIT
                          ) -> tuple[Entity, list[InterventionRoute], bool]:
    """:func:`painkg.traversal.walks.ask_interventions` bounded; the routes cut at ``limit``."""
    check_bounds(timeout, limit)
    return run_function(_interventions, store, problem, limit, timeout=timeout,
                        what="The traversal")


def _paths(store: GraphStore, start: str, end: str, by: str, limit: int
           ) -> tuple[Entity, Entity, list[Path], bool]:
    first, second, found = traverse.paths(store, start, end, by, limit + 1)
    cut, truncated = _cut(found, limit)
    return first, second, cut, truncated


def bounded_paths(store: GraphStore, start: str, end: str, by: str = "length", *,
                  limit: int = 5, timeout: float = DEFAULT_TIMEOUT
                  ) -> tuple[Entity, Entity, list[Path], bool]:
    """:func:`painkg.traversal.walks.paths` bounded; whether more than ``limit`` paths were
    found."""
    check_bounds(timeout, limit)
    return run_function(_paths, store, start, end, by, limit, timeout=timeout,
                        what="The path search")


def _neighbours(store: GraphStore, name: str, depth: int, limit: int | None
                ) -> tuple[Neighbourhood, bool]:
    found = traverse.neighbours(store, name, depth)
    relations, cut_relations = _cut(list(found.relations), limit)
    nodes, cut_nodes = _cut(list(found.nodes), limit)
    return (dataclasses.replace(found, relations=tuple(relations), nodes=tuple(nodes)),
            cut_relations or cut_nodes)


def bounded_neighbours(store: GraphStore, name: str, depth: int = 1, *,
                       timeout: float = DEFAULT_TIMEOUT, limit: int | None = DEFAULT_LIMIT
                       ) -> tuple[Neighbourhood, bool]:
    """:func:`painkg.traversal.walks.neighbours` bounded; relations and nodes cut at ``limit``."""
    check_bounds(timeout, limit)
    return run_function(_neighbours, store, name, depth, limit, timeout=timeout,
                        what="The traversal")


def _rank(store: GraphStore, top: int, measure: str) -> list[Ranked]:
    return traverse.rank(store, top, measure)


def bounded_rank(store: GraphStore, top: int = 10, measure: str = "degree", *,
                 timeout: float = DEFAULT_TIMEOUT) -> list[Ranked]:
    """:func:`painkg.traversal.walks.rank` bounded in time (``top`` is its row limit)."""
    check_bounds(timeout, None)
    return run_function(_rank, store, top, measure, timeout=timeout, what="The ranking")
