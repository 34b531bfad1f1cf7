"""Running a user-supplied SPARQL query in a worker process with a kill timer.

Neither rdflib nor pyoxigraph can stop a query in-process, and signals do not interrupt
native code, so a runaway query (an unbounded property path, a cartesian product) is run in
a forked worker that is killed when its time is up. Forking lets the worker inherit the
already-loaded store: an in-memory Oxigraph store is shared copy-on-write, an on-disk one
through its open handle (both checked in ``tests/query/test_worker.py``); a ``sparql:URL``
store's HTTP client is bounded the same way. A memory store keeps one worker for its lifetime
(:class:`_KeptWorker`: reading Oxigraph's in-memory store copies the pages it touches, which a
worker per query paid again on every query); the others get a worker per query. Only plain
data crosses the process boundary: each term is a tuple of strings (``("iri", iri)``,
``("bnode", id)``, ``("literal", lexical, datatype, language)``), never a pickled engine
object. Screen the query first
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
import threading
import weakref
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
    timeout_message = (f"The query ran longer than {timeout:g} s and was stopped; narrow it "
                       f"(fewer unbound patterns, a bounded property path, a LIMIT) or raise "
                       f"--timeout.")
    if _keeps_worker(store):
        message = _ask_kept(store, query, limit, timeout, timeout_message)
    else:
        message = _in_worker(_worker, (store, query, limit), timeout, timeout_message, "query")
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


# --- the kept worker of a memory store ------------------------------------------------


def _keeps_worker(store: GraphStore) -> bool:
    """Whether ``store``'s queries go to one worker kept for the store's lifetime.

    Only an in-memory Oxigraph store: reading it writes to the pages that hold it (measured at
    1,000 articles: 23k-85k copy-on-write faults on a worker's first query, 150-700 ms, then
    almost none for the same query again in the same worker), and forking and reaping a
    ~500 MiB parent adds ~20 + ~40 ms. An on-disk store's parent is small (fork and reap
    ~2 ms each) and its pages are RocksDB's files, shared without copying: a worker per query
    costs little there and keeps the plainest guarantees.
    """
    from painkg.store import OxigraphStore

    return isinstance(store, OxigraphStore) and store.spec.kind == "memory"


#: The kept worker of each live store (dropped, and the worker ended, with the store).
_KEPT: weakref.WeakKeyDictionary[GraphStore, _KeptWorker] = weakref.WeakKeyDictionary()
_KEPT_LOCK = threading.Lock()


def _ask_kept(store: GraphStore, query: str, limit: int | None, timeout: float,
              timeout_message: str) -> tuple[Any, ...]:
    """``query``'s message from the store's kept worker; a worker found dead before the query
    reached it (the OOM killer may pick an idle one) is replaced once."""
    try:
        return _kept_worker(store).ask(query, limit, timeout, timeout_message)
    except _WorkerGone:
        pass
    try:
        return _kept_worker(store).ask(query, limit, timeout, timeout_message)
    except _WorkerGone:
        raise ServiceError("The query worker stopped as soon as it was started; it may need "
                           "more memory than is available.") from None


def _kept_worker(store: GraphStore) -> _KeptWorker:
    """The store's kept worker, forked now if it has none, or none that still sees the store
    as it is (a load since its fork: the worker's copy is the store as it was then)."""
    store.before_fork()  # syncs the union first: that is a change the worker must see
    generation = store.generation
    with _KEPT_LOCK:
        worker = _KEPT.get(store)
        if worker is not None and worker.owner != os.getpid():
            worker = None  # inherited by a forked process: the worker answers its parent only
        if worker is not None and (worker.generation != generation or not worker.alive):
            worker.retire()
            worker = None
        if worker is None:
            worker = _KEPT[store] = _KeptWorker(store, generation)
            weakref.finalize(store, worker.retire).atexit = False  # exit closes its pipe too
    return worker


class _KeptWorker:
    """A worker forked once from a memory store's process and kept while the store lives,
    answering that store's queries one at a time through a pair of pipes.

    The guarantees are those of a worker per query: a query past its time limit kills the
    worker (SIGKILL, then reaped) and the next query forks a new one; a worker that dies
    (the kernel's OOM killer, a crash in the engine) is reported as a ServiceError and
    replaced, never taking the parent down; only plain data crosses, as
    :func:`_query_message` makes it. What changes is that the copy-on-write faults are paid
    once per page per worker rather than once per page per query, and that the parent no
    longer waits for a worker's exit after each answer. The worker's copied pages stay with
    it while it lives: at most another copy of the store's touched pages.
    """

    def __init__(self, store: GraphStore, generation: int) -> None:
        import pickle  # noqa: F401 - once, before the fork: both sides use it

        self.generation = generation
        self.owner = os.getpid()  # only the process that forked it may end or reap it
        self.lock = threading.Lock()  # one query at a time on the pipes
        request_read, self.request_write = os.pipe()
        self.reader, reply_write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            try:
                import signal

                # Ctrl-C reaches the whole process group: the parent decides (it kills a
                # worker whose query it interrupts; an idle one reads EOF when it exits).
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                os.close(self.request_write)
                os.close(self.reader)
                for other in list(_KEPT.values()):
                    other.close_pipes()  # only the parent may hold another worker's pipes
                _serve(store, request_read, reply_write)
            finally:
                os._exit(0)
        os.close(request_read)
        os.close(reply_write)
        self.alive = True

    def ask(self, query: str, limit: int | None, timeout: float,
            timeout_message: str) -> tuple[Any, ...]:
        """The worker's message for ``query``; QueryTimeoutError (the worker killed) when it
        is not there within ``timeout`` seconds, a ServiceError when the worker died."""
        with self.lock:
            if not self.alive:
                raise ServiceError("The query worker was stopped; run the query again.")
            if os.waitpid(self.pid, os.WNOHANG)[0]:  # it ended while idle (and is now reaped)
                self.alive = False
                self.close_pipes()
                raise _WorkerGone
            try:
                _write_frame(self.request_write, (query, limit))
                if not _readable(self.reader, timeout):
                    raise QueryTimeoutError(timeout_message)
                message: tuple[Any, ...] = _read_frame(self.reader)
                return message
            except EOFError:
                status = self.kill()
                raise ServiceError(
                    f"The query worker stopped without an answer (exit code {status}); it may "
                    f"need more memory than is available. Narrow the query.") from None
            except BrokenPipeError:
                self.kill()
                raise _WorkerGone from None
            except BaseException:
                self.kill()  # a timeout, or an interrupt while it ran: its state is unknown
                raise

    def close_pipes(self) -> None:
        """Close this side's pipe ends (idempotent); an idle worker then reads EOF and exits."""
        for fd in (self.request_write, self.reader):
            try:
                os.close(fd)
            except OSError:
                pass
        self.request_write = self.reader = -1

    def kill(self) -> int | None:
        """Kill the worker now and reap it; its exit code (negative: the signal)."""
        if not self.alive or os.getpid() != self.owner:
            return None
        import signal

        self.alive = False
        self.close_pipes()
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it has ended by itself; still to be reaped
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)

    def retire(self) -> None:
        """End the worker once it is idle: it reads EOF on its request pipe and exits; then
        reaped."""
        with self.lock:  # a query another thread is running finishes first
            if not self.alive or os.getpid() != self.owner:
                return
            self.alive = False
            self.close_pipes()
            os.waitpid(self.pid, 0)


