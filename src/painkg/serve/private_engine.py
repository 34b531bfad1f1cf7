"""Run the Oxigraph engine where only ``painkg serve`` can reach it.

Started by :class:`painkg.serve.engine.EngineProcess` inside a new network namespace
(``unshare --net --map-root-user``), this program brings the namespace's loopback up, starts
``oxigraph serve-read-only`` on it, and relays a Unix socket (in a folder only the serving
user can open) to that port. Nothing outside the namespace can connect to the engine's TCP
port, and the engine cannot connect anywhere outside it: a ``SERVICE`` that slipped past
the screen would find no network.

Usage: ``python -m painkg.serve.private_engine SOCKET PORT -- OXIGRAPH-COMMAND...``
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
import socket
import struct
import subprocess
import sys
import time

__all__ = ["main", "loopback_up"]

_SIOCGIFFLAGS = 0x8913
_SIOCSIFFLAGS = 0x8914
_IFF_UP = 0x1
_CHUNK = 64 * 1024


def loopback_up() -> None:
    """Bring ``lo`` up (a new network namespace starts with it down)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(sock, _SIOCGIFFLAGS, request)[:18])[1]
        fcntl.ioctl(sock, _SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | _IFF_UP))


def _die_with_parent() -> None:
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(_CHUNK):
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(OSError, RuntimeError):
            writer.close()


async def _relay(port: int, client_r: asyncio.StreamReader,
                 client_w: asyncio.StreamWriter) -> None:
    try:
        engine_r, engine_w = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        client_w.close()
        return
    await asyncio.gather(_pipe(client_r, engine_w), _pipe(engine_r, client_w))


async def _serve(path: str, port: int, engine: subprocess.Popen[bytes]) -> None:
    server = await asyncio.start_unix_server(
        lambda r, w: _relay(port, r, w), path=path)
    os.chmod(path, 0o600)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with server:
        while not stop.is_set() and engine.poll() is None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)


def _wait_for(port: int, engine: subprocess.Popen[bytes], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and engine.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def main(argv: list[str]) -> int:
    """Bring loopback up, start the engine on PORT, relay SOCKET to it until SIGTERM."""
    if len(argv) < 4 or argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    path, port, command = argv[0], int(argv[1]), argv[3:]
    loopback_up()
    engine = subprocess.Popen(command, stdin=subprocess.DEVNULL,  # noqa: S603 - fixed command
                              preexec_fn=_die_with_parent)
    try:
        if not _wait_for(port, engine, 20.0):
            return 1
        asyncio.run(_serve(path, port, engine))
        return 0
    finally:
        if engine.poll() is None:
            engine.terminate()
            try:
                engine.wait(timeout=5)
            except subprocess.TimeoutExpired:
                engine.kill()
        with contextlib.suppress(OSError):
            os.unlink(path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
