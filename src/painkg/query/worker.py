"""Running a user-supplied SPARQL query in a worker process with a kill timer.

Neither rdflib nor pyoxigraph can stop a query in-process, and signals do not interrupt
native code, so a runaway query (an unbounded property path, a cartesian product) is run in
a forked worker that is killed when its time is up. Forking lets the worker inherit the
already-loaded store: an in-memory Oxigraph store is shared copy-on-write, an on-disk one
through its open handle (both checked in ``tests/test_sandbox.py``); a ``sparql:URL`` store's
HTTP client is bounded the same way. Only plain data crosses the process boundary: each term
is a tuple of strings (``("iri", iri)``, ``("bnode", id)``, ``("literal", lexical, datatype,
language)``), never a pickled engine object. Screen the query first
(:func:`painkg.query.screen.screen_query`): the worker runs whatever it is given.

A timeout raises :class:`~painkg.errors.QueryTimeoutError` (exit code 3, "the query could
not be answered"); rows beyond ``limit`` are cut and reported with ``truncated=True`` so the
CLI can say so on stderr. :func:`run_function` is the same worker for any library call (the
graph traversals, whose networkx walks are pure Python but can still run away); its result
comes back pickled, so it must be plain data (painkg's own dataclasses of strings and
numbers, tuples, dicts), never an engine object.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from painkg import errors
from painkg.errors import PainKGError, QueryTimeoutError, ServiceError, UsageError

if TYPE_CHECKING:

    from rdflib import Graph
    from rdflib.term import Identifier

    from painkg.store import GraphStore

__all__ = ["DEFAULT_TIMEOUT", "DEFAULT_LIMIT", "SandboxResult", "run_in_worker", "run_select",
           "run_construct", "run_function", "check_bounds", "PlainTerm", "to_rdflib"]

T = TypeVar("T")

#: Seconds a user query may run (``--timeout``).
DEFAULT_TIMEOUT = 30.0
#: Rows (or triples) a user query may return before the rest are cut (``--limit``).
DEFAULT_LIMIT = 10_000

#: A term as plain strings: ("iri", iri) | ("bnode", id) | ("literal", lexical, datatype, lang).
PlainTerm = tuple[str, ...]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class SandboxResult:
    """What a query returned: SELECT rows, CONSTRUCT/DESCRIBE triples, or an ASK answer."""

    kind: str  # "SELECT" | "CONSTRUCT" | "ASK"
    vars: tuple[str, ...]
    rows: tuple[tuple[PlainTerm | None, ...], ...]  # SELECT rows; (s, p, o) for CONSTRUCT
    truncated: bool = False
    boolean: bool | None = None

    def terms(self) -> list[tuple[Identifier | None, ...]]:
        """The rows as rdflib terms (None for an unbound cell)."""
        return [tuple(None if t is None else to_rdflib(t) for t in row) for row in self.rows]

    def graph(self) -> Graph:
        """A CONSTRUCT/DESCRIBE result as an rdflib Graph with painkg's prefixes bound."""
        from rdflib import Graph

        from painkg.namespaces import bind_prefixes

        if self.kind != "CONSTRUCT":
            raise UsageError(f"A {self.kind} query builds no graph; use a CONSTRUCT query.")
        graph = Graph()
        bind_prefixes(graph)
        for s, p, o in self.terms():
            graph.add((s, p, o))  # type: ignore[arg-type]
        return graph


def to_rdflib(term: PlainTerm) -> Identifier:
    """The rdflib term for a plain-data term (simple literals stay plain)."""
    from rdflib import BNode, Literal, URIRef

    if term[0] == "iri":
        return URIRef(term[1])
    if term[0] == "bnode":
        return BNode(term[1])
    _, lexical, datatype, language = term
    if language:
        return Literal(lexical, lang=language)
    if not datatype or datatype == _XSD_STRING:
        return Literal(lexical)
    return Literal(lexical, datatype=URIRef(datatype))


