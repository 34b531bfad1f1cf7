"""The engine behind ``painkg serve``: an Oxigraph server child process on a loopback port.

``oxigraph serve-read-only`` (PyPI package ``oxigraph``) answers the SPARQL 1.1 Protocol with
content negotiation and a query timeout (``--timeout-s``); its default graph is the union of
the named graphs that ``painkg load`` materialised (see :mod:`painkg.store.oxigraph`; a store
built by another tool is served with ``--union-default-graph`` instead). An Oxigraph server
exposed directly cannot be screened (it follows ``SERVICE`` to any address), so the engine
runs in a network namespace of its own (``unshare --net --map-root-user``,
:mod:`painkg.serve.private_engine`): its port exists only there, it has no route out, and
the front reaches it through a Unix socket in a folder only the serving user can open
(:func:`engine_transport`). Where namespaces are not permitted, the engine falls back to a
loopback port and ``painkg serve`` says so. On Linux the child is asked to die with its
parent (``PR_SET_PDEATHSIG``), so not even a killed ``painkg serve`` leaves an orphan.

Oxigraph's ``--timeout-s`` does not stop every query (measured with 0.5.13: a ``COUNT(*)`` over
a cartesian product kept a server thread busy long after the timeout), so the front gives up
on a query at its own deadline and :class:`EngineRotation` replaces the engine that ran it:
new queries go to a fresh engine over the same store (read-only openers may share it), and
the old one is stopped as soon as its other requests have been answered.
"""

from __future__ import annotations

import functools
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from painkg.errors import ServiceError

__all__ = ["oxigraph_executable", "free_port", "EngineProcess", "EngineRotation",
           "can_isolate", "engine_transport"]

_START_TIMEOUT_S = 20.0


