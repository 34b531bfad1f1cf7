"""painkg.serve.private_engine: the engine behind ``painkg serve`` cannot be reached around
the screen: its TCP port exists
only in a private network namespace (a direct request from this machine is refused), and a
SERVICE query, sent through the front or even straight into the engine's Unix socket, makes
no outbound request (a listener on 127.0.0.1 that never accepts would see it queue).

Needs ``unshare --net --map-root-user`` (util-linux, and user namespaces enabled), as in CI.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from painkg.serve.engine import can_isolate
from support import child_pids
from support.server import page_answers

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not can_isolate(), reason="needs `unshare --net "
                                "--map-root-user` (util-linux; user namespaces enabled)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Unix(http.client.HTTPConnection):
    def __init__(self, path: str) -> None:
        super().__init__("engine", timeout=20)
        self.path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(20)
        self.sock.connect(self.path)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[int, list[str]]]:
    """A `painkg serve` of the packaged graph: its port and its engine's command line."""
    port = _free_port()
    log = tempfile.TemporaryFile()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    process = subprocess.Popen([sys.executable, "-c", "from painkg.cli import main; main()",
                                "serve", "--port", str(port)], stdout=log, stderr=log, env=env)
    try:
        deadline = time.monotonic() + 90
        while not page_answers(port):
            assert process.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.2)
        (relay,) = child_pids(process.pid)
        command = Path(f"/proc/{relay}/cmdline").read_bytes().decode().split("\0")
        assert os.readlink(f"/proc/{relay}/ns/net") != os.readlink("/proc/self/ns/net"), \
            "the engine runs in a network namespace of its own"
        yield port, command
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
        log.close()
        assert "Traceback" not in output, output


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, str]]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock, f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    sock.close()


def _no_connection(sock: socket.socket) -> None:
    sock.settimeout(0.5)
    try:
        conn, peer = sock.accept()
    except (TimeoutError, BlockingIOError):
        return
    conn.close()
    raise AssertionError(f"something connected to the listener (from {peer})")


def _engine_port(command: list[str]) -> int:
    bind = command[command.index("--bind") + 1]
    return int(bind.rsplit(":", 1)[1])


def test_the_engine_port_is_refused_from_this_machine(served: tuple[int, list[str]]) -> None:
    _, command = served
    assert "painkg.serve.private_engine" in command
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", _engine_port(command)), timeout=5).close()


def test_the_engine_socket_is_for_the_serving_user_only(served: tuple[int, list[str]]) -> None:
    _, command = served
    path = Path(command[command.index("painkg.serve.private_engine") + 1])
    assert (path.parent.stat().st_mode & 0o777) == 0o700
    assert (path.stat().st_mode & 0o777) == 0o600


def test_service_through_the_front_is_refused_and_calls_nobody(
        served: tuple[int, list[str]], listener: tuple[socket.socket, str]) -> None:
    port, _ = served
    sock, url = listener
    query = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request("GET", "/query?" + urllib.parse.urlencode({"query": query}))
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 403
    _no_connection(sock)


def test_service_sent_straight_to_the_engine_finds_no_network(
        served: tuple[int, list[str]], listener: tuple[socket.socket, str]) -> None:
    """Even a client of the serving user that skips the front cannot make the engine call
    out: the engine's namespace has no route to this machine's loopback."""
    _, command = served
    sock, url = listener
    engine = _Unix(command[command.index("painkg.serve.private_engine") + 1])
    query = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    engine.request("POST", "/query", body=query.encode(),
                   headers={"Content-Type": "application/sparql-query"})
    response = engine.getresponse()
    response.read()
    engine.close()
    _no_connection(sock)


def test_control_an_engine_on_loopback_does_call_out(
        tmp_path: Path, listener: tuple[socket.socket, str]) -> None:
    """The check above can fail: the same query sent to an engine on this machine's loopback
    (how painkg ran it before) reaches the listener."""
    from painkg.serve.engine import EngineProcess
    from painkg.store.load import build_store

    build_store(tmp_path / "store", [(REPO / "ontology" / "painkg.ttl", "urn:g")])
    engine = EngineProcess(tmp_path / "store", 5, isolated=False)
    engine.start()
    sock, url = listener
    try:
        conn = http.client.HTTPConnection("127.0.0.1", engine.port, timeout=3)
        query = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
        with pytest.raises(TimeoutError):  # the engine waits for the listener to answer
            conn.request("POST", "/query", body=query.encode(),
                         headers={"Content-Type": "application/sparql-query"})
            conn.getresponse()
        conn.close()
        with pytest.raises(AssertionError, match="connected"):
            _no_connection(sock)
    finally:
        engine.stop()
