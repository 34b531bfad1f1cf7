"""A real ``painkg serve`` process on 127.0.0.1 for the server tests."""

from __future__ import annotations

import http.client
import signal
import socket
import subprocess
import sys
import tempfile
import time

from support import child_pids

__all__ = ["PAINKG", "Served", "free_port", "page_answers"]

#: ``painkg`` from this interpreter (there is no ``python -m painkg``).
PAINKG = [sys.executable, "-c", "from painkg.cli import main; main()"]


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Served:
    """A running ``painkg serve`` process (its output goes to a file: a pipe nobody reads
    would block the server once it filled up)."""

    def __init__(self, args: list[str], port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}/query"
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen([*PAINKG, "serve", "--port", str(port), *args],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                output = self.output()
                self.log.close()
                raise AssertionError(f"painkg serve exited: {output!r}")
            # the port listens before the engine is up; the query page answers once both are
            if self._page_answers():
                break
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError("painkg serve did not start")
            time.sleep(0.1)

    def _page_answers(self) -> bool:
        return page_answers(self.port)

    def children(self) -> list[int]:
        """Pids of the processes whose parent is the server, sorted."""
        return child_pids(self.process.pid)

    def output(self) -> str:
        """Everything the server wrote so far (stdout and stderr)."""
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self, sig: int = signal.SIGTERM) -> tuple[int, str]:
        self.process.send_signal(sig)
        self.process.wait(timeout=30)
        err = self.output()
        self.log.close()
        return self.process.returncode, err

    def kill(self) -> None:
        """Make sure the server is gone (after a failed assertion)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        if not self.log.closed:
            self.log.close()


def page_answers(port: int) -> bool:
    """Whether the page at ``/`` on 127.0.0.1:``port`` answers 200 (the connection is closed
    whatever happens: an error answer left open would leak its socket into a later test)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/")
        response = conn.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()
