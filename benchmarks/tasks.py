"""One benchmark task per process: ``python benchmarks/tasks.py TASK WORKDIR REPS``.

Each task times one piece of work (painkg's, or a baseline engine's) on the synthetic wiki in
WORKDIR and prints one JSON object on stdout: ``{"times": [seconds, ...], "info": {...}}``.
A fresh process per task keeps measurements apart and lets the runner read each task's peak
memory (its rusage) and stop a baseline that runs too long. Set-up work a task needs (opening
a store, parsing a graph) is done before the clock starts and is not in ``times``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["TASKS", "HUB_BINDINGS", "data_files", "research_queries"]

#: A first query after a load: it pays for what the load left to do (the union default
#: graph painkg materialises in a memory store, pyoxigraph's union view).
FIRST_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _timed(fn: Callable[[], Any], reps: int) -> tuple[list[float], Any]:
    times, value = [], None
    for _ in range(max(1, reps)):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return times, value


def data_files(work: Path) -> list[tuple[Path, str]]:
    """The packaged ontology + shipped article, and every synthetic article's two layers,
    each with the named graph painkg gives it."""
    from painkg.store.load import graph_for_file, packaged_files

    files = list(packaged_files())
    for folder in ("doc", "curated"):
        for path in sorted(p for p in (work / folder).glob("*") if p.suffix in (".ttl", ".trig")):
            files.append((path, graph_for_file(path)))
    return files


def _memory_store(work: Path) -> Any:
    from painkg.store import open_store
    from painkg.store.load import load_files

    store = open_store("memory")
    load_files(store, data_files(work))
    return store


def _oxigraph_store(work: Path) -> Any:
    from painkg.store import open_store

    return open_store(f"oxigraph:{work / 'store'}")


def _store(work: Path, kind: str) -> Any:
    return _memory_store(work) if kind == "memory" else _oxigraph_store(work)


def hub_bindings() -> dict[str, str]:
    """Each research-query parameter bound to an entity that grows with the wiki: the
    generator's hub problem (targeted by one article in five) and hub construct."""
    import synthwiki

    return {"problem": synthwiki.HUB_PROBLEM, "entity": synthwiki.HUB_PROBLEM,
            "construct": synthwiki.HUB_CONSTRUCT}


HUB_BINDINGS = ("problem", "entity", "construct")


def research_queries(store: Any, hub: bool = False) -> dict[str, str]:
    """Each research query's text with its default parameters bound, by name; with ``hub``,
    only the queries that take a parameter, bound to the hub entities instead."""
    from painkg.query.catalog import list_queries
    from painkg.query.params import prepare_query
    from painkg.traversal.names import name_resolver

    resolver = name_resolver(store)
    if not hub:
        return {q.name: prepare_query(q, {}, resolver) for q in list_queries("research")}
    values = hub_bindings()
    out = {}
    for query in list_queries("research"):
        names = [p.name for p in query.parameters if p.name in values]
        if names:
            out[query.name] = prepare_query(query, {n: values[n] for n in names}, resolver)
    return out


# --- painkg ------------------------------------------------------------------------------


def ingest(work: Path, reps: int) -> dict[str, Any]:
    """``painkg ingest WORKDIR/articles -o WORKDIR/doc``: read the wiki, mint shared sources,
    write one TriG per article (painkg.ingest.wiki.read_wiki + write_wiki). The first run writes
    every file; later runs find them unchanged."""
    from painkg.ingest.wiki import read_wiki, write_wiki

    out = work / "doc"
    out.mkdir(exist_ok=True)

    def run() -> tuple[int, int]:
        report = write_wiki(read_wiki([work / "articles"]), out)
        return len(report.written), len(report.unchanged)

    times, (written, unchanged) = _timed(run, reps)
    return {"times": times, "info": {"written": written, "unchanged": unchanged,
                                     "api": "painkg.ingest.wiki.read_wiki + write_wiki"}}


def load_memory(work: Path, reps: int) -> dict[str, Any]:
    """Fill a memory store from every file (painkg.store.load.load_files), timed through the
    first query (which materialises the union default graph)."""
    from painkg.store import open_store
    from painkg.store.load import load_files

    files = data_files(work)
    # Only the last run's store is kept (for its triple count): each run drops the one before
    # it first, as the pyoxigraph baseline does. Keeping every run's store made the task's
    # peak memory the sum of three stores (1,305 MiB at 1,000 articles; one store: ~520 MiB).
    last: list[Any] = []

    def run() -> int:
        last.clear()
        store = open_store("memory")
        load_files(store, files)
        store.select(FIRST_QUERY)
        last.append(store)
        return len(store.inner)

    times, quads = _timed(run, reps)
    return {"times": times, "info": {"quads": quads, "triples": len(last[-1]),
                                     "files": len(files)}}


