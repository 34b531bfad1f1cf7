"""Running a query of the library (or a user's ``.rq`` file) on a store, parameters bound."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from painkg.query.catalog import QueryFile, find_query
from painkg.query.params import Resolver, prepare_query, prepare_query_tokens
from painkg.query.results import Table, from_result

if TYPE_CHECKING:
    from painkg.store import GraphStore

__all__ = ["run_query", "run_named", "run_user_query"]


def run_query(store: GraphStore, query: QueryFile, values: Mapping[str, str] | None = None,
              resolver: Resolver | None = None) -> Table:
    """Bind ``values`` into ``query`` and run it on ``store``; SELECT/ASK results as a Table."""
    text = prepare_query(query, values or {}, resolver)
    return from_result(store.query(text))


def run_named(store: GraphStore, name_or_path: str, values: Mapping[str, str] | None = None,
              resolver: Resolver | None = None) -> Table:
    """Run a library query by name (or a ``.rq`` file by path); ``resolver`` turns the names
    given as parameter values into IRIs (:func:`painkg.traversal.names.name_resolver`)."""
    return run_query(store, find_query(name_or_path), values, resolver)


def run_user_query(store: GraphStore, query: QueryFile, values: Mapping[str, str] | None = None,
                   resolver: Resolver | None = None, *, timeout: float | None = None,
                   limit: int | None = None) -> tuple[Table, bool]:
    """Like :func:`run_query`, for queries a user chose (``painkg query run``): screened by
    :func:`painkg.query.screen.screen_query` before anything parses it by running it, then run in
    :mod:`painkg.query.worker` with a kill timer and a row limit. Returns the table and whether
    rows were cut at ``limit`` (``None`` means the default, 0 means no limit)."""
    from painkg.errors import UsageError
    from painkg.query.screen import screen_query
    from painkg.query.worker import DEFAULT_LIMIT, DEFAULT_TIMEOUT, run_in_worker

    # Screened before prepare_query_tokens, whose parse check runs on an empty store; each
    # text is tokenised once (the query's when its file was read, the bound text when bound).
    screen_query(query.text, tokens=query.tokens)
    text, tokens = prepare_query_tokens(query, values or {}, resolver)
    screen_query(text, tokens=tokens)
    result = run_in_worker(store, text, timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
                           limit=DEFAULT_LIMIT if limit is None else (limit or None))
    if result.kind == "ASK":
        return Table((), (), result.boolean), False
    if result.kind != "SELECT":
        raise UsageError("Only SELECT and ASK results can be written as a table; this query "
                         "is a CONSTRUCT or DESCRIBE query.")
    return Table(result.vars, tuple(result.terms())), result.truncated
