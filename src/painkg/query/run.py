"""Running a query of the library (or a user's ``.rq`` file) on a store, parameters bound."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from painkg.errors import UsageError
from painkg.query.catalog import QueryFile, find_query
from painkg.query.params import IriCheck, Resolver, prepare_query, prepare_query_tokens
from painkg.query.results import (
    EXTENSIONS,
    FORMATS,
    GRAPH_FORMATS,
    TABLE_FORMATS,
    Table,
    from_result,
    render_graph,
    write_rows,
)
from painkg.query.worker import PlainTerm

if TYPE_CHECKING:
    from painkg.store import GraphStore

__all__ = ["run_query", "run_named", "run_user_query", "Answer", "answer_user_query",
           "find_queries", "is_folder_output", "output_format", "split_values", "result_files",
           "write_result_folder"]


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


def _prepared(store: GraphStore, query: QueryFile, values: Mapping[str, str],
              resolver: Resolver | None, checker: IriCheck | None) -> str:
    """The user query's text: prefixes predefined, screened, parameters bound, screened again."""
    from painkg.query.prefixes import add_prefixes
    from painkg.query.screen import screen_query
    from painkg.sparql_tokens import tokenize

    prefixed = add_prefixes(query.text, query.tokens)
    if prefixed != query.text:  # declarations added: the new text is read once, here
        query = replace(query, text=prefixed, tokens=tokenize(prefixed))
    # Screened before prepare_query_tokens, whose parse check runs on an empty store; each
    # text is tokenised once (the query's when its file was read, the bound text when bound).
    screen_query(query.text, tokens=query.tokens)
    text, tokens = prepare_query_tokens(query, values, resolver, checker)
    screen_query(text, tokens=tokens)
    return text


def run_user_query(store: GraphStore, query: QueryFile, values: Mapping[str, str] | None = None,
                   resolver: Resolver | None = None, *, timeout: float | None = None,
                   limit: int | None = None) -> tuple[Table, bool]:
    """Like :func:`run_query`, for queries a user chose (``painkg query run``): screened by
    :func:`painkg.query.screen.screen_query` before anything parses it by running it, then run in
    :mod:`painkg.query.worker` with a kill timer and a row limit. Returns the table and whether
    rows were cut at ``limit`` (``None`` means the default, 0 means no limit)."""
    answer = answer_user_query(store, query, values, resolver, timeout=timeout, limit=limit)
    table = answer.table
    if table is None:
        raise UsageError("Only SELECT and ASK results can be written as a table; this query "
                         "is a CONSTRUCT or DESCRIBE query.")
    return table, answer.truncated