def load_oxigraph(work: Path, reps: int) -> dict[str, Any]:
    """Build the on-disk store WORKDIR/store (painkg.store.load.build_store, i.e. ``painkg
    load``), timed through opening it and its first query."""
    from painkg.store import open_store
    from painkg.store.load import build_store

    files = data_files(work)

    def run() -> Any:
        report = build_store(work / "store", files)
        open_store(f"oxigraph:{work / 'store'}").select(FIRST_QUERY)
        return report

    times, report = _timed(run, reps)
    return {"times": times, "info": {"quads": report.quads, "triples": report.triples}}


def query_one(work: Path, reps: int) -> dict[str, Any]:
    """One research query ($BENCH_QUERY) on $BENCH_STORE (memory or oxigraph), median of REPS
    runs; its default parameters, or with BENCH_BINDING=hub the hub entities. Run as
    ``painkg query run NAME -f tsv --limit 0`` runs it, minus the CLI's start-up: prepared,
    screened, answered in the forked query worker and written as TSV
    (painkg.query.run.answer_user_query)."""
    from painkg.query.catalog import list_queries
    from painkg.query.run import answer_user_query
    from painkg.traversal.names import name_resolver

    name, kind = os.environ["BENCH_QUERY"], os.environ.get("BENCH_STORE", "memory")
    store = _store(work, kind)
    if kind == "memory":
        store.sync_union()  # materialising the union is part of loading, not of the query
    query = next(q for q in list_queries("research") if q.name == name)
    values: dict[str, str] = {}
    if os.environ.get("BENCH_BINDING") == "hub":
        hub = hub_bindings()
        values = {p.name: hub[p.name] for p in query.parameters if p.name in hub}
    resolver = name_resolver(store)

    def run() -> int:
        answer = answer_user_query(store, query, values, resolver, timeout=3600, limit=0)
        answer.render("tsv")
        return len(answer.rows)

    times, rows = _timed(run, reps)
    return {"times": times, "info": {"rows": rows,
                                     "api": "painkg.query.run.answer_user_query + render tsv"}}


def ask_warm(work: Path, reps: int) -> dict[str, Any]:
    """``ask interventions`` in-process on the open oxigraph: store (store already open)."""
    from painkg.traversal.walks import ask_interventions

    store = _oxigraph_store(work)
    out: dict[str, Any] = {}
    for problem in ("kinesiophobia", "Synthetic Problem 001"):
        times, (_, routes) = _timed(lambda p=problem: ask_interventions(store, p), reps)
        out[problem] = {"median": statistics.median(times), "routes": len(routes)}
    return {"times": [out["Synthetic Problem 001"]["median"]], "info": out}


