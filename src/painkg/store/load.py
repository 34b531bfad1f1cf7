"""Building painkg's graph in a store from the packaged files or from user files.

Layout of named graphs (queries see their union as the default graph):
``pkr:graph/ontology`` the OWL vocabulary; ``pkr:graph/<article-slug>`` one article's
document layer and curated layer (``data/graph/<slug>.<layer>.ttl``).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from painkg.errors import InputError, ServiceError
from painkg.namespaces import PKR, graph_iri
from painkg.resources import data_dir, ontology_files
from painkg.store.base import GraphStore, ox_format, parse_error
from painkg.store.open import is_empty_dir, is_oxigraph_store, open_store
from painkg.store.oxigraph import OxigraphStore

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["ONTOLOGY_GRAPH", "packaged_files", "load_packaged", "load_files", "expand_paths",
           "graph_for_file", "LoadReport", "build_store", "files_for_paths", "store_lock",
           "lock_path"]

ONTOLOGY_GRAPH = str(PKR["graph/ontology"])

_FORMATS = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig"}


def graph_for_file(path: Path) -> str:
    """The named graph a data file goes to: ``<slug>.<layer>.ttl`` -> the article's graph."""
    return graph_iri(path.name.split(".", 1)[0])


def packaged_files() -> list[tuple[Path, str]]:
    """The ontology and data files of the packaged graph, each with its target graph, sorted."""
    files = [(p, ONTOLOGY_GRAPH) for p in ontology_files()]
    graph_dir = data_dir() / "graph"
    for path in sorted(graph_dir.glob("*")):
        if path.suffix in _FORMATS:
            files.append((path, graph_for_file(path)))
    return files


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and RDF files found (recursively) in named folders, sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in _FORMATS))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError("no such file or folder", path=str(path))
    return found


def load_files(
    store: OxigraphStore, files: Iterable[tuple[Path, str]],
) -> None:
    """Parse each file into its graph; a syntax error raises InputError naming line and column."""
    for path, graph in files:
        from painkg.store.input_formats import (
            input_format,  # refuses RDF/XML, TriX, JSON-LD with the reason
        )

        fmt = input_format(path)
        store.load(path, graph, fmt)


def load_packaged(store: GraphStore | None = None) -> OxigraphStore:
    """A store holding the packaged ontology and data (a fresh in-memory one by default)."""
    target = store if store is not None else open_store("memory")
    assert isinstance(target, OxigraphStore), "only Oxigraph stores can be loaded"
    load_files(target, packaged_files())
    return target