class _WorkerGone(Exception):
    """The kept worker had exited before it was given the query (it has been reaped)."""


def _write_frame(fd: int, message: object) -> None:
    """One pickled message, its length first (the pipes carry many messages)."""
    import pickle

    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int) -> Any:
    """The next message :func:`_write_frame` wrote; EOFError when the writer is gone."""
    import pickle

    size = int.from_bytes(_read_exactly(fd, 8), "little")
    return pickle.loads(_read_exactly(fd, size))


def _readable(fd: int, timeout: float) -> bool:
    """Whether ``fd`` has data (or its writer is gone) within ``timeout`` seconds."""
    import math
    import select

    poller = select.poll()
    poller.register(fd, select.POLLIN)
    # poll takes whole milliseconds as a C int: round up, and cap at about 24 days
    return bool(poller.poll(min(max(0, math.ceil(timeout * 1000)), 2**31 - 1)))


def _serve(store: GraphStore, requests: int, replies: int) -> None:
    """The kept worker's loop: answer each request until the parent closes the pipe."""
    while True:
        try:
            query, limit = _read_frame(requests)
        except EOFError:
            return
        _write_frame(replies, _query_message(store, query, limit))


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
        conn.send(_query_message(store, query, limit))
        conn.close()
    finally:
        # Skip atexit handlers and destructors inherited from the parent (an on-disk store
        # must be flushed by its owner only).
        os._exit(0)


def _query_message(store: GraphStore, query: str, limit: int | None) -> tuple[Any, ...]:
    """The one message a worker sends for ``query``: its answer or its error, as plain data."""
    try:
        result = _answer(store, query, limit)
        return ("ok", result.kind, result.vars, result.rows, result.truncated, result.boolean)
    except PainKGError as exc:
        return ("error", type(exc).__name__, exc.message)
    except SyntaxError as exc:
        return ("error", "UsageError", f"The SPARQL query does not parse: {exc}")
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one paragraph
        return ("error", "ServiceError",
                f"The query failed in the engine: {type(exc).__name__}: {exc}")


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
