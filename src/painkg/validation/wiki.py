"""Validating a wiki article by article: in parallel, and only what changed since last time.

An *article unit* is every data file whose name starts with one slug (``<slug>.document.trig``,
``<slug>.curated.ttl``, …): its own graph plus, in the TriG, the shared ``pk:Source`` nodes it
references. Each unit is loaded with the packaged ontology into its own in-memory store and
checked as ``painkg validate`` checks the whole graph (SHACL shapes, then the QC queries),
which costs tens of milliseconds per article instead of growing with the wiki (ENGINES.md).

Results are cached as JSON, one file per content hash of the unit's files (names and bytes)
and of everything else the answer depends on: the ontology, the shapes, the QC queries, the
validation code and the painkg and pyshacl versions. An unchanged article is read back from
the cache and never validated again; the cache lives in ``$XDG_CACHE_HOME/painkg`` (else
``~/.cache/painkg``) unless a folder is named. Units not in the cache are validated in worker
processes, one per core, when there are enough of them to pay for starting the workers.

``painkg validate`` of the packaged graph uses the same cache (:func:`validate_packaged`): its
key is the packaged data files' names and bytes plus the same environment digest, so an
unchanged graph is answered from the cache without loading pyshacl or the graph.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from painkg.validation.report import ValidationReport

__all__ = ["ArticleUnit", "ArticleReport", "article_units", "default_cache_dir",
           "environment_digest", "unit_key", "validate_unit", "validate_articles",
           "PackagedReport", "packaged_key", "validate_packaged"]

Progress = Callable[[int], None]
_CACHE_FORMAT = 2
#: A worker costs about what validating two or three articles does (imports, shapes; measured
#: with benchmarks/validate_wall.py), so by default one starts per this many articles to do.
_UNITS_PER_WORKER = 6


@dataclass(frozen=True)
class ArticleUnit:
    """The files of one article (or of another graph such as the crosswalk), by name prefix."""

    name: str
    files: tuple[Path, ...]


@dataclass
class ArticleReport:
    """One unit's validation report, its cache key and whether it came from the cache."""

    name: str
    files: tuple[Path, ...]
    key: str
    cached: bool
    report: ValidationReport

    def conforms(self, fail_on: str = "violation") -> bool:
        """True when no result is at or above ``fail_on``."""
        return self.report.conforms(fail_on)


def article_units(paths: Iterable[str | Path]) -> list[ArticleUnit]:
    """RDF files and folders grouped by the slug their names start with, sorted by slug."""
    from painkg.store.load import expand_paths

    groups: dict[str, list[Path]] = {}
    for path in expand_paths(paths):
        groups.setdefault(path.name.split(".", 1)[0], []).append(path)
    return [ArticleUnit(name, tuple(sorted(set(files), key=lambda p: (p.name, str(p)))))
            for name, files in sorted(groups.items())]


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/painkg``, else ``~/.cache/painkg``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "painkg"


@functools.lru_cache(maxsize=1)
def environment_digest() -> str:
    """SHA-256 of everything besides the data that a validation result depends on."""
    from importlib.metadata import version

    from painkg import __version__
    from painkg import sparql_tokens as tokens
    from painkg.resources import ontology_files, shapes_file
    from painkg.validation import prebinding, qc, report, shacl_sparql, validate
    from painkg.validation.qc import qc_queries

    digest = hashlib.sha256(f"painkg {__version__}; pyshacl {version('pyshacl')}; "
                            f"cache {_CACHE_FORMAT}".encode())
    code = [Path(m.__file__ or "")
            for m in (qc, report, validate, shacl_sparql, prebinding, tokens)]
    code.append(Path(__file__))
    for path in [*ontology_files(), shapes_file(), *(q.path for q in qc_queries()), *code]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def unit_key(unit: ArticleUnit) -> str:
    """The cache key of a unit: its files' names and bytes plus :func:`environment_digest`."""
    from painkg.errors import InputError

    digest = hashlib.sha256(environment_digest().encode())
    for path in unit.files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot be read: {exc.strerror or exc}", path=str(path)) from exc
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class PackagedReport:
    """The packaged graph's validation report, its cache key and whether it was cached."""

    key: str
    cached: bool
    report: ValidationReport


