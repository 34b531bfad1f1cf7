"""The engine behind ``painkg serve``: an Oxigraph server child process on a loopback port.

``oxigraph serve-read-only`` (PyPI package ``oxigraph``) answers the SPARQL 1.1 Protocol with
content negotiation and a query timeout (``--timeout-s``); its default graph is the union of
the named graphs that ``painkg load`` materialised (see :mod:`painkg.store.oxigraph`; a store
built by another tool is served with ``--union-default-graph`` instead). It is bound to 127.0.0.1 on
a port only painkg's screening front talks to, because an Oxigraph server exposed directly cannot be
screened (it follows ``SERVICE`` to any address). On Linux the child is asked to die with
its parent (``PR_SET_PDEATHSIG``), so not even a killed ``painkg serve`` leaves an orphan.

Oxigraph's ``--timeout-s`` does not stop every query (measured with 0.5.13: a ``COUNT(*)`` over
a cartesian product kept a server thread busy long after the timeout), so the front gives up
on a query at its own deadline and :class:`EngineRotation` replaces the engine that ran it:
new queries go to a fresh engine over the same store (read-only openers may share it), and
the old one is stopped as soon as its other requests have been answered.
"""

from __future__ import annotations

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

from painkg.errors import ServiceError

__all__ = ["oxigraph_executable", "free_port", "EngineProcess", "EngineRotation"]

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


def _die_with_parent() -> Callable[[], None] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def _prctl() -> None:
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

    return _prctl


class EngineProcess:
    """``oxigraph serve-read-only`` over the store at ``location``, on 127.0.0.1."""

    def __init__(self, location: Path, timeout_s: float, union_view: bool = False) -> None:
        self.location = location
        self.timeout_s = timeout_s
        self.union_view = union_view
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would block it

    @property
    def query_url(self) -> str:
        """The engine's SPARQL query endpoint."""
        return f"http://127.0.0.1:{self.port}/query"

    def start(self) -> None:
        """Start the child and wait until it accepts connections; ServiceError if it fails."""
        self.port = free_port()
        command = [
            oxigraph_executable(), "serve-read-only", "--location", str(self.location),
            "--bind", f"127.0.0.1:{self.port}",
            "--timeout-s", str(max(1, int(round(self.timeout_s)))),
        ] + (["--union-default-graph"] if self.union_view else [])
        self.process = subprocess.Popen(  # noqa: S603 - fixed command, no shell
            command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            preexec_fn=_die_with_parent(),
        )
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.seek(0)
                err = " ".join(self._log.read().decode("utf-8", "replace").split())
                raise ServiceError(f"The Oxigraph engine did not start: {err or 'no message'}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise ServiceError(f"The Oxigraph engine did not start within {_START_TIMEOUT_S:g} s.")

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL after 5 s) and reap it."""
        process, self.process = self.process, None
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
