"""Run a throw-away Virtuoso Open Source 7.2 on loopback, for tests (a second real engine
behind ``--store sparql:URL``; tests/test_store_battery.py runs the battery against it).

A module beside tests/support.py rather than inside it: tests/support is still a single
module on this branch (it becomes a package in the test reorganisation, where this file can
move to tests/support/virtuoso.py unchanged).

A :class:`VirtuosoServer` owns one scratch folder: its ``virtuoso.ini`` (derived from the
Debian package's ``/etc/virtuoso-opensource-7/virtuoso.ini``), the database, transaction
and log files, and the files handed to the bulk loader. Both of Virtuoso's listeners (SQL
for ``isql-vt``, HTTP for ``/sparql``) are bound to ``127.0.0.1`` on free ports; nothing
is ever sent to another address.

Typical use (a pytest fixture would wrap exactly this)::

    with VirtuosoServer.start(tmp_path / "virtuoso") as server:
        server.bulk_load(dump_path)          # Turtle into one graph, or TriG/N-Quads
        url = server.sparql_url              # http://127.0.0.1:PORT/sparql

Virtuoso's ``/sparql`` queries the union of all graphs when no default graph is named,
which is what painkg's ``sparql:URL`` store expects -- but "all graphs" includes Virtuoso's
own (``virtrdf#`` quad-map metadata, an OWL ontology, LDP, the service description: ~2,600
triples). So :meth:`VirtuosoServer.start` turns graph-level security on for the anonymous
``/sparql`` user (``nobody``: no graph readable by default) and :meth:`bulk_load` makes each
graph it loads readable; the endpoint's default graph is then exactly the loaded data.

Needs the Debian package ``virtuoso-opensource`` (``virtuoso-t`` and ``isql-vt``);
:func:`find_binaries` raises :class:`VirtuosoUnavailable` (a reason to skip) without it.
"""

from __future__ import annotations

import configparser
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

__all__ = [
    "DEBIAN_PACKAGE", "DEFAULT_TEMPLATE", "LOOPBACK", "VirtuosoBinaries", "VirtuosoError",
    "VirtuosoServer", "VirtuosoUnavailable", "binaries_or_skip", "find_binaries", "free_port",
    "write_ini",
]

#: The packaged configuration every scratch ``virtuoso.ini`` starts from.
DEFAULT_TEMPLATE = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
#: The only address a scratch Virtuoso listens on or is contacted at.
LOOPBACK = "127.0.0.1"
#: The bulk loader's file types (by extension) and what they hold.
LOADABLE_SUFFIXES = (".ttl", ".nt", ".trig", ".nq", ".owl", ".rdf")

#: The Debian package that ships ``virtuoso-t``, ``isql-vt`` and the ini template.
DEBIAN_PACKAGE = "virtuoso-opensource"

_DBA = ("dba", "dba")  # a fresh database's administrator; reachable on loopback only


class VirtuosoError(RuntimeError):
    """Virtuoso failed to start, load, answer or stop; the message says which and why."""


class VirtuosoUnavailable(VirtuosoError):
    """Virtuoso is not installed here (a test should skip, not fail)."""


@dataclass(frozen=True)
class VirtuosoBinaries:
    server: Path  # virtuoso-t
    isql: Path  # isql-vt
    template: Path  # the packaged virtuoso.ini


