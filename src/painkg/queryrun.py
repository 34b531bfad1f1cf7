"""Running a query of the library (or a user's ``.rq`` file) on a store, parameters bound."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .catalog import QueryFile, find_query
from .params import Resolver, prepare_query
from .results import Table, from_result

if TYPE_CHECKING:
    from .store import GraphStore

__all__ = ["name_resolver", "run_query", "run_named", "run_user_query"]


def name_resolver(store: GraphStore) -> Resolver:
    """A resolver of names (labels, synonyms) to IRIs in ``store`` (:mod:`painkg.resolve`)."""
    from .resolve import resolve_in_store

    def _resolve(name: str) -> str:
        return str(resolve_in_store(name, store).iri)

    return _resolve


def run_query(store: GraphStore, query: QueryFile, values: Mapping[str, str] | None = None,
              resolver: Resolver | None = None) -> Table:
    """Bind ``values`` into ``query`` and run it on ``store``; SELECT/ASK results as a Table."""
    text = prepare_query(query, values or {}, resolver)
    return from_result(store.query(text))


def run_named(store: GraphStore, name_or_path: str,
              values: Mapping[str, str] | None = None) -> Table:
    """Run a library query by name (or a ``.rq`` file by path), resolving names by label."""
    return run_query(store, find_query(name_or_path), values, name_resolver(store))


def run_user_query(store: GraphStore, query: QueryFile, values: Mapping[str, str] | None = None,
                   resolver: Resolver | None = None, *, timeout: float | None = None,
                   limit: int | None = None) -> tuple[Table, bool]:
    """Like :func:`run_query`, for queries a user chose (``painkg query run``): screened by
    :func:`painkg.screen.screen_query` before anything parses it by running it, then run in
    :mod:`painkg.sandbox` with a kill timer and a row limit. Returns the table and whether
    rows were cut at ``limit`` (``None`` means the default, 0 means no limit)."""
    from .errors import UsageError
    from .sandbox import DEFAULT_LIMIT, DEFAULT_TIMEOUT
    from .sandbox import run_query as run_sandboxed
    from .screen import screen_query

    screen_query(query.text)  # before prepare_query, whose parse check runs on an empty store
    text = prepare_query(query, values or {}, resolver)
    screen_query(text)
    result = run_sandboxed(store, text, timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
                           limit=DEFAULT_LIMIT if limit is None else (limit or None))
    if result.kind == "ASK":
        return Table((), (), result.boolean), False
    if result.kind != "SELECT":
        raise UsageError("Only SELECT and ASK results can be written as a table; this query "
                         "is a CONSTRUCT or DESCRIBE query.")
    return Table(result.vars, tuple(result.terms())), result.truncated