class _Recorder:
    """A pyoxigraph Store that records the SPARQL texts it is asked (and answers them)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.texts = inner, []

    def query(self, text: str, *args: Any, **kwargs: Any) -> Any:
        self.texts.append(text)
        return self.inner.query(text, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def __len__(self) -> int:
        return len(self.inner)


def capture_queries(work: Path, reps: int) -> dict[str, Any]:
    """The SPARQL texts painkg sends for the cold commands run.py compares with a plain
    pyoxigraph script: ``query run glossary`` and ``ask interventions --problem
    kinesiophobia`` on the oxigraph: store. Written to WORKDIR/queries-<command>.json."""
    from painkg.traversal.walks import ask_interventions

    store = _oxigraph_store(work)
    written = {}
    glossary = research_queries(store)["glossary"]
    recorder = _Recorder(store.inner)
    store.inner = recorder
    ask_interventions(store, "kinesiophobia")
    for command, texts in (("glossary", [glossary]), ("ask", recorder.texts)):
        path = work / f"queries-{command}.json"
        path.write_text(json.dumps(texts), encoding="utf-8")
        written[command] = {"path": str(path), "queries": len(texts)}
    return {"times": [], "info": written}


def export(work: Path, reps: int) -> dict[str, Any]:
    """``painkg export interventions -f graphml`` and ``export full -f graphml`` in-process."""
    from painkg.views.export import export_view

    store = _oxigraph_store(work)
    info = {}
    for view in ("full", "interventions"):
        times, data = _timed(lambda v=view: export_view(store, v, "graphml"), reps)
        info[view] = {"median": statistics.median(times), "bytes": len(data)}
    return {"times": [info["full"]["median"]], "info": info}


def dump(work: Path, reps: int) -> dict[str, Any]:
    """``painkg dump -f turtle`` in-process (the library builds every format for checksums)."""
    from painkg.publish.dump import dump as painkg_dump

    store = _oxigraph_store(work)
    times, data = _timed(lambda: painkg_dump(store, "turtle"), reps)
    return {"times": times, "info": {"bytes": len(data)}}


def _units(work: Path) -> list[Path]:
    return [work / "doc", work / "curated"]


def validate_full(work: Path, reps: int) -> dict[str, Any]:
    """``painkg wiki validate`` of every article with an empty cache (per article, parallel,
    one process per core): painkg.validation.wiki.validate_articles."""
    import shutil

    from painkg.validation.wiki import validate_articles

    cache = work / "validate-cache"

    def run() -> list[Any]:
        shutil.rmtree(cache, ignore_errors=True)
        return validate_articles(_units(work), cache)

    times, reports = _timed(run, reps)
    return {"times": times, "info": _report_info(reports)}


def validate_incremental(work: Path, reps: int) -> dict[str, Any]:
    """After one article changed (run.py edits and re-ingests it): the same call, with the
    cache the full run left, so only that article is validated again. Fails (exit 1) unless
    exactly the changed article, $BENCH_CHANGED, was validated again."""
    from painkg.validation.wiki import validate_articles

    times, reports = _timed(lambda: validate_articles(_units(work), work / "validate-cache"),
                            1)
    again = sorted(r.name for r in reports if not r.cached)
    changed = os.environ.get("BENCH_CHANGED", "")
    if again != [changed]:
        raise SystemExit(f"expected exactly {changed!r} to be validated again, not {again}")
    return {"times": times, "info": {**_report_info(reports), "revalidated": again}}


def _report_info(reports: list[Any]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for item in reports:
        for severity, n in item.report.counts().items():
            counts[severity] = counts.get(severity, 0) + n
    return {"units": len(reports), "validated": sum(not r.cached for r in reports),
            "results": counts, "api": "painkg.validation.wiki.validate_articles"}


def validate_whole(work: Path, reps: int) -> dict[str, Any]:
    """``painkg --store oxigraph:… validate``: the whole graph at once (SHACL + QC)."""
    from painkg.validation.validate import validate_store

    store = _oxigraph_store(work)
    times, report = _timed(lambda: validate_store(store), reps)
    return {"times": times, "info": {"results": report.counts()}}


# --- baselines ---------------------------------------------------------------------------


def _union_ntriples(work: Path) -> bytes:
    return _oxigraph_store(work).union_ntriples()


def _rdflib_graph(work: Path) -> Any:
    """A plain in-memory rdflib Graph of the union (parsed by rdflib from N-Triples)."""
    from rdflib import Graph

    return Graph().parse(data=_union_ntriples(work), format="nt")


def rdflib_parse(work: Path, reps: int) -> dict[str, Any]:
    """rdflib's Turtle parser over the same files, into one Dataset."""
    from rdflib import Dataset, URIRef

    files = data_files(work)

    def run() -> int:
        ds = Dataset()
        for path, graph in files:
            if path.suffix == ".trig":
                ds.parse(path, format="trig")
            else:
                ds.graph(URIRef(graph)).parse(path, format="turtle")
        return len(ds)

    times, _ = _timed(run, reps)
    return {"times": times, "info": {}}


def rdflib_queries(work: Path, reps: int) -> dict[str, Any]:
    """rdflib's own SPARQL evaluator on a plain Graph; each query stopped at $BENCH_QUERY_BUDGET
    seconds (rdflib's evaluator is Python code, so an alarm interrupts it)."""
    import signal

    texts = research_queries(_oxigraph_store(work))
    graph = _rdflib_graph(work)
    budget = int(os.environ.get("BENCH_QUERY_BUDGET", "300"))
    skip = set(filter(None, os.environ.get("BENCH_SKIP_QUERIES", "").split(",")))

    class Stop(Exception):
        pass

    def alarm(_signum: int, _frame: Any) -> None:
        raise Stop

    signal.signal(signal.SIGALRM, alarm)
    medians: dict[str, float | None] = {}
    for name, text in texts.items():
        if name in skip:
            medians[name] = None
            continue
        times = []
        try:
            for _ in range(max(1, reps)):
                signal.alarm(budget)
                start = time.perf_counter()
                list(graph.query(text))
                times.append(time.perf_counter() - start)
                signal.alarm(0)
                if times[-1] > 1.0:  # one run says enough about a slow evaluator
                    break
            medians[name] = statistics.median(times)
        except Stop:
            medians[name] = None
        finally:
            signal.alarm(0)
        print(json.dumps({"progress": name, "seconds": medians[name]}), file=sys.stderr,
              flush=True)
    return {"times": [], "info": {"median": medians, "budget": budget}}