def run_in_worker(store: GraphStore, query: str, *, timeout: float = DEFAULT_TIMEOUT,
              limit: int | None = DEFAULT_LIMIT) -> SandboxResult:
    """Run ``query`` on ``store`` in a worker killed after ``timeout`` seconds.

    Raises QueryTimeoutError when time runs out (the worker is gone when it is raised), a
    UsageError when the engine cannot parse the query, and the worker's own PainKGError
    otherwise.
    """
    check_bounds(timeout, limit)
    message = _in_worker(_worker, (store, query, limit), timeout,
                         f"The query ran longer than {timeout:g} s and was stopped; narrow it "
                         f"(fewer unbound patterns, a bounded property path, a LIMIT) or raise "
                         f"--timeout.", "query")
    return _unpack(message)


def check_bounds(timeout: float, limit: int | None) -> None:
    """A usage error for a timeout that is not positive or a negative limit."""
    if timeout <= 0:
        raise UsageError(f"--timeout must be a positive number of seconds, not {timeout:g}.")
    if limit is not None and limit < 0:
        raise UsageError(f"--limit must be zero or more rows, not {limit}.")


def run_function(func: Callable[..., T], *args: Any, timeout: float = DEFAULT_TIMEOUT,
                 what: str = "The computation") -> T:
    """``func(*args)`` in a forked worker killed after ``timeout`` seconds.

    Raises QueryTimeoutError when time runs out (the worker is gone when it is raised) and
    the worker's own PainKGError (same class, same message) when ``func`` raises one; any
    other exception becomes a ServiceError naming it.
    """
    check_bounds(timeout, None)
    message = _in_worker(_call_worker, (func, args), timeout,
                         f"{what} ran longer than {timeout:g} s and was stopped; narrow it or "
                         f"raise --timeout.", what.lower())
    if message[0] == "value":
        value: T = message[1]
        return value
    return _unpack(message)  # type: ignore[return-value]  # raises


class _Sender:
    """The worker's end of the pipe: one pickled message, written whole, then closed."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, message: object) -> None:
        """Pickle ``message`` (all of it, before writing: an unpicklable one writes nothing)
        and write it."""
        import pickle

        data = memoryview(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
        while data:
            data = data[os.write(self.fd, data):]

    def close(self) -> None:
        """Close the pipe; the parent reads EOF."""
        os.close(self.fd)


class _Worker:
    """A forked child running ``target(sender, *args)``, which ends with ``os._exit``.

    Plain ``os.fork`` and a pipe rather than ``multiprocessing`` (whose imports, about 40 ms,
    every cold ``query run`` and ``ask`` paid): the child only sends one pickled message."""

    def __init__(self, target: Callable[..., None], args: tuple[Any, ...]) -> None:
        import pickle  # noqa: F401 - once, before the fork: both sides use it

        self.reader, writer = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            try:
                os.close(self.reader)
                target(_Sender(writer), *args)
            finally:
                os._exit(1)  # target exits itself; this only runs if it raised
        os.close(writer)  # the parent keeps only the reading end: a dead worker reads as EOF
        self.status: int | None = None

    def wait_readable(self, timeout: float) -> bool:
        """Whether the worker wrote (or closed its end) within ``timeout`` seconds."""
        import math
        import select

        poller = select.poll()
        poller.register(self.reader, select.POLLIN)
        # poll takes whole milliseconds as a C int: round up, and cap at about 24 days
        return bool(poller.poll(min(max(0, math.ceil(timeout * 1000)), 2**31 - 1)))

    def receive(self) -> tuple[Any, ...]:
        """The worker's message; EOFError when it wrote none."""
        import pickle

        chunks = []
        while chunk := os.read(self.reader, 1 << 20):
            chunks.append(chunk)
        if not chunks:
            raise EOFError
        message: tuple[Any, ...] = pickle.loads(b"".join(chunks))
        return message

    @property
    def exitcode(self) -> int | None:
        """The worker's exit code (negative: the signal that ended it), once it is reaped."""
        if self.status is None:
            return None
        return os.waitstatus_to_exitcode(self.status)

    def stop(self, *, finished: bool = False) -> None:
        """Close the pipe and reap the worker: killed if it still runs, unless it has
        ``finished`` (sent its whole message and closed its end: it is in ``os._exit``)."""
        os.close(self.reader)
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            if not finished:
                import signal

                os.kill(self.pid, signal.SIGKILL)
            _, status = os.waitpid(self.pid, 0)
        self.status = status


