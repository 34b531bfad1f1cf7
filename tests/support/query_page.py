"""A real ``painkg serve`` for the query page tests (tests/serve/test_query_page_*.py)."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time

import httpx

__all__ = ["ASK", "PainkgServe"]

PAINKG = [sys.executable, "-c", "from painkg.cli import main; main()"]
ASK = "ASK { ?s ?p ?o }"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PainkgServe:
    """``painkg serve`` on a free loopback port, over the packaged graph (memory store)."""

    def __init__(self, *args: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen([*PAINKG, "serve", "--port", str(self.port), *args],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                output = self.output()
                self.stop()
                raise AssertionError(f"painkg serve did not start: {output!r}")
            time.sleep(0.2)

    def _answers(self) -> bool:
        try:
            return httpx.get(self.base + "/query", params={"query": ASK}, timeout=2,
                             trust_env=False).status_code == 200
        except httpx.HTTPError:
            return False

    def output(self) -> str:
        if self.log.closed:
            return ""
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