def files_for_paths(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """User-named files and folders, each file with the graph ``graph_for_file`` gives it."""
    return [(path, graph_for_file(path)) for path in expand_paths(paths)]


@dataclass(frozen=True)
class LoadReport:
    """What ``build_store`` did."""

    store: str
    files: int
    quads: int
    triples: int
    replaced: bool
    #: Scratch folders of earlier loads that were killed, removed before this one began.
    removed: tuple[str, ...] = ()


def lock_path(target: Path) -> Path:
    """The lock file beside a store: ``.<name>.lock`` (kept; removing it would race)."""
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def store_lock(target: Path) -> Iterator[None]:
    """Hold the one-writer lock of the store at ``target`` (an ``flock`` on
    :func:`lock_path`, released by the kernel however the process ends). When another
    process holds it, a ServiceError (exit 3) names that process; loads never queue silently.
    """
    path = lock_path(target)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ServiceError(f"Cannot create the lock {path}: {exc.strerror or exc}.") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise ServiceError(
                f"{target} is being loaded by another painkg load (process {holder}, lock "
                f"{path}); nothing was loaded. Wait for it to finish, then run painkg load "
                f"again.") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _remove_stale_scratch(target: Path) -> tuple[str, ...]:
    """Remove scratch and old-store folders of killed loads (called with the lock held, so
    no other load can be using them)."""
    stale = sorted(p for pattern in (f".{target.name}.loading-*", f".{target.name}.old-*")
                   for p in target.parent.glob(pattern) if p.is_dir())
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return tuple(str(p) for p in stale)


def build_store(target: Path, files: list[tuple[Path, str]] | None = None) -> LoadReport:
    """(Re)build the on-disk Oxigraph store at ``target`` from ``files`` (packaged by default).

    The new store is built in a scratch folder beside ``target`` and swapped in by rename only
    once every file has loaded, so a failed or interrupted load leaves the previous store
    intact and usable. ``target`` must be absent, empty, or an Oxigraph store (a folder
    holding anything else is a ServiceError and is never touched). One load at a time: a
    second one while this runs is a ServiceError naming this process (:func:`store_lock`),
    and scratch folders that killed loads left beside ``target`` are removed first.
    """
    files = packaged_files() if files is None else files
    if not files:
        raise InputError("no RDF files to load (.ttl, .nt, .nq or .trig)")
    target = Path(os.path.abspath(target))
    existed = target.exists()
    if existed and not (is_oxigraph_store(target) or is_empty_dir(target)):
        raise ServiceError(
            f"{target} exists and is not an Oxigraph store; painkg load will not replace it. "
            f"Choose a new path or an existing painkg store."
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ServiceError(f"Cannot create a store beside {target}: "
                           f"{exc.strerror or exc}.") from exc
    with store_lock(target):
        removed = _remove_stale_scratch(target)
        report = _build_locked(target, files, existed)
    return LoadReport(report.store, report.files, report.quads, report.triples, report.replaced,
                      removed)


def _build_locked(target: Path, files: list[tuple[Path, str]], existed: bool) -> LoadReport:
    """The body of :func:`build_store`, run while holding the store's lock."""
    import pyoxigraph as ox

    from painkg.atomic import removable_on_sigterm

    with removable_on_sigterm():  # a SIGTERM mid-load removes the scratch store too
        try:
            scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.loading-",
                                            dir=target.parent))
        except OSError as exc:
            raise ServiceError(f"Cannot create a store beside {target}: "
                               f"{exc.strerror or exc}.") from exc
        try:
            store = ox.Store(str(scratch))
            # One bulk-load call per chunk of files: each call costs ~40 ms (one call per file
            # made 1,000 articles load in 160 s), and one call for everything holds the whole
            # wiki in the loader's buffers (1.3 GiB at 1,000 articles; ~150 MB in chunks).
            for start in range(0, len(files), _FILES_PER_BULK_LOAD):
                store.bulk_extend(_quads_with_union(files[start:start + _FILES_PER_BULK_LOAD]))
            (row,) = store.query(_COUNT_DEFAULT)  # type: ignore[misc]
            triples = int(row["n"].value)
            quads = len(store) - triples
            # Each bulk-load call leaves its own sorted files; compacting them once here makes
            # every later read 2.5-3x faster (1,000 articles: glossary 241 -> 90 ms, +1.2 s).
            store.optimize()
            store.flush()
            del store  # releases RocksDB's lock before the folder is renamed
            gc.collect()
            _swap(scratch, target)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
    return LoadReport(f"oxigraph:{target}", len(files), quads, triples, existed)


_FILES_PER_BULK_LOAD = 100

# The materialised union in the default graph (painkg.store.base) holds each triple once.
_COUNT_DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _quads_with_union(files: list[tuple[Path, str]]) -> Iterator[ox.Quad]:
    """Every quad of ``files`` in its named graph, each followed by its copy in the default
    graph, which so becomes the union of the named graphs (see :mod:`painkg.store.base`)."""
    import pyoxigraph as ox

    from painkg.store.input_formats import (
        input_format,  # refuses RDF/XML, TriX, JSON-LD with the reason
    )

    for path, graph in files:
        fmt = input_format(path)
        name = ox.NamedNode(graph)
        try:
            for item in ox.parse(path=str(path), format=ox_format(fmt)):
                if isinstance(item, ox.Triple) or isinstance(item.graph_name, ox.DefaultGraph):
                    item = ox.Quad(item.subject, item.predicate, item.object, name)
                yield item
                # No graph argument means the default graph; passing ox.DefaultGraph() costs
                # ~1 s more over 1,000 articles' 590k quads (pyoxigraph converts it each time).
                yield ox.Quad(item.subject, item.predicate, item.object)
        except (SyntaxError, OSError, ValueError, MemoryError) as exc:
            raise parse_error(exc, path, fmt) from exc


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target``; on any failure the old ``target`` is restored."""
    if not target.exists():
        os.rename(new, target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