def _in_worker(target: Callable[..., None], args: tuple[Any, ...], timeout: float,
               timeout_message: str, what: str) -> tuple[Any, ...]:
    """Fork a worker running ``target(sender, *args)`` and return the one message it sends."""
    from painkg.store import GraphStore

    for arg in args:
        if isinstance(arg, GraphStore):
            arg.before_fork()  # once in the parent, not again in every worker
    worker = _Worker(target, args)
    stopped = False
    try:
        if not worker.wait_readable(timeout):
            raise QueryTimeoutError(timeout_message)
        try:
            message = worker.receive()
        except EOFError:
            worker.stop(finished=True)  # its end is closed: it has exited or is exiting
            stopped = True
            raise ServiceError(
                f"The {what} worker stopped without an answer (exit code {worker.exitcode}); "
                f"it may need more memory than is available. Narrow the {what}.") from None
        worker.stop(finished=True)
        stopped = True
    finally:
        if not stopped:
            worker.stop()
    return message


def run_select(store: GraphStore, query: str, *, timeout: float = DEFAULT_TIMEOUT,
               limit: int | None = DEFAULT_LIMIT) -> SandboxResult:
    """Run a SELECT (or ASK) query in the sandbox; a usage error for other query forms."""
    result = run_in_worker(store, query, timeout=timeout, limit=limit)
    if result.kind == "CONSTRUCT":
        raise UsageError("This is a CONSTRUCT or DESCRIBE query; a SELECT or ASK query is "
                         "needed here.")
    return result


def run_construct(store: GraphStore, query: str, *, timeout: float = DEFAULT_TIMEOUT,
                  limit: int | None = DEFAULT_LIMIT) -> SandboxResult:
    """Run a CONSTRUCT or DESCRIBE query in the sandbox; a usage error for other forms."""
    result = run_in_worker(store, query, timeout=timeout, limit=limit)
    if result.kind != "CONSTRUCT":
        raise UsageError(f"This is a {result.kind} query; a CONSTRUCT or DESCRIBE query is "
                         f"needed here.")
    return result


def _unpack(message: tuple[Any, ...]) -> SandboxResult:
    if message[0] == "ok":
        _, kind, names, rows, truncated, boolean = message
        return SandboxResult(kind, names, rows, truncated, boolean)
    _, class_name, text = message
    cls = getattr(errors, class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, PainKGError)):
        cls = ServiceError
    error = cls.__new__(cls)
    PainKGError.__init__(error, text)  # messages already name file/line; no re-formatting
    raise error


# --- the worker side -------------------------------------------------------------------