@dataclass(frozen=True)
class Answer:
    """A user query's answer: a table (SELECT, ASK) or triples (CONSTRUCT, DESCRIBE).

    SELECT rows are kept as the worker's plain terms and written from them, so answering
    and writing a user query imports no rdflib; :attr:`table` gives them as rdflib terms."""

    name: str
    variables: tuple[str, ...] | None
    rows: tuple[tuple[PlainTerm | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[PlainTerm, ...], ...] = ()
    truncated: bool = False

    @property
    def is_graph(self) -> bool:
        """True for a CONSTRUCT or DESCRIBE answer."""
        return self.variables is None

    @property
    def table(self) -> Table | None:
        """A SELECT or ASK answer as a :class:`Table` of rdflib terms; None for a graph."""
        if self.variables is None:
            return None
        from painkg.query.worker import to_rdflib

        rows = tuple(tuple(None if t is None else to_rdflib(t) for t in row)
                     for row in self.rows)
        return Table(self.variables, rows, self.boolean)

    def render(self, fmt: str | None) -> bytes:
        """The answer in ``fmt`` (None: ``table`` or ``turtle``); a usage error for a format
        of the other kind of result."""
        if self.variables is None:
            fmt = fmt or GRAPH_FORMATS[0]
            if fmt not in GRAPH_FORMATS:
                raise UsageError(
                    f"Query {self.name!r} is a CONSTRUCT or DESCRIBE query: its result is a "
                    f"graph, written as {', '.join(GRAPH_FORMATS)} (-f), not {fmt}.")
            return render_graph(self.triples, fmt)
        fmt = fmt or TABLE_FORMATS[0]
        if fmt not in TABLE_FORMATS:
            raise UsageError(
                f"Query {self.name!r} is a SELECT or ASK query: its result is a table, written "
                f"as {', '.join(TABLE_FORMATS)} (-f), not {fmt}.")
        return write_rows(self.variables, self.rows, self.boolean, fmt).encode("utf-8")


def answer_user_query(store: GraphStore, query: QueryFile,
                      values: Mapping[str, str] | None = None,
                      resolver: Resolver | None = None, checker: IriCheck | None = None, *,
                      timeout: float | None = None, limit: int | None = None) -> Answer:
    """Run a query a user chose (``painkg query run``), of any form, on ``store``.

    painkg's prefixes are predefined (:mod:`painkg.query.prefixes`); the text is screened by
    :func:`painkg.query.screen.screen_query` before anything parses it by running it, then run
    in :mod:`painkg.query.worker` with a kill timer and a row (or triple) limit (``None`` means
    the default, 0 means no limit). ``checker`` refuses IRI parameters naming nothing.
    """
    from painkg.query.worker import DEFAULT_LIMIT, DEFAULT_TIMEOUT, run_in_worker

    text = _prepared(store, query, values or {}, resolver, checker)
    result = run_in_worker(store, text, timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
                           limit=DEFAULT_LIMIT if limit is None else (limit or None))
    if result.kind == "ASK":
        return Answer(query.name, (), boolean=result.boolean)
    if result.kind == "SELECT":
        return Answer(query.name, result.vars, result.rows, truncated=result.truncated)
    triples = tuple(tuple(t for t in row if t is not None) for row in result.rows)
    return Answer(query.name, None, triples=triples, truncated=result.truncated)


def find_queries(names: Sequence[str], read_stdin: Callable[[], str]) -> list[QueryFile]:
    """The queries named on the command line: library names, ``.rq`` files, or ``-`` for
    the text on stdin (read once, named ``stdin``); none at all is a usage error."""
    from painkg.query.catalog import query_from_text

    if not names:
        raise UsageError("Name a query (painkg query list), a .rq file, or - to read the query "
                         "from stdin.")
    if list(names).count("-") > 1:
        raise UsageError("stdin (-) can be read only once.")
    return [query_from_text(read_stdin(), "stdin") if name == "-" else find_query(name)
            for name in names]


def is_folder_output(output: str | None, count: int) -> bool:
    """Whether ``-o`` (as typed: ``pathlib`` drops a trailing slash) names a folder for one
    file per query: it ends with ``/`` or is one. Several queries need a folder (a usage
    error otherwise)."""
    folder = output is not None and (output.endswith(("/", "\\")) or Path(output).is_dir())
    if count > 1 and not folder:
        raise UsageError(f"{count} queries write one result file each: name a folder with "
                         f"-o DIR/ (a trailing slash, or an existing folder).")
    return folder


def output_format(fmt: str | None, output: str | None) -> str | None:
    """The format of a single result: ``fmt`` if named, else the one ``-o``'s extension names
    (:func:`painkg.atomic.format_for_output`; a contradiction is a usage error), else None
    (the default of the query's form: :meth:`Answer.render`)."""
    from painkg.atomic import format_for_output

    return format_for_output(fmt, output, FORMATS, "") or None


def split_values(queries: Sequence[QueryFile],
                 values: Mapping[str, str]) -> list[dict[str, str]]:
    """The ``-p`` values each of several queries takes: a parameter goes to every query that
    has it; one that no query has is a usage error naming the queries."""
    if len(queries) == 1:
        return [dict(values)]
    names = {p.name for q in queries for p in q.parameters}
    unused = sorted(set(values) - names)
    if unused:
        raise UsageError(f"No query given has the parameter {unused[0]!r} (queries: "
                         f"{', '.join(q.name for q in queries)}).")
    return [{k: v for k, v in values.items() if k in {p.name for p in q.parameters}}
            for q in queries]


def result_files(answers: Sequence[Answer], fmt: str | None, folder: Path) -> dict[Path, bytes]:
    """One file per answer in ``folder``, named ``<query>.<extension of its format>``; a
    usage error when two queries share a name."""
    files: dict[Path, bytes] = {}
    for answer in answers:
        chosen = fmt or (GRAPH_FORMATS[0] if answer.is_graph else TABLE_FORMATS[0])
        path = folder / f"{answer.name}.{EXTENSIONS[chosen]}"
        if path in files:
            raise UsageError(f"Two queries are named {answer.name!r}; their results would "
                             f"both be written to {path}. Run them separately.")
        files[path] = answer.render(chosen)
    return files


def write_result_folder(answers: Sequence[Answer], fmt: str | None, folder: Path) -> list[Path]:
    """Write :func:`result_files` into ``folder`` (created if missing), each file atomically;
    everything is rendered before the first file is written. Returns the paths written."""
    from painkg.atomic import write_bytes_atomic

    files = result_files(answers, fmt, folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, data in files.items():
            write_bytes_atomic(path, data)
    except OSError as exc:
        raise UsageError(f"Cannot write into {folder}: {exc.strerror or exc}") from exc
    return sorted(files)
