"""``painkg serve``: a read-only SPARQL 1.1 Protocol endpoint with a screen in front.

Design: the engine is the Oxigraph server (``oxigraph serve-read-only``, see
:mod:`painkg.serve.engine`) on a private loopback port; in front of it a small Starlette app
run by uvicorn takes every request, applies ``painkg.query.screen.screen_query`` (the same screen
as ``painkg query run``) and the protocol's read-only rules, and only then forwards the
query with httpx. Nothing unscreened reaches an engine: the Oxigraph server (like every
engine we use) follows ``SERVICE <url>`` to any address. With ``--store sparql:URL`` the
front forwards to that endpoint instead of starting an engine.
"""

from __future__ import annotations

import ipaddress
import shutil
import signal
import socket
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from painkg.errors import ServiceError
from painkg.store import StoreSpec, is_oxigraph_store

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "DEFAULT_TIMEOUT_S", "MAX_BODY_BYTES", "ServeOptions",
           "is_loopback", "bind_socket", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30.0
#: Largest request body (and GET query) accepted; anything longer gets 413.
MAX_BODY_BYTES = 64 * 1024


@dataclass(frozen=True)
class ServeOptions:
    """How ``painkg serve`` runs."""

    spec: StoreSpec
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_body: int = MAX_BODY_BYTES
    #: Origins allowed by CORS (``*``: any; the endpoint is read-only).
    cors_origins: tuple[str, ...] = ("*",)


class _Stopped(Exception):
    """SIGINT or SIGTERM arrived: unwind, stop the engine, clean up."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (or ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; a clear ServiceError when it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == 98:  # EADDRINUSE
            raise ServiceError(
                f"Port {port} on {host} is already in use: stop the other server or choose "
                f"another port with --port."
            ) from exc
        raise ServiceError(f"Cannot listen on {host}:{port}: {exc.strerror or exc}.") from exc
    sock.set_inheritable(False)
    return sock


def serve(options: ServeOptions, say: Callable[[str], None] | None = None) -> None:
    """Serve the store read-only until SIGINT or SIGTERM; the engine is always stopped."""
    say = say or (lambda text: print(text, file=sys.stderr, flush=True))
    previous = {sig: signal.signal(sig, _raise_stopped) for sig in (signal.SIGINT, signal.SIGTERM)}
    engine = None
    scratch: Path | None = None
    sock: socket.socket | None = None
    try:
        from painkg.serve.query_page import with_query_page
        from painkg.serve.screening_app import create_app  # fails closed when the screen is missing

        sock = bind_socket(options.host, options.port)
        upstream, engine, scratch = _start_engine(options)
        app = create_app(upstream, timeout_s=options.timeout_s, max_body=options.max_body,
                         label=str(options.spec))
        app = with_query_page(app, label=str(options.spec), cors_origins=options.cors_origins)
        base = f"http://{_url_host(options.host)}:{options.port}"
        if not is_loopback(options.host):
            say(f"painkg serve: warning: listening on {options.host}, not loopback: anyone who "
                f"can reach this machine can query the graph.")
        if engine is not None and not engine.isolated:
            say("painkg serve: warning: this system does not allow a private network namespace "
                "(unshare --net --map-root-user), so the Oxigraph engine listens on a loopback "
                "port that other local users could query unscreened.")
        say(f"painkg serve: SPARQL endpoint {base}/query (store {options.spec}), query page "
            f"{base}/ , CORS origin {' '.join(options.cors_origins)}; stop with Ctrl-C.")
        _run_uvicorn(app, sock)
    except _Stopped:
        pass
    finally:
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)  # a second signal must not interrupt cleanup
        if engine is not None:
            engine.stop()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        if sock is not None:
            sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    say("painkg serve: stopped.")


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise _Stopped(signum)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _start_engine(options: ServeOptions) -> tuple[Any, Any, Path | None]:
    """Where queries go (a URL, or the engines), the engines to stop (if any) and a scratch
    folder (if any)."""
    from painkg.serve.engine import EngineProcess, EngineRotation

    spec = options.spec
    if spec.kind == "sparql":
        from painkg.store import SparqlEndpointStore

        SparqlEndpointStore(spec, timeout=options.timeout_s).ping()
        return spec.location or "", None, None
    scratch = Path(tempfile.mkdtemp(prefix="painkg-serve-")) if spec.kind == "memory" else None
    engine = None
    try:
        if scratch is not None:
            from painkg.store.load import build_store

            location = scratch / "store"
            build_store(location)
        else:
            location = Path(spec.location or "")
            if not is_oxigraph_store(location):
                raise ServiceError(
                    f"{location} is not an Oxigraph store: build it with "
                    f"'painkg load --store oxigraph:{location}'."
                )
        union_view = not _holds_union(location)
        engine = EngineRotation(lambda: EngineProcess(location, options.timeout_s, union_view))
    except BaseException:
        if engine is not None:
            engine.stop()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        raise
    return engine, engine, scratch


def _holds_union(location: Path) -> bool:
    """Whether the store's default graph is its materialised union (``painkg load`` builds
    it so); a store built by another tool is served with Oxigraph's union view instead."""
    from painkg.store import OxigraphStore, open_store

    store = open_store(f"oxigraph:{location}")
    try:
        return isinstance(store, OxigraphStore) and store.union_materialised
    finally:
        store.close()
        del store


def _run_uvicorn(app: Any, sock: socket.socket) -> None:
    import uvicorn

    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="on",
        timeout_graceful_shutdown=5, limit_concurrency=64, server_header=False,
    )
    # uvicorn re-raises the signal after its graceful shutdown; our handler turns that into
    # _Stopped, so the engine is stopped by serve()'s finally block.
    uvicorn.Server(config).run(sockets=[sock])