def packaged_key() -> str:
    """The cache key of the packaged graph: its data files (the ontology is in
    :func:`environment_digest`, like the shapes, QC queries and validation code)."""
    from painkg.store.load import packaged_files

    files = tuple(path for path, _ in packaged_files())
    return unit_key(ArticleUnit("packaged graph", files))


def validate_packaged(cache_dir: str | Path | None = None, *,
                      use_cache: bool = True) -> PackagedReport:
    """``painkg validate`` of the packaged graph, read from the cache when nothing it depends
    on changed (:func:`packaged_key`), else validated whole and cached."""
    from painkg.store.load import load_packaged
    from painkg.validation.validate import validate_store

    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    key = packaged_key()
    hit = _read_cache(cache, key) if use_cache else None
    if hit is not None:
        return PackagedReport(key, True, _from_json(hit))
    data = _to_json(validate_store(load_packaged()))
    if use_cache:
        _write_cache(cache, key, "packaged graph", data)
    return PackagedReport(key, False, _from_json(data))


def validate_unit(unit: ArticleUnit) -> ValidationReport:
    """Validate one unit with the packaged ontology: SHACL shapes, then the QC queries."""
    from painkg.resources import ontology_files
    from painkg.store import OxigraphStore, open_store
    from painkg.store.load import ONTOLOGY_GRAPH, graph_for_file, load_files
    from painkg.validation.qc import qc_results
    from painkg.validation.validate import data_graph, validate_graph

    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    load_files(store, [(p, ONTOLOGY_GRAPH) for p in ontology_files()])
    load_files(store, [(p, graph_for_file(p)) for p in unit.files])
    # Packaged shapes parsed once per process; SPARQL constraints query this very store.
    report = validate_graph(data_graph(store.union_ntriples()), engine=store.inner)  # a
    # memory store: its default graph holds the union once union_ntriples() has synced it
    report.extend(qc_results(store))
    return report


def _n3(term: Any) -> str | None:
    return None if term is None else term.n3()


def _to_json(report: ValidationReport) -> dict[str, Any]:
    fields = ("focus", "path", "value", "shape", "constraint", "source_constraint")
    results = [{**{f: _n3(getattr(r, f)) for f in fields}, "message": r.message,
                "severity": r.severity, "focus_label": r.focus_label, "source": r.source}
               for r in report.results]
    paths = sorted([t.n3() for t in triple] for triple in (report.path_graph or ()))
    return {"results": results, "path_graph": paths}


def _from_json(data: dict[str, Any]) -> ValidationReport:
    from rdflib import Graph, URIRef
    from rdflib.util import from_n3

    from painkg.validation.report import ValidationReport, ValidationResult

    def term(text: str | None) -> Any:
        # Most terms are IRIs, which URIRef.n3() writes as <iri> unescaped: reading them
        # back directly is exact and, over a 1,000-article cache, ~0.3 s cheaper than from_n3.
        if text is None:
            return None
        if text.startswith("<") and text.endswith(">"):
            return URIRef(text[1:-1])
        return from_n3(text)

    results = [ValidationResult(
        focus=term(r["focus"]), message=r["message"], severity=r["severity"],
        focus_label=r["focus_label"], path=term(r["path"]), value=term(r["value"]),
        source=r["source"], shape=term(r["shape"]), constraint=term(r["constraint"]),
        source_constraint=term(r.get("source_constraint")))
        for r in data["results"]]
    path_graph = Graph()
    for s, p, o in data["path_graph"]:
        path_graph.add((term(s), term(p), term(o)))
    return ValidationReport(results, path_graph=path_graph)