def _call_worker(conn: _Sender, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        try:
            message: tuple[Any, ...] = ("value", func(*args))
        except PainKGError as exc:
            message = ("error", type(exc).__name__, exc.message)
        except Exception as exc:  # noqa: BLE001 - reported to the parent as one paragraph
            message = ("error", "ServiceError", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(message)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result is a bug, said plainly
            conn.send(("error", "ServiceError", f"The worker's answer could not be passed on: "
                                                f"{type(exc).__name__}: {exc}"))
        conn.close()
    finally:
        os._exit(0)


def _worker(conn: _Sender, store: GraphStore, query: str, limit: int | None) -> None:
    try:
        try:
            result = _answer(store, query, limit)
            message: tuple[Any, ...] = ("ok", result.kind, result.vars, result.rows,
                                        result.truncated, result.boolean)
        except PainKGError as exc:
            message = ("error", type(exc).__name__, exc.message)
        except SyntaxError as exc:
            message = ("error", "UsageError", f"The SPARQL query does not parse: {exc}")
        except Exception as exc:  # noqa: BLE001 - reported to the parent as one paragraph
            message = ("error", "ServiceError",
                       f"The query failed in the engine: {type(exc).__name__}: {exc}")
        conn.send(message)
        conn.close()
    finally:
        # Skip atexit handlers and destructors inherited from the parent (an on-disk store
        # must be flushed by its owner only).
        os._exit(0)


def _answer(store: GraphStore, query: str, limit: int | None) -> SandboxResult:
    from painkg.store import OxigraphStore

    if isinstance(store, OxigraphStore):
        return _answer_oxigraph(store, query, limit)
    return _answer_rdflib(store, query, limit)


def _cut(items: Any, limit: int | None) -> tuple[list[Any], bool]:
    """At most ``limit`` items from an iterator, and whether there were more."""
    out: list[Any] = []
    for item in items:
        if limit is not None and len(out) >= limit:
            return out, True
        out.append(item)
    return out, False


def _answer_oxigraph(store: Any, query: str, limit: int | None) -> SandboxResult:
    import pyoxigraph as ox

    answer = store.ox_query(query)
    if isinstance(answer, ox.QueryBoolean):
        return SandboxResult("ASK", (), (), False, bool(answer))
    # One plain term per distinct engine term: a term repeated across rows (a label, a
    # source, a datatype's IRI) is then one object, which pickle sends once and the parent
    # reads once (evidence-for-entity bound to the hub concept at 1,000 articles: 600 rows of
    # 24 terms, ~1 MB pickled before).
    seen: dict[Any, PlainTerm | None] = {}

    def plain_term(term: Any) -> PlainTerm | None:
        found = seen.get(term)
        if found is None:
            found = seen[term] = _plain_ox(term)
        return found

    if isinstance(answer, ox.QuerySolutions):
        names = tuple(v.value for v in answer.variables)
        rows, truncated = _cut(answer, limit)
        plain = tuple(tuple(plain_term(value) for value in row) for row in rows)
        return SandboxResult("SELECT", names, plain, truncated)
    triples, truncated = _cut(answer, limit)
    plain = tuple((plain_term(t.subject), plain_term(t.predicate), plain_term(t.object))
                  for t in triples)
    return SandboxResult("CONSTRUCT", ("subject", "predicate", "object"), plain, truncated)


def _plain_ox(term: Any) -> PlainTerm | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.datatype.value, term.language or "")
    raise ServiceError(f"The query returned a term painkg cannot pass on: {term}.")


def _answer_rdflib(store: GraphStore, query: str, limit: int | None) -> SandboxResult:
    result = store.query(query)
    if result.type == "ASK":
        return SandboxResult("ASK", (), (), False, bool(result.askAnswer))
    if result.type == "SELECT":
        names = tuple(str(v) for v in result.vars or [])
        rows, truncated = _cut(iter(result), limit)
        plain = tuple(tuple(_plain_rdflib(row[i]) for i in range(len(names))) for row in rows)
        return SandboxResult("SELECT", names, plain, truncated)
    assert result.graph is not None
    triples, truncated = _cut(iter(sorted(result.graph)), limit)
    plain = tuple(tuple(_plain_rdflib(t) for t in triple) for triple in triples)
    return SandboxResult("CONSTRUCT", ("subject", "predicate", "object"), plain, truncated)


def _plain_rdflib(term: Any) -> PlainTerm | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode", str(term))
    if isinstance(term, Literal):
        return ("literal", str(term), str(term.datatype or ""), term.language or "")
    raise ServiceError(f"The query returned a term painkg cannot pass on: {term!r}.")