def find_binaries(template: Path = DEFAULT_TEMPLATE) -> VirtuosoBinaries:
    """The server, the SQL client and the ini template, or VirtuosoUnavailable."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    missing = [name for name, path in (("virtuoso-t", server), ("isql-vt", isql)) if not path]
    if not template.is_file():
        missing.append(str(template))
    if missing:
        raise VirtuosoUnavailable(
            f"Virtuoso is not installed ({', '.join(missing)} not found); "
            f"install the Debian package {DEBIAN_PACKAGE} (apt-get install {DEBIAN_PACKAGE})."
        )
    assert server and isql
    return VirtuosoBinaries(Path(server), Path(isql), template)


def binaries_or_skip() -> VirtuosoBinaries:
    """The binaries, or skip the calling test naming the Debian package to install.

    Under ``PAINKG_REQUIRE_TOOLS=1`` (CI installs every tool) the absence fails the test
    instead, through the shared helper ``support.tools.require_tool`` where it exists; this
    branch's tests/support is a single module without it, so the same rule is applied here.
    """
    import os

    import pytest

    try:
        from support.tools import require_tool  # type: ignore[import-not-found]
    except ImportError:
        require_tool = None
    if require_tool is not None:
        require_tool("virtuoso-t", DEBIAN_PACKAGE)
        require_tool("isql-vt", DEBIAN_PACKAGE)
    try:
        return find_binaries()
    except VirtuosoUnavailable as exc:
        if os.environ.get("PAINKG_REQUIRE_TOOLS", "") not in ("", "0"):
            pytest.fail(f"{exc} (PAINKG_REQUIRE_TOOLS is set, so a missing tool is a "
                        "failure)", pytrace=False)
        pytest.skip(str(exc))


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def write_ini(template: Path, folder: Path, sql_port: int, http_port: int) -> Path:
    """Write ``folder/virtuoso.ini``: the template with every file in ``folder``, both
    listeners on 127.0.0.1, ``folder`` in ``DirsAllowed`` and nothing that announces itself
    on the network or loads optional plugins.

    Values are rewritten key by key (comments and other settings are kept), so the file
    stays close to the packaged one a reader knows.
    """
    ini = configparser.ConfigParser(interpolation=None, strict=False,
                                    inline_comment_prefixes=(";",))
    ini.optionxform = str  # type: ignore[assignment,method-assign]  # keep key case
    ini.read(template, encoding="utf-8")
    db = folder / "db"
    settings: dict[str, dict[str, str]] = {
        "Database": {
            "DatabaseFile": str(db / "virtuoso.db"),
            "ErrorLogFile": str(db / "virtuoso.log"),
            "LockFile": str(db / "virtuoso.lck"),
            "TransactionFile": str(db / "virtuoso.trx"),
            "xa_persistent_file": str(db / "virtuoso.pxa"),
        },
        "TempDatabase": {
            "DatabaseFile": str(db / "virtuoso-temp.db"),
            "TransactionFile": str(db / "virtuoso-temp.trx"),
        },
        "Parameters": {
            "ServerPort": f"{LOOPBACK}:{sql_port}",
            "DirsAllowed": f"., {folder}",
            # Two shared cores: no more query threads than that, and a small buffer pool.
            "ThreadsPerQuery": "2",
            "NumberOfBuffers": "10000",
            "MaxDirtyBuffers": "6000",
        },
        "HTTPServer": {
            "ServerPort": f"{LOOPBACK}:{http_port}",
            "ServerRoot": str(folder / "vsp"),
            "DefaultMailServer": f"{LOOPBACK}:25",
        },
        "URIQA": {"DefaultHost": f"{LOOPBACK}:{http_port}"},
        # The packaged 10,000-row cap truncates answers silently; painkg applies its own.
        "SPARQL": {"ResultSetMaxRows": "1000000", "MaxQueryExecutionTime": "120"},
    }
    # Without a VAD folder a new database skips installing the Conductor web UI (3 s, and
    # a DAV/ graph of ~3,000 triples); the SPARQL endpoint does not need it.
    ini.remove_option("Parameters", "VADInstallDir")
    for section, values in settings.items():
        if not ini.has_section(section):
            ini.add_section(section)
        for key, value in values.items():
            ini.set(section, key, value)
    # Zero Config announces the server over multicast DNS; plugins are not needed.
    for section in ("Zero Config", "Plugins", "Striping", "Mono"):
        ini.remove_section(section)
    db.mkdir(parents=True, exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    path = folder / "virtuoso.ini"
    with path.open("w", encoding="utf-8") as out:
        ini.write(out)
    return path


@dataclass
class VirtuosoServer:
    """One running ``virtuoso-t`` on loopback, with its scratch folder."""

    folder: Path
    sql_port: int
    http_port: int
    binaries: VirtuosoBinaries
    process: subprocess.Popen[bytes]
    startup_seconds: float = 0.0
    _stopped: bool = field(default=False, repr=False)

    # --- lifecycle -------------------------------------------------------------------

    @classmethod
    def start(cls, folder: Path, *, timeout: float = 60.0,
              binaries: VirtuosoBinaries | None = None) -> VirtuosoServer:
        """Create ``folder`` (it must not hold a database yet), start Virtuoso in it, and
        return once ``/sparql`` answers a query. Raises VirtuosoError with the log's tail
        if the server exits or does not answer within ``timeout`` seconds."""
        binaries = binaries or find_binaries()
        folder = folder.resolve()
        if (folder / "db" / "virtuoso.db").exists():
            raise VirtuosoError(f"{folder} already holds a Virtuoso database; use a new folder.")
        folder.mkdir(parents=True, exist_ok=True)
        sql_port, http_port = free_port(), free_port()
        while http_port == sql_port:
            http_port = free_port()
        ini = write_ini(binaries.template, folder, sql_port, http_port)
        began = time.monotonic()
        with (folder / "virtuoso-t.out").open("wb") as console:
            process = subprocess.Popen(
                [str(binaries.server), "+configfile", str(ini), "+foreground"],
                cwd=folder, stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C in the test run is ours to pass on
            )
        server = cls(folder, sql_port, http_port, binaries, process)
        try:
            server._wait_until_up(began + timeout)
        except BaseException:
            server.stop()
            raise
        server.startup_seconds = time.monotonic() - began
        try:
            # Hide every graph from /sparql until bulk_load publishes it (see module doc).
            server.isql("DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0);")
        except BaseException:
            server.stop()
            raise
        return server

    def _wait_until_up(self, deadline: float) -> None:
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise VirtuosoError(
                    f"virtuoso-t exited with code {self.process.returncode} while starting "
                    f"in {self.folder}.\n{self.log_tail()}")
            try:
                if self.select_count("ASK { }") >= 0:
                    return
            except (OSError, VirtuosoError) as exc:  # refused, reset, or a maintenance page
                last = str(exc)
            time.sleep(0.2)
        raise VirtuosoError(f"Virtuoso in {self.folder} did not answer on {self.sparql_url} "
                            f"in time (last: {last}).\n{self.log_tail()}")

    def stop(self, timeout: float = 30.0) -> None:
        """Shut down cleanly (SQL ``shutdown``: checkpoint, then exit); SIGTERM, then SIGKILL,
        if it does not exit in time. Safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            try:
                self.isql("shutdown;", timeout=timeout, check=False)
            except VirtuosoError:
                pass
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    self.process.wait(timeout=timeout)
                    break
                except subprocess.TimeoutExpired:
                    self.process.send_signal(sig)
            self.process.wait(timeout=timeout)

    def __enter__(self) -> VirtuosoServer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # --- addresses and diagnostics ---------------------------------------------------

    @property
    def sparql_url(self) -> str:
        """The SPARQL 1.1 Protocol endpoint (default graph: the union of all graphs)."""
        return f"http://{LOOPBACK}:{self.http_port}/sparql"

    @property
    def log_path(self) -> Path:
        return self.folder / "db" / "virtuoso.log"

    def log_tail(self, lines: int = 20) -> str:
        """The last lines of Virtuoso's log (and console), for error messages."""
        texts = []
        for path in (self.log_path, self.folder / "virtuoso-t.out"):
            if path.is_file():
                tail = path.read_text("utf-8", "replace").splitlines()[-lines:]
                texts.append(f"--- {path.name} ---\n" + "\n".join(tail))
        return "\n".join(texts) or "(no log written)"

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    # --- SQL and SPARQL --------------------------------------------------------------

    def isql(self, sql: str, *, timeout: float = 300.0, check: bool = True) -> str:
        """Run SQL statements with ``isql-vt`` as dba; return its output. With ``check``,
        any ``*** Error`` in the output raises VirtuosoError quoting it."""
        command = [str(self.binaries.isql), f"{LOOPBACK}:{self.sql_port}", *_DBA,
                   "VERBOSE=OFF", "BANNER=OFF", f"exec={sql}"]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired as exc:
            raise VirtuosoError(f"isql-vt did not finish within {timeout:g} s: {sql}") from exc
        output = (done.stdout + done.stderr).decode("utf-8", "replace")
        errors = [line.strip() for line in output.splitlines() if line.startswith("*** Error")]
        if check and (errors or done.returncode != 0):
            detail = "; ".join(errors) or output.strip() or f"exit code {done.returncode}"
            raise VirtuosoError(f"isql-vt on port {self.sql_port} failed: {detail}\n"
                                f"SQL: {sql}")
        return output

    def sparql(self, query: str, *, accept: str = "application/sparql-results+json",
               timeout: float = 60.0) -> bytes:
        """POST ``query`` to ``/sparql``; return the body. An HTTP error becomes
        VirtuosoError with Virtuoso's own message."""
        request = urllib.request.Request(
            self.sparql_url, data=urllib.parse.urlencode({"query": query}).encode(),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
            method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return bytes(response.read())
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()
            exc.close()
            raise VirtuosoError(f"{self.sparql_url} answered HTTP {exc.code}: {body[:500]}") \
                from exc

    def select_count(self, query: str) -> int:
        """Run a SELECT or ASK query; the number of rows (1 or 0 for ASK)."""
        import json

        answer = json.loads(self.sparql(query))
        if "boolean" in answer:
            return int(bool(answer["boolean"]))
        return len(answer["results"]["bindings"])

    # --- graphs and bulk loading -----------------------------------------------------

    def graphs(self) -> set[str]:
        """Every graph that holds a triple, Virtuoso's own included (as dba)."""
        output = self.isql("SELECT DISTINCT id_to_iri(G) FROM DB.DBA.RDF_QUAD;")
        return {line.strip() for line in output.splitlines() if line.strip()}

    def publish(self, graphs: set[str] | list[str]) -> None:
        """Make ``graphs`` readable through ``/sparql`` (part of its union default graph)."""
        for graph in sorted(graphs):
            self.isql(f"DB.DBA.RDF_GRAPH_USER_PERMS_SET ({_sql_string(graph)}, 'nobody', 1);")

    def bulk_load(self, path: Path, graph: str = "urn:painkg:default") -> float:
        """Load one RDF file with Virtuoso's bulk loader and publish the graphs it created
        (:meth:`publish`); return the seconds the load took.

        The file is copied into the scratch folder (``DirsAllowed``). Turtle and
        N-Triples go into ``graph``; TriG and N-Quads keep their own graphs (their
        default-graph statements go into ``graph``). Raises VirtuosoError with the
        loader's message when the file does not load.
        """
        before = self.graphs()
        if path.suffix not in LOADABLE_SUFFIXES:
            raise VirtuosoError(f"{path}: the bulk loader reads {', '.join(LOADABLE_SUFFIXES)} "
                                "files (by extension)")
        inbox = self.folder / "load"
        inbox.mkdir(exist_ok=True)
        target = inbox / path.name
        shutil.copyfile(path, target)
        began = time.monotonic()
        self.isql(
            f"ld_dir({_sql_string(str(inbox))}, {_sql_string(path.name)}, "
            f"{_sql_string(graph)}); rdf_loader_run(); checkpoint;"
        )
        seconds = time.monotonic() - began
        report = self.isql(
            "SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list "
            f"WHERE ll_file = {_sql_string(str(target))} AND "
            "(ll_state <> 2 OR ll_error IS NOT NULL);"
        )
        if str(target) in report:
            raise VirtuosoError(f"the bulk loader did not load {path}: "
                                f"{' '.join(report.split())}")
        after = self.graphs()
        self.publish((after - before) | ({graph} & after))
        return seconds


def _sql_string(text: str) -> str:
    """A single-quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"