def rdflib_serialize(work: Path, reps: int) -> dict[str, Any]:
    """rdflib's Turtle serialiser writing the union graph."""
    graph = _rdflib_graph(work)
    times, data = _timed(lambda: graph.serialize(format="turtle", encoding="utf-8"), reps)
    return {"times": times, "info": {"bytes": len(data)}}


def pyshacl_whole(work: Path, reps: int) -> dict[str, Any]:
    """pyshacl on the whole graph (plain rdflib Graph, inference off), as ENGINES.md measures."""
    import pyshacl
    from rdflib import Graph

    from painkg.resources import shapes_file
    from painkg.validation.validate import data_graph

    data = data_graph(_union_ntriples(work))
    shapes = Graph().parse(shapes_file(), format="turtle")
    # inplace=True: pyshacl's fastest setting (no copy of the data graph), as painkg calls it
    times, result = _timed(lambda: pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                                   allow_warnings=True, allow_infos=True,
                                                   inplace=True), reps)
    return {"times": times, "info": {"conforms": bool(result[0])}}


def _ox_format(path: Path, graph: str) -> dict[str, Any]:
    import pyoxigraph as ox

    if path.suffix == ".trig":
        return {"format": ox.RdfFormat.TRIG}
    return {"format": ox.RdfFormat.TURTLE, "to_graph": ox.NamedNode(graph)}


def _time_fresh_store(target: Path, load: Callable[[Any], None], reps: int) -> dict[str, Any]:
    """Time ``load`` into a fresh on-disk pyoxigraph store at ``target`` (flushed, counted)."""
    import shutil

    import pyoxigraph as ox

    def run() -> int:
        shutil.rmtree(target, ignore_errors=True)
        store = ox.Store(str(target))
        load(store)
        store.flush()
        n = len(store)
        del store
        return n

    times, quads = _timed(run, reps)
    shutil.rmtree(target, ignore_errors=True)
    return {"times": times, "info": {"quads": quads}}


def ox_bulk_load(work: Path, reps: int) -> dict[str, Any]:
    """pyoxigraph's own bulk loader, the same files into a fresh on-disk store."""
    files = data_files(work)

    def load(store: Any) -> None:
        for path, graph in files:
            store.bulk_load(path=str(path), **_ox_format(path, graph))

    return _time_fresh_store(work / "ox-baseline-store", load, reps)


def _named_nquads(work: Path) -> bytes:
    """The store's named-graph quads as N-Quads (the data, without painkg's union copy)."""
    return b"".join(sorted(f"{q} .\n".encode() for q in _oxigraph_store(work).named_quads()))


def ox_bulk_load_one(work: Path, reps: int) -> dict[str, Any]:
    """pyoxigraph's own bulk loader at its best: the same quads as ONE N-Quads file (written
    from the oxigraph: store before the clock starts) into a fresh on-disk store."""
    import pyoxigraph as ox

    source = work / "wiki.nq"
    source.write_bytes(_named_nquads(work))

    def load(store: Any) -> None:
        store.bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS)

    result = _time_fresh_store(work / "ox-baseline-store", load, reps)
    source.unlink()
    return result


def ox_bulk_load_union(work: Path, reps: int) -> dict[str, Any]:
    """What painkg stores, loaded by pyoxigraph at its best: the same quads plus their union
    in the default graph, as ONE N-Quads file, bulk-loaded and compacted (``optimize``), timed
    through the first query as painkg's load is."""
    import pyoxigraph as ox

    source = work / "wiki-union.nq"
    source.write_bytes(_oxigraph_store(work).inner.dump(format=ox.RdfFormat.N_QUADS))

    def load(store: Any) -> None:
        store.bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS)
        store.optimize()
        list(store.query(FIRST_QUERY))

    result = _time_fresh_store(work / "ox-baseline-store", load, reps)
    source.unlink()
    return result