def _check(files: tuple[str, ...]) -> dict[str, Any]:
    """Worker entry point: plain data in and out, so it crosses process boundaries."""
    unit = ArticleUnit(Path(files[0]).name.split(".", 1)[0], tuple(Path(f) for f in files))
    return _to_json(validate_unit(unit))


def _warm() -> None:
    """Import what every check needs once per worker, before its first task."""
    import pyoxigraph  # noqa: F401
    import pyshacl  # noqa: F401

    from painkg.validation.validate import packaged_shapes

    packaged_shapes()


def _cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / "validate" / key[:2] / f"{key}.json"


def _read_cache(cache_dir: Path, key: str) -> dict[str, Any] | None:
    try:
        data = json.loads(_cache_path(cache_dir, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # absent or damaged: validate again
    return data if isinstance(data, dict) and data.get("key") == key else None


def _write_cache(cache_dir: Path, key: str, name: str, data: dict[str, Any]) -> None:
    from painkg.atomic import write_text_atomic

    entry = {"key": key, "name": name, **data}
    try:
        write_text_atomic(_cache_path(cache_dir, key),
                          json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n")
    except OSError:
        pass  # a read-only cache only costs time, never a result


def validate_articles(
    paths: Sequence[str | Path], cache_dir: str | Path | None = None, *,
    use_cache: bool = True, workers: int | None = None, progress: Progress | None = None,
) -> list[ArticleReport]:
    """Validate each article unit found in ``paths`` separately; one report per unit, sorted.

    Units whose key is in the cache are not validated again (``cached=True``). The others run
    in up to ``workers`` processes (default: one per core, but no more than one per
    ``_UNITS_PER_WORKER`` units, so a few units run in this process). ``progress(n)`` is
    called as units finish. Unreadable or malformed files raise InputError naming the file
    and line; units finished before that stay cached.
    """
    from painkg.errors import InputError

    units = article_units(paths)
    if not units:
        raise InputError("holds no RDF files (.ttl, .nt, .nq, .trig)",
                         path=", ".join(str(p) for p in paths))
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    keys = {u.name: unit_key(u) for u in units}
    done: dict[str, ArticleReport] = {}
    todo: list[ArticleUnit] = []
    for unit in units:
        hit = _read_cache(cache, keys[unit.name]) if use_cache else None
        if hit is None:
            todo.append(unit)
            continue
        done[unit.name] = ArticleReport(unit.name, unit.files, keys[unit.name], True,
                                        _from_json(hit))
        if progress is not None:
            progress(1)

    def finish(unit: ArticleUnit, data: dict[str, Any]) -> None:
        if use_cache:
            _write_cache(cache, keys[unit.name], unit.name, data)
        done[unit.name] = ArticleReport(unit.name, unit.files, keys[unit.name], False,
                                        _from_json(data))
        if progress is not None:
            progress(1)

    cores = os.cpu_count() or 1
    jobs = min(workers or min(cores, len(todo) // _UNITS_PER_WORKER), len(todo))
    if jobs <= 1:
        for unit in todo:
            finish(unit, _check(tuple(str(p) for p in unit.files)))
    else:
        _run_pool(todo, jobs, finish)
    return [done[u.name] for u in units]


def _run_pool(todo: list[ArticleUnit], jobs: int,
              finish: Callable[[ArticleUnit, dict[str, Any]], None]) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # forkserver: workers start from a clean, thread-free process, not a fork of a caller
    # that may hold open stores or native threads.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["painkg.validation.wiki"])
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=_warm) as pool:
        futures = {pool.submit(_check, tuple(str(p) for p in u.files)): u for u in todo}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: futures[f].name):
                if future.exception() is not None:
                    for other in pending:
                        other.cancel()
                    raise future.exception()  # type: ignore[misc]
                finish(futures[future], future.result())