def oxigraph_executable() -> str:
    """The ``oxigraph`` command (beside this Python first, then on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise ServiceError(
            "The Oxigraph server command 'oxigraph' was not found: install it with "
            "'pip install oxigraph' (a dependency of painkg)."
        )
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on ``host`` right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@functools.cache
def can_isolate() -> bool:
    """Whether this system lets painkg start a process in a private network namespace."""
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        return False
    try:
        done = subprocess.run([unshare, "--net", "--map-root-user", "true"],  # noqa: S603
                              capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _child_env() -> dict[str, str]:
    """The environment for ``python -m painkg.serve.private_engine``: the painkg running now
    must be the one imported there (an editable install elsewhere must not win)."""
    import painkg

    here = str(Path(painkg.__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": here + (os.pathsep + path if path else "")}


def engine_transport(resolve: Callable[[str], str | None], limits: Any) -> Any:
    """An httpx transport that sends a request for ``http://HOST/...`` over the Unix socket
    ``resolve(HOST)`` names (the engines' sockets), and any other host over TCP."""
    import httpx

    class _Router(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self._by_socket: dict[str | None, httpx.AsyncHTTPTransport] = {}

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            path = resolve(request.url.host)
            transport = self._by_socket.get(path)
            if transport is None:
                transport = httpx.AsyncHTTPTransport(uds=path, limits=limits)
                self._by_socket[path] = transport
            return await transport.handle_async_request(request)

        async def aclose(self) -> None:
            for transport in self._by_socket.values():
                await transport.aclose()

    return _Router()


def _die_with_parent() -> Callable[[], None] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def _prctl() -> None:
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

    return _prctl


class EngineProcess:
    """``oxigraph serve-read-only`` over the store at ``location``: in a private network
    namespace behind a Unix socket when the system allows (``isolated``), else on 127.0.0.1."""

    def __init__(self, location: Path, timeout_s: float, union_view: bool = False,
                 isolated: bool | None = None) -> None:
        self.location = location
        self.timeout_s = timeout_s
        self.union_view = union_view
        self.isolated = can_isolate() if isolated is None else isolated
        self.port = 0
        self.socket_path: str | None = None
        self._private: str | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would block it

    @property
    def host(self) -> str:
        """The host name requests to this engine carry (routed to its socket when isolated)."""
        return f"engine-{self.port}.invalid" if self.isolated else "127.0.0.1"

    @property
    def query_url(self) -> str:
        """The engine's SPARQL query endpoint (see :func:`engine_transport`)."""
        return f"http://{self.host}{'' if self.isolated else f':{self.port}'}/query"

    def _command(self) -> list[str]:
        engine = [
            oxigraph_executable(), "serve-read-only", "--location", str(self.location),
            "--bind", f"127.0.0.1:{self.port}",
            "--timeout-s", str(max(1, int(round(self.timeout_s)))),
        ] + (["--union-default-graph"] if self.union_view else [])
        if not self.isolated:
            return engine
        self._private = tempfile.mkdtemp(prefix="painkg-engine-")  # 0700: this user only
        self.socket_path = os.path.join(self._private, "engine.sock")
        return [shutil.which("unshare") or "unshare", "--net", "--map-root-user",
                sys.executable, "-m", "painkg.serve.private_engine", self.socket_path,
                str(self.port), "--", *engine]

    def _ready(self) -> bool:
        if self.socket_path is not None:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(0.5)
                sock.connect(self.socket_path)
            return True
        with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
            return True

    def start(self) -> None:
        """Start the child and wait until it accepts connections; ServiceError if it fails."""
        self.port = free_port()
        self.process = subprocess.Popen(  # noqa: S603 - fixed command, no shell
            self._command(), stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            preexec_fn=_die_with_parent(), env=_child_env() if self.isolated else None,
        )
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.seek(0)
                err = " ".join(self._log.read().decode("utf-8", "replace").split())
                raise ServiceError(f"The Oxigraph engine did not start: {err or 'no message'}")
            try:
                if self._ready():
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise ServiceError(f"The Oxigraph engine did not start within {_START_TIMEOUT_S:g} s.")

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL after 5 s) and reap it."""
        process, self.process = self.process, None
        if self._private is not None:
            shutil.rmtree(self._private, ignore_errors=True)
        if process is None:
            self._log.close()
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._log.close()


class EngineRotation:
    """The current engine over one store, replaced when a query on it overran its deadline.

    ``acquire()`` hands out the current engine for one request and ``release()`` returns it;
    ``release(engine, overran=True)`` has a replacement started (the overrunning query may
    still be running inside ``engine``) and ``engine`` stopped once no request is using it.
    Both calls only take a lock, so they are safe from the event loop and from cleanup code
    that may not wait. Engines are started and stopped by one long-lived thread: Linux sends
    ``PR_SET_PDEATHSIG`` when the *thread* that forked a child ends, so an engine started by
    a short-lived thread would be killed as soon as that thread finished.
    """

    def __init__(self, make: Callable[[], EngineProcess]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._users: dict[EngineProcess, int] = {}
        self._retired: set[EngineProcess] = set()
        self._replacing = False
        self._stopped = False
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._current = self._started()
        self._worker = threading.Thread(target=self._run_jobs, daemon=True,
                                        name="painkg-engines")
        self._worker.start()
        self._users[self._current] = 0
        #: How many engines were replaced after an overrun (for tests and messages).
        self.replaced = 0

    def _started(self) -> EngineProcess:
        engine = self._make()
        engine.start()
        return engine

    def _run_jobs(self) -> None:
        while (job := self._jobs.get()) is not None:
            job()

    def socket_for(self, host: str) -> str | None:
        """The Unix socket of the running engine whose requests carry ``host``, if any."""
        with self._lock:
            engines = list(self._users)
        return next((e.socket_path for e in engines if e.host == host), None)

    def transport(self, limits: Any) -> Any:
        """The httpx transport that reaches these engines (:func:`engine_transport`)."""
        return engine_transport(self.socket_for, limits)

    @property
    def isolated(self) -> bool:
        """Whether the engines run in a private network namespace."""
        return self._current.isolated

    def acquire(self) -> EngineProcess:
        """The engine to send one query to; give it back with :meth:`release`."""
        with self._lock:
            engine = self._current
            self._users[engine] += 1
            return engine

    def release(self, engine: EngineProcess, overran: bool = False) -> None:
        """Give ``engine`` back; after an overrun, replace it and stop it once it is idle."""
        with self._lock:
            self._users[engine] -= 1
            replace = (overran and engine is self._current and not self._replacing
                       and not self._stopped)
            if replace:
                self._replacing = True
            idle = self._idle_retired()
        if replace:
            self._jobs.put(lambda: self._replace(engine))
        self._stop_later(idle)

    def _idle_retired(self) -> list[EngineProcess]:
        """Retired engines no request uses any more, forgotten here (call with the lock)."""
        idle = [old for old in self._retired if self._users[old] == 0]
        for old in idle:
            self._retired.discard(old)
            del self._users[old]
        return idle

    def _stop_later(self, engines: list[EngineProcess]) -> None:
        for engine in engines:
            self._jobs.put(engine.stop)

    def _replace(self, engine: EngineProcess) -> None:
        try:
            fresh = self._started()
        except ServiceError:
            with self._lock:
                self._replacing = False  # the old engine stays current; retry next overrun
            return
        with self._lock:
            if self._stopped:
                idle = [fresh]
            else:
                self._current, self._users[fresh] = fresh, 0
                self._retired.add(engine)
                self.replaced += 1
                idle = self._idle_retired()
            self._replacing = False
        for old in idle:  # on the engines thread already
            old.stop()

    def stop(self) -> None:
        """Stop every engine (at shutdown) and wait for them to be gone."""
        with self._lock:
            self._stopped = True
            engines = [self._current, *self._retired]
            self._retired.clear()
        self._jobs.put(None)
        self._worker.join()  # a replacement being started is finished (and then stopped)
        for engine in engines:
            engine.stop()