def ox_memory_load(work: Path, reps: int) -> dict[str, Any]:
    """pyoxigraph's own loader, the same files into an in-memory store, timed through the
    first query over the union of the named graphs (pyoxigraph's union view)."""
    import pyoxigraph as ox

    files = data_files(work)

    def run() -> int:
        store = ox.Store()
        for path, graph in files:
            store.load(path=str(path), **_ox_format(path, graph))
        list(store.query(FIRST_QUERY, use_default_graph_as_union=True))
        return len(store)

    times, quads = _timed(run, reps)
    return {"times": times, "info": {"quads": quads}}


def ox_dump(work: Path, reps: int) -> dict[str, Any]:
    """pyoxigraph's native ``Store.dump`` of the same on-disk store in the same format as
    ``painkg dump -f turtle``: its default graph (the union painkg materialises) as Turtle."""
    import pyoxigraph as ox

    store = _oxigraph_store(work).inner
    times, data = _timed(lambda: store.dump(format=ox.RdfFormat.TURTLE,
                                            from_graph=ox.DefaultGraph()), reps)
    return {"times": times, "info": {"bytes": len(data)}}


def virtuoso_load(work: Path, reps: int) -> dict[str, Any]:
    """Virtuoso's bulk loader (``ld_dir`` + ``rdf_loader_run`` + ``checkpoint``) reading
    ``painkg dump -f trig`` of the on-disk store, on a scratch database on 127.0.0.1
    (tests/support/virtuoso.py); the dump and the server's start are not timed. Exit 2 when
    Virtuoso is not installed."""
    import shutil
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from painkg.publish.dump import dump as painkg_dump
    from support.virtuoso import VirtuosoServer, VirtuosoUnavailable, find_binaries

    try:
        binaries = find_binaries()
    except VirtuosoUnavailable as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(2) from None
    source = work / "painkg.trig"
    source.write_bytes(painkg_dump(_oxigraph_store(work), "trig"))
    times = []
    for _ in range(max(1, reps)):
        folder = Path(tempfile.mkdtemp(prefix="virtuoso-", dir=work))
        try:
            with VirtuosoServer.start(folder / "db", binaries=binaries) as server:
                times.append(server.bulk_load(source))
                started = server.startup_seconds
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return {"times": times, "info": {"bytes": source.stat().st_size, "startup": started}}


def ox_serialize(work: Path, reps: int) -> dict[str, Any]:
    """pyoxigraph's own serialisation of the dump's content from the same on-disk store: its
    named-graph quads, read graph by graph and written as TriG by pyoxigraph."""
    import pyoxigraph as ox

    store = _oxigraph_store(work).inner

    def run() -> bytes:
        quads = (q for g in store.named_graphs()
                 for q in store.quads_for_pattern(None, None, None, g))
        return ox.serialize(quads, format=ox.RdfFormat.TRIG) or b""

    times, data = _timed(run, reps)
    return {"times": times, "info": {"bytes": len(data)}}


def ox_serialize_memory(work: Path, reps: int) -> dict[str, Any]:
    """The same quads serialised by pyoxigraph from a plain in-memory store (no disk reads):
    a lower bound, not the goal's baseline."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(_named_nquads(work), format=ox.RdfFormat.N_QUADS)
    times, data = _timed(lambda: store.dump(format=ox.RdfFormat.TRIG), reps)
    return {"times": times, "info": {"bytes": len(data)}}


TASKS: dict[str, Callable[[Path, int], dict[str, Any]]] = {
    "ingest": ingest, "load-memory": load_memory, "load-oxigraph": load_oxigraph,
    "query-one": query_one, "ask-warm": ask_warm, "export": export, "dump": dump,
    "validate-full": validate_full, "validate-incremental": validate_incremental,
    "validate-whole": validate_whole, "rdflib-parse": rdflib_parse,
    "rdflib-queries": rdflib_queries, "rdflib-serialize": rdflib_serialize,
    "pyshacl": pyshacl_whole, "ox-bulk-load": ox_bulk_load,
    "ox-bulk-load-one": ox_bulk_load_one, "ox-bulk-load-union": ox_bulk_load_union,
    "ox-memory-load": ox_memory_load,
    "ox-serialize": ox_serialize, "ox-serialize-memory": ox_serialize_memory,
    "ox-dump": ox_dump, "virtuoso-load": virtuoso_load,
    "capture-queries": capture_queries,
}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    task, workdir, repetitions = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    result = TASKS[task](workdir, repetitions)
    print(json.dumps(result))
